"""Decoding input bytes into numbered lines, whatever encoding they arrived in."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any


class InputError(Exception):
    """A file that cannot be read as a document; the message names the file."""


# GB18030 is a superset of GBK and GB2312, so one fallback covers all three.
_ENCODINGS = ("utf-8-sig", "gb18030")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# C0 controls but tab and line breaks, DEL and the C1 controls (U+0085 among them): never text
# in a government document, and a NUL or U+0085 in a name breaks tools downstream
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Note:
    """Something reading noticed about the input, reported as an anomaly of the document."""

    line: int
    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class Loc:
    """Where a line of the linearised text stands in the original file: the keys a format
    has (a Word table's cell: table, row, column; a PDF line: page, line on the page)."""

    sheet: str | None = None
    table: int | None = None  # 1-based, in document order (per sheet in a workbook)
    row: int | None = None  # 1-based row of the table (of the sheet in a workbook)
    column: int | None = None  # 1-based
    page: int | None = None  # 1-based PDF page
    page_line: int | None = None  # 1-based line on that page, top to bottom
    paragraph: int | None = None  # 1-based paragraph outside tables (Word, web page)


@dataclass(slots=True)
class SourceText:
    """A document's text as lines; `lines[0]` is line 1 of the input.

    A file of a structured format (Word, Excel, PDF, web page) is linearised into the same
    lines the text layouts read (kg.read.layout); `locs[i]` says where line i+1 came from,
    `tables` keeps the tables as read (merged cells resolved), `format` names the format
    detected from the bytes."""

    name: str
    lines: list[str]
    notes: list[Note] = field(default_factory=list)
    sha256: str | None = None  # of the bytes read
    # what detection derives from the lines and the chosen reader needs again (see kg.extract.cells)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    format: str = "text"
    locs: list[Loc | None] | None = field(default=None, repr=False)
    tables: list[Any] = field(default_factory=list, repr=False)  # kg.read.layout.Grid
    ocr: bool = False  # the text was recognised from page images

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def quote_name(name: str) -> str:
    """A file name fit for a one-line message: as is, unless it holds a line break or another
    control character, which would forge lines of output; then escaped and quoted."""
    if name.isprintable():
        return name
    return '"' + name.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


def decode(data: bytes, name: str) -> SourceText:
    """Decode raw bytes (UTF-8 with or without BOM, GBK/GB18030; LF or CRLF)."""
    shown = quote_name(name)
    if not data.strip():
        raise InputError(f"{shown}: file is empty")
    if b"\x00" in data[:4096]:
        raise InputError(f"{shown}: binary file, not a text document")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(f"{shown}: not valid UTF-8 or GB18030 text")
    if not _CJK.search(text):
        raise InputError(f"{shown}: no Chinese text found, not a government document")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return SourceText(name=name, lines=lines, notes=strip_controls(lines), sha256=hashlib.sha256(data).hexdigest())


def strip_controls(lines: list[str]) -> list[Note]:
    """Remove control characters in place, one note per line that held any."""
    notes: list[Note] = []
    for i, line in enumerate(lines):
        if _CONTROL.search(line):
            found = sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(line)})
            lines[i] = _CONTROL.sub("", line)
            notes.append(Note(i + 1, "control-characters", f"removed {', '.join(found)}"))
    return notes
