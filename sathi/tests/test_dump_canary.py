"""No free text a worker types is in a raw database dump: the SQLite file's bytes or `pg_dump` (issue 9)."""

import sqlite3

import pytest
from django.db import connection
from django.urls import reverse

from sathi.tests.canary import build_canary_record
from sathi.tests.dumps import pg_dump


def _raw_database() -> bytes:
    """The bytes on disk: a page-for-page copy of the SQLite database, or PostgreSQL's own dump."""
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:")
        connection.ensure_connection()
        connection.connection.backup(copy)
        data = copy.serialize()
        copy.close()
        return data
    return pg_dump()


@pytest.mark.django_db(transaction=True)
def test_every_free_text_field_is_sealed_in_a_raw_database_dump(personas):
    canaries = build_canary_record(personas)
    dump = _raw_database()
    assert b"Canary board" in dump  # the dump holds the rows: a board's name is plain by declaration
    leaked = sorted(field for field, word in canaries.items() if word.encode() in dump)
    assert leaked == [], f"in plaintext in the database: {leaked}"


@pytest.mark.django_db(transaction=True)
def test_sealed_free_text_shows_to_roles_that_read_its_class_and_not_to_others(personas, signed_in):
    from sathi.care.models import Case
    from sathi.screening.models import Screening

    canaries = build_canary_record(personas)
    case, found = Case.objects.get(), Screening.objects.get()

    supervisor = signed_in(personas.supervisor)
    home = supervisor.get(reverse("care:dashboard")).content.decode()
    assert canaries["people.BreakGlass.reason"] in home  # the supervisor reviews the reason
    assert canaries["care.CaseFlag.message.open"] in home
    page = supervisor.get(reverse("care:case", args=[case.pk])).content.decode()
    assert canaries["care.PlanItem.description"] in page
    assert canaries["care.CaseFlag.message.open"] in page
    assert canaries["care.Referral.decline_reason"] in page
    page = supervisor.get(reverse("screening:screening", args=[found.pk])).content.decode()
    for field in ("differs_reason", "police_reason"):
        assert canaries[f"screening.Decision.{field}"] in page

    peer = signed_in(personas.peer_worker)
    from sathi.people import grants

    grants.break_glass_open(
        actor=personas.peer_worker, person_id=case.person_id, reason="A full sentence of reason."
    )
    page = peer.get(reverse("screening:screening", args=[found.pk])).content.decode()
    assert canaries["screening.Decision.police_reason"] not in page  # the violence class is masked for her
    assert "•••" in page

    auditor = signed_in(personas.auditor)
    log = auditor.get(reverse("audit:events")).content.decode()
    assert not [field for field, word in canaries.items() if word in log]
