"""Synthetic KoboToolbox exports of a questionnaire version, written from its own questions (for the tests,
the benchmark and the demo): what Kobo's JSON export looks like, every value a string.

Answers are drawn from the form: a choice name of the question's list, numbers, dates, words that name
nobody. Repeats get one to three items; `repeat_count` is not followed (Kobo exports what was entered).
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

WORDS = ["river", "school", "bus", "market", "field", "rain", "brick", "tea", "pond", "road", "shop"]
SKIP_TYPES = {"note", "calculate", "start", "end", "today", "deviceid", "username", "audit", "begin"}


def kobo_records(questions, count: int, *, seed: int = 12, form_id: str = "") -> list[dict]:
    """`questions`: the version's Question rows (path, type, choices), in the form's order."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not a secret)
    rows = [(q.path, q.type, [c["name"] for c in q.choices]) for q in questions]
    root = rows[0][0].split("/")[1] if rows else "data"
    repeats = {path for path, kind, _c in rows if kind == "repeat"}
    records = []
    for _number in range(count):
        instance = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        record: dict = {}
        for path, kind, choices in rows:
            if any(path.startswith(r + "/") for r in repeats) or kind in ("group", "repeat"):
                continue
            key = path.removeprefix(f"/{root}/")
            if key.startswith("meta/") or kind in SKIP_TYPES:
                continue
            value = _value(rng, kind, choices)
            if value is not None:
                record[key] = value
        for repeat in sorted(repeats):
            if any(repeat.startswith(r + "/") for r in repeats if r != repeat):
                continue  # a repeat inside a repeat: left empty
            members = [(p, k, c) for p, k, c in rows if p.startswith(repeat + "/") and k not in ("group",)]
            items = []
            for _item in range(rng.randint(1, 3)):
                item = {}
                for path, kind, choices in members:
                    value = _value(rng, kind, choices)
                    if value is not None and kind != "repeat":
                        item[path.removeprefix(f"/{root}/")] = value
                items.append(item)
            record[repeat.removeprefix(f"/{root}/")] = items
        record["meta/instanceID"] = f"uuid:{instance}"
        record["_uuid"] = instance
        record["_id"] = rng.randint(1, 10**8)
        record["_submission_time"] = "2026-11-30T10:00:00"
        if form_id:
            record["_xform_id_string"] = form_id
        records.append(record)
    return records


def _value(rng: random.Random, kind: str, choices: list[str]):
    if kind in SKIP_TYPES or "from file" in kind or kind.endswith("_from_file"):
        return None
    if rng.random() < 0.1:
        return None  # not every question is answered (relevance, skipped)
    if kind in ("select one", "select_one"):
        return rng.choice(choices) if choices else None
    if kind in ("select all that apply", "select_multiple"):
        return " ".join(rng.sample(choices, k=rng.randint(1, min(3, len(choices))))) if choices else None
    if kind == "integer":
        return str(rng.randint(0, 12))
    if kind == "decimal":
        return f"{rng.uniform(0, 100):.2f}"
    if kind in ("date",):
        return (date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))).isoformat()
    if kind in ("geopoint", "gps", "image", "audio", "video", "file", "barcode", "geoshape", "geotrace"):
        return None
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))


def kobo_workbook(questions, records: list[dict], *, title: str = "Submissions") -> bytes:
    """The records as KoboToolbox's XLSX export writes them: the submissions on the first sheet with an
    `_index` each; each repeat on a sheet named after it, its items pointing at their submission by
    `_parent_table_name` and `_parent_index`; a select_multiple with one 1/0 column per choice beside it."""
    import io

    import openpyxl

    rows = [(q.path, q.type, [c["name"] for c in q.choices]) for q in questions]
    root = rows[0][0].split("/")[1] if rows else "data"
    multiple = {p.removeprefix(f"/{root}/"): c for p, k, c in rows if k in ("select all that apply",)}
    numbers = {p.removeprefix(f"/{root}/"): {"integer": int, "decimal": float}.get(k) for p, k, _c in rows}
    main = title[:31]
    sheets: dict[str, list[dict]] = {main: []}
    for index, record in enumerate(records, start=1):
        flat = {"_index": index}
        for key, value in record.items():
            if isinstance(value, list):
                name = key.rsplit("/", 1)[-1][:31]
                for item in value:
                    sheets.setdefault(name, []).append(
                        {
                            **item,
                            "_index": len(sheets[name]) + 1,
                            "_parent_table_name": main,
                            "_parent_index": index,
                            "_submission__uuid": record.get("_uuid", ""),
                        }
                    )
            else:
                flat[key] = value
                for choice in multiple.get(key, []):
                    flat[f"{key}/{choice}"] = int(choice in str(value).split())
        sheets[main].append(flat)
    book = openpyxl.Workbook(write_only=True)
    for name, table in sheets.items():
        sheet = book.create_sheet(name)
        header = list(dict.fromkeys(k for row in table for k in row))
        answers = [k for k in header if not k.startswith("_")]
        header = answers + [k for k in header if k.startswith("_")]  # Kobo puts its own columns last
        sheet.append(header)
        for row in table:  # Kobo writes a number as a number
            sheet.append([_cell(numbers.get(k), row.get(k)) for k in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(number, value):
    try:
        return number(value) if number and value not in (None, "") else value
    except ValueError:
        return value
