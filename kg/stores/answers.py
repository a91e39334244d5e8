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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox

from kg.output import gc_paused
from kg.stores.sparql import NamedQuery, QueryError, run_sparql

INDEX = "index.json"


# how answers are represented; bumped when a value's Python/JSON form changes (2: whole decimals
# as int), so answers kept by an older build are evaluated again rather than shown the old way
REPRESENTATION = 2


def query_digest(query: NamedQuery) -> str:
    """The SHA-256 of the query text (and of the answers' representation)."""
    return hashlib.sha256(f"{REPRESENTATION}\n{query.sparql}".encode()).hexdigest()


def write_answers(store: ox.Store, folder: Path, queries: dict[str, NamedQuery], *,
                  progress: Callable[[str], None] = lambda _: None) -> dict[str, float]:
    """Evaluate every named query without parameters into `folder`; seconds per query.

    The queries run side by side: pyoxigraph evaluates without holding the GIL (36 s one after
    another at 2,800 counties, 27 s together on 2 cores). A query that cannot run is left out
    (it fails the same way when asked) and reported.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)

    def evaluate(query: NamedQuery) -> tuple[str, int, float]:
        started = time.perf_counter()
        try:
            columns, rows = run_sparql(store, query.sparql)
        except QueryError as exc:
            return str(exc), 0, 0.0
        (folder / f"{query.name}.json").write_bytes(
            orjson.dumps({"columns": columns, "rows": [[row[c] for c in columns] for row in rows]}))
        return "", len(rows), time.perf_counter() - started

    index: dict[str, dict[str, Any]] = {}
    seconds: dict[str, float] = {}
    with ThreadPoolExecutor(max(1, len(queries))) as pool:
        for query, (error, rows, took) in zip(queries.values(), pool.map(evaluate, queries.values()), strict=True):
            if error:
                progress(f"{query.name}: no whole-nation answer kept: {error}")
                continue
            seconds[query.name] = took
            index[query.name] = {"sha256": query_digest(query), "rows": rows}
    (folder / INDEX).write_bytes(orjson.dumps(index, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    return seconds


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
