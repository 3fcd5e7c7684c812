"""Language columns however the form names them become en, bn and hi; others keep their own names."""

from __future__ import annotations

import pytest

from sathi.questionnaires.languages import language_code
from sathi.questionnaires.models import Question
from sathi.questionnaires.services import questionnaire_import
from sathi.questionnaires.tests.workbooks import xlsx


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("bn", "bn"),
        ("Bengali (bn)", "bn"),
        ("বাংলা", "bn"),
        ("Hindi (hi)", "hi"),
        ("हिन्दी", "hi"),
        ("English (en)", "en"),
        ("english", "en"),
        ("English(en)", "en"),
        ("  ENGLISH ( EN ) ", "en"),
        ("Swahili (sw)", "Swahili (sw)"),
        ("french", "french"),
    ],
)
def test_a_language_column_name_maps_to_sathis_code(name, code):
    assert language_code(name) == code


@pytest.mark.django_db
def test_labels_and_hints_are_kept_per_language_however_the_columns_are_named(personas):
    survey = [
        [
            "type",
            "name",
            "label::English (en)",
            "label::বাংলা",
            "label::Hindi (hi)",
            "label::french",
            "hint::bn",
        ],
        ["text", "village", "Village", "গ্রাম", "गाँव", "Village (fr)", "গ্রামের নাম"],
    ]
    imported = questionnaire_import(
        actor=personas.supervisor, organisation=personas.org, data=xlsx(survey), filename="lang.xlsx"
    )
    question = Question.objects.get(version=imported.version, name="village")
    assert question.labels == {"en": "Village", "bn": "গ্রাম", "hi": "गाँव", "french": "Village (fr)"}
    assert question.hints == {"bn": "গ্রামের নাম"}
