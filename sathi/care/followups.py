"""Follow-ups after a case closes: contact only with her consent to be contacted."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.care.models import (
    FollowUp,
    Need,
)
from sathi.care.services import MAX_NOTE, case_for, require_person_role
from sathi.care.vocab import (
    ContactOutcome,
    NeedCode,
    Wellbeing,
    need_term,
)
from sathi.core import dates
from sathi.core.cleaning import clean_choice, clean_choices, clean_text
from sathi.core.versions import bump_version
from sathi.lib.errors import NotFound
from sathi.people.consent import contact_consent
from sathi.people.vault import PersonVault
from sathi.people.vocab import ContactChannel

# --- follow-ups --------------------------------------------------------------------------------


def follow_up_record(
    *,
    actor: Membership,
    follow_up_id,
    done_on: date,
    channel: str,
    outcome: str,
    wellbeing: str = "",
    safety_concerns: str = "",
    new_needs: list[str] = (),
    returned_by_choice: bool | None = None,
    coerced: bool | None = None,
) -> FollowUp:
    """What a follow-up found. Contact only by the safe channel she agreed to; her own choice to return to sex
    work and coercion or re-trafficking are separate answers, and one never implies the other."""
    require_person_role(actor)
    case_id = FollowUp.objects.filter(pk=follow_up_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound
    case_for(actor, case_id)  # access before validation
    done_on = dates.clean_date(done_on, "done_on", not_future=True)
    outcome = clean_choice(outcome, ContactOutcome, field="outcome")
    channel = clean_choice(channel, ContactChannel, field="channel")
    if wellbeing:
        wellbeing = clean_choice(wellbeing, Wellbeing, field="wellbeing")
    new_needs = clean_choices(new_needs, NeedCode, field="new_needs")
    safety_concerns = clean_text(safety_concerns, field="safety_concerns", max_length=MAX_NOTE)
    if returned_by_choice and coerced:
        raise ValidationError(
            {"coerced": _("Choose one: returned by their own choice, or coerced or re-trafficked.")}
        )
    with transaction.atomic():
        follow_up = (
            FollowUp.objects.select_for_update().filter(pk=follow_up_id).first() if follow_up_id else None
        )
        if follow_up is None:
            raise NotFound
        case = case_for(actor, follow_up.case_id, lock=True)
        if follow_up.done_on is not None:
            raise ValidationError({"done_on": _("This follow-up was already recorded.")})
        consent = contact_consent(case.person)
        if consent is None:
            raise ValidationError(
                {"channel": _("The person has not agreed to be contacted. Do not contact them.")}
            )
        if consent.channel != channel:
            raise ValidationError({"channel": _("Contact the person only by the safe way they agreed to.")})
        follow_up.done_on, follow_up.channel, follow_up.outcome = done_on, channel, outcome
        follow_up.wellbeing, follow_up.new_needs = wellbeing, new_needs
        follow_up.returned_by_choice, follow_up.coerced = returned_by_choice, coerced
        follow_up.recorded_by_id = actor.user_id
        if safety_concerns:
            follow_up.safety_sealed = PersonVault.open(case.person).seal(follow_up, "safety", safety_concerns)
        follow_up.save()
        for code in new_needs:
            Need.objects.get_or_create(
                case=case, code=code, defaults={"term": need_term(code), "assessed_by_id": actor.user_id}
            )
        bump_version(case)
        log_member_action(
            actor,
            "followup.recorded",
            follow_up,
            [
                "done_on",
                "channel",
                "outcome",
                "wellbeing",
                "new_needs",
                "returned_by_choice",
                "coerced",
                *(["safety_concerns"] if safety_concerns else []),
            ],
        )
    return follow_up
