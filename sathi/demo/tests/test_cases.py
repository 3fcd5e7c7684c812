"""Bulk cases (sathi/demo/cases.py) open and list like cases written by the services."""

from django.utils import timezone

from sathi.audit.models import AuditEvent
from sathi.care import checks, followups, selectors
from sathi.care.models import Case, CaseFlag, CaseMember, FollowUp, Need
from sathi.demo import case_rows, cases
from sathi.demo import people as people_population
from sathi.legal.models import Proceeding
from sathi.people.models import Assignment

PEOPLE, CASES = 20, 10
# Every case in follow-up and on the legal path, so that ten cases surely have something due this week.
MIX = case_rows.Mix(open=0.0, active=0.0, proceedings=1.0, overdue_follow_up=1.0)


def _generate(personas):
    people_population.generate(organisation=personas.org, count=PEOPLE, seed=5, chunk_size=PEOPLE)
    # Small chunks: several transactions and id allocations.
    return cases.generate(
        organisation=personas.org,
        count=CASES,
        seed=5,
        dedicated={personas.caseworker.user_id: 3},
        mix=MIX,
        chunk_size=4,
    )


def test_generated_cases_open_and_fall_due(personas):
    result = _generate(personas)
    assert result.created == CASES
    cases = list(Case.objects.filter(organisation=personas.org).select_related("person"))
    assert len(cases) == CASES == len({c.person_id for c in cases})
    for case in cases:
        case.full_clean()
        lead = CaseMember.objects.get(case=case)
        assert lead.team_role == "lead" and lead.user_id == case.opened_by_id
        # The lead is assigned to her, so the access policy lets her open the case.
        assert Assignment.objects.filter(person_id=case.person_id, user_id=lead.user_id).exists()
        assert Need.objects.filter(case=case).count() >= 2
        assert FollowUp.objects.filter(case=case).count() == personas.org.follow_up_months

    mine = Case.objects.filter(team__user_id=personas.caseworker.user_id)
    assert mine.count() == 3
    view = selectors.case_view(actor=personas.caseworker, case_id=mine.first().pk)
    assert view.needs and view.follow_ups and view.contact_channel
    assert view.team[0].user_id == personas.caseworker.user_id
    view = selectors.case_view(actor=personas.supervisor, case_id=cases[-1].pk)
    assert view.case == cases[-1]

    everyone = selectors.due_this_week(personas.supervisor, scope="organisation")
    assert everyone and {"follow_up", "hearing"} <= {item.kind for item in everyone}
    assert {item.case_id for item in everyone} <= {c.pk for c in cases}
    hers = selectors.due_this_week(personas.caseworker, scope="mine")
    assert hers and {item.case_id for item in hers} <= set(mine.values_list("pk", flat=True))
    assert Proceeding.objects.filter(case__in=mine).exists()

    events = AuditEvent.objects.filter(organisation=personas.org, action="population.cases_generated")
    assert events.count() == 1

    # The flags are those the checks raise: running them again changes nothing.
    flags = set(CaseFlag.objects.values_list("case_id", "kind", "placement_id"))
    for case in cases:
        checks.run_all(case)
    assert set(CaseFlag.objects.values_list("case_id", "kind", "placement_id")) == flags

    # An overdue follow-up is recorded through the service, by the channel she agreed to.
    today = timezone.localdate()
    overdue = FollowUp.objects.filter(case__in=cases, done_on__isnull=True, due_on__lt=today).first()
    case = overdue.case
    channel = selectors.case_view(actor=personas.supervisor, case_id=case.pk).contact_channel
    followups.follow_up_record(
        actor=personas.supervisor, follow_up_id=overdue.pk, done_on=today, channel=channel, outcome="reached"
    )
    assert Case.objects.get(pk=case.pk).version == case.version + 1


def test_a_second_run_opens_cases_only_for_people_without_one(personas):
    _generate(personas)
    again = cases.generate(organisation=personas.org, count=PEOPLE, seed=6)
    assert again.created == PEOPLE - CASES  # the others already have an open case
    assert Case.objects.filter(organisation=personas.org).count() == PEOPLE
    assert cases.open_cases(personas.org) == PEOPLE
