"""The build directory: its files, its format version, and opening it for reading.

A build directory is the one truth after `kg build`: views, analytics, Neo4j loading,
exports, queries and the notebook read what it holds (`open_build`) and never re-derive it.
Every file name is spelled here and nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.map.graphdata import GraphData, GraphDataError, GraphPart, read_graph_lines, read_graphdata
from kg.model import Extraction, from_records

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.stores.sparql import NamedQuery

__all__ = ["FORMAT", "BuildLayout", "Build", "BuildError", "open_build", "is_build", "GENERATOR"]

# Bumped whenever a file's meaning changes; a build of another format is refused for reading.
# 1: the first builds (no format recorded). 2: graph.jsonl (the mapped graph) and this number.
# 3: governments of any level, achieved values (actual records) and the target ledger in the graph.
# 4: every file in parts, one per government, the State Council first, then in code order
# (parts.json says where), so a build can be updated; tasks' lineage across years; kept answers
# a row per line.
FORMAT = 4
GENERATOR = "govkg"


class BuildError(Exception):
    """A build directory that cannot be used; the message is one line naming it."""


@dataclass(frozen=True, slots=True)
class BuildLayout:
    """Where each part of a build lives, under `root`."""

    root: Path

    @property
    def records(self) -> Path:
        """The extraction: JSON Lines records (`kg extract`)."""
        return self.root / "records.jsonl"

    @property
    def entities(self) -> Path:
        return self.root / "entities.jsonl"

    @property
    def graph_data(self) -> Path:
        """The mapped graph (kg.map.graphdata) every later stage reads."""
        return self.root / "graph.jsonl"

    @property
    def ntriples(self) -> Path:
        return self.root / "graph.nt"

    @property
    def turtle(self) -> Path:
        return self.root / "graph.ttl"

    @property
    def jsonld(self) -> Path:
        return self.root / "graph.jsonld"

    @property
    def store(self) -> Path:
        """The embedded SPARQL store (pyoxigraph)."""
        return self.root / "store"

    @property
    def answers(self) -> Path:
        """Each named question's whole-nation answer (kg.stores.answers)."""
        return self.root / "answers"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def parts(self) -> Path:
        """Which document versions the build holds and where each government's part of every
        file lies (kg.build.parts): what an update of the build reuses."""
        return self.root / "parts.json"


def read_manifest(root: Path) -> dict[str, Any] | None:
    """The manifest of a directory, or None when it has none that reads as one."""
    try:
        manifest = json.loads((Path(root) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def is_build(root: Path) -> bool:
    """Whether `root` holds a govkg build of any format: the only directories `kg build` replaces."""
    manifest = read_manifest(root)
    if manifest is None:
        return False
    if manifest.get("generator") == GENERATOR:
        return True
    # format 1 wrote no generator: its manifest listed documents and counts beside a store
    return isinstance(manifest.get("documents"), list) and "tasks" in manifest and (Path(root) / "store").is_dir()


@dataclass
class Build:
    """A build directory opened for reading; parts load on first use."""

    layout: BuildLayout
    manifest: dict[str, Any]
    _graph: GraphData | None = field(default=None, repr=False)
    _store: ox.Store | None = field(default=None, repr=False)

    @property
    def root(self) -> Path:
        return self.layout.root

    def graph(self) -> GraphData:
        """The graph the build mapped (not re-resolved from the records)."""
        if self._graph is None:
            try:
                self._graph = read_graphdata(self.layout.graph_data)
            except FileNotFoundError:
                raise BuildError(f"{self.root}: {self.layout.graph_data.name} is missing; rebuild with `kg build`") \
                    from None
            except GraphDataError as exc:
                raise BuildError(str(exc)) from None
        return self._graph

    def graph_parts(self) -> list[GraphPart]:
        """The mapped graph in parts: one per government, then the shared nodes; each read from
        graph.jsonl only when asked for (kg.build.parts says where it lies)."""
        from kg.build.parts import PartsError, read_parts

        try:
            parts = read_parts(self.layout.parts)
        except PartsError as exc:
            raise BuildError(f"{exc}; rebuild with `kg build`") from None
        path = self.layout.graph_data

        def reader(offset: int, length: int) -> Callable[[], GraphData]:
            def read() -> GraphData:
                with path.open("rb") as fh:
                    fh.seek(offset)
                    try:
                        return read_graph_lines(fh.read(length))
                    except (ValueError, IndexError, TypeError):
                        raise BuildError(f"{path}: damaged; rebuild with `kg build`") from None
            return read

        out = [GraphPart(g.code, g.digest, reader(*g.ranges["graph_data"])) for g in parts.governments]
        out.append(GraphPart("", parts.global_digest, reader(*parts.global_ranges["graph_data"])))
        return out

    def store(self) -> ox.Store:
        """The SPARQL store, opened read-only (pyoxigraph)."""
        if self._store is None:
            from kg.stores.sparql import open_store

            self._store = open_store(self.layout.store)
        return self._store

    def ask(self, query: NamedQuery, params: dict[str, str], *,
            live: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
        """A named question: the whole-nation answer the build kept when it applies, else the store."""
        from kg.stores.answers import ask

        return ask(self.layout.answers, self.store, query, params, live=live)

    @cached_property
    def extractions(self) -> list[Extraction]:
        """The extraction records the build was made from."""
        try:
            with self.layout.records.open(encoding="utf-8") as fh:
                return from_records([json.loads(line) for line in fh])
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise BuildError(f"{self.layout.records}: cannot be read ({exc}); rebuild with `kg build`") from None


def open_build(root: str | Path) -> Build:
    """A build directory of this format; BuildError (one line) otherwise."""
    layout = BuildLayout(Path(root))
    if not layout.root.is_dir():
        raise BuildError(f"{root}: no such build directory; make one with `kg build`")
    manifest = read_manifest(layout.root)
    if manifest is None:
        raise BuildError(f"{root}: not a govkg build (no readable manifest.json); make one with `kg build`")
    found = manifest.get("format", 1)
    if found != FORMAT:
        raise BuildError(f"{root}: made by {'an older' if isinstance(found, int) and found < FORMAT else 'another'} "
                         f"govkg (build format {found}; this one reads {FORMAT}); rebuild with `kg build`")
    return Build(layout, manifest)
