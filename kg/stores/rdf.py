"""RDF from the graph payload, through the single mapping (kg.map.terms).

pyoxigraph builds the embedded SPARQL store and writes Turtle and N-Triples; JSON-LD is
streamed by hand with a compact @context (rdflib's writer took 24 s and 780 MB for 100
counties); rdflib feeds pyshacl.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from kg.map.graphdata import GraphData
from kg.map.terms import CLASSES, PREFIXES, PROPERTIES, REL_PROPERTIES, RELATIONSHIPS

__all__ = ["terms", "to_oxigraph", "to_rdflib", "store_from_ntriples", "turtle_from_ntriples", "write_ntriples",
           "write_jsonld", "ontology_files", "JSONLD_CONTEXT", "JSONLD_HEAD", "JSONLD_TAIL", "jsonld_objects",
           "ntriples_of", "turtle_head", "turtle_of", "ontology_triples", "ontology_terms"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

# A term: ("iri", value) or ("literal", lexical form, datatype IRI or None, language or None)
Term = tuple[Any, ...]


def _literal(value: Any, datatype: str) -> Term:
    if datatype in ("zh", "en"):
        return ("literal", str(value), None, datatype)
    if datatype == "integer":
        return ("literal", str(int(value)), XSD + "integer", None)
    if datatype == "decimal":
        return ("literal", format(Decimal(str(value)).normalize(), "f"), XSD + "decimal", None)
    if datatype == "boolean":
        return ("literal", "true" if value else "false", XSD + "boolean", None)
    return ("literal", str(value), None, None)


def terms(graph: GraphData) -> Iterator[tuple[str, str, Term]]:
    """Every triple of the graph as (subject IRI, predicate IRI, object term)."""
    for node in graph.nodes.values():
        for cls in CLASSES[node.label]:
            yield node.iri, RDF_TYPE, ("iri", str(cls))
        for name, value in node.props.items():
            if value is None or value == [] or value == "":
                continue
            prop = PROPERTIES[name]
            for item in value if isinstance(value, list) else [value]:
                yield node.iri, str(prop.predicate), _literal(item, prop.datatype)
    counts: dict[tuple[str, str], int] = {}
    for edge in graph.edges:
        rel = RELATIONSHIPS[edge.type]
        yield edge.src, str(rel.predicate), ("iri", edge.dst)
        if edge.props and rel.qualified_by:
            # one qualified node per (subject, relation), numbered if a subject has several
            n = counts[(edge.src, edge.type)] = counts.get((edge.src, edge.type), 0) + 1
            q = f"{edge.src}#{edge.type.lower()}" + ("" if n == 1 else f"-{n}")
            yield edge.src, str(rel.qualified_by), ("iri", q)
            yield q, RDF_TYPE, ("iri", str(rel.qualified_class))
            yield q, str(rel.qualified_target), ("iri", edge.dst)
            for name, value in edge.props.items():
                prop = REL_PROPERTIES[name]
                yield q, str(prop.predicate), _literal(value, prop.datatype)


def ontology_files() -> list[tuple[str, bytes]]:
    """The shipped Turtle files that go into every store (ontology, vocabularies)."""
    out = []
    for name in ("govkg.ttl", "indicators.ttl"):
        path = resources.files("kg.ontology").joinpath(name)
        if path.is_file():
            out.append((name, path.read_bytes()))
    return out


def to_oxigraph(graph: GraphData) -> Iterator[Any]:
    import pyoxigraph as ox

    nodes: dict[str, Any] = {}

    def iri(value: str) -> Any:
        node = nodes.get(value)
        if node is None:
            node = nodes[value] = ox.NamedNode(value)
        return node

    for s, p, o in terms(graph):
        if o[0] == "iri":
            obj = iri(o[1])
        elif o[3]:
            obj = ox.Literal(o[1], language=o[3])
        elif o[2]:
            obj = ox.Literal(o[1], datatype=iri(o[2]))
        else:
            obj = ox.Literal(o[1])
        yield ox.Triple(iri(s), iri(p), obj)


def to_rdflib(graph: GraphData, *, with_ontology: bool = True) -> Any:
    from rdflib import Graph, Literal, URIRef

    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    if with_ontology:
        for _, data in ontology_files():
            g.parse(data=data, format="turtle")
    for s, p, o in terms(graph):
        obj: URIRef | Literal = URIRef(o[1]) if o[0] == "iri" else \
            Literal(o[1], lang=o[3], datatype=URIRef(o[2]) if o[2] else None)
        g.add((URIRef(s), URIRef(p), obj))
    return g


def _all_triples(graph: GraphData) -> Iterator[Any]:
    import pyoxigraph as ox

    for _, data in ontology_files():
        yield from (q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE))
    yield from to_oxigraph(graph)


def store_from_ntriples(ntriples: Path, path: Path) -> Any:
    """The embedded SPARQL store (pyoxigraph, on disk) loaded from `write_ntriples`' file; returned
    open. Rust parses the file without the GIL: 81 s for 11.9 M triples, where building the
    triples in Python again took 93-129 s."""
    import pyoxigraph as ox

    store = ox.Store(str(path))
    store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    store.optimize()
    return store


def turtle_from_ntriples(ntriples: Path, out: Any) -> None:
    """Turtle, byte for byte what serialising the graph gives, from `write_ntriples`' file
    (25 s for 11.9 M triples instead of 40)."""
    import pyoxigraph as ox

    triples = (q.triple for q in ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES))
    ox.serialize(triples, out, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_ntriples(graph: GraphData, out: Any) -> None:
    import pyoxigraph as ox

    ox.serialize(_all_triples(graph), out, format=ox.RdfFormat.N_TRIPLES)


JSONLD_CONTEXT = {**PREFIXES, "@language": "zh"}


def _compact(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _jsonld_value(term: Term) -> Any:
    if term[0] == "iri":
        return {"@id": term[1]}
    _, lexical, datatype, language = term
    if language == "zh":
        return lexical  # the context's default language
    if language:
        return {"@value": lexical, "@language": language}
    if datatype == XSD + "integer":
        return int(lexical)
    if datatype == XSD + "boolean":
        return lexical == "true"
    if datatype:
        return {"@value": lexical, "@type": _compact(datatype)}
    return {"@value": lexical}  # a plain string: a value object escapes the default language


def _ontology_terms() -> Iterator[tuple[str, str, Term]]:
    import pyoxigraph as ox

    for _, data in ontology_files():
        for quad in ox.parse(data, format=ox.RdfFormat.TURTLE):
            o = quad.object
            if isinstance(o, ox.Literal):
                term: Term = ("literal", o.value, None if o.language else o.datatype.value, o.language)
                if term[2] == XSD + "string":
                    term = ("literal", o.value, None, None)
            else:
                term = ("iri", o.value)
            yield quad.subject.value, quad.predicate.value, term


def _dump(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


JSONLD_HEAD = ('{"@context": ' + _dump(JSONLD_CONTEXT) + ',\n"@graph": [\n').encode("utf-8")
JSONLD_TAIL = b"\n]}\n"


def jsonld_objects(triples: Iterable[tuple[str, str, Term]]) -> Iterator[str]:
    """One JSON-LD node object (as JSON text) per run of triples about the same subject."""
    import itertools

    for subject, group in itertools.groupby(triples, key=lambda t: t[0]):
        obj: dict[str, Any] = {"@id": subject}
        for _, predicate, term in group:
            if predicate == RDF_TYPE and term[0] == "iri":
                obj.setdefault("@type", []).append(_compact(term[1]))
                continue
            key = _compact(predicate)
            value = _jsonld_value(term)
            if key in obj:
                if not isinstance(obj[key], list):
                    obj[key] = [obj[key]]
                obj[key].append(value)
            else:
                obj[key] = value
        yield _dump(obj)


def write_jsonld(graph: GraphData, out: Any) -> None:
    """JSON-LD with govkg's @context (prefixes, Chinese as the default language), streamed:
    one node object per run of triples about the same subject, so memory stays flat."""
    import itertools

    out.write(JSONLD_HEAD)
    first = True
    for obj in jsonld_objects(itertools.chain(_ontology_terms(), terms(graph))):
        out.write(((",\n" if not first else "") + obj).encode("utf-8"))
        first = False
    out.write(JSONLD_TAIL)


# ------------------------------------------------------------------ a graph in parts (kg.build)
#
# `kg build` writes each government's part of the graph on its own and the parts one after
# another, so that an update rewrites only the parts whose documents changed. A part's N-Triples,
# Turtle and JSON-LD are each a run of whole statements (node objects), valid between any others.


def ntriples_of(triples: list[Any]) -> bytes:
    import pyoxigraph as ox

    return _serialized(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))


def _serialized(out: bytes | None) -> bytes:
    if out is None:  # pyoxigraph returns the bytes when given no output
        raise ValueError("pyoxigraph wrote nothing")
    return out


def turtle_head() -> bytes:
    """The prefix lines a Turtle file of govkg's opens with."""
    import pyoxigraph as ox

    probe = ox.Triple(ox.NamedNode(PREFIXES["gk"] + "x"), ox.NamedNode(RDF_TYPE), ox.NamedNode(PREFIXES["gk"] + "x"))
    full = _serialized(ox.serialize([probe], format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
    return full[: full.index(b"\n", full.rindex(b"@prefix ")) + 1]


def turtle_of(triples: list[Any]) -> bytes:
    """Turtle statements without the prefix lines (`turtle_head`), which they use."""
    import pyoxigraph as ox

    if not triples:
        return b""
    full = _serialized(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
    lines = full.split(b"\n", len(PREFIXES))
    if len(lines) <= len(PREFIXES) or not all(line.startswith(b"@prefix ") for line in lines[:-1]):
        raise ValueError("pyoxigraph wrote Turtle prefixes another way")
    return lines[-1]


def ontology_triples() -> list[Any]:
    """The triples of the shipped ontology and vocabularies, in file order."""
    import pyoxigraph as ox

    return [q.triple for _, data in ontology_files() for q in ox.parse(data, format=ox.RdfFormat.TURTLE)]


def ontology_terms() -> list[tuple[str, str, Term]]:
    return list(_ontology_terms())
