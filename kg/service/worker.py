"""What a query worker process does: open the build once, then answer jobs until its pipe closes.

A worker is a separate process because pyoxigraph cannot cancel a query: the only way to stop a
runaway one is to end the process that runs it (kg.service.pool kills it at the time limit and
starts another). Everything the service asks of the store goes through a worker, so the event
loop never waits on RocksDB and a query that never ends costs one worker for the time limit.

Replies carry finished bytes (a serialised answer or a download), so a large answer crosses the
pipe once and the serving process only copies it to the socket.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.build import BuildError, open_build
from kg.build.layout import Build
from kg.ontology.namespaces import PREFIXES
from kg.service.negotiate import Format, NotAcceptable, content_type, graph_format, results_format
from kg.service.rows import Lists, excel_csv, json_rows
from kg.stores.sparql import QueryError, check_params, get_query

__all__ = ["SparqlJob", "QuestionJob", "Reply", "run_job", "worker_main", "TEXT"]

TEXT = "text/plain; charset=utf-8"
CSV = "text/csv; charset=utf-8"
JSON = "application/json"


@dataclass(frozen=True, slots=True)
class SparqlJob:
    """A SPARQL query as the protocol received it."""

    query: str
    accept: str | None = None
    format: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuestionJob:
    """A named question with its parameters; `output` is "json", "csv" or "page" (columns and the
    first `page_rows` rows as data, for the HTML page)."""

    name: str
    params: dict[str, str] = field(default_factory=dict)
    output: str = "json"
    lists: Lists = "join"
    page_rows: int = 500


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    data: Any = None


Job = SparqlJob | QuestionJob


def _error(status: int, message: str) -> Reply:
    return Reply(status, TEXT, (message.rstrip() + "\n").encode("utf-8"))


def _too_many(max_rows: int) -> Reply:
    return _error(422, f"the answer has more than {max_rows} rows (the row limit): add a LIMIT or narrow the query, "
                       "or start kg serve with a larger --max-rows")


class _LineLimitedBuffer:
    """A binary writer that refuses more than `limit` lines: in TSV results a line is a row (the
    header is one more), since TSV escapes line breaks inside terms."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.lines = 0
        self.parts: list[bytes] = []
        self.exceeded = False

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            self.exceeded = True
            raise OverflowError("row limit")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None


def _graphs(iris: tuple[str, ...]) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None:
    return [ox.NamedNode(i) for i in iris] if iris else None


def sparql(store: Any, job: SparqlJob, max_rows: int) -> Reply:
    named = [ox.NamedNode(i) for i in job.named_graphs] if job.named_graphs else None
    try:
        result = store.query(job.query, prefixes=PREFIXES, default_graph=_graphs(job.default_graphs),
                             named_graphs=named)
        fmt: Format
        if isinstance(result, ox.QueryTriples):
            fmt = graph = graph_format(job.accept, job.format)
            triples = list(itertools.islice(result, max_rows + 1))
            if len(triples) > max_rows:
                return _too_many(max_rows)
            body = ox.serialize(triples, format=graph, prefixes=PREFIXES if graph in _PREFIXED else None)
        elif isinstance(result, ox.QueryBoolean):
            fmt = answer = results_format(job.accept, job.format)
            body = result.serialize(format=answer)
        else:
            fmt = answer = results_format(job.accept, job.format)
            # pyoxigraph's writer cannot stop at N rows, so it writes TSV (one line a row) into a
            # buffer that stops it at the limit; other formats are pyoxigraph's own rewrite of that TSV
            buffer = _LineLimitedBuffer(max_rows + 1)
            try:
                result.serialize(buffer, ox.QueryResultsFormat.TSV)
            except Exception:
                if buffer.exceeded:
                    return _too_many(max_rows)
                raise
            body = b"".join(buffer.parts)
            if answer != ox.QueryResultsFormat.TSV:
                body = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV).serialize(format=answer)
    except NotAcceptable as exc:
        return _error(406, str(exc))
    except SyntaxError as exc:
        return _error(400, f"SPARQL syntax error: {exc}")
    except (OSError, ValueError, RuntimeError) as exc:
        return _error(500, f"SPARQL error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    return Reply(200, content_type(fmt), body or b"")


_PREFIXED = {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3, ox.RdfFormat.RDF_XML}


def question(build: Build, job: QuestionJob, max_rows: int) -> Reply:
    try:
        named = get_query(job.name)
    except QueryError as exc:
        return _error(404, str(exc))
    try:
        check_params(named, job.params)
        columns, rows = build.ask(named, job.params)
    except QueryError as exc:
        return _error(400, str(exc))
    except BuildError as exc:
        return _error(500, str(exc))
    if len(rows) > max_rows:
        return _too_many(max_rows)
    if job.output == "csv":
        return Reply(200, CSV, excel_csv(columns, rows, lists=job.lists))
    if job.output == "page":
        head = [[row.get(c) for c in columns] for row in rows[:job.page_rows]]
        return Reply(200, JSON, b"", data={"columns": columns, "rows": head, "total": len(rows)})
    return Reply(200, JSON, json_rows(columns, rows))


def run_job(build: Build, job: Job, max_rows: int) -> Reply:
    if isinstance(job, SparqlJob):
        return sparql(build.store(), job, max_rows)
    return question(build, job, max_rows)


def worker_main(conn: Connection, build_dir: str, max_rows: int) -> None:
    """The worker process: report ready (or the one-line reason it cannot open the build), then
    answer each job received until the pipe closes."""
    try:
        build = open_build(Path(build_dir))
        build.store()
    except (BuildError, QueryError) as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = run_job(build, job, max_rows)
        except Exception as exc:  # a bug must cost one answer, not the worker
            reply = _error(500, f"internal error: {type(exc).__name__}: {exc}")
        conn.send(reply)
