"""Row-per-task table with thematic section rows that state their task counts.

Tab-indented cells, one task per row: 序号 | 任务 | 责任领导 | 牵头部门 | 责任部门. Multi-valued
cells hold one value per line; section rows (`二、聚焦…（5项）`) span the table. A blank
cell means "none stated": nothing is carried forward.
"""

from __future__ import annotations

from kg.extract import numbering
from kg.extract.cells import Cell, is_serial, section_heading, source_cells, source_tab_share
from kg.extract.common import split_units, squeeze
from kg.extract.rows import list_kind, open_table, read_leaders, task_text
from kg.model import Anomaly, Document, Extraction, Source, Task
from kg.read.text import SourceText

NAME = "sectioned_table"
KIND = "tasks"
DESCRIPTION = "tab-cell table, one task per row, section rows with stated counts (（5项）)"


def detect(src: SourceText) -> float:
    if source_tab_share(src) < 0.5:
        return 0.0
    cells, _ = source_cells(src)
    sections = sum(1 for c in cells if (h := section_heading(c.text)) and h[1] is not None)
    serial_rows = sum(1 for c in cells if is_serial(c.text))
    if sections >= 2 and serial_rows >= 10:
        return 0.95
    return 0.6 if sections and serial_rows >= 10 else 0.1


def _row_starts(window: list[Cell], roles: list[str]) -> bool:
    return is_serial(window[roles.index("serial")].text)


def read(src: SourceText, doc: Document) -> Extraction:
    result, table, loose = open_table(src, doc, _row_starts)
    if table is None:
        return result
    roles = table.roles
    col = {role: roles.index(role) for role in roles}
    section: str | None = None
    kind = "main"
    sections: list[tuple[str, int | None, int, list[str]]] = []  # title, stated, line, ids
    for what, row in table.items:
        if what == "header":
            continue  # the header repeated at a page break
        if what == "span":
            cell = row[0]
            if cell.blank:
                continue
            heading = section_heading(cell.text)
            if heading:
                section, stated = heading
                kind = list_kind(section) or "main"
                sections.append((section, stated, cell.line, []))
            else:
                result.anomalies.append(
                    Anomaly(src.name, cell.line, "unplaced", f"cell outside any row: {cell.text[:40]}")
                )
            continue
        serial = squeeze(row[col["serial"]].text)
        text = task_text(row[col["text"]].lines)
        leaders, leader_roles = (
            read_leaders(row[col["leader"]].lines, text, src.name, row[col["leader"]].line,
                         result.anomalies)
            if "leader" in col else ([], {})
        )
        task = Task(
            doc=src.name,
            county=doc.county,
            id=serial,
            list=kind,
            section=section,
            text=text,
            leaders=leaders,
            leader_roles=leader_roles,
            lead_units=split_units(row[col["lead"]].lines) if "lead" in col else [],
            co_units=split_units(row[col["co"]].lines) if "co" in col else [],
            deadline=(squeeze(row[col["deadline"]].text) or None) if "deadline" in col else None,
            source=Source(row[0].line, max(c.last_line for c in row)),
        )
        if not text:
            result.anomalies.append(Anomaly(src.name, row[0].line, "empty-task", f"row {serial} has no task text"))
        result.tasks.append(task)
        if sections:
            sections[-1][3].append(serial)
    for title, stated, line, ids in sections:
        if stated is not None and stated != len(ids):
            result.anomalies.append(
                Anomaly(src.name, line, "section-count",
                        f"section {title[:20]}… states {stated} tasks, {len(ids)} found")
            )
    result.anomalies.extend(numbering.check_sequence(src.name, result.tasks))
    for line in loose:
        if line < table.header_line:
            continue  # title lines above the table
        result.anomalies.append(Anomaly(src.name, line, "unplaced", "text outside any cell"))
    return result
