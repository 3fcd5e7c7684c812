"""The crossing-a-border forms through their pages (issue 13, items 4 and 7): each rule as a worker on a
phone meets it, in her language, and nothing saved when refused."""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from conftest import sign_in
from sathi.accounts.once import new_token
from sathi.care import services as care
from sathi.care.models import CaseFlag
from sathi.people.tests.factories import register
from sathi.rights import crossing
from sathi.rights.models import Compensation, ProtectionRecord, ResidenceStep, StageRecord, WishStatement
from sathi.rights.tests.world import day


@pytest.fixture
def jasmine(personas):
    """From Bangladesh (000), with an open case and her border record."""
    person = register(
        personas.caseworker, names=["Jasmine"], phone="", stated_age=27, languages=["bn"], origin_state="BD"
    )
    case = care.case_open(actor=personas.caseworker, person_id=person.pk, origin="outreach")
    crossing.crossing_save(
        actor=personas.caseworker, person_id=person.pk, country_of_origin="BD", moved_across_border=True
    )
    return person, case


def _client(personas, language="en"):
    client = Client()
    sign_in(client, personas.caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _post(client, url, data):
    return client.post(url, {**data, "form_token": new_token()})


def _said(response, message, language):
    with translation.override(language):
        words = translation.gettext(message)
    assert language == "en" or words != message, f"{message!r} has no {language} words"
    return html.escape(words) in response.content.decode()


def test_her_wish_is_recorded_dated_in_her_words_through_the_page(personas, jasmine):
    person, _case = jasmine
    client = _client(personas)
    url = f"/people/{person.pk}/crossing/wish/"
    assert client.get(url).status_code == 200
    done = _post(client, url, {"wish": "stay", "stated_on": day(-1).isoformat(), "words": "এখানেই থাকব"})
    assert done.status_code == 302 and done["Location"] == f"/people/{person.pk}/crossing/"
    wish = WishStatement.objects.get()
    assert (wish.wish, wish.stated_on) == ("stay", day(-1))
    page = client.get(done["Location"]).content.decode()
    assert "এখানেই থাকব" in page  # beside every decision, in her words


@pytest.mark.parametrize("language", ["en", "bn", "hi"])
def test_a_wish_dated_in_the_future_is_refused_in_the_workers_language_and_nothing_is_saved(
    personas, jasmine, language
):
    person, _case = jasmine
    refused = _post(
        _client(personas, language),
        f"/people/{person.pk}/crossing/wish/",
        {"wish": "return", "stated_on": day(3).isoformat()},
    )
    assert refused.status_code == 400 and _said(refused, "This date is in the future.", language)
    assert not WishStatement.objects.exists()


@pytest.mark.parametrize("language", ["en", "bn", "hi"])
def test_a_compensation_received_before_it_was_awarded_is_refused_through_the_page(
    personas, jasmine, language
):
    person, _case = jasmine
    url = f"/people/{person.pk}/crossing/compensation/"
    base = {"kind": "wages", "payer": "employer", "claimed_on": day(-30).isoformat()}
    client = _client(personas, language)
    refused = _post(client, url, {**base, "received_on": day(-5).isoformat(), "amount_received": "5000"})
    message = "It cannot be received before it was awarded: give the award first."
    assert refused.status_code == 400 and _said(refused, message, language)
    assert not Compensation.objects.exists()
    done = _post(
        client, url, {**base, "awarded_on": day(-10).isoformat(), "received_on": day(-2).isoformat()}
    )
    assert done.status_code == 302
    row = Compensation.objects.get()
    assert (row.claimed_on, row.awarded_on, row.received_on) == (day(-30), day(-10), day(-2))


def test_a_compensation_changed_to_received_before_its_award_is_refused_through_the_page(personas, jasmine):
    person, _case = jasmine
    row = crossing.compensation_record(
        actor=personas.caseworker, person_id=person.pk, kind="wages", payer="employer", claimed_on=day(-30)
    )
    url = f"/people/{person.pk}/crossing/compensation/{row.pk}/"
    refused = _post(_client(personas), url, {"version": row.version, "received_on": day(-1).isoformat()})
    assert refused.status_code == 400 and "before it was awarded" in refused.content.decode()
    assert Compensation.objects.get().received_on is None


def test_threats_and_measures_before_during_and_after_proceedings_are_recorded_through_the_page(
    personas, jasmine
):
    person, _case = jasmine
    client = _client(personas)
    url = f"/people/{person.pk}/crossing/protection/"
    for phase in ("before", "during", "after"):
        data = {"phase": phase, "threat": "threats", "on": day(-1).isoformat()}
        done = client.post(url, {**data, "measures": ["safe_place", "in_camera"], "form_token": new_token()})
        assert done.status_code == 302
    assert sorted(ProtectionRecord.objects.values_list("phase", flat=True)) == ["after", "before", "during"]
    assert ProtectionRecord.objects.first().measures == ["safe_place", "in_camera"]


def test_protection_with_a_threat_not_in_the_list_is_refused_through_the_page(personas, jasmine):
    person, _case = jasmine
    refused = _post(
        _client(personas),
        f"/people/{person.pk}/crossing/protection/",
        {"phase": "before", "threat": "bogus", "on": day(-1).isoformat()},
    )
    assert refused.status_code == 400
    assert not ProtectionRecord.objects.exists()


@pytest.mark.parametrize("language", ["en", "bn", "hi"])
def test_a_residence_step_conditional_on_testifying_is_refused_through_the_page(personas, jasmine, language):
    person, _case = jasmine
    client = _client(personas, language)
    url = f"/people/{person.pk}/crossing/residence/"
    data = {"kind": "residence_permit", "status": "applied", "on": day(-1).isoformat()}
    refused = client.post(
        url, {**data, "conditions": ["time_limited", "conditional_on_witness"], "form_token": new_token()}
    )
    message = (
        "Residence may never depend on testifying as a witness. Nothing was saved: record the step without "
        "that condition, and challenge the condition with the authority."
    )
    assert refused.status_code == 400 and _said(refused, message, language)
    assert not ResidenceStep.objects.exists()
    done = client.post(url, {**data, "conditions": ["time_limited"], "form_token": new_token()})
    assert done.status_code == 302
    assert ResidenceStep.objects.get().conditions == ["time_limited"]


def test_each_of_the_eight_stages_is_recorded_with_status_and_date_through_the_page(personas, jasmine):
    person, _case = jasmine
    client = _client(personas)
    url = f"/people/{person.pk}/crossing/stages/"
    form = client.get(url).content.decode()
    for code in ("identification", "cooperation", "support", "repatriation", "residence"):
        assert f'value="{code}"' in form
    done = _post(client, url, {"stage": "cooperation", "status": "protected", "on": day(-2).isoformat()})
    assert done.status_code == 302
    row = StageRecord.objects.get()
    assert (row.stage, row.status, row.on) == ("cooperation", "protected", day(-2))
    page = client.get(f"/people/{person.pk}/crossing/").content.decode()
    assert html.escape("Cooperation: services without facing deportation") in page
    assert "Right protected" in page


def test_a_stage_dated_in_the_future_is_refused_through_the_page(personas, jasmine):
    person, _case = jasmine
    refused = _post(
        _client(personas),
        f"/people/{person.pk}/crossing/stages/",
        {"stage": "support", "status": "in_progress", "on": day(2).isoformat()},
    )
    assert refused.status_code == 400 and "This date is in the future." in refused.content.decode()
    assert not StageRecord.objects.exists()


def test_questioning_recorded_inside_the_reflection_period_raises_a_flag_on_the_case_through_the_page(
    personas, jasmine
):
    person, case = jasmine
    client = _client(personas)
    record = crossing.crossing_for(personas.caseworker, person.pk)
    done = _post(
        client,
        f"/people/{person.pk}/crossing/",
        {
            "version": record.version,
            "country_of_origin": "BD",
            "moved_across_border": "on",
            "migration_status": "without_documents",
            "reflection_from": day(-10).isoformat(),
            "reflection_until": day(20).isoformat(),
            "first_questioned_on": day(-5).isoformat(),
        },
    )
    assert done.status_code == 302
    assert CaseFlag.objects.filter(
        case=case, kind="questioned_in_reflection", resolved_at__isnull=True
    ).exists()
    page = client.get(f"/people/{person.pk}/crossing/").content.decode()
    assert "Questioned inside the reflection period" in page
    _post(
        client,
        f"/people/{person.pk}/crossing/stages/",
        {"stage": "support", "status": "denied", "on": day(-5)},
    )
    assert StageRecord.objects.get().status == "denied"  # the stage says so too, beside the flag


def test_the_crossing_forms_are_not_there_for_a_worker_who_does_not_see_her(personas, jasmine):
    person, _case = jasmine
    client = Client()
    sign_in(client, personas.peer_worker)  # the caseworker registered her; the peer worker does not see her
    for form in ("wish", "stages", "protection", "residence", "compensation"):
        response = _post(client, f"/people/{person.pk}/crossing/{form}/", {})
        assert response.status_code == 404, form
    assert not (WishStatement.objects.exists() or StageRecord.objects.exists())
