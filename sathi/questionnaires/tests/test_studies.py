"""Research sessions and consent (item 7) and answers feeding prevention (item 6)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sathi.lib.disclosure import SUPPRESSED
from sathi.prevention import services as prevention
from sathi.prevention.models import ModelChoice, Rating, VulnerabilityReport
from sathi.questionnaires import feeding, services, studies
from sathi.questionnaires.models import Participation
from sathi.questionnaires.research_forms import workbook
from sathi.questionnaires.submissions import Incoming, submission_keep
from sathi.questionnaires.vocab import SubmissionSource

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)


@pytest.fixture
def village(personas):
    place = None
    for kind, name in (("state", "West Bengal"), ("district", "North 24 Parganas"), ("block", "Hasnabad")):
        place = prevention.shared_place_add(
            actor=personas.org_admin, kind=kind, name=name, parent_id=place.pk if place else None
        )
    return place


def _people(n, gender="woman", band="25-34", language="bn"):
    return [studies.Participant(gender, band, True, language) for _ in range(n)]


def test_a_session_credits_its_community_researcher_and_counts_participants_with_their_consent(
    personas, village
):
    researcher = personas.community_researcher
    study = studies.study_create(actor=researcher, title="Prevention in two blocks")
    cohort = studies.cohort_add(actor=researcher, study_id=study.pk, cohort="survivors")
    session = studies.session_record(
        actor=researcher,
        cohort_id=cohort.pk,
        kind="fgd",
        held_on=DAY,
        place_id=village.pk,
        researcher_id=researcher.user_id,
        community_researcher=True,
        participants=[*_people(6), *_people(2, "transgender", "18-24", "hi")],
    )
    assert session.researcher_is_community and session.research_session_id
    assert Participation.objects.filter(session=session, consent_spoken=True).count() == 8
    assert set(Participation.objects.values_list("consent_language", flat=True)) == {"bn", "hi"}
    table = studies.participants_table(actor=personas.analyst, study_id=study.pk)
    row = dict(zip(table.col_labels, table.cells[0], strict=True))
    assert row["Transgender"] is SUPPRESSED  # two people: not published, nor worked back from the others
    assert row["Female"] is SUPPRESSED and table.row_totals[0] == 8


def test_a_participant_without_spoken_consent_is_refused_and_nothing_is_written(personas, village):
    researcher = personas.community_researcher
    study = studies.study_create(actor=researcher, title="A study")
    cohort = studies.cohort_add(actor=researcher, study_id=study.pk, cohort="duty_bearers")
    with pytest.raises(ValidationError):
        studies.session_record(
            actor=researcher,
            cohort_id=cohort.pk,
            kind="isi",
            held_on=DAY,
            place_id=village.pk,
            researcher_id=researcher.user_id,
            community_researcher=True,
            participants=[studies.Participant("man", "35-49", False, "bn")],
        )
    assert not Participation.objects.exists()


def test_an_interview_with_a_duty_bearer_feeds_ratings_preferences_and_vulnerabilities(personas, village):
    researcher = personas.community_researcher
    version = services.questionnaire_import(
        actor=None, organisation=personas.org, data=workbook("sathi_isi_offices"), filename="isi.xlsx"
    ).version
    study = studies.study_create(actor=researcher, title="Offices")
    cohort = studies.cohort_add(
        actor=researcher, study_id=study.pk, cohort="duty_bearers", questionnaire_id=version.questionnaire_id
    )
    session = studies.session_record(
        actor=researcher,
        cohort_id=cohort.pk,
        kind="isi",
        held_on=DAY,
        place_id=village.pk,
        researcher_id=researcher.user_id,
        community_researcher=True,
        participants=_people(1, "man", "35-49"),
    )
    answers = {
        "/data/gender": "man",
        "/data/factors": ["poverty", "early_marriage"],
        "/data/model_first": "root_causes",
        "/data/model_second": "crime_prevention",
        "/data/ratings[1]/office": "bdo",
        "/data/ratings[1]/power": 4,
        "/data/ratings[1]/interest": 1,
    }
    kept = submission_keep(
        actor=researcher,
        incoming=Incoming(
            version=version,
            instance_id="uuid:feed-1",
            root_id="uuid:feed-1",
            answers=answers,
            raw="{}",
            source=SubmissionSource.SATHI,
            session_id=session.pk,
        ),
    )
    fed = feeding.submission_feed(actor=researcher, submission_id=kept.submission.pk)
    assert (fed.vulnerabilities, fed.choices, fed.ratings) == (2, 1, 1)
    reports = VulnerabilityReport.objects.filter(session_id=session.research_session_id)
    assert set(reports.values_list("factor", flat=True)) == {"poverty", "early_marriage"}
    choice = ModelChoice.objects.get(session_id=session.research_session_id)
    assert (choice.gender, choice.chosen) == ("man", ["root_causes", "crime_prevention"])
    rating = Rating.objects.get(session_id=session.research_session_id)
    assert (rating.stakeholder.kind, rating.power, rating.interest) == ("bdo", 4, 1)
    with pytest.raises(ValidationError):
        feeding.submission_feed(actor=researcher, submission_id=kept.submission.pk)
