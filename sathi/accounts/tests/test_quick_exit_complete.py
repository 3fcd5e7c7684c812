"""Quick exit, complete (issue 15, item 10): the neutral page keeps her interface language, nothing that
names a record is left in a URL (and so in the history), and a page that is not there is Sathi's own 404,
with its quick exit, whether debug is on or off."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import translation

from conftest import PASSWORD, sign_in
from sathi.accounts.models import SealedTOTPDevice
from sathi.accounts.totp import current_code
from sathi.people.tests.factories import register


@pytest.fixture(autouse=True)
def _language_reset():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.django_db
def test_the_neutral_page_after_quick_exit_keeps_her_language(personas):
    client = Client()
    sign_in(client, personas.caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"
    exit_response = client.post("/exit/")
    assert exit_response["Location"] == "/recipes/?lang=bn"
    fresh = Client()  # the exit cleared every cookie, the language one too
    page = fresh.get(exit_response["Location"]).content.decode()
    assert '<html lang="bn">' in page and "Everyday recipes" not in page  # in Bengali
    assert "Sathi" not in page


@pytest.mark.django_db
def test_an_unknown_language_on_the_neutral_page_is_ignored():
    page = Client().get("/recipes/?lang=xx").content.decode()
    assert '<html lang="en">' in page


@pytest.mark.django_db
def test_signing_in_to_a_record_keeps_its_path_out_of_every_url(personas):
    worker = personas.caseworker
    person = register(worker, names=["Next Person"], phone="", stated_age=30)
    record = f"/people/{person.pk}/"
    client = Client()
    first = client.get(record)
    assert first.status_code == 302 and first["Location"] == "/accounts/login/"
    login = client.post("/accounts/login/", {"username": worker.user.username, "password": PASSWORD})
    assert login.status_code == 302 and login["Location"] == "/accounts/second-factor/"
    assert str(person.pk) not in login["Location"]
    device = SealedTOTPDevice.objects.get(user=worker.user)
    done = client.post("/accounts/second-factor/", {"code": current_code(device)})
    assert done.status_code == 302 and done["Location"] == record  # the session kept it, then forgot it
    assert "sathi_next" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_a_missing_page_is_sathis_own_404_with_quick_exit_in_every_mode(personas, debug):
    client = Client()
    sign_in(client, personas.caseworker)
    with override_settings(DEBUG=debug):
        for path in (f"/people/{uuid.uuid4()}/", "/no-such-page/"):
            response = client.get(path)
            page = response.content.decode()
            assert response.status_code == 404
            assert 'id="quick-exit-form"' in page
            assert "URLconf" not in page and "people/&lt;" not in page
            # django-csp leaves debug-mode error pages without the header, by its design; production has it.
            assert debug or "Content-Security-Policy" in response.headers
