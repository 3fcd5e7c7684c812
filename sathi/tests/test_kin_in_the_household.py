"""The kin the field names (uncles, aunts, grandparents, step-family, a husband's other wife...) are household
members like parents: one who took part in the person's entry is a suspected guardian and flags the home."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sathi.people import grants
from sathi.people.safety import home_refusal
from sathi.people.tests.factories import register
from sathi.relations import services as relations
from sathi.relations.vocab import Kind, SafetyFlag

GUARDIAN = {
    "purpose": "keep_record",
    "granted": True,
    "method": "thumbprint",
    "explained_in": "bn",
    "consenting_party": "guardian",
    "legal_basis": "natural guardian",
}


@pytest.fixture
def boy(personas):
    return register(personas.caseworker, names=["Minor Boy"], phone="", stated_age=14, gender="man")


def test_an_uncle_who_sold_the_person_cannot_consent_as_guardian(personas, boy):
    worker = personas.caseworker
    relations.relation_add(
        actor=worker, person_id=boy.pk, domain="natal", kind="paternal_uncle", name="K", entry_role="sold_her"
    )
    # However the relationship is written on the consent form: the code, the label, the field's own words.
    for written in ("paternal uncle", "Paternal uncle (kaka)", "uncle", "Kaka", "chacha"):
        with pytest.raises(ValidationError) as err:
            grants.consent_record(actor=worker, person_id=boy.pk, guardian_relationship=written, **GUARDIAN)
        assert err.value.error_dict["consenting_party"][0].code == grants.CWC_REQUIRED
    with translation.override("bn"), pytest.raises(ValidationError):
        grants.consent_record(actor=worker, person_id=boy.pk, guardian_relationship="কাকা", **GUARDIAN)
    with translation.override("hi"), pytest.raises(ValidationError):
        grants.consent_record(actor=worker, person_id=boy.pk, guardian_relationship="चाचा", **GUARDIAN)
    assert not boy.consents.exists()
    # A maternal aunt is not suspected.
    grants.consent_record(actor=worker, person_id=boy.pk, guardian_relationship="mashi", **GUARDIAN)


def test_a_step_father_who_sold_the_person_is_a_suspected_guardian(personas, boy):
    worker = personas.caseworker
    relations.relation_add(
        actor=worker, person_id=boy.pk, domain="natal", kind="step_father", name="S", entry_role="sold_her"
    )
    for written in ("step-father", "Step father", "step_father"):
        with pytest.raises(ValidationError):
            grants.consent_record(actor=worker, person_id=boy.pk, guardian_relationship=written, **GUARDIAN)
    assert not boy.consents.exists()


@pytest.mark.parametrize(
    ("kind", "domain"),
    [
        (Kind.MATERNAL_UNCLE, "natal"),
        (Kind.GRANDMOTHER, "natal"),
        (Kind.COUSIN, "natal"),
        (Kind.STEP_BROTHER, "natal"),
        (Kind.CO_WIFE, "marital"),
        (Kind.GUARDIAN, "natal"),
    ],
)
def test_new_kin_count_as_household_members_for_the_safety_check(personas, boy, kind, domain):
    worker = personas.caseworker
    relations.relation_add(
        actor=worker, person_id=boy.pk, domain=domain, kind=kind, name="R", entry_role="deceived_her"
    )
    check = relations.safety_check_record(
        actor=worker,
        person_id=boy.pk,
        household=domain,
        attitude="accepting",
        stigma="low",
        her_wish="return",
    )
    assert SafetyFlag.TOOK_PART in check.flags
    assert check.suggestion == "resettle"
    assert home_refusal(boy, domain)
