import random
from fractions import Fraction

import pytest

from sathi.lib.disclosure import (
    SUPPRESSED,
    Protected,
    protect_count,
    protect_counts,
    protect_table,
    render,
)

H = SUPPRESSED  # keeps expected tables readable


def table(counts, threshold=5, suppress_zero=False):
    rows = [f"r{i}" for i in range(len(counts))]
    columns = [f"c{j}" for j in range(len(counts[0]) if counts else 0)]
    return protect_table(counts, rows=rows, columns=columns, threshold=threshold, suppress_zero=suppress_zero)


def lines(p: Protected):
    """Every additive relation as (entries of the line, its total): rows, columns, and the two margins."""
    for cells, total in zip(p.cells, p.row_totals, strict=True):
        yield list(cells), total
    for j, total in enumerate(p.col_totals):
        yield [row[j] for row in p.cells], total
    yield list(p.row_totals), p.grand_total
    yield list(p.col_totals), p.grand_total


def assert_no_line_gives_one_away(p: Protected):
    """The brief's checker: a line whose total is published holds 0 or at least 2 hidden entries."""
    for entries, total in lines(p):
        if total is not SUPPRESSED:
            hidden = sum(e is SUPPRESSED for e in entries)
            assert hidden != 1, f"one hidden entry in {entries} with its total {total} published"


def hidden_pattern(counts, p: Protected):
    """Names of hidden entries, the same naming `derivable` uses."""
    names = {("cell", i, j) for i, row in enumerate(p.cells) for j, v in enumerate(row) if v is SUPPRESSED}
    names |= {("row", i) for i, v in enumerate(p.row_totals) if v is SUPPRESSED}
    names |= {("col", j) for j, v in enumerate(p.col_totals) if v is SUPPRESSED}
    if p.grand_total is SUPPRESSED:
        names.add(("grand",))
    return names


def derivable(n_rows, n_cols, hidden):
    """Hidden entries that some linear combination of the published numbers gives away exactly.

    Independent of the module's graph argument: writes out every relation (rows, columns, both margins),
    keeps the hidden entries as unknowns and row-reduces over the rationals. An unknown is fixed when a
    reduced row has no other unknown in it.
    """
    equations = []
    for i in range(n_rows):
        equations.append({**{("cell", i, j): 1 for j in range(n_cols)}, ("row", i): -1})
    for j in range(n_cols):
        equations.append({**{("cell", i, j): 1 for i in range(n_rows)}, ("col", j): -1})
    equations.append({**{("row", i): 1 for i in range(n_rows)}, ("grand",): -1})
    equations.append({**{("col", j): 1 for j in range(n_cols)}, ("grand",): -1})

    unknowns = sorted(hidden)
    matrix = [[Fraction(eq.get(u, 0)) for u in unknowns] for eq in equations]
    pivot_row = 0
    pivots = []
    for c in range(len(unknowns)):
        r = next((r for r in range(pivot_row, len(matrix)) if matrix[r][c] != 0), None)
        if r is None:
            continue
        matrix[pivot_row], matrix[r] = matrix[r], matrix[pivot_row]
        lead = matrix[pivot_row][c]
        matrix[pivot_row] = [x / lead for x in matrix[pivot_row]]
        for other in range(len(matrix)):
            if other != pivot_row and matrix[other][c] != 0:
                factor = matrix[other][c]
                matrix[other] = [
                    a - factor * b for a, b in zip(matrix[other], matrix[pivot_row], strict=True)
                ]
        pivots.append((pivot_row, c))
        pivot_row += 1
    fixed = set()
    for r, c in pivots:
        if all(x == 0 for k, x in enumerate(matrix[r]) if k != c):
            fixed.add(unknowns[c])
    return fixed


def assert_safe(counts, p: Protected, suppress_zero=False):
    n_rows, n_cols = len(p.row_labels), len(p.col_labels)
    assert_no_line_gives_one_away(p)
    assert derivable(n_rows, n_cols, hidden_pattern(counts, p)) == set()
    original_totals = (
        [sum(row) for row in counts],
        [sum(row[j] for row in counts) for j in range(n_cols)],
        sum(map(sum, counts)),
    )
    published = [(v, counts[i][j]) for i, row in enumerate(p.cells) for j, v in enumerate(row)]
    published += list(zip(p.row_totals, original_totals[0], strict=True))
    published += list(zip(p.col_totals, original_totals[1], strict=True))
    published.append((p.grand_total, original_totals[2]))
    for shown, original in published:
        if shown is not SUPPRESSED:
            assert shown == original  # never altered, only hidden
            assert shown == 0 or shown >= p.threshold
            assert not (suppress_zero and shown == 0)
    assert p.suppressed_count == sum(shown is SUPPRESSED for shown, _ in published)


# Hand-worked tables


def test_row_with_one_small_cell_gets_a_complement_so_the_total_does_not_leak_it():
    counts = [[12, 3, 9], [20, 15, 30]]
    # Primary suppression alone would hide only the 3, and 24 - 12 - 9 = 3 gives it back.
    primary_only = {("cell", 0, 1)}
    assert derivable(2, 3, primary_only) == primary_only

    p = table(counts)
    hidden_in_a = [v is H for v in p.cells[0]]
    assert hidden_in_a[1] and sum(hidden_in_a) >= 2
    # Cheapest closing cycle: 12 in row A, then 20 and 15 in row B (47) rather than 9, 30, 15 (54).
    assert p.cells == ((H, H, 9), (H, H, 30))
    assert p.row_totals == (24, 65) and p.col_totals == (32, 18, 39) and p.grand_total == 89
    assert p.suppressed_count == 4
    assert_safe(counts, p)


def test_cascade_through_rows_and_columns_when_zeros_block_the_short_way():
    # The 3 needs a complement in its row: the 20 (a zero protects nothing). That leaves column c0 with
    # one hidden cell, so the 15 below; then row r2 needs one (the 12), column c2 (the 10), row r1 (the
    # 30), which closes column c1 with the 3. No zero-free rectangle exists, hence the six-cell cycle.
    counts = [[20, 3, 0], [0, 30, 10], [15, 0, 12]]
    p = table(counts)
    assert p.cells == ((H, H, 0), (0, H, H), (H, 0, H))
    assert p.row_totals == (23, 40, 27) and p.col_totals == (35, 33, 22) and p.grand_total == 90
    assert_safe(counts, p)


def test_two_hidden_blocks_joined_by_one_cell_pass_the_line_rule_yet_leak():
    # Primary cells form two 2x2 blocks and the 3 at (r0, c2) joins them. Every line has two or three
    # hidden cells, but r0's total minus the 50, minus (c0 + c1 - r1's known part), gives the 3 away.
    counts = [[1, 2, 3, 50], [2, 1, 50, 50], [50, 50, 1, 2], [50, 50, 2, 1]]
    primary = {("cell", i, j) for i, row in enumerate(counts) for j, v in enumerate(row) if v < 5}
    line_counts = [sum(("cell", i, j) in primary for j in range(4)) for i in range(4)]
    line_counts += [sum(("cell", i, j) in primary for i in range(4)) for j in range(4)]
    assert all(n >= 2 for n in line_counts)  # the line rule alone is satisfied...
    assert derivable(4, 4, primary) == {("cell", 0, 2)}  # ...and still the 3 is exact

    p = table(counts)
    assert p.suppressed_count > len(primary)
    assert_safe(counts, p)


def test_a_total_below_the_threshold_is_hidden_with_a_second_total_beside_it():
    counts = [[1, 2, 0], [10, 20, 30], [8, 9, 7]]
    p = table(counts)
    # Row r0's total is 3: hidden. Then the grand total minus the other row totals would give it back,
    # so another row total (r2's, whose cells also close the cycle for the 1 and the 2) is hidden too.
    assert p.row_totals == (H, 60, H)
    assert p.cells == ((H, H, 0), (10, 20, 30), (H, H, 7))
    assert p.col_totals == (19, 31, 37) and p.grand_total == 87
    assert_safe(counts, p)


def test_suppress_zero_hides_a_zero_row_and_its_total_and_covers_both():
    # A hidden total over visible cells is no secret (add the cells up), and a lone hidden row total is
    # the grand total minus the others: the checker sees both.
    assert derivable(2, 2, {("row", 0)}) == {("row", 0)}
    assert derivable(2, 2, {("row", 0), ("row", 1)}) == {("row", 0), ("row", 1)}

    # With suppress_zero the zero row and its zero total are hidden; its total then needs a partner in
    # the column of row totals (r1's), and that one needs r1's cells so it cannot be summed back.
    counts = [[0, 0], [6, 7], [8, 9]]
    p = table(counts, suppress_zero=True)
    assert p.cells == ((H, H), (H, H), (8, 9))
    assert p.row_totals == (H, H, 17) and p.col_totals == (14, 16) and p.grand_total == 30
    assert_safe(counts, p, suppress_zero=True)


def test_threshold_eleven_hides_what_five_shows():
    counts = [[7, 20, 9], [30, 25, 40]]
    at_five = table(counts, threshold=5)
    assert at_five.suppressed_count == 0
    assert at_five.cells == ((7, 20, 9), (30, 25, 40))

    at_eleven = table(counts, threshold=11)
    assert at_eleven.cells == ((H, 20, H), (H, 25, H))  # the 7 and 9, then 30 and 40 to cover columns
    assert at_eleven.row_totals == (36, 95) and at_eleven.col_totals == (37, 45, 49)
    assert at_eleven.threshold == 11
    assert_safe(counts, at_eleven)


def test_a_table_of_large_counts_is_published_whole():
    counts = [[12, 40, 9], [25, 5, 31]]
    p = table(counts)
    assert p.suppressed_count == 0
    assert p.cells == ((12, 40, 9), (25, 5, 31))
    assert p.row_totals == (61, 61) and p.col_totals == (37, 45, 40) and p.grand_total == 122


def test_empty_tables():
    no_rows = protect_table([], rows=[], columns=["a", "b"])
    assert no_rows.cells == () and no_rows.row_totals == ()
    assert no_rows.col_totals == (0, 0) and no_rows.grand_total == 0 and no_rows.suppressed_count == 0
    no_columns = protect_table([[], []], rows=["x", "y"], columns=[])
    assert no_columns.cells == ((), ()) and no_columns.row_totals == (0, 0) and no_columns.grand_total == 0
    nothing = protect_counts([], [])
    assert nothing.counts == () and nothing.total == 0 and nothing.suppressed_count == 0


def test_single_count():
    assert protect_count(3) is H
    assert protect_count(7) == 7
    assert protect_count(5) == 5  # the threshold itself is shown
    assert protect_count(0) == 0
    assert protect_count(0, suppress_zero=True) is H
    assert protect_count(7, threshold=11) is H
    assert protect_count(11, threshold=11) == 11


def test_one_row_of_counts_takes_the_smallest_complement_and_keeps_the_total():
    p = protect_counts([12, 3, 9], ["jan", "feb", "mar"])
    assert p.counts == (12, H, H) and p.total == 24 and p.suppressed_count == 2


def test_one_row_ties_go_to_the_earlier_position_and_zeros_are_not_complements():
    assert protect_counts([12, 3, 9, 9], list("abcd")).counts == (12, H, H, 9)
    assert protect_counts([12, 3, 0], list("abc")).counts == (H, H, 0)


def test_one_row_whose_total_is_small():
    p = protect_counts([1, 2, 0], list("abc"))
    assert p.counts == (H, H, 0) and p.total is H
    lone = protect_counts([3, 0, 0], list("abc"))  # the cell and its total hide each other
    assert lone.counts == (H, 0, 0) and lone.total is H


def test_threshold_outside_the_allowed_range_is_refused():
    for bad in (0, 1, 4, 12, 100, -5):
        with pytest.raises(ValueError, match="between 5 and 11"):
            protect_count(7, threshold=bad)
        with pytest.raises(ValueError, match="between 5 and 11"):
            protect_counts([7], ["a"], threshold=bad)
        with pytest.raises(ValueError, match="between 5 and 11"):
            table([[7]], threshold=bad)
    for bad in (5.0, True, "5"):
        with pytest.raises(TypeError):
            protect_count(7, threshold=bad)


def test_bad_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        table([[1, -1]])
    with pytest.raises(TypeError):
        table([[1, 2.5]])
    with pytest.raises(TypeError):
        protect_counts([True], ["a"])
    with pytest.raises(ValueError, match="columns"):
        protect_table([[1, 2], [3]], rows=["a", "b"], columns=["x", "y"])
    with pytest.raises(ValueError, match="row labels"):
        protect_table([[1, 2]], rows=["a", "b"], columns=["x", "y"])
    with pytest.raises(ValueError, match="labels"):
        protect_counts([1, 2], ["a"])


def test_rendering_uses_one_marker_for_every_hidden_entry():
    p = protect_table([[12, 3, 9], [20, 15, 30]], rows=["A", "B"], columns=["x", "y", "z"])
    assert p.as_rows() == [
        ["", "x", "y", "z", "Total"],
        ["A", "suppressed", "suppressed", 9, 24],
        ["B", "suppressed", "suppressed", 30, 65],
        ["Total", 32, 18, 39, 89],
    ]
    header = p.as_rows(marker="*", total_label="All", corner="District")[0]
    assert header == ["District", "x", "y", "z", "All"]
    assert render(H) == "suppressed" and render(H, "–") == "–" and render(0) == "0" and render(42) == "42"
    counts = protect_counts([12, 3, 9], ["jan", "feb", "mar"])
    assert counts.as_rows(marker="*") == [["jan", 12], ["feb", "*"], ["mar", "*"], ["Total", 24]]


# Property-style


def random_counts(rng, n_rows, n_cols, threshold):
    def one():
        roll = rng.random()
        if roll < 0.25:
            return 0
        if roll < 0.55:
            return rng.randint(1, threshold - 1)
        return rng.randint(threshold, 40)

    return [[one() for _ in range(n_cols)] for _ in range(n_rows)]


@pytest.mark.parametrize("seed", range(4))
def test_random_tables_never_give_a_hidden_entry_away(seed):
    rng = random.Random(seed)
    for _ in range(50):  # 4 seeds x 50 = 200 tables
        n_rows, n_cols = rng.randint(1, 7), rng.randint(1, 7)
        threshold = rng.randint(5, 11)
        suppress_zero = rng.random() < 0.3
        counts = random_counts(rng, n_rows, n_cols, threshold)
        p = table(counts, threshold=threshold, suppress_zero=suppress_zero)
        assert_safe(counts, p, suppress_zero=suppress_zero)
        assert table(counts, threshold=threshold, suppress_zero=suppress_zero) == p  # deterministic


def test_random_rows_never_leave_one_hidden_entry():
    rng = random.Random(99)
    for _ in range(200):
        threshold = rng.randint(5, 11)
        values = random_counts(rng, 1, rng.randint(1, 10), threshold)[0]
        p = protect_counts(values, [str(k) for k in range(len(values))], threshold=threshold)
        entries = [*p.counts, p.total]
        assert sum(e is H for e in entries) != 1
        for shown, original in zip(entries, [*values, sum(values)], strict=True):
            assert shown is H or (shown == original and (shown == 0 or shown >= threshold))


def test_a_large_sparse_table_is_protected():
    rng = random.Random(7)
    counts = [
        [rng.randint(1, 4) if rng.random() < 0.02 else rng.randint(5, 60) for _ in range(50)]
        for _ in range(200)
    ]
    p = table(counts)
    assert p.suppressed_count > 0
    assert_no_line_gives_one_away(p)
