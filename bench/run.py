"""Benchmarks on PostgreSQL with a synthetic population (`make bench`; see bench/README.md).

Fills the database to --people with the bulk generator (unless it already holds that many) and to --cases
open cases, then times registration, lookups, the person page and the due list, each against a floor
measured in the same run: the same work done as plainly as possible (raw SQL, a bare view), so that the
ratio shows what the application itself costs. Prints a table and writes var/bench-results.json.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import secrets
import sys
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from report import RATIO_TARGETS, TARGETS, database_label, print_table
from timing import percentile, summary, timed, timed_pair
from world import DEFAULT_URL, KEYS_FILE, RESULTS_FILE, ROOT, VAR, World

# The floor of the due list: what sathi.care.due and the legal source read, as one plain SQL query.
# {cases} is the case filter of the scope; %(tz)s the time zone of a production deadline's date; %(limit)s
# the items the list shows (sathi.care.due.LIMIT), since it shows the most urgent and counts the rest.
DUE_FLOOR_SQL = """
SELECT * FROM (
SELECT f.due_on AS day, 'follow_up' AS kind, c.id, p.code
  FROM care_followup f JOIN care_case c ON c.id = f.case_id JOIN people_person p ON p.id = c.person_id
 WHERE {cases} AND f.done_on IS NULL AND f.due_on <= %(end)s
UNION ALL
SELECT pl.next_cwc_review, 'cwc_review', c.id, p.code
  FROM care_placement pl JOIN care_case c ON c.id = pl.case_id JOIN people_person p ON p.id = c.person_id
 WHERE {cases} AND pl.exit_date IS NULL AND pl.next_cwc_review <= %(end)s
UNION ALL
SELECT CASE WHEN pr.kind = 'production' AND pr.rescue_at IS NOT NULL
            THEN ((pr.rescue_at + interval '24 hours') AT TIME ZONE %(tz)s)::date ELSE pr.next_date END,
       'hearing', c.id, p.code
  FROM legal_proceeding pr JOIN care_case c ON c.id = pr.case_id JOIN people_person p ON p.id = c.person_id
 WHERE {cases} AND pr.status NOT IN ('done', 'refused')
   AND (pr.next_date <= %(end)s OR pr.kind = 'production')
   AND (pr.next_date IS NOT NULL OR (pr.kind = 'production' AND pr.rescue_at IS NOT NULL))
UNION ALL
SELECT i.target_date, 'plan_target', c.id, p.code
  FROM care_planitem i JOIN care_case c ON c.id = i.case_id JOIN people_person p ON p.id = c.person_id
 WHERE {cases} AND i.done_on IS NULL AND i.target_date <= %(end)s
UNION ALL
SELECT %(today)s::date, 'age_out', c.id, p.code
  FROM care_caseflag fl JOIN care_case c ON c.id = fl.case_id JOIN people_person p ON p.id = c.person_id
 WHERE {cases} AND fl.kind = 'age_out' AND fl.resolved_at IS NULL
) due ORDER BY day >= %(today)s::date, day, code LIMIT %(limit)s
"""
ORGANISATION_CASES = "c.organisation_id = %(org)s AND c.status <> 'closed'"
# Hers: cases whose team she is in, of people assigned to her (the access policy; no break-glass is open).
MY_CASES = (
    ORGANISATION_CASES
    + " AND EXISTS (SELECT 1 FROM care_casemember m WHERE m.case_id = c.id AND m.user_id = %(user)s)"
    + " AND EXISTS (SELECT 1 FROM people_assignment a"
    + " WHERE a.person_id = c.person_id AND a.user_id = %(user)s)"
)


# The stages of a run, in order (--only picks some: a quicker look at one part, the floors always beside).
STAGES = (
    "register",
    "search",  # typed code, phone and name through person_find, and the heavy caseload
    "variant",  # variant-tolerant name search (issue 15)
    "search_http",  # the search page and the API through the test Client
    "page",
    "due",
    "evidence",
    "prevention",
    "load",
    "audit",
)
# The load stage's targets (bench/load.py), each beside its floor, which always runs.
LOAD_TARGETS = ("person_page", "search_page", "api_person", "search_api")


def configure_environment() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sathi.settings")
    os.environ.setdefault("SATHI_DATABASE_URL", DEFAULT_URL)
    os.environ["SATHI_DEBUG"] = "1"  # development secret and keys path; DEBUG itself is turned off below
    os.environ["SATHI_KEYS_FILE"] = str(KEYS_FILE)
    os.environ["SATHI_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["SATHI_SECURE_COOKIES"] = "0"
    # Shared with the load stage's gunicorn, so that the sessions made here are valid there.
    os.environ.setdefault("SATHI_SECRET_KEY", secrets.token_urlsafe(50))
    for path in (ROOT, ROOT / "bench"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    from sathi.lib import crypto

    if not KEYS_FILE.exists():
        crypto.generate_keys_file(KEYS_FILE)
        print(f"Created benchmark keys in {KEYS_FILE} (for this machine only).")
    elif crypto.load_keys_file(KEYS_FILE).active_audit_id is None:
        crypto.add_audit_key(KEYS_FILE)  # a benchmark keys file from before keyed audit chains


def ensure_database(url: str, *, reset: bool) -> None:
    """Create the database if missing (connecting to the server's `postgres` database to do it)."""
    import psycopg
    from psycopg import sql

    conninfo = url.replace("postgres://", "postgresql://", 1)
    name = conninfo.rsplit("/", 1)[1].split("?")[0]
    admin = conninfo.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reset:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            print(f"Dropped database {name}.")
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")


# --- the benchmark -----------------------------------------------------------------------------


class Bench(World):
    """The timings, on the world bench/world.py makes."""

    def record(
        self, key: str, label: str, samples: list[float], floor: list[float], floor_label: str, **extra
    ):
        entry = {"key": key, "label": label, **summary(samples), "floor": floor_label, **extra}
        entry["floor_p50_ms"] = round(percentile(floor, 50), 3)
        entry["floor_p95_ms"] = round(percentile(floor, 95), 3)
        entry["ratio_p50"] = round(entry["p50_ms"] / entry["floor_p50_ms"], 1)
        entry["ratio_p95"] = round(entry["p95_ms"] / entry["floor_p95_ms"], 1)
        target = TARGETS.get(key)
        entry["target_p95_ms"] = target
        entry["target_ratio_p95"] = ratio = RATIO_TARGETS.get(key)
        entry["met"] = None if target is None else entry["p95_ms"] < target
        if ratio is not None:
            entry["met"] = entry["met"] and entry["ratio_p95"] <= ratio
        self.results.append(entry)
        print(f"  {label}: p50 {entry['p50_ms']:.2f} ms, p95 {entry['p95_ms']:.2f} ms", flush=True)

    def total(self) -> int:
        return self.iterations + self.warmup

    def timed(self, run: Callable[[int], object]) -> list[float]:
        return timed(run, iterations=self.iterations, warmup=self.warmup)

    def timed_pair(
        self, run: Callable[[int], object], floor: Callable[[int], object]
    ) -> tuple[list[float], list[float]]:
        """The measure and its floor in turn, call by call (bench/timing.py)."""
        return timed_pair(run, floor, iterations=self.iterations, warmup=self.warmup)

    # 1. Registration

    def bench_register(self) -> None:
        from django.db import transaction

        from sathi.demo.synthetic import Generator
        from sathi.lib import pseudocode
        from sathi.people import services

        gen = Generator(seed=secrets.randbits(32))
        data = [gen.person() for _ in range(self.total())]
        duplicates = [0]

        def register(i: int) -> None:
            d = data[i]
            kwargs = {
                "actor": self.registrar,
                "names": d.names,
                "aliases": d.aliases,
                "phone": d.phone,
                "gender": d.gender,
                "languages": d.languages,
                "origin_state": d.origin_state,
                "origin_district": d.origin_district,
                "current_location": d.current_location,
                "documents_held": d.documents_held,
                "stated": services.StatedAge(age_years=d.stated_age),
            }
            try:
                services.person_register(**kwargs)
            except services.PossibleDuplicate:
                # As in the form: she is shown the matches and confirms; both requests are counted.
                duplicates[0] += i >= self.warmup
                services.person_register(**kwargs, confirm_duplicates=True)

        samples = timed(register, iterations=self.iterations, warmup=self.warmup)
        qn = self.connection.ops.quote_name
        org_id = self.org.pk

        inserted: list[uuid.UUID] = []

        def insert(_i: int) -> None:
            person_id = uuid.uuid4()
            inserted.append(person_id)
            with transaction.atomic(), self.connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {qn('people_person')} (id, organisation_id, code, version, gender,"
                    " languages, origin_state, origin_district, documents_held, phone_sealed, phone_index,"
                    " location_sealed, age_status, born_earliest, born_latest, created_at, updated_at)"
                    " VALUES (%s, %s, %s, 1, 'woman', '[\"bn\"]', 'IN-WB', '', '[]', %s, %s, %s, 'adult',"
                    " '1990-01-01', '1991-01-01', now(), now())",
                    [
                        person_id,
                        org_id,
                        pseudocode.new_code(),
                        secrets.token_bytes(60),
                        secrets.token_hex(8),
                        secrets.token_bytes(60),
                    ],
                )
                cursor.execute(
                    f"INSERT INTO {qn('people_personname')} (id, person_id, kind, value_sealed, name_index,"
                    " name_year_index, position) VALUES (%s, %s, 'name', %s, %s, %s, 0)",
                    [
                        uuid.uuid4(),
                        person_id,
                        secrets.token_bytes(50),
                        secrets.token_hex(8),
                        secrets.token_hex(8),
                    ],
                )

        floor = timed(insert, iterations=self.iterations, warmup=self.warmup)
        # The floor's rows hold random bytes, not ciphertexts: they go again so that every reader works.
        with transaction.atomic(), self.connection.cursor() as cursor:
            cursor.execute("DELETE FROM people_personname WHERE person_id = ANY(%s)", [inserted])
            cursor.execute("DELETE FROM people_person WHERE id = ANY(%s)", [inserted])
        self.record(
            "register",
            "register one person (services.person_register)",
            samples,
            floor,
            "raw SQL INSERT person + name, one transaction",
            duplicate_warnings=duplicates[0],
        )

    # 2. Search by what is typed (bench/search_bench.py)

    # 3. The person page

    def bench_page(self, sample: list[dict]) -> None:
        from django.test import Client
        from django.test.utils import override_settings
        from django_otp import DEVICE_ID_SESSION_KEY

        from sathi.accounts.middleware import SESSION_MEMBERSHIP
        from sathi.accounts.models import SealedTOTPDevice

        client = Client()
        client.force_login(self.supervisor.user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = SealedTOTPDevice.objects.get(user=self.supervisor.user).persistent_id
        session[SESSION_MEMBERSHIP] = self.supervisor.pk
        session.save()
        n = len(sample)

        def get(url: str) -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise AssertionError(f"GET {url} answered {response.status_code}")

        with override_settings(ROOT_URLCONF="floor_urls"):
            samples, floor = self.timed_pair(
                lambda i: get(f"/people/{sample[i % n]['id']}/"), lambda i: get("/bench/floor/")
            )
        self.record(
            "person_page",
            "person page GET /people/<id>/ (supervisor)",
            samples,
            floor,
            "bare view through the same Client and middleware (bench/floor_urls.py)",
        )

    # 4. The due list

    def bench_due(self) -> None:
        from django.conf import settings
        from django.utils import timezone

        from sathi.care import due, selectors
        from sathi.care.models import Case
        from sathi.care.vocab import CaseStatus

        today = timezone.localdate()
        params = {
            "org": self.org.pk,
            "today": today,
            "end": today + timedelta(days=7),
            "tz": settings.TIME_ZONE,
            "limit": due.LIMIT,
        }
        open_cases = Case.objects.filter(organisation=self.org).exclude(status=CaseStatus.CLOSED)

        def raw(sql: str, values: dict) -> list:
            with self.connection.cursor() as cursor:
                cursor.execute(sql, values)
                return cursor.fetchall()

        for key, who, actor, scope, cases_sql in (
            ("due_caseworker", "caseworker", self.caseworker, "mine", MY_CASES),
            ("due_supervisor", "supervisor", self.supervisor, "organisation", ORGANISATION_CASES),
        ):
            values = {**params, "user": actor.user_id}
            sql = DUE_FLOOR_SQL.format(cases=cases_sql)
            in_scope = open_cases.filter(team__user_id=actor.user_id) if scope == "mine" else open_cases
            held = in_scope.count()
            items = selectors.due_this_week(actor, scope=scope, today=today)
            floor_rows = raw(sql, values)
            if len(items) != len(floor_rows):
                print(
                    f"  warning: {key}: the application lists {len(items)} items, the floor {len(floor_rows)}"
                )
            samples = timed(
                lambda _i, actor=actor, scope=scope: selectors.due_this_week(actor, scope=scope, today=today),
                iterations=self.iterations,
                warmup=self.warmup,
            )
            floor = timed(
                lambda _i, sql=sql, values=values: raw(sql, values),
                iterations=self.iterations,
                warmup=self.warmup,
            )
            self.record(
                key,
                f"due this week, {who} ({held} cases, {len(items)} due)",
                samples,
                floor,
                "raw SQL: follow-ups, CWC reviews, proceedings and age-outs due, one UNION ALL query",
                scope=scope,
                open_cases=held,
                items=len(items),
                floor_items=len(floor_rows),
                items_by_kind=dict(sorted(collections.Counter(i.kind for i in items).items())),
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, help="open cases to hold (default: a fifth of --people)")
    parser.add_argument(
        "--caseworker-cases", type=int, default=250, help="cases led by the measured caseworker"
    )
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="generator processes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--caseload", type=int, default=250, help="people assigned to the measured caseworker"
    )
    parser.add_argument("--reset", action="store_true", help="drop and recreate the benchmark database")
    parser.add_argument("--load-seconds", type=int, default=60, help="per load target; 0 skips the stage")
    parser.add_argument("--load-clients", type=int, default=50)
    parser.add_argument("--load-workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument(
        "--only",
        default=",".join(STAGES),
        help="comma-separated stages to run (default all): " + ", ".join(STAGES),
    )
    parser.add_argument(
        "--load-targets",
        default="",
        help="comma-separated load targets (default all): " + ", ".join(LOAD_TARGETS),
    )
    args = parser.parse_args()
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    if unknown := only - set(STAGES):
        parser.error(f"unknown stages: {', '.join(sorted(unknown))}")

    configure_environment()
    url = os.environ["SATHI_DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The benchmark runs on PostgreSQL: set SATHI_BENCH_DATABASE_URL to a postgres:// URL.")
    ensure_database(url, reset=args.reset)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    # Measured as production runs: no query log, no template debugging.
    settings.DEBUG = False

    bench = Bench(
        people=args.people,
        cases=args.people // 5 if args.cases is None else args.cases,
        caseworker_cases=args.caseworker_cases,
        iterations=args.iterations,
        warmup=args.warmup,
        jobs=args.jobs,
        seed=args.seed,
        caseload=args.caseload,
    )
    bench.populate()
    bench.prepare_workers()
    bench.populate_cases()
    sample = bench.sample(bench.caseworker.user_id, 200)
    heavy_sample = bench.sample(bench.heavy.user_id, 200)
    print(f"Measuring ({args.warmup} warm-up + {args.iterations} timed iterations each)...")
    if "register" in only:
        bench.bench_register()
    import search_bench  # bench/ is on sys.path; it imports the application, so only after setup

    search_bench.bench_search(bench, sample, heavy_sample, parts=only)
    if "page" in only:
        bench.bench_page(sample)
    if "due" in only:
        bench.bench_due()
    if "evidence" in only:
        import evidence_bench

        evidence_bench.bench_evidence(bench)
    if "prevention" in only:
        import prevention_bench

        prevention_bench.measure(bench)
    load_results = []
    if args.load_seconds > 0 and "load" in only:
        import load

        targets = {t.strip() for t in args.load_targets.split(",") if t.strip()} or None
        try:
            load_results = load.bench_load(
                bench,
                sample,
                seconds=args.load_seconds,
                connections=args.load_clients,
                workers=args.load_workers,
                only=targets,
            )
        except (RuntimeError, OSError) as exc:  # keep the figures measured so far
            print(f"  load stage failed: {exc}")
    audit = {}
    if "audit" in only:
        import audit_bench

        audit = audit_bench.measure(bench.org.pk, actor_id=bench.caseworker.user_id)

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        server = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SELECT count(*) FROM people_person WHERE organisation_id = %s", [bench.org.pk])
        held = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM care_case WHERE organisation_id = %s AND status <> 'closed'", [bench.org.pk]
        )
        held_cases = cursor.fetchone()[0]
    output = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "people": held,
        "requested_people": args.people,
        "open_cases": held_cases,
        "requested_cases": bench.cases,
        "database": database_label(),
        "server": server,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "conn_max_age": settings.DATABASES["default"].get("CONN_MAX_AGE", 0),
        "generator": bench.generator,
        "case_generator": bench.case_generator,
        "measurements": bench.results,
        "load": load_results,
        "targets": TARGETS,
        "audit": audit,
    }
    print_table(bench.results, bench.generator, bench.case_generator)
    if load_results:
        load.print_load(load_results)
    if audit:
        audit_bench.print_results(audit)
    VAR.mkdir(exist_ok=True)
    RESULTS_FILE.write_text(json.dumps(output, indent=2, default=str) + "\n")
    print(f"Results written to {RESULTS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
