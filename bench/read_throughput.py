"""Throughput of each reader: bytes -> SourceText, and bytes -> tasks, per format.

    python bench/read_throughput.py [--seconds 3]

Reads the fixtures of tests/data/formats (the four corpus tables as Word, Excel, PDF and web
pages; the legacy .doc/.xls) and the four text versions, each format's files over and over
for about `--seconds`, in this process, one core. MB/s is of the files' own bytes (a PDF is
ten times its text's size, a .docx a third), documents/s counts files. `read` is the reading
stage alone (kg.read.read_data), `extract` reading and layout and targets. Prints a Markdown
table. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.pipeline import extract_text  # noqa: E402
from kg.read import read_data  # noqa: E402

FORMATS = ROOT / "tests" / "data" / "formats"
CORPUS = ROOT / "examples" / "corpus"
TABLES = ("pinglu", "guxian", "xixiang", "taian")


def files(ext: str) -> list[Path]:
    if ext == "txt":
        return [CORPUS / f"{k}-2023-tasks.txt" for k in TABLES]
    return sorted(p for p in FORMATS.glob(f"*-2023-tasks.{ext}"))


def rate(paths: list[Path], seconds: float, extract: bool) -> tuple[float, float, int]:
    data = [(p.read_bytes(), p.name) for p in paths]
    size = sum(len(d) for d, _ in data)
    for blob, name in data:  # warm: the lexicons and libraries load once, not in the figures
        extract_text(read_data(blob, name))
    runs = 0
    start = time.perf_counter()
    while True:
        for blob, name in data:
            src = read_data(blob, name)
            if extract:
                extract_text(src)
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    return size * runs / elapsed / 1e6, len(data) * runs / elapsed, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    print("| format | files | size | read MB/s | read docs/s | read+extract MB/s | read+extract docs/s |")
    print("|---|---|---|---|---|---|---|")
    for ext in ("txt", "docx", "xlsx", "html", "pdf", "xls", "doc"):
        paths = files(ext)
        if not paths:
            continue
        mb, docs, size = rate(paths, args.seconds, extract=False)
        xmb, xdocs, _ = rate(paths, args.seconds, extract=True)
        print(f"| {ext} | {len(paths)} | {size / 1e3:.0f} kB | {mb:.2f} | {docs:.1f} | {xmb:.2f} | {xdocs:.1f} |",
              flush=True)


if __name__ == "__main__":
    main()
