"""Placements: where she stays, its reviews and her exit. Each checks access, validates, writes, audits."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.care import checks
from sathi.care.models import (
    Case,
    Placement,
    PlacementReview,
    Provider,
)
from sathi.care.services import case_for, require_person_role
from sathi.care.vocab import (
    LegalBasis,
    PlacementCondition,
    PlacementKind,
    Wish,
)
from sathi.core import dates
from sathi.core.cleaning import clean_choice, clean_text
from sathi.core.versions import bump_version
from sathi.lib.errors import NotFound
from sathi.people import safety
from sathi.people.vault import PersonVault

# --- placements --------------------------------------------------------------------------------


def placement_start(
    *,
    actor: Membership,
    case_id,
    kind: str,
    legal_basis: str,
    entry_date: date,
    wish_at_entry: str,
    order_date: date | None = None,
    order_until: date | None = None,
    facility: str = "",
    provider_id: int | None = None,
    next_cwc_review: date | None = None,
    conditions: list[str] = (),
) -> Placement:
    """Place her. Leaving sex work can never be a condition: only the listed conditions exist (002)."""
    require_person_role(actor)
    case_for(actor, case_id)  # access before validation: others learn nothing
    kind = clean_choice(kind, PlacementKind, field="kind")
    legal_basis = clean_choice(legal_basis, LegalBasis, field="legal_basis")
    wish_at_entry = clean_choice(wish_at_entry, Wish, field="wish_at_entry")
    entry_date = dates.clean_date(entry_date, "entry_date", not_future=True)
    if list(conditions) and any(c not in PlacementCondition.values for c in conditions):
        raise ValidationError(
            {
                "conditions": _(
                    "Leaving sex work, or any condition not on the list, cannot be "
                    "asked of the person in return for care."
                )
            }
        )
    conditions = list(dict.fromkeys(conditions))
    facility = clean_text(facility, field="facility", max_length=300)
    if legal_basis != LegalBasis.VOLUNTARY:
        if order_date is None:
            raise ValidationError({"order_date": _("Give the date of the order.")})
        dates.clean_date(order_date, "order_date", not_future=True)
        if order_until is not None and order_until < order_date:
            raise ValidationError({"order_until": _("An order cannot end before it was made.")})
    provider = Provider.objects.filter(pk=provider_id).first() if provider_id else None
    with transaction.atomic():
        case = case_for(actor, case_id, lock=True)
        if Placement.objects.filter(case=case, exit_date__isnull=True).exists():
            raise ValidationError(
                {"kind": _("The person is already in a placement. Record the exit from it first.")}
            )
        if kind == PlacementKind.FAMILY:
            safety.require_safe_home(actor=actor, person=case.person, field="kind")
        placement = Placement(
            case=case,
            kind=kind,
            legal_basis=legal_basis,
            entry_date=entry_date,
            wish_at_entry=wish_at_entry,
            order_date=order_date,
            order_until=order_until,
            provider=provider,
            next_cwc_review=next_cwc_review,
            conditions=conditions,
        )
        if facility:
            placement.facility_sealed = PersonVault.open(case.person).seal(placement, "facility", facility)
        placement.full_clean(exclude=["facility_sealed"])
        placement.save(force_insert=True)
        bump_version(case)
        log_member_action(
            actor,
            "placement.started",
            placement,
            ["kind", "legal_basis", "entry_date", "wish_at_entry", "conditions"],
        )
        checks.placement_checks(case, dates.today())
    return placement


def _placement_visible(actor: Membership, placement_id) -> None:
    case_id = Placement.objects.filter(pk=placement_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound
    case_for(actor, case_id)


def _placement_for(actor: Membership, placement_id) -> tuple[Placement, Case]:
    placement = (
        Placement.objects.select_for_update().filter(pk=placement_id).first() if placement_id else None
    )
    if placement is None:
        raise NotFound
    return placement, case_for(actor, placement.case_id, lock=True)


def placement_review(
    *, actor: Membership, placement_id, reviewed_on: date, wish: str, next_cwc_review: date | None = None
) -> PlacementReview:
    """Her wish at a review (stay or leave). The checks run again at once."""
    require_person_role(actor)
    _placement_visible(actor, placement_id)
    wish = clean_choice(wish, Wish, field="wish")
    reviewed_on = dates.clean_date(reviewed_on, "reviewed_on", not_future=True)
    with transaction.atomic():
        placement, case = _placement_for(actor, placement_id)
        if reviewed_on < placement.entry_date:
            raise ValidationError({"reviewed_on": _("A review cannot come before the person entered.")})
        review = PlacementReview.objects.create(
            placement=placement, reviewed_on=reviewed_on, wish=wish, recorded_by_id=actor.user_id
        )
        if next_cwc_review is not None:
            placement.next_cwc_review = next_cwc_review
            placement.save(update_fields=["next_cwc_review"])
        bump_version(case)
        log_member_action(actor, "placement.reviewed", review, ["wish", "reviewed_on"])
        checks.placement_checks(case, dates.today())
    return review


def placement_exit(*, actor: Membership, placement_id, exit_date: date) -> Placement:
    require_person_role(actor)
    _placement_visible(actor, placement_id)
    exit_date = dates.clean_date(exit_date, "exit_date", not_future=True)
    with transaction.atomic():
        placement, case = _placement_for(actor, placement_id)
        if placement.exit_date is not None:
            raise ValidationError({"exit_date": _("The person has already left this placement.")})
        if exit_date < placement.entry_date:
            raise ValidationError({"exit_date": _("The exit date cannot be before the entry date.")})
        placement.exit_date = exit_date
        placement.save(update_fields=["exit_date"])
        bump_version(case)
        log_member_action(actor, "placement.ended", placement, ["exit_date"])
        checks.placement_checks(case, dates.today())
    return placement
