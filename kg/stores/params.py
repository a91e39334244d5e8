"""What a named question's parameter can be, and saying so when a value is not there.

A named question asked with a value the store does not hold (`--param county=Guxian`) answers
with no rows, which reads like "nothing to report". When an answer is empty, the caller checks
each parameter's value against the values the store holds (only then: the normal path costs
nothing) and reports the unknown ones with the closest values (difflib).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

__all__ = ["SPARQL_VALUES", "CYPHER_VALUES", "unknown_values"]

# parameter -> the query listing the values it may take (as the named queries compare them)
SPARQL_VALUES: dict[str, str] = {
    "county": "SELECT DISTINCT ?v WHERE { ?c a gk:County ; rdfs:label ?l BIND(STR(?l) AS ?v) }",
    "unit": "SELECT DISTINCT ?v WHERE { VALUES ?k { gk:Unit gk:UnitGroup } ?u a ?k ; rdfs:label ?l "
            "BIND(STR(?l) AS ?v) }",
    "leader": "SELECT DISTINCT ?v WHERE { ?l a gk:Leader ; rdfs:label ?n BIND(STR(?n) AS ?v) }",
    "function": "SELECT DISTINCT ?v WHERE { ?f a gk:Function ; skos:notation ?n BIND(STR(?n) AS ?v) }",
    "metric": "SELECT DISTINCT ?v WHERE { ?t a gk:Target ; gk:metric ?m BIND(STR(?m) AS ?v) }",
    "task": "SELECT DISTINCT ?v WHERE { ?t a gk:Task ; gk:taskId ?n BIND(STR(?n) AS ?v) }",
}
CYPHER_VALUES: dict[str, str] = {
    "county": "MATCH (c:County) RETURN DISTINCT c.name AS v",
    "unit": "MATCH (u) WHERE u:Unit OR u:UnitGroup RETURN DISTINCT u.name AS v",
    "leader": "MATCH (l:Leader) RETURN DISTINCT l.name AS v",
    "function": "MATCH (f:Function) RETURN DISTINCT f.notation AS v",
    "metric": "MATCH (t:Target) RETURN DISTINCT t.metric AS v",
    "task": "MATCH (t:Task) RETURN DISTINCT t.task_id AS v",
}
SHOWN = 12  # values listed when none is close
PLURALS = {"county": "counties"}


def _described(name: str, value: str, known: list[str], where: str) -> str:
    folded = value.casefold()
    close = list(dict.fromkeys([
        *difflib.get_close_matches(value, known, n=5, cutoff=0.5),
        # a part of the value, or the value a part of it (gdp_growth -> gdp, 发展改革 -> 发展和改革局)
        *(k for k in known if len(k) > 1 and len(folded) > 1 and (k.casefold() in folded or folded in k.casefold())),
    ]))[:5]
    plural = f"{len(known)} {name if len(known) == 1 else PLURALS.get(name, name + 's')}"
    if close:
        return f"no {name} {value!r} in {where}; closest: {', '.join(close)} (of {plural})"
    listed = ", ".join(sorted(known)[:SHOWN]) + (", …" if len(known) > SHOWN else "")
    return f"no {name} {value!r} in {where} ({plural}: {listed or 'none'})"


def unknown_values(params: dict[str, str], values_of: Callable[[str], Iterable[str]], where: str) -> list[str]:
    """One message per parameter whose value the store does not hold, naming the closest values.
    `values_of(name)` lists a parameter's values; parameters it cannot list are not checked."""
    out = []
    for name, value in params.items():
        if name not in SPARQL_VALUES:
            continue
        known = sorted({str(v) for v in values_of(name) if v is not None})
        if value not in known:
            out.append(_described(name, value, known, where))
    return out
