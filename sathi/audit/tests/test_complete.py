"""Audit complete: what the system does by itself, and what a worker reads, each leaves an event."""

from datetime import timedelta

from django.utils import timezone

from sathi.audit.models import AuditEvent
from sathi.care import placements, referrals
from sathi.care import services as care
from sathi.care.models import CaseFlag
from sathi.care.tasks import daily_checks
from sathi.people.tests.factories import register


def test_the_daily_checks_and_the_flags_they_raise_and_close_are_audited(personas, time_machine):
    worker = personas.caseworker
    person = register(worker, names=["Checks Run"], phone="", stated_age=30)
    case = care.case_open(actor=worker, person_id=person.pk, origin="rescue_or_raid")
    time_machine.move_to(timezone.now(), tick=False)
    placement = placements.placement_start(
        actor=worker,
        case_id=case.pk,
        kind="government_home",
        legal_basis="court_order",
        order_date=timezone.localdate(),
        entry_date=timezone.localdate(),
        wish_at_entry="leave",
    )
    time_machine.shift(timedelta(days=30))
    daily_checks.call(personas.org.pk)
    flag = CaseFlag.objects.get(case=case)
    raised = AuditEvent.objects.get(action="flag.raised_by_check", target_id=str(flag.pk))
    assert raised.actor_id is None and raised.organisation_id == personas.org.pk
    assert AuditEvent.objects.filter(action="checks.daily_run", organisation=personas.org).count() == 1
    placements.placement_exit(actor=worker, placement_id=placement.pk, exit_date=timezone.localdate())
    assert AuditEvent.objects.filter(action="flag.closed_by_check", target_id=str(flag.pk)).exists()


def test_an_organisation_added_by_a_worker_names_that_worker(personas):
    referrals.provider_save(actor=personas.caseworker, name="Legal Aid Clinic North", services=["legal_aid"])
    event = AuditEvent.objects.filter(action="organisation.created").latest("pk")
    assert event.actor_id == personas.caseworker.user_id


def test_reading_consent_in_her_own_words_is_audited(personas):
    from sathi.screening import selectors, services

    person = register(personas.caseworker, names=["Own Words"], phone="", stated_age=30)
    screening = services.screening_record(
        actor=personas.supervisor,
        person_id=person.pk,
        acts=[],
        means=[],
        purposes=[],
        came_without_force=True,
        consent_words="I agreed to go because I was told it was a kitchen job.",
    )
    view = selectors.screening_view(actor=personas.supervisor, screening_id=screening.pk)
    assert view.consent_words
    event = AuditEvent.objects.get(action="screening.consent_words_opened")
    assert event.actor_id == personas.supervisor.user_id and event.fields == ["consent_words"]
    assert event.target_id == str(screening.pk)
