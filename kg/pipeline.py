"""Reading many documents: one at a time (memory stays flat), optionally in processes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

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


def extract_all(
    paths: Iterable[str | Path], *, layout: str | None = None, jobs: int = 1
) -> Iterator[Extraction | Failure]:
    """Extractions in input order; bad files yield a Failure and the rest go on."""
    files = expand(paths)
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield extract_path(path, layout)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(extract_path, files, repeat(layout), chunksize=4)
