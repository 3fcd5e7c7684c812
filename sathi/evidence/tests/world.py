"""Small worlds for the evidence tests, made through the services as a worker would."""

from __future__ import annotations

from datetime import date

import numpy as np
from scipy.optimize import linprog

from sathi.care import services as care
from sathi.evidence.catalogue import Frame
from sathi.evidence.ledger import Atoms
from sathi.evidence.models import Release
from sathi.people.tests.factories import agree_to_statistics, register


def cases(actor, spec: list[tuple[str, str, int, int]], *, year: int = 2026) -> list:
    """(district, gender, month, how many): people registered, counted in statistics, a case opened."""
    people = []
    for district, gender, month, many in spec:
        for index in range(many):
            person = register(
                actor,
                names=[f"P {district} {gender} {month} {index}"],
                phone="",
                stated_age=30,
                gender=gender,
                origin_district=district,
            )
            agree_to_statistics(actor, person)
            care.case_open(
                actor=actor, person_id=person.pk, origin="self_referral", opened_on=date(year, month, 10)
            )
            people.append(person)
    return people


def ledger_entries(organisation, table: str):
    """Every entry of every release of a table, over one common set of atoms."""
    releases = list(Release.objects.filter(organisation=organisation, table=table).order_by("released_at"))
    frames = [
        (Frame.from_json(r.parameters), r.published["rows"], [tuple(c) for c in r.published["columns"]])
        for r in releases
    ]
    atoms = Atoms(frames)
    entries = []
    for index, release in enumerate(releases):
        entries += atoms.entries(index, release.published, index)
    return entries, atoms.size


def lp_recovered(entries, n_atoms: int) -> list[tuple]:
    """The attack: minimise and maximise each hidden entry subject to every published one, counts >= 0.
    A hidden entry is recovered when its feasible range holds at most one whole number."""
    shown = [e for e in entries if e.value is not None]
    used = sorted({int(a) for e in entries for a in e.atoms})
    column = {a: k for k, a in enumerate(used)}
    a_eq = np.zeros((len(shown), len(used)))
    for r, e in enumerate(shown):
        a_eq[r, [column[int(a)] for a in e.atoms]] = 1
    b_eq = np.array([e.value for e in shown], dtype=float)
    found = []
    for e in entries:
        if e.value is not None:
            continue
        c = np.zeros(len(used))
        c[[column[int(a)] for a in e.atoms]] = 1
        low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status == 0
        if np.floor(-high.fun + 1e-6) - np.ceil(low.fun - 1e-6) < 1:
            found.append(e.key)
    return found


def subtraction_recovered(entries) -> list[tuple]:
    """Every subtraction of one published number from another that leaves exactly a hidden entry, and every
    hidden entry published elsewhere as it is."""
    import itertools

    shown = [(e, frozenset(int(a) for a in e.atoms)) for e in entries if e.value is not None]
    hidden = {frozenset(int(a) for a in e.atoms): e.key for e in entries if e.value is None}
    found = [hidden[atoms] for _e, atoms in shown if atoms in hidden]
    for (_big, big), (_small, small) in itertools.permutations(shown, 2):
        if small < big and (big - small) in hidden:
            found.append(hidden[big - small])
    return found
