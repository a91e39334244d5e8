"""The notebook API, and examples/walkthrough.ipynb run top to bottom on the corpus (nbclient)."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kg.build import build
from kg.notebook import GovKG
from kg.pipeline import read_documents
from kg.stores.sparql import QueryError
from kg.views.browser import browser, chromium_path, open_page

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "walkthrough.ipynb"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nb") / "govkg-data"
    build(read_documents([ROOT / "examples" / "corpus"])[0], out)
    return out


@pytest.fixture(scope="module")
def executed() -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    return nb


def _outputs(nb: nbformat.NotebookNode, kind: str) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                parts.append(out.text if kind == "text/plain" else "")
            elif out.output_type in ("execute_result", "display_data"):
                parts.append(str(out.data.get(kind, "")))
    return "\n".join(parts)


def test_api_returns_graphs_and_frames(data_dir: Path) -> None:
    kg = GovKG.open(data_dir)
    assert kg.counties() == ["平陆县", "古县", "交口县", "台安县", "西乡县"]
    g = kg.coordination("古县")
    assert (g.number_of_nodes(), g.number_of_edges()) == (75, 194)
    pairs = kg.query("coordination-pairs", county="古县")
    assert list(pairs.columns) == ["county", "unit_a", "unit_b", "shared_tasks"] and len(pairs) == 194
    assert pairs.shared_tasks.sum() == g.size(weight="weight")
    nation = kg.query("coordination-pairs")  # the answer `kg build` kept
    assert nation.equals(kg.query("coordination-pairs", live=True))
    assert nation[nation.county == "古县"].reset_index(drop=True).equals(pairs)
    tables = kg.analytics(null_draws=5)
    units = tables["units"].set_index(["county", "unit"])
    assert units.loc[("古县", "工业和信息化局"), "weighted_degree"] == 34
    assert set(tables) == {"counties", "units", "leaders", "communities", "functions", "targets", "ledger",
                           "unit_structure", "brokerage", "function_brokerage", "county_structure", "county_null"}
    assert kg.analytics() is not None and tables["county_structure"].null_draws.max() == 5
    la = kg.lead_assist("古县")
    guxian = tables["unit_structure"].query("county == '古县'")
    assert la.is_directed() and la.number_of_edges() == guxian.assisted_by.sum() == guxian.assists.sum() == 105
    assert {d["bipartite"] for _, d in kg.unit_tasks("古县").nodes(data=True)} == {0, 1}
    assert kg.unit_functions("古县").number_of_edges() > 0
    assert {d["layer"] for *_, d in kg.supervision("古县").edges(data=True)} == {"lead_assist", "supervises"}
    assert kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://govkg.org/ontology#Task> }").n[0] == 761
    assert kg.graph().number_of_nodes() == len(kg.graph_data.nodes)
    tasks = kg.table("tasks")  # what `kg export tasks` writes, lists as lists
    assert len(tasks) == 761 and tasks.list.cat.categories.tolist() == ["main", "livelihood", "creation"]
    assert tasks[(tasks.county == "平陆县") & (tasks.task_id == "8.4")].text.item() == "严格落实粮食安全责任。"
    assert str(tasks.line_start.dtype) == "Int64" and isinstance(tasks.leaders[0], list)
    with pytest.raises(ValueError, match="unknown table"):
        kg.table("nope")
    with pytest.raises(QueryError):
        kg.query("coordination-pairs", nonsense="x")
    with pytest.raises(ValueError, match="needs county"):
        kg.view("county")


def test_inline_view_is_a_sandboxed_self_contained_page(data_dir: Path, tmp_path: Path) -> None:
    kg = GovKG.open(data_dir)
    shown = kg.view("county-units", county="台安县")
    m = re.search(r'srcdoc="([^"]*)"', shown.data)
    assert m and 'sandbox="allow-scripts"' in shown.data
    page = html.unescape(m.group(1))
    assert "vis.Network" in page and "<script src" not in page
    if chromium_path() is None and not os.environ.get("GOVKG_REQUIRE_CHROMIUM"):
        pytest.skip("no Chromium: apt-get install chromium")
    path = tmp_path / "inline.html"
    path.write_text(page, encoding="utf-8")
    with browser() as b:
        probe = open_page(b, path)
        assert probe.js("() => window.govkg.drawn()") == kg.page("county-units", "台安县").counts()
        assert probe.remote_requests() == [] and probe.page_errors == [] and probe.console_errors == []


def test_walkthrough_runs_clean(executed: nbformat.NotebookNode) -> None:
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    text = _outputs(executed, "text/plain")
    assert "工业和信息化局 shares 34 tasks with 18 units" in text
    assert "761 tasks; {" in text and "'古县': 251" in text and "'交口县': 144" in text  # the task table
    assert "住房和城乡建设局" in text and "李晶" in text
    assert "(75, 194)" in text  # the GEXF export read back
    assert "vis.Network" in html.unescape(_outputs(executed, "text/html"))
    assert "image/png" in {k for c in executed.cells for o in c.get("outputs", []) for k in o.get("data", {})}
