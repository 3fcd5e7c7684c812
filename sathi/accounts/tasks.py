"""Background jobs of the accounts app."""

from django_tasks import task

from sathi.accounts import lockout


@task()
def lockout_cleanup() -> int:
    """Daily: the failed-sign-in counters (per address, per device cookie, per username) that have cooled
    off are deleted, so the table keeps no trace of old attempts."""
    return lockout.forget_cooled_off()
