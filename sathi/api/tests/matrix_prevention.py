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

PREVENTION_PAGES = {
    "prevention:home": ("GET", "/prevention/", None, only(*ANYONE)),
    "prevention:places": ("GET", "/prevention/places/", None, only(*ANYONE)),
    "prevention:place-new": ("GET", "/prevention/places/new/", None, only("org_admin")),
    "prevention:place": ("GET", "/prevention/places/{village}/", None, only(*ANYONE)),
    "prevention:profile": ("GET", "/prevention/profile/", None, only(*NUMBERS)),
    "prevention:vulnerability-add": ("GET", "/prevention/profile/factors/", None, only(*KEEPERS)),
    "prevention:norm-add": ("GET", "/prevention/profile/norms/", None, only(*KEEPERS)),
    "prevention:session-new": ("GET", "/prevention/sessions/new/", None, only(*KEEPERS)),
    "prevention:session": ("GET", "/prevention/sessions/{research_session}/", None, only(*KEEPERS)),
    "prevention:rating-add": (
        "GET",
        "/prevention/sessions/{research_session}/ratings/",
        None,
        only(*KEEPERS),
    ),
    "prevention:stakeholders": ("GET", "/prevention/offices/", None, only(*KEEPERS)),
    "prevention:stakeholder-new": ("GET", "/prevention/offices/new/", None, only(*KEEPERS)),
    "prevention:stakeholder": ("GET", "/prevention/offices/{stakeholder}/", None, only(*KEEPERS)),
    "prevention:stakeholder-edit": ("GET", "/prevention/offices/{stakeholder}/edit/", None, only(*KEEPERS)),
    "prevention:grid": ("GET", "/prevention/grid/", None, only(*NUMBERS)),
    "prevention:asks": ("GET", "/prevention/asks/", None, only(*KEEPERS)),
    "prevention:ask-new": ("GET", "/prevention/asks/new/", None, only(*KEEPERS)),
    "prevention:ask": ("GET", "/prevention/asks/{ask}/", None, only(*KEEPERS)),
    "prevention:answer-add": ("GET", "/prevention/asks/{ask}/answers/", None, only(*KEEPERS)),
    "prevention:ask-escalate": ("GET", "/prevention/asks/{ask}/next-step/", None, only(*KEEPERS)),
    "prevention:committee-check": ("GET", "/prevention/offices/{stakeholder}/checks/", None, only(*KEEPERS)),
    "prevention:report": ("GET", "/prevention/report/?place={village}", None, only(*KEEPERS)),
    "prevention:choice-add": (
        "GET",
        "/prevention/sessions/{research_session}/choices/",
        None,
        only(*KEEPERS),
    ),
    "prevention:models": ("GET", "/prevention/models/", None, only(*NUMBERS)),
    "prevention:dialogues": ("GET", "/prevention/dialogues/", None, only(*KEEPERS)),
    "prevention:dialogue-new": ("GET", "/prevention/dialogues/new/", None, only(*KEEPERS)),
    "prevention:dialogue": ("GET", "/prevention/dialogues/{dialogue}/", None, only(*KEEPERS)),
    "prevention:dialogue-participants": (
        "GET",
        "/prevention/dialogues/{dialogue}/participants/",
        None,
        only(*KEEPERS),
    ),
    "prevention:dialogue-commitment": (
        "GET",
        "/prevention/dialogues/{dialogue}/commitments/",
        None,
        only(*KEEPERS),
    ),
    "prevention:assessments": ("GET", "/prevention/assessments/", None, only(*NUMBERS)),
    "prevention:assessment-new": ("GET", "/prevention/assessments/new/", None, only(*KEEPERS)),
    "prevention:assessment": ("GET", "/prevention/assessments/{assessment}/", None, only(*NUMBERS)),
    "prevention:round-new": ("GET", "/prevention/assessments/{assessment}/rounds/new/", None, only(*KEEPERS)),
    "prevention:round-value": (
        "GET",
        "/prevention/assessments/{assessment}/rounds/{round}/values/",
        None,
        only(*KEEPERS),
    ),
    "prevention:chain": ("GET", "/prevention/chain-of-risk/?transition=re_entry", None, only(*NUMBERS)),
    # Asks about a case: the case's readers (its caseworker and the supervisor); for a person role not on
    # it the case does not exist.
    "prevention:case-asks": ("GET", "/prevention/cases/{case}/asks/", None, CASE_PAGE),
    "prevention:case-ask-new": ("GET", "/prevention/cases/{case}/asks/new/", None, CASE_PAGE),
    "prevention:case-ask-answer": (
        "GET",
        "/prevention/cases/{case}/asks/{case_ask}/answers/",
        None,
        CASE_PAGE,
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
