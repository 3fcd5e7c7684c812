"""The catalogue: every table counts only people whose statistics consent is in force, and bad input is
refused with a clear message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sathi.care import followups
from sathi.care import services as care
from sathi.core import dates
from sathi.evidence import catalogue
from sathi.people import grants
from sathi.people.consent import STATISTICS_SOURCES
from sathi.people.models import Consent
from sathi.people.tests.factories import agree_to_statistics, register
from sathi.places.services import place_add
from sathi.screening import services as screening
from sathi.violations import involvements
from sathi.violations import services as violations


def _in_every_table(actor):
    """One woman counted in every catalogue table this month: a case, a follow-up made, a raid she was
    picked up in, and a presentation to a board."""
    today = dates.today()
    she = register(actor, names=["Counted Everywhere"], phone="", stated_age=26, origin_district="Nadia")
    agree_to_statistics(actor, she)
    grants.consent_record(
        actor=actor,
        person_id=she.pk,
        purpose="contact",
        granted=True,
        method="spoken",
        explained_in="bn",
        channel="sms",
    )
    case = care.case_open(actor=actor, person_id=she.pk, origin="self_referral", opened_on=today)
    case = care.case_move(actor=actor, case_id=case.pk, version=case.version, status="follow_up")
    follow_up = case.follow_ups.order_by("due_on").first()
    followups.follow_up_record(
        actor=actor, follow_up_id=follow_up.pk, done_on=today, channel="sms", outcome="reached", coerced=False
    )
    state = place_add(actor=actor, kind="state", name="Catalogue state")
    district = place_add(actor=actor, kind="district", name="Nadia", parent_id=state.pk)
    area = place_add(actor=actor, kind="red_light_area", name="Para", parent_id=district.pk)
    raid = violations.incident_record(
        actor=actor, incident_type="raid", start_date=today, place_id=district.pk, verification="confirmed"
    )
    involvements.affected_add(actor=actor, incident_id=raid.pk, person_id=she.pk, acts=["picked_up"])
    board = screening.board_create(actor=actor, area_id=area.pk, name="Board", quorum=1)
    screening.presentation_record(
        actor=actor,
        board_id=board.pk,
        person_id=she.pk,
        presented_on=today,
        arrived_on=today,
        brought_by="herself",
    )
    return she


def _totals(organisation) -> dict[str, int]:
    month = catalogue.month_label(catalogue.month_index(dates.today()))
    return {
        name: sum(
            map(
                sum, catalogue.build(organisation, catalogue.frame(table=name, start=month, end=month)).counts
            )
        )
        for name in catalogue.CATALOGUE
    }


def test_a_person_who_withdrew_statistics_consent_is_absent_from_every_catalogue_table_computed_afterwards(
    personas,
):
    she = _in_every_table(personas.supervisor)
    before = _totals(personas.org)
    assert all(n >= 1 for n in before.values()), before
    for name in catalogue.CATALOGUE:
        assert she.pk in set(STATISTICS_SOURCES[f"evidence.{name}"].people(personas.org)), name
    consent = Consent.objects.get(person=she, purpose="statistics", withdrawn_at__isnull=True)
    grants.consent_withdraw(actor=personas.supervisor, consent_id=consent.pk)
    after = _totals(personas.org)
    assert after == {name: n - 1 for name, n in before.items()}
    for name in catalogue.CATALOGUE:
        assert she.pk not in set(STATISTICS_SOURCES[f"evidence.{name}"].people(personas.org)), name


@pytest.mark.parametrize(
    ("choice", "field"),
    [
        ({"table": "nothing"}, "table"),
        ({"start": "2026-13"}, "start"),
        ({"start": "2026-06", "end": "2026-01"}, "end"),
        ({"start": "2020-01", "end": "2026-01"}, "end"),
        ({"rows": "names"}, "rows"),
        ({"columns": ["gender", "gender"]}, "columns"),
        ({"level": "block"}, "level"),
        ({"within": "Nadia"}, "within"),
    ],
)
def test_a_bad_choice_is_refused_with_a_message_for_its_field(choice, field):
    asked = {"table": "care-outcomes", "start": "2026-01", "end": "2026-06", **choice}
    with pytest.raises(ValidationError) as caught:
        catalogue.frame(**asked)
    assert field in caught.value.message_dict


def test_every_table_names_its_kind_dimensions_and_places():
    for table in catalogue.CATALOGUE.values():
        assert table.dimensions and table.levels and callable(table.source) and callable(table.places)
        for d in table.dimensions:
            assert d.choices(), (table.name, d.key)
