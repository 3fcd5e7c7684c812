"""The exact differencing check by blocks: the districts one at a time, the all-district totals as links.

`sathi.lib.differencing.exposed` answers "which hidden entries do all the published ones fix" on one
system of equations. When the releases break a table down by district beside all-district totals (column
totals, a grand total, months down the side for every district), those totals join every district into
one component, and the system is too large to solve whole. This module answers the same question exactly,
district by district, with the all-district totals handled as linking equations.

Notation. The unknowns are cut into blocks (a district's atoms; the caller says which atom lies where).
An equation whose atoms lie in one block is *local* (A_k x_k = b_k); the others are *linking*
(sum_k T_k x_k = c). P is the set of non-negative solutions.

A witness. Sathi holds the counts as they are now: they solve every equation unless the data changed since
an earlier release (then the caller's check runs whole, as before). The witness w splits block k's unknowns
into S_k (w > 0) and R_k (w = 0).

Step 1, the unknowns that non-negativity pins at zero (only unknowns of R can be). A direction v keeps a
small step from w inside P when A v = 0 and v >= 0 on R; an unknown of R can be positive exactly when some
such direction is positive on it. Moving only unknowns of S (both ways) in block k changes the links by
anything in F_k = T_k null(A_k restricted to S_k); F is the sum of the F_k. A direction made of one
direction per block, each with A_k v_k = 0, is a direction of P exactly when the sum of their links, after
those free moves, lies in F: only the part of the links outside F (a basis Pi of the complement) couples
the blocks. A block all of whose link changes lie in F (D_k = T_k null(A_k) inside F) is decided alone, by
a small cone programme on its own equations; the blocks that are not (places no release names, whose atoms
only totals hold) are decided together, with the coupling Pi^T T written out.

Step 2, the hidden entries fixed. With the pinned unknowns removed, P has a point positive on every unknown
left, so a hidden entry h is fixed exactly when h lies in the row space of all the equations: when some
multiplier mu of the linking equations makes h_k - mu T_k lie in the row space of A_k for every block k.
With G_k the links projected on null(A_k) and H_k the same of h, that is: H = G^T mu has a solution, whose
residual is |H|^2 - y^T (sum_k G_k G_k^T)^+ y with y = sum_k G_k H_k. Everything is per block but one
matrix of the size of the linking equations.

Both steps are exact (for the real relaxation, as the whole check is); `None` is returned when the witness
does not solve the equations, and the caller checks the whole system instead.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

_TOL = 1e-9
MAX_BLOCK = 6000  # unknowns of one block (a dense decomposition of its local equations)
MAX_LINKS = 4000  # linking equations (one dense matrix of that size squared)
MAX_COUPLED = 6000  # unknowns of the blocks decided together in step 1


class TooLargeToCheck(ValueError):
    """The releases together are too large for the exact check: the release is refused, never unchecked."""


class _Block:
    """One block's local equations and links, with what is computed from them alone. `mine` is shared by
    every check that meets the same local equations (the same unknowns and witness signs), `linked` by those
    that also meet the same links: between the rounds of one protection only the blocks whose entries
    changed are decomposed again, and since a saved value is a function of exactly what its key holds, the
    answer is the one the whole computation gives."""

    def __init__(self, cols, local: sparse.csr_matrix, link: sparse.csc_matrix, mine: dict, linked: dict):
        self.cols = cols  # positions among the open unknowns
        self.local = local  # its local equations x its unknowns (sparse)
        self.link = link  # every linking equation x its unknowns (sparse)
        self.mine, self.linked = mine, linked

    @staticmethod
    def _once(saved: dict, name, compute):
        if name not in saved:
            saved[name] = compute()
        return saved[name]

    def basis(self) -> np.ndarray:
        """An orthonormal basis of the row space of its local equations."""
        return self._once(self.mine, "basis", lambda: _row_basis(self.local)[0])

    def off(self) -> np.ndarray:
        """Its links projected off the row space of its local equations (sum of G G^T)."""
        return self._once(self.linked, "off", lambda: _links_off(self.link, self.basis()))

    def free(self, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """F_k's share (links that free moves of its positive unknowns absorb) and its own cone."""

        def split():
            basis_s, left_null = _row_basis(self.local[:, s])
            # Block k's own cone, links left free: {v_R >= 0 : L^T A_R v_R = 0}.
            return basis_s, np.asarray((self.local[:, ~s].T @ left_null).T)

        basis_s, cone = self._once(self.mine, "split", split)
        share = self._once(self.linked, "free", lambda: _links_off(self.link[:, np.flatnonzero(s)], basis_s))
        return share, cone

    def can(self, cone: np.ndarray) -> np.ndarray | None:
        if "can" not in self.mine:
            can = _positive_support(cone, np.zeros(cone.shape[1], dtype=bool))
            if can is None:  # unsolved (a time limit): not kept, the next check tries again
                return None
            self.mine["can"] = can
        return self.mine["can"]

    def kept(self, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray, sparse.csc_matrix]:
        """With its pinned unknowns removed: the row basis, sum of G G^T, and the links."""
        if keep.all():
            return self.basis(), self.off(), self.link
        name = ("kept", keep.tobytes())
        basis = self._once(self.mine, name, lambda: _row_basis(self.local[:, keep])[0])
        t_k = self.link[:, np.flatnonzero(keep)]
        return basis, self._once(self.linked, name, lambda: _links_off(t_k, basis)), t_k


def _key(*matrices: sparse.spmatrix, arrays=()) -> tuple:
    parts = []
    for m in matrices:
        m.sort_indices()
        parts += [m.shape, m.indptr.tobytes(), m.indices.tobytes(), m.data.tobytes()]
    return (*parts, *(np.ascontiguousarray(a).tobytes() for a in arrays))


def _row_basis(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An orthonormal basis of the row space (columns), and of the left null space. From the eigenvectors
    of A A^T (small: a block's local equations), which is much quicker than an SVD of A on a busy machine."""
    m, n = matrix.shape
    if m == 0 or n == 0:
        return np.zeros((n, 0)), np.eye(m)
    gram = matrix @ matrix.T
    values, vectors = np.linalg.eigh(gram.toarray() if sparse.issparse(gram) else gram)
    keep = values > _TOL * max(1.0, float(values.max()))
    basis = np.asarray(matrix.T @ vectors[:, keep]) / np.sqrt(values[keep])
    return basis, vectors[:, ~keep]


def _links_off(link: sparse.spmatrix, basis: np.ndarray) -> np.ndarray:
    """sum of G G^T for G = link projected off the row space spanned by `basis`: T T^T - (T Q)(T Q)^T."""
    dense = (link @ link.T).toarray()
    if basis.shape[1]:
        tq = link @ basis
        dense -= tq @ tq.T
    return dense


def _complement(gram: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Eigen-split of a symmetric positive semi-definite matrix: range basis, its eigenvalues, null basis."""
    if gram.shape[0] == 0:
        return np.zeros((0, 0)), np.zeros(0), np.zeros((0, 0))
    values, vectors = np.linalg.eigh((gram + gram.T) / 2)
    keep = values > _TOL * max(1.0, float(values.max()))
    return vectors[:, keep], values[keep], vectors[:, ~keep]


def independent_rows(equations: np.ndarray) -> np.ndarray:
    """A basis of the row space of dense `equations` (orthonormal rows, as many as the rank), or the rows
    themselves when the basis does not give each of them back to within rounding. A block's cone comes with
    one row per vector of a left null space, most of them dependent; the programme on the basis has the
    same feasible set (every basis row is a combination of the rows and every row one of the basis rows)
    and took 0.2 s where the rows took 1.2 s on the benchmark's release."""
    if equations.shape[0] < 2:
        return equations
    _u, values, vt = np.linalg.svd(equations, full_matrices=False)
    rank = int((values > _TOL * max(1.0, float(values.max()))).sum())
    if rank == equations.shape[0]:
        return equations
    basis = vt[:rank]
    # What the dropped directions leave of each row: kept only when it is rounding, far below the
    # programme's own tolerance (1e-7), so no equation is lost.
    residual = equations - (equations @ basis.T) @ basis
    if np.abs(residual).max(initial=0.0) > 1e-8 * max(1.0, float(np.abs(equations).max())):
        return equations
    return basis


def _positive_support(equations: np.ndarray | sparse.spmatrix, free: np.ndarray) -> np.ndarray | None:
    """Of the cone {v : equations v = 0, v >= 0 where not free}: which unknowns some v makes positive.
    None when the programme ends unsolved (the caller refuses)."""
    n = equations.shape[1]
    sign = ~free
    if n == 0:
        return np.zeros(0, dtype=bool)
    if equations.shape[0] == 0:
        return sign.copy()
    if free.any() and sign.any():
        # The free unknowns can take any value: v is in the cone exactly when its signed part solves L^T E_R
        # v_R = 0, L a basis of the left null space of the free columns. Written so, the programme has only
        # signed unknowns and a few rows (the coupled blocks' one had 961 rows, 611 dense, and took 6 s on
        # two shared cores; it has one row after this, 0.01 s).
        dense = equations.toarray() if sparse.issparse(equations) else np.asarray(equations)
        _basis, left_null = _row_basis(dense[:, free])
        cone = left_null.T @ dense[:, sign]
        rows, _null = _row_basis(cone)  # the same null space from a basis of its row space
        inside = _positive_support(rows.T, np.zeros(int(sign.sum()), dtype=bool))
        if inside is None:
            return None
        positive = np.zeros(n, dtype=bool)
        positive[np.flatnonzero(sign)] = inside
        return positive
    zero_cols = np.asarray(abs(equations).sum(axis=0)).ravel() < 1e-9
    if not sparse.issparse(equations):
        equations = independent_rows(equations)
    m = int(sign.sum())
    # Variables v (n) and t (one per signed unknown): maximise sum t, E v = 0, t <= v, 0 <= t <= 1.
    signed = np.flatnonzero(sign)
    pick = sparse.csr_matrix((np.ones(m), (np.arange(m), signed)), shape=(m, n))
    a_ub = sparse.hstack([-pick, sparse.identity(m, format="csr")], format="csr")
    a_eq = sparse.hstack([sparse.csr_matrix(equations), sparse.csr_matrix((equations.shape[0], m))])
    bounds = [(None, None) if f else (0, None) for f in free] + [(0, 1)] * m
    result = linprog(
        c=np.concatenate([np.zeros(n), -np.ones(m)]),
        A_ub=a_ub,
        b_ub=np.zeros(m),
        A_eq=a_eq.tocsr(),
        b_eq=np.zeros(equations.shape[0]),
        bounds=bounds,
        method="highs",
        options={"time_limit": 20.0},
    )
    if result.status != 0:
        return None
    positive = np.zeros(n, dtype=bool)
    positive[signed] = result.x[n:] > 1e-6
    positive[signed[zero_cols[signed]]] = True
    return positive


def pinned_and_fixed(
    published: sparse.csr_matrix,
    values: np.ndarray,
    hidden: sparse.csr_matrix,
    block: np.ndarray,
    witness: np.ndarray,
    *,
    ids: np.ndarray | None = None,
    saved: dict | None = None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """For the open unknowns (columns) of `published`: which non-negativity pins at zero, and which hidden
    rows are fixed. None when the witness does not solve the equations or a programme ends unsolved.

    `ids` names the columns (the caller's unknowns) and `saved` keeps each block's decompositions between
    checks of the same releases (`_Block`): pass the same dict to every round of one protection."""
    n_rows, n = published.shape
    if n == 0:
        return np.zeros(0, dtype=bool), np.ones(hidden.shape[0], dtype=bool)
    if (witness < -1e-9).any() or np.abs(published @ witness - values).max(initial=0.0) > 1e-6:
        return None
    published = published.tocsr()
    first = np.minimum.reduceat(block[published.indices], published.indptr[:-1]) if n_rows else []
    last = np.maximum.reduceat(block[published.indices], published.indptr[:-1]) if n_rows else []
    first, last = np.asarray(first), np.asarray(last)
    linking = np.flatnonzero(first != last)
    local_rows = np.flatnonzero(first == last)
    link = published[linking].tocsc()
    labels = np.unique(block)
    if n_rows and len(linking) > MAX_LINKS:
        raise TooLargeToCheck(f"{len(linking)} linking equations")
    positive = witness > 0.5  # counts are whole numbers
    ids = np.arange(n) if ids is None else np.asarray(ids)
    saved = {} if saved is None else saved
    blocks = []
    for label in labels:
        cols = np.flatnonzero(block == label)
        rows = local_rows[first[local_rows] == label]
        if len(cols) > MAX_BLOCK or len(rows) > MAX_BLOCK:
            raise TooLargeToCheck(f"{len(cols)} unknowns in one block")
        local, link_k = published[rows][:, cols].tocsr(), link[:, cols].tocsc()
        mine = _key(local, arrays=(ids[cols], positive[cols]))
        linked = (mine, _key(link_k))
        blocks.append(_Block(cols, local, link_k, saved.setdefault(mine, {}), saved.setdefault(linked, {})))
    n_link = len(linking)

    # Step 1: F, the links that free moves of positive unknowns absorb.
    gram_f = np.zeros((n_link, n_link))
    cone_of = []
    for b in blocks:
        share, cone = b.free(positive[b.cols])
        gram_f += share
        cone_of.append(cone)
    _f, _fv, outside = _complement(gram_f)
    pinned = np.zeros(n, dtype=bool)
    coupled = []
    for b, cone in zip(blocks, cone_of, strict=True):
        r = ~positive[b.cols]
        if not r.any():
            continue
        if outside.shape[1]:
            off = outside.T @ b.off() @ outside  # positive semi-definite
            if np.trace(off) > 1e-7:
                coupled.append(b)
                continue
        can = b.can(cone)
        if can is None:
            return None
        pinned[b.cols[r]] = ~can
    if sum(len(b.cols) for b in coupled) > MAX_COUPLED:
        raise TooLargeToCheck(f"{sum(len(b.cols) for b in coupled)} unknowns coupled across blocks")
    if coupled:
        # The blocks whose links F does not absorb, together: their local equations and the coupling.
        cols = np.concatenate([b.cols for b in coupled])
        rows = local_rows[np.isin(first[local_rows], [block[b.cols[0]] for b in coupled])]
        equations = sparse.vstack(
            [published[rows][:, cols], sparse.csr_matrix(outside.T @ link[:, cols].toarray())]
        )
        can = _positive_support(equations, positive[cols])
        if can is None:
            return None
        r = ~positive[cols]
        pinned[cols[r]] = ~can[r]

    # Step 2: hidden entries in the row space, blocks linked through one multiplier.
    hidden = hidden.tocsc()
    gram = np.zeros((n_link, n_link))
    y = np.zeros((n_link, hidden.shape[0]))
    norm = np.zeros(hidden.shape[0])
    touched = np.zeros(hidden.shape[0], dtype=bool)
    for b in blocks:
        keep = ~pinned[b.cols]
        if not keep.any():
            continue
        cols = b.cols[keep]
        basis, gram_k, t_k = b.kept(keep)
        gram += gram_k
        h_k = hidden[:, cols].tocsr()
        rows = np.flatnonzero(h_k.getnnz(axis=1))
        if len(rows) == 0:
            continue
        touched[rows] = True
        h_rows = h_k[rows]  # targets x unknowns of the block (sparse)
        hq = np.asarray(h_rows @ basis)
        tq = np.asarray(t_k @ basis)
        # y += G_k H_k^T = T_k P_k h^T;  |H_k|^2 = |h|^2 - |Q^T h|^2.
        y[:, rows] += np.asarray((t_k @ h_rows.T).todense()) - tq @ hq.T
        norm[rows] += np.asarray(h_rows.multiply(h_rows).sum(axis=1)).ravel() - (hq**2).sum(axis=1)
    vectors, eig, _null = _complement(gram)
    explained = ((vectors.T @ y) ** 2 / eig[:, None]).sum(axis=0) if len(eig) else np.zeros(len(norm))
    residual = norm - explained
    fixed = residual <= 1e-7 * np.maximum(1.0, norm)
    fixed[~touched] = True  # every unknown of it is pinned at zero
    return pinned, fixed


# --- one round for a whole cascade ---------------------------------------------------------------------
#
# A hidden entry h is free exactly when some direction z (a change of the counts that keeps them
# non-negative near the witness) leaves every published number as it is and changes h. So instead of hiding
# one more entry and checking again (the newly hidden one is then often given away in turn, round after
# round), we look for such a z first, allowing it to change entries of the new release, and hide every entry
# of the new release that z changes. Once they are hidden, z leaves every published number as it is and
# changes h and each of them: none of them can be worked out, in one step. Hiding never fixes an entry that
# was free (the directions only grow), so entries freed earlier stay free. z is found by a small linear
# programme on one block's unknowns (any subset of the unknowns gives a valid z; the block of h is where one
# is cheap), minimising the cost of what it makes us hide. The caller's exact check decides in the end.

TOTAL_COST = 20.0  # hiding a total costs as much as twenty cells: people read totals
ZERO_COST = 3.0  # a hidden zero protects badly (it is at least zero): other cells first
MAX_COMPLEMENT = 4000  # unknowns of one programme (beyond it the caller hides as before)


def complement_cost(is_total: bool, value: int) -> float:
    """What hiding one published entry of the new release costs in the programme: cells before totals, the
    smallest values first, zeros after small cells."""
    if is_total:
        return TOTAL_COST
    return ZERO_COST if value == 0 else 1.0 + value / (value + 100.0)


def complements(
    earlier: sparse.csr_matrix,
    mine: sparse.csr_matrix,
    cost: np.ndarray,
    target: sparse.csr_matrix,
    block: np.ndarray,
    witness: np.ndarray,
    *,
    tries: int = 3,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Rows of `mine` (the new release's published entries) whose hiding frees `target` (one row), and the
    direction z that frees it and them: z keeps the published rows of `earlier` and every other row of
    `mine`, changes `target`, and is negative only where the witness is positive. None when no block of the
    target's holds such a z (the caller hides as before)."""
    n_cols = earlier.shape[1]
    t_cols = target.indices
    if len(t_cols) == 0:
        return None
    weight: dict[int, float] = {}
    for col in t_cols:
        weight[int(block[col])] = weight.get(int(block[col]), 0.0) + float(witness[col])
    tried = sorted(weight, key=lambda k: -weight[k])[:tries]
    # The target's own blocks first; then each with one more block (the largest first), for a direction that
    # the totals across blocks need to leave balanced; then everything, when small.
    sizes = np.bincount(block, weights=witness)
    others = [int(k) for k in np.argsort(-sizes) if sizes[k] > 0][:tries]
    choices = [[k] for k in tried] + [[tried[0], k] for k in others if k != tried[0]]
    if n_cols <= MAX_COMPLEMENT:
        choices.append(list(np.unique(block)))
    counts = np.bincount(block)
    for labels in choices:
        if counts[labels].sum() > MAX_COMPLEMENT:
            continue  # a programme this size takes seconds: the caller hides one entry at a time instead
        cols = np.flatnonzero(np.isin(block, labels))
        h = target[:, cols].toarray().ravel()
        e = earlier[:, cols].tocsr()
        e = e[np.flatnonzero(e.getnnz(axis=1))]
        m_all = mine[:, cols].tocsr()
        m_rows = np.flatnonzero(m_all.getnnz(axis=1))
        m = m_all[m_rows]
        n, k = len(cols), len(m_rows)
        eye = sparse.identity(k, format="csr")
        a_eq = sparse.vstack(
            [
                sparse.hstack([e, sparse.csr_matrix((e.shape[0], k))]),
                sparse.hstack([sparse.csr_matrix(h), sparse.csr_matrix((1, k))]),
            ],
            format="csr",
        )
        a_ub = sparse.vstack([sparse.hstack([m, -eye]), sparse.hstack([-m, -eye])], format="csr")
        zero = witness[cols] < 0.5
        bounds = [(0.0, 100.0) if z else (-100.0, 100.0) for z in zero] + [(0.0, None)] * k
        result = linprog(
            c=np.concatenate([np.zeros(n), cost[m_rows]]),
            A_ub=a_ub,
            b_ub=np.zeros(2 * k),
            A_eq=a_eq,
            b_eq=np.concatenate([np.zeros(e.shape[0]), [1.0]]),
            bounds=bounds,
            method="highs",
            options={"time_limit": 10.0},
        )
        if result.status != 0:
            continue
        z = np.zeros(n_cols)
        z[cols] = result.x[:n]
        moved = np.abs(m @ result.x[:n]) > 1e-7
        return m_rows[moved], z
    return None
