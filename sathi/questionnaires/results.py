"""Reads: a questionnaire's results. Every figure through the disclosure gate; words only where the class
allows.

Plain functions returning protected tables (`sathi.lib.disclosure.Protected`), so that a catalogue of
published figures can list them (`TABLES`). A question whose field class the reader may not read is not
counted for her at all: `Masked` is raised, and the doors show the mask instead of the figure.
- `question_table`: a select question's answers (rows: its choices) by cohort or by gender (columns);
- `cross_table`: two select questions against each other;
- `coded_table`: free-text answers of a question, as coded by researchers to a vocabulary;
- `free_text`: the words themselves, for a role that lists answers and reads the question's class.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sathi.lib.disclosure import Protected, protect_table
from sathi.lib.errors import NotFound
from sathi.people import policy
from sathi.people.policy import FieldClass, Kind, Verb
from sathi.prevention.vocab import Cohort, Factor, Gender, OfficeKind, PreventionModel
from sathi.questionnaires.instances import POSITION
from sathi.questionnaires.languages import in_language
from sathi.questionnaires.models import AnswerCode, AnswerSet, Question, QuestionnaireVersion
from sathi.questionnaires.submissions import _open, _place, may_read_class
from sathi.questionnaires.vocab import QuestionClass

SELECT_TYPES = {"select one", "select all that apply"}
NO_SESSION = "none"
VOCABULARIES = {"factors": Factor, "models": PreventionModel, "offices": OfficeKind}


class Masked(Exception):
    """The reader may not read this question's field class: the figure is not computed for her."""


@dataclass(frozen=True)
class Result:
    question: Question
    table: Protected
    label: str


def may_count(actor, field_class: str) -> bool:
    if not policy.decide(actor, Kind.QUESTIONNAIRE_RESULTS):
        return False
    if field_class == QuestionClass.NONE:
        return True
    return bool(policy.decide(actor, Verb.READ, field_class=FieldClass(field_class)))


def _version(actor, version_id) -> QuestionnaireVersion:
    if not (policy.decide(actor, Kind.QUESTIONNAIRE_RESULTS) or policy.decide(actor, Kind.SUBMISSION)):
        raise NotFound
    version = (
        QuestionnaireVersion.objects.select_related("questionnaire")
        .only(
            "pk", "number", "questionnaire__form_id", "questionnaire__title", "questionnaire__organisation_id"
        )
        .filter(pk=version_id, questionnaire__organisation_id=actor.organisation_id)
        .first()
    )
    if version is None:
        raise NotFound
    return version


def version_for(*, actor, version_id) -> QuestionnaireVersion:
    """The version whose results a page shows (NotFound as for every figure of it)."""
    return _version(actor, version_id)


def versions_counted(*, actor) -> list[QuestionnaireVersion]:
    """The organisation's versions that have complete submissions, titles and numbers only."""
    if not policy.decide(actor, Kind.QUESTIONNAIRE_RESULTS):
        raise NotFound
    return list(
        QuestionnaireVersion.objects.select_related("questionnaire")
        .only("pk", "number", "questionnaire__title")
        .filter(questionnaire__organisation_id=actor.organisation_id, submissions__complete=True)
        .distinct()
        .order_by("questionnaire__title", "-number")
    )


def _question(version, path: str) -> Question:
    question = version.questions.filter(path=path).first()
    if question is None:
        raise NotFound
    return question


def _values(version, field_class: str) -> dict[int, dict]:
    """{submission id: {path: value}} of one class, for the complete submissions of the version."""
    rows = AnswerSet.objects.filter(
        submission__version=version, submission__complete=True, field_class=field_class
    ).select_related("submission")
    return {
        row.submission_id: json.loads(
            _open(row.submission.organisation_id, _place(row, "values"), row.values_sealed)
        )
        for row in rows
    }


def _answers_of(values: dict, path: str) -> list:
    found = []
    for answer_path, value in values.items():
        if POSITION.sub("", answer_path) == path:
            found.extend(value if isinstance(value, list) else [value])
    return found


def _groups(version, by: str) -> tuple[list[str], list[str], dict[int, str]]:
    """Column codes, their labels, and each submission's column."""
    from sathi.questionnaires.models import Submission

    submissions = Submission.objects.filter(version=version, complete=True)
    if by == "cohort":
        of = dict(submissions.values_list("pk", "session__cohort__cohort"))
        codes = [c.value for c in Cohort] + [NO_SESSION]
        labels = [str(c.label) for c in Cohort] + [_("No session")]
        return codes, labels, {k: v or NO_SESSION for k, v in of.items()}
    gender_path = (
        version.questions.filter(name="gender", type="select one").values_list("path", flat=True).first()
    )
    of = dict.fromkeys(submissions.values_list("pk", flat=True), Gender.NOT_SAID.value)
    if gender_path:
        for submission_id, values in _values(version, QuestionClass.NONE).items():
            said = values.get(gender_path)
            if said in Gender.values:
                of[submission_id] = said
    return [g.value for g in Gender], [str(g.label) for g in Gender], of


def question_table(*, actor, version_id, path: str, by: str = "cohort", language: str = "en") -> Result:
    """How many chose each choice of a select question, by cohort or gender (a select_multiple counts
    each choice made)."""
    version = _version(actor, version_id)
    question = _question(version, path)
    if question.type not in SELECT_TYPES:
        raise NotFound
    if not may_count(actor, question.field_class):
        raise Masked
    codes, labels, column_of = _groups(version, by)
    choices = [c["name"] for c in question.choices]
    counts = {(choice, code): 0 for choice in choices for code in codes}
    for submission_id, values in _values(version, question.field_class).items():
        for answer in _answers_of(values, path):
            key = (answer, column_of.get(submission_id, codes[-1]))
            if key in counts:
                counts[key] += 1
    table = protect_table(
        [[counts[(choice, code)] for code in codes] for choice in choices],
        rows=[in_language(c["labels"], language) or c["name"] for c in question.choices],
        columns=labels,
    )
    return Result(question, table, in_language(question.labels, language) or question.name)


def cross_table(*, actor, version_id, rows_path: str, columns_path: str, language: str = "en") -> Protected:
    """Two select questions of the same submissions against each other."""
    version = _version(actor, version_id)
    first, second = _question(version, rows_path), _question(version, columns_path)
    if first.type not in SELECT_TYPES or second.type not in SELECT_TYPES:
        raise NotFound
    if not (may_count(actor, first.field_class) and may_count(actor, second.field_class)):
        raise Masked
    left, right = _values(version, first.field_class), _values(version, second.field_class)
    pairs = Counter()
    for submission_id, values in left.items():
        for a in _answers_of(values, rows_path):
            for b in _answers_of(right.get(submission_id, {}), columns_path):
                pairs[(a, b)] += 1
    rows, columns = [c["name"] for c in first.choices], [c["name"] for c in second.choices]
    return protect_table(
        [[pairs[(a, b)] for b in columns] for a in rows],
        rows=[in_language(c["labels"], language) or c["name"] for c in first.choices],
        columns=[in_language(c["labels"], language) or c["name"] for c in second.choices],
    )


def free_text(*, actor, version_id, path: str) -> list[str]:
    """The words answered to a text question, without who or which submission: for a role that lists
    answers and reads the question's class; Masked otherwise."""
    version = _version(actor, version_id)
    question = _question(version, path)
    if not may_read_class(actor, question.field_class):
        raise Masked
    words = []
    for values in _values(version, question.field_class).values():
        words.extend(str(v) for v in _answers_of(values, path))
    return sorted(words)


def coded_table(*, actor, version_id, path: str, vocabulary: str) -> Protected:
    """A free-text question's answers as coded to a vocabulary (factors, models, offices), by cohort."""
    version = _version(actor, version_id)
    question = _question(version, path)
    if not may_count(actor, question.field_class):
        raise Masked
    choices = VOCABULARIES.get(vocabulary)
    if choices is None:
        raise NotFound
    cohorts = [c.value for c in Cohort] + [NO_SESSION]
    counts = Counter(
        (code, cohort or NO_SESSION)
        for code, cohort in AnswerCode.objects.filter(
            submission__version=version, path=path, vocabulary=vocabulary
        ).values_list("code", "submission__session__cohort__cohort")
    )
    return protect_table(
        [[counts[(code.value, cohort)] for cohort in cohorts] for code in choices],
        rows=[str(c.label) for c in choices],
        columns=[str(c.label) for c in Cohort] + [_("No session")],
    )


# What a catalogue of published figures may list: name -> (function, what it counts).
TABLES = {
    "questionnaire_question": (question_table, "a select question's answers by cohort or gender"),
    "questionnaire_crosstab": (cross_table, "two select questions against each other"),
    "questionnaire_coded": (coded_table, "free-text answers coded to a vocabulary, by cohort"),
}
