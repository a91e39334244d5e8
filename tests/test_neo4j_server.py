"""Real tests against the local Neo4j Community server (kg/neo4j_server.py)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from kg.stores import neo4j_server as server
from tests.neo4j_fixture import TEST_PORT, data_dir_for_tests, neo4j_server  # noqa: F401

IMPORT_PORT = TEST_PORT + 1  # a second, short-lived instance; 7689 by default


def test_cypher_write_and_read_with_parameters(neo4j_server):  # noqa: F811
    uri, user, password = neo4j_server
    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        driver.execute_query(
            "CREATE (:Task {id: $id, text: $text})-[:ASSIGNED_TO]->(:Agency {name: $agency})",
            id="t-1", text="做好防汛工作", agency="县水利局")
        records, _, _ = driver.execute_query(
            "MATCH (t:Task {id: $id})-[:ASSIGNED_TO]->(a:Agency) RETURN t.text AS text, "
            "a.name AS agency", id="t-1")
        driver.execute_query("MATCH (n) WHERE n:Task OR n:Agency DETACH DELETE n")
    assert [r.data() for r in records] == [{"text": "做好防汛工作", "agency": "县水利局"}]


def test_status_and_idempotent_start(neo4j_server):  # noqa: F811
    st = server.status(port=TEST_PORT)
    assert st["running"] and st["bolt"], st
    assert Path(st["data_dir"]) == data_dir_for_tests()
    assert st["http_port"] is None  # the test instance has HTTP off
    again = server.start(port=TEST_PORT, data_dir=data_dir_for_tests(), http_port=None)
    assert again.pid == st["pid"]
    assert again.uri == neo4j_server[0]


def test_wrong_credentials_give_a_clear_error(neo4j_server):  # noqa: F811
    uri, user, _ = neo4j_server
    with GraphDatabase.driver(uri, auth=(user, "not-the-password")) as driver, \
            pytest.raises(AuthError):
        driver.verify_connectivity()
    with pytest.raises(server.Neo4jServerError, match="rejects user"):
        server.start(port=TEST_PORT, data_dir=data_dir_for_tests(), password="not-the-password")
    assert server.status(port=TEST_PORT)["bolt"]  # the server itself is unharmed


def test_port_in_use_is_reported():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(server.Neo4jServerError, match=f"port {port} .* in use"):
            server.start(port=port, http_port=None, timeout=10)
    assert not server.status(port=port)["running"]


def test_bulk_import_then_start_query_stop(tmp_path):
    csv_dir = tmp_path / "csv"
    csv_dir.mkdir()
    (csv_dir / "nodes_task.csv").write_text(
        "id:ID,text,:LABEL\nt1,做好防汛工作,Task\nt2,推进乡村振兴,Task\n", encoding="utf-8")
    (csv_dir / "nodes_agency.csv").write_text(
        "id:ID,name,:LABEL\na1,县水利局,Agency\n", encoding="utf-8")
    (csv_dir / "rels.csv").write_text(":START_ID,:END_ID,:TYPE\nt1,a1,ASSIGNED_TO\n"
                                      "t2,a1,ASSIGNED_TO\n")
    data_dir = tmp_path / "data"
    out = server.import_csv(csv_dir, data_dir=data_dir)
    assert "3 nodes" in out.replace("\n", " ") or "IMPORT DONE" in out, out

    info = server.start(port=IMPORT_PORT, data_dir=data_dir, http_port=None)
    try:
        with GraphDatabase.driver(info.uri, auth=info.auth) as driver:
            records, _, _ = driver.execute_query(
                "MATCH (t:Task)-[:ASSIGNED_TO]->(a:Agency {name: $name}) "
                "RETURN t.text AS text", name="县水利局")
        assert sorted(r["text"] for r in records) == sorted(["推进乡村振兴", "做好防汛工作"])
        assert server.status(port=IMPORT_PORT)["running"]
    finally:
        assert server.stop(port=IMPORT_PORT)
    st = server.status(port=IMPORT_PORT)
    assert not st["running"] and not st["bolt"] and st["pid"] is None
    assert not server.stop(port=IMPORT_PORT)  # stopping twice is harmless
