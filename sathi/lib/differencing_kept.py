"""The answers of exact differencing checks, kept per system of equations (sathi.lib.differencing).

A check's answer (which hidden entries all the entries together fix) is a function of exactly: every
entry's key (which the totals-minus-parts rows are built from), which entries are hidden, the values of
the others, the atoms each holds (the merged matrix and each atom's merged column), the blocks and the
witness. The key below is a hash of all of them, so a kept answer is the answer the check gives again.

Between rounds the question changes (more is hidden), so this saves nothing inside one protection; it
saves the same release asked again against the same ledger state (a preview, then the download), where
every check of the protection asks the same questions in the same order. The ledger changes on every
recorded release, and each release's numbers are part of the key, so a changed ledger never meets an
answer kept for another.

Also kept here, per ledger state: what the earlier releases give away by themselves (`given_away_before`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from collections import OrderedDict

import numpy as np

_ANSWERS: OrderedDict[str, np.ndarray] = OrderedDict()
ANSWERS_KEPT = 32  # a release's protection asks 2 to 5: a few states' worth, some kilobytes each


def atoms_digest(full, group, n_atoms: int, blocks, witness) -> bytes:
    """The part of the key that the rounds of one protection share: the atoms, blocks and witness."""
    digest = hashlib.sha256(repr((n_atoms, full.shape)).encode())
    for part in (full.indptr, full.indices, full.data, group):
        digest.update(np.ascontiguousarray(part).tobytes())
    for part in (blocks, witness):
        digest.update(b"none" if part is None else np.ascontiguousarray(part, dtype=np.float64).tobytes())
    return digest.digest()


def key(entries, atoms: bytes) -> str:
    """A hash of everything a check's answer depends on: `atoms_digest`, and each entry's key and value
    (None when hidden)."""
    digest = hashlib.sha256(atoms)
    digest.update(repr([(e.key, e.value) for e in entries]).encode())
    return digest.hexdigest()


def recall(name: str) -> np.ndarray | None:
    """The positions (among the hidden entries) a check of the same system found fixed, if kept ("": no
    name, nothing kept)."""
    answer = _ANSWERS.get(name) if name else None
    if answer is not None:
        # Another thread's check may have pushed it out meanwhile: the answer stands.
        with contextlib.suppress(KeyError):
            _ANSWERS.move_to_end(name)
    return answer


def keep(name: str, fixed_at: np.ndarray) -> None:
    if not name:
        return
    _ANSWERS[name] = np.array(fixed_at, dtype=np.int64)
    while len(_ANSWERS) > ANSWERS_KEPT:
        _ANSWERS.popitem(last=False)


def forget() -> None:
    """Drop every answer kept here: the next release is checked as the first after the ledger changed
    (the benchmark's cold figure)."""
    _ANSWERS.clear()
    _BEFORE.clear()


# What the earlier releases give away by themselves, per ledger state: it depends on the earlier releases
# and on which entries the new table has (its frame), never on the new table's values, and the ledger
# changes only on a release. Kept in the process for the last few states.
_BEFORE: OrderedDict[str, frozenset] = OrderedDict()
BEFORE_KEPT = 8


def given_away_before(exposed, earlier, mine, n_atoms, blocks, witness, merged, saved, recall=None):
    """The keys the earlier releases fix alone (theirs, and the new entries they already fix), and whether
    a check (`exposed`, sathi.lib.differencing's) computed them (1) or the ledger state's answer was kept
    (0)."""
    if not earlier:
        return frozenset(), 0
    full, group = merged
    digest = hashlib.sha256()
    for part in (full.indptr, full.indices, group, np.asarray(blocks if blocks is not None else [])):
        digest.update(np.ascontiguousarray(part).tobytes())
    digest.update(repr([(e.key, e.value) for e in earlier] + [e.key for e in mine]).encode())
    # Whether the counts as they are now solve the earlier releases decides how they are checked (by
    # districts, or whole): it is part of the state, not the values of the new table.
    solves = witness is not None and blocks is not None
    if solves:
        summed = np.zeros(full.shape[1])
        np.add.at(summed, group, np.asarray(witness, dtype=float))
        rows = [k for k, e in enumerate(earlier) if e.value is not None]
        values = np.array([earlier[k].value for k in rows], dtype=float)
        solves = bool(np.abs(full[rows] @ summed - values).max(initial=0.0) <= 1e-6)
    digest.update(b"solves" if solves else b"whole")
    key = digest.hexdigest()
    if key in _BEFORE:
        _BEFORE.move_to_end(key)
        return _BEFORE[key], 0
    blank = [dataclasses.replace(e, value=None) for e in mine]
    kw = {"blocks": blocks, "witness": witness, "merged": merged, "saved": saved, "recall": recall}
    _BEFORE[key] = found = frozenset(exposed([*earlier, *blank], n_atoms, **kw))
    while len(_BEFORE) > BEFORE_KEPT:
        _BEFORE.popitem(last=False)
    return found, 1
