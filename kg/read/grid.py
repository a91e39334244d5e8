"""What every structured reader returns, and how it becomes the lines the layouts read.

A reader (Word, Excel, PDF, web page) turns a file into blocks in reading order: paragraphs
(`Para`) and tables (`Grid`). A grid is a full matrix: a merged cell's value stands in every
row it spans (flagged `merged`), and in the first column of a horizontal span only. `linearise`
writes the blocks in the tab-cell convention the text versions of such tables use (one
tab-indented line per cell, a cell's inner line breaks as following lines without a tab, a
row spanning the whole table as one cell, paragraphs as plain lines), so the layouts read a
Word table exactly as they read its flattened text; `locs` maps every line back into the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from kg.read.text import InputError, Loc, Note, SourceText, quote_name, strip_controls

_CJK_START = 0x4E00
_CJK_END = 0x9FFF


@dataclass(slots=True)
class GridCell:
    text: str  # inner line breaks as "\n"
    loc: Loc
    merged: bool = False  # a copy of a merged cell's value (not its first row), or a span's filler
    origin: tuple[int, int] | None = None  # (row, column) index of the merged cell it belongs to


@dataclass(slots=True)
class Grid:
    """A table as read: `rows[r][c]`, every row as wide as the table."""

    rows: list[list[GridCell]]
    sheet: str | None = None
    header_rows: int = 0  # rows the file marks as a header repeated on every page

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(slots=True)
class Para:
    text: str
    loc: Loc


Block = Para | Grid


def build_grid(rows: list[list[tuple[str, Loc, int, int]]], *, sheet: str | None = None,
               header_rows: int = 0) -> Grid:
    """A grid from cells given as (text, loc, rowspan, colspan) per row, in reading order,
    each row's cells left to right (as HTML gives them): spans are laid out the way a
    browser does, and a spanned value is copied into every row it covers."""
    grid: dict[tuple[int, int], GridCell] = {}
    for r, cells in enumerate(rows):
        c = 0
        for text, loc, rowspan, colspan in cells:
            while (r, c) in grid:
                c += 1
            rowspan = max(1, min(rowspan, len(rows) - r))
            colspan = max(1, min(colspan, 1000))
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr == 0 and dc == 0:
                        grid[(r, c)] = GridCell(text, loc, origin=(r, c) if rowspan * colspan > 1 else None)
                    else:
                        grid[(r + dr, c + dc)] = GridCell(text if dc == 0 else "", shifted(loc, dr, dc),
                                                          merged=True, origin=(r, c))
            c += colspan
    return matrix(grid, len(rows), sheet=sheet, header_rows=header_rows)


def matrix(cells: dict[tuple[int, int], GridCell], nrows: int, *, sheet: str | None = None,
           header_rows: int = 0) -> Grid:
    """A full grid from the cells at (row, column); holes become empty cells."""
    width = max((c for _, c in cells), default=-1) + 1
    rows: list[list[GridCell]] = []
    for r in range(nrows):
        row: list[GridCell] = []
        for c in range(width):
            cell = cells.get((r, c))
            if cell is None:
                near = next((cells[(r, k)].loc for k in range(width) if (r, k) in cells), Loc())
                cell = GridCell("", near)
            row.append(cell)
        rows.append(row)
    return Grid(rows=rows, sheet=sheet, header_rows=header_rows)


def shifted(loc: Loc, rows: int, columns: int) -> Loc:
    """The loc of the cell `rows` below and `columns` right of `loc` (inside a merged cell)."""
    return replace(loc, row=loc.row + rows if loc.row is not None else None,
                   column=loc.column + columns if loc.column is not None else None)


def _kept_columns(grid: Grid) -> list[int]:
    """Columns holding text somewhere: a column every row leaves empty or spans across is
    layout (a split grid column, an empty margin column of a sheet), not data. (A span's
    filler cells are empty: its value stands in its first column only.)"""
    return [c for c in range(grid.width) if any(c < len(row) and row[c].text.strip() for row in grid.rows)]


def _clean(text: str) -> list[str]:
    """A cell's or paragraph's lines, each stripped; blank lines dropped (the text versions
    do not keep them inside a cell)."""
    return [line.strip() for line in text.split("\n") if line.strip()]


class Lines:
    """The linearised text and, per line, where it came from."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.locs: list[Loc | None] = []

    def add(self, line: str, loc: Loc | None) -> None:
        self.lines.append(line)
        self.locs.append(loc)

    def para(self, text: str, loc: Loc) -> None:
        for line in _clean(text):
            self.add(line, loc)

    def cell(self, text: str, loc: Loc) -> None:
        lines = _clean(text)
        self.add("\t" + (lines[0] if lines else ""), loc)
        for line in lines[1:]:
            self.add(line, loc)

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.add("", None)


def linearise(blocks: list[Block]) -> Lines:
    out = Lines()
    after_table = False
    for block in blocks:
        if isinstance(block, Para):
            if after_table:  # a plain line would continue the table's last cell: a cell of its own
                for line in _clean(block.text):
                    out.cell(line, block.loc)
            else:
                out.para(block.text, block.loc)
            continue
        keep = _kept_columns(block)
        if len(keep) <= 1:  # one column is a list of paragraphs laid out in a table
            for row in block.rows:
                for c in keep:
                    out.para(row[c].text, row[c].loc)
            continue
        out.blank()
        after_table = True
        for row in block.rows:
            cells = [row[c] for c in keep if c < len(row)]
            if not any(c.text.strip() for c in cells):
                continue  # an empty row (or one left only with span fillers)
            origins = {c.origin if c.origin is not None else id(c) for c in cells}
            if len(origins) == 1 and len(cells) > 1:
                out.cell(cells[0].text, cells[0].loc)  # one cell across the whole table
            else:
                for cell in cells:
                    out.cell(cell.text, cell.loc)
            out.blank()
    return out


def source_text(name: str, data: bytes, blocks: list[Block], fmt: str, *, ocr: bool = False,
                notes: list[Note] | None = None) -> SourceText:
    """The SourceText of a structured file; InputError when it holds no Chinese text. `notes`:
    what the reader has to say about the file (reported as anomalies of the document)."""
    out = linearise(blocks)
    while out.lines and out.lines[-1] == "":
        out.lines.pop()
        out.locs.pop()
    text = "\n".join(out.lines)
    if not any(_CJK_START <= ord(ch) <= _CJK_END for ch in text):
        what = "no text" if not text.strip() else "no Chinese text"
        raise InputError(f"{quote_name(name)}: {fmt} file with {what}, not a government document")
    notes = [*(notes or []), *strip_controls(out.lines)]
    return SourceText(name=name, lines=out.lines, notes=notes, sha256=hashlib.sha256(data).hexdigest(),
                      format=fmt, locs=out.locs, tables=[b for b in blocks if isinstance(b, Grid)], ocr=ocr)
