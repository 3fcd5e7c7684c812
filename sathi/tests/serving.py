"""Helpers for tests that run Sathi as real processes with production settings (debug off)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from sathi.lib.crypto import generate_keys_file

ROOT = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(folder: Path, *, keys: bool = True, **extra: str) -> dict[str, str]:
    """The environment of a deployment on this machine: debug off, fresh secret and keys, plain HTTP."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SATHI_", "DJANGO_"))}
    keys_file = folder / "keys.json"
    if keys and not keys_file.exists():
        generate_keys_file(keys_file)
    env.update(
        DJANGO_SETTINGS_MODULE="sathi.settings",
        SATHI_DEBUG="0",
        SATHI_SECRET_KEY=secrets.token_urlsafe(50),
        SATHI_KEYS_FILE=str(keys_file),
        SATHI_DATABASE_URL=f"sqlite:///{folder / 'sathi.sqlite3'}",
        SATHI_ALLOWED_HOSTS="127.0.0.1,localhost",
        SATHI_STATIC_ROOT=str(folder / "static"),
        SATHI_SSL_REDIRECT="0",
        SATHI_SECURE_COOKIES="0",
        SATHI_HSTS_SECONDS="0",
        SATHI_WEB_WORKERS="2",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],  # noqa: S603
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
