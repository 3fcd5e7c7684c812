import getpass
import secrets
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sathi.accounts.models import Organisation, OrganisationKind, Role
from sathi.accounts.services import organisation_create, user_create


class Command(BaseCommand):
    help = (
        "First run of a production install: create an organisation and its first admin. The admin's "
        "password is generated and printed once, or read from standard input with --password-stdin; it is "
        "never an argument (argv is visible to other users and kept in shell history) and never logged. "
        "At first sign-in the admin sets up the second factor before anything else."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("name", help="the organisation's name")
        parser.add_argument("--kind", required=True, choices=OrganisationKind.values)
        parser.add_argument("--admin-username", required=True)
        parser.add_argument("--admin-name", default="", help="the admin's display name")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the admin's password from standard input (asked twice, unechoed, at a terminal)",
        )

    def handle(self, *args, **options):
        name = options["name"].strip()
        if Organisation.objects.filter(name__iexact=name).exists():
            raise CommandError("An organisation with this name exists already. Nothing was changed.")
        generated = not options["password_stdin"]
        password = secrets.token_urlsafe(15) if generated else self._read_password(options)
        try:
            with transaction.atomic():
                # actor=None: the audit log records the operator at the command line, as for every command.
                organisation = organisation_create(actor=None, name=name, kind=options["kind"])
                user_create(
                    actor=None,
                    organisation=organisation,
                    username=options["admin_username"],
                    display_name=options["admin_name"],
                    password=password,
                    role=Role.ORG_ADMIN,
                )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages) + " Nothing was changed.") from exc
        username = options["admin_username"]
        self.stdout.write(f"Created organisation {organisation.pk} and its admin {username}.")
        if generated:
            self.stdout.write(f"One-time password, shown only now: {password}")
        self.stdout.write(
            "At the first sign-in Sathi asks the admin to set up an authenticator app (the second factor)."
        )

    def _read_password(self, options) -> str:
        stdin = options.get("stdin", sys.stdin)
        if stdin.isatty():
            password = getpass.getpass("Password for the admin: ")
            if getpass.getpass("The same again: ") != password:
                raise CommandError("The two passwords differ. Nothing was changed.")
        else:
            password = stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("No password on standard input. Nothing was changed.")
        return password
