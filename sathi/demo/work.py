"""The demo's last month of work, so that a newcomer finds something on every page (issue 15, item 12).

Made through the services, as a worker would have made it. What had to happen in the past (a follow-up
schedule started five weeks ago, so that its first visits fall due now) is recorded with the clock set back
to that day: the services refuse a schedule that starts in the past, and rightly.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from sathi.accounts.models import Membership, Role
from sathi.core.dates import add_months
from sathi.people.models import Person


def _on(day: date):
    """The clock set to a morning in the past (time-machine is a development dependency, as is the demo)."""
    import time_machine

    return time_machine.travel(timezone.make_aware(datetime.combine(day, time(10, 0))), tick=False)


def _start_for(first_due_from: date, first_due_until: date, today: date) -> date:
    """A day in the past whose monthly schedule has its first visit in the window."""
    for days in range(20, 40):
        start = today - timedelta(days=days)
        if first_due_from <= add_months(start, 1) <= first_due_until:
            return start
    raise AssertionError("no start day gives a first visit in the window")


def follow_ups_due_now(organisation) -> None:
    """Two of the caseworker's cases moved to follow-up weeks ago: one visit is due this week, one is late."""
    from sathi.care import services as care
    from sathi.care.models import Case

    worker = Membership.objects.get(organisation=organisation, role=Role.CASEWORKER)
    today = timezone.localdate()
    cases = list(
        Case.objects.filter(team__user_id=worker.user_id, status__in=["open", "active"]).order_by("pk")[:2]
    )
    windows = [
        (today + timedelta(days=1), today + timedelta(days=6)),
        (today - timedelta(days=6), today - timedelta(days=1)),
    ]
    for case, (first, last) in zip(cases, windows, strict=False):
        start = _start_for(first, last, today)
        with _on(start):
            case.refresh_from_db()
            care.case_move(actor=worker, case_id=case.pk, version=case.version, status="follow_up")


def review_overdue_and_targets(organisation) -> None:
    """A CWC review that should have happened, a plan target this week and a hearing in four days."""
    from sathi.care import placements
    from sathi.care import services as care
    from sathi.care.models import Case, Placement
    from sathi.legal.services import proceeding_add

    worker = Membership.objects.get(organisation=organisation, role=Role.CASEWORKER)
    today = timezone.localdate()
    placement = Placement.objects.filter(case__team__user_id=worker.user_id, exit_date__isnull=True).first()
    if placement is not None:
        placements.placement_review(
            actor=worker,
            placement_id=placement.pk,
            reviewed_on=today - timedelta(days=20),
            wish="leave",
            next_cwc_review=today - timedelta(days=3),
        )
    cases = list(
        Case.objects.filter(team__user_id=worker.user_id).exclude(status="closed").order_by("-pk")[:2]
    )
    if cases:
        care.plan_item_add(
            actor=worker,
            case_id=cases[0].pk,
            kind="other",
            description="Apply for a ration card",
            target_date=today + timedelta(days=3),
        )
        proceeding_add(
            actor=worker, case_id=cases[-1].pk, kind="trial_hearing", next_date=today + timedelta(days=4)
        )


def board_month(organisation, board, members) -> None:
    """A month of a board's work: a sitting each week, new entrants at each, screened and decided, and
    one who presented yesterday and is still to be screened."""
    from sathi.people import grants
    from sathi.screening import services as boards

    member = Membership.objects.get(organisation=organisation, role=Role.BOARD_MEMBER)
    supervisor = Membership.objects.get(organisation=organisation, role=Role.SUPERVISOR)
    today = timezone.localdate()
    # New entrants who have not presented yet; the supervisor assigns them to the board member who hears
    # them (the board sees only the people assigned to its members).
    entrants = list(
        Person.objects.filter(organisation=organisation, presentations__isnull=True).order_by("code")[:10]
    )
    for person in entrants:
        if not person.assignments.filter(user_id=member.user_id).exists():
            grants.assignment_add(actor=supervisor, person_id=person.pk, user_id=member.user_id)
    people, waiting = entrants[:-1][:9], entrants[-1:]
    for week, day in enumerate((28, 21, 14)):
        sitting = boards.sitting_hold(
            actor=member,
            board_id=board.pk,
            held_on=today - timedelta(days=day),
            member_ids=[m.pk for m in members[week : week + 9]],
            minutes="Demo minutes.",
        )
        for index, person in enumerate(people[week * 3 : week * 3 + 3]):
            presentation = boards.presentation_record(
                actor=member,
                board_id=board.pk,
                person_id=person.pk,
                presented_on=sitting.held_on,
                arrived_on=sitting.held_on - timedelta(days=3 + index),
                brought_by=["herself", "peer", "partner"][index % 3],
                sitting_id=sitting.pk,
            )
            screening = boards.screening_record(
                actor=member,
                person_id=person.pk,
                acts=[],
                means=[],
                purposes=[],
                came_without_force=True,
                presentation_id=presentation.pk,
            )
            if index < 2:  # the third is still to be decided
                boards.decision_record(
                    actor=member,
                    screening_id=screening.pk,
                    classification=screening.suggestions[0]["classification"],
                    sitting_id=sitting.pk,
                    rules_explained=True,
                    offered_health=True,
                )
    for person in waiting:
        boards.presentation_record(
            actor=member,
            board_id=board.pk,
            person_id=person.pk,
            presented_on=today - timedelta(days=1),
            arrived_on=today - timedelta(days=2),
            brought_by="peer",
        )


def raid_with_a_response(organisation, area) -> None:
    """A raid twelve days ago: its details, two people picked up (one with a record of her own, one
    anonymous), a shelter stay, and the collective's legal-aid response still pending."""
    from sathi.violations import involvements, responses
    from sathi.violations import services as violations

    worker = Membership.objects.get(organisation=organisation, role=Role.CASEWORKER)
    today = timezone.localdate()
    raid = violations.incident_record(
        actor=worker,
        incident_type="raid",
        start_date=today - timedelta(days=12),
        place_id=area.pk,
        verification="confirmed",
        description="Police came at night; doors were broken and phones taken.",
    )
    violations.raid_details_save(
        actor=worker,
        incident_id=raid.pk,
        legal_basis="none_stated",
        agencies=["police_station"],
        picked_up_known=2,
        phones_taken=3,
        phones_returned=1,
    )
    violations.source_add(actor=worker, incident_id=raid.pk, kind="affected_person", reliability="reliable")
    person = (
        Person.objects.filter(organisation=organisation, assignments__user=worker.user)
        .order_by("code")
        .first()
    )
    if person is not None:
        involvements.affected_add(
            actor=worker,
            incident_id=raid.pk,
            person_id=person.pk,
            acts=["picked_up"],
            consequences=["detention"],
            account="They took us to the station and kept us until morning.",
        )
    anonymous = involvements.affected_add(
        actor=worker, incident_id=raid.pk, gender="woman", acts=["picked_up"], own_decision="yes"
    )
    involvements.outcome_record(
        actor=worker, affected_id=anonymous.pk, kind="shelter", on=today - timedelta(days=11)
    )
    responses.response_add(
        actor=worker,
        incident_id=raid.pk,
        action="legal_aid",
        reported_at=timezone.now() - timedelta(days=11),
        first_response_at=timezone.now() - timedelta(days=10),
        note="Bail application filed.",
    )
