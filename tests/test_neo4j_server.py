"""Real tests against the local Neo4j Community server (kg/neo4j_server.py)."""

from __future__ import annotations

import shutil
import socket
import stat
import threading
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from kg.cli import cli
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


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_password_is_generated_private_and_never_on_a_command_line(neo4j_server):  # noqa: F811
    _, _, password = neo4j_server
    assert server.LEGACY_PASSWORD not in (password, None)
    assert server.read_password_file(server.credentials_file()) == password
    assert _mode(server.credentials_file()) == 0o600
    for folder in (server.home(), data_dir_for_tests(), server.instance_dir(TEST_PORT),
                   server.instance_dir(TEST_PORT) / "logs"):
        assert _mode(folder) == 0o700, folder
    pid = server.status(port=TEST_PORT)["pid"]
    assert password.encode() not in Path(f"/proc/{pid}/cmdline").read_bytes()
    environ = Path(f"/proc/{pid}/environ").read_bytes()
    assert password.encode() not in environ and b"NEO4J_PASSWORD" not in environ


class _ArgvWatch:
    """Reads every process's /proc/<pid>/cmdline, as `ps` does, until stopped."""

    def __init__(self, secrets: list[str]) -> None:
        self.secrets = [s.encode() for s in secrets]
        self.leaks: list[str] = []
        self.seen_admin = False  # proof that it was watching when neo4j-admin ran
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            for path in Path("/proc").glob("[0-9]*/cmdline"):
                try:
                    argv = path.read_bytes()
                except OSError:
                    continue
                self.seen_admin |= b"set-initial-password" in argv
                if any(s in argv for s in self.secrets):
                    self.leaks.append(argv.replace(b"\0", b" ").decode(errors="replace")[:200])

    def __enter__(self) -> _ArgvWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_start_and_stop_from_the_cli(monkeypatch):
    """A data dir made with the old fixed password: started with it (from the environment) and
    an HTTP port, then again with the generated one while something else holds the HTTP port."""
    port, http = TEST_PORT + 3, _free_port()
    data = server.default_data_dir(port)
    server.stop(port=port)
    shutil.rmtree(data, ignore_errors=True)
    generated = server.ensure_password()
    runner = CliRunner()
    try:
        with _ArgvWatch([server.LEGACY_PASSWORD, generated]) as watch:
            old = runner.invoke(cli, ["neo4j", "start", "--port", str(port), "--http-port", str(http)],
                                env={"NEO4J_PASSWORD": server.LEGACY_PASSWORD})
            assert old.exit_code == 0, old.output
            assert f"Neo4j Browser at http://localhost:{http}/browser/" in old.stderr
            assert b"bolt" in urllib.request.urlopen(f"http://localhost:{http}/", timeout=10).read()
            assert runner.invoke(cli, ["neo4j", "stop", "--port", str(port)]).stderr == "Neo4j stopped\n"

            with socket.socket() as busy:  # another program on the (default) HTTP port
                busy.bind(("127.0.0.1", 0))
                busy.listen()
                taken = busy.getsockname()[1]
                monkeypatch.setattr(server, "DEFAULT_HTTP_PORT", taken)
                new = runner.invoke(cli, ["neo4j", "start", "--port", str(port)])
            assert new.exit_code == 0, new.output
            assert "had the old fixed password; it now has the one in" in new.stderr
            assert f"no HTTP: port {taken} is in use" in new.stderr
        assert watch.seen_admin and not watch.leaks, watch.leaks
        with GraphDatabase.driver(f"bolt://localhost:{port}", auth=("neo4j", generated)) as driver:
            driver.verify_connectivity()
        with GraphDatabase.driver(f"bolt://localhost:{port}", auth=("neo4j", server.LEGACY_PASSWORD)) as driver, \
                pytest.raises(AuthError):
            driver.verify_connectivity()
        assert server.status(port=port)["http_port"] is None
    finally:
        stopped = runner.invoke(cli, ["neo4j", "stop", "--port", str(port)])
        shutil.rmtree(data, ignore_errors=True)
    assert stopped.stderr == "Neo4j stopped\n"
    again = runner.invoke(cli, ["neo4j", "stop", "--port", str(port)])
    assert again.exit_code == 0 and again.stderr == f"Neo4j was not running (port {port})\n"
