"""Keys that make IRIs unique (of a document within its county, of a task within its document),
and a document's identity: which document it is, whatever its version.

A document's key is its file name's stem; two different documents of one county with the same
stem (same file name in two folders) get the stem and the start of their content's SHA-256.
A task's key is the document's own number; a number that two lists share (numbering that
restarts per list) is prefixed with the list, and a number the document repeats within a list
gets `~2`, `~3`… in order, so no task ever merges into another.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from kg.model import Document, Task
from kg.ontology.iris import NATION_CODE, doc_stem
from kg.resolve import county_code

__all__ = ["DocumentIdentity", "document_identity", "document_keys", "government_of", "government_order", "task_keys"]


def government_of(doc: Document) -> str:
    """The code of the government that issued the document: what the build groups by (entities,
    derived relations and lineage are per government): kg.resolve.county_code, a government of
    any level."""
    return county_code(doc)


def government_order(code: str) -> tuple[bool, str]:
    """The order of governments in a build: the State Council first, then by code, which puts
    every government after those above it (a code above is the same digits ending in zeros)."""
    return (code != NATION_CODE, code)


class DocumentIdentity(NamedTuple):
    """Which document this is, whatever its version: the government, the year and the kind of
    document (a task table or the work report). `name` (the file's stem) only where the text
    tells no government or no year, so two such documents never count as one."""

    government: str
    year: int | None
    kind: str
    name: str = ""

    def __str__(self) -> str:
        return "/".join(str(part) for part in (self.government, self.year or "-", self.kind, self.name) if part)


def document_identity(doc: Document) -> DocumentIdentity:
    """The document's identity: a later version of it (a corrected table) replaces it in a build."""
    government = government_of(doc)
    known = government != "unknown" and doc.year is not None
    return DocumentIdentity(government, doc.year, doc.kind, "" if known else doc_stem(doc.doc))


def document_keys(documents: Sequence[Document]) -> list[str]:
    """One key per document, in order."""
    stems = [(county_code(d), doc_stem(d.doc)) for d in documents]
    versions: dict[tuple[str, str], set[str | None]] = defaultdict(set)
    for place, doc in zip(stems, documents, strict=True):
        versions[place].add(doc.sha256)
    keys = []
    for place, doc in zip(stems, documents, strict=True):
        stem = place[1]
        clash = len(versions[place]) > 1
        keys.append(f"{stem}-{(doc.sha256 or 'unknown')[:8]}" if clash else stem)
    return keys


def task_keys(tasks: Sequence[Task]) -> list[str]:
    """One key per task of a document, in order."""
    lists_of: dict[str, set[str]] = defaultdict(set)
    for task in tasks:
        lists_of[task.id].add(task.list)
    seen: Counter[str] = Counter()
    keys = []
    for task in tasks:
        key = task.id if len(lists_of[task.id]) == 1 or task.list == "main" else f"{task.list}-{task.id}"
        seen[key] += 1
        keys.append(key if seen[key] == 1 else f"{key}~{seen[key]}")
    return keys
