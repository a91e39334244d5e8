"""Tables flattened to text with one tab-indented line per cell (Word -> text).

A line starting with a tab opens a cell; a non-blank line without one continues the
open cell (a line break inside the cell, or a name broken by the layout).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.extract.common import squeeze
from kg.read.text import SourceText


@dataclass(slots=True)
class Cell:
    line: int  # 1-based line of the cell's first line
    parts: list[str] = field(default_factory=list)
    last_line: int = 0
    _text: str | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The cell's lines joined with nothing: breaks inside a cell are layout."""
        if self._text is None:  # cells are complete once read, and read many times
            self._text = "".join(p.strip() for p in self.parts)
        return self._text

    @property
    def lines(self) -> list[str]:
        return [p.strip() for p in self.parts if p.strip()]

    @property
    def blank(self) -> bool:
        return not self.text


def tab_cells(lines: list[str], start: int = 0) -> tuple[list[Cell], list[int]]:
    """Cells from `lines[start:]`, plus the lines of text outside any cell."""
    cells: list[Cell] = []
    loose: list[int] = []
    for idx in range(start, len(lines)):
        line = lines[idx]
        if line.startswith("\t"):
            cell = Cell(line=idx + 1, last_line=idx + 1)
            cell.parts.append(line[1:])
            cells.append(cell)
        elif line.strip():
            if cells:
                cells[-1].parts.append(line)
                cells[-1].last_line = idx + 1
            else:
                loose.append(idx + 1)
    return cells, loose


def source_cells(src: SourceText) -> tuple[list[Cell], list[int]]:
    """`tab_cells` of a whole document, made once: detection and reading share them."""
    if "tab_cells" not in src.memo:
        src.memo["tab_cells"] = tab_cells(src.lines)
    found: tuple[list[Cell], list[int]] = src.memo["tab_cells"]
    return found


def source_tab_share(src: SourceText) -> float:
    """`tab_line_share` of a whole document, made once."""
    if "tab_share" not in src.memo:
        src.memo["tab_share"] = tab_line_share(src.lines)
    share: float = src.memo["tab_share"]
    return share


def tab_line_share(lines: list[str]) -> float:
    """Share of non-blank lines that open a tab cell."""
    nonblank = [line for line in lines if line.strip()]
    if not nonblank:
        return 0.0
    return sum(1 for line in nonblank if line.startswith("\t")) / len(nonblank)


# Header vocabulary of task tables, mapped to our column roles.
HEADER_ROLES = {
    "序号": "serial",
    "编号": "serial",
    "分管领导": "leader",
    "责任领导": "leader",
    "包抓领导": "leader",
    "县级领导": "leader",
    "牵头领导": "leader",
    "牵头单位": "lead",
    "牵头部门": "lead",
    "责任单位": "lead",
    "主责单位": "lead",
    "责任部门": "co",
    "配合单位": "co",
    "协同单位": "co",
    "配合部门": "co",
    "工作任务": "text",
    "年度任务目标": "text",
    "任务目标": "text",
    "重点任务": "text",
    "目标任务": "text",
    "工作内容": "text",
    "任务内容": "text",
    "时限要求": "deadline",
    "完成时限": "deadline",
    "时限": "deadline",
    "备注": "note",
}


# Header words outside HEADER_ROLES, by what they contain (县级包抓领导, 主要任务, 完成时间…):
# tables made by other offices word their headers their own way. Checked in this order.
_HEADER_PARTS = (
    (("序号", "编号"), "serial"),
    (("配合", "协同", "协助", "参与"), "co"),
    (("领导",), "leader"),
    (("单位", "部门"), "lead"),
    (("时限", "时间", "期限", "时序"), "deadline"),
    (("任务", "内容", "目标", "工作事项", "措施"), "text"),
    (("备注",), "note"),
)
_HEADER_WORD = re.compile(r"^[一-鿿]{2,10}$")


def header_role(text: str) -> str | None:
    word = squeeze(text)
    role = HEADER_ROLES.get(word)
    if role is not None or not _HEADER_WORD.match(word):
        return role
    for parts, guess in _HEADER_PARTS:
        if any(p in word for p in parts):
            return guess
    return None


def match_header(cells: list[Cell], i: int) -> list[str] | None:
    """Column roles if a header row starts at cells[i], else None. One blank cell inside the
    row is the column whose header was lost (the task text's, when no other cell names it)."""
    roles: list[str] = []
    j = i
    while j < len(cells):
        role = header_role(cells[j].text)
        if role is None and cells[j].blank and roles and "blank" not in roles and j + 1 < len(cells) \
                and header_role(cells[j + 1].text) is not None:
            role = "blank"
        if role is None:
            break
        roles.append(role)
        j += 1
    if "blank" in roles:
        roles[roles.index("blank")] = "note" if "text" in roles else "text"
    # a task table's header names at least its serial and task-text columns
    if len(roles) >= 3 and "serial" in roles and "text" in roles:
        # a second responsible-unit column beside a lead column holds the co-units
        if roles.count("lead") > 1:
            second = roles.index("lead", roles.index("lead") + 1)
            roles[second] = "co"
        return roles
    return None


_SECTION = re.compile(r"^([一二三四五六七八九十百]+)[、.．]\s*(.+?)\s*(?:[（(](\d+)\s*项[）)])?\s*$")


def section_heading(text: str) -> tuple[str, int | None] | None:
    """`二、聚焦…（5项）` -> (`聚焦…`, 5)."""
    m = _SECTION.match(text.strip())
    if not m:
        return None
    return m.group(2).strip(), int(m.group(3)) if m.group(3) else None


def is_serial(text: str) -> bool:
    return squeeze(text).isdigit()


@dataclass(slots=True)
class Table:
    """Cells after the first header, grouped into rows; `spans` are cells standing alone."""

    roles: list[str]
    header_line: int
    items: list[tuple[str, list[Cell]]]  # ("row", cells) | ("span", [cell]) | ("header", cells)
    # an incomplete header before the first complete one: (its line, cells not read after it)
    broken_header: tuple[int, int] | None = None


def group_rows(cells: list[Cell], row_starts: Callable[[list[Cell], list[str]], bool]) -> Table | None:
    """Group cells into rows of the header's width.

    `row_starts(window, roles)` says whether `window` (the next len(roles) cells) is a
    well-formed row; a cell where no row starts is a cell spanning the whole row
    (a section heading or a note), and a repeated header is marked as such.
    """
    broken: int | None = None  # index of a header row that lacks a column we need
    for first in range(len(cells)):
        roles = match_header(cells, first)
        if roles:
            break
        if broken is None and _header_run(cells, first) >= 2:
            broken = first
    else:
        return None
    width = len(roles)
    items: list[tuple[str, list[Cell]]] = []
    i = first + width
    while i < len(cells):
        if match_header(cells, i):
            items.append(("header", cells[i : i + width]))
            i += width
            continue
        window = cells[i : i + width]
        if len(window) < width:  # the table's last row may lose its empty trailing cells
            window = window + [Cell(line=window[-1].last_line) for _ in range(width - len(window))]
        if row_starts(window, roles):
            items.append(("row", window))
            i += width
        else:
            items.append(("span", [cells[i]]))
            i += 1
    lost = (cells[broken].line, first - broken) if broken is not None else None
    return Table(roles=roles, header_line=cells[first].line, items=items, broken_header=lost)


def _header_run(cells: list[Cell], i: int) -> int:
    """How many header words follow each other from cells[i]."""
    j = i
    while j < len(cells) and header_role(cells[j].text) is not None:
        j += 1
    return j - i
