"""The build's SPARQL store, loaded part by part or updated in place of an earlier one.

- `LoadedStore`: a new store, bulk-loaded (pyoxigraph) from the parts' N-Triples as they come,
  in chunks of at most `CHUNK_LINES` statements. pyoxigraph's bulk loader holds a whole batch
  of up to a million statements per thread in memory (1.5 GB at 700 counties from one call),
  so loading chunk by chunk keeps memory flat whatever the size of the build. The loading
  runs in a thread of its own (pyoxigraph works without the GIL) while the build maps the
  next governments.
- `UpdatedStore`: the earlier build's store, its immutable table files (`*.sst`) hard-linked
  into the new build (RocksDB never writes into an existing table file, which is how RocksDB's
  own checkpoints share them) and its other files copied, then the statements of the changed
  governments' parts that are gone removed and the new ones added. The earlier store is never
  opened for writing, so a killed update leaves it whole.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

__all__ = ["CHUNK_LINES", "LoadedStore", "UpdatedStore", "link_store"]

# statements per bulk-load call: about what a build of 100 counties loads in one
CHUNK_LINES = 400_000
# statements per removal or addition on an existing store
_DELTA_LINES = 50_000


class LoadedStore:
    """A store bulk-loaded from N-Triples parts, in a thread, chunk by chunk."""

    def __init__(self, path: Path) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self.store = ox.Store(str(path))
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="govkg-store", daemon=True)
        self._thread.start()
        self._pending: list[bytes] = []
        self._lines = 0

    def _run(self) -> None:
        while True:
            chunk = self._queue.get()
            if chunk is None:
                return
            if self._error is not None:
                continue
            try:
                self.store.bulk_load(input=chunk, format=self._ox.RdfFormat.N_TRIPLES)
            except BaseException as exc:  # reported by finish()
                self._error = exc

    def part(self, before: Callable[[], bytes], after: bytes) -> None:
        """A part's N-Triples (`before`: what the earlier build had; not needed here)."""
        self.add(after)

    def unchanged(self, read: Callable[[], bytes]) -> None:
        """A part as the earlier build has it."""
        self.add(read())

    def add(self, ntriples: bytes) -> None:
        if not ntriples:
            return
        self._pending.append(ntriples)
        self._lines += ntriples.count(b"\n")
        if self._lines >= CHUNK_LINES:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._queue.put(b"".join(self._pending))
        self._pending, self._lines = [], 0
        if self._error is not None:
            raise self._error

    def finish(self) -> Any:
        """Every chunk loaded, the store compacted; returns it, open."""
        self._flush()
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        self.store.flush()
        self.store.optimize()
        return self.store

    def abandon(self) -> None:
        """Stop the loading thread (the build failed)."""
        self._pending = []
        if self._thread.is_alive():
            self._error = self._error or RuntimeError("abandoned")
            self._queue.put(None)
            self._thread.join()


def link_store(old: Path, new: Path) -> None:
    """The store in `old` as a store in `new`: table files hard-linked, the rest copied (a
    RocksDB checkpoint). Copies everything where the two folders cannot share files."""
    new.mkdir()
    for entry in sorted(os.listdir(old)):
        src, dst = old / entry, new / entry
        if not src.is_file() or entry == "LOCK" or entry.startswith("LOG"):
            continue
        if entry.endswith(".sst"):
            try:
                os.link(src, dst)
                continue
            except OSError:
                pass
        shutil.copy2(src, dst)


class UpdatedStore:
    """An earlier build's store, linked into the new build and changed there."""

    def __init__(self, old: Path, path: Path) -> None:
        import pyoxigraph as ox

        self._ox = ox
        link_store(old, path)
        self.store = ox.Store(str(path))
        self._removed: set[bytes] = set()
        self._added: set[bytes] = set()

    def part(self, before: Callable[[], bytes], after: bytes) -> None:
        self.replace(before(), after)

    def unchanged(self, read: Callable[[], bytes]) -> None:
        """Nothing to do: the earlier store holds it."""

    def replace(self, old: bytes, new: bytes) -> None:
        """A part's N-Triples before and after: the statements only one side has are changes."""
        before, after = set(old.splitlines()), set(new.splitlines())
        self._removed |= before - after
        self._added |= after - before

    def finish(self) -> Any:
        """Removals first (a statement both removed by one part and added by another stays), then
        additions; returns the store, open."""
        removed = sorted(self._removed - self._added)
        added = sorted(self._added - self._removed)
        for chunk in _chunks(removed):
            self.store.update("DELETE DATA {\n" + b"\n".join(chunk).decode("utf-8") + "\n}")
        for chunk in _chunks(added):
            self.store.bulk_load(input=b"\n".join(chunk) + b"\n", format=self._ox.RdfFormat.N_TRIPLES)
        self.store.flush()
        self.changes = (len(removed), len(added))
        return self.store

    def abandon(self) -> None:
        pass


def _chunks(lines: list[bytes]) -> Iterable[list[bytes]]:
    for i in range(0, len(lines), _DELTA_LINES):
        yield [line for line in lines[i:i + _DELTA_LINES] if line]
