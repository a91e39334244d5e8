"""The first tables of `kg analyze`: units, leaders, communities, functions, targets, counties.

See the package docstring (`kg.analytics`) for what each holds.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

import networkx as nx

from kg.map.graphdata import GraphData
from kg.stores.networkx import GraphIndex

__all__ = ["CORE_TABLES", "STRUCTURE_TABLES", "SEED", "LIST_SEPARATOR", "communities", "core_rows", "ledger_rows"]

CORE_TABLES = ("counties", "units", "leaders", "communities", "functions", "targets", "ledger")
# made by kg.analytics.structure (numpy, igraph); named here so that listing them imports neither
STRUCTURE_TABLES = ("unit_structure", "brokerage", "function_brokerage", "county_structure", "county_null")
SEED = 42  # Louvain is randomised; a fixed seed gives the same communities on every run
LIST_SEPARATOR = ";"


def _joined(values: Any) -> str:
    return LIST_SEPARATOR.join(str(v).replace(LIST_SEPARATOR, "；") for v in values)


def communities(g: nx.Graph) -> list[set[str]]:
    """Louvain communities of the units that share any task; largest first, isolates left out."""
    core = g.subgraph([n for n in g if g.degree(n) > 0])
    if core.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(core, weight="weight", seed=SEED)
    return sorted(found, key=lambda c: (-len(c), min(g.nodes[n].get("name", n) for n in c)))


def _unit_rows(idx: GraphIndex, g: nx.Graph, comms: list[set[str]]) -> list[dict[str, Any]]:
    core = g.subgraph([n for n in g if g.degree(n)])  # isolates would only change the normalisation
    btw = nx.betweenness_centrality(core, normalized=True) if core.number_of_edges() else {}
    member = {n: f"C{i}" for i, c in enumerate(comms, start=1) for n in c}
    rows = []
    for n, data in g.nodes(data=True):
        rows.append({
            "county": data.get("county"), "unit": data.get("name"), "type": data.get("type"),
            "function": data.get("function"), "function_label": data.get("function_label"),
            "function_label_en": data.get("function_label_en"), "lead_tasks": data.get("lead_tasks", 0),
            "co_tasks": data.get("co_tasks", 0),
            "degree": g.degree(n), "weighted_degree": g.degree(n, weight="weight"),
            "betweenness": round(btw.get(n, 0.0), 4), "community": member.get(n), "iri": n,
        })
    rows.sort(key=lambda r: (-r["weighted_degree"], -r["degree"], str(r["unit"])))
    return rows


def _community_rows(g: nx.Graph, comms: list[set[str]]) -> list[dict[str, Any]]:
    rows = []
    for i, c in enumerate(comms, start=1):
        names = [g.nodes[n].get("name", n) for n in sorted(c, key=lambda n: (-g.degree(n), g.nodes[n].get("name", n)))]
        fns = Counter(g.nodes[n].get("function_label") for n in c if g.nodes[n].get("function_label"))
        rows.append({
            "county": g.nodes[next(iter(c))].get("county"), "community": f"C{i}", "size": len(c),
            "internal_ties": g.subgraph(c).size(weight="weight"),
            "main_function": fns.most_common(1)[0][0] if fns else None, "units": _joined(names),
        })
    return rows


def _leader_rows(idx: GraphIndex, county: str) -> list[dict[str, Any]]:
    nodes = idx.graph.nodes
    rows: list[dict[str, Any]] = []
    for leader in idx.nodes("Leader", county):
        sup = idx.supervises.get(leader.iri, {})
        units = [u for u in sup if nodes[u].label == "Unit"]
        groups = [u for u in sup if nodes[u].label == "UnitGroup"]
        fns = sorted({idx.function[u] for u in sup if u in idx.function},
                     key=lambda f: str(nodes[f].props.get("notation")))
        top = sorted(sup.items(), key=lambda kv: (-kv[1], idx.name(kv[0])))[:3]
        roles = [idx.name(p) for p in idx.posts.get(leader.iri, ())] or list(leader.props.get("roles") or [])
        rows.append({
            "county": idx.county_name(leader.iri), "leader": leader.props.get("name"), "roles": _joined(roles),
            "tasks": len(idx.leader_tasks.get(leader.iri, ())), "units": len(units), "groups": len(groups),
            "functions": len(fns), "function_codes": _joined(nodes[f].props.get("notation") for f in fns),
            "function_list": _joined(idx.name(f) for f in fns),
            "function_list_en": _joined(nodes[f].props.get("name_en") or "" for f in fns),
            "top_units": _joined(f"{idx.name(u)} ({n})" for u, n in top), "iri": leader.iri,
        })
    rows.sort(key=lambda r: (-r["tasks"], -r["units"], str(r["leader"])))
    return rows


def _function_rows(idx: GraphIndex, county: str) -> list[dict[str, Any]]:
    by_fn: dict[str, list[str]] = {}
    for unit in idx.nodes("Unit", county) + idx.nodes("UnitGroup", county):
        fn = idx.function.get(unit.iri)
        if fn is not None:
            by_fn.setdefault(fn, []).append(unit.iri)
    rows = []
    for fn, units in by_fn.items():
        tasks = {t for u in units for t, _ in idx.unit_tasks.get(u, ())}
        lead = {t for u in units for t, role in idx.unit_tasks.get(u, ()) if role == "lead"}
        props = idx.graph.nodes[fn].props
        rows.append({"function": props.get("notation"), "label": props.get("name"), "label_en": props.get("name_en"),
                     "county": idx.name(county),
                     "units": len(units), "tasks": len(tasks), "lead_tasks": len(lead)})
    return rows


def _target_rows(idx: GraphIndex, county: str) -> list[dict[str, Any]]:
    rows = []
    for t in idx.nodes("Target", county):
        p = t.props
        if p.get("headline"):
            rows.append({"county": idx.name(county), "metric": p.get("metric"), "metric_text": p.get("metric_text"),
                         "value": p.get("value"), "value_max": p.get("value_max"), "unit": p.get("unit"),
                         "kind": p.get("kind"), "modifier": p.get("modifier"), "relative": p.get("relative"),
                         "quote": p.get("quote"), "line": p.get("line"), "year": p.get("year")})
    return rows


def ledger_rows(graph: GraphData, idx: GraphIndex) -> list[dict[str, Any]]:
    """The targets `kg build` gave the ledger's verdict (kg.targets.ledger), with what they were
    checked against; by government, indicator and year."""
    achieved = {e.src: e.dst for e in graph.edges if e.type == "ACHIEVED"}
    amplifies = {e.src: e.dst for e in graph.edges if e.type == "AMPLIFIES"}
    rows = []
    for node in graph.nodes.values():
        p = node.props
        if node.label != "Target" or p.get("met") is None:
            continue
        a = graph.nodes[achieved[node.iri]].props if node.iri in achieved else {}
        parent = amplifies.get(node.iri)
        rows.append({
            "county": idx.county_name(node.iri), "year": p.get("year"), "metric": p.get("metric"),
            "metric_text": p.get("metric_text"), "kind": p.get("kind"), "unit": p.get("unit"),
            "value": p.get("value"), "value_max": p.get("value_max"), "lower": p.get("lower"),
            "upper": p.get("upper"), "modifier": p.get("modifier"), "hardness": p.get("hardness"),
            "actual": a.get("value"), "actual_unit": a.get("unit"), "actual_modifier": a.get("modifier"),
            "met": p.get("met"), "margin": p.get("margin"), "difference": p.get("difference"),
            "parent": idx.county_name(parent) if parent else None, "parent_value": p.get("parent_value"),
            "amplification": p.get("amplification"), "line": p.get("line"),
        })
    rows.sort(key=lambda r: (str(r["metric"]), str(r["county"]), r["year"] or 0))
    return rows


def _county_row(idx: GraphIndex, county: str, g: nx.Graph, units: list[dict[str, Any]],
                leaders: list[dict[str, Any]], comms: list[set[str]], fn_rows: list[dict[str, Any]],
                targets: list[dict[str, Any]]) -> dict[str, Any]:
    props = idx.graph.nodes[county].props
    tasks = idx.nodes("Task", county)
    hub = units[0] if units and units[0]["degree"] else None
    broker = max(units, key=lambda r: (r["betweenness"], r["weighted_degree"]), default=None)
    if broker is not None and not broker["betweenness"]:
        broker = None
    modularity = None
    core = g.subgraph([n for n in g if g.degree(n)])
    if comms and core.number_of_edges():
        modularity = round(nx.community.modularity(core, comms, weight="weight"), 3)
    leader_tasks = [r["tasks"] for r in leaders if r["tasks"]]
    return {
        "county": props.get("name"), "admin_code": props.get("admin_code"), "province": props.get("province"),
        "tasks": len(tasks),
        "tasks_with_leader": sum(1 for t in tasks if idx.leaders.get(t.iri)),
        "tasks_with_unit": sum(1 for t in tasks if idx.task_units(t.iri)),
        "tasks_shared": sum(1 for t in tasks if sum(idx.graph.nodes[u].label == "Unit"
                                                    for u in idx.task_units(t.iri)) > 1),
        "units": len(idx.nodes("Unit", county)), "groups": len(idx.nodes("UnitGroup", county)),
        "leaders": sum(1 for r in leaders if r["tasks"]),
        "coordination_pairs": g.number_of_edges(),
        "density": round(nx.density(g), 4) if g.number_of_nodes() > 1 else 0.0,
        "hub": hub["unit"] if hub else None, "hub_degree": hub["degree"] if hub else 0,
        "hub_weighted_degree": hub["weighted_degree"] if hub else 0,
        "broker": broker["unit"] if broker else None,
        "broker_betweenness": broker["betweenness"] if broker else 0.0,
        "communities": len(comms), "modularity": modularity,
        "top_leader": leaders[0]["leader"] if leader_tasks else None,
        "top_leader_tasks": max(leader_tasks, default=0),
        "median_leader_tasks": statistics.median(leader_tasks) if leader_tasks else 0,
        "functions": len(fn_rows), "headline_targets": len(targets),
    }


def core_rows(idx: GraphIndex, county: str, g: nx.Graph) -> dict[str, list[dict[str, Any]]]:
    """One county's rows of the `CORE_TABLES`, given its coordination network."""
    comms = communities(g)
    units = _unit_rows(idx, g, comms)
    leaders = _leader_rows(idx, county)
    fn_rows = sorted(_function_rows(idx, county), key=lambda r: str(r["function"]))
    targets = _target_rows(idx, county)
    return {"units": units, "leaders": leaders, "communities": _community_rows(g, comms), "functions": fn_rows,
            "targets": targets, "counties": [_county_row(idx, county, g, units, leaders, comms, fn_rows, targets)]}
