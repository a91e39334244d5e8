"""`kg analyze`: coordination and portfolio analytics of a build."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg.analytics import TABLES
from kg.cli.common import graph_from, library_errors


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--table", "table", type=click.Choice([*TABLES, "all"]), default="counties", show_default=True,
              help="Which table to print.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False),
              help="Also write every table (CSV, JSON), the networks (GraphML, GEXF, CSV) and charts (PNG, SVG) here.")
@click.option("--no-charts", is_flag=True, help="With -o: skip the charts.")
@click.option("--excel", is_flag=True,
              help="With -o: CSV tables for spreadsheets (UTF-8 with a byte-order mark, CR LF; Excel shows Chinese).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line on stderr.")
def analyze_command(paths: tuple[str, ...], fmt: str, table: str, out_dir: str | None, no_charts: bool,
                    excel: bool, quiet: bool) -> None:
    """Coordination hubs, leader spans, communities and a cross-county comparison.

    PATHS is a `kg build` directory or documents to read now.

    \b
    Example:
        kg analyze govkg-data --table units -o analysis

    List cells (roles, functions, units) are joined with `;`.
    """
    from kg.analytics import analyze, write_all
    from kg.output import render

    started = time.perf_counter()
    graph, code = graph_from(paths, quiet=quiet)
    if out_dir:
        with library_errors():
            analytics, files = write_all(graph, Path(out_dir), charts=not no_charts, excel=excel,
                                         progress=not quiet)
    else:
        analytics = analyze(graph, progress=not quiet)
    names = TABLES if table == "all" else (table,)
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
