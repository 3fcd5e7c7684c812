"""With debug off Sathi refuses to start without its secret and a safe keys file: every command, and the
server's own app load, as real processes (nothing started in-process can prove what a process does)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sathi.tests.serving import GUNICORN, ROOT, free_port, production_env


def commands() -> dict[str, list[str]]:
    return {
        "runserver": [sys.executable, "manage.py", "runserver", f"127.0.0.1:{free_port()}"],
        "migrate": [sys.executable, "manage.py", "migrate", "--noinput"],
        "gunicorn": [str(GUNICORN), "-c", "gunicorn.conf.py", "sathi.wsgi:application"],
    }


def start(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Runs a command that must refuse at once; one still running after a minute has started instead."""
    if command[0] == str(GUNICORN):
        env = {**env, "SATHI_BIND": f"127.0.0.1:{free_port()}"}
    process = subprocess.Popen(  # noqa: S603
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        out, err = process.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"{command[1:3]} started instead of refusing")
    return subprocess.CompletedProcess(command, process.returncode, out, err)


@pytest.mark.parametrize("name", ["runserver", "migrate", "gunicorn"])
def test_with_debug_off_and_no_keys_file_runserver_migrate_and_gunicorns_app_load_all_refuse(tmp_path, name):
    env = production_env(tmp_path, keys=False)
    result = start(commands()[name], env)
    assert result.returncode != 0
    assert "Sathi refuses to start: the keys file" in result.stderr
    assert "cannot be read" in result.stderr


@pytest.mark.parametrize("name", ["runserver", "migrate", "gunicorn"])
def test_with_debug_off_and_no_secret_every_command_refuses(tmp_path, name):
    env = production_env(tmp_path)
    del env["SATHI_SECRET_KEY"]
    result = start(commands()[name], env)
    assert result.returncode != 0
    assert "Sathi refuses to start: Set the environment variable SATHI_SECRET_KEY." in result.stderr


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_a_keys_file_readable_by_group_or_others_is_refused_with_a_clear_message(tmp_path, mode):
    env = production_env(tmp_path)
    (tmp_path / "keys.json").chmod(mode)
    for name in ("migrate", "gunicorn"):
        result = start(commands()[name], env)
        assert result.returncode != 0
        assert f"readable or writable by other users (mode {mode:04o}). Run: chmod 600" in result.stderr


def test_a_malformed_keys_file_is_refused(tmp_path):
    env = production_env(tmp_path, keys=False)
    keys = tmp_path / "keys.json"
    keys.write_text("{}")
    keys.chmod(0o600)
    result = start(commands()["migrate"], env)
    assert result.returncode != 0
    assert "Sathi refuses to start: keys file is malformed" in result.stderr


@pytest.mark.parametrize("mode", [0o600, 0o400])
def test_a_keys_file_only_its_owner_reads_starts(tmp_path, mode):
    env = production_env(tmp_path)
    (tmp_path / "keys.json").chmod(mode)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
