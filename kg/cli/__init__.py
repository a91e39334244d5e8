"""The `kg` command line: thin over the library; library errors become one-line messages.

Each command lives in a module of this package and loads only when called (`kg extract`
need not import networkx or the view templates). The library never imports this package.
"""

from __future__ import annotations

import importlib

import click

from kg.cli.common import Group, KgError

__all__ = ["cli", "KgError", "main"]

# command name -> "module:attribute"
COMMANDS = {
    "extract": "kg.cli.extract:extract",
    "targets": "kg.cli.extract:targets",
    "entities": "kg.cli.extract:entities",
    "layouts": "kg.cli.extract:layouts",
    "build": "kg.cli.build:build",
    "validate": "kg.cli.build:validate",
    "query": "kg.cli.query:query",
    "load": "kg.cli.neo4j:load",
    "neo4j": "kg.cli.neo4j:neo4j",
    "export": "kg.cli.export:export",
    "view": "kg.cli.views:view",
    "analyze": "kg.cli.analyze:analyze_command",
    "serve": "kg.cli.serve:serve",
    "diff": "kg.cli.diff:diff",
}


class LazyGroup(Group):
    """Subcommands whose modules load only when called (click's lazy-loading recipe)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module, attr = COMMANDS[cmd_name].split(":")
            command: click.Command = getattr(importlib.import_module(module), attr)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup)
@click.version_option(package_name="govkg")
def cli() -> None:
    """govkg: who is responsible for what in Chinese government."""


def main() -> None:  # pragma: no cover - console entry for `python -m kg`
    cli()
