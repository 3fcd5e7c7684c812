"""Her latest stated wish, in her words and with its date, beside every decision about her: one partial."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import formats, translation

from sathi.care import services as care
from sathi.people.tests.factories import register
from sathi.places.models import Place
from sathi.relations import services as relations
from sathi.screening import services as screening

WORDS = "I want to live on my own in the city, not go back to the village."


def test_her_latest_stated_wish_is_beside_every_decision_about_her(personas, signed_in):
    worker = personas.supervisor
    person = register(worker, names=["Rahima"], phone="", stated_age=22)
    case = care.case_open(actor=worker, person_id=person.pk, origin="self_referral", needs=["housing"])
    care.pathway_record(actor=worker, case_id=case.pk, pathway="return_family", stated_on=date(2026, 3, 1))
    care.pathway_record(
        actor=worker, case_id=case.pk, pathway="resettle", stated_on=date(2026, 6, 2), words=WORDS
    )
    board = screening.board_create(
        actor=worker, area_id=Place.objects.create(kind="red_light_area", name="Para").pk, name="B", quorum=1
    )
    found = screening.screening_record(
        actor=worker,
        person_id=person.pk,
        acts=["recruitment"],
        means=["deception"],
        purposes=["forced_labour"],
    )
    check = relations.safety_check_record(
        actor=worker,
        person_id=person.pk,
        household="natal",
        attitude="accepting",
        stigma="low",
        her_wish="return",
    )
    forms = {
        "board decision": reverse("screening:screening", args=[found.pk]),
        "screening": reverse("screening:screen", args=[person.pk]),
        "placement": reverse("care:placement-add", args=[case.pk]),
        "safety-check decision": reverse("relations:check", args=[person.pk, check.pk]),
        "referral": reverse("care:referral-add", args=[case.pk]),
        "case closure": reverse("care:case-close", args=[case.pk]),
    }
    assert board
    client = signed_in(worker)
    with translation.override("en"):
        stated = formats.date_format(date(2026, 6, 2), "SHORT_DATE_FORMAT")
        for name, url in forms.items():
            page = client.get(url)
            assert page.status_code == 200, name
            html = page.content.decode()
            assert html.count('class="wish"') == 1, name
            assert WORDS in html and stated in html, name
