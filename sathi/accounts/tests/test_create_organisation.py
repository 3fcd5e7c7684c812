"""First run of a production install (issue 10): `create_organisation` makes the organisation and its first
admin, audited, with a password that is never an argument and never logged; the admin enrols the second
factor at first sign-in. The suite runs with debug off (the production settings)."""

import logging
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from sathi.accounts.models import Membership, Organisation, Role, User
from sathi.audit.models import AuditEvent

NAME = "Durbar collective"
STRONG = "a long passphrase nobody guesses 9"


def create(*extra, stdin=None):
    out = StringIO()
    args = [NAME, "--kind", "sex_worker_collective", "--admin-username", "first-admin", *extra]
    call_command("create_organisation", *args, stdout=out, **({"stdin": stdin} if stdin else {}))
    return out.getvalue()


def one_time_password(output: str) -> str:
    return re.search(r"One-time password, shown only now: (\S+)", output).group(1)


@pytest.mark.django_db
def test_create_organisation_makes_the_organisation_and_its_first_admin_with_debug_off():
    assert not settings.DEBUG
    output = create("--admin-name", "First Admin")
    organisation = Organisation.objects.get(name=NAME)
    assert organisation.kind == "sex_worker_collective"
    membership = Membership.objects.get(organisation=organisation)
    assert membership.role == Role.ORG_ADMIN and membership.user.username == "first-admin"
    assert membership.user.check_password(one_time_password(output))
    actions = set(AuditEvent.objects.filter(organisation=organisation).values_list("action", "actor_id"))
    # The operator at the command line: no user is the actor.
    assert actions == {("organisation.created", None), ("user.created", None), ("membership.created", None)}


@pytest.mark.django_db
def test_the_first_admin_must_set_up_the_second_factor_at_first_sign_in():
    password = one_time_password(create())
    client = Client()
    response = client.post("/accounts/login/", {"username": "first-admin", "password": password}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/second-factor/setup/")
    assert "/accounts/second-factor/" in client.get("/")["Location"]  # nothing else before it is set up


@pytest.mark.django_db
def test_the_password_read_from_stdin_is_never_printed_or_logged(caplog):
    caplog.set_level(logging.DEBUG)
    output = create("--password-stdin", stdin=StringIO(STRONG + "\n"))
    assert User.objects.get(username="first-admin").check_password(STRONG)
    assert STRONG not in output and "One-time password" not in output
    assert all(STRONG not in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_the_generated_password_is_never_logged(caplog):
    caplog.set_level(logging.DEBUG)
    password = one_time_password(create())
    assert all(password not in record.getMessage() for record in caplog.records)


def test_create_organisation_takes_no_password_argument():
    with pytest.raises(TypeError):
        call_command("create_organisation", NAME, kind="ngo", admin_username="a", password=STRONG)


@pytest.mark.django_db
def test_create_organisation_refuses_an_organisation_that_exists_and_changes_nothing():
    create()
    with pytest.raises(CommandError, match="exists already"):
        call_command("create_organisation", NAME.upper(), "--kind", "ngo", "--admin-username", "second-admin")
    assert Organisation.objects.filter(name__iexact=NAME).count() == 1
    assert not User.objects.filter(username="second-admin").exists()


@pytest.mark.django_db
def test_create_organisation_writes_nothing_when_the_admin_cannot_be_made():
    User.objects.create_user(username="first-admin", password=STRONG)
    with pytest.raises(CommandError, match="Nothing was changed"):
        create()
    assert not Organisation.objects.filter(name=NAME).exists()


@pytest.mark.django_db
def test_create_organisation_refuses_a_weak_password_from_stdin_and_writes_nothing():
    with pytest.raises(CommandError, match="Nothing was changed"):
        create("--password-stdin", stdin=StringIO("123\n"))
    assert not Organisation.objects.filter(name=NAME).exists()
