"""`kg query`: named questions and ad-hoc SPARQL on a build, or Cypher on Neo4j."""

from __future__ import annotations

from collections.abc import Callable

import click

from kg.cli.common import FORMATS, KgError, library_errors, params_of, password_of, password_options
from kg.output import render


@click.command()
@click.argument("name", required=False)
@click.option("--data", "data_dir", default="govkg-data", show_default=True,
              type=click.Path(file_okay=False), help="A directory written by `kg build`.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Query parameter.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--sparql", help="Run this SPARQL query instead of a named one.")
@click.option("--cypher", help="Run this Cypher query (with --backend neo4j).")
@click.option("--backend", type=click.Choice(["sparql", "neo4j"]), default="sparql",
              show_default=True, help="The embedded store, or a Neo4j server.")
@click.option("--list", "list_only", is_flag=True, help="List the named queries.")
@click.option("--prefixes", "list_prefixes", is_flag=True,
              help="List the prefixes every SPARQL query may use without declaring them (gk:, rdfs:, …).")
@click.option("--live", is_flag=True,
              help="Evaluate on the store even when `kg build` kept this question's whole-nation answer.")
@click.option("--write", is_flag=True, help="Let --cypher write (it runs read-only otherwise).")
@click.option("--uri", envvar="NEO4J_URI", default=None, help="Neo4j Bolt URI.")
@click.option("--user", envvar="NEO4J_USER", default=None)
@password_options
def query(name: str | None, data_dir: str, params: tuple[str, ...], fmt: str, sparql: str | None,
          cypher: str | None, backend: str, list_only: bool, list_prefixes: bool, live: bool, write: bool,
          uri: str | None, user: str | None, password: str | None, password_file: str | None) -> None:
    """Answer a named question (kg/queries/NAME.rq or NAME.cypher), or any SPARQL/Cypher.

    \b
    Example:
        kg query tasks-by-unit --param county=平陆县
        kg query --sparql 'SELECT (COUNT(?t) AS ?n) WHERE { ?t a gk:Task }'
        kg query --list
        kg query --prefixes

    Asked with no parameter, a named question reads the answer `kg build` kept for it (the
    store does not change after the build); --live evaluates it again. A parameter value the
    graph does not hold is an error naming the closest values (exit 2), not an empty answer.
    SPARQL may use the ontology's prefixes (gk:, rdfs:, skos:, …) without declaring them;
    docs/schema.md lists the classes and properties.

    On Neo4j, queries run read-only (--write lets --cypher write) and fail if the last
    `kg load neo4j` did not finish.
    """
    from kg.stores.sparql import PREFIXES, check_params, get_query, named_queries, param_values, run_sparql

    with library_errors():
        if list_only:
            listed = [{"name": q.name, "params": ", ".join(q.params), "question": q.question}
                      for q in named_queries().values()]
            click.echo(render(listed, fmt), nl=False)
            return
        if list_prefixes:
            click.echo(render([{"prefix": f"{p}:", "namespace": ns} for p, ns in PREFIXES.items()], fmt), nl=False)
            return
        bound = params_of(params)
        if write and (backend != "neo4j" or cypher is None):
            raise KgError("--write goes with --backend neo4j --cypher")
        if backend == "neo4j":
            columns, rows = _neo4j(name, cypher, bound, uri, user, password_of(password, password_file), write)
        else:
            from kg.build import open_build

            if cypher is not None:
                raise KgError("--cypher needs --backend neo4j")
            build = open_build(data_dir)
            if sparql is None:
                if not name:
                    raise KgError("give a query NAME, --sparql or --list")
                named = get_query(name)
                check_params(named, bound)
                columns, rows = build.ask(named, bound, live=live)
                if not rows and bound:  # only an empty answer pays for the check
                    _refuse_unknown(bound, lambda p: param_values(build.store(), p), data_dir)
            else:
                columns, rows = run_sparql(build.store(), sparql, bound)
    click.echo(render(rows, fmt, columns), nl=False)


def _refuse_unknown(bound: dict[str, str], values_of: Callable[[str], list[str]], where: str) -> None:
    """KgError naming each parameter value the graph does not hold, with the closest ones."""
    from kg.stores.params import unknown_values

    unknown = unknown_values(bound, values_of, where)
    if unknown:
        raise KgError("; ".join(unknown))


def _neo4j(name: str | None, cypher: str | None, bound: dict[str, str], uri: str | None, user: str | None,
           password: str | None, write: bool) -> tuple[list[str], list[dict[str, object]]]:
    """Cypher on Neo4j, refused on a database whose last load did not finish (unless it writes:
    writes are how such a database is repaired by hand)."""
    from kg.stores.neo4j import Neo4jError, check_load, connect, run_cypher
    from kg.stores.sparql import check_params, get_query

    if cypher is None:
        if not name:
            raise KgError("give a query NAME or --cypher")
        named = get_query(name)
        check_params(named, bound)
        if named.cypher is None:
            raise KgError(f"query {name} has no Cypher version")
        text, values = named.cypher, {p: bound.get(p) for p in named.params}
    else:
        text, values = cypher, dict(bound)
    try:
        with connect(uri, user, password) as driver:
            if not write:
                check_load(driver, uri=uri, need_graph=cypher is None)
            columns, rows = run_cypher(text, values, driver=driver, write=write)
            if cypher is None and not rows and bound:
                from kg.stores.params import CYPHER_VALUES

                def values_of(param: str) -> list[str]:
                    return [str(r["v"]) for r in run_cypher(CYPHER_VALUES[param], driver=driver)[1]]

                _refuse_unknown(bound, values_of, "the Neo4j database")
            return columns, rows
    except Neo4jError as exc:
        raise KgError(str(exc)) from None
