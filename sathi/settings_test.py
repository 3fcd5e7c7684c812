"""Settings for the test suite: the production module with fast hashing and eager jobs."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SATHI_SECRET_KEY", "test-secret-key-not-for-production-" + "y" * 20)
os.environ.setdefault("SATHI_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
if not os.environ.get("SATHI_KEYS_FILE"):
    # Fresh master keys per run, outside the repository.
    from sathi.lib.crypto import generate_keys_file

    _keys = Path(tempfile.mkdtemp(prefix="sathi-test-")) / "keys.json"
    generate_keys_file(_keys)
    os.environ["SATHI_KEYS_FILE"] = str(_keys)

from sathi.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production is Argon2
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SECURE_SSL_REDIRECT = False
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sathi-test-files-"))
SATHI_AUDIT_CHECKPOINT_FILE = Path(tempfile.mkdtemp(prefix="sathi-test-audit-")) / "checkpoints.jsonl"
# No collectstatic before the suite: templates name the source files. The hashed, compressed names are
# proved by sathi/tests/test_serve.py against a real gunicorn.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Whitenoise serves STATIC_ROOT and warns, for every test client, when it is missing: an empty one of the
# run's own, so the suite's output carries only what matters.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="sathi-test-static-"))
# A test database is thrown away: a commit need not wait for its WAL to reach the disk (a crash loses only the
# last commits, never consistency). On a busy disk this is most of a PostgreSQL run's waiting.
for _database in DATABASES.values():  # noqa: F405
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database["OPTIONS"]["options"] += " -c synchronous_commit=off"
