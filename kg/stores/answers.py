"""Whole-nation answers of the named questions, computed once by `kg build`.

A named question asked with no parameter lists every row of the store. pyoxigraph joins two
predicates by hash at about 2 µs a row, and a row of task-provenance needs seven of them, so
at 2,800 counties such an answer takes 4-20 s however the query is written (queries/README.md).
The store changes only with `kg build`, so the build keeps each named query's answer with no
parameter beside the store: a materialised view (evaluated county by county where the query
allows, else whole; see below). `kg query NAME` reads
it when the query text is still the one evaluated (its SHA-256 is recorded); any parameter,
any edited query, `--live` or `--sparql` goes to the store.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox

from kg.output import gc_paused
from kg.stores.sparql import NamedQuery, QueryError, bind_sparql, bind_values, evaluate, run_sparql, solution_rows

INDEX = "index.json"


# how answers are represented; bumped when a value's Python/JSON form changes (2: whole decimals
# as int), so answers kept by an older build are evaluated again rather than shown the old way
REPRESENTATION = 2


def query_digest(query: NamedQuery) -> str:
    """The SHA-256 of the query text (and of the answers' representation)."""
    return hashlib.sha256(f"{REPRESENTATION}\n{query.sparql}".encode()).hexdigest()


def write_rows(path: Path, columns: list[str], rows: Iterable[list[Any]]) -> int:
    """The answer file: one JSON object, each row on a line of its own (so an update can patch
    it line by line, and a reader can still load it whole). Returns the number of rows."""
    n = 0
    with path.open("wb") as fh, gc_paused():
        fh.write(b'{"columns":' + orjson.dumps(columns) + b',"rows":[\n')
        for row in rows:
            if n:
                fh.write(b",\n")
            fh.write(orjson.dumps(row))
            n += 1
        fh.write(b"\n]}\n")
    return n


def _evaluate_whole(store: ox.Store, query: NamedQuery, path: Path) -> int:
    result = evaluate(store, bind_sparql(query.sparql, {}))
    columns = [v.value for v in result.variables]
    return write_rows(path, columns, solution_rows(result))


def write_answers(store: ox.Store, folder: Path, queries: dict[str, NamedQuery], *,
                  progress: Callable[[str], None] = lambda _: None, threads: int = 1) -> dict[str, float]:
    """Evaluate every named query without parameters into `folder` (index included); seconds per
    query. Rows go to the file as they come. A query that cannot run is left out (it fails the
    same way when asked) and reported. `threads` > 1 evaluates side by side (pyoxigraph evaluates
    without the GIL), at the cost of holding several national answers in memory at once."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    entries: dict[str, dict[str, Any]] = {}
    seconds = evaluate_whole(store, folder, queries, entries, progress=progress, threads=threads)
    write_index(folder, entries)
    return seconds


def evaluate_whole(store: Any, folder: Path, queries: dict[str, NamedQuery], entries: dict[str, dict[str, Any]], *,
                   progress: Callable[[str], None] = lambda _: None, threads: int = 1) -> dict[str, float]:
    """`write_answers` without the index: each query's answer file, its entry in `entries`."""

    def run(query: NamedQuery) -> tuple[str, int, float]:
        started = time.perf_counter()
        path = Path(folder) / f"{query.name}.json"
        try:
            rows = _evaluate_whole(store, query, path)
        except QueryError as exc:
            path.unlink(missing_ok=True)
            return str(exc), 0, 0.0
        return "", rows, time.perf_counter() - started

    seconds: dict[str, float] = {}
    with ThreadPoolExecutor(max(1, min(threads, len(queries)))) as pool:
        for query, (error, rows, took) in zip(queries.values(), pool.map(run, queries.values()), strict=True):
            if error:
                progress(f"{query.name}: no whole-nation answer kept: {error}")
                continue
            seconds[query.name] = took
            entries[query.name] = {"sha256": query_digest(query), "rows": rows}
    return seconds


def write_index(folder: Path, entries: dict[str, dict[str, Any]]) -> None:
    (Path(folder) / INDEX).write_bytes(orjson.dumps(dict(sorted(entries.items())),
                                                    option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))


# ------------------------------------------------------------------ answers county by county
#
# A query whose header says `# partition: county` gives, for each county, the rows it gives when
# asked about that county alone. `kg build` evaluates it that way, government by government, on a
# small in-memory store of that government's statements (kg.build.answers), and merges the rows
# in the query's order: memory stays flat, and an update evaluates only the governments that
# changed.


def order_prefix(query: NamedQuery) -> list[str] | None:
    """The columns the query's rows are ordered by first, up to its partition column: plain,
    ascending output columns (`ORDER BY ?function ?county DESC(?n)` -> function, county); None
    when its order does not begin so (its answer is then evaluated whole)."""
    if query.partition is None or query.partition not in query.columns or "#PARAMS" not in query.sparql:
        return None
    at = query.sparql.upper().rfind("ORDER BY")
    if at < 0:
        return None
    keys: list[str] = []
    for token in query.sparql[at + len("ORDER BY"):].split():
        if not token.startswith("?") or token[1:] not in query.columns:
            return None
        keys.append(token[1:])
        if token[1:] == query.partition:
            return keys
    return None


def columns_of(query: NamedQuery) -> list[str]:
    """The columns a query's answer has (its SELECT's variables)."""
    import pyoxigraph as ox

    return [v.value for v in evaluate(ox.Store(), bind_sparql(query.sparql, {})).variables]


def partition_rows(store: Any, query: NamedQuery, names: list[str]) -> list[list[Any]]:
    """The rows of `query` about these values of its partition column (all of them at once)."""
    if not names or query.partition is None:
        return []
    return list(solution_rows(evaluate(store, bind_values(query.sparql, query.partition, names))))


def row_key(row: list[Any], at: list[int]) -> tuple[tuple[int, str], ...]:
    """A row's place in the order of the query (kept rows are merged by it): SPARQL orders an
    unbound value first, strings by code point as Python does."""
    return tuple((0, "") if row[i] is None else (1, str(row[i])) for i in at)


def merge_rows(path: Path, columns: list[str], keys: list[str], groups: list[tuple[str, Callable[[], list[list[Any]]]]],
               partition: str) -> int:
    """The answer of a partitioned query from each county's rows (`groups`: the county's name and
    how to get its rows, each already in the query's order), in the query's order."""
    import heapq

    ordered = sorted(groups, key=lambda g: g[0])
    if keys == [partition]:  # county first: each county's rows as they are, counties in order
        return write_rows(path, columns, (row for _, rows in ordered for row in rows()))
    at = [columns.index(k) for k in keys]
    streams = [((row_key(row, at), n, i, row) for i, row in enumerate(rows())) for n, (_, rows) in enumerate(ordered)]
    return write_rows(path, columns, (item[3] for item in heapq.merge(*streams)))


def read_answer(folder: Path, query: NamedQuery) -> tuple[list[str], list[dict[str, Any]]] | None:
    """The kept whole-nation answer of `query` in `folder`, or None when there is none for its
    current text."""
    folder = Path(folder)
    try:
        index = orjson.loads((folder / INDEX).read_bytes())
    except FileNotFoundError:
        return None
    except orjson.JSONDecodeError:
        index = None
    if not isinstance(index, dict):
        raise QueryError(f"{folder / INDEX}: not an index of kept answers; run `kg build` again or ask with --live")
    entry = index.get(query.name)
    if not isinstance(entry, dict) or entry.get("sha256") != query_digest(query):
        return None
    path = folder / f"{query.name}.json"
    try:
        with gc_paused():
            kept = orjson.loads(path.read_bytes())
            columns = kept["columns"]
            return columns, [dict(zip(columns, row, strict=True)) for row in kept["rows"]]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        raise QueryError(f"{path}: unreadable kept answer; run `kg build` again or ask with --live") from None


def ask(folder: Path, store: Callable[[], ox.Store], query: NamedQuery, params: dict[str, str], *,
        live: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
    """Answer a named question: the answer kept in `folder` when it applies, else the store
    (`store()` opens it, only when needed)."""
    kept = None if params or live else read_answer(folder, query)
    if kept is not None:
        return kept
    return run_sparql(store(), query.sparql, params)
