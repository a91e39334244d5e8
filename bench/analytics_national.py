"""Time and memory of every `kg analyze` structure measure on a national build, null models included.

    python bench/generate.py --n 2800 --seed 1 --out bench/out/corpus-2800
    python -m kg build bench/out/corpus-2800 -o bench/out/data-2800 --jobs 2
    python bench/analytics_national.py bench/out/data-2800 --draws 100 --jobs 2

Each measure runs over every county in this process, one after the other; for each the wall and
CPU seconds and the process's peak RSS so far (the kernel's high-water mark: it only grows, so a
measure's own need is at most its increase over the row above). The null models run in `--jobs`
worker processes (CPU = this process and its finished workers). Then the engines compared on a
sample of counties: igraph's Louvain vs networkx's, and the numpy structural-hole measures vs
networkx's. Then the whole command a researcher types, `kg analyze DIR --table county_structure`,
in a process of its own. Figures go to stdout and, as JSON, to `--json`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(name: str, fn: Callable[[], Any], rows: list[dict[str, Any]], note: str = "") -> Any:
    t0, c0 = time.perf_counter(), _cpu()
    value = fn()
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    row = {"measure": name, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mb": round(_peak_mb()),
           "worker_peak_rss_mb": round(worker), "note": note}
    rows.append(row)
    print(f"{name:<48} {wall:9.2f} s wall {cpu:9.2f} s CPU  peak RSS {row['peak_rss_mb']:>6} MB "
          f"(largest worker {row['worker_peak_rss_mb']} MB)  {note}", flush=True)
    return value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path, help="a kg build directory")
    ap.add_argument("--draws", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--counties", type=int, default=0, help="only the first N counties by admin code (0: all)")
    ap.add_argument("--sample", type=int, default=100, help="counties for the engine comparisons")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "analytics.json")
    ap.add_argument("--no-cli", action="store_true", help="skip the end-to-end kg analyze run")
    args = ap.parse_args()

    import networkx as nx
    import numpy as np

    from kg.analytics.arrays import co_responsibility, county_arrays, division, lead_assist
    from kg.analytics.breadth_depth import breadth_depth
    from kg.analytics.brokerage import gould_fernandez, group_codes
    from kg.analytics.core_periphery import continuous_coreness
    from kg.analytics.county_stats import louvain, seeded
    from kg.analytics.exports import export_tables
    from kg.analytics.null_models import NullModel, counties_null, one_thread
    from kg.analytics.structural_holes import burt
    from kg.analytics.structure import structure_tables
    from kg.build import open_build
    from kg.stores.networkx import counties, index

    rows: list[dict[str, Any]] = []
    graph = timed("load the build's graph", lambda: open_build(args.data).graph(), rows)
    idx = timed("index", lambda: index(graph), rows)
    iris = counties(graph)[: args.counties or None]
    arrays = timed("county unit x task matrices", lambda: [county_arrays(idx, c) for c in iris], rows,
                   f"{len(iris)} counties")
    units = sum(a.n for a in arrays)
    tasks = sum(len(a.tasks) for a in arrays)
    sizes = sorted(a.n for a in arrays)
    print(f"{len(arrays)} counties, {units:,} units with a task, {tasks:,} tasks; units per county: "
          f"median {sizes[len(sizes) // 2]}, max {sizes[-1]}")
    nonempty = [a for a in arrays if a.n >= 2]

    with one_thread():
        timed("co-responsibility + lead-assist matrices", lambda: [
            (co_responsibility(a.lead, a.co), lead_assist(a.lead, a.co)) for a in nonempty], rows)

        def brokerage() -> None:
            for a in nonempty:
                la = lead_assist(a.lead, a.co)
                gould_fernandez(la, group_codes(a.unit_type)[0])
                gould_fernandez(la, group_codes([division(f) for f in a.function])[0])

        timed("Gould-Fernandez brokerage (type + function)", brokerage, rows)
        timed("Burt constraint, effective size, hierarchy", lambda: [
            burt(co_responsibility(a.lead, a.co)) for a in nonempty], rows)
        timed("Borgatti-Everett continuous coreness", lambda: [
            continuous_coreness((co_responsibility(a.lead, a.co) > 0).astype(float)) for a in nonempty], rows)
        timed("breadth-depth classes", lambda: [breadth_depth(co_responsibility(a.lead, a.co)) for a in nonempty],
              rows)

        def louvain_all() -> None:
            with seeded(1):
                for a in nonempty:
                    louvain(co_responsibility(a.lead, a.co))

        timed("Louvain modularity (igraph)", louvain_all, rows)
        model = NullModel(draws=0)
        timed("structure tables without null model", lambda: structure_tables(idx, iris, model), rows)
    model = NullModel(draws=args.draws)
    nulls = timed(f"null models: {args.draws} draws per county, jobs {args.jobs}",
                  lambda: counties_null(arrays, model, jobs=args.jobs), rows,
                  f"{len(arrays) * args.draws:,} rewired counties")
    z_defined = sum(1 for n in nulls if np.isfinite(n.z[0]))
    print(f"z-score of density defined in {z_defined} of {len(nulls)} counties")
    exports = timed("export tables (statnet/igraph/Pajek rows)", lambda: export_tables(graph, idx), rows)
    print({k: len(v) for k, v in exports.items()})

    # engines on a sample: igraph vs networkx Louvain, numpy vs networkx Burt
    sample = [a for a in nonempty if co_responsibility(a.lead, a.co).any()][: args.sample]
    graphs = []
    for a in sample:
        w = co_responsibility(a.lead, a.co)
        g = nx.Graph()
        g.add_nodes_from(range(a.n))
        rr, cc = np.nonzero(np.triu(w, 1))
        g.add_weighted_edges_from(zip(rr.tolist(), cc.tolist(), w[rr, cc].tolist(), strict=True))
        graphs.append((w, g))
    with one_thread():
        def ig_louvain() -> None:
            with seeded(1):
                for w, _ in graphs:
                    louvain(w)

        timed(f"engine: igraph Louvain, {len(graphs)} counties", ig_louvain, rows)
        timed(f"engine: networkx Louvain, {len(graphs)} counties", lambda: [
            nx.community.louvain_communities(g, weight="weight", seed=1) for _, g in graphs], rows)
        timed(f"engine: numpy Burt, {len(graphs)} counties", lambda: [burt(w) for w, _ in graphs], rows)
        timed(f"engine: networkx constraint + effective size, {len(graphs)} counties", lambda: [
            (nx.constraint(g, weight="weight"), nx.effective_size(g, weight="weight")) for _, g in graphs], rows)

    cli: dict[str, Any] = {}
    if not args.no_cli and not args.counties:
        cmd = [sys.executable, "-m", "kg", "analyze", str(args.data), "--table", "county_structure", "--format", "csv",
               "--null-draws", str(args.draws), "--jobs", str(args.jobs)]
        t0 = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-v", *cmd], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        _, err = proc.communicate()
        wall = time.perf_counter() - t0
        peak = next((int(line.split()[-1]) for line in err.splitlines() if "Maximum resident" in line), 0)
        cpu = sum(float(line.split()[-1]) for line in err.splitlines()
                  if "User time" in line or "System time" in line)
        cli = {"command": " ".join(cmd[1:]), "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
               "peak_rss_mb": round(peak / 1024), "exit": proc.returncode}
        print(f"end to end: {cli}")
    load = os.getloadavg()
    out = {"counties": len(arrays), "units": units, "tasks": tasks, "draws": args.draws, "jobs": args.jobs,
           "cpus": os.cpu_count(), "load_avg_end": [round(x, 2) for x in load], "measures": rows, "cli": cli}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; figures in {args.json}")


if __name__ == "__main__":
    main()
