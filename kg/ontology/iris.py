"""Stable, readable IRIs: county code + kind + key, so rebuilding gives the same IRIs and two
counties never collide.

Every part is minted from document text by `part`, which keeps Chinese readable and
percent-encodes (UTF-8) everything an IRI may not hold (RFC 3987 `iunreserved`): ASCII
punctuation and spaces, control characters, private-use characters (what GBK's user-defined
characters decode to), non-characters such as U+FDD0, bidirectional controls, lone
surrogates. The encoding is one-to-one, so two different names never share an IRI.
"""

from __future__ import annotations

from pathlib import PurePath

from kg.ontology.namespaces import BASE, ONTOLOGY

__all__ = ["BASE", "ONTOLOGY", "part", "county", "government", "doc_stem", "document", "task", "target", "actual",
           "dataset", "unit", "group", "leader", "post", "indicator", "function", "NATION_CODE"]

# RFC 3987 ucschar: the non-ASCII characters an IRI may hold as they are
_UCS = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF),
        *((p << 16, (p << 16) + 0xFFFD) for p in range(1, 14)), (0xE1000, 0xEFFFD))
# bidirectional formatting characters: allowed by the grammar, but RFC 3987 (4.1) forbids them
_BIDI = frozenset([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_ASCII_KEPT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _kept(ch: str) -> bool:
    if ch in _ASCII_KEPT:
        return True
    code = ord(ch)
    if code < 0xA0 or code in _BIDI:
        return False
    return any(lo <= code <= hi for lo, hi in _UCS)


def _encode(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))


def part(value: object) -> str:
    """One path segment of an IRI from any text."""
    text = str(value)
    if text.isascii() and all(ch in _ASCII_KEPT for ch in text):
        return text  # codes, numbers, slugs: most parts
    return "".join(ch if _kept(ch) else _encode(ch) for ch in text)


def county(code: str) -> str:
    return f"{BASE}county/{part(code)}"


# the State Council has no GB/T 2260 code; its key in IRIs is the country's ISO 3166 code
NATION_CODE = "CN"
_LEVEL_PATHS = {"county": "county", "prefecture": "prefecture", "province": "province", "national": "nation"}


def government(level: str | None, code: str) -> str:
    """A government of any level: `county/141025` (as `county`), `prefecture/140800`,
    `province/140000`, `nation/CN`; `code` is its GB/T 2260 code, or its name when the
    gazetteer does not know it. A document whose level is unknown is a county's, as before."""
    return f"{BASE}{_LEVEL_PATHS.get(level or 'county', 'county')}/{part(code)}"


def doc_stem(doc: str) -> str:
    return PurePath(doc).stem


def document(code: str, key: str) -> str:
    """`key`: the document's key in its county (kg.map.keys.document_keys)."""
    return f"{BASE}document/{part(code)}/{part(key)}"


def task(code: str, doc_key: str, task_key: str) -> str:
    return f"{BASE}task/{part(code)}/{part(doc_key)}/{part(task_key)}"


def target(code: str, doc_key: str, n: int) -> str:
    return f"{BASE}target/{part(code)}/{part(doc_key)}/{n}"


def actual(code: str, doc_key: str, n: int) -> str:
    return f"{BASE}actual/{part(code)}/{part(doc_key)}/{n}"


def dataset(name: str) -> str:
    """A qb:DataSet of observations: `targets`, `actuals`."""
    return f"{BASE}dataset/{part(name)}"


def unit(code: str, key: str) -> str:
    return f"{BASE}unit/{part(code)}/{part(key)}"


def group(code: str, key: str) -> str:
    return f"{BASE}group/{part(code)}/{part(key)}"


def leader(code: str, name: str) -> str:
    return f"{BASE}leader/{part(code)}/{part(name)}"


def post(code: str, role: str, name: str) -> str:
    return f"{BASE}post/{part(code)}/{part(role)}/{part(name)}"


def indicator(metric: str) -> str:
    return f"{BASE}indicator/{part(metric)}"


def function(code: str) -> str:
    return f"{BASE}function/{part(code)}"
