"""Background jobs: thin, take ids, call the service."""

from django_tasks import task

from sathi.questionnaires.imports import import_run


@task()
def import_submissions(import_id: int) -> int:
    """Import a Kobo or Central export queued by `submissions_import`; returns how many it holds."""
    return import_run(import_id).total
