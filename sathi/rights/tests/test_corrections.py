"""Correction (issue 13, item 2), each rule named."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sathi.audit.models import AuditEvent
from sathi.lib.errors import Forbidden
from sathi.people import sealing
from sathi.people.selectors import person_card
from sathi.people.tests.factories import register
from sathi.rights.corrections import correction_decide, correction_request
from sathi.rights.models import CorrectionRequest
from sathi.rights.summary import own_record


@pytest.fixture
def person(personas):
    return register(personas.caseworker, names=["Mamata Das"], phone="+91 98300 12345", languages=["bn"])


def test_her_correction_is_recorded_in_her_words_sealed_under_her_key(personas, person):
    row = correction_request(
        actor=personas.caseworker, person_id=person.pk, field="names", wrong="Mamata Das", right="Mamata Dasi"
    )
    assert row.status == "pending"
    assert b"Mamata" not in bytes(row.wrong_sealed) and b"Dasi" not in bytes(row.right_sealed)
    assert sealing.open_text(row, "right_sealed") == "Mamata Dasi"
    event = AuditEvent.objects.get(action="correction.requested")
    assert "Mamata" not in str(event.fields)


def test_a_supervisor_accepts_and_the_record_changes_with_the_request_as_the_reason(personas, person):
    row = correction_request(
        actor=personas.caseworker, person_id=person.pk, field="names", wrong="Mamata Das", right="Mamata Dasi"
    )
    correction_decide(actor=personas.supervisor, correction_id=row.pk, version=row.version, accept=True)
    card = person_card(actor=personas.supervisor, person_id=person.pk)
    assert card.names == ["Mamata Dasi"]
    assert AuditEvent.objects.filter(action="person.updated", target_id=str(person.pk)).exists()
    assert AuditEvent.objects.get(action="correction.accepted").reason_given


def test_a_refusal_has_a_reason_shown_to_her_in_her_next_summary(personas, person):
    row = correction_request(
        actor=personas.caseworker,
        person_id=person.pk,
        field="phone",
        wrong="+91 98300 12345",
        right="+91 98300 54321",
    )
    with pytest.raises(ValidationError):
        correction_decide(actor=personas.supervisor, correction_id=row.pk, version=row.version, accept=False)
    correction_decide(
        actor=personas.supervisor,
        correction_id=row.pk,
        version=row.version,
        accept=False,
        reason="The old number is the one on the consent form",
    )
    text = own_record(actor=personas.caseworker, person_id=person.pk, language="bn").text()
    assert "The old number is the one on the consent form" in text
    assert person_card(actor=personas.supervisor, person_id=person.pk).phone == "+91 98300 12345"


def test_a_correction_for_a_field_the_worker_cannot_see_is_refused_and_nothing_is_saved(personas, person):
    from sathi.care import services as care

    case = care.case_open(actor=personas.caseworker, person_id=person.pk, origin="outreach")
    care.case_member_add(
        actor=personas.caseworker,
        case_id=case.pk,
        user_id=personas.counsellor.user_id,
        team_role="counsellor",
    )
    with pytest.raises(ValidationError) as refused:
        correction_request(  # a counsellor does not read the location class
            actor=personas.counsellor, person_id=person.pk, field="current_location", wrong="x", right="y"
        )
    assert "cannot see" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        correction_request(
            actor=personas.caseworker, person_id=person.pk, field="bogus", wrong="x", right="y"
        )
    assert not CorrectionRequest.objects.exists()


def test_a_correction_that_the_record_could_not_hold_is_refused_when_asked(personas, person):
    with pytest.raises(ValidationError) as refused:
        correction_request(
            actor=personas.caseworker, person_id=person.pk, field="phone", wrong="x", right="call me"
        )
    assert "right" in refused.value.message_dict
    assert not CorrectionRequest.objects.exists()


def test_only_a_supervisor_decides_a_correction(personas, person):
    row = correction_request(
        actor=personas.caseworker, person_id=person.pk, field="names", wrong="a", right="Mamata"
    )
    with pytest.raises(Forbidden):
        correction_decide(actor=personas.caseworker, correction_id=row.pk, version=row.version, accept=True)
