"""The knowledge graph from a Jupyter notebook: networkx graphs, pandas tables, inline views.

    from kg.notebook import GovKG
    kg = GovKG.open("govkg-data")            # a `kg build` directory
    kg.coordination("古县")                   # networkx Graph: units linked by shared tasks
    kg.stores.sparql("leader-portfolio", county="古县")  # a named query as a DataFrame
    kg.analytics()["units"]                  # degree, betweenness, community per unit
    kg.table("tasks")                        # one row per task, as `kg export tasks` writes it
    kg.analytics()["brokerage"]              # Gould-Fernandez roles per unit (docs/analytics.md)
    kg.lead_assist("古县")                    # networkx DiGraph: lead -> assist ties
    kg.view("coordination", county="古县")     # the interactive page, inline
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.build import Build, open_build
from kg.map.graphdata import GraphData
from kg.model import Extraction
from kg.stores import networkx as kgnx

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

def _pandas() -> Any:
    from kg.extras import require

    return require("pandas", "tables", "GovKG tables (DataFrames)")


VIEWS = ("county", "county-units", "coordination", "portfolios", "functions", "overview")


@dataclass
class GovKG:
    """A build directory opened for analysis: what `kg build` wrote, never re-derived."""

    build_dir: Build
    _idx: kgnx.GraphIndex | None = field(default=None, repr=False)
    _analytics: Any = field(default=None, repr=False)

    @classmethod
    def open(cls, data_dir: str | Path) -> GovKG:
        """A directory written by `kg build` (or `GovKG.build`)."""
        return cls(open_build(data_dir))

    @property
    def data_dir(self) -> Path:
        return self.build_dir.root

    @property
    def graph_data(self) -> GraphData:
        """The graph the build mapped."""
        return self.build_dir.graph()

    @property
    def extractions(self) -> list[Extraction]:
        """The extraction records the build was made from."""
        return self.build_dir.extractions

    @classmethod
    def build(cls, paths: str | Path | list[str | Path], out_dir: str | Path) -> GovKG:
        """Read documents (files or directories of .txt), build into `out_dir`, open it."""
        from kg.build import build
        from kg.pipeline import read_documents

        items = [paths] if isinstance(paths, str | Path) else list(paths)
        docs, failures, _skipped = read_documents(items)
        if failures:
            raise ValueError(failures[0].message)
        build(docs, Path(out_dir), inputs=items)
        return cls.open(out_dir)

    @property
    def index(self) -> kgnx.GraphIndex:
        if self._idx is None:
            self._idx = kgnx.index(self.graph_data)
        return self._idx

    def counties(self) -> list[str]:
        return [self.index.name(c) for c in kgnx.counties(self.graph_data)]

    # --- networkx

    def graph(self) -> nx.MultiDiGraph:
        """Every node (attribute `label`: County, Task, Unit, …) and relationship (attribute `type`)."""
        return kgnx.to_networkx(self.graph_data)

    def coordination(self, county: str | None = None, *, isolates: bool = True) -> nx.Graph:
        return kgnx.coordination_network(self.graph_data, county, idx=self.index, isolates=isolates)

    def portfolios(self, county: str | None = None) -> nx.DiGraph:
        return kgnx.portfolio_network(self.graph_data, county, idx=self.index)

    def functions(self, county: str | None = None) -> nx.Graph:
        return kgnx.function_network(self.graph_data, county, idx=self.index)

    def lead_assist(self, county: str | None = None) -> nx.DiGraph:
        """Directed unit -> unit: the first leads tasks the second assists; `weight` = tasks."""
        from kg.analytics.networks import lead_assist_network

        return lead_assist_network(self.graph_data, county, idx=self.index)

    def unit_tasks(self, county: str | None = None) -> nx.Graph:
        """Two-mode units x tasks (`bipartite` 0/1), edges with `role` lead or assist."""
        from kg.analytics.networks import unit_task_network

        return unit_task_network(self.graph_data, county, idx=self.index)

    def unit_functions(self, county: str | None = None) -> nx.Graph:
        """Two-mode units x functions of the tasks they work on (a task's function: its lead units')."""
        from kg.analytics.networks import unit_function_network

        return unit_function_network(self.graph_data, county, idx=self.index)

    def supervision(self, county: str | None = None) -> nx.DiGraph:
        """The lead -> assist ties with the leaders above the units (edge attribute `layer`)."""
        from kg.analytics.networks import supervision_overlay

        return supervision_overlay(self.graph_data, county, idx=self.index)

    # --- pandas

    def _sparql(self) -> Any:
        return self.build_dir.store()

    def queries(self) -> pd.DataFrame:
        pd = _pandas()

        from kg.stores.sparql import named_queries

        return pd.DataFrame([{"name": q.name, "params": ", ".join(q.params), "question": q.question}
                             for q in named_queries().values()])

    def query(self, name: str, *, live: bool = False, **params: str) -> pd.DataFrame:
        """A named query (`kg query --list`) with its parameters, as a DataFrame; with none, the
        answer `kg build` kept unless `live`."""
        pd = _pandas()

        from kg.stores.sparql import check_params, get_query

        named = get_query(name)
        check_params(named, params)
        columns, rows = self.build_dir.ask(named, params, live=live)
        if not rows and params:  # an empty answer: say whether a value is not in the graph at all
            import warnings

            from kg.stores.params import unknown_values
            from kg.stores.sparql import param_values

            for message in unknown_values(params, lambda p: param_values(self._sparql(), p), str(self.data_dir)):
                warnings.warn(message, stacklevel=2)
        return pd.DataFrame(rows, columns=columns)

    def table(self, name: str = "tasks") -> pd.DataFrame:
        """One of the `kg export` tables (tasks, task_units, task_leaders, units, leaders,
        leader_units, targets, edges, documents) as a DataFrame with the codebook's types; list
        columns hold Python lists (docs/exports.md)."""
        import pandas as pd

        from kg.exports import TABLES, rows
        from kg.exports.write import categories

        if name not in TABLES:
            raise ValueError(f"unknown table {name!r} (tables: {', '.join(TABLES)})")
        spec = TABLES[name]
        data = rows(self.build_dir, name, idx=self.index)
        df = pd.DataFrame(data, columns=spec.names)
        for c in spec.columns:
            if c.type == "integer":
                df[c.name] = df[c.name].astype("Int64")
            elif c.type == "category":
                df[c.name] = pd.Categorical(df[c.name], categories=categories(c, data))
        return df

    def sparql(self, text: str, **params: str) -> pd.DataFrame:
        pd = _pandas()

        from kg.stores.sparql import run_sparql

        columns, rows = run_sparql(self._sparql(), text, params)
        return pd.DataFrame(rows, columns=columns)

    def analytics(self, *, null_draws: int | None = None, jobs: int = 1) -> dict[str, pd.DataFrame]:
        """counties, units, leaders, communities, functions, targets, ledger and the structure tables
        (brokerage, county_structure, ...; see kg.analytics and docs/analytics.md). The first call
        computes them (null models with `null_draws` per county, default 100); later calls reuse them
        unless `null_draws` is given."""
        pd = _pandas()

        from kg.analytics import NULL_DRAWS, analyze

        if self._analytics is None or null_draws is not None:
            self._analytics = analyze(self.graph_data, idx=self.index, jobs=jobs,
                                      null_draws=NULL_DRAWS if null_draws is None else null_draws)
        return {name: pd.DataFrame(rows) for name, rows in self._analytics.tables.items()}

    # --- views

    def page(self, kind: str = "coordination", county: str | None = None) -> Any:
        from kg.views import pages as P

        all_counties = kgnx.counties(self.graph_data)
        chosen = [kgnx.county_iri(self.graph_data, county)] if county else all_counties
        if kind in ("county", "county-units"):
            if county is None:
                raise ValueError(f"view {kind!r} needs county= (one of {', '.join(self.counties())})")
            return P.county_page(self.index, chosen[0], collapsed=kind == "county-units")
        builders = {"coordination": P.coordination_page, "portfolios": P.portfolio_page,
                    "functions": P.functions_page, "overview": P.overview_page}
        if kind not in builders:
            raise ValueError(f"unknown view {kind!r} (views: {', '.join(VIEWS)})")
        return builders[kind](self.index, chosen)

    def view(self, kind: str = "coordination", county: str | None = None, *, height: int = 650,
             save: str | Path | None = None) -> Any:
        """The interactive page inline (an iframe holding the whole self-contained page)."""
        from IPython.display import HTML  # type: ignore[attr-defined]

        from kg.views.html import render_page

        text = render_page(self.page(kind, county), index_link=False)
        if save is not None:
            Path(save).write_text(text, encoding="utf-8")
        return HTML(f'<div><iframe srcdoc="{html.escape(text, quote=True)}" style="width:100%;height:{int(height)}px;'
                    'border:1px solid #ddd" sandbox="allow-scripts"></iframe></div>')  # type: ignore[no-untyped-call]
