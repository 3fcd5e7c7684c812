"""Asks about one person's case (issue 11, item 6): an FIR to register for the person, compensation to
release to the person, documents to issue to the person.

The ask is an ask to an office like any other: it counts in the office's numbers, its silences are recorded
and escalated. Everything about the person (that there is a case, what the ask is about, the reason an office
gave) is in `CaseAsk` and `Answer.case_reason_sealed`, under the person's key, and is read here only, for an
actor who sees the case, with the person's class rules (the legal class). No other prevention reader joins
these columns, so the accountability report, an office's page, a place's page and the API cannot show them.

The case comes from the caller, fetched through care's one access helper (`sathi.care.services.case_for`):
care and prevention are siblings in the layers, so the pages and API operations above both fetch it. The
functions here check again that the actor sees the person of that case (HIDE: NotFound).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.lib.errors import Conflict, NotFound
from sathi.people import policy, sealing
from sathi.people.policy import FieldClass, Kind, Verb
from sathi.prevention.models import Answer, Ask, CaseAsk, Stakeholder
from sathi.prevention.selectors import AskView, view_of
from sathi.prevention.services import answer_insert, ask_insert, clean_text, require


def _case_checked(actor: Membership, case, *, write: bool = False):
    if case is None or case.organisation_id != actor.organisation_id:
        raise NotFound
    if not policy.decide(actor, Kind.CASE, case.person):
        raise NotFound
    if write:
        require(actor, Verb.WORK_ON_CASE)
    return case


def office_choices(actor: Membership) -> list[Stakeholder]:
    """Offices a case's ask may go to: institutional names, no person's data."""
    require(actor, Verb.WORK_ON_CASE)
    return list(Stakeholder.objects.filter(organisation_id=actor.organisation_id).order_by("name")[:2000])


LINKABLE_SHOWN = 300


def linkable_asks(actor: Membership, case) -> list[Ask]:
    """Asks in the ledger that this case's team may link to it: the latest not yet linked to any case, whose
    answers give no reason in the ledger's words (case_ask_link refuses those)."""
    _case_checked(actor, case, write=True)
    reasons = Answer.objects.filter(ask=OuterRef("pk")).exclude(reason_sealed=None)
    return list(
        Ask.objects.filter(organisation_id=actor.organisation_id, case_link__isnull=True)
        .exclude(Exists(reasons))
        .select_related("stakeholder")
        .only("kind", "asked_on", "version", "stakeholder__name")
        .order_by("-asked_on", "-pk")[:LINKABLE_SHOWN]
    )


def _about(actor: Membership, about: str) -> str:
    about = clean_text(about or "", field="about", max_length=2000, multiline=True)
    if about and not policy.decide(actor, Verb.WRITE, field_class=FieldClass.LEGAL):
        raise ValidationError({"about": _("Your role does not write legal details. Leave this empty.")})
    return about


def case_ask_make(
    *,
    actor: Membership,
    case,
    stakeholder_id,
    kind: str,
    channel: str,
    asked_on: date,
    due_on: date | None = None,
    legal_basis: str = "",
    about: str = "",
) -> Ask:
    """An ask to an office about this case, by the case team: the ask joins the ledger; what it is about
    stays with the case, under the person's key."""
    _case_checked(actor, case, write=True)
    about = _about(actor, about)
    office = Stakeholder.objects.filter(pk=stakeholder_id, organisation_id=actor.organisation_id).first()
    if office is None:
        raise ValidationError({"stakeholder": _("Choose an office from the list.")})
    with transaction.atomic():
        ask = ask_insert(
            actor=actor,
            office=office,
            kind=kind,
            channel=channel,
            asked_on=asked_on,
            due_on=due_on,
            legal_basis=legal_basis,
        )
        link = CaseAsk.objects.create(ask=ask, case=case, linked_by_id=actor.user_id)
        if about:
            sealing.seal_into(link, about=about)
        log_member_action(
            actor, "prevention.case_ask_linked", link, ["ask", "case", *(["about"] if about else [])]
        )
    return ask


def case_ask_link(*, actor: Membership, case, ask_id, about: str = "", version: int | None = None) -> CaseAsk:
    """Link an ask already in the ledger to this case (its page and its API operation). An ask belongs to
    one case at most. With `version` (the API's, as the ask was read), an ask changed since (an answer, a
    next step) is refused as Conflict: its answers may now give reasons, which linking would leave in the
    ledger. The link changes nothing of the ask's own row, so the ledger's readers see nothing of it."""
    _case_checked(actor, case, write=True)
    about = _about(actor, about)
    with transaction.atomic():
        ask = Ask.objects.select_for_update().filter(pk=ask_id, organisation_id=actor.organisation_id).first()
        if ask is None:
            raise ValidationError({"ask": _("Choose an ask from the list.")})
        if CaseAsk.objects.filter(ask=ask).exists():
            raise ValidationError({"ask": _("This ask is already linked to a case.")})
        if version is not None and ask.version != version:
            raise Conflict
        if ask.answers.exclude(reason_sealed=None).exists():
            # Its reasons were written for the ledger's readers; linking now would leave them there.
            raise ValidationError({"ask": _("An ask whose answers give reasons cannot be linked now.")})
        link = CaseAsk.objects.create(ask=ask, case=case, linked_by_id=actor.user_id)
        if about:
            sealing.seal_into(link, about=about)
        log_member_action(
            actor, "prevention.case_ask_linked", link, ["ask", "case", *(["about"] if about else [])]
        )
    return link


def case_ask_for(actor: Membership, case, ask_id, *, lock: bool = False) -> Ask:
    _case_checked(actor, case)
    rows = Ask.objects.filter(pk=ask_id, organisation_id=actor.organisation_id, case_link__case=case)
    if lock:
        rows = rows.select_for_update()
    found = rows.select_related("stakeholder", "case_link").first()
    if found is None:
        raise NotFound
    return found


def case_ask_answer(
    *, actor: Membership, case, ask_id, answered_on: date, outcome: str, reason: str = ""
) -> Answer:
    """The office's answer, recorded by the case team; the reason goes under the person's key."""
    _case_checked(actor, case, write=True)
    with transaction.atomic():
        ask = case_ask_for(actor, case, ask_id, lock=True)
        return answer_insert(actor=actor, ask=ask, answered_on=answered_on, outcome=outcome, reason=reason)


@dataclass
class CaseAskView:
    view: AskView
    about: str  # the text, the mask, or ""; each answer's `case_reason` likewise


def case_asks(*, actor: Membership, case) -> list[CaseAskView]:
    """The case's asks with their state, silences and history, the words under the legal class rule. The
    viewing of the sealed words is audited."""
    _case_checked(actor, case)
    links = list(
        CaseAsk.objects.filter(case=case)
        .select_related("ask__stakeholder", "case__person")
        .prefetch_related("ask__answers")
        .order_by("-ask__asked_on", "-pk")
    )
    result = []
    for link in links:
        answers = sorted(link.ask.answers.all(), key=lambda a: (a.answered_on, a.pk))
        for answer in answers:
            answer.ask = link.ask
            link.ask.case_link = link
        sealing.reveal(actor, answers, "case_reason_sealed")
        sealing.reveal(actor, [link], "about_sealed")
        result.append(CaseAskView(view_of(link.ask, answers), link.about))
    if links:
        log_member_action(actor, "prevention.case_asks_viewed", case, ["about", "reasons"])
    return result
