"""Community alerts: with her consent, never naming her, to the members of the chosen areas, expiring."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import sign_in
from sathi.audit.models import AuditEvent
from sathi.core import dates
from sathi.evidence import alerts
from sathi.evidence.models import Alert
from sathi.people import grants
from sathi.people.tests.factories import register
from sathi.places.services import place_add
from sathi.violations import involvements
from sathi.violations import services as violations

TEXT = "A man in a white van with a broken tail light, near the station road after dark."


@pytest.fixture
def world(personas):
    worker = personas.supervisor
    state = place_add(actor=worker, kind="state", name="Alert state")
    north = place_add(actor=worker, kind="district", name="North", parent_id=state.pk)
    south = place_add(actor=worker, kind="district", name="South", parent_id=state.pk)
    block = place_add(actor=worker, kind="block", name="North block", parent_id=north.pk)
    she = register(
        worker, names=["Mina Khatun"], aliases=["Rani Didi"], phone="+91 98765 43210", stated_age=29
    )
    incident = violations.incident_record(
        actor=worker,
        incident_type="violence_client",
        start_date=dates.today(),
        place_id=block.pk,
        verification="confirmed",
    )
    involvements.affected_add(actor=worker, incident_id=incident.pk, person_id=she.pk, acts=["beaten"])
    alerts.member_areas_save(actor=worker, membership_id=personas.peer_worker.pk, area_ids=[north.pk])
    alerts.member_areas_save(actor=worker, membership_id=personas.caseworker.pk, area_ids=[south.pk])
    return personas, she, incident, north, south, block


def _consent(actor, person):
    grants.consent_record(
        actor=actor,
        person_id=person.pk,
        purpose="community_alerts",
        granted=True,
        method="spoken",
        explained_in="bn",
    )


def _send(personas, incident, areas, text=TEXT, days=14):
    return alerts.alert_send(
        actor=personas.supervisor,
        incident_id=incident.pk,
        danger="violent_client",
        text=text,
        area_ids=[a.pk for a in areas],
        expires_on=dates.today() + timedelta(days=days),
    )


@pytest.mark.parametrize(
    "text",
    [
        "Rani Didi was hurt by a man in a white van",  # her work name
        "tell everyone, rani  didi says: white van",  # however it is typed
        "Mina Khatun met him at the corner",  # her recorded name
        "he called her on 98765 43210 from a white van",  # her phone
    ],
)
def test_an_alert_that_contains_her_work_name_name_or_phone_is_refused(world, text):
    personas, she, incident, north, _south, _block = world
    _consent(personas.supervisor, she)
    with pytest.raises(ValidationError) as caught:
        _send(personas, incident, [north], text=text)
    assert "text" in caught.value.message_dict
    assert not Alert.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "Mina was hurt by a man in a white van",  # her first name alone
        "the Khatun family says: white van",  # her surname alone
        "Meena saw a white van",  # spelt another way, found by its sound key
        "\u09ae\u09bf\u09a8\u09be saw a white van",  # in Bengali script
        "Didi saw a white van",  # one word of her work name
    ],
)
def test_an_alert_that_contains_one_word_of_her_names_is_refused(world, text):
    personas, she, incident, north, _south, _block = world
    _consent(personas.supervisor, she)
    with pytest.raises(ValidationError) as caught:
        _send(personas, incident, [north], text=text)
    assert "text" in caught.value.message_dict
    assert not Alert.objects.exists()


def test_an_alert_about_rupa_mondal_that_says_rupa_is_refused(personas):
    worker = personas.supervisor
    state = place_add(actor=worker, kind="state", name="Token state")
    district = place_add(actor=worker, kind="district", name="Token district", parent_id=state.pk)
    she = register(worker, names=["Rupa Mondal"], stated_age=31)
    incident = violations.incident_record(
        actor=worker,
        incident_type="violence_client",
        start_date=dates.today(),
        place_id=district.pk,
        verification="confirmed",
    )
    involvements.affected_add(actor=worker, incident_id=incident.pk, person_id=she.pk, acts=["beaten"])
    _consent(worker, she)
    for text in ("Rupa met him near the station", "ask Mondal about the white van"):
        with pytest.raises(ValidationError) as caught:
            _send(personas, incident, [district], text=text)
        assert "text" in caught.value.message_dict
    assert not Alert.objects.exists()
    assert _send(personas, incident, [district]).pk  # the same alert without her name goes out


def test_an_alert_from_an_incident_without_the_consent_is_refused(world):
    personas, _she, incident, north, _south, _block = world
    with pytest.raises(ValidationError) as caught:
        _send(personas, incident, [north])
    assert "incident" in caught.value.message_dict
    assert not Alert.objects.exists()


def test_an_alert_with_no_recipients_is_refused(world):
    personas, she, incident, _north, _south, _block = world
    _consent(personas.supervisor, she)
    with pytest.raises(ValidationError) as caught:
        _send(personas, incident, [])
    assert "areas" in caught.value.message_dict
    assert not Alert.objects.exists()


def test_a_member_outside_the_chosen_areas_does_not_see_it(world):
    personas, she, incident, north, _south, _block = world
    _consent(personas.supervisor, she)
    _send(personas, incident, [north])
    assert [a.text for a in alerts.for_member(personas.peer_worker)] == [TEXT]
    assert alerts.for_member(personas.caseworker) == []


def test_a_member_of_a_district_receives_an_alert_for_a_block_inside_it(world):
    personas, she, incident, _north, _south, block = world
    _consent(personas.supervisor, she)
    _send(personas, incident, [block])
    assert [a.text for a in alerts.for_member(personas.peer_worker)] == [TEXT]


def test_an_alert_expires(world):
    personas, she, incident, north, _south, _block = world
    _consent(personas.supervisor, she)
    _send(personas, incident, [north], days=3)
    with time_machine.travel(dates.today() + timedelta(days=5)):
        assert alerts.for_member(personas.peer_worker) == []


def test_receipt_is_audited_but_not_which_alert_was_read(world):
    personas, she, incident, north, _south, _block = world
    _consent(personas.supervisor, she)
    alert = _send(personas, incident, [north])
    alerts.for_member(personas.peer_worker)
    received = AuditEvent.objects.get(action="alerts.received")
    assert received.target_id != str(alert.pk) and str(alert.pk) not in str(received.__dict__)


def test_the_alert_appears_on_the_home_page_of_members_in_its_area(world):
    personas, she, incident, north, _south, _block = world
    _consent(personas.supervisor, she)
    _send(personas, incident, [north])
    for member, shown in ((personas.peer_worker, True), (personas.caseworker, False)):
        client = Client()
        sign_in(client, member)
        body = client.get("/").content.decode()
        assert ("white van" in body) is shown
