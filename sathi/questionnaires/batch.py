"""Writes: many submissions of one version kept at once (an import's chunk), in the caller's transaction.

What `submission_keep` does for one, done for a chunk with a few statements: the chunk's earlier
submissions are found (and locked) by one query; the new ones are inserted together, their raw copy and
their answers sealed per class with each row's own place as associated data, exactly as one by one; a
submission already there with the same instance id is left unchanged without a write; an edited one (or a
draft) goes through `submission_keep`, audited one by one. On PostgreSQL the new rows take their ids from
the sequence first, so each is sealed and inserted once, with COPY (no UPDATE after). No savepoint per
row: the caller's one transaction is what makes the import all or nothing.
"""

from __future__ import annotations

import json

from django.db import connection
from django.utils.translation import gettext as _

from sathi.lib.errors import Forbidden
from sathi.questionnaires.instances import FormShape, SubmissionRefused, by_class
from sathi.questionnaires.models import AnswerSet, Submission
from sathi.questionnaires.submissions import (
    VERSION_LARGE,
    Incoming,
    Kept,
    Sealer,
    _place,
    require_collect,
    submission_keep,
)

BATCH = 500  # rows per INSERT or UPDATE statement


def submissions_keep(*, actor, incoming: list[Incoming], shape: FormShape, sealer: Sealer) -> list[Kept]:
    """Keep a chunk of submissions of one version (distinct root ids); one Kept each, in order."""
    require_collect(actor)
    if not incoming:
        return []
    version = incoming[0].version
    org_id = version.questionnaire.organisation_id
    if actor is not None and actor.organisation_id != org_id:
        raise Forbidden
    existing = {
        row.root_id: row
        for row in Submission.objects.select_for_update(of=("self",))
        .select_related("version")
        .defer(*(f"version__{name}" for name in VERSION_LARGE))
        .filter(organisation_id=org_id, root_id__in=[i.root_id for i in incoming])
    }
    kept: dict[int, Kept] = {}
    fresh: list[tuple[int, Incoming]] = []
    for number, one in enumerate(incoming):
        before = existing.get(one.root_id)
        if before is None:
            fresh.append((number, one))
        elif before.version.questionnaire_id != version.questionnaire_id:
            raise SubmissionRefused(
                _("This submission's instance id is already used by a submission of another form.")
            )
        elif before.instance_id == one.instance_id and before.complete:
            kept[number] = Kept(before, "unchanged")
        else:  # an edit, or a draft finished: one by one, audited
            kept[number] = submission_keep(actor=actor, incoming=one, audit=False, shape=shape, sealer=sealer)
    rows = [
        Submission(
            organisation_id=org_id,
            version=version,
            root_id=one.root_id,
            instance_id=one.instance_id,
            source=one.source,
            encrypted=one.encrypted,
            complete=one.complete,
            session_id=one.session_id,
            submitted_by_id=actor.user_id if actor is not None else None,
            raw_sealed=b"",
        )
        for _n, one in fresh
    ]
    sealed_after = not _number(rows)
    if sealed_after:
        Submission.objects.bulk_create(rows, batch_size=BATCH)  # ids known now (RETURNING)
    sets: list[tuple[AnswerSet, dict]] = []
    for row, (number, one) in zip(rows, fresh, strict=True):
        row.raw_sealed = sealer(_place(row, "raw"), one.raw.encode("utf-8"))
        for field_class, values in by_class(one.answers, shape).items():
            sets.append((AnswerSet(submission=row, field_class=field_class, values_sealed=b""), values))
        kept[number] = Kept(row, "created")
    answer_sets = [answer_set for answer_set, _v in sets]
    if sealed_after:
        Submission.objects.bulk_update(rows, ["raw_sealed"], batch_size=BATCH)
        AnswerSet.objects.bulk_create(answer_sets, batch_size=BATCH)
    else:
        _copy(rows)
        _number(answer_sets)
    for answer_set, values in sets:
        text = json.dumps(values, ensure_ascii=False, sort_keys=True)
        answer_set.values_sealed = sealer(_place(answer_set, "values"), text.encode("utf-8"))
    if sealed_after:
        AnswerSet.objects.bulk_update(answer_sets, ["values_sealed"], batch_size=BATCH)
    else:
        _copy(answer_sets)
    return [kept[number] for number in range(len(incoming))]


def _number(rows: list) -> bool:
    """Give new rows their ids before they are written, from the table's own sequence (PostgreSQL), so
    that each is sealed with its place and inserted once. False where ids come only from the insert."""
    if connection.vendor != "postgresql" or not rows:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [rows[0]._meta.db_table, len(rows)],
        )
        for row, (number,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk = number
    return True


def _copy(rows: list) -> None:
    """Insert new rows (their ids given) with PostgreSQL's COPY: the fields' own values as an INSERT
    would write them (defaults, `auto_now_add`), without building an INSERT statement for each batch."""
    if not rows:
        return
    fields = rows[0]._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(rows[0]._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([_plain(f.get_db_prep_save(f.pre_save(row, True), connection)) for f in fields])
    for row in rows:
        row._state.adding, row._state.db = False, connection.alias


def _plain(value):
    """psycopg's COPY takes bytes, not the Binary wrapper Django gives a BinaryField."""
    return bytes(value.obj) if type(value).__name__ == "Binary" else value
