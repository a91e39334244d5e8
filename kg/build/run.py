"""`kg build`: extractions -> resolve -> map -> the build directory: records, entities, the
mapped graph, RDF files, the embedded SPARQL store and the named questions' whole-nation
answers (kg.stores.answers).

The directory is assembled beside its final place and swapped in whole at the end
(kg.build.publish): a failed or killed build leaves the previous one untouched.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.build.layout import FORMAT, GENERATOR, BuildLayout
from kg.build.publish import check_replaceable, locked, staging, swap_in
from kg.map import GraphData, MapFailure, build_graph, map_graph, write_graphdata
from kg.model import Extraction
from kg.ontology import iris
from kg.output import dumpb, jsonl
from kg.progress import Stages
from kg.resolve import Entities, resolve
from kg.stores import rdf
from kg.stores.answers import write_answers
from kg.stores.sparql import named_queries

__all__ = ["BuildResult", "build", "entity_records", "indicator_records", "graph_of", "write_rdf",
           "distinct_documents"]


@dataclass(slots=True)
class BuildResult:
    out_dir: Path
    documents: int
    tasks: int
    nodes: int
    edges: int
    timings: dict[str, float] = field(default_factory=dict)
    # documents left out, one line each: mapping failures and repeats of another document
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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


def indicator_records(extractions: list[Extraction]) -> list[dict[str, Any]]:
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


def distinct_documents(extractions: Iterable[Extraction]) -> tuple[list[Extraction], list[str]]:
    """The documents, each content once: a file read twice (the same bytes under two names or
    folders) would count its tasks twice. Returns (documents, one note per repeat)."""
    seen: dict[str, str] = {}
    kept: list[Extraction] = []
    notes: list[str] = []
    for ex in extractions:
        digest = ex.document.sha256
        if digest is not None and digest in seen:
            notes.append(f"{ex.document.doc}: the same bytes as the input {seen[digest]} read before it "
                         f"(SHA-256 {digest[:12]}…); read once")
            continue
        if digest is not None:
            seen[digest] = ex.document.doc
        kept.append(ex)
    return kept, notes


# the stages `build` shows on its progress bar
STAGES = ("resolve", "map", "records", "graph.nt", "store", "answers", "graph.ttl", "graph.jsonld")


def build(extractions: Iterable[Extraction], out_dir: Path, *, inputs: Iterable[str | Path] = (),
          progress: Callable[[str], None] = lambda _: None, bars: bool = False) -> BuildResult:
    """Build into `out_dir`, which must be absent, empty or an earlier build (kg.build.publish),
    and must hold none of `inputs`. `progress` gets a line after each step; `bars` shows a
    progress bar of the stages on stderr (on a terminal)."""
    started = time.perf_counter()
    out_dir = Path(out_dir).resolve()
    with locked(out_dir), Stages(len(STAGES), "build", enabled=bars) as stages:
        check_replaceable(out_dir, inputs)
        timings: dict[str, float] = {}
        docs, notes = distinct_documents(extractions)
        timings["extract"] = time.perf_counter() - started

        t = time.perf_counter()
        with stages.stage("resolve"):
            entities = resolve(docs)
        with stages.stage("map"):
            graph, failed = map_graph(docs, entities)
            if failed:  # resolve again without them: nothing of theirs may stay in the graph
                docs = [ex for ex in docs if ex.document.doc not in {f.doc for f in failed}]
                entities = resolve(docs)
                graph, more = map_graph(docs, entities)
                failed += more
        timings["resolve+graph"] = time.perf_counter() - t
        progress(f"resolved {entities.stats.units} units, {entities.stats.groups} groups, "
                 f"{entities.stats.leaders} leaders; graph {len(graph.nodes)} nodes, {len(graph.edges)} edges")

        with staging(out_dir) as tmp:
            layout = BuildLayout(tmp)
            t = time.perf_counter()
            with stages.stage("records"):
                with layout.records.open("wb") as fh:
                    for ex in docs:
                        fh.write(jsonl(ex))
                with layout.entities.open("wb") as fh:
                    for rec in entity_records(entities) + indicator_records(docs):
                        fh.write(dumpb(rec) + b"\n")
                with layout.graph_data.open("wb") as fh:
                    write_graphdata(graph, fh)
            timings["records"] = time.perf_counter() - t
            timings.update(write_rdf(graph, layout, progress=progress, stages=stages))
            manifest = _manifest(docs, graph, entities, failed, notes)
            layout.manifest.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
            swap_in(tmp, out_dir)
    timings["total"] = time.perf_counter() - started
    return BuildResult(out_dir, len(docs), manifest["tasks"], len(graph.nodes), len(graph.edges), timings,
                       [f.message for f in failed], notes)


def _manifest(docs: list[Extraction], graph: GraphData, entities: Entities, failed: list[MapFailure],
              notes: list[str]) -> dict[str, Any]:
    return {
        "generator": GENERATOR,
        "format": FORMAT,
        "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "documents": [ex.document.doc for ex in docs],
        "tasks": sum(len(ex.tasks) for ex in docs),
        "nodes": len(graph.nodes),
        "edges": len(graph.edges),
        "left_out": [f.message for f in failed] + notes,
        "resolution": {
            "surface_forms": entities.stats.surface_forms, "units": entities.stats.units,
            "groups": entities.stats.groups, "merged": entities.stats.merged,
            "leaders": entities.stats.leaders, "unresolved": entities.stats.unresolved,
        },
    }


def write_rdf(graph: GraphData, layout: BuildLayout, *, jsonld: bool = True,
              progress: Callable[[str], None] = lambda _: None, stages: Stages | None = None) -> dict[str, float]:
    """graph.nt; then, side by side, the store loaded from it and the kept answers (a thread:
    pyoxigraph works without the GIL) and graph.ttl and graph.jsonld (this thread). Seconds of
    each, and of them all ("rdf"), which is less than their sum on two cores."""
    timings: dict[str, float] = {}
    stages = stages or Stages(0, "", enabled=False)
    started = time.perf_counter()
    with stages.stage("graph.nt"), layout.ntriples.open("wb") as fh:
        rdf.write_ntriples(graph, fh)
    timings["graph.nt"] = time.perf_counter() - started

    def store_and_answers() -> int:
        t = time.perf_counter()
        with stages.stage("store"):
            store = rdf.store_from_ntriples(layout.ntriples, layout.store)
        timings["store"] = time.perf_counter() - t
        t = time.perf_counter()
        with stages.stage("answers"):
            kept = write_answers(store, layout.answers, named_queries(), progress=progress)
        timings["answers"] = time.perf_counter() - t
        return len(kept)  # the store closes as this returns, before the directory moves

    with ThreadPoolExecutor(1) as pool:
        kept = pool.submit(store_and_answers)
        t = time.perf_counter()
        with stages.stage("graph.ttl"), layout.turtle.open("wb") as fh:
            rdf.turtle_from_ntriples(layout.ntriples, fh)
        timings["graph.ttl"] = time.perf_counter() - t
        if jsonld:
            t = time.perf_counter()
            with stages.stage("graph.jsonld"), layout.jsonld.open("wb") as fh:
                rdf.write_jsonld(graph, fh)
            timings["graph.jsonld"] = time.perf_counter() - t
        progress(f"wrote graph.nt, graph.ttl{', graph.jsonld' if jsonld else ''}, the store and the "
                 f"whole-nation answers of {kept.result()} named questions")
    timings["rdf"] = time.perf_counter() - started
    return timings


def graph_of(extractions: list[Extraction]) -> GraphData:
    """The graph of documents read now (no build directory involved)."""
    return build_graph(extractions, resolve(extractions))
