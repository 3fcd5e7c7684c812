"""Issue 15, item 9: the second factor is easy to set up on the phone that shows the page: an otpauth://
link opens the authenticator app, and the key is shown in groups of four."""

from __future__ import annotations

import base64
import html
import re
from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django_otp.oath import TOTP

from conftest import PASSWORD
from sathi.accounts.models import Role
from sathi.accounts.services import user_create


def _enrol_page(personas, username):
    user_create(
        actor=None,
        organisation=personas.org,
        username=username,
        display_name="",
        password=PASSWORD,
        role=Role.PEER_WORKER,
    )
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    return client, client.get("/accounts/second-factor/setup/").content.decode()


def test_an_otpauth_link_opens_the_authenticator_with_the_same_key(personas):
    client, page = _enrol_page(personas, username="newpeer")
    link = html.unescape(re.search(r'href="(otpauth://[^"]+)"', page).group(1))
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    query = parse_qs(parts.query)
    assert query["issuer"] == ["Sathi"]
    shown = re.search(r'class="code setup-key">([A-Z2-7 ]+)<', page).group(1)
    assert query["secret"] == [shown.replace(" ", "")]
    # The key from the link is the device's: its code signs in.
    totp = TOTP(base64.b32decode(query["secret"][0]), 30, 0, 6, 0)
    assert client.post("/accounts/second-factor/setup/", {"code": f"{totp.token():06d}"}).status_code == 302


def test_the_key_is_shown_in_groups_of_four(personas):
    _client, page = _enrol_page(personas, username="grouped")
    shown = re.search(r'class="code setup-key">([A-Z2-7 ]+)<', page).group(1)
    groups = shown.split(" ")
    assert len(groups) > 1 and all(len(g) == 4 for g in groups[:-1]) and 1 <= len(groups[-1]) <= 4


def test_a_username_with_signs_makes_a_link_that_still_parses(personas):
    _client, page = _enrol_page(personas, username="peer+1@x")
    link = html.unescape(re.search(r'href="(otpauth://[^"]+)"', page).group(1))
    assert urlsplit(link).path == "/Sathi:peer%2B1%40x"
