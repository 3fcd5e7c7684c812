"""Every person, not only women (issue 9, item 5): the words about the person are neutral ("the person",
"they", "their"), so a boy in a brick kiln reads no feminine pronoun about himself, in any of the three
languages. The boy is made through the services, his pages and API answers are read as a supervisor (who
sees every class), in English, Bengali and Hindi.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import sign_in
from sathi.accounts.services import api_token_issue
from sathi.care import services as care
from sathi.care.placements import placement_start
from sathi.people.tests.factories import register
from sathi.places.models import Place
from sathi.places.services import place_add
from sathi.relations import services as relations
from sathi.screening import services as screening
from sathi.violations import involvements
from sathi.violations import services as violations

# English: the pronouns as whole words, in any case.
ENGLISH = re.compile(r"\b(she|her|hers|herself)\b", re.IGNORECASE)
# Bengali pronouns (সে, তিনি, তাঁর, তাঁকে) carry no gender; these words name a woman or a girl: "the girl",
# "woman", "minor girl", "girls/women". (মেয়ে alone is left out: it also means "daughter", and the vocabulary
# of community factors speaks of adolescent girls in general, which the relations form lists.)
BENGALI = ("মেয়েটি", "মেয়েটির", "মহিলা", "নারী", "নাবালিকা", "মেয়েরা")
# Hindi verbs and adjectives agree with the person: the feminine plural forms of respect are what a page
# would say of her ("वे ... चाहती हैं", "आईं", "लौटीं", "चली गईं"), and the nouns for a girl or a woman.
# Singular feminine forms (गई, थी, की) are left out: they agree with feminine nouns (सहमति, तारीख, हिंसा);
# so are bare "गईं" and "की हैं", which also follow plural feminine nouns ("धाराएँ लगाई गईं", "बाकी हैं").
HINDI = (
    "लड़की",
    "महिला",
    "औरत",
    "चाहती",
    "करती हैं",
    "रहती हैं",
    "बोलती हैं",
    "बताती हैं",
    "सकती हैं",
    "आईं",
    "चली गईं",
    "लौट गईं",
    "लौटीं",
    "हुईं",
    "थीं",
    "चुकी हैं",
    "रही हैं",
)


# The gender choices on the edit form name women ("Woman", "Trans woman") as one answer among others.
GENDER_CHOICES = re.compile(r'<option value="(woman|trans_woman)"[^>]*>[^<]*</option>')


def _feminine(body: str, language: str) -> list[str]:
    body = GENDER_CHOICES.sub("", body)
    if language == "en":
        return sorted({m.group(0) for m in ENGLISH.finditer(body)})
    return [word for word in (BENGALI if language == "bn" else HINDI) if word in body]


@pytest.fixture(autouse=True)
def _back_to_english():
    """A request in another language leaves it active in this thread: the next test starts in English."""
    yield
    translation.activate("en")


@pytest.fixture
def boy_record(personas):
    """A boy of 14 from a brick kiln, with a screening, a case, relations and an incident."""
    worker, today = personas.caseworker, timezone.localdate()
    boy = register(worker, names=["Kiln Boy"], phone="", stated_age=14, gender="man")
    area = Place.objects.create(kind="red_light_area", name="Kiln belt")
    found = screening.screening_record(
        actor=worker,
        person_id=boy.pk,
        acts=["recruitment", "transportation"],
        means=["deception"],
        control_since=["takes_earnings", "restricts_movement"],
        purposes=["forced_labour"],
        labour_sector="brick_kilns",
        came_without_force=False,
        period_from=date(2025, 1, 1),
        period_to=date(2025, 10, 31),
        site_id=area.pk,
    )
    decision = screening.decision_record(
        actor=worker, screening_id=found.pk, classification="trafficked_child", counselling_sessions=1
    )
    case = decision.case  # the board's decision opens his case
    care.goal_record(actor=worker, case_id=case.pk, text="Go back to school")
    care.pathway_record(actor=worker, case_id=case.pk, pathway="leave", words="I want to go to school")
    placement_start(
        actor=worker,
        case_id=case.pk,
        kind="ngo_home",
        legal_basis="cwc_order",
        entry_date=today - timedelta(days=40),
        order_date=today - timedelta(days=41),
        wish_at_entry="leave",
    )
    uncle = relations.relation_add(
        actor=worker, person_id=boy.pk, domain="natal", kind="paternal_uncle", name="K", entry_role="sold_her"
    )
    relations.relation_add(
        actor=worker, person_id=boy.pk, domain="natal", kind="mother", name="M", entry_role="protected_her"
    )
    relations.site_history_add(
        actor=worker, person_id=boy.pk, site_type="other", controls_earnings=True, from_year=2025
    )
    relations.life_event_add(
        actor=worker,
        person_id=boy.pk,
        kind="migration",
        year=2025,
        relation_ids=[uncle.pk],
        factors=["poverty"],
    )
    check = relations.safety_check_record(
        actor=worker,
        person_id=boy.pk,
        household="natal",
        attitude="rejecting",
        stigma="high",
        her_wish="not_return",
    )
    state = place_add(actor=worker, kind="state", name="Kiln state")
    district = place_add(actor=worker, kind="district", name="Kiln district", parent_id=state.pk)
    raid = violations.incident_record(
        actor=worker,
        incident_type="raid",
        start_date=today - timedelta(days=5),
        place_id=district.pk,
        verification="confirmed",
    )
    affected = involvements.affected_add(
        actor=worker, incident_id=raid.pk, person_id=boy.pk, acts=["picked_up"], own_decision="no"
    )
    involvements.outcome_record(
        actor=worker,
        affected_id=affected.pk,
        kind="shelter",
        on=today - timedelta(days=4),
        against_her_wish=True,
    )
    return {"boy": boy, "case": case, "screening": found, "check": check, "incident": raid}


def _pages(r) -> list[str]:
    boy, case = r["boy"].pk, r["case"].pk
    return [
        reverse("people:detail", args=[boy]),
        reverse("people:edit", args=[boy]),
        reverse("people:age", args=[boy]),
        reverse("people:consent", args=[boy]),
        reverse("screening:screen", args=[boy]),
        reverse("screening:screening", args=[r["screening"].pk]),
        reverse("care:case", args=[case]),
        reverse("care:goal-add", args=[case]),
        reverse("care:pathway-add", args=[case]),
        reverse("care:need-add", args=[case]),
        reverse("care:placement-add", args=[case]),
        reverse("care:case-close", args=[case]),
        reverse("care:referral-add", args=[case]),
        reverse("relations:person", args=[boy]),
        reverse("relations:relation-add", args=[boy]),
        reverse("relations:event-add", args=[boy]),
        reverse("relations:site-add", args=[boy]),
        reverse("relations:check-add", args=[boy]),
        reverse("relations:check", args=[boy, r["check"].pk]),
        reverse("violations:incident", args=[r["incident"].pk]),
    ]


def _answers(r) -> list[str]:
    boy, case = r["boy"].pk, r["case"].pk
    return [
        f"/api/v1/people/{boy}",
        f"/api/v1/people/{boy}/consents",
        f"/api/v1/screenings/{r['screening'].pk}",
        f"/api/v1/cases/{case}",
        f"/api/v1/people/{boy}/relations",
        f"/api/v1/incidents/{r['incident'].pk}",
    ]


@pytest.mark.parametrize("language", ["en", "bn", "hi"])
def test_a_boys_pages_contain_no_feminine_pronoun(personas, boy_record, language):
    supervisor = personas.supervisor
    client = Client()
    sign_in(client, supervisor)
    client.cookies["django_language"] = language
    found = {}
    for url in _pages(boy_record):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200, url
        assert f'<html lang="{language}"' in page.content.decode(), url  # read in that language
        words = _feminine(page.content.decode(), language)
        if words:
            found[url] = words
    token = api_token_issue(membership=supervisor)
    for url in _answers(boy_record):
        answer = Client().get(url, headers={"Authorization": f"Bearer {token}", "Accept-Language": language})
        assert answer.status_code == 200, url
        words = _feminine(answer.content.decode(), language)
        if words:
            found[url] = words
    assert found == {}


def test_the_feminine_word_lists_catch_what_they_are_for(settings):
    """The check is not a stub: the old words are caught in each language."""
    assert _feminine("<p>Since 2025 she wants to leave.</p><p>Her record</p>", "en") == ["Her", "she"]
    assert _feminine("নতুন আসা মেয়েরা", "bn") == ["মেয়েরা"]
    assert _feminine("वे जाना चाहती हैं", "hi") == ["चाहती"]
    assert _feminine("The person's record", "en") == []
