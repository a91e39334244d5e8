"""Targets of a whole document, which of them are headline targets, and the county ×
metric headline table.

Headline rule (a county's main expected targets for the year, 主要预期目标):
1. a section whose name says so (台安: 全县经济社会发展主要预期指标) -> every target in it;
2. otherwise a sentence introduced by 主要预期目标/预期目标是… (a report) -> every target
   after the cue up to the end of that sentence;
3. otherwise (平陆, 古县, 西乡 list the expected targets as ordinary tasks) -> a task
   whose text *opens* with a target on a headline indicator (gko:headline in the
   vocabulary: GDP, industrial value added, fixed-asset investment, retail sales,
   budget/fiscal revenue, urban/rural income, CPI, unemployment rate, new urban jobs,
   energy intensity), only optionally preceded by 全县/全年/今年; its targets on headline
   indicators in that first sentence are headline. A task that opens with something else
   (古县 11 确保全年工业投资增长…、规上工业增加值增长… is the development zone's) is not.
In every case the first headline target of a metric in a document wins; later ones stay
ordinary targets.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from kg.model import Extraction, Target, Task
from kg.ontology.indicators import load_vocabulary
from kg.targets.finder import Found, scan_targets
from kg.targets.metric import DEFAULT_METHOD

HEADLINE_SECTION = re.compile(
    r"主要预期(?:目标|指标)|主要(?:经济社会发展|经济社会|经济)?(?:预期)?(?:目标|指标)(?!任务)"
    r"|预期(?:目标|指标)(?!任务)"
)
HEADLINE_CUE = re.compile(
    r"主要预期(?:目标|指标)|预期目标(?:是|为)|主要目标(?:是|为)|主要(?:经济社会发展)?指标(?:是|为)"
)
_OPENING = re.compile(
    r"^[\s　]*(?:[（(]?[一二三四五六七八九十\d]+[）).、．]\s*)?(?:全县|全年|今年|年内|\d{4}年|[，,、\s])*$"
)
_SENT_END = "。；;！!？?\n"
_SENT_END_RE = re.compile(f"[{_SENT_END}]")


def _sentence_end(text: str, pos: int) -> int:
    """The first sentence end at or after pos, else len(text): one search, not a scan of the
    whole rest of the text (a long cell holds many cues)."""
    m = _SENT_END_RE.search(text, pos)
    return m.start() if m else len(text)


# a text targets are read from: (its task, or None for a report line outside any task; first
# line, last line, text, the targets found in it)
_Unit = tuple[Task | None, int, int, str, list[Found]]

HEADLINE_COLUMNS = (
    "county", "doc", "metric", "label", "status", "value", "value_max", "unit", "kind",
    "modifier", "relative", "hedge", "metric_text", "quote", "line", "task",
)


def targets_for(extraction: Extraction, *, lines: Sequence[str] | None = None,
                method: str = DEFAULT_METHOD) -> list[Target]:
    """Targets of every task (and, for a report, of target paragraphs outside tasks),
    with `headline` set.

    `lines` (the document's source lines, `SourceText.lines`) is optional: with it each
    target's `line` is the line its number is on, and a prose report's target paragraph
    outside any task is read too; without it `line` is the task's first line.
    """
    return _find(extraction, lines, method)[0]


def with_targets(extraction: Extraction, *, lines: Sequence[str] | None = None,
                 method: str = DEFAULT_METHOD) -> Extraction:
    """The extraction with its targets, each task's `targets` listing its targets' metrics in
    order (Task –TARGETS→ Indicator); the tasks that set one are new objects, nothing is changed."""
    targets, metrics = _find(extraction, lines, method)
    tasks = [replace(task, targets=metrics[id(task)]) if id(task) in metrics else task
             for task in extraction.tasks]
    return replace(extraction, tasks=tasks, targets=targets)


def _find(extraction: Extraction, lines: Sequence[str] | None,
          method: str) -> tuple[list[Target], dict[int, list[str]]]:
    """The targets, and the metrics of each task that sets any (by `id(task)`)."""
    doc = extraction.document
    vocab = load_vocabulary()
    headline_ids = vocab.headline_ids()

    units: list[_Unit] = []
    covered: set[int] = set()
    report = lines is not None and doc.kind == "report"
    for each in extraction.tasks:
        found = scan_targets(each.text, method=method)
        units.append((each, each.source.line_start, each.source.line_end, each.text, found))
        if report:
            covered.update(range(each.source.line_start, each.source.line_end + 1))
    if report and lines is not None:
        for number, line in enumerate(lines, 1):
            if number not in covered and HEADLINE_CUE.search(line):
                units.append((None, number, number, line, scan_targets(line, method=method)))
        units.sort(key=lambda u: u[1])

    explicit = any(
        task is not None and task.section and HEADLINE_SECTION.search(task.section)
        for task, *_ in units
    )
    cue_based = not explicit and any(HEADLINE_CUE.search(text) for _, _, _, text, _ in units)
    # a report reader may have cut "今年的主要预期目标是:" off the tasks it made of the list
    cue_tasks: set[int] = set() if explicit or lines is None else _after_cue_in_line(units, lines)
    cue_based = cue_based or bool(cue_tasks)

    targets: list[Target] = []
    metrics: dict[int, list[str]] = {}
    seen_metrics: set[str] = set()
    for task, first, last, text, found in units:
        if not found:  # most tasks set no target
            continue
        if id(task) in cue_tasks:
            flags = [True] * len(found)
        else:
            flags = _headline_flags(task, text, found, explicit, cue_based, headline_ids)
        task_targets: list[Target] = []
        for f, flag in zip(found, flags, strict=True):
            if flag and f.metric != "other":
                if f.metric in seen_metrics:
                    flag = False
                seen_metrics.add(f.metric)
            task_targets.append(f.to_target(
                doc=doc.doc, county=doc.county, task=task.id if task is not None else None,
                line=_line_of(f, lines, first, last), headline=flag,
            ))
        if task is not None:
            metrics[id(task)] = [t.metric for t in task_targets]
        targets.extend(task_targets)
    return targets, metrics


def _after_cue_in_line(units: list[_Unit], lines: Sequence[str]) -> set[int]:
    """Tasks whose text stands in a source line after a headline cue, in its sentence."""
    out: set[int] = set()
    if not HEADLINE_CUE.search("\n".join(lines)):  # one pass in C: most documents have no cue
        return out
    cues = {number: m for number, line in enumerate(lines, 1) if (m := HEADLINE_CUE.search(line))}
    for task, first, last, text, _ in units:
        if task is None or HEADLINE_CUE.search(text):
            continue
        head = text.strip()[:8]
        for number in range(first, min(last, len(lines)) + 1):
            cue = cues.get(number)
            if not cue:
                continue
            source = lines[number - 1]
            pos = source.find(head) if head else -1
            if pos < cue.end():
                continue
            end = _sentence_end(source, cue.end())
            if pos < end:
                out.add(id(task))
    return out


def _headline_flags(task: Task | None, text: str, found: list[Found], explicit: bool, cue_based: bool,
                    headline_ids: set[str]) -> list[bool]:
    if explicit:
        on = bool(task is not None and task.section and HEADLINE_SECTION.search(task.section))
        return [on] * len(found)
    if cue_based:
        flags = [False] * len(found)
        starts = [f.q_start for f in found]  # in order: scan_targets sorts them
        for cue in HEADLINE_CUE.finditer(text):
            end = _sentence_end(text, cue.end())
            for i in range(bisect_left(starts, cue.end()), bisect_left(starts, end)):
                flags[i] = True
        return flags
    if not found:
        return []
    first = found[0]
    if first.metric not in headline_ids or not _OPENING.match(text[:first.start]):
        return [False] * len(found)
    end = _sentence_end(text, first.q_end)
    return [f.metric in headline_ids and f.q_start < end for f in found]


def _line_of(f: Found, lines: Sequence[str] | None, first: int, last: int) -> int:
    if not lines:
        return first
    needles = [f.raw, f.raw.replace(" ", "")]
    digits = re.match(r"[\d.]+", f.raw)
    if digits:
        needles.append(digits.group())
    for needle in needles:
        for number in range(first, min(last, len(lines)) + 1):
            if needle and needle in lines[number - 1]:
                return number
    return first


def headline_table(extractions: Iterable[Extraction], *, lines: dict[str, Sequence[str]] | None = None,
                   method: str = DEFAULT_METHOD) -> list[dict[str, Any]]:
    """Rows county × metric of headline targets, columns `HEADLINE_COLUMNS`.

    The metrics are the vocabulary's core headline indicators plus every other metric
    that is a headline target in any of the documents, in vocabulary order. A metric a
    county's document does not set is a row with `"status": "absent"` and null values.
    Targets already on an extraction (`extraction.targets`) are used as they are;
    otherwise they are computed with `targets_for` (`lines` maps doc name -> lines).
    """
    vocab = load_vocabulary()
    per_county: dict[str, dict[str, Target]] = {}
    docs: dict[str, str] = {}
    others: dict[str, list[Target]] = {}
    for ex in extractions:
        targets = ex.targets or targets_for(
            ex, lines=(lines or {}).get(ex.document.doc), method=method
        )
        county = ex.document.county or ex.document.doc
        docs.setdefault(county, ex.document.doc)
        slot = per_county.setdefault(county, {})
        for t in targets:
            if not t.headline:
                continue
            if t.metric == "other":
                others.setdefault(county, []).append(t)
            else:
                slot.setdefault(t.metric, t)
    metrics = set(vocab.core_ids())
    for slot in per_county.values():
        metrics.update(slot)
    ordered = [c.id for c in vocab.ordered() if c.id in metrics]
    rows: list[dict[str, Any]] = []
    for county, slot in per_county.items():
        for metric in ordered:
            rows.append(_row(county, docs[county], metric, vocab[metric].label_zh, slot.get(metric)))
        for other in others.get(county, []):
            rows.append(_row(county, other.doc, "other", other.metric_text, other))
    return rows


def _row(county: str, doc: str, metric: str, label: str, t: Target | None) -> dict[str, Any]:
    if t is None:
        return {
            "county": county, "doc": doc, "metric": metric, "label": label, "status": "absent",
            "value": None, "value_max": None, "unit": None, "kind": None, "modifier": None,
            "relative": None, "hedge": None, "metric_text": None, "quote": None, "line": None,
            "task": None,
        }
    return {
        "county": county, "doc": t.doc, "metric": metric, "label": label, "status": "set",
        "value": t.value, "value_max": t.value_max, "unit": t.unit, "kind": t.kind,
        "modifier": t.modifier, "relative": t.relative, "hedge": t.hedge,
        "metric_text": t.metric_text, "quote": t.quote, "line": t.line, "task": t.task,
    }
