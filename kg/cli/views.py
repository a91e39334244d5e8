"""`kg view`: interactive pages of a build (or of documents read now)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kg.cli.common import graph_from, library_errors, say
from kg.extras import require
from kg.views import MAX_FULL_TASKS


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", "out_dir", default="govkg-views", show_default=True,
              type=click.Path(file_okay=False), help="Directory for the pages and index.html.")
@click.option("--inline/--shared-assets", "inline", default=None,
              help="Scripts and styles (vis-network, the page script) inside every page (default up to 60 "
                   "pages) or once in assets/.")
@click.option("--max-tasks", default=MAX_FULL_TASKS, show_default=True,
              help="Counties with more tasks get only the collapsed leaders -> units page.")
@click.option("--verbose", "-v", is_flag=True, help="A line per page (nodes, edges) on stderr.")
@click.option("--quiet", "-q", is_flag=True, help="Only errors on stderr: no progress bars, no final line.")
def view(paths: tuple[str, ...], out_dir: str, inline: bool | None, max_tasks: int, verbose: bool,
         quiet: bool) -> None:
    """Write interactive network pages (offline HTML) and an index linking them.

    PATHS is a `kg build` directory or documents to read now. Every page is laid out here
    (networkx, seeded): it opens drawn and looks the same each time; a checkbox turns the
    browser's physics on.

    \b
    Example:
        kg view govkg-data -o views && xdg-open views/index.html
    """
    from kg.views import write_views

    with library_errors():
        require("jinja2", "views", "kg view")
    started = time.perf_counter()
    graph, code = graph_from(paths, quiet=quiet)
    with library_errors():
        views, files = write_views(graph, Path(out_dir), inline=inline, max_full_tasks=max_tasks,
                                   progress=not quiet)
    if verbose and not quiet:
        for page in views.all():
            say(f"{page.slug}.html: {len(page.nodes)} nodes, {len(page.edges)} edges")
    if not quiet:
        counties = f"{len(views.counties)} count{'y' if len(views.counties) == 1 else 'ies'}"
        click.echo(f"wrote {len(views.all())} pages ({counties}), {len(files)} files to "
                   f"{out_dir}/ in {time.perf_counter() - started:.1f}s; open {out_dir}/index.html", err=True)
    sys.exit(code)
