"""The rows of each exported table, read from the graph a build mapped (never re-derived).

Every builder takes the `GraphIndex` of `open_build(dir).graph()` and returns rows as dicts
keyed by the columns of kg.exports.columns; lists stay Python lists here (the writers join
them for flat formats).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from kg.stores.networkx import GraphIndex

Row = dict[str, Any]


def _county(idx: GraphIndex, iri: str) -> dict[str, Any]:
    county = idx.county.get(iri)
    props = idx.graph.nodes[county].props if county in idx.graph.nodes else {}
    return {"county": props.get("name"), "admin_code": props.get("admin_code")}


def _props(idx: GraphIndex, iri: str | None) -> dict[str, Any]:
    node = idx.graph.nodes.get(iri) if iri is not None else None
    return node.props if node is not None else {}


def _unit_kind(idx: GraphIndex, iri: str) -> str:
    return "group" if idx.graph.nodes[iri].label == "UnitGroup" else "unit"


def _function(idx: GraphIndex, unit: str) -> dict[str, Any]:
    fn = _props(idx, idx.function.get(unit))
    return {"function_code": fn.get("notation"), "function_label_zh": fn.get("name"),
            "function_label_en": fn.get("name_en")}


def tasks(idx: GraphIndex) -> list[Row]:
    rows: list[Row] = []
    for task in idx.nodes("Task"):
        p = task.props
        doc_iri, start, end = idx.source.get(task.iri, (None, None, None))
        doc = _props(idx, doc_iri)
        county = _props(idx, idx.county.get(task.iri))
        lead = list(dict.fromkeys(idx.leads.get(task.iri, ())))
        co = [u for u in dict.fromkeys(idx.assists.get(task.iri, ())) if u not in lead]
        leaders = [idx.name(x) for x in dict.fromkeys(idx.leaders.get(task.iri, ()))]
        rows.append({
            "task_iri": task.iri, "county": county.get("name"), "admin_code": county.get("admin_code"),
            "province": county.get("province"), "prefecture": county.get("prefecture"), "year": doc.get("year"),
            "document": doc.get("file"), "task_id": p.get("task_id"), "list": p.get("list"),
            "section": p.get("section"), "subsection": p.get("subsection"), "text": p.get("text"),
            "leaders": leaders, "lead_units": [idx.name(u) for u in lead], "co_units": [idx.name(u) for u in co],
            "deadline": p.get("deadline"),
            "targets": [str(_props(idx, i).get("notation") or idx.name(i)) for i in idx.indicators.get(task.iri, ())],
            "inferred_units": list(p.get("inferred_units") or []),
            "n_leaders": len(leaders), "n_lead_units": len(lead), "n_co_units": len(co),
            "line_start": start, "line_end": end,
        })
    return rows


def task_units(idx: GraphIndex) -> list[Row]:
    rows: list[Row] = []
    for task in idx.nodes("Task"):
        lead = list(dict.fromkeys(idx.leads.get(task.iri, ())))
        co = [u for u in dict.fromkeys(idx.assists.get(task.iri, ())) if u not in lead]
        base = {"task_iri": task.iri, **_county(idx, task.iri), "task_id": task.props.get("task_id")}
        for role, units in (("lead", lead), ("co", co)):
            rows.extend({**base, "role": role, "unit": idx.name(u), "unit_kind": _unit_kind(idx, u), "unit_iri": u}
                        for u in units)
    return rows


def task_leaders(idx: GraphIndex) -> list[Row]:
    rows: list[Row] = []
    for task in idx.nodes("Task"):
        base = {"task_iri": task.iri, **_county(idx, task.iri), "task_id": task.props.get("task_id")}
        rows.extend({**base, "leader": idx.name(x), "leader_iri": x}
                    for x in dict.fromkeys(idx.leaders.get(task.iri, ())))
    return rows


def _coordination(idx: GraphIndex) -> tuple[dict[str, int], dict[str, int]]:
    partners: dict[str, int] = defaultdict(int)
    shared: dict[str, int] = defaultdict(int)
    for e in idx.graph.edges:
        if e.type == "COORDINATES_WITH":
            n = int(e.props.get("shared_tasks", 0))
            for unit in (e.src, e.dst):
                partners[unit] += 1
                shared[unit] += n
    return partners, shared


def units(idx: GraphIndex) -> list[Row]:
    partners, shared = _coordination(idx)
    rows: list[Row] = []
    for unit in [*idx.nodes("Unit"), *idx.nodes("UnitGroup")]:
        roles = [r for _, r in idx.unit_tasks.get(unit.iri, ())]
        rows.append({
            "unit_iri": unit.iri, **_county(idx, unit.iri), "name": unit.props.get("name"),
            "unit_kind": _unit_kind(idx, unit.iri), "type": unit.props.get("type"), **_function(idx, unit.iri),
            "aliases": list(unit.props.get("aliases") or []), "lead_tasks": roles.count("lead"),
            "co_tasks": roles.count("co"), "leaders": [idx.name(x) for x in idx.supervisors.get(unit.iri, ())],
            "partners": partners.get(unit.iri, 0), "shared_tasks": shared.get(unit.iri, 0),
        })
    rows.sort(key=lambda r: (str(r["admin_code"] or "~"), str(r["county"]), r["unit_kind"], str(r["name"])))
    return rows


def leaders(idx: GraphIndex) -> list[Row]:
    rows: list[Row] = []
    for leader in idx.nodes("Leader"):
        sup = idx.supervises.get(leader.iri, {})
        fns = sorted({idx.function[u] for u in sup if u in idx.function},
                     key=lambda f: str(_props(idx, f).get("notation")))
        roles = [idx.name(p) for p in idx.posts.get(leader.iri, ())] or list(leader.props.get("roles") or [])
        rows.append({
            "leader_iri": leader.iri, **_county(idx, leader.iri), "name": leader.props.get("name"), "roles": roles,
            "tasks": len(set(idx.leader_tasks.get(leader.iri, ()))),
            "units": sum(1 for u in sup if _unit_kind(idx, u) == "unit"),
            "groups": sum(1 for u in sup if _unit_kind(idx, u) == "group"), "functions": len(fns),
            "function_codes": [str(_props(idx, f).get("notation")) for f in fns],
            "function_labels_zh": [str(_props(idx, f).get("name") or "") for f in fns],
            "function_labels_en": [str(_props(idx, f).get("name_en") or "") for f in fns],
        })
    rows.sort(key=lambda r: (str(r["admin_code"] or "~"), str(r["county"]), -r["tasks"], str(r["name"])))
    return rows


def leader_units(idx: GraphIndex) -> list[Row]:
    rows: list[Row] = []
    for leader in idx.nodes("Leader"):
        for unit, n in idx.supervises.get(leader.iri, {}).items():
            rows.append({"leader_iri": leader.iri, **_county(idx, leader.iri), "leader": leader.props.get("name"),
                         "unit": idx.name(unit), "unit_kind": _unit_kind(idx, unit), "unit_iri": unit, "tasks": n,
                         **_function(idx, unit)})
    return rows


def targets(idx: GraphIndex) -> list[Row]:
    owner = {t: task for task, found in idx.targets.items() for t in found}
    metric = {i.props.get("notation"): i.props for i in idx.nodes("Indicator")}
    rows: list[Row] = []
    for target in idx.nodes("Target"):
        p = target.props
        doc_iri = idx.source.get(target.iri, (None, 0, 0))[0]
        doc = _props(idx, doc_iri)
        task = owner.get(target.iri)
        concept = metric.get(p.get("metric"), {})
        rows.append({
            "target_iri": target.iri, **_county(idx, target.iri), "year": doc.get("year"), "document": doc.get("file"),
            "task_iri": task, "task_id": _props(idx, task).get("task_id"), "metric": p.get("metric"),
            "metric_label_zh": concept.get("name"), "metric_label_en": concept.get("name_en"),
            "metric_text": p.get("metric_text"), "value": p.get("value"), "value_max": p.get("value_max"),
            "unit": p.get("unit"), "kind": p.get("kind"), "modifier": p.get("modifier"), "relative": p.get("relative"),
            "hedge": p.get("hedge"), "headline": int(bool(p.get("headline"))), "quote": p.get("quote"),
            "line": p.get("line"),
        })
    return rows


def edges(idx: GraphIndex) -> list[Row]:
    rows: list[Row] = []
    for e in idx.graph.edges:
        if e.type == "COORDINATES_WITH":
            rows.append({**_county(idx, e.src), "unit_a": idx.name(e.src), "unit_b": idx.name(e.dst),
                         "shared_tasks": int(e.props.get("shared_tasks", 0)), "unit_a_iri": e.src, "unit_b_iri": e.dst})
    rows.sort(key=lambda r: (str(r["admin_code"] or "~"), str(r["county"]), -r["shared_tasks"], r["unit_a"],
                             r["unit_b"]))
    return rows


def documents(idx: GraphIndex) -> list[Row]:
    counts: dict[str, int] = defaultdict(int)
    for task in idx.nodes("Task"):
        if task.iri in idx.source:
            counts[idx.source[task.iri][0]] += 1
    rows: list[Row] = []
    for doc in idx.nodes("Document"):
        p = doc.props
        county = _props(idx, idx.county.get(doc.iri))
        rows.append({"document_iri": doc.iri, "document": p.get("file"), "county": county.get("name"),
                     "admin_code": county.get("admin_code"), "province": county.get("province"),
                     "prefecture": county.get("prefecture"), "year": p.get("year"), "title": p.get("title"),
                     "issuer": p.get("issuer"), "doc_number": p.get("doc_number"), "layout": p.get("layout"),
                     "sha256": p.get("sha256"), "tasks": counts.get(doc.iri, 0)})
    return rows


BUILDERS: dict[str, Callable[[GraphIndex], list[Row]]] = {
    "tasks": tasks, "task_units": task_units, "task_leaders": task_leaders, "units": units, "leaders": leaders,
    "leader_units": leader_units, "targets": targets, "edges": edges, "documents": documents,
}
