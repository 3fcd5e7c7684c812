"""The chain of risk from the life courses (issue 11, item 3): protected counts, consent in force only."""

from __future__ import annotations

import pytest

from sathi.lib.errors import Forbidden
from sathi.people import grants
from sathi.people.models import Consent
from sathi.people.tests.factories import agree_to_statistics, register
from sathi.relations import chain
from sathi.relations import services as relations


def _life(worker, *, origin, entry_age, before=(), kind="entry_coerced", consent=True):
    person = register(worker, phone="", stated_age=30, origin_district=origin)
    if consent:
        agree_to_statistics(worker, person)
    for event_kind, age, factors in before:
        relations.life_event_add(actor=worker, person_id=person.pk, kind=event_kind, age=age, factors=factors)
    relations.life_event_add(actor=worker, person_id=person.pk, kind=kind, age=entry_age)
    return person


def _cells(result):
    return {
        label: dict(zip(result.table.col_labels, counts, strict=True))
        for label, counts in zip(result.table.row_labels, result.table.cells, strict=True)
    }


@pytest.mark.django_db
def test_a_life_course_aggregate_cell_under_the_threshold_is_suppressed_and_a_withdrawn_person_is_not_counted(
    personas,
):
    worker = personas.supervisor
    early = [("marriage", 14, ["early_marriage"])]
    movers = [("migration", 17, ["distress_migration"])]
    people = [_life(worker, origin="South 24 Parganas", entry_age=16, before=early) for _ in range(7)]
    people += [_life(worker, origin="South 24 Parganas", entry_age=20, before=movers) for _ in range(2)]
    _life(worker, origin="South 24 Parganas", entry_age=16, before=early, consent=False)  # never asked
    result = chain.chain_of_risk(actor=personas.analyst)
    cells = _cells(result)
    married = cells["South 24 Parganas · Marriage before 18"]
    assert married["Under 18"] == 7  # the eighth never agreed to be counted
    migration = cells["South 24 Parganas · Migration"]
    assert migration["18 to 24"] is None  # two people: hidden
    hidden = sum(v is None for row in result.table.cells for v in row)
    hidden += sum(v is None for v in (*result.table.row_totals, *result.table.col_totals))
    assert hidden >= 2  # with a complement, so that it cannot be worked back
    assert "factor:early_marriage" in {p for _o, p in result.rows}

    consent = Consent.objects.get(person=people[0], purpose="statistics")
    grants.consent_withdraw(actor=worker, consent_id=consent.pk)
    after = _cells(chain.chain_of_risk(actor=personas.analyst))
    assert after["South 24 Parganas · Marriage before 18"]["Under 18"] == 6


@pytest.mark.django_db
def test_a_point_that_cannot_be_ordered_before_the_entry_is_not_counted(personas):
    worker = personas.supervisor
    for _ in range(6):
        person = register(worker, phone="", stated_age=30, origin_district="North 24 Parganas")
        agree_to_statistics(worker, person)
        relations.life_event_add(actor=worker, person_id=person.pk, kind="migration", year=2015)
        relations.life_event_add(actor=worker, person_id=person.pk, kind="migration", age=25)  # after
        relations.life_event_add(actor=worker, person_id=person.pk, kind="entry_own_decision", age=20)
    result = chain.chain_of_risk(actor=personas.analyst)
    assert result.rows == []  # a year against an age of an unknown birth year, and a later move
    assert result.people.counts == (6,)


@pytest.mark.django_db
def test_re_entry_counts_what_came_before_the_re_entry(personas):
    worker = personas.supervisor
    for _ in range(5):
        _life(worker, origin="Kolkata", entry_age=22, kind="re_entry", before=[("rescue_or_raid", 21, [])])
    cells = _cells(chain.chain_of_risk(actor=personas.analyst, transition="re_entry"))
    assert cells["Kolkata · A rescue or a raid"]["18 to 24"] == 5


@pytest.mark.django_db
def test_only_roles_that_read_prevention_numbers_see_the_chain(personas):
    for role in ("caseworker", "org_admin", "auditor"):
        with pytest.raises(Forbidden):
            chain.chain_of_risk(actor=personas.by_role[role])
