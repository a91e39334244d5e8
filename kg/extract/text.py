"""Decoding input files into numbered lines, whatever encoding they arrived in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class InputError(Exception):
    """A file that cannot be read as a document; the message names the file."""


# GB18030 is a superset of GBK and GB2312, so one fallback covers all three.
_ENCODINGS = ("utf-8-sig", "gb18030")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(slots=True)
class SourceText:
    """A document's text as lines; `lines[0]` is line 1 of the input."""

    name: str
    lines: list[str]
    # what detection derives from the lines and the chosen reader needs again (see kg.extract.cells)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def decode(data: bytes, name: str) -> SourceText:
    """Decode raw bytes (UTF-8 with or without BOM, GBK/GB18030; LF or CRLF)."""
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary file, not a text document")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(f"{name}: not valid UTF-8 or GB18030 text")
    if not _CJK.search(text):
        raise InputError(f"{name}: no Chinese text found, not a government document")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return SourceText(name=name, lines=lines)


def read_source(path: str | Path) -> SourceText:
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    return decode(data, path.name)
