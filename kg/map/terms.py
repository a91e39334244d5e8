"""The single mapping from the model's graph to graph terms.

Nodes carry a label (Neo4j label, RDF class), properties (Neo4j property, RDF predicate)
and relationships (Neo4j type, RDF predicate). The RDF writer and the Neo4j loader both
read these tables, so the two stores cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.ontology.namespaces import DCTERMS, FOAF, GK, ORG, PREFIXES, PROV, QB, RDFS, SKOS

__all__ = ["CLASSES", "EXTRA_LABELS", "PROPERTIES", "RELATIONSHIPS", "REL_PROPERTIES", "SHARED_LABELS", "Prop", "Rel",
           "PREFIXES", "GK", "ORG"]

# Neo4j label -> RDF classes (the first is the govkg class)
CLASSES: dict[str, tuple[str, ...]] = {
    # a government of any level is an org:Organization; a county's is also a gk:County
    "County": (GK.County, GK.Government, ORG.Organization),
    "Government": (GK.Government, ORG.Organization),
    "Document": (GK.Document, PROV.Entity),
    "Task": (GK.Task, PROV.Entity),
    "Unit": (GK.Unit, ORG.Organization),
    "UnitGroup": (GK.UnitGroup,),
    "Leader": (GK.Leader, FOAF.Person),
    "Post": (ORG.Post,),
    "Indicator": (GK.Indicator, SKOS.Concept),
    # targets and achieved values are W3C Data Cube observations (gk:observationStructure)
    "Target": (GK.Target, PROV.Entity, QB.Observation),
    "Actual": (GK.Actual, PROV.Entity, QB.Observation),
    "DataSet": (QB.DataSet,),
    "DataStructure": (QB.DataStructureDefinition,),
    "Function": (GK.Function, SKOS.Concept),
}


# Neo4j labels a node carries besides its own, as the RDF node carries the classes above: a
# county's government is a Government too, so a question about governments of any level asks
# (g:Government) and finds the counties.
EXTRA_LABELS: dict[str, tuple[str, ...]] = {"County": ("Government",)}
# Nodes any government's part of the graph may link to, and no government owns: every other
# node belongs to one government's documents (kg.build writes and updates the graph per government).
# A government other than a county is named by the documents of the governments below it.
SHARED_LABELS = frozenset({"Indicator", "Function", "Government", "DataSet", "DataStructure"})


@dataclass(frozen=True, slots=True)
class Prop:
    predicate: str
    datatype: str = "string"  # string | zh | en | integer | decimal | boolean


# Properties of targets and achieved values, on their nodes and on the relationships that carry them.
_TARGET_PROPERTIES: dict[str, Prop] = {
    "level": Prop(GK.level),
    "lower": Prop(GK.lower, "decimal"),
    "upper": Prop(GK.upper, "decimal"),
    "hardness": Prop(GK.hardness),
    "absent_reason": Prop(GK.absentReason, "zh"),
    "period": Prop(GK.period),
    "modifier_text": Prop(GK.modifierText, "zh"),
    # the ledger's verdict on a target (kg.targets.ledger), computed once by `kg build`
    "met": Prop(GK.met),
    "margin": Prop(GK.margin, "decimal"),
    "difference": Prop(GK.difference, "decimal"),
    "amplification": Prop(GK.amplification, "decimal"),
    "parent_value": Prop(GK.parentValue, "decimal"),
}

# Neo4j property name -> RDF predicate and literal type; `iri` is the node key itself.
PROPERTIES: dict[str, Prop] = {
    "name": Prop(RDFS.label, "zh"),
    "name_en": Prop(RDFS.label, "en"),
    "aliases": Prop(SKOS.altLabel, "zh"),
    "notation": Prop(SKOS.notation),
    "admin_code": Prop(GK.adminCode),
    "province": Prop(GK.province, "zh"),
    "prefecture": Prop(GK.prefecture, "zh"),
    "title": Prop(DCTERMS.title, "zh"),
    "year": Prop(GK.year, "integer"),
    "issuer": Prop(DCTERMS.publisher, "zh"),
    "doc_number": Prop(DCTERMS.identifier),
    "layout": Prop(GK.layout),
    "file": Prop(GK.fileName),
    "sha256": Prop(GK.sha256),
    "task_id": Prop(GK.taskId),
    "text": Prop(GK.text, "zh"),
    "list": Prop(GK.list),
    "section": Prop(GK.section, "zh"),
    "subsection": Prop(GK.subsection, "zh"),
    "deadline": Prop(GK.deadline, "zh"),
    "inferred_units": Prop(GK.inferredUnit, "zh"),
    "key": Prop(GK.unitKey),
    "type": Prop(GK.unitType),
    "roles": Prop(GK.role, "zh"),
    "metric": Prop(GK.metric),
    "metric_text": Prop(GK.metricText, "zh"),
    "value": Prop(GK.value, "decimal"),
    "value_max": Prop(GK.valueMax, "decimal"),
    "unit": Prop(GK.unit),
    "kind": Prop(GK.kind),
    "modifier": Prop(GK.modifier),
    "relative": Prop(GK.relative, "zh"),
    "hedge": Prop(GK.hedge, "zh"),
    "headline": Prop(GK.headline, "boolean"),
    "quote": Prop(GK.quote, "zh"),
    "line": Prop(GK.line, "integer"),
    "tasks": Prop(GK.tasks, "integer"),
    "ocr": Prop(GK.ocr, "boolean"),
    **_TARGET_PROPERTIES,
    # a task's lineage across years (kg.map.lineage): carried, changed or new; the year it was dropped in
    "lineage": Prop(GK.lineage),
    "dropped_in": Prop(GK.droppedIn, "integer"),
}


@dataclass(frozen=True, slots=True)
class Rel:
    predicate: str
    # relationship properties live on a qualified node in RDF (PROV's qualification pattern)
    qualified_by: str | None = None
    qualified_class: str | None = None
    qualified_target: str | None = None


RELATIONSHIPS: dict[str, Rel] = {
    "IN_COUNTY": Rel(GK.inCounty),
    "SUPERVISES": Rel(GK.supervises),
    "RESPONSIBLE_FOR": Rel(GK.responsibleFor),
    "LEADS": Rel(GK.leads),
    "ASSISTS": Rel(GK.assists),
    "TARGETS": Rel(GK.targets),
    "HAS_TARGET": Rel(GK.hasTarget),
    "MEASURES": Rel(GK.measures),
    "HAS_FUNCTION": Rel(GK.function),
    # a government's place in the hierarchy: county -> prefecture -> province -> the State Council
    "PART_OF": Rel(ORG.subOrganizationOf),
    "IN_DATASET": Rel(QB.dataSet),
    "STRUCTURE": Rel(QB.structure),
    # the ledger (kg.targets.ledger): the achieved value a target is checked against, and the
    # ancestor government's target on the same indicator and year it goes beyond
    "ACHIEVED": Rel(GK.achieved),
    "AMPLIFIES": Rel(GK.amplifies),
    "HOLDS": Rel(ORG.holds),
    "DERIVED_FROM": Rel(PROV.wasDerivedFrom, PROV.qualifiedDerivation, PROV.Derivation, PROV.entity),
    # derived from the tasks, like SUPERVISES: two units that lead or assist the same tasks
    "COORDINATES_WITH": Rel(GK.coordinatesWith, GK.qualifiedCoordination, GK.Coordination, GK.partner),
    # derived too: a county's units that serve a function, and the tasks they lead or assist
    "SERVES": Rel(GK.serves, GK.qualifiedService, GK.Service, GK.servedFunction),
    # derived across documents: a task to the task of the previous year it carries on (kg.map.lineage)
    "CONTINUES": Rel(GK.continues, GK.qualifiedContinuation, GK.Continuation, GK.predecessor),
}

# Relationship properties -> predicates on the qualified node
REL_PROPERTIES: dict[str, Prop] = {
    "line_start": Prop(GK.lineStart, "integer"),
    "line_end": Prop(GK.lineEnd, "integer"),
    "sheet": Prop(GK.sourceSheet),
    "table": Prop(GK.sourceTable, "integer"),
    "row": Prop(GK.sourceRow, "integer"),
    "row_end": Prop(GK.sourceRowEnd, "integer"),
    "column": Prop(GK.sourceColumn, "integer"),
    "page": Prop(GK.sourcePage, "integer"),
    "page_end": Prop(GK.sourcePageEnd, "integer"),
    "page_line": Prop(GK.sourcePageLine, "integer"),
    "paragraph": Prop(GK.sourceParagraph, "integer"),
    "shared_tasks": Prop(GK.sharedTasks, "integer"),
    "units": Prop(GK.units, "integer"),
    "tasks": Prop(GK.tasks, "integer"),
    **_TARGET_PROPERTIES,
    "match": Prop(GK.match),
    "similarity": Prop(GK.similarity, "decimal"),
}
