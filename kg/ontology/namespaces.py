"""Every namespace govkg writes, in one place.

`GK` is govkg's own vocabulary (kg/ontology/govkg.ttl) as an rdflib `DefinedNamespace`: a
term that is not declared here raises at import, so a misspelt predicate cannot reach a
store. W3C vocabularies come from rdflib. IRIs of things (units, tasks, …) are minted by
`kg.ontology.iris`.
"""

from __future__ import annotations

from rdflib import DCTERMS, FOAF, ORG, PROV, QB, RDFS, SKOS, XSD, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY = "https://govkg.org/ontology#"
BASE = "https://govkg.org/id/"


class GK(DefinedNamespace):
    """govkg's classes and properties; each is defined, with labels, in govkg.ttl."""

    _NS = Namespace(ONTOLOGY)
    _fail = True

    Actual: URIRef
    Continuation: URIRef
    Coordination: URIRef
    County: URIRef
    Document: URIRef
    Function: URIRef
    Government: URIRef
    Indicator: URIRef
    Leader: URIRef
    Service: URIRef
    Target: URIRef
    Task: URIRef
    Unit: URIRef
    UnitGroup: URIRef
    absentReason: URIRef
    achieved: URIRef
    adminCode: URIRef
    amplification: URIRef
    amplifies: URIRef
    assists: URIRef
    continues: URIRef
    coordinatesWith: URIRef
    deadline: URIRef
    difference: URIRef
    droppedIn: URIRef
    fileName: URIRef
    function: URIRef
    hardness: URIRef
    hasTarget: URIRef
    headline: URIRef
    hedge: URIRef
    inCounty: URIRef
    inferredUnit: URIRef
    kind: URIRef
    layout: URIRef
    leads: URIRef
    level: URIRef
    line: URIRef
    lineEnd: URIRef
    lineStart: URIRef
    lineage: URIRef
    list: URIRef
    lower: URIRef
    margin: URIRef
    match: URIRef
    measures: URIRef
    met: URIRef
    metric: URIRef
    metricText: URIRef
    modifier: URIRef
    modifierText: URIRef
    observationStructure: URIRef
    parentValue: URIRef
    partner: URIRef
    period: URIRef
    prefecture: URIRef
    province: URIRef
    ocr: URIRef
    predecessor: URIRef
    qualifiedContinuation: URIRef
    qualifiedCoordination: URIRef
    qualifiedService: URIRef
    quote: URIRef
    relative: URIRef
    responsibleFor: URIRef
    role: URIRef
    section: URIRef
    servedFunction: URIRef
    serves: URIRef
    sha256: URIRef
    sharedTasks: URIRef
    sourceColumn: URIRef
    sourcePage: URIRef
    sourcePageEnd: URIRef
    sourcePageLine: URIRef
    sourceParagraph: URIRef
    sourceRow: URIRef
    sourceRowEnd: URIRef
    sourceSheet: URIRef
    sourceTable: URIRef
    similarity: URIRef
    subsection: URIRef
    supervises: URIRef
    targets: URIRef
    taskId: URIRef
    tasks: URIRef
    text: URIRef
    unit: URIRef
    unitKey: URIRef
    unitType: URIRef
    units: URIRef
    upper: URIRef
    value: URIRef
    valueMax: URIRef
    year: URIRef


PREFIXES: dict[str, str] = {
    "gk": ONTOLOGY, "org": str(ORG), "prov": str(PROV), "skos": str(SKOS),
    "dcterms": str(DCTERMS), "rdfs": str(RDFS), "foaf": str(FOAF), "xsd": str(XSD), "qb": str(QB),
}

__all__ = ["GK", "ORG", "PROV", "QB", "SKOS", "DCTERMS", "RDFS", "FOAF", "XSD", "PREFIXES", "ONTOLOGY", "BASE"]
