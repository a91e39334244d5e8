"""Writing outputs whole or not at all, and rendering rows as table, JSON or CSV."""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import orjson

from kg.model import Extraction, task_record, to_record

_umask: int | None = None


def umask() -> int:
    """The process's umask (read once: reading it means setting it)."""
    global _umask
    if _umask is None:
        _umask = os.umask(0o022)
        os.umask(_umask)
    return _umask


def honour_umask(path: Path, *, directory: bool = False) -> None:
    """Give a file or folder made by mkstemp/mkdtemp (0600/0700) the mode a plain open or mkdir
    would have given it, so outputs are as readable as the user's other files."""
    os.chmod(path, (0o777 if directory else 0o666) & ~umask())


class OutputError(Exception):
    """An output that would overwrite an input; the message is one line."""


def check_not_input(path: str | Path | None, inputs: Iterable[str | Path]) -> None:
    """OutputError when `path` is one of the input files (`kg extract x.txt -o x.txt`)."""
    if path is None or str(path) == "-":
        return
    target = Path(path)
    if not target.exists():
        return
    for raw in inputs:
        try:
            if Path(raw).is_file() and os.path.samefile(raw, target):
                raise OutputError(f"{path}: is an input of this run; not overwritten")
        except OSError:
            continue


@contextmanager
def atomic_writer(path: str | Path | None, *, mode: str = "w") -> Iterator[IO[Any]]:
    """stdout when `path` is None or "-"; else a temporary file renamed over `path` on
    success, so a failed run never leaves a half-written file behind."""
    if path is None or str(path) == "-":
        out = sys.stdout
        if "b" in mode:
            out.flush()
            out = out.buffer
        yield out
        out.flush()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8") as fh:
            yield fh
        honour_umask(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while building many rows: they hold no cycles, and with the
    collector on, 425,310 rows take 1.2 s to read instead of 0.7 s (it walks every row again and
    again as they accumulate)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def dumpb(record: dict[str, Any]) -> bytes:
    """One JSON Lines record as UTF-8, compact. orjson: 5x the stdlib encoder on records, and
    bytes cross a process pipe and reach a file without being decoded and encoded again."""
    return orjson.dumps(record)


def dumps(record: dict[str, Any]) -> str:
    return orjson.dumps(record).decode()


# targets, actuals, terms and anomalies: the record is `type`, then every field in order (kg.model)
_TYPE_OPENINGS = (b'{"type":"target",', b'{"type":"actual",', b'{"type":"term",', b'{"type":"anomaly",')


def jsonl(ex: Extraction) -> bytes:
    """`records(ex)` as JSON Lines, byte for byte what `dumpb` makes of each record; targets,
    terms and anomalies go from dataclass to JSON with no dict between."""
    lines = [dumpb(to_record(ex.document))]
    lines.extend(orjson.dumps(task_record(task, plain=False)) for task in ex.tasks)
    groups: tuple[list[Any], ...] = (ex.targets, ex.actuals, ex.terms, ex.anomalies)
    for objs, opening in zip(groups, _TYPE_OPENINGS, strict=True):
        lines.extend(opening + orjson.dumps(obj)[1:] for obj in objs)
    return b"\n".join(lines) + b"\n"


def _cell(value: Any, sep: str = "、") -> str:
    """A value as table text; a list joined with `sep` (CSV: `;`, which no name or label holds)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return sep.join(_cell(v, sep) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ord > 0x2E80: CJK and beyond take two columns in a terminal
_WIDE = re.compile("[\u2e81-\U0010ffff]")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return 2 * len(text) - len(_WIDE.sub("", text)) if text and not text.isascii() else len(text)


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal (CJK characters two each)."""
    return _width(text)


def _cells(rows: list[dict[str, Any]], columns: list[str]) -> list[list[str]]:
    # a str is its own cell; only other values go through _cell (a call per cell is most of the time)
    return [[v if type(v) is str else str(v) if type(v) is int else _cell(v) for v in map(r.get, columns)]
            for r in rows]


# A spreadsheet runs a cell that opens with one of these as a formula (CSV injection): text
# cells that do are written with a leading apostrophe, which spreadsheets show as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cells(rows: list[dict[str, Any]], columns: list[str]) -> list[list[str]]:
    """`_cells`, with text that a spreadsheet would run as a formula kept as text; numbers as they are."""
    return [["'" + v if type(v) is str and v.startswith(_FORMULA_START) else
             v if type(v) is str else str(v) if type(v) is int else _cell(v, ";") for v in map(r.get, columns)]
            for r in rows]


def _json_default(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(value)
    return str(value)


def render(rows: Iterable[dict[str, Any]], fmt: str, columns: list[str] | None = None) -> str:
    rows = list(rows)
    if columns is None:
        columns = list(rows[0]) if rows else []
    if fmt == "json":
        return orjson.dumps([{c: r.get(c) for c in columns} for r in rows], default=_json_default,
                            option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()
    if fmt == "jsonl":
        return "".join(dumps({c: r.get(c) for c in columns}) + "\n" for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        with gc_paused():
            writer.writerows(_csv_cells(rows, columns))
        return buf.getvalue()
    with gc_paused():
        cells = _cells(rows, columns)
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])]
    out.extend(line(row) for row in cells)
    return "\n".join(out) + "\n"
