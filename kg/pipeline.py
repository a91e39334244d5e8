"""Documents -> extractions with targets (read -> extract -> targets), one at a time (memory
stays flat), optionally in worker processes. A document that cannot be read is a `Failure`
(one line naming it); a folder's entries that are not read are `Skipped`; neither stops the run.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

from kg.extract import Overrides, extract
from kg.model import Extraction
from kg.read import InputError, Skipped, SourceText, expand, quote_name, read_source
from kg.targets import with_targets


@dataclass(slots=True)
class Failure:
    path: str
    message: str


def extract_text(src: SourceText, layout: str | None = None, overrides: Overrides | None = None) -> Extraction:
    """One document's text through extraction and targets."""
    return with_targets(extract(src, layout=layout, overrides=overrides), lines=src.lines)


def read_extract(path: str | Path, layout: str | None = None, overrides: Overrides | None = None) -> Extraction:
    """One document through reading, extraction and targets."""
    return extract_text(read_source(Path(path)), layout, overrides)


def extract_path(path: Path, layout: str | None = None, overrides: Overrides | None = None) -> Extraction | Failure:
    """`read_extract`, or the document's one-line Failure: whatever goes wrong inside one
    document is that document's error, never the run's."""
    try:
        return read_extract(path, layout, overrides)
    except InputError as exc:
        return Failure(str(path), str(exc))
    except Exception as exc:  # a bug met on this input: the other documents still go on
        return Failure(str(path), _unexpected(path, exc))


def _unexpected(path: Path, exc: Exception) -> str:
    detail = " ".join(str(exc).split())[:200]
    return (f"{quote_name(str(path))}: could not be read: {type(exc).__name__}: {detail} "
            "(a govkg bug; please report it with this file)")


def _extract_then(path: Path, layout: str | None, then: Callable[[Extraction], Any] | None,
                  overrides: Overrides | None = None) -> Any:
    result = extract_path(path, layout, overrides)
    if then is None or isinstance(result, Failure):
        return result
    try:
        return then(result)
    except Exception as exc:
        return Failure(str(path), _unexpected(path, exc))


# Extraction allocates many objects and makes almost no reference cycles, so the cyclic
# collector mostly re-walks what stays: the lexicons, tables and caches loaded with the first
# document. Frozen out of its way and run a tenth as often, it costs 1% of extraction, not 8%.
_FEW_COLLECTIONS = (10_000, 20, 20)
_frozen = False


def _worker_init() -> None:
    gc.set_threshold(*_FEW_COLLECTIONS)


def _worker_extract(path: Path, layout: str | None, then: Callable[[Extraction], Any] | None,
                    overrides: Overrides | None = None) -> Any:
    global _frozen
    result = _extract_then(path, layout, then, overrides)
    if not _frozen:  # the first document has loaded what every document reads
        gc.freeze()
        _frozen = True
    return result


@contextmanager
def _collect_less() -> Iterator[None]:
    """The worker's settings in this process, restored afterwards (extract_all is a library call)."""
    threshold = gc.get_threshold()
    gc.set_threshold(*_FEW_COLLECTIONS)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def extract_all(
    paths: Iterable[str | Path], *, layout: str | None = None, jobs: int = 1,
    then: Callable[[Extraction], Any] | None = None, overrides: Overrides | None = None,
) -> Iterator[Any]:
    """Skipped folder entries first, then extractions in input order; a bad file yields a
    Failure and the rest go on.

    `then` (a module-level function) turns each extraction into what is yielded instead,
    in the worker: shipping its JSON text back costs the parent far less than the objects.
    """
    files, skipped = expand(paths)
    yield from skipped
    if jobs <= 1 or len(files) <= 1:
        with _collect_less():
            for path in files:
                yield _extract_then(path, layout, then, overrides)
        return
    # chunks of up to 16 documents: fewer round trips through the parent, which shares the
    # cores; at least 8 chunks a worker, so the last ones still spread over every worker
    chunksize = max(1, min(16, len(files) // (8 * jobs)))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init) as pool:
        yield from pool.map(_worker_extract, files, repeat(layout), repeat(then), repeat(overrides),
                            chunksize=chunksize)


def read_documents(paths: Iterable[str | Path], *, layout: str | None = None, jobs: int = 1,
                   overrides: Overrides | None = None) -> tuple[list[Extraction], list[Failure], list[Skipped]]:
    """Every document under `paths`: (extractions, failures, skipped folder entries)."""
    docs: list[Extraction] = []
    failures: list[Failure] = []
    skipped: list[Skipped] = []
    for result in extract_all(paths, layout=layout, jobs=jobs, overrides=overrides):
        if isinstance(result, Failure):
            failures.append(result)
        elif isinstance(result, Skipped):
            skipped.append(result)
        else:
            docs.append(result)
    return docs, failures, skipped
