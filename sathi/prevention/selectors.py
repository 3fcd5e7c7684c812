"""Reads for prevention: lists for roles that keep the records, numbers (through the disclosure gate) for
every role the policy lets read them. An ask's state is computed from its dates and answers, never typed: a
silence is recorded by Sathi itself when the due date passes with no answer."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import Prefetch, Q, Sum
from django.db.models.expressions import RawSQL
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


def sessions(actor: Membership, *, limit: int = 200, offset: int = 0) -> list[ResearchSession]:
    require(actor, Kind.PREVENTION)
    rows = ResearchSession.objects.filter(organisation_id=actor.organisation_id).select_related("place")
    return list(rows.order_by("-held_on", "-pk")[offset : offset + limit])


def stakeholder_rows(actor: Membership, *, place_id: int | None = None):
    """The organisation's offices (of one place), by kind and name."""
    require(actor, Kind.PREVENTION)
    rows = Stakeholder.objects.filter(organisation_id=actor.organisation_id).select_related("jurisdiction")
    if place_id:
        rows = rows.filter(jurisdiction_id=place_id)
    return rows.order_by("kind", "name", "pk")


def stakeholders(
    actor: Membership, *, place_id: int | None = None, limit: int = 500, offset: int = 0
) -> list[Stakeholder]:
    return list(stakeholder_rows(actor, place_id=place_id)[offset : offset + limit])


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
    """The place and every shared place inside it (a block's panchayats and villages); None: everywhere."""
    if not place_id:
        return None
    return list(places_under(place_id))


# The tree below a place in one statement (PostgreSQL and SQLite alike); a place tree has at most six
# levels, the depth bound only guards against a cycle.
PLACES_UNDER_SQL = """
WITH RECURSIVE inside(id, col, depth) AS (
    SELECT id, id, 0 FROM places_place WHERE id = %s
    UNION ALL
    SELECT p.id, CASE WHEN i.depth = 0 THEN p.id ELSE i.col END, i.depth + 1
      FROM places_place p JOIN inside i ON p.parent_id = i.id
     WHERE p.kind <> %s AND i.depth < 12
) SELECT id, col FROM inside
"""


def places_under(place_id: int) -> dict[int, int]:
    """Every shared place in and under `place_id`, mapped to the child of `place_id` it lies in (the place
    itself to itself): how a block's home counts its villages under their panchayats."""
    with connection.cursor() as cursor:
        cursor.execute(PLACES_UNDER_SQL, [place_id, PlaceKind.SITE.value])
        return dict(cursor.fetchall())


def in_places(field: str, places) -> Q:
    """`field` is one of these places. On PostgreSQL the ids go as one array, not one parameter each: a
    district holds hundreds of places, and binding them one by one costs more than the query."""
    places = list(places)
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__in": RawSQL("SELECT unnest(%s::bigint[])", (places,))})
    return Q(**{f"{field}__in": places})


def ask_rows(actor: Membership, *, stakeholder_id: int | None = None, place_id: int | None = None):
    """The asks (an office's, or those to offices in and under a place), the latest first."""
    require(actor, Kind.PREVENTION)
    rows = Ask.objects.filter(organisation_id=actor.organisation_id)
    if stakeholder_id:
        rows = rows.filter(stakeholder_id=stakeholder_id)
    inside = places_within(place_id)
    if inside is not None:
        rows = rows.filter(in_places("stakeholder__jurisdiction_id", inside))
    return rows.order_by("-asked_on", "-pk")


def asks(
    actor: Membership,
    *,
    stakeholder_id: int | None = None,
    place_id: int | None = None,
    limit: int = 300,
    offset: int = 0,
) -> list[AskView]:
    """A window of the latest asks (an office's, or those to offices in and under a place) with their
    computed state."""
    rows = ask_rows(actor, stakeholder_id=stakeholder_id, place_id=place_id)
    shown = rows.select_related("stakeholder").prefetch_related(_answers_prefetch())
    return [view_of(ask, list(ask.answers.all())) for ask in shown[offset : offset + limit]]


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


@dataclass(frozen=True)
class Office:
    """An office as its numbers name it (a district's thousands are not loaded as whole rows)."""

    pk: int
    kind: str
    name: str
    jurisdiction_id: int

    @property
    def id(self) -> int:
        return self.pk


@dataclass
class OfficeNumbers:
    office: Office
    made: int
    answered_in_time: int
    refused: int
    silent: int
    waiting: int  # no real answer yet, not yet due
    median_days: float | None


@dataclass
class PlaceNumbers:
    place: Place
    made: int
    answered_in_time: int
    refused: int
    silent: int
    waiting: int  # no real answer yet, not yet due
    median_days: float | None


def office_numbers(
    actor: Membership, *, place_id: int | None = None, column_of: dict[int, int] | None = None
) -> list[OfficeNumbers]:
    """Per office, over all its asks: made, answered in time, refused, silent now, and the median days to a
    first real answer ("no reply" is not one). They count asks to offices, not people."""
    inside = column_of if column_of is not None else _identity(places_within(place_id))
    return accountability(actor, inside, by_place=False)[0]


def place_numbers(actor: Membership, column_of: dict[int, int]) -> list[PlaceNumbers]:
    """The same numbers per place inside a place (a district's blocks), over the asks to every office in
    and under each: the "per place" indicators of the accountability report."""
    return accountability(actor, column_of)[1]


def accountability(
    actor: Membership, column_of: dict[int, int] | None, *, by_place: bool = True
) -> tuple[list[OfficeNumbers], list[PlaceNumbers]]:
    """The numbers per office (the most silent first) and, with `by_place`, per place that `column_of` (from
    places_under) maps the places inside to; None: every office of the organisation. One pass over the asks:
    one statement on PostgreSQL."""
    require(actor, Kind.PREVENTION)
    by_place = by_place and column_of is not None
    today = timezone.localdate()
    if connection.vendor == "postgresql":
        offices, places = _tally_sql(actor.organisation_id, column_of, today, by_place)
    else:
        offices, places = _tally(actor.organisation_id, column_of, today, by_place)
    numbers = sorted(
        (OfficeNumbers(Office(*office), *t) for office, t in offices.items()),
        key=lambda n: (-n.silent, n.office.name),
    )
    shown = Place.objects.in_bulk(list(places))
    return numbers, sorted(
        (PlaceNumbers(shown[pk], *t) for pk, t in places.items()), key=lambda n: n.place.name
    )


def _identity(inside: list[int] | None) -> dict[int, int] | None:
    return None if inside is None else {pk: pk for pk in inside}


def _tally(organisation_id: int, column_of, today: date, by_place: bool) -> tuple[dict, dict]:
    """The numbers counted in Python in one pass over each ask's row (SQLite)."""
    rows = Ask.objects.filter(organisation_id=organisation_id)
    if column_of is not None:
        rows = rows.filter(stakeholder__jurisdiction_id__in=list(column_of))
    offices: dict[int, dict] = {}
    places: dict[int, dict] = {}
    office = ("stakeholder_id", "stakeholder__kind", "stakeholder__name", "stakeholder__jurisdiction_id")
    fields = ("asked_on", "due_on", "first_answer_on", "latest_outcome")
    for row in rows.values_list(*office, *fields).iterator(chunk_size=2000):
        asked_on, due_on, first_on, latest = row[4:]
        for tally, key in ((offices, row[:4]), (places, column_of[row[3]] if by_place else None)):
            if key is None:
                continue
            t = tally.setdefault(
                key, {"made": 0, "in_time": 0, "refused": 0, "silent": 0, "waiting": 0, "days": []}
            )
            t["made"] += 1
            if first_on is None:
                t["silent" if today > due_on else "waiting"] += 1
                continue
            t["days"].append((first_on - asked_on).days)
            t["in_time"] += first_on <= due_on
            t["refused"] += latest == Outcome.REFUSED

    def numbers(t: dict) -> tuple:
        median = statistics.median(t["days"]) if t["days"] else None
        return (t["made"], t["in_time"], t["refused"], t["silent"], t["waiting"], median)

    return {k: numbers(t) for k, t in offices.items()}, {k: numbers(t) for k, t in places.items()}


# The same numbers in one statement on PostgreSQL: one row an ask (its first real answer and latest outcome
# are on it), the counts and the median (percentile_cont) in the database, per office and, in the same pass,
# per place (GROUPING SETS), so that a district's 50,000 asks are read once and never carried into Python
# (bench/prevention_bench.py).
TALLY_SQL = """
WITH numbers AS (
    SELECT a.stakeholder_id AS office, {keys},
           count(*) AS made,
           count(*) FILTER (WHERE a.first_answer_on <= a.due_on) AS in_time,
           count(*) FILTER (WHERE a.latest_outcome = 'refused') AS refused,
           count(*) FILTER (WHERE a.first_answer_on IS NULL AND a.due_on < %(today)s) AS silent,
           count(*) FILTER (WHERE a.first_answer_on IS NULL AND a.due_on >= %(today)s) AS waiting,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY a.first_answer_on - a.asked_on) AS median
      FROM prevention_ask a {join}
     WHERE a.organisation_id = %(org)s
     GROUP BY {group}
)
SELECT s.id, s.kind, s.name, s.jurisdiction_id, n.col, n.per_place,
       n.made, n.in_time, n.refused, n.silent, n.waiting, n.median
  FROM numbers n LEFT JOIN prevention_stakeholder s ON s.id = n.office
"""


def tally_sql(within: bool, by_place: bool) -> str:
    """The statement per office, and (by_place) per larger place through a mapping of places to columns
    (parameters `places` and `columns`); `within`: only the offices of the places in `places`. The offices'
    names are joined after the counting: the sorts of the counting carry only the asks' own columns, which
    the index prev_ask_numbers holds in office order."""
    join = (
        "JOIN prevention_stakeholder j ON j.id = a.stakeholder_id"
        " JOIN unnest(%(places)s::bigint[], %(columns)s::bigint[]) m(place, col)"
        " ON m.place = j.jurisdiction_id"
    )
    if by_place:
        keys = "m.col AS col, GROUPING(a.stakeholder_id) AS per_place"
        group = "GROUPING SETS ((a.stakeholder_id), (m.col))"
    else:
        keys, group = "NULL::bigint AS col, 0 AS per_place", "a.stakeholder_id"
    return TALLY_SQL.format(keys=keys, group=group, join=join if within or by_place else "")


def _tally_sql(organisation_id: int, column_of, today: date, by_place: bool) -> tuple[dict, dict]:
    params = {"org": organisation_id, "today": today}
    if column_of is not None:
        params["places"], params["columns"] = list(column_of), list(column_of.values())
    offices, places = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(tally_sql(column_of is not None, by_place), params)
        for row in cursor.fetchall():
            office, (col, per_place), median = row[:4], row[4:6], row[-1]
            numbers = (*row[6:-1], None if median is None else _whole(median))
            if per_place:
                places[col] = numbers
            else:
                offices[office] = numbers
    return offices, places


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
        rows = rows.filter(in_places("place_id", column_of))
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
