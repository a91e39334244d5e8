"""Legacy Word (.doc), WPS Writer (.wps) and RTF: converted to .docx by LibreOffice, headless,
then read as Word. Nothing in Python reads these binary formats with their tables intact;
LibreOffice does (Debian: libreoffice-writer-nogui). Without it, one line says what to
install."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kg.read import docx
from kg.read.grid import source_text
from kg.read.text import InputError, SourceText, quote_name

INSTALL = "LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui)"
TIMEOUT_S = 180
_NAMES = {"doc": "Word 97-2003", "rtf": "RTF"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, fmt: str, shown: str) -> bytes:
    exe = soffice()
    what = _NAMES.get(fmt, fmt)
    if exe is None:
        raise InputError(f"{shown}: {what} file; to read it install {INSTALL}, or save it as .docx")
    with tempfile.TemporaryDirectory(prefix="govkg-") as tmp:
        src = Path(tmp) / f"in.{'rtf' if fmt == 'rtf' else 'doc'}"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        # a profile of its own: a user's running LibreOffice, or another conversion, cannot block it
        cmd = [exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL,
                           env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise InputError(f"{shown}: {what} file: LibreOffice did not convert it within {TIMEOUT_S} s") from None
        except OSError as exc:
            raise InputError(f"{shown}: {what} file: LibreOffice failed ({exc.strerror or exc})") from None
        result = out / "in.docx"
        if not result.exists():
            raise InputError(f"{shown}: {what} file that LibreOffice cannot open (damaged or password-protected)")
        return result.read_bytes()


def read(data: bytes, name: str, fmt: str = "doc") -> SourceText:
    shown = quote_name(name)
    converted = to_docx(data, fmt, shown)
    return source_text(name, data, docx.read_docx(converted, shown), fmt)
