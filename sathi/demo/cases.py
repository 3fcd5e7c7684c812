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
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

from django.db import connection, connections, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from sathi.accounts.models import Membership, Organisation, Role
from sathi.audit.services import log_action
from sathi.care.models import (
    Case,
    Need,
)
from sathi.care.vocab import (
    CaseStatus,
)
from sathi.demo.case_rows import (
    AUDITED_FIELDS,
    CHUNK_SIZE,
    MAX_NEEDS,
    TABLES,
    TOUCHED_TABLES,
    Candidate,
    Context,
    Mix,
    Result,
    Rows,
    make_rows,
)
from sathi.demo.people import column_names, copy_types
from sathi.people import policy
from sathi.people.models import Assignment, Person

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
                columns = ", ".join(qn(c) for c in column_names(model, names))
                sql = f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN (FORMAT BINARY)"
                with copy_cursor.copy(sql) as copy:
                    copy.set_types(copy_types(model, names))
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
