"""Peers document (REAct): a peer worker records an incident and the people affected, accounts sealed; she
sees the incidents she recorded (their accounts masked); a caseworker or supervisor reviews and sees them in
full. Walked through every incident door for every role, with a canary in the violence class."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from conftest import make_member, sign_in
from sathi.accounts.services import api_token_issue
from sathi.audit.models import AuditEvent
from sathi.lib.errors import NotFound
from sathi.people import policy
from sathi.people.policy import FieldClass, Kind, Verb
from sathi.places.services import place_add
from sathi.tests.class_canary import CANARY
from sathi.violations import involvements, selectors
from sathi.violations import services as violations

WORDS = CANARY[FieldClass.VIOLENCE]


@pytest.fixture
def recorded(personas):
    state = place_add(actor=personas.supervisor, kind="state", name="Peer state")
    district = place_add(actor=personas.supervisor, kind="district", name="Peer district", parent_id=state.pk)
    incident = violations.incident_record(
        actor=personas.peer_worker,
        incident_type="police_violence",
        start_date=date(2026, 6, 3),
        place_id=district.pk,
        verification="likely",
        description=WORDS,
        confidentiality="restricted",  # a peer's record is internal, whatever she asks: reviewers must see it
    )
    involvements.affected_add(
        actor=personas.peer_worker,
        incident_id=incident.pk,
        gender="woman",
        age_band="25_34",
        acts=["beaten"],
        account=WORDS,
    )
    return incident


def test_a_peer_worker_records_an_incident_and_sees_it(personas, recorded):
    assert recorded.needs_review and recorded.confidentiality == "internal"
    rows = selectors.incident_list(actor=personas.peer_worker)
    assert [row.id for row in rows] == [recorded.pk]
    view = selectors.incident_view(actor=personas.peer_worker, incident_id=recorded.pk)
    assert view.description == "•••" and view.affected[0].account == "•••"  # written, not read back


def test_a_second_peer_worker_does_not_see_it(personas, recorded):
    other = make_member(personas.org, "peer_worker", "peer-b")
    assert selectors.incident_list(actor=other) == []
    with pytest.raises(NotFound):
        selectors.incident_view(actor=other, incident_id=recorded.pk)


def test_the_reviewing_caseworker_sees_it_in_full(personas, recorded):
    view = selectors.incident_view(actor=personas.caseworker, incident_id=recorded.pk)
    assert view.description == WORDS and view.affected[0].account == WORDS
    reviewed = violations.incident_review(actor=personas.caseworker, incident_id=recorded.pk)
    assert not reviewed.needs_review and reviewed.reviewed_by_id == personas.caseworker.user_id
    assert AuditEvent.objects.filter(action="incident.reviewed", target_id=str(recorded.pk)).exists()


def test_the_policy_table_says_peers_document_and_reviewers_review():
    from sathi.accounts.models import Role

    peer = policy.POLICY[Role.PEER_WORKER]
    assert Kind.OWN_INCIDENT in peer.lists and Kind.INCIDENT not in peer.lists
    assert Verb.RECORD_INCIDENT in peer.acts and FieldClass.VIOLENCE in peer.writes
    assert FieldClass.VIOLENCE not in peer.reads
    assert set(policy.roles_that(Verb.REVIEW_INCIDENT)) == {Role.CASEWORKER, Role.SUPERVISOR}


ROLES = ["peer_worker", "caseworker", "counsellor", "legal_advocate", "board_member", "supervisor"]
ROLES += ["analyst", "org_admin", "auditor", "community_researcher"]


def _shows(role: str) -> bool:
    """Who may read the canary of a peer's incident: roles that list incidents and read the violence class."""
    from sathi.accounts.models import Role

    rules = policy.POLICY[Role(role)]
    return Kind.INCIDENT in rules.lists and FieldClass.VIOLENCE in rules.reads


def test_the_canary_of_a_peers_incident_shows_exactly_where_the_policy_says(personas, recorded):
    actors = [(role, personas.by_role[role]) for role in ROLES]
    actors += [
        ("second peer", make_member(personas.org, "peer_worker", "peer-c")),
        ("outsider", personas.outsider),
    ]
    wrong = []
    for label, actor in actors:
        full = label in ROLES and _shows(label)
        mine = label == "peer_worker"
        client = Client()
        sign_in(client, actor)
        page = client.get(f"/incidents/{recorded.pk}/")
        token = api_token_issue(membership=actor)
        answer = Client().get(
            f"/api/v1/incidents/{recorded.pk}", headers={"Authorization": f"Bearer {token}"}
        )
        for door, response in (("page", page), ("api", answer)):
            shown = WORDS.lower() in response.content.decode().lower()
            opened = response.status_code == 200
            if (
                shown != full
                or opened != (full or mine)
                or (not opened and response.status_code not in (403, 404))
            ):
                wrong.append(f"{label} {door}: {response.status_code} {'shown' if shown else 'hidden'}")
    assert wrong == []
