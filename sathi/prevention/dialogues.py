"""Community dialogues (issue 11, item 8; 003, the way forward): a programme of dialogues across
generations, each with its date, place, facilitators, participants counted by cohort, gender and age group
(no names), the issues raised coded to vulnerability factors and prevention models, and the commitments
duty bearers made. A commitment becomes an ask in the ledger, due on its date, so that its silence is
recorded like any other's.

Bad input saves nothing: a negative count, a commitment due before the dialogue, a commitment by an office
whose jurisdiction does not hold the dialogue's place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership
from sathi.audit.services import log_member_action
from sathi.core.cleaning import clean_choice
from sathi.lib import disclosure
from sathi.lib.errors import NotFound
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.prevention.models import Ask, Commitment, Dialogue, DialogueCount, Stakeholder
from sathi.prevention.selectors import in_places
from sathi.prevention.services import (
    ask_insert,
    clean_count,
    clean_date,
    require,
    shared_place,
)
from sathi.prevention.vocab import (
    AgeGroup,
    AskKind,
    Channel,
    Cohort,
    Factor,
    Gender,
    Outcome,
    PreventionModel,
)


@dataclass(frozen=True)
class Participants:
    cohort: str
    gender: str
    age_group: str
    count: int


@dataclass(frozen=True)
class Committed:
    stakeholder_id: int
    kind: str
    due_on: date
    legal_basis: str = ""


def _codes(values, vocab, field: str) -> list[str]:
    if not isinstance(values, list | tuple):
        raise ValidationError({field: _("Choose from the list.")})
    return list(dict.fromkeys(clean_choice(v, vocab, field=field) for v in values))


def _participants(rows) -> dict[tuple[str, str, str], int]:
    counted: dict[tuple[str, str, str], int] = {}
    for row in rows:
        row = row if isinstance(row, Participants) else Participants(**row)
        key = (
            clean_choice(row.cohort, Cohort, field="cohort"),
            clean_choice(row.gender, Gender, field="gender"),
            clean_choice(row.age_group, AgeGroup, field="age_group"),
        )
        counted[key] = counted.get(key, 0) + clean_count(row.count, field="count")
    return counted


def _facilitators(actor: Membership, ids) -> list[int]:
    ids = list(dict.fromkeys(ids or []))
    members = set(
        Membership.objects.filter(organisation_id=actor.organisation_id, user_id__in=ids).values_list(
            "user_id", flat=True
        )
    )
    if set(ids) - members:
        raise ValidationError({"facilitators": _("Choose facilitators from the organisation's members.")})
    return ids


def dialogue_record(
    *,
    actor: Membership,
    place_id,
    held_on: date,
    facilitator_ids=(),
    other_facilitators: int = 0,
    factors=(),
    models_raised=(),
    participants=(),
    commitments=(),
) -> Dialogue:
    """A dialogue with its counts and commitments, all or nothing."""
    require(actor, Verb.RECORD_RESEARCH)
    place = shared_place(place_id)
    held_on = clean_date(held_on, field="held_on")
    counts = _participants(participants)
    fields = {
        "other_facilitators": clean_count(other_facilitators, field="other_facilitators"),
        "factors": _codes(list(factors), Factor, "factors"),
        "models_raised": _codes(list(models_raised), PreventionModel, "models_raised"),
    }
    facilitators = _facilitators(actor, facilitator_ids)
    with transaction.atomic():
        dialogue = Dialogue.objects.create(
            organisation_id=actor.organisation_id,
            place=place,
            held_on=held_on,
            recorded_by_id=actor.user_id,
            **fields,
        )
        dialogue.facilitators.set(facilitators)
        DialogueCount.objects.bulk_create(
            DialogueCount(dialogue=dialogue, cohort=c, gender=g, age_group=a, count=n)
            for (c, g, a), n in counts.items()
        )
        log_member_action(
            actor,
            "prevention.dialogue_recorded",
            dialogue,
            ["place", "held_on", "facilitators", "participants", *fields],
        )
        for committed in commitments:
            committed = committed if isinstance(committed, Committed) else Committed(**committed)
            _commit(actor, dialogue, committed)
    return dialogue


def dialogue_for(actor: Membership, dialogue_id, *, lock: bool = False) -> Dialogue:
    require(actor, Kind.PREVENTION)
    rows = Dialogue.objects.filter(pk=dialogue_id, organisation_id=actor.organisation_id)
    found = (rows.select_for_update() if lock else rows).select_related("place").first()
    if found is None:
        raise NotFound
    return found


def participants_add(*, actor: Membership, dialogue_id, cohort: str, gender: str, age_group: str, count: int):
    """More participants of one cohort, gender and age group (added to those already counted)."""
    require(actor, Verb.RECORD_RESEARCH)
    ((key, n),) = _participants([Participants(cohort, gender, age_group, count)]).items()
    with transaction.atomic():
        dialogue = dialogue_for(actor, dialogue_id, lock=True)
        row, created = DialogueCount.objects.get_or_create(
            dialogue=dialogue, cohort=key[0], gender=key[1], age_group=key[2], defaults={"count": n}
        )
        if not created:
            row.count += n
            row.save(update_fields=["count"])
        log_member_action(actor, "prevention.dialogue_recorded", dialogue, ["participants"])
    return row


def _commit(actor: Membership, dialogue: Dialogue, committed: Committed) -> Ask:
    office = Stakeholder.objects.filter(
        pk=committed.stakeholder_id, organisation_id=actor.organisation_id
    ).first()
    if office is None:
        raise ValidationError({"stakeholder": _("Choose an office from the list.")})
    # An office answers for the places in its jurisdiction: a BDO for the villages of its block, not for
    # another block's (the commitment would be an ask nobody is bound to answer).
    if office.jurisdiction_id not in {p.pk for p in dialogue.place.ancestors()}:
        raise ValidationError(
            {"stakeholder": _("This office's jurisdiction does not hold the place of the dialogue.")}
        )
    ask = ask_insert(
        actor=actor,
        office=office,
        kind=clean_choice(committed.kind, AskKind, field="kind"),
        channel=Channel.DIALOGUE,
        asked_on=dialogue.held_on,
        due_on=committed.due_on,
        legal_basis=committed.legal_basis,
    )
    Commitment.objects.create(dialogue=dialogue, ask=ask)
    log_member_action(actor, "prevention.commitment_recorded", dialogue, ["commitments"])
    return ask


def commitment_record(
    *, actor: Membership, dialogue_id, stakeholder_id, kind: str, due_on: date, legal_basis: str = ""
) -> Ask:
    """A duty bearer's commitment at a dialogue: an ask in the ledger, asked on the day of the dialogue."""
    require(actor, Verb.RECORD_RESEARCH)
    if due_on is None:
        raise ValidationError({"due_on": _("Give the date by which an answer is due.")})
    with transaction.atomic():
        dialogue = dialogue_for(actor, dialogue_id, lock=True)
        return _commit(actor, dialogue, Committed(stakeholder_id, kind, due_on, legal_basis))


# --- reads ----------------------------------------------------------------------------------------------


def dialogue_rows(actor: Membership, *, place_ids: list[int] | None = None):
    """The dialogues (in and under a place), the latest first."""
    require(actor, Kind.PREVENTION)
    rows = Dialogue.objects.filter(organisation_id=actor.organisation_id)
    if place_ids is not None:
        rows = rows.filter(in_places("place_id", place_ids))
    return rows.order_by("-held_on", "-pk")


def dialogues(
    actor: Membership, *, place_ids: list[int] | None = None, limit: int = 100, offset: int = 0
) -> list[Dialogue]:
    """A window of the latest dialogues (in and under a place), each with its participants' total and
    commitments."""
    rows = dialogue_rows(actor, place_ids=place_ids).select_related("place")
    counted = rows.annotate(participants=Sum("counts__count"), committed=Count("commitments", distinct=True))
    return list(counted[offset : offset + limit])


@dataclass
class DialogueView:
    dialogue: Dialogue
    counts: list[DialogueCount]
    total: int
    facilitators: list[str]
    commitments: list[Ask]


def dialogue_view(actor: Membership, dialogue_id) -> DialogueView:
    """One dialogue for the roles that keep prevention records: the counts as entered (they entered them)."""
    dialogue = dialogue_for(actor, dialogue_id)
    counts = list(dialogue.counts.order_by("cohort", "gender", "age_group"))
    asks = [c.ask for c in dialogue.commitments.select_related("ask__stakeholder").order_by("pk")]
    names = [
        u.display_name or u.username
        for u in dialogue.facilitators.order_by("display_name", "username").only("display_name", "username")
    ]
    return DialogueView(dialogue, counts, sum(c.count for c in counts), names, asks)


def may_keep(actor: Membership) -> bool:
    return bool(policy.decide(actor, Kind.PREVENTION))


@dataclass
class DialogueNumbers:
    """The programme of dialogues in numbers: who came, by cohort and gender (people: through the
    disclosure gate), and what duty bearers committed and did (asks to offices, counted as the ledger's
    numbers are)."""

    dialogues: int
    participants: disclosure.Protected  # cohorts down, genders across
    commitments: int
    kept: int  # acted on
    partly: int
    refused: int
    silent: int  # due, and no real answer
    waiting: int


def dialogue_numbers(actor: Membership, *, place_ids: list[int] | None = None) -> DialogueNumbers:
    """For every role that reads prevention's numbers. Counts only: no dialogue, place or office is named."""
    require(actor, Kind.PREVENTION_NUMBERS)
    held = Dialogue.objects.filter(organisation_id=actor.organisation_id)
    if place_ids is not None:
        held = held.filter(in_places("place_id", place_ids))
    counted = dict.fromkeys(((c, g) for c in Cohort.values for g in Gender.values), 0)
    for cohort, gender, n in (
        DialogueCount.objects.filter(dialogue__in=held)
        .values_list("cohort", "gender")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        counted[(cohort, gender)] += n
    participants = disclosure.protect_table(
        [[counted[(c, g)] for g in Gender.values] for c in Cohort.values],
        rows=[str(label) for label in Cohort.labels],
        columns=[str(label) for label in Gender.labels],
        threshold=actor.organisation.disclosure_threshold,
    )
    today = timezone.localdate()
    asks = Ask.objects.filter(commitment__dialogue__in=held).aggregate(
        made=Count("pk"),
        kept=Count("pk", filter=Q(latest_outcome=Outcome.ACTED)),
        partly=Count("pk", filter=Q(latest_outcome=Outcome.PARTLY)),
        refused=Count("pk", filter=Q(latest_outcome=Outcome.REFUSED)),
        silent=Count("pk", filter=Q(first_answer_on__isnull=True, due_on__lt=today)),
        waiting=Count("pk", filter=Q(first_answer_on__isnull=True, due_on__gte=today)),
    )
    return DialogueNumbers(
        held.count(),
        participants,
        asks["made"],
        asks["kept"],
        asks["partly"],
        asks["refused"],
        asks["silent"],
        asks["waiting"],
    )
