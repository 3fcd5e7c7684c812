"""Disclosure control: the one gate every aggregate passes through before it leaves the system.

DESIGN rule 10: dashboards, exports and the API publish counts only through `protect_table` (or its
one-row and one-number shapes, `protect_counts` and `protect_count`, which run the same rules). A count
of three girls from one village in one month can identify them; the gate hides such cells, and hides
enough other cells and totals that the hidden ones cannot be worked back out.

The rules, precisely:

1. Threshold. `threshold` defaults to 5; an organisation may raise it up to 11. Anything outside 5..11
   raises ValueError: below 5 the gate would publish the small counts it exists to hide.

2. Primary suppression. An entry (a cell, a row total, a column total or the grand total) is hidden
   when 0 < value < threshold. A true zero is shown by default: it names no one, and hiding every zero
   of a sparse table would leave nothing to read. `suppress_zero=True` hides zeros as well (and so
   zero totals), for tables where "none of them" is itself sensitive. Totals are always computed from
   the original counts, never from what is left visible.

3. Secondary (complementary) suppression. The published numbers obey additive relations: each row sums
   to its row total, each column to its column total, the column totals to the grand total, the row
   totals to the grand total. Picture the table with its margins as a graph: one node per relation
   (every row, every column, the row of column totals, the column of row totals) and one edge per
   entry, joining the row and the column it sits in (a row total sits in its row and in the column of
   row totals; the grand total joins the two margin lines). The hidden entries are a subgraph.
   Rule: no hidden entry may be a bridge of that subgraph, i.e. every hidden entry lies on a cycle of
   hidden entries. This is exactly "no hidden entry can be computed from the published ones": the
   relations form a network matrix, whose solutions are free along cycles and fixed on bridges.
   It implies the familiar line rule ("no line whose total is published holds exactly one hidden
   cell"; a line with one hidden entry is a node of degree 1, whose edge is a bridge) and closes the
   cases the line rule misses: a hidden total alone in the margin (grand total minus the other row
   totals), a hidden total whose cells are all shown (add them up), and two hidden blocks joined
   through one cell, where every line holds two hidden entries but sums of lines still isolate it.
   For each bridge, in table order (cells row by row, then row totals, column totals, grand total), we
   hide the cheapest set of still-published entries that closes a cycle through it: the cheapest path
   between its two ends in which already-hidden entries are free (Dijkstra). Cheapest is, in order:
   fewest zeros (a zero complement protects badly: x + 0 = 3 gives x away as "at most 3"), fewest
   totals (people read totals), fewest new entries, smallest sum of values; ties go to the earlier
   position. Paths through entries that are already hidden are free, so a complement that also serves
   another hidden entry's line is preferred, and cascades (a complement in a row leaves its column
   with one hidden cell, which needs another, ...) are closed in a single path. Hiding more entries
   never creates a bridge, so one pass over the bridges suffices; we re-check anyway.
   A one-row list of counts has only one relation (the counts sum to the total), so the rule there is
   simply: zero or at least two hidden entries among the counts and the total.

4. What this does not promise. It prevents exact recovery. Bounds from non-negativity can still be
   tight (hidden 12 and 3 with a published row total of 15 tell a reader each is at most 15); the
   zero-avoiding cost keeps the worst of these away, but this is not an interval-protection solver.

Hidden entries come back as `SUPPRESSED` (None). Render them with one marker for all (`render`): never
"<5", because a complementary cell may well be 40, and a single marker also keeps a reader from telling
primary from complementary cells, which would narrow the hidden ranges again.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Sequence
from dataclasses import dataclass

DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 5  # the floor DESIGN rule 10 allows; below it small groups would be published
MAX_THRESHOLD = 11

SUPPRESSED = None  # the sentinel a hidden entry carries
DEFAULT_MARKER = "suppressed"

Entry = int | None  # a published count, or SUPPRESSED


def render(value: Entry, marker: str = DEFAULT_MARKER) -> str:
    """Text for one entry: the count, or the same marker for every hidden entry (see module notes)."""
    return marker if value is SUPPRESSED else str(value)


def _cell(value: Entry, marker: str) -> int | str:
    # Numbers stay numbers so an XLSX writer can keep them numeric; only hidden entries become text.
    return marker if value is SUPPRESSED else value


@dataclass(frozen=True)
class Protected:
    """A table after disclosure control. Every entry is its original count or SUPPRESSED."""

    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    cells: tuple[tuple[Entry, ...], ...]
    row_totals: tuple[Entry, ...]
    col_totals: tuple[Entry, ...]
    grand_total: Entry
    threshold: int
    suppressed_count: int  # hidden entries, cells and totals together

    def as_rows(
        self, marker: str = DEFAULT_MARKER, total_label: str = "Total", corner: str = ""
    ) -> list[list[str | int]]:
        """Plain rows for CSV, XLSX or HTML: a header, one row per label, and a row of totals."""
        rows: list[list[str | int]] = [[corner, *self.col_labels, total_label]]
        for label, cells, total in zip(self.row_labels, self.cells, self.row_totals, strict=True):
            rows.append([label, *(_cell(v, marker) for v in cells), _cell(total, marker)])
        rows.append(
            [total_label, *(_cell(v, marker) for v in self.col_totals), _cell(self.grand_total, marker)]
        )
        return rows


@dataclass(frozen=True)
class ProtectedCounts:
    """A one-row list of counts (one per label) and its total, after disclosure control."""

    labels: tuple[str, ...]
    counts: tuple[Entry, ...]
    total: Entry
    threshold: int
    suppressed_count: int

    def as_rows(self, marker: str = DEFAULT_MARKER, total_label: str = "Total") -> list[list[str | int]]:
        """Plain rows, one (label, count) pair per line, then the total."""
        rows: list[list[str | int]] = [
            [label, _cell(v, marker)] for label, v in zip(self.labels, self.counts, strict=True)
        ]
        rows.append([total_label, _cell(self.total, marker)])
        return rows


def check_threshold(threshold: int) -> int:
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise TypeError(f"disclosure threshold must be a whole number, got {threshold!r}")
    if not MIN_THRESHOLD <= threshold <= MAX_THRESHOLD:
        raise ValueError(
            f"disclosure threshold must be between {MIN_THRESHOLD} and {MAX_THRESHOLD}, got {threshold}"
        )
    return threshold


def _check_count(value: object) -> int:
    # bool is an int in Python; a True in a count table is a bug upstream, not a 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"counts must be whole numbers, got {value!r}")
    if value < 0:
        raise ValueError(f"counts cannot be negative, got {value}")
    return value


def _sensitive(value: int, threshold: int, suppress_zero: bool) -> bool:
    """Primary suppression, for cells and totals alike."""
    return 0 < value < threshold or (suppress_zero and value == 0)


def protect_count(value: int, *, threshold: int = DEFAULT_THRESHOLD, suppress_zero: bool = False) -> Entry:
    """A single number with nothing to add it up against: primary suppression is all there is."""
    check_threshold(threshold)
    value = _check_count(value)
    return SUPPRESSED if _sensitive(value, threshold, suppress_zero) else value


def protect_counts(
    counts: Sequence[int],
    labels: Sequence[str],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    suppress_zero: bool = False,
) -> ProtectedCounts:
    """One row of counts (say, cases per month) and its total."""
    check_threshold(threshold)
    values = [_check_count(v) for v in counts]
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels for {len(values)} counts")
    # One relation, counts - total = 0: node 0 is that relation; node 1 stands for "no relation",
    # so every entry is an edge 0-1, and a lone hidden entry is a bridge.
    total = sum(values)
    entries = [*values, total]
    hidden = _suppress(
        entries, [(0, 1)] * len(entries), [False] * len(values) + [True], 2, threshold, suppress_zero
    )
    shown = [SUPPRESSED if h else v for v, h in zip(entries, hidden, strict=True)]
    return ProtectedCounts(
        labels=tuple(labels),
        counts=tuple(shown[:-1]),
        total=shown[-1],
        threshold=threshold,
        suppressed_count=sum(hidden),
    )


def protect_table(
    counts: Sequence[Sequence[int]],
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    threshold: int = DEFAULT_THRESHOLD,
    suppress_zero: bool = False,
    also_hide: Collection[tuple[int | None, int | None]] = (),
) -> Protected:
    """Rows x columns of counts, with their row, column and grand totals. The labels fix the shape, so an
    empty table (no rows, or no columns) still has its totals.

    `also_hide` names entries to hide as if they were primary, by (row, column) position: (i, None) is row
    i's total, (None, j) column j's, (None, None) the grand total. The release ledger uses it when a table
    beside earlier releases would let a hidden cell be worked out (sathi.lib.differencing)."""
    check_threshold(threshold)
    n_rows, n_cols = len(rows), len(columns)
    if len(counts) != n_rows:
        raise ValueError(f"{n_rows} row labels for {len(counts)} rows")
    grid: list[list[int]] = []
    for label, row in zip(rows, counts, strict=True):
        if len(row) != n_cols:
            raise ValueError(f"row {label!r} has {len(row)} counts for {n_cols} columns")
        grid.append([_check_count(v) for v in row])

    row_totals = [sum(row) for row in grid]
    col_totals = [sum(grid[i][j] for i in range(n_rows)) for j in range(n_cols)]
    grand = sum(row_totals)

    # Nodes: rows 0..R-1, the row of column totals R, columns R+1..R+C, the column of row totals R+C+1.
    total_row, total_col = n_rows, n_rows + n_cols + 1

    def col(j: int) -> int:
        return n_rows + 1 + j

    # Edges in table order, which is also the tie-break order: cells row by row, row totals, column
    # totals, grand total.
    values: list[int] = []
    ends: list[tuple[int, int]] = []
    for i in range(n_rows):
        for j in range(n_cols):
            values.append(grid[i][j])
            ends.append((i, col(j)))
    values += row_totals
    ends += [(i, total_col) for i in range(n_rows)]
    values += col_totals
    ends += [(total_row, col(j)) for j in range(n_cols)]
    values.append(grand)
    ends.append((total_row, total_col))
    n_cells = n_rows * n_cols
    is_total = [k >= n_cells for k in range(len(values))]

    forced = []
    for i, j in also_hide:
        if i is None:
            forced.append(len(values) - 1 if j is None else n_cells + n_rows + j)
        else:
            forced.append(n_cells + i if j is None else i * n_cols + j)
    hidden = _suppress(values, ends, is_total, n_rows + n_cols + 2, threshold, suppress_zero, forced)
    shown = [SUPPRESSED if h else v for v, h in zip(values, hidden, strict=True)]
    cells = tuple(tuple(shown[i * n_cols : (i + 1) * n_cols]) for i in range(n_rows))
    return Protected(
        row_labels=tuple(rows),
        col_labels=tuple(columns),
        cells=cells,
        row_totals=tuple(shown[n_cells : n_cells + n_rows]),
        col_totals=tuple(shown[n_cells + n_rows : n_cells + n_rows + n_cols]),
        grand_total=shown[-1],
        threshold=threshold,
        suppressed_count=sum(hidden),
    )


# The engine. Entries are edges between relation nodes; see rule 3 in the module notes.


def _suppress(
    values: list[int],
    ends: list[tuple[int, int]],
    is_total: list[bool],
    n_nodes: int,
    threshold: int,
    suppress_zero: bool,
    forced: Sequence[int] = (),
) -> list[bool]:
    """Which entries to hide: the primary ones, then complements until no hidden entry is a bridge."""
    hidden = [_sensitive(v, threshold, suppress_zero) for v in values]
    for k in forced:
        hidden[k] = True

    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n_nodes)]
    for k, (a, b) in enumerate(ends):
        adjacency[a].append((b, k))
        adjacency[b].append((a, k))

    # One integer per entry that orders paths lexicographically by (zeros, totals, entries, sum of
    # values): each component is weighted above the largest possible sum of the ones after it.
    value_span = sum(values) + 1
    count_span = (len(values) + 1) * value_span
    totals_span = (len(values) + 1) * count_span
    weight = [
        (totals_span * (len(values) + 1) if v == 0 else 0) + (totals_span if t else 0) + value_span + v
        for v, t in zip(values, is_total, strict=True)
    ]

    unfixable: set[int] = set()
    while True:
        bridges = [k for k in _bridges(n_nodes, ends, hidden) if k not in unfixable]
        if not bridges:
            return hidden
        for k in bridges:
            path = _cheapest_path(adjacency, weight, hidden, ends[k][0], ends[k][1], skip=k)
            if path is None:
                # Nothing else connects its ends, so it is fixed by structure (a total over no cells)
                # and no complement can hide it; leave it hidden and move on.
                unfixable.add(k)
                continue
            for p in path:  # empty when earlier complements already put k on a cycle
                hidden[p] = True


def _bridges(n_nodes: int, ends: list[tuple[int, int]], hidden: list[bool]) -> list[int]:
    """Hidden entries that are bridges of the hidden subgraph (Tarjan's low-link, without recursion)."""
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n_nodes)]
    for k, (a, b) in enumerate(ends):
        if hidden[k]:
            adjacency[a].append((b, k))
            adjacency[b].append((a, k))

    order = [-1] * n_nodes
    low = [0] * n_nodes
    counter = 0
    found: list[int] = []
    for root in range(n_nodes):
        if order[root] != -1 or not adjacency[root]:
            continue
        order[root] = low[root] = counter
        counter += 1
        # (node, the edge we came in by, how far through its neighbours we are)
        stack: list[list[int]] = [[root, -1, 0]]
        while stack:
            frame = stack[-1]
            node, via, pos = frame
            if pos < len(adjacency[node]):
                frame[2] += 1
                nxt, k = adjacency[node][pos]
                if k == via:  # the edge itself, not a parallel twin, is the way back
                    continue
                if order[nxt] == -1:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append([nxt, k, 0])
                else:
                    low[node] = min(low[node], order[nxt])
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    found.append(via)
    return sorted(found)


def _cheapest_path(
    adjacency: list[list[tuple[int, int]]],
    weight: list[int],
    hidden: list[bool],
    start: int,
    goal: int,
    skip: int,
) -> list[int] | None:
    """The still-published entries on the cheapest path from start to goal that avoids entry `skip`.

    Hidden entries cost nothing. None when no path exists."""
    best = {start: 0}
    came_by: dict[int, tuple[int, int]] = {}
    done: set[int] = set()
    heap = [(0, start)]
    while heap:
        cost, node = heapq.heappop(heap)
        if node in done:
            continue
        done.add(node)
        if node == goal:
            break
        for nxt, k in adjacency[node]:
            if k == skip or nxt in done:
                continue
            new = cost + (0 if hidden[k] else weight[k])
            if nxt not in best or new < best[nxt]:  # strict: the first-found (earlier) entry wins ties
                best[nxt] = new
                came_by[nxt] = (node, k)
                heapq.heappush(heap, (new, nxt))
    if goal not in done:
        return None
    path: list[int] = []
    node = goal
    while node != start:
        node, k = came_by[node]
        if not hidden[k]:
            path.append(k)
    return path
