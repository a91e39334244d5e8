"""Turning table cells into task fields, shared by the table layouts."""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.extract.cells import Cell, Table, group_rows, source_cells
from kg.extract.common import split_names, split_role, squeeze, strip_markup
from kg.model import Anomaly, Document, Extraction
from kg.read.text import SourceText

_CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
_LIST_HINTS = (("民生实事", "livelihood"), ("创建", "creation"))


def list_kind(title: str) -> str | None:
    """`main`, `livelihood` or `creation` for a list or section title, None if unmarked."""
    for hint, kind in _LIST_HINTS:
        if hint in title:
            return kind
    return None


def read_leaders(
    lines: list[str], task_text: str, doc: str, line: int, anomalies: list[Anomaly]
) -> tuple[list[str], dict[str, str]]:
    """Names and stated titles from a leader cell.

    A cell that holds something other than names (the task text again, a unit) is
    another column's content: it is reported and treated as missing.
    """
    text = "".join(lines)
    if not squeeze(text):
        return [], {}
    if squeeze(text) == squeeze(task_text):
        anomalies.append(
            Anomaly(doc, line, "wrong-column", "leader cell holds the task text; treated as none")
        )
        return [], {}
    names: list[str] = []
    roles: dict[str, str] = {}
    for part in split_names("\n".join(lines)):
        name, role = split_role(part)
        if not _CJK_NAME.match(name):
            anomalies.append(
                Anomaly(doc, line, "wrong-column",
                        f"leader cell holds {text[:30]!r}, not names; treated as none")
            )
            return [], {}
        names.append(name)
        if role:
            roles[name] = role
    return names, roles


def join_broken(pieces: list[str]) -> str:
    """Rejoin text the layout broke across lines: nothing between Chinese characters,
    one space between two Latin words."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and piece[0].isascii() and piece[0].isalpha():
            out += " "
        out += piece
    return out


def task_text(lines: list[str]) -> str:
    """A task cell's text: line breaks inside the cell joined, markup removed."""
    return join_broken([strip_markup(line) for line in lines])


def open_table(src: SourceText, doc: Document,
               row_starts: Callable[[list[Cell], list[str]], bool]) -> tuple[Extraction, Table | None, list[int]]:
    """A tab-cell table's rows, the lines outside any cell, and the extraction to fill
    (with a `no-table` anomaly when no header is found)."""
    result = Extraction(document=doc)
    cells, loose = source_cells(src)
    table = group_rows(cells, row_starts)
    if table is None:
        result.anomalies.append(Anomaly(src.name, 1, "no-table", "no table header found"))
    elif table.broken_header is not None:
        line, lost = table.broken_header
        result.anomalies.append(Anomaly(
            src.name, line, "broken-header",
            f"header row lacks its serial or task-text column; {lost} cells up to line {table.header_line} "
            "(the next complete header) not read"))
    return result, table, loose
