"""Optional parts of govkg and the extra that installs each: a missing one is one clear line."""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["MissingExtra", "require"]


class MissingExtra(ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


def require(module: str, extra: str, what: str) -> ModuleType:
    """Import `module`, or raise MissingExtra naming `extra` (e.g. require("neo4j", "neo4j", "kg load neo4j"))."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(f"{what} needs the optional package {module.split('.')[0]!r}: "
                           f"pip install 'govkg[{extra}]'") from None
