"""Writing tables as CSV, Parquet, Stata and JSON, with their codebook, whole or not at all.

- csv: UTF-8, `\\n`, a header row; `excel=True`: UTF-8 with a byte-order mark and `\\r\\n` (the
  `excel` dialect), which Excel needs to show Chinese. Text that a spreadsheet would run as a
  formula (= + - @ at its start) gets a leading `'`, as every CSV govkg writes.
- parquet (pyarrow): types kept (categories as dictionaries, missing as null).
- dta: Stata 14+ (format 118, UTF-8): categories as value labels, the codebook's meaning as
  variable labels, text columns holding a value over 244 bytes as strL; missing text is "".
- json: an array of records, one a line; lists as arrays.
List columns are joined with `;` in csv, parquet and dta (kg.exports.columns).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from kg.exports.columns import LIST_SEPARATOR, Column, Table
from kg.extras import require

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FORMATS", "write_table", "flat_value", "categories"]

FORMATS = ("csv", "parquet", "dta", "json")
EXTENSIONS = {"csv": "csv", "parquet": "parquet", "dta": "dta", "json": "json"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# bytes: text columns with a longer value are written as strL (stored once per value) rather than
# fixed-width str# (every row padded to the longest: a task table 5 times the size of its CSV)
STATA_STR_MAX = 244
STATA_LABEL_MAX = 80  # characters of a Stata variable or data label


def number(value: Any) -> Any:
    """Whole numbers as int (6, not 6.0), as the records and both query backends give them."""
    return int(value) if type(value) is float and value.is_integer() else value


def joined(values: Any) -> str | None:
    if not values:
        return None
    return LIST_SEPARATOR.join(str(v).replace(LIST_SEPARATOR, "；") for v in values)


def flat_value(column: Column, value: Any) -> Any:
    """A cell of a flat format: lists joined, numbers whole where whole."""
    if column.type == "list":
        return joined(value)
    if column.type == "number":
        return number(value)
    return value


def categories(column: Column, rows: list[dict[str, Any]]) -> list[str]:
    """The declared values, then any other the rows hold: a category never turns a value into missing."""
    seen = {str(r[column.name]) for r in rows if r[column.name] is not None}
    return [*column.values, *sorted(seen - set(column.values))]


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def write_csv(table: Table, rows: list[dict[str, Any]], path: Path, *, excel: bool = False) -> None:
    with path.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as fh:
        writer = csv.writer(fh, dialect="excel" if excel else "unix", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(table.names)
        columns = table.columns
        writer.writerows([_csv_text(flat_value(c, row[c.name])) for c in columns] for row in rows)


def frame(table: Table, rows: list[dict[str, Any]], *, stata: bool = False) -> pd.DataFrame:
    """The table as a DataFrame with the codebook's types (Stata: missing text as "")."""
    pd = require("pandas", "tables", "kg export (Parquet, Stata)")
    data: dict[str, Any] = {}
    for c in table.columns:
        values = [flat_value(c, r[c.name]) for r in rows]
        if c.type == "integer":
            data[c.name] = pd.array(values, dtype="Int64")
        elif c.type == "number":
            data[c.name] = pd.array([None if v is None else float(v) for v in values], dtype="float64")
        elif c.type == "flag":
            data[c.name] = pd.array(values, dtype="int8")
        elif c.type == "category":
            data[c.name] = pd.Categorical(values, categories=categories(c, rows))
        elif stata:
            data[c.name] = pd.array(["" if v is None else str(v) for v in values], dtype=object)
        else:
            data[c.name] = pd.array(values, dtype="string")
    return pd.DataFrame(data, columns=table.names)


def write_parquet(table: Table, rows: list[dict[str, Any]], path: Path) -> None:
    require("pyarrow", "tables", "kg export --format parquet")
    frame(table, rows).to_parquet(path, index=False, engine="pyarrow")


def write_dta(table: Table, rows: list[dict[str, Any]], path: Path, *, label: str) -> None:
    df = frame(table, rows, stata=True)
    long_text = [c.name for c in table.columns if c.type in ("text", "list") and
                 max((len(str(v).encode("utf-8")) for v in df[c.name]), default=0) > STATA_STR_MAX]
    labels = {c.name: _label(c.meaning) for c in table.columns}
    df.to_stata(path, version=118, write_index=False, convert_strl=long_text, variable_labels=labels,
                data_label=_label(label))


def _label(text: str) -> str:
    """A Stata label: at most 80 characters, cut at a word with "…" (the codebook has the whole text)."""
    if len(text) <= STATA_LABEL_MAX:
        return text
    cut = text[:STATA_LABEL_MAX - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def write_json(table: Table, rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("wb") as fh:
        fh.write(b"[\n")
        for i, row in enumerate(rows):
            record = {c.name: number(row[c.name]) if c.type == "number" else row[c.name] for c in table.columns}
            fh.write(orjson.dumps(record) + (b",\n" if i < len(rows) - 1 else b"\n"))
        fh.write(b"]\n")


def write_table(table: Table, rows: list[dict[str, Any]], folder: Path, fmt: str, *, excel: bool = False,
                label: str = "") -> Path:
    path = folder / f"{table.name}.{EXTENSIONS[fmt]}"
    writers: dict[str, Callable[[], None]] = {
        "csv": lambda: write_csv(table, rows, path, excel=excel),
        "parquet": lambda: write_parquet(table, rows, path),
        "dta": lambda: write_dta(table, rows, path, label=label or table.description),
        "json": lambda: write_json(table, rows, path),
    }
    writers[fmt]()
    return path
