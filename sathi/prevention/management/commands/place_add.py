"""An operator adds a place of the shared geography (a block, a gram panchayat, a village, a ward...)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sathi.prevention.services import shared_place_add


class Command(BaseCommand):
    help = "Add a shared place: --kind block --name NAME --parent ID (audited, with no organisation)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--parent", type=int, default=None)

    def handle(self, *args, kind, name, parent, **options):
        try:
            place = shared_place_add(actor=None, kind=kind, name=name, parent_id=parent)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"place {place.pk}")
