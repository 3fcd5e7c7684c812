"""The same import at every door: the command, the API and the pages (issue 12, item 1)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from sathi.accounts.services import api_token_issue
from sathi.audit.models import AuditEvent
from sathi.questionnaires.models import Question, QuestionnaireVersion
from sathi.questionnaires.tests.workbooks import simple_survey, xlsx

pytestmark = pytest.mark.django_db

GOOD = xlsx(
    [
        ["type", "name", "label::English (en)", "label::Bengali (bn)", "sathi::class"],
        ["begin_group", "home", "Home", "বাড়ি", ""],
        ["text", "district", "District", "জেলা", "location"],
        ["text", "story", "What happened?", "কী হয়েছিল?", ""],
        ["end_group", "home", "", "", ""],
    ],
    settings=[["form_id", "form_title"], ["visit", "Home visit"]],
)
BROKEN = xlsx(simple_survey(["text", "a", "A"], ["txet", "b", "B"]))


def test_the_command_prints_the_warnings_and_imports(personas, tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_bytes(xlsx([["type", "name", "label", "relevant"], ["text", "a", "A", "’x’ = ’x’"]]))
    out = StringIO()
    call_command("import_xlsform", str(path), organisation=personas.org.name, stdout=out)
    assert "as version 1" in out.getvalue()
    assert "warning: sheet survey, row 2, column relevant: Curly quotes" in out.getvalue()
    version = QuestionnaireVersion.objects.get()
    assert version.imported_by_id is None  # the operator at the command line
    assert AuditEvent.objects.filter(action="questionnaire.imported", target_id=str(version.pk)).exists()


def test_the_command_exits_non_zero_with_the_refusal_and_its_sheet_row_and_column(personas, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(BROKEN)
    with pytest.raises(CommandError) as caught:
        call_command("import_xlsform", str(path), organisation=personas.org.name)
    assert "sheet “survey”, row 3, column “type”" in str(caught.value)
    assert not QuestionnaireVersion.objects.exists()


def test_the_command_refuses_an_organisation_that_does_not_exist(personas, tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_bytes(GOOD)
    with pytest.raises(CommandError, match="No organisation"):
        call_command("import_xlsform", str(path), organisation="Nobody")


def _api(membership):
    return {"Authorization": f"Bearer {api_token_issue(membership=membership)}"}


def test_the_api_upload_imports_a_version_with_its_questions_and_classes(personas):
    body = {
        "file": SimpleUploadedFile("visit.xlsx", GOOD),
        "group_classes": json.dumps({"/data/home": "identity"}),
    }
    response = Client().post("/api/v1/questionnaires", body, headers=_api(personas.supervisor))
    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["form_id"], answer["title"], answer["number"]) == ("visit", "Home visit", 1)
    classes = {q["name"]: (q["field_class"], q["class_source"]) for q in answer["questions"]}
    assert classes["district"] == ("location", "column") and classes["story"] == ("identity", "group")
    story = next(q for q in answer["questions"] if q["name"] == "story")
    assert story["labels"] == {"en": "What happened?", "bn": "কী হয়েছিল?"}
    listed = Client().get("/api/v1/questionnaires", headers=_api(personas.org_admin)).json()
    assert listed == [{"id": answer["questionnaire_id"], "form_id": "visit", "title": "Home visit",
                       "versions": [answer["id"]]}]  # fmt: skip


def test_an_api_refusal_is_400_in_the_error_shape_naming_sheet_row_and_column(personas):
    body = {"file": SimpleUploadedFile("broken.xlsx", BROKEN)}
    response = Client().post("/api/v1/questionnaires", body, headers=_api(personas.supervisor))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "sheet “survey”, row 3, column “type”" in error["fields"]["file"][0]
    assert not QuestionnaireVersion.objects.exists()


def test_a_role_that_may_not_import_is_refused_before_the_file_is_read(personas):
    body = {"file": SimpleUploadedFile("visit.xlsx", GOOD)}
    response = Client().post("/api/v1/questionnaires", body, headers=_api(personas.caseworker))
    assert response.status_code == 403
    assert not QuestionnaireVersion.objects.exists()


def test_the_upload_page_imports_and_the_version_page_shows_classes_and_warnings(personas):
    client = Client()
    sign_in(client, personas.supervisor)
    page = client.get(reverse("questionnaires:upload"))
    token = page.context["form_token"]
    data = xlsx([["type", "name", "label", "relevant"], ["text", "a", "Her village", "’x’ = ’x’"]])
    response = client.post(
        reverse("questionnaires:upload"),
        {"file": SimpleUploadedFile("v.xlsx", data), "default_class": "legal", "form_token": token},
    )
    version = QuestionnaireVersion.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "questionnaires:version", args=[version.pk]
    )
    assert Question.objects.get(version=version, name="a").field_class == "legal"
    shown = client.get(response.url).content.decode()
    assert "Her village" in shown and "Legal" in shown and "Curly quotes" in shown
    assert "Version 1" in client.get(reverse("questionnaires:list")).content.decode()


def test_the_upload_page_shows_a_refusal_with_its_sheet_row_and_column(personas):
    client = Client()
    sign_in(client, personas.org_admin)
    token = client.get(reverse("questionnaires:upload")).context["form_token"]
    response = client.post(
        reverse("questionnaires:upload"),
        {"file": SimpleUploadedFile("b.xlsx", BROKEN), "default_class": "violence", "form_token": token},
    )
    assert response.status_code == 400
    assert "row 3" in response.content.decode() and "“txet”" in response.content.decode()
    assert not QuestionnaireVersion.objects.exists()


def test_the_pages_speak_bengali(personas):
    client = Client()
    sign_in(client, personas.supervisor)
    client.post(reverse("set-language"), {"language": "bn", "next": "/"})
    body = client.get(reverse("questionnaires:list")).content.decode()
    assert "প্রশ্নাবলি" in body


def test_another_organisations_version_is_not_found(personas):
    client = Client()
    sign_in(client, personas.supervisor)
    from sathi.questionnaires.services import questionnaire_import

    theirs = questionnaire_import(actor=None, organisation=personas.other_org, data=GOOD).version
    assert client.get(reverse("questionnaires:version", args=[theirs.pk])).status_code == 404
    response = Client().get(f"/api/v1/questionnaire-versions/{theirs.pk}", headers=_api(personas.supervisor))
    assert response.status_code == 404
