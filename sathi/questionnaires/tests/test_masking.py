"""An answer whose class the reader lacks is masked in results, in downloads and in the API (issue 12)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client

from sathi.accounts.services import api_token_issue
from sathi.questionnaires import downloads, results, services
from sathi.questionnaires.submissions import MASK, Incoming, submission_keep
from sathi.questionnaires.tests.workbooks import xlsx
from sathi.questionnaires.vocab import SubmissionSource

pytestmark = pytest.mark.django_db
VIOLENCE_WORD, IDENTITY_WORD = "Qzviolwyk", "Qzidentwyk"

FORM = xlsx(
    [
        ["type", "name", "label", "sathi::class"],
        ["select_one yn", "school", "Is there a school?", "none"],
        ["select_one yn", "harmed", "Was anyone hurt at the raid?", "violence"],
        ["text", "account", "What happened?", "violence"],
        ["text", "name", "Who told you?", "identity"],
    ],
    choices=[["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]],
    settings=[["form_id", "form_title"], ["visit", "Visit"]],
)


@pytest.fixture
def version(personas):
    version = services.questionnaire_import(
        actor=None, organisation=personas.org, data=FORM, filename="visit.xlsx"
    ).version
    for number in range(7):
        submission_keep(
            actor=personas.supervisor,
            incoming=Incoming(
                version=version,
                instance_id=f"uuid:m{number}",
                root_id=f"uuid:m{number}",
                answers={
                    "/data/school": "yes",
                    "/data/harmed": "yes",
                    "/data/account": VIOLENCE_WORD,
                    "/data/name": IDENTITY_WORD,
                },
                raw="{}",
                source=SubmissionSource.SATHI,
            ),
        )
    return version


def test_an_answer_whose_class_the_reader_lacks_is_masked_in_results(personas, version):
    with pytest.raises(results.Masked):
        results.question_table(actor=personas.analyst, version_id=version.pk, path="/data/harmed")
    with pytest.raises(results.Masked):
        results.cross_table(
            actor=personas.analyst,
            version_id=version.pk,
            rows_path="/data/school",
            columns_path="/data/harmed",
        )
    with pytest.raises(results.Masked):
        results.free_text(actor=personas.community_researcher, version_id=version.pk, path="/data/account")
    open_to_all = results.question_table(actor=personas.analyst, version_id=version.pk, path="/data/school")
    assert open_to_all.table.row_totals[0] == 7
    supervisor = results.question_table(actor=personas.supervisor, version_id=version.pk, path="/data/harmed")
    assert supervisor.table.row_totals[0] == 7
    assert (
        results.free_text(actor=personas.supervisor, version_id=version.pk, path="/data/account")
        == [VIOLENCE_WORD] * 7
    )


def test_an_answer_whose_class_the_reader_lacks_is_masked_in_downloads(personas, version):
    mine = downloads.deidentified_rows(actor=personas.community_researcher, version_id=version.pk)
    text = str(mine)
    assert VIOLENCE_WORD not in text and IDENTITY_WORD not in text and MASK in text
    header = mine[0]
    assert all(row[header.index("/data/school")] == "yes" for row in mine[1:])
    theirs = downloads.as_xlsx(downloads.deidentified_rows(actor=personas.supervisor, version_id=version.pk))
    sheet = openpyxl.load_workbook(io.BytesIO(theirs)).active
    cells = [c for r in sheet.iter_rows(values_only=True) for c in r]
    assert VIOLENCE_WORD in cells and IDENTITY_WORD not in cells  # identity never leaves, for anyone
    assert "uuid:m0" not in cells


def test_an_answer_whose_class_the_reader_lacks_is_masked_in_the_api(personas, version):
    def get(membership, path):
        token = api_token_issue(membership=membership)
        return Client().get(path, headers={"Authorization": f"Bearer {token}"})

    base = f"/api/v1/questionnaire-versions/{version.pk}"
    researcher = get(personas.community_researcher, base + "/submissions")
    assert researcher.status_code == 200
    body = researcher.content.decode()
    assert VIOLENCE_WORD not in body and IDENTITY_WORD not in body
    answers = researcher.json()[0]["answers"]
    assert MASK in answers.values() and answers["/data/school"] == "yes"
    supervisor = get(personas.supervisor, base + "/submissions").content.decode()
    assert VIOLENCE_WORD in supervisor
    assert get(personas.analyst, base + "/results?question=/data/harmed").json() == {
        "masked": True,
        "label": "",
        "threshold": 0,
        "cells": [],
        "row_totals": [],
    }
    assert get(personas.analyst, base + "/results?question=/data/school").json()["masked"] is False
    csv = get(personas.community_researcher, base + "/answers.csv")
    assert csv.status_code == 200 and VIOLENCE_WORD.encode() not in csv.content
