"""Writes: a Kobo or ODK Central export imported as submissions of a version, by a background job.

The upload is read and checked whole at the edge (a refusal writes nothing); the file is kept sealed and
the job (`tasks.import_submissions`) keeps every submission in ONE transaction, PROGRESS_EVERY at a time
(`batch.submissions_keep`: a few statements a chunk, no savepoint a row): a crash, a kill or a
refusal half-way leaves none of them, and running the import again starts over and completes. Being
idempotent on the root id, a second run after a success changes nothing. Progress is written beside the
transaction, on a connection of its own (PostgreSQL), so that the page's bar moves while the job runs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts.models import Membership
from sathi.audit.services import log_action
from sathi.lib.errors import NotFound
from sathi.questionnaires import selectors
from sathi.questionnaires.batch import submissions_keep
from sathi.questionnaires.exports import read_export
from sathi.questionnaires.instances import FormShape, SubmissionRefused
from sathi.questionnaires.models import SubmissionImport
from sathi.questionnaires.submissions import (
    Incoming,
    Sealer,
    _open,
    _place,
    _seal,
    require_collect,
)
from sathi.questionnaires.vocab import ImportStatus

PROGRESS_EVERY = 250


def submissions_import(*, actor, version_id, content: bytes) -> SubmissionImport:
    """Check the export and queue its import. Raises SubmissionRefused (the file), NotFound, Forbidden."""
    require_collect(actor)
    version = selectors.version_for(actor=actor, version_id=version_id, collecting=True)
    export = read_export(content, FormShape.of(version), form_id=version.questionnaire.form_id)
    if not export.records:
        raise SubmissionRefused(_("The export holds no submission."))
    with transaction.atomic():
        row = SubmissionImport.objects.create(
            organisation_id=actor.organisation_id,
            version=version,
            source=export.source,
            total=len(export.records),
            unknown_paths=export.unknown[:200],
            content_sealed=b"",
            uploaded_by_id=actor.user_id,
        )
        row.content_sealed = _seal(actor.organisation_id, _place(row, "content"), content)
        row.save(update_fields=["content_sealed"])
        log_action(
            actor=actor.user_id,
            organisation=actor.organisation_id,
            action="questionnaire.import_queued",
            target=row,
            fields=["content"],
        )
        _enqueue(row.pk)
    return row


def submissions_import_resume(*, actor, import_id) -> SubmissionImport:
    """Run a stopped (or killed: still "running" after its process died) import again."""
    require_collect(actor)
    row = import_for(actor=actor, import_id=import_id)
    if row.status == ImportStatus.DONE:
        return row
    with transaction.atomic():
        SubmissionImport.objects.filter(pk=row.pk).update(status=ImportStatus.QUEUED, failure="", done=0)
        _enqueue(row.pk)
    row.refresh_from_db()
    return row


def import_for(*, actor, import_id) -> SubmissionImport:
    """One of the organisation's imports, for a role that sends answers; NotFound otherwise."""
    try:
        require_collect(actor)
    except Exception:
        raise NotFound from None
    row = (
        SubmissionImport.objects.select_related("version__questionnaire")
        .defer("content_sealed")
        .filter(pk=import_id, organisation_id=actor.organisation_id)
        .first()
    )
    if row is None:
        raise NotFound
    return row


def _enqueue(import_id: int) -> None:
    from sathi.questionnaires.tasks import import_submissions

    transaction.on_commit(lambda: import_submissions.enqueue(import_id))


def import_run(import_id: int, *, on_progress: Callable[[int], None] | None = None) -> SubmissionImport:
    """The job's work: every submission of the file, in one transaction. `on_progress(done)` is called
    every PROGRESS_EVERY submissions (by default it writes the import's progress for the page)."""
    row = SubmissionImport.objects.select_related("version__questionnaire").get(pk=import_id)
    if row.status == ImportStatus.DONE:
        return row
    SubmissionImport.objects.filter(pk=row.pk).update(status=ImportStatus.RUNNING, done=0)
    actor = (
        Membership.objects.select_related("user", "organisation")
        .filter(user_id=row.uploaded_by_id, organisation_id=row.organisation_id, is_active=True)
        .first()
    )
    writer, close = (on_progress, None) if on_progress else _progress_writer(row.pk)
    try:
        if actor is None:
            raise SubmissionRefused(_("The person who uploaded this export is no longer a member."))
        content = _open(row.organisation_id, _place(row, "content"), row.content_sealed)
        version = row.version
        export = read_export(content, FormShape.of(version), form_id=version.questionnaire.form_id)
        counts = {"created": 0, "unchanged": 0, "replaced": 0, "updated": 0}
        shape, sealer = FormShape.of(version), Sealer(row.organisation_id)
        with transaction.atomic():
            for start in range(0, len(export.records), PROGRESS_EVERY):
                chunk = export.records[start : start + PROGRESS_EVERY]
                incoming = [
                    Incoming(
                        version=version,
                        instance_id=record.instance_id,
                        root_id=record.root_id,
                        answers=record.answers,
                        raw=record.raw,
                        source=export.source,
                    )
                    for record in chunk
                ]
                for kept in submissions_keep(actor=actor, incoming=incoming, shape=shape, sealer=sealer):
                    counts[kept.outcome] += 1
                    if kept.outcome == "replaced":  # an edit made in Kobo: the change is audited one by one
                        log_action(
                            actor=actor.user_id,
                            organisation=row.organisation_id,
                            action="questionnaire.submission_replaced",
                            target=kept.submission,
                            fields=["answers", "raw"],
                        )
                done = start + len(chunk)
                if writer and done % PROGRESS_EVERY == 0:
                    writer(done)
            SubmissionImport.objects.filter(pk=row.pk).update(
                status=ImportStatus.DONE,
                done=len(export.records),
                created=counts["created"],
                unchanged=counts["unchanged"],
                replaced=counts["replaced"],
                finished_at=timezone.now(),
            )
            log_action(
                actor=actor.user_id,
                organisation=row.organisation_id,
                action="questionnaire.submissions_imported",
                target=row,
                fields=["answers", "raw"],
            )
    except SubmissionRefused as exc:
        _failed(row.pk, exc.full_message())
    except BaseException:
        _failed(row.pk, _("The import stopped before the end. Nothing of it was kept: run it again."))
        raise
    finally:
        if close:
            close()
    row.refresh_from_db()
    return row


def _failed(import_id: int, message: str) -> None:
    SubmissionImport.objects.filter(pk=import_id).update(
        status=ImportStatus.FAILED, failure=message[:300], done=0
    )


def _progress_writer(import_id: int):
    """Progress written on a second connection, outside the import's transaction, so that it can be seen
    before the end. SQLite allows one writer: there the bar moves only at the end."""
    if connection.vendor != "postgresql":
        return None, None
    side = connections.create_connection(DEFAULT_DB_ALIAS)

    def write(done: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {SubmissionImport._meta.db_table} SET done = %s WHERE id = %s",  # noqa: S608
                [done, import_id],
            )

    return write, side.close
