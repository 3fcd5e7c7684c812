"""The rows of bulk cases, made without a database so that worker processes make them: what the care and
legal services would have written for each case's history. sathi/demo/cases.py writes them."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import NamedTuple

from sathi.accounts.models import Organisation
from sathi.care import checks
from sathi.care.models import (
    Case,
    CaseFlag,
    CaseMember,
    CaseStatusChange,
    FollowUp,
    Need,
    Placement,
    PlanItem,
    ServiceRecord,
)
from sathi.care.vocab import (
    HEALTH_SERVICES,
    LEGAL_SERVICES,
    Agreement,
    CaseOrigin,
    CaseStatus,
    ContactOutcome,
    FlagKind,
    LegalBasis,
    NeedCode,
    NeedStatus,
    PlacementCondition,
    PlacementKind,
    PlanItemKind,
    Priority,
    ProviderKind,
    ServiceType,
    TeamRole,
    Wellbeing,
    Wish,
    need_term,
)
from sathi.core import dates
from sathi.legal.models import Proceeding, ProceedingKind, ProceedingStatus
from sathi.lib import agerange
from sathi.people.models import Consent, Person
from sathi.people.vocab import ConsentingParty, ConsentMethod, ConsentPurpose, ContactChannel, Language

CHUNK_SIZE = 5_000  # cases per transaction (about 15 rows each)
MAX_NEEDS = 4
DEDICATED_CASES = 250

CASE_FIELDS = (
    "id",
    "organisation",
    "person",
    "origin",
    "status",
    "opened_on",
    "opened_by",
    "close_reason",
    "version",
    "updated_at",
)
MEMBER_FIELDS = ("case", "user", "team_role", "added_at")
CHANGE_FIELDS = ("case", "from_status", "to_status", "changed_by", "changed_at")
NEED_FIELDS = (
    "id",
    "case",
    "code",
    "term",
    "assessed_by",
    "agreement",
    "priority",
    "status",
    "version",
    "created_at",
)
SERVICE_FIELDS = (
    "id",
    "case",
    "delivered_on",
    "service_type",
    "provider_kind",
    "notes_class",
    "recorded_by",
)
SERVICE_NEED_FIELDS = ("servicerecord", "need")
# Free text is sealed under her key (sathi.people.sealing); the generator writes none, only the codes.
PLAN_FIELDS = ("case", "kind", "target_date", "done_on")
PLACEMENT_FIELDS = (
    "id",
    "case",
    "kind",
    "legal_basis",
    "order_date",
    "order_until",
    "entry_date",
    "wish_at_entry",
    "next_cwc_review",
    "conditions",
    "version",
)
FOLLOW_UP_FIELDS = (
    "id",
    "case",
    "due_on",
    "done_on",
    "channel",
    "outcome",
    "wellbeing",
    "new_needs",
    "returned_by_choice",
    "coerced",
    "recorded_by",
)
FLAG_FIELDS = ("case", "kind", "placement", "raised_at")
CONSENT_FIELDS = (
    "person",
    "purpose",
    "channel",
    "granted",
    "method",
    "explained_in",
    "consenting_party",
    "taken_by",
    "taken_at",
)
PROCEEDING_FIELDS = (
    "id",
    "case",
    "kind",
    "status",
    "event_date",
    "next_date",
    "version",
    "recorded_by",
)

# In the order they are written (foreign keys are deferred on PostgreSQL; SQLite gets them in order).
TABLES = (
    (Case, CASE_FIELDS),
    (CaseMember, MEMBER_FIELDS),
    (CaseStatusChange, CHANGE_FIELDS),
    (Need, NEED_FIELDS),
    (ServiceRecord, SERVICE_FIELDS),
    (ServiceRecord.needs.through, SERVICE_NEED_FIELDS),
    (PlanItem, PLAN_FIELDS),
    (Placement, PLACEMENT_FIELDS),
    (FollowUp, FOLLOW_UP_FIELDS),
    (CaseFlag, FLAG_FIELDS),
    (Consent, CONSENT_FIELDS),
    (Proceeding, PROCEEDING_FIELDS),
)
# What else a bulk run changes: her row's version (consent_record bumps it).
TOUCHED_TABLES = (*TABLES, (Person, ()))

AUDITED_FIELDS = [
    "cases",
    "team",
    "status_changes",
    "needs",
    "services",
    "plan_items",
    "placements",
    "follow_ups",
    "flags",
    "contact_consents",
    "proceedings",
]

# Plain strings for COPY (the vocabularies are str subclasses; the writers want str).
OPEN, ACTIVE, FOLLOW_UP = CaseStatus.OPEN.value, CaseStatus.ACTIVE.value, CaseStatus.FOLLOW_UP.value
ADULT_ORIGINS = (
    [CaseOrigin.OUTREACH.value] * 6
    + [CaseOrigin.SELF_REFERRAL.value] * 5
    + [CaseOrigin.SRB_DECISION.value] * 2
    + [CaseOrigin.RESCUE_OR_RAID.value] * 3
    + [CaseOrigin.REFERRAL.value] * 3
    + [CaseOrigin.COURT_ORDER.value]
)
MINOR_ORIGINS = (
    [CaseOrigin.RESCUE_OR_RAID.value] * 4
    + [CaseOrigin.CWC_ORDER.value] * 4
    + [
        CaseOrigin.REFERRAL.value,
        CaseOrigin.OUTREACH.value,
    ]
)
NEED_CODES = [c.value for c in NeedCode]
NEED_TERMS = {code: str(need_term(code)) for code in NEED_CODES}
# The service that answers a need (so that each service record names the need it served).
NEED_SERVICE = {
    "physical_safety": ServiceType.SAFETY_PLANNING,
    "emotional_safety": ServiceType.COUNSELLING,
    "crisis_counselling": ServiceType.CRISIS_COUNSELLING,
    "medical_forensic": ServiceType.MEDICAL,
    "medical_general": ServiceType.MEDICAL,
    "medical_gynaecological": ServiceType.MEDICAL,
    "medical_sti": ServiceType.MEDICAL,
    "hiv_counselling": ServiceType.HIV_TESTING,
    "legal_support": ServiceType.LEGAL_AID,
    "case_management": ServiceType.CASE_MANAGEMENT,
    "long_term_placement": ServiceType.SHELTER,
    "trauma_counselling": ServiceType.TF_CBT,
    "ongoing_medical": ServiceType.MEDICAL,
    "ongoing_legal": ServiceType.LEGAL_AID,
    "literacy_education": ServiceType.EDUCATION,
    "language": ServiceType.LANGUAGE_CLASS,
    "job_training": ServiceType.VOCATIONAL_TRAINING,
    "soft_skills": ServiceType.OTHER,
    "reintegration": ServiceType.CASE_MANAGEMENT,
    "childcare": ServiceType.CHILDCARE,
    "housing": ServiceType.HOUSING_SUPPORT,
    "documents": ServiceType.DOCUMENTS_SUPPORT,
    "savings_banking": ServiceType.BANKING,
}
assert set(NEED_SERVICE) == set(NEED_CODES)  # a new need must name its service here
# service_record: counselling and medical notes are the health class, legal aid the legal class.
NOTES_CLASS = {
    code: ("health" if st in HEALTH_SERVICES else "legal" if st in LEGAL_SERVICES else "")
    for code, st in NEED_SERVICE.items()
}
SERVICE_TYPE = {code: st.value for code, st in NEED_SERVICE.items()}
PLAN_KINDS = (PlanItemKind.EDUCATION.value, PlanItemKind.TRAINING.value, PlanItemKind.OTHER.value)
PLACEMENT_KINDS = [PlacementKind.GOVERNMENT_HOME.value] * 2 + [
    PlacementKind.NGO_HOME.value,
    PlacementKind.GROUP_HOME.value,
]
PLACEMENT_CONDITIONS = (
    (),
    (PlacementCondition.HOUSE_RULES.value,),
    (PlacementCondition.HOUSE_RULES.value, PlacementCondition.ATTENDS_SCHOOL.value),
)
CHANNELS = [c.value for c in ContactChannel]
WELLBEING = [Wellbeing.GOOD.value] * 2 + [Wellbeing.MIXED.value, Wellbeing.POOR.value]
LANGUAGES = frozenset(Language.values)
ADULT_HEARINGS = [ProceedingKind.TRIAL_HEARING.value] * 3 + [
    ProceedingKind.CHARGE_SHEET.value,
    ProceedingKind.VICTIM_COMPENSATION.value,
]


@dataclass(frozen=True)
class Mix:
    """Shares of what the generated cases hold (fractions of the cases, or of those it applies to)."""

    open: float = 0.30  # opened, not yet active
    active: float = 0.45  # the rest are in follow-up, with a monthly schedule
    proceedings: float = 0.15  # cases with steps on her legal path
    placed_minors: float = 0.6  # minors placed under a CWC order
    plan: float = 0.5  # active and follow-up cases with plan items
    overdue_follow_up: float = 0.12  # follow-up cases whose latest past follow-up is not yet done
    follow_up_days: int = 330  # her schedule started up to this many days ago
    hearing_days: tuple[int, int] = (-7, 45)  # next date of a pending step, from today
    review_days: tuple[int, int] = (-5, 90)  # next CWC review, from today


class Candidate(NamedTuple):
    """A person who gets a case, and her lead (a worker already assigned to her)."""

    person_id: uuid.UUID
    lead_id: int
    age_status: str
    born_earliest: date | None
    born_latest: date | None
    language: str


@dataclass(frozen=True)
class Context:
    org_id: int
    today: date
    now: datetime
    seed: int
    follow_up_months: int
    legal_user_ids: frozenset[int]  # leads whose role opens the legal class may add proceedings
    supervisor_id: int | None  # adds them for the others (she sees every person)
    mix: Mix


@dataclass
class Rows:
    tables: dict = field(default_factory=lambda: {model: [] for model, _names in TABLES})
    consented: list = field(default_factory=list)  # people whose version consent_record bumped

    def counts(self) -> Counter:
        counts = Counter({model._meta.db_table: len(rows) for model, rows in self.tables.items()})
        counts["people_person (version)"] = len(self.consented)
        return counts


@dataclass
class Result:
    organisation: Organisation
    created: int
    seconds: float
    jobs: int
    rows: Counter

    @property
    def per_second(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0


# --- making rows (pure: no database, so it runs in worker processes) ---------------------------


def _chunk_seed(seed: int, first: int) -> int:
    return (seed << 40) + first


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


def make_rows(ctx: Context, first: int, people: Sequence[Candidate], case_ids: list[int], need_ids) -> Rows:
    """The rows of one chunk of cases (the organisation's `first`-th onwards). `case_ids` and `need_ids`
    (an iterator) are ids drawn from the tables' sequences: the rows refer to them."""
    rng = random.Random(_chunk_seed(ctx.seed, first))  # noqa: S311  (synthetic data, not secrets)
    rows = Rows()
    for person, case_id in zip(people, case_ids, strict=True):
        _one_case(ctx, rng, rows, person, case_id, need_ids)
    return rows


def _one_case(
    ctx: Context, rng: random.Random, rows: Rows, person: Candidate, case_id: int, need_ids
) -> None:
    t = rows.tables
    mix, today, now, lead = ctx.mix, ctx.today, ctx.now, person.lead_id

    def at(day: date) -> datetime:  # a moment on that day (the services stamp "now")
        return now - timedelta(days=(today - day).days)

    minor = person.age_status == agerange.Status.MINOR
    draw = rng.random()
    status = OPEN if draw < mix.open else ACTIVE if draw < mix.open + mix.active else FOLLOW_UP
    version = 1
    follow_from = None
    # case_open, then case_move: open -> active (-> follow-up, which makes the schedule that day).
    if status == FOLLOW_UP:
        follow_from = today - _days(rng, 0, mix.follow_up_days)
        opened_on = follow_from - _days(rng, 30, 400)
        moves = [(OPEN, ACTIVE, opened_on + _days(rng, 0, 30)), (ACTIVE, FOLLOW_UP, follow_from)]
    elif status == ACTIVE:
        opened_on = today - _days(rng, 1, 540)
        moves = [(OPEN, ACTIVE, min(opened_on + _days(rng, 0, 30), today))]
    else:
        opened_on = today - _days(rng, 0, 90)
        moves = []
    since = (today - opened_on).days
    origin = rng.choice(MINOR_ORIGINS if minor else ADULT_ORIGINS)
    t[CaseMember].append((case_id, lead, TeamRole.LEAD.value, at(opened_on)))
    for before, after, day in moves:
        t[CaseStatusChange].append((case_id, before, after, lead, at(day)))
        version += 1

    # Her needs, seeded at opening (no version bump); each service served one and moved it along.
    needs = []
    for code in rng.sample(NEED_CODES, rng.randint(2, MAX_NEEDS)):
        needs.append([next(need_ids), code, NeedStatus.IDENTIFIED.value, 1])
    services = rng.randint(0, 1) if status == OPEN else rng.randint(1, 3)
    for _n in range(services):
        need = rng.choice(needs)
        service_id = uuid.uuid4()
        t[ServiceRecord].append(
            (
                service_id,
                case_id,
                opened_on + _days(rng, 0, since),
                SERVICE_TYPE[need[1]],
                ProviderKind.THIS_ORGANISATION.value,
                NOTES_CLASS[need[1]],
                lead,
            )
        )
        t[ServiceRecord.needs.through].append((service_id, need[0]))
        if need[2] == NeedStatus.IDENTIFIED:
            need[2], need[3] = NeedStatus.IN_PROGRESS.value, need[3] + 1
        version += 1
    for need_id, code, need_status, need_version in needs:
        t[Need].append(
            (
                need_id,
                case_id,
                code,
                NEED_TERMS[code],
                lead,
                Agreement.NOT_DISCUSSED.value,
                Priority.MEDIUM.value,
                need_status,
                need_version,
                at(opened_on),
            )
        )

    # Plan items: a target at least a month after the day it was added; some done.
    open_targets = []
    if status != OPEN and rng.random() < mix.plan:
        for _n in range(rng.randint(1, 2)):
            kind = rng.choice(PLAN_KINDS)
            added = opened_on + _days(rng, 0, since)
            target = added + _days(rng, 30, 365)
            done_on = None
            if target < today and rng.random() < 0.7:
                done_on = max(min(target, today) - _days(rng, 0, 10), added)
                version += 1
            else:
                open_targets.append(target)
            t[PlanItem].append((case_id, kind, target, done_on))
            version += 1
    if minor and open_targets:  # checks.age_out_check after plan_item_add
        case = SimpleNamespace(
            person=SimpleNamespace(
                age_status=person.age_status,
                born_earliest=person.born_earliest,
                born_latest=person.born_latest,
            )
        )
        state = checks.age_out(case, today, open_targets)
        if state is not None and state.cannot_finish:
            t[CaseFlag].append((case_id, FlagKind.AGE_OUT.value, None, now))

    # A minor placed under a CWC order, with her next review (checks.placement_checks flags a passed one).
    if minor and rng.random() < mix.placed_minors:
        entry = opened_on + _days(rng, 0, min(30, since))
        review = max(today + _days(rng, *mix.review_days), entry + timedelta(days=7))
        placement_id = uuid.uuid4()
        t[Placement].append(
            (
                placement_id,
                case_id,
                rng.choice(PLACEMENT_KINDS),
                LegalBasis.CWC_ORDER.value,
                entry,
                entry + timedelta(days=365) if rng.random() < 0.5 else None,
                entry,
                Wish.STAY.value if rng.random() < 0.8 else Wish.LEAVE.value,
                review,
                list(rng.choice(PLACEMENT_CONDITIONS)),
                1,
            )
        )
        version += 1
        if review < today:
            t[CaseFlag].append((case_id, FlagKind.CWC_REVIEW_OVERDUE.value, placement_id, now))

    # Follow-up: her consent to be contacted and by which channel, the monthly schedule, the past ones
    # recorded by that channel (the latest sometimes not yet: overdue).
    if follow_from is not None:
        channel = rng.choice(CHANNELS)
        # The legal basis is free text, sealed under her key: the generator writes none.
        party = ConsentingParty.CWC.value if minor else ConsentingParty.SELF.value
        language = person.language if person.language in LANGUAGES else Language.BENGALI.value
        t[Consent].append(
            (
                person.person_id,
                ConsentPurpose.CONTACT.value,
                channel,
                True,
                ConsentMethod.SPOKEN.value,
                language,
                party,
                lead,
                at(follow_from),
            )
        )
        rows.consented.append(person.person_id)
        dues = [dates.add_months(follow_from, n) for n in range(1, ctx.follow_up_months + 1)]
        past = [d for d in dues if d < today]
        skip_last = bool(past) and rng.random() < mix.overdue_follow_up
        for due_on in dues:
            recorded = due_on < today and not (skip_last and due_on == past[-1])
            if recorded:
                reached = rng.random() < 0.85
                t[FollowUp].append(
                    (
                        uuid.uuid4(),
                        case_id,
                        due_on,
                        min(due_on + _days(rng, 0, 4), today),
                        channel,
                        ContactOutcome.REACHED.value if reached else ContactOutcome.NOT_REACHED.value,
                        rng.choice(WELLBEING) if reached else "",
                        [],
                        None,
                        None,
                        lead,
                    )
                )
                version += 1
            else:
                t[FollowUp].append((uuid.uuid4(), case_id, due_on, None, "", "", "", [], None, None, None))

    # Her legal path: the FIR registered, and the step now pending with its next date.
    recorder = lead if lead in ctx.legal_user_ids else ctx.supervisor_id
    if recorder is not None and rng.random() < mix.proceedings:
        fir_on = opened_on - _days(rng, 0, 10)
        t[Proceeding].append(
            (
                uuid.uuid4(),
                case_id,
                ProceedingKind.FIR.value,
                ProceedingStatus.DONE.value,
                fir_on,
                None,
                1,
                recorder,
            )
        )
        event = opened_on + _days(rng, 0, since)
        next_date = max(today + _days(rng, *mix.hearing_days), event)
        kind = ProceedingKind.CWC_HEARING.value if minor else rng.choice(ADULT_HEARINGS)
        t[Proceeding].append(
            (uuid.uuid4(), case_id, kind, ProceedingStatus.PENDING.value, event, next_date, 1, recorder)
        )
        version += 2

    t[Case].append((case_id, ctx.org_id, person.person_id, origin, status, opened_on, lead, "", version, now))
