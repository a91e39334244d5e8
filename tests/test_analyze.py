"""Analytics on the example corpus, checked against numbers computed another way.

The coordination network is rebuilt three ways: by kg.stores.networkx from the graph, by the
named SPARQL query on the built store, and by hand from the extracted task rows. They must
agree, and the hubs must be the ones a reader of the documents finds.
"""

from __future__ import annotations

import csv
import json
import warnings
from collections import Counter
from itertools import combinations
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.analytics import TABLES, analyze, write_all
from kg.build import build, open_build
from kg.cli.analyze import analyze_command
from kg.pipeline import read_documents
from kg.resolve import county_code, resolve
from kg.stores.networkx import coordination_network, county_iri, portfolio_network, to_networkx
from kg.stores.sparql import named_queries, run_sparql

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = read_documents([CORPUS])[0]
    assert len(docs) == 5
    out = tmp_path_factory.mktemp("analyze") / "govkg-data"
    build(docs, out)
    return out


@pytest.fixture(scope="module")
def graph(data_dir: Path):
    return open_build(data_dir).graph()


@pytest.fixture(scope="module")
def tables(graph) -> dict[str, list[dict]]:
    return analyze(graph).tables


def _row(rows: list[dict], **match) -> dict:
    found = [r for r in rows if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, len(found))
    return found[0]


def _pairs_by_hand(data_dir: Path) -> dict[str, Counter]:
    """county -> Counter((unit, unit) -> shared tasks), straight from the task rows."""
    exs = open_build(data_dir).extractions
    ents = resolve(exs)
    out: dict[str, Counter] = {}
    for ex in exs:
        code = county_code(ex.document)
        pairs = out.setdefault(ex.document.county, Counter())
        for task in ex.tasks:
            units = [ents.unit_for(code, s, ex.document.county) for s in task.lead_units + task.co_units]
            names = sorted({u.name for u in units if not u.group})
            pairs.update(combinations(names, 2))
    return out


def test_coordination_network_equals_the_named_query(graph, data_dir: Path) -> None:
    columns, rows = run_sparql(open_build(data_dir).store(), named_queries()["coordination-pairs"].sparql, {})
    from_store = {(r["county"], *sorted((r["unit_a"], r["unit_b"]))): r["shared_tasks"] for r in rows}
    g = coordination_network(graph)
    mine = {(g.nodes[u]["county"], *sorted((g.nodes[u]["name"], g.nodes[v]["name"]))): d["weight"]
            for u, v, d in g.edges(data=True)}
    assert len(mine) == 294
    assert mine == from_store


def test_hub_degrees_match_the_task_rows(data_dir: Path, tables) -> None:
    by_hand = _pairs_by_hand(data_dir)
    for county, unit, partners, shared in [("古县", "工业和信息化局", 18, 34), ("台安县", "住房和城乡建设局", 9, 28),
                                           ("西乡县", "住房和城乡建设局", 11, 14), ("古县", "发展和改革局", 16, 30)]:
        pairs = by_hand[county]
        assert sum(1 for p in pairs if unit in p) == partners
        assert sum(n for p, n in pairs.items() if unit in p) == shared
        row = _row(tables["units"], county=county, unit=unit)
        assert (row["degree"], row["weighted_degree"]) == (partners, shared)
    assert not by_hand["平陆县"]  # one lead unit per task, no co-units: nobody coordinates


def test_county_comparison(tables) -> None:
    rows = {r["county"]: r for r in tables["counties"]}
    assert list(rows) == ["平陆县", "古县", "交口县", "台安县", "西乡县"]  # by admin code
    gu = rows["古县"]
    assert (gu["tasks"], gu["units"], gu["coordination_pairs"], gu["hub"], gu["hub_degree"]) == (
        251, 75, 194, "工业和信息化局", 18)
    assert gu["broker"] == "应急管理局"  # links the safety committees' cluster to the rest
    assert rows["台安县"]["hub"] == rows["西乡县"]["hub"] == "住房和城乡建设局"
    assert rows["平陆县"]["coordination_pairs"] == 0 and rows["平陆县"]["hub"] is None
    assert rows["交口县"]["units"] == 0 and rows["交口县"]["tasks"] == 144  # a report names no units
    assert rows["平陆县"]["headline_targets"] >= 5


def test_betweenness_against_a_graph_from_the_store(data_dir: Path, tables) -> None:
    _, rows = run_sparql(open_build(data_dir).store(), named_queries()["coordination-pairs"].sparql, {"county": "古县"})
    g = nx.Graph()
    g.add_edges_from((r["unit_a"], r["unit_b"]) for r in rows)
    expected = nx.betweenness_centrality(g, normalized=True)
    for r in tables["units"]:
        if r["county"] == "古县" and r["degree"]:
            assert r["betweenness"] == pytest.approx(expected[r["unit"]], abs=1e-4)
    assert max(expected, key=expected.get) == "应急管理局"


def test_leader_spans_match_the_portfolio_query(data_dir: Path, tables) -> None:
    _, rows = run_sparql(open_build(data_dir).store(), named_queries()["leader-portfolio"].sparql, {})
    for r in rows:
        mine = _row(tables["leaders"], county=r["county"], leader=r["leader"])
        assert mine["tasks"] == r["tasks"]
        assert mine["units"] + mine["groups"] == r["units"]
    li = _row(tables["leaders"], county="古县", leader="李晶")
    assert (li["tasks"], li["units"], li["functions"], li["roles"]) == (56, 17, 9, "常务副县长")
    assert li["top_units"].startswith("发展和改革局 (14)")


def test_communities_partition_the_connected_units(graph, tables) -> None:
    for county in ("古县", "台安县", "西乡县"):
        g = coordination_network(graph, county)
        members = [r for r in tables["units"] if r["county"] == county]
        connected = {r["iri"] for r in members if r["degree"]}
        assert {r["iri"] for r in members if r["community"]} == connected
        sizes = Counter(r["community"] for r in members if r["community"])
        listed = {r["community"]: r["size"] for r in tables["communities"] if r["county"] == county}
        assert dict(sizes) == listed
        assert sum(listed.values()) == len(connected) == sum(1 for n in g if g.degree(n))
        row = _row(tables["counties"], county=county)
        assert row["modularity"] > 0.3
    assert analyze(graph).tables["communities"] == tables["communities"]  # seeded: same every run


def test_headline_targets(tables) -> None:
    gdp = {r["county"]: r["value"] for r in tables["targets"] if r["metric"] == "gdp"}
    assert gdp["古县"] == 7.5 and gdp["交口县"] == 6.5


def test_to_networkx_keeps_every_node_and_relationship(graph) -> None:
    g = to_networkx(graph)
    assert g.number_of_nodes() == len(graph.nodes)
    assert g.number_of_edges() == len({(e.src, e.dst, e.type) for e in graph.edges})
    assert Counter(d["label"] for _, d in g.nodes(data=True))["Task"] == 761
    p = portfolio_network(graph, "古县")
    li = next(n for n, d in p.nodes(data=True) if d.get("name") == "李晶")
    assert p.out_degree(li) == 17 and p.out_degree(li, weight="weight") >= 56


def test_county_lookup(graph) -> None:
    assert county_iri(graph, "古县") == county_iri(graph, "141025")
    with pytest.raises(KeyError, match="no county"):
        county_iri(graph, "不存在县")


def test_exports_read_back_with_the_same_counts(graph, tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analytics, files = write_all(graph, tmp_path, null_draws=5)  # few null draws: the tables' shape is tested here
    # a Chinese label without a CJK font is drawn as boxes, and matplotlib says so only in a warning
    assert not [w for w in caught if "missing from font" in str(w.message)]
    names = {p.relative_to(tmp_path).as_posix() for p in files}
    for table in TABLES:
        assert f"{table}.csv" in names and f"{table}.json" in names
    coordination = nx.compose_all(analytics.coordination.values())
    expected = {"coordination": coordination, "portfolio": portfolio_network(graph),
                "knowledge-graph": to_networkx(graph)}
    for name, g in expected.items():
        for reader, ext in ((nx.read_graphml, "graphml"), (nx.read_gexf, "gexf")):
            back = reader(tmp_path / "networks" / f"{name}.{ext}")
            assert (back.number_of_nodes(), back.number_of_edges()) == (g.number_of_nodes(), g.number_of_edges()), \
                (name, ext)
    back = nx.read_gexf(tmp_path / "networks" / "coordination.gexf")
    assert sorted(d["weight"] for *_, d in back.edges(data=True)) == sorted(
        d["weight"] for *_, d in coordination.edges(data=True))
    gu = next(n for n, d in back.nodes(data=True) if d["label"] == "工业和信息化局" and d["county"] == "古县")
    assert back.degree(gu) == 18 and back.degree(gu, weight="weight") == 34
    with (tmp_path / "networks" / "coordination-edges.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 294 and sum(int(r["weight"]) for r in rows) == coordination.size(weight="weight")
    for chart in ("leader-tasks", "coordination-hubs", "headline-targets", "brokerage-by-function"):
        png = (tmp_path / "charts" / f"{chart}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
        assert (tmp_path / "charts" / f"{chart}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["units"] == 182


def test_cli_formats_and_output(data_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(analyze_command, [str(data_dir), "--table", "units", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert len(rows) == 182
    gu = next(r for r in rows if r["county"] == "古县" and r["unit"] == "工业和信息化局")
    assert (gu["degree"], gu["weighted_degree"]) == ("18", "34")
    result = runner.invoke(analyze_command, [str(data_dir), "--format", "json", "-o", str(tmp_path / "out"),
                                             "--null-draws", "5"])
    assert result.exit_code == 0, result.output
    counties = json.loads(result.stdout)
    assert [c["county"] for c in counties][:2] == ["平陆县", "古县"]
    assert (tmp_path / "out" / "networks" / "coordination.gexf").is_file()
    result = runner.invoke(analyze_command, [str(data_dir), "--table", "all", "--null-draws", "5"])
    assert result.exit_code == 0 and "== leaders" in result.stdout and "李晶" in result.stdout
    assert "== county_structure" in result.stdout and "== brokerage" in result.stdout


def test_headline_heatmap_marks_relative_targets_apart_from_absent_ones(tables) -> None:
    """与经济增长基本同步 sets a target without a number: its cell is ↔ on a hatched ground and the legend
    says so, never the — of a metric the document does not set."""
    import matplotlib

    from kg.analytics.charts import ABSENT_MARK, RELATIVE_MARK, STYLE, register_cjk_fonts, targets_figure

    register_cjk_fonts()
    with matplotlib.rc_context(STYLE):
        fig = targets_figure(tables)
    ax = fig.axes[0]
    counties = [t.get_text() for t in ax.get_xticklabels()]
    metrics = [t.get_text() for t in ax.get_yticklabels()]
    grid = {(counties[round(t.get_position()[0])], metrics[round(t.get_position()[1])]): t.get_text()
            for t in ax.texts}
    relative = {(r["county"], r["metric_text"]) for r in tables["targets"] if r["value"] is None and r["relative"]}
    assert ("古县", "城镇居民人均可支配收入") in relative and len(relative) >= 3
    for key in relative:
        assert grid[key] == RELATIVE_MARK
    assert grid[("西乡县", "一般公共预算收入")] == ABSENT_MARK
    assert sum(1 for p in ax.patches if p.get_hatch() == "///") == len(relative)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0].startswith(f"{RELATIVE_MARK} relative target") and legend[1].startswith(ABSENT_MARK)
