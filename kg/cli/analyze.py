"""`kg analyze`: coordination and portfolio analytics of a build."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg.analytics import CORE_TABLES, NULL_DRAWS, SEED, TABLES
from kg.cli.common import graph_from, library_errors


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--table", "table", type=click.Choice([*TABLES, "all"]), default="counties", show_default=True,
              help="Which table to print.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False),
              help="Also write every table (CSV, JSON), the networks (GraphML, GEXF, CSV; edge lists and node "
                   "tables for statnet/igraph as CSV and Parquet; Pajek .net) and charts (PNG, SVG) here.")
@click.option("--no-charts", is_flag=True, help="With -o: skip the charts.")
@click.option("--no-parquet", is_flag=True, help="With -o: CSV exports only (Parquet needs pandas and pyarrow).")
@click.option("--excel", is_flag=True,
              help="With -o: CSV tables for spreadsheets (UTF-8 with a byte-order mark, CR LF; Excel shows Chinese).")
@click.option("--null-draws", type=click.IntRange(min=0), default=NULL_DRAWS, show_default=True,
              help="Null-model draws per county for the z-scores of county_structure and county_null (0: none).")
@click.option("--seed", type=int, default=SEED, show_default=True, help="Seed of the null model and Louvain.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for the null models.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line on stderr.")
def analyze_command(paths: tuple[str, ...], fmt: str, table: str, out_dir: str | None, no_charts: bool,
                    no_parquet: bool, excel: bool, null_draws: int, seed: int, jobs: int, quiet: bool) -> None:
    """Coordination hubs, leader spans, communities, brokerage, core-periphery and a cross-county
    comparison against a null model.

    PATHS is a `kg build` directory or documents to read now.

    \b
    Example:
        kg analyze govkg-data --table units -o analysis

    \b
    and z-scores against 200 null draws per county, in two processes:
        kg analyze govkg-data --table county_structure --null-draws 200 --jobs 2

    List cells (roles, functions, units) are joined with `;`.
    """
    from kg.analytics import analyze, write_all
    from kg.output import render

    started = time.perf_counter()
    graph, code = graph_from(paths, quiet=quiet)
    # the structure tables (numpy, igraph; null models) only when asked for: `kg analyze` stays quick
    structure = bool(out_dir) or table not in CORE_TABLES
    with library_errors():
        if out_dir:
            analytics, files = write_all(graph, Path(out_dir), charts=not no_charts, excel=excel,
                                         progress=not quiet, null_draws=null_draws, seed=seed, jobs=jobs,
                                         parquet=not no_parquet)
        else:
            analytics = analyze(graph, progress=not quiet, structure=structure, null_draws=null_draws,
                                seed=seed, jobs=jobs)
    names = [n for n in TABLES if n in analytics.tables] if table == "all" else [table]
    for name in names:
        rows = analytics.tables[name]
        if table == "all" and fmt == "table":
            click.echo(f"\n== {name}")
        columns = [c for c in (list(rows[0]) if rows else []) if c != "iri" or fmt != "table"]
        click.echo(render(rows, fmt, columns), nl=False)
    if not quiet:
        counts = ", ".join(f"{len(analytics.tables[n])} {n}" for n in ("counties", "units", "leaders", "communities"))
        wrote = f"; wrote {len(files)} files to {out_dir}/" if out_dir else ""
        click.echo(f"analyzed {counts}{wrote} in {time.perf_counter() - started:.1f}s", err=True)
    sys.exit(code)
