"""Reads for prevention: lists for roles that keep the records, numbers (through the disclosure gate) for
every role the policy lets read them. An ask's state is computed from its dates and answers, never typed: a
silence is recorded by Sathi itself when the due date passes with no answer."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

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
    found, frontier = [place_id], [place_id]
    while frontier:
        frontier = list(
            Place.objects.filter(parent_id__in=frontier)
            .exclude(kind=PlaceKind.SITE)
            .values_list("pk", flat=True)
        )
        found += frontier
    return found


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


def office_numbers(actor: Membership, *, place_id: int | None = None) -> list[OfficeNumbers]:
    """Per office, over all its asks: made, answered in time, refused, silent now, and the median days to a
    first real answer ("no reply" is not one). They count asks to offices, not people."""
    require(actor, Kind.PREVENTION)
    today = timezone.localdate()
    real = Answer.objects.filter(ask=OuterRef("pk")).exclude(outcome=Outcome.NO_REPLY)
    rows = Ask.objects.filter(organisation_id=actor.organisation_id)
    inside = places_within(place_id)
    if inside is not None:
        rows = rows.filter(stakeholder__jurisdiction_id__in=inside)
    rows = rows.annotate(
        first_on=Subquery(real.order_by("answered_on", "pk").values("answered_on")[:1]),
        latest=Subquery(real.order_by("-answered_on", "-pk").values("outcome")[:1]),
    ).values_list("stakeholder_id", "asked_on", "due_on", "first_on", "latest")
    tally: dict[int, dict] = {}
    for office_id, asked_on, due_on, first_on, latest in rows.iterator(chunk_size=2000):
        t = tally.setdefault(office_id, {"made": 0, "in_time": 0, "refused": 0, "silent": 0, "days": []})
        t["made"] += 1
        if first_on is None:
            t["silent"] += today > due_on
            continue
        t["days"].append((first_on - asked_on).days)
        t["in_time"] += first_on <= due_on
        t["refused"] += latest == Outcome.REFUSED
    offices = Stakeholder.objects.in_bulk(list(tally))
    numbers = [
        OfficeNumbers(
            offices[office_id],
            made=t["made"],
            answered_in_time=t["in_time"],
            refused=t["refused"],
            silent=t["silent"],
            median_days=statistics.median(t["days"]) if t["days"] else None,
        )
        for office_id, t in tally.items()
    ]
    return sorted(numbers, key=lambda n: (-n.silent, n.office.name))


# --- the heat grid and the power grid -----------------------------------------------------------------------


def _threshold(actor: Membership) -> int:
    return actor.organisation.disclosure_threshold


def _places_of(actor: Membership, place_id: int | None, model) -> list[Place]:
    rows = model.objects.filter(organisation_id=actor.organisation_id)
    inside = places_within(place_id)
    if inside is not None:
        rows = rows.filter(place_id__in=inside)
    ids = rows.values_list("place_id", flat=True).distinct()
    return list(Place.objects.filter(pk__in=ids).order_by("name"))


def heat_grid(actor: Membership, *, place_id: int | None = None, model=VulnerabilityReport, code="factor"):
    """Respondents who named each factor (or practice) for each place, through the disclosure gate: these
    count people who spoke, so a small count is hidden with its complement."""
    require(actor, Kind.PREVENTION_NUMBERS)
    vocab = Factor if code == "factor" else Protection
    places = _places_of(actor, place_id, model)
    sums = {
        (row["place_id"], row[code]): row["n"]
        for row in model.objects.filter(organisation_id=actor.organisation_id, place__in=places)
        .values("place_id", code)
        .annotate(n=Sum("respondents"))
    }
    codes = [c for c in vocab.values if any((p.pk, c) in sums for p in places)]
    counts = [[sums.get((p.pk, c), 0) for p in places] for c in codes]
    return disclosure.protect_table(
        counts,
        rows=[str(vocab(c).label) for c in codes],
        columns=[p.name for p in places],
        threshold=_threshold(actor),
    )


def norms_grid(actor: Membership, *, place_id: int | None = None):
    """Protective norms and practices by place, beside the factors (003 finding 11)."""
    return heat_grid(actor, place_id=place_id, model=ProtectiveNorm, code="practice")


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
