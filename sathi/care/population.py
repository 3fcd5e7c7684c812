"""Open cases in bulk for a synthetic population, row for row as the care and legal services write them.

For benchmarks and load tests (`manage.py generate_population --cases N`, `bench/run.py`): 200,000 open
cases in a minute or two instead of hours of service calls. Each case gets what the services would have
written for her history: the case with its lead (`case_open`; the lead is a worker already assigned to her,
so the access policy lets the lead see her), her first needs, status changes (`case_move`), services
delivered against her needs (`service_record`: the needs move to "in progress"), plan items
(`plan_item_add`/`plan_item_done`), a placement under a CWC order for some minors (`placement_start`), her
follow-up schedule (`_schedule_follow_ups`), the past follow-ups recorded by the channel she agreed to
(`consent_record` + `follow_up_record`), steps on her legal path (`legal.services.proceeding_add`), the flags
the checks raise, and the case version each write bumps. Sealed fields are left empty (no notes, goals or
facilities): nothing here needs the organisation's keys. Rows go in through COPY on PostgreSQL (bulk_create
on SQLite), in chunks of cases per transaction, and the run writes one audit event.
"""

from __future__ import annotations

import math
import multiprocessing
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import NamedTuple

from django.db import connection, connections, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from sathi.accounts.models import Membership, Organisation, Role
from sathi.audit.services import log_action
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
from sathi.care.services import _add_months
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
from sathi.legal.models import Proceeding, ProceedingKind, ProceedingStatus
from sathi.lib import agerange
from sathi.people import policy
from sathi.people.models import Assignment, Consent, Person
from sathi.people.population import _columns, _copy_types
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
        dues = [_add_months(follow_from, n) for n in range(1, ctx.follow_up_months + 1)]
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


# --- writing rows ------------------------------------------------------------------------------


def allocate_ids(model, count: int) -> list[int]:
    """`count` ids from the table's own sequence (the rows refer to each other before they are written).
    Call inside the transaction that writes them."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: one writer at a time; past both the highest id and AUTOINCREMENT's high-water mark.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        start = max(highest, seq[0] if seq else 0) + 1
        return list(range(start, start + count))


def _write_postgresql(rows: Rows) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor() as copy_cursor:
            for model, names in TABLES:
                table_rows = rows.tables[model]
                if not table_rows:
                    continue
                columns = ", ".join(qn(c) for c in _columns(model, names))
                sql = f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN (FORMAT BINARY)"
                with copy_cursor.copy(sql) as copy:
                    copy.set_types(_copy_types(model, names))
                    for row in table_rows:
                        copy.write_row(row)


def _write_orm(rows: Rows) -> None:
    for model, names in TABLES:
        attnames = [model._meta.get_field(name).attname for name in names]
        objects = [model(**dict(zip(attnames, row, strict=True))) for row in rows.tables[model]]
        model.objects.bulk_create(objects, batch_size=1000)


def write_chunk(ctx: Context, first: int, people: Sequence[Candidate]) -> Counter:
    """Make and write one chunk of cases in one transaction; the counts of rows written."""
    with transaction.atomic():
        case_ids = allocate_ids(Case, len(people))
        need_ids = iter(allocate_ids(Need, len(people) * MAX_NEEDS))  # the unused ones are gaps
        rows = make_rows(ctx, first, people, case_ids, need_ids)
        if connection.vendor == "postgresql":
            _write_postgresql(rows)
        else:
            _write_orm(rows)
        for start in range(0, len(rows.consented), 1000):
            Person.objects.filter(pk__in=rows.consented[start : start + 1000]).update(
                version=F("version") + 1, updated_at=ctx.now
            )
    return rows.counts()


# --- worker processes --------------------------------------------------------------------------

_worker_context: Context | None = None


def _worker_init(ctx: Context) -> None:
    global _worker_context
    _worker_context = ctx


def _worker_chunk(task: tuple[int, list[Candidate]]) -> tuple[int, Counter]:
    first, people = task
    return len(people), write_chunk(_worker_context, first, people)


# --- choosing the people -----------------------------------------------------------------------


def _candidates(org_id: int, user_id: int) -> Iterator[Candidate]:
    """People assigned to the worker who have no open case here, in a stable order (her index)."""
    open_case = Case.objects.filter(person_id=OuterRef("person_id"), organisation_id=org_id).exclude(
        status=CaseStatus.CLOSED
    )
    rows = (
        Assignment.objects.filter(user_id=user_id, person__organisation_id=org_id)
        .filter(~Exists(open_case))
        .order_by("person_id")
        .values_list(
            "person_id",
            "person__age_status",
            "person__born_earliest",
            "person__born_latest",
            "person__languages",
        )
    )
    for person_id, age_status, earliest, latest, languages in rows.iterator(chunk_size=10_000):
        yield Candidate(person_id, user_id, age_status, earliest, latest, (languages or [""])[0])


def choose_people(
    org_id: int, count: int, workers: Sequence[int], dedicated: dict[int, int]
) -> list[Candidate]:
    """`dedicated` workers first (user id -> cases), then the rest shared evenly among `workers`; a
    worker with too few people leaves her share to the others. One case per person."""
    chosen: list[Candidate] = []
    taken: set[uuid.UUID] = set()

    def take(user_id: int, wanted: int) -> int:
        got = 0
        if wanted <= 0:
            return 0
        for candidate in _candidates(org_id, user_id):
            if candidate.person_id in taken:
                continue
            taken.add(candidate.person_id)
            chosen.append(candidate)
            got += 1
            if got >= wanted:
                break
        return got

    for user_id, wanted in dedicated.items():
        take(user_id, min(wanted, count - len(chosen)))
    active = [w for w in workers if w not in dedicated]
    while len(chosen) < count and active:
        share = math.ceil((count - len(chosen)) / len(active))
        for user_id in list(active):
            wanted = min(share, count - len(chosen))
            if take(user_id, wanted) < wanted:
                active.remove(user_id)  # she has no more people without a case
            if len(chosen) >= count:
                break
    return chosen


# --- the run -----------------------------------------------------------------------------------


def case_workers(organisation: Organisation) -> list[int]:
    """The organisation's active person workers (not supervisors): leads of the generated cases."""
    members = Membership.objects.filter(
        organisation=organisation, is_active=True, role__in=policy.roles_that(policy.Kind.PERSON)
    ).exclude(role=Role.SUPERVISOR)
    return list(members.order_by("pk").values_list("user_id", flat=True))


def context_for(organisation: Organisation, *, seed: int, mix: Mix) -> Context:
    members = Membership.objects.filter(organisation=organisation, is_active=True)
    legal_roles = policy.roles_that(policy.Kind.LEGAL_STEP)
    legal = frozenset(members.filter(role__in=legal_roles).values_list("user_id", flat=True))
    supervisor = members.filter(role=Role.SUPERVISOR).order_by("pk").values_list("user_id", flat=True).first()
    return Context(
        org_id=organisation.pk,
        today=timezone.localdate(),
        now=timezone.now(),
        seed=seed,
        follow_up_months=organisation.follow_up_months,
        legal_user_ids=legal,
        supervisor_id=supervisor,
        mix=mix,
    )


def open_cases(organisation: Organisation) -> int:
    return Case.objects.filter(organisation=organisation).exclude(status=CaseStatus.CLOSED).count()


def generate(
    *,
    organisation: Organisation,
    count: int,
    seed: int = 1,
    jobs: int = 1,
    workers: Sequence[int] | None = None,
    dedicated: dict[int, int] | None = None,
    mix: Mix | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int, int, float], None] | None = None,
) -> Result:
    """Open up to `count` cases for people of the organisation who have none, led by a worker already
    assigned to each: first `dedicated` (user id -> number of cases), the rest shared among `workers`
    (default: every person worker but the dedicated). One audit event names the run.

    With jobs > 1 (PostgreSQL only) worker processes write chunks in parallel, each in its own transaction;
    call it outside any transaction then. Fewer cases are made if too few people are without one.
    """
    mix = mix or Mix()
    ctx = context_for(organisation, seed=seed, mix=mix)
    dedicated = dict(dedicated or {})
    if workers is None:
        workers = [w for w in case_workers(organisation) if w not in dedicated]
    if not workers and not dedicated:
        raise ValueError("the organisation has no active worker to lead the cases")
    started = time.perf_counter()
    held = Case.objects.filter(organisation=organisation).count()
    people = choose_people(organisation.pk, count, workers, dedicated)
    total = len(people)
    tasks = [(held + start, people[start : start + chunk_size]) for start in range(0, total, chunk_size)]
    done, rows = 0, Counter()
    parallel = jobs > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block
    if parallel:
        connections.close_all()  # forked workers must not share the parent's connection
        mp = multiprocessing.get_context("fork")
        with mp.Pool(jobs, initializer=_worker_init, initargs=(ctx,)) as pool:
            for written, counts in pool.imap_unordered(_worker_chunk, tasks):
                done += written
                rows.update(counts)
                if progress:
                    progress(done, total, time.perf_counter() - started)
    else:
        jobs = 1
        for first, chunk in tasks:
            rows.update(write_chunk(ctx, first, chunk))
            done += len(chunk)
            if progress:
                progress(done, total, time.perf_counter() - started)
    with transaction.atomic():
        log_action(
            actor=None,
            organisation=organisation,
            action="population.cases_generated",
            target_type=Case._meta.label_lower,
            fields=AUDITED_FIELDS,
        )
    return Result(
        organisation=organisation, created=done, seconds=time.perf_counter() - started, jobs=jobs, rows=rows
    )


def analyse() -> None:
    """Refresh the planner's statistics after a bulk load (autovacuum may be off or not yet run)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model, _names in TOUCHED_TABLES:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
