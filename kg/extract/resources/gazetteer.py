"""The shipped gazetteer (GB/T 2260 codes; see scripts/build_gazetteer.py): county-level
divisions (`counties`, kg/data/gazetteer.csv) and the provinces and prefectures above them
(`divisions`, kg/data/gazetteer_upper.csv), with the parent chain county → prefecture →
province → the nation (`parent_of`)."""

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


# ---------------------------------------------------------------- provinces and prefectures

LEVELS = ("national", "province", "prefecture", "county")


@dataclass(frozen=True, slots=True)
class Division:
    """A province (incl. municipalities, autonomous regions) or a prefecture-level division."""

    admin_code: str
    name: str
    level: str  # "province" | "prefecture"
    province: str  # its province's name (its own, for a province)


@cache
def divisions() -> tuple[Division, ...]:
    with resources.files("kg.data").joinpath("gazetteer_upper.csv").open(encoding="utf-8") as fh:
        return tuple(
            Division(r["admin_code"], r["name"], r["level"], r["province"] or r["name"])
            for r in csv.DictReader(fh)
        )


@cache
def division_by_name() -> dict[str, Division]:
    """Province and prefecture names are unique (and none is a county-level name)."""
    return {d.name: d for d in divisions()}


@cache
def division_by_code() -> dict[str, Division]:
    return {d.admin_code: d for d in divisions()}


_UPPER_SUFFIXES = ("特别行政区", "自治区", "自治州", "地区", "省", "市", "盟")
_ETHNIC_TAIL = re.compile(r"^([\u4e00-\u9fff]{2,}?)(?:[\u4e00-\u9fff]{1,4}?族)+$")


def division_stem(name: str) -> str:
    """How a text names a province or prefecture in passing: 山西省 -> 山西, 内蒙古自治区 -> 内蒙古,
    广西壮族自治区 -> 广西, 临夏回族自治州 -> 临夏, 阿克苏地区 -> 阿克苏, 锡林郭勒盟 -> 锡林郭勒."""
    for suffix in _UPPER_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            m = _ETHNIC_TAIL.match(stem) if suffix.startswith("自治") else None
            return m.group(1) if m else stem
    return name


@cache
def division_stems() -> dict[str, tuple[Division, ...]]:
    """Stem -> the provinces and prefectures it may name (吉林 is a province and a prefecture)."""
    out: dict[str, list[Division]] = {}
    for d in divisions():
        out.setdefault(division_stem(d.name), []).append(d)
    return {stem: tuple(found) for stem, found in out.items()}


def county_by_code(code: str) -> County | None:
    return _county_codes().get(code)


@cache
def _county_codes() -> dict[str, County]:
    return {c.admin_code: c for c in counties()}


def parent_of(admin_code: str) -> Division | None:
    """The division directly above a county-level or prefecture code: its prefecture (a county
    of a municipality, or one a province administers directly, has none) or its province; None
    above a province (the nation)."""
    if admin_code.endswith("0000"):
        return None
    if not admin_code.endswith("00"):
        prefecture = division_by_code().get(admin_code[:4] + "00")
        if prefecture is not None:
            return prefecture
    return division_by_code().get(admin_code[:2] + "0000")
