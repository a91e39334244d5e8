"""Borgatti-Everett continuous core-periphery model.

Borgatti, S. P. and Everett, M. G. (1999). Models of core/periphery structures. Social Networks 21,
375-395: each node i has a coreness c_i and the ideal pattern is `c_i c_j`; the model's fit is the
Pearson correlation, over all pairs i != j, between the observed ties and that pattern.

The coreness is the minimum-residual solution `min Σ_{i≠j} (a_ij - c_i c_j)²` (Boyd, Fitzgerald and
Beck 2006, Computing core/periphery structures and permutation tests for social relations data,
Social Networks 28, 165-178, show it is UCINET's continuous solution), found by the fixed-point
iteration `c_i ← Σ_{j≠i} a_ij c_j / Σ_{j≠i} c_j²` (Comrey's MINRES; the diagonal is ignored), damped,
from the degrees. On 0/1 data `c_i c_j` estimates the chance that i and j are tied.

The core: the k units of highest coreness, k chosen so that the 0/1 indicator "in the top k"
correlates best with the coreness vector (a partition of the continuous solution, our choice, said in
docs/analytics.md). `core_share = k / n`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["CorePeriphery", "continuous_coreness", "core_size", "pattern_fit"]

MAX_ITER = 1000
DAMPING = 0.7  # fewest iterations on the corpus's counties (0.5: 40% more; 1.0: never converges)
TOL = 1e-8  # on the largest change, relative to the largest coreness


@dataclass(frozen=True, slots=True)
class CorePeriphery:
    coreness: np.ndarray  # per node, >= 0
    fit: float  # correlation of ties with c_i c_j (NaN when undefined: no tie, or all pairs tied)
    core: np.ndarray  # bool per node
    iterations: int

    @property
    def core_share(self) -> float:
        return float(self.core.mean()) if len(self.core) else float("nan")


def pattern_fit(adj: np.ndarray, c: np.ndarray) -> float:
    """Pearson correlation of a_ij with c_i c_j over the pairs i != j."""
    n = len(c)
    if n < 2:
        return float("nan")
    off = ~np.eye(n, dtype=bool)
    x = np.asarray(adj, dtype=np.float64)[off]
    y = np.outer(c, c)[off]
    if x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def core_size(c: np.ndarray) -> int:
    """k maximising the correlation between c and the indicator of its k largest values (1 <= k < n)."""
    n = len(c)
    if n < 2:
        return n
    s = np.sort(np.asarray(c, dtype=np.float64))[::-1]
    dev = s - s.mean()
    spread = float(np.sqrt((dev**2).sum()))
    if spread == 0:
        return 0
    k = np.arange(1, n)
    cov = np.cumsum(dev)[:-1]  # Σ_{top k} (s - mean)
    corr = cov / (np.sqrt(k * (n - k) / n) * spread)
    return int(k[int(np.argmax(corr))])


def continuous_coreness(adj: np.ndarray) -> CorePeriphery:
    """Coreness of every node of an undirected network (weights used as given; pass 0/1 for ties)."""
    a = np.asarray(adj, dtype=np.float64)
    a = (a + a.T) / 2
    np.fill_diagonal(a, 0.0)
    n = a.shape[0]
    if n == 0 or not a.any():
        return CorePeriphery(np.zeros(n), float("nan"), np.zeros(n, dtype=bool), 0)
    degree = a.sum(axis=1)
    c = degree / np.sqrt(degree.sum())  # Σ c_i c_j = Σ a_ij: the right scale to start from
    iterations = MAX_ITER
    for step in range(1, MAX_ITER + 1):
        sq = c**2
        denom = sq.sum() - sq
        new = np.divide(a @ c, denom, out=np.zeros(n), where=denom > 0)
        new = DAMPING * new + (1 - DAMPING) * c  # the plain Jacobi step oscillates between two states
        done = np.max(np.abs(new - c)) < TOL * np.max(new)
        c = new
        if done:
            iterations = step
            break
    order = np.argsort(-c, kind="stable")
    core = np.zeros(n, dtype=bool)
    core[order[:core_size(c)]] = True
    return CorePeriphery(c, pattern_fit(a, c), core, iterations)
