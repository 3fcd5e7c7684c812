"""The differencing check by blocks (districts) with the all-district totals as linking equations: it finds
exactly what the check of the whole system finds, and what it protects survives the attack.

Generated tables as in test_differencing: months x places x categories. The places are the blocks; every
release's column totals and grand total sum over all places, and one layout puts all places in one row
(a district beside its blocks), so the totals join every block, as the benchmark's all-district totals do.
"""

from __future__ import annotations

import numpy as np
import pytest

from sathi.lib.differencing import NEW, Entry, exposed, exposed_by_blocks, forget_before, protect_release
from sathi.lib.tests import test_differencing as small

SEEDS = range(30)
LAYOUTS = {
    "june_beside_january_to_may_by_month": (range(small.MONTHS - 1), True, False),
    "june_beside_january_to_may_by_category": (range(small.MONTHS - 1), False, False),
    "all_places_in_one_row": (range(small.MONTHS), False, True),
}


def _blocks_and_witness(cube):
    places = np.unravel_index(np.arange(cube.size), cube.shape)[1]
    return places, cube.ravel().astype(float)


def _all_place_totals(cube, months) -> list[Entry]:
    """Months down the side for all places together, by category: a release with no place in it."""
    entries = []
    for m in months:
        for c in range(small.CATEGORIES):
            atoms = tuple(small._atom(m, b, c) for b in range(small.BLOCKS))
            entries.append(Entry(("T", m, c), atoms, int(sum(cube.flat[a] for a in atoms))))
    return entries


def _earlier_beside_all_place_totals(cube) -> tuple[list, list[Entry]]:
    """Each place by month and category, with the months for all places together: the earlier releases."""
    places = [[b] for b in range(small.BLOCKS)]
    _first, earlier = small._table(cube, range(small.MONTHS), places, "A", by_month=True)
    return places, earlier + _all_place_totals(cube, range(small.MONTHS))


def _entries(cube, layout):
    months, by_month, one_row = LAYOUTS[layout]
    rows = [list(range(small.BLOCKS))] if one_row else [[b] for b in range(small.BLOCKS)]
    return small._protected_pair(cube, months, rows, ledger=False, by_month=by_month)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_checked_by_blocks_the_release_exposes_what_the_whole_check_finds(seed, layout):
    cube = small._cube(seed)
    entries = _entries(cube, layout) + _all_place_totals(cube, range(2))
    blocks, witness = _blocks_and_witness(cube)
    by_blocks = exposed_by_blocks(entries, small.N_ATOMS, blocks, witness)
    assert by_blocks is not None  # checked by blocks, not handed to the whole check
    assert set(by_blocks) == set(exposed(entries, small.N_ATOMS))


def test_a_witness_that_does_not_solve_the_releases_hands_them_to_the_whole_check():
    cube = small._cube(3)
    entries = _entries(cube, "june_beside_january_to_may_by_month")
    blocks, witness = _blocks_and_witness(cube)
    witness[0] += 1  # the data changed since the releases
    assert exposed_by_blocks(entries, small.N_ATOMS, blocks, witness) is None
    assert set(exposed(entries, small.N_ATOMS, blocks=blocks, witness=witness)) == set(
        exposed(entries, small.N_ATOMS)
    )


@pytest.mark.parametrize("seed", range(12))
def test_protected_by_blocks_beside_all_district_totals_no_hidden_cell_is_recoverable(seed):
    cube = small._cube(seed)
    blocks, witness = _blocks_and_witness(cube)
    places, earlier = _earlier_beside_all_place_totals(cube)
    months = range(small.MONTHS - 1)
    cell = small._layout(months, places, False)
    table, _hidden = protect_release(
        lambda hide: small._table(cube, months, places, "B", frozenset(hide))[0],
        lambda t: small._entries(t, cell, len(places), NEW),
        earlier,
        small.N_ATOMS,
        blocks=blocks,
        witness=witness,
    )
    entries = earlier + small._entries(table, cell, len(places), NEW)
    assert small._subtraction_recovers(entries) == []
    assert small._attack(entries) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_a_place_only_the_totals_hold_is_decided_with_the_blocks_it_couples(seed):
    # The last place has no row of its own in any release (as "anywhere else"): its atoms lie only in the
    # all-place totals, which pin them at zero through the other places' rows; its block is coupled.
    cube = small._cube(seed)
    cube[:, small.BLOCKS - 1, :] = 0
    named = [[b] for b in range(small.BLOCKS - 1)]
    _first, entries = small._table(cube, range(small.MONTHS), named, "A", by_month=True)
    entries += _all_place_totals(cube, range(small.MONTHS))
    entries += small._table(cube, range(small.MONTHS - 1), named, NEW)[1]
    blocks, witness = _blocks_and_witness(cube)
    by_blocks = exposed_by_blocks(entries, small.N_ATOMS, blocks, witness)
    assert by_blocks is not None
    assert set(by_blocks) == set(exposed(entries, small.N_ATOMS))


def _protected_beside_all_place_totals(seed, **kw):
    cube = small._cube(seed)
    places, earlier = _earlier_beside_all_place_totals(cube)
    months = range(small.MONTHS - 1)
    cell = small._layout(months, places, False)
    stats: dict = {}
    table, _hidden = protect_release(
        lambda hide: small._table(cube, months, places, "B", frozenset(hide))[0],
        lambda t: small._entries(t, cell, len(places), NEW),
        earlier,
        small.N_ATOMS,
        stats=stats,
        **kw,
    )
    return earlier + small._entries(table, cell, len(places), NEW), stats


# Seeds whose release exposes entries beside the earlier ones (the others expose nothing, nothing to settle).
EXPOSING = (3, 5, 6, 7)


@pytest.mark.parametrize("seed", EXPOSING)
def test_one_round_cascade_still_protects_the_lp_attack_recovers_nothing(seed):
    cube = small._cube(seed)
    blocks, witness = _blocks_and_witness(cube)
    entries, stats = _protected_beside_all_place_totals(seed, blocks=blocks, witness=witness)
    assert stats["exposed"][0] > 0  # something had to be hidden for differencing
    assert stats["exposed"][1:] == [0]  # and one round of cascades settled it
    assert small._subtraction_recovers(entries) == []
    assert small._attack(entries) == []


@pytest.mark.parametrize("seed", EXPOSING)
def test_one_round_cascade_hides_no_more_than_one_entry_at_a_time(seed):
    cube = small._cube(seed)
    blocks, witness = _blocks_and_witness(cube)
    by_cascade, quick = _protected_beside_all_place_totals(seed, blocks=blocks, witness=witness)
    one_by_one, slow = _protected_beside_all_place_totals(seed)
    hidden = [sum(e.value is None for e in found if e.key[0] == NEW) for found in (by_cascade, one_by_one)]
    assert hidden[0] <= hidden[1]
    assert len(quick["exposed"]) <= len(slow["exposed"])


def test_without_the_cascade_the_release_exposes_what_it_hides():
    # The attack has teeth here: the new release protected alone gives entries away beside the earlier ones.
    recovered = 0
    for seed in EXPOSING:
        cube = small._cube(seed)
        places, earlier = _earlier_beside_all_place_totals(cube)
        entries = earlier + small._table(cube, range(small.MONTHS - 1), places, NEW)[1]
        recovered += bool(small._attack(entries))
    assert recovered == len(EXPOSING)


@pytest.mark.parametrize("seed", range(12))
def test_decompositions_kept_between_checks_give_the_whole_checks_answer(seed):
    # As between the rounds of a protection: the same releases, more of the new one hidden each time, one
    # place at a time, so most districts meet the check as they were and are not decomposed again.
    cube = small._cube(seed)
    blocks, witness = _blocks_and_witness(cube)
    places, earlier = _earlier_beside_all_place_totals(cube)
    months = range(small.MONTHS - 1)
    rng = np.random.default_rng(seed)
    hide: set = set()
    saved: dict = {}
    sizes = []
    for place in [*range(small.BLOCKS), *range(small.BLOCKS)]:
        hide.add((place, int(rng.integers(small.CATEGORIES))))
        entries = earlier + small._table(cube, months, places, NEW, frozenset(hide))[1]
        kept = set(exposed(entries, small.N_ATOMS, blocks=blocks, witness=witness, saved=saved))
        assert kept == set(exposed(entries, small.N_ATOMS, blocks=blocks, witness=witness))
        # The whole check's positivity programme asks again for the atoms one solution left at zero, so it
        # pins no more than it must: the same answer as the cones of the blocks. The attack's finds are there.
        assert set(small._attack(entries)) <= kept == set(exposed(entries, small.N_ATOMS))
        sizes.append(len(saved))
    assert sizes[-1] < 2 * small.BLOCKS * len(sizes)  # some districts were met again as they were


def _protect_beside(earlier, cube, blocks, witness, kept=None):
    places = [[b] for b in range(small.BLOCKS)]
    months = range(small.MONTHS - 1)
    cell = small._layout(months, places, False)
    stats: dict = {}
    table, _hidden = protect_release(
        lambda hide: small._table(cube, months, places, "B", frozenset(hide))[0],
        lambda t: small._entries(t, cell, len(places), NEW),
        earlier,
        small.N_ATOMS,
        blocks=blocks,
        witness=witness,
        stats=stats,
        kept=kept,
    )
    stats["entries"] = small._entries(table, cell, len(places), NEW)
    return table, stats


@pytest.mark.parametrize("seed", EXPOSING)
def test_what_the_earlier_releases_give_away_alone_is_checked_once_per_ledger_state(seed):
    forget_before()
    cube = small._cube(seed)
    blocks, witness = _blocks_and_witness(cube)
    places, earlier = _earlier_beside_all_place_totals(cube)
    first, cold = _protect_beside(earlier, cube, blocks, witness)
    again, warm = _protect_beside(earlier, cube, blocks, witness)
    assert (cold["before"], warm["before"]) == ("computed", "kept")
    assert warm["checks"] == cold["checks"] - 1
    assert again.cells == first.cells  # the same release, one check fewer
    # One more release in the ledger is another state: checked again.
    total = Entry(("U", None, None), tuple(range(small.N_ATOMS)), int(cube.sum()))
    _table, changed = _protect_beside([*earlier, total], cube, blocks, witness)
    assert changed["before"] == "computed"


def _with_unnamed_place_in_totals(cube) -> list[Entry]:
    """As the ledger writes a table: rows name every place but the last, whose atoms only the column totals
    and the grand total hold (as "anywhere else"); then a release of the first months beside it."""
    named = [[b] for b in range(small.BLOCKS - 1)]
    entries = []
    for release, months in (("A", range(small.MONTHS)), (NEW, range(small.MONTHS - 1))):
        table, cells = small._table(cube, months, named, release)
        for e in cells:
            _r, i, j = e.key
            if i is None:  # a total over every place, the unnamed one too
                columns = range(small.CATEGORIES) if j is None else [j]
                atoms = tuple(
                    small._atom(m, b, c) for m in months for b in range(small.BLOCKS) for c in columns
                )
                e = Entry(e.key, atoms, e.value)
            entries.append(e)
    return entries


@pytest.mark.parametrize("seed", range(12))
def test_a_total_minus_its_shown_parts_pins_a_place_only_totals_hold_as_the_programme_did(seed):
    from sathi.lib.differencing import _differences, merge

    cube = small._cube(seed)
    cube[:, small.BLOCKS - 1, :] = 0
    entries = _with_unnamed_place_in_totals(cube)
    full, _group = merge(entries, small.N_ATOMS)
    rest, values = _differences(entries, full)
    unnamed = {
        small._atom(m, small.BLOCKS - 1, c) for m in range(small.MONTHS) for c in range(small.CATEGORIES)
    }
    # Some remainder lies wholly on the unnamed place, at zero: peeling pins it, no programme needed.
    assert any(set(rest[k].indices) <= unnamed and values[k] == 0 for k in range(rest.shape[0]))
    blocks, witness = _blocks_and_witness(cube)
    by_blocks = exposed_by_blocks(entries, small.N_ATOMS, blocks, witness)
    assert by_blocks is not None
    assert set(small._attack(entries)) <= set(by_blocks) == set(exposed(entries, small.N_ATOMS))


@pytest.mark.parametrize("seed", range(20))
def test_a_cone_with_free_unknowns_has_the_support_of_the_same_cone_with_each_split_in_two(seed):
    from sathi.lib.differencing_blocks import _positive_support

    rng = np.random.default_rng(seed)
    n_rows, n = int(rng.integers(2, 9)), int(rng.integers(4, 14))
    equations = rng.integers(-1, 2, size=(n_rows, n)).astype(float)
    free = rng.random(n) < 0.4
    kept = _positive_support(equations, free)
    # The reference: each free unknown written as the difference of two signed ones, no elimination.
    split = np.hstack([equations, -equations[:, free]])
    reference = _positive_support(split, np.zeros(split.shape[1], dtype=bool))
    assert kept is not None and reference is not None
    assert np.array_equal(kept[~free], reference[:n][~free])


@pytest.mark.parametrize("seed", range(30))
def test_a_cone_on_a_basis_of_its_rows_has_the_support_of_the_cone_on_its_rows(seed):
    from scipy import sparse

    from sathi.lib.differencing_blocks import _positive_support, independent_rows

    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 30))
    # Rows that pin a few unknowns at zero (all of one sign) and rows that balance two (x_a = x_b, which
    # carries a pin on), so the support is neither everything nor nothing.
    base = []
    for _k in range(int(rng.integers(1, 4))):
        row = np.zeros(n)
        row[rng.choice(n, size=int(rng.integers(1, 3)), replace=False)] = 1.0
        base.append(row)
    for _k in range(int(rng.integers(2, n // 2))):
        a, b = rng.choice(n, size=2, replace=False)
        row = np.zeros(n)
        row[a], row[b] = 1.0, -1.0
        base.append(row)
    base = np.array(base)
    if seed % 2:
        # As a block's cone: float rows, one per vector of a left null space, in every combination.
        cone = rng.standard_normal((2 * len(base), len(base))) @ base
    else:
        cone = rng.integers(-2, 3, size=(2 * len(base), len(base))).astype(float) @ base
    rows = independent_rows(cone)
    assert rows.shape[0] == np.linalg.matrix_rank(cone) < cone.shape[0]
    kept = _positive_support(cone, np.zeros(n, dtype=bool))
    # The reference: the programme on the rows as they are (a sparse matrix is passed on unreduced).
    reference = _positive_support(sparse.csr_matrix(cone), np.zeros(n, dtype=bool))
    assert kept is not None and reference is not None
    assert np.array_equal(kept, reference)
    assert 0 < kept.sum() < n  # the generated cones pin some unknowns, not all


@pytest.mark.parametrize("seed", range(12))
def test_a_check_answered_again_equals_the_check_built_again_and_no_other_system_meets_it(seed):
    forget_before()
    cube = small._cube(seed)
    blocks, witness = _blocks_and_witness(cube)
    places, earlier = _earlier_beside_all_place_totals(cube)
    entries = earlier + small._table(cube, range(small.MONTHS - 1), places, NEW, frozenset({(0, 0)}))[1]
    recall: dict = {}
    first = exposed(entries, small.N_ATOMS, blocks=blocks, witness=witness, recall=recall)
    again = exposed(entries, small.N_ATOMS, blocks=blocks, witness=witness, recall=recall)
    assert recall["answered_again"] == 1
    assert again == first == exposed(entries, small.N_ATOMS, blocks=blocks, witness=witness)
    # Another system is checked, never answered from the one kept: one more entry hidden, one value
    # changed, the whole check instead of the blocks.
    at = next(k for k, e in enumerate(entries) if e.key[0] == NEW and e.value)
    more_hidden, changed = list(entries), list(entries)
    more_hidden[at] = Entry(entries[at].key, entries[at].atoms, None)
    changed[at] = Entry(entries[at].key, entries[at].atoms, entries[at].value + 1)
    for other, by_blocks in ((more_hidden, True), (changed, True), (entries, False)):
        kw = {"blocks": blocks, "witness": witness} if by_blocks else {}
        assert exposed(other, small.N_ATOMS, recall=recall, **kw) == exposed(other, small.N_ATOMS, **kw)
    assert recall["answered_again"] == 1


@pytest.mark.parametrize("seed", EXPOSING)
def test_a_release_asked_again_against_the_same_ledger_is_answered_by_the_checks_kept(seed):
    forget_before()
    cube = small._cube(seed)
    blocks, witness = _blocks_and_witness(cube)
    _places, earlier = _earlier_beside_all_place_totals(cube)
    first, cold = _protect_beside(earlier, cube, blocks, witness)
    again, warm = _protect_beside(earlier, cube, blocks, witness)
    assert cold["answered_again"] == 0 < warm["answered_again"] == warm["checks"]
    assert again.cells == first.cells
    forget_before()  # as after a change of the ledger: every check is made again
    built, rebuilt = _protect_beside(earlier, cube, blocks, witness)
    assert rebuilt["answered_again"] == 0 and built.cells == first.cells


@pytest.mark.parametrize("seed", EXPOSING)
def test_the_neighbours_kept_for_the_same_atoms_equal_those_built_again(seed):
    from sathi.lib.differencing import _Near

    cube = small._cube(seed)
    _places, earlier = _earlier_beside_all_place_totals(cube)
    kept: dict = {}
    forget_before()
    # Checked whole (no blocks, so no cascades): each exposed entry's candidates come from the neighbours.
    first, stats = _protect_beside(earlier, cube, None, None, kept)
    near = kept["near"]
    fresh = _Near(stats["entries"], earlier, small.N_ATOMS)
    for a, b in ((near.mine, fresh.mine), (near.earlier, fresh.earlier), (near.earlier_t, fresh.earlier_t)):
        assert a.shape == b.shape and (a != b).nnz == 0
    forget_before()  # every check made again, with the kept neighbours: the same release
    again, _stats = _protect_beside(earlier, cube, None, None, kept)
    assert kept["near"] is near and again.cells == first.cells
