"""Building, and updating a build: documents in, the build directory out, part by part.

A build is a set of document versions. `kg build PATH... -o DIR` on an earlier build makes
the build of: the documents given (read anew, or reused from the earlier build where the same
file's bytes under the same name were read before), and the earlier build's documents whose
identity (government, year, kind: kg.map.keys.document_identity) none of them has, unless
`prune` (then only the documents given). The result equals a fresh build of that set.

The work is per government (kg.build.government): a government whose documents are the same
versions as before keeps its parts of every file, copied byte for byte from the earlier
build; the others are resolved and mapped again from their documents' records. Only records
go through memory, one government at a time; the store is loaded chunk by chunk, or the
earlier store updated by the statements that changed (kg.build.stores); the kept answers are
asked county by county and merged (kg.build.answers). The new build is assembled in a staging
directory beside the output and swapped in whole (kg.build.publish): a killed update leaves
the earlier build as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from kg.build.answers import AnswerParts
from kg.build.government import (
    GovernmentResult,
    ancestors_of,
    digest,
    global_bytes,
    global_graph,
    map_government,
    merge_shared,
    part_bytes,
    part_digest,
    shared_entries,
    stats_record,
)
from kg.build.layout import FORMAT, GENERATOR, BuildError, BuildLayout, read_manifest
from kg.build.parts import (
    SEGMENTED,
    DocumentPart,
    GovernmentPart,
    Parts,
    PartsError,
    fingerprint,
    read_parts,
    write_parts,
)
from kg.build.publish import check_replaceable, locked, staging, swap_in
from kg.build.stores import LoadedStore, UpdatedStore
from kg.map.graphdata import HEADER_LINE, GraphData, Node
from kg.map.keys import DocumentIdentity, document_identity, government_of, government_order
from kg.model import Document, Extraction, from_records, to_record
from kg.output import jsonl
from kg.progress import bar
from kg.read import InputError, read_bytes
from kg.stores import rdf
from kg.stores.sparql import named_queries

__all__ = ["BuildResult", "Ingested", "Session", "ingest"]

# Above this share of the build's documents changed, the store is loaded anew from every part
# and the kept answers evaluated anew: cheaper than so many single changes.
DELTA_MAX = 0.25


@dataclass(slots=True)
class BuildResult:
    out_dir: Path
    documents: int
    tasks: int
    nodes: int
    edges: int
    timings: dict[str, float] = field(default_factory=dict)
    # documents left out, one line each: mapping failures
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    read: int = 0  # documents read now
    reused: int = 0  # documents given again, the same version: not read again
    kept: int = 0  # documents of the earlier build not given, kept (without prune)
    replaced: int = 0  # earlier versions a document given replaces
    removed: int = 0  # earlier documents left out by prune
    governments_mapped: int = 0
    governments_copied: int = 0
    store: str = "loaded"  # or "updated", or "unchanged" (nothing changed: the build stays as it was)


@dataclass(slots=True)
class Ingested:
    """A document read now, as the build keeps it: its records, and a line about it."""

    records: bytes
    document: dict[str, Any]
    tasks: int
    summary: str | None = None


def ingest(ex: Extraction, describe: Callable[[Extraction], str] | None = None) -> Ingested:
    """What a worker process sends back for a document (kg.pipeline's `then`): its records as
    JSON Lines are far cheaper to ship and to keep than the objects."""
    return Ingested(jsonl(ex), to_record(ex.document), len(ex.tasks), describe(ex) if describe else None)


@dataclass(slots=True)
class _Doc:
    """A document of the new build, and where its records are: the earlier build's records.jsonl
    ("old") or this run's spool ("spool")."""

    sha256: str
    name: str
    government: str
    county: str | None
    year: int | None
    kind: str
    identity: DocumentIdentity
    tasks: int
    where: str
    offset: int
    length: int

    @property
    def key(self) -> str:
        return f"{self.sha256}:{self.name}"

    def order(self) -> tuple[int, str, str, str]:
        return (self.year if self.year is not None else -1, self.kind, self.name, self.sha256)

    @classmethod
    def of_document(cls, doc: Document, sha: str, tasks: int, where: str, offset: int, length: int) -> _Doc:
        return cls(sha, doc.doc, government_of(doc), doc.county, doc.year, doc.kind, document_identity(doc),
                   tasks, where, offset, length)

    @classmethod
    def of_part(cls, part: DocumentPart) -> _Doc:
        return cls(part.sha256, part.name, part.government, part.county, part.year, part.kind,
                   DocumentIdentity(*part.identity), part.tasks, "old", part.records[0], part.records[1])


class _Earlier:
    """The earlier build in the output directory, as far as it can be reused."""

    def __init__(self, root: Path, parts: Parts) -> None:
        self.root = root
        self.layout = BuildLayout(root)
        self.parts = parts
        self.reusable = parts.fingerprint == fingerprint()
        self.documents = {d.key: d for d in parts.documents}
        self.governments = {g.code: g for g in parts.governments}
        self._fds: dict[str, int] = {}

    @classmethod
    def open(cls, root: Path) -> _Earlier | None:
        manifest = read_manifest(root)
        layout = BuildLayout(root)
        if manifest is None or manifest.get("format") != FORMAT or not layout.parts.is_file():
            return None
        try:
            return cls(root, read_parts(layout.parts))
        except PartsError:
            return None

    def fd(self, name: str) -> int:
        if name not in self._fds:
            self._fds[name] = os.open(getattr(self.layout, name), os.O_RDONLY | os.O_CLOEXEC)
        return self._fds[name]

    def read(self, name: str, offset: int, length: int) -> bytes:
        data = os.pread(self.fd(name), length, offset)
        if len(data) != length:
            raise BuildError(f"{self.root}: {getattr(self.layout, name).name} is shorter than its index says; "
                             "rebuild with `kg build --fresh`")
        return data

    def close(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()


class _Outputs:
    """The files written part by part, each with where it stands; copies from the earlier build
    run in the kernel (copy_file_range), contiguous parts in one call."""

    def __init__(self, layout: BuildLayout, heads: dict[str, bytes]) -> None:
        self.files: dict[str, IO[bytes]] = {}
        self.at: dict[str, int] = {}
        for name in SEGMENTED:
            fh = open(getattr(layout, name), "wb", buffering=0)  # noqa: SIM115 - closed by close()
            fh.write(heads[name])
            self.files[name], self.at[name] = fh, len(heads[name])
        self._pending: dict[str, list[int]] = {}  # name -> [old offset, length] not yet copied
        self._source: _Earlier | None = None

    def write(self, name: str, data: bytes) -> list[int]:
        self._flush(name)
        start = self.at[name]
        view = memoryview(data)
        while view:
            view = view[self.files[name].write(view) or 0:]
        self.at[name] += len(data)
        return [start, len(data)]

    def copy(self, earlier: _Earlier, name: str, offset: int, length: int) -> list[int]:
        """Copy a part of the earlier build's file; returns where it lands."""
        self._source = earlier
        start = self.at[name]
        pending = self._pending.get(name)
        if pending is not None and pending[0] + pending[1] == offset:
            pending[1] += length
        else:
            self._flush(name)
            self._pending[name] = [offset, length]
        self.at[name] += length
        return [start, length]

    def _flush(self, name: str) -> None:
        pending = self._pending.pop(name, None)
        if pending is None or self._source is None:
            return
        src, dst = self._source.fd(name), self.files[name].fileno()
        offset, length = pending
        while length > 0:
            try:
                n = os.copy_file_range(src, dst, length, offset)
            except OSError:
                n = 0
            if n <= 0:  # not on this system or file system: through memory
                data = os.pread(src, min(length, 1 << 24), offset)
                if not data:
                    raise BuildError(f"{self._source.root}: a file is shorter than its index says; "
                                     "rebuild with `kg build --fresh`")
                os.write(dst, data)
                n = len(data)
            offset += n
            length -= n

    def close(self) -> None:
        for name, fh in self.files.items():
            self._flush(name)
            fh.close()


class Session:
    """One run of `kg build`: the lock held, the documents offered or added one by one, then
    `commit` assembles and swaps in the new build. Use as a context manager."""

    def __init__(self, out_dir: Path, *, inputs: Any = (), prune: bool = False, fresh: bool = False,
                 progress: Callable[[str], None] = lambda _: None, bars: bool = False) -> None:
        self.out_dir = Path(out_dir).resolve()
        self.bars = bars
        self.inputs = list(inputs)
        self.prune = prune
        self.fresh = fresh
        self.progress = progress
        self.started = time.perf_counter()
        self.notes: list[str] = []
        self.docs: list[_Doc] = []
        self.seen: dict[str, str] = {}  # sha256 -> the name it was first given under
        self.read = 0
        self.reused = 0
        self._shared_cache: dict[str, bytes] = {}
        self._context: dict[str, list[Extraction]] = {}  # a government's documents, as context

    def __enter__(self) -> Session:
        self._lock = locked(self.out_dir)
        self._lock.__enter__()
        try:
            check_replaceable(self.out_dir, self.inputs)
            self.earlier = None if self.fresh else _Earlier.open(self.out_dir)
            if self.earlier is None and not self.fresh and any(self.out_dir.glob("*")):
                self.notes.append(f"{self.out_dir}: made by another govkg (or not whole): built anew from the "
                                  "documents given; its other documents are not kept")
            self._staging = staging(self.out_dir)
            self.tmp = self._staging.__enter__()
            self.layout = BuildLayout(self.tmp)
            self.spool = open(self.tmp / ".spool", "w+b")  # noqa: SIM115 - closed in __exit__
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: Any) -> None:
        try:
            self.spool.close()
            if self.earlier is not None:
                self.earlier.close()
            self._staging.__exit__(*exc)
            if self.tmp.exists():  # not swapped in: nothing changed, or no document could be read
                shutil.rmtree(self.tmp, ignore_errors=True)
        finally:
            self._lock.__exit__(*exc)

    # ------------------------------------------------------------------ documents in

    @property
    def reusable(self) -> bool:
        return self.earlier is not None and self.earlier.reusable

    def offer(self, path: Path) -> bool:
        """True when the file needs no reading: its bytes under its name are in the earlier build
        (reused), or the same bytes were given already. False: read it and `add` what it gives."""
        try:
            data = read_bytes(Path(path))
        except InputError:
            return False  # reading it says what is wrong, as that file's error
        sha = hashlib.sha256(data).hexdigest()
        name = Path(path).name
        if sha in self.seen:
            self.notes.append(_repeat(name, self.seen[sha], sha))
            return True
        part = self.earlier.documents.get(f"{sha}:{name}") if self.earlier is not None and self.reusable else None
        if part is None:
            return False
        self.seen[sha] = name
        self.docs.append(_Doc.of_part(part))
        self.reused += 1
        return True

    def add(self, item: Ingested) -> None:
        """A document read now."""
        doc = from_records([item.document])[0].document
        sha = doc.sha256 or "records-" + hashlib.sha256(item.records).hexdigest()
        if sha in self.seen:
            self.notes.append(_repeat(doc.doc, self.seen[sha], sha))
            return
        self.seen[sha] = doc.doc
        part = self.earlier.documents.get(f"{sha}:{doc.doc}") if self.earlier is not None and self.reusable else None
        if part is not None and self.earlier is not None and \
                self.earlier.read("records", *part.records) == item.records:
            self.docs.append(_Doc.of_part(part))  # the same records: its government need not change
            self.reused += 1
            return
        offset = self.spool.seek(0, os.SEEK_END)
        self.spool.write(item.records)
        self.docs.append(_Doc.of_document(doc, sha, item.tasks, "spool", offset, len(item.records)))
        self.read += 1

    def add_extraction(self, ex: Extraction) -> None:
        self.add(ingest(ex))

    # ------------------------------------------------------------------ the build

    def _plan(self) -> tuple[list[_Doc], list[str]]:
        """The documents of the new build, and the keys of the earlier build's documents it drops."""
        given_ids = {d.identity for d in self.docs}
        given_shas = {d.sha256 for d in self.docs}
        given_keys = {d.key for d in self.docs}
        kept: list[_Doc] = []
        dropped: list[str] = []
        self.replaced = self.removed = 0
        if self.earlier is not None:
            for part in self.earlier.parts.documents:
                if part.key in given_keys:
                    continue
                doc = _Doc.of_part(part)
                if doc.identity in given_ids or doc.sha256 in given_shas:
                    self.replaced += 1
                    dropped.append(part.key)
                elif self.prune:
                    self.removed += 1
                    dropped.append(part.key)
                else:
                    kept.append(doc)
        if kept:
            self.notes.append(f"kept {len(kept)} document{'s' * (len(kept) != 1)} of the earlier build that "
                              f"{'was' if len(kept) == 1 else 'were'} not given (give --prune to leave "
                              f"{'it' if len(kept) == 1 else 'them'} out)")
        if kept and self.earlier is not None and not self.earlier.reusable:
            self.notes.append(f"{len(kept)} kept document{'s' * (len(kept) != 1)} were read by another govkg "
                              "version; give their files again to read them anew")
        by_id: dict[DocumentIdentity, list[str]] = {}
        for doc in self.docs:
            by_id.setdefault(doc.identity, []).append(doc.name)
        for identity, names in by_id.items():
            if len(names) > 1:
                self.notes.append(f"{', '.join(names)}: {len(names)} versions of one document ({identity}); "
                                  "all kept")
        self.kept = len(kept)
        return self.docs + kept, dropped

    def _records(self, doc: _Doc) -> bytes:
        if doc.where == "spool":
            return os.pread(self.spool.fileno(), doc.length, doc.offset)
        assert self.earlier is not None
        return self.earlier.read("records", doc.offset, doc.length)

    def commit(self) -> BuildResult:
        if not self.docs:
            raise BuildError(f"no document could be read; {self.out_dir} is unchanged")
        self.spool.flush()
        timings: dict[str, float] = {"read": time.perf_counter() - self.started}
        documents, _dropped = self._plan()
        groups: dict[str, list[_Doc]] = {}
        for doc in documents:
            groups.setdefault(doc.government, []).append(doc)
        order = {code: sorted(groups[code], key=_Doc.order) for code in sorted(groups, key=government_order)}
        earlier = self.earlier if self.reusable else None
        unchanged = {code for code, docs in order.items()
                     if earlier is not None and code in earlier.governments
                     and [d.key for d in docs] == earlier.governments[code].documents
                     and not earlier.governments[code].failures}
        if earlier is not None:  # a government above changed: its targets' amplification may have too
            moved = (set(order) - unchanged) | (set(earlier.governments) - set(order))
            unchanged = {code for code in unchanged if not moved.intersection(earlier.governments[code].ancestors)}
        changed_docs = sum(len(docs) for code, docs in order.items() if code not in unchanged)
        if earlier is not None and unchanged == set(order) == set(earlier.governments) and _answers_current(earlier):
            return self._as_it_was(earlier, timings)
        delta = earlier is not None and changed_docs <= DELTA_MAX * max(1, len(documents))
        assert earlier is not None or not unchanged
        t = time.perf_counter()
        heads = {"records": b"", "entities": b"", "graph_data": HEADER_LINE, "ntriples": b"",
                 "turtle": rdf.turtle_head(), "jsonld": rdf.JSONLD_HEAD}
        sink: LoadedStore | UpdatedStore
        if delta:
            assert earlier is not None
            sink = UpdatedStore(earlier.layout.store, self.layout.store)
        else:
            sink = LoadedStore(self.layout.store)
        outputs = _Outputs(self.layout, heads)
        answers = AnswerParts(self.layout.answers, named_queries())
        parts = Parts(FORMAT, fingerprint(), {name: len(data) for name, data in heads.items()})
        failures: list[str] = []
        shared: dict[str, list[Any]] = {}
        digests: dict[str, str] = {}
        mapped = copied = 0
        governments = bar(len(order), "build", "government", enabled=self.bars)
        try:
            if earlier is not None:
                for code, gone in earlier.governments.items():
                    if code not in order:  # a government none of whose documents is left
                        sink.part(_reader(earlier, gone.ranges["ntriples"]), b"")
            for code, docs in order.items():
                governments.update()
                old = earlier.governments.get(code) if earlier is not None else None
                if code in unchanged and earlier is not None and old is not None:
                    part = self._copy(earlier, old, outputs, parts)
                    digests[code] = part.digest
                    sink.unchanged(_reader(earlier, old.ranges["ntriples"]))
                    own = {iri: earlier.parts.global_nodes[iri] for iri in old.globals}
                    merge_shared(shared, own)
                    part.answers = answers.copy(old.county, old.answers, earlier.layout.answers,
                                                _statements(earlier, old, own, self._shared_nt))
                    copied += 1
                    continue
                result, records = self._map(docs, order)
                failures += [f.message for f in result.failures]
                data = part_bytes(result, b"".join(b for _, b in records))
                part = self._write(result, data, [(d, len(b)) for d, b in records], outputs, parts, digests)
                own = shared_entries(result)
                merge_shared(shared, own)
                part.answers = answers.evaluate(result.county, data["ntriples"] + self._shared_nt(own))
                before = _reader(earlier, old.ranges["ntriples"]) if earlier is not None and old is not None \
                    else _nothing
                sink.part(before, data["ntriples"])
                mapped += 1
            governments.close()
            glob = global_graph(shared)
            tail = global_bytes(glob)
            parts.global_nodes = {iri: shared[iri] for iri in sorted(shared)}
            parts.global_ranges = {name: outputs.write(name, tail[name]) for name in SEGMENTED}
            parts.global_digest = digest(tail["graph_data"])
            sink.part(_reader(earlier, earlier.parts.global_ranges["ntriples"]) if earlier is not None else _nothing,
                      tail["ntriples"])
            outputs.close()
            timings["parts"] = time.perf_counter() - t
            t = time.perf_counter()
            store = sink.finish()
            timings["store"] = time.perf_counter() - t
        except BaseException:
            sink.abandon()
            outputs.close()
            answers.abandon()
            raise
        t = time.perf_counter()
        answers.finish(store, progress=self.progress, statements=self._statements_of(parts))
        del store, sink
        timings["answers"] = time.perf_counter() - t
        self.spool.close()
        (self.tmp / ".spool").unlink()
        write_parts(parts, self.layout.parts)
        built = BuildResult(self.out_dir, len(parts.documents), sum(d.tasks for d in parts.documents),
                             len(parts.global_nodes) + sum(g.nodes for g in parts.governments),
                             sum(g.edges for g in parts.governments), timings, failures, self.notes,
                             read=self.read, reused=self.reused, kept=self.kept, replaced=self.replaced,
                             removed=self.removed, governments_mapped=mapped, governments_copied=copied,
                             store="updated" if delta else "loaded")
        self.layout.manifest.write_text(json.dumps(_manifest(parts, built), ensure_ascii=False, indent=1),
                                        encoding="utf-8")
        if self.earlier is not None:
            self.earlier.close()
        swap_in(self.tmp, self.out_dir)
        built.timings["total"] = time.perf_counter() - self.started
        return built

    def _as_it_was(self, earlier: _Earlier, timings: dict[str, float]) -> BuildResult:
        """Nothing to change: the earlier build stays, untouched."""
        manifest = read_manifest(self.out_dir) or {}
        self.notes.append(f"nothing changed since the last build: {self.out_dir} is as it was")
        timings["total"] = time.perf_counter() - self.started
        return BuildResult(self.out_dir, len(earlier.parts.documents), sum(d.tasks for d in earlier.parts.documents),
                           int(manifest.get("nodes", 0)), int(manifest.get("edges", 0)), timings, [], self.notes,
                           read=0, reused=self.reused, kept=self.kept, governments_copied=len(earlier.governments),
                           store="unchanged")

    def _map(self, docs: list[_Doc], order: dict[str, list[_Doc]]) -> tuple[GovernmentResult, list[tuple[_Doc, bytes]]]:
        """A government mapped from its documents' records, with the documents of the
        governments above it as context; the documents it holds (those that could be mapped),
        each with its records."""
        records = [(d, self._records(d)) for d in docs]
        extractions = _extractions(data for _, data in records)
        context = [ex for code in ancestors_of(extractions) if code in order for ex in self._documents_of(code)]
        result = map_government(extractions, context)
        if extractions and extractions[0].document.level not in (None, "county"):
            self._context[result.code] = result.documents  # a government above others: kept as context
        left_out = {f.doc for f in result.failures}
        return result, [(d, data) for d, data in records if d.name not in left_out]

    def _documents_of(self, code: str) -> list[Extraction]:
        """A government's documents in this build (mapped now, or as the earlier build holds them)."""
        if code not in self._context:
            earlier = self.earlier
            old = earlier.governments.get(code) if earlier is not None else None
            if earlier is None or old is None:
                return []  # mapped after those below it: cannot happen in build order
            self._context[code] = _extractions(earlier.read("records", *earlier.documents[key].records)
                                               for key in old.documents)
        return self._context[code]

    def _write(self, result: GovernmentResult, data: dict[str, bytes], kept: list[tuple[_Doc, int]],
               outputs: _Outputs, parts: Parts, digests: dict[str, str]) -> GovernmentPart:
        ranges = {name: outputs.write(name, data[name]) for name in SEGMENTED}
        offset = ranges["records"][0]
        keys: list[str] = []
        for doc, length in kept:
            parts.documents.append(DocumentPart(doc.sha256, doc.name, doc.government, doc.county, doc.year, doc.kind,
                                                list(doc.identity), doc.tasks, [offset, length]))
            offset += length
            keys.append(doc.key)
        digests[result.code] = part_digest(data["graph_data"], result.ancestors, digests)
        part = GovernmentPart(
            result.code, result.county, keys, [f.message for f in result.failures], digests[result.code],
            ranges, sorted(result.shared), stats_record(result.entities.stats), len(result.graph.nodes),
            len(result.graph.edges), ancestors=list(result.ancestors))
        parts.governments.append(part)
        return part

    def _copy(self, earlier: _Earlier, old: GovernmentPart, outputs: _Outputs, parts: Parts) -> GovernmentPart:
        ranges = {name: outputs.copy(earlier, name, *old.ranges[name]) for name in SEGMENTED}
        shift = ranges["records"][0] - old.ranges["records"][0]
        for key in old.documents:
            doc = earlier.documents[key]
            parts.documents.append(DocumentPart(doc.sha256, doc.name, doc.government, doc.county, doc.year,
                                                doc.kind, doc.identity, doc.tasks,
                                                [doc.records[0] + shift, doc.records[1]]))
        part = GovernmentPart(old.code, old.county, list(old.documents), [], old.digest, ranges, list(old.globals),
                              old.stats, old.nodes, old.edges, ancestors=list(old.ancestors))
        parts.governments.append(part)
        return part

    def _statements_of(self, parts: Parts) -> Callable[[str], bytes]:
        """The statements of the governments whose County node has this name (in the new build's
        N-Triples), with the shared nodes they link to: what a question about that name reads."""
        def statements(name: str) -> bytes:
            out = []
            with self.layout.ntriples.open("rb") as fh:
                for g in parts.governments:
                    if g.county == name:
                        fh.seek(g.ranges["ntriples"][0])
                        out.append(fh.read(g.ranges["ntriples"][1]))
                        out.append(self._shared_nt({iri: parts.global_nodes[iri] for iri in g.globals}))
            return b"".join(out)
        return statements

    def _shared_nt(self, nodes: dict[str, list[Any]]) -> bytes:
        """N-Triples of shared nodes (IRI -> [label, props, edges]), each made once."""
        cache = self._shared_cache
        out = []
        for iri in sorted(nodes):
            if iri not in cache:
                label, props, *_ = nodes[iri]
                cache[iri] = rdf.ntriples_of(list(rdf.to_oxigraph(GraphData({iri: Node(label, iri, props)}))))
            out.append(cache[iri])
        return b"".join(out)


def _repeat(name: str, first: str, sha: str) -> str:
    """The note on a file given twice: it would count its tasks twice."""
    return f"{name}: the same bytes as the input {first} read before it (SHA-256 {sha[:12]}…); read once"


def _extractions(records: Any) -> list[Extraction]:
    """Documents from their records (JSON Lines, as records.jsonl holds them)."""
    return from_records([orjson.loads(line) for data in records for line in data.splitlines() if line])


def _answers_current(earlier: _Earlier) -> bool:
    """Whether the earlier build kept the answer of every named query as its text is now."""
    from kg.stores.answers import INDEX, query_digest

    try:
        index = orjson.loads((earlier.layout.answers / INDEX).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    return isinstance(index, dict) and all(
        isinstance(index.get(name), dict) and index[name].get("sha256") == query_digest(query)
        for name, query in named_queries().items())


def _statements(earlier: _Earlier, part: GovernmentPart, shared: dict[str, list[Any]],
                shared_nt: Callable[[dict[str, list[Any]]], bytes]) -> Callable[[], bytes]:
    """A government's statements as the earlier build has them, with its shared nodes'."""
    return lambda: earlier.read("ntriples", *part.ranges["ntriples"]) + shared_nt(shared)


def _reader(earlier: _Earlier, where: list[int]) -> Callable[[], bytes]:
    return lambda: earlier.read("ntriples", where[0], where[1])


def _nothing() -> bytes:
    return b""


def _manifest(parts: Parts, result: BuildResult) -> dict[str, Any]:
    stats = [g.stats for g in parts.governments]

    def total(key: str) -> int:
        return sum(int(s.get(key, 0)) for s in stats)

    return {
        "generator": GENERATOR,
        "format": FORMAT,
        "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "documents": [d.name for d in parts.documents],
        "tasks": result.tasks,
        "nodes": result.nodes,
        "edges": result.edges,
        "left_out": [*result.failures, *result.notes],
        "resolution": {
            "surface_forms": total("surface_forms"), "units": total("units"), "groups": total("groups"),
            "merged": total("merged"), "leaders": total("leaders"),
            "unresolved": [u for s in stats for u in s.get("unresolved", [])],
        },
        "update": {
            "read": result.read, "reused": result.reused, "kept": result.kept, "replaced": result.replaced,
            "removed": result.removed, "governments_mapped": result.governments_mapped,
            "governments_copied": result.governments_copied, "store": result.store,
        },
    }
