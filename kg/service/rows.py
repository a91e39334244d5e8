"""Rows as downloads: JSON exactly as `kg query --format json` prints it, and CSV that Excel reads.

The CSV is UTF-8 with a byte-order mark (without it Excel reads Chinese as mojibake), CRLF line
ends (RFC 4180), every field quoted where needed by the csv module. A list value is one cell with
its items joined by "; " (`lists="join"`, the default) or one row per item (`lists="rows"`: the
other cells repeated; several list cells give every combination). A text cell that Excel would
read as a formula (it begins with = + - @ and is not a number) gets a leading apostrophe, which
Excel shows as the text as written and does not run; the JSON download has the exact text.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from typing import Any, Literal

from kg.output import gc_paused, render

__all__ = ["BOM", "LIST_SEPARATOR", "Lists", "excel_csv", "json_rows"]

BOM = "\ufeff"
LIST_SEPARATOR = "; "
Lists = Literal["join", "rows"]

_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?%?$")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = value if isinstance(value, str) else str(value)
    if _FORMULA.match(text) and not _NUMBER.match(text):
        return "'" + text
    return text


def _cells(row: dict[str, Any], columns: list[str], lists: Lists) -> list[list[str]]:
    values = [row.get(c) for c in columns]
    if lists == "join" or not any(isinstance(v, list | tuple) for v in values):
        return [[LIST_SEPARATOR.join(map(_text, v)) if isinstance(v, list | tuple) else _text(v) for v in values]]
    options = [[_text(x) for x in v] or [""] if isinstance(v, list | tuple) else [_text(v)] for v in values]
    return [list(combo) for combo in itertools.product(*options)]


def excel_csv(columns: list[str], rows: list[dict[str, Any]], *, lists: Lists = "join") -> bytes:
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    with gc_paused():
        for row in rows:
            writer.writerows(_cells(row, columns, lists))
    return buf.getvalue().encode("utf-8")


def json_rows(columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    """A JSON array of row objects, keys in column order: `kg query --format json`'s bytes."""
    return render(rows, "json", columns).encode("utf-8")
