"""Background jobs: thin, take ids, call the checks."""

from django.db import transaction
from django_tasks import task

from sathi.audit.services import log_action
from sathi.care import checks
from sathi.care.models import Case
from sathi.care.vocab import CaseStatus


@task()
def daily_checks(organisation_id: int) -> int:
    """Re-run the flag rules on every open case of an organisation (held against her wish, CWC reviews,
    age-out), so that time passing raises flags even when nobody edits the case."""
    count = 0
    ids = (
        Case.objects.filter(organisation_id=organisation_id)
        .exclude(status=CaseStatus.CLOSED)
        .values_list("pk", flat=True)
    )
    for case_id in ids.iterator():
        with transaction.atomic():
            case = Case.objects.select_related("person").select_for_update(of=("self",)).get(pk=case_id)
            checks.run_all(case)
            count += 1
    log_action(
        actor=None,
        organisation=organisation_id,
        action="checks.daily_run",
        target_type=Case._meta.label_lower,
        fields=["flags"],
    )
    return count
