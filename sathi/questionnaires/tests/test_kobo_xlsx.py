"""KoboToolbox XLSX exports imported (issue 12, item 5): the submissions on the first sheet, each repeat on
its own sheet tied by `_parent_index`, through the same job as JSON and CSV: all or nothing, idempotent, and
a bad workbook refused with a clear message and nothing written."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from sathi.demo.kobo import kobo_records, kobo_workbook
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
        ["begin_repeat", "job", "Job", ""],
        ["text", "work", "Work", "none"],
        ["end_repeat", "job", "", ""],
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
UUIDS = ["0f8fad5b-d9cb-469f-a165-70867728950e", "7c9e6679-7425-40de-944b-e07fc1f90ae7"]


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


def _book(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_kobo_xlsx_export_imported_twice_gives_the_same_rows(
    personas, version, django_capture_on_commit_callbacks
):
    records = kobo_records(version.questions.all(), 25, form_id="household")
    export = kobo_workbook(version.questions.all(), records, title="Household survey")
    first = _import(personas.community_researcher, version, export, django_capture_on_commit_callbacks)
    assert (first.status, first.created, first.total) == (ImportStatus.DONE, 25, 25)
    rows = (Submission.objects.count(), AnswerSet.objects.count())
    before = _snapshot(personas.supervisor)
    second = _import(personas.community_researcher, version, export, django_capture_on_commit_callbacks)
    assert (second.status, second.created, second.unchanged) == (ImportStatus.DONE, 0, 25)
    assert (Submission.objects.count(), AnswerSet.objects.count()) == rows
    assert _snapshot(personas.supervisor) == before
    # The repeat's sheet gave each submission its own items, typed from the form, in their order.
    record = records[0]
    answers = before["uuid:" + record["_uuid"]]
    for position, item in enumerate(record["hh/member"], start=1):
        if "hh/member/age" in item:
            assert answers[f"/data/hh/member[{position}]/age"] == int(item["hh/member/age"])
    if "hh/needs" in record:
        assert answers["/data/hh/needs"] == record["hh/needs"].split()
    assert not any("/needs/" in path for path in answers)  # the 1/0 column of each choice is no answer
    assert first.unknown_paths == []


def test_a_kobo_xlsx_import_killed_half_way_leaves_no_rows_and_the_rerun_completes(
    personas, version, django_capture_on_commit_callbacks
):
    researcher = personas.community_researcher
    total = imports.PROGRESS_EVERY * 2
    questions = version.questions.all()
    export = kobo_workbook(questions, kobo_records(questions, total, seed=5))
    with django_capture_on_commit_callbacks(execute=False):  # queued; the worker has not started
        queued = imports.submissions_import(actor=researcher, version_id=version.pk, content=export)

    class KilledHalfWay(BaseException):
        """The process dying in the middle of the job."""

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


def test_a_repeat_inside_a_repeat_is_tied_to_its_item_by_parent_table_and_index(
    personas, version, django_capture_on_commit_callbacks
):
    export = _book(
        {
            "Household survey": [
                ["hh/size", "hh/needs", "hh/needs/water", "hh/needs/work", "_uuid", "_index"],
                [3, "water work", 1, 1, UUIDS[0], 1],
                [1, "", 0, 0, UUIDS[1], 2],
            ],
            "member": [
                ["hh/member/age", "hh/member/sex", "_index", "_parent_table_name", "_parent_index"],
                [31, "f", 1, "Household survey", 1],
                [4, "m", 2, "Household survey", 1],
                [60, "f", 3, "Household survey", 2],
            ],
            "job": [
                ["hh/member/job/work", "_index", "_parent_table_name", "_parent_index"],
                ["tea", 1, "member", 3],
                ["brick", 2, "member", 1],
                ["market", 3, "member", 3],
            ],
        }
    )
    row = _import(personas.community_researcher, version, export, django_capture_on_commit_callbacks)
    assert (row.status, row.created) == (ImportStatus.DONE, 2)
    first = answers_for(personas.supervisor, Submission.objects.get(root_id=f"uuid:{UUIDS[0]}"))
    second = answers_for(personas.supervisor, Submission.objects.get(root_id=f"uuid:{UUIDS[1]}"))
    assert first["/data/hh/size"] == 3 and first["/data/hh/needs"] == ["water", "work"]
    assert first["/data/hh/member[2]/age"] == 4 and first["/data/hh/member[1]/job[1]/work"] == "brick"
    assert second["/data/hh/member[1]/age"] == 60
    assert [second[f"/data/hh/member[1]/job[{n}]/work"] for n in (1, 2)] == ["tea", "market"]
    assert "/data/hh/member[2]/age" not in second


def _zip_of_a_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    return buffer.getvalue()


BAD = [
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le"),
        "locked with a password",
    ),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old .xls"),
    (_zip_of_a_document(), "not a Kobo export"),
    (b"PK\x03\x04 broken", "not a Kobo export"),
    (
        _book({"MSNA": [["resp/age", "resp/district", "_uuid"], [40, "Dhaka", UUIDS[0]]]}),
        "another form",
    ),
    (
        _book(
            {
                "Household survey": [["hh/size", "_uuid", "_index"], [3, UUIDS[0], 1]],
                "member": [["hh/member/age", "_index", "_parent_index"], [31, 1, 7]],
            }
        ),
        "belongs to no submission",
    ),
    (b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024), "too large"),
]


@pytest.mark.parametrize(
    ("content", "words"),
    BAD,
    ids=["locked", "old-xls", "not-a-workbook", "broken-zip", "another-form", "orphan-item", "50-mb"],
)
def test_a_bad_kobo_workbook_is_refused_with_a_clear_message_and_nothing_is_written(
    personas, version, content, words
):
    with pytest.raises(SubmissionRefused) as refused:
        imports.submissions_import(
            actor=personas.community_researcher, version_id=version.pk, content=content
        )
    assert words in refused.value.full_message()
    assert not SubmissionImport.objects.exists() and not Submission.objects.exists()


def test_the_import_page_takes_a_kobo_xlsx_export(personas, version, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from conftest import sign_in
    from sathi.accounts.once import new_token

    client = Client()
    sign_in(client, personas.community_researcher)
    questions = version.questions.all()
    export = kobo_workbook(questions, kobo_records(questions, 3, seed=9))
    upload = SimpleUploadedFile(
        "export.xlsx", export, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"/questionnaires/versions/{version.pk}/import/", {"file": upload, "form_token": new_token()}
        )
    assert sent.status_code == 302
    assert 'value="3" max="3"' in client.get(sent["Location"]).content.decode()
    assert Submission.objects.count() == 3
