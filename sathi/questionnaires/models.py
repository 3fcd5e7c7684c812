"""Questionnaires: XLSForms an organisation imports, each import a new version, and their questions.

A question carries its field class (identity, location, health, legal, violence history, or "none": not
about a person). Answers, when they come (issue 12, items 3-5), are sealed by that class and follow the
policy table like every classed field.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sathi.core.labels import ChoiceLabels
from sathi.questionnaires.vocab import ClassSource, FileType, QuestionClass

USER = settings.AUTH_USER_MODEL


class Questionnaire(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    form_id = models.CharField(_("form id"), max_length=100)  # the settings sheet's form_id
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # A form imported again under the same form_id is a new version of the same questionnaire.
            models.UniqueConstraint(fields=["organisation", "form_id"], name="questionnaire_form_id_unique")
        ]
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class QuestionnaireVersion(ChoiceLabels, models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    form_version = models.CharField(_("the form's own version"), max_length=100, blank=True)
    file_type = models.CharField(max_length=4, choices=FileType.choices)
    source = models.BinaryField()  # the workbook as uploaded, so that the form can go back out as it came
    xform = models.TextField()  # pyxform's XForm XML (for ODK Collect and Enketo)
    structure = models.JSONField()  # pyxform's JSON of the form
    # The class the uploader chose for questions neither the form nor a group's choice classes.
    default_class = models.CharField(
        max_length=16, choices=QuestionClass.choices, default=QuestionClass.VIOLENCE
    )
    warnings = models.JSONField(default=list, blank=True)  # [{sheet, row, column, message}]
    # None: the operator at the command line.
    imported_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="questionnaire_version_unique")
        ]
        ordering = ["questionnaire_id", "-number"]


class Question(ChoiceLabels, models.Model):
    """One element of the form (groups and repeats too), in the form's order."""

    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    path = models.CharField(max_length=500)  # /data/group/name, as in the XForm
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=60)  # pyxform's type: "text", "select one", "group", "repeat"...
    labels = models.JSONField(
        default=dict, blank=True
    )  # {language: text}: en, bn, hi, or the form's own name for others
    hints = models.JSONField(default=dict, blank=True)
    choice_list = models.CharField(max_length=200, blank=True)
    choices = models.JSONField(default=list, blank=True)  # [{name, labels}]
    field_class = models.CharField(_("field class"), max_length=16, choices=QuestionClass.choices)
    class_source = models.CharField(max_length=8, choices=ClassSource.choices)
    row = models.PositiveIntegerField(null=True)  # its row on the survey sheet

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="question_position_unique"),
            models.UniqueConstraint(fields=["version", "path"], name="question_path_unique"),
        ]
        ordering = ["version_id", "position"]


from sathi.questionnaires.answers import (  # noqa: E402 (Django finds an app's models in models.py)
    AnswerCode,
    AnswerSet,
    FormKey,
    Participation,
    Study,
    StudyCohort,
    StudySession,
    Submission,
    SubmissionFile,
    SubmissionImport,
)

__all__ = [
    "AnswerCode",
    "AnswerSet",
    "FormKey",
    "Participation",
    "Question",
    "Questionnaire",
    "QuestionnaireVersion",
    "Study",
    "StudyCohort",
    "StudySession",
    "Submission",
    "SubmissionFile",
    "SubmissionImport",
]
