"""Rows of the permission matrix for evidence (issue 14), and peer workers who document in the rows before.

Catalogue tables are for the roles that read a table's kind (care numbers: supervisor and analyst; the raid
numbers: every role with the violence class and the analyst; the boards' numbers: board members); a role
that reads some table but not the one asked gets the page with the form's error (200), a download that is
not there (404). In the matrix world every number is small, so a table released for download is "too fine"
and sends the worker back to the page (302), and a table asked through the API is refused (400).
"""

from __future__ import annotations

from sathi.api.tests.matrix_world import PERSONAS

RESEARCHER = "community_researcher"


def only(*roles, status=200, refused=403, anonymous=302, **others):
    table = dict.fromkeys(PERSONAS, refused)
    table.update(dict.fromkeys(roles, status))
    table["anonymous"] = anonymous
    table.update(others)
    return table


VIOLENCE = ("caseworker", "counsellor", "legal_advocate", "board_member", "supervisor")
TABLE_READERS = (*VIOLENCE, "analyst", "outsider")
LEDGER = ("supervisor", "analyst", "auditor")
ALERT_READERS = ("peer_worker", *VIOLENCE, "outsider")
CARE = "table=care-outcomes&start=2026-01&end=2026-12&level=district&rows=place&purpose=internal"
RAIDS = "table=violations&start=2020-01&end=2022-12&level=district&rows=place&purpose=funder"

EVIDENCE_PAGES = {
    "evidence:tables": ("GET", "/evidence/?" + CARE, None, only(*TABLE_READERS)),
    # The raid table: every role that reads it may download; all its numbers are small here, so "too fine".
    "evidence:download": (
        "GET",
        "/evidence/download.csv?" + RAIDS,
        None,
        only(*TABLE_READERS, status=302),
    ),
    "evidence:dhis2-push": (
        "POST",
        "/evidence/dhis2/",
        {
            "table": "violations",
            "start": "2026-06",
            "end": "2026-06",
            "level": "district",
            "rows": "place",
            "purpose": "government",
        },
        only(*TABLE_READERS, status=302),
    ),
    "evidence:ledger": ("GET", "/evidence/ledger/", None, only(*LEDGER)),
    "evidence:alerts": ("GET", "/evidence/alerts/", None, only(*ALERT_READERS)),
    # The matrix incident was recorded by the caseworker: the peer worker does not see it.
    "evidence:alert-new": (
        "GET",
        "/evidence/alerts/new/?incident={incident}",
        None,
        only("supervisor", peer_worker=404),
    ),
    "evidence:member-areas": ("GET", "/evidence/alerts/areas/", None, only("supervisor", "org_admin")),
    "evidence:dhis2-mapping": (
        "GET",
        "/evidence/dhis2/mapping/?table=care-outcomes&across=gender",
        None,
        only("supervisor", "org_admin"),
    ),
    "evidence:report": (
        "GET",
        "/evidence/reports/collective/?month=2026-06",
        None,
        only("supervisor", "analyst"),
    ),
    # Reviewing: the matrix incident does not wait for a review, so the reviewer is sent back to it.
    "violations:incident-review": (
        "POST",
        "/incidents/{incident}/review/",
        {},
        only("caseworker", "supervisor", status=302, outsider=404),
    ),
}


def api(*roles, status=200, **others):
    return only(*roles, status=status, anonymous=401, **others)


FRAME = {"table": "violations", "start": "2020-01", "end": "2022-12"}
EVIDENCE_OPERATIONS = {
    "evidence_catalogue": ("GET", "/api/v1/figures/catalogue", None, api(*TABLE_READERS)),
    "evidence_table": ("POST", "/api/v1/figures/tables", FRAME, api(*TABLE_READERS, status=400)),
    "evidence_releases": ("GET", "/api/v1/figures/releases", None, api(*LEDGER)),
    # No DHIS2 server is configured in the tests: refused with a message, after the role is checked.
    "evidence_dhis2_dry_run": ("POST", "/api/v1/figures/dhis2", FRAME, api(*TABLE_READERS, status=400)),
    "evidence_dhis2_mapping_save": (
        "PUT",
        "/api/v1/figures/dhis2/mappings/care-outcomes",
        {"org_units": {"Kolkata": "not a code!"}, "cells": {}},
        api("supervisor", "org_admin", status=400),
    ),
    "community_alerts_list": ("GET", "/api/v1/community-alerts", None, api(*ALERT_READERS)),
    "community_alerts_send": (
        "POST",
        "/api/v1/community-alerts",
        {
            "incident_id": "{incident}",
            "danger": "police",
            "text": "A van at the corner",
            "area_ids": [],
            "expires_on": "2099-01-01",
        },
        api("supervisor", status=400, peer_worker=404),
    ),
    # Reviewing an incident that does not wait for one: 400 for the reviewers; the record is not there for
    # anyone else (the violations API answers 404 to a role without it).
    "incidents_review": (
        "POST",
        "/api/v1/incidents/{incident}/review",
        {},
        {**dict.fromkeys(PERSONAS, 404), "anonymous": 401, "caseworker": 400, "supervisor": 400},
    ),
}


def with_evidence(pages: dict | None = None, operations: dict | None = None) -> None:
    """Add evidence's rows; a peer worker now documents (REAct): she lists her own incidents and records
    new ones, so the rows written before her right to document change for her."""
    if pages is not None:
        for name in ("violations:incidents", "violations:incident-new"):
            pages[name][3]["peer_worker"] = 200
        for _method, _path, _data, expected in EVIDENCE_PAGES.values():
            expected.setdefault(RESEARCHER, 403)
        pages.update(EVIDENCE_PAGES)
    if operations is not None:
        operations["incidents_list"][3]["peer_worker"] = 200
        operations["incidents_record"][3]["peer_worker"] = 400
        operations.update(EVIDENCE_OPERATIONS)
