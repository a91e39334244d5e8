"""The SPARQL 1.1 service description (https://www.w3.org/TR/sparql11-service-description/),
answered at the endpoint to a GET without a query, in any RDF format pyoxigraph writes."""

from __future__ import annotations

import pyoxigraph as ox

from kg.ontology.namespaces import PREFIXES
from kg.service.negotiate import GRAPHS, RESULTS

__all__ = ["service_description"]

SD = "http://www.w3.org/ns/sparql-service-description#"
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
XSD_ANYURI = ox.NamedNode("http://www.w3.org/2001/XMLSchema#anyURI")


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(endpoint: str, fmt: ox.RdfFormat, *, timeout: float, max_rows: int) -> bytes:
    service = ox.NamedNode(endpoint)
    dataset, graph = ox.BlankNode(), ox.BlankNode()
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), graph),
        ox.Triple(graph, RDF_TYPE, _sd("Graph")),
        ox.Triple(service, RDFS_COMMENT, ox.Literal(
            f"govkg, read-only (SPARQL Update is refused). Every query stops after {timeout:g} s and "
            f"{max_rows} rows. The prefixes declared here (sh:declare) need not be declared in a query.")),
    ]
    iris = [f.iri for f in RESULTS] + [f.iri for f in GRAPHS]
    triples += [ox.Triple(service, _sd("resultFormat"), ox.NamedNode(iri)) for iri in iris]
    for prefix, namespace in sorted(PREFIXES.items()):
        declaration = ox.BlankNode()
        triples += [ox.Triple(service, ox.NamedNode(SH + "declare"), declaration),
                    ox.Triple(declaration, ox.NamedNode(SH + "prefix"), ox.Literal(prefix)),
                    ox.Triple(declaration, ox.NamedNode(SH + "namespace"), ox.Literal(namespace, datatype=XSD_ANYURI))]
    prefixes = {"sd": SD, "sh": SH, "rdfs": PREFIXES["rdfs"]}
    body = ox.serialize(triples, format=fmt, prefixes=prefixes if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG,
                                                                          ox.RdfFormat.N3) else None)
    return body or b""
