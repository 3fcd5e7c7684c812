"""The benchmark's world: the synthetic population, the workers who search and open it, and its cases.

bench/run.py times what these people do; this module only makes sure they exist (see bench/README.md).
"""

from __future__ import annotations

import json
import secrets
import sys
import time
from pathlib import Path

from report import database_label

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
KEYS_FILE = VAR / "bench-keys.json"
RESULTS_FILE = VAR / "bench-results.json"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sathi_bench"
ORGANISATION = "Bench population"


class World:
    def __init__(
        self,
        *,
        people: int,
        cases: int,
        caseworker_cases: int,
        iterations: int,
        warmup: int,
        jobs: int,
        seed: int,
        caseload: int,
    ):
        from django.db import connection

        from sathi.accounts.models import Membership, Role
        from sathi.demo.management.commands.generate_population import ensure_organisation

        self.people, self.iterations, self.warmup = people, iterations, warmup
        self.jobs, self.seed, self.caseload = jobs, seed, caseload
        self.cases, self.caseworker_cases = cases, caseworker_cases
        self.connection = connection
        self.var = VAR
        self.org = ensure_organisation(ORGANISATION, print)
        members = Membership.objects.filter(organisation=self.org).select_related("organisation", "user")
        # The generator shares everyone among the few workers it made (~200,000 each for a million):
        # one of them is the "heavy" worker of the stress row.
        self.heavy = members.get(role=Role.CASEWORKER, user__username__startswith="caseworker.")
        self.supervisor = members.get(role=Role.SUPERVISOR)
        self.caseworker = self.registrar = None
        self.results: list[dict] = []
        self.generator: dict = {}
        self.case_generator: dict = {}

    def _member(self, username: str, role: str):
        from sathi.accounts.models import Membership
        from sathi.accounts.services import user_create
        from sathi.accounts.totp import device_create

        member = (
            Membership.objects.filter(organisation=self.org, user__username=username)
            .select_related("organisation", "user")
            .first()
        )
        if member is None:
            user = user_create(
                actor=None,
                organisation=self.org,
                username=username,
                display_name=username,
                password="bench-" + secrets.token_urlsafe(18),
                role=role,
            )
            device_create(user=user, confirmed=True)
            member = Membership.objects.select_related("organisation", "user").get(user=user)
        return member

    # The population

    def populate(self) -> None:
        from sathi.accounts import keys
        from sathi.demo import people as population
        from sathi.lib.crypto import DecryptionError
        from sathi.people.models import Person

        try:
            keys.data_key(self.org.pk, keys.active_version(self.org.pk))
        except DecryptionError:
            sys.exit(
                f"The database's organisation keys do not open with {KEYS_FILE}: run with --reset "
                "(drops and refills the benchmark database)."
            )
        held = Person.objects.filter(organisation=self.org).count()
        if held >= self.people:
            print(f"The database already holds {held} people (>= {self.people}): generator not run.")
            self.generator = {"ran": False, "held": held, **previous_generator("generator")}
        else:
            missing = self.people - held
            print(f"Generating {missing} people ({held} already held), {self.jobs} processes...")
            step = max(missing // 10, 1)
            marks = [0]

            def progress(done: int, total: int, seconds: float) -> None:
                if done - marks[0] >= step or done == total:
                    marks[0] = done
                    print(
                        f"  {done:>9} / {total}  {seconds:7.1f} s  {done / seconds:8.0f} people/s", flush=True
                    )

            result = population.generate(
                organisation=self.org, count=missing, seed=self.seed, jobs=self.jobs, progress=progress
            )
            self.generator = {
                "ran": True,
                "people": result.created,
                "seconds": round(result.seconds, 1),
                "people_per_second": round(result.per_second),
                "jobs": result.jobs,
                "seconds_per_million": round(result.seconds / result.created * 1_000_000, 1),
            }
        self.build_name_keys()
        started = time.perf_counter()
        with self.connection.cursor() as cursor:
            # Autovacuum may be off or behind after a bulk load: fresh statistics and visibility map.
            for model, _fields in population.TABLES:
                cursor.execute(f"VACUUM (ANALYZE) {self.connection.ops.quote_name(model._meta.db_table)}")
        self.generator["vacuum_analyze_seconds"] = round(time.perf_counter() - started, 1)

    def build_name_keys(self) -> None:
        """A database filled before name search had its keys (the generator now writes them): build them as
        `manage.py build_search_keys` does, once."""
        from django.db.models import Exists, OuterRef

        from sathi.people import namesearch
        from sathi.people.models import Person, PersonNameKey

        keyed = PersonNameKey.objects.filter(person=OuterRef("pk"), scheme=namesearch.SCHEME)
        if not Person.objects.filter(organisation=self.org).filter(~Exists(keyed)).exists():
            return
        print("Writing name-search keys for people generated before them (build_search_keys)...", flush=True)
        started = time.perf_counter()

        def progress(done: int) -> None:
            if done % 100_000 == 0:
                print(f"  {done:>9} people  {time.perf_counter() - started:7.1f} s", flush=True)

        done = namesearch.name_keys_build(batch=2000, progress=progress)
        self.generator["name_keys_built"] = {
            "people": done,
            "seconds": round(time.perf_counter() - started, 1),
        }

    def prepare_workers(self) -> None:
        """The measured workers, made once after the population (so that it assigns them nobody): one
        finds, with a realistic caseload given through the real service; one registers."""
        from sathi.accounts.models import Role
        from sathi.people import grants
        from sathi.people.models import Assignment

        self.caseworker = self._member("bench.caseworker", Role.CASEWORKER)
        self.registrar = self._member("bench.registrar", Role.CASEWORKER)

        held = Assignment.objects.filter(user=self.caseworker.user).count()
        self.heavy_caseload = Assignment.objects.filter(user=self.heavy.user).count()
        if held >= self.caseload:
            self.caseload = held
            return
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM people_person WHERE organisation_id = %s AND phone_sealed IS NOT NULL"
                " AND NOT EXISTS (SELECT 1 FROM people_assignment a"
                " WHERE a.person_id = people_person.id AND a.user_id = %s) ORDER BY random() LIMIT %s",
                [self.org.pk, self.caseworker.user_id, self.caseload - held],
            )
            ids = [row[0] for row in cursor.fetchall()]
        for person_id in ids:
            grants.assignment_add(actor=self.supervisor, person_id=person_id, user_id=self.caseworker.user_id)
        print(f"Assigned {len(ids)} people to {self.caseworker.user.username} (caseload {held + len(ids)}).")
        self.caseload = held + len(ids)

    def populate_cases(self) -> None:
        """Open cases up to --cases with the bulk case generator (sathi/demo/cases.py): about
        --caseworker-cases led by the measured caseworker (among her caseload), the rest shared among the
        generator's workers. Skipped when the organisation already holds that many open cases."""
        from sathi.care.models import CaseMember
        from sathi.care.vocab import CaseStatus, TeamRole
        from sathi.demo import case_rows, cases

        held = cases.open_cases(self.org)
        if held >= self.cases:
            print(f"The database already holds {held} open cases (>= {self.cases}): case generator not run.")
            self.case_generator = {"ran": False, "held": held, **previous_generator("case_generator")}
        else:
            missing = self.cases - held
            hers = (
                CaseMember.objects.filter(user=self.caseworker.user, team_role=TeamRole.LEAD)
                .exclude(case__status=CaseStatus.CLOSED)
                .count()
            )
            dedicated = {self.caseworker.user_id: max(self.caseworker_cases - hers, 0)}
            mine = {self.caseworker.user_id, self.registrar.user_id}
            workers = [w for w in cases.case_workers(self.org) if w not in mine]
            print(f"Opening {missing} cases ({held} already open), {self.jobs} processes...")
            step = max(missing // 10, 1)
            marks = [0]

            def progress(done: int, total: int, seconds: float) -> None:
                if done - marks[0] >= step or done == total:
                    marks[0] = done
                    print(
                        f"  {done:>9} / {total}  {seconds:7.1f} s  {done / seconds:8.0f} cases/s", flush=True
                    )

            result = cases.generate(
                organisation=self.org,
                count=missing,
                seed=self.seed,
                jobs=self.jobs,
                workers=workers,
                dedicated=dedicated,
                progress=progress,
            )
            self.case_generator = {
                "ran": True,
                "cases": result.created,
                "seconds": round(result.seconds, 1),
                "cases_per_second": round(result.per_second),
                "jobs": result.jobs,
                "rows": sum(result.rows.values()),
                "rows_by_table": dict(sorted(result.rows.items())),
            }
        started = time.perf_counter()
        with self.connection.cursor() as cursor:
            for model, _fields in case_rows.TOUCHED_TABLES:
                cursor.execute(f"VACUUM (ANALYZE) {self.connection.ops.quote_name(model._meta.db_table)}")
        self.case_generator["vacuum_analyze_seconds"] = round(time.perf_counter() - started, 1)

    def sample(self, user_id: int, count: int) -> list[dict]:
        """People assigned to a worker, with code, phone and first name opened (for the bench only)."""
        from sathi.people.models import Person
        from sathi.people.vault import PersonVault

        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.person_id FROM people_assignment a JOIN people_person p ON p.id = a.person_id"
                " WHERE a.user_id = %s AND p.phone_sealed IS NOT NULL ORDER BY random() LIMIT %s",
                [user_id, count],
            )
            ids = [row[0] for row in cursor.fetchall()]
        rows = []
        for person in Person.objects.filter(pk__in=ids).prefetch_related("names"):
            vault = PersonVault.open(person)
            name = next(n for n in person.names.all() if n.kind == "name")
            rows.append(
                {
                    "id": person.pk,
                    "code": person.code,
                    "phone": vault.open_field(person, "phone", person.phone_sealed),
                    "name": vault.open_field(name, "value", name.value_sealed),
                    "name_index": name.name_index,
                }
            )
        if len(rows) < min(count, 50):
            sys.exit(f"Only {len(rows)} sample people found; is the population there?")
        return rows


def previous_generator(name: str) -> dict:
    """A generator's figures ("generator" or "case_generator") from the earlier run that filled this same
    database, if recorded."""
    try:
        earlier = json.loads(RESULTS_FILE.read_text())
    except (OSError, ValueError):
        return {}
    generator = earlier.get(name, {})
    if earlier.get("database") != database_label():
        return {}
    if generator.get("ran") or generator.get("from_earlier_run"):
        kept = {k: v for k, v in generator.items() if k not in {"ran", "held", "vacuum_analyze_seconds"}}
        return {**kept, "from_earlier_run": True}
    return {}
