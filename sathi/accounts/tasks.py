"""Background jobs of the accounts app."""

from django_tasks import task

from sathi.accounts import lockout, once


@task()
def lockout_cleanup() -> int:
    """Daily: the failed-sign-in counters (per address, per device cookie, per username) that have cooled
    off are deleted, so the table keeps no trace of old attempts."""
    return lockout.forget_cooled_off()


@task()
def once_cleanup() -> int:
    """Daily: the claimed form tokens past their lifetime are deleted (a form that old is refused anyway)."""
    return once.forget_expired()
