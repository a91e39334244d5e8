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
        t = time.perf_counter()
        store = rdf.write_store(graph, tmp / STORE)
        timings["store"] = time.perf_counter() - t
        t = time.perf_counter()
        kept = write_answers(store, tmp, named_queries(), progress=progress)
        del store  # close the store before the directory moves
        timings["answers"] = time.perf_counter() - t
        progress(f"kept the whole-nation answers of {len(kept)} named questions")
        # serialising from memory beats dumping the store (1.4 s against 2.9 s for 100 counties)
        for name, writer in (("graph.ttl", rdf.write_turtle), ("graph.nt", rdf.write_ntriples),
                             ("graph.jsonld", rdf.write_jsonld)):
            t = time.perf_counter()
            with (tmp / name).open("wb") as fh:
                writer(graph, fh)
            timings[name] = time.perf_counter() - t
        progress("wrote the store, graph.ttl, graph.nt, graph.jsonld")
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


def load_extractions(data_dir: Path) -> list[Extraction]:
    """The extractions a `kg build` directory was built from."""
    path = Path(data_dir) / RECORDS
    if not path.is_file():
        raise FileNotFoundError(f"{data_dir}: no {RECORDS} here; run `kg build` first")
    with path.open(encoding="utf-8") as fh:
        return from_records([json.loads(line) for line in fh])


def graph_of(extractions: list[Extraction]) -> GraphData:
    return build_graph(extractions, resolve(extractions))
