"""The home page: what this worker must do today, gathered from every app that has something due.

It sits on top of the apps (as the pages and the API do) because it reads from care, legal, screening and
prevention. It shows counts first and codes only inside an opened item, never a name: a screen seen over a
shoulder at sign-in tells nobody who the organisation works with.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sathi.accounts.models import Membership
from sathi.care import selectors as care_selectors
from sathi.care.due import DueItem
from sathi.lib import pseudocode
from sathi.people import policy
from sathi.people.policy import Kind
from sathi.prevention.selectors import asks as prevention_asks
from sathi.prevention.vocab import AskState
from sathi.screening.selectors import alerts_to_act
from sathi.screening.selectors import boards as screening_boards

# The order a worker meets them in; a kind a new source adds goes last, under its items' own label.
TITLES = {
    "follow_up": _("Follow-ups"),
    "cwc_review": _("CWC reviews"),
    "plan_target": _("Plan targets"),
    "hearing": _("Hearings and next dates"),
    "production_deadline": _("Production before a magistrate"),
    "age_out": _("Plans that cannot finish before the person turns 18"),
}


@dataclass
class Group:
    kind: str
    title: str
    count: int  # every item due of this kind (the items shown may be fewer)
    items: list[DueItem]

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.overdue)


@dataclass
class Today:
    groups: list[Group]
    alerts: int
    silences: int | None  # asks to offices past their date with no answer; None: not this role's work
    total: int = 0

    def __post_init__(self):
        self.total = sum(g.count for g in self.groups) + self.alerts + (self.silences or 0)


@dataclass
class Link:
    title: str
    url: str
    detail: str = ""


@dataclass
class NumbersHome:
    """For a role that works with numbers, not people: the pages it may open."""

    links: list[Link] = field(default_factory=list)


def today(actor: Membership) -> Today:
    """Her own people's due items this week (and overdue), grouped by kind with counts; alerts; silences."""
    due = care_selectors.due_this_week(actor, scope="mine")
    by_kind: dict[str, list[DueItem]] = {}
    for item in due:
        by_kind.setdefault(item.kind, []).append(replace(item, code=pseudocode.display(item.code)))
    kinds = [k for k in TITLES if k in due.counts] + sorted(set(due.counts) - set(TITLES))
    groups = [
        Group(
            kind=kind,
            title=str(TITLES.get(kind) or (by_kind[kind][0].label if by_kind.get(kind) else _("Other"))),
            count=due.counts[kind],
            items=by_kind.get(kind, []),
        )
        for kind in kinds
        if due.counts[kind]
    ]
    silences = None
    if policy.decide(actor, Kind.PREVENTION):
        silences = sum(1 for view in prevention_asks(actor) if view.state == AskState.SILENT)
    return Today(groups=groups, alerts=len(alerts_to_act(actor)), silences=silences)


def numbers_home(actor: Membership) -> NumbersHome:
    """Each page of numbers the policy lets this role open, with the boards whose numbers it may read."""
    home = NumbersHome()
    if policy.decide(actor, Kind.VIOLATION_REPORT):
        home.links.append(Link(str(_("Raids and responses: the report")), reverse("violations:report")))
    if policy.decide(actor, Kind.BOARD_INDICATORS):
        for board in screening_boards(actor):
            home.links.append(
                Link(
                    str(_("Board numbers")),
                    reverse("screening:indicators", args=[board.pk]),
                    detail=board.name,
                )
            )
    if policy.decide(actor, Kind.PREVENTION_NUMBERS):
        home.links += [
            Link(str(_("Vulnerability profile of places")), reverse("prevention:profile")),
            Link(str(_("Power and interest of offices")), reverse("prevention:grid")),
            Link(str(_("The five prevention models")), reverse("prevention:models")),
        ]
    return home
