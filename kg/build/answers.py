"""The kept answers of a build (kg.stores.answers), government by government.

A named query partitioned by county (`# partition: county`) is asked about each government's
county on a small in-memory store of that government's statements and the shared nodes it
links to: a few milliseconds, in memory that does not grow with the build (its national plan on
the whole store held 640 MB for task-provenance at 2,800 counties). Each government's rows are
kept as its part of `answers/parts/NAME.jsonl` (one line: its rows), copied unchanged by an
update like every other part; the answer file is the merge of all parts in the query's order.
Counties of one name (two governments, 32 names in the nation) are asked about together, on the
whole store, as the query groups them by name. A query that is not partitioned, or whose order
does not allow the merge, is evaluated on the whole store, as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from kg.stores.answers import (
    columns_of,
    evaluate_whole,
    merge_rows,
    order_prefix,
    partition_rows,
    query_digest,
    write_index,
)
from kg.stores.sparql import NamedQuery, QueryError

__all__ = ["AnswerParts"]


@dataclass(slots=True)
class _Query:
    query: NamedQuery
    digest: str
    keys: list[str]
    columns: list[str]
    fh: IO[bytes]
    at: int = 0
    error: str = ""
    parts: list[tuple[str | None, int, int]] = field(default_factory=list)  # county, offset, length


class AnswerParts:
    """Each government's rows of every partitioned query, written as its part; then the answers."""

    def __init__(self, folder: Path, queries: dict[str, NamedQuery]) -> None:
        self.folder = Path(folder)
        (self.folder / "parts").mkdir(parents=True, exist_ok=True)
        self.queries = queries
        self.by_part: dict[str, _Query] = {}
        for name, query in queries.items():
            keys = order_prefix(query)
            if keys is None:
                continue
            try:
                columns = columns_of(query)
            except QueryError:
                continue  # evaluated whole, where it fails and is reported
            fh = open(self.path(name), "wb", buffering=0)  # noqa: SIM115 - closed by finish()
            self.by_part[name] = _Query(query, query_digest(query), keys, columns, fh)

    def path(self, name: str) -> Path:
        return self.folder / "parts" / f"{name}.jsonl"

    def evaluate(self, county: str | None, ntriples: bytes) -> dict[str, list[Any]]:
        """A government's rows of every partitioned query, from its statements (N-Triples, with
        those of the shared nodes it links to); where each part went: name -> offset, length, digest."""
        import pyoxigraph as ox

        store = ox.Store()
        if county is not None:
            store.bulk_load(input=ntriples, format=ox.RdfFormat.N_TRIPLES)
        out: dict[str, list[Any]] = {}
        for name, q in self.by_part.items():
            rows: list[list[Any]] = []
            if county is not None and not q.error:
                try:
                    rows = partition_rows(store, q.query, [county])
                except QueryError as exc:
                    q.error = str(exc)
            out[name] = self._write(q, county, orjson.dumps(rows) + b"\n")
        return out

    def _write(self, q: _Query, county: str | None, data: bytes) -> list[Any]:
        start = q.at
        view = memoryview(data)
        while view:
            view = view[q.fh.write(view) or 0:]
        q.at += len(data)
        q.parts.append((county, start, len(data)))
        return [start, len(data), q.digest]

    def copy(self, county: str | None, old: dict[str, list[Any]], earlier: Path,
             statements: Callable[[], bytes]) -> dict[str, list[Any]]:
        """A government whose documents did not change: its parts as the earlier build kept them,
        for every query whose text is the same; the others are evaluated on its `statements`
        (read only if some query needs them)."""
        out: dict[str, list[Any]] = {}
        fresh: dict[str, bytes] | None = None
        for name, q in self.by_part.items():
            kept = old.get(name)
            if kept is not None and kept[2] == q.digest:
                fd = os.open(earlier / "parts" / f"{name}.jsonl", os.O_RDONLY | os.O_CLOEXEC)
                try:
                    data = os.pread(fd, kept[1], kept[0])
                finally:
                    os.close(fd)
            else:
                if fresh is None:
                    fresh = self._rows_of(county, statements)
                data = fresh[name]
            out[name] = self._write(q, county, data)
        return out

    def _rows_of(self, county: str | None, statements: Callable[[], bytes]) -> dict[str, bytes]:
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(input=statements(), format=ox.RdfFormat.N_TRIPLES)
        return {name: orjson.dumps(partition_rows(store, q.query, [county]) if county else []) + b"\n"
                for name, q in self.by_part.items()}

    def finish(self, store: Any, progress: Callable[[str], None] = lambda _: None,
               statements: Callable[[str], bytes] | None = None) -> None:
        """Every answer file and the index: partitioned queries merged from their parts (counties of
        one name asked about together: on the statements of their governments, `statements(name)`,
        or else on `store`), the others evaluated on `store`."""
        entries: dict[str, dict[str, Any]] = {}
        namesakes: dict[str, Any] = {}  # a county name -> a small store of its governments' statements

        def ask(q: _Query, shared: list[str]) -> list[list[Any]]:
            if statements is None:
                return partition_rows(store, q.query, shared)
            import pyoxigraph as ox

            rows: list[list[Any]] = []
            for county in shared:
                if county not in namesakes:
                    namesakes[county] = ox.Store()
                    namesakes[county].bulk_load(input=statements(county), format=ox.RdfFormat.N_TRIPLES)
                rows += partition_rows(namesakes[county], q.query, [county])
            return rows

        for name, q in self.by_part.items():
            q.fh.close()
            if q.error:
                progress(f"{name}: no whole-nation answer kept: {q.error}")
                continue
            names: dict[str, int] = {}
            for county, _, _ in q.parts:
                if county is not None:
                    names[county] = names.get(county, 0) + 1
            shared = sorted(c for c, n in names.items() if n > 1)
            try:
                together = ask(q, shared)
            except QueryError as exc:
                progress(f"{name}: no whole-nation answer kept: {exc}")
                continue
            part_at = q.columns.index(q.query.partition or "")
            groups: list[tuple[str, Callable[[], list[list[Any]]]]] = [
                (county, self._reader(name, offset, length))
                for county, offset, length in q.parts if county is not None and names[county] == 1]
            for county in shared:
                groups.append((county, _rows_for(together, part_at, county)))
            rows = merge_rows(self.folder / f"{name}.json", q.columns, q.keys, groups, q.query.partition or "")
            entries[name] = {"sha256": q.digest, "rows": rows}
        whole = {name: query for name, query in self.queries.items() if name not in entries
                 and name not in self.by_part}
        evaluate_whole(store, self.folder, whole, entries, progress=progress)
        write_index(self.folder, entries)

    def _reader(self, name: str, offset: int, length: int) -> Callable[[], list[list[Any]]]:
        def read() -> list[list[Any]]:
            fd = os.open(self.path(name), os.O_RDONLY | os.O_CLOEXEC)
            try:
                rows: list[list[Any]] = orjson.loads(os.pread(fd, length, offset))
                return rows
            finally:
                os.close(fd)
        return read

    def abandon(self) -> None:
        for q in self.by_part.values():
            q.fh.close()


def _rows_for(rows: list[list[Any]], at: int, county: str) -> Callable[[], list[list[Any]]]:
    return lambda: [row for row in rows if row[at] == county]
