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

from kg.model import Document, Extraction, Target, Task
from kg.ontology.indicators import load_vocabulary
from kg.targets.absent import ABSENT_CUE, scan_absent
from kg.targets.actuals import actuals_for
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
    "modifier", "relative", "hedge", "metric_text", "quote", "line", "task", "year", "level",
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
    actuals = actuals_for(extraction, lines, method=method) if lines and extraction.reviews else extraction.actuals
    return replace(extraction, tasks=tasks, targets=targets, actuals=actuals)


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

    explicit = any(task is not None and _target_section(task.section) for task, *_ in units)
    cue_based = not explicit and any(HEADLINE_CUE.search(text) for _, _, _, text, _ in units)
    # a report reader may have cut "今年的主要预期目标是:" off the tasks it made of the list
    cue_tasks: set[int] = set() if explicit or lines is None else _after_cue_in_line(units, lines)
    cue_based = cue_based or bool(cue_tasks)

    targets: list[Target] = []
    metrics: dict[int, list[str]] = {}
    seen_metrics: set[str] = set()
    for task, first, last, text, found in units:
        absent = scan_absent(text, method=method) if ABSENT_CUE.search(text) else []
        if not found and not absent:  # most tasks set no target
            continue
        if id(task) in cue_tasks:
            flags = [True] * len(found)
        else:
            flags = _headline_flags(task, text, found, explicit, cue_based, headline_ids)
        # a main target the government says it does not set is headline news
        flags += [f.metric in headline_ids for f in absent]
        found = found + absent
        task_targets: list[Target] = []
        for f, flag in sorted(zip(found, flags, strict=True), key=lambda pair: pair[0].q_start):
            if flag and f.metric != "other":
                if f.metric in seen_metrics:
                    flag = False
                seen_metrics.add(f.metric)
            task_targets.append(f.to_target(
                doc=doc.doc, county=doc.county, task=task.id if task is not None else None,
                line=_line_of(f, lines, first, last), headline=flag, government=doc.government,
                year=target_year(text, f.q_start, doc.year),
            ))
        if task is not None:
            metrics[id(task)] = [t.metric for t in task_targets]
        targets.extend(task_targets)
    if report and lines is not None:
        targets.extend(_absent_in_lines(doc, lines, targets, headline_ids, seen_metrics, method))
    return targets, metrics


def _absent_in_lines(doc: Document, lines: Sequence[str], found: list[Target], headline_ids: set[str],
                     seen_metrics: set[str], method: str) -> list[Target]:
    """A report's statements that a target is not set, in sentences the layout read as no task
    (`需要说明的是，我们没有提出全年经济增速具体目标…`): they are targets all the same."""
    known = {(t.metric, t.quote) for t in found if t.modifier == "absent"}
    out: list[Target] = []
    for number, line in enumerate(lines, 1):
        if not ABSENT_CUE.search(line):
            continue
        for f in scan_absent(line, method=method):
            if (f.metric, f.quote) in known:
                continue
            known.add((f.metric, f.quote))
            flag = f.metric in headline_ids and f.metric not in seen_metrics
            seen_metrics.add(f.metric)
            out.append(f.to_target(doc=doc.doc, county=doc.county, task=None, line=number, headline=flag,
                                   government=doc.government, year=doc.year))
    return out


def _target_section(section: str | None) -> bool:
    """A section that lists the main expected targets (全县经济社会发展主要预期指标), not one that
    names them among other topics (今年经济社会发展的总体要求、主要预期目标和宏观经济政策)."""
    return bool(section and HEADLINE_SECTION.search(section) and not re.search(r"[、和及与]", section))


def _after_cue_in_line(units: list[_Unit], lines: Sequence[str]) -> set[int]:
    """Tasks whose text stands in a report's headline paragraph: after a headline cue in its
    source line (`今年的主要预期目标是:…`), or on the line after a cue that ends its own line
    (`今年经济社会发展的主要预期目标是：` alone, the targets below), up to the end of that
    paragraph or the sentence that starts explaining it (这里/上述/关于…)."""
    out: set[int] = set()
    if not HEADLINE_CUE.search("\n".join(lines)):  # one pass in C: most documents have no cue
        return out
    regions: dict[int, tuple[int, int]] = {}  # line -> (start, end) of its headline region
    for number, line in enumerate(lines, 1):
        cue = HEADLINE_CUE.search(line)
        if not cue:
            continue
        regions[number] = (cue.end(), _region_end(line, cue.end()))
        if not line[cue.end():].strip(" \t\u3000:：是为"):
            following = next((n for n in range(number + 1, min(len(lines), number + 8) + 1)
                              if lines[n - 1].strip(" \t\u3000")), None)
            if following is not None:
                regions.setdefault(following, (0, _region_end(lines[following - 1], 0)))
    for task, first, last, text, _ in units:
        if task is None or HEADLINE_CUE.search(text):
            continue
        head = text.strip()[:8]
        for number in range(first, min(last, len(lines)) + 1):
            region = regions.get(number)
            if not region:
                continue
            pos = lines[number - 1].find(head) if head else -1
            if region[0] <= pos < region[1]:
                out.add(id(task))
    return out


# a sentence that explains the targets rather than setting more
_EXPLAINING = re.compile(r"(?:这里|上述|关于|需要说明|为(?:实现|完成)|实现(?:上述|这些)|综合考虑|从经济)")


# a sentence end followed by a sentence that explains the targets
_EXPLAINED = re.compile(r"[。！!？?](?=[ \u3000]*" + _EXPLAINING.pattern + ")")


def _region_end(line: str, start: int) -> int:
    """Where a headline paragraph's targets end: the sentence that explains them, else the line's end."""
    m = _EXPLAINED.search(line, start)
    return m.end() if m else len(line)


_TARGET_YEAR = re.compile(r"(?:到|至|在)(20\d\d)年|(20\d\d)年(?:底|末|前)")


def target_year(text: str, pos: int, year: int | None) -> int | None:
    """The year a target is for: one its sentence names before it (`到2020年，…达到60%`), if
    not earlier than the document's; else the document's year."""
    start = max((text.rfind(ch, 0, pos) for ch in _SENT_END), default=-1) + 1
    named = [int(m.group(1) or m.group(2)) for m in _TARGET_YEAR.finditer(text, start, pos)]
    if named and (year is None or named[-1] >= year):
        return named[-1]
    return year


def _headline_flags(task: Task | None, text: str, found: list[Found], explicit: bool, cue_based: bool,
                    headline_ids: set[str]) -> list[bool]:
    if explicit:
        on = bool(task is not None and _target_section(task.section))
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
    # one government's documents of one year together; `county` names the government at any level
    per_county: dict[tuple[str, int | None], dict[str, Target]] = {}
    docs: dict[tuple[str, int | None], Document] = {}
    others: dict[tuple[str, int | None], list[Target]] = {}
    for ex in extractions:
        targets = ex.targets or targets_for(
            ex, lines=(lines or {}).get(ex.document.doc), method=method
        )
        key = (ex.document.county or ex.document.government or ex.document.doc, ex.document.year)
        docs.setdefault(key, ex.document)
        slot = per_county.setdefault(key, {})
        for t in targets:
            if not t.headline:
                continue
            if t.metric == "other":
                others.setdefault(key, []).append(t)
            else:
                slot.setdefault(t.metric, t)
    metrics = set(vocab.core_ids())
    for slot in per_county.values():
        metrics.update(slot)
    ordered = [c.id for c in vocab.ordered() if c.id in metrics]
    rows: list[dict[str, Any]] = []
    for key, slot in per_county.items():
        doc = docs[key]
        for metric in ordered:
            rows.append(_row(key[0], doc, metric, vocab[metric].label_zh, slot.get(metric)))
        for other in others.get(key, []):
            rows.append(_row(key[0], doc, "other", other.metric_text, other))
    return rows


def _row(county: str, doc: Document, metric: str, label: str, t: Target | None) -> dict[str, Any]:
    if t is None:
        return {
            "county": county, "doc": doc.doc, "metric": metric, "label": label, "status": "absent",
            "value": None, "value_max": None, "unit": None, "kind": None, "modifier": None,
            "relative": None, "hedge": None, "metric_text": None, "quote": None, "line": None,
            "task": None, "year": doc.year, "level": doc.level,
        }
    return {
        "county": county, "doc": t.doc, "metric": metric, "label": label,
        # a target the document says it does not set is as absent as one it does not mention
        "status": "absent" if t.modifier == "absent" else "set",
        "value": t.value, "value_max": t.value_max, "unit": t.unit, "kind": t.kind,
        "modifier": t.modifier, "relative": t.relative, "hedge": t.hedge,
        "metric_text": t.metric_text, "quote": t.quote, "line": t.line, "task": t.task,
        "year": doc.year, "level": doc.level,
    }
