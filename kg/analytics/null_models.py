"""Null models that keep each unit's tasks, for z-scores comparable across counties of any size.

A county's networks are projections of two unit x task incidence matrices, leading and assisting.
A draw rewires both, each apart, with the curveball algorithm (Strona et al. 2014, A fast and
unbiased procedure to randomize ecological binary matrices with fixed row and column totals,
Nature Communications 5: 4114; the "global" variant of Carstens, Berger and Strona 2016, which
pairs every unit in each round): a trade between two units keeps the tasks they share and deals the
others out again at random, so every unit keeps its number of led and of assisted tasks and every
task its number of lead and of assisting units. Degree-preserving rewiring of the bipartite graph,
as in Neal (2014, The backbone of bipartite projections, Social Networks 39) for projections.

The draws are one Markov chain per county: `burn_in` rounds from the observed matrices, then a draw
every `thin` rounds. The seed of a county is derived from the run's seed and the county's IRI, so a
county's z-scores do not depend on which other counties are analysed. Each statistic's z-score is
`(observed - mean) / sd` over the draws (None when sd = 0: the statistic cannot vary).

A drawn unit may assist a task it also leads (the two layers are rewired apart; the corpus has no
such pair); it then gets no tie to itself and counts once in the co-responsibility network.
"""

from __future__ import annotations

import warnings
import zlib
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

import numpy as np

from kg.analytics.arrays import CountyArrays, division
from kg.analytics.brokerage import group_codes
from kg.analytics.county_stats import STATISTICS, county_statistics, seeded
from kg.extras import require

__all__ = ["NullModel", "curveball_round", "null_draws", "CountyNull", "county_null", "counties_null", "county_seed"]


@dataclass(frozen=True, slots=True)
class NullModel:
    draws: int = 100
    burn_in: int = 50  # global rounds before the first draw
    thin: int = 5  # global rounds between draws
    seed: int = 42


def county_seed(seed: int, county: str) -> int:
    return (seed * 1_000_003 + zlib.crc32(county.encode("utf-8"))) % 2**32


def curveball_round(m: np.ndarray, rng: np.random.Generator) -> None:
    """One global curveball round on a boolean rows x columns matrix, in place: rows are paired at
    random and each pair trades the columns only one of them has; row and column sums are kept."""
    rows, cols = m.shape
    if rows < 2 or cols == 0:
        return
    perm = rng.permutation(rows)
    half = rows // 2
    i, j = perm[:half], perm[half:2 * half]
    mi, mj = m[i], m[j]
    pool = mi ^ mj
    keep_i = (mi & ~mj).sum(axis=1)
    keys = rng.random(pool.shape)
    keys[~pool] = 2.0  # columns outside the pool sort last
    # i takes the keep_i pool columns of smallest key: those at or below its keep_i-th smallest
    ordered = np.sort(keys, axis=1)
    threshold = np.where(keep_i > 0, ordered[np.arange(half), np.maximum(keep_i - 1, 0)], -1.0)
    to_i = pool & (keys <= threshold[:, None])
    shared = mi & mj
    m[i] = shared | to_i
    m[j] = shared | (pool & ~to_i)


def _active(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns with any entry: the rest cannot change in a trade, so the chain runs on
    the smaller matrix (same uniform distribution over matrices with these margins)."""
    return np.flatnonzero(m.any(axis=1)), np.flatnonzero(m.any(axis=0))


def null_draws(lead: np.ndarray, co: np.ndarray, model: NullModel, seed: int
               ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """`model.draws` pairs of rewired (lead, co) matrices (the chain's state, reused: copy to keep)."""
    rng = np.random.default_rng(seed)
    layers = [lead.copy(), co.copy()]
    active = [_active(m) for m in layers]
    small = [m[np.ix_(r, c)] for m, (r, c) in zip(layers, active, strict=True)]

    def step(rounds: int) -> None:
        for _ in range(rounds):
            for m in small:
                curveball_round(m, rng)

    step(model.burn_in)
    for _ in range(model.draws):
        step(model.thin)
        for m, part, (r, c) in zip(layers, small, active, strict=True):
            m[np.ix_(r, c)] = part
        yield layers[0], layers[1]


@dataclass(frozen=True, slots=True)
class CountyNull:
    county: str
    observed: np.ndarray  # per STATISTICS
    mean: np.ndarray
    sd: np.ndarray
    draws: int

    @property
    def z(self) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.sd > 0, (self.observed - self.mean) / self.sd, np.nan)


def _codes(arr: CountyArrays) -> tuple[np.ndarray, np.ndarray]:
    return group_codes(arr.unit_type)[0], group_codes([division(f) for f in arr.function])[0]


def county_null(arr: CountyArrays, model: NullModel) -> CountyNull:
    types, functions = _codes(arr)
    seed = county_seed(model.seed, arr.county)
    with seeded(seed):
        observed = county_statistics(arr.lead, arr.co, types, functions)
        if model.draws <= 0 or arr.n < 2:
            nan = np.full(len(STATISTICS), np.nan)
            return CountyNull(arr.county, observed, nan, nan, 0)
        values = np.array([county_statistics(lead, co, types, functions)
                           for lead, co in null_draws(arr.lead, arr.co, model, seed)])
    with warnings.catch_warnings():  # a statistic undefined in every draw (no ties) is NaN, said once here
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(values, axis=0)
        sd = np.nanstd(values, axis=0, ddof=1)
    return CountyNull(arr.county, observed, mean, sd, len(values))


def one_thread() -> Any:
    """BLAS on one thread: the matrices are small, and OpenBLAS threads on a busy machine make
    a 75 x 250 product 40 times slower (measured); parallelism comes from worker processes."""
    threadpoolctl = require("threadpoolctl", "analytics", "the network analytics")
    return threadpoolctl.threadpool_limits(1)


def _run(args: tuple[list[CountyArrays], NullModel]) -> list[CountyNull]:
    items, model = args
    with one_thread():
        return [county_null(a, model) for a in items]


def counties_null(arrays: list[CountyArrays], model: NullModel, jobs: int = 1) -> list[CountyNull]:
    """`county_null` of every county, in `jobs` worker processes (results in input order)."""
    if jobs <= 1 or len(arrays) < 2:
        return _run((arrays, model))
    chunks: list[list[CountyArrays]] = [arrays[k::jobs * 4] for k in range(jobs * 4)]
    out: dict[str, CountyNull] = {}
    with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
        for result in pool.map(_run, [(c, model) for c in chunks if c]):
            out.update((r.county, r) for r in result)
    return [out[a.county] for a in arrays]


def describe(model: NullModel) -> dict[str, Any]:
    return {"draws": model.draws, "burn_in": model.burn_in, "thin": model.thin, "seed": model.seed}
