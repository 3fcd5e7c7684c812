"""Reads of boards and screenings. Rows stay with people roles; indicators go through the disclosure gate."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from sathi.accounts.models import Membership
from sathi.audit.services import log_action
from sathi.lib import palermo
from sathi.lib.errors import NotFound
from sathi.people import policy, sealing, selectors
from sathi.people.vault import PersonVault
from sathi.places.models import Place, PlaceKind
from sathi.screening.models import Board, Screening
from sathi.screening.vocab import READING_TEXT, REASON_TEXT, Classification


@dataclass
class SuggestionView:
    reading: str
    classification: str
    reasons: list[str]


@dataclass
class ScreeningView:
    screening: Screening
    suggestions: list[SuggestionView]
    consent_words: str | None
    site_words: str = ""  # a site not on the places list, as the actor may read it (location class)


def board_presentations(actor: Membership, board: Board, limit: int = 50) -> list:
    """The latest presentations of people the actor sees (her assignments; all of them for a supervisor):
    a board page is one more door to her record, under the same policy."""
    from sathi.people.models import Person

    return list(
        board.presentations.filter(person__in=policy.visible_people(actor, Person.objects.all()))
        .select_related("person", "screening__decision")
        .order_by("-presented_on")[:limit]
    )


def boards(actor: Membership) -> list[Board]:
    return list(
        Board.objects.filter(organisation_id=actor.organisation_id).select_related("area").order_by("name")
    )


def screening_sites(actor: Membership) -> list[Place]:
    """The places a screening may be about: the red-light areas, and the sites the actor's organisation
    recorded (a site belongs to the organisation that recorded it)."""
    return list(
        Place.objects.filter(
            Q(kind=PlaceKind.RED_LIGHT_AREA) | Q(kind=PlaceKind.SITE, organisation_id=actor.organisation_id)
        ).order_by("kind", "name")[:500]
    )


def screening_view(*, actor: Membership, screening_id) -> ScreeningView:
    screening = (
        Screening.objects.filter(pk=screening_id, organisation_id=actor.organisation_id)
        .select_related("person", "presentation__board", "site")
        .first()
        if screening_id
        else None
    )
    if screening is None:
        raise NotFound
    selectors.person_get(actor=actor, person_id=screening.person_id)
    words = None
    if screening.consent_words_sealed and policy.decide(
        actor, policy.Verb.READ, field_class=policy.FieldClass.VIOLENCE
    ):
        words = PersonVault.open(screening.person).open_field(
            screening, "consent_words", screening.consent_words_sealed
        )
        log_action(
            actor=actor.user_id,
            organisation=actor.organisation_id,
            action="screening.consent_words_opened",
            target=screening,
            fields=["consent_words"],
        )
    views = [
        SuggestionView(
            reading=str(READING_TEXT[palermo.Reading(s["reading"])]),
            classification=str(Classification(s["classification"]).label),
            reasons=[str(REASON_TEXT[palermo.Reason(r)]) for r in s["reasons"]],
        )
        for s in screening.suggestions
    ]
    decision = getattr(screening, "decision", None)
    if decision is not None:
        sealing.reveal(
            actor, [decision], "differs_reason_sealed", "police_reason_sealed", "social_welfare_plan_sealed"
        )
    site_words = sealing.read(actor, screening, "site_words_sealed") or ""
    return ScreeningView(screening=screening, suggestions=views, consent_words=words, site_words=site_words)


# --- re-appearance alerts -----------------------------------------------------------------------


def alerts_to_act(actor: Membership) -> list:
    """Alerts the actor's organisation must act on (it removed her), not yet acknowledged: for its board
    members and supervisors."""
    from sathi.screening.models import ReappearanceAlert

    if not policy.decide(actor, policy.Verb.ACT_ON_ALERT):
        return []
    return list(
        ReappearanceAlert.objects.filter(organisation_id=actor.organisation_id, acknowledged_at__isnull=True)
        .select_related("board", "presented_to", "presentation__person", "earlier_decision")
        .order_by("-raised_at")[:100]
    )


@dataclass
class Notice:
    """What the board she presents to now learns: that an earlier decision exists. Its content only when
    her consent to share with this board's organisation is in force."""

    presented_on: object
    code: str
    classification: str | None  # None: not shared
    decided_on: object | None


def board_notices(board: Board) -> list[Notice]:
    from sathi.people.consent import consent_allows
    from sathi.people.vocab import ConsentPurpose
    from sathi.screening.models import ReappearanceAlert

    alerts = (
        ReappearanceAlert.objects.filter(presented_to=board)
        .exclude(board=board)
        .select_related("presentation__person", "earlier_decision__screening__person")
        .order_by("-raised_at")[:50]
    )
    notices = []
    for alert in alerts:
        earlier = alert.earlier_decision
        shared = consent_allows(
            earlier.screening.person, ConsentPurpose.SHARE_WITH_ORGANISATION, board.organisation_id
        )
        notices.append(
            Notice(
                presented_on=alert.presentation.presented_on,
                code=alert.presentation.person.display_code,
                classification=Classification(earlier.classification).label if shared else None,
                decided_on=earlier.decided_on if shared else None,
            )
        )
    return notices
