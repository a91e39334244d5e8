"""The generated pages in a real headless Chromium (Debian's `chromium`, driven by Playwright).

Each page is opened from disk: the network must draw exactly the nodes and edges the page
holds (and those must be the corpus's real counts), nothing may leave file://, the console
stays clean, physics stops, search and filters work, and HTML in documents stays text.
Set GOVKG_SCREENSHOTS=DIR to keep the screenshots (the README's come from here).
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from kg.build import build, open_build
from kg.pipeline import read_documents
from kg.stores.networkx import coordination_network, index
from kg.views import build_pages, write_views
from kg.views.browser import Probe, open_page, screenshot
from kg.views.html import render_page, script_json
from tests.conftest import needs_chromium

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
INJECTION = Path(__file__).resolve().parent / "data" / "injection-tasks.txt"
PAYLOADS = ("<svg/onload=alert(1)>局", "<imgsrc=xonerror=alert(1)>局")
COUNTIES = {"140829": "平陆县", "141025": "古县", "141130": "交口县", "210321": "台安县", "610724": "西乡县"}
PAGES = ["overview", "coordination", "portfolios", "functions",
         *[f"county-{code}{suffix}" for code in COUNTIES for suffix in ("", "-units")]]



def _build(paths: list[Path], out: Path):
    docs = read_documents(paths)[0]
    build(docs, out)
    return open_build(out).graph()


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory):
    return _build([CORPUS], tmp_path_factory.mktemp("views") / "govkg-data")


@pytest.fixture(scope="module")
def views(corpus_graph, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("pages")
    pages, files = write_views(corpus_graph, out)
    return out, {p.slug: p for p in pages.all()}


def _open(chromium, path: Path) -> Probe:
    return open_page(chromium, path)


def _clean(probe: Probe) -> None:
    assert probe.remote_requests() == []
    assert probe.console_errors == [] and probe.page_errors == []
    assert probe.dialogs == []


def test_the_page_set(views) -> None:
    out, pages = views
    assert sorted(pages) == sorted(PAGES)
    assert sorted(p.name for p in out.glob("*.html")) == sorted([f"{s}.html" for s in PAGES] + ["index.html"])
    html = (out / "index.html").read_text(encoding="utf-8")
    for slug in PAGES:
        assert f'href="{slug}.html"' in html


def test_counts_are_the_corpus_counts(corpus_graph, views) -> None:
    """What each page holds, against the extraction and the graph (no browser)."""
    _, pages = views
    idx = index(corpus_graph)
    gu = pages["county-141025"].kinds()
    assert gu["Leader"] == 8 and gu["Unit"] == 75 and gu["UnitGroup"] == 4
    assert gu["Task:main"] + gu["Task:livelihood"] == 251 and gu["Task:livelihood"] == 24
    assert pages["county-141130"].kinds()["Task:main"] + pages["county-141130"].kinds()["Task:livelihood"] == 144
    g = coordination_network(corpus_graph, isolates=False)
    assert pages["coordination"].counts() == {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()} == {
        "nodes": 113, "edges": 294}
    supervises = sum(1 for e in corpus_graph.edges if e.type == "SUPERVISES")
    assert pages["portfolios"].counts()["edges"] == supervises == 175
    assert pages["functions"].counts()["edges"] == sum(
        1 for u in idx.function if idx.unit_tasks.get(u))
    assert pages["overview"].kinds() == Counter({"Function": 27, "County": 5})


@needs_chromium
@pytest.mark.parametrize("slug", PAGES)
def test_page_draws_offline_and_settles(chromium, views, slug: str) -> None:
    out, pages = views
    page = pages[slug]
    probe = _open(chromium, out / f"{slug}.html")
    try:
        assert probe.js("() => window.govkg.drawn()") == page.counts()
        assert probe.js("() => window.govkg.drawnKinds()") == dict(page.kinds())
        _clean(probe)
        # something is on the canvas, not just an empty frame
        inked = probe.js("""() => { const c = document.querySelector('#gk-network canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
            for (let i = 3; i < d.length; i += 16) if (d[i] > 0) n++; return n; }""")
        assert inked > 500
        # physics is off once laid out: positions stay put
        assert probe.js("() => window.govkg.network.physics.options.enabled") is False
        before = probe.js("() => window.govkg.network.getPositions()")
        probe.page.wait_for_timeout(400)
        assert probe.js("() => window.govkg.network.getPositions()") == before
        legend = probe.page.inner_text("#gk-legend")
        for item in page.legend:
            assert item["label"] in legend
    finally:
        probe.page.context.close()


@needs_chromium
def test_pages_open_drawn_in_their_precomputed_layout(chromium, views, corpus_graph, tmp_path: Path) -> None:
    """The first frame is the finished picture: positions written at `kg view` time, physics off
    (no "Laying out…" step), and the same positions on every load and every run of `kg view`."""
    out, pages = views
    for slug in ("county-141025", "coordination", "functions", "overview", "county-141025-units"):
        written = {n["id"]: (n["x"], n["y"]) for n in pages[slug].nodes}
        assert len(written) == len(pages[slug].nodes) and not pages[slug].physics
        shown = []
        for _ in range(2):
            probe = _open(chromium, out / f"{slug}.html")
            try:
                first = probe.js("() => window.govkg.firstPaint()")
                assert first["ready"] and "Laying out" not in first["status"] and "nodes" in first["status"]
                drawn = first["positions"]  # vis-network reports whole pixels (cut, not rounded)
                assert drawn.keys() == written.keys()
                assert all(abs(drawn[k]["x"] - x) < 1 and abs(drawn[k]["y"] - y) < 1
                           for k, (x, y) in written.items())
                assert probe.js("() => window.govkg.network.physics.options.enabled") is False
                shown.append(first["positions"])
                _clean(probe)
            finally:
                probe.page.context.close()
        assert shown[0] == shown[1]
    # the task-level page: tasks gathered around the unit that leads them, not a hairball
    page = pages["county-141025"]
    pos = {n["id"]: (n["x"], n["y"]) for n in page.nodes}
    units = [n["id"] for n in page.nodes if n["kind"] in ("Unit", "UnitGroup")]
    leads: dict[str, list[str]] = {}
    for e in page.edges:
        if e["rel"] == "LEADS":
            leads.setdefault(e["to"], []).append(e["from"])

    def nearest(task: str) -> str:
        return min(units, key=lambda u: (pos[u][0] - pos[task][0]) ** 2 + (pos[u][1] - pos[task][1]) ** 2)

    assert len(leads) == 251
    assert sum(nearest(task) in lead for task, lead in leads.items()) >= 0.8 * len(leads)
    # a second `kg view` writes the same pages
    write_views(corpus_graph, tmp_path)
    assert (tmp_path / "county-141025.html").read_bytes() == (out / "county-141025.html").read_bytes()
    # physics on demand: the toggle lets the nodes move
    probe = _open(chromium, out / "county-141025.html")
    try:
        probe.page.check("#gk-physics")
        probe.page.wait_for_timeout(600)
        assert probe.js("() => window.govkg.network.physics.options.enabled") is True
        moved = probe.js("() => window.govkg.network.getPositions()")
        assert any(abs(moved[k]["x"] - x) > 0.5 for k, (x, _) in pos.items())
        probe.page.uncheck("#gk-physics")
        assert probe.js("() => window.govkg.network.physics.options.enabled") is False
    finally:
        probe.page.context.close()


@needs_chromium
def test_search_finds_a_named_unit(chromium, views, corpus_graph) -> None:
    out, _ = views
    iri = next(n.iri for n in corpus_graph.nodes.values() if n.label == "Unit" and n.props["name"] == "工业和信息化局"
               and "141025" in n.iri)
    for slug in ("county-141025", "coordination", "county-141025-units"):
        probe = _open(chromium, out / f"{slug}.html")
        try:
            probe.page.fill("#gk-search", "工业和信息化局")
            probe.page.press("#gk-search", "Enter")
            selected = probe.js("() => window.govkg.network.getSelectedNodes()")
            assert iri in selected
            assert "工业和信息化局" in probe.page.inner_text("#gk-results")
            # the documents' own spellings find a unit too: 古县 writes 县发展和改革委员会 for 发展和改革局
            probe.page.fill("#gk-search", "发展和改革委员会")
            probe.page.press("#gk-search", "Enter")
            assert probe.js("() => window.govkg.network.getSelectedNodes()") == [iri.replace("industry_it",
                                                                                            "development_reform")]
            _clean(probe)
        finally:
            probe.page.context.close()


@needs_chromium
def test_filters_by_leader_list_and_function(chromium, views, corpus_graph) -> None:
    out, _ = views
    idx = index(corpus_graph)
    li = next(n.iri for n in corpus_graph.nodes.values() if n.label == "Leader" and n.props["name"] == "李晶")
    probe = _open(chromium, out / "county-141025.html")
    try:
        probe.page.fill("#gk-facet-leader", "李晶")
        probe.page.dispatch_event("#gk-facet-leader", "change")
        kinds = probe.js("() => window.govkg.drawnKinds()")
        assert kinds.get("Task:main", 0) + kinds.get("Task:livelihood", 0) == len(idx.leader_tasks[li]) == 56
        assert kinds["Leader"] == 1
        probe.page.click("#gk-clear")
        probe.page.select_option("#gk-facet-list", "livelihood")
        kinds = probe.js("() => window.govkg.drawnKinds()")
        assert kinds["Task:livelihood"] == 24 and "Task:main" not in kinds
        probe.page.click("#gk-clear")
        probe.page.select_option("#gk-facet-function", "09 教育")
        kinds = probe.js("() => window.govkg.drawnKinds()")
        assert kinds["Unit"] == 1  # 教育局
        assert probe.js("() => window.govkg.drawn()")["edges"] > 0
        _clean(probe)
    finally:
        probe.page.context.close()


def _hover(probe: Probe, iri: str) -> str:
    pos = probe.js("id => window.govkg.position(id)", iri)
    probe.page.mouse.move(pos["x"] + 40, pos["y"] + 40)
    probe.page.mouse.move(pos["x"], pos["y"])
    probe.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    return probe.page.inner_text("div.vis-tooltip")


@needs_chromium
def test_tooltip_has_task_text_deadline_targets_and_source(chromium, views, corpus_graph) -> None:
    out, _ = views
    task = next(n for n in corpus_graph.nodes.values() if n.label == "Task" and "141025" in n.iri
                and n.props["task_id"] == "11")
    probe = _open(chromium, out / "county-141025.html")
    try:
        probe.js("id => window.govkg.network.focus(id, {scale: 2, animation: false})", task.iri)
        text = _hover(probe, task.iri)
        assert task.props["text"][:20] in text
        assert "deadline" in text and "targets" in text and "source" in text
        assert "guxian-2023-tasks.txt, line" in text
        _clean(probe)
    finally:
        probe.page.context.close()


@pytest.fixture(scope="module")
def injection(tmp_path_factory: pytest.TempPathFactory):
    graph = _build([INJECTION], tmp_path_factory.mktemp("inject") / "govkg-data")
    out = tmp_path_factory.mktemp("inject-pages")
    pages, _ = write_views(graph, out)
    return graph, out, {p.slug: p for p in pages.all()}


def test_injection_document_is_read_as_written(injection) -> None:
    graph, out, pages = injection
    names = {n.props.get("name") for n in graph.nodes.values() if n.label == "Unit"}
    assert set(PAYLOADS) <= names  # the extractor keeps them: the views must cope
    for slug in pages:
        html = (out / f"{slug}.html").read_text(encoding="utf-8")
        for payload in (*PAYLOADS, "<script>alert('task')</script>", "</textarea><svg onload=alert(2)>"):
            assert payload not in html
    assert "</script" not in script_json({"x": "</script><script>alert(1)</script>"})


@needs_chromium
def test_injection_runs_no_script(chromium, injection) -> None:
    graph, out, pages = injection
    units = {n.props["name"]: n.iri for n in graph.nodes.values() if n.label == "Unit"}
    tasks = [n for n in graph.nodes.values() if n.label == "Task" and "<" in n.props["text"]]
    for slug in pages:
        probe = _open(chromium, out / f"{slug}.html")
        try:
            drawn = probe.js("() => window.govkg.data.nodes.map(n => n.id)")
            for payload in PAYLOADS:
                iri = units[payload]
                if iri not in drawn:
                    continue
                probe.js("id => window.govkg.network.focus(id, {scale: 1.5, animation: false})", iri)
                tip = _hover(probe, iri)
                assert payload in tip  # shown as text
                probe.js("id => window.govkg.showDetail(id)", iri)
                assert payload in probe.page.inner_text("#gk-detail")
                probe.page.mouse.move(5, 5)
            for task in tasks:
                if task.iri in drawn:
                    probe.js("id => window.govkg.network.focus(id, {scale: 2, animation: false})", task.iri)
                    assert task.props["text"] in _hover(probe, task.iri)
                    probe.page.mouse.move(5, 5)
            probe.js("q => window.govkg.search(q)", "<svg")
            assert probe.page.locator("img, svg, iframe, textarea, b").count() == 0
            assert probe.page.locator("script").count() == 3  # vis-network, the page data, the page script
            probe.page.wait_for_timeout(300)
            _clean(probe)  # no alert() dialog, no request for "x"
        finally:
            probe.page.context.close()
    probe = _open_index(chromium, out / "index.html")
    assert probe.dialogs == [] and probe.page.locator("img, svg").count() == 0
    probe.page.context.close()


def _open_index(chromium, path: Path) -> Probe:
    context = chromium.new_context()
    page = context.new_page()
    probe = Probe(page)
    page.on("dialog", lambda d: (probe.dialogs.append(d.message), d.dismiss()))
    page.goto(path.resolve().as_uri())
    return probe


def test_notebook_page_is_standalone(views) -> None:
    _, pages = views
    html = render_page(pages["overview"], index_link=False)
    assert 'href="index.html"' not in html and "vis.Network" in html and "<script src" not in html


def _copies(graph, copies: int):
    """The corpus again and again under other county IRIs and codes: a stand-in for national scale."""
    from kg.map.graphdata import Edge, GraphData, Node

    shared = {iri for iri, n in graph.nodes.items() if n.label in ("Function", "Indicator")}
    big = GraphData()
    for i in range(copies):
        def ren(iri: str, i: int = i) -> str:
            return iri if iri in shared or not i else iri.replace("/id/", f"/id/x{i}/")
        for node in graph.nodes.values():
            props = dict(node.props)
            if node.label == "County":
                props["admin_code"] = f"{i:02d}{props.get('admin_code') or '0000'}"
            big.nodes[ren(node.iri)] = Node(node.label, ren(node.iri), props)
        big.edges += [Edge(e.type, ren(e.src), ren(e.dst), dict(e.props)) for e in graph.edges]
    return big


def test_many_counties_split_into_smaller_pages(corpus_graph, tmp_path: Path, monkeypatch, chromium) -> None:
    """Many counties: per-county coordination pages, portfolios in chunks, provinces in the overview,
    vis-network written once. (How time grows with the counties is measured in bench/, not here.)"""
    import kg.views as V
    from kg.views import pages as P

    monkeypatch.setattr(V, "MAX_FUNCTION_UNITS", 2000)
    monkeypatch.setattr(P, "OVERVIEW_BY_PROVINCE", 40)
    big = _copies(corpus_graph, 12)
    views = build_pages(big)
    slugs = {p.slug for p in views.all()}
    assert "coordination" not in slugs and "functions" not in slugs
    assert sum(s.startswith("coordination-") for s in slugs) == 12 * 3  # 古县, 台安县, 西乡县 coordinate
    portfolios = {s for s in slugs if s.startswith("portfolios")}
    assert portfolios == {"portfolios", *(f"portfolios-{i}" for i in range(2, 11))}  # 60 counties, 6 a page
    overview = next(p for p in views.shared if p.slug == "overview")
    assert overview.kinds()["County"] == 3 and overview.title.endswith("provinces → functions")
    _, files = write_views(big, tmp_path)
    assert (tmp_path / "assets" / "vis-network.min.js").is_file()
    page = (tmp_path / "coordination-01141025.html").read_text(encoding="utf-8")
    assert '<script src="assets/vis-network.min.js">' in page and len(page) < 200_000
    probe = open_page(chromium, tmp_path / "coordination-01141025.html")
    try:
        assert probe.js("() => window.govkg.drawn()") == {"nodes": 61, "edges": 194}
        _clean(probe)
    finally:
        probe.page.context.close()


@needs_chromium
def test_screenshots(chromium, views, tmp_path: Path) -> None:
    out, _ = views
    target = Path(os.environ.get("GOVKG_SCREENSHOTS") or tmp_path)
    shots = {
        "county-141025-units": ("county-141025-units", None), "county-141025": ("county-141025", None),
        "coordination": ("coordination", None), "portfolios": ("portfolios", None),
        "functions": ("functions", None), "overview": ("overview", None),
        "search": ("county-141025", "工业和信息化局"),
    }
    for name, (slug, search) in shots.items():
        png = screenshot(chromium, out / f"{slug}.html", target / f"{name}.png", search=search)
        assert png.stat().st_size > 50_000
