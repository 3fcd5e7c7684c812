"""The daily jobs an app above care adds to `manage.py care_checks` (run once a day from cron): one cron
line queues them all, and the command imports nothing above its own layer."""

from __future__ import annotations

# django-tasks tasks taking an organisation's id, queued once a day for every organisation.
PER_ORGANISATION: list = []


def per_organisation(task):
    PER_ORGANISATION.append(task)
    return task
