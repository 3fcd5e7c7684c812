"""A district's prevention records in bulk, for the benchmark (bench/prevention_bench.py): its blocks, gram
panchayats and villages, the offices of each level, what communities said of each village, and a ledger of
asks with their answers over two years.

The rows are what the services write (sathi/demo/tests/test_prevention_rows.py compares them): an office
with its kind, name and jurisdiction; an ask with its kind, channel, dates and who recorded it; answers on
or after the ask. Free text stays empty (nothing to seal). One audit event for the run, as the population
generator writes one.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from sathi.audit.services import log_action
from sathi.places.models import Place, PlaceKind
from sathi.prevention.models import Answer, Ask, Stakeholder, VulnerabilityReport
from sathi.prevention.vocab import AskKind, Channel, Outcome

CHUNK = 5000
# Offices of each level (003 section 12): the district's, a block's, a panchayat's, a village's.
DISTRICT_OFFICES = [
    "district_magistrate",
    "superintendent_of_police",
    "dsw",
    "cwc",
    "dlsa",
    "ahtu",
    "childline",
]
BLOCK_OFFICES = ["bdo", "police_station", "wdo"]
VILLAGE_OFFICES = ["vlcpc", "asha_anganwadi", "school"]
# Who is asked how often: the offices with the duties the asks are about.
WEIGHT = {"bdo": 30, "police_station": 30, "panchayat": 6, "vlcpc": 2, "district_magistrate": 40}
OUTCOMES = [Outcome.ACTED, Outcome.PARTLY, Outcome.REFUSED, Outcome.NO_REPLY]


@dataclass
class DistrictMade:
    district: Place
    blocks: list[Place]
    offices: int
    asks: int
    answers: int
    seconds: float


def _places(kind: str, names: list[str], parent: Place | None) -> list[Place]:
    return Place.objects.bulk_create(Place(kind=kind, name=name, parent=parent) for name in names)


def generate_district(
    *,
    organisation,
    recorded_by_id: int,
    name: str = "Bench district",
    blocks: int = 5,
    panchayats: int = 80,
    villages: int = 600,
    stakeholders: int = 2000,
    asks: int = 50_000,
    seed: int = 1,
    today: date | None = None,
) -> DistrictMade:
    rng = random.Random(seed)  # noqa: S311  (synthetic data, not secrets)
    started, today = time.monotonic(), today or timezone.localdate()
    with transaction.atomic():
        (state,) = _places(PlaceKind.STATE, [f"{name} state"], None)
        (district,) = _places(PlaceKind.DISTRICT, [name], state)
        block_rows = _places(PlaceKind.BLOCK, [f"Block {b + 1}" for b in range(blocks)], district)
        gp_rows = []
        for index in range(panchayats):
            gp_rows += _places(
                PlaceKind.GRAM_PANCHAYAT, [f"Panchayat {index + 1}"], block_rows[index % blocks]
            )
        village_rows = []
        for index in range(villages):
            village_rows.append(
                Place(kind=PlaceKind.VILLAGE, name=f"Village {index + 1}", parent=gp_rows[index % panchayats])
            )
        village_rows = Place.objects.bulk_create(village_rows)
        offices = _offices(organisation, district, block_rows, gp_rows, village_rows, stakeholders)
        Stakeholder.objects.bulk_create(offices, batch_size=CHUNK)
        reports = [
            VulnerabilityReport(
                organisation=organisation,
                place=village,
                factor=factor,
                period_start=today - timedelta(days=365),
                period_end=today,
                source="focus_group",
                reported_on=today - timedelta(days=30),
                cohort="community",
                respondents=rng.randint(3, 20),
                recorded_by_id=recorded_by_id,
            )
            for village in village_rows
            for factor in rng.sample(
                ["poverty", "early_marriage", "distress_migration", "climate_salinity"], 2
            )
        ]
        VulnerabilityReport.objects.bulk_create(reports, batch_size=CHUNK)
        made_asks, made_answers = _ledger(organisation, offices, asks, recorded_by_id, rng, today)
        log_action(
            actor=recorded_by_id,
            organisation=organisation.pk,
            action="prevention.generated",
            target=district,
            fields=["places", "stakeholders", "asks", "answers"],
        )
    return DistrictMade(
        district, block_rows, len(offices), made_asks, made_answers, time.monotonic() - started
    )


def _offices(organisation, district, blocks, panchayats, villages, total: int) -> list[Stakeholder]:
    def office(kind: str, place: Place, label: str) -> Stakeholder:
        return Stakeholder(
            organisation=organisation, kind=kind, name=f"{label} {place.name}", jurisdiction=place
        )

    rows = [office(kind, district, kind.upper()) for kind in DISTRICT_OFFICES]
    rows += [office(kind, block, kind.upper()) for block in blocks for kind in BLOCK_OFFICES]
    rows += [office("panchayat", gp, "Office of") for gp in panchayats]
    for kind in VILLAGE_OFFICES:
        rows += [office(kind, village, kind.upper()) for village in villages if len(rows) < total]
    index = 0
    while len(rows) < total:  # NGOs and community leaders make up the rest
        village = villages[index % len(villages)]
        rows.append(office("ngo" if index % 2 else "community_leader", village, f"Group {index + 1}"))
        index += 1
    return rows[:total]


def _ledger(organisation, offices, count: int, recorded_by_id: int, rng, today: date) -> tuple[int, int]:
    weights = [WEIGHT.get(o.kind, 1) for o in offices]
    kinds, channels = list(AskKind.values), [Channel.LETTER, Channel.MEETING, Channel.RTI, Channel.DIALOGUE]
    made = answers = 0
    while made < count:
        chunk, replies = [], []
        for office in rng.choices(offices, weights=weights, k=min(CHUNK, count - made)):
            asked = today - timedelta(days=rng.randint(0, 730))
            channel = rng.choice(channels)
            kind = AskKind.RTI_APPLICATION if channel == Channel.RTI else rng.choice(kinds)
            due = asked + timedelta(days=30 if channel == Channel.RTI else rng.choice([7, 15, 30, 60]))
            ask = Ask(
                organisation=organisation,
                stakeholder=office,
                kind=kind,
                channel=channel,
                asked_on=asked,
                due_on=due,
                recorded_by_id=recorded_by_id,
            )
            chunk.append(ask)
            replies += _answers(ask, rng, today, recorded_by_id)
        chunk = Ask.objects.bulk_create(chunk)
        Answer.objects.bulk_create(replies, batch_size=CHUNK)
        made, answers = made + len(chunk), answers + len(replies)
    return made, answers


def _answers(ask: Ask, rng, today: date, recorded_by_id: int) -> list[Answer]:
    """An ask's answers, and where they leave it (its first real answer, its latest outcome), as
    services.answer_insert writes them."""
    roll = rng.random()
    if roll < 0.25:
        return []  # never answered: a silence once due
    first = ask.asked_on + timedelta(days=rng.randint(1, 90))
    if first > today:
        return []
    outcome = rng.choices(OUTCOMES, weights=[45, 20, 20, 15])[0]
    replies = [Answer(ask=ask, answered_on=first, outcome=outcome, recorded_by_id=recorded_by_id)]
    if outcome == Outcome.NO_REPLY and roll > 0.6:  # a real answer later, after the chasing
        later = first + timedelta(days=rng.randint(5, 60))
        if later <= today:
            replies.append(
                Answer(ask=ask, answered_on=later, outcome=Outcome.ACTED, recorded_by_id=recorded_by_id)
            )
    real = [r for r in replies if r.outcome != Outcome.NO_REPLY]
    if real:
        ask.first_answer_on, ask.latest_outcome = real[0].answered_on, real[-1].outcome
    return replies
