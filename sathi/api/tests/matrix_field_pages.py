"""Rows of the permission matrix for the pages issue 15 added, so that no write is API-only: changing an
incident, a person affected or a response, ending a shelter stay, adding what a relation brings."""

from __future__ import annotations

from sathi.api.tests.matrix_world import PERSONAS

PERSON_ROLES = {"peer_worker", "caseworker", "counsellor", "legal_advocate", "board_member", "supervisor"}
VIOLENCE_ROLES = PERSON_ROLES - {"peer_worker"}


def _table(**statuses) -> dict[str, int]:
    """Roles without a person (analyst, admin, auditor, researcher) 403; signed out 302; then `statuses`."""
    table = dict.fromkeys(PERSONS_AND_OUTSIDER, 404)
    table.update({"analyst": 403, "org_admin": 403, "auditor": 403, "community_researcher": 403})
    table["anonymous"] = 302
    table.update(statuses)
    assert set(table) == set(PERSONAS)
    return table


PERSONS_AND_OUTSIDER = [*sorted(PERSON_ROLES), "outsider"]
# The matrix person is the caseworker's: only she and the supervisor open her record (and its map).
RECORD = _table(caseworker=200, supervisor=200)
# An incident: every role with the violence-history class of the organisation; the peer worker finds none.
VIOLENCE_RECORD = _table(**dict.fromkeys(VIOLENCE_ROLES, 200))

FIELD_PAGES = {
    "violations:incident-edit": ("GET", "/incidents/{incident}/edit/", None, VIOLENCE_RECORD),
    "violations:affected-edit": ("GET", "/incidents/affected/{affected}/edit/", None, VIOLENCE_RECORD),
    "violations:response-edit": ("GET", "/incidents/responses/{response}/edit/", None, VIOLENCE_RECORD),
    "violations:outcome-end": ("GET", "/incidents/outcomes/{outcome}/end/", None, VIOLENCE_RECORD),
    "relations:quality-add": (
        "GET",
        "/relations/{person}/relations/{relation}/qualities/",
        None,
        RECORD,
    ),
}
