"""Keys that make IRIs unique: of a document within its county, of a task within its document.

A document's key is its file name's stem; two different documents of one county with the same
stem (same file name in two folders) get the stem and the start of their content's SHA-256.
A task's key is the document's own number; a number that two lists share (numbering that
restarts per list) is prefixed with the list, and a number the document repeats within a list
gets `~2`, `~3`… in order, so no task ever merges into another.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from kg.model import Document, Task
from kg.ontology.iris import doc_stem
from kg.resolve import county_code

__all__ = ["document_keys", "task_keys"]


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
