"""The pages, as the community researcher and the analyst use them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import sign_in
from sathi.accounts import once
from sathi.prevention import services

TODAY = timezone.localdate()


@pytest.mark.django_db
def test_the_researcher_records_and_the_analyst_sees_both_cohorts_on_the_grid(client, personas):
    admin, researcher = personas.by_role["org_admin"], personas.by_role["community_researcher"]
    state = services.shared_place_add(actor=admin, kind="state", name="West Bengal")
    district = services.shared_place_add(
        actor=admin, kind="district", name="South 24 Parganas", parent_id=state.pk
    )
    block = services.shared_place_add(actor=admin, kind="block", name="Patharpratima", parent_id=district.pk)
    sign_in(client, researcher)
    response = client.post(
        "/prevention/offices/new/",
        {
            "kind": "bdo",
            "name": "BDO Patharpratima",
            "jurisdiction": block.pk,
            "form_token": once.new_token(),
        },
    )
    assert response.status_code == 302
    office = services.stakeholder_for(researcher, int(response["Location"].rstrip("/").split("/")[-1]))
    for cohort, power, interest in (("survivors", 4, 1), ("frontline_workers", 1, 4)):
        session = services.session_record(
            actor=researcher,
            place_id=block.pk,
            held_on=TODAY,
            source="focus_group",
            cohort=cohort,
            respondents=9,
        )
        client.post(
            f"/prevention/sessions/{session.pk}/ratings/",
            {
                "stakeholder": office.pk,
                "power": power,
                "interest": interest,
                "respondents": 6,
                "form_token": once.new_token(),
            },
        )
    services.ask_make(
        actor=researcher,
        stakeholder_id=office.pk,
        kind="convene_vlcpc",
        channel="letter",
        asked_on=TODAY - timedelta(days=20),
        due_on=TODAY - timedelta(days=1),
    )
    assert "Silence" in client.get(f"/prevention/places/{block.pk}/").content.decode()
    sign_in(client, personas.analyst)
    page = client.get("/prevention/grid/").content.decode()
    assert page.count("<circle") == 2
    assert "Survivors" in page and "Frontline social workers" in page


@pytest.mark.django_db
def test_a_negative_count_on_the_form_is_refused_with_a_message_and_nothing_saved(client, personas):
    admin, researcher = personas.by_role["org_admin"], personas.by_role["community_researcher"]
    state = services.shared_place_add(actor=admin, kind="state", name="West Bengal")
    sign_in(client, researcher)
    response = client.post(
        "/prevention/sessions/new/",
        {
            "place": state.pk,
            "held_on": TODAY.isoformat(),
            "source": "focus_group",
            "cohort": "survivors",
            "respondents": -4,
            "form_token": once.new_token(),
        },
    )
    assert response.status_code == 400
    assert "A count cannot be negative." in response.content.decode()


@pytest.mark.django_db
def test_the_accountability_report_of_a_district_counts_the_silences_of_its_offices(client, personas):
    admin, researcher = personas.by_role["org_admin"], personas.by_role["community_researcher"]
    state = services.shared_place_add(actor=admin, kind="state", name="West Bengal")
    district = services.shared_place_add(
        actor=admin, kind="district", name="North 24 Parganas", parent_id=state.pk
    )
    block = services.shared_place_add(actor=admin, kind="block", name="Hasnabad", parent_id=district.pk)
    elsewhere = services.shared_place_add(actor=admin, kind="district", name="Nadia", parent_id=state.pk)
    for place, name in ((block, "Hasnabad PS"), (elsewhere, "Krishnanagar PS")):
        office = services.stakeholder_add(
            actor=researcher, kind="police_station", name=name, jurisdiction_id=place.pk
        )
        services.ask_make(
            actor=researcher,
            stakeholder_id=office.pk,
            kind="register_fir",
            channel="letter",
            asked_on=TODAY - timedelta(days=9),
            due_on=TODAY - timedelta(days=2),
        )
    sign_in(client, researcher)
    page = client.get(f"/prevention/report/?place={district.pk}").content.decode()
    assert "Hasnabad PS" in page and "Krishnanagar PS" not in page
