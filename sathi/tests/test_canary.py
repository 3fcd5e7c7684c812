"""Every door tested from the data: every registered reader x every role x every field class.

A record holds a canary word in each class (sathi/tests/class_canary.py). Through each reader, each role
must see a class's canary exactly when the policy lets her read that class of that person and the reader
shows it (sathi/core/readers.py): a canary where the policy says no is a leak, a missing one is a reader
that lies about what it shows.
"""

from __future__ import annotations

import io

import pytest
from django.db import transaction
from django.test import Client
from pypdf import PdfReader

from conftest import build_personas, sign_in
from sathi.accounts.services import api_token_issue
from sathi.api.tests.matrix_operations import OPERATIONS
from sathi.api.tests.matrix_pages import PAGES
from sathi.core.readers import READERS, Door
from sathi.people import policy
from sathi.people.policy import FieldClass, Kind, Verb
from sathi.tests.class_canary import canary_record

ROLES = ["peer_worker", "caseworker", "counsellor", "legal_advocate", "board_member", "supervisor"]
ROLES += ["analyst", "org_admin", "auditor", "community_researcher", "outsider"]
READ_DOORS = {Door.PAGE, Door.API, Door.EXPORT, Door.PICTURE, Door.PRINT}


def _routes():
    """Readers reached by a GET whose path the canary record can fill."""
    fillable = {"person", "case", "proceeding", "relation", "code", "incident"}
    for name, reader in sorted(READERS.items()):
        if reader.door not in READ_DOORS:
            continue
        method, path, _data, _expected = OPERATIONS.get(name.removeprefix("api:")) or PAGES[name]
        params = {part.split("}")[0] for part in path.split("{")[1:]}
        if method == "GET" and params <= fillable:
            yield name, path


ROUTES = list(_routes())


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Personas and the canary record, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        personas = build_personas()
        record = canary_record(personas)
        actors = {role: personas.outsider if role == "outsider" else personas.by_role[role] for role in ROLES}
        tokens = {role: api_token_issue(membership=actor) for role, actor in actors.items()}
        values = {
            "person": record.person.pk,
            "case": record.case.pk,
            "proceeding": record.proceeding.pk,
            "relation": record.relation.pk,
            "incident": record.incident.pk,
            "code": record.person.code,
        }
        yield record, actors, tokens, values
        transaction.set_rollback(True)


def _expected(actor, record, reader, field_class) -> bool:
    if field_class not in reader.shows:
        return False
    if reader.kind and not policy.decide(actor, Kind(reader.kind), record.person):
        return False
    if reader.for_her:  # her own record, made for her: every class it shows is hers (issue 13)
        return True
    return bool(policy.decide(actor, Verb.READ, record.person, field_class))


def _body(response) -> str:
    """What a reader shows, as text; a PDF's text is extracted, as a screen reader would read it."""
    if response.get("Content-Type", "").startswith("application/pdf"):
        pages = PdfReader(io.BytesIO(response.content)).pages
        return " ".join(" ".join(page.extract_text().split()) for page in pages).lower()
    return response.content.decode(errors="replace").lower()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), ROUTES, ids=[name for name, _ in ROUTES])
def test_a_canary_shows_exactly_where_the_policy_lets_the_role_read_its_class(world, name, path):
    record, actors, tokens, values = world
    reader = READERS[name]
    url = path.format(**values)
    wrong = []
    for role, actor in actors.items():
        if name.removeprefix("api:") in OPERATIONS:
            response = Client().get(url, headers={"Authorization": f"Bearer {tokens[role]}"})
        else:
            client = Client()
            sign_in(client, actor)
            response = client.get(url)
        body = _body(response)
        for field_class in FieldClass:
            shown = record.canaries[field_class].lower() in body
            expected = response.status_code == 200 and _expected(actor, record, reader, field_class)
            if shown != expected:
                wrong.append(
                    f"{role} {field_class}: {'shown' if shown else 'missing'} ({response.status_code})"
                )
    assert wrong == []
