"""`kg extract`, `kg targets`, `kg entities`, `kg layouts`: reading documents."""

from __future__ import annotations

import sys
import time

import click

from kg.cli.common import (
    FORMATS,
    KgError,
    documents_or_build,
    library_errors,
    refuse_build_dir,
    run_extractions,
    say,
    summary,
)
from kg.model import Extraction
from kg.output import atomic_writer, check_not_input, dumps, jsonl, render


def _jsonl_and_summary(ex: Extraction) -> tuple[bytes, str, int, int]:
    """A document's records as JSON Lines (UTF-8), its summary line (made in the worker), and
    its numbers of tasks and targets."""
    return jsonl(ex), summary(ex), len(ex.tasks), len(ex.targets)


def _jsonl_only(ex: Extraction) -> tuple[bytes, str, int, int]:
    return jsonl(ex), "", len(ex.tasks), len(ex.targets)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write JSON Lines here (whole or not at all).")
@click.option("--layout", help="Skip detection and read every file in this layout.")
@click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes.")
@click.option("--quiet", "-q", is_flag=True,
              help="Only errors on stderr: no progress bar, no per-document summary, no final line.")
@click.option("--county", "county", metavar="NAME",
              help="The government of every file, instead of detecting it "
                   "(a county, or any level: 运城市, 山西省, 国务院).")
@click.option("--year", type=int, metavar="N", help="The plan year of every file, instead of detecting it.")
def extract(paths: tuple[str, ...], output: str | None, layout: str | None, jobs: int,
            quiet: bool, county: str | None, year: int | None) -> None:
    """Read documents into JSON Lines records (document, task, target, actual, term, anomaly).

    \b
    Example:
        kg extract examples/corpus/*.txt -o records.jsonl
    """
    from kg.extract import Overrides

    started = time.perf_counter()
    refuse_build_dir(paths, "`kg extract`")
    with library_errors():
        check_not_input(output, paths)
    totals = [0, 0, 0]  # documents, tasks, targets
    with atomic_writer(output, mode="wb") as fh:
        def write(done: tuple[bytes, str, int, int]) -> None:
            fh.write(done[0])
            totals[0] += 1
            totals[1] += done[2]
            totals[2] += done[3]
            if not quiet:
                say(done[1])

        code = run_extractions(paths, layout=layout, jobs=jobs, on_result=write, progress=not quiet,
                               then=_jsonl_only if quiet else _jsonl_and_summary,
                               overrides=Overrides(county, year) if county or year else None)
    if not quiet:
        click.echo(f"read {totals[0]} documents: {totals[1]} tasks, {totals[2]} targets in "
                   f"{time.perf_counter() - started:.1f}s", err=True)
    sys.exit(code)


TARGET_COLUMNS = ["county", "doc", "task", "metric", "metric_text", "value", "value_max", "unit", "kind",
                  "modifier", "relative", "hedge", "headline", "line"]
HEADLINE_TABLE_COLUMNS = ["county", "year", "metric", "label", "status", "value", "value_max", "unit", "kind",
                          "modifier", "relative", "hedge", "line"]
LEDGER_TABLE_COLUMNS = ["government", "year", "metric", "kind", "value", "value_max", "unit", "modifier", "hardness",
                        "actual", "actual_modifier", "met", "margin", "parent", "amplification"]


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--headline", is_flag=True,
              help="The county × indicator table of headline targets, unset ones shown as absent.")
@click.option("--ledger", "as_ledger", is_flag=True,
              help="One row per government × indicator × year: target, achieved value, met, amplification.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (whole or not at all).")
@click.option("--county", "county", metavar="NAME", help="The government of every document, as `kg extract --county`.")
@click.option("--year", type=int, metavar="N", help="The plan year of every document, as `kg extract --year`.")
def targets(paths: tuple[str, ...], headline: bool, as_ledger: bool, fmt: str, output: str | None,
            county: str | None, year: int | None) -> None:
    """Numeric and relative targets the documents set, or (--headline) each government's
    headline targets for the year, or (--ledger) the target ledger.

    \b
    Example:
        kg targets examples/corpus --headline

        kg targets reports/ --ledger --format csv -o ledger.csv

    PATHS are documents, or one `kg build` directory (its documents as the build read them).
    """
    from kg.model import Target, field_names, to_record
    from kg.targets import HEADLINE_COLUMNS, LEDGER_COLUMNS, headline_table, ledger

    with library_errors():
        check_not_input(output, paths)
    if headline and as_ledger:
        raise KgError("--headline and --ledger are two different tables: give one")
    from kg.extract import Overrides

    docs, code = documents_or_build(paths, overrides=Overrides(county, year) if county or year else None)
    if as_ledger:
        rows = ledger(docs)
        columns = LEDGER_TABLE_COLUMNS if fmt == "table" else list(LEDGER_COLUMNS)
    elif headline:
        rows = headline_table(docs)
        columns = HEADLINE_TABLE_COLUMNS if fmt == "table" else list(HEADLINE_COLUMNS)
    else:
        rows = [to_record(t) for ex in docs for t in ex.targets]
        columns = TARGET_COLUMNS if fmt == "table" else list(field_names(Target))
    with atomic_writer(output) as fh:
        fh.write(render(rows, fmt, columns))
    sys.exit(code)


@click.command()
def layouts() -> None:
    """List the document layouts govkg can read.

    \b
    Example:
        kg layouts
    """
    from kg import extract as registry

    rows = [{"layout": n, "description": registry.get(n).DESCRIPTION} for n in registry.layouts()]
    click.echo(render(rows, "table"), nl=False)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True)
@click.option("--kind", type=click.Choice(["unit", "group", "leader", "indicator"]), multiple=True,
              help="Only entities of these kinds.")
def entities(paths: tuple[str, ...], fmt: str, kind: tuple[str, ...]) -> None:
    """Resolve units, groups, leaders and indicators into entities, one record each.

    \b
    Example:
        kg entities examples/corpus --format table --kind unit

    PATHS are documents, or one `kg build` directory.
    """
    from kg.build import distinct_documents, entity_records, indicator_records
    from kg.resolve import resolve

    docs, code = documents_or_build(paths)
    docs, _ = distinct_documents(docs)
    ents = resolve(docs)
    rows = entity_records(ents) + indicator_records(docs)
    if kind:
        rows = [r for r in rows if r["kind"] in kind]
    stats = ents.stats
    click.echo(
        f"{stats.surface_forms} unit spellings -> {stats.units} units + {stats.groups} groups "
        f"({stats.merged} merged, {len(stats.unresolved)} placed by rules only); "
        f"{stats.leaders} leaders",
        err=True,
    )
    if fmt == "jsonl":
        for row in rows:
            click.echo(dumps(row))
    else:
        click.echo(render(rows, "table", ["county", "kind", "name", "type", "function", "tasks",
                                          "aliases"]), nl=False)
    sys.exit(code)
