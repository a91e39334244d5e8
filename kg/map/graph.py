"""From extractions and resolved entities to the graph both stores load.

Each document is mapped into a fragment of its own and merged when it maps whole, so a
document that cannot be mapped is that document's error (`MapFailure`), never the build's.
Relations derived from several documents (SUPERVISES, COORDINATES_WITH, SERVES, a task's
lineage across years: CONTINUES) are all within one government, so mapping each government's
documents apart gives the same graph as mapping them all at once (what `kg build` does). The
one relation across governments, a target's amplification of the target of a government above
(AMPLIFIES), reads those governments' documents as `context`. The chain of governments above
(PART_OF), the data sets and the indicators and functions are shared: kg.build writes them once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kg.extract.government import NATIONAL_NAME
from kg.extract.resources import gazetteer
from kg.map.graphdata import GraphData, Node
from kg.map.keys import document_keys, government_of, task_keys
from kg.map.lineage import match_tasks
from kg.model import Document, Extraction, source_record
from kg.ontology import iris
from kg.ontology.functions import cofog_labels
from kg.ontology.indicators import Vocabulary, load_vocabulary
from kg.ontology.namespaces import GK
from kg.resolve import Entities, county_code
from kg.targets.ledger import Entry, ledger_entries


@dataclass(frozen=True, slots=True)
class MapFailure:
    doc: str
    message: str


def build_graph(extractions: Sequence[Extraction], entities: Entities) -> GraphData:
    """The graph of every document; a document that fails to map raises (see `map_graph`)."""
    graph, failures = map_graph(extractions, entities)
    if failures:
        raise ValueError(failures[0].message)
    return graph


def map_graph(extractions: Sequence[Extraction], entities: Entities,
              context: Sequence[Extraction] = ()) -> tuple[GraphData, list[MapFailure]]:
    """The graph of the documents that map, and a one-line failure for each that does not.
    `context`: the documents of the governments above theirs, mapped apart (kg.build maps each
    government's documents alone): only their targets are read, as the targets the ledger
    compares (AMPLIFIES links to them)."""
    g = GraphData()
    functions: set[str] = set()
    for (code, _key), unit in entities.units.items():
        iri = iris.group(code, unit.key) if unit.group else iris.unit(code, unit.key)
        g.add(Node("UnitGroup" if unit.group else "Unit", iri, {
            "name": unit.name, "key": unit.key, "type": unit.type,
            "aliases": sorted(unit.aliases),
        }))
        g.link("IN_COUNTY", iri, iris.county(code))
        if unit.function:
            functions.add(unit.function)
            g.link("HAS_FUNCTION", iri, iris.function(unit.function))
    labels = cofog_labels()
    for code in sorted(functions):
        en, zh = labels.get(code, (None, None))
        g.add(Node("Function", iris.function(code), {"name": zh, "name_en": en, "notation": code}))
    for (code, name), leader in entities.leaders.items():
        iri = iris.leader(code, name)
        g.add(Node("Leader", iri, {"name": name, "roles": list(leader.roles)}))
        g.link("IN_COUNTY", iri, iris.county(code))
        for role in leader.roles:
            post = iris.post(code, role, name)
            g.add(Node("Post", post, {"name": role}))
            g.link("HOLDS", iri, post)
            g.link("IN_COUNTY", post, iris.county(code))
        for key, tasks in leader.units.items():
            unit = entities.units[(code, key)]
            dst = iris.group(code, key) if unit.group else iris.unit(code, key)
            g.link("SUPERVISES", iri, dst, tasks=tasks)
    vocabulary = load_vocabulary()
    failures: list[MapFailure] = []
    keys = document_keys([ex.document for ex in extractions])
    observations: dict[int, str] = {}  # id(target or actual) -> its IRI
    mapped: list[tuple[Extraction, str]] = []
    for ex, key in zip(extractions, keys, strict=True):
        fragment = GraphData()
        try:
            _add_document(fragment, ex, key, entities, vocabulary)
        except Exception as exc:  # noqa: BLE001 - the document's error, the others go on
            failures.append(MapFailure(ex.document.doc, f"{ex.document.doc}: cannot be mapped to the graph: "
                                       f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"))
            continue
        g.merge(fragment)
        code = county_code(ex.document)
        observations.update((id(t), iris.target(code, key, n)) for n, t in enumerate(ex.targets, start=1))
        observations.update((id(a), iris.actual(code, key, n)) for n, a in enumerate(ex.actuals, start=1))
        mapped.append((ex, key))
    _add_coordination(g)
    _add_services(g)
    _add_lineage(g, mapped)
    for ex, key in zip(context, document_keys([ex.document for ex in context]), strict=True):
        code = county_code(ex.document)
        observations.update((id(t), iris.target(code, key, n)) for n, t in enumerate(ex.targets, start=1))
    _add_ledger(g, ledger_entries([*context, *(ex for ex, _ in mapped)]), observations)
    return g, failures


def _add_ledger(g: GraphData, entries: list[Entry], observations: dict[int, str]) -> None:
    """The ledger's verdicts on the targets it lists (kg.targets.ledger, as `kg targets
    --ledger` prints them): met, margin and difference with the achieved value it checks
    (ACHIEVED), and the amplification of the nearest ancestor's target (AMPLIFIES)."""
    for e in entries:
        iri = observations.get(id(e.target))
        if iri is None or iri not in g.nodes:
            continue
        g.nodes[iri].props.update(met=e.met, margin=e.margin, difference=e.difference,
                                  amplification=e.amplification, parent_value=e.parent_value)
        actual = observations.get(id(e.actual)) if e.actual is not None else None
        if actual in g.nodes:
            g.link("ACHIEVED", iri, actual)
        parent = observations.get(id(e.parent[1])) if e.parent is not None else None
        if parent is not None:  # a target of another government's part (`context`)
            g.link("AMPLIFIES", iri, parent)


def _add_government(g: GraphData, doc: Document, code: str) -> str:
    """The document's government node (a county's as before) and the chain of governments
    above it (PART_OF: county -> prefecture -> province -> the State Council)."""
    level = doc.level or "county"
    iri = iris.government(level, code)
    g.add(Node("County" if level == "county" else "Government", iri, {
        "name": doc.government or doc.county, "admin_code": doc.admin_code, "province": doc.province,
        "prefecture": doc.prefecture, "level": level,
    }))
    child, parent_code = iri, doc.parent_code
    if level == "province":
        parent_code = iris.NATION_CODE
    while parent_code is not None:
        if parent_code == iris.NATION_CODE:
            g.add(Node("Government", iris.government("national", parent_code), {
                "name": NATIONAL_NAME, "level": "national"}))
            g.link("PART_OF", child, iris.government("national", parent_code))
            break
        div = gazetteer.division_by_code().get(parent_code)
        if div is None:
            break
        parent = iris.government(div.level, div.admin_code)
        g.add(Node("Government", parent, {
            "name": div.name, "admin_code": div.admin_code, "province": div.province,
            "prefecture": div.name if div.level == "prefecture" else None, "level": div.level,
        }))
        g.link("PART_OF", child, parent)
        above = gazetteer.parent_of(div.admin_code)
        child, parent_code = parent, above.admin_code if above else iris.NATION_CODE
    return iri


_DATASETS = {"Target": "targets", "Actual": "actuals"}
_DATASET_NAMES = {"targets": ("Targets", "目标值"), "actuals": ("Achieved values", "完成值")}


def _dataset(g: GraphData, label: str) -> str:
    """The qb:DataSet the observations of `label` belong to, with its structure."""
    name = _DATASETS[label]
    iri = iris.dataset(name)
    if iri not in g.nodes:
        en, zh = _DATASET_NAMES[name]
        g.add(Node("DataSet", iri, {"name": zh, "name_en": en}))
        structure = str(GK.observationStructure)
        g.add(Node("DataStructure", structure, {"name": "目标与完成值观测结构",
                                                 "name_en": "Structure of target and achieved-value observations"}))
        g.link("STRUCTURE", iri, structure)
    return iri


def _task_iris(ex: Extraction, key: str) -> list[str]:
    code = county_code(ex.document)
    return [iris.task(code, key, task_key) for task_key in task_keys(ex.tasks)]


def _add_lineage(g: GraphData, mapped: list[tuple[Extraction, str]]) -> None:
    """A task's lineage across years: CONTINUES from each task to the task of the government's
    previous document of the same kind it carries on (kg.map.lineage: the same number or text),
    with how it was matched; `lineage` on the tasks of a document that has such a predecessor
    (carried: the same text; changed; new: it continues nothing) and `dropped_in` (the year) on
    the predecessor's tasks nothing continues. A year with two documents of one kind is left out:
    which one a task continues would be a guess."""
    by_kind: dict[tuple[str, str], dict[int, list[tuple[Extraction, str]]]] = {}
    for ex, key in mapped:
        if ex.document.year is not None:
            years = by_kind.setdefault((government_of(ex.document), ex.document.kind), {})
            years.setdefault(ex.document.year, []).append((ex, key))
    for years in by_kind.values():
        chain = [(year, docs[0]) for year, docs in sorted(years.items()) if len(docs) == 1]
        for (_, (old, old_key)), (year, (new, new_key)) in zip(chain, chain[1:], strict=False):
            old_iris, new_iris = _task_iris(old, old_key), _task_iris(new, new_key)
            matching = match_tasks(old.tasks, new.tasks)
            for p in matching.pairs:
                g.nodes[new_iris[p.new]].props["lineage"] = "carried" if p.same_text else "changed"
                g.link("CONTINUES", new_iris[p.new], old_iris[p.old], match=p.by, similarity=round(p.similarity, 3))
            for j in matching.added:
                g.nodes[new_iris[j]].props["lineage"] = "new"
            for i in matching.removed:
                g.nodes[old_iris[i]].props["dropped_in"] = year


def _add_services(g: GraphData) -> None:
    """SERVES from a county to each function its units serve: how many units, and how many
    tasks they lead or assist. What the national comparison of functions reads, ready-made
    (counting it from the units' tasks takes the embedded store 2 s at 2,800 counties)."""
    county_of: dict[str, str] = {}
    tasks_of: dict[str, set[str]] = {}
    for edge in g.edges:
        if edge.type == "IN_COUNTY":
            county_of[edge.src] = edge.dst
        elif edge.type in ("LEADS", "ASSISTS"):
            tasks_of.setdefault(edge.src, set()).add(edge.dst)
    units: dict[tuple[str, str], set[str]] = {}
    tasks: dict[tuple[str, str], set[str]] = {}
    for edge in g.edges:
        if edge.type == "HAS_FUNCTION":
            key = (county_of[edge.src], edge.dst)
            units.setdefault(key, set()).add(edge.src)
            tasks.setdefault(key, set()).update(tasks_of.get(edge.src, ()))
    for (county, function), served_by in sorted(units.items()):
        g.link("SERVES", county, function, units=len(served_by), tasks=len(tasks[(county, function)]))


def _add_coordination(g: GraphData) -> None:
    """COORDINATES_WITH between two units (not groups) that lead or assist the same tasks,
    weighted by how many; from the unit whose name sorts first."""
    units_of: dict[str, set[str]] = {}
    for edge in g.edges:
        if edge.type in ("LEADS", "ASSISTS") and g.nodes[edge.src].label == "Unit":
            units_of.setdefault(edge.dst, set()).add(edge.src)
    shared: Counter[tuple[str, str]] = Counter()
    for units in units_of.values():
        ordered = sorted(units, key=lambda iri: (g.nodes[iri].props["name"], iri))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                shared[(a, b)] += 1
    for (a, b), n in shared.items():
        g.link("COORDINATES_WITH", a, b, shared_tasks=n)


def _add_document(g: GraphData, ex: Extraction, key: str, entities: Entities,
                  vocabulary: Vocabulary) -> None:
    doc = ex.document
    code = county_code(doc)
    county = _add_government(g, doc, code)
    doc_iri = iris.document(code, key)
    g.add(Node("Document", doc_iri, {
        "name": doc.title or doc.doc, "title": doc.title, "year": doc.year, "layout": doc.layout,
        "issuer": doc.issuer, "doc_number": doc.doc_number, "file": doc.doc, "sha256": doc.sha256,
    }))
    g.link("IN_COUNTY", doc_iri, county)
    task_iris: dict[str, list[tuple[str, int, int]]] = {}  # task id -> (iri, lines) of each task so numbered
    for task, task_key in zip(ex.tasks, task_keys(ex.tasks), strict=True):
        iri = iris.task(code, key, task_key)
        task_iris.setdefault(task.id, []).append((iri, task.source.line_start, task.source.line_end))
        g.add(Node("Task", iri, {
            "task_id": task.id, "text": task.text, "list": task.list, "section": task.section,
            "subsection": task.subsection, "deadline": task.deadline,
            # guesses from the unit-function lexicon stay a property, never a LEADS edge
            "inferred_units": [u.unit for u in task.inferred_units],
            "ocr": True if task.ocr else None,
        }))
        # the lines, and where the task stands in a Word, Excel, PDF or web file
        g.link("DERIVED_FROM", iri, doc_iri, **source_record(task.source))
        g.link("IN_COUNTY", iri, county)
        for name in task.leaders:
            g.link("RESPONSIBLE_FOR", iris.leader(code, name), iri)
        for rel, units in (("LEADS", task.lead_units), ("ASSISTS", task.co_units)):
            seen: set[str] = set()
            for surface in units:
                unit = entities.unit_for(code, surface, doc.county)
                src = iris.group(code, unit.key) if unit.group else iris.unit(code, unit.key)
                if src not in seen:  # two spellings of one body in one cell
                    seen.add(src)
                    g.link(rel, src, iri)
        for metric in dict.fromkeys(task.targets):
            g.link("TARGETS", iri, _indicator(g, metric, vocabulary))
    for n, target in enumerate(ex.targets, start=1):
        iri = iris.target(code, key, n)
        g.add(Node("Target", iri, {
            "metric": target.metric, "metric_text": target.metric_text, "value": target.value,
            "value_max": target.value_max, "unit": target.unit, "kind": target.kind,
            "modifier": target.modifier, "relative": target.relative, "hedge": target.hedge,
            "headline": target.headline, "quote": target.quote, "line": target.line,
            "year": target.year if target.year is not None else doc.year, "lower": target.lower,
            "upper": target.upper, "hardness": target.hardness, "absent_reason": target.absent_reason,
        }))
        g.link("MEASURES", iri, _indicator(g, target.metric, vocabulary))
        g.link("DERIVED_FROM", iri, doc_iri, line_start=target.line, line_end=target.line)
        g.link("IN_COUNTY", iri, county)
        g.link("IN_DATASET", iri, _dataset(g, "Target"))
        owner = _task_of(task_iris.get(target.task or "", []), target.line)
        if owner is not None:
            g.link("HAS_TARGET", owner, iri)
    for n, actual in enumerate(ex.actuals, start=1):
        iri = iris.actual(code, key, n)
        g.add(Node("Actual", iri, {
            "metric": actual.metric, "metric_text": actual.metric_text, "value": actual.value,
            "unit": actual.unit, "kind": actual.kind, "modifier": actual.modifier,
            "modifier_text": actual.modifier_text, "year": actual.year, "period": actual.period,
            "quote": actual.quote, "line": actual.line,
        }))
        g.link("MEASURES", iri, _indicator(g, actual.metric, vocabulary))
        g.link("DERIVED_FROM", iri, doc_iri, line_start=actual.line, line_end=actual.line)
        g.link("IN_COUNTY", iri, county)
        g.link("IN_DATASET", iri, _dataset(g, "Actual"))


def _task_of(candidates: list[tuple[str, int, int]], line: int) -> str | None:
    """The task a target belongs to: of the tasks with its number, the one whose lines hold it."""
    for iri, first, last in candidates:
        if first <= line <= last:
            return iri
    return candidates[0][0] if candidates else None


def _indicator(g: GraphData, metric: str, vocabulary: Vocabulary) -> str:
    iri = iris.indicator(metric)
    concept = vocabulary.concepts.get(metric)
    g.add(Node("Indicator", iri, {"name": concept.label_zh if concept else metric,
                                  "name_en": concept.label_en if concept else None, "notation": metric}))
    return iri
