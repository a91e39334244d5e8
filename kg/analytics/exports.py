"""Edge lists and node tables for statnet, igraph, UCINET and Pajek users.

Every edge file's first two columns are node ids, and every node file's first column is the id, so
R's `network::network(edges, vertices = nodes, directed = TRUE)`, igraph's `Graph.DataFrame(edges,
vertices=nodes)` and pandas read them as they are. Ids are the IRI after `/id/`
(`unit/141025/gov_office`), stable across builds. Files (CSV, and Parquet with the `tables` extra):

- lead-assist-edges: source, target, weight (tasks), county, admin_code;
- co-responsibility-edges: source, target, weight (shared tasks), county, admin_code; source < target;
- unit-nodes: id, label (the unit's name; igraph keeps `name` for the id), county, admin_code, type,
  function (COFOG code), division, lead_tasks, co_tasks,
  and the unit_structure measures (coreness, core, constraint, ..., breadth_depth_class);
- unit-task-edges (two-mode): unit, task, role (lead | assist), admin_code; task-nodes: id, county,
  admin_code, task_id, list, section, text;
- unit-function-edges (two-mode): unit, function, weight, admin_code;
- supervision-edges: leader, unit, weight (tasks supervised), admin_code; leader-nodes: id, label, county,
  admin_code, roles.

Pajek `.net` files (lead-assist.net: arcs; co-responsibility.net: edges; weights as values; vertex
labels are the ids) open in Pajek and UCINET.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from kg.analytics.networks import lead_assist_network, supervision_overlay, unit_function_network, unit_task_network
from kg.map.graphdata import GraphData
from kg.stores.networkx import GraphIndex, coordination_network, index

__all__ = ["node_id", "export_tables", "write_exports", "write_pajek"]

UNIT_MEASURES = ("partners", "tasks_per_partner", "breadth_depth_class", "constraint", "effective_size", "efficiency",
                 "hierarchy", "coreness", "core", "brokerage", "economic_social", "assisted_by", "assists")


def node_id(iri: str) -> str:
    """`https://govkg.org/id/unit/141025/gov_office` -> `unit/141025/gov_office`."""
    return iri.split("/id/", 1)[1] if "/id/" in iri else iri


def _county(g: nx.Graph, n: str) -> dict[str, Any]:
    data = g.nodes[n]
    return {"county": data.get("county"), "admin_code": data.get("county_code")}


def export_tables(graph: GraphData, idx: GraphIndex, structure_rows: Sequence[dict[str, Any]] = ()
                  ) -> dict[str, list[dict[str, Any]]]:
    """The export files' rows: name -> rows (first column(s) ids)."""
    la = lead_assist_network(graph, idx=idx)
    co = coordination_network(graph, idx=idx)
    two = unit_task_network(graph, idx=idx)
    fn = unit_function_network(graph, idx=idx)
    sup = supervision_overlay(graph, idx=idx)
    measures = {r["iri"]: r for r in structure_rows}
    out: dict[str, list[dict[str, Any]]] = {}
    out["lead-assist-edges"] = [{"source": node_id(u), "target": node_id(v), "weight": d["weight"], **_county(la, u)}
                                for u, v, d in la.edges(data=True)]
    pairs = []
    for u, v, d in co.edges(data=True):
        a, b = sorted((node_id(u), node_id(v)))
        pairs.append({"source": a, "target": b, "weight": d["weight"], **_county(co, u)})
    out["co-responsibility-edges"] = pairs
    units = []
    for n, d in co.nodes(data=True):
        m = measures.get(n, {})
        function = d.get("function")
        units.append({"id": node_id(n), "label": d.get("name"), **_county(co, n), "type": d.get("type"),
                      "function": function, "division": str(function).split(".")[0] if function else None,
                      "lead_tasks": d.get("lead_tasks", 0), "co_tasks": d.get("co_tasks", 0),
                      **{k: m.get(k) for k in UNIT_MEASURES}})
    out["unit-nodes"] = units
    edges, tasks = [], []
    for n, d in two.nodes(data=True):
        if d.get("bipartite") == 1:
            tasks.append({"id": node_id(n), **_county(two, n), "task_id": d.get("task_id"), "list": d.get("list"),
                          "section": d.get("section"), "text": d.get("text")})
    for u, v, d in two.edges(data=True):
        unit, task = (u, v) if two.nodes[u].get("bipartite") == 0 else (v, u)
        edges.append({"unit": node_id(unit), "task": node_id(task), "role": d["role"],
                      "admin_code": two.nodes[unit].get("county_code")})
    out["unit-task-edges"], out["task-nodes"] = edges, tasks
    fn_edges = []
    for u, v, d in fn.edges(data=True):
        unit, function = (u, v) if fn.nodes[u].get("bipartite") == 0 else (v, u)
        fn_edges.append({"unit": node_id(unit), "function": node_id(function), "weight": d["weight"],
                         "admin_code": fn.nodes[unit].get("county_code")})
    out["unit-function-edges"] = fn_edges
    out["supervision-edges"] = [{"leader": node_id(u), "unit": node_id(v), "weight": d["weight"],
                                 "admin_code": sup.nodes[u].get("county_code")}
                                for u, v, d in sup.edges(data=True) if d.get("layer") == "supervises"]
    out["leader-nodes"] = [{"id": node_id(n), "label": d.get("name"), **_county(sup, n),
                            "roles": "、".join(d.get("roles") or [])}
                           for n, d in sup.nodes(data=True) if d.get("label") == "Leader"]
    return out


def _write_csv(rows: list[dict[str, Any]], path: Path, columns: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: "" if r.get(k) is None else r[k] for k in columns})
    return path


_COLUMNS = {"lead-assist-edges": ["source", "target", "weight", "county", "admin_code"],
            "co-responsibility-edges": ["source", "target", "weight", "county", "admin_code"],
            "unit-nodes": ["id", "label", "county", "admin_code", "type", "function", "division", "lead_tasks",
                           "co_tasks", *UNIT_MEASURES],
            "unit-task-edges": ["unit", "task", "role", "admin_code"],
            "task-nodes": ["id", "county", "admin_code", "task_id", "list", "section", "text"],
            "unit-function-edges": ["unit", "function", "weight", "admin_code"],
            "supervision-edges": ["leader", "unit", "weight", "admin_code"],
            "leader-nodes": ["id", "label", "county", "admin_code", "roles"]}


def write_pajek(edges: list[dict[str, Any]], path: Path, *, directed: bool) -> Path:
    """A Pajek network of these edges (`source`, `target`, `weight`), vertices labelled by id."""
    g: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    for e in edges:
        g.add_edge(e["source"], e["target"], weight=e["weight"])
    nx.write_pajek(g, path)
    return path


def write_exports(graph: GraphData, out_dir: Path, *, idx: GraphIndex | None = None,
                  structure_rows: Sequence[dict[str, Any]] = (), parquet: bool = True) -> list[Path]:
    """Every export file into `out_dir` (CSV; Parquet too unless `parquet` is False)."""
    idx = idx or index(graph)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = export_tables(graph, idx, structure_rows)
    paths = []
    pd = None
    if parquet:
        from kg.extras import require

        pd = require("pandas", "tables", "Parquet exports")
        require("pyarrow", "tables", "Parquet exports")
    for name, rows in tables.items():
        columns = _COLUMNS[name]
        paths.append(_write_csv(rows, out_dir / f"{name}.csv", columns))
        if pd is not None:
            frame = pd.DataFrame(rows, columns=columns)
            frame.to_parquet(out_dir / f"{name}.parquet", index=False)
            paths.append(out_dir / f"{name}.parquet")
    paths.append(write_pajek(tables["lead-assist-edges"], out_dir / "lead-assist.net", directed=True))
    paths.append(write_pajek(tables["co-responsibility-edges"], out_dir / "co-responsibility.net", directed=False))
    return paths
