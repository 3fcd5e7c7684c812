"""The chain of risk (003, Table I; issue 11, item 3): which points of vulnerability in the life courses
came before an entry into sex work, or a re-entry, counted by place of origin and age band.

Only protected counts leave this module: people are read here, in the relations app, and what is returned
is a table after the disclosure gate (sathi.lib.disclosure.protect_table: small cells hidden with their
complements). Only people whose statistics consent is in force now are counted (sathi.people.consent);
a withdrawal takes the person out of the next table.

A point "came before" the entry when both are dated the same way (the person's age, or a year) and the
point is not later. An event that cannot be ordered against the entry is not counted: a chain of risk is an
order of events, and a guess would invent one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sathi.accounts.models import Membership
from sathi.lib import disclosure
from sathi.lib.errors import Forbidden
from sathi.people import policy
from sathi.people.consent import counted, statistics_source
from sathi.people.models import Person
from sathi.people.vocab import Region
from sathi.relations.models import LifeEvent, LifeFactor
from sathi.relations.vocab import PROTECTIVE_FACTORS, EventKind, Factor

ENTRY = "entry"
RE_ENTRY = "re_entry"
TRANSITIONS = {
    ENTRY: (EventKind.ENTRY_COERCED, EventKind.ENTRY_OWN_DECISION),
    RE_ENTRY: (EventKind.RE_ENTRY,),
}
ADVERSE = {
    EventKind.SEXUAL_VIOLENCE,
    EventKind.FOOD_WITHHELD,
    EventKind.PARENT_REMARRIAGE,
    EventKind.ILLNESS,
    EventKind.DISABILITY,
}
# The chain's points (003: childhood, adolescence, marriage, migration; and before a re-entry, what the
# state did: 000's stories of raids, shelters and returns home).
POINTS = {
    "childhood": gettext_lazy("Childhood: violence, neglect or loss before 12"),
    "adolescence": gettext_lazy("Adolescence: violence, neglect or loss at 12 to 17"),
    "early_marriage": gettext_lazy("Marriage before 18"),
    "marriage": gettext_lazy("Marriage at 18 or later"),
    "migration": gettext_lazy("Migration"),
    "childbirth": gettext_lazy("Childbirth"),
    "rescue_or_raid": gettext_lazy("A rescue or a raid"),
    "shelter_stay": gettext_lazy("A shelter stay"),
    "return_home": gettext_lazy("A return home"),
}
# Age bands at the entry (the same cut at 18 as every other count of minors).
BANDS = (
    ("under_18", gettext_lazy("Under 18"), 0),
    ("18_24", gettext_lazy("18 to 24"), 18),
    ("25_34", gettext_lazy("25 to 34"), 25),
    ("35_plus", gettext_lazy("35 or older"), 35),
)
UNKNOWN = "unknown"
BAND_CODES = [code for code, _label, _floor in BANDS] + [UNKNOWN]
POINT_CODES = list(POINTS) + [f"factor:{f}" for f in Factor.values if f not in PROTECTIVE_FACTORS]


def _age(event: LifeEvent, person: Person) -> int | None:
    """Her age at the event: as recorded, or from the year when her birth year is certain."""
    if event.age is not None:
        return event.age
    earliest, latest = person.born_earliest, person.born_latest
    if event.year and earliest and latest and earliest.year == latest.year:
        return event.year - earliest.year
    return None


def _band(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    return [code for code, _label, floor in BANDS if age >= floor][-1]


def _before(event: LifeEvent, entry: LifeEvent, person: Person) -> bool:
    if event.pk == entry.pk:
        return False
    if event.year is not None and entry.year is not None:
        return event.year <= entry.year
    age, at = _age(event, person), _age(entry, person)
    return age is not None and at is not None and age <= at


def _point(event: LifeEvent, person: Person) -> str | None:
    age = _age(event, person)
    if event.kind in ADVERSE:
        if age is None or age >= 18:
            return None
        return "childhood" if age < 12 else "adolescence"
    if event.kind == EventKind.MARRIAGE:
        return "early_marriage" if age is not None and age < 18 else "marriage"
    return str(event.kind) if str(event.kind) in POINTS else None


def _origin(person: Person) -> str:
    if person.origin_district:
        return person.origin_district.strip()
    if person.origin_state:
        return str(Region(person.origin_state).label)
    return _("Origin not known")


def _people(organisation_id: int, transition: str):
    return counted(Person.objects.filter(organisation_id=organisation_id)).filter(
        life_events__kind__in=TRANSITIONS[transition]
    )


@statistics_source("relations.chain_of_risk")
def _chain_people(organisation):
    ids = set()
    for transition in TRANSITIONS:
        ids |= set(_people(organisation.pk, transition).values_list("pk", flat=True))
    return Person.objects.filter(pk__in=ids).values_list("pk", flat=True)


@dataclass(frozen=True)
class ChainOfRisk:
    """Rows are (place of origin, point), columns the age band at the entry. A cell counts people; a person
    with several points is in several rows, so the totals count mentions, not people."""

    transition: str
    rows: list[tuple[str, str]]  # (origin, point code), in the table's order
    bands: list[str]  # the band code of each column
    table: disclosure.Protected
    people: disclosure.ProtectedCounts  # people counted, by place of origin


def chain_of_risk(*, actor: Membership, transition: str = ENTRY) -> ChainOfRisk:
    """The protected table for the actor's organisation. For every role that reads prevention's numbers."""
    if not policy.decide(actor, policy.Kind.PREVENTION_NUMBERS):
        raise Forbidden
    if transition not in TRANSITIONS:
        transition = ENTRY
    people = list(
        _people(actor.organisation_id, transition)
        .distinct()
        .only("pk", "origin_district", "origin_state", "born_earliest", "born_latest")
        .prefetch_related(
            Prefetch(
                "life_events", queryset=LifeEvent.objects.only("pk", "person_id", "kind", "year", "age")
            ),
            Prefetch(
                "factors",
                queryset=LifeFactor.objects.exclude(factor__in=PROTECTIVE_FACTORS).prefetch_related("events"),
            ),
        )
    )
    cells: Counter = Counter()
    per_origin: Counter = Counter()
    for person in people:
        events = list(person.life_events.all())
        entries = [e for e in events if e.kind in TRANSITIONS[transition]]
        entry = min(
            entries, key=lambda e: (_age(e, person) if _age(e, person) is not None else 999, e.year or 9999)
        )
        band, origin = _band(_age(entry, person)), _origin(person)
        per_origin[origin] += 1
        earlier = [e for e in events if _before(e, entry, person)]
        points = {p for p in (_point(e, person) for e in earlier) if p}
        earlier_ids = {e.pk for e in earlier}
        points |= {
            f"factor:{f.factor}"
            for f in person.factors.all()
            if any(e.pk in earlier_ids for e in f.events.all())
        }
        for point in points:
            cells[(origin, point, band)] += 1
    bands, order = BAND_CODES, POINT_CODES
    rows = sorted({(o, p) for o, p, _b in cells}, key=lambda r: (r[0], order.index(r[1])))
    threshold = actor.organisation.disclosure_threshold
    table = disclosure.protect_table(
        [[cells[(o, p, b)] for b in bands] for o, p in rows],
        rows=[f"{o} · {point_label(p)}" for o, p in rows],
        columns=[band_label(b) for b in bands],
        threshold=threshold,
    )
    origins = sorted(per_origin)
    shown = disclosure.protect_counts([per_origin[o] for o in origins], origins, threshold=threshold)
    return ChainOfRisk(transition, rows, bands, table, shown)


def point_label(code: str) -> str:
    if code.startswith("factor:"):
        return str(Factor(code.removeprefix("factor:")).label)
    return str(POINTS[code])


def band_label(code: str) -> str:
    return str(dict((c, label) for c, label, _f in BANDS).get(code, _("Age not known")))
