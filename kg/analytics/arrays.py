"""One county's responsibilities as arrays: the unit x task incidence of leading and of assisting.

Every measure in the structure tables (brokerage, structural holes, core-periphery, breadth-depth)
and every null-model draw starts from these two boolean matrices, so observed and randomised
networks are built by the same code:

- `lead[u, t]`: unit u leads (牵头) task t; `co[u, t]`: unit u assists (配合) task t;
- co-responsibility weights `W = B Bᵀ` with `B = lead | co` (units sharing tasks, any role;
  the same pairs and weights as `kg.stores.networkx.coordination_network`);
- lead -> assist weights `L = lead coᵀ`: `L[u, v]` tasks u leads that v assists.

Units are the county's Unit nodes on at least one of its tasks (groups such as 各乡镇 are not
units and are left out, as in the coordination network); the diagonals are zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kg.stores.networkx import GraphIndex

__all__ = ["CountyArrays", "county_arrays", "co_responsibility", "lead_assist", "division", "UNKNOWN"]

UNKNOWN = "unknown"  # the group of a unit without a type or function: one group, said in the docs


@dataclass(frozen=True, slots=True)
class CountyArrays:
    county: str  # IRI
    units: list[str]  # unit IRIs: the rows
    tasks: list[str]  # task IRIs: the columns
    lead: np.ndarray  # bool, units x tasks
    co: np.ndarray  # bool, units x tasks
    unit_type: list[str]  # resolution's unit type (government_department, township, ...)
    function: list[str]  # COFOG code of the unit's function ("04.2"), UNKNOWN when none

    @property
    def n(self) -> int:
        return len(self.units)


def division(code: str) -> str:
    """The COFOG division (two digits) of a code: 04.2 -> 04."""
    return code.split(".", 1)[0] if code != UNKNOWN else code


def county_arrays(idx: GraphIndex, county: str) -> CountyArrays:
    nodes = idx.graph.nodes
    tasks = [t.iri for t in idx.nodes("Task", county)]
    column = {t: i for i, t in enumerate(tasks)}
    units = [u.iri for u in idx.nodes("Unit", county)
             if any(t in column for t, _ in idx.unit_tasks.get(u.iri, ()))]
    lead = np.zeros((len(units), len(tasks)), dtype=bool)
    co = np.zeros_like(lead)
    for row, unit in enumerate(units):
        for task, role in idx.unit_tasks.get(unit, ()):
            col = column.get(task)
            if col is not None:
                (lead if role == "lead" else co)[row, col] = True
    types = [str(nodes[u].props.get("type") or UNKNOWN) for u in units]
    functions = []
    for u in units:
        fn = idx.function.get(u)
        code = nodes[fn].props.get("notation") if fn is not None and fn in nodes else None
        functions.append(str(code) if code else UNKNOWN)
    return CountyArrays(county, units, tasks, lead, co, types, functions)


def co_responsibility(lead: np.ndarray, co: np.ndarray) -> np.ndarray:
    """Shared tasks per pair of units (lead or assist), int, symmetric, zero diagonal."""
    b = (lead | co).astype(np.float64)  # float: BLAS; integer products are exact below 2**53
    w: np.ndarray = np.rint(b @ b.T).astype(np.int64)
    np.fill_diagonal(w, 0)
    return w


def lead_assist(lead: np.ndarray, co: np.ndarray) -> np.ndarray:
    """`L[u, v]`: tasks u leads and v assists; int, zero diagonal."""
    w = np.rint(lead.astype(np.float64) @ co.astype(np.float64).T).astype(np.int64)
    np.fill_diagonal(w, 0)
    return w
