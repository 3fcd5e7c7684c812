"""The research pages do what the API's research operations do, through the same services (issue 12, items
7 and 8): a study, a cohort, a session counted with each participant's consent, a submission linked to its
session, an open answer coded; results through the disclosure gate."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import sign_in
from sathi.accounts import once
from sathi.api.tests.matrix_questionnaires import questionnaire_records
from sathi.prevention import services as prevention
from sathi.questionnaires.models import AnswerCode, Participation, Study, StudySession, Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    place = None
    for kind, name in (("state", "State Q"), ("district", "District Q"), ("block", "Block Q")):
        place = prevention.shared_place_add(
            actor=personas.org_admin, kind=kind, name=name, parent_id=place.pk if place else None
        )
    return place, questionnaire_records(personas, place)


def _client(member):
    client = Client()
    sign_in(client, member)
    return client


def _post(client, url, data):
    return client.post(url, {**data, "form_token": once.new_token()})


def test_a_study_its_cohort_and_a_session_are_recorded_from_the_pages(personas, world):
    place, ids = world
    researcher = personas.community_researcher
    client = _client(researcher)
    assert _post(client, reverse("questionnaires:study-new"), {"title": "Two blocks"}).status_code == 302
    study = Study.objects.get(title="Two blocks")
    url = reverse("questionnaires:cohort-add", args=[study.pk])
    assert _post(client, url, {"cohort": "survivors"}).status_code == 302
    cohort = study.cohorts.get()
    line = {"gender_1": "transgender", "age_band_1": "18-24", "consent_language_1": "hi", "count_1": 3}
    session = {
        "kind": "fgd",
        "held_on": "2026-11-20",
        "place": place.pk,
        "researcher": researcher.user_id,
        "community_researcher": "on",
        **line,
        "consent_spoken_1": "on",
    }
    for n in (2, 3, 4):
        session.update({f"gender_{n}": "woman", f"age_band_{n}": "25-34", f"consent_language_{n}": "bn"})
    url = reverse("questionnaires:session-new", args=[cohort.pk])
    assert _post(client, url, session).status_code == 302
    recorded = StudySession.objects.get(cohort=cohort)
    assert recorded.researcher_is_community
    assert (
        list(Participation.objects.filter(session=recorded).values_list("consent_language", flat=True))
        == ["hi"] * 3
    )


def test_a_session_whose_participants_did_not_consent_aloud_is_refused_and_nothing_is_written(
    personas, world
):
    place, ids = world
    researcher = personas.community_researcher
    client = _client(researcher)
    before = StudySession.objects.count()
    data = {
        "kind": "fgd",
        "held_on": "2026-11-20",
        "place": place.pk,
        "researcher": researcher.user_id,
        "count_1": 2,
    }
    for n in (1, 2, 3, 4):
        data.update({f"gender_{n}": "man", f"age_band_{n}": "25-34", f"consent_language_{n}": "bn"})
    response = _post(client, reverse("questionnaires:session-new", args=[ids["q_cohort"]]), data)
    assert response.status_code == 400
    assert "consent aloud" in response.content.decode()
    assert StudySession.objects.count() == before


def test_a_submission_is_linked_and_its_open_answer_coded_from_the_pages(personas, world):
    _place, ids = world
    client = _client(personas.community_researcher)
    submission = Submission.objects.get(pk=ids["q_submission"])
    url = reverse("questionnaires:submission-link", args=[submission.pk])
    assert _post(client, url, {"session": submission.session_id}).status_code == 302
    url = reverse("questionnaires:answer-codes", args=[submission.pk]) + "?vocabulary=models"
    assert "Debts to lenders" in client.get(url).content.decode()
    response = _post(client, url, {"path": "/data/enablers", "codes": ["root_causes"]})
    assert response.status_code == 302
    assert AnswerCode.objects.filter(submission=submission, vocabulary="models").exists()


def test_an_answer_whose_class_the_reader_lacks_is_masked_in_the_results_page(personas, world):
    _place, ids = world
    page = _client(personas.analyst).get(reverse("questionnaires:results", args=[ids["q_version"]]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Debts to lenders" not in text  # the analyst does not list answers: no free text
    assert "suppressed" in text  # one submission: every count is under the threshold
