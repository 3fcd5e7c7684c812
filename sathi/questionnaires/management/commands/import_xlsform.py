"""manage.py import_xlsform FILE --organisation NAME: the same import as the page and the API."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sathi.accounts.models import Organisation
from sathi.questionnaires.refusals import XLSFormRefused
from sathi.questionnaires.services import DEFAULT_CLASS, questionnaire_import
from sathi.questionnaires.vocab import QuestionClass


class Command(BaseCommand):
    help = "Import an XLSForm (.xlsx or .xls) as the next version of the organisation's questionnaire."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--organisation", required=True, help="the organisation's name")
        parser.add_argument(
            "--default-class",
            default=DEFAULT_CLASS,
            choices=QuestionClass.values,
            help="field class of questions without a sathi::class (default: violence)",
        )

    def handle(self, *args, file, organisation, default_class, **options):
        organisation_row = Organisation.objects.filter(name=organisation).first()
        if organisation_row is None:
            raise CommandError(f"No organisation is named {organisation!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}.")
        try:
            # actor=None: the audit log records the operator at the command line, as for every command.
            imported = questionnaire_import(
                actor=None,
                organisation=organisation_row,
                data=path.read_bytes(),
                filename=path.name,
                default_class=default_class,
            )
        except XLSFormRefused as exc:
            raise CommandError(f"Refused: {exc.full_message()}") from None
        version = imported.version
        self.stdout.write(
            f"Imported {version.questionnaire.title} ({version.questionnaire.form_id}) as version "
            f"{version.number}: {version.questions.count()} questions, {len(imported.warnings)} warnings."
        )
        for warning in imported.warnings:
            where = ", ".join(
                part
                for part in (
                    f"sheet {warning['sheet']}" if warning["sheet"] else "",
                    f"row {warning['row']}" if warning["row"] else "",
                    f"column {warning['column']}" if warning["column"] else "",
                )
                if part
            )
            self.stdout.write(f"warning: {where + ': ' if where else ''}{warning['message']}")
