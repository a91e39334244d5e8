"""The codebook of an export: every table and column, its type and meaning, the source
documents and the build, as codebook.json (for programs) and codebook.md (for people)."""

from __future__ import annotations

from typing import Any

from kg.exports.columns import LIST_SEPARATOR, TABLES

GENERATOR = "govkg export"
VERSION = 1

_TYPE_TEXT = {
    "text": "text",
    "integer": "integer",
    "number": "number",
    "flag": "0/1",
    "category": "category",
    "list": f"list (`{LIST_SEPARATOR}`)",
}


def codebook(*, build: dict[str, Any], documents: list[dict[str, Any]], tables: dict[str, dict[str, Any]],
             excel: bool, exported: str) -> dict[str, Any]:
    """The codebook.json object. `tables`: name -> {"rows", "files", "categories"} of each table written."""
    out: dict[str, Any] = {
        "generator": GENERATOR, "version": VERSION, "exported": exported, "build": build,
        "list_separator": LIST_SEPARATOR,
        "csv": {"encoding": "utf-8-sig (UTF-8 with BOM)" if excel else "utf-8", "line_end": "\r\n" if excel else "\n",
                "formula_guard": "text starting with = + - @ is written with a leading '"},
        "documents": documents, "tables": {},
    }
    for name, written in tables.items():
        spec = TABLES[name]
        columns = []
        for c in spec.columns:
            col: dict[str, Any] = {"name": c.name, "type": c.type, "meaning": c.meaning, "source": c.source}
            if c.type == "category":
                col["values"] = written["categories"].get(c.name, list(c.values))
            if c.long_table:
                col["one_row_per_value"] = c.long_table
            columns.append(col)
        out["tables"][name] = {"description": spec.description, "row": spec.row, "key": list(spec.key),
                               "rows": written["rows"], "files": written["files"], "columns": columns}
    return out


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(book: dict[str, Any]) -> str:
    """codebook.md: the same content as codebook.json, for reading."""
    build = book["build"]
    lines = [
        "# Codebook", "",
        f"Exported {book['exported']} by govkg {build.get('govkg', '')} from the build `{build['path']}` "
        f"(built {build.get('built')}, build id `{build['id']}`: {build.get('tasks')} tasks from "
        f"{len(book['documents'])} documents).", "",
        "## Conventions", "",
        f"- **Lists**: a `list` column joins its values with `{book['list_separator']}` in CSV, Parquet and Stata "
        "(a `;` inside a value is written as the full-width `；`); JSON keeps an array. Where a table names a "
        "one-row-per-value table, that table holds the same values one row each, exactly.",
        "- **Missing**: an empty CSV cell, null in Parquet and JSON, `.` (numbers) or `\"\"` (text) in Stata.",
        "- **Categories**: Stata value labels, Parquet dictionaries; the values are listed below.",
        "- **0/1**: an integer, 1 for yes.",
        f"- **CSV**: {book['csv']['encoding']}, lines end with "
        f"{'CR LF' if book['csv']['line_end'] == chr(13) + chr(10) else 'LF'}, a header row; "
        f"{book['csv']['formula_guard']} (spreadsheets would run it as a formula; Parquet, Stata and JSON hold "
        "the text unchanged).",
        "- **Reading**: numbers that are identifiers (`admin_code` 140829, `task_id` 8.10) stay text only if "
        "you say so when reading CSV: `pandas.read_csv(path, dtype=str)` then convert the counts, or read the "
        "Parquet (`pandas.read_parquet`) or Stata (`use tasks.dta`) file, which keep every type.",
        "",
        "## Documents", "",
        "| document | county | admin_code | year | title | sha256 |", "|---|---|---|---|---|---|",
    ]
    for d in book["documents"]:
        cells = [d["document"], *(d.get(k) or "" for k in ("county", "admin_code", "year", "title")),
                 str(d.get("sha256") or "")[:12]]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    for name, table in book["tables"].items():
        lines += ["", f"## `{name}`", "", table["description"], "",
                  f"One row per {table['row']}; key: {', '.join(f'`{k}`' for k in table['key'])}; "
                  f"{table['rows']} rows. Files: {', '.join(f'`{f}`' for f in table['files'])}.", "",
                  "| column | type | meaning | from |", "|---|---|---|---|"]
        for c in table["columns"]:
            meaning = c["meaning"]
            if c.get("values"):
                meaning += f" (values: {', '.join(c['values'])})"
            if c.get("one_row_per_value"):
                meaning += f"; one row per value: `{c['one_row_per_value']}`"
            lines.append(f"| `{c['name']}` | {_TYPE_TEXT[c['type']]} | {_cell(meaning)} | {_cell(c['source'])} |")
    return "\n".join(lines) + "\n"
