"""Full builds and updates at national scale: time and memory of `kg build`, and an update
after a share of the documents changed, checked against a fresh build.

    python bench/incremental.py --n 100 --n 700 --n 2800 --jobs 2 --out bench/out

For each N: a generated corpus of N counties (bench/generate.py; reused when already there),
`kg build` of it into an empty directory (full build: wall time, CPU time, peak RSS of the
process, tree RSS with the extraction workers); then `--changed` of the documents (1%, at least
one) replaced by a corrected version (the same county and year, rows redrawn: most tasks
renumbered, some reworded, a few dropped or repeated) and `kg build` run again on the same
output (the update); then a fresh build of the changed corpus into another directory, compared
with the updated one file by file (every file but the manifest byte for byte, the store
statement for statement). Writes OUT/incremental.json and OUT/incremental.md and prints the
Markdown. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for path in (str(ROOT), str(BENCH)):
    if path not in sys.path:
        sys.path.insert(0, path)

import generate as gen  # noqa: E402
from run import PY, measure  # noqa: E402


def corpus(n: int, out: Path, seed: int) -> Path:
    folder = out / f"inc-corpus-{n}"
    manifest = folder / "manifest.jsonl"
    if not manifest.is_file() or sum(1 for _ in manifest.open(encoding="utf-8")) != n:
        shutil.rmtree(folder, ignore_errors=True)
        gen.generate(n, folder, seed=seed)
    return folder


def change(folder: Path, n: int, seed: int, share: float) -> list[str]:
    """Replace `share` of the documents (at least one) by a corrected version; their file names."""
    plan = gen.plan(n, seed)
    rng = random.Random(f"changed:{seed}:{n}")
    chosen = sorted(rng.sample(range(n), max(1, math.ceil(share * n))))
    sources = {k: gen.read_source(k) for k in gen.SOURCES}
    names = []
    for i in chosen:
        key, county = plan[i]
        v = gen.variant(i, key, county, seed=seed, revision=1, lines=sources[key])
        (folder / v.file).write_text(v.text, encoding="utf-8")
        names.append(v.file)
    return names


def kg_build(folder: Path, out_dir: Path, jobs: int) -> dict[str, Any]:
    m = measure([PY, "-m", "kg", "build", str(folder), "-o", str(out_dir), "--jobs", str(jobs)], keep_stderr=True)
    line = next((ln for ln in reversed(m.pop("stderr").splitlines()) if ln.startswith("built ")), "")
    m["summary"] = line
    return m


def same_build(a: Path, b: Path) -> dict[str, Any]:
    """Every file but the manifest byte for byte; the stores' statements."""
    import pyoxigraph as ox

    def files(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*")
                if p.is_file() and "store" not in p.relative_to(root).parts and p.name != "manifest.json"}

    fa, fb = files(a), files(b)
    differ = sorted(name for name in fa.keys() | fb.keys()
                    if name not in fa or name not in fb or not _same_bytes(fa[name], fb[name]))
    def fingerprint(root: Path) -> tuple[int, int]:  # how many statements, and an order-free sum of them
        store = ox.Store.read_only(str(root / "store"))
        n = total = 0
        for quad in store:
            n += 1
            total = (total + hash(str(quad))) % (1 << 64)
        return n, total

    (na, ha), (nb, hb) = fingerprint(a), fingerprint(b)
    return {"files": len(fa), "differ": differ, "statements": na, "statements_equal": (na, ha) == (nb, hb),
            "equal": not differ and (na, ha) == (nb, hb)}


def _same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as fa, b.open("rb") as fb:
        while True:
            x, y = fa.read(1 << 24), fb.read(1 << 24)
            if x != y:
                return False
            if not x:
                return True


def bench_n(n: int, args: argparse.Namespace, log: Any) -> dict[str, Any]:
    out: Path = args.out
    folder = corpus(n, out, args.seed)
    built, fresh = out / f"inc-build-{n}", out / f"inc-fresh-{n}"
    for d in (built, fresh):
        shutil.rmtree(d, ignore_errors=True)
    log(f"[N={n}] full build")
    full = kg_build(folder, built, args.jobs)
    log(f"[N={n}] {full['seconds']:.1f} s, peak RSS {full['peak_rss_mb']:.0f} MB; changing {args.changed:.0%}")
    changed = change(folder, n, args.seed, args.changed)
    log(f"[N={n}] update ({len(changed)} documents changed)")
    update = kg_build(folder, built, args.jobs)
    log(f"[N={n}] {update['seconds']:.1f} s; fresh build of the changed corpus")
    again = kg_build(folder, fresh, args.jobs)
    log(f"[N={n}] comparing")
    comparison = same_build(built, fresh)
    if not args.keep:
        shutil.rmtree(fresh, ignore_errors=True)
    sizes = {p.name: p.stat().st_size for p in built.iterdir() if p.is_file()}
    shutil.rmtree(folder, ignore_errors=True)  # the changed corpus: generated anew next time
    return {"n": n, "changed": len(changed), "full": full, "update": update, "fresh_after": again,
            "comparison": comparison, "bytes": sizes}


def render(fig: dict[str, Any]) -> str:
    rows = [
        "| N | documents changed | full build (s) | CPU (s) | peak RSS (MB) | tree RSS (MB) | update (s) "
        "| update / full | update peak RSS (MB) | fresh build after (s) | update = fresh build |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in fig["runs"]:
        f, u = r["full"], r["update"]
        c = r["comparison"]
        rows.append(
            f"| {r['n']} | {r['changed']} | {f['seconds']:.1f} | {f['cpu_seconds']:.1f} | {f['peak_rss_mb']:.0f} | "
            f"{f['tree_rss_mb']:.0f} | {u['seconds']:.1f} | {u['seconds'] / f['seconds']:.1%} | "
            f"{u['peak_rss_mb']:.0f} | {r['fresh_after']['seconds']:.1f} | "
            f"{'yes' if c['equal'] else 'NO: ' + ', '.join(c['differ'])} ({c['statements']:,} statements) |")
    runs = {r["n"]: r for r in fig["runs"]}
    lines = ["\n".join(rows), ""]
    if len(runs) > 1:
        small, big = runs[min(runs)], runs[max(runs)]
        lines.append(f"Peak RSS of the full build: {small['full']['peak_rss_mb']:.0f} MB at N={small['n']} → "
                     f"{big['full']['peak_rss_mb']:.0f} MB at N={big['n']} "
                     f"(× {big['full']['peak_rss_mb'] / small['full']['peak_rss_mb']:.2f} for × "
                     f"{big['n'] / small['n']:.0f} the documents).")
    for r in fig["runs"]:
        lines.append(f"- N={r['n']}: full `{r['full']['summary']}`; update `{r['update']['summary']}`; "
                     f"load average {r['full']['load_before']:.1f}→{r['update']['load_after']:.1f}")
    m = fig["machine"]
    lines.append(f"\nMachine: {m['cpus']} CPUs, Python {m['python']}, commit {m['commit']}; "
                 f"command: `{fig['command']}`.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, action="append", help="counties (repeat; default 100, 700, 2800)")
    ap.add_argument("--changed", type=float, default=0.01, help="share of the documents changed")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=BENCH / "out")
    ap.add_argument("--keep", action="store_true", help="keep the fresh build compared with the update")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.time()

    def log(msg: str) -> None:
        print(f"[{time.time() - started:7.1f}s] {msg}", file=sys.stderr, flush=True)

    runs = [bench_n(n, args, log) for n in (args.n or [100, 700, 2800])]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    import os

    fig = {"runs": runs, "command": "python bench/incremental.py " + " ".join(sys.argv[1:] if argv is None else argv),
           "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                       "commit": commit.stdout.strip()}}
    (args.out / "incremental.json").write_text(json.dumps(fig, indent=1, ensure_ascii=False), encoding="utf-8")
    md = render(fig)
    (args.out / "incremental.md").write_text(md, encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
