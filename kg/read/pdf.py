"""PDF with a text layer, through pdfplumber (pdfminer.six): ruled tables as grids, the text
around them as paragraphs; a scanned PDF (no text layer) through OCR when tesseract is
installed (kg.read.ocr, which gives the same characters and tables from the page images, read
here the same way), else one line saying so.

A PDF has no line breaks of its own, only lines where the text wrapped: a line that fills
its cell (or the page's text width) continues on the next line, one that stops short ends
there (a break the author typed). Tables continue from page to page: the header the word
processor repeats is left for the layouts (they skip a repeated header, as in the text
versions), and a row the page break split in two is joined again: the first row of a page
continues the last row of the page before when every cell it fills is one whose text there
ran to the cell's edge.
"""

from __future__ import annotations

import bisect
import io
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from kg.read.grid import Block, Grid, GridCell, Para, matrix, source_text
from kg.read.text import InputError, Loc, Note, SourceText, quote_name

# a line is full when it ends this close (in character widths) to the right edge it wraps at
_FULL = 1.6
# a gap between two characters wider than this share of the font size is a space
_SPACE_GAP = 0.12
# fewer characters than this per page, and the PDF is taken for a scan
_SCAN_CHARS = 20


@dataclass(slots=True)
class _Line:
    chars: list[dict[str, Any]]
    top: float
    bottom: float
    x0: float
    x1: float
    size: float

    def text(self) -> str:
        out: list[str] = []
        prev: dict[str, Any] | None = None
        for ch in self.chars:
            # spaces are characters of their own; a gap between CJK and Latin characters is the
            # word processor's spacing, not a space; one between two Latin words (from a
            # producer that writes no space characters) is
            if prev is not None and ch["x0"] - prev["x1"] > _SPACE_GAP * max(ch["size"], prev["size"]) \
                    and _latin(prev["text"]) and _latin(ch["text"]) and not out[-1].endswith(" "):
                out.append(" ")
            out.append(ch["text"])
            prev = ch
        return "".join(out)


def _latin(text: str) -> bool:
    return text.isascii() and text.isalnum()


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    """Characters grouped into visual lines, top to bottom, each left to right."""
    lines: list[_Line] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        size = ch["size"] or 10.0
        if lines and abs(ch["top"] - lines[-1].top) <= 0.45 * max(size, lines[-1].size):
            line = lines[-1]
            line.chars.append(ch)
            line.bottom = max(line.bottom, ch["bottom"])
            line.x0, line.x1 = min(line.x0, ch["x0"]), max(line.x1, ch["x1"])
        else:
            lines.append(_Line([ch], ch["top"], ch["bottom"], ch["x0"], ch["x1"], size))
    for line in lines:
        line.chars.sort(key=lambda c: c["x0"])
    return lines


def _pitch(lines: list[_Line]) -> float:
    """The usual distance from one line to the next inside a paragraph."""
    steps = [b.top - a.top for a, b in zip(lines, lines[1:], strict=False) if b.top - a.top >= 0.9 * a.size]
    return min(steps, default=float("inf"))  # paragraph spacing only makes steps larger


def _join(lines: list[_Line], right: float) -> tuple[str, bool]:
    """Lines wrapping at `right` as text with the typed breaks only; and whether the last line
    is full (the text goes on past it). A space the wrap fell on is kept."""
    out = ""
    full = False
    for i, line in enumerate(lines):
        raw = line.text()
        text = raw.strip()
        if i:
            if not full:
                out = out.rstrip() + "\n"
            elif (raw[:1] == " " or out.endswith(" ")) and not out.endswith(" "):
                out += " "
        out += text
        full = line.x1 >= right - _FULL * line.size
        if full and raw.endswith(" "):
            out += " "
    return out.strip(), full


@dataclass(slots=True)
class _Table:
    grid: Grid
    full_last: list[bool]  # per column: the last row's text ran to the cell's edge
    top: float
    page: int


@dataclass(slots=True)
class _Page:
    number: int
    items: list[tuple[float, Block | _Table]] = field(default_factory=list)


def _in(ch: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (ch["x0"] + ch["x1"]) / 2
    y = (ch["top"] + ch["bottom"]) / 2
    return bool(box[0] <= x <= box[2] and box[1] <= y <= box[3])


def _page_line(line_of: dict[int, int], chars: list[dict[str, Any]]) -> int | None:
    return min((line_of[id(c)] for c in chars), default=None)


def _read_table(table: Any, chars: list[dict[str, Any]], page: int, line_of: dict[int, int]) -> _Table:
    rows = table.rows
    cells: dict[tuple[int, int], GridCell] = {}
    boxes: dict[tuple[int, int], tuple[float, float, float, float]] = {}
    full: dict[tuple[int, int], bool] = {}
    width = max(len(r.cells) for r in rows)
    # characters by the height of their middle: each cell looks only at its own band of the page
    by_y = sorted(chars, key=lambda ch: (ch["top"] + ch["bottom"]) / 2)
    middles = [(ch["top"] + ch["bottom"]) / 2 for ch in by_y]
    for r, row in enumerate(rows):
        for c, box in enumerate(row.cells):
            if box is None:
                continue
            band = by_y[bisect.bisect_left(middles, box[1]): bisect.bisect_right(middles, box[3])]
            inside = [ch for ch in band if _in(ch, box)]
            text, full[(r, c)] = _join(_lines(inside), box[2] - 2.0)
            cells[(r, c)] = GridCell(text, Loc(page=page, page_line=_page_line(line_of, inside), column=c + 1))
            boxes[(r, c)] = box
    # holes: under a cell spanning rows (its value, in every row), or right of one spanning columns
    covering: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(rows):
        for c in range(width):
            if (r, c) in cells:
                continue
            above = next(((k, c) for k in range(r - 1, -1, -1) if (k, c) in boxes), None)
            if above is not None and boxes[above][3] > row.bbox[1] + 1:
                first = cells[above]
                first.origin = first.origin or above
                covering[(r, c)] = above
                cells[(r, c)] = GridCell(first.text, Loc(page=page, page_line=first.loc.page_line, column=c + 1),
                                         merged=True, origin=first.origin)
                continue
            left = next(((r, k) for k in range(c - 1, -1, -1) if (r, k) in boxes), None)
            if left is None:
                cells[(r, c)] = GridCell("", Loc(page=page, column=c + 1))
                continue
            cells[left].origin = cells[left].origin or left
            cells[(r, c)] = GridCell("", cells[left].loc, merged=True, origin=cells[left].origin)
    last = len(rows) - 1
    full_last = [full.get(covering.get((last, c), (last, c)), False) for c in range(width)]
    return _Table(matrix(cells, len(rows)), full_last, table.bbox[1], page)


def _continues(prev: _Table, table: _Table) -> int | None:
    """Index of the row of `table` (first on its page) that continues the last row of `prev`
    (last on the page before), past a repeated header; None when none does."""
    if prev.grid.width != table.grid.width or not table.grid.rows:
        return None
    first = 0
    header = [c.text for c in prev.grid.rows[0]]
    if [c.text for c in table.grid.rows[0]] == header and len(table.grid.rows) > 1:
        first = 1
    row = table.grid.rows[first]
    filled = [c for c, cell in enumerate(row) if cell.text.strip() and not cell.merged]
    if not filled:
        return None
    if all(prev.full_last[c] for c in filled):
        return first  # every cell it fills goes on from where the text stopped at the page's end
    serial = _serial_column(prev.grid)
    if serial is None or row[serial].text.strip() or not prev.grid.rows[-1][serial].text.strip():
        return None
    # no number of its own: unless a cell opens a numbered item （二）, it is the rest of the row
    if any(_ITEM.match(row[c].text) for c in filled):
        return None
    return first


_ITEM = re.compile(r"^\s*(?:[（(][一二三四五六七八九十百0-9]+[）)]|[一二三四五六七八九十百]+、|\d{1,3}[.．、](?!\d))")
_SERIAL = re.compile(r"^\d{1,4}$")


def _serial_column(grid: Grid) -> int | None:
    """The column numbering the rows: most of its filled cells are plain numbers."""
    for c in range(grid.width):
        values = [row[c].text.strip() for row in grid.rows[1:] if c < len(row) and row[c].text.strip()]
        if len(values) >= 2 and sum(bool(_SERIAL.match(v)) for v in values) >= 0.6 * len(values):
            return c
    return None


def _stitch(tables: list[_Table]) -> None:
    """Join rows split by a page break (in place)."""
    for prev, table in zip(tables, tables[1:], strict=False):
        if table.page != prev.page + 1:
            continue
        at = _continues(prev, table)
        if at is None:
            continue
        last = prev.grid.rows[-1]
        for c, cell in enumerate(table.grid.rows[at]):
            if cell.text.strip() and not cell.merged:
                joiner = "" if prev.full_last[c] else "\n"
                last[c].text = (last[c].text + joiner + cell.text) if last[c].text else cell.text
        del table.grid.rows[at]


@dataclass(slots=True)
class PageContent:
    """What the reader needs of a page: its characters (pdfplumber's dicts: `text`, `x0`, `x1`,
    `top`, `bottom`, `size`, in points from the page's top left) and its ruled tables (pdfplumber
    `Table`s: rows of cell boxes). A text layer gives them directly; OCR (kg.read.ocr) makes
    them from the page image."""

    number: int  # 1-based
    chars: list[dict[str, Any]]
    tables: list[Any]


def is_table(table: Any) -> bool:
    """A ruled table rather than a box drawn around text: two rows and two columns at least."""
    return len(table.rows) >= 2 and max(len(r.cells) for r in table.rows) >= 2


def read_pdf(data: bytes, shown: str) -> tuple[list[Block], int]:
    """Blocks in reading order, and the number of pages; _Scanned when there is no text layer."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on damaged files
        if _password(exc, PDFPasswordIncorrect):
            raise InputError(f"{shown}: password-protected PDF; save it without a password and read that") from None
        raise InputError(f"{shown}: damaged PDF ({type(exc).__name__}: {_why(exc)})") from None
    contents: list[PageContent] = []
    try:
        with pdf:
            for number, page in enumerate(pdf.pages, start=1):
                contents.append(PageContent(number, page.chars, [t for t in page.find_tables() if is_table(t)]))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged page
        raise InputError(f"{shown}: damaged PDF ({type(exc).__name__}: {_why(exc)})") from None
    total_chars = sum(1 for page in contents for c in page.chars if c["text"].strip())
    if total_chars < _SCAN_CHARS * max(1, len(contents)):
        raise _Scanned(len(contents))
    return assemble(contents), len(contents)


def assemble(contents: list[PageContent]) -> list[Block]:
    """The pages' tables as grids and the text around them as paragraphs, in reading order,
    with the rows a page break split joined again."""
    pages: list[_Page] = []
    tables: list[_Table] = []
    pending: list[tuple[_Page, list[_Line], dict[int, int]]] = []  # text outside tables, per page
    for content in contents:
        chars = content.chars
        line_of = {id(ch): i for i, line in enumerate(_lines(chars), start=1) for ch in line.chars}
        out = _Page(content.number)
        for t in content.tables:
            table = _read_table(t, chars, content.number, line_of)
            tables.append(table)
            out.items.append((t.bbox[1], table))
        loose = [c for c in chars if not any(_in(c, t.bbox) for t in content.tables)]
        pending.append((out, _lines(loose), line_of))
        pages.append(out)
    pitch = min((_pitch(lines) for _, lines, _ in pending), default=float("inf"))
    right = max((line.x1 for _, lines, _ in pending for line in lines), default=0.0)
    for out, lines, line_of in pending:
        _paragraphs(out, lines, line_of, pitch, right)
        out.items.sort(key=lambda item: item[0])
    _stitch(tables)
    blocks: list[Block] = []
    for page_items in pages:
        for _, item in page_items.items:
            blocks.append(item.grid if isinstance(item, _Table) else item)
    return blocks


def _paragraphs(out: _Page, lines: list[_Line], line_of: dict[int, int], pitch: float, right: float) -> None:
    """Lines outside tables joined into paragraphs: a paragraph ends at a line that stops
    short of the text's right edge, before extra space, or before an indented line."""
    para: list[_Line] = []

    def flush() -> None:
        if para:
            text, _ = _join(para, right)
            loc = Loc(page=out.number, page_line=_page_line(line_of, para[0].chars))
            out.items.append((para[0].top, Para(text, loc)))
            para.clear()

    for i, line in enumerate(lines):
        if para and line.top - para[-1].top > 1.3 * pitch:
            flush()
        para.append(line)
        if line.x1 < right - _FULL * line.size or i + 1 < len(lines) and lines[i + 1].x0 > line.x0 + 1.5 * line.size:
            flush()
    flush()


class _Scanned(Exception):
    def __init__(self, pages: int) -> None:
        super().__init__(pages)
        self.pages = pages


def _password(exc: BaseException, kind: type) -> bool:
    """Whether `exc` is, or wraps (pdfplumber wraps pdfminer's errors), a password error."""
    seen = [exc, *(a for a in exc.args if isinstance(a, BaseException)), exc.__cause__, exc.__context__]
    return any(isinstance(e, kind) for e in seen if e is not None)


def _why(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:120]


def read(data: bytes, name: str, fmt: str = "pdf") -> SourceText:
    shown = quote_name(name)
    try:
        blocks, _ = read_pdf(data, shown)
    except _Scanned as scan:
        from kg.read import ocr

        if not ocr.available():
            raise InputError(f"{shown}: scanned PDF with no text layer ({scan.pages} pages); to read it by OCR "
                             f"install {ocr.INSTALL}") from None
        note = Note(1, "ocr", f"scanned PDF with no text layer ({scan.pages} pages): the text was recognised by "
                              f"OCR ({ocr.engine()}); check names and figures against the page images")
        return source_text(name, data, ocr.read_scanned(data, shown), "pdf", ocr=True, notes=[note])
    return source_text(name, data, blocks, "pdf")
