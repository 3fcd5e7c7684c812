import os
import secrets

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sathi.accounts.models import Membership, Organisation, OrganisationKind, Role
from sathi.accounts.services import organisation_create, user_create
from sathi.accounts.totp import device_create
from sathi.demo import case_rows, cases
from sathi.demo import people as population

DEFAULT_ORGANISATION = "Synthetic population"


def ensure_organisation(name: str, write=lambda line: None) -> Organisation:
    """The named organisation; created with one worker per role (random passwords, not shown) if missing."""
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is not None:
        return organisation
    organisation = organisation_create(actor=None, name=name, kind=OrganisationKind.OTHER)
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")[:40]
    for role in Role:
        user = user_create(
            actor=None,
            organisation=organisation,
            username=f"{role.value.replace('_', '-')}.{slug}",
            display_name=f"{role.label} ({name})",
            password="synthetic-" + secrets.token_urlsafe(18),
            role=role,
        )
        device_create(user=user, confirmed=True)
    write(f"Created organisation {name!r} with one worker per role (random passwords, not shown).")
    return organisation


class Command(BaseCommand):
    help = (
        "Add N synthetic people to an organisation in bulk (COPY on PostgreSQL), with rows exactly as "
        "registration writes them and one audit event for the run; with --cases, open cases for people "
        "of the organisation who have none, as the care services write them. Synthetic data only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, required=True, help="how many people to add (0: none)")
        parser.add_argument(
            "--cases",
            type=int,
            default=0,
            help="then open this many cases for people without one, led by workers assigned to them",
        )
        parser.add_argument(
            "--caseworker",
            default="",
            help="username of a worker who leads --caseworker-cases of them (people assigned to her)",
        )
        parser.add_argument("--caseworker-cases", type=int, default=case_rows.DEDICATED_CASES)
        parser.add_argument("--organisation", default=DEFAULT_ORGANISATION, help="created if missing")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same synthetic data")
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="worker processes on PostgreSQL (default: one per core)",
        )

    def handle(self, *args, **options):
        count, cases = options["persons"], options["cases"]
        if count < 0 or cases < 0 or count + cases < 1:
            raise CommandError("Give --persons and/or --cases, at least 1 in all.")
        organisation = ensure_organisation(options["organisation"], self.stdout.write)
        jobs = options["jobs"] if connection.vendor == "postgresql" else 1
        if count:
            self._people(organisation, count, jobs, options["seed"])
        if cases:
            self._cases(organisation, cases, jobs, options)

    def _people(self, organisation, count: int, jobs: int, seed: int) -> None:
        self.stdout.write(
            f"Adding {count} synthetic people to {organisation.name!r} "
            f"({connection.vendor}, {jobs} process{'es' if jobs > 1 else ''}, seed {seed})."
        )
        step = max(count // 20, population.CHUNK_SIZE)
        last = [0]

        def progress(done: int, total: int, seconds: float) -> None:
            if done - last[0] >= step or done == total:
                last[0] = done
                self.stdout.write(f"  {done:>10} / {total}  {seconds:7.1f} s  {done / seconds:8.0f} people/s")

        try:
            result = population.generate(
                organisation=organisation, count=count, seed=seed, jobs=jobs, progress=progress
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        population.analyse()
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {result.created} people in {result.seconds:.1f} s "
                f"({result.per_second:.0f} people/s); one audit event 'population.generated'."
            )
        )

    def _cases(self, organisation, count: int, jobs: int, options) -> None:
        dedicated = {}
        if options["caseworker"]:
            member = Membership.objects.filter(
                organisation=organisation, user__username=options["caseworker"], is_active=True
            ).first()
            if member is None:
                raise CommandError(f"No active worker {options['caseworker']!r} in {organisation.name!r}.")
            dedicated[member.user_id] = options["caseworker_cases"]
        self.stdout.write(f"Opening {count} synthetic cases in {organisation.name!r} ({connection.vendor}).")
        step = max(count // 10, case_rows.CHUNK_SIZE)
        last = [0]

        def progress(done: int, total: int, seconds: float) -> None:
            if done - last[0] >= step or done == total:
                last[0] = done
                self.stdout.write(f"  {done:>10} / {total}  {seconds:7.1f} s  {done / seconds:8.0f} cases/s")

        try:
            result = cases.generate(
                organisation=organisation,
                count=count,
                seed=options["seed"],
                jobs=jobs,
                dedicated=dedicated,
                progress=progress,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        cases.analyse()
        short = f" (only {result.created} people were without an open case)" if result.created < count else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Opened {result.created} cases{short} in {result.seconds:.1f} s "
                f"({result.per_second:.0f} cases/s, {sum(result.rows.values())} rows); "
                "one audit event 'population.cases_generated'."
            )
        )
