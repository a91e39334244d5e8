"""`kg neo4j` (the project's own server) and `kg load neo4j`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from kg.cli.common import KgError, graph_from
from kg.output import dumps


@click.group()
def load() -> None:
    """Load the graph into a database server."""


@load.command("neo4j")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--uri", envvar="NEO4J_URI", default=None, help="Bolt URI [default: bolt://localhost:7687]")
@click.option("--user", envvar="NEO4J_USER", default=None, help="[default: neo4j]")
@click.option("--password", envvar="NEO4J_PASSWORD", default=None, help="[default: the one `kg neo4j start` sets]")
@click.option("--batch-size", default=5000, show_default=True)
@click.option("--per-row", is_flag=True, help="One MERGE per row (slow; for comparison).")
def load_neo4j(paths: tuple[str, ...], uri: str | None, user: str | None, password: str | None,
               batch_size: int, per_row: bool) -> None:
    """Load a built directory (or documents) into Neo4j: batched UNWIND + MERGE, idempotent.

    Example:

        kg neo4j start && kg load neo4j govkg-data
    """
    from kg.stores.neo4j import Neo4jError, connect, counts, load_graph, load_graph_per_row

    graph, code = graph_from(paths)
    try:
        with connect(uri, user, password) as driver:
            if per_row:
                stats = load_graph_per_row(graph, driver)
            else:
                stats = load_graph(graph, driver, batch_size=batch_size)
            totals = counts(driver)
    except Neo4jError as exc:
        raise KgError(str(exc)) from None
    from kg.map.terms import CLASSES

    held_nodes = sum(n for k, n in totals.items() if k in CLASSES)
    held_rels = sum(n for k, n in totals.items() if k not in CLASSES)
    click.echo(
        f"loaded {stats.nodes} nodes, {stats.relationships} relationships in {stats.batches} batches, "
        f"{stats.seconds:.1f}s; the database holds {held_nodes} nodes, {held_rels} relationships",
        err=True,
    )
    sys.exit(code)


@contextmanager
def _server_errors() -> Iterator[None]:
    from kg.stores.neo4j_server import Neo4jServerError

    try:
        yield
    except Neo4jServerError as exc:
        raise KgError(str(exc)) from None


@click.group()
def neo4j() -> None:
    """Install, start, stop and inspect the project's own Neo4j Community server."""


@neo4j.command("install")
@click.option("--force", is_flag=True, help="Download again.")
def neo4j_install(force: bool) -> None:
    """Fetch Neo4j Community 5 from Maven Central into .neo4j/ (git-ignored).

    Example:

        kg neo4j install
    """
    from kg.stores import neo4j_server

    with _server_errors():
        path = neo4j_server.install(force=force)
    click.echo(f"Neo4j installed in {path}", err=True)


@neo4j.command("start")
@click.option("--port", default=7687, show_default=True)
def neo4j_start(port: int) -> None:
    """Start the server on localhost (installing it first if needed); waits for Bolt.

    Example:

        kg neo4j start
    """
    from kg.stores import neo4j_server

    with _server_errors():
        info = neo4j_server.start(port=port)
    click.echo(f"Neo4j is up at {info.uri} (user {neo4j_server.DEFAULT_USER})", err=True)


@neo4j.command("stop")
@click.option("--port", default=7687, show_default=True)
def neo4j_stop(port: int) -> None:
    """Stop the server cleanly.

    Example:

        kg neo4j stop
    """
    from kg.stores import neo4j_server

    neo4j_server.stop(port=port)
    click.echo("Neo4j stopped", err=True)


@neo4j.command("status")
@click.option("--port", default=7687, show_default=True)
def neo4j_status(port: int) -> None:
    """Say whether the server runs and answers Bolt.

    Example:

        kg neo4j status
    """
    from kg.stores import neo4j_server

    click.echo(dumps(neo4j_server.status(port=port)))
