"""The views (`kg view` pages) and the analytics tables (`kg analyze`) of a build, made once for
the service in a background process on first request and then served as files.

Both read the mapped graph (`open_build(dir).graph()`), which at national scale takes minutes and
gigabytes, so the service neither loads it at start nor in its own process: `Prepared.ensure()`
starts one process (niced) that writes `views/` (pages sharing one copy of vis-network in
`views/assets/`) and `tables/` (NAME.json, NAME.csv for Excel, NAME.head.json: the first rows
for the HTML page and the count) into a folder of the service's, and `ready.json` last.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from kg.build import open_build
from kg.service.pool import Context
from kg.service.rows import excel_csv, json_rows

__all__ = ["Prepared", "prepare", "HEAD_ROWS"]

HEAD_ROWS = 500  # rows of a table shown on its HTML page; the downloads have all of them
READY = "ready.json"
FAILED = "failed.txt"


def prepare(build_dir: str, out_dir: str) -> None:
    """Write the views and the analytics tables of `build_dir` into `out_dir` (a child process)."""
    with contextlib.suppress(OSError):
        os.nice(10)  # the query workers come first
    out = Path(out_dir)
    try:
        from kg.analytics import analyze
        from kg.views import write_views

        started = time.perf_counter()
        graph = open_build(build_dir).graph()
        views, _ = write_views(graph, out / "views", inline=False)
        tables_dir = out / "tables"
        tables_dir.mkdir(parents=True, exist_ok=True)
        counts: dict[str, int] = {}
        for name, rows in analyze(graph).tables.items():
            columns = list(rows[0]) if rows else []
            (tables_dir / f"{name}.json").write_bytes(json_rows(columns, rows))
            (tables_dir / f"{name}.csv").write_bytes(excel_csv(columns, rows))
            head = {"columns": columns, "rows": [[r.get(c) for c in columns] for r in rows[:HEAD_ROWS]],
                    "total": len(rows)}
            (tables_dir / f"{name}.head.json").write_text(json.dumps(head, ensure_ascii=False), encoding="utf-8")
            counts[name] = len(rows)
        (out / READY).write_text(json.dumps({"pages": len(views.all()), "tables": counts,
                                             "seconds": round(time.perf_counter() - started, 1)}), encoding="utf-8")
    except Exception as exc:  # reported on the pages that needed it
        (out / FAILED).write_text(f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}", encoding="utf-8")


@dataclass
class Prepared:
    """The prepared views and tables of one build, in `root` (a folder the service owns)."""

    build_dir: Path
    root: Path
    context: Context
    _process: BaseProcess | None = field(default=None, repr=False)
    _started: float = 0.0

    def ensure(self) -> None:
        """Start preparing, once."""
        if self._process is None and not self.ready():
            self._started = time.monotonic()
            self._process = self.context.Process(target=prepare, args=(str(self.build_dir), str(self.root)),
                                                 name="govkg-prepare", daemon=True)
            self._process.start()

    def ready(self) -> bool:
        return (self.root / READY).is_file()

    def failure(self) -> str | None:
        """The one-line reason preparing failed, if it did."""
        path = self.root / FAILED
        if path.is_file():
            return path.read_text(encoding="utf-8").splitlines()[0]
        if self._process is not None and not self._process.is_alive() and not self.ready():
            return f"the process preparing the views stopped (exit code {self._process.exitcode})"
        return None

    def waited(self) -> float:
        return time.monotonic() - self._started if self._started else 0.0

    def summary(self) -> dict[str, Any]:
        return json.loads((self.root / READY).read_text(encoding="utf-8")) if self.ready() else {}

    def close(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join(5)
