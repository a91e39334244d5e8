"""`kg build` and `kg validate`."""

from __future__ import annotations

import sys

import click

from kg.cli.common import KgError, library_errors, refuse_build_dir, say, summary


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "out_dir", default="govkg-data", show_default=True,
              type=click.Path(file_okay=False),
              help="Directory to write: new, empty, or an earlier govkg build (updated).")
@click.option("--jobs", "-j", default=1, show_default=True, help="Worker processes for extraction.")
@click.option("--prune", is_flag=True, help="Leave out the earlier build's documents that are not given.")
@click.option("--fresh", is_flag=True, help="Build anew from the documents given; ignore the earlier build.")
@click.option("--quiet", "-q", is_flag=True,
              help="Only errors on stderr: no progress bars, no per-document lines, no final line.")
def build(paths: tuple[str, ...], out_dir: str, jobs: int, prune: bool, fresh: bool, quiet: bool) -> None:
    """Extract, resolve entities and write the graph (Turtle, N-Triples, JSON-LD) and the
    embedded SPARQL store into a directory.

    \b
    Example:
        kg build examples/corpus -o govkg-data

    On an earlier build, it is updated: documents given are added, or replace the earlier
    version of the same document (government, year and kind); unchanged documents are not
    read again; the earlier build's other documents stay unless --prune is given. The result
    equals a fresh build of the same documents. The output directory is replaced only when it
    is empty or an earlier build; a build is assembled beside it and swapped in whole, so a
    failed or killed build leaves the old one intact.
    """
    from pathlib import Path

    from kg.build import build_files
    from kg.build.publish import check_replaceable
    from kg.read import expand

    refuse_build_dir(paths, "`kg build`")
    with library_errors():
        check_replaceable(Path(out_dir), paths)  # before minutes of reading, not after
    files, skipped = expand(paths)
    for item in skipped:
        say(f"kg: {item.message()}")
    failed: list[str] = []

    def failure(message: str) -> None:
        failed.append(message)
        say(f"kg: error: {message}")

    def quietly(_: str) -> None:
        pass

    with library_errors():
        result = build_files(files, Path(out_dir), inputs=paths, jobs=jobs, prune=prune, fresh=fresh,
                             describe=summary, on_document=quietly if quiet else say,
                             on_failure=failure, progress=quietly if quiet else say, bars=not quiet)
    if failed or skipped:
        say(f"kg: {len(failed)} file{'s' * (len(failed) != 1)} could not be read, {len(skipped)} skipped")
    for line in result.notes:
        say(f"kg: note: {line}")
    for line in result.failures:
        say(f"kg: error: {line}")
    if result.removed:
        say(f"kg: removed {result.removed} document{'s' * (result.removed != 1)} not given (--prune)")
    if not quiet:
        changes = [f"{n} earlier version{'s' * (n != 1)} replaced" for n in (result.replaced,) if n]
        click.echo(
            f"built {out_dir}: {result.documents} documents, {result.tasks} tasks, "
            f"{result.nodes} nodes, {result.edges} edges in {result.timings['total']:.1f}s "
            f"({result.read} read, {result.reused} unchanged; {result.governments_mapped} "
            f"government{'s' * (result.governments_mapped != 1)} mapped, {result.governments_copied} unchanged"
            f"{'; ' + ', '.join(changes) if changes else ''})",
            err=True,
        )
    sys.exit(2 if result.failures or failed else 0)


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
