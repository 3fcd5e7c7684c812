"""Indicators over a generated ten-year history shaped like the Durbar figures in seed 002."""

from datetime import date

import pytest
from django.utils import timezone

from sathi.lib import agerange, pseudocode
from sathi.people.models import Consent, Person
from sathi.places.models import Place
from sathi.screening.indicators import board_indicators
from sathi.screening.models import Board, Presentation, SiteEvent

YEARS = list(range(1992, 2002))
MINOR_SHARE = [0.25, 0.22, 0.20, 0.17, 0.15, 0.12, 0.10, 0.07, 0.05, 0.03]  # 25% falling to 3%
MEDIAN_AGE = [22, 22, 23, 24, 25, 25, 26, 27, 27, 28]  # rising from 22 to 28
PER_YEAR = 200


def ages_for(minors: int, median: int) -> list[int]:
    """200 ages with exactly `minors` under 18 and a median of exactly `median`."""
    ages = [16] * minors + [19] * (99 - minors) + [median, median] + [median + 10] * 99
    assert len(ages) == PER_YEAR
    return ages


@pytest.fixture
def history(personas):
    state = Place.objects.create(kind="state", name="West Bengal")
    district = Place.objects.create(kind="district", name="Kolkata", parent=state)
    area = Place.objects.create(kind="red_light_area", name="Sonagachi", parent=district)
    board = Board.objects.create(organisation=personas.org, area=area, name="Board", quorum=8)
    site = Place.objects.create(
        kind="site", name="House", parent=area, site_type="brothel_with_madam", organisation=personas.org
    )
    people, presentations, codes = [], [], set()
    for year, share, median in zip(YEARS, MINOR_SHARE, MEDIAN_AGE, strict=True):
        ages = ages_for(round(share * PER_YEAR), median)
        # eleven months of 18 entrants and a December of 2, which must never be published
        days = [date(year, month, 1 + i) for month in range(1, 12) for i in range(18)] + [
            date(year, 12, 1),
            date(year, 12, 2),
        ]
        for age, day in zip(ages, days, strict=True):
            code = pseudocode.new_code()
            while code in codes:
                code = pseudocode.new_code()
            codes.add(code)
            born = agerange.add_years(day, -age)
            person = Person(
                organisation=personas.org,
                code=code,
                born_earliest=born,
                born_latest=born,
                age_status="adult" if age >= 18 else "minor",
            )
            people.append(person)
            presentations.append(
                Presentation(
                    board=board,
                    person=person,
                    presented_on=day,
                    arrived_on=day,
                    brought_by="herself",
                    recorded_by=personas.board_member.user,
                )
            )
    Person.objects.bulk_create(people)
    Presentation.objects.bulk_create(presentations)
    # Every one of them agreed to be counted (a CWC for the minors); without it no one is.
    Consent.objects.bulk_create(
        [
            Consent(
                person=person,
                purpose="statistics",
                method="spoken",
                explained_in="bn",
                taken_by=personas.board_member.user,
                taken_at=timezone.now(),
            )
            for person in people
        ]
    )
    SiteEvent.objects.bulk_create(
        [
            SiteEvent(
                board=board,
                site=site,
                kind="refusal",
                occurred_on=date(y, 3, 3),
                recorded_by=personas.board_member.user,
            )
            for y in YEARS
            for _ in range(6)
        ]
    )
    return board


def test_the_ten_year_trend_is_reproduced_exactly(history):
    result = board_indicators(history, by="year")
    assert [r.period for r in result.rows] == [str(y) for y in YEARS]
    assert [r.entrants for r in result.rows] == [PER_YEAR] * 10
    assert [r.share_minors for r in result.rows] == MINOR_SHARE
    assert [r.median_age for r in result.rows] == [float(m) for m in MEDIAN_AGE]
    assert [r.refusals for r in result.rows] == [6] * 10


def test_months_with_fewer_than_5_entrants_are_suppressed(history):
    result = board_indicators(history, by="month")
    december = [r for r in result.rows if r.period.endswith("-12")]
    assert len(december) == 10
    assert all(r.entrants is None and r.share_minors is None and r.median_age is None for r in december)
    for row in result.rows:
        assert row.entrants is None or row.entrants >= 5
        for value in (row.minors, row.adults_not_consenting):
            assert value is None or value == 0 or value >= 5


def test_a_higher_threshold_hides_more(history):
    five = board_indicators(history, by="month", threshold=5)
    eleven = board_indicators(history, by="month", threshold=11)
    hidden = lambda result: sum(r.minors is None for r in result.rows)  # noqa: E731
    assert hidden(eleven) >= hidden(five)


def test_outcomes_for_removed_minors_are_counted_and_small_ones_hidden(personas):
    from sathi.care import placements
    from sathi.people.tests.factories import agree_to_statistics, register
    from sathi.relations import services as relations
    from sathi.screening import services
    from sathi.screening.indicators import organisation_indicators

    area = Place.objects.create(kind="red_light_area", name="Outcome area")
    board = services.board_create(actor=personas.board_member, area_id=area.pk, name="Outcomes", quorum=1)
    today = timezone.localdate()
    for index in range(8):
        girl = register(personas.board_member, names=[f"Girl {index}"], phone="", stated_age=15)
        agree_to_statistics(personas.board_member, girl)
        presentation = services.presentation_record(
            actor=personas.board_member,
            board_id=board.pk,
            person_id=girl.pk,
            presented_on=today,
            arrived_on=today,
            brought_by="brothel_keeper",
        )
        screening = services.screening_record(
            actor=personas.board_member,
            person_id=girl.pk,
            acts=["receipt"],
            means=[],
            purposes=["sexual_exploitation"],
            presentation_id=presentation.pk,
        )
        decision = services.decision_record(
            actor=personas.board_member,
            screening_id=screening.pk,
            classification="trafficked_child",
            removed_on=today,
        )
        if index < 6:
            # Home only after the safety check of her household (no flag here).
            relations.safety_check_record(
                actor=personas.board_member,
                person_id=girl.pk,
                household="natal",
                attitude="accepting",
                stigma="low",
                her_wish="return",
            )
            placements.placement_start(
                actor=personas.board_member,
                case_id=decision.case_id,
                kind="family",
                legal_basis="cwc_order",
                order_date=today,
                entry_date=today,
                wish_at_entry="stay",
            )
    result = organisation_indicators(personas.org, by="year")
    # 6 with family, 2 pending: the 2 is hidden, and so is the 6, or 8 - 6 would give it away
    assert result.minor_outcomes == {
        "reintegrated_with_family": None,
        "alternative_placement": 0,
        "pending": None,
    }
    assert result.removals == 8 and result.median_days_to_removal == 0.0


def test_a_caller_cannot_ask_for_less_suppression_than_the_organisation_sets(history):
    history.organisation.disclosure_threshold = 11
    history.organisation.save()
    assert board_indicators(history, by="month", threshold=5).threshold == 11
