from django.core.management.base import BaseCommand

from sathi.accounts.models import Organisation
from sathi.care.tasks import daily_checks


class Command(BaseCommand):
    help = "Queue the daily care checks for every organisation (run from cron once a day)."

    def handle(self, *args, **options):
        for organisation_id in Organisation.objects.values_list("pk", flat=True):
            daily_checks.enqueue(organisation_id)
        self.stdout.write("queued")
