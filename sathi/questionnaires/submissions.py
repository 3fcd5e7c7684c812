"""Writes: a submission kept, whichever door it came through (ODK Collect, Enketo, a Kobo or Central export,
Sathi's own form), and the reads that open its answers by field class.

One row per submission in an organisation, found by its root id: the same submission sent again changes
nothing; an edited copy (a new instance id, the same root) replaces the answers, audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sathi.accounts import keys
from sathi.audit.services import log_action
from sathi.lib import crypto
from sathi.lib.errors import Forbidden
from sathi.people import policy
from sathi.people.policy import FieldClass, Kind, Verb
from sathi.questionnaires.instances import FormShape, SubmissionRefused, by_class
from sathi.questionnaires.models import AnswerSet, Submission, SubmissionFile
from sathi.questionnaires.vocab import QuestionClass, SubmissionSource

MASK = "•••"
# A version's columns that a submission's writes and pages never need: the workbook, the XForm, its JSON.
VERSION_LARGE = ("source", "xform", "structure")


@dataclass(frozen=True)
class Incoming:
    """A submission read from its door, not yet kept."""

    version: object  # QuestionnaireVersion
    instance_id: str
    root_id: str
    answers: dict[str, object]
    raw: str  # as it came (XML or JSON text), sealed for audit
    source: str
    encrypted: bool = False
    files: tuple[tuple[str, str, bytes], ...] = ()  # (name, content type, content) after the upload checks
    complete: bool = True
    session_id: int | None = None  # the study session it was asked in


@dataclass(frozen=True)
class Kept:
    submission: Submission
    outcome: str  # "created", "unchanged", "replaced"


def require_collect(actor) -> None:
    if actor is not None and not policy.decide(actor, Verb.COLLECT_ANSWERS):
        raise Forbidden


def _seal(org_id: int, aad: str, content: bytes) -> bytes:
    return Sealer(org_id)(aad, content)


class Sealer:
    """The organisation's active data key, looked up once for many seals (an import of 10,000)."""

    def __init__(self, org_id: int):
        self.version = keys.active_version(org_id)
        self.key, self.key_id = keys.data_key(org_id, self.version), f"o{self.version}"

    def __call__(self, aad: str, content: bytes) -> bytes:
        return crypto.seal(self.key, self.key_id, content, aad)


def _open(org_id: int, aad: str, blob) -> bytes:
    blob = bytes(blob)
    return crypto.unseal(keys.data_key(org_id, int(crypto.key_id_of(blob)[1:])), blob, aad)


def _place(row, column: str) -> str:
    return f"{row._meta.label_lower}.{column}:{row.pk}"


def submission_keep(
    *,
    actor,
    incoming: Incoming,
    audit: bool = True,
    shape: FormShape | None = None,
    sealer: Sealer | None = None,
) -> Kept:
    """Keep (or recognise, or replace) one submission. Call inside the caller's transaction for a batch;
    alone it is its own. `actor` None: the operator at the command line. `audit` False: the caller
    audits the batch as one event (an import of 10,000 submissions is one act). A batch passes the
    version's `shape` and a `sealer` made once."""
    require_collect(actor)
    version = incoming.version
    org_id = version.questionnaire.organisation_id
    if actor is not None and actor.organisation_id != org_id:
        raise Forbidden
    with transaction.atomic():
        existing = (
            Submission.objects.select_for_update(of=("self",))  # the version row stays free for others
            .select_related("version")
            .defer(*(f"version__{name}" for name in VERSION_LARGE))
            .filter(organisation_id=org_id, root_id=incoming.root_id)
            .first()
        )
        if existing is not None and existing.version.questionnaire_id != version.questionnaire_id:
            raise SubmissionRefused(
                _("This submission's instance id is already used by a submission of another form.")
            )
        if existing is not None and existing.instance_id == incoming.instance_id and existing.complete:
            return Kept(existing, "unchanged")
        sealer = sealer or Sealer(org_id)
        if existing is None:
            submission = Submission.objects.create(
                organisation_id=org_id,
                version=version,
                root_id=incoming.root_id,
                instance_id=incoming.instance_id,
                source=incoming.source,
                encrypted=incoming.encrypted,
                complete=incoming.complete,
                session_id=incoming.session_id,
                submitted_by_id=actor.user_id if actor is not None else None,
            )
            outcome = "created"
        else:
            submission = existing
            was_draft = not existing.complete
            sathi_draft = was_draft and existing.source == SubmissionSource.SATHI
            submission.version = version
            submission.instance_id = incoming.instance_id
            submission.source = incoming.source
            submission.encrypted = incoming.encrypted
            submission.complete = incoming.complete
            submission.session_id = incoming.session_id or submission.session_id
            if not was_draft:
                submission.edits += 1
                submission.replaced_at = timezone.now()
            submission.raw_sealed = sealer(_place(submission, "raw"), incoming.raw.encode("utf-8"))
            submission.save()
            if not sathi_draft:
                submission.files.all().delete()  # a draft filled in Sathi never has files
            outcome = ("created" if incoming.complete else "updated") if was_draft else "replaced"
        if existing is None:  # its place (the AAD) names its id, known only now
            submission.raw_sealed = sealer(_place(submission, "raw"), incoming.raw.encode("utf-8"))
            submission.save(update_fields=["raw_sealed"])
        before = [] if existing is None else list(submission.answer_sets.only("id", "field_class"))
        _seal_answers(submission, incoming.answers, shape or FormShape.of(version), sealer, before=before)
        _seal_files(submission, incoming.files, sealer)
        if audit:
            action = (
                "questionnaire.submission_created"
                if outcome == "created"
                else "questionnaire.submission_updated"
                if outcome == "updated"
                else "questionnaire.submission_replaced"
            )
            log_action(
                actor=actor.user_id if actor is not None else None,
                organisation=org_id,
                action=action,
                target=submission,
                fields=["answers", "raw", *(["files"] if incoming.files else [])],
            )
    return Kept(submission, outcome)


def _seal_answers(submission, answers: dict, shape: FormShape, sealer: Sealer, *, before=()) -> None:
    """One sealed set per class. `before`: the submission's sets so far; a class kept is sealed again in
    its own row, a class no longer answered is removed."""
    parts = by_class(answers, shape)
    kept = {row.field_class: row for row in before}
    stale = [row.pk for field_class, row in kept.items() if field_class not in parts]
    if stale:
        AnswerSet.objects.filter(pk__in=stale).delete()
    new = [AnswerSet(submission=submission, field_class=c, values_sealed=b"") for c in parts if c not in kept]
    AnswerSet.objects.bulk_create(new)
    rows = [kept[c] for c in parts if c in kept] + new
    for row in rows:  # ids are known now (bulk_create returns them on PostgreSQL and SQLite)
        text = json.dumps(parts[row.field_class], ensure_ascii=False, sort_keys=True)
        row.values_sealed = sealer(_place(row, "values"), text.encode("utf-8"))
    AnswerSet.objects.bulk_update(rows, ["values_sealed"])


def _seal_files(submission, files, sealer: Sealer) -> None:
    for name, content_type, content in files:
        row = SubmissionFile.objects.create(
            submission=submission,
            field_class=QuestionClass.IDENTITY,  # a photo or a recording shows or names someone
            content_type=content_type,
            content_sealed=b"",
        )
        row.content_sealed = sealer(_place(row, "content"), content)
        row.name_sealed = sealer(_place(row, "name"), name.encode("utf-8"))
        row.save(update_fields=["content_sealed", "name_sealed"])


# --- reads ---------------------------------------------------------------------------------------------


def may_read_class(actor, field_class: str) -> bool:
    """An answer is shown when the role lists submissions and reads its class; a "none" answer (not about a
    person) to every role that lists submissions."""
    if not policy.decide(actor, Kind.SUBMISSION):
        return False
    if field_class == QuestionClass.NONE:
        return True
    return bool(policy.decide(actor, Verb.READ, field_class=FieldClass(field_class)))


def answers_for(actor, submission, shape: FormShape | None = None) -> dict[str, object]:
    """{path: value} of one submission, each answer whose class the actor lacks replaced by the mask."""
    values: dict[str, object] = {}
    for row in submission.answer_sets.all():
        if may_read_class(actor, row.field_class):
            text = _open(submission.organisation_id, _place(row, "values"), row.values_sealed)
            values.update(json.loads(text))
        else:
            values.update(dict.fromkeys(masked_paths(row), MASK))
    return dict(sorted(values.items()))


def answers_system(submission) -> dict[str, object]:
    """Every answer, for the system itself (feeding prevention records, an edit's comparison)."""
    values: dict[str, object] = {}
    for row in submission.answer_sets.all():
        values.update(json.loads(_open(submission.organisation_id, _place(row, "values"), row.values_sealed)))
    return values


def masked_paths(row) -> list[str]:
    """Which paths a masked class holds is itself inside the ciphertext: the mask stands for the class."""
    return [f"({row.get_field_class_display()})"]
