import json

import pytest
from django.core.management import call_command
from django.test import Client

from sathi.accounts.models import ApiToken
from sathi.accounts.services import api_token_issue
from sathi.people.models import Person


@pytest.fixture
def api_client(personas):
    token = api_token_issue(membership=personas.caseworker)

    def call(method, path, body=None, token=token):
        kwargs = {"content_type": "application/json", "headers": {"Authorization": f"Bearer {token}"}}
        if body is not None:
            kwargs["data"] = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return Client().generic(method, "/api/v1" + path, **kwargs)

    return call


def register_body(**extra):
    return {"names": ["Api Person"], "phone": "+91 99999 00001", "stated_age": 26, "gender": "woman", **extra}


def test_token_is_stored_only_as_a_digest(personas):
    token = api_token_issue(membership=personas.caseworker)
    row = ApiToken.objects.get()
    assert token not in row.digest and len(row.digest) == 64


def test_issue_token_command_prints_a_token_once(personas, capsys):
    call_command("issue_token", "--user", personas.caseworker.user.username)
    token = capsys.readouterr().out.strip()
    assert token.startswith("sathi_")
    assert not ApiToken.objects.filter(digest=token).exists()


def test_revoked_or_unknown_token_is_refused(api_client, personas):
    assert api_client("GET", "/people", token="sathi_nonsense").status_code == 401
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    response = api_client("GET", "/people")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_register_read_and_stale_update_returns_409_and_keeps_data(api_client):
    created = api_client("POST", "/people", register_body())
    assert created.status_code == 201
    person = created.json()
    assert person["names"] == ["Api Person"] and person["age_status"] == "adult"
    first = api_client(
        "PATCH", f"/people/{person['id']}", {"version": person["version"], "origin_district": "Nadia"}
    )
    assert first.status_code == 200
    stale = api_client(
        "PATCH", f"/people/{person['id']}", {"version": person["version"], "names": ["Overwrite"]}
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    again = api_client("GET", f"/people/{person['id']}").json()
    assert again["names"] == ["Api Person"] and again["origin_district"] == "Nadia"


def test_possible_duplicate_needs_confirmation(api_client):
    api_client("POST", "/people", register_body())
    response = api_client("POST", "/people", register_body(names=["Someone Else"]))
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "possible_duplicate"
    assert (
        api_client(
            "POST", "/people", register_body(names=["Someone Else"], confirm_duplicates=True)
        ).status_code
        == 201
    )


def test_masked_classes_are_null_in_the_api(personas):
    from sathi.people import grants
    from sathi.people.tests.factories import register

    person = register(
        personas.caseworker,
        names=["Masked Api"],
        phone="+91 90000 22222",
        stated_age=30,
        current_location="Bowbazar",
    )
    grants.assignment_add(actor=personas.supervisor, person_id=person.pk, user_id=personas.counsellor.user_id)
    token = api_token_issue(membership=personas.counsellor)
    body = Client().get(f"/api/v1/people/{person.pk}", headers={"Authorization": f"Bearer {token}"}).json()
    assert body["names"] == ["Masked Api"]
    assert body["current_location"] is None and "location" in body["masked"]
    assert "Bowbazar" not in json.dumps(body)


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        b"\xff\xfe not utf-8",
        {"names": "not a list"},
        {"names": ["x" * 200_000]},
        {"names": ["ok"], "stated_age": 200},
        {"names": ["ok"], "stated_date_of_birth": "2026-13-45"},
    ],
)
def test_malformed_input_gets_one_error_shape_and_writes_nothing(api_client, body):
    response = api_client("POST", "/people", body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["message"]
    assert Person.objects.count() == 0


def test_api_messages_follow_the_users_language(api_client, personas):
    token = api_token_issue(membership=personas.caseworker)
    response = Client().post(
        "/api/v1/people",
        data=json.dumps({"names": []}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "hi"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] != "Some of what you sent is not valid."


def test_consent_withdrawal_through_the_api_stops_the_use(api_client):
    person = api_client("POST", "/people", register_body()).json()
    consent = api_client(
        "POST",
        f"/people/{person['id']}/consents",
        {"purpose": "contact", "granted": True, "method": "spoken", "explained_in": "bn", "channel": "sms"},
    ).json()
    assert api_client("GET", f"/people/{person['id']}").json()["contact_channel"] == "sms"
    assert api_client("POST", f"/consents/{consent['id']}/withdraw").status_code == 200
    assert api_client("GET", f"/people/{person['id']}").json()["contact_channel"] is None
    listed = api_client("GET", f"/people/{person['id']}/consents").json()
    assert [c["in_force"] for c in listed] == [False]


def test_search_is_a_post_and_finds_a_whole_code_or_a_name_token(api_client):
    person = api_client("POST", "/people", register_body()).json()
    assert [p["code"] for p in api_client("POST", "/people/find", {"query": person["code"]}).json()] == [
        person["code"]
    ]
    assert [p["code"] for p in api_client("POST", "/people/find", {"query": "Api"}).json()] == [
        person["code"]
    ]
    assert api_client("POST", "/people/find", {"query": "Pers"}).json() == []  # not a part of a word


def test_openapi_document_describes_the_operations():
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/people" in schema["paths"]
    assert schema["components"]["securitySchemes"]
