"""Writes for prevention (issue 11): each checks the policy, validates, writes in one transaction and audits.

Bad input gets a message in the user's language and saves nothing: an answer dated before its ask, a due
date before the ask, a rating off Figure I's axes, a negative count.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from sathi.accounts import keys
from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.core import cleaning, dates
from sathi.core.cleaning import clean_choice
from sathi.lib.errors import Conflict, Forbidden, NotFound
from sathi.people import policy
from sathi.people.policy import FieldClass, Verb
from sathi.places.models import Place, PlaceKind
from sathi.places.services import place_add
from sathi.prevention.models import (
    Answer,
    Ask,
    CaseAsk,
    CommitteeCheck,
    ProtectiveNorm,
    Rating,
    ResearchSession,
    Stakeholder,
    VulnerabilityReport,
)
from sathi.prevention.vocab import (
    AXIS_MAX,
    AXIS_MIN,
    COMMITTEES,
    RTI_REPLY_DAYS,
    AskKind,
    Channel,
    Cohort,
    Exists,
    Factor,
    OfficeKind,
    Outcome,
    Protection,
    Source,
)

MAX_COUNT = 100_000  # more respondents than any session holds is a typing error


def require(actor: Membership, what) -> None:
    if not policy.decide(actor, what):
        raise Forbidden


def require_any(actor: Membership, *whats) -> None:
    if not any(policy.decide(actor, what) for what in whats):
        raise Forbidden


def clean_text(value, *, field: str, max_length: int, required: bool = False, multiline: bool = False) -> str:
    """The house's cleaner (sathi.core.cleaning), single-line unless asked."""
    return cleaning.clean_text(
        value, field=field, max_length=max_length, required=required, multiline=multiline
    )


def clean_date(value, *, field: str, not_future: bool = True) -> date:
    """A date; by default not in the future (what happened here has happened)."""
    return dates.clean_date(value, field, not_future=not_future)


def clean_count(value, *, field: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({field: _("Give a whole number.")})
    if value < 0:
        raise ValidationError({field: _("A count cannot be negative.")})
    if value < minimum or value > MAX_COUNT:
        raise ValidationError(
            {field: _("Give a number between %(low)d and %(high)d.") % {"low": minimum, "high": MAX_COUNT}}
        )
    return value


def _period(start, end) -> tuple[date, date]:
    start = clean_date(start, field="period_start", not_future=False)
    end = clean_date(end, field="period_end", not_future=False)
    if end < start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    return start, end


def shared_place(place_id) -> Place:
    """A place of the shared geography (never another organisation's site)."""
    place = Place.objects.filter(pk=place_id).exclude(kind=PlaceKind.SITE).first() if place_id else None
    if place is None:
        raise ValidationError({"place": _("Choose a place from the list.")})
    return place


# --- places --------------------------------------------------------------------------------------------


def shared_place_add(
    *, actor: Membership | None, kind: str, name: str, parent_id: int | None = None
) -> Place:
    """Add a place of the shared geography. Only an organisation admin (the policy's MANAGE_PLACES), or an
    operator's command (actor None), may: every organisation sees these places."""
    if actor is not None:
        require(actor, Verb.MANAGE_PLACES)
    if kind == PlaceKind.SITE:
        raise ValidationError({"kind": _("A site is the organisation's own: add it where it is used.")})
    operator = SimpleNamespace(user_id=None, organisation_id=None)
    with transaction.atomic():
        return place_add(actor=actor or operator, kind=kind, name=name, parent_id=parent_id)


# --- research: sessions, vulnerability and protection -----------------------------------------------------


def session_record(
    *, actor: Membership, place_id: int, held_on: date, source: str, cohort: str, respondents: int
) -> ResearchSession:
    require(actor, Verb.RECORD_RESEARCH)
    place = shared_place(place_id)
    held_on = clean_date(held_on, field="held_on")
    source = clean_choice(source, Source, field="source")
    cohort = clean_choice(cohort, Cohort, field="cohort")
    respondents = clean_count(respondents, field="respondents", minimum=1)
    with transaction.atomic():
        session = ResearchSession.objects.create(
            organisation_id=actor.organisation_id,
            place=place,
            held_on=held_on,
            source=source,
            cohort=cohort,
            respondents=respondents,
            recorded_by_id=actor.user_id,
        )
        log_member_action(
            actor, "prevention.session_recorded", session, ["place", "held_on", "cohort", "respondents"]
        )
    return session


def session_for(actor: Membership, session_id) -> ResearchSession:
    require(actor, policy.Kind.PREVENTION)
    found = ResearchSession.objects.filter(pk=session_id, organisation_id=actor.organisation_id).first()
    if found is None:
        raise NotFound
    return found


def _reported(
    actor, *, place_id, period_start, period_end, source, reported_on, cohort, respondents, session_id
):
    fields = {
        "organisation_id": actor.organisation_id,
        "place": shared_place(place_id),
        "source": clean_choice(source, Source, field="source"),
        "reported_on": clean_date(reported_on, field="reported_on"),
        "cohort": clean_choice(cohort, Cohort, field="cohort"),
        "respondents": clean_count(respondents, field="respondents"),
        "session": session_for(actor, session_id) if session_id else None,
        "recorded_by_id": actor.user_id,
    }
    fields["period_start"], fields["period_end"] = _period(period_start, period_end)
    return fields


def vulnerability_record(
    *, actor: Membership, factor: str, session_id=None, **reported
) -> VulnerabilityReport:
    """A factor of vulnerability named for a place and a period, by a cohort, and how many said so."""
    require(actor, Verb.RECORD_RESEARCH)
    factor = clean_choice(factor, Factor, field="factor")
    fields = _reported(actor, session_id=session_id, **reported)
    with transaction.atomic():
        report = VulnerabilityReport.objects.create(factor=factor, **fields)
        log_member_action(
            actor, "prevention.vulnerability_recorded", report, ["place", "factor", "cohort", "respondents"]
        )
    return report


def norm_record(*, actor: Membership, practice: str, session_id=None, **reported) -> ProtectiveNorm:
    """A protective norm or practice, recorded beside the factors as 003 asks."""
    require(actor, Verb.RECORD_RESEARCH)
    practice = clean_choice(practice, Protection, field="practice")
    fields = _reported(actor, session_id=session_id, **reported)
    with transaction.atomic():
        norm = ProtectiveNorm.objects.create(practice=practice, **fields)
        log_member_action(
            actor, "prevention.norm_recorded", norm, ["place", "practice", "cohort", "respondents"]
        )
    return norm


# --- stakeholders -----------------------------------------------------------------------------------------


def seal_org(obj, field: str, value: str) -> bytes | None:
    """Free text under the organisation's key, bound to its table, column and row (as sealing.py declares)."""
    if not value:
        return None
    return keys.seal_for_organisation(obj.organisation_id, f"{obj._meta.label_lower}.{field}:{obj.pk}", value)


def _office_fields(values: dict) -> dict:
    cleaned = {
        "name": clean_text(values.get("name", ""), field="name", max_length=160, required=True),
        "mandate": clean_text(values.get("mandate", ""), field="mandate", max_length=2000, multiline=True),
        "law": clean_text(values.get("law", ""), field="law", max_length=300),
        "office_phone": clean_text(values.get("office_phone", ""), field="office_phone", max_length=30),
        "office_email": clean_text(values.get("office_email", ""), field="office_email", max_length=120),
        "office_address": clean_text(
            values.get("office_address", ""), field="office_address", max_length=300
        ),
    }
    if cleaned["office_phone"] and any(not (c.isdigit() or c in "+-() ") for c in cleaned["office_phone"]):
        raise ValidationError({"office_phone": _("A phone number has only digits, spaces and +.")})
    return cleaned


def _notes(actor, notes: str) -> str:
    notes = clean_text(notes or "", field="notes", max_length=2000, multiline=True)
    # Notes may name a person: only a role that writes identity writes them (a masked class is not written).
    if notes and not policy.decide(actor, Verb.WRITE, field_class=FieldClass.IDENTITY):
        raise ValidationError({"notes": _("Your role does not write notes. Leave this empty.")})
    return notes


def _higher(actor, higher_office_id) -> Stakeholder | None:
    if not higher_office_id:
        return None
    found = Stakeholder.objects.filter(pk=higher_office_id, organisation_id=actor.organisation_id).first()
    if found is None:
        raise ValidationError({"higher_office": _("Choose an office from the list.")})
    return found


def stakeholder_add(
    *, actor: Membership, kind: str, jurisdiction_id: int, higher_office_id=None, notes: str = "", **values
) -> Stakeholder:
    """An office with its jurisdiction, mandate, the law it stands on and its office's contacts."""
    require(actor, Verb.RECORD_RESEARCH)
    kind = clean_choice(kind, OfficeKind, field="kind")
    jurisdiction = shared_place(jurisdiction_id)
    fields = _office_fields(values)
    notes = _notes(actor, notes)
    higher = _higher(actor, higher_office_id)
    with transaction.atomic():
        if Stakeholder.objects.filter(
            organisation_id=actor.organisation_id, kind=kind, jurisdiction=jurisdiction, name=fields["name"]
        ).exists():
            raise ValidationError({"name": _("This office is already recorded for this place.")})
        office = Stakeholder.objects.create(
            organisation_id=actor.organisation_id,
            kind=kind,
            jurisdiction=jurisdiction,
            higher_office=higher,
            **fields,
        )
        if notes:
            office.notes_sealed = seal_org(office, "notes", notes)
            office.save(update_fields=["notes_sealed"])
        log_member_action(
            actor, "prevention.stakeholder_added", office, ["kind", "name", "jurisdiction", *fields]
        )
    return office


def stakeholder_for(actor: Membership, stakeholder_id) -> Stakeholder:
    require(actor, policy.Kind.PREVENTION)
    found = (
        Stakeholder.objects.filter(pk=stakeholder_id, organisation_id=actor.organisation_id)
        .select_related("jurisdiction", "higher_office")
        .first()
    )
    if found is None:
        raise NotFound
    return found


def stakeholder_update(
    *, actor: Membership, stakeholder_id: int, version: int, higher_office_id=None, **values
) -> Stakeholder:
    """Change an office's words and contacts; a stale version is refused (someone else changed it)."""
    require(actor, Verb.RECORD_RESEARCH)
    fields = _office_fields(values)
    with transaction.atomic():
        office = (
            Stakeholder.objects.select_for_update()
            .filter(pk=stakeholder_id, organisation_id=actor.organisation_id)
            .first()
        )
        if office is None:
            raise NotFound
        if office.version != version:
            raise Conflict
        higher = _higher(actor, higher_office_id)
        if higher is not None and higher.pk == office.pk:
            raise ValidationError({"higher_office": _("An office cannot be over itself.")})
        changed = [name for name, value in fields.items() if getattr(office, name) != value]
        if (office.higher_office_id or None) != (higher.pk if higher else None):
            changed.append("higher_office")
        for name, value in fields.items():
            setattr(office, name, value)
        office.higher_office = higher
        office.version = F("version") + 1
        office.save()
        office.refresh_from_db()
        log_member_action(actor, "prevention.stakeholder_updated", office, changed)
    return office


# --- power and interest -------------------------------------------------------------------------------------


def _on_axis(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not AXIS_MIN <= value <= AXIS_MAX:
        raise ValidationError(
            {
                field: _("Give a point on the axis, from %(low)d to %(high)d.")
                % {"low": AXIS_MIN, "high": AXIS_MAX}
            }
        )
    return value


def rating_record(
    *, actor: Membership, session_id, stakeholder_id, power: int, interest: int, respondents: int
) -> Rating:
    """How many of a session's respondents put an office at (power, interest). Kept beside every other
    session's ratings of the same office: nothing is overwritten."""
    require(actor, Verb.RECORD_RESEARCH)
    power, interest = _on_axis(power, "power"), _on_axis(interest, "interest")
    respondents = clean_count(respondents, field="respondents", minimum=1)
    session = session_for(actor, session_id)
    office = stakeholder_for(actor, stakeholder_id)
    if respondents > session.respondents:
        raise ValidationError({"respondents": _("More than took part in the session.")})
    with transaction.atomic():
        rating = Rating.objects.create(
            session=session,
            stakeholder=office,
            power=power,
            interest=interest,
            respondents=respondents,
            recorded_by_id=actor.user_id,
        )
        log_member_action(
            actor, "prevention.rating_recorded", rating, ["stakeholder", "power", "interest", "respondents"]
        )
    return rating


# --- the accountability ledger ----------------------------------------------------------------------------


def ask_make(
    *,
    actor: Membership,
    stakeholder_id,
    kind: str,
    channel: str,
    asked_on: date,
    due_on: date | None = None,
    legal_basis: str = "",
    by_collective: bool = False,
    escalated_from: Ask | None = None,
) -> Ask:
    """An ask to an office. An RTI application is due in 30 days (RTI Act 2005, s. 7(1)) unless a date is
    given; any due date is on or after the day of the ask."""
    require(actor, Verb.RECORD_RESEARCH)
    office = stakeholder_for(actor, stakeholder_id)
    with transaction.atomic():
        return ask_insert(
            actor=actor,
            office=office,
            kind=kind,
            channel=channel,
            asked_on=asked_on,
            due_on=due_on,
            legal_basis=legal_basis,
            by_collective=by_collective,
            escalated_from=escalated_from,
        )


def ask_insert(
    *,
    actor: Membership,
    office: Stakeholder,
    kind: str,
    channel: str,
    asked_on: date,
    due_on: date | None = None,
    legal_basis: str = "",
    by_collective: bool = False,
    escalated_from: Ask | None = None,
    not_future: bool = True,
) -> Ask:
    """The checks and the row of an ask, for a caller that has checked who may ask (inside its transaction):
    the ledger's ask_make, a case's ask (sathi.prevention.cases), a dialogue's commitment."""
    kind = clean_choice(kind, AskKind, field="kind")
    channel = clean_choice(channel, Channel, field="channel")
    asked_on = clean_date(asked_on, field="asked_on", not_future=not_future)
    if due_on is None:
        if kind != AskKind.RTI_APPLICATION and channel != Channel.RTI:
            raise ValidationError({"due_on": _("Give the date by which an answer is due.")})
        due_on = asked_on + timedelta(days=RTI_REPLY_DAYS)
    due_on = clean_date(due_on, field="due_on", not_future=False)
    if due_on < asked_on:
        raise ValidationError({"due_on": _("The answer cannot be due before the ask was made.")})
    legal_basis = clean_text(legal_basis, field="legal_basis", max_length=300)
    ask = Ask.objects.create(
        organisation_id=actor.organisation_id,
        stakeholder=office,
        kind=kind,
        channel=channel,
        asked_on=asked_on,
        due_on=due_on,
        legal_basis=legal_basis,
        by_collective=bool(by_collective),
        escalated_from=escalated_from,
        recorded_by_id=actor.user_id,
    )
    log_member_action(
        actor, "prevention.ask_made", ask, ["stakeholder", "kind", "channel", "asked_on", "due_on"]
    )
    return ask


def ask_for(actor: Membership, ask_id) -> Ask:
    require(actor, policy.Kind.PREVENTION)
    found = (
        Ask.objects.filter(pk=ask_id, organisation_id=actor.organisation_id)
        .select_related("stakeholder")
        .first()
    )
    if found is None:
        raise NotFound
    return found


def answer_record(*, actor: Membership, ask_id, answered_on: date, outcome: str, reason: str = "") -> Answer:
    """An office's answer on a date. Earlier answers and any silence before it stay in the ask's history."""
    require(actor, Verb.RECORD_RESEARCH)
    with transaction.atomic():
        ask = Ask.objects.select_for_update().filter(pk=ask_id, organisation_id=actor.organisation_id).first()
        if ask is None:
            raise NotFound
        return answer_insert(actor=actor, ask=ask, answered_on=answered_on, outcome=outcome, reason=reason)


def answer_insert(*, actor: Membership, ask: Ask, answered_on, outcome: str, reason: str = "") -> Answer:
    """The checks and the row of an answer to a locked ask. For an ask linked to a case the reason may be
    about the person: it is sealed under the person's key, in the column only the case's readers open."""
    from sathi.people import sealing

    outcome = clean_choice(outcome, Outcome, field="outcome")
    answered_on = clean_date(answered_on, field="answered_on")
    reason = clean_text(reason or "", field="reason", max_length=2000, multiline=True)
    link = CaseAsk.objects.filter(ask=ask).select_related("case__person").first()
    field_class = FieldClass.LEGAL if link else FieldClass.IDENTITY
    if reason and not policy.decide(actor, Verb.WRITE, field_class=field_class):
        raise ValidationError({"reason": _("Your role does not write the reason's words. Leave this empty.")})
    if answered_on < ask.asked_on:
        raise ValidationError({"answered_on": _("An answer cannot come before the ask was made.")})
    answer = Answer.objects.create(
        ask=ask, answered_on=answered_on, outcome=outcome, recorded_by_id=actor.user_id
    )
    if reason and link:
        ask.case_link = link
        answer.ask = ask
        sealing.seal_into(answer, case_reason=reason)
    elif reason:
        answer.reason_sealed = keys.seal_for_organisation(
            ask.organisation_id, f"prevention.answer.reason:{answer.pk}", reason
        )
        answer.save(update_fields=["reason_sealed"])
    Ask.objects.filter(pk=ask.pk).update(version=F("version") + 1, **_where_it_stands(ask))
    log_member_action(
        actor,
        "prevention.answer_recorded",
        answer,
        ["answered_on", "outcome", *(["reason"] if reason else [])],
    )
    return answer


def _where_it_stands(ask: Ask) -> dict:
    """The ask's first real answer and latest outcome (the columns the numbers read), from its answers."""
    real = sorted(ask.answers.exclude(outcome=Outcome.NO_REPLY).values_list("answered_on", "pk", "outcome"))
    if not real:
        return {}
    return {"first_answer_on": real[0][0], "latest_outcome": real[-1][2]}


def ask_escalate(
    *, actor: Membership, ask_id, version: int, to_id, asked_on: date, due_on: date | None = None
) -> Ask:
    """The next step after a silence or a refusal: the same ask to the higher office (the Superintendent of
    Police over a station, the District Magistrate over a BDO), or an RTI first appeal."""
    from sathi.prevention.selectors import ask_state
    from sathi.prevention.vocab import AskState

    require(actor, Verb.RECORD_RESEARCH)
    with transaction.atomic():
        ask = Ask.objects.select_for_update().filter(pk=ask_id, organisation_id=actor.organisation_id).first()
        if ask is None:
            raise NotFound
        if ask.version != version:
            raise Conflict
        if ask_state(ask, list(ask.answers.all())) not in (AskState.SILENT, AskState.REFUSED):
            raise ValidationError({"__all__": _("Only a silence or a refusal is escalated.")})
        if asked_on is not None and isinstance(asked_on, date) and asked_on < ask.asked_on:
            raise ValidationError({"asked_on": _("The next step cannot come before the ask it follows.")})
        Ask.objects.filter(pk=ask.pk).update(version=F("version") + 1)
        return ask_make(
            actor=actor,
            stakeholder_id=to_id,
            kind=ask.kind,
            channel=ask.channel,
            asked_on=asked_on,
            due_on=due_on,
            legal_basis=ask.legal_basis,
            by_collective=ask.by_collective,
            escalated_from=ask,
        )


def committee_check_record(
    *,
    actor: Membership,
    committee_id,
    checked_on: date,
    exists: str,
    last_met_on: date | None = None,
    members_listed: int = 0,
    members_confirmed: int = 0,
    members_unaware: int = 0,
    members_deceased: int = 0,
) -> CommitteeCheck:
    """Whether a mandated committee exists, when it last met, and how many of its listed members are real
    and know it. The members checked cannot be more than those listed."""
    require(actor, Verb.RECORD_RESEARCH)
    committee = stakeholder_for(actor, committee_id)
    if committee.kind not in COMMITTEES:
        raise ValidationError({"committee": _("Choose a committee (such as a VLCPC).")})
    checked_on = clean_date(checked_on, field="checked_on")
    exists = clean_choice(exists, Exists, field="exists")
    if last_met_on is not None:
        last_met_on = clean_date(last_met_on, field="last_met_on")
        if last_met_on > checked_on:
            raise ValidationError({"last_met_on": _("It cannot have met after the day of the check.")})
    counts = {
        name: clean_count(value, field=name)
        for name, value in (
            ("members_listed", members_listed),
            ("members_confirmed", members_confirmed),
            ("members_unaware", members_unaware),
            ("members_deceased", members_deceased),
        )
    }
    if (
        counts["members_confirmed"] + counts["members_unaware"] + counts["members_deceased"]
        > counts["members_listed"]
    ):
        raise ValidationError({"members_listed": _("More members were checked than are on the list.")})
    with transaction.atomic():
        check = CommitteeCheck.objects.create(
            committee=committee,
            checked_on=checked_on,
            exists=exists,
            last_met_on=last_met_on,
            recorded_by_id=actor.user_id,
            **counts,
        )
        log_member_action(
            actor, "prevention.committee_checked", check, ["committee", "checked_on", "exists", *counts]
        )
    return check
