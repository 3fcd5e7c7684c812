"""The policy as data: one table, one function that asks it, and no role check anywhere else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sathi.accounts.models import Role
from sathi.people import policy
from sathi.people.policy import POLICY, Decision, FieldClass, Kind, Verb
from sathi.people.tests.factories import register

ROOT = Path(__file__).resolve().parents[2]
# The accounts services sit below `people` (DESIGN layers), so the one "admin only" test of their own
# services cannot import the policy; its views ask the policy before any of them is reached.
ROLE_CHECK_ALLOWED = {"people/policy.py", "accounts/services.py", "accounts/decorators.py"}
ROLE_CHECK = re.compile(r"actor\.role\b|@actor_required\(\s*Role\.")
TEMPLATES = ROOT / "templates"


def test_every_role_has_one_row_in_the_policy():
    assert set(POLICY) == set(Role.values)


def test_no_role_check_outside_the_policy():
    """Access is asked of `policy.decide()`; a role compared by hand elsewhere is a second policy."""
    found = []
    for path in [*ROOT.rglob("*.py"), *TEMPLATES.rglob("*.html")]:
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative in ROLE_CHECK_ALLOWED:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ROLE_CHECK.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []


def test_listing_a_kind_follows_reading_its_class():
    for role, rules in POLICY.items():
        if Kind.LEGAL_STEP in rules.lists:
            assert FieldClass.LEGAL in rules.reads, role
        for kind in (Kind.INCIDENT, Kind.RELATION_MAP):
            if kind in rules.lists:
                assert FieldClass.VIOLENCE in rules.reads, (role, kind)


def test_roles_without_people_read_no_class_and_list_no_row(personas):
    for role in (Role.ANALYST, Role.ORG_ADMIN, Role.AUDITOR):
        actor = personas.by_role[role]
        for field_class in FieldClass:
            assert policy.decide(actor, Verb.READ, field_class=field_class) is Decision.HIDE
        for kind in (Kind.PERSON, Kind.CASE, Kind.LEGAL_STEP, Kind.INCIDENT, Kind.RELATION_MAP):
            assert policy.decide(actor, kind) is Decision.HIDE


def test_a_person_is_hidden_unless_assigned_supervised_or_opened_by_break_glass(personas):
    from sathi.people.grants import break_glass_open

    person = register(personas.caseworker)
    assert policy.decide(personas.caseworker, Kind.PERSON, person) is Decision.ALLOW
    assert policy.decide(personas.supervisor, Kind.PERSON, person) is Decision.ALLOW
    assert policy.decide(personas.counsellor, Kind.PERSON, person) is Decision.HIDE
    assert policy.decide(personas.outsider, Kind.PERSON, person) is Decision.HIDE
    # Hidden, she is hidden in every class too: nobody learns that the record exists.
    assert policy.decide(personas.counsellor, Verb.READ, person, FieldClass.HEALTH) is Decision.HIDE
    assert policy.decide(personas.counsellor, Verb.BREAK_GLASS, person) is Decision.ALLOW
    assert policy.decide(personas.outsider, Verb.BREAK_GLASS, person) is Decision.HIDE
    assert policy.decide(personas.supervisor, Verb.BREAK_GLASS, person) is Decision.HIDE
    break_glass_open(actor=personas.counsellor, person_id=person.pk, reason="She called at night, in danger.")
    assert policy.decide(personas.counsellor, Kind.PERSON, person) is Decision.ALLOW
    assert policy.decide(personas.counsellor, Verb.READ, person, FieldClass.HEALTH) is Decision.ALLOW
    assert policy.decide(personas.counsellor, Verb.READ, person, FieldClass.LEGAL) is Decision.MASK


def test_only_an_allow_is_true():
    assert Decision.ALLOW
    assert not Decision.MASK
    assert not Decision.HIDE


def test_a_field_question_names_its_class(personas):
    with pytest.raises(TypeError, match="field class"):
        policy.decide(personas.caseworker, Verb.READ)
