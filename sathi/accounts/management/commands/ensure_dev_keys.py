from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sathi.lib.crypto import add_audit_key, generate_keys_file, load_keys_file


class Command(BaseCommand):
    help = "Development only: create the keys file named by SATHI_KEYS_FILE if it does not exist."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing: development keys are for SATHI_DEBUG=1 only. See docs/deploy.md.")
        path = settings.SATHI_KEYS_FILE
        if path.exists():
            if load_keys_file(path).active_audit_id is None:
                # A keys file from before keyed audit chains: give it an audit key, and say so.
                add_audit_key(path)
                self.stdout.write(
                    self.style.WARNING(f"Added an audit key to the development keys in {path}.")
                )
            self.stdout.write(f"Development keys: {path} (already there)")
            return
        generate_keys_file(path)
        self.stdout.write(
            self.style.WARNING(
                f"Created development keys in {path}. "
                "They are for this machine only; never use them in production."
            )
        )
