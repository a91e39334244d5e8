"""Reading many documents: one at a time (memory stays flat), optionally in processes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

from kg.extract import InputError, extract, read_source
from kg.model import Extraction


@dataclass(slots=True)
class Failure:
    path: str
    message: str


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; directories contribute their *.txt files, sorted."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file()))
        else:
            out.append(path)
    return out


def extract_path(path: Path, layout: str | None = None) -> Extraction | Failure:
    try:
        return extract(read_source(path), layout=layout)
    except InputError as exc:
        return Failure(str(path), str(exc))


def _extract_then(path: Path, layout: str | None, then: Callable[[Extraction], Any] | None) -> Any:
    result = extract_path(path, layout)
    return result if then is None or isinstance(result, Failure) else then(result)


def extract_all(
    paths: Iterable[str | Path], *, layout: str | None = None, jobs: int = 1,
    then: Callable[[Extraction], Any] | None = None,
) -> Iterator[Any]:
    """Extractions in input order; bad files yield a Failure and the rest go on.

    `then` (a module-level function) turns each extraction into what is yielded instead,
    in the worker: shipping its JSON text back costs the parent far less than the objects.
    """
    files = expand(paths)
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield _extract_then(path, layout, then)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_extract_then, files, repeat(layout), repeat(then), chunksize=4)
