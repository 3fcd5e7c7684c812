"""The prevention home of a place (issue 11, item 11): its profile, its offices, the open asks and the
silences, its dialogues and assessment rounds; for the place and every place inside it (a block's
panchayats and villages). Each part is there only for the roles the policy lets read it: the numbers
(through the disclosure gate) for roles that read prevention's numbers, the records for roles that keep them.

Built for a block of a busy district (bench/prevention_bench.py): the open asks and the silences are found in
SQL (an ask with no real answer yet, from the ask's own row), never by walking every ask in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from sathi.accounts.models import Membership
from sathi.lib import disclosure
from sathi.lib.errors import Forbidden, NotFound
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.places.models import Place, PlaceKind
from sathi.prevention import dialogues as dialogue_reads
from sathi.prevention.models import Answer, Ask, Assessment, Dialogue, Round, Stakeholder
from sathi.prevention.selectors import (
    AskView,
    OfficeNumbers,
    PlaceNumbers,
    accountability,
    heat_grid,
    in_places,
    norms_grid,
    places_under,
    view_of,
)

OPEN_ASKS_SHOWN = 50
# What a list of open asks shows (and its state is computed from): not the offices' whole rows.
OPEN_ASK_FIELDS = ("kind", "asked_on", "due_on", "stakeholder__name", "stakeholder__kind")
OFFICES_SHOWN = 100  # the most silent offices; the numbers per place count every one


@dataclass
class PlaceHome:
    place: Place
    children: list[Place]
    factors: disclosure.Protected | None = None
    norms: disclosure.Protected | None = None
    offices: list[Stakeholder] = field(default_factory=list)  # the place's own
    offices_inside: int = 0  # the offices of the places inside it
    open_asks: list[AskView] = field(default_factory=list)  # the oldest due first, silences before waits
    silences: int = 0
    waiting: int = 0
    dialogues: list[Dialogue] = field(default_factory=list)
    assessments: list[Assessment] | None = None
    numbers: list[OfficeNumbers] = field(default_factory=list)  # per office, the most silent first
    by_place: list[PlaceNumbers] = field(default_factory=list)  # per place inside it


def shared_place_for(place_id) -> Place:
    found = Place.objects.exclude(kind=PlaceKind.SITE).filter(pk=place_id).select_related("parent").first()
    if found is None:
        raise NotFound
    return found


def open_asks(actor: Membership, inside: list[int] | None, *, limit: int = OPEN_ASKS_SHOWN) -> list[AskView]:
    """The oldest due of the asks to offices in these places (None: every office) with no real answer yet
    ("no reply" is none). Past its due date one is a silence: Sathi's own record, never typed. How many
    there are is in the numbers (OfficeNumbers.silent and .waiting), counted in the same pass as the rest."""
    rows = Ask.objects.filter(organisation_id=actor.organisation_id, first_answer_on__isnull=True)
    if inside is not None:
        rows = rows.filter(in_places("stakeholder__jurisdiction_id", inside))
    shown = (
        rows.select_related("stakeholder")
        .only(*OPEN_ASK_FIELDS)
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("answered_on", "pk")))
        .order_by("due_on", "pk")[:limit]
    )
    return [view_of(a, list(a.answers.all())) for a in shown]


def open_counts(numbers: list[OfficeNumbers]) -> tuple[int, int]:
    """(silences, waiting) over every office counted."""
    return sum(n.silent for n in numbers), sum(n.waiting for n in numbers)


def place_home(actor: Membership, place_id) -> PlaceHome:
    if not any(
        policy.decide(actor, what) for what in (Kind.PREVENTION, Kind.PREVENTION_NUMBERS, Verb.MANAGE_PLACES)
    ):
        raise Forbidden  # shared geography is no secret: refused by role, as the places list is
    place = shared_place_for(place_id)
    home = PlaceHome(place, list(place.children.exclude(kind=PlaceKind.SITE).order_by("name")[:200]))
    column_of = places_under(place.pk)
    inside = list(column_of)
    if policy.decide(actor, Kind.PREVENTION_NUMBERS):
        home.factors = heat_grid(actor, column_of=column_of)
        home.norms = norms_grid(actor, column_of=column_of)
        rounds = Round.objects.filter(in_places("places", inside)).values("assessment_id")
        home.assessments = list(
            Assessment.objects.filter(organisation_id=actor.organisation_id, pk__in=rounds)
            .prefetch_related("rounds")
            .order_by("-created_at")[:20]
        )
    if policy.decide(actor, Kind.PREVENTION):
        # Its own offices by name; those of the places inside it are counted, and the most silent of them
        # are in the numbers below (a block holds hundreds: VLCPCs, schools, ASHA workers' centres).
        offices = Stakeholder.objects.filter(
            in_places("jurisdiction_id", inside), organisation_id=actor.organisation_id
        )
        home.offices = list(
            offices.filter(jurisdiction=place).select_related("jurisdiction").order_by("kind", "name")
        )
        home.offices_inside = offices.exclude(jurisdiction=place).count()
        home.open_asks = open_asks(actor, inside)
        home.dialogues = dialogue_reads.dialogues(actor, place_ids=inside, limit=20)
        numbers, home.by_place = accountability(actor, column_of, by_place=len(column_of) > 1)
        home.silences, home.waiting = open_counts(numbers)
        home.numbers = numbers[:OFFICES_SHOWN]
    return home
