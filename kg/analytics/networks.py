"""The networks public-administration research studies, as networkx graphs, beside the undirected
co-responsibility network of `kg.stores.networkx.coordination_network`:

- `lead_assist_network`: directed unit -> unit, a tie when the first leads (牵头) a task the second
  assists (配合); `weight` = such tasks, `tasks` = their IRIs. Co-leads of one task are not tied here
  (they are in the co-responsibility network).
- `unit_task_network`: two-mode, units and tasks (node attribute `bipartite`: 0 unit, 1 task), an
  edge per responsibility with `role` lead or assist.
- `unit_function_network`: two-mode, units and functions of government (COFOG): a unit is tied to
  the function of each task it works on, a task's function being that of its lead units (as a
  study of an agency x topic network takes the topic of a joint document); `weight` = tasks.
- `supervision_overlay`: the lead -> assist ties (`layer` "lead_assist") and the leaders above the
  units (`layer` "supervises", leader -> unit, `weight` = tasks the leader supervises there).

Nodes carry the attributes of `kg.stores.networkx.node_attrs` (name, county, type, function, ...).
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from kg.map.graphdata import GraphData
from kg.stores.networkx import GraphIndex, county_filter, index, node_attrs

__all__ = ["lead_assist_network", "unit_task_network", "unit_function_network", "supervision_overlay"]


def _tasks(graph: GraphData, idx: GraphIndex, county: str | None) -> list[str]:
    only = county_filter(graph, idx, county)
    return [t.iri for t in idx.nodes("Task", only) if only is None or idx.county.get(t.iri) == only]


def _units(graph: GraphData, found: list[str]) -> list[str]:
    return [u for u in dict.fromkeys(found) if u in graph.nodes and graph.nodes[u].label == "Unit"]


def lead_assist_network(graph: GraphData, county: str | None = None, *, idx: GraphIndex | None = None) -> nx.DiGraph:
    idx = idx or index(graph)
    g = nx.DiGraph(kind="lead_assist")
    for task in _tasks(graph, idx, county):
        leads = _units(graph, idx.leads.get(task, []))
        assists = _units(graph, idx.assists.get(task, []))
        for u in (*leads, *assists):
            if u not in g:
                g.add_node(u, **node_attrs(idx, u))
        for a in leads:
            for b in assists:
                if a == b:
                    continue
                if g.has_edge(a, b):
                    g.edges[a, b]["weight"] += 1
                    g.edges[a, b]["tasks"].append(task)
                else:
                    g.add_edge(a, b, weight=1, tasks=[task])
    return g


def unit_task_network(graph: GraphData, county: str | None = None, *, idx: GraphIndex | None = None) -> nx.Graph:
    idx = idx or index(graph)
    g = nx.Graph(kind="unit_task")
    for task in _tasks(graph, idx, county):
        roles = [(u, "lead") for u in _units(graph, idx.leads.get(task, []))]
        roles += [(u, "assist") for u in _units(graph, idx.assists.get(task, []))]
        if not roles:
            continue
        g.add_node(task, bipartite=1, **node_attrs(idx, task))
        for unit, role in roles:
            if unit not in g:
                g.add_node(unit, bipartite=0, **node_attrs(idx, unit))
            if not g.has_edge(unit, task):  # a unit both leading and assisting one task: lead
                g.add_edge(unit, task, role=role)
    return g


def unit_function_network(graph: GraphData, county: str | None = None, *, idx: GraphIndex | None = None) -> nx.Graph:
    idx = idx or index(graph)
    ties: Counter[tuple[str, str]] = Counter()
    for task in _tasks(graph, idx, county):
        functions = {idx.function[u] for u in _units(graph, idx.leads.get(task, [])) if u in idx.function}
        for unit in _units(graph, [*idx.leads.get(task, []), *idx.assists.get(task, [])]):
            for fn in functions:
                ties[(unit, fn)] += 1
    g = nx.Graph(kind="unit_function")
    for (unit, fn), n in sorted(ties.items()):
        if unit not in g:
            g.add_node(unit, bipartite=0, **node_attrs(idx, unit))
        if fn not in g:
            g.add_node(fn, bipartite=1, **node_attrs(idx, fn))
        g.add_edge(unit, fn, weight=n)
    return g


def supervision_overlay(graph: GraphData, county: str | None = None, *, idx: GraphIndex | None = None) -> nx.DiGraph:
    idx = idx or index(graph)
    g = lead_assist_network(graph, county, idx=idx)
    g.graph["kind"] = "supervision_overlay"
    for _, _, data in g.edges(data=True):
        data["layer"] = "lead_assist"
    only = county_filter(graph, idx, county)
    for leader in idx.nodes("Leader", only):
        units = {u: n for u, n in idx.supervises.get(leader.iri, {}).items()
                 if u in graph.nodes and graph.nodes[u].label == "Unit"}
        if not units:
            continue
        g.add_node(leader.iri, **node_attrs(idx, leader.iri))
        for unit, tasks in units.items():
            if unit not in g:
                g.add_node(unit, **node_attrs(idx, unit))
            g.add_edge(leader.iri, unit, weight=tasks, layer="supervises")
    return g
