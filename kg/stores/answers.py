"""Whole-nation answers of the named questions, computed once by `kg build`.

A named question asked with no parameter lists every row of the store. pyoxigraph joins two
predicates by hash at about 2 µs a row, and a row of task-provenance needs seven of them, so
at 2,800 counties such an answer takes 4-20 s however the query is written (queries/README.md).
The store never changes after `kg build`, so the build evaluates each named query once with no
parameter and keeps the answer beside the store: a materialised view. `kg query NAME` reads
it when the query text is still the one evaluated (its SHA-256 is recorded); any parameter,
any edited query, `--live` or `--sparql` goes to the store.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from kg.output import gc_paused
from kg.stores.sparql import NamedQuery, QueryError, bind_sparql, bind_values, evaluate, run_sparql, solution_rows

INDEX = "index.json"


def query_digest(query: NamedQuery) -> str:
    return hashlib.sha256(query.sparql.encode("utf-8")).hexdigest()


def _write_rows(path: Path, columns: list[str], rows: Iterable[list[Any]]) -> int:
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


def _evaluate_whole(store: Any, query: NamedQuery, path: Path) -> int:
    result = evaluate(store, bind_sparql(query.sparql, {}))
    columns = [v.value for v in result.variables]
    return _write_rows(path, columns, solution_rows(result))


def write_answers(store: Any, folder: Path, queries: dict[str, NamedQuery], *,
                  progress: Callable[[str], None] = lambda _: None, patch: Patch | None = None) -> dict[str, float]:
    """Evaluate every named query without parameters into `folder`; seconds per query.

    The queries run side by side: pyoxigraph evaluates without holding the GIL (36 s one after
    another at 2,800 counties, 27 s together on 2 cores). Rows go to the file as they come. A
    query that cannot run is left out (it fails the same way when asked) and reported.

    With `patch` (an update of a build): a query whose kept answer in `patch.old` is for the same
    text and whose rows are partitioned by county (`# partition: county`) keeps its old rows of the
    other counties and is asked only about `patch.counties`; the rows merge in the query's order.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)

    def run(query: NamedQuery) -> tuple[str, int, float]:
        started = time.perf_counter()
        path = folder / f"{query.name}.json"
        try:
            rows = _patch(store, query, patch, path) if patch is not None else None
            if rows is None:
                rows = _evaluate_whole(store, query, path)
        except QueryError as exc:
            path.unlink(missing_ok=True)
            return str(exc), 0, 0.0
        return "", rows, time.perf_counter() - started

    index: dict[str, dict[str, Any]] = {}
    seconds: dict[str, float] = {}
    with ThreadPoolExecutor(max(1, len(queries))) as pool:
        for query, (error, rows, took) in zip(queries.values(), pool.map(run, queries.values()), strict=True):
            if error:
                progress(f"{query.name}: no whole-nation answer kept: {error}")
                continue
            seconds[query.name] = took
            index[query.name] = {"sha256": query_digest(query), "rows": rows}
    (folder / INDEX).write_bytes(orjson.dumps(index, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    return seconds


@dataclass(frozen=True, slots=True)
class Patch:
    """What changed since the kept answers in `old`: the counties (their names as the rows give
    them) whose documents changed, came or went."""

    old: Path
    counties: frozenset[str]


def order_prefix(query: NamedQuery) -> list[str] | None:
    """The columns the query's rows are ordered by first, up to its partition column: plain,
    ascending output columns (`ORDER BY ?function ?county DESC(?n)` -> function, county); None
    when its order does not begin so."""
    if query.partition is None or query.partition not in query.columns:
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


class _Unpatchable(Exception):
    pass


def _row_key(row: list[Any], at: list[int]) -> tuple[tuple[int, str], ...]:
    out = []
    for i in at:
        value = row[i]
        if value is None:
            out.append((0, ""))  # SPARQL orders unbound first
        elif isinstance(value, str):
            out.append((1, value))
        else:
            raise _Unpatchable
    return tuple(out)


def _old_rows(path: Path) -> tuple[list[str], Iterator[list[Any]]]:
    fh = path.open("rb")
    head = fh.readline()
    if not head.startswith(b'{"columns":') or not head.endswith(b',"rows":[\n'):
        fh.close()
        raise _Unpatchable

    def rows() -> Iterator[list[Any]]:
        with fh:
            for line in fh:
                if line.startswith(b"]}"):
                    return
                line = line.rstrip(b",\n")
                if line:
                    yield orjson.loads(line)

    columns: list[str] = orjson.loads(head[len(b'{"columns":'):-len(b',"rows":[\n')])
    return columns, rows()


def _patch(store: Any, query: NamedQuery, patch: Patch, path: Path) -> int | None:
    """The query's answer patched county by county (see write_answers), or None when it cannot be."""
    keys = order_prefix(query)
    old_path = patch.old / f"{query.name}.json"
    entry = _old_index(patch.old).get(query.name)
    if keys is None or not isinstance(entry, dict) or entry.get("sha256") != query_digest(query) \
            or not old_path.is_file() or query.partition is None:
        return None
    names = sorted(patch.counties)
    try:
        columns, old = _old_rows(old_path)
        fresh: list[list[Any]] = []
        if names:
            result = evaluate(store, bind_values(query.sparql, query.partition, names))
            if [v.value for v in result.variables] != columns:
                raise _Unpatchable
            fresh = list(solution_rows(result))
        at = [columns.index(k) for k in keys]
        part = columns.index(query.partition)
        changed = set(names)
        fresh_keyed = [(_row_key(row, at), row) for row in fresh]

        def merged() -> Iterator[list[Any]]:
            i = 0
            for row in old:
                if row[part] in changed:
                    continue
                key = _row_key(row, at)
                while i < len(fresh_keyed) and fresh_keyed[i][0] < key:
                    yield fresh_keyed[i][1]
                    i += 1
                yield row
            for _, row in fresh_keyed[i:]:
                yield row

        return _write_rows(path, columns, merged())
    except (_Unpatchable, OSError, orjson.JSONDecodeError, ValueError):
        return None


def _old_index(folder: Path) -> dict[str, Any]:
    try:
        index = orjson.loads((folder / INDEX).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return index if isinstance(index, dict) else {}


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


def ask(folder: Path, store: Callable[[], Any], query: NamedQuery, params: dict[str, str], *,
        live: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
    """Answer a named question: the answer kept in `folder` when it applies, else the store
    (`store()` opens it, only when needed)."""
    kept = None if params or live else read_answer(folder, query)
    if kept is not None:
        return kept
    return run_sparql(store(), query.sparql, params)
