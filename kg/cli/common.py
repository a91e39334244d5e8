"""What the commands share: the error type, running extraction over paths, reading a build."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from kg.model import Extraction

FORMATS = click.Choice(["table", "json", "csv"])


class Group(click.Group):
    """A command group whose command list shows each command's first sentence whole (click
    cuts it at 45 characters with "…"); the lines wrap instead."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class KgError(click.ClickException):
    """Exit code 2 for bad input, as for usage errors."""

    exit_code = 2


@contextmanager
def library_errors() -> Iterator[None]:
    """The library's one-line errors as `kg: error: …`, exit 2."""
    from kg.build import BuildError, PublishError
    from kg.extras import MissingExtra
    from kg.output import OutputError
    from kg.read import InputError
    from kg.stores.sparql import QueryError

    try:
        yield
    except (BuildError, PublishError, OutputError, InputError, QueryError, MissingExtra) as exc:
        raise KgError(str(exc)) from None


def summary(ex: Extraction) -> str:
    doc = ex.document
    lists = Counter(t.list for t in ex.tasks)
    per_list = ", ".join(f"{k} {v}" for k, v in sorted(lists.items()))
    kinds = Counter(a.kind for a in ex.anomalies)
    anomalies = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"
    skipped = f", {doc.skipped_lines} lines skipped" if doc.skipped_lines else ""
    from kg.read import quote_name

    return (
        f"{quote_name(doc.doc)}: layout {doc.layout}, {len(ex.tasks)} tasks ({per_list or 'none'}), "
        f"{len(ex.targets)} targets, anomalies: {anomalies}{skipped}"
    )


def say(message: str) -> None:
    """A line on stderr that leaves a progress bar whole."""
    from kg.progress import say as write

    write(message)


def run_extractions(paths: tuple[str, ...], *, layout: str | None = None, jobs: int = 1,
                    on_result: Callable[[Any], None],
                    then: Callable[[Extraction], Any] | None = None, progress: bool = True,
                    overrides: Any = None) -> int:
    """Feed each document's extraction (or what `then` made of it) to `on_result`; say which
    folder entries were skipped and which files failed; the exit code (2 if any failed).
    A bar counts the documents (on a terminal, unless `progress` is off)."""
    from kg.pipeline import Failure, extract_all
    from kg.progress import bar
    from kg.read import expand

    files, skipped_entries = expand(paths)
    for entry in skipped_entries:
        say(f"kg: {entry.message()}")
    failed = 0
    with bar(len(files), "extract", "doc", enabled=progress) as counter:
        for result in extract_all(files, layout=layout, jobs=jobs, then=then, overrides=overrides):
            if isinstance(result, Failure):
                say(f"kg: error: {result.message}")
                failed += 1
            else:
                on_result(result)
            counter.update()
    skipped = len(skipped_entries)
    if skipped or failed:
        say(f"kg: {failed} file{'s' * (failed != 1)} could not be read, {skipped} skipped")
    return 2 if failed else 0


def extract_documents(paths: tuple[str, ...], jobs: int = 1, *, progress: bool = True,
                      overrides: Any = None) -> tuple[list[Extraction], int]:
    docs: list[Extraction] = []
    code = run_extractions(paths, jobs=jobs, on_result=docs.append, progress=progress, overrides=overrides)
    return docs, code


def documents_or_build(paths: tuple[str, ...], *, progress: bool = True,
                       overrides: Any = None) -> tuple[list[Extraction], int]:
    """The extractions of a build directory (what `kg build` read), or of documents read now
    (`overrides`: the government and year the user states for every document)."""
    from kg.build import is_build, open_build

    if len(paths) == 1 and Path(paths[0]).is_dir() and is_build(Path(paths[0])):
        if overrides:
            raise KgError(f"{paths[0]}: a build keeps the government and year it read; "
                          "give the documents to state them")
        with library_errors():
            return open_build(paths[0]).extractions, 0
    refuse_build_dir(paths, "given several paths, this command")
    return extract_documents(paths, progress=progress, overrides=overrides)


def refuse_build_dir(paths: tuple[str, ...], command: str) -> None:
    """Commands that read documents say so when handed a build directory."""
    from kg.build import is_build

    for path in paths:
        if Path(path).is_dir() and is_build(Path(path)):
            raise KgError(f"{path}: is a build directory; {command} reads documents, not builds "
                          "(give the documents, or use `kg query`/`kg view` on the build)")


def graph_from(paths: tuple[str, ...], *, quiet: bool = False) -> tuple[Any, int]:
    """The graph a build directory holds (as `kg build` mapped it), or that of documents
    read now; and the exit code of reading them."""
    from kg.build import graph_of, is_build, open_build

    if len(paths) == 1 and Path(paths[0]).is_dir() and is_build(Path(paths[0])):
        with library_errors():
            return open_build(paths[0]).graph(), 0
    docs, code = extract_documents(paths, progress=not quiet)
    if not docs:
        raise KgError("no document could be read")
    return graph_of(docs), code


def password_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--password (kept for scripts; other users can read it in the process list) and
    --password-file; NEO4J_PASSWORD / NEO4J_PASSWORD_FILE and the local server's
    credentials file come after them."""
    command = click.option("--password-file", type=click.Path(dir_okay=False), default=None,
                           help="Read the Neo4j password from this file's first line.")(command)
    return click.option("--password", default=None,
                        help="Neo4j password (visible in `ps`: prefer NEO4J_PASSWORD or --password-file).")(command)


def password_of(password: str | None, password_file: str | None) -> str | None:
    """--password, else --password-file's; None lets the library resolve it."""
    if password or not password_file:
        return password
    from kg.stores.neo4j_server import Neo4jServerError, read_password_file

    try:
        return read_password_file(password_file)
    except Neo4jServerError as exc:
        raise KgError(str(exc)) from None


def params_of(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise KgError(f"--param needs NAME=VALUE, got {item!r}")
        out[name.strip()] = value
    return out
