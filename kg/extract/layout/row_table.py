"""Tab-cell tables, one task per row, each list under its own title.

序号 | 任务 | 责任单位 | 包抓领导 | 完成时限 (any order, headers worded as offices word them),
several lists one after another (main list, 民生实事, 创建任务), each under a title such as
`2023年十件民生实事任务一览表`; a section row spanning the table may head a group of rows. A
blank cell means none stated: nothing is carried forward. This is how a Word, Excel or web
table reads once linearised (kg.read.grid) when it has neither the item numbering of
merged_table nor the counted sections of sectioned_table.
"""

from __future__ import annotations

import re

from kg.extract import numbering
from kg.extract.cells import Cell, is_serial, section_heading, source_tab_share
from kg.extract.common import split_units, squeeze
from kg.extract.rows import list_kind, open_table, read_leaders, task_text
from kg.model import Anomaly, Document, Extraction, Source, Task
from kg.read.text import SourceText

NAME = "row_table"
KIND = "tasks"
DESCRIPTION = "tab-cell tables (Word, Excel, web), one task per row, several lists under their titles"

_LIST_TITLE = re.compile(r"(一览表|清单|分解表|任务表|分工表|台账)$")
_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：.．]?$")


def detect(src: SourceText) -> float:
    if source_tab_share(src) < 0.4:
        return 0.0
    _, table, _ = open_table(src, _probe_doc(src), _row_starts)
    if table is None:
        return 0.0
    rows = sum(1 for what, _ in table.items if what == "row")
    return 0.8 if rows >= 5 else 0.0


def _probe_doc(src: SourceText) -> Document:
    return Document(doc=src.name, county=None, province=None, prefecture=None, admin_code=None, year=None,
                    title=None, layout=NAME)


def _row_starts(window: list[Cell], roles: list[str]) -> bool:
    return is_serial(window[roles.index("serial")].text)


def _title_kind(text: str) -> str | None:
    """The list a title opens: `main` for a plain task list's title, None if not a title."""
    plain = squeeze(text)
    if len(plain) > 40:
        return None
    kind = list_kind(plain)
    if kind and not section_heading(plain):
        return kind
    return "main" if _LIST_TITLE.search(plain) else None


def read(src: SourceText, doc: Document) -> Extraction:
    result, table, loose = open_table(src, doc, _row_starts)
    if table is None:
        return result
    roles = table.roles
    col = {role: roles.index(role) for role in roles}  # the first column of a role
    kind = _first_list(src, table.header_line)
    section: str | None = None
    for what, row in table.items:
        if what == "header":
            continue  # repeated on a new page, or opening the next list under its title
        if what == "span":
            cell = row[0]
            if cell.blank or _ATTACHMENT.match(squeeze(cell.text)):
                continue
            title = _title_kind(cell.text)
            heading = section_heading(cell.text)
            if title is not None:
                kind, section = title, None
            elif heading:
                section = heading[0]
                kind = list_kind(section) or kind
            else:
                result.anomalies.append(
                    Anomaly(src.name, cell.line, "unplaced", f"cell outside any row: {cell.text[:40]}"))
            continue
        serial = squeeze(row[col["serial"]].text)
        text = task_text(row[col["text"]].lines)
        leaders, leader_roles = (
            read_leaders(row[col["leader"]].lines, text, src.name, row[col["leader"]].line, result.anomalies)
            if "leader" in col else ([], {})
        )
        if "note" in col and not row[col["note"]].blank:
            result.anomalies.append(Anomaly(src.name, row[col["note"]].line, "unused-cell",
                                            f"remark not kept: {row[col['note']].text[:40]}"))
        if not text:
            result.anomalies.append(Anomaly(src.name, row[0].line, "empty-task", f"row {serial} has no task text"))
        result.tasks.append(Task(
            doc=src.name, county=doc.county, id=serial, list=kind, section=section, text=text,
            leaders=leaders, leader_roles=leader_roles,
            lead_units=split_units(row[col["lead"]].lines) if "lead" in col else [],
            co_units=split_units(row[col["co"]].lines) if "co" in col else [],
            deadline=(squeeze(row[col["deadline"]].text) or None) if "deadline" in col else None,
            source=Source(row[0].line, max(c.last_line for c in row)),
        ))
    result.anomalies.extend(numbering.check_sequence(src.name, result.tasks))
    for line in loose:
        if line > table.header_line:
            result.anomalies.append(Anomaly(src.name, line, "unplaced", "text outside any cell"))
    return result


def _first_list(src: SourceText, header_line: int) -> str:
    """The list of the first table: from a title among the few lines just above its header."""
    seen = 0
    for idx in range(header_line - 2, -1, -1):
        text = src.lines[idx].strip()
        if not text:
            continue
        seen += 1
        if seen > 4:
            break
        kind = _title_kind(text)
        if kind is not None:
            return kind
    return "main"
