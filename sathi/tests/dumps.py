"""The raw-dump readers the plaintext tests share: PostgreSQL's own `pg_dump` of the test database."""

import shutil
import subprocess

import pytest
from django.db import connection


def pg_dump() -> bytes:
    """Every row of the test database as `pg_dump --data-only` writes it."""
    settings = connection.settings_dict
    command = shutil.which("pg_dump")
    if command is None:
        pytest.fail("pg_dump is needed for this test on PostgreSQL")
    args = [
        command,
        "--data-only",
        "-h",
        settings["HOST"] or "127.0.0.1",
        "-p",
        str(settings["PORT"] or 5432),
        "-U",
        settings["USER"] or "postgres",
        settings["NAME"],
    ]
    return subprocess.run(args, check=True, capture_output=True).stdout  # noqa: S603
