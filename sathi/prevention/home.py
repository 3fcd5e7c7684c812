"""The prevention home of a place (issue 11, item 11): its profile, its offices, the open asks and the
silences, its dialogues and assessment rounds; for the place and every place inside it (a block's
panchayats and villages). Each part is there only for the roles the policy lets read it: the numbers
(through the disclosure gate) for roles that read prevention's numbers, the records for roles that keep them.

Built for a block of a busy district (bench/prevention_bench.py): the numbers, the offices by silence and
the open asks are read a window at a time through sathi/prevention/ledger.py, the silences counted over
every ask from an index, never by walking every ask in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sathi.accounts.models import Membership
from sathi.lib import disclosure
from sathi.lib.errors import Forbidden, NotFound
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.places.models import Place, PlaceKind
from sathi.prevention import dialogues as dialogue_reads
from sathi.prevention import ledger
from sathi.prevention.models import Assessment, Dialogue, Round, Stakeholder
from sathi.prevention.selectors import (
    AskView,
    OfficeNumbers,
    PlaceNumbers,
    heat_grid,
    in_places,
    norms_grid,
    places_under,
)


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
    offices_asked: int = 0  # how many offices of the place and inside it were asked anything
    by_place: list[PlaceNumbers] = field(default_factory=list)  # per place inside it


def shared_place_for(place_id) -> Place:
    found = Place.objects.exclude(kind=PlaceKind.SITE).filter(pk=place_id).select_related("parent").first()
    if found is None:
        raise NotFound
    return found


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
        # The oldest open asks and the most silent offices, a window of each: the report pages the rest.
        home.open_asks = ledger.open_asks(actor, inside)
        home.dialogues = dialogue_reads.dialogues(actor, place_ids=inside, limit=20)
        window = ledger.offices(actor, inside)
        home.numbers, home.offices_asked = window.rows, window.total
        home.by_place = ledger.by_place(actor, column_of) if len(column_of) > 1 else []
        home.silences, home.waiting = ledger.open_counts(actor, inside)
    return home
