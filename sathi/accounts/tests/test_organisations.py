import base64
import re

from django.test import Client
from django_otp.oath import TOTP

from conftest import PASSWORD, sign_in
from sathi.accounts.models import Membership, Role, SealedTOTPDevice
from sathi.accounts.services import user_create
from sathi.people import selectors
from sathi.people.tests.factories import register


def test_first_sign_in_sets_up_the_authenticator(personas):
    user = user_create(
        actor=None,
        organisation=personas.org,
        username="newcomer",
        display_name="",
        password=PASSWORD,
        role=Role.PEER_WORKER,
    )
    client = Client()
    client.post("/accounts/login/", {"username": "newcomer", "password": PASSWORD})
    response = client.get("/accounts/second-factor/", follow=True)
    page = response.content.decode()
    assert "/accounts/second-factor/setup/" in response.redirect_chain[-1][0]
    assert "<?xml" not in page and "<svg" in page
    secret = re.search(r'class="code setup-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    totp = TOTP(base64.b32decode(secret), 30, 0, 6, 0)
    response = client.post("/accounts/second-factor/setup/", {"code": f"{totp.token():06d}"})
    assert response.status_code == 302
    assert SealedTOTPDevice.objects.get(user=user).confirmed
    assert client.get("/").status_code == 200


def test_worker_in_two_organisations_acts_in_one_at_a_time(personas):
    user = personas.caseworker.user
    second = Membership.objects.create(user=user, organisation=personas.other_org, role=Role.CASEWORKER)
    register(personas.caseworker, names=["In Org A"], phone="", stated_age=30)
    client = Client()
    sign_in(client, personas.caseworker)
    assert client.post("/people/find/", {"query": "In Org A"}).context["result"].rows
    client.post("/accounts/organisation/", {"membership": second.pk})
    assert personas.other_org.name in client.get("/").content.decode()
    assert client.post("/people/find/", {"query": "In Org A"}).context["result"].rows == []
    assert selectors.person_list(actor=second) == []


def test_choosing_someone_elses_membership_is_refused(personas):
    client = Client()
    sign_in(client, personas.caseworker)
    assert client.post("/accounts/organisation/", {"membership": personas.outsider.pk}).status_code == 404


def test_auditor_sees_events_with_ids_and_filters(personas):
    person = register(personas.caseworker, names=["Audit Page"], phone="", stated_age=30)
    selectors.person_card(actor=personas.caseworker, person_id=person.pk)
    client = Client()
    sign_in(client, personas.auditor)
    page = client.get("/audit/", {"action": "person.viewed"}).content.decode()
    table = page.split("<table")[1]  # the filter's choices name every action; the rows are in the table
    assert (
        "Person&#x27;s record opened" in table
        and str(person.pk) in table
        and "Person registered" not in table
    )
    assert "Audit Page" not in page
    other = Client()
    sign_in(other, personas.outsider)
    assert other.get("/audit/").status_code == 403
