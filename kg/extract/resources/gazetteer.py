"""The shipped county gazetteer (GB/T 2260 codes; see scripts/build_gazetteer.py)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class County:
    admin_code: str
    name: str
    prefecture: str | None
    province: str


@cache
def counties() -> tuple[County, ...]:
    with resources.files("kg.data").joinpath("gazetteer.csv").open(encoding="utf-8") as fh:
        return tuple(
            County(r["admin_code"], r["name"], r["prefecture"] or None, r["province"])
            for r in csv.DictReader(fh)
        )


@cache
def by_name() -> dict[str, tuple[County, ...]]:
    index: dict[str, list[County]] = {}
    for county in counties():
        index.setdefault(county.name, []).append(county)
    return {name: tuple(found) for name, found in index.items()}


_AUTONOMOUS = re.compile(r"^([\u4e00-\u9fff]{2,}?)(?:[\u4e00-\u9fff]{1,3}?族)+自治[县旗]$")


def short_name(name: str) -> str:
    """`台安县` -> `台安`, `玉屏侗族自治县` -> `玉屏`; one-character stems (`古县`) keep their suffix."""
    m = _AUTONOMOUS.match(name)
    if m:
        return m.group(1)
    for suffix in ("自治县", "自治旗", "县", "市", "区", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def lookup(name: str, hints: str = "") -> County | None:
    """The county called `name`; `hints` (the document text) picks among namesakes."""
    found = by_name().get(name)
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    return max(found, key=lambda c: place_hints(c, hints))


def place_hints(county: County, text: str) -> int:
    """How many of the county's province and prefecture the text names (山西, 运城市…)."""
    s = 0
    for place in (county.province, county.prefecture or ""):
        stem = short_name(place.removesuffix("省").removesuffix("自治区"))
        if place and (place in text or (len(stem) >= 2 and stem in text)):
            s += 1
    return s
