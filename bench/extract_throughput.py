"""`kg extract` throughput and peak memory on the example corpus repeated to a given size.

    python bench/extract_throughput.py                     # 5 MB and 52 MB, --jobs 2
    python bench/extract_throughput.py --mb 5 --mb 52 --jobs 2 --out bench/out

The five documents of examples/corpus (130 kB) are copied again and again into a directory
until it holds at least the size asked for; `kg extract DIR --jobs J` then reads it in a
process of its own (so the memory figures are that run's alone). MB/s is the corpus size over
the wall time of the whole command (start-up included); `peak RSS` is the largest single
process, `tree RSS` the largest sampled sum over the command and its workers. Streaming
extraction keeps memory flat: the large run must not need more memory than the small one.
Writes OUT/extract_throughput.json and prints a Markdown table. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import orjson

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from run import PY, ROOT, measure  # noqa: E402

CORPUS = ROOT / "examples" / "corpus"


def repeated_corpus(mb: float, out: Path) -> tuple[Path, int, int]:
    """OUT/repeat-<mb>MB: the corpus copied until it holds >= mb MB; (dir, bytes, files)."""
    target = out / f"repeat-{mb:g}MB"
    sources = sorted(CORPUS.glob("*.txt"))
    size = sum(p.stat().st_size for p in sources)
    copies = max(1, -(-int(mb * 1e6) // size))
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for i in range(copies):
        for src in sources:
            (target / f"{i:05d}-{src.name}").write_bytes(src.read_bytes())
    return target, copies * size, copies * len(sources)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, action="append", help="corpus sizes in MB (default: 5 and 52)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=BENCH / "out")
    ap.add_argument("--keep", action="store_true", help="keep the repeated corpora")
    args = ap.parse_args(argv)
    sizes = sorted(args.mb or [5, 52])
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for mb in sizes:
        corpus, size, files = repeated_corpus(mb, args.out)
        records = args.out / f"repeat-{mb:g}MB.jsonl"
        m = measure([PY, "-m", "kg", "extract", str(corpus), "--jobs", str(args.jobs), "-q", "-o", str(records)])
        with records.open("rb") as fh:
            tasks = sum(1 for line in fh if orjson.loads(line)["type"] == "task")
        rows.append({"mb": size / 1e6, "files": files, "tasks": tasks, "jobs": args.jobs, **m,
                     "mb_per_s": size / 1e6 / m["seconds"], "tasks_per_s": tasks / m["seconds"]})
        print(f"{size / 1e6:.1f} MB: {m['seconds']:.1f} s, {size / 1e6 / m['seconds']:.2f} MB/s, "
              f"peak RSS {m['peak_rss_mb']:.0f} MB, tree RSS {m['tree_rss_mb']:.0f} MB", file=sys.stderr)
        records.unlink()
        if not args.keep:
            shutil.rmtree(corpus)
    (args.out / "extract_throughput.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    lines = [f"`python bench/extract_throughput.py {' '.join(argv if argv is not None else sys.argv[1:])}`".rstrip(),
             "", "| corpus | files | tasks | jobs | wall (s) | CPU (s) | MB/s | tasks/s | peak RSS (MB) | "
             "tree RSS (MB) | load avg |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r['mb']:.1f} MB | {r['files']} | {r['tasks']:,} | {r['jobs']} | {r['seconds']:.1f} | "
                     f"{r['cpu_seconds']:.1f} | {r['mb_per_s']:.2f} | {r['tasks_per_s']:,.0f} | "
                     f"{r['peak_rss_mb']:.0f} | {r['tree_rss_mb']:.0f} | "
                     f"{r['load_before']:.1f}→{r['load_after']:.1f} |")
    if len(rows) > 1:
        a, z = rows[0], rows[-1]
        lines.append(f"\nInput × {z['mb'] / a['mb']:.1f}: peak RSS × {z['peak_rss_mb'] / a['peak_rss_mb']:.2f}, "
                     f"tree RSS × {z['tree_rss_mb'] / a['tree_rss_mb']:.2f} (flat: memory does not grow with input).")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
