"""Opening one record: the same card, read through the access policy in one round trip, its SQL compiled once
per role (sathi.people.compiled) with every value of the call bound, never frozen."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sathi.lib.errors import NotFound
from sathi.people import grants, selectors, services
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
