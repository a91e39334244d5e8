"""The network statistics compared across counties, from a county's lead and assist matrices.

One function computes them for the observed county and for every null-model draw, so a z-score
compares like with like:

- density: co-responsibility ties / possible pairs among the units with a task;
- centralization: Freeman degree centralization, `Σ (d_max - d_i) / ((n-1)(n-2))` (Freeman 1979);
- modularity: of the Louvain partition (Blondel et al. 2008; igraph's multilevel, weights = shared
  tasks, seeded), and `communities`, its number of groups of two or more units;
- core_share, core_fit: the Borgatti-Everett continuous model on the 0/1 co-responsibility ties;
- lead_assist_ties: directed lead -> assist pairs; open_two_paths: a -> b -> c with no a -> c;
- gf_type_<role>, gf_function_<role>: Gould-Fernandez role totals, groups = unit type or COFOG
  division.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from kg.analytics.arrays import co_responsibility, lead_assist
from kg.analytics.brokerage import ROLES, gould_fernandez
from kg.analytics.core_periphery import continuous_coreness
from kg.extras import require

__all__ = ["STATISTICS", "county_statistics", "louvain", "seeded"]

STATISTICS = (
    "density", "centralization", "modularity", "communities", "core_share", "core_fit",
    "lead_assist_ties", "open_two_paths",
    *(f"gf_type_{r}" for r in ROLES), *(f"gf_function_{r}" for r in ROLES),
)


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """igraph's random numbers from `random.Random(seed)` within the block (setting it costs ms:
    once per county, not per draw)."""
    ig = require("igraph", "analytics", "the county network statistics")
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def louvain(weights: np.ndarray) -> tuple[list[int], float]:
    """Louvain membership and modularity of a weighted undirected network (igraph; seed it with
    `seeded` for the same partition on every run)."""
    ig = require("igraph", "analytics", "the county network statistics")
    n = weights.shape[0]
    rows, cols = np.nonzero(np.triu(weights, 1))
    if len(rows) == 0:
        return list(range(n)), float("nan")
    g = ig.Graph(n=n, edges=np.column_stack([rows, cols]).tolist())
    g.es["weight"] = weights[rows, cols].astype(float).tolist()
    parts = g.community_multilevel(weights="weight")
    return list(parts.membership), float(parts.modularity)


def county_statistics(lead: np.ndarray, co: np.ndarray, type_codes: np.ndarray, function_codes: np.ndarray
                      ) -> np.ndarray:
    """The `STATISTICS` of one county, in that order (NaN where undefined). Louvain draws random
    numbers: run it under `seeded`."""
    w = co_responsibility(lead, co)
    ties = w > 0
    n = w.shape[0]
    degree = ties.sum(axis=1)
    pairs = n * (n - 1) / 2
    density = ties.sum() / 2 / pairs if pairs else np.nan
    centralization = (degree.max() - degree).sum() / ((n - 1) * (n - 2)) if n > 2 else np.nan
    membership, modularity = louvain(w)
    sizes = np.bincount(membership) if n else np.zeros(0, dtype=int)
    communities = int((sizes > 1).sum())
    cp = continuous_coreness(ties.astype(np.float64))
    la = lead_assist(lead, co) > 0
    type_roles = gould_fernandez(la, type_codes).sum(axis=0)
    function_roles = gould_fernandez(la, function_codes).sum(axis=0)
    return np.array([
        density, centralization, modularity, communities, cp.core_share if ties.any() else np.nan, cp.fit,
        la.sum(), type_roles.sum(), *type_roles, *function_roles,
    ], dtype=np.float64)
