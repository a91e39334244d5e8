"""The structure tables of `kg analyze`: per unit, per unit and grouping, per function, per county.

- unit_structure: each unit's lead/assist ties, breadth-depth class, Burt's constraint, effective
  size, efficiency and hierarchy, continuous coreness and core membership, open two-paths brokered;
- brokerage: Gould-Fernandez role counts of each unit, with groups = unit type and = COFOG division;
- function_brokerage: the same summed over each county's units of one COFOG division, and the
  two-paths they broker between economic affairs and social policy;
- county_structure: the county statistics of `county_stats.STATISTICS` with their z-scores against
  the null model (`null_models`), and the breadth-depth class counts;
- county_null: one row per county and statistic: observed, null mean and sd, z, and the null model.

Definitions and references: the module docstrings and docs/analytics.md.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np

from kg.analytics.arrays import CountyArrays, co_responsibility, county_arrays, division, lead_assist
from kg.analytics.breadth_depth import CLASSES, breadth_depth
from kg.analytics.brokerage import ROLES, between, gould_fernandez, group_codes
from kg.analytics.core_periphery import continuous_coreness
from kg.analytics.county_stats import STATISTICS
from kg.analytics.null_models import CountyNull, NullModel, counties_null, one_thread
from kg.analytics.structural_holes import burt
from kg.analytics.tables import STRUCTURE_TABLES
from kg.ontology.functions import cofog_labels
from kg.stores.networkx import GraphIndex

__all__ = ["STRUCTURE_TABLES", "ECONOMIC", "SOCIAL", "structure_tables"]

ECONOMIC = ("04",)  # COFOG economic affairs
SOCIAL = ("07", "09", "10")  # health, education, social protection


def _num(x: Any, digits: int = 4) -> float | None:
    """A float for a table cell: rounded, None for NaN."""
    value = float(x)
    return None if math.isnan(value) else round(value, digits)


def _unit_rows(idx: GraphIndex, arr: CountyArrays, county_info: dict[str, Any]) -> tuple[
        list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    nodes = idx.graph.nodes
    w = co_responsibility(arr.lead, arr.co)
    la = lead_assist(arr.lead, arr.co) > 0
    holes = burt(w)
    cp = continuous_coreness((w > 0).astype(np.float64))
    breadth, depth, classes = breadth_depth(w)
    divisions = [division(f) for f in arr.function]
    by_group = {"type": gould_fernandez(la, group_codes(arr.unit_type)[0]),
                "function": gould_fernandez(la, group_codes(divisions)[0])}
    econ = np.array([d in ECONOMIC for d in divisions])
    social = np.array([d in SOCIAL for d in divisions])
    econ_social = between(la, econ, social)
    labels = cofog_labels()
    units, brokerage = [], []
    for i, iri in enumerate(arr.units):
        name = nodes[iri].props.get("name")
        base = {**county_info, "unit": name, "type": arr.unit_type[i], "function": arr.function[i]}
        units.append({
            **base, "function_label": labels.get(arr.function[i], ("", None))[1],
            "lead_tasks": int(arr.lead[i].sum()), "co_tasks": int(arr.co[i].sum()),
            "assisted_by": int(la[i].sum()), "assists": int(la[:, i].sum()),
            "partners": int(breadth[i]), "tasks_per_partner": _num(depth[i], 3), "breadth_depth_class": classes[i],
            "constraint": _num(holes["constraint"][i]), "effective_size": _num(holes["effective_size"][i]),
            "efficiency": _num(holes["efficiency"][i]), "hierarchy": _num(holes["hierarchy"][i]),
            "coreness": _num(cp.coreness[i]), "core": bool(cp.core[i]),
            "brokerage": int(by_group["type"][i].sum()), "economic_social": int(econ_social[i]), "iri": iri,
        })
        for groups, counts in by_group.items():
            brokerage.append({**base, "groups": groups,
                              "group": arr.unit_type[i] if groups == "type" else divisions[i],
                              **{r: int(counts[i, k]) for k, r in enumerate(ROLES)},
                              "total": int(counts[i].sum()), "iri": iri})
    functions = []
    fn_roles = by_group["function"]
    for d in sorted(set(divisions)):
        members = [i for i, x in enumerate(divisions) if x == d]
        sums = fn_roles[members].sum(axis=0)
        functions.append({**county_info, "division": d, "division_label": labels.get(d, ("", None))[1],
                          "units": len(members), **{r: int(sums[k]) for k, r in enumerate(ROLES)},
                          "total": int(sums.sum()), "economic_social": int(econ_social[members].sum())})
    return units, brokerage, functions


def _county_rows(info: dict[str, Any], arr: CountyArrays, null: CountyNull, model: NullModel,
                 classes: Counter[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    row: dict[str, Any] = {**info, "units": arr.n, "tasks": len(arr.tasks),
                           **{f"{c}_units": classes.get(c, 0) for c in CLASSES}}
    z = null.z
    for k, stat in enumerate(STATISTICS):
        row[stat] = _num(null.observed[k])
    for k, stat in enumerate(STATISTICS):
        row[f"z_{stat}"] = _num(z[k], 3)
    row["null_draws"] = null.draws
    long = [{**info, "statistic": stat, "observed": _num(null.observed[k]), "null_mean": _num(null.mean[k]),
             "null_sd": _num(null.sd[k]), "z": _num(z[k], 3), "draws": null.draws, "burn_in": model.burn_in,
             "thin": model.thin, "seed": model.seed} for k, stat in enumerate(STATISTICS)]
    return row, long


def structure_tables(idx: GraphIndex, county_iris: list[str], model: NullModel, *, jobs: int = 1
                     ) -> dict[str, list[dict[str, Any]]]:
    """The `STRUCTURE_TABLES` of these counties (null model draws in `jobs` processes)."""
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in STRUCTURE_TABLES}
    arrays = [county_arrays(idx, c) for c in county_iris]
    infos = []
    for c in county_iris:
        props = idx.graph.nodes[c].props
        infos.append({"county": props.get("name"), "admin_code": props.get("admin_code")})
    with one_thread():
        nulls = counties_null(arrays, model, jobs=jobs)
        for arr, info, null in zip(arrays, infos, nulls, strict=True):
            units, brokerage, functions = _unit_rows(idx, arr, info)
            out["unit_structure"] += units
            out["brokerage"] += brokerage
            out["function_brokerage"] += functions
            row, long = _county_rows(info, arr, null, model, Counter(u["breadth_depth_class"] for u in units))
            out["county_structure"].append(row)
            out["county_null"] += long
    return out
