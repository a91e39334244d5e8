"""`kg diff`: what changed between two versions of a document, or two builds."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import FORMATS, KgError, library_errors
from kg.output import atomic_writer, check_not_input, render

# the table a terminal shows; JSON and CSV give every column (kg.diff.COLUMNS)
TABLE_COLUMNS = ["change", "county", "year", "old_task", "new_task", "match", "similarity", "fields", "text"]


@click.command()
@click.argument("old", type=click.Path(exists=True))
@click.argument("new", type=click.Path(exists=True))
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--all", "everything", is_flag=True, help="List unchanged tasks too.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (whole or not at all).")
def diff(old: str, new: str, fmt: str, everything: bool, output: str | None) -> None:
    """Tasks added, removed and changed between two versions of a document (two files), or
    between two builds (two `kg build` directories, documents paired by government, year and
    kind). Tasks are matched by number and, where a table was renumbered, by text; for a
    changed task, FIELDS says which of text, leaders, lead_units, co_units, deadline, targets
    changed (JSON and CSV give the old and new values).

    Example:

        kg diff pinglu-2023-tasks.txt pinglu-2023-tasks-revised.txt
        kg diff data-march data-june --format csv -o changes.csv
    """
    from kg.build import is_build, open_build
    from kg.diff import COLUMNS, diff_builds, diff_documents, summary
    from kg.pipeline import Failure, extract_path

    builds = [Path(p).is_dir() and is_build(Path(p)) for p in (old, new)]
    with library_errors():
        check_not_input(output, (old, new))
        if all(builds):
            changes = diff_builds(open_build(old), open_build(new), unchanged=everything)
        elif any(builds) or Path(old).is_dir() or Path(new).is_dir():
            raise KgError("give two documents, or two build directories")
        else:
            read = [extract_path(Path(p)) for p in (old, new)]
            for item in read:
                if isinstance(item, Failure):
                    raise KgError(item.message)
            changes = diff_documents(read[0], read[1], unchanged=everything)  # type: ignore[arg-type]
    rows = [c.record() for c in changes]
    for row in rows:
        row["text"] = _short(row["new_text"] or row["old_text"] or "")
    with atomic_writer(output) as fh:
        fh.write(render(rows, fmt, TABLE_COLUMNS if fmt == "table" else list(COLUMNS)))
    click.echo(f"kg diff: {summary(changes)}", err=True)


def _short(text: str, width: int = 40) -> str:
    text = "".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
