"""Form limits match the server's (issue 15, item 7): a field's maxlength in the browser is the limit the
service or the database column enforces, so a worker is stopped while typing, not after sending.

The server's limit for a field is read from the code that enforces it: a `clean_text(..., field="<name>",
max_length=N)` in the app's modules (or in places, which several apps write through), and a model CharField
of the same name in those apps. A form field whose name has such a limit must carry one of them.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

from django import forms
from django.apps import apps

import sathi

APPS = ["people", "care", "legal", "screening", "relations", "violations", "prevention", "accounts"]
ROOT = Path(sathi.__file__).parent
CLEAN_TEXT = re.compile(r'clean_text\(\s*[^,()]+,\s*field="(\w+)",\s*max_length=([\w_]+)')
# Fields whose form limit is for the whole text while the server's is per line or per item, or for a
# password (the model holds its hash): the per-line limits are checked by the services and said in the
# error message.
WHOLE_TEXT = {"areas", "agency_names", "names", "aliases", "indicators", "password"}


def _constant(module_path: Path, value: str) -> int:
    if value.replace("_", "").isdigit():
        return int(value.replace("_", ""))
    module = importlib.import_module(".".join(module_path.relative_to(ROOT.parent).with_suffix("").parts))
    return int(getattr(module, value))


def _server_limits(app: str) -> dict[str, set[int]]:
    limits: dict[str, set[int]] = {}
    for where in (app, "places"):
        for path in (ROOT / where).glob("*.py"):
            for name, value in CLEAN_TEXT.findall(path.read_text()):
                limits.setdefault(name, set()).add(_constant(path, value))
        for model in apps.get_app_config(where).get_models():
            for field in model._meta.get_fields():
                if getattr(field, "max_length", None) and not getattr(field, "choices", None):
                    limits.setdefault(field.name, set()).add(field.max_length)
    return limits


def _form_text_fields():
    for app in APPS:
        module = importlib.import_module(f"sathi.{app}.forms")
        for _name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                for name, field in form.base_fields.items():
                    if isinstance(field, forms.CharField) and name not in WHOLE_TEXT:
                        yield app, form, name, field


def test_every_text_field_carries_the_servers_limit_as_its_maxlength():
    wrong, checked = [], 0
    limits = {app: _server_limits(app) for app in APPS}
    for app, form, name, field in _form_text_fields():
        allowed = limits[app].get(name)
        if not allowed:
            continue  # no server limit by this name: the form's own (a code, a search, a token)
        checked += 1
        maxlength = field.widget_attrs(field.widget).get("maxlength")
        if maxlength is None or int(maxlength) not in allowed:
            wrong.append(f"{form.__module__}.{form.__name__}.{name}: {maxlength}, server {sorted(allowed)}")
    assert wrong == []
    assert checked > 40  # the rule reads the real limits, not an empty table


def test_counts_on_the_raid_form_stop_where_the_service_does():
    from sathi.violations.forms import RaidForm
    from sathi.violations.services import MAX_COUNT

    for name, field in RaidForm.base_fields.items():
        if isinstance(field, forms.IntegerField) and not isinstance(field.widget, forms.HiddenInput):
            assert field.widget_attrs(field.widget).get("max") == MAX_COUNT, name
