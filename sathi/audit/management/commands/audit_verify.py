from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sathi.audit.checkpoints import verify_checkpoints
from sathi.audit.verify import verify_chains


class Command(BaseCommand):
    help = (
        "Verify every audit chain and the signed checkpoints outside the database; exit non-zero and name "
        "the first broken event of each broken chain and each checkpoint the database no longer matches."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint-file",
            type=Path,
            help="a checkpoint file to verify against (a shipped copy); default SATHI_AUDIT_CHECKPOINT_FILE",
        )

    def handle(self, *args, **options):
        breaks = verify_chains()
        for chain, brk in breaks:
            self.stderr.write(f"{chain}: event id {brk.event_id} (seq {brk.seq}) {brk.problem}")
        problems = verify_checkpoints(options["checkpoint_file"])
        for problem in problems:
            self.stderr.write(f"checkpoint {problem}")
        if breaks or problems:
            raise CommandError(f"{len(breaks)} audit chain(s) broken, {len(problems)} checkpoint problem(s)")
        self.stdout.write("audit chains intact and agree with every checkpoint")
