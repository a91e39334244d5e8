"""Reading: bytes of a file -> `SourceText`, the representation every layout reads.

In: paths (files, folders). Out: `SourceText` (numbered lines, notes about the input) or an
`InputError` whose one-line message names the file. Nothing here knows about layouts.
"""

from __future__ import annotations

from pathlib import Path

from kg.read.files import KNOWN_SUFFIXES, Skipped, expand, max_bytes, read_bytes
from kg.read.text import InputError, Note, SourceText, decode, quote_name

__all__ = ["InputError", "Note", "SourceText", "Skipped", "KNOWN_SUFFIXES", "decode", "expand", "max_bytes",
           "quote_name", "read_bytes", "read_source"]


def read_source(path: str | Path) -> SourceText:
    """A file as SourceText; InputError names the file and the problem."""
    path = Path(path)
    return decode(read_bytes(path), path.name)
