"""Pages to HTML: one self-contained file per page (vis-network inlined), and the index.

The vis-network build is the one pyvis ships. pyvis's own template is not used: even
with cdn_resources="in_line" it loads Bootstrap from a CDN, and its add_node/add_edge
scan every node and edge per call (quadratic), which national-scale pages cannot afford.
Jinja autoescaping covers the HTML; the page data is JSON in a non-executable script
element with <, > and & escaped, so no document text can close it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from kg.views.facts import LIST_LABELS
from kg.views.pages import Page

ASSETS = "assets"


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS from the pyvis package."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return ((lib / "vis-network.min.js").read_text(encoding="utf-8"),
            (lib / "vis-network.css").read_text(encoding="utf-8"))


@cache
def _own(name: str) -> str:
    return resources.files("kg.views").joinpath(name).read_text(encoding="utf-8")


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def script_json(value: Any) -> str:
    """JSON safe inside <script type="application/json">: no '</script>', no '<!--'."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_data(page: Page) -> dict[str, Any]:
    return {"title": page.title, "nodes": page.nodes, "edges": page.edges, "legend": page.legend,
            "edge_legend": page.edge_legend, "facets": list(page.facets), "physics": page.physics, "view": page.view,
            "layout": page.layout,
            "facet_labels": {"list": LIST_LABELS}}


def render_page(page: Page, *, inline: bool = True, assets: str = ASSETS, index_link: bool = True) -> str:
    js, css = vis_assets()
    template = _env().from_string(_own("page.html"))
    return template.render(
        page=page, inline=inline, assets=assets, index_link=index_link,
        vis_js=_markup(js), vis_css=_markup(css), page_css=_markup(_own("page.css")),
        page_js=_markup(_own("page.js")), data_json=_markup(script_json(page_data(page))),
    )


def _markup(text: str) -> Markup:
    # trusted text only: our own assets and JSON already escaped by script_json
    return Markup(text)


def write_assets(out_dir: Path) -> list[Path]:
    """The scripts and styles every page of a set shares, written once beside them."""
    js, css = vis_assets()
    target = out_dir / ASSETS
    target.mkdir(parents=True, exist_ok=True)
    files = {"vis-network.min.js": js, "vis-network.min.css": css,
             "page.js": _own("page.js"), "page.css": _own("page.css")}
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    return [target / name for name in files]


INDEX = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>govkg views</title>
<style>
body { font: 14px/1.5 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 24px auto;
  max-width: 1100px; padding: 0 16px; color: #1b2631; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 10px;
  border-bottom: 1px solid #e5e8e8; } th { color: #566573; font-weight: 600; } td.n { text-align: right; }
a { color: #2471a3; } .sub { color: #566573; }
</style></head><body>
<h1>govkg: who is responsible for what</h1>
<p class="sub">{{ summary }} Every page works offline; hover a node for its record, click it for its task list,
search and filter in the bar at the top.</p>
<h2>Across counties</h2>
<table><tr><th>view</th><th>what it shows</th><th class="n">nodes</th><th class="n">edges</th></tr>
{% for p in shared %}<tr><td><a href="{{ p.slug }}.html">{{ p.title }}</a></td><td>{{ p.subtitle }}</td>
<td class="n">{{ p.nodes|length }}</td><td class="n">{{ p.edges|length }}</td></tr>
{% endfor %}</table>
<h2>Counties</h2>
<table><tr><th>county</th><th>province</th><th class="n">tasks</th><th class="n">leaders</th><th class="n">units</th>
<th>leaders → units → tasks</th><th>leaders → units</th><th>coordination</th></tr>
{% for c in counties %}<tr><td>{{ c.name }}</td><td>{{ c.province }}</td><td class="n">{{ c.tasks }}</td>
<td class="n">{{ c.leaders }}</td><td class="n">{{ c.units }}</td>
<td>{% if c.full %}<a href="{{ c.full.slug }}.html">{{ c.full.nodes|length }} nodes</a>{% else %}(too large: use the
units view){% endif %}</td>
<td><a href="{{ c.units_page.slug }}.html">{{ c.units_page.nodes|length }} nodes</a></td>
<td>{% if c.coordination %}<a href="{{ c.coordination }}.html">network</a>{% endif %}</td></tr>
{% endfor %}</table>
</body></html>
"""


def render_index(summary: str, shared: list[Page], counties: list[dict[str, Any]]) -> str:
    return _env().from_string(INDEX).render(summary=summary, shared=shared, counties=counties)
