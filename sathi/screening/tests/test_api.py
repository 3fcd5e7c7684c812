import json

from django.test import Client

from sathi.accounts.services import api_token_issue
from sathi.people.tests.factories import register
from sathi.places.models import Place


def call(membership, method, path, body=None):
    token = api_token_issue(membership=membership)
    kwargs = {"content_type": "application/json", "headers": {"Authorization": f"Bearer {token}"}}
    if body is not None:
        kwargs["data"] = json.dumps(body)
    return Client().generic(method, "/api/v1" + path, **kwargs)


def test_screening_and_decision_through_the_api(personas):
    worker = personas.caseworker
    girl = register(worker, names=["Api Girl"], phone="", stated_age=16)
    created = call(
        worker,
        "POST",
        "/screenings",
        {
            "person_id": str(girl.pk),
            "acts": ["receipt"],
            "means": [],
            "purposes": ["sexual_exploitation"],
            "came_without_force": True,
        },
    )
    assert created.status_code == 201
    screening = created.json()
    assert [s["classification"] for s in screening["suggestions"]] == ["trafficked_child"]
    refused = call(
        worker,
        "POST",
        f"/screenings/{screening['id']}/decision",
        {"classification": "trafficked_child", "police_involved": True},
    )
    assert refused.status_code == 400 and "police_reason" in refused.json()["error"]["fields"]
    decided = call(
        worker,
        "POST",
        f"/screenings/{screening['id']}/decision",
        {"classification": "trafficked_child", "counselling_sessions": 2},
    )
    assert decided.status_code == 201 and decided.json()["case_id"]


def test_indicators_are_numbers_only_and_open_to_the_analyst(personas):
    area = Place.objects.create(kind="red_light_area", name="Api area")
    board = call(
        personas.board_member, "POST", "/boards", {"area_id": area.pk, "name": "Api board", "quorum": 3}
    )
    assert board.status_code == 201
    result = call(personas.analyst, "GET", f"/boards/{board.json()['id']}/indicators?by=year")
    assert result.status_code == 200 and result.json()["threshold"] == 5
    assert call(personas.analyst, "GET", "/boards").status_code == 403  # no rows for the analyst
