"""PNG and SVG charts of the main comparisons (matplotlib, no display needed).

- leader-tasks: tasks per leader, one panel per county;
- coordination-hubs: the units with most shared-task ties, one panel per county;
- headline-targets: county x headline indicator, the target values;
- ledger-<indicator>: one chart per indicator of the target ledger: each government's target band
  (lower to upper bound) and the value achieved, over the years.
- brokerage-by-function: Gould-Fernandez roles (groups = COFOG division) summed over the counties,
  per division of the broker, with the two-paths joining economic affairs and social policy.

Chinese labels need a CJK font (Debian: fonts-noto-cjk); SVG text is stored as paths, so
the SVG files show without one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei",
             "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Arial Unicode MS", "DejaVu Sans"]
MAX_PANELS = 12  # beyond this a chart of every county is unreadable; panels show the first ones by code
_MODIFIER = {"around": "≈", "at_least": "≥", "at_most": "≤", "point": "", "range": ""}


STYLE: dict[str, Any] = {"font.sans-serif": CJK_FONTS, "font.family": "sans-serif", "axes.unicode_minus": False,
         "svg.fonttype": "path", "axes.spines.top": False, "axes.spines.right": False}


_CJK_FILES = ("cjk", "wqy", "sourcehan", "simhei", "msyh", "pingfang")


def register_cjk_fonts() -> None:
    """matplotlib lists the system's fonts once and caches the list: a CJK font installed after
    its first use stays unknown (every Chinese glyph drawn as a box) until the files are added."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    if known.intersection(CJK_FONTS[:-1]):
        return
    for path in font_manager.findSystemFonts():
        if any(key in Path(path).name.lower() for key in _CJK_FILES):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue  # a font file matplotlib cannot read is one font fewer, not an error


def use_cjk_font() -> None:
    """Matplotlib settings for Chinese labels (call once in a notebook before plotting)."""
    register_cjk_fonts()
    matplotlib.rcParams.update(STYLE)  # type: ignore[arg-type]  # the keys are rc names


def _panels(n: int, rows_per: Sequence[int], width: float = 4.2) -> tuple[Figure, list[Any]]:
    cols = min(n, 3)
    grid_rows = math.ceil(n / cols)
    tallest = max(rows_per, default=1)
    # a bare Figure, not pyplot: writing charts must not switch a notebook's backend
    fig = Figure(figsize=(width * cols, 0.8 + grid_rows * (0.6 + 0.28 * tallest)))
    axes = fig.subplots(grid_rows, cols, squeeze=False)
    flat = [ax for row in axes for ax in row]
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def _save(fig: Figure, out_dir: Path, name: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for ext in ("png", "svg"):
        path = out_dir / f"{name}.{ext}"
        fig.savefig(path, dpi=150 if ext == "png" else None, bbox_inches="tight")
        paths.append(path)
    return paths


def _by_county(rows: list[dict[str, Any]], counties: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {c: [] for c in counties}
    for r in rows:
        out.setdefault(r["county"], []).append(r)
    return out


def leader_tasks_chart(tables: dict[str, list[dict[str, Any]]], out_dir: Path) -> list[Path]:
    counties = [r["county"] for r in tables["counties"] if any(
        x["county"] == r["county"] and x["tasks"] for x in tables["leaders"])][:MAX_PANELS]
    if not counties:
        return []
    groups = _by_county([r for r in tables["leaders"] if r["tasks"]], counties)
    fig, axes = _panels(len(counties), [len(groups[c]) for c in counties])
    top = max(r["tasks"] for c in counties for r in groups[c])
    for ax, county in zip(axes, counties, strict=True):
        rows = sorted(groups[county], key=lambda r: r["tasks"])
        ax.barh([r["leader"] for r in rows], [r["tasks"] for r in rows], color="#c0392b")
        for i, r in enumerate(rows):
            ax.text(r["tasks"] + top * 0.01, i, f"{r['units']} units, {r['functions']} fn", va="center", fontsize=7)
        ax.set_title(county, fontsize=11)
        ax.set_xlim(0, top * 1.45)
        ax.tick_params(labelsize=8)
        ax.set_xlabel("tasks", fontsize=8)
    fig.suptitle("Tasks per leader (labels: units supervised, functions spanned)", fontsize=12)
    fig.tight_layout()
    return _save(fig, out_dir, "leader-tasks")


def hubs_chart(tables: dict[str, list[dict[str, Any]]], out_dir: Path, top: int = 6) -> list[Path]:
    counties = [r["county"] for r in tables["counties"] if r["units"]][:MAX_PANELS]
    if not counties:
        return []
    groups = _by_county([r for r in tables["units"] if r["degree"]], counties)
    fig, axes = _panels(len(counties), [top] * len(counties))
    peak = max((r["weighted_degree"] for c in counties for r in groups[c]), default=1)
    for ax, county in zip(axes, counties, strict=True):
        rows = groups[county][:top][::-1]  # the table is sorted by weighted degree, strongest first
        ax.set_title(county, fontsize=11)
        if not rows:
            ax.text(0.5, 0.5, "no unit shares a task\nwith another unit", ha="center", va="center",
                    fontsize=9, color="#666", transform=ax.transAxes)
            ax.set_xticks([])
            ax.set_yticks([])
            continue
        ax.barh([r["unit"] for r in rows], [r["weighted_degree"] for r in rows], color="#2471a3")
        for i, r in enumerate(rows):
            ax.text(r["weighted_degree"] + peak * 0.01, i, f"{r['degree']} partners", va="center", fontsize=7)
        ax.set_xlim(0, peak * 1.35)
        ax.tick_params(labelsize=8)
        ax.set_xlabel("shared tasks (weighted degree)", fontsize=8)
    fig.suptitle("Coordination hubs: units by tasks shared with other units", fontsize=12)
    fig.tight_layout()
    return _save(fig, out_dir, "coordination-hubs")


RELATIVE_MARK = "↔"  # a relative target: in step with another indicator (与经济增长基本同步), no number
ABSENT_MARK = "—"


def target_cell(found: dict[str, Any] | None) -> str:
    """What a heatmap cell says: the value with its modifier, the relative mark, or absent."""
    if found is None:
        return ABSENT_MARK
    if found["value"] is None:
        return RELATIVE_MARK
    return f"{_MODIFIER.get(found['modifier'], '')}{found['value']:g}%"


def targets_figure(tables: dict[str, list[dict[str, Any]]]) -> Figure | None:
    """A government x indicator grid of headline targets in % (and relative ones, marked ↔ on a
    hatched cell, which the legend explains); — where the document sets none. A government with
    documents of several years has a column per year (国务院 2019)."""
    rows = [dict(r) for r in tables["targets"] if (r["unit"] == "%" and r["value"] is not None)
            or (r["value"] is None and r["relative"])]
    if not any(r["value"] is not None for r in rows):
        return None
    years: dict[str, set[Any]] = {}
    for r in rows:
        years.setdefault(r["county"], set()).add(r.get("year"))
    for r in rows:
        if len(years[r["county"]]) > 1:
            r["county"] = f"{r['county']} {r.get('year')}"
    place = {r["county"]: i for i, r in enumerate(tables["counties"])}
    counties = sorted(dict.fromkeys(r["county"] for r in rows),
                      key=lambda c: (place.get(c.split(" ")[0], len(place)), c))[:MAX_PANELS]
    rows = [r for r in rows if r["county"] in counties]
    metrics: dict[str, str] = {}
    for r in rows:
        metrics.setdefault(r["metric"], r["metric_text"])
    order = sorted(metrics, key=lambda m: -sum(1 for r in rows if r["metric"] == m))
    cell = {(r["county"], r["metric"]): r for r in rows}
    fig = Figure(figsize=(1.2 + 1.15 * len(counties), 1.5 + 0.42 * len(order)))
    ax = fig.subplots()
    values = [[cell[(c, m)]["value"] if (c, m) in cell and cell[(c, m)]["value"] is not None else math.nan
               for c in counties] for m in order]
    peak = max(r["value"] for r in cell.values() if r["value"] is not None)
    image = ax.imshow(values, cmap="YlGn", aspect="auto")
    for i, m in enumerate(order):
        for j, c in enumerate(counties):
            found: dict[str, Any] | None = cell.get((c, m))
            relative = found is not None and found["value"] is None
            if relative:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", edgecolor="#b7b7b7",
                                       linewidth=0))
            dark = found is not None and not relative and found["value"] > peak * 0.7
            ax.text(j, i, target_cell(found), ha="center", va="center", fontsize=8 if not relative else 11,
                    color="#999" if found is None else "#1b4f72" if relative else "white" if dark else "black")
    ax.set_xticks(range(len(counties)), counties, fontsize=9)
    ax.set_yticks(range(len(order)), [metrics[m] for m in order], fontsize=8)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    fig.colorbar(image, ax=ax, shrink=0.6, label="%")
    example = min((str(r["relative"]) for r in rows if r["value"] is None), default="与经济增长同步")
    handles = [Patch(facecolor="white", edgecolor="#b7b7b7", hatch="///",
                     label=f"{RELATIVE_MARK} relative target, no number ({example}…)"),
               Patch(facecolor="white", edgecolor="#d5d8dc", label=f"{ABSENT_MARK} not set in the county's document")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=1, fontsize=8, frameon=False)
    shown: list[int] = sorted({int(r["year"]) for r in rows if r.get("year")})
    span = "" if not shown else f" for {shown[0]}" if len(shown) == 1 else f", {shown[0]}–{shown[-1]}"
    ax.set_title(f"Headline targets{span} (≈ around, ≥ at least, ≤ at most)", fontsize=11)
    fig.tight_layout()
    return fig


def targets_chart(tables: dict[str, list[dict[str, Any]]], out_dir: Path) -> list[Path]:
    fig = targets_figure(tables)
    return [] if fig is None else _save(fig, out_dir, "headline-targets")


MAX_SERIES = 8  # governments in one ledger chart: those with the most years first
_VERDICT = {"met": "#1e8449", "missed": "#c0392b", "unknown": "#7f8c8d"}


def ledger_charts(tables: dict[str, list[dict[str, Any]]], out_dir: Path) -> list[Path]:
    """One chart per indicator of the ledger: over the years, each government's target band (a
    bar from the lower to the upper bound; an arrow where the wording leaves a side open) with
    its number as a tick, and the value achieved as a dot coloured by the verdict."""
    paths: list[Path] = []
    by_metric: dict[str, list[dict[str, Any]]] = {}
    for r in tables.get("ledger", []):
        if r["year"] is not None and (r["value"] is not None or r["actual"] is not None):
            by_metric.setdefault(r["metric"], []).append(r)
    for metric, rows in sorted(by_metric.items()):
        units = [r["unit"] or r["actual_unit"] for r in rows]
        unit = max(set(units), key=lambda u: (units.count(u), str(u)))
        rows = [r for r in rows if (r["unit"] or r["actual_unit"]) == unit]  # one unit per chart
        years_of: dict[str, int] = {}
        for r in rows:
            years_of[r["county"]] = years_of.get(r["county"], 0) + 1
        govs = sorted(years_of, key=lambda g: (-years_of[g], str(g)))[:MAX_SERIES]
        fig = Figure(figsize=(7.5, 4.2))
        ax = fig.subplots()
        width = 0.6 / max(1, len(govs))
        for k, gov in enumerate(govs):
            series = sorted((r for r in rows if r["county"] == gov), key=lambda r: r["year"])
            colour = matplotlib.colormaps["tab10"](k % 10)
            shift = (k - (len(govs) - 1) / 2) * width
            xs = [r["year"] + shift for r in series]
            for x, r in zip(xs, series, strict=True):
                _band(ax, x, r, colour, width)
            done = [(x, r) for x, r in zip(xs, series, strict=True) if r["actual"] is not None]
            ax.plot([x for x, _ in done], [r["actual"] for _, r in done], color=colour, lw=1, alpha=0.6,
                    label=f"{gov}")
            for x, r in done:
                ax.scatter([x], [r["actual"]], s=28, zorder=3, color=_VERDICT.get(r["met"], "#7f8c8d"),
                           edgecolors=colour, linewidths=1.2)
        label = rows[0]["metric_text"] or metric
        ax.set_title(f"{label} ({metric}): target band and value achieved", fontsize=11)
        ax.set_ylabel(unit or "", fontsize=9)
        values = [v for r in rows if r["county"] in govs
                  for v in (r["lower"], r["upper"], r["value"], r["actual"]) if v is not None]
        if values:  # bars stick to the frame; a band's edge should not be it
            low, high = min(values), max(values)
            pad = (high - low) * 0.08 or abs(high) * 0.1 or 1
            ax.set_ylim(low - pad, high + pad)
        ax.set_xticks(sorted({r["year"] for r in rows}))
        ax.tick_params(labelsize=8)
        ax.legend(fontsize=8, loc="best", title="bar: target, dot: achieved (green met, red missed)",
                  title_fontsize=7)
        fig.tight_layout()
        paths += _save(fig, out_dir, f"ledger-{metric}")
    return paths


def _band(ax: Any, x: float, r: dict[str, Any], colour: Any, width: float) -> None:
    """A target's band at x: lower to upper bound, an arrow on a side its wording leaves open."""
    lower, upper, value = r["lower"], r["upper"], r["value"]
    if value is None:
        return
    if r["modifier"] == "range" and r["value_max"] is not None:
        value = (value + r["value_max"]) / 2  # the number a range stands for, as the ledger reads it
    top = upper if upper is not None else value
    bottom = lower if lower is not None else value
    ax.bar([x], [max(top - bottom, 0)], bottom=[bottom], width=width, color=colour, alpha=0.25)
    ax.hlines([value], x - width / 2, x + width / 2, colors=[colour], linewidth=1.5)
    if upper is None and lower is not None:
        ax.scatter([x], [lower], marker="^", color=colour, s=18)
    if lower is None and upper is not None:
        ax.scatter([x], [upper], marker="v", color=colour, s=18)


ROLE_COLOURS = {"coordinator": "#95a5a6", "itinerant": "#f39c12", "representative": "#2980b9",
                "gatekeeper": "#27ae60", "liaison": "#8e44ad"}


def brokerage_chart(tables: dict[str, list[dict[str, Any]]], out_dir: Path) -> list[Path]:
    """Stacked role counts per COFOG division of the broker, summed over every county."""
    rows = tables.get("function_brokerage") or []
    totals: dict[str, dict[str, Any]] = {}
    for r in rows:
        t = totals.setdefault(r["division"], {"label": r["division_label"] or r["division"], "units": 0,
                                              "economic_social": 0, **dict.fromkeys(ROLE_COLOURS, 0)})
        for key in ("units", "economic_social", *ROLE_COLOURS):
            t[key] += r[key]
    order = sorted((d for d in totals if sum(totals[d][k] for k in ROLE_COLOURS)),
                   key=lambda d: sum(totals[d][k] for k in ROLE_COLOURS))
    if not order:
        return []
    counties = len({r["admin_code"] for r in rows})
    fig = Figure(figsize=(9, 1.2 + 0.45 * len(order)))
    ax = fig.subplots()
    labels = [f"{d} {totals[d]['label']}" for d in order]
    left = [0] * len(order)
    for role, colour in ROLE_COLOURS.items():
        values = [totals[d][role] for d in order]
        ax.barh(labels, values, left=left, color=colour, label=role)
        left = [a + b for a, b in zip(left, values, strict=True)]
    peak = max(left)
    for i, d in enumerate(order):
        note = f"{totals[d]['economic_social']:,} econ↔social · {totals[d]['units']:,} units"
        ax.text(left[i] + peak * 0.01, i, note, va="center", fontsize=7)
    ax.set_xlim(0, peak * 1.4)
    ax.tick_params(labelsize=8)
    ax.set_xlabel("open two-paths a → b → c brokered (lead → assist ties; groups = COFOG division)", fontsize=8)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    ax.set_title(f"Who brokers between functions: Gould–Fernandez roles by the broker's function ({counties:,} "
                 f"{'county' if counties == 1 else 'counties'})", fontsize=10)
    fig.tight_layout()
    return _save(fig, out_dir, "brokerage-by-function")


def write_charts(analytics: Any, out_dir: Path) -> list[Path]:
    tables = analytics.tables
    register_cjk_fonts()
    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
        return [*leader_tasks_chart(tables, out_dir), *hubs_chart(tables, out_dir), *targets_chart(tables, out_dir),
                *ledger_charts(tables, out_dir), *brokerage_chart(tables, out_dir)]
