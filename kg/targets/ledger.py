"""The target ledger: one row per government × indicator × year (docs/targets-ledger.md).

    ledger(extractions) -> rows with LEDGER_COLUMNS

A row holds a headline target (the first headline target of that government, indicator and
year in input order), the value achieved as a later review states it (an `Actual` of the same
government, indicator and year, for one year not a period, in a unit the target's converts to;
from the document of the following year first), whether it was met, by how much, and, where
an ancestor government (parent, grandparent…, the State Council) sets a target on the same
indicator for the same year in the input, how far the target goes beyond it.

met:
- `unknown`: no achieved value, no bound to check, or one the value's own wording leaves open
  (超过3% against a bound of 3.5%);
- a relative target (与经济增长基本同步): met when the achieved value is at least the achieved
  value of GDP growth of the same government and year, less the 左右 band (0.5 points); else
  `missed`;
- a ceiling (at_most, or an indicator whose lower values are better: prices, unemployment):
  met when the value is at most the upper bound; margin = upper − value;
- otherwise a floor: met when the value is at least the lower bound; margin = value − lower.
`difference` is the achieved value minus the target's own number (a range's midpoint).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kg.extract.government import NATIONAL_NAME
from kg.extract.resources import gazetteer
from kg.model import Actual, Document, Extraction, Target
from kg.ontology.indicators import load_vocabulary
from kg.ontology.iris import NATION_CODE
from kg.targets.bounds import AROUND_POINTS, PERCENT_UNITS, point_value

LEDGER_COLUMNS = (
    "government", "level", "admin_code", "year", "metric", "label", "kind", "unit",
    "value", "value_max", "lower", "upper", "modifier", "hardness", "relative", "absent_reason",
    "doc", "line", "quote",
    "actual", "actual_unit", "actual_modifier", "actual_doc", "actual_line", "actual_quote",
    "met", "margin", "difference", "parent", "parent_value", "amplification",
)

_MULTIPLIERS = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4), ("千", 1e3), ("百", 1e2))


def _scale(unit: str | None) -> tuple[str, float]:
    """(base unit, factor): 万亿斤 -> (斤, 1e12), 万人 -> (人, 1e4), % -> (%, 1)."""
    if not unit:
        return "", 1.0
    for prefix, factor in _MULTIPLIERS:
        if unit.startswith(prefix):
            return unit[len(prefix):], factor
    return unit, 1.0


def convert(value: float, unit: str | None, to: str | None) -> float | None:
    """`value` in `unit` expressed in `to`; None when the two measure different things."""
    if (unit in PERCENT_UNITS) != (to in PERCENT_UNITS):
        return None
    if unit in PERCENT_UNITS:
        return value
    base, factor = _scale(unit)
    base_to, factor_to = _scale(to)
    if base != base_to:
        return None
    return _round(value * factor / factor_to)


def _comparable_kind(target: str, actual: str) -> bool:
    return target == actual or {target, actual} <= {"level", "count"}


@dataclass(frozen=True, slots=True)
class _Gov:
    key: str  # admin code, or the name (国务院; a county the gazetteer does not know)
    name: str
    level: str | None
    admin_code: str | None
    ancestors: tuple[str, ...]  # keys, nearest first, the State Council last


def _government(doc: Document) -> _Gov:
    name = doc.government or doc.county or doc.doc
    key = doc.admin_code or name
    ancestors: list[str] = []
    code = doc.admin_code
    if code is None and doc.parent_code:
        ancestors.append(doc.parent_code)
        code = doc.parent_code
    while code is not None:
        parent = gazetteer.parent_of(code)
        if parent is None:
            break
        ancestors.append(parent.admin_code)
        code = parent.admin_code
    if doc.level != "national":
        ancestors.append(NATIONAL_NAME)
    return _Gov(key, name, doc.level, doc.admin_code, tuple(ancestors))


def ancestor_codes(doc: Document) -> tuple[str, ...]:
    """The codes of the governments above the document's (as kg.resolve.county_code keys
    them: the State Council's is NATION_CODE), nearest first: whose targets its targets are
    compared with."""
    return tuple(NATION_CODE if key == NATIONAL_NAME else key for key in _government(doc).ancestors)


@dataclass(slots=True)
class Entry:
    """One ledger row as model objects (what `kg build` links in the graph)."""

    government: _Gov
    year: int
    target: Target
    actual: Actual | None
    met: str = "unknown"
    margin: float | None = None
    difference: float | None = None
    parent: tuple[_Gov, Target] | None = None
    parent_value: float | None = None
    amplification: float | None = None


def ledger_entries(extractions: Iterable[Extraction]) -> list[Entry]:
    """The ledger's entries, by government, year and indicator order."""
    vocab = load_vocabulary()
    rank = {c.id: i for i, c in enumerate(vocab.ordered())}
    targets: dict[tuple[str, str, int], tuple[_Gov, Target]] = {}
    actuals: dict[tuple[str, str, int], list[tuple[int | None, Actual]]] = {}
    for ex in extractions:
        gov = _government(ex.document)
        for t in ex.targets:
            year = t.year if t.year is not None else ex.document.year
            if t.headline and t.metric != "other" and year is not None:
                targets.setdefault((gov.key, t.metric, year), (gov, t))
        for a in ex.actuals:
            if a.period is None and a.year is not None:
                actuals.setdefault((gov.key, a.metric, a.year), []).append((ex.document.year, a))
    entries = []
    for (key, metric, year), (gov, t) in sorted(
        targets.items(), key=lambda kv: (kv[1][0].name, kv[0][2], rank.get(kv[0][1], 10**6))
    ):
        concept = vocab.concepts.get(metric)
        actual = _actual(t, actuals.get((key, metric, year), []), year)
        entry = Entry(gov, year, t, actual)
        entry.met, entry.margin = _met(t, actual, concept.direction if concept else None,
                                       actuals.get((key, "gdp", year), []), year)
        if t.modifier == "relative":
            entry.difference = entry.margin  # the achieved value less GDP growth
        elif actual is not None and t.value is not None:
            value = convert(actual.value, actual.unit, t.unit)
            point = point_value(t.value, t.value_max, t.modifier)
            if value is not None and point is not None:
                entry.difference = _round(value - point)
        entry.parent = next((targets[(k, metric, year)] for k in gov.ancestors if (k, metric, year) in targets), None)
        if entry.parent is not None:
            entry.parent_value, entry.amplification = _amplification(t, entry.parent[1])
        entries.append(entry)
    return entries


def ledger(extractions: Iterable[Extraction]) -> list[dict[str, Any]]:
    """The ledger's rows (LEDGER_COLUMNS), by government, year and indicator order."""
    vocab = load_vocabulary()
    rows = []
    for e in ledger_entries(extractions):
        concept = vocab.concepts.get(e.target.metric)
        row = _row(e.government, e.target, e.year, concept.label_zh if concept else e.target.metric, e.actual)
        row.update(met=e.met, margin=e.margin, difference=e.difference, parent_value=e.parent_value,
                   amplification=e.amplification, parent=e.parent[0].name if e.parent else None)
        rows.append(row)
    return rows


def _actual(t: Target, found: Sequence[tuple[int | None, Actual]], year: int) -> Actual | None:
    """The achieved value for a target: comparable kind and unit; the following year's report first."""
    fits = [(doc_year, a) for doc_year, a in found if _fits(t, a)]
    if not fits:
        return None
    fits.sort(key=lambda pair: (pair[0] != year + 1, pair[0] or 0))
    return fits[0][1]


def _fits(t: Target, a: Actual) -> bool:
    if t.modifier in ("relative", "absent") or t.unit is None:
        # a relative or absent target: the indicator's change, in percent
        return a.unit in PERCENT_UNITS and a.kind in ("growth", "reduction") and (
            t.modifier != "absent" or a.kind == t.kind)
    return _comparable_kind(t.kind, a.kind) and convert(a.value, a.unit, t.unit) is not None


def _row(gov: _Gov, t: Target, year: int, label: str, a: Actual | None) -> dict[str, Any]:
    value = None if a is None else convert(a.value, a.unit, t.unit) if t.unit else a.value
    return {
        "government": gov.name, "level": gov.level, "admin_code": gov.admin_code, "year": year,
        "metric": t.metric, "label": label, "kind": t.kind, "unit": t.unit, "value": t.value,
        "value_max": t.value_max, "lower": t.lower, "upper": t.upper, "modifier": t.modifier,
        "hardness": t.hardness, "relative": t.relative, "absent_reason": t.absent_reason,
        "doc": t.doc, "line": t.line, "quote": t.quote,
        "actual": value, "actual_unit": t.unit if (a is not None and t.unit) else (a.unit if a else None),
        "actual_modifier": a.modifier if a else None, "actual_doc": a.doc if a else None,
        "actual_line": a.line if a else None, "actual_quote": a.quote if a else None,
        "met": "unknown", "margin": None, "difference": None,
        "parent": None, "parent_value": None, "amplification": None,
    }


def _round(x: float) -> float:
    return int(x) if float(x).is_integer() else round(x, 6)


def _met(t: Target, a: Actual | None, direction: str | None, gdp: Sequence[tuple[int | None, Actual]],
         year: int) -> tuple[str, float | None]:
    if a is None or t.modifier == "absent":
        return "unknown", None
    if t.modifier == "relative":
        reference = next((g for _, g in sorted(gdp, key=lambda p: p[0] != year + 1)
                          if g.kind == "growth" and g.unit in PERCENT_UNITS), None)
        if reference is None or "同步" not in (t.relative or ""):
            return "unknown", None
        margin = _round(a.value - reference.value)
        return ("met" if margin >= -AROUND_POINTS else "missed"), margin
    value = convert(a.value, a.unit, t.unit)
    if value is None:
        return "unknown", None
    ceiling = t.modifier == "at_most" or (direction == "ceiling" and t.modifier != "at_least")
    bound = t.upper if ceiling else t.lower
    if bound is None:
        return "unknown", None
    margin = _round(bound - value if ceiling else value - bound)
    # what the value's own wording leaves open: 超过/以上 X is X or more, 近/以内 X is X or less
    at_least = a.modifier in ("over", "at_least")
    at_most = a.modifier in ("at_most", "nearly")
    if margin >= 0:
        settled = not ((ceiling and at_least) or (not ceiling and at_most and margin == 0))
        return ("met" if settled else "unknown"), margin
    settled = not ((ceiling and at_most) or (not ceiling and at_least))
    return ("missed" if settled else "unknown"), margin


def _amplification(t: Target, parent: Target) -> tuple[float | None, float | None]:
    """(the parent's number in this target's unit, this target's number less it)."""
    mine = point_value(t.value, t.value_max, t.modifier)
    theirs = point_value(parent.value, parent.value_max, parent.modifier)
    if theirs is None:
        return None, None
    here = convert(theirs, parent.unit, t.unit) if t.unit else theirs
    if mine is None or here is None or not _comparable_kind(t.kind, parent.kind):
        return theirs, None
    return here, _round(mine - here)
