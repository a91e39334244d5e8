"""`kg export`: flat tables of a build for pandas, R and Stata, with a codebook.

In: a build directory (`open_build(dir).graph()`: what `kg build` mapped, never re-derived).
Out: a directory of tables (tasks, task_units, task_leaders, units, leaders, leader_units,
targets, edges, documents; kg.exports.columns names every column) as CSV, Parquet, Stata
.dta and JSON, and codebook.md + codebook.json naming every column, its type and meaning,
the source documents and the build.

The directory is assembled beside its place and swapped in whole (kg.build.publish): an
export writes everything or nothing. It replaces only a new or empty directory or an earlier
export; an earlier export of the same build keeps the tables this run does not write, so
`kg export tasks DIR` then `kg export edges DIR` leaves both in DIR, under one codebook.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.build import Build, PublishError
from kg.build.publish import locked, staging, swap_in
from kg.exports.codebook import GENERATOR, codebook, markdown
from kg.exports.columns import COMMANDS, TABLES, Column, Table
from kg.exports.tables import BUILDERS, Row
from kg.exports.write import FORMATS, categories, write_table
from kg.progress import bar
from kg.stores.networkx import GraphIndex, index

__all__ = ["COMMANDS", "FORMATS", "TABLES", "Column", "ExportResult", "Table", "build_id", "export", "rows",
           "is_export", "CODEBOOK_JSON", "CODEBOOK_MD"]

CODEBOOK_JSON = "codebook.json"
CODEBOOK_MD = "codebook.md"


@dataclass(slots=True)
class ExportResult:
    out_dir: Path
    rows: dict[str, int]  # table -> rows written now
    files: list[Path]
    kept: list[str] = field(default_factory=list)  # tables of the earlier export kept as they were
    seconds: float = 0.0


def build_id(build: Build) -> str:
    """Which build an export came from: a digest of its manifest (documents, counts, time built)."""
    text = json.dumps(build.manifest, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def rows(build: Build, name: str, *, idx: GraphIndex | None = None) -> list[Row]:
    """One table's rows (dicts keyed by its columns; lists as lists)."""
    return BUILDERS[name](idx or index(build.graph()))


def read_codebook(folder: Path) -> dict[str, Any] | None:
    try:
        book = json.loads((Path(folder) / CODEBOOK_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return book if isinstance(book, dict) and book.get("generator") == GENERATOR else None


def is_export(folder: Path) -> bool:
    return read_codebook(folder) is not None


def _check_output(out_dir: Path, build_root: Path) -> dict[str, Any] | None:
    """PublishError unless `out_dir` is new, empty or an earlier export (and not the build); the
    earlier export's codebook, if any."""
    out, root = out_dir.resolve(), build_root.resolve()
    if out == root or root in out.parents or out in root.parents:
        raise PublishError(f"{out_dir}: is or holds the build {build_root}; choose another output directory")
    if not out.exists() and not out.is_symlink():
        return None
    if not out.is_dir() or out.is_symlink():
        raise PublishError(f"{out_dir}: exists and is not a directory; not replaced")
    book = read_codebook(out)
    if book is None and any(out.iterdir()):
        raise PublishError(f"{out_dir}: exists and is not a govkg export (no codebook.json); not replaced "
                           "(choose an empty or new directory)")
    return book


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("govkg")
    except PackageNotFoundError:
        return "unknown"


def export(build: Build, out_dir: str | Path, tables: Sequence[str], formats: Sequence[str] = FORMATS, *,
           excel: bool = False, progress: bool = False, note: Callable[[str], None] = lambda _: None) -> ExportResult:
    """Write `tables` of `build` in `formats` into `out_dir`, with the codebook, whole or not at all."""
    started = time.perf_counter()
    unknown = [t for t in tables if t not in TABLES] + [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown table or format: {unknown[0]}")
    out_dir = Path(out_dir)
    this_build = build_id(build)
    idx = index(build.graph())
    with locked(out_dir.resolve(), "kg export"):
        earlier = _check_output(out_dir, build.root)
        keep: dict[str, Any] = {}
        if earlier is not None and earlier.get("build", {}).get("id") == this_build \
                and earlier.get("csv", {}).get("encoding", "").startswith("utf-8-sig") == excel:
            keep = {k: v for k, v in earlier.get("tables", {}).items() if k not in tables and k in TABLES}
        elif earlier is not None and earlier.get("tables"):
            note(f"{out_dir}: replacing an export of another build or CSV dialect "
                 f"({', '.join(earlier['tables'])})")
        written: dict[str, dict[str, Any]] = {}
        files: list[Path] = []
        with staging(out_dir.resolve()) as tmp:
            for entry in keep.values():
                for file in entry.get("files", []):
                    shutil.copy2(out_dir / file, tmp / file)
            steps = bar(len(tables) * len(formats), "export", "file", enabled=progress)
            with steps:
                for name in tables:
                    spec = TABLES[name]
                    steps.set_postfix_str(name)
                    table_rows = BUILDERS[name](idx)
                    entry = {"rows": len(table_rows), "files": [], "categories": {
                        c.name: categories(c, table_rows) for c in spec.columns if c.type == "category"}}
                    for fmt in formats:
                        path = write_table(spec, table_rows, tmp, fmt, excel=excel,
                                           label=f"govkg {name}: {spec.description}")
                        entry["files"].append(path.name)
                        files.append(out_dir / path.name)
                        steps.update()
                    written[name] = entry
            documents = [{k: r[k] for k in ("document", "county", "admin_code", "year", "title", "sha256")}
                         for r in BUILDERS["documents"](idx)]
            book = codebook(
                build={"path": str(build.root), "id": this_build, "built": build.manifest.get("built"),
                       "format": build.manifest.get("format"), "tasks": build.manifest.get("tasks"),
                       "govkg": _version()},
                documents=documents, tables={}, excel=excel, exported=time.strftime("%Y-%m-%dT%H:%M:%S%z"))
            fresh = codebook(build=book["build"], documents=documents, tables=written, excel=excel,
                             exported=book["exported"])
            ordered = {name: keep[name] if name in keep else fresh["tables"][name]
                       for name in TABLES if name in keep or name in written}
            book["tables"] = ordered
            (tmp / CODEBOOK_JSON).write_text(json.dumps(book, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            (tmp / CODEBOOK_MD).write_text(markdown(book), encoding="utf-8")
            swap_in(tmp, out_dir.resolve())
    files += [out_dir / CODEBOOK_JSON, out_dir / CODEBOOK_MD]
    return ExportResult(out_dir, {k: v["rows"] for k, v in written.items()}, files, [n for n in TABLES if n in keep],
                        time.perf_counter() - started)

