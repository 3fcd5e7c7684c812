"""The reintegration safety check gates every path that returns her to a household (seed 000, Rahima)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from sathi.care import placements, referrals
from sathi.care import services as care
from sathi.care.models import Case, Placement, Provider, Referral
from sathi.people import grants
from sathi.people.safety import HOME_GATES, UNSAFE_HOME
from sathi.people.tests.factories import register
from sathi.relations import services as relations
from sathi.screening import services as screening
from sathi.screening.models import Decision

HOME = "North 24 Parganas"


@pytest.fixture
def rahima(personas):
    worker = personas.supervisor
    person = register(worker, names=["Rahima"], phone="", stated_age=22, origin_district=HOME)
    husband = relations.relation_add(
        actor=worker, person_id=person.pk, domain="natal", kind="brother", name="Her brother"
    )
    relations.quality_add(actor=worker, relation_id=husband.pk, quality="violence_physical")
    check = relations.safety_check_record(
        actor=worker,
        person_id=person.pk,
        household="natal",
        attitude="accepting",
        stigma="high",
        her_wish="return",
    )
    assert set(check.flags) == {"violence", "high_stigma"}
    return person, check


def _case(worker, person) -> Case:
    return care.case_open(actor=worker, person_id=person.pk, origin="self_referral", needs=["reintegration"])


def _paths(worker, person, personas):
    """Every path home, each a callable that tries it once."""
    provider = Provider.objects.create(
        organisation=personas.other_org, kind="sathi", maintained_by=personas.other_org, areas=[HOME]
    )
    grants.consent_record(
        actor=worker,
        person_id=person.pk,
        purpose="share",
        granted=True,
        method="spoken",
        explained_in="bn",
        receiver_id=personas.other_org.pk,
    )
    found = screening.screening_record(
        actor=worker,
        person_id=person.pk,
        acts=["recruitment"],
        means=["deception"],
        purposes=["forced_labour"],
    )

    def placement():
        case = Case.objects.get(person=person)
        return placements.placement_start(
            actor=worker,
            case_id=case.pk,
            kind="family",
            legal_basis="voluntary",
            entry_date=timezone.localdate(),
            wish_at_entry="stay",
        )

    def closure():
        case = Case.objects.get(person=person)
        return care.case_close(actor=worker, case_id=case.pk, version=case.version, reason="returned_home")

    def referral():
        case = Case.objects.get(person=person)
        return referrals.referral_send(
            actor=worker, case_id=case.pk, provider_id=provider.pk, fields=["needs"]
        )

    def board_decision():
        return screening.decision_record(
            actor=worker,
            screening_id=found.pk,
            classification="trafficked_adult",
            differs_reason="The board heard her.",
            reintegrate_with_family=True,
        )

    return {
        "placement with family": (placement, "kind", lambda: Placement.objects.filter(kind="family")),
        "referral to her home area's office": (referral, "provider", lambda: Referral.objects.all()),
        "board decision to reintegrate": (
            board_decision,
            "reintegrate_with_family",
            lambda: Decision.objects.filter(reintegrate_with_family=True),
        ),
        # last: closing ends the case the others use
        "case closed as returned home": (closure, "reason", lambda: Case.objects.filter(status="closed")),
    }


def test_every_path_home_is_refused_while_a_flag_has_no_plan_and_accepted_once_each_has_one(personas, rahima):
    worker = personas.supervisor
    person, check = rahima
    _case(worker, person)
    paths = _paths(worker, person, personas)
    assert set(HOME_GATES) == {"relations.safety_check"}
    with translation.override("en"):
        for name, (attempt, field, written) in paths.items():
            with pytest.raises(ValidationError) as err:
                attempt()
            assert field in err.value.error_dict, (name, err.value)
            error = err.value.error_dict[field][0]
            assert error.code == UNSAFE_HOME, name
            assert "High stigma" in error.message, name
            assert not written().exists(), name

    # A plan for one flag is not enough.
    relations.safety_check_decide(
        actor=worker, check_id=check.pk, choice="resettle", plan={"violence": "Counselling with her brother."}
    )
    with pytest.raises(ValidationError):
        paths["placement with family"][0]()

    relations.safety_check_decide(
        actor=worker,
        check_id=check.pk,
        choice="return_home",
        plan={"violence": "Counselling with her brother.", "high_stigma": "A peer visits every week."},
    )
    for name, (attempt, _field, written) in paths.items():
        if name == "case closed as returned home":
            placed = Placement.objects.get(kind="family")
            placements.placement_exit(actor=worker, placement_id=placed.pk, exit_date=timezone.localdate())
        attempt()
        assert written().exists(), name


def test_a_minor_is_not_sent_home_before_any_safety_check(personas):
    worker = personas.supervisor
    girl = register(worker, names=["Girl"], phone="", stated_age=15)
    case = _case(worker, girl)
    with pytest.raises(ValidationError) as err:
        placements.placement_start(
            actor=worker,
            case_id=case.pk,
            kind="family",
            legal_basis="voluntary",
            entry_date=timezone.localdate(),
            wish_at_entry="stay",
        )
    assert err.value.error_dict["kind"][0].code == UNSAFE_HOME


def test_a_placement_home_against_the_check_on_the_page_says_why_in_her_language_and_saves_nothing(
    personas, rahima, signed_in
):
    worker = personas.supervisor
    person, _check = rahima
    case = _case(worker, person)
    client = signed_in(worker)
    page = client.post(
        reverse("care:placement-add", args=[case.pk]),
        {
            "kind": "family",
            "legal_basis": "voluntary",
            "entry_date": timezone.localdate().isoformat(),
            "wish_at_entry": "stay",
        },
        HTTP_ACCEPT_LANGUAGE="bn",
    )
    assert page.status_code == 400
    with translation.override("bn"):
        said = translation.gettext(
            "The person cannot be sent home yet: every flag of the safety check needs a plan first."
        )
    assert said in page.content.decode()
    assert not Placement.objects.exists()
