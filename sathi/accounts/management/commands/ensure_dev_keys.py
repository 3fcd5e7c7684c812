from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sathi.lib.crypto import generate_keys_file


class Command(BaseCommand):
    help = "Development only: create the keys file named by SATHI_KEYS_FILE if it does not exist."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing: development keys are for SATHI_DEBUG=1 only. See docs/deploy.md.")
        path = settings.SATHI_KEYS_FILE
        if path.exists():
            self.stdout.write(f"Development keys: {path} (already there)")
            return
        generate_keys_file(path)
        self.stdout.write(
            self.style.WARNING(
                f"Created development keys in {path}. "
                "They are for this machine only; never use them in production."
            )
        )
