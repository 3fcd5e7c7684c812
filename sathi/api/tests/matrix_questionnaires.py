"""Rows of the permission matrix for questionnaires (issue 12): their pages, API operations and ODK's doors.

The organisation's forms are for the roles that import them (the organisation's admin, the supervisor and
the community researcher, who also fills them in). ODK's doors take a device token only: a page's session
opens none of them (401 for every persona signed in by session).
"""

from __future__ import annotations

from sathi.api.tests.matrix_world import PERSONAS

FORM_ROLES = ("supervisor", "org_admin", "community_researcher")


def only(*roles, status=200, refused=403, anonymous=302):
    table = dict.fromkeys(PERSONAS, refused)
    table.update(dict.fromkeys(roles, status))
    table["anonymous"] = anonymous
    return table


def api(*roles, status=200):
    return only(*roles, status=status, anonymous=401)


DEVICE_ONLY = dict.fromkeys(PERSONAS, 401)

QUESTIONNAIRE_PAGES = {
    "questionnaires:list": ("GET", "/questionnaires/", None, only(*FORM_ROLES)),
    "questionnaires:upload": ("GET", "/questionnaires/upload/", None, only(*FORM_ROLES)),
    "questionnaires:version": ("GET", "/questionnaires/versions/0/", None, only(*FORM_ROLES, status=404)),
    "questionnaires:classes": (
        "POST",
        "/questionnaires/versions/0/classes/",
        {},
        only(*FORM_ROLES, status=404),
    ),
    "questionnaires:fill-start": (
        "POST",
        "/questionnaires/versions/0/fill/",
        {},
        only("supervisor", "community_researcher", status=404),
    ),
    "questionnaires:fill": (
        "GET",
        "/questionnaires/fill/0/1/",
        None,
        only("supervisor", "community_researcher", status=404),
    ),
    "questionnaires:import-new": (
        "GET",
        "/questionnaires/versions/0/import/",
        None,
        only("supervisor", "community_researcher", status=404),
    ),
    "questionnaires:import": (
        "GET",
        "/questionnaires/imports/0/",
        None,
        only("supervisor", "community_researcher", status=404),
    ),
    "questionnaires:import-resume": (
        "POST",
        "/questionnaires/imports/0/resume/",
        {},
        only("supervisor", "community_researcher", status=404),
    ),
    "questionnaires:submissions": (
        "GET",
        "/questionnaires/versions/{q_version}/submissions/",
        None,
        only("supervisor", "community_researcher"),
    ),
    "questionnaires:submission-link": (
        "GET",
        "/questionnaires/submissions/{q_submission}/session/",
        None,
        only("supervisor", "community_researcher"),
    ),
    "questionnaires:answer-codes": (
        "GET",
        "/questionnaires/submissions/{q_submission}/codes/",
        None,
        only("supervisor", "community_researcher"),
    ),
    "questionnaires:studies": (
        "GET",
        "/questionnaires/studies/",
        None,
        only("supervisor", "community_researcher"),
    ),
    "questionnaires:study-new": (
        "GET",
        "/questionnaires/studies/new/",
        None,
        only("supervisor", "community_researcher"),
    ),
    "questionnaires:study": (
        "GET",
        "/questionnaires/studies/{q_study}/",
        None,
        only("supervisor", "community_researcher"),
    ),
    "questionnaires:cohort-add": (
        "GET",
        "/questionnaires/studies/{q_study}/cohorts/",
        None,
        only("supervisor", "community_researcher"),
    ),
    "questionnaires:session-new": (
        "GET",
        "/questionnaires/study-cohorts/{q_cohort}/sessions/",
        None,
        only("supervisor", "community_researcher"),
    ),
    "questionnaires:results-index": (
        "GET",
        "/questionnaires/results/",
        None,
        only("supervisor", "community_researcher", "analyst"),
    ),
    "questionnaires:results": (
        "GET",
        "/questionnaires/versions/{q_version}/results/",
        None,
        only("supervisor", "community_researcher", "analyst"),
    ),
    "questionnaires:answers-download": (
        "GET",
        "/questionnaires/versions/{q_version}/answers.csv",
        None,
        only("supervisor", "community_researcher"),
    ),
    "questionnaires:xlsform-download": (
        "GET",
        "/questionnaires/versions/{q_version}/xlsform/",
        None,
        only(*FORM_ROLES),
    ),
    "openrosa:form-list": ("GET", "/odk/formList", None, DEVICE_ONLY),
    "openrosa:form": ("GET", "/odk/forms/0/form.xml", None, DEVICE_ONLY),
    "openrosa:manifest": ("GET", "/odk/forms/0/manifest", None, DEVICE_ONLY),
    "openrosa:submission": ("POST", "/odk/submission", {}, DEVICE_ONLY),
}

COLLECTORS = ("supervisor", "community_researcher")  # Verb.COLLECT_ANSWERS, Kind.SUBMISSION, Verb.RUN_STUDY
NUMBERS = ("supervisor", "community_researcher", "analyst")  # Kind.QUESTIONNAIRE_RESULTS


def hidden():
    """A record kind the role does not list: not there (404) for every persona, allowed or not."""
    return {**dict.fromkeys(PERSONAS, 404), "anonymous": 401}


V = "/api/v1/questionnaire-versions/0"
SESSION = {
    "kind": "fgd",
    "held_on": "2026-01-01",
    "place_id": 0,
    "researcher_id": 0,
    "participants": [
        {"gender": "woman", "age_band": "25-34", "consent_spoken": True, "consent_language": "bn"}
    ],
}
QUESTIONNAIRE_OPERATIONS = {
    "submission_imports_start": ("POST", V + "/imports", {}, api(*COLLECTORS, status=400)),
    "submission_imports_get": ("GET", "/api/v1/submission-imports/0", None, hidden()),
    "submission_imports_resume": (
        "POST",
        "/api/v1/submission-imports/0/resume",
        {},
        api(*COLLECTORS, status=404),
    ),
    "submissions_list": ("GET", V + "/submissions", None, hidden()),
    "questionnaire_results": ("GET", V + "/results?question=/data/q", None, hidden()),
    "questionnaire_crosstab": ("GET", V + "/crosstab?rows=/data/a&columns=/data/b", None, hidden()),
    "answers_csv": ("GET", V + "/answers.csv", None, hidden()),
    "answers_xlsx": ("GET", V + "/answers.xlsx", None, hidden()),
    "questionnaire_xlsform": ("GET", V + "/xlsform", None, hidden()),
    "studies_create": ("POST", "/api/v1/studies", {"title": ""}, api(*COLLECTORS, status=400)),
    "studies_list": ("GET", "/api/v1/studies", None, api(*COLLECTORS)),
    "study_cohorts_add": (
        "POST",
        "/api/v1/studies/0/cohorts",
        {"cohort": "survivors"},
        api(*COLLECTORS, status=404),
    ),
    "study_sessions_record": (
        "POST",
        "/api/v1/study-cohorts/0/sessions",
        SESSION,
        api(*COLLECTORS, status=404),
    ),
    "study_participants": ("GET", "/api/v1/studies/0/participants", None, hidden()),
    "submissions_link": (
        "POST",
        "/api/v1/submissions/0/session",
        {"session_id": 0},
        api(*COLLECTORS, status=404),
    ),
    "submissions_feed": ("POST", "/api/v1/submissions/0/feed", {}, api(*COLLECTORS, status=404)),
    "answer_codes_add": (
        "POST",
        "/api/v1/submissions/0/codes",
        {"path": "/data/q", "vocabulary": "factors", "codes": ["poverty"]},
        api(*COLLECTORS, status=404),
    ),
    # an empty upload: refused for a role that may import (400), by role for everyone else
    "questionnaires_import": ("POST", "/api/v1/questionnaires", {}, api(*FORM_ROLES, status=400)),
    "questionnaires_list": ("GET", "/api/v1/questionnaires", None, api(*FORM_ROLES)),
    "questionnaire_versions_get": (
        "GET",
        "/api/v1/questionnaire-versions/0",
        None,
        api(*FORM_ROLES, status=404),
    ),
}


def questionnaire_records(p, place) -> dict:
    """The shipped interview of duty bearers, a study with a session of it (in the prevention village), and
    one submission of the form linked to it and coded: the ids the rows above name."""
    from django.utils import timezone

    from sathi.questionnaires import downloads, services, studies
    from sathi.questionnaires.research_forms import workbook
    from sathi.questionnaires.submissions import Incoming, submission_keep

    researcher = p.by_role["community_researcher"]
    version = services.questionnaire_import(
        actor=None, organisation=p.org, data=workbook("sathi_isi_offices"), filename="isi.xlsx"
    ).version
    study = studies.study_create(actor=researcher, title="Matrix study")
    cohort = studies.cohort_add(actor=researcher, study_id=study.pk, cohort="duty_bearers")
    session = studies.session_record(
        actor=researcher,
        cohort_id=cohort.pk,
        kind="isi",
        held_on=timezone.localdate(),
        place_id=place.pk,
        researcher_id=researcher.user_id,
        community_researcher=True,
        participants=[studies.Participant("man", "35-49", True, "bn")],
    )
    kept = submission_keep(
        actor=researcher,
        incoming=Incoming(
            version=version,
            instance_id="uuid:matrix-1",
            root_id="uuid:matrix-1",
            answers={"/data/gender": "man", "/data/severity": "high", "/data/enablers": "Debts to lenders"},
            raw="{}",
            source="kobo",
            session_id=session.pk,
        ),
    ).submission
    downloads.answers_code(
        actor=researcher,
        submission_id=kept.pk,
        path="/data/enablers",
        vocabulary="factors",
        codes=["poverty"],
    )
    return {"q_version": version.pk, "q_study": study.pk, "q_cohort": cohort.pk, "q_submission": kept.pk}
