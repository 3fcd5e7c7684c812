"""Reads for prevention: lists for roles that keep the records, numbers (through the disclosure gate) for
every role the policy lets read them. An ask's state is computed from its dates and answers, never typed: a
silence is recorded by Sathi itself when the due date passes with no answer."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import OuterRef, Prefetch, Subquery, Sum
from django.utils import timezone

from sathi.accounts.models import Membership
from sathi.lib import disclosure
from sathi.people import policy
from sathi.people.policy import FieldClass, Kind, Verb
from sathi.places.models import Place, PlaceKind
from sathi.prevention.models import (
    Answer,
    Ask,
    ProtectiveNorm,
    Rating,
    ResearchSession,
    Stakeholder,
    VulnerabilityReport,
)
from sathi.prevention.services import require
from sathi.prevention.vocab import (
    HIGHER_OFFICE,
    AskState,
    Cohort,
    Factor,
    OfficeKind,
    Outcome,
    Protection,
    zone,
)

MASK = "•••"


def shared_places() -> list[Place]:
    """The shared geography (sites are each organisation's own and never listed here)."""
    return list(Place.objects.exclude(kind=PlaceKind.SITE).select_related("parent").order_by("kind", "name"))


def office_choices(actor: Membership) -> list[Stakeholder]:
    """The organisation's offices, for a form's list."""
    require(actor, Kind.PREVENTION)
    return list(Stakeholder.objects.filter(organisation_id=actor.organisation_id).order_by("name")[:2000])


def sessions(actor: Membership) -> list[ResearchSession]:
    require(actor, Kind.PREVENTION)
    return list(
        ResearchSession.objects.filter(organisation_id=actor.organisation_id)
        .select_related("place")
        .order_by("-held_on", "-pk")[:200]
    )


def stakeholders(actor: Membership, *, place_id: int | None = None) -> list[Stakeholder]:
    require(actor, Kind.PREVENTION)
    rows = Stakeholder.objects.filter(organisation_id=actor.organisation_id).select_related("jurisdiction")
    if place_id:
        rows = rows.filter(jurisdiction_id=place_id)
    return list(rows.order_by("kind", "name")[:500])


def office_notes(actor: Membership, office: Stakeholder) -> str:
    """The notes as this actor may see them: they may name a person, so they are of the identity class."""
    from sathi.accounts import keys

    if office.notes_sealed is None:
        return ""
    if not policy.decide(actor, Verb.READ, field_class=FieldClass.IDENTITY):
        return MASK
    return keys.open_for_organisation(
        office.organisation_id, office.notes_sealed, f"prevention.stakeholder.notes:{office.pk}"
    )


def answer_reason(actor: Membership, answer: Answer, organisation_id: int) -> str:
    from sathi.accounts import keys

    if answer.reason_sealed is None:
        return ""
    if not policy.decide(actor, Verb.READ, field_class=FieldClass.IDENTITY):
        return MASK
    return keys.open_for_organisation(
        organisation_id, answer.reason_sealed, f"prevention.answer.reason:{answer.pk}"
    )


# --- asks, answers and silences -----------------------------------------------------------------------------


def ask_state(ask: Ask, answers: list[Answer], today: date | None = None) -> AskState:
    """The latest answer decides; with none (or only "no reply") past the due date, a silence."""
    today = today or timezone.localdate()
    real = [a for a in answers if a.outcome != Outcome.NO_REPLY]
    if real:
        return AskState(max(real, key=lambda a: (a.answered_on, a.pk)).outcome)
    return AskState.SILENT if today > ask.due_on else AskState.WAITING


@dataclass
class Step:
    on: date
    what: str  # an Outcome code, "asked" or "silence"
    answer: Answer | None = None


@dataclass
class AskView:
    ask: Ask
    state: AskState
    history: list[Step]
    silent_since: date | None  # the first day of a silence, kept after a late answer too
    escalate_to: list[Stakeholder] = field(default_factory=list)


def ask_history(ask: Ask, answers: list[Answer], today: date | None = None) -> tuple[list[Step], date | None]:
    """The ask, its answers in order, and the silence Sathi records when the due date passed unanswered. A
    later answer does not erase the silence: both stay, in the order they happened."""
    today = today or timezone.localdate()
    steps = [Step(ask.asked_on, "asked")]
    answers = sorted(answers, key=lambda a: (a.answered_on, a.pk))
    first_real = next((a for a in answers if a.outcome != Outcome.NO_REPLY), None)
    silent_since = None
    if (first_real is None and today > ask.due_on) or (first_real and first_real.answered_on > ask.due_on):
        silent_since = ask.due_on + timedelta(days=1)
    events = [Step(a.answered_on, a.outcome, a) for a in answers]
    if silent_since:
        events.append(Step(silent_since, "silence"))
    steps += sorted(events, key=lambda s: (s.on, s.what != "silence"))
    return steps, silent_since


def _answers_prefetch():
    return Prefetch("answers", queryset=Answer.objects.order_by("answered_on", "pk"))


def places_within(place_id: int | None) -> list[int] | None:
    """The place and every shared place inside it (a block's panchayats and villages); None: everywhere.
    At most six levels: one query per level."""
    if not place_id:
        return None
    return list(places_under(place_id))


def places_under(place_id: int) -> dict[int, int]:
    """Every shared place in and under `place_id`, mapped to the child of `place_id` it lies in (the place
    itself to itself): how a block's home counts its villages under their panchayats. One query a level."""
    column_of, frontier = {place_id: place_id}, {}
    children = Place.objects.filter(parent_id=place_id).exclude(kind=PlaceKind.SITE)
    frontier = {pk: pk for pk in children.values_list("pk", flat=True)}
    while frontier:
        column_of.update(frontier)
        below = Place.objects.filter(parent_id__in=list(frontier)).exclude(kind=PlaceKind.SITE)
        frontier = {pk: frontier[parent] for pk, parent in below.values_list("pk", "parent_id")}
    return column_of


def asks(
    actor: Membership, *, stakeholder_id: int | None = None, place_id: int | None = None, limit: int = 300
) -> list[AskView]:
    """The latest asks (an office's, or those to offices in and under a place) with their computed state."""
    require(actor, Kind.PREVENTION)
    rows = Ask.objects.filter(organisation_id=actor.organisation_id).select_related("stakeholder")
    if stakeholder_id:
        rows = rows.filter(stakeholder_id=stakeholder_id)
    inside = places_within(place_id)
    if inside is not None:
        rows = rows.filter(stakeholder__jurisdiction_id__in=inside)
    rows = rows.prefetch_related(_answers_prefetch()).order_by("-asked_on", "-pk")[:limit]
    return [view_of(ask, list(ask.answers.all())) for ask in rows]


def view_of(ask: Ask, answers: list[Answer]) -> AskView:
    history, silent_since = ask_history(ask, answers)
    return AskView(ask, ask_state(ask, answers), history, silent_since)


def escalation_targets(actor: Membership, ask: Ask) -> list[Stakeholder]:
    """Where the next step goes: the office over this one (its recorded higher office, or an office of the
    kind above it for a place this one sits in); an RTI goes to the first appeal at the same office."""
    office = ask.stakeholder
    if office.higher_office_id:
        return [office.higher_office]
    above = HIGHER_OFFICE.get(OfficeKind(office.kind))
    if above is None:
        return [office] if ask.kind == "rti_application" else []
    places = [p.pk for p in office.jurisdiction.ancestors()]
    return list(
        Stakeholder.objects.filter(
            organisation_id=actor.organisation_id, kind=above, jurisdiction_id__in=places
        )
    )


@dataclass
class OfficeNumbers:
    office: Stakeholder
    made: int
    answered_in_time: int
    refused: int
    silent: int
    median_days: float | None


def office_numbers(
    actor: Membership, *, place_id: int | None = None, column_of: dict[int, int] | None = None
) -> list[OfficeNumbers]:
    """Per office, over all its asks: made, answered in time, refused, silent now, and the median days to a
    first real answer ("no reply" is not one). They count asks to offices, not people."""
    require(actor, Kind.PREVENTION)
    inside = list(column_of) if column_of is not None else places_within(place_id)
    tally = _tally(actor.organisation_id, inside)
    offices = Stakeholder.objects.only("id", "name", "kind", "jurisdiction_id").in_bulk(list(tally))
    numbers = [
        OfficeNumbers(offices[office_id], made, in_time, refused, silent, median)
        for office_id, (made, in_time, refused, silent, median) in tally.items()
    ]
    return sorted(numbers, key=lambda n: (-n.silent, n.office.name))


@dataclass
class PlaceNumbers:
    place: Place
    made: int
    answered_in_time: int
    refused: int
    silent: int
    median_days: float | None


def place_numbers(actor: Membership, column_of: dict[int, int]) -> list[PlaceNumbers]:
    """The same numbers per place inside a place (a district's blocks), over the asks to every office in
    and under each: the "per place" indicators of the accountability report."""
    require(actor, Kind.PREVENTION)
    tally = _tally(actor.organisation_id, list(column_of), column_of=column_of)
    places = Place.objects.in_bulk(list(tally))
    return sorted((PlaceNumbers(places[pk], *t) for pk, t in tally.items()), key=lambda n: n.place.name)


def _tally(organisation_id: int, inside: list[int] | None, column_of: dict[int, int] | None = None):
    today = timezone.localdate()
    if connection.vendor == "postgresql":
        return _office_tally_sql(organisation_id, inside, today, column_of)
    return _office_tally(organisation_id, inside, today, column_of)


def _office_tally(
    organisation_id: int, inside: list[int] | None, today: date, column_of: dict[int, int] | None = None
) -> dict[int, tuple]:
    """The numbers counted in Python over each ask's first and latest real answers (SQLite)."""
    real = Answer.objects.filter(ask=OuterRef("pk")).exclude(outcome=Outcome.NO_REPLY)
    rows = Ask.objects.filter(organisation_id=organisation_id)
    if inside is not None:
        rows = rows.filter(stakeholder__jurisdiction_id__in=inside)
    rows = rows.annotate(
        first_on=Subquery(real.order_by("answered_on", "pk").values("answered_on")[:1]),
        latest=Subquery(real.order_by("-answered_on", "-pk").values("outcome")[:1]),
    ).values_list(
        "stakeholder_id", "stakeholder__jurisdiction_id", "asked_on", "due_on", "first_on", "latest"
    )
    tally: dict[int, dict] = {}
    for office_id, place_id, asked_on, due_on, first_on, latest in rows.iterator(chunk_size=2000):
        if column_of is not None:
            office_id = column_of[place_id]  # counted for the place it lies in
        t = tally.setdefault(office_id, {"made": 0, "in_time": 0, "refused": 0, "silent": 0, "days": []})
        t["made"] += 1
        if first_on is None:
            t["silent"] += today > due_on
            continue
        t["days"].append((first_on - asked_on).days)
        t["in_time"] += first_on <= due_on
        t["refused"] += latest == Outcome.REFUSED
    return {
        office_id: (
            t["made"],
            t["in_time"],
            t["refused"],
            t["silent"],
            statistics.median(t["days"]) if t["days"] else None,
        )
        for office_id, t in tally.items()
    }


# The same numbers in one statement on PostgreSQL: each ask's first real answer and its latest outcome in
# one pass over the answers (DISTINCT ON), the counts and the median (percentile_cont) in the database, so
# that a district's 50,000 asks are not carried into Python (bench/prevention_bench.py).
OFFICE_TALLY_SQL = """
WITH asks AS (
    SELECT a.id, {group} AS stakeholder_id, a.asked_on, a.due_on
      FROM prevention_ask a JOIN prevention_stakeholder s ON s.id = a.stakeholder_id {join}
     WHERE a.organisation_id = %(org)s {inside}
), real AS (
    SELECT r.ask_id, r.answered_on, r.outcome, r.id
      FROM prevention_answer r JOIN asks ON asks.id = r.ask_id
     WHERE r.outcome <> 'no_reply'
), firsts AS (
    SELECT ask_id, min(answered_on) AS first_on FROM real GROUP BY ask_id
), latest AS (
    SELECT DISTINCT ON (ask_id) ask_id, outcome FROM real ORDER BY ask_id, answered_on DESC, id DESC
)
SELECT a.stakeholder_id,
       count(*),
       count(*) FILTER (WHERE f.first_on <= a.due_on),
       count(*) FILTER (WHERE l.outcome = 'refused'),
       count(*) FILTER (WHERE f.first_on IS NULL AND a.due_on < %(today)s),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_on - a.asked_on)
  FROM asks a
  LEFT JOIN firsts f ON f.ask_id = a.id
  LEFT JOIN latest l ON l.ask_id = a.id
 GROUP BY a.stakeholder_id
"""


def _office_tally_sql(
    organisation_id: int, inside: list[int] | None, today: date, column_of: dict[int, int] | None = None
) -> dict[int, tuple]:
    params = {"org": organisation_id, "today": today, "inside": inside}
    sql = tally_sql(inside is not None, column_of is not None)
    if column_of is not None:
        params["places"], params["columns"] = list(column_of), list(column_of.values())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            row[0]: (row[1], row[2], row[3], row[4], None if row[5] is None else _whole(row[5]))
            for row in cursor.fetchall()
        }


def tally_sql(within: bool, by_place: bool) -> str:
    """The statement per office, or (by_place) per larger place through a mapping of places to columns."""
    join = "JOIN unnest(%(places)s::int[], %(columns)s::int[]) m(place, col) ON m.place = s.jurisdiction_id"
    return OFFICE_TALLY_SQL.format(
        group="m.col" if by_place else "a.stakeholder_id",
        join=join if by_place else "",
        inside="AND s.jurisdiction_id = ANY(%(inside)s)" if within else "",
    )


def _whole(median: float) -> float | int:
    """As statistics.median gives it: a whole number of days, or a half between two."""
    return int(median) if float(median).is_integer() else float(median)


# --- the heat grid and the power grid -----------------------------------------------------------------------


def _threshold(actor: Membership) -> int:
    return actor.organisation.disclosure_threshold


def heat_grid(
    actor: Membership,
    *,
    place_id: int | None = None,
    model=VulnerabilityReport,
    code="factor",
    column_of: dict[int, int] | None = None,
):
    """Respondents who named each factor (or practice) for each place, through the disclosure gate: these
    count people who spoke, so a small count is hidden with its complement. With `column_of` (from
    places_under), each place's reports count under the larger place it lies in: a block's home shows its
    panchayats, not its hundred villages."""
    require(actor, Kind.PREVENTION_NUMBERS)
    vocab = Factor if code == "factor" else Protection
    rows = model.objects.filter(organisation_id=actor.organisation_id)
    if column_of is None and place_id:
        column_of = {pk: pk for pk in places_within(place_id)}
    if column_of is not None:
        rows = rows.filter(place_id__in=list(column_of))
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for place, value, n in rows.values_list("place_id", code).annotate(n=Sum("respondents")).order_by():
        sums[(column_of[place] if column_of is not None else place, value)] += n
    places = list(Place.objects.filter(pk__in={p for p, _c in sums}).order_by("name"))
    codes = [c for c in vocab.values if any((p.pk, c) in sums for p in places)]
    counts = [[sums.get((p.pk, c), 0) for p in places] for c in codes]
    return disclosure.protect_table(
        counts,
        rows=[str(vocab(c).label) for c in codes],
        columns=[p.name for p in places],
        threshold=_threshold(actor),
    )


def norms_grid(actor: Membership, *, place_id: int | None = None, column_of: dict[int, int] | None = None):
    """Protective norms and practices by place, beside the factors (003 finding 11)."""
    return heat_grid(actor, place_id=place_id, model=ProtectiveNorm, code="practice", column_of=column_of)


@dataclass
class Mark:
    office: str
    cohort: str  # a Cohort label
    cohort_code: str
    power: int
    interest: int
    count: int | None  # suppressed: None
    zone: str  # its label
    zone_code: str


def power_grid(actor: Membership, *, place_id: int | None = None, cohort: str = "") -> list[Mark]:
    """Every (office, cohort, point) with how many put it there. Cohorts are never merged into one mark, so
    two cohorts rating the same office differently both show. Counts pass the disclosure gate."""
    require(actor, Kind.PREVENTION_NUMBERS)
    rows = Rating.objects.filter(session__organisation_id=actor.organisation_id)
    if place_id:
        rows = rows.filter(stakeholder__jurisdiction_id=place_id)
    if cohort:
        rows = rows.filter(session__cohort=cohort)
    grouped = list(
        rows.values("stakeholder__name", "session__cohort", "power", "interest")
        .annotate(n=Sum("respondents"))
        .order_by("stakeholder__name", "session__cohort", "power", "interest")
    )
    labels = [
        f"{r['stakeholder__name']}|{r['session__cohort']}|{r['power']}|{r['interest']}" for r in grouped
    ]
    shown = disclosure.protect_counts([r["n"] for r in grouped], labels, threshold=_threshold(actor))
    return [
        Mark(
            office=r["stakeholder__name"],
            cohort=str(Cohort(r["session__cohort"]).label),
            cohort_code=r["session__cohort"],
            power=r["power"],
            interest=r["interest"],
            count=count,
            zone=str(zone(r["power"], r["interest"]).label),
            zone_code=zone(r["power"], r["interest"]).value,
        )
        for r, count in zip(grouped, shown.counts, strict=True)
    ]
