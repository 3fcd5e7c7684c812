"""Rows of the permission matrix for her rights (issue 13): her own record, corrections, erasure, crossing a
border. Her record is the world's person, registered (and so seen) by the caseworker; the supervisor sees
all."""

from __future__ import annotations

from sathi.api.tests.matrix_world import PERSONAS

PERSON_ROLES = {"peer_worker", "caseworker", "counsellor", "legal_advocate", "board_member", "supervisor"}


def _table(default, **statuses):
    table = dict.fromkeys(PERSONAS, default)
    table.update(statuses)
    return table


# Pages of her record: 404 for a person role that does not see her (and the outsider), 403 for roles that
# never see people.
RECORD = {
    **_table(403, anonymous=302, **dict.fromkeys(PERSON_ROLES | {"outsider"}, 404)),
    "caseworker": 200,
    "supervisor": 200,
}
SUPERVISOR = _table(403, anonymous=302, supervisor=200)

RIGHTS_PAGES = {
    "rights:own-record": ("GET", "/people/{person}/own-record/?language=bn", None, RECORD),
    "rights:own-record-pdf": ("GET", "/people/{person}/own-record.pdf?language=bn", None, RECORD),
    "rights:corrections": ("GET", "/people/{person}/corrections/", None, RECORD),
    "rights:correction-decide": ("GET", "/people/{person}/corrections/{correction}/", None, SUPERVISOR),
    "rights:erase": ("GET", "/people/{person}/erase/", None, SUPERVISOR),
    "rights:erasures": ("GET", "/rights/erasures/", None, SUPERVISOR),
    "rights:crossing": ("GET", "/people/{person}/crossing/", None, RECORD),
    "rights:wish-add": ("GET", "/people/{person}/crossing/wish/", None, RECORD),
    "rights:stage-add": ("GET", "/people/{person}/crossing/stages/", None, RECORD),
    "rights:protection-add": ("GET", "/people/{person}/crossing/protection/", None, RECORD),
    "rights:residence-add": ("GET", "/people/{person}/crossing/residence/", None, RECORD),
    "rights:compensation-add": ("GET", "/people/{person}/crossing/compensation/", None, RECORD),
    "rights:compensation-edit": (
        "GET",
        "/people/{person}/crossing/compensation/{compensation}/",
        None,
        RECORD,
    ),
    "rights:repatriation-add": ("GET", "/people/{person}/crossing/return/", None, RECORD),
    "rights:repatriation-start": ("GET", "/people/{person}/crossing/return/{plan}/start/", None, RECORD),
}

API_RECORD = _table(404, anonymous=401)


def api_read(status=200):
    return {**API_RECORD, "caseworker": status, "supervisor": status}


def api_write(status):
    """Writes about her: roles that never see people are refused by role, before anything is looked up."""
    return {
        **API_RECORD,
        "analyst": 403,
        "org_admin": 403,
        "auditor": 403,
        "community_researcher": 403,
        "caseworker": status,
        "supervisor": status,
    }


def api_supervisor(status):
    return {**_table(403, anonymous=401), "supervisor": status}


DAY = "2026-01-01"
RIGHTS_OPERATIONS = {
    "own_record_get": ("GET", "/api/v1/people/{person}/own-record?language=bn", None, api_read()),
    "own_record_pdf": ("GET", "/api/v1/people/{person}/own-record/pdf?language=bn", None, api_read()),
    # a field that is not in the vocabulary: 400 where she is seen, nothing saved
    "corrections_request": (
        "POST",
        "/api/v1/people/{person}/corrections",
        {"field": "bogus", "wrong": "x", "right": "y"},
        api_write(400),
    ),
    "corrections_decide": (
        "POST",
        "/api/v1/corrections/{correction}/decision",
        {"version": 999, "accept": True},
        api_supervisor(409),
    ),
    # without the right password and code: refused, nothing erased
    "people_erase": (
        "POST",
        "/api/v1/people/{person}/erasure",
        {"basis": "her_request", "reason": "Asked for it", "password": "wrong", "code": "000000"},
        api_supervisor(400),
    ),
    "crossing_get": ("GET", "/api/v1/people/{person}/crossing", None, api_read()),
    "crossing_save": (
        "PUT",
        "/api/v1/people/{person}/crossing",
        {"version": 999, "country_of_origin": "BD", "moved_across_border": True},
        api_write(409),
    ),
    "border_wishes_record": (
        "POST",
        "/api/v1/people/{person}/crossing/wishes",
        {"wish": "bogus", "stated_on": DAY},
        api_write(400),
    ),
    "stages_record": (
        "POST",
        "/api/v1/people/{person}/crossing/stages",
        {"stage": "bogus", "status": "protected", "on": DAY},
        api_write(400),
    ),
    "protection_record": (
        "POST",
        "/api/v1/people/{person}/crossing/protection",
        {"phase": "before", "threat": "bogus", "on": DAY},
        api_write(400),
    ),
    # conditional on testifying: refused
    "residence_steps_add": (
        "POST",
        "/api/v1/people/{person}/crossing/residence",
        {
            "kind": "residence_permit",
            "status": "applied",
            "on": DAY,
            "conditions": ["conditional_on_witness"],
        },
        api_write(400),
    ),
    # received before it was awarded: refused
    "compensation_record": (
        "POST",
        "/api/v1/people/{person}/crossing/compensation",
        {"kind": "wages", "payer": "employer", "claimed_on": DAY, "received_on": DAY},
        api_write(400),
    ),
    "compensation_update": ("PATCH", "/api/v1/compensation/{compensation}", {"version": 999}, api_write(409)),
    # explained in a language she does not speak: refused
    "repatriation_plan": (
        "POST",
        "/api/v1/people/{person}/crossing/repatriation",
        {"destination": "BD", "household": "natal", "consent_language": "hi"},
        api_write(400),
    ),
    "repatriation_start": ("POST", "/api/v1/repatriation/{plan}/start", {"version": 999}, api_write(409)),
}
