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

# The floor of a place's home and of the report: the rows they show, read as plainly as the database can,
# from the same tables and indexes (bench/README.md).
PLACES_SQL = """
WITH RECURSIVE inside AS (
    SELECT id, id AS col, 0 AS depth FROM places_place WHERE id = %(place)s
    UNION ALL SELECT p.id, CASE WHEN i.depth = 0 THEN p.id ELSE i.col END, i.depth + 1
      FROM places_place p JOIN inside i ON p.parent_id = i.id WHERE p.kind <> 'site'
) SELECT array_agg(id), array_agg(col) FROM inside
"""
OPEN_SQL = """
SELECT a.id, a.kind, a.asked_on, a.due_on, s.name
  FROM prevention_ask a JOIN prevention_stakeholder s ON s.id = a.stakeholder_id
 WHERE a.organisation_id = %(org)s AND a.first_answer_on IS NULL AND s.jurisdiction_id = ANY(%(places)s)
 ORDER BY a.due_on, a.id LIMIT %(limit)s
"""
# The silences and the asks waiting, counted over every open ask to the offices inside.
OPEN_COUNT_SQL = """
SELECT count(*) FILTER (WHERE a.due_on < %(today)s), count(*) FILTER (WHERE a.due_on >= %(today)s)
  FROM prevention_ask a JOIN prevention_stakeholder s ON s.id = a.stakeholder_id
 WHERE a.organisation_id = %(org)s AND a.first_answer_on IS NULL AND s.jurisdiction_id = ANY(%(places)s)
"""
# The window of offices by silence (with how many were asked anything), then the numbers of those offices.
RANKED_SQL = """
WITH open AS (
    SELECT stakeholder_id, count(*) AS silent FROM prevention_ask
     WHERE organisation_id = %(org)s AND first_answer_on IS NULL AND due_on < %(today)s
     GROUP BY stakeholder_id
)
SELECT s.id, s.name, coalesce(o.silent, 0) AS silent, count(*) OVER ()
  FROM prevention_stakeholder s LEFT JOIN open o ON o.stakeholder_id = s.id
 WHERE s.organisation_id = %(org)s AND s.jurisdiction_id = ANY(%(places)s)
   AND EXISTS (SELECT 1 FROM prevention_ask x WHERE x.stakeholder_id = s.id)
 ORDER BY silent DESC, s.name, s.id LIMIT %(limit)s
"""
OFFICE_NUMBERS_SQL = """
SELECT a.stakeholder_id, count(*),
       count(*) FILTER (WHERE a.first_answer_on <= a.due_on),
       count(*) FILTER (WHERE a.latest_outcome = 'refused'),
       count(*) FILTER (WHERE a.first_answer_on IS NULL AND a.due_on < %(today)s),
       count(*) FILTER (WHERE a.first_answer_on IS NULL AND a.due_on >= %(today)s),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY a.first_answer_on - a.asked_on)
  FROM prevention_ask a WHERE a.organisation_id = %(org)s AND a.stakeholder_id = ANY(%(ids)s)
 GROUP BY a.stakeholder_id
"""
# The numbers per place inside (a block's panchayats, a district's blocks) in one pass over the asks, by
# the days to a first real answer, from which the medians are read (the fastest plain SQL for them known
# here; percentile_cont per place is slower on this world).
BY_PLACE_SQL = """
SELECT m.col, a.first_answer_on - a.asked_on AS days, count(*),
       count(*) FILTER (WHERE a.first_answer_on <= a.due_on),
       count(*) FILTER (WHERE a.latest_outcome = 'refused'),
       count(*) FILTER (WHERE a.first_answer_on IS NULL AND a.due_on < %(today)s),
       count(*) FILTER (WHERE a.first_answer_on IS NULL AND a.due_on >= %(today)s)
  FROM prevention_ask a JOIN prevention_stakeholder j ON j.id = a.stakeholder_id
  JOIN unnest(%(places)s::bigint[], %(columns)s::bigint[]) m(place, col) ON m.place = j.jurisdiction_id
 WHERE a.organisation_id = %(org)s GROUP BY m.col, days
"""
# The home's own: its offices by name and the count of those inside, the two heat grids, its dialogues.
OFFICES_SQL = """
SELECT s.id, s.kind, s.name, p.name, (
    SELECT count(*) FROM prevention_stakeholder i
     WHERE i.organisation_id = %(org)s AND i.jurisdiction_id = ANY(%(places)s)
       AND i.jurisdiction_id <> %(place)s
) FROM prevention_stakeholder s JOIN places_place p ON p.id = s.jurisdiction_id
 WHERE s.organisation_id = %(org)s AND s.jurisdiction_id = %(place)s ORDER BY s.kind, s.name
"""
GRID_SQL = """
SELECT m.col, r.factor, sum(r.respondents) FROM prevention_vulnerabilityreport r
  JOIN unnest(%(places)s::bigint[], %(columns)s::bigint[]) m(place, col) ON m.place = r.place_id
 WHERE r.organisation_id = %(org)s GROUP BY m.col, r.factor
"""
NORMS_SQL = GRID_SQL.replace("vulnerabilityreport", "protectivenorm").replace("factor", "practice")
DIALOGUES_SQL = """
SELECT d.id, d.held_on, (SELECT sum(c.count) FROM prevention_dialoguecount c WHERE c.dialogue_id = d.id)
  FROM prevention_dialogue d
 WHERE d.organisation_id = %(org)s AND d.place_id = ANY(%(places)s)
 ORDER BY d.held_on DESC, d.id DESC LIMIT 20
"""
LEDGER = (OPEN_SQL, OPEN_COUNT_SQL, RANKED_SQL, OFFICE_NUMBERS_SQL, BY_PLACE_SQL)
HOME = (*LEDGER, OFFICES_SQL, GRID_SQL, NORMS_SQL, DIALOGUES_SQL)
REPORT = LEDGER


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


def _floor(cursor, org_id: int, place_id: int, limit: int, statements) -> None:
    from django.utils import timezone

    cursor.execute(PLACES_SQL, {"place": place_id})
    places, columns = cursor.fetchone()
    params = {
        "org": org_id,
        "place": place_id,
        "places": places,
        "columns": columns,
        "today": timezone.localdate(),
        "limit": limit,
    }
    for sql in statements:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if sql is RANKED_SQL:
            params["ids"] = [row[0] for row in rows]


def measure(bench, *, print_=print) -> list[dict]:
    """Time the block's home and the district's report for `bench` (an object with `record`, `timed`)."""
    from django.db import connection
    from search_bench import signed_in_client

    from sathi.accounts.models import Membership, Role
    from sathi.demo.management.commands.generate_population import ensure_organisation
    from sathi.places.models import Place
    from sathi.prevention.ledger import PAGE
    from sathi.prevention.windows import PRINTED_PART

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

    def floor(place_id: int, limit: int, statements) -> None:
        with connection.cursor() as cursor:
            _floor(cursor, org.pk, place_id, limit, statements)

    shown = PAGE  # the rows of each long list on a screen (sathi.prevention.ledger.PAGE)
    home = bench.timed(lambda i: get(f"/prevention/places/{blocks[i % len(blocks)].pk}/"))
    home_floor = bench.timed(lambda i: floor(blocks[i % len(blocks)].pk, shown, HOME))
    bench.record(
        "prevention_home_block",
        "prevention home of a block (~10,000 asks)",
        home,
        home_floor,
        "raw SQL: places inside, open asks and their counts, a window of offices by silence and their"
        " numbers, numbers per panchayat, offices, grids, dialogues",
    )
    report = bench.timed(lambda i: get(f"/prevention/report/?place={district.pk}"))
    report_floor = bench.timed(lambda i: floor(district.pk, shown, REPORT))
    bench.record(
        "accountability_report_district",
        "accountability report of the district (50,000 asks)",
        report,
        report_floor,
        "raw SQL: places inside, open asks and their counts, a window of offices by silence and their"
        " numbers, numbers per block",
    )
    # The printed report, a part of 200 rows of each list (no target: it is printed, not browsed).
    printed = bench.timed(lambda i: get(f"/prevention/report/?place={district.pk}&print=1"))
    printed_floor = bench.timed(lambda i: floor(district.pk, PRINTED_PART, REPORT))
    bench.record(
        "accountability_report_district_printed",
        "the same report, a printed part (200 rows a list)",
        printed,
        printed_floor,
        "the same raw SQL, 200 rows a list",
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
