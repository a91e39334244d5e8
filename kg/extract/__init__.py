"""Layout registry: every document layout is a module with `detect` and `read`.

Each layout module offers

    NAME: str
    DESCRIPTION: str
    detect(src: SourceText) -> float     # 0..1, how well the content fits
    read(src: SourceText, doc: Document) -> Extraction

registered here by name (imported lazily). `extract(src)` picks the layout from the
content, never from the file name; `extract(src, layout=NAME)` skips detection.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from kg.extract.metadata import read_document
from kg.extract.text import InputError, SourceText, decode, read_source
from kg.model import Extraction

__all__ = [
    "InputError", "SourceText", "decode", "read_source", "extract", "detect", "layouts",
    "register", "get",
]

_REGISTRY: dict[str, str] = {}
# A layout must be at least this sure before we trust it with a document.
MIN_CONFIDENCE = 0.5


def register(name: str, module_path: str) -> None:
    _REGISTRY[name] = module_path


def get(name: str) -> ModuleType:
    try:
        return importlib.import_module(_REGISTRY[name])
    except KeyError:
        raise InputError(
            f"unknown layout: {name} (known: {', '.join(sorted(_REGISTRY))})"
        ) from None


def layouts() -> list[str]:
    return sorted(_REGISTRY)


# A layout this sure ends detection: the layouts are far apart, and asking every detector
# costs as much as reading the document.
SURE = 0.9


def detect(src: SourceText) -> tuple[str, float]:
    """The best-fitting layout and its score; InputError when none fits."""
    scores: dict[str, float] = {}
    for name in _REGISTRY:
        scores[name] = get(name).detect(src)
        if scores[name] >= SURE:
            break
    best = max(scores, key=lambda n: scores[n])
    if scores[best] < MIN_CONFIDENCE:
        raise InputError(f"{src.name}: text is in none of the known layouts ({', '.join(layouts())})")
    return best, scores[best]


def extract(src: SourceText, layout: str | None = None) -> Extraction:
    name = layout or detect(src)[0]
    module = get(name)
    doc = read_document(src.name, src.lines, name)
    result: Extraction = module.read(src, doc)
    result.document.tasks = len(result.tasks)
    for task in result.tasks:
        task.county = result.document.county
    from kg.targets import targets_for  # late: the indicator vocabulary loads on first use

    result.targets = targets_for(result, lines=src.lines)
    return result


register("merged_table", "kg.extract.merged_table")
register("sectioned_table", "kg.extract.sectioned_table")
register("cell_per_line", "kg.extract.cell_per_line")
register("heading_outline", "kg.extract.heading_outline")
register("prose_report", "kg.extract.prose_report")
