"""Table with merged cells and two-level numbering (a numbered unit row holding items).

Tab-indented cells: 分管领导 | 序号 | 牵头单位 | 工作任务 | 时限要求 | 备注, where each task
cell starts with an item enumerator （一）（二）…. Merged cells flatten to blank cells, so a
blank leader, serial or unit cell carries the value above it, across page breaks, where
the header row repeats.
"""

from __future__ import annotations

import re

from kg.extract import numbering
from kg.extract.cells import Cell, is_serial, source_cells, source_tab_share
from kg.extract.common import chinese_number, split_role, split_units, squeeze
from kg.extract.rows import open_table, read_leaders, task_text
from kg.model import Anomaly, Document, Extraction, Source, Task
from kg.read.text import SourceText

NAME = "merged_table"
KIND = "tasks"
DESCRIPTION = "tab-cell table with merged leader/unit cells and items （一）（二）… per numbered row"

_ITEM = re.compile(r"^[（(]([一二三四五六七八九十百零〇两]+)[）)]\s*")
# A spanning note that states a leader's title: `翟纪亭县长对各项目标任务全面负责`
_LEADER_NOTE = re.compile(r"^([\u4e00-\u9fff]{2,12}?)(?:对|负责|主持|分管)")


def detect(src: SourceText) -> float:
    if source_tab_share(src) < 0.4:
        return 0.0
    cells, _ = source_cells(src)
    items = sum(1 for c in cells if _ITEM.match(c.text))
    if items >= 10 and items >= 0.1 * len(cells):
        return 0.95
    return 0.2 if items else 0.0


def _row_starts(window: list[Cell], roles: list[str]) -> bool:
    serial = window[roles.index("serial")]
    return bool(_ITEM.match(window[roles.index("text")].text)) and (
        serial.blank or is_serial(serial.text)
    )


def read(src: SourceText, doc: Document) -> Extraction:
    result, table, loose = open_table(src, doc, _row_starts)
    if table is None:
        return result
    col = {role: table.roles.index(role) for role in table.roles}
    leaders: list[str] = []
    leader_roles: dict[str, str] = {}
    serial = ""
    units: list[str] = []
    for what, row in table.items:
        if what == "header":
            continue
        if what == "span":
            _read_span(row[0], doc, result)
            continue
        text_cell = row[col["text"]]
        m = _ITEM.match(text_cell.text)
        text = task_text(text_cell.lines)[m.end():] if m else task_text(text_cell.lines)
        if "leader" in col and not row[col["leader"]].blank:
            cell = row[col["leader"]]
            leaders, leader_roles = read_leaders(cell.lines, text, src.name, cell.line, result.anomalies)
        if not row[col["serial"]].blank:
            new_serial = squeeze(row[col["serial"]].text)
            if new_serial != serial and "lead" in col and row[col["lead"]].blank:
                result.anomalies.append(
                    Anomaly(src.name, row[col["lead"]].line, "blank-cell",
                            f"row {new_serial} states no lead unit")
                )
                units = []
            serial = new_serial
        if "lead" in col and not row[col["lead"]].blank:
            units = split_units(row[col["lead"]].lines)
        item = chinese_number(m.group(1)) if m else None
        deadline = squeeze(row[col["deadline"]].text) if "deadline" in col else ""
        if "note" in col and not row[col["note"]].blank:
            result.anomalies.append(
                Anomaly(src.name, row[col["note"]].line, "unused-cell",
                        f"remark not kept: {row[col['note']].text[:40]}")
            )
        result.tasks.append(
            Task(
                doc=src.name,
                county=doc.county,
                id=f"{serial}.{item}" if item is not None else serial,
                list="main",
                section=None,
                text=text,
                leaders=list(leaders),
                leader_roles=dict(leader_roles),
                lead_units=list(units),
                co_units=[],
                deadline=deadline or None,
                source=Source(row[0].line, max(c.last_line for c in row)),
            )
        )
    result.anomalies.extend(numbering.check_sequence(src.name, result.tasks))
    for line in loose:
        if line >= table.header_line:
            result.anomalies.append(Anomaly(src.name, line, "unplaced", "text outside any cell"))
    return result


def _read_span(cell: Cell, doc: Document, result: Extraction) -> None:
    """A cell spanning the row: a note stating a leader's title, or something unplaced."""
    if cell.blank:
        return
    m = _LEADER_NOTE.match(squeeze(cell.text))
    if m:
        name, role = split_role(m.group(1))
        if role:
            doc.leader_roles[name] = role
            return
    result.anomalies.append(
        Anomaly(doc.doc, cell.line, "unplaced", f"cell outside any row: {cell.text[:40]}")
    )
