from pathlib import Path

from django.core.management.base import BaseCommand

from sathi.audit.checkpoints import checkpoint_write


class Command(BaseCommand):
    help = (
        "Append a signed checkpoint of every audit chain head to SATHI_AUDIT_CHECKPOINT_FILE and the log "
        "(run from cron at least daily; ship the file or the log line off this machine)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, help="default SATHI_AUDIT_CHECKPOINT_FILE")

    def handle(self, *args, **options):
        body = checkpoint_write(options["file"])
        self.stdout.write(f"checkpoint of {len(body['heads'])} chain head(s) written")
