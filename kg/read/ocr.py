"""OCR of scanned PDF pages with tesseract (kg.read.tesseract; Debian: tesseract-ocr,
tesseract-ocr-chi-sim); pages are rendered with pypdfium2.

A page is read the way the PDF reader reads a page with a text layer (kg.read.pdf), from what OCR
can give in place of the text layer: each page is rendered at 300 dpi and straightened, the
ruling lines of its tables found in the image (kg.read.scan) and given to pdfplumber's table
finder as the lines of the page, which makes the cells as for a born-digital PDF. The rules are
painted out, and each line of text of each cell is recognised on its own (no text of the next
column runs into it, and tesseract's own finding of lines, poor on short lines of Chinese, is
not needed), and so is each line of the text around the tables. The words tesseract finds
become characters with their places on the page, their punctuation put in the forms Chinese
text uses (kg.read.punctuation), and kg.read.pdf.assemble makes grids and paragraphs of them:
lines joined where they wrap, rows split by a page break joined, the spaces tesseract puts
between Chinese characters dropped as the PDF reader drops the gaps between characters.
"""

from __future__ import annotations

import io
import os
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.read import tesseract
from kg.read.grid import Block
from kg.read.punctuation import punctuate
from kg.read.tesseract import Word
from kg.read.text import InputError

INSTALL = "tesseract-ocr and tesseract-ocr-chi-sim (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
DPI = 300
# a page is rendered at DPI, or less if it would have more pixels than this (a poster-size scan)
_MAX_PIXELS = 40_000_000
# blank space (inches) around a line cut out for tesseract: it reads text touching the edge poorly
_PAD = 0.05
# fewer dark pixels than this (square inches) and a cell is empty
_MIN_INK = 0.0003
# the image given to tesseract is blurred by this radius (inches)
_SOFTEN = 0.0027
# a table rule is painted out this far beyond its pixels (inches)
_ERASE = 0.015


def available() -> bool:
    """Whether tesseract and its Chinese model are installed."""
    return tesseract.available()


def engine() -> str:
    return tesseract.engine()


@dataclass(frozen=True, slots=True)
class _Line:
    """A line of text cut out of the page image for tesseract: where the image sits on the page,
    and the box of the line's ink (pixels)."""

    path: Path
    left: int
    ink: tuple[int, int, int, int]  # x0, top, x1, bottom

    @property
    def short(self) -> bool:
        """Three characters wide at most: a number in a cell, maybe."""
        x0, top, x1, bottom = self.ink
        return x1 - x0 <= 3 * (bottom - top)


@dataclass(slots=True)
class _Page:
    number: int
    dpi: int
    tables: list[Any]  # pdfplumber Tables, in points
    lines: list[_Line]
    words: Future[dict[int, list[Word]]]


def read_scanned(data: bytes, shown: str) -> list[Block]:
    """The blocks of a scanned PDF, as kg.read.pdf makes them from a text layer."""
    import pdfplumber
    import pypdfium2 as pdfium

    from kg.read.pdf import PageContent, assemble

    try:
        doc = pdfium.PdfDocument(data)
        plumber = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - both raise their own kinds on damaged files
        raise InputError(f"{shown}: damaged PDF ({type(exc).__name__})") from None
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        with tempfile.TemporaryDirectory(prefix="govkg-ocr-") as tmp, ThreadPoolExecutor(max(1, workers)) as pool:
            pages: list[_Page] = []
            for index in range(len(doc)):
                # pdfium is not thread-safe: pages are rendered here, one after the other, while
                # tesseract reads the pages before in processes of its own
                folder = Path(tmp) / f"page{index + 1}"
                folder.mkdir()
                try:
                    dpi, tables, lines = _prepare(doc[index], plumber.pages[index], folder)
                except Exception as exc:  # noqa: BLE001 - a page pdfium or the table finder cannot take
                    raise InputError(f"{shown}: damaged PDF, page {index + 1} ({type(exc).__name__})") from None
                words = pool.submit(tesseract.recognise, [line.path for line in lines],
                                    [line.short for line in lines], folder, shown, dpi)
                pages.append(_Page(index + 1, dpi, tables, lines, words))
            contents = [PageContent(p.number, _chars(p.words.result(), p.lines, p.dpi), p.tables) for p in pages]
    finally:
        plumber.close()
        doc.close()
    return assemble(contents)


def _page_dpi(page: Any) -> int:
    width, height = page.get_size()  # points
    fit = (_MAX_PIXELS / max(1.0, width * height / 72 / 72)) ** 0.5
    return max(72, min(DPI, int(fit)))


def _prepare(page: Any, plumber_page: Any, folder: Path) -> tuple[int, list[Any], list[_Line]]:
    """The resolution the page is read at, its tables (pdfplumber Tables, in points) and its lines
    of text, written as images into `folder`: each line of each cell, then of the text outside
    the tables."""
    import numpy as np
    from PIL import Image, ImageFilter

    from kg.read import scan
    from kg.read.pdf import is_table

    dpi = _page_dpi(page)
    image, _ = scan.straighten(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
    grey = np.array(image, dtype=np.uint8)
    dark = scan.ink(grey, dpi)
    rules = scan.ruling_lines(dark, dpi)
    scan.erase(grey, dark, rules, max(1, round(_ERASE * dpi)))
    settings = _table_settings(rules, dpi)
    tables = [t for t in plumber_page.find_tables(settings) if is_table(t)] if settings else []
    # tesseract's model reads the stair-stepped edges of a black-and-white scan poorly: soften them
    soft = np.asarray(Image.fromarray(grey).filter(ImageFilter.GaussianBlur(_SOFTEN * dpi)))
    px = dpi / 72
    outside = dark.copy()
    boxes: list[tuple[int, ...]] = []
    for t in tables:
        boxes.extend(tuple(round(v * px) for v in box) for row in t.rows for box in row.cells if box)
        x0, top, x1, bottom = (round(v * px) for v in t.bbox)
        outside[max(0, top - 4): bottom + 4, max(0, x0 - 4): x1 + 4] = False
    boxes.append((0, 0, dark.shape[1], dark.shape[0]))
    lines: list[_Line] = []
    pad = round(_PAD * dpi)
    for i, (x0, top, x1, bottom) in enumerate(boxes):
        ink = (outside if i == len(boxes) - 1 else dark)[top:bottom, x0:x1]
        if np.count_nonzero(ink) < _MIN_INK * dpi * dpi:
            continue
        for lx0, ltop, lx1, lbottom in scan.text_lines(ink, dpi):
            crop = np.pad(soft[top + ltop: top + lbottom, x0 + lx0: x0 + lx1], pad, constant_values=255)
            path = folder / f"{len(lines):04d}.png"
            Image.fromarray(crop).save(path, dpi=(dpi, dpi))
            lines.append(_Line(path, x0 + lx0 - pad, (x0 + lx0, top + ltop, x0 + lx1, top + lbottom)))
    return dpi, tables, lines


def _table_settings(rules: list[Any], dpi: int) -> dict[str, Any] | None:
    """pdfplumber's table finder given the rules of the image as the page's lines (points);
    None when they cannot make a table."""
    pt = 72 / dpi

    def line(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
        return {"object_type": "line", "x0": x0 * pt, "x1": x1 * pt, "top": top * pt, "bottom": bottom * pt,
                "width": (x1 - x0) * pt, "height": (bottom - top) * pt}

    horizontal = [line(r.x0, (r.top + r.bottom) / 2, r.x1, (r.top + r.bottom) / 2) for r in rules if r.horizontal]
    vertical = [line((r.x0 + r.x1) / 2, r.top, (r.x0 + r.x1) / 2, r.bottom) for r in rules if not r.horizontal]
    if len(horizontal) < 2 or len(vertical) < 2:
        return None
    return {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
            "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal}


def _chars(words: dict[int, list[Word]], lines: list[_Line], dpi: int) -> list[dict[str, Any]]:
    """Characters in pdfplumber's form, in points on the page, from tesseract's words: a word's
    characters share its width evenly (their own boxes from an LSTM model are rough, and may
    overlap: the order tesseract read them in is kept, and the line spans the ink it was cut
    from, so that whether it runs to its cell's edge is what the page shows), and all have the
    line's height, so that the lines group as a text layer's do."""
    pt = 72 / dpi
    chars: list[dict[str, Any]] = []
    for index, found in sorted(words.items()):
        line = lines[index]
        ink_left, ink_top, ink_right, ink_bottom = line.ink
        placed: list[tuple[float, float]] = []
        letters: list[str] = []
        right = 0.0
        for word in found:
            step = word.width / len(word.text)
            for i, ch in enumerate(word.text):
                x0 = max(line.left + word.left + i * step, right)
                right = x0 + max(step, 1.0)
                placed.append((x0, right))
                letters.append(ch)
        first, last = placed[0][0], placed[-1][1]
        stretch = (ink_right - ink_left) / max(last - first, 1.0)
        top, bottom = ink_top * pt, ink_bottom * pt
        for text, (x0, x1) in zip(punctuate(letters), placed, strict=True):
            chars.append({"text": text, "x0": (ink_left + (x0 - first) * stretch) * pt,
                          "x1": (ink_left + (x1 - first) * stretch) * pt, "top": top, "bottom": bottom,
                          "size": max(bottom - top, 1.0)})
    return chars
