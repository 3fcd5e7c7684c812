"""Her own record (issue 13, item 1), each rule named."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from conftest import sign_in
from sathi.audit.models import AuditEvent
from sathi.care import services as care
from sathi.people import policy
from sathi.people import services as people
from sathi.people.models import Person
from sathi.people.policy import FieldClass, Verb
from sathi.rights import pdf
from sathi.rights.summary import own_record
from sathi.rights.tests.world import full_record
from sathi.tests.class_canary import CANARY

# Words with conjuncts: ক্ষ (ক + ্ + ষ), ন্ত, স্ত্র; and in Devanagari क्ष, त्र, स्थ and a pre-base vowel sign.
BENGALI_GOAL = "শিক্ষা শেষ করে নিজের দোকান, নিজের রক্ষা"
BENGALI_WORDS = "অন্তর থেকে বলছি: স্ত্রী হিসেবে নয়, নিজের জন্য বাঁচতে চাই"
HINDI_GOAL = "संस्था की शिक्षा, क्षत्रिय नहीं, हिन्दी सीखना"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(data: bytes) -> str:
    return _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def her(personas):
    record, _document, _referral = full_record(personas)
    person = people.person_update(
        actor=personas.caseworker,
        person_id=record.person.pk,
        version=Person.objects.get(pk=record.person.pk).version,
        languages=["bn", "hi"],
    )
    care.goal_record(actor=personas.caseworker, case_id=record.case.pk, text=BENGALI_GOAL)
    care.goal_record(actor=personas.caseworker, case_id=record.case.pk, text=HINDI_GOAL)
    care.pathway_record(
        actor=personas.caseworker,
        case_id=record.case.pk,
        pathway="stay",
        stated_on=record.case.opened_on,
        words=BENGALI_WORDS,
    )
    return person, record


def test_the_summary_in_bengali_for_a_person_whose_worker_uses_english_is_in_bengali(her, personas):
    person, _record = her
    with translation.override("en"):
        summary = own_record(actor=personas.peer_worker, person_id=person.pk, language="bn")
        assert translation.get_language() == "en"  # the worker's interface is untouched
    text = summary.text()
    with translation.override("bn"):
        for english in ("Who you are", "Your consents and their history", "With whom it was shared"):
            assert translation.gettext(english) != english
            assert translation.gettext(english) in text
    assert "Who you are" not in text


def test_the_summary_contains_every_class_of_her_data_including_those_the_workers_role_masks(her, personas):
    person, _record = her
    peer = personas.peer_worker  # her role reads identity and location only
    masked = [c for c in FieldClass if not policy.decide(peer, Verb.READ, field_class=c)]
    assert set(masked) == {FieldClass.HEALTH, FieldClass.LEGAL, FieldClass.VIOLENCE}
    text = own_record(actor=peer, person_id=person.pk, language="bn").text()
    for field_class, word in CANARY.items():
        assert word in text, field_class


def test_the_summary_names_the_organisations_her_data_went_to(her, personas):
    person, _record = her
    summary = own_record(actor=personas.caseworker, person_id=person.pk, language="hi")
    shared = next(s for s in summary.sections if s.key == "shared")
    assert personas.other_org.name in [e.heading for e in shared.entries]


def test_the_summary_names_roles_and_organisations_that_opened_her_record_never_a_workers_name(her, personas):
    person, _record = her
    client = Client()
    sign_in(client, personas.caseworker)
    client.get(f"/people/{person.pk}/")
    summary = own_record(actor=personas.caseworker, person_id=person.pk, language="bn")
    opened = next(s for s in summary.sections if s.key == "opened")
    lines = [line for e in opened.entries for line in e.lines]
    with translation.override("bn"):
        assert (personas.org.name, translation.gettext("Caseworker")) in lines
    assert personas.caseworker.user.username not in summary.text()
    personas.org.summary_names_workers = True
    personas.org.save()
    named = own_record(actor=personas.caseworker, person_id=person.pk, language="bn").text()
    assert str(personas.caseworker.user) in named


def test_its_pdf_renders_conjuncts_correctly_bengali(her, personas):
    person, _record = her
    summary = own_record(actor=personas.caseworker, person_id=person.pk, language="bn")
    extracted = _pdf_text(pdf.render(summary))
    for words in (BENGALI_GOAL, BENGALI_WORDS):
        assert _flat(words) in extracted
    for conjunct_word in ("শিক্ষা", "রক্ষা", "অন্তর", "স্ত্রী"):
        assert conjunct_word in extracted
    with translation.override("bn"):
        assert _flat(translation.gettext("Your consents and their history")) in extracted


def test_its_pdf_renders_conjuncts_correctly_devanagari(her, personas):
    person, _record = her
    extracted = _pdf_text(
        pdf.render(own_record(actor=personas.caseworker, person_id=person.pk, language="hi"))
    )
    assert _flat(HINDI_GOAL) in extracted
    for word in ("क्षत्रिय", "संस्था", "हिन्दी", "शिक्षा"):
        assert word in extracted


def test_producing_the_summary_is_audited_and_it_is_never_stored(her, personas):
    person, _record = her
    client = Client()
    sign_in(client, personas.peer_worker)
    before = AuditEvent.objects.filter(action="own_record.produced").count()
    page = client.get(f"/people/{person.pk}/own-record/?language=bn")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    download = client.get(f"/people/{person.pk}/own-record.pdf?language=bn")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert (
        "attachment" in download["Content-Disposition"] and person.code not in download["Content-Disposition"]
    )
    assert AuditEvent.objects.filter(action="own_record.produced").count() == before + 2
    event = AuditEvent.objects.filter(action="own_record.produced").latest("pk")
    assert "identity" in event.fields and all(word not in str(event.fields) for word in CANARY.values())


def test_a_summary_requested_in_a_language_she_does_not_speak_is_refused_with_a_clear_message(her, personas):
    person, _record = her
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        own_record(actor=personas.caseworker, person_id=person.pk, language="en")
    assert "does not speak" in " ".join(refused.value.messages)
    client = Client()
    sign_in(client, personas.caseworker)
    page = client.get(f"/people/{person.pk}/own-record/?language=en")
    assert page.status_code == 400 and "does not speak" in page.content.decode()
    assert AuditEvent.objects.filter(action="own_record.produced").count() == 0
    assert AuditEvent.objects.count() == events  # nothing produced, nothing recorded but nothing else either


def test_its_pdf_reads_back_whole_over_several_pages_in_every_script():
    """Each line of a long record, in Devanagari, Bengali and Latin, reads back from every page: the fonts
    stay set across page breaks and every glyph of a shaped cluster maps to its characters."""
    from datetime import date

    from sathi.rights.summary import Entry, OwnRecord, Section

    lines = [(f"{n}", text) for n in range(40) for text in (HINDI_GOAL, BENGALI_WORDS, "Open a tea stall")]
    record = OwnRecord(
        "hi", "KT4M-9PX7", "Collective A", date(2026, 1, 2), [Section("x", "—", "", [Entry("", lines)])]
    )
    data = pdf.render(record)
    assert len(PdfReader(io.BytesIO(data)).pages) > 2
    extracted = _pdf_text(data)
    assert not [c for c in extracted if ord(c) < 32]
    for number, text in lines:
        assert _flat(f"{number}: {text}") in extracted
