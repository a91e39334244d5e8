"""`kg neo4j` (the project's own server) and `kg load neo4j`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from kg.cli.common import Group, KgError, extract_documents, graph_from, library_errors, password_of, password_options
from kg.output import dumps


@click.group(cls=Group)
def load() -> None:
    """Load the graph into a database server."""


@load.command("neo4j")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--uri", envvar="NEO4J_URI", default=None, help="Bolt URI [default: bolt://localhost:7687]")
@click.option("--user", envvar="NEO4J_USER", default=None, help="[default: neo4j]")
@password_options
@click.option("--batch-size", default=5000, show_default=True)
@click.option("--per-row", is_flag=True, help="One MERGE per row (slow; for comparison).")
def load_neo4j(paths: tuple[str, ...], uri: str | None, user: str | None, password: str | None,
               password_file: str | None, batch_size: int, per_row: bool) -> None:
    """Load a built directory (or documents) into Neo4j: batched UNWIND + MERGE, idempotent.

    The database follows the build: a load replaces only the governments whose part of the
    graph changed since the last load (their nodes deleted, the new ones merged) and deletes
    those the build no longer has, so after any sequence of `kg build` updates the database
    equals a fresh load. A marker node records the load as complete only after its last
    batch; after an interrupted load, queries fail until this command has run again.
    Without a password option or NEO4J_PASSWORD(_FILE), the local server's (.neo4j/credentials)
    is used.

    \b
    Example:
        kg neo4j start && kg load neo4j govkg-data
    """
    from kg.stores.neo4j import Neo4jError, connect, counts, load_graph_per_row, load_parts, load_state

    password = password_of(password, password_file)
    if per_row:
        graph, code = graph_from(paths)
    else:
        parts, code = _parts_from(paths)
    try:
        with connect(uri, user, password) as driver:
            before = load_state(driver)
            if before is not None and before["status"] != "complete":
                click.echo(f"kg: the load started {before['started']} did not finish; loading again", err=True)
            if per_row:
                stats = load_graph_per_row(graph, driver)
                done = ""
            else:
                result = load_parts(parts, driver, batch_size=batch_size)
                stats = result.stats
                done = (f" ({len(result.replaced)} government{'s' * (len(result.replaced) != 1)} loaded, "
                        f"{len(result.removed)} removed, {result.unchanged} unchanged)")
            totals = counts(driver)
    except Neo4jError as exc:
        raise KgError(str(exc)) from None
    from kg.map.terms import CLASSES

    held_nodes = sum(n for k, n in totals.items() if k in CLASSES)
    held_rels = sum(n for k, n in totals.items() if k not in CLASSES)
    click.echo(
        f"loaded {stats.nodes} nodes, {stats.relationships} relationships in {stats.batches} batches, "
        f"{stats.seconds:.1f}s{done}; the database holds {held_nodes} nodes, {held_rels} relationships",
        err=True,
    )
    sys.exit(code)


def _parts_from(paths: tuple[str, ...]) -> tuple[list[Any], int]:
    """The graph in parts: of a build directory, or of documents read now."""
    from pathlib import Path

    from kg.build import is_build, open_build
    from kg.build.government import graph_parts

    if len(paths) == 1 and Path(paths[0]).is_dir() and is_build(Path(paths[0])):
        with library_errors():
            return open_build(paths[0]).graph_parts(), 0
    docs, code = extract_documents(paths)
    if not docs:
        raise KgError("no document could be read")
    return graph_parts(docs), code


@contextmanager
def _server_errors() -> Iterator[None]:
    from kg.stores.neo4j_server import Neo4jServerError

    try:
        yield
    except Neo4jServerError as exc:
        raise KgError(str(exc)) from None


@click.group(cls=Group)
def neo4j() -> None:
    """Install, start, stop and inspect the project's own Neo4j Community server."""


@neo4j.command("install")
@click.option("--force", is_flag=True, help="Download again.")
@click.option("--dry-run", is_flag=True, help="Say where and with what it would install, and stop.")
def neo4j_install(force: bool, dry_run: bool) -> None:
    """Fetch Neo4j Community 5 from Maven Central into .neo4j/ (git-ignored) in a source
    checkout, else into the user's data directory (GOVKG_NEO4J_HOME overrides both).

    \b
    Example:
        kg neo4j install
    """
    from kg.stores import neo4j_server

    if dry_run:
        plan = neo4j_server.install_plan()
        click.echo(dumps(plan))
        if not plan["pom_present"]:
            raise KgError(f"{plan['pom']} missing: the govkg package is incomplete; reinstall it")
        return
    with _server_errors():
        path = neo4j_server.install(force=force)
    click.echo(f"Neo4j installed in {path}", err=True)


@neo4j.command("start")
@click.option("--port", default=7687, show_default=True, help="Bolt port.")
@click.option("--http-port", type=click.IntRange(min=0), default=None,
              help="HTTP port for Neo4j Browser; 0: no HTTP. [default: 7474 if free, else no HTTP]")
def neo4j_start(port: int, http_port: int | None) -> None:
    """Start the server on localhost (installing it first if needed); waits for Bolt.

    The password is generated on first use into .neo4j/credentials (mode 0600), which
    `kg load neo4j` and `kg query --backend neo4j` read; NEO4J_PASSWORD or
    NEO4J_PASSWORD_FILE override it.

    \b
    Example:
        kg neo4j start --http-port 7475
    """
    from kg.stores import neo4j_server

    http = neo4j_server.DEFAULT_HTTP_PORT
    # Another program (a second server, Neo4j Desktop) on 7474 must not stop Bolt.
    auto_off = http_port is None and not neo4j_server.http_port_free(http)
    chosen = None if auto_off or http_port == 0 else (http_port or http)
    with _server_errors():
        source = neo4j_server.password_source()
        info = neo4j_server.start(port=port, http_port=chosen)
    if info.migrated:
        click.echo(f"kg: this data dir had the old fixed password; it now has the one in {source}", err=True)
    if info.browser_url:
        http_note = f"; Neo4j Browser at {info.browser_url}"
    elif auto_off and info.http_port is None:
        http_note = f"; no HTTP: port {http} is in use (--http-port N for Neo4j Browser)"
    else:
        http_note = "; no HTTP"
    click.echo(f"Neo4j is up at {info.uri} (user {info.user}, password from {source}){http_note}", err=True)


@neo4j.command("stop")
@click.option("--port", default=7687, show_default=True)
def neo4j_stop(port: int) -> None:
    """Stop the server cleanly.

    \b
    Example:
        kg neo4j stop
    """
    from kg.stores import neo4j_server

    stopped = neo4j_server.stop(port=port)
    click.echo("Neo4j stopped" if stopped else f"Neo4j was not running (port {port})", err=True)


@neo4j.command("status")
@click.option("--port", default=7687, show_default=True)
def neo4j_status(port: int) -> None:
    """Say whether the server runs and answers Bolt.

    \b
    Example:
        kg neo4j status
    """
    from kg.stores import neo4j_server

    click.echo(dumps(neo4j_server.status(port=port)))
