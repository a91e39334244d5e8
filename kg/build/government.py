"""One government's part of a build: its documents resolved and mapped apart from all others,
and the bytes of its part of every output file.

Units, groups and leaders are entities of one government, and every relation derived from
several documents (SUPERVISES, COORDINATES_WITH, SERVES, CONTINUES) stays within one; only
the indicators, functions, data sets and governments other than counties are shared
(`GLOBAL_LABELS`: a county's documents name the governments above it), and they are written
once, in the build's global part, with the chain of governments between them (PART_OF). The
one relation across parts is a target's amplification of the target of a government above
(AMPLIFIES): a government is mapped with the documents of the governments above it as
context, and mapped again when theirs change. So the graph of a build is its governments'
parts side by side, and an update maps again only the governments whose documents, or whose
governments above, changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.map import GraphData, MapFailure, map_graph
from kg.map.graphdata import GraphPart, Node, graph_lines
from kg.map.keys import government_of, government_order
from kg.map.terms import SHARED_LABELS
from kg.model import Extraction
from kg.ontology import iris
from kg.output import dumpb
from kg.resolve import Entities, ResolutionStats, resolve
from kg.stores import rdf

__all__ = ["GLOBAL_LABELS", "GovernmentResult", "ancestors_of", "build_order", "entity_records", "global_graph",
           "graph_of", "indicator_records", "map_government", "part_bytes", "stats_record"]

# Nodes any government's tasks and units may link to: written once, in the global part.
GLOBAL_LABELS = SHARED_LABELS
# Relationships between shared nodes (the chain of governments, a data set's structure): global too.
GLOBAL_RELATIONSHIPS = frozenset({"PART_OF", "STRUCTURE"})


def build_order(extractions: Iterable[Extraction]) -> list[list[Extraction]]:
    """The documents grouped by government (codes in order), each government's documents by
    year, kind and file: the one order of a build, whatever the order the files were given in."""
    groups: dict[str, list[Extraction]] = {}
    for ex in extractions:
        groups.setdefault(government_of(ex.document), []).append(ex)
    return [sorted(groups[code], key=_document_order) for code in sorted(groups, key=government_order)]


def ancestors_of(documents: Sequence[Extraction]) -> list[str]:
    """The codes of the governments above these documents' government, nearest first (what the
    ledger compares their targets with)."""
    from kg.targets.ledger import ancestor_codes

    found: list[str] = []
    for ex in documents:
        found += [code for code in ancestor_codes(ex.document) if code not in found]
    return found


def _document_order(ex: Extraction) -> tuple[int, str, str, str]:
    doc = ex.document
    return (doc.year if doc.year is not None else -1, doc.kind, doc.doc, doc.sha256 or "")


def entity_records(entities: Entities) -> list[dict[str, Any]]:
    """One record per resolved entity (units, groups, leaders)."""
    out: list[dict[str, Any]] = []
    for (code, key), unit in sorted(entities.units.items()):
        out.append({
            "county": unit.county,
            "iri": iris.group(code, key) if unit.group else iris.unit(code, key),
            "kind": "group" if unit.group else "unit",
            "name": unit.name,
            "aliases": sorted(unit.aliases),
            "type": unit.type,
            "function": unit.function,
            "function_label": unit.function_label,
            "tasks": unit.tasks,
            "lead_tasks": unit.lead_tasks,
            "co_tasks": unit.co_tasks,
            "sources": {alias: where for alias, where in sorted(unit.aliases.items())},
        })
    for (code, name), leader in sorted(entities.leaders.items()):
        out.append({
            "county": leader.county,
            "iri": iris.leader(code, name),
            "kind": "leader",
            "name": name,
            "aliases": [],
            "type": None,
            "function": None,
            "roles": leader.roles,
            "tasks": leader.tasks,
            "units": dict(leader.units.most_common()),
        })
    return out


def indicator_records(extractions: Sequence[Extraction]) -> list[dict[str, Any]]:
    """One record per indicator a county's tasks target."""
    from kg.ontology.indicators import load_vocabulary

    concepts = load_vocabulary().concepts
    counts: dict[tuple[str | None, str], int] = {}
    for ex in extractions:
        for task in ex.tasks:
            for metric in set(task.targets):
                key = (ex.document.county, metric)
                counts[key] = counts.get(key, 0) + 1
    return [
        {"county": county, "iri": iris.indicator(metric), "kind": "indicator",
         "name": concepts[metric].label_zh if metric in concepts else metric, "aliases": [], "type": None,
         "function": None, "tasks": n}
        for (county, metric), n in sorted(counts.items(), key=lambda kv: (kv[0][0] or "", kv[0][1]))
    ]


def stats_record(stats: ResolutionStats) -> dict[str, Any]:
    return {"surface_forms": stats.surface_forms, "units": stats.units, "groups": stats.groups,
            "merged": stats.merged, "leaders": stats.leaders, "unresolved": list(stats.unresolved)}


@dataclass(slots=True)
class GovernmentResult:
    """A government mapped: what of it went in, its graph without the shared nodes, and those."""

    code: str
    documents: list[Extraction]  # those mapped, in build order
    failures: list[MapFailure]
    graph: GraphData  # its own nodes and every edge of its documents
    shared: dict[str, Node] = field(default_factory=dict)  # shared nodes it links to
    entities: Entities = field(default_factory=Entities)
    shared_edges: dict[str, list[list[Any]]] = field(default_factory=dict)  # shared IRI -> [[rel, dst, props]]
    ancestors: list[str] = field(default_factory=list)  # codes of the governments above, nearest first

    @property
    def county(self) -> str | None:
        """The name of its government's node (what named queries show)."""
        level = self.documents[0].document.level if self.documents else None
        iri = iris.government(level, self.code)
        node = self.graph.nodes.get(iri) or self.shared.get(iri)
        name = node.props.get("name") if node is not None else None
        return name if isinstance(name, str) else None


def map_government(documents: Sequence[Extraction], context: Sequence[Extraction] = ()) -> GovernmentResult:
    """One government's documents (in build order) resolved and mapped; a document that cannot
    be mapped is left out, and the others resolved again without it. `context`: the documents
    of the governments above it (kg.map.map_graph)."""
    docs = list(documents)
    code = government_of(docs[0].document)
    ancestors = ancestors_of(docs)
    entities = resolve(docs)
    graph, failed = map_graph(docs, entities, context)
    if failed:  # resolve again without them: nothing of theirs may stay in the graph
        docs = [ex for ex in docs if ex.document.doc not in {f.doc for f in failed}]
        entities = resolve(docs)
        graph, more = map_graph(docs, entities, context) if docs else (GraphData(), [])
        failed += more
    own = GraphData()
    shared: dict[str, Node] = {}
    for iri, node in graph.nodes.items():
        (shared if node.label in GLOBAL_LABELS else own.nodes)[iri] = node
    shared_edges: dict[str, list[list[Any]]] = {}
    for edge in graph.edges:
        if edge.type in GLOBAL_RELATIONSHIPS and edge.src in shared:
            shared_edges.setdefault(edge.src, []).append([edge.type, edge.dst, edge.props])
        else:
            own.edges.append(edge)
    return GovernmentResult(code, docs, failed, own, shared, entities, shared_edges, ancestors)


def shared_entries(result: GovernmentResult) -> dict[str, list[Any]]:
    """The shared nodes of a government as the build's index keeps them: IRI -> [label, props,
    edges from it]."""
    return {iri: [n.label, n.props, result.shared_edges.get(iri, [])] for iri, n in result.shared.items()}


def merge_shared(into: dict[str, list[Any]], entries: dict[str, list[Any]]) -> None:
    """Join shared nodes as GraphData.add joins a node's properties (each government that names
    a government above gives the same), with their edges once each."""
    for iri, (label, props, edges) in entries.items():
        held = into.get(iri)
        if held is None:
            into[iri] = [label, dict(props), [list(e) for e in edges]]
            continue
        held[1].update({k: v for k, v in props.items() if v is not None})
        held[2] += [list(e) for e in edges if list(e) not in held[2]]


def part_bytes(result: GovernmentResult, records: bytes) -> dict[str, bytes]:
    """The government's part of each output file (kg.build.parts.SEGMENTED); `records`: its
    documents' records as read."""
    triples = list(rdf.to_oxigraph(result.graph))
    entities = b"".join(dumpb(rec) + b"\n" for rec in
                        entity_records(result.entities) + indicator_records(result.documents))
    return {
        "records": records,
        "entities": entities,
        "graph_data": graph_lines(result.graph),
        "ntriples": rdf.ntriples_of(triples),
        "turtle": rdf.turtle_of(triples),
        "jsonld": "".join(obj + ",\n" for obj in rdf.jsonld_objects(rdf.terms(result.graph))).encode("utf-8"),
    }


def global_graph(nodes: dict[str, list[Any]]) -> GraphData:
    """The shared nodes (IRI -> [label, props, edges]) as a graph, in the order of label and
    IRI, and the edges between them."""
    g = GraphData()
    for iri, (label, props, *_) in sorted(nodes.items(), key=lambda kv: (kv[1][0], kv[0])):
        g.nodes[iri] = Node(label, iri, props)
    for iri in g.nodes:
        edges = nodes[iri][2] if len(nodes[iri]) > 2 else []
        for rel, dst, props in sorted(edges, key=lambda e: (e[0], e[1])):
            g.link(rel, iri, dst, **props)
    return g


def global_bytes(graph: GraphData) -> dict[str, bytes]:
    """The build's last part: the ontology and the shared nodes (the JSON-LD's closing too)."""
    triples = rdf.ontology_triples() + list(rdf.to_oxigraph(graph))
    objects = rdf.jsonld_objects([*rdf.ontology_terms(), *rdf.terms(graph)])
    return {
        "records": b"",
        "entities": b"",
        "graph_data": graph_lines(graph),
        "ntriples": rdf.ntriples_of(triples),
        "turtle": rdf.turtle_of(triples),
        "jsonld": ",\n".join(objects).encode("utf-8") + rdf.JSONLD_TAIL,
    }


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def part_digest(graph_data: bytes, ancestors: Sequence[str], digests: dict[str, str]) -> str:
    """A government's part's digest (what a Neo4j load compares): of its part of graph.jsonl and
    of the parts of the governments above it in the build, whose targets its AMPLIFIES edges
    reach: a Neo4j load that replaces those replaces it too."""
    above = "".join(f"\n{code} {digests[code]}" for code in ancestors if code in digests)
    return digest(graph_data + above.encode())


def graph_of(extractions: Iterable[Extraction]) -> GraphData:
    """The graph of documents read now, as a build would map them (no build directory involved)."""
    graph = GraphData()
    for part in graph_parts(extractions):
        piece = part.load()
        graph.nodes.update(piece.nodes)
        graph.edges.extend(piece.edges)
    return graph


def graph_parts(extractions: Iterable[Extraction]) -> list[GraphPart]:
    """The graph of documents read now in parts, one per government and one of the shared nodes,
    as a build holds them (what a Neo4j load takes)."""
    parts: list[GraphPart] = []
    shared: dict[str, list[Any]] = {}
    mapped: dict[str, list[Extraction]] = {}
    digests: dict[str, str] = {}
    for group in build_order(extractions):
        context = [ex for code in ancestors_of(group) for ex in mapped.get(code, [])]
        result = map_government(group, context)
        if result.failures:
            raise ValueError(result.failures[0].message)
        mapped[result.code] = result.documents
        digests[result.code] = part_digest(graph_lines(result.graph), result.ancestors, digests)
        parts.append(GraphPart(result.code, digests[result.code], _given(result.graph)))
        merge_shared(shared, shared_entries(result))
    glob = global_graph(shared)
    parts.append(GraphPart("", digest(graph_lines(glob)), _given(glob)))
    return parts


def _given(graph: GraphData) -> Callable[[], GraphData]:
    return lambda: graph
