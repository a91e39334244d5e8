"""Where each task stands in the original file: a structured file's lines (kg.read.grid) map
back to sheet, table, row and column, or PDF page and line; a task's `source` gains those
keys beside its line numbers."""

from __future__ import annotations

from dataclasses import replace

from kg.model import Source, Task
from kg.read.text import Loc, SourceText


def _text_column(task: Task, src: SourceText, locs: list[Loc | None]) -> int | None:
    """The column of the cell the task's text was read from (the row's first cell if none)."""
    probe = task.text[:8]
    if not probe:
        return None
    for idx in range(task.source.line_start - 1, min(task.source.line_end, len(locs))):
        loc = locs[idx]
        if loc is not None and loc.column is not None and probe[:4] in src.lines[idx]:
            return loc.column
    return None


def locate(task: Task, src: SourceText) -> Source:
    locs = src.locs
    if not locs:
        return task.source
    span = [loc for loc in locs[task.source.line_start - 1: task.source.line_end] if loc is not None]
    if not span:
        return task.source
    first = span[0]
    rows = [loc.row for loc in span if loc.row is not None and loc.table == first.table and loc.sheet == first.sheet]
    pages = [loc.page for loc in span if loc.page is not None]
    return replace(
        task.source,
        sheet=first.sheet,
        table=first.table,
        row=min(rows) if rows else None,
        row_end=max(rows) if rows and max(rows) != min(rows) else None,
        column=_text_column(task, src, locs) or first.column,
        page=first.page,
        page_end=max(pages) if pages and max(pages) != first.page else None,
        page_line=next((loc.page_line for loc in span if loc.page_line is not None), None),  # an empty cell has none
        paragraph=first.paragraph if first.row is None else None,
    )
