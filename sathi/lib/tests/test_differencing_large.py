"""Differencing protection on larger generated tables: still attacked, and refused past what it can check.

Twelve months by six blocks by eight categories (576 atoms) for a few seeds, attacked as the small tables
are (every subtraction, then a linear programme for every hidden entry); and a release whose unknowns form
one component beyond `MAX_EXACT`, which is refused rather than released unchecked. Bounded so that CI stays
quick.
"""

from __future__ import annotations

import pytest

from sathi.lib import differencing
from sathi.lib.differencing import NEW, Entry, TooLargeToCheck, exposed, protect_release
from sathi.lib.tests import test_differencing as small


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(small, "MONTHS", 12)
    monkeypatch.setattr(small, "BLOCKS", 6)
    monkeypatch.setattr(small, "CATEGORIES", 8)
    monkeypatch.setattr(small, "N_ATOMS", 12 * 6 * 8)
    return small


@pytest.mark.parametrize("seed", range(3))
def test_a_large_release_of_a_year_then_eleven_months_leaves_no_hidden_cell_recoverable(large, seed):
    cube = large._cube(seed)
    blocks = [[b] for b in range(large.BLOCKS)]
    entries = large._protected_pair(cube, range(large.MONTHS - 1), blocks, ledger=True, by_month=True)
    assert large._subtraction_recovers(entries) == []
    assert large._attack(entries) == []


@pytest.mark.parametrize("seed", range(2))
def test_a_large_district_beside_its_blocks_leaves_no_block_recoverable(large, seed):
    cube = large._cube(seed)
    entries = large._protected_pair(cube, range(large.MONTHS), [list(range(large.BLOCKS))], ledger=True)
    assert large._subtraction_recovers(entries) == []
    assert large._attack(entries) == []


def test_a_release_beyond_what_the_check_can_take_is_refused_never_released_unchecked():
    # A grid of atoms whose row and column sums were published (each atom its own pattern, none pinned):
    # one component of more unknowns than MAX_EXACT; the new release hides one 2 x 2 block of it.
    rows, cols = 40, differencing.MAX_EXACT // 40 + 10
    n = rows * cols
    earlier = [Entry(("A", i, None), tuple(i * cols + j for j in range(cols)), 3 * cols) for i in range(rows)]
    earlier += [
        Entry(("A", None, j), tuple(i * cols + j for i in range(rows)), 3 * rows) for j in range(cols)
    ]
    block = (0, 1, cols, cols + 1)

    def entries_of(table):
        return [Entry((NEW, 0, 0), block, table)]

    with pytest.raises(TooLargeToCheck):
        exposed([*earlier, *entries_of(None)], n)
    with pytest.raises(TooLargeToCheck):
        protect_release(lambda hide: None, entries_of, earlier, n)
