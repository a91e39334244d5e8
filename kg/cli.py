"""The `kg` command line: thin over the library; library errors become one-line messages."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from typing import Any

import click

from kg.model import Extraction, to_record
from kg.output import atomic_writer, dumps, render
from kg.pipeline import Failure, extract_all

FORMATS = click.Choice(["table", "json", "csv"])


class KgError(click.ClickException):
    """Exit code 2 for bad input, as for usage errors."""

    exit_code = 2


def _summary(ex: Extraction) -> str:
    doc = ex.document
    lists = Counter(t.list for t in ex.tasks)
    per_list = ", ".join(f"{k} {v}" for k, v in sorted(lists.items()))
    kinds = Counter(a.kind for a in ex.anomalies)
    anomalies = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"
    skipped = f", {doc.skipped_lines} lines skipped" if doc.skipped_lines else ""
    return (
        f"{doc.doc}: layout {doc.layout}, {len(ex.tasks)} tasks ({per_list or 'none'}), "
        f"{len(ex.targets)} targets, anomalies: {anomalies}{skipped}"
    )


def records(ex: Extraction) -> list[dict[str, Any]]:
    """All records of one document, document first."""
    out = [to_record(ex.document)]
    out.extend(to_record(t) for t in ex.tasks)
    out.extend(to_record(t) for t in ex.targets)
    out.extend(to_record(t) for t in ex.terms)
    out.extend(to_record(a) for a in ex.anomalies)
    return out


def run_extractions(paths: tuple[str, ...], *, layout: str | None = None, jobs: int = 1,
                    on_result: Callable[[Extraction], None]) -> int:
    """Feed each document's extraction to `on_result`; report failures; the exit code."""
    failed = 0
    for result in extract_all(paths, layout=layout, jobs=jobs):
        if isinstance(result, Failure):
            click.echo(f"kg: error: {result.message}", err=True)
            failed += 1
            continue
        on_result(result)
    return 2 if failed else 0


@click.group()
@click.version_option(package_name="govkg")
def cli() -> None:
    """govkg: who is responsible for what in Chinese county governments."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write JSON Lines here (whole or not at all).")
@click.option("--layout", help="Skip detection and read every file in this layout.")
@click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes.")
@click.option("--quiet", "-q", is_flag=True, help="No per-document summary on stderr.")
def extract(paths: tuple[str, ...], output: str | None, layout: str | None, jobs: int,
            quiet: bool) -> None:
    """Read task documents into JSON Lines records (document, task, target, term, anomaly).

    Example:

        kg extract ../shared/corpus/*.txt -o records.jsonl
    """
    with atomic_writer(output) as fh:
        def write(ex: Extraction) -> None:
            for rec in records(ex):
                fh.write(dumps(rec) + "\n")
            if not quiet:
                click.echo(_summary(ex), err=True)

        code = run_extractions(paths, layout=layout, jobs=jobs, on_result=write)
    sys.exit(code)


@cli.command()
def layouts() -> None:
    """List the document layouts govkg can read.

    Example:

        kg layouts
    """
    from kg import extract as registry

    rows = [{"layout": n, "description": registry.get(n).DESCRIPTION} for n in registry.layouts()]
    click.echo(render(rows, "table"), nl=False)


def main() -> None:  # pragma: no cover - console entry for `python -m kg`
    cli()
