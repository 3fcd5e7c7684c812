from django.core.management.base import BaseCommand, CommandError

from sathi.audit.services import verify_all


class Command(BaseCommand):
    help = "Verify every audit chain; exit non-zero and name the first broken event of each broken chain."

    def handle(self, *args, **options):
        breaks = verify_all()
        if breaks:
            for scope, brk in breaks:
                self.stderr.write(f"{scope}: event id {brk.event_id} (seq {brk.seq}) {brk.problem}")
            raise CommandError(f"{len(breaks)} audit chain(s) broken")
        self.stdout.write("audit chains intact")
