"""Excel: `.xlsx` through openpyxl, `.xls` (Excel 97-2003) through xlrd; every visible sheet
as a grid, merged ranges resolved, each cell's place kept as (sheet, row, column) in Excel's
own numbering."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from kg.read.grid import Block, GridCell, Para, matrix, source_text
from kg.read.text import InputError, Loc, SourceText, quote_name

# (first row, first column, last row, last column), 1-based inclusive, Excel's numbering
Range = tuple[int, int, int, int]


def _number(value: float, fmt: str = "") -> str:
    if "%" in fmt:
        value *= 100
        text = f"{value:.10g}"
        return text + "%"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}" if isinstance(value, float) else str(value)


def _text(value: Any, fmt: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return _number(value, fmt)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")


def _grid(sheet: str, values: dict[tuple[int, int], str], merged: list[Range]) -> Block | None:
    """A sheet's cells (1-based row, column -> text) as a grid, merged ranges filled."""
    spans: dict[tuple[int, int], Range] = {}
    for rng in merged:
        r1, c1, r2, c2 = rng
        if (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:
            continue  # a range over a whole column: formatting, not a merged value
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                spans[(r, c)] = rng
    used = [key for key, text in values.items() if text.strip()]
    if not used:
        return None
    top = min(r for r, _ in used)
    left = min(c for _, c in used)
    bottom = max(r for r, _ in used)
    right = max(c for _, c in used)
    cells: dict[tuple[int, int], GridCell] = {}
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            loc = Loc(sheet=sheet, row=r, column=c)
            span = spans.get((r, c))
            if span is None:
                text = values.get((r, c), "")
                if text:
                    cells[(r - top, c - left)] = GridCell(text, loc)
                continue
            r1, c1, _, _ = span
            origin = (max(r1, top) - top, max(c1, left) - left)
            first = values.get((r1, c1), "")
            if (r, c) == (r1, c1):
                cells[(r - top, c - left)] = GridCell(first, loc, origin=origin)
            else:  # the value stands in every row of the range, in its first column only
                cells[(r - top, c - left)] = GridCell(first if c == c1 else "", loc, merged=True, origin=origin)
    return matrix(cells, bottom - top + 1, sheet=sheet)


def _blocks(sheets: list[tuple[str, dict[tuple[int, int], str], list[Range]]]) -> list[Block]:
    grids = [(name, g) for name, values, merged in sheets if (g := _grid(name, values, merged)) is not None]
    blocks: list[Block] = []
    for name, grid in grids:
        if len(grids) > 1:  # several lists: a sheet's name may be all that titles its list
            blocks.append(Para(name, Loc(sheet=name)))
        blocks.append(grid)
    return blocks


def read_xlsx(data: bytes, shown: str) -> list[Block]:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, EOFError, OSError) as exc:
        raise InputError(f"{shown}: damaged Excel file ({_why(exc)})") from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on malformed parts
        raise InputError(f"{shown}: damaged Excel file ({type(exc).__name__}: {_why(exc)})") from None
    sheets = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        values: dict[tuple[int, int], str] = {}
        for (r, c), cell in ws._cells.items():  # only the cells the file holds, not the used range
            text = _text(cell.value, cell.number_format or "")
            if text:
                values[(r, c)] = text
        merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        sheets.append((ws.title, values, merged))
    return _blocks(sheets)


def read_xls(data: bytes, shown: str) -> list[Block]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise InputError(f"{shown}: password-protected Excel file; save it without a password and read that") \
                from None
        raise InputError(f"{shown}: damaged Excel 97-2003 file ({_why(exc)})") from None
    except Exception as exc:  # noqa: BLE001 - xlrd raises assertion and struct errors on damaged files
        raise InputError(f"{shown}: damaged Excel 97-2003 file ({type(exc).__name__}: {_why(exc)})") from None
    sheets = []
    for sh in book.sheets():
        if getattr(sh, "visibility", 0) != 0:
            continue
        values: dict[tuple[int, int], str] = {}
        for r in range(sh.nrows):
            for c, cell in enumerate(sh.row(r)):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        text = _text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        text = _number(cell.value)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    text = ""
                else:
                    text = _text(cell.value)
                if text:
                    values[(r + 1, c + 1)] = text
        # xlrd: (first row, last row + 1, first column, last column + 1), 0-based
        merged = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in sh.merged_cells]
        sheets.append((sh.name, values, merged))
    return _blocks(sheets)


def _why(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:120]


def read(data: bytes, name: str, fmt: str = "xlsx") -> SourceText:
    shown = quote_name(name)
    blocks = read_xls(data, shown) if fmt == "xls" else read_xlsx(data, shown)
    if not blocks:
        raise InputError(f"{shown}: Excel file with no text in any sheet")
    return source_text(name, data, blocks, fmt)
