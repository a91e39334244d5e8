"""Burt's structural-hole measures of every unit in a weighted undirected network.

Burt, R. S. (1992). Structural Holes: The Social Structure of Competition. Harvard University Press,
ch. 2; the formulas as networkx (`constraint`, `effective_size`) and igraph (`constraint`) compute
them, summing over a unit's contacts N(i):

- proportional tie strength `p_ij = (w_ij + w_ji) / Σ_k (w_ik + w_ki)`;
- dyadic constraint `c_ij = (p_ij + Σ_{q ≠ i,j} p_iq p_qj)²`; constraint `C_i = Σ_{j ∈ N(i)} c_ij`
  (1 for a single contact, lower for many contacts that are not tied to each other);
- effective size `E_i = Σ_{j ∈ N(i)} (1 - Σ_{q ≠ i,j} p_iq m_jq)`, `m_jq = (w_jq + w_qj) / max_k (w_jk + w_kj)`:
  contacts less their redundancy; efficiency `E_i / |N(i)|`;
- hierarchy `H_i = Σ_j (c_ij / c̄) ln(c_ij / c̄) / (|N(i)| ln |N(i)|)`, `c̄ = C_i / |N(i)|`: how far the
  constraint is concentrated on one contact (0 when spread evenly; undefined for one contact).

Computed with matrix products for a whole county at once; the tests compare them with networkx and
igraph.
"""

from __future__ import annotations

import numpy as np

__all__ = ["burt"]


def burt(weights: np.ndarray) -> dict[str, np.ndarray]:
    """constraint, effective_size, efficiency, hierarchy per node (NaN for a node without contacts;
    hierarchy NaN below two contacts)."""
    w = np.asarray(weights, dtype=np.float64)
    w = w + w.T  # mutual strength (a symmetric matrix counts twice, which cancels in every ratio)
    np.fill_diagonal(w, 0.0)
    tie = w > 0
    contacts = tie.sum(axis=1)
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(total[:, None] > 0, w / total[:, None], 0.0)
        indirect = p @ p  # Σ_q p_iq p_qj; q = i or j adds nothing (zero diagonal)
        dyadic = np.where(tie, (p + indirect) ** 2, 0.0)
        constraint = np.where(contacts > 0, dyadic.sum(axis=1), np.nan)
        peak = w.max(axis=1, initial=0.0)
        m = np.where(peak[:, None] > 0, w / peak[:, None], 0.0)
        redundancy = p @ m.T  # Σ_q p_iq m_jq
        effective = np.where(contacts > 0, np.where(tie, 1.0 - redundancy, 0.0).sum(axis=1), np.nan)
        efficiency = effective / contacts
        mean = constraint / contacts
        ratio = np.where(tie, dyadic / mean[:, None], 1.0)
        terms = np.where(tie, ratio * np.log(np.where(ratio > 0, ratio, 1.0)), 0.0)
        hierarchy = np.where(contacts > 1, terms.sum(axis=1) / (contacts * np.log(np.maximum(contacts, 2))), np.nan)
    return {"constraint": constraint, "effective_size": effective, "efficiency": efficiency, "hierarchy": hierarchy}
