"""API tokens (issue 10): they expire, die unused, may be read-only, are issued only after
re-authentication, and are listed with their last use for the owner and the organisation admin to revoke."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD, sign_in
from sathi.accounts.models import ApiToken, SealedTOTPDevice
from sathi.accounts.services import api_token_issue
from sathi.accounts.totp import current_code
from sathi.people.models import Person

TOKENS = "/accounts/tokens/"


def api(token, method="GET", path="/people", body=None):
    kwargs = {"content_type": "application/json", "headers": {"Authorization": f"Bearer {token}"}}
    if body is not None:
        kwargs["data"] = body
    return Client().generic(method, "/api/v1" + path, **kwargs)


def refused_401(response) -> bool:
    return response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    return time_machine


@pytest.mark.parametrize("ending", ["expired", "idle"])
def test_an_expired_or_idle_token_gets_401_in_the_error_shape(personas, frozen, ending):
    token = api_token_issue(membership=personas.supervisor, days=30)
    assert api(token).status_code == 200
    if ending == "expired":
        # used every few days, so never idle, until its end date passes
        for _ in range(9):
            frozen.shift(timedelta(days=3))
            assert api(token).status_code == 200
        frozen.shift(timedelta(days=3))  # day 30: its end
    else:
        frozen.shift(timedelta(days=settings.SATHI_TOKEN_IDLE_DAYS, seconds=1))
    response = api(token)
    assert refused_401(response)
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_a_token_aged_past_the_longest_life_stops_even_in_daily_use(personas, frozen):
    token = api_token_issue(membership=personas.supervisor)
    for _ in range(settings.SATHI_TOKEN_MAX_DAYS // 7):
        frozen.shift(timedelta(days=7))
        assert api(token).status_code == 200
    frozen.shift(timedelta(days=settings.SATHI_TOKEN_MAX_DAYS % 7))
    assert refused_401(api(token))


def test_a_never_used_token_dies_after_the_idle_limit(personas, frozen):
    token = api_token_issue(membership=personas.caseworker)
    frozen.shift(timedelta(days=settings.SATHI_TOKEN_IDLE_DAYS, seconds=1))
    assert refused_401(api(token))


def test_a_read_only_token_is_refused_every_write_with_403_in_the_error_shape(personas):
    from sathi.people.tests.factories import register

    person = register(personas.caseworker, names=["Read Only"], phone="+91 90000 33333", stated_age=30)
    token = api_token_issue(membership=personas.caseworker, read_only=True)
    assert api(token, "GET", f"/people/{person.pk}").status_code == 200
    writes = [
        ("POST", "/people", '{"names": ["Someone New"], "stated_age": 30}'),
        ("PATCH", f"/people/{person.pk}", f'{{"version": {person.version}, "origin_district": "Nadia"}}'),
        ("PUT", "/incidents/00000000-0000-0000-0000-000000000000/raid", '{"legal_basis": "none_stated"}'),
    ]
    for method, path, body in writes:
        response = api(token, method, path, body)
        assert response.status_code == 403, method
        assert response.json()["error"]["code"] == "forbidden"
    assert Person.objects.count() == 1
    assert api(token, "GET", f"/people/{person.pk}").json()["origin_district"] != "Nadia"


def test_last_use_is_written_at_most_once_a_minute(personas, frozen):
    token = api_token_issue(membership=personas.caseworker)
    api(token)
    first = ApiToken.objects.get().last_used_at
    assert first is not None

    def token_writes():
        with CaptureQueriesContext(connection) as queries:
            assert api(token).status_code == 200
        return [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "apitoken" in q["sql"]]

    frozen.shift(30)
    assert token_writes() == []
    assert ApiToken.objects.get().last_used_at == first
    frozen.shift(31)
    assert len(token_writes()) == 1
    assert ApiToken.objects.get().last_used_at == first + timedelta(seconds=61)


def _confirm(client, membership):
    device = SealedTOTPDevice.objects.get(user=membership.user)
    response = client.post(
        "/accounts/confirm/", {"password": PASSWORD, "code": current_code(device), "next": TOKENS}
    )
    assert response.status_code == 302 and response["Location"] == TOKENS


def issue_form(page, **values):
    token = page.context["form_token"]
    return {"label": "Field phone", "days": "30", "form_token": token, **values}


def test_a_token_is_issued_only_after_re_authentication_and_shown_once(client, personas):
    worker = personas.caseworker
    sign_in(client, worker)
    page = client.get(TOKENS)
    assert page.status_code == 200 and page.context["may_issue"] is False
    assert reverse("accounts:confirm") in page.content.decode()
    response = client.post(reverse("accounts:token-issue"), issue_form(page), HTTP_REFERER=TOKENS)
    assert response.status_code == 302 and "/accounts/confirm/" in response["Location"]
    assert not ApiToken.objects.exists()

    _confirm(client, worker)
    page = client.get(TOKENS)
    assert page.context["may_issue"] is True
    form = issue_form(page, read_only="on")
    shown = client.post(reverse("accounts:token-issue"), form)
    assert shown.status_code == 200
    secret = shown.context["secret"]
    assert secret in shown.content.decode()
    row = ApiToken.objects.get()
    assert row.membership == worker and row.read_only and row.label == "Field phone"
    assert api(secret).status_code == 200
    # the same form sent again issues nothing and shows nothing
    again = client.post(reverse("accounts:token-issue"), form)
    assert again.status_code == 302 and ApiToken.objects.count() == 1
    listed = client.get(TOKENS).content.decode()
    assert "Field phone" in listed and secret not in listed


def test_a_token_longer_than_the_longest_life_is_refused(client, personas):
    sign_in(client, personas.caseworker)
    _confirm(client, personas.caseworker)
    page = client.get(TOKENS)
    days = str(settings.SATHI_TOKEN_MAX_DAYS + 1)
    response = client.post(reverse("accounts:token-issue"), issue_form(page, days=days))
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_owner_and_the_organisation_admin_revoke_a_token_and_nobody_else(personas, frozen):
    owner = personas.caseworker
    token = api_token_issue(membership=owner, label="Laptop")
    api(token)
    row = ApiToken.objects.get()
    revoke = reverse("accounts:token-revoke", args=[row.pk])
    for other in [personas.supervisor, personas.peer_worker, personas.outsider]:
        client = Client()
        sign_in(client, other)
        assert client.post(revoke).status_code == 404
        assert "Laptop" not in client.get(TOKENS).content.decode()
    assert api(token).status_code == 200

    admin = Client()
    sign_in(admin, personas.org_admin)
    listed = admin.get(TOKENS)
    assert list(listed.context["tokens"]) == [row]
    page = listed.content.decode()
    assert "Laptop" in page and owner.user.display_name in page
    assert row.last_used_at.astimezone().strftime("%H:%M") in page  # her last use is shown
    assert admin.post(revoke).status_code == 302
    assert refused_401(api(token))
    assert "Laptop" not in admin.get(TOKENS).content.decode()

    second = api_token_issue(membership=owner, label="Phone")
    mine = Client()
    sign_in(mine, owner)
    assert (
        mine.post(reverse("accounts:token-revoke", args=[ApiToken.objects.get(label="Phone").pk])).status_code
        == 302
    )
    assert refused_401(api(second))


def test_issue_token_command_sets_expiry_and_read_only(personas, frozen, capsys):
    call_command("issue_token", "--user", personas.caseworker.user.username, "--days", "7", "--read-only")
    token = capsys.readouterr().out.strip()
    row = ApiToken.objects.get()
    assert row.read_only and row.expires_at - row.created_at == timedelta(days=7)
    assert api(token).status_code == 200
    with pytest.raises(CommandError, match="Choose from 1 to"):
        call_command("issue_token", "--user", personas.caseworker.user.username, "--days", "1000")
    assert ApiToken.objects.count() == 1
