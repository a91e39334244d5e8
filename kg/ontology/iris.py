"""Stable, readable IRIs: county code + kind + id, so rebuilding gives the same IRIs and
two counties never collide."""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote

BASE = "https://govkg.org/id/"
ONTOLOGY = "https://govkg.org/ontology#"


def _part(value: str) -> str:
    """Keep Chinese readable (IRIs allow it); percent-encode ASCII that IRIs reserve."""
    return "".join(ch if ord(ch) > 127 else quote(ch, safe="-_.~") for ch in str(value))


def county(code: str) -> str:
    return f"{BASE}county/{_part(code)}"


def doc_stem(doc: str) -> str:
    return PurePath(doc).stem


def document(code: str, doc: str) -> str:
    return f"{BASE}document/{_part(code)}/{_part(doc_stem(doc))}"


def task(code: str, doc: str, task_id: str) -> str:
    return f"{BASE}task/{_part(code)}/{_part(doc_stem(doc))}/{_part(task_id)}"


def target(code: str, doc: str, n: int) -> str:
    return f"{BASE}target/{_part(code)}/{_part(doc_stem(doc))}/{n}"


def unit(code: str, key: str) -> str:
    return f"{BASE}unit/{_part(code)}/{_part(key)}"


def group(code: str, key: str) -> str:
    return f"{BASE}group/{_part(code)}/{_part(key)}"


def leader(code: str, name: str) -> str:
    return f"{BASE}leader/{_part(code)}/{_part(name)}"


def post(code: str, role: str, name: str) -> str:
    return f"{BASE}post/{_part(code)}/{_part(role)}/{_part(name)}"


def indicator(metric: str) -> str:
    return f"{BASE}indicator/{_part(metric)}"


def function(code: str) -> str:
    return f"{BASE}function/{_part(code)}"
