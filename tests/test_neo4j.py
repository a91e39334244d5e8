"""The graph in a real Neo4j server: idempotent batched loading, query parity with SPARQL,
the bulk CSV path, and clear errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.map.graph import build_graph
from kg.map.terms import CLASSES, EXTRA_LABELS
from kg.resolve import resolve
from kg.stores import neo4j_server
from kg.stores.neo4j import Neo4jError, connect, counts, load_graph, run_cypher, write_csv
from kg.stores.sparql import named_queries, run_sparql


@pytest.fixture(scope="module")
def graph(tables):
    return build_graph(tables.values(), resolve(tables.values()))


@pytest.fixture(scope="module")
def loaded(neo4j_server, graph):
    uri, user, password = neo4j_server
    with connect(uri, user, password) as driver:
        with driver.session() as session:
            session.run("MATCH (n) DETACH DELETE n").consume()
        load_graph(graph, driver, batch_size=500, progress=False)
        yield driver


def test_counts_match_the_graph_and_a_second_load_changes_none(loaded, graph):
    first = counts(loaded)
    # a County is a Government too (EXTRA_LABELS): counted once per label it carries
    extra = sum(first[label] * len(more) for label, more in EXTRA_LABELS.items())
    assert sum(first[label] for label in CLASSES) - extra == len(graph.nodes)
    distinct_edges = {(e.type, e.src, e.dst) for e in graph.edges}
    assert sum(n for k, n in first.items() if k not in CLASSES) == len(distinct_edges)
    load_graph(graph, loaded, batch_size=777, progress=False)
    assert counts(loaded) == first


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_gives_the_same_rows_on_both_backends(loaded, store, name):
    query = named_queries()[name]
    sparql_cols, sparql_rows = run_sparql(store, query.sparql, {})
    cypher_cols, cypher_rows = run_cypher(query.cypher, {p: None for p in query.params}, driver=loaded)
    assert cypher_cols == sparql_cols == list(query.columns)
    assert cypher_rows == sparql_rows


@pytest.mark.parametrize(
    ("name", "params"),
    [("tasks-by-unit", {"county": "平陆县", "unit": "发展和改革局"}), ("leader-portfolio", {"county": "古县"}),
     ("coordination-pairs", {"county": "台安县"}), ("coordination-pairs", {"unit": "发展和改革局"}),
     ("coordination-pairs", {"county": "西乡县", "unit": "财政局"}), ("tasks-by-unit", {"unit": "教育局"}),
     ("function-across-counties", {"function": "04.2"}), ("headline-targets", {"metric": "gdp"}),
     ("task-provenance", {"county": "平陆县", "task": "8.3"}), ("deadlines", {"county": "西乡县"})],
)
def test_parameterised_parity(loaded, store, name, params):
    query = named_queries()[name]
    _, sparql_rows = run_sparql(store, query.sparql, params)
    _, cypher_rows = run_cypher(query.cypher, {p: params.get(p) for p in query.params}, driver=loaded)
    assert cypher_rows == sparql_rows and sparql_rows


def test_cli_query_on_neo4j(loaded, neo4j_server):
    uri, user, password = neo4j_server
    env = {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
    result = CliRunner().invoke(cli, ["query", "task-provenance", "--backend", "neo4j", "--param", "task=8.4",
                                      "--param", "county=平陆县", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    assert '"text": "严格落实粮食安全责任。"' in result.stdout
    result = CliRunner().invoke(cli, ["query", "--backend", "neo4j", "--cypher",
                                      "MATCH (t:Task {task_id: $id}) RETURN count(t) AS n", "--param", "id=8.4",
                                      "--format", "csv"], env=env)
    assert result.stdout.splitlines() == ["n", "1"]


def test_unreachable_server_is_one_line(built):
    result = CliRunner().invoke(cli, ["load", "neo4j", str(built), "--uri", "bolt://localhost:7699"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: cannot reach Neo4j at bolt://localhost:7699: is the server running? (kg neo4j start)"
    )


def test_wrong_password_is_one_line(neo4j_server):
    uri, user, _ = neo4j_server
    with pytest.raises(Neo4jError, match="refused the credentials"), connect(uri, user, "wrong-password"):
        pass


def test_bulk_csv_import_gives_the_same_counts(loaded, graph, tmp_path):
    files = write_csv(graph, tmp_path / "csv")
    assert any(f.name == "nodes_Task.csv" for f in files)
    data_dir = neo4j_server.home() / "bulk-test-data"
    neo4j_server.import_csv(tmp_path / "csv", data_dir=data_dir)
    port = 7690
    info = neo4j_server.start(port=port, data_dir=data_dir, http_port=None)
    try:
        with connect(info.uri, neo4j_server.DEFAULT_USER, neo4j_server.DEFAULT_PASSWORD) as bulk:
            assert counts(bulk) == counts(loaded)
            rows = run_cypher("MATCH (t:Task {iri: $iri})<-[:LEADS]-(u:Unit) RETURN u.name AS unit",
                              {"iri": "https://govkg.org/id/task/141025/guxian-2023-tasks/27"}, driver=bulk)[1]
            assert rows == [{"unit": "发展和改革局"}]
    finally:
        neo4j_server.stop(port=port)
