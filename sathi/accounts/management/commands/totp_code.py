from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sathi.accounts.models import SealedTOTPDevice
from sathi.accounts.totp import current_code


class Command(BaseCommand):
    help = "Development only: print a demo user's current second-factor code."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True)

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing: this is for SATHI_DEBUG=1 only.")
        device = SealedTOTPDevice.objects.filter(user__username=options["user"], confirmed=True).first()
        if device is None:
            raise CommandError("That user has no authenticator yet.")
        self.stdout.write(current_code(device))
