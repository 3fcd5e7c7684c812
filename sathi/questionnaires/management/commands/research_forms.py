"""manage.py research_forms [--out DIR] [--organisation NAME]: 003's four questionnaires, from their source.

--out writes each as an .xlsx XLSForm (to open in Excel, KoboToolbox or ODK Central); --organisation imports
them into an organisation as the next version of each.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sathi.accounts.models import Organisation
from sathi.questionnaires.research_forms import FORMS, workbook
from sathi.questionnaires.services import questionnaire_import


class Command(BaseCommand):
    help = "Write (--out) or import (--organisation) the four questionnaires of the prevention research."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="a folder to write the .xlsx files to")
        parser.add_argument("--organisation", help="the organisation's name")

    def handle(self, *args, out=None, organisation=None, **options):
        if not out and not organisation:
            raise CommandError("Give --out DIR, --organisation NAME, or both.")
        target = Organisation.objects.filter(name=organisation).first() if organisation else None
        if organisation and target is None:
            raise CommandError(f"No organisation is named {organisation!r}.")
        for form_id in FORMS:
            content = workbook(form_id)
            if out:
                Path(out).mkdir(parents=True, exist_ok=True)
                (Path(out) / f"{form_id}.xlsx").write_bytes(content)
                self.stdout.write(f"wrote {form_id}.xlsx")
            if target is not None:
                imported = questionnaire_import(
                    actor=None, organisation=target, data=content, filename=f"{form_id}.xlsx"
                )
                self.stdout.write(f"imported {form_id} as version {imported.version.number}")
