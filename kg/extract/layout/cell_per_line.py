"""Table scraped from a web page: one cell per line, cells separated by blank lines.

序号 | 任务 | 责任单位 | 包抓领导 | 完成时限, with several lists (main, 民生实事, 创建任务), each
under its own title and header. Empty cells vanish in scraping, so a cell's column is
read from its content: a number opens a row, a deadline or person names are recognised,
what lies between the task text and them are unit names (one per line, some broken
across lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract import numbering
from kg.extract.cells import HEADER_ROLES
from kg.extract.common import (
    is_deadline,
    is_person_name,
    split_names,
    split_role,
    split_units,
    squeeze,
)
from kg.extract.rows import join_broken, list_kind
from kg.model import Anomaly, Document, Extraction, Source, Task
from kg.read.text import SourceText

NAME = "cell_per_line"
KIND = "tasks"
DESCRIPTION = "web-scraped table: one cell per line, blank lines between cells, several lists"

_SERIAL = re.compile(r"^\d{1,4}$")
_ATTACHMENT = re.compile(r"^附件\s*\d+\s*[:：.]?$")
_SENTENCE = re.compile(r"[，。；;：:,]")


@dataclass(slots=True)
class Group:
    """Consecutive non-blank lines: one cell, or part of a cell the layout broke."""

    lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [t for _, t in self.lines]


def _groups(lines: list[str], start: int, end: int) -> list[Group]:
    groups: list[Group] = []
    current: Group | None = None
    for idx in range(start, end):
        text = lines[idx].strip()
        if not text:
            current = None
            continue
        if current is None:
            current = Group()
            groups.append(current)
        current.lines.append((idx + 1, text))
    return groups


def _header_at(lines: list[str], idx: int) -> tuple[list[str], int] | None:
    """Column roles and the index after the header if a header starts at lines[idx]."""
    if "号" not in lines[idx] or squeeze(lines[idx]) not in ("序号", "编号"):
        return None
    roles = ["serial", "text"]  # the task column's own header is often lost in scraping
    buffer = ""
    j = idx + 1
    while j < len(lines):
        piece = squeeze(lines[j])
        j += 1
        if not piece:
            continue
        buffer += piece
        if buffer in HEADER_ROLES:
            role = HEADER_ROLES[buffer]
            if role not in roles:
                roles.append(role)
            buffer = ""
        elif not any(key.startswith(buffer) for key in HEADER_ROLES):
            j -= 1
            # back up to the line that broke the header
            while j > idx and not squeeze(lines[j - 1]):
                j -= 1
            break
    return (roles, j) if len(roles) >= 3 else None


def detect(src: SourceText) -> float:
    lines = src.lines
    headers = sum(1 for i in range(len(lines)) if _header_at(lines, i))
    serial_lines = sum(1 for line in lines if _SERIAL.match(line.strip()))
    tabbed = sum(1 for line in lines if line.startswith("\t"))
    if headers and serial_lines >= 10 and tabbed < 0.2 * max(1, serial_lines):
        return 0.9
    return 0.0


@dataclass(slots=True)
class _Block:
    title: str
    roles: list[str]
    start: int  # index of the first line after the header
    end: int  # index where the next block's title region starts


def _blocks(lines: list[str]) -> list[_Block]:
    heads: list[tuple[int, list[str], int]] = []
    for i in range(len(lines)):
        found = _header_at(lines, i)
        if found:
            heads.append((i, found[0], found[1]))
    blocks: list[_Block] = []
    for i, roles, after in heads:
        # the title region above a header: `附件2` and the list's title
        top = i
        title = ""
        k = i - 1
        while k >= 0 and (not lines[k].strip() or len(lines[k].strip()) <= 40):
            text = lines[k].strip()
            if text and (_ATTACHMENT.match(text) or re.search(r"(一览表|清单|分解表|任务表)$", text)):
                top = k
                if not _ATTACHMENT.match(text) and not title:
                    title = text
            elif text:
                break
            k -= 1
        if blocks:
            blocks[-1].end = top
        blocks.append(_Block(title=title, roles=roles, start=after, end=len(lines)))
    return blocks


def read(src: SourceText, doc: Document) -> Extraction:
    result = Extraction(document=doc)
    blocks = _blocks(src.lines)
    if not blocks:
        result.anomalies.append(Anomaly(src.name, 1, "no-table", "no table header found"))
        return result
    for block in blocks:
        kind = list_kind(block.title) or "main"
        rows: list[list[Group]] = []
        for group in _groups(src.lines, block.start, block.end):
            first = group.texts[0]
            if len(group.lines) == 1 and _SERIAL.match(first):
                rows.append([group])
            elif rows:
                rows[-1].append(group)
            else:
                result.anomalies.append(
                    Anomaly(src.name, group.lines[0][0], "unplaced", f"text before the first row: {first[:30]}")
                )
        for row in rows:
            task = _read_row(src.name, row, block.roles, kind, result.anomalies)
            if task:
                result.tasks.append(task)
    result.anomalies.extend(numbering.check_sequence(src.name, result.tasks))
    return result


def _is_unit_like(group: Group) -> bool:
    return all(len(t) <= 20 and not _SENTENCE.search(t) for t in group.texts)


def _read_row(doc: str, row: list[Group], roles: list[str], kind: str,
              anomalies: list[Anomaly]) -> Task | None:
    serial_group, *cells = row
    serial_line, serial = serial_group.lines[0]
    if not cells:
        anomalies.append(Anomaly(doc, serial_line, "empty-task", f"row {serial} has no cells"))
        return None
    text_parts = list(cells[0].texts)
    unit_fragments: list[str] = []
    leaders: list[str] = []
    leader_roles: dict[str, str] = {}
    deadline: str | None = None
    stage = "text"  # cells come in column order: text, units, leaders, deadline
    for group in cells[1:]:
        texts = group.texts
        if stage == "text" and not _is_unit_like(group):
            text_parts.extend(texts)
        elif "deadline" in roles and len(texts) == 1 and is_deadline(texts[0]) and stage != "deadline":
            deadline = squeeze(texts[0])
            stage = "deadline"
        elif "leader" in roles and stage in ("text", "units") and all(
            is_person_name(split_role(n)[0]) for t in texts for n in split_names(t)
        ):
            for t in texts:
                for part in split_names(t):
                    name, role = split_role(part)
                    leaders.append(name)
                    if role:
                        leader_roles[name] = role
            stage = "leaders"
        elif stage in ("text", "units") and _is_unit_like(group):
            unit_fragments.extend(texts)
            stage = "units"
        else:
            anomalies.append(
                Anomaly(doc, group.lines[0][0], "unplaced",
                        f"row {serial}: cell out of column order: {texts[0][:30]}")
            )
    last_line = row[-1].lines[-1][0]
    return Task(
        doc=doc,
        county=None,  # the registry sets the document's county
        id=serial,
        list=kind,
        section=None,
        text=join_broken(text_parts),
        leaders=leaders,
        leader_roles=leader_roles,
        lead_units=split_units(unit_fragments),
        co_units=[],
        deadline=deadline,
        source=Source(serial_line, last_line),
    )
