"""Rows of the permission matrix for prevention (issue 11), and the community researcher in every other row.

Prevention pages are for the roles the policy lets keep prevention records (the community researcher and
the supervisor), read its numbers (and the analyst) or add shared places (the organisation's admin).
"""

from __future__ import annotations

from sathi.api.tests.matrix_world import PERSONAS

RESEARCHER = "community_researcher"


def only(*roles, status=200, refused=403, anonymous=302):
    table = dict.fromkeys(PERSONAS, refused)
    table.update(dict.fromkeys(roles, status))
    table["anonymous"] = anonymous
    return table


KEEPERS = (RESEARCHER, "supervisor")
NOT_ON_THE_CASE = ("peer_worker", "counsellor", "legal_advocate", "board_member", "outsider")
CASE_PAGE = {**only("caseworker", "supervisor"), **dict.fromkeys(NOT_ON_THE_CASE, 404)}
CASE_API = {**dict.fromkeys(PERSONAS, 404), "anonymous": 401, "caseworker": 200, "supervisor": 200}
CASE_API_WRITE = {
    **CASE_API,
    **dict.fromkeys(("analyst", "org_admin", "auditor", RESEARCHER), 403),
}
NUMBERS = (RESEARCHER, "supervisor", "analyst")
ANYONE = (RESEARCHER, "supervisor", "analyst", "org_admin")


def pages(expected: dict, paths: dict[str, str]) -> dict:
    """GET rows that all expect the same answers, by URL name and path (each row its own copy)."""
    return {name: ("GET", path, None, dict(expected)) for name, path in paths.items()}


PREVENTION_PAGES = {
    **pages(
        only(*ANYONE),
        {
            "prevention:home": "/prevention/",
            "prevention:places": "/prevention/places/",
            "prevention:place": "/prevention/places/{village}/",
        },
    ),
    **pages(
        only("org_admin"),
        {
            "prevention:place-new": "/prevention/places/new/",
        },
    ),
    **pages(
        only(*NUMBERS),
        {
            "prevention:profile": "/prevention/profile/",
            "prevention:grid": "/prevention/grid/",
            "prevention:models": "/prevention/models/",
            "prevention:assessments": "/prevention/assessments/",
            "prevention:assessment": "/prevention/assessments/{assessment}/",
            "prevention:chain": "/prevention/chain-of-risk/?transition=re_entry",
        },
    ),
    **pages(
        only(*KEEPERS),
        {
            "prevention:vulnerability-add": "/prevention/profile/factors/",
            "prevention:norm-add": "/prevention/profile/norms/",
            "prevention:session-new": "/prevention/sessions/new/",
            "prevention:session": "/prevention/sessions/{research_session}/",
            "prevention:rating-add": "/prevention/sessions/{research_session}/ratings/",
            "prevention:stakeholders": "/prevention/offices/",
            "prevention:stakeholder-new": "/prevention/offices/new/",
            "prevention:stakeholder": "/prevention/offices/{stakeholder}/",
            "prevention:stakeholder-edit": "/prevention/offices/{stakeholder}/edit/",
            "prevention:asks": "/prevention/asks/",
            "prevention:ask-new": "/prevention/asks/new/",
            "prevention:ask": "/prevention/asks/{ask}/",
            "prevention:answer-add": "/prevention/asks/{ask}/answers/",
            "prevention:ask-escalate": "/prevention/asks/{ask}/next-step/",
            "prevention:committee-check": "/prevention/offices/{stakeholder}/checks/",
            "prevention:report": "/prevention/report/?place={village}",
            "prevention:choice-add": "/prevention/sessions/{research_session}/choices/",
            "prevention:dialogues": "/prevention/dialogues/",
            "prevention:dialogue-new": "/prevention/dialogues/new/",
            "prevention:dialogue": "/prevention/dialogues/{dialogue}/",
            "prevention:dialogue-participants": "/prevention/dialogues/{dialogue}/participants/",
            "prevention:dialogue-commitment": "/prevention/dialogues/{dialogue}/commitments/",
            "prevention:assessment-new": "/prevention/assessments/new/",
            "prevention:round-new": "/prevention/assessments/{assessment}/rounds/new/",
            "prevention:round-value": "/prevention/assessments/{assessment}/rounds/{round}/values/",
        },
    ),
    # Asks about a case: the case's readers (its caseworker and the supervisor); for a person role not on
    # it the case does not exist.
    **pages(
        CASE_PAGE,
        {
            "prevention:case-asks": "/prevention/cases/{case}/asks/",
            "prevention:case-ask-new": "/prevention/cases/{case}/asks/new/",
            "prevention:case-ask-link": "/prevention/cases/{case}/asks/link/",
            "prevention:case-ask-answer": "/prevention/cases/{case}/asks/{case_ask}/answers/",
        },
    ),
}


def api(*roles, status=200):
    return only(*roles, status=status, anonymous=401)


DAY = "2026-01-01"
PREVENTION_OPERATIONS = {
    "prevention_places_list": ("GET", "/api/v1/prevention/places", None, api(*ANYONE)),
    "prevention_places_add": (
        "POST",
        "/api/v1/prevention/places",
        {"kind": "bogus", "name": "x"},
        api("org_admin", status=400),
    ),
    "research_sessions_list": ("GET", "/api/v1/prevention/sessions", None, api(*KEEPERS)),
    "research_sessions_record": (
        "POST",
        "/api/v1/prevention/sessions",
        {"place_id": "{village}", "held_on": DAY, "source": "bogus", "cohort": "survivors", "respondents": 3},
        api(*KEEPERS, status=400),
    ),
    "ratings_record": (
        "POST",
        "/api/v1/prevention/sessions/{research_session}/ratings",
        {"stakeholder_id": "{stakeholder}", "power": 9, "interest": 1, "respondents": 1},
        api(*KEEPERS, status=400),
    ),
    "vulnerabilities_record": (
        "POST",
        "/api/v1/prevention/vulnerabilities",
        {
            "place_id": "{village}",
            "period_start": DAY,
            "period_end": DAY,
            "source": "focus_group",
            "reported_on": DAY,
            "cohort": "survivors",
            "respondents": -1,
            "factor": "poverty",
        },
        api(*KEEPERS, status=400),
    ),
    "norms_record": (
        "POST",
        "/api/v1/prevention/norms",
        {
            "place_id": "{village}",
            "period_start": DAY,
            "period_end": DAY,
            "source": "focus_group",
            "reported_on": DAY,
            "cohort": "survivors",
            "respondents": 2,
            "practice": "bogus",
        },
        api(*KEEPERS, status=400),
    ),
    "vulnerability_grid": ("GET", "/api/v1/prevention/vulnerabilities/grid", None, api(*NUMBERS)),
    "power_grid": ("GET", "/api/v1/prevention/power-grid", None, api(*NUMBERS)),
    "stakeholders_list": ("GET", "/api/v1/prevention/stakeholders", None, api(*KEEPERS)),
    "stakeholders_add": (
        "POST",
        "/api/v1/prevention/stakeholders",
        {"kind": "bogus", "name": "x", "jurisdiction_id": "{village}"},
        api(*KEEPERS, status=400),
    ),
    "stakeholders_get": ("GET", "/api/v1/prevention/stakeholders/{stakeholder}", None, api(*KEEPERS)),
    "stakeholders_update": (
        "PATCH",
        "/api/v1/prevention/stakeholders/{stakeholder}",
        {"version": 999, "name": "x"},
        api(*KEEPERS, status=409),
    ),
    "asks_list": ("GET", "/api/v1/prevention/asks", None, api(*KEEPERS)),
    "asks_make": (
        "POST",
        "/api/v1/prevention/asks",
        {"stakeholder_id": "{stakeholder}", "kind": "bogus", "channel": "letter", "asked_on": DAY},
        api(*KEEPERS, status=400),
    ),
    "asks_get": ("GET", "/api/v1/prevention/asks/{ask}", None, api(*KEEPERS)),
    "answers_record": (
        "POST",
        "/api/v1/prevention/asks/{ask}/answers",
        {"answered_on": DAY, "outcome": "bogus"},
        api(*KEEPERS, status=400),
    ),
    "asks_escalate": (
        "POST",
        "/api/v1/prevention/asks/{ask}/escalation",
        {"version": 999, "to_id": "{stakeholder}", "asked_on": DAY},
        api(*KEEPERS, status=409),
    ),
    "model_choices_record": (
        "POST",
        "/api/v1/prevention/sessions/{research_session}/model-choices",
        {"gender": "woman", "chosen": ["bogus"]},
        api(*KEEPERS, status=400),
    ),
    "model_preferences": (
        "GET",
        "/api/v1/prevention/model-preferences?cohort=duty_bearers",
        None,
        api(*NUMBERS),
    ),
    "dialogues_list": ("GET", "/api/v1/prevention/dialogues", None, api(*KEEPERS)),
    "dialogues_get": ("GET", "/api/v1/prevention/dialogues/{dialogue}", None, api(*KEEPERS)),
    # a negative count: refused, nothing saved
    "dialogues_record": (
        "POST",
        "/api/v1/prevention/dialogues",
        {
            "place_id": "{village}",
            "held_on": DAY,
            "participants": [{"cohort": "community", "gender": "woman", "age_group": "18_29", "count": -1}],
        },
        api(*KEEPERS, status=400),
    ),
    # due before the dialogue: refused
    "commitments_record": (
        "POST",
        "/api/v1/prevention/dialogues/{dialogue}/commitments",
        {"stakeholder_id": "{stakeholder}", "kind": "convene_vlcpc", "due_on": "2000-01-01"},
        api(*KEEPERS, status=400),
    ),
    "assessments_list": ("GET", "/api/v1/prevention/assessments", None, api(*NUMBERS)),
    "assessments_create": (
        "POST",
        "/api/v1/prevention/assessments",
        {"name": "Matrix two", "indicators": []},
        api(*KEEPERS, status=400),
    ),
    # an end line before its baseline: refused
    "rounds_record": (
        "POST",
        "/api/v1/prevention/assessments/{assessment}/rounds",
        {"kind": "endline", "held_on": DAY, "place_ids": ["{village}"]},
        api(*KEEPERS, status=400),
    ),
    # more said yes than were asked: refused
    "round_values_record": (
        "POST",
        "/api/v1/prevention/assessments/{assessment}/rounds/{round}/values",
        {"indicator_id": 0, "place_id": "{village}", "asked": 3, "yes": 4},
        api(*KEEPERS, status=400),
    ),
    "assessment_comparison": (
        "GET",
        "/api/v1/prevention/assessments/{assessment}/comparison",
        None,
        api(*NUMBERS),
    ),
    "place_home": ("GET", "/api/v1/prevention/places/{village}/home", None, api(*ANYONE)),
    "chain_of_risk": ("GET", "/api/v1/relations/chain-of-risk?transition=entry", None, api(*NUMBERS)),
    "case_asks_list": ("GET", "/api/v1/prevention/cases/{case}/asks", None, CASE_API),
    "case_asks_make": (
        "POST",
        "/api/v1/prevention/cases/{case}/asks",
        {"stakeholder_id": "{stakeholder}", "kind": "bogus", "channel": "letter", "asked_on": DAY},
        {**CASE_API_WRITE, "caseworker": 400, "supervisor": 400},
    ),
    "case_asks_answer": (
        "POST",
        "/api/v1/prevention/cases/{case}/asks/{case_ask}/answers",
        {"answered_on": DAY, "outcome": "bogus"},
        {**CASE_API_WRITE, "caseworker": 400, "supervisor": 400},
    ),
    "case_asks_linkable": ("GET", "/api/v1/prevention/cases/{case}/asks/linkable", None, CASE_API_WRITE),
    # the case's own ask is linked already: refused, nothing saved
    "case_asks_link": (
        "POST",
        "/api/v1/prevention/cases/{case}/asks/links",
        {"ask_id": "{case_ask}", "version": 1},
        {**CASE_API_WRITE, "caseworker": 400, "supervisor": 400},
    ),
    # more members checked than listed: refused, nothing saved
    "committee_checks_record": (
        "POST",
        "/api/v1/prevention/stakeholders/{stakeholder}/checks",
        {"checked_on": DAY, "exists": "on_paper", "members_listed": 3, "members_unaware": 4},
        api(*KEEPERS, status=400),
    ),
}


def with_researcher(table: dict, prevention: dict) -> None:
    """The community researcher sees no person and no case: in every row written before her role existed
    she is answered as the analyst is, except where only the analyst's numbers open (she gets 403); then
    prevention's own rows are added."""
    for _method, _path, _data, expected in table.values():
        value = expected["analyst"]
        if value == 200 and expected["auditor"] != 200:
            value = 403
        expected[RESEARCHER] = value
    if "people:home" in table:
        table["people:home"][3][RESEARCHER] = 302  # sent to her prevention home
    table.update(prevention)
