"""`kg build`: documents -> records -> per government: resolve, map -> the build directory:
records, entities, the mapped graph, RDF files, the embedded SPARQL store and the named
questions' whole-nation answers (kg.stores.answers).

On an earlier build it is an update (kg.build.update): documents given anew are added or
replace their earlier versions, unchanged ones are not read again, and only the governments
whose documents changed are mapped again. The directory is assembled beside its final place
and swapped in whole at the end (kg.build.publish): a failed or killed build leaves the
previous one untouched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from kg.build.government import entity_records, graph_of, indicator_records
from kg.build.layout import BuildLayout
from kg.build.update import BuildResult, Ingested, Session, ingest
from kg.map import GraphData
from kg.model import Extraction
from kg.progress import Stages
from kg.stores import rdf
from kg.stores.answers import write_answers
from kg.stores.sparql import named_queries

__all__ = ["BuildResult", "build", "build_files", "entity_records", "indicator_records", "graph_of", "write_rdf",
           "distinct_documents"]


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


def build(extractions: Iterable[Extraction], out_dir: Path, *, inputs: Iterable[str | Path] = (),
          prune: bool = False, fresh: bool = False, progress: Callable[[str], None] = lambda _: None,
          bars: bool = False) -> BuildResult:
    """Build the documents read already into `out_dir`, which must be absent, empty or an earlier
    build (then it is updated: see kg.build.update; `prune` leaves out its documents not given,
    `fresh` ignores it), and must hold none of `inputs`. `bars`: a progress bar on stderr (on a
    terminal) over the governments mapped."""
    with Session(Path(out_dir), inputs=inputs, prune=prune, fresh=fresh, progress=progress, bars=bars) as session:
        for ex in extractions:
            session.add_extraction(ex)
        return session.commit()


def build_files(files: Sequence[Path], out_dir: Path, *, inputs: Iterable[str | Path] = (), jobs: int = 1,
                prune: bool = False, fresh: bool = False, describe: Callable[[Extraction], str] | None = None,
                on_document: Callable[[str], None] = lambda _: None,
                on_failure: Callable[[str], None] = lambda _: None,
                progress: Callable[[str], None] = lambda _: None, bars: bool = False) -> BuildResult:
    """Build the document files `files` into `out_dir` (as `build`), reading only those the
    earlier build does not hold (the same bytes under the same name), in `jobs` worker
    processes, one document at a time: no document's objects outlive it. `describe` (a
    module-level function, run where the document is read) gives the line `on_document` gets;
    `on_failure` gets a file's one-line error; `bars`: progress bars on stderr (on a terminal)
    over the documents read and the governments mapped."""
    from kg.pipeline import Failure, extract_all
    from kg.progress import bar

    with Session(Path(out_dir), inputs=inputs, prune=prune, fresh=fresh, progress=progress, bars=bars) as session:
        unread = [path for path in files if not session.offer(path)]
        if session.reused:
            progress(f"{session.reused} document{'s' * (session.reused != 1)} unchanged since the last build: "
                     "not read again")
        with bar(len(unread), "extract", "doc", enabled=bars) as counter:
            for item in extract_all(unread, jobs=jobs, then=partial(ingest, describe=describe)):
                if isinstance(item, Ingested):
                    if item.summary:
                        on_document(item.summary)
                    session.add(item)
                elif isinstance(item, Failure):
                    on_failure(item.message)
                counter.update()
        return session.commit()


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
