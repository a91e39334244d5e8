"""The mapped graph as plain data (nodes, edges), what every store loads, and its file.

`kg build` writes it (`write_graphdata`) beside graph.nt; everything after the build reads
it back (`read_graphdata`) instead of resolving and mapping the records again, so views,
analytics, Neo4j and the SPARQL store show one graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from kg.map.terms import RELATIONSHIPS

__all__ = ["Node", "Edge", "GraphData", "GraphPart", "write_graphdata", "read_graphdata", "GraphDataError",
           "HEADER_LINE", "graph_lines", "read_graph_lines"]

# first line of the file; a file with another header is not ours or not this version's
_HEADER = {"govkg": "graphdata", "version": 1}


class GraphDataError(ValueError):
    """A graph data file that cannot be read back."""


@dataclass(slots=True)
class Node:
    label: str
    iri: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Edge:
    type: str
    src: str
    dst: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class GraphData:
    """The graph as plain data: what both stores load."""

    nodes: dict[str, Node] = field(default_factory=dict)  # iri -> node
    edges: list[Edge] = field(default_factory=list)

    def add(self, node: Node) -> Node:
        existing = self.nodes.get(node.iri)
        if existing is None:
            self.nodes[node.iri] = node
            return node
        existing.props.update({k: v for k, v in node.props.items() if v is not None})
        return existing

    def link(self, rel: str, src: str, dst: str, **props: Any) -> None:
        if rel not in RELATIONSHIPS:
            raise KeyError(f"unknown relationship type: {rel}")
        self.edges.append(Edge(rel, src, dst, props))

    def merge(self, other: GraphData) -> None:
        """Add another graph's nodes (properties joined as `add` does) and edges."""
        for node in other.nodes.values():
            self.add(node)
        self.edges.extend(other.edges)


def _lines(graph: GraphData) -> Iterator[bytes]:
    yield orjson.dumps(_HEADER)
    for n in graph.nodes.values():
        yield orjson.dumps(["N", n.label, n.iri, n.props])
    for e in graph.edges:
        yield orjson.dumps(["E", e.type, e.src, e.dst, e.props])


HEADER_LINE = orjson.dumps(_HEADER) + b"\n"


def graph_lines(graph: GraphData) -> bytes:
    """The graph's node and edge lines without the header: a part of a file `write_graphdata`
    begins (kg.build writes one part per government; `read_graphdata` reads nodes and edges
    in any order)."""
    out = [orjson.dumps(["N", n.label, n.iri, n.props]) for n in graph.nodes.values()]
    out.extend(orjson.dumps(["E", e.type, e.src, e.dst, e.props]) for e in graph.edges)
    return b"\n".join(out) + b"\n" if out else b""


def write_graphdata(graph: GraphData, out: IO[bytes]) -> None:
    """One JSON array a line: a header, then `["N", label, iri, props]` per node and
    `["E", type, src, dst, props]` per edge, in graph order."""
    for line in _lines(graph):
        out.write(line)
        out.write(b"\n")


@dataclass(frozen=True, slots=True)
class GraphPart:
    """One government's part of a graph (`code`; "" for the shared nodes), what identifies its
    content (`digest`), and how to get it: a Neo4j load compares digests and reads only the
    parts that changed."""

    code: str
    digest: str
    load: Callable[[], GraphData]


def read_graph_lines(data: bytes) -> GraphData:
    """A graph from lines `graph_lines` wrote (no header)."""
    graph = GraphData()
    for line in data.splitlines():
        row = orjson.loads(line)
        if row[0] == "N":
            graph.nodes[row[2]] = Node(row[1], row[2], row[3])
        else:
            graph.edges.append(Edge(row[1], row[2], row[3], row[4]))
    return graph


def read_graphdata(path: Path) -> GraphData:
    graph = GraphData()
    nodes, edges = graph.nodes, graph.edges
    with Path(path).open("rb") as fh:
        try:
            header = orjson.loads(fh.readline())
        except orjson.JSONDecodeError:
            header = None
        if header != _HEADER:
            raise GraphDataError(f"{path}: not a govkg graph data file of version {_HEADER['version']}")
        for number, line in enumerate(fh, start=2):
            try:
                row = orjson.loads(line)
                if row[0] == "N":
                    nodes[row[2]] = Node(row[1], row[2], row[3])
                else:
                    edges.append(Edge(row[1], row[2], row[3], row[4]))
            except (orjson.JSONDecodeError, IndexError, TypeError, KeyError):
                raise GraphDataError(f"{path}:{number}: damaged line; run `kg build` again") from None
    return graph
