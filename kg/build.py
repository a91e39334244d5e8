"""`kg build`: extract -> resolve -> graph -> files, the embedded SPARQL store and the named
questions' whole-nation answers (kg.answers).

The output directory is assembled beside its final place and renamed into it at the end,
so a failed build leaves the previous one untouched.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.answers import write_answers
from kg.graph import build_graph
from kg.load import rdf
from kg.model import Extraction, from_records
from kg.ontology import iris
from kg.ontology.mapping import GraphData
from kg.output import dumpb, jsonl
from kg.query import named_queries
from kg.resolve import Entities, resolve

RECORDS = "records.jsonl"
ENTITIES = "entities.jsonl"
STORE = "store"
MANIFEST = "manifest.json"


@dataclass(slots=True)
class BuildResult:
    out_dir: Path
    documents: int
    tasks: int
    nodes: int
    edges: int
    timings: dict[str, float] = field(default_factory=dict)


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
    from kg.targets import load_vocabulary

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


def build(extractions: Iterable[Extraction], out_dir: Path, *,
          progress: Callable[[str], None] = lambda _: None) -> BuildResult:
    started = time.perf_counter()
    timings: dict[str, float] = {}
    docs = list(extractions)
    timings["extract"] = time.perf_counter() - started

    t = time.perf_counter()
    entities = resolve(docs)
    graph = build_graph(docs, entities)
    timings["resolve+graph"] = time.perf_counter() - t
    progress(f"resolved {entities.stats.units} units, {entities.stats.groups} groups, "
             f"{entities.stats.leaders} leaders; graph {len(graph.nodes)} nodes, {len(graph.edges)} edges")

    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}."))
    try:
        t = time.perf_counter()
        with (tmp / RECORDS).open("wb") as fh:
            for ex in docs:
                fh.write(jsonl(ex))
        with (tmp / ENTITIES).open("wb") as fh:
            for rec in entity_records(entities) + indicator_records(docs):
                fh.write(dumpb(rec) + b"\n")
        timings["records"] = time.perf_counter() - t
        timings.update(write_rdf(graph, tmp, progress=progress))
        manifest = {
            "documents": [ex.document.doc for ex in docs],
            "tasks": sum(len(ex.tasks) for ex in docs),
            "nodes": len(graph.nodes),
            "edges": len(graph.edges),
            "resolution": {
                "surface_forms": entities.stats.surface_forms, "units": entities.stats.units,
                "groups": entities.stats.groups, "merged": entities.stats.merged,
                "leaders": entities.stats.leaders, "unresolved": entities.stats.unresolved,
            },
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out_dir.rename(old)
            tmp.rename(out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    timings["total"] = time.perf_counter() - started
    return BuildResult(out_dir, len(docs), manifest["tasks"], len(graph.nodes), len(graph.edges), timings)


def write_rdf(graph: GraphData, directory: Path, *, jsonld: bool = True,
              progress: Callable[[str], None] = lambda _: None) -> dict[str, float]:
    """graph.nt; then, side by side, the store loaded from it and the kept answers (a thread:
    pyoxigraph works without the GIL) and graph.ttl and graph.jsonld (this thread). Seconds of
    each, and of them all ("rdf"), which is less than their sum on two cores."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    ntriples = directory / "graph.nt"
    with ntriples.open("wb") as fh:
        rdf.write_ntriples(graph, fh)
    timings["graph.nt"] = time.perf_counter() - started

    def store_and_answers() -> int:
        t = time.perf_counter()
        store = rdf.store_from_ntriples(ntriples, directory / STORE)
        timings["store"] = time.perf_counter() - t
        t = time.perf_counter()
        kept = write_answers(store, directory, named_queries(), progress=progress)
        timings["answers"] = time.perf_counter() - t
        return len(kept)  # the store closes as this returns, before the directory moves

    with ThreadPoolExecutor(1) as pool:
        kept = pool.submit(store_and_answers)
        t = time.perf_counter()
        with (directory / "graph.ttl").open("wb") as fh:
            rdf.turtle_from_ntriples(ntriples, fh)
        timings["graph.ttl"] = time.perf_counter() - t
        if jsonld:
            t = time.perf_counter()
            with (directory / "graph.jsonld").open("wb") as fh:
                rdf.write_jsonld(graph, fh)
            timings["graph.jsonld"] = time.perf_counter() - t
        progress(f"wrote graph.nt, graph.ttl{', graph.jsonld' if jsonld else ''}, the store and the "
                 f"whole-nation answers of {kept.result()} named questions")
    timings["rdf"] = time.perf_counter() - started
    return timings


def load_extractions(data_dir: Path) -> list[Extraction]:
    """The extractions a `kg build` directory was built from."""
    path = Path(data_dir) / RECORDS
    if not path.is_file():
        raise FileNotFoundError(f"{data_dir}: no {RECORDS} here; run `kg build` first")
    with path.open(encoding="utf-8") as fh:
        return from_records([json.loads(line) for line in fh])


def graph_of(extractions: list[Extraction]) -> GraphData:
    return build_graph(extractions, resolve(extractions))
