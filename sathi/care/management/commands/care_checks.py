from django.core.management.base import BaseCommand

from sathi.accounts.models import Organisation
from sathi.accounts.tasks import lockout_cleanup, once_cleanup
from sathi.care.tasks import daily_checks
from sathi.core.daily import PER_ORGANISATION


class Command(BaseCommand):
    help = (
        "Queue the daily jobs (run from cron once a day): the care checks and the retention rule's erasures "
        "for every organisation, and the clean-up of cooled-off sign-in counters and of expired form tokens."
    )

    def handle(self, *args, **options):
        for organisation_id in Organisation.objects.values_list("pk", flat=True):
            daily_checks.enqueue(organisation_id)
            for job in PER_ORGANISATION:  # the apps' own daily jobs: the retention rule's erasures
                job.enqueue(organisation_id)
        lockout_cleanup.enqueue()
        once_cleanup.enqueue()
        self.stdout.write("queued")
