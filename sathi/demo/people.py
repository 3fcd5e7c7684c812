"""A synthetic population written in bulk, row for row as `services.person_register` writes it.

For benchmarks and load tests: a million people in minutes instead of hours. Each person gets what
registration gives her (her own key wrapped by the organisation's active data key, sealed phone, location
and names bound to their rows, blind indexes, a self-stated age and its assessment, an assignment), but
the rows go in through PostgreSQL's COPY (or `bulk_create` on SQLite) and the whole run writes a single
audit event instead of one per person. The data come from `sathi.demo.synthetic.Generator`.
"""

from __future__ import annotations

import multiprocessing
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection, connections, transaction
from django.utils import timezone

from sathi.accounts import keys
from sathi.accounts.models import Membership, Organisation, Role
from sathi.audit.services import log_action
from sathi.core import cleaning
from sathi.demo import spellings, synthetic
from sathi.lib import agerange, crypto, pseudocode
from sathi.people import namesearch, policy, services, vault
from sathi.people.models import AgeEvidence, Assignment, Person, PersonKey, PersonName, PersonNameKey
from sathi.people.vocab import AgeEvidenceKind

CHUNK_SIZE = 10_000  # people per transaction: small enough to keep deferred FK checks cheap
SECOND_GIVEN_SHARE = 0.5  # our own variety on top of the Generator: "Rina Rani Das"
OWN_SCRIPT_SHARE = 0.25  # names written in Bengali or Devanagari letters, as a worker may register them

# The columns written, by attribute name; columns and COPY types are read from the models.
PERSON_FIELDS = (
    "id",
    "organisation",
    "code",
    "version",
    "gender",
    "languages",
    "origin_state",
    "origin_district",
    "documents_held",
    "phone_sealed",
    "phone_index",
    "location_sealed",
    "age_status",
    "born_earliest",
    "born_latest",
    "created_at",
    "updated_at",
)
KEY_FIELDS = ("person", "wrapped")
NAME_FIELDS = ("id", "person", "kind", "value_sealed", "name_index", "name_year_index", "position")
EVIDENCE_FIELDS = (
    "person",
    "kind",
    "as_of",
    "date_of_birth",
    "age_years",
    "margin_years",
    "source_sealed",
    "recorded_by",
    "recorded_at",
)
ASSIGNMENT_FIELDS = ("person", "user", "created_at")
NAME_KEY_FIELDS = ("organisation", "person", "key", "scheme")

TABLES = (
    (Person, PERSON_FIELDS),
    (PersonKey, KEY_FIELDS),
    (PersonName, NAME_FIELDS),
    (AgeEvidence, EVIDENCE_FIELDS),
    (Assignment, ASSIGNMENT_FIELDS),
    (PersonNameKey, NAME_KEY_FIELDS),
)

# What the audit event names: the fields every generated person has (values never enter the log).
AUDITED_FIELDS = [
    "names",
    "phone",
    "current_location",
    "gender",
    "languages",
    "origin_state",
    "origin_district",
    "documents_held",
    "age_evidence",
    "assignment",
]


@dataclass(frozen=True)
class Context:
    """Everything a worker process needs to make rows, without touching the database."""

    org_id: int
    data_key: bytes
    data_key_id: str
    index_key: bytes
    worker_ids: tuple[int, ...]
    today: date
    now: datetime
    seed: int


@dataclass
class Rows:
    person: list[tuple] = field(default_factory=list)
    key: list[tuple] = field(default_factory=list)
    name: list[tuple] = field(default_factory=list)
    evidence: list[tuple] = field(default_factory=list)
    assignment: list[tuple] = field(default_factory=list)
    name_key: list[tuple] = field(default_factory=list)

    def tables(self):
        parts = (self.person, self.key, self.name, self.evidence, self.assignment, self.name_key)
        return zip(TABLES, parts, strict=True)


@dataclass
class Result:
    organisation: Organisation
    created: int
    seconds: float
    jobs: int

    @property
    def per_second(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0


# --- making rows (pure: no database, so it runs in worker processes) ---------------------------


def _chunk_seed(seed: int, first: int) -> int:
    # Each chunk has its own Generator so that chunks can be made in any order and in parallel; a given
    # seed gives the same people, and a second run into the same organisation continues, not repeats.
    return (seed << 40) + first


def _varied_names(rng: random.Random, data: synthetic.SyntheticPerson) -> list[str]:
    """More names than the Generator's ~2,000 (given x family): a second given name for half of them."""
    names = list(data.names)
    if names and rng.random() < SECOND_GIVEN_SHARE:
        given, _sep, family = names[0].partition(" ")
        pool = synthetic.BENGALI_GIVEN if given in synthetic.BENGALI_GIVEN else synthetic.HINDI_GIVEN
        second = rng.choice(pool)
        if second != given:
            names[0] = f"{given} {second} {family}"
    if names and rng.random() < OWN_SCRIPT_SHARE:
        bengali = names[0].split()[-1] in synthetic.BENGALI_FAMILY
        names[0] = (
            spellings.in_script(names[0], spellings.BENGALI if bengali else spellings.DEVANAGARI) or names[0]
        )
    return names


class _Indexes:
    """Blind indexes as keys.blind_index computes them, cached: names repeat, their HMACs need not."""

    def __init__(self, index_key: bytes):
        self.key = index_key
        self.names: dict[str, str] = {}
        self.name_years: dict[tuple[str, int], str] = {}
        self.name_token_keys: dict[str, set[int]] = {}

    def phone(self, phone: str) -> str:
        if not phone:
            return ""
        return crypto.blind_index(self.key, services.PHONE_INDEX, crypto.normalise_phone(phone))

    def name(self, value: str) -> str:
        found = self.names.get(value)
        if found is None:
            found = crypto.blind_index(self.key, services.NAME_INDEX, crypto.normalise_name(value))
            self.names[value] = found
        return found

    def name_keys(self, values: list[str]) -> set[int]:
        found: set[int] = set()
        for value in values:
            keys = self.name_token_keys.get(value)
            if keys is None:
                keys = self.name_token_keys[value] = namesearch.keys_of_names(self.key, [value])
            found |= keys
        return found

    def name_year(self, value: str, year: int) -> str:
        found = self.name_years.get((value, year))
        if found is None:
            normal = f"{crypto.normalise_name(value)}|{year}"
            found = crypto.blind_index(self.key, services.NAME_YEAR_INDEX, normal)
            self.name_years[(value, year)] = found
        return found


def _assessments(today: date) -> dict[int, agerange.Assessment]:
    """Her own statement of age, as_of today, is the only evidence: one assessment per age."""
    return {
        age: agerange.assess(
            [agerange.Evidence(kind=agerange.Kind.SELF_STATED, as_of=today, age_years=age)], today
        )
        for age in range(0, 121)
    }


def make_rows(ctx: Context, first: int, codes: list[str]) -> Rows:
    """The rows for one chunk of people (the organisation's `first`-th onwards), one per code, sealed and
    indexed as person_register does."""
    gen = synthetic.Generator(seed=_chunk_seed(ctx.seed, first))
    indexes = _Indexes(ctx.index_key)
    assessments = _assessments(ctx.today)
    person_label = Person._meta.label_lower
    name_label = PersonName._meta.label_lower
    workers = ctx.worker_ids
    rows = Rows()
    for number, code in enumerate(codes):
        data = gen.person()
        name_rows = services.clean_names(_varied_names(gen.rng, data), data.aliases)
        phone = services.clean_phone(data.phone)
        location = cleaning.clean_text(
            data.current_location, field="current_location", max_length=services.MAX_LOCATION_LENGTH
        )
        age = data.stated_age
        person_id = uuid.uuid4()
        pid = str(person_id)
        person_key = crypto.new_key()
        # As PersonVault.create + wrap_person_key, with the organisation's key unwrapped once per run.
        wrapped = crypto.seal(ctx.data_key, ctx.data_key_id, person_key, vault._person_key_aad(person_id))
        # As PersonVault.seal: her key, key id "p1", bound to table, column and row.
        phone_sealed = (
            crypto.seal_text(person_key, "p1", phone, f"{person_label}.phone:{pid}") if phone else None
        )
        location_sealed = (
            crypto.seal_text(person_key, "p1", location, f"{person_label}.location:{pid}")
            if location
            else None
        )
        if age is None:
            status, earliest, latest = agerange.Status.UNKNOWN.value, None, None
        else:
            assessment = assessments[age]
            status = assessment.status.value
            earliest, latest = assessment.born_earliest, assessment.born_latest
        worker = workers[(first + number) % len(workers)]
        rows.person.append(
            (
                person_id,
                ctx.org_id,
                code,
                1,
                data.gender,
                data.languages,
                data.origin_state,
                data.origin_district,
                data.documents_held,
                phone_sealed,
                indexes.phone(phone),
                location_sealed,
                status,
                earliest,
                latest,
                ctx.now,
                ctx.now,
            )
        )
        rows.key.append((person_id, wrapped))
        # services._birth_years: the latest possible birth year is the one indexed.
        year = ctx.today.year - age if age is not None else None
        for position, (kind, value) in enumerate(name_rows):
            name_id = uuid.uuid4()
            rows.name.append(
                (
                    name_id,
                    person_id,
                    kind,
                    crypto.seal_text(person_key, "p1", value, f"{name_label}.value:{name_id}"),
                    indexes.name(value),
                    indexes.name_year(value, year) if year is not None and kind == "name" else "",
                    position,
                )
            )
        # namesearch.name_keys_write: the blind keys of her names' tokens.
        for key in sorted(indexes.name_keys([value for _kind, value in name_rows])):
            rows.name_key.append((ctx.org_id, person_id, key, namesearch.SCHEME))
        if age is not None:
            rows.evidence.append(
                (person_id, AgeEvidenceKind.SELF_STATED.value, ctx.today, None, age, 0, None, worker, ctx.now)
            )
        rows.assignment.append((person_id, worker, ctx.now))
    return rows


# --- writing rows ------------------------------------------------------------------------------


def column_names(model, names) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


def copy_types(model, names) -> list[str]:
    """PostgreSQL type names for binary COPY, as the model's fields declare them ("varchar(8)" -> varchar)."""
    types = []
    for name in names:
        model_field = model._meta.get_field(name)
        db_type = model_field.db_type(connection) if not model_field.is_relation else None
        if model_field.is_relation:
            db_type = model_field.target_field.rel_db_type(connection)
        types.append(db_type.split("(")[0].strip())
    return types


def _write_postgresql(rows: Rows) -> None:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        raw = cursor.connection  # the psycopg 3 connection, inside Django's transaction
        with raw.cursor() as copy_cursor:
            for (model, names), table_rows in rows.tables():
                if not table_rows:
                    continue
                columns = ", ".join(qn(c) for c in column_names(model, names))
                sql = f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN (FORMAT BINARY)"
                with copy_cursor.copy(sql) as copy:
                    copy.set_types(copy_types(model, names))
                    for row in table_rows:
                        copy.write_row(row)


def _write_orm(rows: Rows) -> None:
    for (model, names), table_rows in rows.tables():
        attnames = [model._meta.get_field(name).attname for name in names]
        objects = [model(**dict(zip(attnames, row, strict=True))) for row in table_rows]
        model.objects.bulk_create(objects, batch_size=2000)


def write_rows(rows: Rows) -> None:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _write_postgresql(rows)
        else:
            _write_orm(rows)


# --- worker processes --------------------------------------------------------------------------

_worker_context: Context | None = None


def _worker_init(ctx: Context) -> None:
    global _worker_context
    _worker_context = ctx
    # Forked from a parent whose connections were closed: each worker opens its own on first use.


def _worker_chunk(task: tuple[int, list[str]]) -> int:
    first, codes = task
    write_rows(make_rows(_worker_context, first, codes))
    return len(codes)


# --- the run -----------------------------------------------------------------------------------


def workers_for(organisation: Organisation) -> list[int]:
    """User ids to assign people to: the organisation's person workers, else its supervisors."""
    members = Membership.objects.filter(
        organisation=organisation, is_active=True, role__in=policy.roles_that(policy.Kind.PERSON)
    ).order_by("pk")
    workers = [m.user_id for m in members if m.role != Role.SUPERVISOR]
    return workers or [m.user_id for m in members]


def context_for(organisation: Organisation, *, seed: int) -> Context:
    org_id = organisation.pk
    version = keys.active_version(org_id)
    worker_ids = tuple(workers_for(organisation))
    if not worker_ids:
        raise ValueError("the organisation has no active worker to assign people to")
    return Context(
        org_id=org_id,
        data_key=keys.data_key(org_id, version),
        data_key_id=f"o{version}",
        index_key=keys.index_key(org_id),
        worker_ids=worker_ids,
        today=timezone.localdate(),
        now=timezone.now(),
        seed=seed,
    )


def _code_batches(taken: set[str], count: int, chunk_size: int) -> Iterator[list[str]]:
    """New codes, unique in the organisation: against those already held (`taken`) and within the run."""
    remaining = count
    while remaining > 0:
        batch = []
        while len(batch) < min(chunk_size, remaining):
            code = pseudocode.new_code()
            if code not in taken:
                taken.add(code)
                batch.append(code)
        remaining -= len(batch)
        yield batch


def generate(
    *,
    organisation: Organisation,
    count: int,
    seed: int = 1,
    jobs: int = 1,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int, int, float], None] | None = None,
) -> Result:
    """Add `count` synthetic people to the organisation. One audit event names the run.

    With jobs > 1 (PostgreSQL only) worker processes make and COPY chunks in parallel, each chunk in its
    own transaction; call it outside any transaction then. With jobs == 1 everything runs on the caller's
    connection, inside the caller's transaction if there is one.
    """
    ctx = context_for(organisation, seed=seed)
    started = time.perf_counter()
    done = 0
    taken = set(Person.objects.filter(organisation_id=organisation.pk).values_list("code", flat=True))
    held = len(taken)
    tasks = (
        (held + i * chunk_size, codes) for i, codes in enumerate(_code_batches(taken, count, chunk_size))
    )
    parallel = jobs > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block
    if parallel:
        # Workers are forked: none may share the parent's connection, so it is closed first. The codes
        # are drawn in the parent (one set keeps them unique) while the workers write.
        connections.close_all()
        mp = multiprocessing.get_context("fork")
        with mp.Pool(jobs, initializer=_worker_init, initargs=(ctx,)) as pool:
            for written in pool.imap_unordered(_worker_chunk, tasks):
                done += written
                if progress:
                    progress(done, count, time.perf_counter() - started)
    else:
        jobs = 1
        for first, codes in tasks:
            write_rows(make_rows(ctx, first, codes))
            done += len(codes)
            if progress:
                progress(done, count, time.perf_counter() - started)
    with transaction.atomic():
        log_action(
            actor=None,
            organisation=organisation,
            action="population.generated",
            target_type=Person._meta.label_lower,
            fields=AUDITED_FIELDS,
        )
    return Result(organisation=organisation, created=done, seconds=time.perf_counter() - started, jobs=jobs)


def analyse() -> None:
    """Refresh the planner's statistics after a bulk load (autovacuum may be off or not yet run)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model, _names in TABLES:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
