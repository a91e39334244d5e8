"""What a view shows about one node: its tooltip rows, its filter facets and its style.

Everything here is data (strings in lists and dicts); the page script puts text into the
DOM with textContent only, so a name read from a document can never become markup.
"""

from __future__ import annotations

import math
from typing import Any

from kg.stores.networkx import GraphIndex

FACETS = ("leader", "unit", "list", "function")
LIST_LABELS = {"main": "main tasks 重点任务", "livelihood": "livelihood projects 民生实事",
               "creation": "creation tasks 创建任务"}

# colour per kind of node (the legend of county and portfolio pages)
KIND_STYLE: dict[str, dict[str, Any]] = {
    "County": {"color": "#17202a", "shape": "box", "legend": "county"},
    "Leader": {"color": "#c0392b", "shape": "diamond", "legend": "leader 领导"},
    "Unit": {"color": "#2471a3", "shape": "dot", "legend": "unit 单位"},
    "UnitGroup": {"color": "#8e44ad", "shape": "square", "legend": "group of units (各乡镇…)"},
    "Task:main": {"color": "#95a5a6", "shape": "dot", "legend": "task: main"},
    "Task:livelihood": {"color": "#27ae60", "shape": "dot", "legend": "task: livelihood project"},
    "Task:creation": {"color": "#e67e22", "shape": "dot", "legend": "task: creation"},
    "Tasks": {"color": "#bdc3c7", "shape": "box", "legend": "tasks naming no unit"},
    "Function": {"color": "#d4ac0d", "shape": "hexagon", "legend": "function of government (COFOG)"},
}
# COFOG divisions (01 … 10): the colour of a unit in the coordination network
DIVISION_COLORS = {
    "01": "#5d6d7e", "02": "#7b241c", "03": "#c0392b", "04": "#2471a3", "05": "#229954", "06": "#d68910",
    "07": "#e74c3c", "08": "#8e44ad", "09": "#f1c40f", "10": "#16a085",
}
COUNTY_COLORS = ["#2471a3", "#c0392b", "#229954", "#d68910", "#8e44ad", "#16a085", "#7b241c", "#2e4053",
                 "#b7950b", "#a04000", "#1f618d", "#6c3483"]
EDGE_STYLE: dict[str, dict[str, Any]] = {  # length: the spring's rest length in the layout
    "SUPERVISES": {"color": "#e6b0aa", "dashes": False, "length": 150,
                   "legend": "leader supervises unit (width: tasks)"},
    "RESPONSIBLE_FOR": {"color": "#e6b0aa", "dashes": [2, 4], "length": 150,
                        "legend": "leader responsible, no lead unit"},
    "LEADS": {"color": "#85c1e9", "dashes": False, "length": 30, "legend": "unit leads task"},
    "ASSISTS": {"color": "#aab7b8", "dashes": [6, 4], "length": 45, "legend": "unit assists task (co-unit)"},
    "IN_COUNTY": {"color": "#d5d8dc", "dashes": [1, 5], "length": 200, "legend": "in county"},
    "SHARES": {"color": "#5dade2", "dashes": False, "legend": "units share tasks (width: how many)"},
    "HAS_FUNCTION": {"color": "#d5d8dc", "dashes": False, "length": 70, "legend": "unit serves function"},
    "COUNTY_FUNCTION": {"color": "#d5d8dc", "dashes": False, "length": 220,
                        "legend": "county has units in function (width: units)"},
}
_MODIFIER = {"around": "≈", "at_least": "≥", "at_most": "≤"}
TEXT_CUT = 60  # characters of a task's text in lists (the tooltip shows it whole)


def size(degree: float, base: float = 7, scale: float = 3.2, cap: float = 42) -> float:
    return round(min(cap, base + scale * math.sqrt(degree)), 1)


def short(text: str | None, n: int = TEXT_CUT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def function_value(idx: GraphIndex, fn: str) -> str:
    props = idx.graph.nodes[fn].props
    return f"{props.get('notation', '')} {props.get('name') or props.get('name_en') or ''}".strip()


def division(idx: GraphIndex, unit: str) -> str | None:
    fn = idx.function.get(unit)
    if fn is None:
        return None
    return str(idx.graph.nodes[fn].props.get("notation", ""))[:2] or None


def _kind_of(idx: GraphIndex, iri: str) -> str:
    return idx.graph.nodes[iri].label


def facets(idx: GraphIndex, iri: str) -> dict[str, list[str]]:
    """Names under which a filter keeps this node: its own, its tasks' and its supervisors'."""
    kind = _kind_of(idx, iri)
    f: dict[str, set[str]] = {k: set() for k in FACETS}
    nodes = idx.graph.nodes

    def add_units(units: Any) -> None:
        for u in units:
            f["unit"].add(idx.name(u))
            if u in idx.function:
                f["function"].add(function_value(idx, idx.function[u]))

    def add_tasks(tasks: Any) -> None:
        for t in tasks:
            f["list"].add(str(nodes[t].props.get("list") or "main"))
            f["leader"].update(idx.name(x) for x in idx.leaders.get(t, ()))

    if kind == "Task":
        f["list"].add(str(nodes[iri].props.get("list") or "main"))
        f["leader"].update(idx.name(x) for x in idx.leaders.get(iri, ()))
        add_units(idx.task_units(iri))
    elif kind in ("Unit", "UnitGroup"):
        add_units([iri])
        add_tasks(t for t, _ in idx.unit_tasks.get(iri, ()))
        f["leader"].update(idx.name(x) for x in idx.supervisors.get(iri, ()))
    elif kind == "Leader":
        f["leader"].add(idx.name(iri))
        tasks = idx.leader_tasks.get(iri, ())
        add_tasks(tasks)
        add_units(idx.supervises.get(iri, {}))
        add_units(u for t in tasks for u in idx.task_units(t))
    elif kind == "Function":
        f["function"].add(function_value(idx, iri))
    return {k: sorted(v) for k, v in f.items() if v}


def _join(names: Any, sep: str = "、") -> str:
    return sep.join(str(n) for n in names)


def target_text(props: dict[str, Any]) -> str:
    star = "★ " if props.get("headline") else ""
    if props.get("value") is None:
        return f"{star}{props.get('metric_text') or props.get('metric')} {props.get('relative') or ''}".strip()
    value = f"{props['value']:g}" + (f"–{props['value_max']:g}" if props.get("value_max") is not None else "")
    modifier = _MODIFIER.get(str(props.get("modifier")), "")
    return f"{star}{props.get('metric_text')} {modifier}{value}{props.get('unit') or ''}"


def task_info(idx: GraphIndex, iri: str) -> list[list[str]]:
    p = idx.graph.nodes[iri].props
    rows = [["task", f"{p.get('task_id')} · {LIST_LABELS.get(str(p.get('list')), p.get('list'))}"],
            ["text", str(p.get("text") or "")]]
    for key in ("section", "subsection"):
        if p.get(key):
            rows.append([key, str(p[key])])
    rows.append(["deadline", str(p.get("deadline") or "—")])
    targets = [target_text(idx.graph.nodes[t].props) for t in idx.targets.get(iri, ()) if t in idx.graph.nodes]
    if not targets:
        targets = [idx.name(i) for i in idx.indicators.get(iri, ())]
    rows.append(["targets", _join(targets, "; ") or "—"])
    if iri in idx.source:
        doc, start, end = idx.source[iri]
        file = idx.graph.nodes[doc].props.get("file", idx.name(doc)) if doc in idx.graph.nodes else doc
        rows.append(["source", f"{file}, line {start}" if start == end else f"{file}, lines {start}–{end}"])
    rows.append(["leaders", _join(idx.name(x) for x in idx.leaders.get(iri, ())) or "—"])
    rows.append(["lead", _join(idx.name(x) for x in idx.leads.get(iri, ())) or "—"])
    if idx.assists.get(iri):
        rows.append(["co", _join(idx.name(x) for x in idx.assists[iri])])
    return rows


def unit_info(idx: GraphIndex, iri: str) -> list[list[str]]:
    node = idx.graph.nodes[iri]
    roles = [r for _, r in idx.unit_tasks.get(iri, ())]
    rows = [[node.label.lower(), f"{node.props.get('name')} · {node.props.get('type') or 'unknown type'}"],
            ["county", idx.county_name(iri) or "—"]]
    if iri in idx.function:
        rows.append(["function", function_value(idx, idx.function[iri])])
    rows.append(["tasks", f"{roles.count('lead')} lead, {roles.count('co')} co"])
    sup = [(leader, idx.supervises[leader][iri]) for leader in idx.supervisors.get(iri, ())]
    if sup:
        rows.append(["supervised by", _join(f"{idx.name(leader)} ({n})" for leader, n in sup)])
    aliases = node.props.get("aliases") or []
    if aliases:
        rows.append(["written as", _join(aliases)])
    return rows


def leader_info(idx: GraphIndex, iri: str) -> list[list[str]]:
    node = idx.graph.nodes[iri]
    roles = [idx.name(p) for p in idx.posts.get(iri, ())] or list(node.props.get("roles") or [])
    sup = sorted(idx.supervises.get(iri, {}).items(), key=lambda kv: (-kv[1], idx.name(kv[0])))
    fns = sorted({function_value(idx, idx.function[u]) for u, _ in sup if u in idx.function})
    return [["leader", f"{node.props.get('name')}{' · ' + _join(roles) if roles else ''}"],
            ["county", idx.county_name(iri) or "—"],
            ["tasks", str(len(idx.leader_tasks.get(iri, ())))],
            ["units", _join(f"{idx.name(u)} ({n})" for u, n in sup) or "—"],
            ["functions", f"{len(fns)}: {_join(fns)}" if fns else "—"]]


def leader_detail(idx: GraphIndex, iri: str) -> list[str]:
    """The leader's tasks, one line each (the side panel's list)."""
    nodes = idx.graph.nodes
    return [f"{nodes[t].props.get('task_id')}  {short(nodes[t].props.get('text'))}"
            for t in idx.leader_tasks.get(iri, ())]


def unit_detail(idx: GraphIndex, iri: str) -> list[str]:
    nodes = idx.graph.nodes
    return [f"{nodes[t].props.get('task_id')} [{role}]  {short(nodes[t].props.get('text'))}"
            for t, role in idx.unit_tasks.get(iri, ())]


def county_info(idx: GraphIndex, iri: str) -> list[list[str]]:
    p = idx.graph.nodes[iri].props
    docs = [idx.name(d) for d in idx.members.get(iri, ()) if idx.graph.nodes.get(d) and
            idx.graph.nodes[d].label == "Document"]
    return [["county", f"{p.get('name')} ({p.get('admin_code') or 'no code'})"],
            ["where", _join([x for x in (p.get("province"), p.get("prefecture")) if x], " ") or "—"],
            ["documents", _join(docs, "; ") or "—"]]


def function_info(idx: GraphIndex, iri: str, units: int) -> list[list[str]]:
    p = idx.graph.nodes[iri].props
    return [["function", function_value(idx, iri)], ["COFOG", str(p.get("name_en") or "")], ["units", str(units)]]


def info(idx: GraphIndex, iri: str) -> list[list[str]]:
    kind = _kind_of(idx, iri)
    if kind == "Task":
        return task_info(idx, iri)
    if kind in ("Unit", "UnitGroup"):
        return unit_info(idx, iri)
    if kind == "Leader":
        return leader_info(idx, iri)
    if kind == "County":
        return county_info(idx, iri)
    return [[kind.lower(), idx.name(iri)]]
