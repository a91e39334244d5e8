"""What changed between two versions of a document, or two builds: tasks added, removed and
changed, and for a changed task which of its fields.

Tasks are matched as kg.map.lineage matches them (the same text, the same number with half the
text in common, else the most similar text), so a renumbered table still pairs each task with
itself. Two builds are compared document by document, paired by identity (government, year,
kind); documents whose bytes did not change are not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from kg.build import Build
from kg.build.parts import DocumentPart, PartsError, read_parts
from kg.map.keys import DocumentIdentity
from kg.map.lineage import match_tasks, normal_text
from kg.model import Extraction, Target, Task, from_records

__all__ = ["COLUMNS", "FIELDS", "TaskChange", "diff_builds", "diff_documents", "summary"]

# the fields of a task compared, as `kg diff` names them
FIELDS = ("text", "leaders", "lead_units", "co_units", "deadline", "targets")
COLUMNS = ("county", "year", "kind", "old_document", "new_document", "change", "old_task", "new_task", "match",
           "similarity", "fields", "old_text", "new_text", "changes")


@dataclass(slots=True)
class TaskChange:
    change: str  # added, removed, changed or unchanged
    county: str | None
    year: int | None
    kind: str
    old_document: str | None
    new_document: str | None
    old_task: str | None
    new_task: str | None
    match: str | None  # id: the same number; text: another number, a similar text
    similarity: float | None
    fields: list[str] = field(default_factory=list)
    old_text: str | None = None
    new_text: str | None = None
    changes: dict[str, list[Any]] = field(default_factory=dict)  # field -> [old value, new value]

    def record(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in COLUMNS}


def _targets_of(task: Task, targets: list[Target]) -> list[list[Any]]:
    """The task's stated targets: metric, value, upper value, unit, kind (its own, by number and lines)."""
    own = [t for t in targets if t.task == task.id and task.source.line_start <= t.line <= task.source.line_end]
    return sorted([t.metric, t.value, t.value_max, t.unit, t.kind] for t in own)


def _values(task: Task, targets: list[Target]) -> dict[str, Any]:
    return {"text": task.text, "leaders": list(task.leaders), "lead_units": list(task.lead_units),
            "co_units": list(task.co_units), "deadline": task.deadline, "targets": _targets_of(task, targets)}


def _same(name: str, a: Any, b: Any) -> bool:
    if name == "text":
        return bool(normal_text(a) == normal_text(b))
    return bool(a == b)


def diff_documents(old: Extraction | None, new: Extraction | None, *, unchanged: bool = False) -> list[TaskChange]:
    """The tasks of `old` and `new` (two versions of one document; either may be missing),
    paired; `unchanged` keeps the pairs without a change too."""
    base = new or old
    if base is None:
        return []
    doc = base.document
    old_doc, new_doc = (old.document.doc if old else None), (new.document.doc if new else None)

    def change(kind: str, a: Task | None, b: Task | None, **more: Any) -> TaskChange:
        return TaskChange(kind, doc.county, doc.year, doc.kind, old_doc, new_doc, a.id if a else None,
                          b.id if b else None, old_text=a.text if a else None, new_text=b.text if b else None,
                          **more)

    old_tasks, new_tasks = (old.tasks if old else []), (new.tasks if new else [])
    matching = match_tasks(old_tasks, new_tasks)
    out: list[TaskChange] = []
    for p in matching.pairs:
        a, b = old_tasks[p.old], new_tasks[p.new]
        va = _values(a, old.targets if old else [])
        vb = _values(b, new.targets if new else [])
        changed = [name for name in FIELDS if not _same(name, va[name], vb[name])]
        if changed or unchanged:
            out.append(change("changed" if changed else "unchanged", a, b, match=p.by,
                              similarity=round(p.similarity, 3), fields=changed,
                              changes={name: [va[name], vb[name]] for name in changed}))
    out.extend(change("removed", old_tasks[i], None, match=None, similarity=None) for i in matching.removed)
    out.extend(change("added", None, new_tasks[j], match=None, similarity=None) for j in matching.added)
    return out


def _documents(build: Build) -> list[DocumentPart]:
    try:
        return read_parts(build.layout.parts).documents
    except PartsError as exc:
        from kg.build import BuildError

        raise BuildError(f"{exc}; rebuild with `kg build`") from None


def _read(build: Build, part: DocumentPart) -> Extraction:
    with build.layout.records.open("rb") as fh:
        fh.seek(part.records[0])
        data = fh.read(part.records[1])
    return from_records([orjson.loads(line) for line in data.splitlines() if line])[0]


def _pairs(old: list[DocumentPart], new: list[DocumentPart]) -> Iterator[tuple[DocumentPart | None,
                                                                               DocumentPart | None]]:
    """Documents of two builds paired by identity (and file name, where one identity has several)."""
    def identity(d: DocumentPart) -> DocumentIdentity:
        return DocumentIdentity(*d.identity)

    rest = list(new)
    for a in old:
        same = [b for b in rest if identity(b) == identity(a)]
        b = next((b for b in same if b.name == a.name), same[0] if same else None)
        if b is not None:
            rest.remove(b)
        yield a, b
    for b in rest:
        yield None, b


def diff_builds(old: Build, new: Build, *, unchanged: bool = False) -> list[TaskChange]:
    """Every document's task changes between two builds, in the new build's order."""
    out: list[TaskChange] = []
    for a, b in _pairs(_documents(old), _documents(new)):
        if a is not None and b is not None and a.sha256 == b.sha256 and not unchanged:
            continue  # the same bytes: the same tasks
        out.extend(diff_documents(_read(old, a) if a else None, _read(new, b) if b else None, unchanged=unchanged))
    return out


def summary(changes: list[TaskChange]) -> str:
    counts = {kind: sum(c.change == kind for c in changes) for kind in ("added", "removed", "changed", "unchanged")}
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n or kind != "unchanged")
