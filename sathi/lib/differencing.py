"""Differencing protection: can a hidden cell of any release be worked out from all releases together?

One table passed alone through `sathi.lib.disclosure.protect_table` hides no cell that its own published
numbers give away. Two releases of overlapping tables can: January to June beside January to May gives June
by subtraction; a district beside its blocks gives the block that the district table hid. This module
answers the question for any set of releases, and protects a new release until the answer is no.

The model. Every published or hidden entry (a cell or a total) is the count over a set of *atoms*: the
finest pieces the releases can be cut into (month classes x place classes x category combinations, built
by the caller). A published entry is an equation: the sum of its atoms' counts is its value. A hidden entry
is *exposed* when every non-negative solution of all the equations gives it the same value, which is what
an attacker with a linear-programming solver finds (the rule test runs that attack).

How we decide it, fast enough for every release (sathi.evidence.ledger):
1. Atoms that lie in exactly the same entries are merged (only their sum can ever be known).
2. Peeling with values: an equation whose unknown atoms sum to zero pins each of them at zero (counts are
   not negative); an equation with one unknown atom gives that atom. Repeat until nothing changes.
3. One linear programme finds the atoms that non-negativity pins at zero in ways peeling misses
   (maximise the number of atoms that can be positive at once).
4. What is left has a solution with every unknown atom strictly positive, so a hidden entry is fixed
   exactly when its atoms' indicator lies in the row space of the remaining equations: we test that
   against a null-space basis (SVD), one component of the equations at a time.
Steps 2 to 4 are exact for the real relaxation; the LP rule test checks integers too (a hidden value's
feasible range must hold more than one whole number).

Protecting a release (`protect_release`) hides more of it until the check finds nothing. With a witness,
each round hides for every exposed entry its whole cascade at once: the new entries that a direction
freeing it changes (`_cascades`); the exact check decides every round, whatever was chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.linalg import null_space
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

from sathi.lib import differencing_blocks, differencing_kept
from sathi.lib.differencing_blocks import TooLargeToCheck

_EPS = 1e-7


@dataclass(frozen=True)
class Entry:
    """One published or hidden number of one release: the atoms it sums, its value (None when hidden)."""

    key: tuple  # the caller's name for it: (release, position)
    atoms: tuple[int, ...]
    value: int | None


def _matrix(entries: Sequence[Entry], n_atoms: int) -> sparse.csr_matrix:
    lengths = np.fromiter((len(e.atoms) for e in entries), dtype=np.int64, count=len(entries))
    rows = np.repeat(np.arange(len(entries)), lengths)
    parts = [np.asarray(e.atoms, dtype=np.int64) for e in entries if len(e.atoms)]
    cols = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    data = np.ones(len(rows), dtype=np.float64)
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(len(entries), n_atoms))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def _merge_columns(matrix: sparse.csr_matrix) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Columns with the same pattern become one (their atoms always appear together); with each atom's
    merged column."""
    if matrix.shape[1] == 0:
        return matrix, np.zeros(0, dtype=np.int64)
    rng = np.random.default_rng(20260101)  # fixed: the same releases always merge the same way
    probes = rng.random((2, matrix.shape[0]))
    signature = np.round((sparse.csr_matrix(probes) @ matrix).toarray().T, 9)
    _unique, group = np.unique(signature, axis=0, return_inverse=True)
    group = group.ravel()
    merge = sparse.csr_matrix(
        (np.ones(len(group)), (np.arange(len(group)), group)), shape=(len(group), group.max() + 1)
    )
    merged = (matrix @ merge).tocsr()
    merged.data[:] = np.minimum(merged.data, 1.0)
    return merged, group


def _peel(published: sparse.csr_matrix, values: np.ndarray, known: np.ndarray, value_of: np.ndarray) -> None:
    """Mark the atoms the published equations pin (step 2), with their values; updates both arrays."""
    while True:
        unknown = ~known
        residual = values - published @ value_of
        open_counts = published @ unknown.astype(np.float64)
        changed = False
        zero_rows = np.flatnonzero((open_counts > 0) & (np.abs(residual) < _EPS))
        if len(zero_rows):
            cols = published[zero_rows].indices
            cols = cols[unknown[cols]]
            if len(cols):
                known[cols] = True
                value_of[cols] = 0.0
                changed = True
        for row in np.flatnonzero(open_counts == 1):
            cols = published.indices[published.indptr[row] : published.indptr[row + 1]]
            open_cols = cols[~known[cols]]
            if len(open_cols) == 1:
                # Recompute: an atom fixed earlier in this pass may sit in the same row.
                known[open_cols[0]] = True
                value_of[open_cols[0]] = values[row] - value_of[cols].sum()
                changed = True
        if not changed:
            return


def _pinned_at_zero(published: sparse.csr_matrix, values: np.ndarray) -> np.ndarray | None:
    """Atoms that no non-negative solution can make positive (step 3), or None when the equations have no
    solution at all (published values from different states of the data). A programme the solver could not
    finish (its time limit, numerical trouble) leaves the question open: TooLargeToCheck, so refused."""
    n = published.shape[1]
    if n == 0 or published.shape[0] == 0:
        return np.zeros(n, dtype=bool)
    # Variables x (n) and t (n): maximise the sum of t over the atoms not yet seen positive, A x = b,
    # t <= x, 0 <= t <= 1, x >= 0. One solution may leave at zero an atom that another makes positive (x1 +
    # x2 = 1 has the vertex x2 = 0), so we ask again for those left until none turns positive: the solutions
    # are convex, so their mean is positive on every atom some solution makes positive.
    eye = sparse.identity(n, format="csr")
    a_eq = sparse.hstack([published, sparse.csr_matrix(published.shape)], format="csr")
    a_ub = sparse.hstack([-eye, eye], format="csr")
    open_ = np.ones(n, dtype=bool)
    while True:
        result = linprog(
            c=np.concatenate([np.zeros(n), -open_.astype(float)]),
            A_ub=a_ub,
            b_ub=np.zeros(n),
            A_eq=a_eq,
            b_eq=values,
            bounds=[(0, None)] * n + [(0, 1)] * n,
            method="highs",
            options={"time_limit": LP_SECONDS},
        )
        if result.status == 2:  # infeasible
            return None
        if result.status != 0:
            raise TooLargeToCheck(f"the linear programme ended unsolved ({result.status})")
        seen = open_ & (result.x[n:] > 1e-6)
        if not seen.any():
            return open_
        open_ &= ~seen


def _differences(entries: Sequence[Entry], full: sparse.csr_matrix) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Each published total minus its published parts (a column total minus the column's shown cells, a
    grand total minus the row totals): what is left is its hidden parts and the part no row names (a place
    only totals hold, "anywhere else"). These are sums of published equations, so the solutions are exactly
    the same; but peeling then sees a remainder that sums to zero and pins its atoms, which otherwise took a
    programme over every district at once."""
    groups: dict[tuple, list[int]] = {}
    at: dict[tuple, int] = {}
    for k, e in enumerate(entries):
        if not (isinstance(e.key, tuple) and len(e.key) == 3) or e.value is None:
            continue
        release, i, j = e.key
        at[e.key] = k
        if i is not None:
            groups.setdefault(((release, None, j), 0), []).append(k)
        if j is not None:
            groups.setdefault(((release, i, None), 1), []).append(k)
    derived = [(at[total], parts) for (total, _axis), parts in groups.items() if total in at]
    rows: list[int] = []
    cols: list[int] = []
    data: list[float] = []
    for n, (total, parts) in enumerate(derived):
        rows += [n] * (len(parts) + 1)
        cols += [total, *parts]
        data += [1.0] + [-1.0] * len(parts)
    if not derived:
        return sparse.csr_matrix((0, full.shape[1])), np.zeros(0)
    combine = sparse.csr_matrix((data, (rows, cols)), shape=(len(derived), len(entries)))
    values = combine @ np.array([e.value or 0 for e in entries], dtype=np.float64)
    rest = (combine @ full).tocsr()
    rest.eliminate_zeros()
    # Only a remainder made of whole atoms (the parts lie apart inside their total) is an entry's row.
    whole = np.ones(rest.shape[0], dtype=bool)
    np.logical_and.at(whole, np.repeat(np.arange(rest.shape[0]), np.diff(rest.indptr)), rest.data == 1.0)
    keep = np.flatnonzero(whole & (rest.getnnz(axis=1) > 0))
    return rest[keep], values[keep]


def _published(entries: Sequence[Entry], full: sparse.csr_matrix, shown_at: list[int]):
    """The published equations and their values, with the remainders of `_differences` after them."""
    rest, rest_values = _differences(entries, full)
    values = np.array([entries[k].value for k in shown_at], dtype=np.float64)
    return sparse.vstack([full[shown_at], rest], format="csr"), np.concatenate([values, rest_values])


def _live(published: sparse.csr_matrix, open_cols: np.ndarray, n_shown: int) -> np.ndarray:
    """The published equations with an open unknown left. The remainders of `_differences` (rows from
    `n_shown` on) have done their work in peeling: they are sums of the others, so leaving them out changes
    no answer, and they would only add linking equations."""
    live = np.flatnonzero((published[:, open_cols] @ np.ones(len(open_cols))) > 0)
    return live[live < n_shown]


def merge(entries: Sequence[Entry], n_atoms: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The entries' matrix with atoms of the same pattern merged, and each atom's merged column."""
    return _merge_columns(_matrix(entries, n_atoms))


def _merged_blocks(group: np.ndarray, blocks: np.ndarray, witness: np.ndarray, n_cols: int):
    """Each merged column's block (one more block for columns whose atoms lie in several) and the witness
    summed over its atoms."""
    low = np.full(n_cols, np.iinfo(np.int64).max)
    high = np.full(n_cols, np.iinfo(np.int64).min)
    np.minimum.at(low, group, blocks)
    np.maximum.at(high, group, blocks)
    label = np.where(low == high, low, blocks.max(initial=0) + 1)
    summed = np.zeros(n_cols)
    np.add.at(summed, group, witness)
    return label, summed


def _fixed_by_blocks(system, blocks, witness, saved: dict | None = None) -> np.ndarray | None:
    published, values, hidden, known, value_of, group, open_cols, live = system
    label, summed = _merged_blocks(
        group, np.asarray(blocks), np.asarray(witness, dtype=float), published.shape[1]
    )
    if np.abs(summed[known] - value_of[known]).max(initial=0.0) > 1e-6:
        return None  # peeling gave a value the witness does not have: the data changed
    answer = differencing_blocks.pinned_and_fixed(
        published[live][:, open_cols],
        (values - published @ value_of)[live],
        hidden[:, open_cols],
        label[open_cols],
        summed[open_cols],
        ids=open_cols,
        saved=saved,
    )
    return None if answer is None else answer[1]


def exposed_by_blocks(entries: Sequence[Entry], n_atoms: int, blocks, witness) -> list[tuple] | None:
    """`exposed` block by block only: None when the witness does not solve the equations."""
    hidden_at = [k for k, e in enumerate(entries) if e.value is None]
    shown_at = [k for k, e in enumerate(entries) if e.value is not None]
    full, group = _merge_columns(_matrix(entries, n_atoms))
    published, values = _published(entries, full, shown_at)
    hidden = full[hidden_at]
    known = np.zeros(full.shape[1], dtype=bool)
    value_of = np.zeros(full.shape[1])
    _peel(published, values, known, value_of)
    open_cols = np.flatnonzero(~known)
    live = _live(published, open_cols, len(shown_at))
    system = (published, values, hidden, known, value_of, group, open_cols, live)
    fixed = _fixed_by_blocks(system, blocks, witness)
    return None if fixed is None else [entries[hidden_at[i]].key for i in np.flatnonzero(fixed)]


def exposed(
    entries: Sequence[Entry],
    n_atoms: int,
    *,
    blocks: np.ndarray | None = None,
    witness: np.ndarray | None = None,
    merged: tuple[sparse.csr_matrix, np.ndarray] | None = None,
    saved: dict | None = None,
    recall: dict | None = None,
) -> list[tuple]:
    """Keys of the hidden entries whose value all the entries together fix exactly.

    With `blocks` (a block label per atom: its district) and `witness` (the counts per atom as they are
    now), the check runs block by block with the totals across blocks as linking equations
    (sathi.lib.differencing_blocks), as exact as the whole; when the witness does not solve the published
    equations (the data changed since an earlier release) the whole system is checked instead.

    With `recall` (a dict of counts), a check of exactly the same system as one kept in
    sathi.lib.differencing_kept is answered from it (counted in `recall["answered_again"]`)."""
    hidden_at = [k for k, e in enumerate(entries) if e.value is None]
    if not hidden_at:
        return []
    merged = merged if merged is not None else merge(entries, n_atoms)
    if merged[0].shape[0] != len(entries):
        raise ValueError("the merge given is of other entries")
    name = ""
    if recall is not None:
        given = (merged, n_atoms, blocks, witness)  # the same objects in every round: hashed once
        kept = recall.get("atoms", ())
        if len(kept) != 2 or any(a is not b for a, b in zip(kept[0], given, strict=True)):
            recall["atoms"] = kept = (
                given,
                differencing_kept.atoms_digest(*merged, n_atoms, blocks, witness),
            )
        name = differencing_kept.key(entries, kept[1])
    fixed_at = differencing_kept.recall(name)
    if fixed_at is None:
        fixed_at = _fixed_at(entries, hidden_at, merged, blocks, witness, saved)
        differencing_kept.keep(name, fixed_at)
    else:
        recall["answered_again"] = recall.get("answered_again", 0) + 1
    return [entries[hidden_at[i]].key for i in fixed_at]


def _fixed_at(entries, hidden_at, merged, blocks, witness, saved) -> np.ndarray:
    """`exposed`'s check itself: the positions among the hidden entries that are fixed."""
    shown_at = [k for k, e in enumerate(entries) if e.value is not None]
    full, group = merged
    published, values = _published(entries, full, shown_at)
    hidden = full[hidden_at]

    known = np.zeros(full.shape[1], dtype=bool)
    value_of = np.zeros(full.shape[1])
    _peel(published, values, known, value_of)
    open_cols = np.flatnonzero(~known)
    live = _live(published, open_cols, len(shown_at))
    reduced = published[live][:, open_cols]
    if blocks is not None and witness is not None:
        fixed = _fixed_by_blocks(
            (published, values, hidden, known, value_of, group, open_cols, live), blocks, witness, saved
        )
        if fixed is not None:
            return np.flatnonzero(fixed)
    _check_size(reduced, hidden[:, open_cols])
    # Step 3 on what peeling left, with the values its unknown atoms must sum to.
    pinned = _pinned_at_zero(reduced, (values - published @ value_of)[live])
    if pinned is not None and pinned.any():
        known[open_cols[pinned]] = True
        _peel(published, values, known, value_of)
        open_cols = np.flatnonzero(~known)
        live = _live(published, open_cols, len(shown_at))
        reduced = published[live][:, open_cols]

    hidden_open = hidden[:, open_cols]
    fixed = np.asarray(hidden_open.sum(axis=1)).ravel() == 0  # every atom of it is known
    todo = np.flatnonzero(~fixed)
    if len(todo):
        fixed[todo] = _in_row_space(reduced, hidden_open[todo])
    return np.flatnonzero(fixed)


LP_SECONDS = 20.0  # the step-3 programme's limit; past it the release is refused
MAX_EXACT = 1500  # columns of one component the exact test takes (a dense SVD: about a second)


def _check_size(equations: sparse.csr_matrix, targets: sparse.csr_matrix) -> None:
    """Refuse before any heavy work when a component the targets touch is beyond the exact test."""
    n_eq = equations.shape[0]
    if n_eq == 0 or equations.shape[1] <= MAX_EXACT:
        return
    graph = sparse.bmat([[None, equations], [equations.T, None]], format="csr")
    _n, label = connected_components(graph, directed=False)
    col_label = label[n_eq:]
    has_rows = np.zeros(label.max() + 1, dtype=bool)
    has_rows[label[:n_eq]] = True
    touched = np.unique(col_label[np.unique(targets.tocoo().col)])
    sizes = np.bincount(col_label, minlength=label.max() + 1)
    if any(has_rows[c] and sizes[c] > MAX_EXACT for c in touched):
        raise TooLargeToCheck(f"{int(sizes[touched].max())} unknowns in one component")


def _in_row_space(equations: sparse.csr_matrix, targets: sparse.csr_matrix) -> np.ndarray:
    """For each target row: does it lie in the row space of `equations`? One component at a time."""
    n_eq, n_cols = equations.shape
    result = np.zeros(targets.shape[0], dtype=bool)
    if n_eq == 0:
        return result
    # Components of the bipartite graph equations <-> columns: a target's answer depends only on the
    # components its columns touch.
    graph = sparse.bmat([[None, equations], [equations.T, None]], format="csr")
    _n, label = connected_components(graph, directed=False)
    row_label, col_label = label[:n_eq], label[n_eq:]
    targets = targets.tocsc()
    inside = np.ones(targets.shape[0], dtype=bool)
    for comp in np.unique(col_label):
        comp_cols = np.flatnonzero(col_label == comp)
        touched = np.flatnonzero(np.asarray(targets[:, comp_cols].sum(axis=1)).ravel() > 0)
        touched = touched[inside[touched]]
        if len(touched) == 0:
            continue
        comp_rows = np.flatnonzero(row_label == comp)
        if len(comp_rows) == 0:  # columns no equation holds: every target on them is free
            inside[touched] = False
            continue
        if len(comp_cols) > MAX_EXACT:
            raise TooLargeToCheck(f"{len(comp_cols)} unknowns in one component")
        block = equations[comp_rows][:, comp_cols].toarray()
        basis = null_space(block)
        if basis.size == 0:
            continue
        projected = targets[touched][:, comp_cols].toarray() @ basis
        inside[touched[np.abs(projected).max(axis=1) > 1e-6]] = False
    result[:] = inside
    return result


NEW = "new"  # the key prefix of the release being protected: (NEW, row, column)


def _cost(entry: Entry) -> tuple:
    # Cells before totals (people read totals), then the smallest value (the least information lost).
    _new, i, j = entry.key
    return ((i is None) + (j is None), entry.value, i if i is not None else -1, j if j is not None else -1)


class _Near:
    """Who shares atoms with whom, as sparse products (once per protect_release): a set intersection per
    pair of entries took most of a release's time."""

    def __init__(self, mine: list[Entry], earlier: Sequence[Entry], n_atoms: int):
        self.mine = _matrix(mine, n_atoms)
        shown = [e for e in earlier if e.value is not None]
        self.earlier = _matrix(shown, n_atoms)
        self.earlier_t = self.earlier.T.tocsr()

    def sharing(self, atoms: np.ndarray) -> np.ndarray:
        """Which new entries share an atom with `atoms` (a 0/1 vector over the atoms)."""
        return (self.mine @ atoms) > 0

    def around(self, target: np.ndarray) -> np.ndarray:
        """The atoms of every published earlier entry that shares an atom with `target`."""
        covering = ((self.earlier @ target) > 0).astype(np.float64)
        return ((self.earlier_t @ covering) > 0).astype(np.float64)


def _candidates(
    exposed_entry: Entry, mine: list[Entry], near_of: _Near, shown: np.ndarray, n_atoms: int
) -> tuple[list[tuple], bool]:
    """Positions of the new release's published entries to hide for one exposed entry, best first: those
    sharing its atoms, or else those sharing atoms with a published earlier entry that covers it (the two
    sides of a subtraction), with True; or else every published one, with False. `shown`: which of `mine`
    may be hidden (published, and not already given away by the earlier releases: hiding such a number
    protects nothing), the same for every exposed entry of a round."""
    target = np.zeros(n_atoms)
    target[list(exposed_entry.atoms)] = 1.0
    near = np.flatnonzero(shown & near_of.sharing(target))
    if len(near):
        return [e.key[1:] for e in sorted((mine[i] for i in near), key=_cost)], True
    further = np.flatnonzero(shown & near_of.sharing(near_of.around(target)))
    if len(further):
        return [e.key[1:] for e in sorted((mine[i] for i in further), key=_cost)], True
    return [e.key[1:] for e in sorted((mine[i] for i in np.flatnonzero(shown)), key=_cost)], False


def _cascades(found, merged, entries, n_earlier, blocks, witness, also_hide) -> list[tuple]:
    """Hide, for every exposed entry at once, the entries of the new release that a direction freeing it
    changes (sathi.lib.differencing_blocks.complements): the entry and its whole cascade in one round.
    Returns the exposed entries it found no direction for (all of them when the witness does not solve the
    published numbers): the caller hides one more entry for each, as before."""
    full, group = merged
    label, summed = _merged_blocks(group, np.asarray(blocks), np.asarray(witness, dtype=float), full.shape[1])
    shown = np.array([e.value is not None for e in entries])
    values = np.array([e.value if e.value is not None else 0 for e in entries], dtype=np.float64)
    if np.abs(full[shown] @ summed - values[shown]).max(initial=0.0) > 1e-6:
        return list(found)
    earlier_rows = np.flatnonzero(shown[:n_earlier])
    mine_rows = n_earlier + np.flatnonzero(shown[n_earlier:])
    earlier, mine = full[earlier_rows], full[mine_rows]
    cost = np.array(
        [differencing_blocks.complement_cost(None in entries[r].key[1:], entries[r].value) for r in mine_rows]
    )
    row_of = {e.key: r for r, e in enumerate(entries)}
    directions: list[np.ndarray] = []
    left = []
    for key in found:
        target = full[row_of[key]]
        if any(abs(float((target @ z)[0])) > 1e-7 for z in directions):
            continue  # a direction found for another entry frees this one too
        answer = differencing_blocks.complements(earlier, mine, cost, target, label, summed)
        if answer is None or len(answer[0]) == 0:
            left.append(key)
            continue
        rows, z = answer
        directions.append(z)
        also_hide.update(entries[mine_rows[r]].key[1:] for r in rows)
    return left


forget_before = differencing_kept.forget  # what is kept per ledger state (the benchmark's cold calls)


def protect_release(
    protect: Callable[[set], object],
    entries_of: Callable[[object], list[Entry]],
    earlier: Sequence[Entry],
    n_atoms: int,
    *,
    max_rounds: int = 500,
    blocks: np.ndarray | None = None,
    witness: np.ndarray | None = None,
    stats: dict | None = None,
    merged: tuple[sparse.csr_matrix, np.ndarray] | None = None,
    kept: dict | None = None,
):
    """Protect a new release against every earlier one: hide more of it until nothing is exposed.

    `protect(also_hide)` runs the table's own disclosure control with extra positions to hide and returns
    the protected table; `entries_of(table)` lists its entries with keys (NEW, row, column) as in
    `protect_table`'s `also_hide`. Returns the table and the positions hidden for differencing.

    With `blocks` and `witness`, each round hides for every exposed entry its whole cascade at once
    (`_cascades`), so the release settles in one or two checks; otherwise, or when that finds nothing to
    hide, more entries per exposed one: one in the first round, eight times as many each round after. What a
    round hid stays hidden in the next (the hidden set only grows), so the rounds are few and always end.
    Every round ends with the exact check: only a release that exposes nothing leaves. `stats`, when
    given, receives the number of checks (`checks`) and whether what the earlier releases give away alone
    was computed or kept from an earlier release against the same ledger state (`before`). `merged` is
    `merge([*earlier, *mine])` when the caller kept it (it depends only on the entries' atoms, never on
    their values); `kept`, a dict the caller keeps with it, receives what else depends only on the atoms
    and which earlier entries are shown (who shares atoms with whom, `_Near`).

    What the earlier releases give away by themselves (their own exposures, and the new entries whose
    value they already fix, such as a January cell published before) is not this release's doing: it is
    left aside, and hiding such a new entry is never tried."""
    also_hide: set = set()
    known_before: set | None = None
    by_key = {e.key: e for e in earlier}
    near_of: _Near | None = None if kept is None else kept.get("near")
    saved: dict = {}  # each district's decompositions, for the rounds that leave it as it was
    recall: dict = {}  # checks of a system already checked (the same release asked again), answered again
    checks = 0
    for _round in range(max_rounds):
        table = protect(also_hide)
        mine = entries_of(table)
        entries = [*earlier, *mine]
        if merged is None:
            merged = merge(entries, n_atoms)
        found = exposed(
            entries, n_atoms, blocks=blocks, witness=witness, merged=merged, saved=saved, recall=recall
        )
        checks += 1
        if found and known_before is None:
            known_before, computed = differencing_kept.given_away_before(
                exposed, earlier, mine, n_atoms, blocks, witness, merged, saved, recall
            )
            checks += computed
            if stats is not None:
                stats["before"] = "computed" if computed else "kept"
        found = [k for k in found if k not in (known_before or set())]
        if stats is not None:
            stats["checks"] = checks
            stats["answered_again"] = recall.get("answered_again", 0)
            stats.setdefault("exposed", []).append(len(found))
        if not found:
            return table, also_hide
        by_key.update({e.key: e for e in mine})
        # What this round hid stays hidden in the next: the table's own gate would otherwise move its
        # complements, which the earlier releases then expose again. The hidden set only grows.
        also_hide.update(e.key[1:] for e in mine if e.value is None)
        before = len(also_hide)
        if blocks is not None and witness is not None:
            found = _cascades(found, merged, entries, len(earlier), blocks, witness, also_hide)
        added = len(also_hide) > before
        if found:
            # Per exposed entry: every cell of the new release on either side of a subtraction (those
            # sharing its atoms, or else those beside it in an earlier margin that covers it), and one total
            # more a round (people read totals); when neither is left, 8 cells of the rest in the first round
            # and eight times as many each round after. On the benchmark's release: 2 checks (warm) instead
            # of 4, and 2,209 entries hidden for differencing instead of 2,307 (one cell, then 8, 64...
            # and totals alike); the generated tables of the tests hide the same entries as before.
            if near_of is None:
                near_of = _Near(mine, earlier, n_atoms)
                if kept is not None:
                    kept["near"] = near_of
            given = known_before or set()
            shown = np.array([e.value is not None and e.key not in given for e in mine], dtype=bool)
            for key in found:
                positions, near = _candidates(by_key[key], mine, near_of, shown, n_atoms)
                left = {False: len(positions) if near else 8 ** min(_round + 1, 4), True: _round + 1}
                for position in positions:
                    total = None in position  # a row or column total, or the grand total
                    if position in also_hide or not left[total]:
                        continue
                    also_hide.add(position)
                    added = True
                    left[total] -= 1
                    if not any(left.values()):
                        break
        if not added:
            return table, also_hide  # everything of this release is hidden already
    raise RuntimeError("differencing protection did not settle")
