"""`kg build` and `kg validate`."""

from __future__ import annotations

import sys
import time

import click

from kg.cli.common import KgError, extract_documents, library_errors, refuse_build_dir, say, summary


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "out_dir", default="govkg-data", show_default=True,
              type=click.Path(file_okay=False),
              help="Directory to write: new, empty, or an earlier govkg build (replaced whole).")
@click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes for extraction.")
@click.option("--quiet", "-q", is_flag=True,
              help="Only errors on stderr: no progress bars, no per-document lines, no final line.")
def build(paths: tuple[str, ...], out_dir: str, jobs: int, quiet: bool) -> None:
    """Extract, resolve entities and write the graph (Turtle, N-Triples, JSON-LD) and the
    embedded SPARQL store into a directory.

    \b
    Example:
        kg build examples/corpus -o govkg-data

    The output directory is replaced only when it is empty or an earlier build; a build is
    assembled beside it and swapped in whole, so a failed build leaves the old one intact.
    """
    from pathlib import Path

    from kg.build import build as run_build
    from kg.build.publish import check_replaceable

    refuse_build_dir(paths, "`kg build`")
    with library_errors():
        check_replaceable(Path(out_dir), paths)  # before minutes of reading, not after
    started = time.perf_counter()
    docs, code = extract_documents(paths, jobs, progress=not quiet)
    if not docs:
        raise KgError("no document could be read")
    if not quiet:
        for ex in docs:
            say(summary(ex))
    with library_errors():
        result = run_build(docs, Path(out_dir), inputs=paths, progress=(lambda m: None) if quiet else say,
                           bars=not quiet)
    for line in result.notes:
        say(f"kg: note: {line}")
    for line in result.failures:
        say(f"kg: error: {line}")
    if not quiet:
        click.echo(
            f"built {out_dir}: {result.documents} documents, {result.tasks} tasks, "
            f"{result.nodes} nodes, {result.edges} edges in {time.perf_counter() - started:.1f}s",
            err=True,
        )
    sys.exit(2 if result.failures else code)


@click.command()
@click.option("--data", "data_dir", default="govkg-data", show_default=True, type=click.Path(file_okay=False))
def validate(data_dir: str) -> None:
    """Check a built graph against the SHACL shapes (kg/ontology/shapes.ttl).

    \b
    Example:
        kg validate --data govkg-data
    """
    from rdflib import Graph

    from kg.build import open_build
    from kg.ontology.shacl import validate as shacl

    with library_errors():
        path = open_build(data_dir).layout.turtle
    if not path.is_file():
        raise KgError(f"{data_dir}: no {path.name} here; run `kg build` again")
    conforms, report = shacl(Graph().parse(path, format="turtle"))
    if not conforms:
        click.echo(report, err=True)
        raise KgError(f"{path}: does not conform to the SHACL shapes")
    click.echo(f"{path}: conforms to the SHACL shapes", err=True)
