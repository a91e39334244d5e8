"""The breadth-depth matrix of inter-agency coordination.

Breadth: the number of distinct units a unit shares tasks with (its degree in the co-responsibility
network). Depth: the tasks it shares per partner (weighted degree / degree). Each is "high" when it
is above the mean of the county's units that have a partner; the 2 x 2 matrix gives the classes:

- leading: high breadth and high depth (many partners, much work with each);
- key: high on one of the two;
- auxiliary: low on both;
- isolated: no partner (the unit's tasks are its alone).
"""

from __future__ import annotations

import numpy as np

__all__ = ["CLASSES", "breadth_depth"]

CLASSES = ("leading", "key", "auxiliary", "isolated")


def breadth_depth(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(breadth, depth, class) per unit of a symmetric weight matrix (depth NaN without partners)."""
    w = np.asarray(weights, dtype=np.float64)
    breadth = (w > 0).sum(axis=1)
    strength = w.sum(axis=1)
    depth = np.divide(strength, breadth, out=np.full(len(w), np.nan), where=breadth > 0)
    linked = breadth > 0
    classes = ["isolated"] * len(w)
    if linked.any():
        wide = breadth > breadth[linked].mean()
        deep = depth > np.nanmean(depth[linked])
        for i in np.flatnonzero(linked):
            high = int(wide[i]) + int(deep[i])
            classes[i] = CLASSES[2 - high]
    return breadth, depth, classes
