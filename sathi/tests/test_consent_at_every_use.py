"""Consent purposes enforced at every use: one function answers, every aggregate and every copy asks it."""

from __future__ import annotations

import ast
import importlib
import pathlib
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from sathi.people import grants
from sathi.people.consent import COUNTS_NO_PERSON, STATISTICS_SOURCES, consent_allows
from sathi.people.models import Consent
from sathi.people.tests.factories import agree_to_statistics, register
from sathi.places.models import Place
from sathi.relations import chain  # noqa: F401 (registers the chain of risk's people)
from sathi.relations import services as relations
from sathi.screening import services as screening
from sathi.screening.indicators import board_indicators
from sathi.violations import involvements, report, responses
from sathi.violations import services as violations

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture
def six(personas):
    """Six women presented to a board this month, each picked up in one raid and responded to; the first was
    removed. Each agreed to be counted in statistics."""
    worker = personas.supervisor
    today = timezone.localdate()
    area = Place.objects.create(kind="red_light_area", name="Para")
    district = Place.objects.create(kind="district", name="Town")
    board = screening.board_create(actor=worker, area_id=area.pk, name="Board", quorum=1)
    raid = violations.incident_record(
        actor=worker, incident_type="raid", start_date=today, place_id=district.pk, verification="confirmed"
    )
    women = []
    for index in range(6):
        woman = register(worker, names=[f"Woman {index}"], phone="", stated_age=25 + index)
        agree_to_statistics(worker, woman)
        presentation = screening.presentation_record(
            actor=worker,
            board_id=board.pk,
            person_id=woman.pk,
            presented_on=today,
            arrived_on=today,
            brought_by="herself",
        )
        if index == 0:
            found = screening.screening_record(
                actor=worker,
                person_id=woman.pk,
                acts=["recruitment"],
                means=["deception"],
                purposes=["sexual_exploitation"],
                presentation_id=presentation.pk,
            )
            screening.decision_record(
                actor=worker,
                screening_id=found.pk,
                classification="trafficked_adult",
                differs_reason="She told the board she was deceived.",
                removed_on=today,
            )
        affected = involvements.affected_add(
            actor=worker, incident_id=raid.pk, person_id=woman.pk, acts=["picked_up"], own_decision="yes"
        )
        responses.response_add(
            actor=worker,
            incident_id=raid.pk,
            action="legal_aid",
            # Three hours ago, but never before the raid's day began in Indian time (in the first hours of
            # an IST day, which is 18:30-21:30 UTC, three hours ago is still yesterday there).
            reported_at=max(
                timezone.make_aware(datetime.combine(today, time.min)), timezone.now() - timedelta(hours=3)
            ),
            affected_id=affected.pk,
        )
        relations.life_event_add(actor=worker, person_id=woman.pk, kind="entry_coerced", age=19)
        women.append(woman)
    return board, women


def _withdraw_statistics(actor, person) -> None:
    consent = Consent.objects.get(person=person, purpose="statistics", withdrawn_at__isnull=True)
    grants.consent_withdraw(actor=actor, consent_id=consent.pk)


def test_withdrawal_of_the_statistics_consent_leaves_her_out_of_the_next_indicators_and_raid_report(
    personas, six
):
    board, women = six
    today = timezone.localdate()

    def numbers():
        indicators = board_indicators(board, by="month")
        raids = report.raid_report(actor=personas.supervisor, start=today, end=today)
        responses = report.response_indicators(actor=personas.supervisor, start=today, end=today)
        return (
            indicators.rows[0].entrants,
            raids.documented,
            raids.own_decision.counts[0],
            responses.actions.total,
        )

    assert numbers() == (6, 6, 6, 6)
    _withdraw_statistics(personas.supervisor, women[1])
    assert not consent_allows(women[1], "statistics")
    assert numbers() == (5, 5, 5, 5)
    _withdraw_statistics(personas.supervisor, women[2])
    # Four is below the organisation's threshold of 5: the next numbers are hidden, not four.
    assert numbers() == (None, None, None, None)


def test_every_registered_aggregate_leaves_her_out_after_a_withdrawal(personas, six):
    _, women = six
    first = women[0]  # in every source: presented, removed, picked up, responded to
    assert set(STATISTICS_SOURCES) >= {
        "screening.board_indicators",
        "screening.removals_and_outcomes",
        "violations.raid_report",
        "violations.response_indicators",
        "relations.chain_of_risk",
    }
    # The evidence catalogue's tables (follow-ups among them, which this world has none of) are walked with a
    # world that puts her in every one of them: sathi/evidence/tests/test_catalogue.py.
    sources = [s for s in STATISTICS_SOURCES.values() if s.module != "sathi.evidence.catalogue"]
    for source in sources:
        assert first.pk in set(source.people(personas.org)), source.name
    _withdraw_statistics(personas.supervisor, first)
    for source in sources:
        assert first.pk not in set(source.people(personas.org)), source.name


def test_a_person_who_never_agreed_is_not_counted_and_anonymous_records_are(personas, six):
    board, women = six
    today = timezone.localdate()
    stranger = register(personas.supervisor, names=["Not asked"], phone="", stated_age=30)
    screening.presentation_record(
        actor=personas.supervisor,
        board_id=board.pk,
        person_id=stranger.pk,
        presented_on=today,
        arrived_on=today,
        brought_by="herself",
    )
    assert board_indicators(board, by="month").rows[0].entrants == 6
    raid = report.Incident.objects.get()
    involvements.affected_add(
        actor=personas.supervisor, incident_id=raid.pk, gender="woman", age_band="18_24", acts=["picked_up"]
    )
    assert report.raid_report(actor=personas.supervisor, start=today, end=today).documented == 7


def _publishers() -> set[str]:
    """Modules that publish numbers through the disclosure gate."""
    found = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "lib" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "disclosure"
                and node.attr.startswith("protect")
            ):
                found.add(".".join(path.relative_to(ROOT.parent).with_suffix("").parts))
    return found


def test_every_module_that_publishes_numbers_registers_its_people():
    publishers = _publishers()
    assert publishers, "the scan found no publisher at all"
    for module in publishers:  # a module registers its sources when imported: run alone, nothing else has
        importlib.import_module(module)
    registered = {source.module for source in STATISTICS_SOURCES.values()}
    assert _publishers() <= registered | set(COUNTS_NO_PERSON)
