"""The permission matrix: every URL pattern and every API operation, for every persona, as data.

A new route or API operation without rows here fails `test_every_route_and_operation_has_a_row`.
Statuses: 302 sent elsewhere (sign-in, second step, confirm), 403 role not allowed, 404 not there for you.
"""

from __future__ import annotations

import json

from django.test import Client, TestCase
from django.urls import URLResolver, get_resolver

from conftest import build_personas, sign_in
from sathi.accounts.services import api_token_issue
from sathi.api.api import api
from sathi.lib.tests import samples
from sathi.people import services
from sathi.people.tests.factories import register

PERSONAS = [
    "peer_worker",
    "caseworker",
    "counsellor",
    "legal_advocate",
    "board_member",
    "supervisor",
    "analyst",
    "org_admin",
    "auditor",
    "outsider",
    "anonymous",
]
PERSON_ROLES = {"peer_worker", "caseworker", "counsellor", "legal_advocate", "board_member", "supervisor"}


def expect(default, **overrides):
    table = dict.fromkeys(PERSONAS, default)
    table.update(overrides)
    return table


def roles(statuses: dict[str, int], **rest):
    """Person roles and outsider get `statuses` by name; analyst, admin and auditor 403; anonymous 302."""
    table = expect(403, anonymous=302)
    table.update(statuses)
    table.update(rest)
    return table


# Her record is registered by the caseworker: assigned to her; the supervisor sees all.
RECORD = roles(dict.fromkeys(PERSON_ROLES | {"outsider"}, 404), caseworker=200, supervisor=200)
ANY_PERSON_ROLE = roles(dict.fromkeys(PERSON_ROLES | {"outsider"}, 200))
SIGNED_IN = expect(200, anonymous=302)
# Board pages: board members and supervisors of the organisation (the outsider is a caseworker: 403).
BOARD = expect(403, board_member=200, supervisor=200, anonymous=302)
BOARD_404 = expect(403, board_member=404, supervisor=404, anonymous=302)

# Incidents: roles with the violence-history class. Without it a role is refused the list and a new incident
# (403) and finds no record (404); the outsider has her own organisation's list and none of its records.
VIOLENCE_ROLES = {"caseworker", "counsellor", "legal_advocate", "board_member", "supervisor"}
VIOLENCE_LIST = roles(dict.fromkeys(VIOLENCE_ROLES | {"outsider"}, 200), peer_worker=403)
VIOLENCE_RECORD = roles(dict.fromkeys(VIOLENCE_ROLES, 200), peer_worker=404, outsider=404)
# The raid report: numbers only, for the analyst too.
VIOLENCE_REPORT = {**VIOLENCE_LIST, "analyst": 200}

# (name, method, path, data) -> expected status per persona
PAGES = {
    "people:home": ("GET", "/", None, expect(200, org_admin=302, auditor=302, anonymous=302)),
    "people:find": ("POST", "/people/find/", {"query": "{code}"}, ANY_PERSON_ROLE),
    "people:register": ("GET", "/people/new/", None, ANY_PERSON_ROLE),
    "people:detail": ("GET", "/people/{person}/", None, RECORD),
    "people:edit": ("GET", "/people/{person}/edit/", None, RECORD),
    "people:age": ("GET", "/people/{person}/age/", None, RECORD),
    "people:consent": ("GET", "/people/{person}/consent/", None, RECORD),
    "people:consent-withdraw": (
        "POST",
        "/people/{person}/consent/{withdrawn_consent}/withdraw/",
        {},
        roles(dict.fromkeys(PERSON_ROLES | {"outsider"}, 404), caseworker=302, supervisor=302),
    ),
    "people:break-glass": (
        "GET",
        "/people/{person}/break-glass/",
        None,
        roles(dict.fromkeys(PERSON_ROLES, 200), supervisor=404, outsider=404),
    ),
    "people:break-glass-review": (
        "POST",
        "/people/break-glass/0/reviewed/",
        {},
        expect(403, supervisor=404, anonymous=302),
    ),
    "people:assign": (
        "POST",
        "/people/{person}/assign/",
        {"user": "0"},
        expect(403, supervisor=302, anonymous=302),
    ),
    "care:mine": ("GET", "/cases/", None, ANY_PERSON_ROLE),
    "care:dashboard": ("GET", "/cases/dashboard/", None, expect(403, supervisor=200, anonymous=302)),
    "care:case-open": ("GET", "/cases/open/{person}/", None, RECORD),
    "care:case": ("GET", "/cases/{case}/", None, RECORD),
    "care:case-status": ("GET", "/cases/{case}/status/", None, RECORD),
    "care:case-close": ("GET", "/cases/{case}/close/", None, RECORD),
    "care:case-reopen": ("GET", "/cases/{case}/reopen/", None, RECORD),
    "care:team-add": ("GET", "/cases/{case}/team/", None, RECORD),
    "care:goal-add": ("GET", "/cases/{case}/goals/", None, RECORD),
    "care:pathway-add": ("GET", "/cases/{case}/pathway/", None, RECORD),
    "care:need-add": ("GET", "/cases/{case}/needs/", None, RECORD),
    "care:need-edit": ("GET", "/cases/{case}/needs/{need}/", None, RECORD),
    "care:service-add": ("GET", "/cases/{case}/services/", None, RECORD),
    "care:plan-add": ("GET", "/cases/{case}/plan/", None, RECORD),
    "care:plan-done": ("GET", "/cases/{case}/plan/{plan_item}/done/", None, RECORD),
    "care:placement-add": ("GET", "/cases/{case}/placements/", None, RECORD),
    "care:placement-review": ("GET", "/cases/{case}/placements/{placement}/review/", None, RECORD),
    "care:placement-exit": ("GET", "/cases/{case}/placements/{placement}/exit/", None, RECORD),
    "care:follow-up": ("GET", "/cases/{case}/follow-ups/{follow_up}/", None, RECORD),
    "care:flag-raise": ("GET", "/cases/{case}/flags/", None, RECORD),
    "care:flag-resolve": ("GET", "/cases/{case}/flags/{flag}/resolve/", None, RECORD),
    "care:referral-add": ("GET", "/cases/{case}/referrals/new/", None, RECORD),
    "care:referrals": ("GET", "/cases/referrals/", None, ANY_PERSON_ROLE),
    # a referral is seen by the receiving organisation only (the outsider's, here)
    "care:referral": (
        "GET",
        "/cases/referrals/{referral}/",
        None,
        roles(dict.fromkeys(PERSON_ROLES, 404), outsider=200),
    ),
    "care:providers": ("GET", "/cases/providers/", None, ANY_PERSON_ROLE),
    "care:provider-save": ("GET", "/cases/providers/save/", None, ANY_PERSON_ROLE),
    "legal:proceeding-add": ("GET", "/cases/{case}/proceedings/", None, RECORD),
    "legal:document-add": ("GET", "/cases/{case}/proceedings/{proceeding}/documents/", None, RECORD),
    "legal:document": ("GET", "/cases/{case}/documents/{document}/", None, RECORD),
    "legal:proceeding-update": ("GET", "/cases/{case}/proceedings/{proceeding}/", None, RECORD),
    "screening:boards": ("GET", "/boards/", None, ANY_PERSON_ROLE),
    "screening:board-new": ("GET", "/boards/new/", None, BOARD),
    "screening:place-new": ("GET", "/boards/places/", None, BOARD),
    "screening:board": ("GET", "/boards/{board}/", None, BOARD),
    "screening:member-add": ("GET", "/boards/{board}/members/", None, BOARD),
    "screening:sitting-add": ("GET", "/boards/{board}/sittings/", None, BOARD),
    "screening:presentation-add": ("GET", "/boards/{board}/presentations/", None, BOARD),
    "screening:site-event-add": ("GET", "/boards/{board}/site-events/", None, BOARD),
    "screening:indicators": ("GET", "/boards/{board}/indicators/", None, {**BOARD, "analyst": 200}),
    "screening:screen": ("GET", "/boards/screen/{person}/", None, RECORD),
    "screening:screening": ("GET", "/boards/screenings/{screening}/", None, RECORD),
    # No alert 0: a board member or supervisor finds none (404); other roles are refused by role.
    "screening:alert-acknowledge": ("POST", "/boards/alerts/0/acknowledge/", {"version": "1"}, BOARD_404),
    "relations:person": ("GET", "/relations/{person}/", None, RECORD),
    "relations:relation-add": ("GET", "/relations/{person}/relations/", None, RECORD),
    "relations:event-add": ("GET", "/relations/{person}/events/", None, RECORD),
    "relations:site-add": ("GET", "/relations/{person}/sites/", None, RECORD),
    "relations:check-add": ("GET", "/relations/{person}/checks/", None, RECORD),
    "relations:check": ("GET", "/relations/{person}/checks/{safety_check}/", None, RECORD),
    "violations:incidents": ("GET", "/incidents/", None, VIOLENCE_LIST),
    "violations:incident-new": ("GET", "/incidents/new/", None, VIOLENCE_LIST),
    "violations:incident": ("GET", "/incidents/{incident}/", None, VIOLENCE_RECORD),
    "violations:raid": ("GET", "/incidents/{incident}/raid/", None, VIOLENCE_RECORD),
    "violations:source-add": ("GET", "/incidents/{incident}/sources/", None, VIOLENCE_RECORD),
    "violations:affected-add": ("GET", "/incidents/{incident}/affected/", None, VIOLENCE_RECORD),
    "violations:perpetrator-add": ("GET", "/incidents/{incident}/perpetrators/", None, VIOLENCE_RECORD),
    "violations:response-add": ("GET", "/incidents/{incident}/responses/", None, VIOLENCE_RECORD),
    "violations:evidence-attach": ("GET", "/incidents/{incident}/evidence/", None, VIOLENCE_RECORD),
    "violations:outcome-add": ("GET", "/incidents/affected/{affected}/outcomes/", None, VIOLENCE_RECORD),
    "violations:evidence-file": ("GET", "/incidents/evidence/{evidence}/", None, VIOLENCE_RECORD),
    "violations:report": ("GET", "/incidents/report/?start=2020-01-01&end=2030-12-31", None, VIOLENCE_REPORT),
    "violations:report-export": (
        "GET",
        "/incidents/report/export.csv?start=2020-01-01&end=2030-12-31",
        None,
        VIOLENCE_REPORT,
    ),
    "accounts:login": ("GET", "/accounts/login/", None, expect(200)),
    "accounts:second-factor": ("GET", "/accounts/second-factor/", None, SIGNED_IN),
    "accounts:enrol": ("GET", "/accounts/second-factor/setup/", None, expect(302)),  # already enrolled
    "accounts:choose-organisation": ("GET", "/accounts/organisation/", None, SIGNED_IN),
    "accounts:confirm": ("GET", "/accounts/confirm/", None, SIGNED_IN),
    "accounts:logout": ("POST", "/accounts/logout/", {}, expect(302)),
    "accounts:members": ("GET", "/accounts/members/", None, expect(403, org_admin=200, anonymous=302)),
    # without a fresh confirmation the admin is sent to confirm first
    "accounts:member-create": (
        "POST",
        "/accounts/members/new/",
        {},
        expect(403, org_admin=302, anonymous=302),
    ),
    "accounts:member-role": (
        "POST",
        "/accounts/members/{membership}/role/",
        {"role": "analyst"},
        expect(403, org_admin=302, anonymous=302),
    ),
    "accounts:member-deactivate": (
        "POST",
        "/accounts/members/{membership}/deactivate/",
        {},
        expect(403, org_admin=302, anonymous=302),
    ),
    "accounts:member-activate": (
        "POST",
        "/accounts/members/{membership}/activate/",
        {},
        expect(403, org_admin=302, anonymous=302),
    ),
    "accounts:member-reset-second-factor": (
        "POST",
        "/accounts/members/{membership}/reset-second-factor/",
        {},
        expect(403, org_admin=302, anonymous=302),
    ),
    "accounts:tokens": ("GET", "/accounts/tokens/", None, expect(200, anonymous=302)),
    "accounts:token-issue": ("POST", "/accounts/tokens/new/", {}, expect(302)),  # to confirm first
    # the caseworker's token: hers and the admin's to revoke, not there for anyone else
    "accounts:token-revoke": (
        "POST",
        "/accounts/tokens/{token}/revoke/",
        {},
        expect(404, caseworker=302, org_admin=302, anonymous=302),
    ),
    "audit:events": ("GET", "/audit/", None, expect(403, auditor=200, supervisor=200, anonymous=302)),
    "quick-exit": ("POST", "/exit/", {}, expect(302)),
    "neutral": ("GET", "/recipes/", None, expect(200)),
    "healthz": ("GET", "/healthz", None, expect(200)),
    "set-language": ("POST", "/language/", {"language": "bn", "next": "/"}, expect(302)),
    "api:openapi-json": ("GET", "/api/v1/openapi.json", None, expect(200)),
    "api:api-root": ("GET", "/api/v1/", None, expect(404)),
}

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


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


class PermissionMatrix(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.p = build_personas()
        person = register(cls.p.caseworker, names=["Matrix Person"], phone="+91 91234 56789", stated_age=30)
        consent = services.consent_record(
            actor=cls.p.caseworker,
            person_id=person.pk,
            purpose="contact",
            granted=True,
            method="spoken",
            explained_in="bn",
            channel="sms",
        )
        services.consent_withdraw(actor=cls.p.caseworker, consent_id=consent.pk)
        cls.values = {
            "person": person.pk,
            "code": person.code,
            "withdrawn_consent": consent.pk,
            "membership": cls.p.peer_worker.pk,
            **cls._care_records(person),
        }
        cls.tokens = {
            name: api_token_issue(membership=cls._member(name)) for name in PERSONAS if name != "anonymous"
        }
        api_token_issue(membership=cls.p.caseworker, label="matrix")
        cls.values["token"] = cls.p.caseworker.api_tokens.get(label="matrix").pk

    @classmethod
    def _care_records(cls, person):
        from django.utils import timezone

        from sathi.care import services as care
        from sathi.care.models import FollowUp, Provider
        from sathi.legal.services import document_attach, proceeding_add
        from sathi.people.services import consent_record

        worker, today = cls.p.caseworker, timezone.localdate()
        case = care.case_open(actor=worker, person_id=person.pk, origin="outreach", needs=["housing"])
        item = care.plan_item_add(
            actor=worker, case_id=case.pk, kind="education", description="Class", target_date=today
        )
        placement = care.placement_start(
            actor=worker,
            case_id=case.pk,
            kind="ngo_home",
            legal_basis="voluntary",
            entry_date=today,
            wish_at_entry="leave",
        )  # raises a flag at once
        case.refresh_from_db()
        care.case_move(actor=worker, case_id=case.pk, version=case.version, status="follow_up")
        proceeding = proceeding_add(actor=worker, case_id=case.pk, kind="fir", status="refused")
        document = document_attach(
            actor=worker, proceeding_id=proceeding.pk, filename="fir.pdf", content=samples.pdf()
        )
        consent_record(
            actor=worker,
            person_id=person.pk,
            purpose="share",
            granted=True,
            method="spoken",
            explained_in="bn",
            receiver_id=cls.p.other_org.pk,
        )
        provider = Provider.objects.create(
            organisation=cls.p.other_org, kind="sathi", maintained_by=cls.p.other_org
        )
        board, screening = cls._screening_records(person)
        referral = care.referral_send(
            actor=worker, case_id=case.pk, provider_id=provider.pk, fields=["needs"]
        )
        return {
            "case": case.pk,
            "need": case.needs.get().pk,
            "plan_item": item.pk,
            "placement": placement.pk,
            "follow_up": FollowUp.objects.filter(case=case).first().pk,
            "flag": case.flags.get().pk,
            "proceeding": proceeding.pk,
            "document": document.pk,
            "board": board.pk,
            "safety_check": cls._safety_check(person).pk,
            "relation": cls.relation.pk,
            "screening": screening.pk,
            "referral": referral.pk,
            **cls._violation_records(person),
        }

    @classmethod
    def _screening_records(cls, person):
        from sathi.places.models import Place
        from sathi.screening import services as screening

        area = Place.objects.create(kind="red_light_area", name="Matrix area")
        board = screening.board_create(
            actor=cls.p.board_member, area_id=area.pk, name="Matrix board", quorum=1
        )
        found = screening.screening_record(
            actor=cls.p.caseworker,
            person_id=person.pk,
            acts=[],
            means=[],
            purposes=[],
            came_without_force=True,
        )
        return board, found

    @classmethod
    def _violation_records(cls, person):
        """A raid in the organisation, recorded by the caseworker through the services, with one of each
        record hanging from it. She is among those affected, so a reader who may not open her is masked."""
        from datetime import timedelta

        from django.utils import timezone

        from sathi.places.services import place_add
        from sathi.violations import services as violations

        worker, today = cls.p.caseworker, timezone.localdate()
        state = place_add(actor=worker, kind="state", name="Matrix state")
        district = place_add(actor=worker, kind="district", name="Matrix district", parent_id=state.pk)
        raid = violations.incident_record(
            actor=worker,
            incident_type="raid",
            start_date=today - timedelta(days=10),
            place_id=district.pk,
            verification="confirmed",
            description="Matrix raid",
        )
        violations.raid_details_save(
            actor=worker, incident_id=raid.pk, legal_basis="none_stated", picked_up_known=2
        )
        violations.source_add(
            actor=worker, incident_id=raid.pk, kind="affected_person", reliability="reliable"
        )
        violations.affected_add(
            actor=worker, incident_id=raid.pk, person_id=person.pk, acts=["picked_up"], account="Her words"
        )
        affected = violations.affected_add(
            actor=worker, incident_id=raid.pk, gender="woman", acts=["picked_up"], account="Anonymous words"
        )
        outcome = violations.outcome_record(
            actor=worker, affected_id=affected.pk, kind="shelter", on=today - timedelta(days=9)
        )
        response = violations.response_add(
            actor=worker,
            incident_id=raid.pk,
            action="legal_aid",
            reported_at=timezone.now() - timedelta(days=9),
        )
        evidence = violations.evidence_attach(
            actor=worker, incident_id=raid.pk, kind="fir_copy", filename="fir.pdf", content=samples.pdf()
        )
        return {
            "incident": raid.pk,
            "affected": affected.pk,
            "outcome": outcome.pk,
            "response": response.pk,
            "evidence": evidence.pk,
        }

    @classmethod
    def _safety_check(cls, person):
        from sathi.relations import services as relations

        cls.relation = relations.relation_add(
            actor=cls.p.caseworker, person_id=person.pk, domain="natal", kind="mother", name="M"
        )
        return relations.safety_check_record(
            actor=cls.p.caseworker,
            person_id=person.pk,
            household="natal",
            attitude="accepting",
            stigma="low",
            her_wish="return",
        )

    @classmethod
    def _member(cls, name):
        return cls.p.outsider if name == "outsider" else cls.p.by_role[name]

    def _fill(self, value):
        if isinstance(value, str):
            return value.format(**self.values)
        if isinstance(value, dict):
            return {k: self._fill(v) for k, v in value.items()}
        return value

    def test_every_route_and_operation_has_a_row(self):
        routes = set(_url_names(get_resolver().url_patterns))
        api_names = {f"api:{op}" for op in OPERATIONS}
        self.assertEqual(routes - set(PAGES) - api_names, set(), "routes without a row in the matrix")
        schema = api.get_openapi_schema()
        operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
        self.assertEqual(operations, set(OPERATIONS), "API operations and matrix rows differ")

    def test_pages_for_every_persona(self):
        failures = []
        for name, (method, path, data, expected) in PAGES.items():
            for persona in PERSONAS:
                client = Client()
                if persona != "anonymous":
                    sign_in(client, self._member(persona))
                url = self._fill(path)
                response = client.get(url) if method == "GET" else client.post(url, self._fill(data or {}))
                if response.status_code != expected[persona]:
                    failures.append(f"{name} {persona}: {response.status_code} != {expected[persona]}")
        self.assertEqual(failures, [])

    def test_api_operations_for_every_persona(self):
        failures = []
        for name, (method, path, body, expected) in OPERATIONS.items():
            for persona in PERSONAS:
                headers = (
                    {} if persona == "anonymous" else {"Authorization": f"Bearer {self.tokens[persona]}"}
                )
                kwargs = {"content_type": "application/json", "headers": headers}
                if body is not None:
                    kwargs["data"] = json.dumps(self._fill(body))
                response = Client().generic(method, self._fill(path), **kwargs)
                if response.status_code != expected[persona]:
                    failures.append(f"{name} {persona}: {response.status_code} != {expected[persona]}")
                if response.status_code >= 400:
                    self.assertIn("error", response.json(), f"{name} {persona}: not the error shape")
        self.assertEqual(failures, [])
