"""Gould-Fernandez brokerage roles in a directed network with groups.

Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach to brokerage
in transaction networks. Sociological Methodology 19, 89-126. The counts are those of `brokerage()`
in R's sna package (Butts): b is a broker for every ordered pair (a, c) of distinct other actors
with a -> b -> c and no tie a -> c (an open two-path). By the groups of a (source), b (broker),
c (destination):

| role | groups | sna |
|---|---|---|
| coordinator | a = b = c | w_I |
| itinerant (consultant) | a = c != b | w_O |
| representative | a = b != c | b_OI |
| gatekeeper | a != b = c | b_IO |
| liaison | a, b, c all different | b_O |

No maintained Python library computes these (networkx has no brokerage; #3467 asks for it), so
they are counted here with matrix products: for role r, `count_b = Σ_a Xᵣ[a,b] (Nᵣ Yᵣᵀ)[a,b]`
with X, Y the adjacency masked by same/different group and N the non-ties a -> c (a != c).
`two_paths` gives the same counts per (group of a, group of c), from which the roles also follow
(the tests check the two against each other and against a hand count).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["ROLES", "gould_fernandez", "two_paths", "roles_from_two_paths", "group_codes", "between"]

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def group_codes(groups: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Integer codes for group labels (sorted labels), and the labels."""
    names = sorted(set(groups))
    code = {g: i for i, g in enumerate(names)}
    return np.array([code[g] for g in groups], dtype=np.int64), names


def _binary(adj: np.ndarray) -> np.ndarray:
    a = (np.asarray(adj) > 0).astype(np.float64)
    np.fill_diagonal(a, 0.0)
    return a


def gould_fernandez(adj: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Role counts per broker: an (n, 5) int array, columns in `ROLES` order.

    `adj[a, c] > 0` is a tie a -> c (weights are ignored; the diagonal too); `groups` holds an
    integer group per node.
    """
    a = _binary(adj)
    n = a.shape[0]
    if n < 3:
        return np.zeros((n, len(ROLES)), dtype=np.int64)
    g = np.asarray(groups)
    same = (g[:, None] == g[None, :]).astype(np.float64)
    diff = 1.0 - same
    open_pair = 1.0 - a
    np.fill_diagonal(open_pair, 0.0)  # a != c
    a_same, a_diff = a * same, a * diff

    def through(first: np.ndarray, ends: np.ndarray, second: np.ndarray) -> np.ndarray:
        # Σ_a first[a,b] Σ_c ends[a,c] second[b,c], for every b
        summed: np.ndarray = (first * (ends @ second.T)).sum(axis=0)
        return summed

    counts = np.stack([
        through(a_same, open_pair, a_same),  # coordinator: a = b = c
        through(a_diff, open_pair * same, a_diff),  # itinerant: a = c != b
        through(a_same, open_pair, a_diff),  # representative: a = b != c
        through(a_diff, open_pair, a_same),  # gatekeeper: a != b = c
        through(a_diff, open_pair * diff, a_diff),  # liaison: all different
    ], axis=1)
    out: np.ndarray = np.rint(counts).astype(np.int64)
    return out


def two_paths(adj: np.ndarray, groups: np.ndarray, k: int | None = None) -> np.ndarray:
    """Open two-paths per broker by the groups of their ends: `out[b, x, y]` counts a -> b -> c
    with a in group x, c in group y, a != c and no tie a -> c. Shape (n, k, k)."""
    a = _binary(adj)
    n = a.shape[0]
    g = np.asarray(groups)
    k = int(g.max()) + 1 if k is None and n else (k or 0)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), g] = 1.0
    open_pair = 1.0 - a
    np.fill_diagonal(open_pair, 0.0)
    out = np.zeros((n, k, k), dtype=np.int64)
    for b in range(n):
        src = np.flatnonzero(a[:, b])
        dst = np.flatnonzero(a[b, :])
        if len(src) and len(dst):
            sub = open_pair[np.ix_(src, dst)]
            out[b] = np.rint(onehot[src].T @ sub @ onehot[dst]).astype(np.int64)
    return out


def roles_from_two_paths(paths: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """The five role counts per broker from `two_paths` output and the brokers' groups."""
    n, k, _ = paths.shape
    out = np.zeros((n, len(ROLES)), dtype=np.int64)
    eye = np.eye(k, dtype=bool)
    for b in range(n):
        own = int(groups[b])
        p = paths[b]
        diag = np.diag(p)
        out[b, 0] = p[own, own]
        out[b, 1] = diag.sum() - diag[own]
        out[b, 2] = p[own].sum() - p[own, own]
        out[b, 3] = p[:, own].sum() - p[own, own]
        others = ~eye
        others[own, :] = False
        others[:, own] = False
        out[b, 4] = p[others].sum()
    return out


def between(adj: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Per broker b, the open two-paths a -> b -> c joining the two sets, either way: a in `left`
    and c in `right`, or a in `right` and c in `left` (boolean masks over the nodes). The broker
    may belong to either set or to neither."""
    a = _binary(adj)
    lf, rt = np.asarray(left, dtype=np.float64), np.asarray(right, dtype=np.float64)
    ends = np.outer(lf, rt) + np.outer(rt, lf)
    ends *= 1.0 - a
    np.fill_diagonal(ends, 0.0)
    out: np.ndarray = np.rint((a * (ends @ a.T)).sum(axis=0)).astype(np.int64)
    return out
