"""Writes: importing an XLSForm as a new version of the organisation's questionnaire."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sathi.audit.services import log_action
from sathi.lib.errors import Forbidden
from sathi.people import policy
from sathi.people.policy import Kind, Verb
from sathi.questionnaires import selectors
from sathi.questionnaires.conversion import GROUP_TYPES, Converted, convert_xlsform
from sathi.questionnaires.models import Question, Questionnaire, QuestionnaireVersion
from sathi.questionnaires.refusals import XLSFormRefused
from sathi.questionnaires.vocab import ClassSource, QuestionClass

# Questions about lived experience are the most common and the most dangerous: unless the form or the
# uploader says otherwise, a question is treated as violence history (issue 12, item 2).
DEFAULT_CLASS = QuestionClass.VIOLENCE


@dataclass(frozen=True)
class Imported:
    version: QuestionnaireVersion
    warnings: list[dict]


def questionnaire_import(
    *,
    actor,
    organisation,
    data: bytes,
    filename: str = "",
    group_classes: dict[str, str] | None = None,
    default_class: str = DEFAULT_CLASS,
) -> Imported:
    """Convert the workbook and keep it as the next version of its questionnaire (by form_id).

    A question's field class: the form's `sathi::class` column wins; else the class chosen for its nearest
    enclosing group (`group_classes`: group path -> class); else `default_class` (violence history).
    `actor` is None for the operator at the command line. Refusals raise XLSFormRefused and save nothing.
    """
    _require_import(actor)
    if actor is not None and organisation.pk != actor.organisation_id:
        raise Forbidden
    group_classes = dict(group_classes or {})
    for value in [*group_classes.values(), default_class]:
        if value not in QuestionClass.values:
            raise XLSFormRefused(_("“%(value)s” is not a field class.") % {"value": value})
    converted = convert_xlsform(data, filename=filename)  # slow, and outside the transaction
    with transaction.atomic():
        questionnaire, _created = Questionnaire.objects.select_for_update().get_or_create(
            organisation=organisation, form_id=converted.form_id, defaults={"title": converted.title}
        )
        if questionnaire.title != converted.title:
            questionnaire.title = converted.title
            questionnaire.save(update_fields=["title"])
        last = questionnaire.versions.order_by("-number").values_list("number", flat=True).first() or 0
        version = QuestionnaireVersion(
            questionnaire=questionnaire,
            number=last + 1,
            form_version=converted.form_version,
            file_type=converted.file_type,
            source=data,
            xform=converted.xform,
            structure=converted.structure,
            warnings=converted.warnings,
            imported_by_id=actor.user_id if actor is not None else None,
            default_class=default_class,
        )
        version.full_clean(exclude=["questionnaire"])
        version.save()
        Question.objects.bulk_create(_questions(version, converted, group_classes, default_class))
        log_action(
            actor=actor.user_id if actor is not None else None,
            organisation=organisation.pk,
            action="questionnaire.imported",
            target=version,
            fields=["source", "xform", "questions"],
        )
    return Imported(version=version, warnings=converted.warnings)


def _questions(version, converted: Converted, group_classes: dict[str, str], default_class: str):
    for question in converted.questions:
        field_class, source = _classify(
            path=question.path,
            kind=question.type,
            sheet_class=question.sheet_class,
            group_classes=group_classes,
            default_class=default_class,
        )
        yield Question(
            version=version,
            position=question.position,
            path=question.path,
            name=question.name,
            type=question.type,
            labels=question.labels,
            hints=question.hints,
            choice_list=question.choice_list,
            choices=question.choices,
            field_class=field_class,
            class_source=source,
            row=question.row,
        )


def question_classes_choose(*, actor, version_id, group_classes: dict[str, str]) -> QuestionnaireVersion:
    """The uploader's second step: a class per group, for the questions the form does not class itself
    (the same rule as at import; groups not named keep their earlier choice, "" undoes it). Answers do not
    exist yet; once they do, a change of class must reseal them, so it will be refused then."""
    _require_import(actor)
    version = selectors.version_for(actor=actor, version_id=version_id)
    if any(value not in [*QuestionClass.values, ""] for value in group_classes.values()):
        raise ValidationError(_("Choose a field class from the list."))
    with transaction.atomic():
        questions = list(version.questions.select_for_update().order_by("position"))
        groups = {q.path for q in questions if q.type in GROUP_TYPES}
        chosen = {q.path: q.field_class for q in questions if q.class_source == ClassSource.GROUP}
        for path, value in group_classes.items():
            if path in groups and value:
                chosen[path] = value
            elif path in groups:
                chosen.pop(path, None)
        changed = []
        for question in questions:
            sheet_class = question.field_class if question.class_source == ClassSource.COLUMN else ""
            new = _classify(
                path=question.path,
                kind=question.type,
                sheet_class=sheet_class,
                group_classes=chosen,
                default_class=version.default_class,
            )
            if new != (question.field_class, question.class_source):
                question.field_class, question.class_source = new
                changed.append(question)
        Question.objects.bulk_update(changed, ["field_class", "class_source"])
        log_action(
            actor=actor.user_id,
            organisation=actor.organisation_id,
            action="questionnaire.classes_chosen",
            target=version,
            fields=["field_class"],
        )
    return version


def _classify(*, path: str, kind: str, sheet_class: str, group_classes: dict, default_class: str):
    """(class, source) of one element: the sathi::class column wins, then its nearest group's chosen class,
    then the default. pyxform's own /data/meta is about the submission; a group holds no answer itself."""
    parts = path.split("/")
    if len(parts) > 2 and parts[2] == "meta":
        return QuestionClass.NONE, ClassSource.DEFAULT
    if kind in GROUP_TYPES:
        if path in group_classes:
            return group_classes[path], ClassSource.GROUP
        return QuestionClass.NONE, ClassSource.DEFAULT
    if sheet_class:
        return sheet_class, ClassSource.COLUMN
    return _group_class(path, group_classes, default_class)


def _group_class(path: str, group_classes: dict[str, str], default_class: str) -> tuple[str, str]:
    parent = path.rsplit("/", 1)[0]
    while parent.count("/") >= 2:  # "/data/group" and deeper: the root itself is not a group
        if parent in group_classes:
            return group_classes[parent], ClassSource.GROUP
        parent = parent.rsplit("/", 1)[0]
    return default_class, ClassSource.DEFAULT


def xlsform_access(*, actor, listing: bool = False) -> None:
    """Forbidden unless the role may import questionnaires (or, `listing`, list them)."""
    if actor is not None and not policy.decide(
        actor, Kind.QUESTIONNAIRE if listing else Verb.IMPORT_QUESTIONNAIRE
    ):
        raise Forbidden


def _require_import(actor) -> None:
    xlsform_access(actor=actor)
