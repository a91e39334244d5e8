"""Progress bars on stderr (tqdm) for work that can take more than a few seconds.

A bar shows only when stderr is a terminal (tqdm's `disable=None`) and the caller has not
asked for quiet; it is cleared when done (`leave=False`), so logs and pipes never see it.
Lines printed while a bar is showing go through `say`, which keeps the bar whole.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from tqdm import tqdm

__all__ = ["Stages", "bar", "say", "iterate"]

T = TypeVar("T")


def bar(total: int | None, desc: str, unit: str = "it", *, enabled: bool = True) -> Any:
    """A tqdm bar on stderr (use as a context manager; `.update()`, `.set_postfix_str()`)."""
    return tqdm(total=total, desc=desc, unit=unit, disable=None if enabled else True, file=sys.stderr,
                leave=False, dynamic_ncols=True, mininterval=0.5)


def iterate(items: Iterable[T], total: int | None, desc: str, unit: str = "it", *,
            enabled: bool = True) -> Iterator[T]:
    """`items`, counting them on a bar."""
    with bar(total, desc, unit, enabled=enabled) as b:
        for item in items:
            yield item
            b.update()


def say(message: str) -> None:
    """One line on stderr that does not tear a bar being shown."""
    tqdm.write(message, file=sys.stderr)


class Stages:
    """One bar over the named stages of a long command, showing which are running (several
    may run at once, in threads)."""

    def __init__(self, total: int, desc: str, *, enabled: bool = True) -> None:
        self._bar = bar(total, desc, "stage", enabled=enabled)
        self._running: list[str] = []
        self._lock = threading.Lock()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        with self._lock:
            self._running.append(name)
            self._bar.set_postfix_str(", ".join(self._running))
        try:
            yield
        finally:
            with self._lock:
                self._running.remove(name)
                self._bar.update()
                self._bar.set_postfix_str(", ".join(self._running))

    def close(self) -> None:
        self._bar.close()

    def __enter__(self) -> Stages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
