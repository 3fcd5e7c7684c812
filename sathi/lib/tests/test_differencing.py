"""Differencing protection, attacked: every subtraction, then a linear programme for every hidden entry.

Small generated tables: months x blocks x categories, counts drawn so that many are small. Release A is
January to June by block; release B is January to May by block (nested periods), or the same period by
district beside by block. The attacker holds every published number of both; for each hidden entry they
minimise and maximise its value subject to all of them with non-negative counts (scipy's HiGHS).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.optimize import linprog

from sathi.lib.differencing import NEW, Entry, exposed, protect_release
from sathi.lib.disclosure import protect_table

MONTHS, BLOCKS, CATEGORIES = 6, 3, 3


def _atom(month: int, block: int, category: int) -> int:
    return (month * BLOCKS + block) * CATEGORIES + category


N_ATOMS = MONTHS * BLOCKS * CATEGORIES


def _cube(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    # Mostly small counts, some large: the shape that makes suppression and differencing matter.
    return rng.choice([0, 1, 1, 2, 3, 4, 6, 9, 15], size=(MONTHS, BLOCKS, CATEGORIES))


class _Layout:
    """Rows are groups of blocks; columns are categories (over the whole period) or, with `by_month`, the
    period's months (over every category)."""

    def __init__(self, months: range, row_groups: list[list[int]], by_month: bool = False):
        self.months, self.row_groups, self.by_month = months, row_groups, by_month
        self.n_rows = len(row_groups)
        self.n_cols = len(months) if by_month else CATEGORIES

    def __call__(self, i: int, j: int) -> list[int]:
        if self.by_month:
            return [_atom(self.months[j], b, c) for b in self.row_groups[i] for c in range(CATEGORIES)]
        return [_atom(m, b, j) for m in self.months for b in self.row_groups[i]]


def _layout(months, row_groups, by_month=False):
    return _Layout(months, row_groups, by_month)


def _table(cube, months, row_groups, release: str, also_hide=frozenset(), by_month=False):
    cell = _layout(months, row_groups, by_month)
    counts = [
        [int(sum(cube.flat[a] for a in cell(i, j))) for j in range(cell.n_cols)] for i in range(cell.n_rows)
    ]
    table = protect_table(
        counts,
        rows=[f"r{i}" for i in range(cell.n_rows)],
        columns=[f"c{j}" for j in range(cell.n_cols)],
        also_hide=also_hide,
    )
    return table, _entries(table, cell, cell.n_rows, release)


def _entries(table, cell, n_rows, release):
    entries = []
    n_cols = cell.n_cols
    for i in range(n_rows):
        for j in range(n_cols):
            entries.append(Entry((release, i, j), tuple(cell(i, j)), table.cells[i][j]))
        row = tuple(a for j in range(n_cols) for a in cell(i, j))
        entries.append(Entry((release, i, None), row, table.row_totals[i]))
    for j in range(n_cols):
        column = tuple(a for i in range(n_rows) for a in cell(i, j))
        entries.append(Entry((release, None, j), column, table.col_totals[j]))
    everything = tuple(a for i in range(n_rows) for j in range(n_cols) for a in cell(i, j))
    entries.append(Entry((release, None, None), everything, table.grand_total))
    return entries


def _protected_pair(cube, second_months, second_rows, *, ledger: bool, by_month: bool = False):
    blocks = [[b] for b in range(BLOCKS)]
    _first, earlier = _table(cube, range(MONTHS), blocks, "A", by_month=by_month)
    if not ledger:
        return earlier + _table(cube, second_months, second_rows, NEW, by_month=by_month)[1]
    cell = _layout(second_months, second_rows, by_month)

    _table_b, _hidden = protect_release(
        lambda hide: _table(cube, second_months, second_rows, "B", frozenset(hide), by_month)[0],
        lambda table: _entries(table, cell, len(second_rows), NEW),
        earlier,
        N_ATOMS,
    )
    return earlier + _entries(_table_b, cell, len(second_rows), NEW)


def _lp_range(entries, hidden: Entry) -> tuple[float, float]:
    shown = [e for e in entries if e.value is not None]
    a_eq = np.zeros((len(shown), N_ATOMS))
    for r, e in enumerate(shown):
        a_eq[r, list(e.atoms)] = 1
    b_eq = np.array([e.value for e in shown], dtype=float)
    c = np.zeros(N_ATOMS)
    c[list(hidden.atoms)] = 1
    low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    high = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    assert low.status == 0 and high.status == 0
    return low.fun, -high.fun


def _whole_numbers_in(low: float, high: float) -> int:
    return math.floor(high + 1e-6) - math.ceil(low - 1e-6) + 1


def _subtraction_recovers(entries) -> list[tuple]:
    """Every subtraction of one published number from another that leaves exactly a hidden entry."""
    shown = [(e, frozenset(e.atoms)) for e in entries if e.value is not None]
    hidden = {frozenset(e.atoms): e.key for e in entries if e.value is None}
    found = []
    for (_big, big_atoms), (_small, small_atoms) in itertools.permutations(shown, 2):
        if small_atoms < big_atoms and (big_atoms - small_atoms) in hidden:
            found.append(hidden[big_atoms - small_atoms])
    return found


def _attack(entries) -> list[tuple]:
    """Keys of hidden entries whose feasible range holds one whole number or none besides the truth.

    A hidden entry of the second release that the first already publishes (the same January cell) is
    public before the second release: it is not counted as recovered."""
    earlier = [e for e in entries if e.key[0] != NEW]
    recovered = []
    for e in entries:
        if e.value is None:
            low, high = _lp_range(entries, e)
            if _whole_numbers_in(low, high) <= 1:
                if e.key[0] == NEW and _whole_numbers_in(*_lp_range(earlier, e)) <= 1:
                    continue
                recovered.append(e.key)
    return recovered


SEEDS = range(40)


@pytest.mark.parametrize("by_month", [True, False], ids=["months_as_columns", "categories_as_columns"])
@pytest.mark.parametrize("seed", SEEDS)
def test_release_of_january_to_june_then_january_to_may_hides_june(seed, by_month):
    cube = _cube(seed)
    blocks = [[b] for b in range(BLOCKS)]
    entries = _protected_pair(cube, range(MONTHS - 1), blocks, ledger=True, by_month=by_month)
    assert _subtraction_recovers(entries) == []
    assert _attack(entries) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_a_district_beside_its_blocks_hides_every_block(seed):
    cube = _cube(seed)
    district = [list(range(BLOCKS))]
    entries = _protected_pair(cube, range(MONTHS), district, ledger=True)
    assert _subtraction_recovers(entries) == []
    assert _attack(entries) == []


@pytest.mark.parametrize("by_month", [True, False], ids=["months_as_columns", "categories_as_columns"])
@pytest.mark.parametrize("seed", SEEDS)
def test_the_quick_check_agrees_with_the_lp_attack(seed, by_month):
    """`exposed` (peeling, one LP, row space) names exactly the entries the full attack recovers."""
    cube = _cube(seed)
    blocks = [[b] for b in range(BLOCKS)]
    entries = _protected_pair(cube, range(MONTHS - 1), blocks, ledger=False, by_month=by_month)
    assert set(exposed(entries, N_ATOMS)) == set(_attack(entries)) | _public_before(entries)


def _public_before(entries) -> set:
    earlier = [e for e in entries if e.key[0] != NEW]
    return {
        e.key
        for e in entries
        if e.value is None and e.key[0] == NEW and _whole_numbers_in(*_lp_range(earlier, e)) <= 1
    }


def test_without_the_ledger_june_can_be_recovered_by_subtraction():
    """The attack has teeth: two tables each protected alone give hidden cells away, for most seeds."""
    recovered = 0
    for seed in SEEDS:
        blocks = [[b] for b in range(BLOCKS)]
        entries = _protected_pair(_cube(seed), range(MONTHS - 1), blocks, ledger=False, by_month=True)
        recovered += bool(_subtraction_recovers(entries)) and bool(_attack(entries))
    assert recovered >= len(SEEDS) // 4


def test_one_table_alone_exposes_nothing():
    for seed in SEEDS:
        _table_a, entries = _table(_cube(seed), range(MONTHS), [[b] for b in range(BLOCKS)], "A")
        assert exposed(entries, N_ATOMS) == []
        assert _attack(entries) == []


def test_a_published_zero_pins_what_it_covers():
    # x + y = 0 published: both are zero, so a hidden x is exposed even though x alone is in no equation.
    entries = [
        Entry("sum", (0, 1), 0),
        Entry("x", (0,), None),
        Entry("z", (2,), None),
        Entry("zy", (1, 2), 7),
    ]
    assert set(exposed(entries, 3)) == {"x", "z"}


def _all_months_then_one_fewer(seed: int):
    """The world of the round tests: every month released by block, then the same table one month shorter
    (its layout); returns the cube, the blocks, the first release's entries and the second's layout."""
    cube = _cube(seed)
    blocks = [[b] for b in range(BLOCKS)]
    _first, earlier = _table(cube, range(MONTHS), blocks, "A", by_month=True)
    return cube, blocks, earlier, _layout(range(MONTHS - 1), blocks, True)


@pytest.mark.parametrize("seed", SEEDS)
def test_an_entry_hidden_in_one_round_stays_hidden_in_the_next(seed):
    """protect_release never un-hides: every round's table hides all the previous round's table hid (the
    gate cannot move its complements back into what the earlier releases expose), and it still protects."""
    cube, blocks, earlier, cell = _all_months_then_one_fewer(seed)
    hidden_by_round: list[set] = []

    def protect(hide):
        table = _table(cube, range(MONTHS - 1), blocks, "B", frozenset(hide), True)[0]
        hidden_by_round.append({e.key for e in _entries(table, cell, len(blocks), NEW) if e.value is None})
        return table

    table, _hidden = protect_release(protect, lambda t: _entries(t, cell, len(blocks), NEW), earlier, N_ATOMS)
    for before, after in itertools.pairwise(hidden_by_round):
        assert before <= after
    entries = earlier + _entries(table, cell, len(blocks), NEW)
    assert _subtraction_recovers(entries) == []
    assert _attack(entries) == []


@pytest.mark.parametrize("seed", range(40))
def test_each_exposed_entry_hides_at_most_one_total_more_a_round(seed):
    """People read totals: a round hides every cell on either side of a subtraction, but totals one at a
    time per exposed entry (round r: at most r + 1 each), and the release is still protected."""
    cube, blocks, earlier, cell = _all_months_then_one_fewer(seed)
    asked: list[frozenset] = []

    def protect(hide):
        asked.append(frozenset(hide))
        return _table(cube, range(MONTHS - 1), blocks, "B", frozenset(hide), True)[0]

    stats: dict = {}
    table, _hidden = protect_release(
        protect, lambda t: _entries(t, cell, len(blocks), NEW), earlier, N_ATOMS, stats=stats
    )
    for r, (before, after) in enumerate(itertools.pairwise(asked)):
        added_totals = [p for p in after - before if None in p]
        assert len(added_totals) <= (r + 1) * stats["exposed"][r]
    entries = earlier + _entries(table, cell, len(blocks), NEW)
    assert _attack(entries) == []


def test_two_atoms_that_trade_off_are_neither_pinned_at_zero():
    """x1 + x2 = 1 with x1, x2 >= 0: each can be positive, though one solution of the programme (a vertex)
    leaves one at zero. Pinning it would call entries exposed whose range holds more than one number."""
    from scipy import sparse

    from sathi.lib.differencing import _pinned_at_zero

    for equations, values in (([[1.0, 1.0]], [1.0]), ([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]], [2.0, 2.0])):
        pinned = _pinned_at_zero(sparse.csr_matrix(equations), np.array(values))
        assert pinned is not None and not pinned.any()
    pinned = _pinned_at_zero(sparse.csr_matrix([[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]]), np.array([3.0, 3.0]))
    assert pinned is not None and pinned.tolist() == [False, True, False]  # x2 = 3 - x1 = 0; x3 is free
