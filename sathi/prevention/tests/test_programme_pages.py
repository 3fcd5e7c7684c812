"""The pages of dialogues, rounds, the chain of risk and a place's prevention home, in the three languages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from conftest import sign_in
from sathi.accounts import once
from sathi.prevention import assessments, dialogues, services
from sathi.prevention.models import Ask, Dialogue

TODAY = timezone.localdate()


@pytest.fixture
def block(personas):
    admin, researcher = personas.by_role["org_admin"], personas.by_role["community_researcher"]
    state = services.shared_place_add(actor=admin, kind="state", name="West Bengal")
    district = services.shared_place_add(
        actor=admin, kind="district", name="North 24 Parganas", parent_id=state.pk
    )
    block = services.shared_place_add(
        actor=admin, kind="block", name="Sandeshkhali II", parent_id=district.pk
    )
    gp = services.shared_place_add(actor=admin, kind="gram_panchayat", name="Durgamondal", parent_id=block.pk)
    village = services.shared_place_add(actor=admin, kind="village", name="Jeliakhali", parent_id=gp.pk)
    other = services.shared_place_add(actor=admin, kind="block", name="Hasnabad", parent_id=district.pk)
    bdo = services.stakeholder_add(
        actor=researcher, kind="bdo", name="BDO Sandeshkhali II", jurisdiction_id=block.pk
    )
    far = services.stakeholder_add(
        actor=researcher, kind="bdo", name="BDO Hasnabad", jurisdiction_id=other.pk
    )
    return researcher, block, village, bdo, far


@pytest.mark.django_db
def test_a_dialogue_is_recorded_on_its_pages_and_a_far_office_cannot_commit(client, personas, block):
    researcher, _block, village, bdo, far = block
    sign_in(client, researcher)
    response = client.post(
        "/prevention/dialogues/new/",
        {
            "place": village.pk,
            "held_on": TODAY.isoformat(),
            "facilitators": [researcher.user_id],
            "other_facilitators": 1,
            "factors": ["early_marriage"],
            "models_raised": ["rights_based"],
            "form_token": once.new_token(),
        },
    )
    assert response.status_code == 302
    dialogue = Dialogue.objects.get()
    response = client.post(
        f"/prevention/dialogues/{dialogue.pk}/participants/",
        {
            "cohort": "youth",
            "gender": "woman",
            "age_group": "12_17",
            "count": -2,
            "form_token": once.new_token(),
        },
    )
    assert response.status_code == 400 and "A count cannot be negative." in response.content.decode()
    client.post(
        f"/prevention/dialogues/{dialogue.pk}/participants/",
        {
            "cohort": "youth",
            "gender": "woman",
            "age_group": "12_17",
            "count": 11,
            "form_token": once.new_token(),
        },
    )
    # The far office is not offered; posted anyway, it is refused and no ask is made.
    page = client.get(f"/prevention/dialogues/{dialogue.pk}/commitments/").content.decode()
    assert "BDO Sandeshkhali II" in page and "BDO Hasnabad" not in page
    client.post(
        f"/prevention/dialogues/{dialogue.pk}/commitments/",
        {
            "stakeholder": bdo.pk,
            "kind": "convene_vlcpc",
            "due_on": TODAY.isoformat(),
            "form_token": once.new_token(),
        },
    )
    response = client.post(
        f"/prevention/dialogues/{dialogue.pk}/commitments/",
        {
            "stakeholder": far.pk,
            "kind": "convene_vlcpc",
            "due_on": TODAY.isoformat(),
            "form_token": once.new_token(),
        },
    )
    assert response.status_code == 400
    with pytest.raises(ValidationError) as caught:
        dialogues.commitment_record(
            actor=researcher,
            dialogue_id=dialogue.pk,
            stakeholder_id=far.pk,
            kind="convene_vlcpc",
            due_on=TODAY,
        )
    assert "stakeholder" in caught.value.message_dict
    assert Ask.objects.filter(channel="dialogue").count() == 1
    page = client.get(f"/prevention/dialogues/{dialogue.pk}/").content.decode()
    assert "11 participants, counted" in page and "BDO Sandeshkhali II" in page


@pytest.mark.django_db
def test_the_prevention_home_of_a_block_shows_its_silences_dialogues_and_rounds_in_bengali(
    client, personas, block
):
    researcher, block_place, village, bdo, _far = block
    services.ask_make(
        actor=researcher,
        stakeholder_id=bdo.pk,
        kind="convene_vlcpc",
        channel="letter",
        asked_on=TODAY - timedelta(days=40),
        due_on=TODAY - timedelta(days=10),
    )
    dialogues.dialogue_record(actor=researcher, place_id=village.pk, held_on=TODAY)
    found = assessments.assessment_create(
        actor=researcher, name="Resilience 2026", indicators=["Knows Childline"]
    )
    assessments.round_record(
        actor=researcher, assessment_id=found.pk, kind="baseline", held_on=TODAY, place_ids=[village.pk]
    )
    sign_in(client, researcher)
    page = client.get(f"/prevention/places/{block_place.pk}/").content.decode()
    assert "1 silence: an answer was due and none came." in page
    assert "Resilience 2026" in page and "/prevention/dialogues/" in page
    try:
        with translation.override("bn"):
            response = client.get(f"/prevention/places/{block_place.pk}/", HTTP_ACCEPT_LANGUAGE="bn")
        assert response.status_code == 200
        assert "নীরবতা" in response.content.decode()
    finally:
        translation.activate("en")
    sign_in(client, personas.analyst)
    page = client.get(f"/prevention/places/{block_place.pk}/").content.decode()
    assert "Resilience 2026" in page and "BDO Sandeshkhali II" not in page  # numbers, never the records


@pytest.mark.django_db
def test_the_comparison_page_and_the_chain_of_risk_page_open_for_the_analyst_in_hindi(
    client, personas, block
):
    researcher, _block, village, _bdo, _far = block
    found = assessments.assessment_create(
        actor=researcher, name="Resilience 2026", indicators=["Knows Childline"]
    )
    assessments.round_record(
        actor=researcher,
        assessment_id=found.pk,
        kind="baseline",
        held_on=TODAY - timedelta(days=200),
        place_ids=[village.pk],
    )
    sign_in(client, personas.analyst)
    try:
        response = client.get(f"/prevention/assessments/{found.pk}/", HTTP_ACCEPT_LANGUAGE="hi")
        assert response.status_code == 200 and "<svg" in response.content.decode()
        response = client.get("/prevention/chain-of-risk/?transition=re_entry", HTTP_ACCEPT_LANGUAGE="hi")
        assert response.status_code == 200  # nothing to count yet: the table says so, no picture is drawn
    finally:
        translation.activate("en")
