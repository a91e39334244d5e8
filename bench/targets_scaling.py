"""Target finding in one very long cell: seconds and seconds per MB at several cell sizes.

    python bench/targets_scaling.py                       # 64 KB, 256 KB, 1 MB, 4 MB
    python bench/targets_scaling.py --kb 64 --kb 256      # other sizes (KB of UTF-8)

A cell is one line made of the example corpus's target sentences (every line of
examples/corpus/*.txt holding 增长 and a %), stripped and repeated in order until it holds the
size asked for; `kg.targets.find_targets` reads it as one task text. Finding targets must be
linear in the cell's length: seconds per MB stays flat from the smallest size to the largest.
CPU seconds (this process's) are printed too: on a shared machine they vary less than the wall
time. The vocabulary and jieba's dictionary are loaded before the first timing. Not part of the test
suite; it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's kg, not whichever one is installed

from kg.targets import find_targets  # noqa: E402

CORPUS = ROOT / "examples" / "corpus"


def sentences() -> list[str]:
    """Lines of the example corpus that state a growth target, stripped, each ending a sentence."""
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if "增长" in line and ("%" in line or "％" in line):
                out.append(line if line.endswith(("。", "；")) else line + "。")
    return out


def cell(size: int, pieces: list[str]) -> str:
    """The pieces repeated in order until the text holds at least `size` bytes of UTF-8."""
    parts, total, i = [], 0, 0
    while total < size:
        piece = pieces[i % len(pieces)]
        parts.append(piece)
        total += len(piece.encode("utf-8"))
        i += 1
    return "".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, action="append", help="cell size in KB (repeatable)")
    args = ap.parse_args()
    sizes = args.kb or [64, 256, 1024, 4096]
    pieces = sentences()
    find_targets(pieces[0], doc="bench", county=None, task="1", line=1)  # load the dictionaries
    print(f"{len(pieces)} target sentences from {CORPUS.relative_to(ROOT)}")
    print("| cell | characters | targets | seconds | seconds per MB | CPU seconds | CPU seconds per MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for kb in sizes:
        text = cell(kb * 1024, pieces)
        mb = len(text.encode("utf-8")) / 2**20
        t0, c0 = time.perf_counter(), time.process_time()
        found = find_targets(text, doc="bench", county=None, task="1", line=1)
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"| {kb:,} KB | {len(text):,} | {len(found):,} | {took:.2f} | {took / mb:.2f} | {cpu:.2f} "
              f"| {cpu / mb:.2f} |", flush=True)


if __name__ == "__main__":
    main()
