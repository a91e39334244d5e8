"""Extraction: `SourceText` -> `Extraction` (document, tasks, terms, anomalies), by layout.

In: a `SourceText` from kg.read. Out: an `Extraction` of the canonical model, final once
returned (later stages add, never change). Targets are the next stage (kg.targets).

Every layout is a module under `kg/extract/layout/` offering the `Layout` protocol,
registered here by name and imported lazily. `extract(src)` picks the layout from the
content, never from the file name; `extract(src, layout=NAME)` skips detection.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from typing import Protocol, cast

from kg.extract.metadata import Overrides, read_document_and_government, settle_government
from kg.extract.provenance import locate
from kg.model import Anomaly, Document, Extraction, Task
from kg.read import InputError, SourceText

__all__ = ["Layout", "InputError", "Overrides", "SourceText", "extract", "detect", "layouts", "register", "get"]


class Layout(Protocol):
    """What a layout module offers."""

    NAME: str
    DESCRIPTION: str
    KIND: str  # the kind of document it reads: "tasks" (a decomposition table) or "report"

    def detect(self, src: SourceText) -> float:
        """0..1, how well the content fits."""
        ...

    def read(self, src: SourceText, doc: Document) -> Extraction:
        """Tasks, terms and anomalies of the document; may fill document facts it reads."""
        ...


_REGISTRY: dict[str, str] = {}
# A layout must be at least this sure before we trust it with a document.
MIN_CONFIDENCE = 0.5
# A layout this sure ends detection: the layouts are far apart, and asking every detector
# costs as much as reading the document.
SURE = 0.9


def register(name: str, module_path: str) -> None:
    _REGISTRY[name] = module_path


def get(name: str) -> Layout:
    try:
        path = _REGISTRY[name]
    except KeyError:
        raise InputError(f"unknown layout: {name} (known: {', '.join(sorted(_REGISTRY))})") from None
    return cast(Layout, importlib.import_module(path))


def layouts() -> list[str]:
    return sorted(_REGISTRY)


def detect(src: SourceText) -> tuple[str, float]:
    """The best-fitting layout and its score; InputError when none fits."""
    scores: dict[str, float] = {}
    for name in _REGISTRY:
        scores[name] = get(name).detect(src)
        if scores[name] >= SURE:
            break
    best = max(scores, key=lambda n: scores[n])
    if scores[best] < MIN_CONFIDENCE:
        raise InputError(f"{_shown(src)}: text is in none of the known layouts ({', '.join(layouts())})")
    return best, scores[best]


def extract(src: SourceText, layout: str | None = None, overrides: Overrides | None = None) -> Extraction:
    """Read one document; InputError (one line naming it) when a task table yields no task (a
    report without a plan part still has a header, review and glossary to give). `overrides`
    (`kg extract --county/--year`) replace the detected government and year."""
    name = layout or detect(src)[0]
    module = get(name)
    doc, gov = read_document_and_government(src.name, src.lines, name, kind=module.KIND, sha256=src.sha256,
                                            overrides=overrides)
    result = module.read(src, doc)
    if not result.tasks and module.KIND == "tasks":
        why = "; ".join(a.message for a in result.anomalies[:2]) or "nothing in it reads as a task"
        raise InputError(f"{_shown(src)}: read as {name}, but no task found ({why})")
    if gov.evidence == "mentions":
        # now that the layout has read the document's people, their names are no place mentions
        doubt = settle_government(src.lines, result, gov)
        if doubt is not None:
            result.anomalies.append(Anomaly(src.name, doubt[0], "uncertain-county", doubt[1]))
    result.document.tasks = len(result.tasks)
    for task in result.tasks:
        task.county = result.document.county
        if src.locs is not None:
            task.source = locate(task, src)
        if src.ocr:
            task.ocr = True
        task.government = result.document.government
        task.year = result.document.year
    notes = [Anomaly(src.name, n.line, n.kind, n.message) for n in src.notes]
    result.anomalies[:0] = notes
    result.anomalies.extend(_duplicates(src.name, result.tasks))
    if module.KIND == "tasks":
        result.anomalies.extend(_cut_off(src.name, result.tasks))
    return result


# a field this many of a table's tasks state, missing from its last task, says the table was cut
_USUAL = 0.95
_FIELDS: tuple[tuple[str, str], ...] = (("lead_units", "lead unit"), ("deadline", "deadline"), ("leaders", "leader"))


def _cut_off(doc: str, tasks: list[Task]) -> list[Anomaly]:
    """A table that ends inside its last row: the last task lacks what nearly every task states."""
    if len(tasks) < 10:
        return []
    *rest, last = tasks
    missing = [label for name, label in _FIELDS
               if not getattr(last, name) and sum(1 for t in rest if getattr(t, name)) >= _USUAL * len(rest)]
    if not missing:
        return []
    return [Anomaly(doc, last.source.line_end, "truncated",
                    f"the last task ({last.id}) has no {' or '.join(missing)}, which the other tasks state; "
                    "the document may be cut off")]


def _shown(src: SourceText) -> str:
    from kg.read import quote_name

    return quote_name(src.name)


def _duplicates(doc: str, tasks: list[Task]) -> list[Anomaly]:
    """A number the document gives two tasks: both are kept (kg.map tells them apart), and
    each repeat is reported."""
    lines: dict[tuple[str, str], list[int]] = defaultdict(list)
    for task in tasks:
        lines[(task.list, task.id)].append(task.source.line_start)
    out: list[Anomaly] = []
    for (_list, task_id), starts in lines.items():
        for line in starts[1:]:
            out.append(Anomaly(doc, line, "duplicate",
                               f"task {task_id} appears {len(starts)} times (lines {', '.join(map(str, starts))}); "
                               "all kept"))
    return out


register("merged_table", "kg.extract.layout.merged_table")
register("sectioned_table", "kg.extract.layout.sectioned_table")
register("row_table", "kg.extract.layout.row_table")
register("cell_per_line", "kg.extract.layout.cell_per_line")
register("heading_outline", "kg.extract.layout.heading_outline")
register("prose_report", "kg.extract.layout.prose_report")
