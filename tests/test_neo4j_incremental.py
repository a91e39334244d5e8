"""`kg load neo4j` after `kg build` updates, on the real server: the database follows the build
part by part (a county added, a document corrected, one pruned), and ends equal to a fresh load
of the final build: the same node and relationship counts, the same rows of every named query.
A load cut short is redone by the next one. About 60 s (with the server already up)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.build import build, open_build
from kg.cli import cli
from kg.stores.neo4j import connect, counts, load_parts, load_state, run_cypher
from kg.stores.sparql import named_queries
from tests.conftest import CORPUS, REPORT, TABLES
from tests.test_incremental import corrected, two_years  # noqa: F401


def _wipe(driver) -> None:
    with driver.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()


def _snapshot(driver) -> tuple[dict[str, int], dict[str, list]]:
    rows = {}
    for name, query in named_queries().items():
        rows[name] = run_cypher(query.cypher, {p: None for p in query.params}, driver=driver)[1]
    return counts(driver), rows


@pytest.fixture(scope="module")
def driver(neo4j_server):
    uri, user, password = neo4j_server
    with connect(uri, user, password) as drv:
        yield drv


def test_loads_follow_updates_and_equal_a_fresh_load(driver, tmp_path, neo4j_server):
    from kg.pipeline import read_documents

    docs = {ex.document.doc: ex for ex in read_documents([CORPUS])[0]}
    fixed = tmp_path / TABLES["pinglu"]
    fixed.write_text(corrected((CORPUS / TABLES["pinglu"]).read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "data"
    _wipe(driver)

    build([docs[name] for name in TABLES.values()], out)
    first = load_parts(open_build(out).graph_parts(), driver, batch_size=300)
    assert first.first and len(first.replaced) == 4 and first.unchanged == 0

    build([docs[REPORT]], out)  # a county added
    added = load_parts(open_build(out).graph_parts(), driver, batch_size=300)
    assert (added.replaced, added.removed, added.unchanged) == (["141130"], [], 4)

    env = dict(zip(("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"), neo4j_server, strict=True))
    result = CliRunner().invoke(cli, ["build", str(fixed), "-o", str(out)])  # a document corrected
    assert result.exit_code == 0, result.output
    loaded = CliRunner().invoke(cli, ["load", "neo4j", str(out)], env=env)
    assert loaded.exit_code == 0, loaded.output
    assert "(1 government loaded, 0 removed, 4 unchanged)" in loaded.stderr
    texts = run_cypher("MATCH (t:Task) WHERE t.text CONTAINS '粮食安全' RETURN t.text AS text, t.version AS v",
                       driver=driver)[1]
    assert {r["text"] for r in texts} >= {"严格落实粮食安全党政同责。"}
    assert "严格落实粮食安全责任。" not in {r["text"] for r in texts}
    assert all(len(r["v"]) == 64 for r in texts)  # each task names its document's version

    build([docs[TABLES["guxian"]], docs[TABLES["taian"]], docs[REPORT]], out, prune=True)
    pruned = load_parts(open_build(out).graph_parts(), driver, batch_size=300)
    assert pruned.removed == ["140829", "610724"] and pruned.replaced == [] and pruned.unchanged == 3
    updated = _snapshot(driver)
    assert load_state(driver)["status"] == "complete"

    _wipe(driver)
    load_parts(open_build(out).graph_parts(), driver, batch_size=300)
    fresh = _snapshot(driver)
    assert updated[0] == fresh[0]
    for name in fresh[1]:
        assert updated[1][name] == fresh[1][name], name
    assert fresh[0]["Task"] == 251 + 102 + 144
    assert fresh[0]["Indicator"] > 0 and fresh[0]["Function"] > 0


def test_a_load_cut_short_is_redone(driver, tmp_path):
    from kg.pipeline import read_documents

    docs = read_documents([CORPUS / TABLES["taian"], CORPUS / TABLES["xixiang"]])[0]
    out = tmp_path / "data"
    build(docs, out)
    _wipe(driver)
    parts = open_build(out).graph_parts()
    load_parts(parts, driver)
    clean = _snapshot(driver)

    build(read_documents([CORPUS / TABLES["guxian"]])[0], out)  # a third county
    parts = open_build(out).graph_parts()

    def broken():
        raise RuntimeError("cut short")

    cut = [p if p.code != "141025" else type(p)(p.code, p.digest, broken) for p in parts]
    with pytest.raises(RuntimeError):
        load_parts(cut, driver)
    state = load_state(driver)
    assert state["status"] == "loading"
    again = load_parts(parts, driver)
    assert again.replaced == ["141025"] and load_state(driver)["status"] == "complete"
    done = _snapshot(driver)
    _wipe(driver)
    load_parts(parts, driver)
    assert done == _snapshot(driver) != clean


def test_every_named_query_agrees_with_cypher_on_two_years(driver, tmp_path, two_years):  # noqa: F811
    """task-lineage (and the others) on a build whose counties have documents of two years:
    SPARQL on the store and Cypher on Neo4j give the same rows, for the nation, a county, a task."""
    from kg.build import build_files
    from kg.stores.sparql import run_sparql

    folder, _ = two_years
    out = tmp_path / "data"
    build_files(sorted(folder.glob("*.txt")), out)
    _wipe(driver)
    load_parts(open_build(out).graph_parts(), driver)
    store = open_build(out).store()
    lineage = named_queries()["task-lineage"]
    nation = run_sparql(store, lineage.sparql)[1]
    changed = next(r for r in nation if r["status"] == "changed")
    dropped = next(r for r in nation if r["status"] == "dropped")
    asks = [{}, {"county": changed["county"]}, {"county": changed["county"], "task": changed["task"]},
            {"task": dropped["previous_task"]}]
    for name, query in named_queries().items():
        for params in asks:
            if not set(params) <= set(query.params):
                continue
            sparql = run_sparql(store, query.sparql, params)[1]
            cypher = run_cypher(query.cypher, {p: params.get(p) for p in query.params}, driver=driver)[1]
            assert cypher == sparql, (name, params)
    assert {r["status"] for r in nation} == {"carried", "changed", "new", "dropped"}
