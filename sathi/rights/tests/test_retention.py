"""Erasure under the organisation's retention rule (issue 13, item 3): the daily job (manage.py care_checks)
erases closed records past the rule by destroying their keys, and keeps those a legal hold needs."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from sathi.audit.models import AuditEvent
from sathi.audit.verify import verify_chains
from sathi.care import services as care
from sathi.legal.services import proceeding_add
from sathi.people.models import Person, PersonKey, PersonName
from sathi.people.tests.factories import register
from sathi.rights.models import Erasure
from sathi.rights.tasks import retention_erasure

CLOSED_AT = "2019-01-10 06:00:00+00:00"  # 11:30 in India: the same day there
EIGHT_YEARS_ON = "2027-02-01 06:00:00+00:00"


@pytest.fixture
def closed_long_ago(personas, time_machine):
    """Records whose cases closed in January 2019 (the default rule keeps them seven years), made then."""
    time_machine.move_to(CLOSED_AT, tick=False)
    worker = personas.caseworker

    def make(name, *, open_proceeding=False, open_case_too=False):
        person = register(worker, names=[name], phone="+91 98300 12345", stated_age=30)
        case = care.case_open(actor=worker, person_id=person.pk, origin="outreach")
        care.goal_record(actor=worker, case_id=case.pk, text="A tailoring course")
        proceeding = None
        if open_proceeding:  # an FIR where she is the complainant, still pending
            proceeding = proceeding_add(actor=worker, case_id=case.pk, kind="fir", status="pending")
        case.refresh_from_db()
        care.case_close(actor=worker, case_id=case.pk, version=case.version, reason="goals_met")
        if open_case_too:
            care.case_open(actor=worker, person_id=person.pk, origin="outreach")
        return person, proceeding

    return make


def _run_the_daily_job(time_machine, when=EIGHT_YEARS_ON):
    time_machine.move_to(when, tick=False)
    call_command("care_checks", stdout=StringIO())  # queues every daily job; the test backend runs each


def _erased(person) -> bool:
    return Person.objects.get(pk=person.pk).erased_at is not None


def test_a_closed_record_past_retention_is_erased_by_the_daily_job(personas, closed_long_ago, time_machine):
    person, _ = closed_long_ago("Jasmine")
    _run_the_daily_job(time_machine)
    assert _erased(person)
    assert not PersonKey.objects.filter(person=person).exists()  # her key destroyed: nothing of hers opens
    assert not PersonName.objects.filter(person=person).exists()  # her blind indexes gone
    assert Person.objects.get(pk=person.pk).phone_index == ""
    erasure = Erasure.objects.get(person=person)
    assert erasure.basis == "retention" and erasure.erased_by_id is None
    event = AuditEvent.objects.get(action="person.erased", target_id=str(person.pk))
    assert event.actor_id is None and event.reason_given  # a system action, its reason sealed
    assert AuditEvent.objects.filter(action="retention.run", organisation=personas.org).exists()
    assert verify_chains() == []


def test_a_closed_record_under_a_legal_hold_is_not_erased_by_the_job_and_the_audit_says_which_proceeding(
    personas, closed_long_ago, time_machine
):
    person, proceeding = closed_long_ago("Rupa", open_proceeding=True)
    _run_the_daily_job(time_machine)
    assert not _erased(person)
    assert PersonKey.objects.filter(person=person).exists()
    assert not Erasure.objects.exists()
    held = AuditEvent.objects.get(action="person.erasure_held")
    assert (held.target_type, held.target_id) == ("legal.proceeding", str(proceeding.pk))
    assert held.actor_id is None


def test_a_person_with_an_open_case_is_not_erased_by_the_job(personas, closed_long_ago, time_machine):
    person, _ = closed_long_ago("Mina", open_case_too=True)
    _run_the_daily_job(time_machine)
    assert not _erased(person)
    assert not Erasure.objects.exists()


def test_a_record_closed_more_recently_than_the_rule_is_not_erased_by_the_job(
    personas, closed_long_ago, time_machine
):
    person, _ = closed_long_ago("Asha")
    _run_the_daily_job(time_machine, when="2026-01-09 06:00:00+00:00")  # a day short of seven years
    assert not _erased(person)
    _run_the_daily_job(time_machine, when="2026-01-10 06:00:00+00:00")
    assert _erased(person)


def test_the_job_follows_the_organisations_own_retention_years(personas, closed_long_ago, time_machine):
    person, _ = closed_long_ago("Lata")
    personas.org.retention_years = 10
    personas.org.save(update_fields=["retention_years"])
    _run_the_daily_job(time_machine)  # eight years on: under a ten-year rule
    assert not _erased(person)
    personas.org.retention_years = 3
    personas.org.save(update_fields=["retention_years"])
    assert retention_erasure.call(personas.org.pk) == 1
    assert _erased(person)
    assert retention_erasure.call(personas.org.pk) == 0  # erased once; the next run finds nobody
