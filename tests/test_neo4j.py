"""The graph in a real Neo4j server: idempotent batched loading, query parity with SPARQL,
the bulk CSV path, and clear errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.map.graph import build_graph
from kg.map.terms import CLASSES, EXTRA_LABELS
from kg.output import render
from kg.resolve import resolve
from kg.stores import neo4j_server
from kg.stores.neo4j import Neo4jError, connect, counts, load_graph, load_state, run_cypher, write_csv
from kg.stores.sparql import named_queries, run_sparql
from tests.neo4j_fixture import TEST_PORT

ROOT = Path(__file__).resolve().parent.parent


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
    # one representation: the same JSON text (6 == 6.0 in Python, but not in a file)
    assert render(cypher_rows, "json", cypher_cols) == render(sparql_rows, "json", sparql_cols)


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
    assert render(cypher_rows, "json") == render(sparql_rows, "json")


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


def test_cli_json_and_unknown_values_are_the_same_on_both_backends(loaded, neo4j_server, built):
    uri, user, password = neo4j_server
    env = {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
    answers = [CliRunner().invoke(cli, ["query", "headline-targets", "--data", str(built), "--format", "json",
                                        *backend], env=env) for backend in ([], ["--backend", "neo4j"])]
    assert answers[0].exit_code == answers[1].exit_code == 0
    assert answers[0].stdout == answers[1].stdout and '"value": 7,' in answers[0].stdout
    unknown = CliRunner().invoke(cli, ["query", "leader-portfolio", "--backend", "neo4j", "--param", "county=Guxian"],
                                 env=env)
    assert unknown.exit_code == 2
    assert unknown.stderr == ("Error: no county 'Guxian' in the Neo4j database "
                              "(4 counties: 古县, 台安县, 平陆县, 西乡县)\n")


def test_unreachable_server_is_one_line(built):
    result = CliRunner().invoke(cli, ["load", "neo4j", str(built), "--uri", "bolt://localhost:7699"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: cannot reach Neo4j at bolt://localhost:7699: is the server running? (kg neo4j start)"
    )


def test_wrong_password_is_one_line(neo4j_server):
    uri, user, _ = neo4j_server
    with pytest.raises(Neo4jError, match="refused the credentials") as refused, connect(uri, user, "wrong-password"):
        pass
    assert "wrong-password" not in str(refused.value)  # says where the password came from, never what it is


def test_bulk_csv_import_gives_the_same_counts(loaded, graph, tmp_path):
    files = write_csv(graph, tmp_path / "csv")
    assert any(f.name == "nodes_Task.csv" for f in files)
    data_dir = neo4j_server.home() / "bulk-test-data"
    neo4j_server.import_csv(tmp_path / "csv", data_dir=data_dir)
    port = TEST_PORT + 2  # +1 is test_neo4j_server's import instance
    info = neo4j_server.start(port=port, data_dir=data_dir, http_port=None)
    try:
        with connect(info.uri, *info.auth) as bulk:
            assert counts(bulk) == counts(loaded)
            rows = run_cypher("MATCH (t:Task {iri: $iri})<-[:LEADS]-(u:Unit) RETURN u.name AS unit",
                              {"iri": "https://govkg.org/id/task/141025/guxian-2023-tasks/27"}, driver=bulk)[1]
            assert rows == [{"unit": "发展和改革局"}]
    finally:
        neo4j_server.stop(port=port)


def _cli_env(neo4j_server) -> dict[str, str]:
    uri, user, password = neo4j_server
    return {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}


def _wipe(driver) -> None:
    with driver.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()


def _kill_mid_load(built, neo4j_server, driver) -> None:
    """`kg load neo4j` in a process of its own, SIGKILLed once some batches are in."""
    load = subprocess.Popen([sys.executable, "-m", "kg", "load", "neo4j", str(built), "--batch-size", "5"],
                            cwd=ROOT, env={**os.environ, **_cli_env(neo4j_server)},  # the secret by env, not argv
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and load.poll() is None:
            if sum(counts(driver).values()) > 0:
                break
            time.sleep(0.01)
    finally:
        load.kill()
        _, err = load.communicate()
    assert load.returncode == -signal.SIGKILL, f"the load ended before it was killed: {err.decode()[-300:]}"


def test_a_killed_load_makes_queries_fail_until_it_is_run_again(loaded, graph, built, neo4j_server):
    clean = counts(loaded)
    deadlines = named_queries()["deadlines"]
    clean_rows = run_cypher(deadlines.cypher, {"county": None}, driver=loaded)[1]
    _wipe(loaded)
    try:
        _kill_mid_load(built, neo4j_server, loaded)
        assert counts(loaded) != clean  # relationships (at least) are missing
        assert load_state(loaded)["status"] == "loading"
        # What went wrong before: the raw query answers, wrongly, with exit 0.
        assert run_cypher(deadlines.cypher, {"county": None}, driver=loaded)[1] != clean_rows
        env = _cli_env(neo4j_server)
        for args in (["query", "deadlines"], ["query", "--cypher", "MATCH (t:Task) RETURN count(t) AS n"]):
            result = CliRunner().invoke(cli, [*args, "--backend", "neo4j"], env=env)
            assert result.exit_code == 2, result.output
            assert result.stderr.strip() == (
                f"Error: the govkg load into Neo4j at {env['NEO4J_URI']} is incomplete (started "
                f"{load_state(loaded)['started']}, never finished): re-run `kg load neo4j`")
        again = CliRunner().invoke(cli, ["load", "neo4j", str(built), "--batch-size", "500"], env=env)
        assert again.exit_code == 0, again.output
        assert "did not finish; loading again" in again.stderr
    finally:
        load_graph(graph, loaded, batch_size=500, progress=False)  # the other tests want the clean load
    assert counts(loaded) == clean
    assert load_state(loaded)["status"] == "complete"
    result = CliRunner().invoke(cli, ["query", "deadlines", "--backend", "neo4j", "--format", "json"],
                                env=_cli_env(neo4j_server))
    assert result.exit_code == 0 and json.loads(result.stdout) == clean_rows


def test_govkg_nodes_without_a_load_record_are_refused(loaded, neo4j_server):
    with loaded.session() as session:
        marker = session.run("MATCH (m:GovkgLoad) RETURN properties(m) AS p").single()["p"]
        session.run("MATCH (m:GovkgLoad) DELETE m").consume()
    try:
        result = CliRunner().invoke(cli, ["query", "deadlines", "--backend", "neo4j"], env=_cli_env(neo4j_server))
        assert result.exit_code == 2
        assert "holds govkg nodes but no record of a complete load" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    finally:
        with loaded.session() as session:
            session.run("CREATE (m:GovkgLoad) SET m = $p", p=marker).consume()
    assert load_state(loaded)["status"] == "complete"


def test_cypher_is_read_only_unless_write_is_given(loaded, neo4j_server):
    env = _cli_env(neo4j_server)
    before = counts(loaded)
    for text in ("MATCH (t:Task) DETACH DELETE t", "CREATE (:Scratch {x: 1})"):
        result = CliRunner().invoke(cli, ["query", "--backend", "neo4j", "--cypher", text], env=env)
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            "Error: the query writes, and Cypher runs read-only here: give --write to allow writes")
    assert counts(loaded) == before
    made = CliRunner().invoke(cli, ["query", "--backend", "neo4j", "--write", "--format", "csv", "--cypher",
                                    "CREATE (s:Scratch {x: 1}) RETURN s.x AS x"], env=env)
    assert made.exit_code == 0 and made.stdout.splitlines() == ["x", "1"]
    gone = CliRunner().invoke(cli, ["query", "--backend", "neo4j", "--write", "--cypher",
                                    "MATCH (s:Scratch) DELETE s"], env=env)
    assert gone.exit_code == 0
    assert run_cypher("MATCH (s:Scratch) RETURN count(s) AS n", driver=loaded)[1] == [{"n": 0}]
