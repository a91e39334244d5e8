"""Updates of a build that holds governments of two levels: a county's targets are compared with
the State Council's (AMPLIFIES, amplification), the one relation across governments' parts. A
county's part must follow when the report above it is added, corrected or pruned, though the
county's own document did not change; the shared chain of governments (PART_OF) stays whole.
Each state equals a fresh build; in Neo4j, a load after each update equals a fresh load.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build, open_build
from kg.build.parts import read_parts
from kg.extract import Overrides
from kg.pipeline import extract_text
from kg.read import decode, read_source
from kg.stores.neo4j import connect, load_parts
from kg.stores.sparql import named_queries, run_sparql
from tests.conftest import CORPUS, REPORT, ROOT
from tests.test_incremental import assert_same_build, fresh_build
from tests.test_neo4j_incremental import _snapshot, _wipe

NATIONAL = ROOT / "examples" / "national"
GDP_2019 = "国内生产总值增长6%－6.5%"


@pytest.fixture(scope="module")
def levels(tmp_path_factory):
    """交口 read as of 2019, the State Council's 2019 report, and a corrected version of that
    report whose GDP target is 6.5-7%: what a county's amplification is measured against."""
    county = extract_text(read_source(CORPUS / REPORT), overrides=Overrides(year=2019))
    path = NATIONAL / "2019-national-report.txt"
    nation = extract_text(read_source(path))
    text = path.read_text(encoding="utf-8")
    assert text.count(GDP_2019) == 1
    folder = tmp_path_factory.mktemp("corrected")
    fixed = folder / path.name
    fixed.write_text(text.replace(GDP_2019, "国内生产总值增长6.5%－7%"), encoding="utf-8")
    corrected = extract_text(decode(fixed.read_bytes(), fixed.name))
    return county, nation, corrected


def amplification(out: Path) -> list[dict]:
    return run_sparql(open_build(out).store(), named_queries()["amplification"].sparql)[1]


def gdp(rows: list[dict]) -> tuple:
    row = next(r for r in rows if r["county"] == "交口县" and r["metric"] == "gdp")
    return row["parent"], row["parent_value"], row["amplification"]


def test_a_county_follows_the_report_above_it(tmp_path, levels):
    county, nation, corrected = levels
    out = tmp_path / "data"
    build([county], out)
    assert amplification(out) == []

    added = build([nation], out)  # the county's document is the same, its targets' parent is new
    assert (added.governments_mapped, added.governments_copied) == (2, 0)
    assert gdp(amplification(out)) == ("国务院", 6.25, 0.25)
    assert_same_build(out, fresh_build(tmp_path / "f1", [county, nation]))

    replaced = build([corrected], out)
    assert (replaced.replaced, replaced.governments_mapped) == (1, 2)
    assert gdp(amplification(out)) == ("国务院", 6.75, -0.25)
    assert_same_build(out, fresh_build(tmp_path / "f2", [county, corrected]))

    pruned = build([county], out, prune=True)
    assert (pruned.removed, pruned.governments_mapped) == (1, 1)
    assert amplification(out) == []
    assert_same_build(out, fresh_build(tmp_path / "f3", [county]))


def test_the_chain_of_governments_is_shared_once(tmp_path, levels):
    """The governments above a county are in the global part (with PART_OF between them), the
    county's own node and its link up in its part: no statement is in two parts."""
    county, nation, _ = levels
    out = fresh_build(tmp_path / "data", [county, nation])
    parts = read_parts(out / "parts.json")
    labels = {iri: entry[0] for iri, entry in parts.global_nodes.items()}
    assert sorted(labels[iri] for iri in labels if labels[iri] == "Government") == ["Government"] * 3
    assert [g.code for g in parts.governments] == ["CN", "141130"]  # the State Council first
    assert parts.governments[1].ancestors == ["141100", "140000", "CN"]
    nt = (out / "graph.nt").read_bytes()
    seen: set[bytes] = set()
    for start, length in [g.ranges["ntriples"] for g in parts.governments] + [parts.global_ranges["ntriples"]]:
        lines = set(nt[start:start + length].splitlines())
        assert not lines & seen
        seen |= lines
    graph = open_build(out).graph()
    up = {(graph.nodes[e.src].props["name"], graph.nodes[e.dst].props["name"]) for e in graph.edges
          if e.type == "PART_OF"}
    assert up == {("交口县", "吕梁市"), ("吕梁市", "山西省"), ("山西省", "国务院")}


def test_neo4j_follows_the_report_above_a_county(neo4j_server, tmp_path, levels):
    county, nation, corrected = levels
    uri, user, password = neo4j_server
    out = tmp_path / "data"
    with connect(uri, user, password) as driver:
        _wipe(driver)
        build([county, nation], out)
        load_parts(open_build(out).graph_parts(), driver, batch_size=300)
        build([corrected], out)
        again = load_parts(open_build(out).graph_parts(), driver, batch_size=300)
        assert again.replaced == ["CN", "141130"]  # the county too: its AMPLIFIES edges went with the old targets
        updated = _snapshot(driver)
        assert updated[1]["amplification"] == amplification(out)
        _wipe(driver)
        load_parts(open_build(out).graph_parts(), driver, batch_size=300)
        assert _snapshot(driver) == updated
