"""Which format a file is in, from its bytes (never its name): a `.doc` that is really a
`.docx`, a `.txt` that is really a web page are read as what they are."""

from __future__ import annotations

import io
import re
import zipfile

# Compound File Binary (OLE2): legacy Word, Excel, WPS, and password-protected Office files
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table)\b",
                         re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(rb"<(?:table|tr|td|th|div|p|br|span|body|a)\b[^>]*>", re.IGNORECASE)

FORMATS = ("text", "html", "docx", "xlsx", "pdf", "doc", "xls", "rtf", "ooxml-encrypted", "zip", "ole")


def sniff(data: bytes) -> str:
    """One of FORMATS."""
    head = data[:8]
    if head.startswith(b"%PDF") or (b"%PDF-" in data[:1024] and b"%%EOF" in data[-2048:]):
        return "pdf"  # (a PDF may start with up to a kilobyte of junk)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if head == _OLE:
        return _ole_kind(data)
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if body[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 (a web page saved by Windows software)
        try:
            body = body.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return "text"
    if _HTML_START.match(body[:4096]) or len(_HTML_TAGS.findall(body[:65536])) >= 20:
        return "html"
    return "text"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        return "zip"  # a damaged archive: the reader of what its name says reports it
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "zip"


def _ole_kind(data: bytes) -> str:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, IndexError, TypeError):
        return "ole"
    try:
        streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=True)}
    finally:
        ole.close()
    if "encryptedpackage" in streams:
        return "ooxml-encrypted"
    if "worddocument" in streams:
        return "doc"  # Word 97-2003, and WPS Writer's .wps, which uses the same streams
    if "workbook" in streams or "book" in streams:
        return "xls"
    return "ole"
