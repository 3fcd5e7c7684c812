import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from sathi.accounts import keys
from sathi.audit.checkpoints import checkpoint_write
from sathi.audit.services import log_action
from sathi.lib import crypto

ROOT = Path(__file__).resolve().parents[3]


def keys_file_without_audit_key(path: Path) -> Path:
    crypto.generate_keys_file(path)
    raw = json.loads(path.read_text())
    del raw["audit"]
    path.write_text(json.dumps(raw))
    return path


@pytest.fixture
def own_keys_file(settings, tmp_path):
    path = tmp_path / "keys.json"
    path.write_bytes(Path(settings.SATHI_KEYS_FILE).read_bytes())
    settings.SATHI_KEYS_FILE = path
    keys.reset_caches()
    yield path
    keys.reset_caches()


def test_old_events_and_checkpoints_verify_after_the_audit_key_is_rotated(personas, own_keys_file, capsys):
    old = log_action(actor=None, organisation=personas.org, action="person.viewed")
    checkpoint_write()
    call_command("rotate_keys", "--new-audit-key", stdout=StringIO())
    new = log_action(actor=None, organisation=personas.org, action="person.viewed")
    assert new.key_id != old.key_id and new.key_id == keys.keyring().active_audit_id
    call_command("rotate_keys", "--new-master", "--retire", stdout=StringIO())  # audit keys are never retired
    checkpoint_write()
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def test_an_event_is_refused_when_the_keys_file_has_no_audit_key(personas, settings, tmp_path):
    settings.SATHI_KEYS_FILE = keys_file_without_audit_key(tmp_path / "keys.json")
    keys.reset_caches()
    try:
        with pytest.raises(crypto.KeyFileError, match="has no audit key.*rotate_keys --new-audit-key"):
            log_action(actor=None, organisation=personas.org, action="person.viewed")
    finally:
        keys.reset_caches()


def test_ensure_dev_keys_adds_an_audit_key_to_an_old_development_keys_file(settings, tmp_path):
    path = keys_file_without_audit_key(tmp_path / "keys.json")
    masters = crypto.load_keys_file(path).masters
    settings.DEBUG, settings.SATHI_KEYS_FILE = True, path
    out = StringIO()
    call_command("ensure_dev_keys", stdout=out)
    ring = crypto.load_keys_file(path)
    assert "Added an audit key" in out.getvalue()
    assert ring.active_audit_id in ring.audit_keys and ring.masters == masters
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_production_refuses_to_start_without_an_audit_key(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sathi.settings",
        "SATHI_DEBUG": "0",
        "SATHI_SECRET_KEY": "s" * 60,
        "SATHI_ALLOWED_HOSTS": "localhost",
        "SATHI_KEYS_FILE": str(keys_file_without_audit_key(tmp_path / "keys.json")),
    }
    env.pop("SATHI_DATABASE_URL", None)
    env["SATHI_DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "has no audit key" in done.stderr
