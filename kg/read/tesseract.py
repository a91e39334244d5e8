"""tesseract, through its command line (Debian: tesseract-ocr, with its Latin model, and
tesseract-ocr-chi-sim): which models are installed, and the words it reads in images of single
lines of text, many images in one run."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.read.text import InputError

CHINESE = "chi_sim"
LATIN = "eng"  # installed with tesseract-ocr
# tesseract's page segmentation modes: a single line of text; a raw line (no layout steps)
_LINE = "7"
_RAW_LINE = "13"
# a line with a character read with less confidence (0-100) than this is read again
_DOUBT = 85.0
# a number the Latin model reads in a short line with at least this confidence may be taken
_SURE = 50.0
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
_DIGITS = str.maketrans("lIO", "110")


@cache
def languages() -> frozenset[str]:
    """The models tesseract has; none when it is not installed (not on PATH)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return frozenset()
    try:
        listed = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in listed.splitlines()[1:] if line.strip())  # after its heading


def available() -> bool:
    return CHINESE in languages()


@cache
def engine() -> str:
    """`tesseract 5.3.0, chi_sim`: what recognised the text (for the document's anomaly)."""
    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    first = out.splitlines()[0].strip() if out.strip() else "tesseract"
    return f"{first}, {CHINESE}"


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    left: int  # pixels, in its image
    width: int
    confidence: float  # 0-100


def recognise(images: list[Path], short: list[bool], folder: Path, shown: str, dpi: int) -> dict[int, list[Word]]:
    """The words of each image of a line of text (by its index); `short[i]`: image i is a few
    characters wide; `folder` takes the lists of images.

    Each line is read in tesseract's line mode. A line it is unsure of (a character below
    `_DOUBT`), or finds nothing in (a layout step of that mode now and then drops a clear line
    of Chinese), is read again as a raw line, which skips the layout steps, and the reading
    surer on average is kept. A short line, most often a number in a cell, is read by the Latin
    model too: the Chinese one reads a lone digit poorly (1 as `]`, 6 as `b`); a number the
    Latin model is surer of is taken (its `l`, `I` and `O` read as 1 and 0: in a cell alone they
    are digits)."""
    if not images:
        return {}
    words = _run(images, folder, CHINESE, _LINE, shown, dpi)
    doubtful = [i for i in range(len(images)) if _least(words.get(i, [])) < _DOUBT]
    for i, line in _again(doubtful, images, folder, CHINESE, _RAW_LINE, shown, dpi).items():
        if _mean(line) > _mean(words.get(i, [])):
            words[i] = line
    if LATIN not in languages():
        return words
    for i, latin in _again([i for i, s in enumerate(short) if s], images, folder, LATIN, _LINE, shown, dpi).items():
        number = [Word(w.text.translate(_DIGITS), w.left, w.width, w.confidence) for w in latin]
        text = "".join(w.text for w in number)
        chinese = words.get(i, [])
        if _NUMBER.fullmatch(text) and _least(number) >= _SURE and _least(number) > _least(chinese) and \
                "".join(w.text for w in chinese) != text:
            words[i] = number
    return words


def _least(words: list[Word]) -> float:
    return min((w.confidence for w in words), default=-1.0)


def _mean(words: list[Word]) -> float:
    chars = sum(len(w.text) for w in words)
    return sum(w.confidence * len(w.text) for w in words) / chars if chars else -1.0


def _again(which: list[int], images: list[Path], folder: Path, lang: str, psm: str, shown: str,
           dpi: int) -> dict[int, list[Word]]:
    """The words of the images `which` (by their index in `images`), read by `lang` in page
    segmentation mode `psm`."""
    if not which:
        return {}
    found = _run([images[i] for i in which], folder, lang, psm, shown, dpi)
    return {which[k]: line for k, line in found.items()}


def _run(images: list[Path], folder: Path, lang: str, psm: str, shown: str, dpi: int) -> dict[int, list[Word]]:
    """The words of each image (by its index), read in one run of tesseract (the model loads
    once)."""
    listing = folder / f"images-{lang}-{psm}.txt"
    listing.write_text("".join(f"{p}\n" for p in images), encoding="utf-8")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # pages are read side by side instead
    try:
        done = subprocess.run(["tesseract", str(listing), "stdout", "-l", lang, "--psm", psm, "--dpi", str(dpi),
                               "tsv"], capture_output=True, text=True, timeout=1800, env=env)
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError(f"{shown}: OCR failed ({type(exc).__name__}: {exc})") from None
    if done.returncode != 0:
        raise InputError(f"{shown}: OCR failed ({' '.join(done.stderr.split())[:120]})")
    words: dict[int, list[Word]] = {}
    for row in csv.DictReader(done.stdout.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row["level"] == "5" and text:
            words.setdefault(int(row["page_num"]) - 1, []).append(
                Word(text, int(row["left"]), int(row["width"]), float(row["conf"])))
    return words
