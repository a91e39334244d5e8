"""`kg serve`: a build as a read-only local web service (SPARQL endpoint, questions, views, editor)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import KgError, library_errors


@click.command()
@click.argument("build_dir", metavar="DIR", type=click.Path(file_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Only this machine can connect unless you name another.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port; the URL is printed).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds a query may run; a longer one is stopped and answered with an error.")
@click.option("--max-rows", default=500_000, show_default=True, type=click.IntRange(1),
              help="Rows an answer may have; a larger one is refused with an error.")
@click.option("--max-body", default=1_000_000, show_default=True, type=click.IntRange(1024),
              help="Bytes a request body or query string may have.")
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Query worker processes [default: one a core, at least 2].")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Let pages of this origin (e.g. http://localhost:3000) read answers; repeatable. Off by default.")
def serve(build_dir: str, host: str, port: int, timeout: float, max_rows: int, max_body: int, workers: int | None,
          cors_origins: tuple[str, ...]) -> None:
    """Serve a `kg build` directory over HTTP, read-only, until Ctrl+C.

    A SPARQL 1.1 endpoint at /sparql (for SPARQLWrapper, rdflib, R, YASGUI),
    the named questions at /q/NAME (page, .csv for Excel, .json), the views at /views/, the
    analytics tables at /tables/, a query editor at /editor, /manifest and /healthz.

    Example:

    \b
        kg serve govkg-data
        curl -G http://127.0.0.1:8000/q/tasks-by-unit.csv --data-urlencode county=平陆县

    docs/serve.md has the whole protocol, the limits and examples for Python and R.
    """
    from kg.extras import MissingExtra, require

    try:
        for module in ("starlette", "uvicorn", "jinja2"):
            require(module, "serve", "kg serve")
    except MissingExtra as exc:
        raise KgError(str(exc)) from None
    from kg.service import Settings, is_loopback
    from kg.service import serve as run
    from kg.service.pool import PoolError, default_workers

    settings = Settings(timeout=timeout, max_rows=max_rows, max_body=max_body, workers=workers or default_workers(),
                        cors_origins=cors_origins)
    if not is_loopback(host):
        click.echo(f"kg: serving on {host}: anyone who can reach this address can query the build (read-only)",
                   err=True)

    def announce(url: str) -> None:
        click.echo(f"serving {build_dir} at {url} (SPARQL endpoint {url}sparql, editor {url}editor); "
                   "Ctrl+C stops", err=True)

    with library_errors():
        try:
            run(Path(build_dir), host=host, port=port, settings=settings, announce=announce)
        except PoolError as exc:
            raise KgError(str(exc)) from None
        except OSError as exc:
            raise KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
