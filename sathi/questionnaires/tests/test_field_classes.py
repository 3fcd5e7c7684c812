"""Every question has a field class: the form's sathi::class column wins, then the uploader's choice for its
group, then violence history (issue 12, item 2)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from sathi.audit.models import AuditEvent
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


def test_the_uploader_chooses_a_class_per_group_after_the_import_and_the_column_still_wins(personas):
    version = questionnaire_import(
        actor=personas.supervisor, organisation=personas.org, data=xlsx(SURVEY), default_class="legal"
    ).version
    client = Client()
    sign_in(client, personas.org_admin)
    page = client.get(reverse("questionnaires:version", args=[version.pk])).content.decode()
    assert 'name="class:/data/about"' in page
    url = reverse("questionnaires:classes", args=[version.pk])
    assert client.post(url, {"class:/data/about": "location"}).status_code == 302
    classes = {q.name: (q.field_class, q.class_source) for q in version.questions.all()}
    assert classes["district"] == ("location", "group") and classes["about"] == ("location", "group")
    assert classes["clinic"] == ("health", "column") and classes["story"] == ("legal", "default")
    assert AuditEvent.objects.filter(action="questionnaire.classes_chosen").count() == 1
    client.post(url, {"class:/data/about": ""})  # undone: the form's default again
    assert version.questions.get(name="district").field_class == "legal"
    client.post(url, {"class:/data/about": "secret"})
    assert version.questions.get(name="district").field_class == "legal"


def test_another_role_or_organisation_may_not_choose_classes(personas):
    version = questionnaire_import(actor=None, organisation=personas.other_org, data=xlsx(SURVEY)).version
    url = reverse("questionnaires:classes", args=[version.pk])
    for member, status in ((personas.supervisor, 404), (personas.caseworker, 403)):
        client = Client()
        sign_in(client, member)
        assert client.post(url, {"class:/data/about": "location"}).status_code == status
    assert version.questions.get(name="district").field_class == "violence"
