"""The house's layers are a contract (pyproject.toml, [tool.importlinter]) that `make lint` checks.

The contract is only worth something if it fails: each test here runs import-linter on a copy of the source
tree with one deliberate breach and asserts the breach is named.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _copy_with(tmp_path: Path, module: str, source: str) -> Path:
    """The Python sources and the contract, with one more module holding `source`."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "sathi",
        tmp_path / "sathi",
        ignore=lambda _dir, names: [
            n for n in names if n in {"locale", "static", "templates", "__pycache__"}
        ],
    )
    (tmp_path / Path(*module.split("."))).with_suffix(".py").write_text(source)
    return tmp_path


def test_the_real_tree_keeps_the_import_contract():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contract_fails_on_a_deliberate_breach(tmp_path):
    root = _copy_with(tmp_path, "sathi.lib.breach", "from sathi.people import policy  # noqa: F401\n")
    result = _lint_imports(root)
    assert result.returncode == 1
    assert "sathi.lib is not allowed to import sathi.people" in result.stdout
    assert "sathi.lib.breach -> sathi.people.policy" in result.stdout


def test_import_contract_fails_when_a_domain_app_imports_its_peer(tmp_path):
    root = _copy_with(tmp_path, "sathi.care.breach", "from sathi.relations import models  # noqa: F401\n")
    result = _lint_imports(root)
    assert result.returncode == 1
    assert "sathi.care is not allowed to import sathi.relations" in result.stdout


def test_import_contract_fails_when_a_domain_app_imports_the_demo(tmp_path):
    root = _copy_with(tmp_path, "sathi.screening.breach", "from sathi.demo import synthetic  # noqa: F401\n")
    result = _lint_imports(root)
    assert result.returncode == 1
    assert "sathi.screening is not allowed to import sathi.demo" in result.stdout
