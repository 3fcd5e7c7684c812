"""A worker changes her own password (the printed first password of `create_organisation`, a password
someone saw): the current one is asked, wrong guesses count against the lockout, other sessions end."""

import pytest
from django.conf import settings
from django.test import Client

from conftest import PASSWORD, sign_in
from sathi.accounts import once
from sathi.audit.models import AuditEvent

URL = "/accounts/password/"
NEW = "a river crossing at dawn 7"


def change(client, current, new=NEW, again=None, token=None):
    data = {"current": current, "new": new, "again": again or new, "form_token": token or once.new_token()}
    return client.post(URL, data)


def password_is(membership, password) -> bool:
    membership.user.refresh_from_db()
    return membership.user.check_password(password)


@pytest.mark.django_db
def test_password_change_needs_the_current_password(personas, client):
    sign_in(client, personas.caseworker)
    response = change(client, "not the password at all")
    assert response.status_code == 400
    assert "This is not your current password." in response.content.decode()
    assert password_is(personas.caseworker, PASSWORD)


@pytest.mark.django_db
def test_password_change_keeps_this_session_and_ends_the_others(personas, client):
    other = Client()
    sign_in(client, personas.caseworker)
    sign_in(other, personas.caseworker)
    response = change(client, PASSWORD)
    assert response.status_code == 302
    assert password_is(personas.caseworker, NEW)
    assert client.get("/accounts/tokens/").status_code == 200
    assert other.get("/accounts/tokens/").status_code == 302  # sent to sign in again


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("new", "again", "message"),
    [
        ("short1", None, "at least 12"),
        ("password1234", None, "too common"),
        (NEW, NEW + "x", "The two new passwords are not the same."),
        (PASSWORD, None, "The new password must differ from the current one."),
    ],
)
def test_password_change_refuses_a_weak_or_mistyped_new_password(personas, client, new, again, message):
    sign_in(client, personas.caseworker)
    response = change(client, PASSWORD, new=new, again=again)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert password_is(personas.caseworker, PASSWORD)


@pytest.mark.django_db
def test_password_change_is_audited_without_the_password(personas, client):
    sign_in(client, personas.caseworker)
    assert change(client, PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action="user.password_changed")
    assert event.actor_id == personas.caseworker.user_id and event.fields == []
    assert NEW not in str(AuditEvent.objects.values_list())


@pytest.mark.django_db
def test_wrong_current_passwords_lock_the_change(personas, client):
    sign_in(client, personas.caseworker)
    for _ in range(settings.SATHI_LOGIN_MAX_FAILURES):
        assert change(client, "a wrong guess of it").status_code == 400
    response = change(client, PASSWORD)
    assert response.status_code == 400
    assert "Too many wrong passwords." in response.content.decode()
    assert password_is(personas.caseworker, PASSWORD)


@pytest.mark.django_db
def test_password_change_sent_twice_is_done_once_and_not_counted_as_a_guess(personas, client):
    sign_in(client, personas.caseworker)
    token = once.new_token()
    assert change(client, PASSWORD, token=token).status_code == 302
    again = change(client, PASSWORD, token=token)
    assert again.status_code == 302
    assert password_is(personas.caseworker, NEW)
    from sathi.accounts.models import LoginFailure

    assert not LoginFailure.objects.exists()
