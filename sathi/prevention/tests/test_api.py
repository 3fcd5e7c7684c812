"""Prevention through the API: the same services and rules as the pages, every vocabulary an enum."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sathi.accounts.services import api_token_issue
from sathi.api.api import api
from sathi.prevention import services
from sathi.prevention.models import Answer

TODAY = timezone.localdate()


def call(membership, method, path, body=None):
    token = api_token_issue(membership=membership)
    kwargs = {"content_type": "application/json", "headers": {"Authorization": f"Bearer {token}"}}
    if body is not None:
        kwargs["data"] = json.dumps(body, default=str)
    return Client().generic(method, "/api/v1" + path, **kwargs)


@pytest.mark.django_db
def test_an_ask_answered_after_its_silence_through_the_api_keeps_the_silence(personas):
    admin, researcher = personas.by_role["org_admin"], personas.by_role["community_researcher"]
    place = call(admin, "POST", "/prevention/places", {"kind": "state", "name": "West Bengal"}).json()
    office = call(
        researcher,
        "POST",
        "/prevention/stakeholders",
        {"kind": "police_station", "name": "Hasnabad PS", "jurisdiction_id": place["id"]},
    ).json()
    ask = call(
        researcher,
        "POST",
        "/prevention/asks",
        {
            "stakeholder_id": office["id"],
            "kind": "register_fir",
            "channel": "letter",
            "asked_on": TODAY - timedelta(days=30),
            "due_on": TODAY - timedelta(days=2),
        },
    ).json()
    assert ask["state"] == "silent"
    early = call(
        researcher,
        "POST",
        f"/prevention/asks/{ask['id']}/answers",
        {"answered_on": TODAY - timedelta(days=31), "outcome": "acted"},
    )
    assert early.status_code == 400 and "answered_on" in early.json()["error"]["fields"]
    assert Answer.objects.count() == 0
    late = call(
        researcher,
        "POST",
        f"/prevention/asks/{ask['id']}/answers",
        {"answered_on": TODAY, "outcome": "acted"},
    )
    assert [step["what"] for step in late.json()["history"]] == ["asked", "silence", "acted"]


@pytest.mark.django_db
def test_the_power_grid_gives_each_cohort_its_own_marks_as_codes(personas):
    admin, researcher = personas.by_role["org_admin"], personas.by_role["community_researcher"]
    place = services.shared_place_add(actor=admin, kind="state", name="West Bengal")
    bdo = services.stakeholder_add(actor=researcher, kind="bdo", name="BDO", jurisdiction_id=place.pk)
    for cohort, power, interest in (("survivors", 4, 2), ("duty_bearers", 2, 4)):
        session = services.session_record(
            actor=researcher,
            place_id=place.pk,
            held_on=TODAY,
            source="focus_group",
            cohort=cohort,
            respondents=8,
        )
        services.rating_record(
            actor=researcher,
            session_id=session.pk,
            stakeholder_id=bdo.pk,
            power=power,
            interest=interest,
            respondents=8,
        )
    marks = call(personas.analyst, "GET", "/prevention/power-grid").json()
    assert {(m["cohort"], m["zone"], m["count"]) for m in marks} == {
        ("survivors", "high_power_low_interest", 8),
        ("duty_bearers", "low_power_high_interest", 8),
    }


def test_every_prevention_vocabulary_is_an_enum_in_openapi():
    schemas = api.get_openapi_schema()["components"]["schemas"]
    coded = {"kind", "source", "cohort", "factor", "practice", "channel", "outcome", "state", "what", "zone"}
    for name in (
        "PlaceIn",
        "SessionIn",
        "VulnerabilityIn",
        "NormIn",
        "StakeholderIn",
        "AskIn",
        "AnswerIn",
        "AskOut",
        "StepOut",
        "MarkOut",
        "StakeholderOut",
    ):
        for field, spec in schemas[name]["properties"].items():
            if field in coded:
                assert "enum" in spec, f"{name}.{field}"
