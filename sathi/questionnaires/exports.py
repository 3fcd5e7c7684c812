"""KoboToolbox and ODK Central exports, read as submissions of a form (nothing is written here).

- Kobo JSON (the API's `data` or a saved export): a list of objects, or {"results": [...]}; keys are paths
  without the root ("group/question"), a repeat is a list of objects with full paths.
- Kobo CSV: one row per submission, headers as paths ("group/question", or "question" when the export
  drops group names), `;` or `,` separated; a byte-order mark and Windows line ends are fine.
- Kobo XLSX: the submissions on the first sheet, each repeat on a sheet of its own, items tied to their
  submission by `_parent_index` (`kobo_xlsx`).
- ODK Central OData JSON: {"value": [...]} with nested objects for groups and lists for repeats, `__id`.
Every value is typed from the form (`typed`). The instance id is meta/instanceID, `_uuid` or `__id`; the
root id (which an edit keeps) is meta/rootUuid, else the instance id.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sathi.questionnaires.instances import FormShape, SubmissionRefused, typed
from sathi.questionnaires.kobo_xlsx import is_workbook, xlsx_rows
from sathi.questionnaires.vocab import SubmissionSource

MAX_RECORDS = 200_000
# Kobo and Central add these beside the answers: kept in the raw copy, never taken for answers.
SYSTEM_PREFIXES = ("_", "__", "formhub/", "meta/")


@dataclass(frozen=True)
class Record:
    instance_id: str
    root_id: str
    answers: dict[str, object]
    raw: str


@dataclass(frozen=True)
class Export:
    source: str
    records: list[Record]
    unknown: list[str]  # paths the form does not have (shown to the uploader)


def read_export(content: bytes, shape: FormShape, *, form_id: str) -> Export:
    """Refuses (SubmissionRefused) a file that is neither JSON, CSV nor a Kobo XLSX export, an export of
    another form, or one without instance ids."""
    unknown: set[str] = set()
    text = "" if is_workbook(content) else _text(content)
    stripped = text.lstrip()
    if is_workbook(content):
        rows, sheets = xlsx_rows(content, shape)
        source = SubmissionSource.KOBO
        unknown.update(f"{shape.root}/{sheet}" for sheet in sheets)
    elif stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise SubmissionRefused(
                _("This JSON cannot be read (line %(line)d).") % {"line": exc.lineno}
            ) from None
        rows, source = _json_rows(data)
    else:
        rows, source = _csv_rows(text), SubmissionSource.KOBO
    if len(rows) > MAX_RECORDS:
        raise SubmissionRefused(_("At most %(most)d submissions in one file.") % {"most": MAX_RECORDS})
    records, matched = [], 0
    resolved: dict[str, str] = {}  # a column's path, worked out once for every row
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise SubmissionRefused(_("Submission %(number)d is not an object.") % {"number": number})
        other_form = row.get("_xform_id_string")
        if other_form and str(other_form) != form_id:
            raise SubmissionRefused(_("This export is of another form (“%(id)s”).") % {"id": other_form})
        flat: dict[str, object] = {}
        _flatten(row, shape, "", flat, resolved)
        answers = {}
        for path, value in flat.items():
            question = shape.question_of(path)
            kind = shape.types.get(question)
            if kind is None or kind in ("group", "repeat"):
                if not path.removeprefix(shape.root + "/").startswith(SYSTEM_PREFIXES):
                    unknown.add(question)
                continue
            value = typed(kind, value)
            if value is not None:
                answers[path] = value
        matched += bool(answers)
        instance_id = _first(row, flat, shape, "meta/instanceID", "_uuid", "__id", "instanceID")
        if not instance_id:
            raise SubmissionRefused(
                _("Submission %(number)d has no instance id (meta/instanceID, _uuid or __id).")
                % {"number": number}
            )
        if not instance_id.startswith("uuid:") and _looks_like_uuid(instance_id):
            instance_id = "uuid:" + instance_id  # Kobo's _uuid is the same id without ODK's prefix
        root_id = _first(row, flat, shape, "meta/rootUuid") or instance_id
        if not root_id.startswith("uuid:") and _looks_like_uuid(root_id):
            root_id = "uuid:" + root_id
        records.append(
            Record(
                instance_id=instance_id[:100],
                root_id=root_id[:100],
                answers=answers,
                raw=json.dumps(row, ensure_ascii=False, default=str),
            )
        )
    if records and not matched:
        raise SubmissionRefused(_("No column of this export is a question of this form: is it another form?"))
    ids = [r.root_id for r in records]
    if len(set(ids)) < len(ids):
        # Two copies of one submission in one file: the file itself says two things; the uploader decides.
        raise SubmissionRefused(_("The same submission appears twice in this file."))
    return Export(source=source, records=records, unknown=sorted(unknown))


def _text(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")  # a byte-order mark (Excel's CSV) is not part of the header
    except UnicodeDecodeError:
        raise SubmissionRefused(_("The file is not UTF-8 text: export it again as CSV (UTF-8).")) from None


def _json_rows(data) -> tuple[list, str]:
    if isinstance(data, dict) and isinstance(data.get("value"), list):
        return data["value"], SubmissionSource.CENTRAL
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"], SubmissionSource.KOBO
    if isinstance(data, list):
        return data, SubmissionSource.KOBO
    raise SubmissionRefused(_("This JSON is not a list of submissions."))


def _csv_rows(text: str) -> list[dict]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    if not reader.fieldnames or len(reader.fieldnames) < 2:
        raise SubmissionRefused(_("This CSV has no header row of question paths."))
    return [{k: v for k, v in row.items() if k is not None} for row in reader]


def _flatten(row: dict, shape: FormShape, prefix: str, out: dict, resolved: dict[str, str]) -> None:
    """Put (path with repeat positions, value) of each answer of a Kobo or Central object in `out`."""
    for key, value in row.items():
        key = str(key)
        if prefix:
            if "@odata" in key or key == "__system":
                continue
            # Kobo's repeat items repeat the full path ("hh/member/age"); Central nests by name ("age").
            name = key.strip("/")
            plain = shape.question_of(prefix).removeprefix(shape.root + "/")
            inside = name[len(plain) + 1 :] if name.startswith(plain + "/") else name
            path = f"{prefix}/{inside}"
        else:
            path = resolved.get(key)
            if path is None:
                if "@odata" in key or key == "__system":
                    continue
                path = resolved[key] = _resolve(f"{shape.root}/{key.strip('/')}", shape)
        if isinstance(value, list) and shape.question_of(path) in shape.repeats:
            for position, item in enumerate(value, start=1):
                if isinstance(item, dict):
                    _flatten(item, shape, f"{path}[{position}]", out, resolved)
        elif isinstance(value, dict):
            _flatten(value, shape, path, out, resolved)
        else:
            out[path] = value


def _resolve(path: str, shape: FormShape) -> str:
    """A CSV that drops group names ("age" for /data/hh/age): the one question of that name, if one."""
    if shape.question_of(path) in shape.types:
        return path
    name = path.rsplit("/", 1)[-1]
    if "[" in path:
        return path
    # Never a question inside a repeat: a column of the submission's own row is no item's answer.
    matches = shape.by_name.get(name, [])
    return matches[0] if len(matches) == 1 else path


def _first(row: dict, flat: dict, shape: FormShape, *keys: str) -> str:
    for key in keys:
        for candidate in (row.get(key), flat.get(f"{shape.root}/{key}")):
            if candidate not in (None, ""):
                return str(candidate).strip()
    return ""


def _looks_like_uuid(value: str) -> bool:
    parts = value.split("-")
    return len(parts) == 5 and all(p and all(c in "0123456789abcdefABCDEF" for c in p) for p in parts)
