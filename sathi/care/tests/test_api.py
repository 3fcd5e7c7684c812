import json

import pytest
from django.test import Client
from django.utils import timezone

from sathi.accounts.services import api_token_issue
from sathi.care.models import Provider
from sathi.people import grants
from sathi.people.tests.factories import register


def client_for(membership):
    token = api_token_issue(membership=membership)

    def call(method, path, body=None):
        kwargs = {"content_type": "application/json", "headers": {"Authorization": f"Bearer {token}"}}
        if body is not None:
            kwargs["data"] = json.dumps(body)
        return Client().generic(method, "/api/v1" + path, **kwargs)

    return call


@pytest.fixture
def person(personas):
    return register(personas.caseworker, names=["Api Case"], phone="", stated_age=25)


def test_case_through_the_api_with_optimistic_concurrency(personas, person):
    api = client_for(personas.caseworker)
    created = api("POST", "/cases", {"person_id": str(person.pk), "origin": "outreach", "needs": ["housing"]})
    assert created.status_code == 201
    case = created.json()
    assert [n["code"] for n in case["needs"]] == ["housing"]
    moved = api("POST", f"/cases/{case['id']}/status", {"version": case["version"], "status": "active"})
    assert moved.status_code == 200 and moved.json()["status"] == "active"
    stale = api("POST", f"/cases/{case['id']}/close", {"version": case["version"], "reason": "goals_met"})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    refused = api(
        "POST",
        f"/cases/{case['id']}/close",
        {"version": moved.json()["version"], "reason": "returned_to_sex_work"},
    )
    assert refused.status_code == 400 and "reason" in refused.json()["error"]["fields"]


def test_pathway_history_and_placement_flags_through_the_api(personas, person):
    api = client_for(personas.caseworker)
    case = api("POST", "/cases", {"person_id": str(person.pk), "origin": "rescue_or_raid"}).json()
    api("POST", f"/cases/{case['id']}/pathways", {"pathway": "return_family"})
    api("POST", f"/cases/{case['id']}/pathways", {"pathway": "migrate", "words": "I will go to Mumbai."})
    body = api(
        "POST",
        f"/cases/{case['id']}/placements",
        {
            "kind": "ngo_home",
            "legal_basis": "voluntary",
            "entry_date": timezone.localdate().isoformat(),
            "wish_at_entry": "leave",
        },
    ).json()
    assert body["pathways"] == ["return_family", "migrate"] and body["latest_pathway"] == "migrate"
    assert [f["kind"] for f in body["flags"]] == ["held_against_wish"]
    assert "Mumbai" not in json.dumps(body)  # her words stay on the case page, not in summaries


def test_referral_through_the_api_needs_consent_and_reaches_the_receiver(personas, person):
    api = client_for(personas.caseworker)
    case = api("POST", "/cases", {"person_id": str(person.pk), "origin": "outreach"}).json()
    provider = Provider.objects.create(
        organisation=personas.other_org, kind="sathi", maintained_by=personas.other_org
    )
    refused = api("POST", f"/cases/{case['id']}/referrals", {"provider_id": provider.pk, "fields": ["names"]})
    assert refused.status_code == 400
    grants.consent_record(
        actor=personas.caseworker,
        person_id=person.pk,
        purpose="share",
        granted=True,
        method="spoken",
        explained_in="bn",
        receiver_id=personas.other_org.pk,
    )
    sent = api("POST", f"/cases/{case['id']}/referrals", {"provider_id": provider.pk, "fields": ["names"]})
    assert sent.status_code == 201
    receiver = client_for(personas.outsider)
    inbox = receiver("GET", "/referrals/received").json()
    assert [r["id"] for r in inbox] == [sent.json()["id"]]
    copy = receiver("GET", f"/referrals/{sent.json()['id']}").json()
    assert copy["shared"]["names"] == ["Api Case"]
    answer = receiver("POST", f"/referrals/{sent.json()['id']}/respond", {"accept": True})
    assert answer.json()["status"] == "accepted"
    assert api("GET", f"/referrals/{sent.json()['id']}").status_code == 404  # the sender reads no copy here


def test_due_list_through_the_api(personas, person):
    api = client_for(personas.caseworker)
    grants.consent_record(
        actor=personas.caseworker,
        person_id=person.pk,
        purpose="contact",
        granted=True,
        method="spoken",
        explained_in="bn",
        channel="sms",
    )
    case = api("POST", "/cases", {"person_id": str(person.pk), "origin": "outreach"}).json()
    api(
        "POST",
        f"/cases/{case['id']}/proceedings",
        {"kind": "trial_hearing", "next_date": timezone.localdate().isoformat()},
    )
    due = api("GET", "/due").json()
    assert [d["kind"] for d in due] == ["hearing"]
