from django.core.management.base import BaseCommand, CommandError

from sathi.accounts.models import Membership
from sathi.accounts.services import api_token_issue


class Command(BaseCommand):
    help = (
        "Issue an API bearer token for a user's membership. The token is printed once and stored as a digest."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True)
        parser.add_argument("--organisation", type=int, help="organisation id, when the user has several")
        parser.add_argument("--label", default="")

    def handle(self, *args, **options):
        memberships = Membership.objects.filter(user__username=options["user"], is_active=True)
        if options["organisation"]:
            memberships = memberships.filter(organisation_id=options["organisation"])
        found = list(memberships[:2])
        if not found:
            raise CommandError("No active membership for that user.")
        if len(found) > 1:
            raise CommandError("The user has several organisations: pass --organisation.")
        self.stdout.write(api_token_issue(membership=found[0], label=options["label"]))
