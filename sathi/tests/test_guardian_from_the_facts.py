"""A guardian's right to consent for her follows the facts on record, not a tick box."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from sathi.people import grants
from sathi.people.tests.factories import register
from sathi.places.models import Place
from sathi.relations import services as relations
from sathi.violations import involvements
from sathi.violations import services as violations

GUARDIAN = {
    "purpose": "keep_record",
    "granted": True,
    "method": "thumbprint",
    "explained_in": "bn",
    "consenting_party": "guardian",
    "legal_basis": "natural guardian",
}


@pytest.fixture
def girl(personas):
    return register(personas.caseworker, names=["Minor Girl"], phone="", stated_age=15)


def test_a_father_on_her_map_as_sold_her_cannot_consent_for_her_and_the_cwc_path_is_offered(
    personas, girl, signed_in
):
    worker = personas.caseworker
    relations.relation_add(
        actor=worker,
        person_id=girl.pk,
        domain="natal",
        kind="father",
        name="Her father",
        entry_role="sold_her",
    )
    # The tick box is left empty: the map decides. Any way of writing "father" is the same father.
    for written in ("father", "Father", " FATHER "):
        with pytest.raises(ValidationError) as err:
            grants.consent_record(actor=worker, person_id=girl.pk, guardian_relationship=written, **GUARDIAN)
        assert err.value.error_dict["consenting_party"][0].code == grants.CWC_REQUIRED
        assert "Child Welfare Committee" in str(err.value)
    with translation.override("bn"), pytest.raises(ValidationError):
        grants.consent_record(actor=worker, person_id=girl.pk, guardian_relationship="বাবা", **GUARDIAN)
    assert not girl.consents.exists()

    # Her mother is not suspected: she may consent.
    grants.consent_record(actor=worker, person_id=girl.pk, guardian_relationship="mother", **GUARDIAN)
    # The tick box may add a suspicion about the mother too, never remove the father's.
    with pytest.raises(ValidationError):
        grants.consent_record(
            actor=worker,
            person_id=girl.pk,
            guardian_relationship="mother",
            guardian_suspected=True,
            **GUARDIAN,
        )

    # On the page: her language, nothing saved, and the form comes back set for the CWC.
    client = signed_in(worker)
    before = girl.consents.count()
    page = client.post(
        reverse("people:consent", args=[girl.pk]),
        {**GUARDIAN, "granted": "yes", "guardian_relationship": "father"},
        HTTP_ACCEPT_LANGUAGE="bn",
    )
    assert page.status_code == 400
    assert girl.consents.count() == before
    with translation.override("bn"):
        message = translation.gettext(
            "A guardian suspected of harming the person cannot give consent for them. "
            "Record the consent of the Child Welfare Committee instead."
        )
    assert "শিশু কল্যাণ কমিটি" in message
    assert message in page.content.decode()
    assert page.context["form"]["consenting_party"].value() == "cwc"

    # The path offered works.
    grants.consent_record(
        actor=worker,
        person_id=girl.pk,
        **{**GUARDIAN, "consenting_party": "cwc", "legal_basis": "CWC order of 2 November 2026"},
    )


def test_a_relative_among_the_perpetrators_of_an_incident_about_her_cannot_consent(personas, girl):
    worker = personas.caseworker
    district = Place.objects.create(kind="district", name="Town")
    incident = violations.incident_record(
        actor=worker,
        incident_type="violence_family",
        start_date=timezone.localdate(),
        place_id=district.pk,
        verification="confirmed",
    )
    involvements.affected_add(actor=worker, incident_id=incident.pk, person_id=girl.pk, acts=["beaten"])
    involvements.perpetrator_add(
        actor=worker, incident_id=incident.pk, perpetrator_type="family", degree="did_it"
    )
    with translation.override("en"), pytest.raises(ValidationError) as err:
        grants.consent_record(actor=worker, person_id=girl.pk, guardian_relationship="aunt", **GUARDIAN)
    assert "The person's family is among the perpetrators" in str(err.value)
    assert not girl.consents.exists()
