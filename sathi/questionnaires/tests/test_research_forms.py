"""The research of 003, ready to use (issue 12, item 6): four questionnaires shipped as XLSForms."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from sathi.questionnaires import services
from sathi.questionnaires.research_forms import FORMS, SURVIVORS_FGD, workbook
from sathi.questionnaires.vocab import QuestionClass

# Asking about the respondent's own past, body or harm: what 003 forbids in its focus groups.
LIVED_EXPERIENCE = re.compile(
    r"\b(have|had|were|was|did) you\b|\bhappened to you\b|\byour (own )?(experience|life|story|past|body)\b"
    r"|\bwhen you were\b|\bto you\b.*\b(done|happened)\b|\b(abuse|rape|violence) (against|of) you\b",
    re.IGNORECASE,
)


def _survey_rows(content: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True)["survey"]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_a_focus_group_for_survivors_contains_no_question_about_personal_experience_of_violence():
    rows = _survey_rows(workbook(SURVIVORS_FGD))
    questions = [r for r in rows if not str(r["type"]).startswith(("begin", "end"))]
    assert len(questions) >= 6
    for row in questions:
        assert not LIVED_EXPERIENCE.search(str(row["label::English (en)"])), row["name"]
        assert row["sathi::class"] != QuestionClass.VIOLENCE, row["name"]


def test_the_lived_experience_check_would_catch_such_a_question():
    assert LIVED_EXPERIENCE.search("Have you ever been forced to work?")
    assert LIVED_EXPERIENCE.search("Tell us about your own experience of the raid")
    assert not LIVED_EXPERIENCE.search("What does preventing trafficking mean to you?")


@pytest.mark.django_db
@pytest.mark.parametrize("form_id", list(FORMS))
def test_each_research_form_imports_in_english_bengali_and_hindi(personas, form_id):
    imported = services.questionnaire_import(
        actor=None, organisation=personas.org, data=workbook(form_id), filename=f"{form_id}.xlsx"
    )
    questions = [q for q in imported.version.questions.all() if q.type not in ("group", "repeat")]
    asked = [q for q in questions if "/meta" not in q.path]
    assert asked and all({"en", "bn", "hi"} <= set(q.labels) for q in asked)
    assert all(q.field_class != QuestionClass.VIOLENCE for q in asked)
    assert imported.warnings == []
