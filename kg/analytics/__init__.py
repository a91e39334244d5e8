"""`kg analyze`: coordination-network and portfolio analytics, per county and across counties.

Tables (lists of rows, one dict each; `kg.notebook` turns them into DataFrames):
- units: degree, weighted degree, betweenness and community of every unit in its county's
  coordination network (units linked by shared tasks, lead or co);
- leaders: each leader's span: tasks, units, groups and functions they supervise;
- communities: groups of units that share tasks mostly among themselves (Louvain, seeded);
- counties: the cross-county comparison, one row per county;
- functions: units and tasks per function of government (COFOG) per county;
- targets: headline targets per county (per government of any level, and year);
- ledger: the target ledger as `kg build` linked it: each ledger target with its bounds, the
  achieved value it was checked against, met/missed/unknown, margin and amplification;
- unit_structure, brokerage, function_brokerage, county_structure, county_null: the structure of
  lead/assist networks (Gould-Fernandez brokerage, Burt's structural holes, Borgatti-Everett
  core-periphery, the breadth-depth matrix) and county statistics as z-scores against a null model
  that keeps each unit's tasks (`kg.analytics.structure`; needs the `analytics` extra).

List cells (a leader's roles, functions and top units; a community's units) are joined with
`LIST_SEPARATOR` (`;`): 、 occurs inside COFOG labels (行政立法机关、财政事务), so a list joined
with it cannot be split again. Codes and Chinese and English labels are separate columns.

Betweenness counts shortest paths without weights (one shared task is a link as much as
five are) and is normalised over the county's units that share any task, so counties of
different size compare.

Modules: tables (the first six tables), arrays (a county as unit x task matrices), networks
(lead -> assist, two-mode, supervision overlay), brokerage, structural_holes, core_periphery,
breadth_depth, county_stats, null_models, structure (the structure tables), exports (CSV,
Parquet, Pajek for statnet, igraph, UCINET), charts. docs/analytics.md documents every measure.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from kg.analytics.tables import CORE_TABLES, LIST_SEPARATOR, SEED, STRUCTURE_TABLES, communities, core_rows, ledger_rows
from kg.extras import require
from kg.map.graphdata import GraphData
from kg.stores.networkx import (
    GraphIndex,
    coordination_network,
    counties,
    index,
    portfolio_network,
    to_networkx,
    write_edge_csv,
    write_gexf,
    write_graphml,
)

__all__ = ["TABLES", "CORE_TABLES", "STRUCTURE_TABLES", "SEED", "NULL_DRAWS", "LIST_SEPARATOR", "Analytics",
           "analyze", "communities", "write_tables", "write_networks", "write_all"]

TABLES = (*CORE_TABLES, *STRUCTURE_TABLES)
NULL_DRAWS = 100  # per county: a national run in minutes on 2 cores (bench/analytics_national.py)


@dataclass(slots=True)
class Analytics:
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    coordination: dict[str, nx.Graph] = field(default_factory=dict)  # county IRI -> network
    null_model: dict[str, Any] = field(default_factory=dict)  # the null model's settings, if run


def analyze(graph: GraphData, *, idx: GraphIndex | None = None, structure: bool = True,
            null_draws: int = NULL_DRAWS, seed: int = SEED, jobs: int = 1, progress: bool = False) -> Analytics:
    """Every table; the structure tables (needing numpy, igraph, threadpoolctl: the `analytics` extra) only
    with `structure`, with `null_draws` null-model draws per county (0: no z-scores) in `jobs`
    processes. `progress`: a bar on stderr (on a terminal) over the counties."""
    from kg.progress import iterate

    idx = idx or index(graph)
    out = Analytics(tables={name: [] for name in (TABLES if structure else CORE_TABLES)})
    t = out.tables
    county_iris = counties(graph)
    for county in iterate(county_iris, len(county_iris), "analyze", "county", enabled=progress):
        g = coordination_network(graph, county, idx=idx)
        out.coordination[county] = g
        for name, rows in core_rows(idx, county, g).items():
            t[name] += rows
    t["functions"].sort(key=lambda r: (str(r["function"]), str(r["county"])))
    t["ledger"] = ledger_rows(graph, idx)
    if structure:
        for module in ("numpy", "igraph", "threadpoolctl"):
            require(module, "analytics", "kg analyze's structure tables")
        from kg.analytics.null_models import NullModel, describe
        from kg.analytics.structure import structure_tables

        model = NullModel(draws=null_draws, seed=seed)
        t.update(structure_tables(idx, county_iris, model, jobs=jobs))
        out.null_model = describe(model)
    return out


# --- files

def write_tables(analytics: Analytics, out_dir: Path, *, excel: bool = False) -> list[Path]:
    """Each table as CSV (UTF-8; `excel`: with a byte-order mark and CR LF, for spreadsheets) and JSON."""
    from kg.output import render

    paths = []
    for name, rows in analytics.tables.items():
        columns = list(rows[0]) if rows else []
        for fmt in ("csv", "json"):
            path = out_dir / f"{name}.{fmt}"
            text = render(rows, fmt, columns)
            if fmt == "csv" and excel:
                path.write_text(text.replace("\n", "\r\n"), encoding="utf-8-sig", newline="")
            else:
                path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths



def write_networks(graph: GraphData, analytics: Analytics, out_dir: Path, *,
                   idx: GraphIndex | None = None) -> list[Path]:
    """coordination, portfolio and the whole graph as GraphML and GEXF; the two networks as CSV edge lists."""
    idx = idx or index(graph)
    out_dir.mkdir(parents=True, exist_ok=True)
    coordination = nx.compose_all(analytics.coordination.values()) if analytics.coordination else nx.Graph()
    networks: dict[str, nx.Graph] = {
        "coordination": coordination,
        "portfolio": portfolio_network(graph, idx=idx),
        "knowledge-graph": to_networkx(graph),
    }
    paths = []
    for name, g in networks.items():
        paths.append(write_graphml(g, out_dir / f"{name}.graphml"))
        paths.append(write_gexf(g, out_dir / f"{name}.gexf"))
    paths.append(write_edge_csv(coordination, out_dir / "coordination-edges.csv", ("weight", "tasks")))
    paths.append(write_edge_csv(networks["portfolio"], out_dir / "portfolio-edges.csv", ("weight",)))
    return paths


def write_all(graph: GraphData, out_dir: Path, *, charts: bool = True, structure: bool = True,
              null_draws: int = NULL_DRAWS, seed: int = SEED, jobs: int = 1, parquet: bool = True,
              excel: bool = False, progress: bool = False) -> tuple[Analytics, list[Path]]:
    """Every table (CSV, JSON), the networks (GraphML, GEXF, CSV) and, with `structure`, the exports for
    statnet/igraph/Pajek (CSV, Parquet unless not `parquet`, .net) in networks/, and the charts."""
    idx = index(graph)
    if charts:
        require("matplotlib", "views", "charts (kg analyze -o; --no-charts skips them)")
    analytics = analyze(graph, idx=idx, structure=structure, null_draws=null_draws, seed=seed, jobs=jobs,
                        progress=progress)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = write_tables(analytics, out_dir, excel=excel)
    paths += write_networks(graph, analytics, out_dir / "networks", idx=idx)
    if structure:
        from kg.analytics.exports import write_exports

        paths += write_exports(graph, out_dir / "networks", idx=idx, parquet=parquet,
                               structure_rows=analytics.tables["unit_structure"])
    if charts:
        from kg.analytics.charts import write_charts

        paths += write_charts(analytics, out_dir / "charts")
    (out_dir / "manifest.json").write_text(json.dumps(
        {"tables": {k: len(v) for k, v in analytics.tables.items()}, "null_model": analytics.null_model,
         "files": [str(p.relative_to(out_dir)) for p in paths]}, ensure_ascii=False, indent=1), encoding="utf-8")
    return analytics, paths
