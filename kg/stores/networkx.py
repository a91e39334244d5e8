"""The graph as networkx objects: the whole knowledge graph and the networks researchers study.

- `to_networkx`: every node and relationship (a MultiDiGraph; node attribute `label` is the
  Neo4j label, edge attribute `type` the relationship type).
- `coordination_network`: Unit nodes (not groups) linked when both lead or assist the same
  task; `weight` = shared tasks (the named query `coordination-pairs` counts the same).
- `portfolio_network`: Leader -> Unit/UnitGroup, `weight` = tasks the leader supervises there.
- `function_network`: Function - Unit across counties.

`GraphIndex` reads the edge list once; everything else looks things up in it, so building
any of these is linear in the graph.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx

from kg.map.graphdata import GraphData, Node
from kg.map.terms import PROPERTIES

__all__ = [
    "GraphIndex", "index", "to_networkx", "coordination_network", "portfolio_network", "function_network",
    "county_iri", "county_filter", "counties", "exportable", "node_attrs", "write_graphml", "write_gexf",
    "write_edge_csv",
]


@dataclass(slots=True)
class GraphIndex:
    """Lookups over one GraphData, built in one pass over its edges."""

    graph: GraphData
    county: dict[str, str] = field(default_factory=dict)  # node -> county iri
    members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # county -> nodes
    function: dict[str, str] = field(default_factory=dict)  # unit or group -> function iri
    leads: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # task -> units
    assists: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # task -> units
    leaders: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # task -> leaders
    unit_tasks: dict[str, list[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(list))  # unit -> (task, "lead" | "co")
    leader_tasks: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    supervises: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(dict))  # leader -> unit -> tasks
    supervisors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # unit -> leaders
    source: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # task -> (document, lines)
    targets: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # task -> Target
    indicators: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # task -> Indicator
    posts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # leader -> Post

    def nodes(self, label: str, county: str | None = None) -> list[Node]:
        """Nodes with this label (in one county, if given), in graph order."""
        if county is None:
            return [n for n in self.graph.nodes.values() if n.label == label]
        nodes = self.graph.nodes
        return [nodes[i] for i in self.members.get(county, ()) if i in nodes and nodes[i].label == label]

    def name(self, iri: str) -> str:
        node = self.graph.nodes.get(iri)
        if node is None:
            return iri
        return str(node.props.get("name") or node.props.get("task_id") or node.props.get("metric") or iri)

    def county_name(self, iri: str) -> str | None:
        county = self.county.get(iri)
        return self.name(county) if county else None

    def task_units(self, task: str) -> list[str]:
        """Lead then co units (and groups), each once."""
        return list(dict.fromkeys([*self.leads.get(task, ()), *self.assists.get(task, ())]))


def index(graph: GraphData) -> GraphIndex:
    idx = GraphIndex(graph)
    for e in graph.edges:
        t = e.type
        if t == "IN_COUNTY":
            idx.county[e.src] = e.dst
            idx.members[e.dst].append(e.src)
        elif t == "LEADS":
            idx.leads[e.dst].append(e.src)
            idx.unit_tasks[e.src].append((e.dst, "lead"))
        elif t == "ASSISTS":
            idx.assists[e.dst].append(e.src)
            idx.unit_tasks[e.src].append((e.dst, "co"))
        elif t == "RESPONSIBLE_FOR":
            idx.leaders[e.dst].append(e.src)
            idx.leader_tasks[e.src].append(e.dst)
        elif t == "SUPERVISES":
            idx.supervises[e.src][e.dst] = int(e.props.get("tasks", 0))
            idx.supervisors[e.dst].append(e.src)
        elif t == "HAS_FUNCTION":
            idx.function[e.src] = e.dst
        elif t == "DERIVED_FROM":
            idx.source[e.src] = (e.dst, int(e.props.get("line_start", 0)), int(e.props.get("line_end", 0)))
        elif t == "HAS_TARGET":
            idx.targets[e.src].append(e.dst)
        elif t == "TARGETS":
            idx.indicators[e.src].append(e.dst)
        elif t == "HOLDS":
            idx.posts[e.src].append(e.dst)
    return idx


GOVERNMENT_LABELS = ("County", "Government")


def counties(graph: GraphData) -> list[str]:
    """IRIs of the governments whose documents the graph holds, counties and any other level (the
    governments above them that only the hierarchy names are left out), by admin code (then
    name): neighbours in the code are neighbours on the map."""
    documented = {e.dst for e in graph.edges if e.type == "IN_COUNTY" and e.src in graph.nodes
                  and graph.nodes[e.src].label == "Document"}
    nodes = [n for n in graph.nodes.values()
             if n.label == "County" or (n.label == "Government" and n.iri in documented)]
    nodes.sort(key=lambda n: (str(n.props.get("admin_code") or "~"), str(n.props.get("name") or n.iri)))
    return [n.iri for n in nodes]


def county_iri(graph: GraphData, county: str) -> str:
    """A county given by name (平陆县), admin code (140829) or IRI."""
    found = []
    for iri in counties(graph):
        props = graph.nodes[iri].props
        if county in (iri, props.get("name"), props.get("admin_code")):
            found.append(iri)
    if len(found) == 1:
        return found[0]
    known = ", ".join(str(graph.nodes[i].props.get("name")) for i in counties(graph))
    if not found:
        raise KeyError(f"no county {county!r} in the graph (counties: {known})")
    raise KeyError(f"{county!r} names {len(found)} counties; give the admin code")


def county_filter(graph: GraphData, idx: GraphIndex, county: str | None) -> str | None:
    """The IRI of a county given by name, code or IRI (None for all counties)."""
    if county is None:
        return None
    # an IRI needs no search: pages ask once per county, and searching each time is quadratic
    if county in idx.members or (county in graph.nodes and graph.nodes[county].label in GOVERNMENT_LABELS):
        return county
    return county_iri(graph, county)


def node_attrs(idx: GraphIndex, iri: str) -> dict[str, Any]:
    """A node's label and properties, with its county and function for units."""
    node = idx.graph.nodes[iri]
    attrs: dict[str, Any] = {"label": node.label, **{k: v for k, v in node.props.items() if v is not None}}
    county = idx.county.get(iri)
    if county is not None:
        attrs["county"] = idx.name(county)
        code = idx.graph.nodes[county].props.get("admin_code") if county in idx.graph.nodes else None
        if code:
            attrs["county_code"] = code
    fn = idx.function.get(iri)
    if fn is not None:
        attrs["function"] = idx.graph.nodes[fn].props.get("notation") if fn in idx.graph.nodes else fn
        attrs["function_label"] = idx.name(fn)
        attrs["function_label_en"] = idx.graph.nodes[fn].props.get("name_en") if fn in idx.graph.nodes else None
    if node.label in ("Unit", "UnitGroup"):
        roles = [r for _, r in idx.unit_tasks.get(iri, ())]
        attrs["lead_tasks"] = roles.count("lead")
        attrs["co_tasks"] = roles.count("co")
        attrs["tasks"] = len(roles)
    elif node.label == "Leader":
        attrs["tasks"] = len(idx.leader_tasks.get(iri, ()))
    return attrs


def to_networkx(graph: GraphData) -> nx.MultiDiGraph:
    """The whole graph; parallel relationships of one type between two nodes collapse into one edge."""
    g = nx.MultiDiGraph()
    for node in graph.nodes.values():
        g.add_node(node.iri, label=node.label, **{k: v for k, v in node.props.items() if v is not None})
    for e in graph.edges:
        g.add_edge(e.src, e.dst, key=e.type, type=e.type, **e.props)
    return g


def coordination_network(graph: GraphData, county: str | None = None, *,
                         idx: GraphIndex | None = None, isolates: bool = True) -> nx.Graph:
    """Units linked by the tasks they share (lead or co); `weight` = shared tasks, `tasks` = their IRIs.

    With `isolates`, units that share no task with another unit stay in as degree-0 nodes.
    """
    idx = idx or index(graph)
    only = county_filter(graph, idx, county)
    nodes = graph.nodes
    g = nx.Graph(kind="coordination")
    if isolates:
        for node in idx.nodes("Unit", only):
            if idx.unit_tasks.get(node.iri):
                g.add_node(node.iri, **node_attrs(idx, node.iri))
    candidates = nodes.values() if only is None else (nodes[i] for i in idx.members.get(only, ()) if i in nodes)
    for task in candidates:
        if task.label != "Task" or (only is not None and idx.county.get(task.iri) != only):
            continue
        units = sorted(u for u in idx.task_units(task.iri) if u in nodes and nodes[u].label == "Unit")
        for u in units if isolates or len(units) > 1 else ():
            if u not in g:
                g.add_node(u, **node_attrs(idx, u))
        for a, b in combinations(units, 2):
            if g.has_edge(a, b):
                data = g.edges[a, b]
                data["weight"] += 1
                data["tasks"].append(task.iri)
            else:
                g.add_edge(a, b, weight=1, tasks=[task.iri])
    return g


def portfolio_network(graph: GraphData, county: str | None = None, *, idx: GraphIndex | None = None) -> nx.DiGraph:
    """Leaders -> the units and groups leading their tasks; `weight` = tasks supervised there."""
    idx = idx or index(graph)
    only = county_filter(graph, idx, county)
    g = nx.DiGraph(kind="portfolio")
    for leader in idx.nodes("Leader", only):
        g.add_node(leader.iri, **node_attrs(idx, leader.iri))
        for unit, tasks in idx.supervises.get(leader.iri, {}).items():
            if unit not in g:
                g.add_node(unit, **node_attrs(idx, unit))
            g.add_edge(leader.iri, unit, weight=tasks)
    return g


def function_network(graph: GraphData, county: str | None = None, *, idx: GraphIndex | None = None) -> nx.Graph:
    """Functions of government (COFOG) and the units serving them, across counties."""
    idx = idx or index(graph)
    only = county_filter(graph, idx, county)
    g = nx.Graph(kind="function")
    for unit, fn in idx.function.items():
        if unit not in graph.nodes or (only is not None and idx.county.get(unit) != only):
            continue
        if fn not in g:
            g.add_node(fn, **node_attrs(idx, fn))
        g.add_node(unit, **node_attrs(idx, unit))
        g.add_edge(unit, fn, weight=1)
    return g


# --- export: GraphML and GEXF take scalars only, and Gephi shows `label` as the node's name

def _scalar(value: Any) -> Any:
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return float(value) if isinstance(value, float) else value
    if isinstance(value, list | tuple | set):
        return "|".join(_scalar_text(v) for v in value)
    if isinstance(value, dict):
        return "|".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def _scalar_text(value: Any) -> str:
    return value.rsplit("/", 1)[-1] if isinstance(value, str) and value.startswith("https://") else str(value)


# decimals read as int when whole; one type per key for GraphML (the mapping's decimal properties)
_FLOAT_KEYS = {k for k, prop in PROPERTIES.items() if prop.datatype == "decimal"}


def exportable(g: nx.Graph) -> nx.Graph:
    """A copy for GraphML/GEXF: scalar attributes only, `label` = the name, `node_type` = the label."""
    out = g.__class__()
    for n, data in g.nodes(data=True):
        attrs = {k: _scalar(v) for k, v in data.items() if v is not None and k != "label"}
        for key in _FLOAT_KEYS & attrs.keys():
            attrs[key] = float(attrs[key])
        attrs["node_type"] = str(data.get("label", ""))
        attrs["label"] = str(data.get("name") or data.get("task_id") or data.get("metric") or n)
        out.add_node(n, **attrs)
    multi = g.is_multigraph()
    for edge in g.edges(keys=True, data=True) if multi else g.edges(data=True):
        u, v, data = edge[0], edge[1], edge[-1]
        attrs = {k: _scalar(v) for k, v in data.items() if v is not None and k != "type"}
        if "type" in data:  # GEXF reads an edge's `type` as directed/undirected
            attrs["rel"] = attrs["label"] = str(data["type"])
        if multi:
            out.add_edge(u, v, key=edge[2], **attrs)
        else:
            out.add_edge(u, v, **attrs)
    return out


def write_graphml(g: nx.Graph, path: Path) -> Path:
    nx.write_graphml(exportable(g), path)
    return path


def write_gexf(g: nx.Graph, path: Path) -> Path:
    nx.write_gexf(exportable(g), path)
    return path


def write_edge_csv(g: nx.Graph, path: Path, attrs: Iterable[str] = ("weight",)) -> Path:
    """One row per edge: both ends by name and county, their IRIs, then the chosen attributes."""
    attrs = list(attrs)
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["county", "source", "target", *attrs, "source_iri", "target_iri"])
        for u, v, data in g.edges(data=True):
            su, sv = g.nodes[u], g.nodes[v]
            w.writerow([su.get("county", ""), su.get("name", u), sv.get("name", v),
                        *(_scalar(data.get(a, "")) for a in attrs), u, v])
    return path
