"""The pages a view writes, as data: vis-network nodes and edges plus legend, facets and notes.

Each builder reads one county (or a fixed number of them) through the GraphIndex, so
writing every page is linear in the graph. What scales with the whole country is only
the overview, and it aggregates: counties (or provinces) -> functions, never tasks.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.stores.networkx import GraphIndex, coordination_network
from kg.views import facts
from kg.views.facts import DIVISION_COLORS, EDGE_STYLE, KIND_STYLE
from kg.views.layout import around, disc_radius, label_radius, spread

ALL_FACETS = (*facts.FACETS, "county")
PORTFOLIO_COUNTIES = 6  # counties side by side on one portfolio page
OVERVIEW_BY_PROVINCE = 300  # above this many counties the overview shows provinces, not counties
COMPACT_ABOVE = 250  # nodes: bigger county pages pull task trees tight, or the labels get too small to read


@dataclass(slots=True)
class Page:
    slug: str
    title: str
    subtitle: str
    kind: str
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    legend: list[dict[str, Any]] = field(default_factory=list)
    edge_legend: list[dict[str, Any]] = field(default_factory=list)
    facets: tuple[str, ...] = facts.FACETS
    physics: bool = True
    layout: str = "spread"  # physics settings: "compact" (task trees) or "spread"
    view: str = "fit"  # "top": open at the top, fitted to the width (tall fixed layouts)
    notes: list[str] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)

    def add_node(self, iri: str, **attrs: Any) -> None:
        if iri not in self._ids:
            self._ids.add(iri)
            self.nodes.append({"id": iri, **attrs})

    def add_edge(self, src: str, dst: str, rel: str, **attrs: Any) -> None:
        style = EDGE_STYLE[rel]
        extra = {"length": style["length"]} if "length" in style else {}
        self.edges.append({"id": f"e{len(self.edges)}", "from": src, "to": dst, "rel": rel,
                           "color": style["color"], "dashes": style["dashes"], **extra, **attrs})

    def counts(self) -> dict[str, int]:
        return {"nodes": len(self.nodes), "edges": len(self.edges)}

    def kinds(self) -> Counter[str]:
        return Counter(n["kind"] for n in self.nodes)


TASK_SPACING = 30.0  # between the centres of neighbouring tasks around their unit
MEMBER_SPACING = 46.0  # between units around their function


def place(page: Page, members: dict[str, list[str]] | None = None,
          links: dict[tuple[str, str], int] | None = None,
          order: Callable[[list[Hashable]], tuple[object, ...]] | None = None, spacing: float = TASK_SPACING) -> None:
    """Give every node of the page its position (kg.views.layout), and turn physics off: the page
    opens drawn. `members`: node -> the nodes drawn in a disc around it (a unit's tasks) and left
    out of the network layout; `links`: more pairs that should sit close (weighted)."""
    members = members or {}
    inside = {m for group in members.values() for m in group}
    g = nx.Graph()
    for node in page.nodes:
        if node["id"] not in inside:
            g.add_node(node["id"])
    for edge in page.edges:
        a, b = edge["from"], edge["to"]
        if a in g and b in g and a != b:
            weight = g.edges[a, b]["weight"] + 1 if g.has_edge(a, b) else 1
            g.add_edge(a, b, weight=weight)
    for (a, b), n in (links or {}).items():
        if a in g and b in g and a != b:
            g.add_edge(a, b, weight=n + (g.edges[a, b]["weight"] if g.has_edge(a, b) else 0))
    own = {n["id"]: label_radius(n.get("label", ""), float(n.get("font", {}).get("size", 14)), float(n.get("size", 10)),
                                 boxed=n.get("shape") == "box") for n in page.nodes}
    radius = {iri: disc_radius(len(members.get(iri, ())), spacing, own[iri]) for iri in g}
    pos = spread(g, radius, order=order)
    for centre, group in members.items():
        if centre in pos:
            pos.update(around(pos[centre], group, spacing, inner=own[centre]))
    for node in page.nodes:
        if node["id"] in pos:
            node["x"], node["y"] = pos[node["id"]]
    page.physics = False


def _legend(page: Page, kinds: list[str], rels: list[str]) -> None:
    present = page.kinds()
    page.legend = [{"label": KIND_STYLE[k]["legend"], "color": KIND_STYLE[k]["color"], "shape": KIND_STYLE[k]["shape"],
                    "count": present[k]} for k in kinds if present[k]]
    used = Counter(e["rel"] for e in page.edges)
    page.edge_legend = [{"label": EDGE_STYLE[r]["legend"], "color": EDGE_STYLE[r]["color"],
                         "dashes": bool(EDGE_STYLE[r]["dashes"]), "count": used[r]} for r in rels if used[r]]


def _node(idx: GraphIndex, iri: str, kind: str, degree: float, *, label: str | None = None,
          font: int = 14, font_color: str | None = None, **extra: Any) -> dict[str, Any]:
    style = KIND_STYLE[kind]
    boxed = extra.get("shape", style["shape"]) == "box"
    out = {"label": label if label is not None else idx.name(iri), "name": idx.name(iri), "kind": kind,
           "color": style["color"], "shape": style["shape"], "size": facts.size(degree),
           "font": {"size": font, "color": font_color or ("#ffffff" if boxed else "#1b2631")},
           "info": facts.info(idx, iri), "f": facts.facets(idx, iri)}
    county = idx.county_name(iri)
    if county:
        out["f"]["county"] = [county]
    out.update(extra)
    return out


def _task_kind(idx: GraphIndex, task: str) -> str:
    kind = f"Task:{idx.graph.nodes[task].props.get('list') or 'main'}"
    return kind if kind in KIND_STYLE else "Task:main"


def county_slug(idx: GraphIndex, county: str) -> str:
    props = idx.graph.nodes[county].props
    return str(props.get("admin_code") or props.get("name") or county.rsplit("/", 1)[-1])


def county_page(idx: GraphIndex, county: str, *, collapsed: bool = False) -> Page:
    """Leaders -> units -> tasks of one county; collapsed: leaders -> units, with task counts."""
    nodes = idx.graph.nodes
    name = idx.name(county)
    tasks = [t.iri for t in idx.nodes("Task", county)]
    leaders = [x.iri for x in idx.nodes("Leader", county)]
    units = [u.iri for u in idx.nodes("Unit", county) + idx.nodes("UnitGroup", county) if idx.unit_tasks.get(u.iri)]
    page = Page(slug=f"county-{county_slug(idx, county)}{'-units' if collapsed else ''}",
                title=f"{name}: leaders → units{'' if collapsed else ' → tasks'}",
                subtitle=(f"{len(leaders)} leaders, {len(units)} units and groups, {len(tasks)} tasks. "
                          + ("Unit labels give the tasks each leads or assists." if collapsed else
                             "Zoom in to read units and task numbers; hover for the task text.")),
                kind="county-units" if collapsed else "county")
    degree: Counter[str] = Counter()

    def edge(src: str, dst: str, rel: str, **attrs: Any) -> None:
        degree[src] += 1
        degree[dst] += 1
        page.add_edge(src, dst, rel, **attrs)

    for leader in leaders:
        edge(county, leader, "IN_COUNTY")
        for unit, n in idx.supervises.get(leader, {}).items():
            edge(leader, unit, "SUPERVISES", width=round(1 + math.sqrt(n), 1),
                     info=[["supervises", f"{idx.name(leader)} → {idx.name(unit)}: {n} tasks"]])
    for unit in units:
        if not idx.supervisors.get(unit):
            edge(county, unit, "IN_COUNTY")
    orphans = [t for t in tasks if not idx.task_units(t)]
    if collapsed:
        if orphans:
            bucket = f"{county}#tasks-without-unit"
            edge(county, bucket, "IN_COUNTY")
            for leader in dict.fromkeys(x for t in orphans for x in idx.leaders.get(t, ())):
                edge(leader, bucket, "RESPONSIBLE_FOR")
    else:
        for task in tasks:
            for unit in dict.fromkeys(idx.leads.get(task, ())):
                edge(unit, task, "LEADS")
            for unit in dict.fromkeys(idx.assists.get(task, ())):
                if unit not in idx.leads.get(task, ()):
                    edge(unit, task, "ASSISTS")
            if not idx.leads.get(task):
                for leader in idx.leaders.get(task, ()):
                    edge(leader, task, "RESPONSIBLE_FOR")
            if not idx.task_units(task) and not idx.leaders.get(task):
                edge(county, task, "IN_COUNTY")

    page.add_node(county, **_node(idx, county, "County", 4, font=28, f=None))
    for leader in leaders:
        page.add_node(leader, **_node(idx, leader, "Leader", 12 + degree[leader], font=28,
                                      detail=facts.leader_detail(idx, leader)))
    for unit in units:
        n = len(idx.unit_tasks[unit])
        label = f"{idx.name(unit)} ({n})" if collapsed else idx.name(unit)
        page.add_node(unit, **_node(idx, unit, nodes[unit].label, n if collapsed else degree[unit], label=label,
                                    font=18, detail=facts.unit_detail(idx, unit)))
    if collapsed and orphans:
        bucket = f"{county}#tasks-without-unit"
        lists = sorted({str(nodes[t].props.get("list") or "main") for t in orphans})
        page.add_node(bucket, label=f"{len(orphans)} tasks name no unit", name="tasks naming no unit", kind="Tasks",
                      color=KIND_STYLE["Tasks"]["color"], shape="box", size=10, font={"size": 20},
                      info=[["tasks", f"{len(orphans)} tasks name no lead or co unit"]],
                      detail=[f"{nodes[t].props.get('task_id')}  {facts.short(nodes[t].props.get('text'))}"
                              for t in orphans],
                      f={"list": lists, "county": [name],
                         "leader": sorted({idx.name(x) for t in orphans for x in idx.leaders.get(t, ())})})
    elif not collapsed:
        for task in tasks:
            page.add_node(task, **_node(idx, task, _task_kind(idx, task), degree[task], font=11,
                                        label=str(nodes[task].props.get("task_id"))))
    page.layout = "compact" if len(page.nodes) > COMPACT_ABOVE else "spread"
    _place_county(page, idx, county, [] if collapsed else tasks)
    if orphans:
        page.notes.append(f"{len(orphans)} of {len(tasks)} tasks name no unit"
                          + (" (a report: units are only inferred, not stated)" if len(orphans) == len(tasks) else ""))
    _legend(page, ["County", "Leader", "Unit", "UnitGroup", "Task:main", "Task:livelihood", "Task:creation", "Tasks"],
            ["SUPERVISES", "RESPONSIBLE_FOR", "LEADS", "ASSISTS", "IN_COUNTY"])
    return page


def _place_county(page: Page, idx: GraphIndex, county: str, tasks: list[str]) -> None:
    """Each task in a disc around the unit that leads it (else its first co-unit, its leader, the
    county); units that share tasks pulled together."""
    members: dict[str, list[str]] = defaultdict(list)
    links: Counter[tuple[str, str]] = Counter()
    for task in tasks:
        units = idx.task_units(task)
        anchor = units[0] if units else next(iter(idx.leaders.get(task, ())), county)
        members[anchor].append(task)
        for other in units[1:]:
            links[(anchor, other)] += 1
    place(page, members, links)


def _division_legend(idx: GraphIndex, divisions: Counter[str | None]) -> list[dict[str, Any]]:
    from kg.ontology.functions import cofog_labels

    labels = cofog_labels()
    out = []
    for div in sorted(d for d in divisions if d):
        en, zh = labels.get(div, ("", ""))
        out.append({"label": f"{div} {zh} {en}".strip(), "color": DIVISION_COLORS.get(div, "#7f8c8d"),
                    "shape": "dot", "count": divisions[div]})
    if divisions.get(None):
        out.append({"label": "no function known", "color": "#7f8c8d", "shape": "dot", "count": divisions[None]})
    return out


def coordination_page(idx: GraphIndex, counties: list[str], slug: str = "coordination") -> Page:
    """Units linked by the tasks they share (lead or co); width = shared tasks."""
    nodes = idx.graph.nodes
    title = "Coordination network" + (f": {idx.name(counties[0])}" if len(counties) == 1 else "")
    page = Page(slug=slug, title=title, subtitle="", kind="coordination",
                facets=ALL_FACETS if len(counties) > 1 else facts.FACETS)
    divisions: Counter[str | None] = Counter()
    isolated = 0
    for county in counties:
        g = coordination_network(idx.graph, county, idx=idx)
        for u, v, data in g.edges(data=True):
            shown = data["tasks"][:8]
            lines = [f"{nodes[t].props.get('task_id')}  {facts.short(nodes[t].props.get('text'), 40)}" for t in shown]
            if len(data["tasks"]) > len(shown):
                lines.append(f"… and {len(data['tasks']) - len(shown)} more")
            width = round(1 + 1.6 * math.sqrt(data["weight"] - 1), 1)
            page.add_edge(u, v, "SHARES", width=width, weight=data["weight"],
                          info=[["shared tasks", f"{idx.name(u)} — {idx.name(v)}: {data['weight']}"],
                                ["tasks", "\n".join(lines)]])
        for unit in g:
            if g.degree(unit) == 0:
                isolated += 1
                continue
            div = facts.division(idx, unit)
            divisions[div] += 1
            info = facts.unit_info(idx, unit) + [["partners", f"{g.degree(unit)} units, "
                                                             f"{g.degree(unit, weight='weight')} shared tasks"]]
            page.add_node(unit, **_node(idx, unit, "Unit", g.degree(unit, weight="weight"), font=17, info=info,
                                        color=DIVISION_COLORS.get(div or "", "#7f8c8d"),
                                        detail=facts.unit_detail(idx, unit)))
    place(page)
    page.subtitle = (f"{len(page.nodes)} units that share at least one task with another unit, {len(page.edges)} "
                     "pairs. Size: tasks shared; colour: function of government (COFOG).")
    if isolated:
        page.notes.append(f"{isolated} units share no task with any other unit and are not drawn")
    page.legend = _division_legend(idx, divisions)
    page.edge_legend = [{"label": EDGE_STYLE["SHARES"]["legend"], "color": EDGE_STYLE["SHARES"]["color"],
                         "dashes": False, "count": len(page.edges)}]
    return page


def portfolio_page(idx: GraphIndex, counties: list[str], slug: str = "portfolios") -> Page:
    """Each leader's units, side by side per county: leaders left, their units right (fixed layout)."""
    page = Page(slug=slug, title="Leader portfolios", subtitle="", kind="portfolios", physics=False,
                facets=ALL_FACETS, view="top")
    col_w, unit_x, row = 700, 330, 44.0
    skipped = []
    column = 0
    for county in counties:
        leaders = [x.iri for x in idx.nodes("Leader", county) if idx.leader_tasks.get(x.iri)]
        if not leaders:
            skipped.append(idx.name(county))
            continue
        leaders.sort(key=lambda x: (-len(idx.leader_tasks[x]), idx.name(x)))
        x0 = column * col_w
        column += 1
        units = list(dict.fromkeys(u for x in leaders for u in idx.supervises.get(x, {})))
        # each unit sits at the task-weighted mean row of its leaders, so edges run mostly level
        weight = {u: [(i, idx.supervises[x][u]) for i, x in enumerate(leaders) if u in idx.supervises.get(x, {})]
                  for u in units}
        units.sort(key=lambda u: (sum(i * n for i, n in weight[u]) / max(1, sum(n for _, n in weight[u])),
                                  idx.name(u)))
        height = max(len(units), len(leaders)) * row
        leader_row = height / max(1, len(leaders))
        page.add_node(county, **_node(idx, county, "County", 4, font=30, x=x0 + unit_x / 2, y=-80, f=None))
        for i, leader in enumerate(leaders):
            n_tasks = len(idx.leader_tasks[leader])
            roles = [idx.name(p) for p in idx.posts.get(leader, ())]
            label = f"{idx.name(leader)}{' ' + roles[0] if roles else ''}\n{n_tasks} tasks · " \
                    f"{len(idx.supervises.get(leader, {}))} units"
            page.add_node(leader, **_node(idx, leader, "Leader", 4, label=label, font=20, shape="box",
                                          x=x0, y=(i + 0.5) * leader_row, detail=facts.leader_detail(idx, leader)))
        for j, unit in enumerate(units):
            n = len(idx.unit_tasks.get(unit, ()))
            page.add_node(unit, **_node(idx, unit, idx.graph.nodes[unit].label, 4, label=f"{idx.name(unit)} ({n})",
                                        font=20, shape="box", x=x0 + unit_x, y=(j + 0.5) * row,
                                        detail=facts.unit_detail(idx, unit)))
        for leader in leaders:
            for unit, n in idx.supervises.get(leader, {}).items():
                page.add_edge(leader, unit, "SUPERVISES", width=round(1 + math.sqrt(n), 1),
                              info=[["supervises", f"{idx.name(leader)} → {idx.name(unit)}: {n} tasks"]])
    names = [idx.name(c) for c in counties if idx.name(c) not in skipped]
    page.subtitle = (f"{'、'.join(names)}: each leader (left) and the units leading their tasks (right); "
                     "line width: tasks. Click a leader for the task list.")
    if skipped:
        page.notes.append(f"no leader is named on any task in {'、'.join(skipped)}")
    _legend(page, ["County", "Leader", "Unit", "UnitGroup"], ["SUPERVISES"])
    for item in page.legend:  # drawn as labelled boxes here
        item["shape"] = "box"
    return page


def functions_page(idx: GraphIndex, counties: list[str], slug: str = "functions") -> Page:
    """The same function's units across counties: functions in the middle, units coloured by county."""
    page = Page(slug=slug, title="Functions across counties", subtitle="", kind="functions", facets=ALL_FACETS)
    colors = {c: facts.COUNTY_COLORS[i % len(facts.COUNTY_COLORS)] for i, c in enumerate(counties)}
    per_fn: Counter[str] = Counter()
    missing = 0
    for county in counties:
        for unit in idx.nodes("Unit", county) + idx.nodes("UnitGroup", county):
            fn = idx.function.get(unit.iri)
            if fn is None or not idx.unit_tasks.get(unit.iri):
                missing += fn is None
                continue
            per_fn[fn] += 1
            page.add_node(unit.iri, **_node(idx, unit.iri, unit.label, len(idx.unit_tasks[unit.iri]) / 2, font=14,
                                            color=colors[county], shape="dot"))
            page.add_edge(unit.iri, fn, "HAS_FUNCTION")
    for fn, n in sorted(per_fn.items(), key=lambda kv: kv[0]):
        page.add_node(fn, **_node(idx, fn, "Function", n, label=facts.function_value(idx, fn), font=44,
                                  info=facts.function_info(idx, fn, n)))
    by_fn: dict[str, list[str]] = defaultdict(list)
    for edge in page.edges:
        by_fn[edge["to"]].append(edge["from"])
    code = {fn: str(idx.graph.nodes[fn].props.get("notation")) for fn in per_fn}
    place(page, by_fn, order=lambda c: (code.get(str(c[0]), ""),), spacing=MEMBER_SPACING)
    page.subtitle = (f"{len(per_fn)} functions of government (COFOG), {len(page.nodes) - len(per_fn)} units "
                     f"in {len(counties)} counties; unit colour: county.")
    if missing:
        page.notes.append(f"{missing} units have no known function and are not drawn")
    page.legend = [{"label": KIND_STYLE["Function"]["legend"], "color": KIND_STYLE["Function"]["color"],
                    "shape": "hexagon", "count": len(per_fn)}]
    page.legend += [{"label": idx.name(c), "color": colors[c], "shape": "dot",
                     "count": n} for c in counties
                    if (n := sum(1 for x in page.nodes if x.get("color") == colors[c] and x["kind"] != "Function"))]
    page.edge_legend = [{"label": EDGE_STYLE["HAS_FUNCTION"]["legend"], "color": "#aab7b8", "dashes": False,
                         "count": len(page.edges)}]
    return page


def overview_page(idx: GraphIndex, counties: list[str], slug: str = "overview") -> Page:
    """Counties (or, nationally, provinces) -> functions of government; width: units in that function."""
    by_province = len(counties) > OVERVIEW_BY_PROVINCE
    page = Page(slug=slug, title="Overview: " + ("provinces" if by_province else "counties") + " → functions",
                subtitle="", kind="overview", facets=("function", "county"))
    links: dict[tuple[str, str], int] = defaultdict(int)
    tasks: Counter[str] = Counter()
    members: dict[str, list[str]] = defaultdict(list)
    for county in counties:
        props = idx.graph.nodes[county].props
        key = f"province:{props.get('province') or '?'}" if by_province else county
        members[key].append(idx.name(county))
        tasks[key] += len(idx.nodes("Task", county))
        for unit in idx.nodes("Unit", county) + idx.nodes("UnitGroup", county):
            fn = idx.function.get(unit.iri)
            if fn is not None:
                links[(key, fn)] += 1
    fn_units: Counter[str] = Counter()
    for (key, fn), n in links.items():
        fn_units[fn] += n
        page.add_edge(key, fn, "COUNTY_FUNCTION", width=round(1 + math.sqrt(n), 1), weight=n,
                      info=[["units", f"{key.split(':', 1)[-1] if by_province else idx.name(key)} · "
                                      f"{facts.function_value(idx, fn)}: {n}"]])
    degree = Counter(k for k, _ in links)
    for key, names in members.items():
        label = key.split(":", 1)[1] if by_province else idx.name(key)
        info = ([["province", label], ["counties", str(len(names))], ["tasks", str(tasks[key])]] if by_province
                else facts.county_info(idx, key) + [["tasks", str(tasks[key])]])
        page.add_node(key, label=label, name=label, kind="County", color=KIND_STYLE["County"]["color"], shape="box",
                      size=facts.size(degree[key]), font={"size": 20, "color": "#ffffff"}, info=info,
                      f={"county": sorted(names)})
    for fn, n in sorted(fn_units.items()):
        page.add_node(fn, **_node(idx, fn, "Function", n, label=facts.function_value(idx, fn), font=16,
                                  info=facts.function_info(idx, fn, n)))
    place(page)
    page.subtitle = (f"{len(members)} {'provinces' if by_province else 'counties'} and the {len(fn_units)} functions "
                     "of government their units serve; line width: units. Open a county page for its tasks.")
    _legend(page, ["County", "Function"], ["COUNTY_FUNCTION"])
    return page


def chunks(items: list[str], n: int) -> list[list[str]]:
    return [items[i:i + n] for i in range(0, len(items), n)]
