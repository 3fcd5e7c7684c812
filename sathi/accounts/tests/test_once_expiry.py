"""Old form tokens expire. The rule: a form left open past its lifetime is refused and nothing is written;
claimed tokens past that lifetime are forgotten by the daily job without letting an old form through twice."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from sathi.accounts import once
from sathi.accounts.models import OnceToken
from sathi.accounts.tasks import once_cleanup
from sathi.people.models import Person

REGISTRATION = {
    "names": "Sabita Sardar",
    "gender": "woman",
    "languages": ["bn"],
    "age_years": "23",
}


def _old_token():
    return once.new_token(timezone.now() - once.LIFETIME - once.CLOCK_SKEW)


@pytest.mark.django_db
def test_a_form_open_past_its_lifetime_is_refused_and_nothing_is_written(personas):
    client = Client()
    sign_in(client, personas.caseworker)
    response = client.post("/people/new/", {**REGISTRATION, "form_token": _old_token()})
    assert response.status_code == 400
    assert "open too long" in response.content.decode()
    assert not Person.objects.exists() and not OnceToken.objects.exists()
    # Offered again with a fresh token: sent again, it goes through.
    fresh = response.context["form"]["form_token"].value()
    assert not once.expired(fresh)
    again = client.post("/people/new/", {**REGISTRATION, "form_token": fresh})
    assert again.status_code == 302 and Person.objects.count() == 1


@pytest.mark.django_db
def test_a_page_form_with_an_expired_token_is_offered_again_with_a_fresh_one(personas):
    from sathi.care import services as care
    from sathi.care.models import Goal
    from sathi.people.tests.factories import register

    person = register(personas.caseworker)
    case = care.case_open(actor=personas.caseworker, person_id=person.pk, origin="outreach")
    client = Client()
    sign_in(client, personas.caseworker)
    url = reverse("care:goal-add", args=[case.pk])
    response = client.post(url, {"text": "To run a tea stall.", "form_token": _old_token()})
    assert response.status_code == 400 and "open too long" in response.content.decode()
    assert not Goal.objects.exists()
    fresh = response.context["form_token"]
    assert not once.expired(fresh)
    assert client.post(url, {"text": "To run a tea stall.", "form_token": fresh}).status_code == 302
    assert Goal.objects.count() == 1


@pytest.mark.django_db
def test_a_token_not_issued_here_or_from_the_future_is_refused(personas):
    future = once.new_token(timezone.now() + once.CLOCK_SKEW * 2)
    for token in ("made-up", "t1", future):
        with pytest.raises(ValidationError) as err, transaction.atomic():
            once.claim(token, personas.caseworker.user)
        assert err.value.code == once.EXPIRED
    assert not OnceToken.objects.exists()


@pytest.mark.django_db
def test_the_daily_job_forgets_claimed_tokens_past_their_lifetime_and_keeps_recent_ones(personas):
    user = personas.caseworker.user
    old = once.claim(once.new_token(), user)
    recent = once.claim(once.new_token(), user)
    OnceToken.objects.filter(pk=old.pk).update(created_at=timezone.now() - once.LIFETIME * 2)
    assert once_cleanup.call() == 1
    assert list(OnceToken.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.django_db
def test_the_daily_checks_command_queues_the_token_clean_up(personas):
    old = once.claim(once.new_token(), personas.caseworker.user)
    OnceToken.objects.filter(pk=old.pk).update(created_at=timezone.now() - once.LIFETIME * 2)
    call_command("care_checks", stdout=StringIO())
    assert not OnceToken.objects.exists()
