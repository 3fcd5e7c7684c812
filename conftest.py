"""Shared test fixtures: personas (one per role, plus an outsider from another organisation)."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from sathi.accounts.models import Membership, OrganisationKind, Role
from sathi.accounts.services import organisation_create, user_create
from sathi.accounts.totp import device_create

PASSWORD = "correct horse battery staple 42"


def pytest_configure(config):
    """Temporary folders in memory where the machine has /dev/shm. The served copies of Sathi (test_serve and
    the like) migrate a SQLite file there: on a disk each migration waits for a flush (five minutes on a busy
    disk against 40 seconds of work); in memory it is the work alone."""
    shm = Path("/dev/shm")  # noqa: S108 (only as mkdtemp's parent: a fresh 0700 folder of our own)
    if config.option.basetemp is None and shm.is_dir() and os.access(shm, os.W_OK):
        base = tempfile.mkdtemp(prefix="sathi-pytest-", dir=shm)
        config.option.basetemp = base
        config.add_cleanup(lambda: shutil.rmtree(base, ignore_errors=True))


@dataclass
class Personas:
    org: object
    other_org: object
    by_role: dict[str, Membership]
    outsider: Membership  # a caseworker of the other organisation

    def __getattr__(self, name):
        try:
            return self.by_role[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def make_member(organisation, role: str, username: str) -> Membership:
    user = user_create(
        actor=None,
        organisation=organisation,
        username=username,
        display_name=username,
        password=PASSWORD,
        role=role,
    )
    device_create(user=user, confirmed=True)
    return Membership.objects.select_related("organisation", "user").get(user=user, organisation=organisation)


def build_personas() -> Personas:
    org = organisation_create(actor=None, name="Collective A", kind=OrganisationKind.SEX_WORKER_COLLECTIVE)
    other = organisation_create(actor=None, name="Aftercare B", kind=OrganisationKind.NGO)
    by_role = {role.value: make_member(org, role.value, f"{role.value}-a") for role in Role}
    outsider = make_member(other, Role.CASEWORKER, "caseworker-b")
    return Personas(org=org, other_org=other, by_role=by_role, outsider=outsider)


@pytest.fixture
def personas(db) -> Personas:
    return build_personas()


def sign_in(client, membership: Membership) -> None:
    """Signed in with the second factor verified and the organisation chosen, as after the real login."""
    from sathi.accounts.middleware import SESSION_MEMBERSHIP
    from sathi.accounts.models import SealedTOTPDevice

    client.force_login(membership.user)
    device = SealedTOTPDevice.objects.get(user=membership.user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_MEMBERSHIP] = membership.pk
    session.save()


@pytest.fixture
def signed_in(client):
    def _sign_in(membership):
        sign_in(client, membership)
        return client

    return _sign_in
