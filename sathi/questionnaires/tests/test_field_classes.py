"""Every question has a field class: the form's sathi::class column wins, then the uploader's choice for its
group, then violence history (issue 12, item 2)."""

from __future__ import annotations

import pytest

from sathi.questionnaires.models import Question
from sathi.questionnaires.services import questionnaire_import
from sathi.questionnaires.tests.workbooks import xlsx

pytestmark = pytest.mark.django_db

SURVEY = [
    ["type", "name", "label", "sathi::class"],
    ["begin_group", "about", "About her", ""],
    ["text", "clinic", "Which clinic?", "health"],
    ["text", "district", "Which district?", ""],
    ["end_group", "about", "", ""],
    ["text", "story", "What happened?", ""],
    ["text", "walls", "What are the walls made of?", "none"],
]


def _classes(personas, **kwargs) -> dict[str, tuple[str, str]]:
    imported = questionnaire_import(
        actor=personas.supervisor, organisation=personas.org, data=xlsx(SURVEY), filename="c.xlsx", **kwargs
    )
    return {
        q.name: (q.field_class, q.class_source) for q in Question.objects.filter(version=imported.version)
    }


def test_the_sathi_class_column_wins_over_the_groups_choice(personas):
    classes = _classes(personas, group_classes={"/data/about": "location"})
    assert classes["clinic"] == ("health", "column")
    assert classes["district"] == ("location", "group")
    assert classes["walls"] == ("none", "column")
    assert classes["instanceID"] == ("none", "default")  # pyxform's own metadata: about the submission


def test_a_question_the_form_and_the_uploader_do_not_class_is_violence_history(personas):
    classes = _classes(personas)
    assert classes["story"] == ("violence", "default")
    assert classes["district"] == ("violence", "default")


def test_the_uploader_may_choose_another_default(personas):
    assert _classes(personas, default_class="identity")["story"] == ("identity", "default")


def test_each_import_of_the_same_form_is_a_new_version(personas):
    first = questionnaire_import(actor=personas.supervisor, organisation=personas.org, data=xlsx(SURVEY))
    second = questionnaire_import(actor=personas.org_admin, organisation=personas.org, data=xlsx(SURVEY))
    assert first.version.questionnaire_id == second.version.questionnaire_id
    assert (first.version.number, second.version.number) == (1, 2)
    assert second.version.imported_by_id == personas.org_admin.user_id
