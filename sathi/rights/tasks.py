"""Background jobs of her rights: thin, take ids, call the service."""

from django_tasks import task

from sathi.core.daily import per_organisation
from sathi.rights import erasure


@per_organisation
@task()
def retention_erasure(organisation_id: int) -> int:
    """Daily: the organisation's closed records past its retention rule are erased by destroying their keys;
    a legal hold keeps a record, and the audit says which proceeding held it."""
    return erasure.retention_erase(organisation_id).erased
