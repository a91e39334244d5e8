"""`kg export`: the graph for other tools."""

from __future__ import annotations

import click

from kg.cli.common import library_errors


@click.group()
def export() -> None:
    """Export the graph for other tools."""


@export.command("neo4j-csv")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--data", "data_dir", default="govkg-data", show_default=True, type=click.Path(file_okay=False))
def export_neo4j_csv(out_dir: str, data_dir: str) -> None:
    """Write node and relationship CSV files for `neo4j-admin database import`.

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
