"""The `kg` command line: thin over the library; library errors become one-line messages."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from kg.model import Extraction
from kg.output import atomic_writer, dumps, jsonl, render
from kg.pipeline import Failure, extract_all

FORMATS = click.Choice(["table", "json", "csv"])


class KgError(click.ClickException):
    """Exit code 2 for bad input, as for usage errors."""

    exit_code = 2


def _summary(ex: Extraction) -> str:
    doc = ex.document
    lists = Counter(t.list for t in ex.tasks)
    per_list = ", ".join(f"{k} {v}" for k, v in sorted(lists.items()))
    kinds = Counter(a.kind for a in ex.anomalies)
    anomalies = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"
    skipped = f", {doc.skipped_lines} lines skipped" if doc.skipped_lines else ""
    return (
        f"{doc.doc}: layout {doc.layout}, {len(ex.tasks)} tasks ({per_list or 'none'}), "
        f"{len(ex.targets)} targets, anomalies: {anomalies}{skipped}"
    )


def run_extractions(paths: tuple[str, ...], *, layout: str | None = None, jobs: int = 1,
                    on_result: Callable[[Any], None],
                    then: Callable[[Extraction], Any] | None = None) -> int:
    """Feed each document's extraction (or what `then` made of it) to `on_result`;
    report failures; the exit code."""
    failed = 0
    for result in extract_all(paths, layout=layout, jobs=jobs, then=then):
        if isinstance(result, Failure):
            click.echo(f"kg: error: {result.message}", err=True)
            failed += 1
            continue
        on_result(result)
    return 2 if failed else 0


def _jsonl_and_summary(ex: Extraction) -> tuple[bytes, str]:
    """A document's records as JSON Lines (UTF-8), and its summary line (made in the worker)."""
    return jsonl(ex), _summary(ex)


def _jsonl_only(ex: Extraction) -> tuple[bytes, str]:
    return jsonl(ex), ""


class LazyGroup(click.Group):
    """Subcommands whose modules load only when called (click's lazy-loading recipe):
    `kg extract` need not import networkx and the view templates."""

    LAZY = {"view": "kg.views:view", "analyze": "kg.analyze:analyze_command"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY:
            import importlib

            module, attr = self.LAZY[cmd_name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup)
@click.version_option(package_name="govkg")
def cli() -> None:
    """govkg: who is responsible for what in Chinese county governments."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write JSON Lines here (whole or not at all).")
@click.option("--layout", help="Skip detection and read every file in this layout.")
@click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes.")
@click.option("--quiet", "-q", is_flag=True, help="No per-document summary on stderr.")
def extract(paths: tuple[str, ...], output: str | None, layout: str | None, jobs: int,
            quiet: bool) -> None:
    """Read task documents into JSON Lines records (document, task, target, term, anomaly).

    Example:

        kg extract ../shared/corpus/*.txt -o records.jsonl
    """
    with atomic_writer(output, mode="wb") as fh:
        def write(done: tuple[bytes, str]) -> None:
            fh.write(done[0])
            if not quiet:
                click.echo(done[1], err=True)

        code = run_extractions(paths, layout=layout, jobs=jobs, on_result=write,
                               then=_jsonl_only if quiet else _jsonl_and_summary)
    sys.exit(code)


TARGET_COLUMNS = ["county", "doc", "task", "metric", "metric_text", "value", "value_max", "unit", "kind",
                  "modifier", "relative", "hedge", "headline", "line"]
HEADLINE_TABLE_COLUMNS = ["county", "metric", "label", "status", "value", "value_max", "unit", "kind", "modifier",
                          "relative", "hedge", "line"]


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--headline", is_flag=True,
              help="The county × indicator table of headline targets, unset ones shown as absent.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (whole or not at all).")
def targets(paths: tuple[str, ...], headline: bool, fmt: str, output: str | None) -> None:
    """Numeric and relative targets the documents set, or (--headline) each county's
    headline targets for the year.

    Example:

        kg targets examples/corpus --headline
    """
    from kg.model import Target, to_record
    from kg.targets import headline_table

    docs: list[Extraction] = []
    code = run_extractions(paths, on_result=docs.append)
    if headline:
        rows, columns = headline_table(docs), HEADLINE_TABLE_COLUMNS
        if fmt != "table":
            from kg.targets import HEADLINE_COLUMNS

            columns = list(HEADLINE_COLUMNS)
    else:
        rows = [to_record(t) for ex in docs for t in ex.targets]
        columns = TARGET_COLUMNS if fmt == "table" else list(Target.__slots__)  # type: ignore[attr-defined]
    with atomic_writer(output) as fh:
        fh.write(render(rows, fmt, columns))
    sys.exit(code)


@cli.command()
def layouts() -> None:
    """List the document layouts govkg can read.

    Example:

        kg layouts
    """
    from kg import extract as registry

    rows = [{"layout": n, "description": registry.get(n).DESCRIPTION} for n in registry.layouts()]
    click.echo(render(rows, "table"), nl=False)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise KgError(f"--param needs NAME=VALUE, got {item!r}")
        out[name.strip()] = value
    return out


def _extract_for_build(paths: tuple[str, ...], jobs: int) -> tuple[list[Extraction], int]:
    docs: list[Extraction] = []
    code = run_extractions(paths, jobs=jobs, on_result=docs.append)
    return docs, code


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "out_dir", default="govkg-data", show_default=True,
              type=click.Path(file_okay=False), help="Directory to (re)write.")
@click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes for extraction.")
def build(paths: tuple[str, ...], out_dir: str, jobs: int) -> None:
    """Extract, resolve entities and write the graph (Turtle, N-Triples, JSON-LD) and the
    embedded SPARQL store into a directory.

    Example:

        kg build ../shared/corpus -o govkg-data
    """
    from pathlib import Path

    from kg.build import build as run_build

    docs, code = _extract_for_build(paths, jobs)
    if not docs:
        raise KgError("no document could be read")
    for ex in docs:
        click.echo(_summary(ex), err=True)
    result = run_build(docs, Path(out_dir), progress=lambda m: click.echo(m, err=True))
    click.echo(
        f"built {result.out_dir}: {result.documents} documents, {result.tasks} tasks, "
        f"{result.nodes} nodes, {result.edges} edges in {result.timings['total']:.1f}s",
        err=True,
    )
    sys.exit(code)


@cli.command()
@click.option("--data", "data_dir", default="govkg-data", show_default=True, type=click.Path(file_okay=False))
def validate(data_dir: str) -> None:
    """Check a built graph against the SHACL shapes (kg/ontology/shapes.ttl).

    Example:

        kg validate --data govkg-data
    """
    from pathlib import Path

    from rdflib import Graph

    from kg.ontology.shacl import validate as shacl

    path = Path(data_dir) / "graph.ttl"
    if not path.is_file():
        raise KgError(f"{data_dir}: no graph.ttl here; run `kg build` first")
    conforms, report = shacl(Graph().parse(path, format="turtle"))
    if not conforms:
        click.echo(report, err=True)
        raise KgError(f"{path}: does not conform to the SHACL shapes")
    click.echo(f"{path}: conforms to the SHACL shapes", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True)
@click.option("--kind", type=click.Choice(["unit", "group", "leader", "indicator"]), multiple=True,
              help="Only entities of these kinds.")
def entities(paths: tuple[str, ...], fmt: str, kind: tuple[str, ...]) -> None:
    """Resolve units, groups, leaders and indicators into entities, one record each.

    Example:

        kg entities ../shared/corpus --format table --kind unit
    """
    from kg.build import entity_records, indicator_records
    from kg.resolve import resolve

    docs, code = _extract_for_build(paths, 1)
    ents = resolve(docs)
    rows = entity_records(ents) + indicator_records(docs)
    if kind:
        rows = [r for r in rows if r["kind"] in kind]
    stats = ents.stats
    click.echo(
        f"{stats.surface_forms} unit spellings -> {stats.units} units + {stats.groups} groups "
        f"({stats.merged} merged, {len(stats.unresolved)} placed by rules only); "
        f"{stats.leaders} leaders",
        err=True,
    )
    if fmt == "jsonl":
        for row in rows:
            click.echo(dumps(row))
    else:
        click.echo(render(rows, "table", ["county", "kind", "name", "type", "function", "tasks",
                                          "aliases"]), nl=False)
    sys.exit(code)


def _password_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--password (kept for scripts; other users can read it in the process list) and
    --password-file; NEO4J_PASSWORD / NEO4J_PASSWORD_FILE and the local server's
    credentials file come after them."""
    command = click.option("--password-file", type=click.Path(dir_okay=False), default=None,
                           help="Read the Neo4j password from this file's first line.")(command)
    return click.option("--password", default=None,
                        help="Neo4j password (visible in `ps`: prefer NEO4J_PASSWORD or --password-file).")(command)


def _password(password: str | None, password_file: str | None) -> str | None:
    """--password, else --password-file's; None lets the library resolve it."""
    if password or not password_file:
        return password
    from kg.neo4j_server import Neo4jServerError, read_password_file

    try:
        return read_password_file(password_file)
    except Neo4jServerError as exc:
        raise KgError(str(exc)) from None


def _neo4j_query(text: str, values: dict[str, Any], uri: str | None, user: str | None, password: str | None,
                 *, named: bool, write: bool) -> tuple[list[str], list[dict[str, Any]]]:
    """Cypher on Neo4j, refused on a database whose last load did not finish (unless it writes:
    writes are how such a database is repaired by hand)."""
    from kg.load.neo4j import Neo4jError, check_load, connect, run_cypher

    try:
        with connect(uri, user, password) as driver:
            if not write:
                check_load(driver, uri=uri, need_graph=named)
            return run_cypher(text, values, driver=driver, write=write)
    except Neo4jError as exc:
        raise KgError(str(exc)) from None


@cli.command()
@click.argument("name", required=False)
@click.option("--data", "data_dir", default="govkg-data", show_default=True,
              type=click.Path(file_okay=False), help="A directory written by `kg build`.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Query parameter.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--sparql", help="Run this SPARQL query instead of a named one.")
@click.option("--cypher", help="Run this Cypher query (with --backend neo4j).")
@click.option("--backend", type=click.Choice(["sparql", "neo4j"]), default="sparql",
              show_default=True, help="The embedded store, or a Neo4j server.")
@click.option("--list", "list_only", is_flag=True, help="List the named queries.")
@click.option("--live", is_flag=True,
              help="Evaluate on the store even when `kg build` kept this question's whole-nation answer.")
@click.option("--write", is_flag=True, help="Let --cypher write (it runs read-only otherwise).")
@click.option("--uri", envvar="NEO4J_URI", default=None, help="Neo4j Bolt URI.")
@click.option("--user", envvar="NEO4J_USER", default=None)
@_password_options
def query(name: str | None, data_dir: str, params: tuple[str, ...], fmt: str, sparql: str | None,
          cypher: str | None, backend: str, list_only: bool, live: bool, write: bool, uri: str | None,
          user: str | None, password: str | None, password_file: str | None) -> None:
    """Answer a named question (queries/NAME.rq or NAME.cypher), or any SPARQL/Cypher.

    Example:

        kg query tasks-by-unit --param county=平陆县
        kg query --sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'

    Asked with no parameter, a named question reads the answer `kg build` kept for it (the
    store does not change after the build); --live evaluates it again.

    On Neo4j, queries run read-only (--write lets --cypher write) and fail if the last
    `kg load neo4j` did not finish.
    """
    from pathlib import Path

    from kg.answers import ask
    from kg.query import QueryError, check_params, get_query, named_queries, open_store, run_sparql

    try:
        if list_only:
            rows = [{"name": q.name, "params": ", ".join(q.params), "question": q.question}
                    for q in named_queries().values()]
            click.echo(render(rows, fmt), nl=False)
            return
        bound = _params(params)
        if write and (backend != "neo4j" or cypher is None):
            raise KgError("--write goes with --backend neo4j --cypher")
        if backend == "neo4j":
            if cypher is None:
                if not name:
                    raise KgError("give a query NAME or --cypher")
                named = get_query(name)
                check_params(named, bound)
                if named.cypher is None:
                    raise KgError(f"query {name} has no Cypher version")
                text, values = named.cypher, {p: bound.get(p) for p in named.params}
            else:
                text, values = cypher, dict(bound)
            password = _password(password, password_file)
            columns, rows = _neo4j_query(text, values, uri, user, password, named=cypher is None, write=write)
        else:
            if cypher is not None:
                raise KgError("--cypher needs --backend neo4j")
            if sparql is None:
                if not name:
                    raise KgError("give a query NAME, --sparql or --list")
                named = get_query(name)
                check_params(named, bound)
                columns, rows = ask(Path(data_dir), named, bound, live=live)
            else:
                columns, rows = run_sparql(open_store(Path(data_dir)), sparql, bound)
    except QueryError as exc:
        raise KgError(str(exc)) from None
    click.echo(render(rows, fmt, columns), nl=False)


def _graph_from(paths: tuple[str, ...]) -> tuple[Any, int]:
    """The graph of a `kg build` directory, or of documents extracted now."""
    from pathlib import Path

    from kg.build import RECORDS, graph_of, load_extractions

    if len(paths) == 1 and (Path(paths[0]) / RECORDS).is_file():
        return graph_of(load_extractions(Path(paths[0]))), 0
    docs, code = _extract_for_build(paths, 1)
    if not docs:
        raise KgError("no document could be read")
    return graph_of(docs), code


@cli.group()
def load() -> None:
    """Load the graph into a database server."""


@load.command("neo4j")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--uri", envvar="NEO4J_URI", default=None, help="Bolt URI [default: bolt://localhost:7687]")
@click.option("--user", envvar="NEO4J_USER", default=None, help="[default: neo4j]")
@_password_options
@click.option("--batch-size", default=5000, show_default=True)
@click.option("--per-row", is_flag=True, help="One MERGE per row (slow; for comparison).")
def load_neo4j(paths: tuple[str, ...], uri: str | None, user: str | None, password: str | None,
               password_file: str | None, batch_size: int, per_row: bool) -> None:
    """Load a built directory (or documents) into Neo4j: batched UNWIND + MERGE, idempotent.

    A marker node records the load as complete only after its last batch; after an
    interrupted load, queries fail until this command has run again.  Without a password
    option or NEO4J_PASSWORD(_FILE), the local server's (.neo4j/credentials) is used.

    Example:

        kg neo4j start && kg load neo4j govkg-data
    """
    from kg.load.neo4j import Neo4jError, connect, counts, load_graph, load_graph_per_row, load_state

    graph, code = _graph_from(paths)
    password = _password(password, password_file)
    try:
        with connect(uri, user, password) as driver:
            before = load_state(driver)
            if before is not None and before["status"] != "complete":
                click.echo(f"kg: the load started {before['started']} did not finish; loading again", err=True)
            if per_row:
                stats = load_graph_per_row(graph, driver)
            else:
                stats = load_graph(graph, driver, batch_size=batch_size)
            if before is not None and before["digest"] != stats.digest:
                click.echo("kg: the database held another graph before; nodes and relationships of it that this "
                           "graph lacks are still there (delete them for an exact copy)", err=True)
            totals = counts(driver)
    except Neo4jError as exc:
        raise KgError(str(exc)) from None
    from kg.ontology.mapping import CLASSES

    held_nodes = sum(n for k, n in totals.items() if k in CLASSES)
    held_rels = sum(n for k, n in totals.items() if k not in CLASSES)
    click.echo(
        f"loaded {stats.nodes} nodes, {stats.relationships} relationships in {stats.batches} batches, "
        f"{stats.seconds:.1f}s; the database holds {held_nodes} nodes, {held_rels} relationships",
        err=True,
    )
    sys.exit(code)


@cli.group()
def export() -> None:
    """Export the graph for other tools."""


@export.command("neo4j-csv")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--data", "data_dir", default="govkg-data", show_default=True, type=click.Path(file_okay=False))
def export_neo4j_csv(out_dir: str, data_dir: str) -> None:
    """Write node and relationship CSV files for `neo4j-admin database import`.

    Example:

        kg export neo4j-csv neo4j-import --data govkg-data
    """
    from pathlib import Path

    from kg.load.neo4j import write_csv

    graph, _ = _graph_from((data_dir,))
    files = write_csv(graph, Path(out_dir))
    click.echo(f"wrote {len(files)} CSV files to {out_dir}", err=True)


@contextmanager
def _server_errors() -> Iterator[None]:
    from kg.neo4j_server import Neo4jServerError

    try:
        yield
    except Neo4jServerError as exc:
        raise KgError(str(exc)) from None


@cli.group()
def neo4j() -> None:
    """Install, start, stop and inspect the project's own Neo4j Community server."""


@neo4j.command("install")
@click.option("--force", is_flag=True, help="Download again.")
def neo4j_install(force: bool) -> None:
    """Fetch Neo4j Community 5 from Maven Central into .neo4j/ (git-ignored).

    Example:

        kg neo4j install
    """
    from kg import neo4j_server

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

    Example:

        kg neo4j start --http-port 7475
    """
    from kg import neo4j_server

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

    Example:

        kg neo4j stop
    """
    from kg import neo4j_server

    stopped = neo4j_server.stop(port=port)
    click.echo("Neo4j stopped" if stopped else f"Neo4j was not running (port {port})", err=True)


@neo4j.command("status")
@click.option("--port", default=7687, show_default=True)
def neo4j_status(port: int) -> None:
    """Say whether the server runs and answers Bolt.

    Example:

        kg neo4j status
    """
    from kg import neo4j_server

    click.echo(dumps(neo4j_server.status(port=port)))


def main() -> None:  # pragma: no cover - console entry for `python -m kg`
    cli()
