"""Cooled-off sign-in counters are deleted daily (issue 10); a counter still counting, or a lock still in
force, stays."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from sathi.accounts.models import LoginFailure
from sathi.accounts.tasks import lockout_cleanup


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    return time_machine


def counter(bucket: str, *, ago: timedelta, locked_for: timedelta | None = None) -> LoginFailure:
    now = timezone.now()
    return LoginFailure.objects.create(
        username_digest="d" * 64,
        bucket=bucket,
        failures=3,
        last_failure_at=now - ago,
        locked_until=now + locked_for if locked_for is not None else None,
    )


@pytest.mark.django_db
def test_the_daily_job_deletes_counters_older_than_the_cool_off_and_keeps_recent_ones(frozen):
    cooloff = timedelta(seconds=settings.SATHI_LOGIN_COOLOFF_SECONDS)
    old_address = counter("ip:203.0.113.9", ago=cooloff + timedelta(seconds=1))
    old_device = counter("device:abc", ago=timedelta(days=30))
    recent = counter("ip:198.51.100.7", ago=cooloff - timedelta(seconds=1))
    still_locked = counter("user", ago=cooloff + timedelta(seconds=1), locked_for=timedelta(seconds=5))

    assert lockout_cleanup.call() == 2

    left = set(LoginFailure.objects.values_list("pk", flat=True))
    assert left == {recent.pk, still_locked.pk}
    assert old_address.pk not in left and old_device.pk not in left


@pytest.mark.django_db
def test_the_daily_checks_command_also_cleans_up_the_counters(frozen):
    old = counter("ip:203.0.113.9", ago=timedelta(days=2))
    recent = counter("ip:198.51.100.7", ago=timedelta(seconds=10))
    call_command("care_checks", stdout=StringIO())
    assert set(LoginFailure.objects.values_list("pk", flat=True)) == {recent.pk}
    assert not LoginFailure.objects.filter(pk=old.pk).exists()


def test_a_cleaned_up_counter_changes_nothing_for_the_next_sign_in(personas, frozen):
    username = personas.caseworker.user.username
    for _ in range(settings.SATHI_LOGIN_MAX_FAILURES - 1):
        Client().post(
            "/accounts/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR="203.0.113.9"
        )
    frozen.shift(settings.SATHI_LOGIN_COOLOFF_SECONDS + 1)
    lockout_cleanup.call()
    assert not LoginFailure.objects.exists()
    response = Client().post(
        "/accounts/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 200
    assert LoginFailure.objects.get(bucket="ip:203.0.113.9").failures == 1
