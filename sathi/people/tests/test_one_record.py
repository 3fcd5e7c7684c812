"""Opening one record: the same card, read through the access policy in one round trip, its SQL compiled once
per role (sathi.people.compiled) with every value of the call bound, never frozen."""

from datetime import timedelta

import pytest
import time_machine
from django.db import ProgrammingError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sathi.core import prepared
from sathi.lib.errors import NotFound
from sathi.people import compiled, grants, selectors, services
from sathi.people.tests.factories import register
from sathi.people.vocab import AgeEvidenceKind, ConsentMethod, ConsentPurpose, ContactChannel

pytestmark = pytest.mark.django_db


@pytest.fixture
def meena(personas):
    person = register(personas.caseworker, names=["Meena Das", "Meena Devi"], aliases=["Mina"], stated_age=31)
    services.age_evidence_add(
        actor=personas.caseworker,
        person_id=person.pk,
        kind=AgeEvidenceKind.SELF_STATED,
        as_of=timezone.localdate(),
        age_years=30,
    )
    for purpose in (ConsentPurpose.STATISTICS, ConsentPurpose.CONTACT):
        grants.consent_record(
            actor=personas.caseworker,
            person_id=person.pk,
            purpose=purpose,
            granted=True,
            method=ConsentMethod.SPOKEN,
            explained_in="bn",
            channel=ContactChannel.IN_PERSON_PEER if purpose == ConsentPurpose.CONTACT else "",
        )
    return person


def test_the_card_holds_her_names_in_order_her_evidence_and_her_consents_newest_first(personas, meena):
    card = selectors.person_card(actor=personas.caseworker, person_id=meena.pk)
    assert card.names == ["Meena Das", "Meena Devi"] and card.aliases == ["Mina"]
    assert [e.pk for e in card.evidence] == list(meena.age_evidence.values_list("pk", flat=True))
    assert [c.pk for c in card.consents] == list(meena.consents.values_list("pk", flat=True))
    assert [c.purpose for c in card.consents] == [ConsentPurpose.CONTACT, ConsentPurpose.STATISTICS]
    assert card.consents[0].taken_by == personas.caseworker.user
    assert card.contact_channel == ContactChannel.IN_PERSON_PEER


def test_a_role_that_reads_no_identity_gets_the_card_without_names(personas, meena):
    grants.assignment_add(actor=personas.supervisor, person_id=meena.pk, user_id=personas.counsellor.user_id)
    card = selectors.person_card(actor=personas.counsellor, person_id=meena.pk)
    assert card.current_location == selectors.MASK
    assert card.names == ["Meena Das", "Meena Devi"]  # counsellors read identity, not location


def test_a_record_opened_by_break_glass_closes_when_the_opening_expires(personas, meena):
    """The compiled read binds the time an opening expires against: it is never frozen in the SQL."""
    with pytest.raises(NotFound):
        selectors.person_card(actor=personas.counsellor, person_id=meena.pk)
    grants.break_glass_open(actor=personas.counsellor, person_id=meena.pk, reason="She is at the door")
    assert selectors.person_card(actor=personas.counsellor, person_id=meena.pk).person.pk == meena.pk
    assert selectors.person_get(actor=personas.counsellor, person_id=meena.pk).pk == meena.pk
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        with pytest.raises(NotFound):
            selectors.person_card(actor=personas.counsellor, person_id=meena.pk)
        with pytest.raises(NotFound):
            selectors.person_get(actor=personas.counsellor, person_id=meena.pk)


def test_a_record_of_another_worker_is_not_found_for_a_worker_who_may_not_see_it(personas, meena):
    for reader in (selectors.person_card, selectors.person_get):
        with pytest.raises(NotFound):
            reader(actor=personas.peer_worker, person_id=meena.pk)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one round trip is a PostgreSQL matter")
def test_opening_a_record_is_one_read_and_one_audit_statement_on_postgresql(personas, meena):
    selectors.person_card(actor=personas.caseworker, person_id=meena.pk)  # this thread learns its audit head
    with CaptureQueriesContext(connection) as queries:
        selectors.person_card(actor=personas.caseworker, person_id=meena.pk)
    assert len(queries.captured_queries) == 2


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def _prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


@on_postgresql
def test_a_record_is_read_by_statements_its_connection_prepared_once_on_postgresql(personas, meena):
    selectors.person_card(actor=personas.caseworker, person_id=meena.pk)
    prepared.forget()
    with CaptureQueriesContext(connection) as first:
        card = selectors.person_card(actor=personas.caseworker, person_id=meena.pk)
    with CaptureQueriesContext(connection) as second:
        again = selectors.person_card(actor=personas.caseworker, person_id=meena.pk)
    first_sql = [q["sql"] for q in first.captured_queries]
    assert first_sql[0].startswith("PREPARE sathi_") and first_sql[0].count("PREPARE") == 4
    # then her card in one round trip, and its audit event (prepared the first time too)
    assert [sql.count("EXECUTE sathi_") for sql in first_sql if sql.startswith("EXECUTE")] == [4, 1]
    second_sql = [q["sql"] for q in second.captured_queries]
    assert not [sql for sql in second_sql if "PREPARE" in sql]
    assert [sql.count("EXECUTE sathi_") for sql in second_sql] == [4, 1]  # two statements, as before
    assert {name for name in _prepared_names() if name.startswith("sathi_")} == prepared.names()
    assert (again.names, again.consents) == (card.names, card.consents) and again.names == [
        "Meena Das",
        "Meena Devi",
    ]


@on_postgresql
def test_a_prepared_read_binds_each_call_its_own_person_and_time_on_postgresql(personas, meena):
    other = register(personas.caseworker, names=["Rafiq Ali"], stated_age=40)
    for _ in range(8):  # past the five custom plans: PostgreSQL may now run the generic one
        assert selectors.person_card(actor=personas.caseworker, person_id=meena.pk).names == [
            "Meena Das",
            "Meena Devi",
        ]
        assert selectors.person_card(actor=personas.caseworker, person_id=other.pk).names == ["Rafiq Ali"]
    with pytest.raises(NotFound):
        selectors.person_card(actor=personas.peer_worker, person_id=other.pk)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_record_opens_after_something_dropped_the_prepared_statements_on_postgresql(personas, meena):
    selectors.person_card(actor=personas.caseworker, person_id=meena.pk)
    with connection.cursor() as cursor:
        cursor.execute("DISCARD ALL")  # as a connection pooler's reset does
    assert selectors.person_card(actor=personas.caseworker, person_id=meena.pk).names == [
        "Meena Das",
        "Meena Devi",
    ]
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(ProgrammingError), transaction.atomic():
        selectors.person_card(actor=personas.caseworker, person_id=meena.pk)  # its transaction fails whole
    assert selectors.person_get(actor=personas.caseworker, person_id=meena.pk) == meena


@on_postgresql
def test_behind_a_transaction_pooler_nothing_is_prepared_on_postgresql(personas, meena, monkeypatch):
    prepared.forget()
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)
    with CaptureQueriesContext(connection) as queries:
        card = selectors.person_card(actor=personas.caseworker, person_id=meena.pk)
    assert card.names == ["Meena Das", "Meena Devi"]
    assert not any("PREPARE" in q["sql"] or "EXECUTE sathi_" in q["sql"] for q in queries.captured_queries)
    assert not {name for name in _prepared_names() if name.startswith("sathi_")}


def test_placeholders_are_numbered_and_a_doubled_percent_is_one_percent():
    assert prepared.numbered("a = %s AND b LIKE '5%%' AND c = %s") == "a = $1 AND b LIKE '5%' AND c = $2"
    with pytest.raises(prepared.PlaceholderError):
        prepared.numbered("a = %d")


def test_a_role_that_sees_no_one_asks_the_database_nothing(personas, meena, django_assert_num_queries):
    query = selectors._one_compiled(personas.analyst, "person")
    assert query.finds_nobody  # an analyst's rules open no one's record
    with django_assert_num_queries(0):
        assert compiled.run([(query, {})]) == [[]]
    with pytest.raises(NotFound), django_assert_num_queries(0):
        selectors.person_get(actor=personas.analyst, person_id=meena.pk)
