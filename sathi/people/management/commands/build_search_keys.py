from django.core.management.base import BaseCommand

from sathi.people.namesearch import SCHEME, name_keys_build


class Command(BaseCommand):
    help = (
        "Write the name-search keys (docs/search.md) of every person who has none of the current scheme: "
        "after upgrading to a Sathi with variant name search, or after a change of the key scheme. A batch "
        "per transaction, in id order; stopped, it goes on where it was when run again. --rebuild rewrites "
        "everyone's."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500)
        parser.add_argument("--rebuild", action="store_true")

    def handle(self, *args, batch, rebuild, **options):
        def progress(done: int) -> None:
            if done % (batch * 20) == 0:
                self.stdout.write(f"  {done} people")

        done = name_keys_build(batch=batch, rebuild=rebuild, progress=progress)
        self.stdout.write(f"Name-search keys (scheme {SCHEME}) written for {done} people.")
