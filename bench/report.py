"""The benchmark's table: each row against its floor and its target, and the generators' speed."""

from __future__ import annotations

# Targets (ms for p95 latencies, seconds for the generator).
TARGETS = {
    "generator_1m_seconds": 600,
    "register": 50,
    "search_code": 20,
    "search_phone": 20,
    "search_name": 20,
    "search_code_heavy": 20,
    "search_variant": 30,
    "person_page": 100,
    "due_caseworker": 150,
    "due_supervisor": 150,
    "evidence_release": 1000,
    "evidence_release_cold": 1000,
    "prevention_home_block": 200,
    "accountability_report_district": 200,
}

# At most this many times the floor's p95, where the issue sets it.
RATIO_TARGETS = {"search_code": 3, "search_phone": 3, "search_name": 3}


def database_label() -> str:
    """Host, port and name of the benchmark database (no credentials), to match earlier results."""
    from django.db import connection

    params = connection.settings_dict
    return f"{params.get('HOST') or 'localhost'}:{params.get('PORT') or 5432}/{params['NAME']}"


def print_table(results: list[dict], generator: dict, case_generator: dict) -> None:
    head = f"{'measure':52} {'p50':>8} {'p95':>8} {'floor50':>8} {'floor95':>8} {'x p50':>6} {'x p95':>6}"
    head += f" {'target':>8}  met"
    print()
    print(head)
    print("-" * len(head))
    for r in results:
        met = {True: "yes", False: "NO", None: "-"}[r["met"]]
        target = f"<{r['target_p95_ms']}" if r["target_p95_ms"] else "-"
        if r.get("target_ratio_p95"):
            target += f",{r['target_ratio_p95']}x"
        print(
            f"{r['label'][:52]:52} {r['p50_ms']:8.2f} {r['p95_ms']:8.2f} {r['floor_p50_ms']:8.2f}"
            f" {r['floor_p95_ms']:8.2f} {r['ratio_p50']:6.1f} {r['ratio_p95']:6.1f} {target:>8}  {met}"
        )
    print("(milliseconds; x = ratio to the floor; targets are on p95)")
    if generator.get("people"):
        earlier = " (from an earlier run)" if generator.get("from_earlier_run") else ""
        per_million = generator["seconds_per_million"]
        met = "yes" if per_million < TARGETS["generator_1m_seconds"] else "NO"
        print(
            f"generator{earlier}: {generator['people']} people in {generator['seconds']} s,"
            f" {generator['people_per_second']} people/s, {per_million} s per million"
            f" (target < {TARGETS['generator_1m_seconds']} s: {met}), {generator['jobs']} processes"
        )
    else:
        print("generator: not run and no earlier figures recorded")
    if case_generator.get("cases"):
        earlier = " (from an earlier run)" if case_generator.get("from_earlier_run") else ""
        print(
            f"case generator{earlier}: {case_generator['cases']} open cases ({case_generator['rows']} rows)"
            f" in {case_generator['seconds']} s, {case_generator['cases_per_second']} cases/s,"
            f" {case_generator['jobs']} processes"
        )
    else:
        print("case generator: not run and no earlier figures recorded")
