"""The prevention home of a place (issue 11, item 11): its profile, its offices, the open asks and the
silences, its dialogues and assessment rounds; for the place and every place inside it (a block's
panchayats and villages). Each part is there only for the roles the policy lets read it: the numbers
(through the disclosure gate) for roles that read prevention's numbers, the records for roles that keep them.

Built for a block of a busy district (bench/prevention.py): the open asks and the silences are found in SQL
(an ask with no real answer), never by walking every ask in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

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
    heat_grid,
    norms_grid,
    office_numbers,
    place_numbers,
    places_under,
    view_of,
)
from sathi.prevention.vocab import Outcome

OPEN_ASKS_SHOWN = 50
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


def open_asks(actor: Membership, inside: list[int], *, limit: int = OPEN_ASKS_SHOWN):
    """Asks to offices in these places with no real answer yet ("no reply" is none): (shown, silences,
    waiting). A silence is one past its due date: Sathi's own record, never typed."""
    today = timezone.localdate()
    real = Answer.objects.filter(ask=OuterRef("pk")).exclude(outcome=Outcome.NO_REPLY)
    rows = Ask.objects.filter(
        organisation_id=actor.organisation_id, stakeholder__jurisdiction_id__in=inside
    ).filter(~Exists(real))
    counts = rows.aggregate(
        silent=Count("pk", filter=Q(due_on__lt=today)), waiting=Count("pk", filter=Q(due_on__gte=today))
    )
    silences, waiting = counts["silent"], counts["waiting"]
    shown = list(
        rows.select_related("stakeholder")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("answered_on", "pk")))
        .order_by("due_on", "pk")[:limit]
    )
    return [view_of(a, list(a.answers.all())) for a in shown], silences, waiting


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
        rounds = Round.objects.filter(places__in=inside).values("assessment_id")
        home.assessments = list(
            Assessment.objects.filter(organisation_id=actor.organisation_id, pk__in=rounds)
            .prefetch_related("rounds")
            .order_by("-created_at")[:20]
        )
    if policy.decide(actor, Kind.PREVENTION):
        # Its own offices by name; those of the places inside it are counted, and the most silent of them
        # are in the numbers below (a block holds hundreds: VLCPCs, schools, ASHA workers' centres).
        offices = Stakeholder.objects.filter(
            organisation_id=actor.organisation_id, jurisdiction_id__in=inside
        )
        home.offices = list(
            offices.filter(jurisdiction=place).select_related("jurisdiction").order_by("kind", "name")
        )
        home.offices_inside = offices.exclude(jurisdiction=place).count()
        home.open_asks, home.silences, home.waiting = open_asks(actor, inside)
        home.dialogues = dialogue_reads.dialogues(actor, place_ids=inside, limit=20)
        home.numbers = office_numbers(actor, column_of=column_of)[:OFFICES_SHOWN]
        if len(column_of) > 1:
            home.by_place = place_numbers(actor, column_of)
    return home
