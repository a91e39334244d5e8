"""Reading: bytes of a file -> `SourceText`, the representation every layout reads.

In: paths (files, folders). Out: `SourceText` (numbered lines, notes about the input) or an
`InputError` whose one-line message names the file. Nothing here knows about layouts.

The format is sniffed from the bytes (kg.read.formats) and read by its reader, one module
per format: text (kg.read.text), Word (docx), Excel (xlsx, xls), PDF (pdf), web pages
(html), and legacy Word/WPS/RTF through LibreOffice (legacy); a scanned PDF is read by OCR
(ocr: the page images, their ruling lines found by scan, the text by tesseract, its
punctuation put right by punctuation) into what the PDF reader reads. Structured formats are
linearised into the lines the text layouts read (kg.read.grid), each line keeping where it
came from in the file.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from kg.read.files import KNOWN_SUFFIXES, Skipped, expand, max_bytes, read_bytes
from kg.read.formats import sniff
from kg.read.text import InputError, Loc, Note, SourceText, decode, quote_name

__all__ = ["InputError", "Loc", "Note", "SourceText", "Skipped", "KNOWN_SUFFIXES", "decode", "expand", "max_bytes",
           "quote_name", "read_bytes", "read_source", "read_data", "sniff", "READERS"]

# detected format -> module offering `read(data, name) -> SourceText`
READERS = {
    "docx": "kg.read.docx",
    "xlsx": "kg.read.xlsx",
    "xls": "kg.read.xlsx",
    "pdf": "kg.read.pdf",
    "html": "kg.read.html",
    "doc": "kg.read.legacy",
    "rtf": "kg.read.legacy",
}
# what a file whose bytes say nothing clear is taken for, by its name
_BY_SUFFIX = {".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".pdf": "pdf", ".doc": "doc",
              ".wps": "doc"}


def read_source(path: str | Path) -> SourceText:
    """A file as SourceText; InputError names the file and the problem."""
    path = Path(path)
    return read_data(read_bytes(path), path.name)


def read_data(data: bytes, name: str) -> SourceText:
    """Bytes of a file called `name` as SourceText, in the format the bytes show."""
    fmt = sniff(data)
    shown = quote_name(name)
    if fmt == "zip" or fmt == "ole":
        guessed = _BY_SUFFIX.get(Path(name).suffix.lower())
        if guessed is None or (fmt == "ole" and guessed in ("docx", "xlsx")):
            what = "zip archive" if fmt == "zip" else "Office compound file of an unknown kind"
            raise InputError(f"{shown}: {what}, not a document govkg reads")
        fmt = guessed  # a damaged file: its reader says what is wrong
    if fmt == "ooxml-encrypted":
        raise InputError(f"{shown}: password-protected Office file; save it without a password and read that")
    if fmt == "text":
        return decode(data, name)
    module = importlib.import_module(READERS[fmt])
    src: SourceText = module.read(data, name, fmt)
    return src
