"""Prevention's benchmark (issue 11): a district of 5 blocks, 80 gram panchayats and 600 villages, 2,000
offices and 50,000 asks with their answers; the prevention home of a block and the accountability report of
the district, each against a raw-SQL floor measured in the same run (see bench/README.md).

Part of `make bench` (bench/run.py calls `measure`), and runnable alone, without the million people:

    SATHI_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sathi_bench_prevention \\
      .venv/bin/python bench/prevention_bench.py [--iterations 300 --warmup 30]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ORGANISATION = "Bench prevention"
DISTRICT = "Bench district"
RESULTS = "bench-prevention-results.json"

# The floor of a place's home and of the report: the rows they show, read as plainly as the database can.
PLACES_SQL = """
WITH RECURSIVE inside AS (
    SELECT id FROM places_place WHERE id = %(place)s
    UNION ALL SELECT p.id FROM places_place p JOIN inside i ON p.parent_id = i.id WHERE p.kind <> 'site'
) SELECT array_agg(id) FROM inside
"""
OPEN_SQL = """
SELECT a.id, a.kind, a.asked_on, a.due_on, s.name, count(*) OVER () AS open_total,
       count(*) FILTER (WHERE a.due_on < %(today)s) OVER () AS silent_total
  FROM prevention_ask a JOIN prevention_stakeholder s ON s.id = a.stakeholder_id
 WHERE a.organisation_id = %(org)s AND s.jurisdiction_id = ANY(%(inside)s)
   AND NOT EXISTS (SELECT 1 FROM prevention_answer r WHERE r.ask_id = a.id AND r.outcome <> 'no_reply')
 ORDER BY a.due_on, a.id LIMIT %(limit)s
"""
OFFICES_SQL = """
SELECT s.id, s.kind, s.name, p.name
  FROM prevention_stakeholder s JOIN places_place p ON p.id = s.jurisdiction_id
 WHERE s.organisation_id = %(org)s AND s.jurisdiction_id = ANY(%(inside)s) ORDER BY s.kind, s.name LIMIT 200
"""
GRID_SQL = """
SELECT place_id, factor, sum(respondents) FROM prevention_vulnerabilityreport
 WHERE organisation_id = %(org)s AND place_id = ANY(%(inside)s) GROUP BY place_id, factor
"""


def ensure_world(org, researcher, print_=print) -> dict:
    from sathi.demo.prevention_rows import generate_district
    from sathi.places.models import Place

    district = Place.objects.filter(kind="district", name=DISTRICT).first()
    if district is not None:
        print_(f"  {DISTRICT} is already there.")
        return {"from_earlier_run": True}
    print_("  Generating the district: 5 blocks, 80 panchayats, 600 villages, 2,000 offices, 50,000 asks...")
    made = generate_district(organisation=org, recorded_by_id=researcher.user_id, name=DISTRICT)
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("places_place", "prevention_stakeholder", "prevention_ask", "prevention_answer"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    print_(f"  {made.asks} asks and {made.answers} answers in {made.seconds:.1f} s")
    return {
        "asks": made.asks,
        "answers": made.answers,
        "offices": made.offices,
        "seconds": round(made.seconds, 1),
    }


def _floor(cursor, org_id: int, place_id: int, limit: int) -> None:
    from django.utils import timezone

    from sathi.prevention.selectors import tally_sql

    cursor.execute(PLACES_SQL, {"place": place_id})
    inside = cursor.fetchone()[0]
    params = {"org": org_id, "inside": inside, "today": timezone.localdate(), "limit": limit}
    for sql in (
        OPEN_SQL,
        OFFICES_SQL,
        GRID_SQL,
        tally_sql(True, False),
    ):
        cursor.execute(sql, params)
        cursor.fetchall()


def measure(bench, *, print_=print) -> list[dict]:
    """Time the block's home and the district's report for `bench` (an object with `record`, `timed`)."""
    from django.db import connection
    from search_bench import signed_in_client

    from sathi.accounts.models import Membership, Role
    from sathi.demo.management.commands.generate_population import ensure_organisation
    from sathi.places.models import Place

    org = ensure_organisation(ORGANISATION, print_)
    researcher = Membership.objects.select_related("organisation", "user").get(
        organisation=org, role=Role.COMMUNITY_RESEARCHER
    )
    generator = ensure_world(org, researcher, print_)
    district = Place.objects.get(kind="district", name=DISTRICT)
    blocks = list(Place.objects.filter(parent=district, kind="block").order_by("pk"))
    client = signed_in_client(researcher)

    def get(path: str) -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code}")

    def floor(place_id: int, limit: int) -> None:
        with connection.cursor() as cursor:
            _floor(cursor, org.pk, place_id, limit)

    home = bench.timed(lambda i: get(f"/prevention/places/{blocks[i % len(blocks)].pk}/"))
    home_floor = bench.timed(lambda i: floor(blocks[i % len(blocks)].pk, 50))
    bench.record(
        "prevention_home_block",
        "prevention home of a block (~10,000 asks)",
        home,
        home_floor,
        "raw SQL: places inside, open asks, offices, heat grid, office numbers",
    )
    report = bench.timed(lambda i: get(f"/prevention/report/?place={district.pk}"))
    report_floor = bench.timed(lambda i: floor(district.pk, 200))
    bench.record(
        "accountability_report_district",
        "accountability report of the district (50,000 asks)",
        report,
        report_floor,
        "raw SQL: the same rows and numbers",
    )
    return [generator]


class _Alone:
    """The timing and recording of bench/run.py's Bench, without its population."""

    def __init__(self, iterations: int, warmup: int):
        self.iterations, self.warmup, self.results = iterations, warmup, []

    def timed(self, run):
        from timing import timed

        return timed(run, iterations=self.iterations, warmup=self.warmup)

    def record(self, *args, **kwargs):
        from run import Bench

        Bench.record(self, *args, **kwargs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault(
        "SATHI_DATABASE_URL",
        os.environ.get(
            "SATHI_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sathi_bench_prevention"
        ),
    )
    from run import configure_environment, ensure_database

    configure_environment()
    ensure_database(os.environ["SATHI_DATABASE_URL"], reset=False)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    settings.DEBUG = False
    bench = _Alone(args.iterations, args.warmup)
    (generator,) = measure(bench)
    from report import print_table
    from world import VAR

    print_table(bench.results, {}, {})
    VAR.mkdir(exist_ok=True)
    output = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "generator": generator,
        "measurements": bench.results,
    }
    (VAR / RESULTS).write_text(json.dumps(output, indent=2, default=str) + "\n")
    print(f"Results written to var/{RESULTS}")


if __name__ == "__main__":
    main()
