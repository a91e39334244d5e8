"""An outline of headings: leader headings, lead-unit headings under them, numbered tasks.

    一、李晶常务副县长负责的工作
    负责县人民政府常务工作…                      (the leader's portfolio)
    （四）县发展和改革局牵头负责的工作
    27.全县地区生产总值增长 7.5%左右。
    （主要协同配合单位：县水利局、县统计局）     (co-units of the task above)

Converted to Markdown, so headings carry `#` or `**` markup, or none, and full- and
half-width punctuation mix. Paragraphs broken by the layout continue the open one.
"""

from __future__ import annotations

import re

from kg.extract import numbering
from kg.extract.common import split_role, split_units, squeeze, strip_markup
from kg.extract.rows import join_broken, list_kind
from kg.model import Anomaly, Document, Extraction, Source, Task
from kg.read.text import SourceText

NAME = "heading_outline"
KIND = "tasks"
DESCRIPTION = "Markdown outline: leader headings, lead-unit headings, numbered task paragraphs"

_CN = "一二三四五六七八九十百零〇两"
_LEADER = re.compile(rf"^[{_CN}]+[、.．]\s*(.+?)负责的工作$")
_UNIT = re.compile(rf"^[（(]\s*[{_CN}]+\s*[）)]\s*(.+?)负责(?:落实)?的工作$")
_TASK = re.compile(r"^(?:[-*+]\s+)?(\d{1,4})\s*[.．、](?!\d)\s*(.*)$")
_CO_UNITS = re.compile(r"[（(]\s*(?:主要)?(?:协同)?配合单位\s*[:：]\s*(.*?)\s*[）)]?$")
_CO_INLINE = re.compile(r"[（(]\s*(?:主要)?(?:协同)?配合单位\s*[:：]\s*(.*?)\s*[）)]\s*$")
_TASK_LIST_TITLE = re.compile(r"政府工作报告.*(任务分工|任务分解|分解表|一览表|清单)")
_FOOTER = re.compile(r"^(抄送|校对|共印)|印发$")
_RULE = re.compile(r"^[-*_]{3,}$")


def _split_lead(phrase: str) -> tuple[list[str], list[str]]:
    """`县发展和改革局牵头` -> lead; `县政府办公室协调，全县政府系统各单位` -> lead + co."""
    phrase = phrase.removesuffix("牵头")
    m = re.match(r"^(.+?)(?:协调|统筹)[，,、](.+)$", phrase)
    if m:
        return split_units([m.group(1)]), split_units([m.group(2)])
    return split_units([phrase]), []


def detect(src: SourceText) -> float:
    leader = unit = tasks = 0
    for line in src.lines:
        text = strip_markup(line)
        if _LEADER.match(text):
            leader += 1
        elif _UNIT.match(text):
            unit += 1
        elif _TASK.match(text):
            tasks += 1
    if leader >= 2 and unit >= 3 and tasks >= 10:
        return 0.95
    return 0.3 if unit >= 3 and tasks >= 10 else 0.0


def _paragraphs(lines: list[str]) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of each non-blank line; blank lines separate."""
    return [(i + 1, i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]


def _nonblank(lines: list[str], first: int, last: int) -> int:
    return sum(1 for line in lines[first - 1:last] if line.strip())


def read(src: SourceText, doc: Document) -> Extraction:
    result = Extraction(document=doc)
    started = False
    ended = False
    kind = "main"
    leaders: list[str] = []
    leader_roles: dict[str, str] = {}
    lead: list[str] = []
    co_default: list[str] = []
    task: Task | None = None
    parts: list[str] = []
    duty_of: str | None = None  # the leader whose portfolio paragraph is open
    open_co: tuple[Task, list[str]] | None = None

    def close_task() -> None:
        nonlocal task, parts
        if task is not None:
            text = join_broken(parts)
            m = _CO_INLINE.search(text)
            if m:  # a co-unit parenthetical written inline at the end of the task
                task.co_units = split_units([m.group(1)])
                text = text[: m.start()].rstrip()
            task.text = text
            result.tasks.append(task)
        task, parts = None, []

    for first, last, raw in _paragraphs(src.lines):
        text = strip_markup(raw)
        plain = squeeze(text)
        if not started:
            if _TASK_LIST_TITLE.search(plain) and "通知" not in plain and len(plain) <= 40:
                started = True
            else:  # the covering notice before the task list: counted, not read
                doc.skipped_lines += _nonblank(src.lines, first, last)
            continue
        if _RULE.match(plain):
            continue  # a Markdown horizontal rule
        if ended or _FOOTER.search(plain):
            ended = True  # distribution list and print line after the task list: counted, not read
            doc.skipped_lines += _nonblank(src.lines, first, last)
            continue
        if open_co is not None:  # a co-unit parenthetical broken across lines
            owner, pieces = open_co
            pieces.append(text)
            if re.search(r"[）)]$", text):
                whole = _CO_UNITS.search("".join(pieces))
                owner.co_units = split_units([whole.group(1)]) if whole else []
                open_co = None
            continue
        m_co = _CO_UNITS.match(plain)
        if m_co and (task is not None or result.tasks):
            close_task()
            owner = result.tasks[-1]
            if re.search(r"[）)]$", plain):
                owner.co_units = split_units([m_co.group(1)])
            else:
                open_co = (owner, [plain])
            owner.source.line_end = last
            continue
        m_leader = _LEADER.match(plain)
        if m_leader:
            close_task()
            name, role = split_role(m_leader.group(1))
            leaders, leader_roles = [name], ({name: role} if role else {})
            lead, co_default = [], []
            duty_of = name
            continue
        m_unit = _UNIT.match(plain)
        if m_unit:
            close_task()
            lead, co_default = _split_lead(m_unit.group(1))
            duty_of = None
            continue
        kind_here = list_kind(plain)
        if kind_here and not _TASK.match(plain) and len(plain) <= 30:
            close_task()
            kind = kind_here  # a list heading such as `18+16 民生实事任务分解`
            leaders, leader_roles, lead, co_default, duty_of = [], {}, [], [], None
            continue
        m_task = _TASK.match(text)
        if m_task:
            close_task()
            duty_of = None
            task = Task(
                doc=src.name, county=doc.county, id=m_task.group(1), list=kind, section=None, text="",
                leaders=list(leaders), leader_roles=dict(leader_roles), lead_units=list(lead),
                co_units=list(co_default), deadline=None, source=Source(first, last),
            )
            parts = [m_task.group(2)]
            continue
        if task is not None:  # a paragraph the layout broke
            parts.append(text)
            task.source.line_end = last
            continue
        if duty_of is not None:
            doc.leader_duties[duty_of] = doc.leader_duties.get(duty_of, "") + text
            continue
        result.anomalies.append(Anomaly(src.name, first, "unplaced", f"paragraph outside any task: {text[:40]}"))
    close_task()
    if not started:
        result.anomalies.append(Anomaly(src.name, 1, "no-table", "no task list title found"))
    result.anomalies.extend(numbering.check_sequence(src.name, result.tasks))
    return result
