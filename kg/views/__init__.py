"""`kg view`: interactive network pages (vis-network, offline) and an index linking them.

Pages: per county, leaders -> units -> tasks and the collapsed leaders -> units; leader
portfolios side by side; the coordination network; functions across counties; an overview
of counties -> functions. Large inputs get more, smaller pages, never one huge one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.extras import require
from kg.map.graphdata import GraphData
from kg.stores.networkx import GraphIndex, counties, index

if TYPE_CHECKING:
    from kg.views import pages as P

__all__ = ["ViewSet", "build_pages", "write_views", "MAX_FULL_TASKS"]

MAX_FULL_TASKS = 1500  # a county with more tasks gets only the collapsed page
MAX_SHARED_UNITS = 1500  # above this the coordination network is drawn per county
MAX_FUNCTION_UNITS = 3000  # above this only the overview shows functions across counties
INLINE_MAX_PAGES = 60  # beyond this vis-network is written once to assets/ rather than into every page


@dataclass(slots=True)
class ViewSet:
    shared: list[P.Page] = field(default_factory=list)  # pages across counties
    county_pages: list[P.Page] = field(default_factory=list)
    counties: list[dict[str, Any]] = field(default_factory=list)  # rows of the index's county table

    def all(self) -> list[P.Page]:
        return [*self.shared, *self.county_pages]


def build_pages(graph: GraphData, *, idx: GraphIndex | None = None, max_full_tasks: int = MAX_FULL_TASKS,
                progress: bool = False) -> ViewSet:
    from kg.progress import iterate
    from kg.views import pages as P  # numpy and the layout load only when pages are made

    idx = idx or index(graph)
    views = ViewSet()
    all_counties = counties(graph)
    units = sum(len(idx.nodes("Unit", c)) for c in all_counties)
    per_county_coordination = units > MAX_SHARED_UNITS
    views.shared.append(P.overview_page(idx, all_counties))
    coordinated: set[str] = set()  # counties with any unit on the shared coordination page
    if not per_county_coordination:
        page = P.coordination_page(idx, all_counties)
        views.shared.append(page)
        coordinated = {idx.county[n["id"]] for n in page.nodes if n["id"] in idx.county}
    for i, chunk in enumerate(P.chunks(all_counties, P.PORTFOLIO_COUNTIES), start=1):
        views.shared.append(P.portfolio_page(idx, chunk, slug="portfolios" if i == 1 else f"portfolios-{i}"))
    if units <= MAX_FUNCTION_UNITS:
        views.shared.append(P.functions_page(idx, all_counties))
    for county in iterate(all_counties, len(all_counties), "lay out", "county", enabled=progress):
        n_tasks = len(idx.nodes("Task", county))
        full = P.county_page(idx, county) if n_tasks <= max_full_tasks else None
        collapsed = P.county_page(idx, county, collapsed=True)
        coordination = None
        if per_county_coordination:
            page = P.coordination_page(idx, [county], slug=f"coordination-{P.county_slug(idx, county)}")
            if page.nodes:
                views.county_pages.append(page)
                coordination = page.slug
        elif county in coordinated:
            coordination = "coordination"
        views.county_pages += [p for p in (full, collapsed) if p is not None]
        props = graph.nodes[county].props
        views.counties.append({
            "name": props.get("name"), "province": props.get("province") or "", "tasks": n_tasks,
            "leaders": len(idx.nodes("Leader", county)),
            "units": len(idx.nodes("Unit", county)) + len(idx.nodes("UnitGroup", county)),
            "full": full, "units_page": collapsed, "coordination": coordination,
        })
    return views


def write_views(graph: GraphData, out_dir: Path, *, inline: bool | None = None,
                max_full_tasks: int = MAX_FULL_TASKS, progress: bool = False) -> tuple[ViewSet, list[Path]]:
    """Write every page and index.html; `inline=None` inlines vis-network unless there are many pages.
    `progress`: bars on stderr (on a terminal) while pages are laid out and written."""
    for module in ("jinja2", "pyvis", "numpy"):
        require(module, "views", "kg view")
    from kg.progress import iterate
    from kg.views.html import render_index, render_page, write_assets

    views = build_pages(graph, max_full_tasks=max_full_tasks, progress=progress)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = views.all()
    if inline is None:
        inline = len(pages) <= INLINE_MAX_PAGES
    paths = [] if inline else write_assets(out_dir)
    for page in iterate(pages, len(pages), "write", "page", enabled=progress):
        path = out_dir / f"{page.slug}.html"
        path.write_text(render_page(page, inline=inline), encoding="utf-8")
        paths.append(path)
    tasks = sum(c["tasks"] for c in views.counties)
    summary = f"{len(views.counties)} counties, {tasks} tasks."
    index_path = out_dir / "index.html"
    index_path.write_text(render_index(summary, views.shared, views.counties), encoding="utf-8")
    return views, [index_path, *paths]
