"""`kg export`: flat tables for pandas, R and Stata (with a codebook), and files for Neo4j's importer."""

from __future__ import annotations

import time

import click

from kg.cli.common import Group, KgError, library_errors

FORMAT_CHOICES = click.Choice(["csv", "parquet", "dta", "json", "all"])


@click.group(cls=Group)
def export() -> None:
    """Flat tables for pandas, R and Stata (tasks, units, leaders, targets, edges), or Neo4j import files.

    \b
    Example:
        kg export tasks tables --data govkg-data     # tables/tasks.csv .parquet .dta .json + codebook.md
    """


_SHORT = {
    "tasks": "One row per task; task × unit and task × leader tables.",
    "units": "One row per unit or group of units.",
    "leaders": "One row per leader; the leader × unit portfolio table.",
    "targets": "One row per target.",
    "edges": "The coordination network as a weighted edge list.",
    "documents": "One row per source document.",
    "all": "Every table: tasks, units, leaders, targets, edges, documents.",
}
_HELP = {
    "tasks": "One row per task (county, year, list, section, id, text, leaders, lead and co units, deadline, "
             "targets, source lines), with task_units and task_leaders: the same lists one value a row.",
    "units": "One row per resolved unit or group: function (code, Chinese and English label), aliases, tasks, "
             "coordination partners.",
    "leaders": "One row per leader: roles, tasks, units, functions; with leader_units, the portfolio network "
               "(leader × unit, weight: tasks).",
    "targets": "One row per numeric or relative target: indicator, value, unit, modifier, headline flag, quote, line.",
    "edges": "The coordination network as an edge list: two units that lead or assist the same tasks, with "
             "the number they share as weight.",
    "documents": "One row per source document: county, year, title, document number, layout, SHA-256.",
    "all": "Every table: tasks (with task_units, task_leaders), units, leaders (with leader_units), targets, "
           "edges, documents.",
}


def _have(*modules: str) -> bool:
    from importlib.util import find_spec

    return all(find_spec(m) is not None for m in modules)


def _table_command(name: str) -> click.Command:
    from kg.exports import COMMANDS

    tables = COMMANDS[name]

    @click.argument("out_dir", type=click.Path(file_okay=False))
    @click.option("--data", "data_dir", default="govkg-data", show_default=True, type=click.Path(file_okay=False),
                  help="A directory written by `kg build`.")
    @click.option("--format", "formats", type=FORMAT_CHOICES, multiple=True, default=("all",), show_default=True,
                  help="csv, parquet, dta (Stata 14+), json or all; repeat for several.")
    @click.option("--excel", is_flag=True,
                  help="CSV for spreadsheets: UTF-8 with a byte-order mark and CR LF line ends (Excel shows "
                       "Chinese).")
    @click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
    def command(out_dir: str, data_dir: str, formats: tuple[str, ...], excel: bool, quiet: bool) -> None:
        from kg.build import open_build
        from kg.exports import FORMATS, export
        from kg.extras import MissingExtra
        from kg.progress import say

        chosen = FORMATS if "all" in formats else tuple(dict.fromkeys(formats))
        if "all" in formats and not _have("pandas", "pyarrow"):  # all that can be written, and say what not
            chosen = ("csv", "json")
            say("kg: note: Parquet and Stata files need pandas and pyarrow (pip install 'govkg[tables]'); "
                "writing CSV and JSON")
        started = time.perf_counter()
        with library_errors():
            build = open_build(data_dir)
            try:
                result = export(build, out_dir, tables, chosen, excel=excel, progress=not quiet,
                                note=lambda m: say(f"kg: note: {m}"))
            except MissingExtra as exc:
                raise KgError(str(exc)) from None
        if not quiet:
            rows = ", ".join(f"{t} {n}" for t, n in result.rows.items())
            kept = f"; kept {', '.join(result.kept)} of the earlier export" if result.kept else ""
            click.echo(f"exported {rows} rows as {', '.join(chosen)} to {out_dir}/ with codebook.md{kept} "
                       f"in {time.perf_counter() - started:.1f}s", err=True)

    command.__doc__ = (
        f"{_HELP[name]}\n\n\b\nExample:\n    kg export {name} tables --data govkg-data\n\n"
        f"Writes {', '.join(tables)} and codebook.md/.json into OUT_DIR (new, empty, or an earlier export: "
        "replaced whole; an earlier export of the same build keeps its other tables). Lists are joined with `;`; "
        "docs/exports.md describes every column.")
    return click.command(name, short_help=_SHORT[name])(command)


for _name in ("tasks", "units", "leaders", "targets", "edges", "documents", "all"):
    export.add_command(_table_command(_name))


@export.command("neo4j-csv")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--data", "data_dir", default="govkg-data", show_default=True, type=click.Path(file_okay=False))
def export_neo4j_csv(out_dir: str, data_dir: str) -> None:
    """Write node and relationship CSV files for `neo4j-admin database import`.

    \b
    Example:
        kg export neo4j-csv neo4j-import --data govkg-data
    """
    from pathlib import Path

    from kg.build import open_build
    from kg.stores.neo4j import write_csv

    with library_errors():
        graph = open_build(data_dir).graph()
    files = write_csv(graph, Path(out_dir))
    click.echo(f"wrote {len(files)} CSV files to {out_dir}", err=True)
