"""Checks of a document's own numbering: gaps and duplicates are reported, not fixed."""

from __future__ import annotations

from kg.model import Anomaly, Task


def _check(doc: str, numbers: list[tuple[int, int]], what: str) -> list[Anomaly]:
    """`numbers` are (number, line) in document order; numbering may restart at 1."""
    out: list[Anomaly] = []
    prev: int | None = None
    for number, line in numbers:
        if prev is not None and number != prev + 1 and number != 1:
            if number <= prev:
                out.append(Anomaly(doc, line, "numbering-duplicate",
                                   f"{what} {number} follows {prev}"))
            else:
                missing = f"{prev + 1}" if number == prev + 2 else f"{prev + 1}–{number - 1}"
                out.append(Anomaly(doc, line, "numbering-gap", f"{what} {missing} missing"))
        prev = number
    return out


def check_sequence(doc: str, tasks: list[Task]) -> list[Anomaly]:
    """Flat ids (`27`) and two-level ids (`8.3`: row 8, item 3) alike."""
    rows: list[tuple[int, int]] = []
    items: dict[int, list[tuple[int, int]]] = {}
    for task in tasks:
        head, _, item = task.id.partition(".")
        if not head.isdigit():
            continue
        number = int(head)
        if not rows or rows[-1][0] != number:
            rows.append((number, task.source.line_start))
        if item.isdigit():
            items.setdefault(number, []).append((int(item), task.source.line_start))
    out = _check(doc, rows, "task" if not items else "row")
    for row, numbers in items.items():
        out.extend(_check(doc, numbers, f"row {row} item"))
        if numbers and numbers[0][0] != 1:
            out.append(Anomaly(doc, numbers[0][1], "numbering-gap",
                               f"row {row} starts at item {numbers[0][0]}"))
    return out
