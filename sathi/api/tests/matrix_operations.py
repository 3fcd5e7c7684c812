"""The permission matrix's API rows: each operation, and the status each persona gets."""

from __future__ import annotations

from sathi.api.tests.matrix_evidence import with_evidence
from sathi.api.tests.matrix_pages import PERSON_ROLES
from sathi.api.tests.matrix_prevention import PREVENTION_OPERATIONS, with_researcher
from sathi.api.tests.matrix_questionnaires import QUESTIONNAIRE_OPERATIONS
from sathi.api.tests.matrix_rights import RIGHTS_OPERATIONS
from sathi.api.tests.matrix_world import PERSONAS

API_RECORD = {**dict.fromkeys(PERSONAS, 404), "anonymous": 401}
# Writes on a case: roles that never see people are refused before anything is looked up.
API_CASE_WRITE = {**API_RECORD, "analyst": 403, "org_admin": 403, "auditor": 403}


def api_board(status):
    """Board operations: board members and supervisors; everyone else is refused by role."""
    return {**dict.fromkeys(PERSONAS, 403), "anonymous": 401, "board_member": status, "supervisor": status}


def api_case_write(status):
    return {**API_CASE_WRITE, "caseworker": status, "supervisor": status}


def api_violence(status):
    """Incident records: roles with the violence-history class in the organisation; for everyone else
    (and the outsider) the record does not exist."""
    violence = {"caseworker", "counsellor", "legal_advocate", "board_member", "supervisor"}
    return {**API_RECORD, **dict.fromkeys(violence, status)}


def api_violence_write(status):
    """A new incident: roles without the violence class are refused by role; the outsider records her own."""
    return {
        **api_violence(status),
        "peer_worker": 403,
        "analyst": 403,
        "org_admin": 403,
        "auditor": 403,
        "outsider": status,
    }


# Reports: numbers only, for the analyst and every role with the violence class (the outsider: her own).
API_VIOLENCE_REPORT = {**api_violence_write(200), "analyst": 200}
PERIOD = "start=2020-01-01&end=2030-12-31"


API_ANY_PERSON_ROLE = {
    **dict.fromkeys(PERSONAS, 403),
    **dict.fromkeys(PERSON_ROLES | {"outsider"}, 200),
    "anonymous": 401,
}

# API operations by operation id: (method, path, json body, expected)
OPERATIONS = {
    "people_list": ("GET", "/api/v1/people", None, API_ANY_PERSON_ROLE),
    "people_find": ("POST", "/api/v1/people/find", {"query": "{code}"}, API_ANY_PERSON_ROLE),
    "people_register": (
        "POST",
        "/api/v1/people",
        {"names": []},
        {**API_ANY_PERSON_ROLE, **dict.fromkeys(PERSON_ROLES | {"outsider"}, 400)},
    ),
    "people_get": (
        "GET",
        "/api/v1/people/{person}",
        None,
        {**API_RECORD, "caseworker": 200, "supervisor": 200},
    ),
    "people_update": (
        "PATCH",
        "/api/v1/people/{person}",
        {"version": 999},
        {**API_RECORD, "caseworker": 409, "supervisor": 409},
    ),
    "age_evidence_add": (
        "POST",
        "/api/v1/people/{person}/age-evidence",
        {"kind": "tea_leaves", "as_of": "2026-01-01", "age_years": 20},
        {**API_RECORD, "caseworker": 400, "supervisor": 400},
    ),
    "consents_list": (
        "GET",
        "/api/v1/people/{person}/consents",
        None,
        {**API_RECORD, "caseworker": 200, "supervisor": 200},
    ),
    "consents_record": (
        "POST",
        "/api/v1/people/{person}/consents",
        {"purpose": "statistics", "granted": True, "method": "spoken", "explained_in": "bn"},
        {**API_RECORD, "caseworker": 201, "supervisor": 201},
    ),
    "consents_withdraw": (
        "POST",
        "/api/v1/consents/{withdrawn_consent}/withdraw",
        None,
        {**API_RECORD, "caseworker": 400, "supervisor": 400},
    ),
    "boards_list": ("GET", "/api/v1/boards", None, API_ANY_PERSON_ROLE),
    "boards_create": ("POST", "/api/v1/boards", {"area_id": 0, "name": "x", "quorum": 3}, api_board(400)),
    "boards_get": ("GET", "/api/v1/boards/{board}", None, api_board(200)),
    "board_members_add": (
        "POST",
        "/api/v1/boards/{board}/members",
        {"name": "", "category": "lawyer", "term_start": "2026-01-01"},
        api_board(400),
    ),
    "sittings_hold": (
        "POST",
        "/api/v1/boards/{board}/sittings",
        {"held_on": "2026-01-01", "member_ids": ["00000000-0000-0000-0000-000000000000"]},
        api_board(400),
    ),
    # the person is the caseworker's: a board member cannot see her (404), the supervisor can (400: bad dates)
    "presentations_record": (
        "POST",
        "/api/v1/boards/{board}/presentations",
        {
            "person_id": "{person}",
            "presented_on": "2026-01-01",
            "arrived_on": "2026-02-01",
            "brought_by": "peer",
        },
        {**api_board(400), "board_member": 404},
    ),
    "site_events_record": (
        "POST",
        "/api/v1/boards/{board}/site-events",
        {"site_id": 0, "kind": "refusal", "occurred_on": "2026-01-01"},
        api_board(400),
    ),
    "board_indicators": (
        "GET",
        "/api/v1/boards/{board}/indicators",
        None,
        {**api_board(200), "analyst": 200},
    ),
    "screenings_record": (
        "POST",
        "/api/v1/screenings",
        {"person_id": "{person}", "acts": ["bogus"]},
        api_case_write(400),
    ),
    "screenings_get": (
        "GET",
        "/api/v1/screenings/{screening}",
        None,
        {**API_RECORD, "caseworker": 200, "supervisor": 200},
    ),
    "decisions_record": (
        "POST",
        "/api/v1/screenings/{screening}/decision",
        {"classification": "bogus"},
        api_case_write(400),
    ),
    "alerts_list": ("GET", "/api/v1/alerts", None, api_board(200)),
    "alerts_acknowledge": ("POST", "/api/v1/alerts/0/acknowledge", {"version": 1}, api_board(404)),
    "relations_map": (
        "GET",
        "/api/v1/people/{person}/relations",
        None,
        {**API_RECORD, "caseworker": 200, "supervisor": 200},
    ),
    "relations_add": (
        "POST",
        "/api/v1/people/{person}/relations",
        {"domain": "bogus"},
        {**API_RECORD, "caseworker": 400, "supervisor": 400},
    ),
    "qualities_add": (
        "POST",
        "/api/v1/relations/{relation}/qualities",
        {"quality": "bogus"},
        {**API_RECORD, "caseworker": 400, "supervisor": 400},
    ),
    "sites_add": (
        "POST",
        "/api/v1/people/{person}/sites",
        {"site_type": "bogus"},
        {**API_RECORD, "caseworker": 400, "supervisor": 400},
    ),
    "events_add": (
        "POST",
        "/api/v1/people/{person}/events",
        {"kind": "bogus"},
        {**API_RECORD, "caseworker": 400, "supervisor": 400},
    ),
    "safety_checks_record": (
        "POST",
        "/api/v1/people/{person}/safety-checks",
        {"household": "bogus", "attitude": "x", "stigma": "x", "her_wish": "x"},
        {**API_RECORD, "caseworker": 400, "supervisor": 400},
    ),
    "safety_checks_decide": (
        "POST",
        "/api/v1/safety-checks/{safety_check}/decision",
        {"choice": "bogus"},
        {**API_RECORD, "caseworker": 400, "supervisor": 400},
    ),
    "cases_list": ("GET", "/api/v1/cases", None, API_ANY_PERSON_ROLE),
    "cases_open": (
        "POST",
        "/api/v1/cases",
        {"person_id": "{person}", "origin": "nowhere"},
        api_case_write(400),
    ),
    "cases_get": ("GET", "/api/v1/cases/{case}", None, {**API_RECORD, "caseworker": 200, "supervisor": 200}),
    "cases_move": (
        "POST",
        "/api/v1/cases/{case}/status",
        {"version": 999, "status": "active"},
        api_case_write(409),
    ),
    "cases_close": (
        "POST",
        "/api/v1/cases/{case}/close",
        {"version": 999, "reason": "goals_met"},
        api_case_write(409),
    ),
    "cases_reopen": (
        "POST",
        "/api/v1/cases/{case}/reopen",
        {"version": 999, "reason": "x"},
        api_case_write(409),
    ),
    "pathways_record": ("POST", "/api/v1/cases/{case}/pathways", {"pathway": "bogus"}, api_case_write(400)),
    "goals_record": ("POST", "/api/v1/cases/{case}/goals", {"text": ""}, api_case_write(400)),
    "needs_add": ("POST", "/api/v1/cases/{case}/needs", {"code": "bogus"}, api_case_write(400)),
    "needs_update": ("PATCH", "/api/v1/needs/{need}", {"version": 999}, api_case_write(409)),
    "flags_raise": ("POST", "/api/v1/cases/{case}/flags", {"message": ""}, api_case_write(400)),
    "flags_resolve": ("POST", "/api/v1/flags/{flag}/resolve", {"resolution": ""}, api_case_write(400)),
    "services_record": (
        "POST",
        "/api/v1/cases/{case}/services",
        {"service_type": "bogus", "delivered_on": "2026-01-01"},
        api_case_write(400),
    ),
    "placements_start": (
        "POST",
        "/api/v1/cases/{case}/placements",
        {"kind": "bogus", "legal_basis": "voluntary", "entry_date": "2026-01-01", "wish_at_entry": "stay"},
        api_case_write(400),
    ),
    "placements_review": (
        "POST",
        "/api/v1/placements/{placement}/reviews",
        {"reviewed_on": "2026-01-01", "wish": "bogus"},
        api_case_write(400),
    ),
    "placements_exit": (
        "POST",
        "/api/v1/placements/{placement}/exit",
        {"exit_date": "1990-01-01"},
        api_case_write(400),
    ),
    "follow_ups_record": (
        "POST",
        "/api/v1/follow-ups/{follow_up}",
        {"done_on": "2026-01-01", "channel": "bogus", "outcome": "reached"},
        api_case_write(400),
    ),
    "due_list": ("GET", "/api/v1/due", None, API_ANY_PERSON_ROLE),
    "referrals_send": (
        "POST",
        "/api/v1/cases/{case}/referrals",
        {"provider_id": 0, "fields": ["names"]},
        api_case_write(400),
    ),
    "referrals_received": ("GET", "/api/v1/referrals/received", None, API_ANY_PERSON_ROLE),
    "referrals_get": ("GET", "/api/v1/referrals/{referral}", None, {**API_RECORD, "outsider": 200}),
    "referrals_respond": (
        "POST",
        "/api/v1/referrals/{referral}/respond",
        {"accept": False},
        {**API_CASE_WRITE, "outsider": 400},
    ),
    "proceedings_add": (
        "POST",
        "/api/v1/cases/{case}/proceedings",
        {"kind": "bogus"},
        {**api_case_write(400), "peer_worker": 403, "counsellor": 403, "board_member": 403},
    ),
    "proceedings_update": (
        "PATCH",
        "/api/v1/proceedings/{proceeding}",
        {"version": 999},
        {**api_case_write(409), "peer_worker": 403, "counsellor": 403, "board_member": 403},
    ),
    "documents_attach": (
        "POST",
        "/api/v1/proceedings/{proceeding}/documents",
        {},
        {**api_case_write(400), "peer_worker": 403, "counsellor": 403, "board_member": 403},
    ),
    "documents_file": (
        "GET",
        "/api/v1/documents/{document}/file",
        None,
        {**api_case_write(200), "peer_worker": 403, "counsellor": 403, "board_member": 403},
    ),
    "incidents_list": ("GET", "/api/v1/incidents", None, api_violence_write(200)),
    "incidents_record": (
        "POST",
        "/api/v1/incidents",
        {"incident_type": "bogus", "start_date": "2026-01-01", "place_id": 0, "verification": "confirmed"},
        api_violence_write(400),
    ),
    "incidents_get": ("GET", "/api/v1/incidents/{incident}", None, api_violence(200)),
    "incidents_update": ("PATCH", "/api/v1/incidents/{incident}", {"version": 999}, api_violence(409)),
    "raid_details_save": (
        "PUT",
        "/api/v1/incidents/{incident}/raid",
        {"legal_basis": "bogus"},
        api_violence(400),
    ),
    "sources_add": (
        "POST",
        "/api/v1/incidents/{incident}/sources",
        {"kind": "bogus", "reliability": "bogus"},
        api_violence(400),
    ),
    "affected_add": ("POST", "/api/v1/incidents/{incident}/affected", {"acts": ["bogus"]}, api_violence(400)),
    "affected_update": ("PATCH", "/api/v1/affected/{affected}", {"version": 999}, api_violence(409)),
    "outcomes_record": (
        "POST",
        "/api/v1/affected/{affected}/outcomes",
        {"kind": "bogus", "on": "2026-01-01"},
        api_violence(400),
    ),
    "outcomes_end": ("POST", "/api/v1/outcomes/{outcome}/end", {"until": "1990-01-01"}, api_violence(400)),
    "perpetrators_add": (
        "POST",
        "/api/v1/incidents/{incident}/perpetrators",
        {"perpetrator_type": "bogus"},
        api_violence(400),
    ),
    "responses_add": (
        "POST",
        "/api/v1/incidents/{incident}/responses",
        {"action": "bogus", "reported_at": "2026-01-01T10:00:00+05:30"},
        api_violence(400),
    ),
    "responses_update": ("PATCH", "/api/v1/responses/{response}", {"version": 999}, api_violence(409)),
    # sent as JSON, so no file: refused by access first, then as incomplete
    "evidence_attach": ("POST", "/api/v1/incidents/{incident}/evidence", {}, api_violence(400)),
    "evidence_get": ("GET", "/api/v1/evidence/{evidence}", None, api_violence(200)),
    "evidence_file": ("GET", "/api/v1/evidence/{evidence}/file", None, api_violence(200)),
    "raid_report": ("GET", "/api/v1/reports/raids?" + PERIOD, None, API_VIOLENCE_REPORT),
    "raid_report_csv": ("GET", "/api/v1/reports/raids.csv?" + PERIOD, None, API_VIOLENCE_REPORT),
    "raid_report_xlsx": ("GET", "/api/v1/reports/raids.xlsx?" + PERIOD, None, API_VIOLENCE_REPORT),
    "response_indicators": ("GET", "/api/v1/reports/responses?" + PERIOD, None, API_VIOLENCE_REPORT),
}

OPERATIONS.update(RIGHTS_OPERATIONS)
with_researcher(OPERATIONS, PREVENTION_OPERATIONS)
OPERATIONS.update(QUESTIONNAIRE_OPERATIONS)
with_evidence(operations=OPERATIONS)
