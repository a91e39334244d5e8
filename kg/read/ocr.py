"""OCR of scanned PDF pages with tesseract (Debian: tesseract-ocr, tesseract-ocr-chi-sim),
called through its command line; pages are rendered with pypdfium2."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from kg.read.grid import Block, Para
from kg.read.text import InputError, Loc

INSTALL = "tesseract-ocr and tesseract-ocr-chi-sim (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
DPI = 300


@cache
def available() -> bool:
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "chi_sim" in langs.split()


def read_scanned(data: bytes, shown: str) -> list[Block]:
    """Each page rendered and recognised; every recognised line a paragraph of its page."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(f"{shown}: damaged PDF ({exc})") from None
    blocks: list[Block] = []
    with tempfile.TemporaryDirectory() as tmp:
        for number in range(len(pdf)):
            image = Path(tmp) / f"page{number + 1}.png"
            pdf[number].render(scale=DPI / 72).to_pil().convert("L").save(image)
            for i, line in enumerate(_tesseract(image, shown).splitlines(), start=1):
                if line.strip():
                    blocks.append(Para(line, Loc(page=number + 1, page_line=i)))
    pdf.close()
    return blocks


def _tesseract(image: Path, shown: str) -> str:
    try:
        done = subprocess.run(["tesseract", str(image), "stdout", "-l", "chi_sim", "--psm", "6"],
                              capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError(f"{shown}: OCR failed ({exc})") from None
    if done.returncode != 0:
        raise InputError(f"{shown}: OCR failed ({done.stderr.strip()[:120]})")
    return done.stdout
