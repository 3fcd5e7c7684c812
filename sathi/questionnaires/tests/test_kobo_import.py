"""KoboToolbox and ODK Central exports imported (issue 12, item 5)."""

from __future__ import annotations

import json

import pytest

from sathi.audit.models import AuditEvent
from sathi.demo.kobo import kobo_records
from sathi.questionnaires import imports, services
from sathi.questionnaires.instances import SubmissionRefused
from sathi.questionnaires.models import AnswerSet, Submission, SubmissionImport
from sathi.questionnaires.submissions import answers_for
from sathi.questionnaires.tests.workbooks import xlsx
from sathi.questionnaires.vocab import ImportStatus

pytestmark = pytest.mark.django_db

FORM = xlsx(
    [
        ["type", "name", "label", "sathi::class"],
        ["begin_group", "hh", "Household", ""],
        ["integer", "size", "How many people?", "none"],
        ["select_multiple needs", "needs", "Needs", "none"],
        ["text", "village", "Village", "location"],
        ["begin_repeat", "member", "Member", ""],
        ["integer", "age", "Age", "none"],
        ["select_one sex", "sex", "Sex", "none"],
        ["end_repeat", "member", "", ""],
        ["end_group", "hh", "", ""],
    ],
    choices=[
        ["list_name", "name", "label"],
        ["needs", "water", "Water"],
        ["needs", "school", "School"],
        ["needs", "work", "Work"],
        ["sex", "f", "Female"],
        ["sex", "m", "Male"],
    ],
    settings=[["form_id", "form_title"], ["household", "Household survey"]],
)


@pytest.fixture
def version(personas):
    return services.questionnaire_import(
        actor=None, organisation=personas.org, data=FORM, filename="household.xlsx"
    ).version


def _import(actor, version, content: bytes, capture) -> SubmissionImport:
    with capture(execute=True):
        row = imports.submissions_import(actor=actor, version_id=version.pk, content=content)
    row.refresh_from_db()
    return row


def _snapshot(reader) -> dict:
    return {
        s.root_id: answers_for(reader, s) for s in Submission.objects.prefetch_related("answer_sets").all()
    }


def test_a_kobo_export_imported_twice_gives_the_same_rows(
    personas, version, django_capture_on_commit_callbacks
):
    researcher, supervisor = personas.community_researcher, personas.supervisor
    export = json.dumps(kobo_records(version.questions.all(), 25, form_id="household")).encode()
    first = _import(researcher, version, export, django_capture_on_commit_callbacks)
    assert (first.status, first.created, first.total) == (ImportStatus.DONE, 25, 25)
    rows = (Submission.objects.count(), AnswerSet.objects.count())
    before = _snapshot(supervisor)
    second = _import(researcher, version, export, django_capture_on_commit_callbacks)
    assert (second.status, second.created, second.unchanged) == (ImportStatus.DONE, 0, 25)
    assert (Submission.objects.count(), AnswerSet.objects.count()) == rows
    assert _snapshot(supervisor) == before
    some = next(iter(before.values()))
    assert any(path == "/data/hh/member[1]/age" for path in some) or "/data/hh/size" in some


class KilledHalfWay(BaseException):
    """The process dying in the middle of the job (a deploy, the out-of-memory killer)."""


def test_an_import_killed_half_way_leaves_no_rows_and_the_rerun_completes(
    personas, version, django_capture_on_commit_callbacks
):
    researcher = personas.community_researcher
    total = imports.PROGRESS_EVERY * 2
    export = json.dumps(kobo_records(version.questions.all(), total, seed=3)).encode()
    with django_capture_on_commit_callbacks(execute=False):  # queued; the worker has not started
        queued = imports.submissions_import(actor=researcher, version_id=version.pk, content=export)

    def killed(done):
        raise KilledHalfWay

    with pytest.raises(KilledHalfWay):
        imports.import_run(queued.pk, on_progress=killed)
    queued.refresh_from_db()
    assert queued.status == ImportStatus.FAILED
    assert Submission.objects.count() == 0 and AnswerSet.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        imports.submissions_import_resume(actor=researcher, import_id=queued.pk)
    queued.refresh_from_db()
    assert (queued.status, queued.created) == (ImportStatus.DONE, total)
    assert Submission.objects.count() == total


def test_an_edited_submission_replaces_its_earlier_version_and_the_change_is_audited(
    personas, version, django_capture_on_commit_callbacks
):
    researcher = personas.community_researcher
    first = {"hh/size": "4", "meta/instanceID": "uuid:0f8fad5b-d9cb-469f-a165-70867728950e"}
    _import(researcher, version, json.dumps([first]).encode(), django_capture_on_commit_callbacks)
    edited = {
        "hh/size": "5",
        "meta/instanceID": "uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "meta/rootUuid": "uuid:0f8fad5b-d9cb-469f-a165-70867728950e",
    }
    row = _import(researcher, version, json.dumps([edited]).encode(), django_capture_on_commit_callbacks)
    assert (row.created, row.replaced) == (0, 1)
    submission = Submission.objects.get()
    assert submission.edits == 1 and submission.instance_id.startswith("uuid:7c9e")
    assert answers_for(personas.supervisor, submission)["/data/hh/size"] == 5
    assert AuditEvent.objects.filter(action="questionnaire.submission_replaced").count() == 1


def test_a_kobo_csv_with_a_byte_order_mark_and_windows_line_ends_is_accepted_and_typed(
    personas, version, django_capture_on_commit_callbacks
):
    csv = (
        "\ufeffhh/size;hh/needs;hh/village;_uuid\r\n"
        "3;water school;Qzlocatwyk;9b2e3f6a-6b59-4b8e-8f43-0a1c2d3e4f50\r\n"
        "2;work;;1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f\r\n"
    ).encode()
    row = _import(personas.community_researcher, version, csv, django_capture_on_commit_callbacks)
    assert (row.status, row.created) == (ImportStatus.DONE, 2)
    answers = answers_for(
        personas.supervisor, Submission.objects.get(root_id="uuid:9b2e3f6a-6b59-4b8e-8f43-0a1c2d3e4f50")
    )
    assert answers["/data/hh/size"] == 3
    assert answers["/data/hh/needs"] == ["water", "school"]
    assert answers["/data/hh/village"] == "Qzlocatwyk"


def test_an_odk_central_odata_export_is_imported_with_its_groups_and_repeats(
    personas, version, django_capture_on_commit_callbacks
):
    central = {
        "value": [
            {
                "__id": "uuid:2d9f5e4c-3b1a-4c8d-9e7f-6a5b4c3d2e1f",
                "__system": {"submitterName": "x"},
                "hh": {"size": 2, "member": [{"age": 31, "sex": "f"}, {"age": 4, "sex": "m"}]},
            }
        ]
    }
    row = _import(
        personas.community_researcher,
        version,
        json.dumps(central).encode(),
        django_capture_on_commit_callbacks,
    )
    assert (row.status, row.created, row.source) == (ImportStatus.DONE, 1, "central")
    answers = answers_for(personas.supervisor, Submission.objects.get())
    assert answers["/data/hh/member[2]/age"] == 4 and answers["/data/hh/member[1]/sex"] == "f"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (json.dumps([{"q": "1", "_uuid": "a", "_xform_id_string": "msna"}]).encode(), "another form"),
        (json.dumps([{"other/question": "1", "_uuid": "a"}]).encode(), "another form"),
        (b"PK\x03\x04 a damaged workbook", "not a Kobo export"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (json.dumps([{"hh/size": "1"}]).encode(), "instance id"),
    ],
    ids=[
        "kobo-export-of-another-form",
        "no-question-of-this-form",
        "damaged-xlsx",
        "not-text",
        "no-instance-id",
    ],
)
def test_a_bad_export_is_refused_with_a_clear_message_and_nothing_is_written(
    personas, version, content, words
):
    with pytest.raises(SubmissionRefused) as refused:
        imports.submissions_import(
            actor=personas.community_researcher, version_id=version.pk, content=content
        )
    assert words in refused.value.full_message()
    assert not SubmissionImport.objects.exists() and not Submission.objects.exists()


def test_the_import_page_takes_an_export_and_shows_its_progress_bar(
    personas, version, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from conftest import sign_in
    from sathi.accounts.once import new_token

    client = Client()
    sign_in(client, personas.community_researcher)
    export = json.dumps(kobo_records(version.questions.all(), 3, seed=9)).encode()
    upload = SimpleUploadedFile("export.json", export, "application/json")
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"/questionnaires/versions/{version.pk}/import/", {"file": upload, "form_token": new_token()}
        )
    assert sent.status_code == 302
    page = client.get(sent["Location"]).content.decode()
    assert "<progress" in page and 'value="3" max="3"' in page
    assert Submission.objects.count() == 3
