"""The raid report and response indicators: every number through the gate; shares only from published counts.

The generated raids are shaped like the study behind seed 001 ("Raided", 2018): 243 women raided in four
towns; 79% said they were in sex work by their own decision; 168 of the 218 released (77%) returned to sex
work. The other numbers (minors, undertakings, violence, phones, hours) are invented for the test.
"""

import csv
import io
import random
import statistics
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from sathi.audit.models import AuditEvent
from sathi.lib.errors import Forbidden
from sathi.places.services import place_add
from sathi.violations import report, responses, services
from sathi.violations.models import AffectedPerson, Incident, Outcome
from sathi.violations.tests.conftest import days_ago

START, END = date(2017, 1, 1), date(2017, 12, 31)
TOWNS = {"Town A": 72, "Town B": 64, "Town C": 57, "Town D": 50}  # 243 women
RAIDS_PER_TOWN = 4


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def generate_raided(actor, state) -> dict:
    """Raids through the services (as workers record them); the 243 women and their outcomes in bulk."""
    rng = random.Random(2018)
    women = sum(TOWNS.values())
    order = list(range(women))
    rng.shuffle(order)
    said_yes = set(order[:192])  # 192 / 243 = 79.0%
    rng.shuffle(order)
    released = order[:218]
    returned = set(released[:168])  # 168 / 218 = 77.1%
    undertakings = ["forced"] * 90 + ["without_understanding"] * 40 + ["with_understanding"] * 20
    undertakings += ["refused"] * 30 + ["not_asked"] * 50 + ["not_known"] * 13
    rng.shuffle(undertakings)
    violent = set(rng.sample(range(women), 150))
    police_minors, verified_minors = iter(_split(29, 16)), iter(_split(7, 16))
    hours = iter([12, 18, 20, 24, 24, 30, 36, 40, 48, 48, 60, 72, 72, 96, 120, 24])
    affected, raids, held = [], [], []
    index = 0
    for town, count in TOWNS.items():
        district = place_add(actor=actor, kind="district", name=town, parent_id=state.pk)
        for n, picked_up in enumerate(_split(count, RAIDS_PER_TOWN)):
            incident = services.incident_record(
                actor=actor,
                incident_type="raid",
                start_date=date(2017, 2 + 2 * n, 10 + n),
                place_id=district.pk,
                verification="confirmed",
            )
            held.append(next(hours))
            services.raid_details_save(
                actor=actor,
                incident_id=incident.pk,
                legal_basis="itpa" if n % 2 else "none_stated",
                itpa_sections=["15"] if n % 2 else [],
                picked_up_known=picked_up,
                minors_per_police=next(police_minors),
                minors_verified=next(verified_minors),
                held_hours=held[-1],
                phones_taken=6,
                phones_returned=2,
            )
            raids.append(incident)
            for _ in range(picked_up):
                acts = ["picked_up", "undertaking"] + (["beaten"] if index in violent else [])
                affected.append(
                    AffectedPerson(
                        incident=incident,
                        gender="woman",
                        age_band="25_34",
                        picked_up=True,
                        acts=acts,
                        own_decision="yes" if index in said_yes else "no",
                        undertaking=undertakings[index],
                        recorded_by_id=actor.user_id,
                    )
                )
                index += 1
    AffectedPerson.objects.bulk_create(affected)
    outcomes = []
    for i in released:
        raid_day = affected[i].incident.start_date
        outcomes.append(
            Outcome(
                affected=affected[i],
                kind="released",
                on=raid_day + timedelta(days=2),
                recorded_by_id=actor.user_id,
            )
        )
        if i in returned:
            outcomes.append(
                Outcome(
                    affected=affected[i],
                    kind="returned",
                    on=raid_day + timedelta(days=40),
                    recorded_by_id=actor.user_id,
                )
            )
    Outcome.objects.bulk_create(outcomes)
    return {"raids": raids, "held": held}


@pytest.fixture
def state(worker):
    return place_add(actor=worker, kind="state", name="Maharashtra")


def test_the_raid_report_reproduces_the_shares_of_raided(personas, worker, state):
    generated = generate_raided(worker, state)
    result = report.raid_report(actor=personas.analyst, start=START, end=END)
    assert result.raids == 16
    assert result.picked_up == 243 and result.documented == 243
    assert result.own_decision.counts == (192, 51, 0)
    assert round(result.share_own_decision * 100) == 79
    assert result.released.counts == (168, 50) and result.released.total == 218
    assert round(result.share_returned * 100) == 77
    assert result.police_record.counts == (29, 214, 0) and result.verified_age.counts == (7, 236, 0)
    assert result.share_minors_police == round(29 / 243, 4) and result.share_minors_verified == round(
        7 / 243, 4
    )
    assert result.share_signed == round(150 / 230, 4)  # of those whose answer is known
    assert result.share_violence == round(150 / 243, 4)
    assert result.phones.total == 96 and result.phones.counts == (32, 64, 0)
    assert result.legal_basis.counts[:2] == (8, 8)
    assert result.persons_per_raid == round(243 / 16, 1)
    assert result.median_detention_hours == statistics.median(generated["held"])
    # One town alone: 72 women in 4 raids, so the per-raid figures of that district are hidden.
    town = report.raid_report(
        actor=personas.analyst, start=START, end=END, district_id=generated["raids"][0].district_id
    )
    assert town.picked_up == 72 and town.raids is None and town.median_detention_hours is None


def make_raids(actor, district, *, n: int, picked_up: int, verified=(), police=()):
    """n raids in a district, each picking up `picked_up` women who each have a record of their own."""
    raids = []
    for i in range(n):
        incident = services.incident_record(
            actor=actor,
            incident_type="raid",
            start_date=days_ago(60 - i),
            place_id=district.pk,
            verification="confirmed",
        )
        services.raid_details_save(
            actor=actor,
            incident_id=incident.pk,
            legal_basis="none_stated",
            picked_up_known=picked_up,
            minors_verified=verified[i] if verified else None,
            minors_per_police=police[i] if police else None,
            held_hours=24 + i,
        )
        AffectedPerson.objects.bulk_create(
            AffectedPerson(
                incident=incident,
                picked_up=True,
                acts=["picked_up"],
                own_decision="yes",
                undertaking="forced" if j < 3 and i == 0 else "refused",
                recorded_by_id=actor.user_id,
            )
            for j in range(picked_up)
        )
        raids.append(incident)
    return raids


def test_a_district_with_three_raids_shows_no_per_raid_figures(personas, worker, state):
    district = place_add(actor=worker, kind="district", name="Small District", parent_id=state.pk)
    make_raids(worker, district, n=3, picked_up=20, police=(2, 2, 2), verified=(0, 0, 0))
    result = report.raid_report(
        actor=personas.analyst, start=days_ago(90), end=days_ago(0), district_id=district.pk
    )
    assert result.raids is None
    assert result.persons_per_raid is None and result.median_detention_hours is None
    assert set(result.legal_basis.counts) == {None} and result.legal_basis.total is None
    assert result.picked_up == 60  # a count of persons, not of raids, and large enough to show
    rows = report.report_rows(result)
    per_raid = [
        r for r in rows if r[0] in ("Raids", "Persons picked up per raid", "Median detention (hours)")
    ]
    assert [r[2] for r in per_raid] == ["suppressed"] * 3


def test_small_cells_and_their_complements_are_suppressed(personas, worker, state):
    district = place_add(actor=worker, kind="district", name="Six Raids", parent_id=state.pk)
    make_raids(worker, district, n=6, picked_up=10, verified=(2, 0, 0, 0, 0, 0), police=(4, 4, 4, 4, 4, 4))
    result = report.raid_report(
        actor=personas.analyst, start=days_ago(90), end=days_ago(0), district_id=district.pk
    )
    assert result.raids == 6 and result.picked_up == 60
    # 2 verified minors are hidden, and so is their complement, so that 60 - 58 cannot give them away.
    assert result.verified_age.counts == (None, None, 0) and result.verified_age.total == 60
    assert result.share_minors_verified is None
    assert result.police_record.counts == (24, 36, 0) and result.share_minors_police == 0.4
    # 3 forced to sign: hidden, with a complement; the share who signed needs every signed cell, so it hides.
    undertakings = dict(zip(result.undertakings.labels, result.undertakings.counts, strict=True))
    assert undertakings["forced"] is None and result.undertakings.suppressed_count >= 2
    assert undertakings["refused"] is None and result.share_signed is None
    assert result.undertakings.total == 60
    assert result.median_detention_hours == 26.5 and result.persons_per_raid == 10.0


def test_the_threshold_of_the_organisation_applies(personas, worker, state):
    district = place_add(actor=worker, kind="district", name="Threshold", parent_id=state.pk)
    make_raids(worker, district, n=6, picked_up=10)
    shown = report.raid_report(
        actor=personas.analyst, start=days_ago(90), end=days_ago(0), district_id=district.pk
    )
    assert shown.raids == 6
    hidden = report.raid_report(
        actor=personas.analyst, start=days_ago(90), end=days_ago(0), district_id=district.pk, threshold=7
    )
    assert hidden.raids is None and hidden.persons_per_raid is None


def test_unlikely_incidents_and_other_organisations_raids_are_not_counted(personas, worker, state):
    district = place_add(actor=worker, kind="district", name="Counted", parent_id=state.pk)
    raids = make_raids(worker, district, n=6, picked_up=5)
    version = Incident.objects.get(pk=raids[0].pk).version
    services.incident_update(actor=worker, incident_id=raids[0].pk, version=version, verification="unlikely")
    make_raids(personas.outsider, district, n=5, picked_up=5)
    result = report.raid_report(
        actor=personas.analyst, start=days_ago(90), end=days_ago(0), district_id=district.pk
    )
    assert result.raids == 5 and result.picked_up == 25


def test_response_times_are_medians_through_the_gate(personas, worker, raid):
    reported = timezone.now() - timedelta(days=20)
    for hours in (2, 4, 6, 8, 10):
        response = responses.response_add(
            actor=worker,
            incident_id=raid.pk,
            action="legal_aid",
            reported_at=reported,
            first_response_at=reported + timedelta(hours=hours),
        )
    for days in (1, 3):
        responses.response_add(
            actor=worker,
            incident_id=raid.pk,
            action="bail",
            reported_at=reported,
            first_response_at=reported + timedelta(hours=1),
            resolved_at=reported + timedelta(days=days),
            outcome="achieved",
        )
    result = report.response_indicators(actor=personas.analyst, start=days_ago(30), end=days_ago(0))
    assert result.responded == 7 and result.median_hours_to_first_response == 4.0
    assert result.resolved is None and result.median_days_to_resolution is None  # 2 resolved: hidden
    actions = dict(zip(result.actions.labels, result.actions.counts, strict=True))
    # 2 bail responses are hidden, and 5 legal aid with them: the total of 7 would give the 2 away.
    assert actions["legal_aid"] is None and actions["bail"] is None and result.actions.total == 7
    assert response.version == 1


def test_the_csv_and_xlsx_hold_the_suppressed_tables_and_the_export_is_audited(personas, worker, state):
    district = place_add(actor=worker, kind="district", name="=HYPERLINK(1)", parent_id=state.pk)
    make_raids(worker, district, n=6, picked_up=10, verified=(2, 0, 0, 0, 0, 0))
    args = {"start": days_ago(90), "end": days_ago(0), "district_id": district.pk}
    rows = list(
        csv.reader(io.StringIO(report.raid_report_export(actor=personas.analyst, fmt="csv", **args).decode()))
    )
    assert rows[0] == ["Measure", "Category", "Value"]
    by_key = {(r[0], r[1]): r[2] for r in rows}
    assert by_key[("District", "'=HYPERLINK(1)")] == ""  # never a formula
    assert by_key[("Persons picked up, by verified age", "Minors by verified age")] == "suppressed"
    assert by_key[("Persons picked up, by verified age", "Total")] == "60"
    book = load_workbook(io.BytesIO(report.raid_report_export(actor=personas.analyst, fmt="xlsx", **args)))
    cells = {(r[0], r[1]): r[2] for r in book.active.iter_rows(min_row=2, values_only=True)}
    assert cells[("Raids", None)] == 6  # numbers stay numbers
    assert cells[("Persons picked up, by verified age", "Minors by verified age")] == "suppressed"
    assert not any(isinstance(v, str) and v.startswith("=") for row in cells for v in row if v)
    exports = AuditEvent.objects.filter(action="raid_report.exported")
    assert exports.count() == 2 and set(exports.values_list("target_id", flat=True)) == {str(district.pk)}


def test_only_the_analyst_and_roles_with_the_violence_class_get_the_report(personas):
    for member in (personas.peer_worker, personas.org_admin, personas.auditor):
        with pytest.raises(Forbidden):
            report.raid_report(actor=member, start=START, end=END)
    for member in (personas.analyst, personas.supervisor, personas.board_member, personas.legal_advocate):
        assert report.raid_report(actor=member, start=START, end=END).raids == 0


def test_a_period_that_ends_before_it_starts_and_a_place_that_is_not_a_district_are_refused(personas, places):
    with pytest.raises(ValidationError) as err:
        report.raid_report(actor=personas.analyst, start=END, end=START)
    assert "end" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        report.raid_report(actor=personas.analyst, start=START, end=END, district_id=places.site.pk)
    assert "district" in err.value.message_dict
    with pytest.raises(ValidationError):
        report.raid_report_export(actor=personas.analyst, start=START, end=END, fmt="pdf")
