"""The build's index of its parts (`parts.json`): which document versions it holds, and where
each government's part of every output file lies.

`kg build` writes every output file as a head, one part per government (its documents' records,
entities, mapped graph, N-Triples, Turtle, JSON-LD) in the order of the governments' codes, and
a last, global part (the ontology, the indicators and functions the governments use). An update
copies the parts of the governments whose documents did not change byte for byte from the
earlier build, and maps anew only the others: this index says where each part is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

__all__ = ["DocumentPart", "GovernmentPart", "Parts", "PartsError", "SEGMENTED", "fingerprint", "read_parts",
           "write_parts"]

# The files written part by part, in this order in the index (kg.build.layout names them).
SEGMENTED = ("records", "entities", "graph_data", "ntriples", "turtle", "jsonld")


class PartsError(ValueError):
    """An index that cannot be read: the build is not updated but made anew."""


@dataclass(slots=True)
class DocumentPart:
    """One document version in the build."""

    sha256: str  # of the file's bytes
    name: str  # the file's name as the records give it (Document.doc)
    government: str
    county: str | None
    year: int | None
    kind: str
    identity: list[Any]  # kg.map.keys.DocumentIdentity as a list
    tasks: int
    records: list[int]  # offset and length of its records in records.jsonl

    @property
    def key(self) -> str:
        return f"{self.sha256}:{self.name}"


@dataclass(slots=True)
class GovernmentPart:
    """One government's part of the build."""

    code: str
    county: str | None  # the name its County node carries (what named queries show)
    documents: list[str]  # DocumentPart.key of its documents, in build order
    failures: list[str]  # documents of it left out: cannot be mapped
    digest: str  # SHA-256 of its part of graph.jsonl: what a Neo4j load compares
    ranges: dict[str, list[int]]  # SEGMENTED name -> offset, length
    globals: list[str]  # IRIs of the shared nodes (indicators, functions) it links to
    stats: dict[str, Any]  # entity resolution: surface forms, units, groups, merged, leaders, unresolved
    nodes: int = 0
    edges: int = 0
    # named query -> offset, length of its rows in answers/parts/NAME.jsonl, the query's SHA-256
    answers: dict[str, list[Any]] = field(default_factory=dict)
    ancestors: list[str] = field(default_factory=list)  # codes of the governments above, nearest first


@dataclass(slots=True)
class Parts:
    format: int
    fingerprint: str
    heads: dict[str, int]  # SEGMENTED name -> length of the file's head
    documents: list[DocumentPart] = field(default_factory=list)
    governments: list[GovernmentPart] = field(default_factory=list)
    # the shared nodes: IRI -> [label, props, [[relationship, IRI, props]...]]; and where the
    # global part lies in each file
    global_nodes: dict[str, list[Any]] = field(default_factory=dict)
    global_ranges: dict[str, list[int]] = field(default_factory=dict)
    global_digest: str = ""

    def document(self, key: str) -> DocumentPart:
        return self._documents()[key]

    def _documents(self) -> dict[str, DocumentPart]:
        return {d.key: d for d in self.documents}


def write_parts(parts: Parts, path: Path) -> None:
    Path(path).write_bytes(orjson.dumps(parts))  # orjson writes dataclasses as asdict would, 20x faster


def read_parts(path: Path) -> Parts:
    try:
        raw = orjson.loads(Path(path).read_bytes())
        return Parts(
            format=raw["format"], fingerprint=raw["fingerprint"], heads=raw["heads"],
            documents=[DocumentPart(**d) for d in raw["documents"]],
            governments=[GovernmentPart(**g) for g in raw["governments"]],
            global_nodes=raw["global_nodes"], global_ranges=raw["global_ranges"],
            global_digest=raw["global_digest"],
        )
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise PartsError(f"{path}: {exc}") from None


@cache
def fingerprint() -> str:
    """What made the build: a digest of govkg's code and data from reading to the stores, and of
    pyoxigraph's version. An earlier build with another fingerprint is read again, not reused:
    extraction or mapping may have changed (the named queries are checked one by one instead)."""
    import pyoxigraph

    root = resources.files("kg")
    h = hashlib.sha256(f"pyoxigraph {pyoxigraph.__version__}".encode())
    skip = {"cli", "views", "analytics", "exports", "service", "queries", "__pycache__"}
    paths = sorted(p for p in Path(str(root)).rglob("*")
                   if p.is_file() and not skip.intersection(p.relative_to(str(root)).parts[:-1])
                   and p.suffix != ".pyc" and p.name not in ("notebook.py", "diff.py"))
    for path in paths:
        h.update(str(path.relative_to(str(root))).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
