"""The release ledger's benchmark (issue 14): the care-outcomes table by district x gender x age band x
screening decision over the benchmark's cases, with suppression and the differencing check against 50 earlier
releases of the same table, against the same counts by hand-written SQL with no suppression (the floor).

The population generator writes no consents and no screenings, so this stage adds, once, in bench-only SQL:
a statistics consent for every person with a case, and a screening with a decision for about two in five of
them (classifications drawn from a fixed mix). Then it releases the table 50 times through the ledger (each
release protected against the ones before it): months one by one and quarters by gender, the year to date by
age band and by decision, and months down the side. Those are the "earlier releases"; the timed call is one
more release of the full breakdown over the last twelve months, checked against all of them (not recorded,
so that every timed call is checked against the same 50).
"""

from __future__ import annotations

from datetime import date

TABLE = "care-outcomes"
ITERATIONS, WARMUP = 20, 2  # a call takes up to a second: 300 would take the stage an hour

FLOOR_SQL = """
WITH counted AS (
    SELECT c.id, c.opened_on, p.origin_district, p.gender, p.born_latest,
        COALESCE((SELECT d.classification FROM screening_decision d JOIN screening_screening s
                  ON s.id = d.screening_id WHERE s.person_id = p.id
                  ORDER BY d.decided_on DESC, s.id DESC LIMIT 1), 'not_recorded') AS classification
    FROM care_case c JOIN people_person p ON p.id = c.person_id
    WHERE c.organisation_id = %(org)s AND c.opened_on BETWEEN %(start)s AND %(end)s
      AND (SELECT k.granted AND k.withdrawn_at IS NULL FROM people_consent k
           WHERE k.person_id = p.id AND k.purpose = 'statistics' AND k.receiver_id IS NULL
           ORDER BY k.taken_at DESC, k.id DESC LIMIT 1)
)
SELECT origin_district, gender,
    CASE WHEN born_latest IS NULL THEN 'unknown'
         WHEN age(opened_on, born_latest) >= interval '45 years' THEN '45_plus'
         WHEN age(opened_on, born_latest) >= interval '35 years' THEN '35_44'
         WHEN age(opened_on, born_latest) >= interval '25 years' THEN '25_34'
         WHEN age(opened_on, born_latest) >= interval '18 years' THEN '18_24'
         WHEN age(opened_on, born_latest) >= interval '16 years' THEN '16_17'
         ELSE 'under_16' END AS age_band,
    classification, count(*)
FROM counted GROUP BY 1, 2, 3, 4
"""

CONSENT_SQL = """
INSERT INTO people_consent (person_id, purpose, channel, granted, method, explained_in, consenting_party,
    taken_by_id, taken_at)
SELECT DISTINCT c.person_id, 'statistics', '', true, 'spoken', 'bn', 'self', %(user)s,
    now() - interval '800 days'
FROM care_case c WHERE c.organisation_id = %(org)s AND NOT EXISTS (
    SELECT 1 FROM people_consent k WHERE k.person_id = c.person_id AND k.purpose = 'statistics')
"""

SCREENING_SQL = """
INSERT INTO screening_screening (id, organisation_id, person_id, control_since, labour_sector,
    irregular_crossing_consented, age_status, suggestions, screened_on, screened_by_id)
SELECT gen_random_uuid(), %(org)s, c.person_id, '[]', '', false, 'adult', '[]', c.opened_on, %(user)s
FROM (SELECT DISTINCT ON (person_id) person_id, opened_on FROM care_case
      WHERE organisation_id = %(org)s ORDER BY person_id, opened_on) c
WHERE hashtext(c.person_id::text) %% 5 < 2
"""

DECISION_SQL = """
INSERT INTO screening_decision (screening_id, classification, rules_explained, offered_health,
    offered_savings, offered_legal_aid, offered_membership, counselling_sessions, police_involved,
    decided_on, decided_by_id, reintegrate_with_family)
SELECT s.id, (ARRAY['adult_own_decision', 'adult_own_decision', 'adult_own_decision', 'trafficked_adult',
    'trafficked_adult', 'trafficked_child', 'child_in_need_of_care', 'exploited_not_trafficked', 'smuggled',
    'not_enough_information'])[1 + abs(hashtext(s.id::text)) %% 10],
    true, false, false, false, false, 0, false, s.screened_on, %(user)s, false
FROM screening_screening s WHERE s.organisation_id = %(org)s
  AND NOT EXISTS (SELECT 1 FROM screening_decision d WHERE d.screening_id = s.id)
"""


def _month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def _add_months(day: date, n: int) -> date:
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def prepare(bench) -> None:
    from django.db import connection, transaction

    values = {"org": bench.org.pk, "user": bench.supervisor.user_id}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(CONSENT_SQL, values)
        cursor.execute("SELECT count(*) FROM screening_screening WHERE organisation_id = %(org)s", values)
        if cursor.fetchone()[0] == 0:
            cursor.execute(SCREENING_SQL, values)
        cursor.execute(DECISION_SQL, values)
        cursor.execute("ANALYZE people_consent, screening_screening, screening_decision")


def earlier_frames(last: date) -> list:
    """Fifty releases of the table over the twelve months to `last`: the shapes an analyst asks for."""
    from sathi.evidence import catalogue

    first = _add_months(last, -11)
    months = [_add_months(first, n) for n in range(12)]
    frames = []
    for m in months:  # 12: each month by gender
        frames.append(catalogue.frame(table=TABLE, start=_month(m), end=_month(m), columns=("gender",)))
    for q in range(4):  # 4: each quarter by gender
        frames.append(
            catalogue.frame(
                table=TABLE, start=_month(months[3 * q]), end=_month(months[3 * q + 2]), columns=("gender",)
            )
        )
    for n in range(12):  # 12: the year to date by age band
        frames.append(
            catalogue.frame(table=TABLE, start=_month(first), end=_month(months[n]), columns=("age_band",))
        )
    for n in range(12):  # 12: the year to date by decision
        frames.append(
            catalogue.frame(
                table=TABLE, start=_month(first), end=_month(months[n]), columns=("classification",)
            )
        )
    for q in range(4):  # 4: months down the side, by gender, per quarter
        frames.append(
            catalogue.frame(
                table=TABLE,
                start=_month(months[3 * q]),
                end=_month(months[3 * q + 2]),
                rows="month",
                columns=("gender",),
            )
        )
    for half in range(2):  # 2: half years by decision and gender
        frames.append(
            catalogue.frame(
                table=TABLE,
                start=_month(months[6 * half]),
                end=_month(months[6 * half + 5]),
                columns=("gender", "classification"),
            )
        )
    for n in (0, 6, 11, 3):  # 4: single months by age band
        frames.append(
            catalogue.frame(
                table=TABLE, start=_month(months[n]), end=_month(months[n]), columns=("age_band",)
            )
        )
    return frames[:50]


def bench_evidence(bench) -> None:
    import os
    import time

    from django.db import connection

    from sathi.evidence import catalogue, ledger
    from sathi.evidence.models import Release

    print("Evidence: preparing consents, screenings and 50 earlier releases...", flush=True)
    prepare(bench)
    today = date.today()
    last = _add_months(date(today.year, today.month, 1), -1)
    analyst = bench._member("bench.analyst", "analyst")
    from django.core.exceptions import ValidationError

    refused_earlier = 0
    if Release.objects.filter(organisation=bench.org, table=TABLE).count() < 50:
        Release.objects.filter(organisation=bench.org, table=TABLE).delete()
        for frame in earlier_frames(last):
            try:
                ledger.release(actor=analyst, frame=frame, door="download", fmt="csv", purpose="funder")
            except ValidationError:  # too large to check beside those before it: refused, as in use
                refused_earlier += 1
    held = Release.objects.filter(organisation=bench.org, table=TABLE).count()
    first = _add_months(last, -11)
    target = catalogue.frame(
        table=TABLE,
        start=_month(first),
        end=_month(last),
        columns=("gender", "age_band", "classification"),
    )
    hidden_for_differencing = []
    checks = []
    answered_again = []  # of the checks, those of a system checked before (its answer kept)
    refused = []

    def release(_i: int) -> None:
        try:
            released = ledger.release(
                actor=analyst, frame=target, door="download", fmt="csv", purpose="funder", record=False
            )
        except ValidationError:  # the check's answer is a refusal: timed all the same
            refused.append(True)
            return
        hidden_for_differencing.append(released.for_differencing)
        checks.append(released.checks)
        answered_again.append(released.answered_again)

    end = _add_months(last, 1)
    values = {"org": bench.org.pk, "start": first, "end": date.fromordinal(end.toordinal() - 1)}

    def floor(_i: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, values)
            cursor.fetchall()

    from timing import timed_pair

    def shown(run, name: str):
        def call(i: int) -> None:
            start = time.perf_counter()
            run(i)
            extra = ""
            if name == "release" and checks:
                extra = f" ({checks[-1]} checks, {answered_again[-1]} answered again)"
            took = time.perf_counter() - start
            print(f"  call {i} {name}: {took:.2f} s{extra}, load {os.getloadavg()[0]:.1f}", flush=True)

        return call

    def cold(i: int) -> None:
        # The first release after the ledger changed: nothing kept per ledger state yet (the earlier
        # releases' entries, what they give away alone).
        ledger.forget_state()
        release(i)

    cold_samples, cold_floor = timed_pair(
        shown(cold, "release"), shown(floor, "floor"), iterations=ITERATIONS, warmup=0
    )
    cold_checks = max(checks or [0])
    cold_again = max(answered_again or [0])
    checks.clear()
    answered_again.clear()
    samples, floor_samples = timed_pair(
        shown(release, "release"), shown(floor, "floor"), iterations=ITERATIONS, warmup=WARMUP
    )
    built = catalogue.build(bench.org, target)
    common = {
        "cells": len(built.row_keys) * len(built.col_keys),
        "hidden_for_differencing": max(hidden_for_differencing or [0]),
        "refused": bool(refused),
        "earlier_releases": held,
        "earlier_refused": refused_earlier,
        "iterations": ITERATIONS,
    }
    bench.record(
        "evidence_release_cold",
        "evidence release cold (first after the ledger changed): district x gender x age x decision vs 50",
        cold_samples,
        cold_floor,
        "hand-written SQL of the same counts, no suppression",
        differencing_checks=cold_checks,
        answered_again=cold_again,
        **common,
    )
    bench.record(
        "evidence_release",
        "evidence release warm (ledger state kept): district x gender x age x decision vs 50",
        samples,
        floor_samples,
        "hand-written SQL of the same counts, no suppression",
        differencing_checks=max(checks or [0]),
        answered_again=max(answered_again or [0]),
        **common,
    )


def main() -> None:
    """The evidence stage alone: fills the benchmark database as `bench/run.py` does (people, cases), then
    times only the release (results in var/bench-evidence-results.json)."""
    import argparse
    import json
    import os
    import time

    # One BLAS thread: on a shared machine OpenBLAS's threads wait on each other (a small eigen-split took
    # 25 times longer with two), and a web worker should not fan out anyway.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--people", type=int, default=int(os.environ.get("BENCH_PEOPLE", 1_000_000)))
    parser.add_argument("--cases", type=int, help="open cases to hold (default: a fifth of --people)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="generator processes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fill-only", action="store_true", help="fill the database, time nothing")
    parser.add_argument("--iterations", type=int, default=ITERATIONS)
    parser.add_argument("--warmup", type=int, default=WARMUP)
    args = parser.parse_args()
    globals().update(ITERATIONS=args.iterations, WARMUP=args.warmup)
    os.environ.setdefault(
        "SATHI_DATABASE_URL",
        os.environ.get("SATHI_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sathi_bench"),
    )
    from run import Bench, configure_environment, ensure_database

    configure_environment()
    ensure_database(os.environ["SATHI_DATABASE_URL"], reset=False)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    settings.DEBUG = False  # measured as production runs
    bench = Bench(
        people=args.people,
        cases=args.people // 5 if args.cases is None else args.cases,
        caseworker_cases=250,
        iterations=ITERATIONS,
        warmup=WARMUP,
        jobs=args.jobs,
        seed=args.seed,
        caseload=250,
    )
    bench.populate()
    bench.prepare_workers()
    bench.populate_cases()
    if args.fill_only:
        return
    bench_evidence(bench)
    from report import print_table
    from world import VAR

    print_table(bench.results, bench.generator, bench.case_generator)
    VAR.mkdir(exist_ok=True)
    output = {"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "measurements": bench.results}
    (VAR / "bench-evidence-results.json").write_text(json.dumps(output, indent=2, default=str) + "\n")
    print("Results written to var/bench-evidence-results.json")


if __name__ == "__main__":
    main()
