"""The rules that raise flags on a case. Run after every placement or plan change and daily (tasks.py).

Flags are raised by these checks and stay until a worker resolves them with a reason; the one exception
is a placement that ended, whose flags close with that fact as their reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from sathi.audit.services import log_action
from sathi.care.models import Case, CaseFlag, Placement
from sathi.care.vocab import FlagKind, LegalBasis, Wish
from sathi.lib import agerange
from sathi.people import sealing

# Seed 004: an adult found to have been trafficked stays in a government aftercare home for a minimum of
# 21 days, "during that time, she can determine whether she wants to return home". Beyond that, holding an
# adult who has said she wants to leave is holding her against her stated wish.
HELD_LIMIT_DAYS = 21


@dataclass(frozen=True)
class WishState:
    wish: str
    since: date  # the first day of the latest unbroken run of this wish


def wish_state(placement: Placement) -> WishState:
    history = [(placement.entry_date, placement.wish_at_entry)]
    history += [
        (r.reviewed_on, r.wish) for r in sorted(placement.reviews.all(), key=lambda r: (r.reviewed_on, r.pk))
    ]
    wish, since = history[-1][1], history[-1][0]
    for day, earlier in reversed(history):
        if earlier != wish:
            break
        since = day
    return WishState(wish, since)


def has_current_order(placement: Placement, today: date) -> bool:
    if placement.legal_basis == LegalBasis.VOLUNTARY or placement.order_date is None:
        return False
    return placement.order_until is None or placement.order_until >= today


def held_against_wish(placement: Placement, is_minor: bool, today: date) -> int | None:
    """Days she has been held against her stated wish, if this adult's placement breaks the rule."""
    if is_minor or placement.exit_date is not None:
        return None
    state = wish_state(placement)
    if state.wish != Wish.LEAVE:
        return None
    days = (today - state.since).days
    if not has_current_order(placement, today) or days > HELD_LIMIT_DAYS:
        return days
    return None


def _raise(case: Case, kind: str, placement: Placement | None = None) -> None:
    flag, created = CaseFlag.objects.get_or_create(
        case=case, kind=kind, placement=placement, resolved_at__isnull=True
    )
    if created:  # raised by the system: no worker is the actor
        log_action(
            actor=None,
            organisation=case.organisation_id,
            action="flag.raised_by_check",
            target=flag,
            fields=["kind"],
        )


def _close(case: Case, kind: str, placement: Placement | None, resolution: str) -> None:
    # One flag at most (the constraints); the resolution is sealed like a worker's, bound to its row.
    for flag in CaseFlag.objects.filter(case=case, kind=kind, placement=placement, resolved_at__isnull=True):
        log_action(
            actor=None,
            organisation=case.organisation_id,
            action="flag.closed_by_check",
            target=flag,
            fields=["resolution", "resolved_at"],
        )
        flag.resolved_at = timezone.now()
        flag.resolution_sealed = sealing.seal(flag, "resolution_sealed", resolution)
        flag.save(update_fields=["resolved_at", "resolution_sealed"])


def placement_checks(case: Case, today: date) -> None:
    is_minor = case.person.age_status == agerange.Status.MINOR
    for placement in Placement.objects.filter(case=case).prefetch_related("reviews"):
        if placement.exit_date is not None:
            _close(case, FlagKind.HELD_AGAINST_WISH, placement, "The placement ended.")
            _close(case, FlagKind.CWC_REVIEW_OVERDUE, placement, "The placement ended.")
            continue
        if held_against_wish(placement, is_minor, today) is not None:
            _raise(case, FlagKind.HELD_AGAINST_WISH, placement)
        if is_minor and placement.next_cwc_review and placement.next_cwc_review < today:
            _raise(case, FlagKind.CWC_REVIEW_OVERDUE, placement)
        elif placement.next_cwc_review and placement.next_cwc_review >= today:
            _close(case, FlagKind.CWC_REVIEW_OVERDUE, placement, "A new review date was set.")


@dataclass(frozen=True)
class AgeOut:
    days_soonest: int  # to her 18th birthday from the older end of her age range
    days_latest: int  # from the younger end
    open_items: int
    last_target: date | None
    cannot_finish: bool


def age_out(case: Case, today: date, open_targets: list[date]) -> AgeOut | None:
    """The age-out countdown of a minor (or a disputed age): her plan races her 18th birthday (004)."""
    person = case.person
    if (
        person.age_status not in (agerange.Status.MINOR, agerange.Status.DISPUTED)
        or person.born_earliest is None
    ):
        return None
    assessment = agerange.Assessment(
        agerange.Status(person.age_status), person.born_earliest, person.born_latest, None
    )
    soonest, latest = assessment.days_to_majority(today)
    if latest < 0:
        return None
    last = max(open_targets) if open_targets else None
    cannot_finish = last is not None and (last - today).days > soonest
    return AgeOut(soonest, latest, len(open_targets), last, cannot_finish)


def age_out_check(case: Case, today: date) -> None:
    targets = list(case.plan_items.filter(done_on__isnull=True).values_list("target_date", flat=True))
    state = age_out(case, today, targets)
    if state is not None and state.cannot_finish:
        _raise(case, FlagKind.AGE_OUT)
    else:
        _close(case, FlagKind.AGE_OUT, None, "The plan can now finish in time.")


def run_all(case: Case, today: date | None = None) -> None:
    today = today or timezone.localdate()
    placement_checks(case, today)
    age_out_check(case, today)
