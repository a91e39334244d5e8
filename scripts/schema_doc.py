"""Write docs/schema.md, the one-page schema cheat-sheet, from the ontology and a build.

    python scripts/schema_doc.py govkg-data > docs/schema.md

Classes and properties (with their Chinese labels and definitions) come from
kg/ontology/govkg.ttl, their Neo4j names from kg/map/terms.py, and one example of each from the
build's store (the first in IRI order), so the page cannot describe a term the graph does not use.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.build import open_build
from kg.map.terms import CLASSES, PROPERTIES, REL_PROPERTIES, RELATIONSHIPS
from kg.ontology.namespaces import ONTOLOGY
from kg.stores.sparql import PREFIXES, run_sparql

TTL = Path(__file__).resolve().parents[1] / "kg" / "ontology" / "govkg.ttl"
QUERIES = [
    ("Tasks a unit leads, with the lines they were read from",
     """SELECT ?county ?id ?start ?end ?text WHERE {
  ?u a gk:Unit ; rdfs:label "发展和改革局"@zh ; gk:leads ?t ; gk:inCounty/rdfs:label ?county .
  ?t gk:taskId ?id ; gk:text ?text ; prov:qualifiedDerivation [ gk:lineStart ?start ; gk:lineEnd ?end ] .
} ORDER BY ?county ?start LIMIT 5"""),
    ("Each leader's tasks and the units leading them",
     """SELECT ?county ?leader (COUNT(DISTINCT ?t) AS ?tasks) (COUNT(DISTINCT ?u) AS ?units) WHERE {
  ?l a gk:Leader ; rdfs:label ?leader ; gk:inCounty/rdfs:label ?county ; gk:responsibleFor ?t .
  OPTIONAL { ?u gk:leads ?t }
} GROUP BY ?county ?leader ORDER BY DESC(?tasks) LIMIT 5"""),
    ("Headline GDP targets, relative ones included",
     """SELECT ?county ?value ?modifier ?relative WHERE {
  ?g a gk:Target ; gk:headline true ; gk:measures/skos:notation "gdp" ; gk:modifier ?modifier ;
     gk:inCounty/rdfs:label ?county .
  OPTIONAL { ?g gk:value ?value } OPTIONAL { ?g gk:relative ?relative }
} ORDER BY ?county"""),
]


def short(term: object) -> str:
    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return f"<{text}>"


def label(g: Graph, term: URIRef, lang: str) -> str:
    return next((str(o) for o in g.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == lang), "")


def example(store: object, predicate: str) -> str:
    _, rows = run_sparql(store, f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }} ORDER BY ?s ?o LIMIT 1")
    if not rows:
        return "—"
    s, o = rows[0]["s"], rows[0]["o"]
    shown = str(o)
    if isinstance(o, str) and o.startswith("http"):
        shown = short(o) if not o.startswith("https://govkg.org/id/") else f"<{o}>"
    elif isinstance(o, str):
        shown = repr(o[:40] + ("…" if len(o) > 40 else ""))
    return f"`<{s}>` → `{shown}`".replace("|", "\\|")


def main(build_dir: str) -> str:
    g = Graph().parse(TTL, format="turtle")
    store = open_build(build_dir).store()
    neo4j_label = {str(classes[0]): name for name, classes in CLASSES.items()}
    neo4j_prop = {str(p.predicate): name for name, p in PROPERTIES.items()}
    neo4j_prop.update({str(p.predicate): f"{name} (on the relationship)" for name, p in REL_PROPERTIES.items()})
    neo4j_rel = {str(r.predicate): name for name, r in RELATIONSHIPS.items()}
    for name, r in RELATIONSHIPS.items():  # PROV's qualification: a relationship with properties, in RDF
        if r.qualified_by:
            neo4j_rel[str(r.qualified_by)] = f"{name} (its properties)"
            neo4j_rel[str(r.qualified_target)] = f"{name} (its end node)"
            neo4j_label[str(r.qualified_class)] = f"a {name} relationship"
    out = [
        "# The graph's schema: a cheat-sheet",
        "",
        "One page: every class and property govkg writes, its Chinese label, its name in Neo4j, what it means,",
        "and one example from the example corpus (`kg build examples/corpus`). The ontology with every",
        "definition is `kg/ontology/govkg.ttl`; `kg/map/terms.py` maps it to Neo4j. Regenerate this page with",
        "`python scripts/schema_doc.py govkg-data > docs/schema.md`.",
        "",
        "```",
        "Leader –supervises→ Unit –leads/assists→ Task –targets→ Indicator",
        "Task –hasTarget→ Target –measures→ Indicator;  Task –prov:wasDerivedFrom→ Document (lines on the qualified",
        "derivation);  Unit –function→ Function (COFOG);  everything –inCounty→ County",
        "```",
        "",
        "## Prefixes",
        "",
        "`kg query --sparql` and `GovKG.sparql` declare these for you (`kg query --prefixes` lists them):",
        "",
        "| prefix | namespace |",
        "|---|---|",
        *(f"| `{p}:` | `{ns}` |" for p, ns in PREFIXES.items()),
        "",
        "## Classes",
        "",
        "| class | 中文 | Neo4j label | meaning | example |",
        "|---|---|---|---|---|",
    ]
    for cls in sorted(set(g.subjects(RDF.type, OWL.Class)), key=str):
        if not str(cls).startswith(ONTOLOGY):
            continue
        definition = str(g.value(cls, SKOS.definition) or "")
        _, rows = run_sparql(store, f"SELECT ?s WHERE {{ ?s a <{cls}> }} ORDER BY ?s LIMIT 1")
        sample = f"`<{rows[0]['s']}>`" if rows else "—"
        out.append(f"| `{short(cls)}` | {label(g, cls, 'zh')} | {neo4j_label.get(str(cls), '—')} | {definition} | "
                   f"{sample} |")
    out += ["", "## Properties", "",
            "Relations between things first, then values. Neo4j: a relationship TYPE or a property name.", "",
            "| property | 中文 | Neo4j | domain → range | meaning | example |", "|---|---|---|---|---|---|"]
    props = [p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in sorted(
        set(g.subjects(RDF.type, kind)), key=str) if str(p).startswith(ONTOLOGY)]
    for prop in props:
        domain = short(g.value(prop, RDFS.domain)) if g.value(prop, RDFS.domain) else "any"
        rng = short(g.value(prop, RDFS.range)) if g.value(prop, RDFS.range) else "literal"
        neo = neo4j_rel.get(str(prop)) or neo4j_prop.get(str(prop)) or "—"
        out.append(f"| `{short(prop)}` | {label(g, prop, 'zh')} | {neo} | {domain} → {rng} | "
                   f"{g.value(prop, SKOS.definition) or ''} | {example(store, str(prop))} |")
    out += ["", "## Terms reused from W3C vocabularies", "",
            "| property | Neo4j | meaning | example |", "|---|---|---|---|"]
    reused: dict[str, str] = {}
    for name, prop in PROPERTIES.items():
        if not str(prop.predicate).startswith(ONTOLOGY):
            reused[str(prop.predicate)] = ", ".join(filter(None, (reused.get(str(prop.predicate)), name)))
    reused.update({str(r.predicate): name for name, r in RELATIONSHIPS.items()
                   if not str(r.predicate).startswith(ONTOLOGY)})
    reused.update({str(r.qualified_by): f"({name}'s qualified node)" for name, r in RELATIONSHIPS.items()
                   if r.qualified_by and not str(r.qualified_by).startswith(ONTOLOGY)})
    meanings = {"label": "name (Chinese `@zh`, English `@en`)", "altLabel": "another spelling the documents use",
                "notation": "code: COFOG code of a function, id of an indicator", "title": "document title",
                "publisher": "issuing body", "identifier": "document number (文号)", "holds": "leader holds a post",
                "wasDerivedFrom": "task or target read from this document",
                "qualifiedDerivation": "the derivation, with gk:lineStart and gk:lineEnd"}
    for predicate, name in sorted(reused.items(), key=lambda kv: short(kv[0])):
        local = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        out.append(f"| `{short(predicate)}` | {name} | {meanings.get(local, '')} | {example(store, predicate)} |")
    out += ["", "## Three queries to start from", "",
            "Each runs as it stands with `kg query --sparql '…'` (the tests run them on the example corpus).", ""]
    for title, text in QUERIES:
        columns, rows = run_sparql(store, text)
        if not rows:
            raise SystemExit(f"the example query {title!r} answers nothing on {build_dir}")
        out += [f"**{title}**", "", "```sparql", text, "```", ""]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(main(sys.argv[1] if len(sys.argv) > 1 else "govkg-data"))
