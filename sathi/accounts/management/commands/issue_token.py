from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sathi.accounts.models import Membership
from sathi.accounts.services import api_token_issue


class Command(BaseCommand):
    help = (
        "Issue an API bearer token for a user's membership. The token is printed once and stored as a "
        "digest. Workers issue their own on the API tokens page, after confirming their password and code."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True)
        parser.add_argument("--organisation", type=int, help="organisation id, when the user has several")
        parser.add_argument("--label", default="")
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SATHI_TOKEN_MAX_DAYS,
            help=f"days until it expires (1 to SATHI_TOKEN_MAX_DAYS, now {settings.SATHI_TOKEN_MAX_DAYS})",
        )
        parser.add_argument("--read-only", action="store_true", help="refused on every write")

    def handle(self, *args, **options):
        memberships = Membership.objects.filter(user__username=options["user"], is_active=True)
        if options["organisation"]:
            memberships = memberships.filter(organisation_id=options["organisation"])
        found = list(memberships[:2])
        if not found:
            raise CommandError("No active membership for that user.")
        if len(found) > 1:
            raise CommandError("The user has several organisations: pass --organisation.")
        try:
            token = api_token_issue(
                membership=found[0],
                label=options["label"],
                days=options["days"],
                read_only=options["read_only"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(token)
