"""Background jobs of the audit log."""

from django_tasks import task

from sathi.audit.checkpoints import checkpoint_write


@task()
def audit_checkpoint() -> int:
    """The periodic signed checkpoint of every chain head (also `manage.py audit_checkpoint`)."""
    return len(checkpoint_write()["heads"])
