"""Which function's units broker between economic affairs and social policy? (docs/analytics.md)

For every county of a build: the lead -> assist network (a unit leading a task that another
assists); every open two-path a -> b -> c (no tie a -> c) whose ends are one unit of economic affairs
(COFOG 04) and one of social policy (07 health, 09 education, 10 social protection), either way,
credited to the broker b's COFOG division. Against the null model of `kg analyze` (curveball rewiring
that keeps every unit's led and assisted tasks, seeded): the count each division would broker by
chance, summed over counties; z = (observed - expected) / sqrt(Σ county variances).

    python examples/brokers_between_economic_and_social.py govkg-data --draws 200 -o analysis/econ-social

writes econ-social-brokers.csv and .md (the table) and econ-social-brokers.png/.svg (the chart).
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.analytics.arrays import county_arrays, division, lead_assist  # noqa: E402
from kg.analytics.brokerage import between  # noqa: E402
from kg.analytics.null_models import NullModel, county_seed, null_draws, one_thread  # noqa: E402
from kg.analytics.structure import ECONOMIC, SOCIAL  # noqa: E402
from kg.build import open_build  # noqa: E402
from kg.ontology.functions import cofog_labels  # noqa: E402
from kg.stores.networkx import counties, index  # noqa: E402


def per_division(lead: np.ndarray, co: np.ndarray, divisions: list[str], names: list[str]) -> np.ndarray:
    econ = np.array([d in ECONOMIC for d in divisions])
    social = np.array([d in SOCIAL for d in divisions])
    counts = between(lead_assist(lead, co), econ, social)
    return np.array([counts[[d == name for d in divisions]].sum() for name in names], dtype=float)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--draws", type=int, default=200)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("-o", "--out", type=Path, default=Path("econ-social"))
    args = ap.parse_args()
    graph = open_build(args.data).graph()
    idx = index(graph)
    labels = cofog_labels()
    names = sorted(c for c in labels if "." not in c) + ["unknown"]
    observed = np.zeros(len(names))
    expected = np.zeros(len(names))
    variance = np.zeros(len(names))
    units = np.zeros(len(names))
    counties_brokering = np.zeros(len(names))
    model = NullModel(draws=args.draws, seed=args.seed)
    with one_thread():
        for county in counties(graph):
            arr = county_arrays(idx, county)
            if arr.n < 3 or not arr.co.any():
                continue
            divisions = [division(f) for f in arr.function]
            units += [divisions.count(n) for n in names]
            obs = per_division(arr.lead, arr.co, divisions, names)
            draws = np.array([per_division(lead, co, divisions, names)
                              for lead, co in null_draws(arr.lead, arr.co, model, county_seed(args.seed, county))])
            observed += obs
            counties_brokering += obs > 0
            expected += draws.mean(axis=0)
            variance += draws.var(axis=0, ddof=1)
    rows = []
    for k, name in enumerate(names):
        if not (observed[k] or expected[k]):
            continue
        sd = math.sqrt(variance[k])
        rows.append({"division": name, "label": labels.get(name, ("", "(no function)"))[1],
                     "english": labels.get(name, ("(no function)", ""))[0], "units": int(units[k]),
                     "brokered": int(observed[k]), "expected": round(expected[k], 1),
                     "z": round((observed[k] - expected[k]) / sd, 2) if sd > 0 else None,
                     "counties": int(counties_brokering[k])})
    rows.sort(key=lambda r: -r["brokered"])
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "econ-social-brokers.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0]) if rows else ["division"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    total = sum(r["brokered"] for r in rows)
    lines = ["| broker's function (COFOG) | units | two-paths brokered | expected (null) | z | counties |",
             "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['division']} {r['english']} ({r['label']}) | {r['units']} | {r['brokered']} | {r['expected']} | "
              f"{'–' if r['z'] is None else r['z']} | {r['counties']} |" for r in rows]
    lines.append(f"\n{total} economic ↔ social two-paths in all; null model: {args.draws} draws per county, "
                 f"seed {args.seed}.")
    (args.out / "econ-social-brokers.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    chart(rows, args.out, args.draws)


def chart(rows: list[dict[str, object]], out: Path, draws: int) -> None:
    import matplotlib
    from matplotlib.figure import Figure

    from kg.analytics.charts import STYLE, register_cjk_fonts

    register_cjk_fonts()
    shown = [r for r in rows if r["brokered"] or float(str(r["expected"])) >= 0.5][::-1]
    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
        fig = Figure(figsize=(8, 1.2 + 0.5 * len(shown)))
        ax = fig.subplots()
        y = np.arange(len(shown))
        ax.barh(y + 0.2, [float(str(r["brokered"])) for r in shown], height=0.4, color="#8e44ad", label="observed")
        ax.barh(y - 0.2, [float(str(r["expected"])) for r in shown], height=0.4, color="#bdc3c7",
                label=f"expected (null model, {draws} draws per county)")
        ax.set_yticks(y, [f"{r['division']} {r['label']}" for r in shown], fontsize=9)
        peak = max([float(str(r["brokered"])) for r in shown] + [float(str(r["expected"])) for r in shown] + [1])
        for i, r in enumerate(shown):
            z = "" if r["z"] is None else f"z = {r['z']}"
            ax.text(max(float(str(r["brokered"])), float(str(r["expected"]))) + peak * 0.02, i, z, va="center",
                    fontsize=8)
        ax.set_xlim(0, peak * 1.3)
        ax.set_xlabel("open two-paths economic affairs ↔ social policy (lead → assist), by the broker's function",
                      fontsize=8)
        ax.legend(fontsize=8, frameon=False, loc="lower right")
        ax.set_title("Which function's units broker between economic and social-policy units?", fontsize=11)
        fig.tight_layout()
        for ext in ("png", "svg"):
            fig.savefig(out / f"econ-social-brokers.{ext}", dpi=150 if ext == "png" else None, bbox_inches="tight")


if __name__ == "__main__":
    main()
