"""Action codes are registered once, with words: every code the code base writes is in the registry."""

import ast
from html import escape
from pathlib import Path

import pytest
from django.utils import translation

from sathi.audit.actions import ACTIONS, UnknownAction
from sathi.audit.models import AuditEvent
from sathi.audit.services import log_action

ROOT = Path(__file__).resolve().parents[3]
# What writes an event: log_action, and log_member_action (the services' one call, action second).
WRITERS = {"log_action", "log_member_action", "log_passkey_action"}


def _literals(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)
    elif isinstance(node, ast.JoinedStr):
        yield "<a code built at run time>"


def codes_in_the_code_base() -> dict[str, str]:
    """Each code passed as an action (or assigned to a variable named `action`), with where it is."""
    found: dict[str, str] = {}
    for path in [*(ROOT / "sathi").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]:
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            values = []
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in WRITERS:
                    values += [kw.value for kw in node.keywords if kw.arg == "action"]
                    if name != "log_action" and len(node.args) >= 2:
                        values.append(node.args[1])
            elif isinstance(node, ast.Assign) and any(
                getattr(t, "id", None) == "action" for t in node.targets
            ):
                values.append(node.value)
            for value in values:
                for code in _literals(value):
                    found.setdefault(code, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_action_code_written_is_registered():
    used = codes_in_the_code_base()
    assert len(used) > 50  # the collector sees the code base
    unregistered = {code: where for code, where in used.items() if code not in ACTIONS}
    assert not unregistered, f"register these in sathi/audit/actions.py: {unregistered}"


def test_every_registered_action_code_is_written_somewhere():
    assert not set(ACTIONS) - set(codes_in_the_code_base()), "remove the codes nothing writes"


def test_log_action_refuses_an_unregistered_action_code(personas):
    before = AuditEvent.objects.count()
    with pytest.raises(UnknownAction):
        log_action(actor=None, organisation=personas.org, action="person.peeked")
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Person's record opened"), ("bn", "ব্যক্তির রেকর্ড খোলা হয়েছে"), ("hi", "व्यक्ति का रिकॉर्ड खोला गया")],
)
def test_the_auditors_page_shows_words_not_codes(client, personas, events, language, words):
    from conftest import sign_in

    sign_in(client, personas.auditor)
    with translation.override(language):
        response = client.get("/audit/", HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert response.status_code == 200
    assert escape(words) in page
    assert "person.viewed" not in page.split("<table")[1]  # the table; the filter's values may hold codes


def test_the_auditor_sees_that_a_reason_was_given_never_the_reason(client, personas, settings):
    from conftest import sign_in
    from sathi.people import grants
    from sathi.people.tests.factories import register

    person = register(personas.caseworker, names=["Mita Das"], phone="+91 90000 22222", stated_age=30)
    grants.break_glass_open(
        actor=personas.counsellor, person_id=person.pk, reason="Crisis call at night and her worker is away."
    )
    sign_in(client, personas.auditor)
    page = client.get("/audit/").content.decode()
    assert "Emergency opening of a record" in page and "A reason was given" in page
    assert "Crisis call" not in page
