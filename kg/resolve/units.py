"""Unit names to bodies: one key per real body, whatever the spelling.

The shipped alias table (kg/data/unit_aliases.tsv) names the kinds of body a county
government has; rules handle what it cannot list: county prefixes, abbreviations without
局, local branches of higher-level bodies, townships, and collective mentions (groups).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kg.extract.common import squeeze
from kg.extract.resources.gazetteer import short_name

UNIT_TYPES = (
    "government_department", "township", "party_organ", "people_organisation",
    "public_institution", "enterprise", "judicial", "vertical_branch",
)


@dataclass(frozen=True, slots=True)
class UnitKind:
    key: str
    canonical: str
    type: str
    cofog: str | None


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a surface form names: a body (`group` False) or a collective mention."""

    key: str
    name: str
    type: str
    cofog: str | None
    group: bool = False
    known: bool = True  # False when only the fallback rules placed it


@cache
def alias_index() -> dict[str, UnitKind]:
    index: dict[str, UnitKind] = {}
    stems: dict[str, UnitKind] = {}
    path = resources.files("kg.data").joinpath("unit_aliases.tsv")
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        for row in rows:
            kind = UnitKind(row["key"], row["canonical"], row["type"], row["cofog"] or None)
            names = [row["canonical"], *filter(None, row["aliases"].split("|"))]
            for name in names:
                index.setdefault(name, kind)
                if name.endswith("局") and len(name) >= 3:
                    stems.setdefault(name[:-1], kind)
    for stem, kind in stems.items():
        index.setdefault(stem, kind)
    return index


# Collective mentions: (pattern, group key, unit type, label)
_GROUPS = (
    (re.compile(r"乡（?镇）?|镇（?街道）?|乡镇|镇街"), "townships", "township", "乡镇（街道）"),
    (re.compile(r"开发园区|园区"), "zones", "government_department", "开发园区"),
    (re.compile(r"集团公司|国有企业|国企"), "soes", "enterprise", "国有企业"),
    (re.compile(r"成员单位"), "members", "government_department", "成员单位"),
    (re.compile(r"单位|部门"), "departments", "government_department", "县直部门（单位）"),
)
_GROUP_MARK = re.compile(r"^(各|全县|县直各|县直有关|有关|相关)|成员单位$|^县政府各")
_TOWNSHIP = re.compile(r"^(.{1,8}?(镇|乡|街道))(人民政府|办事处)?$")
_BRANCH = re.compile(r"(分局|支行|分行|管理部|支公司|分公司|分中心)$")
_FALLBACK_TYPES = (
    (re.compile(r"(法院|检察院)$"), "judicial"),
    (re.compile(r"(公司|集团|联合社|合作社)$"), "enterprise"),
    (re.compile(r"(县委|委员会|^县委.+|宣传部|组织部|统战部|政法委)$"), "party_organ"),
    (re.compile(r"(联合会|协会|总工会|妇联|残联|工商联|文联|科协|红十字会)$"), "people_organisation"),
    (re.compile(r"(中心|院|馆|站|所|校|学校|医院|景区)$"), "public_institution"),
)


def _group(name: str) -> Resolved | None:
    if not _GROUP_MARK.search(name):
        return None
    scope = "relevant" if re.search(r"有关|相关", name) else "all"
    for pattern, key, unit_type, label in _GROUPS:
        if pattern.search(name):
            prefix = "有关" if scope == "relevant" else "各"
            return Resolved(f"{key}-{scope}", prefix + label, unit_type, None, group=True)
    return Resolved(f"other-{scope}", name, "government_department", None, group=True)


def _lookup(name: str) -> UnitKind | None:
    index = alias_index()
    candidates = [name]
    for prefix in ("县", "市", "省", "中共"):
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            candidates.append(name[len(prefix):])
    for candidate in candidates:
        if candidate in index:
            return index[candidate]
    return None


def resolve_unit(surface: str, county: str | None = None) -> Resolved:
    """The body or group a unit name in `county` stands for."""
    name = squeeze(surface)
    grouped = _group(name)
    if grouped:
        return grouped
    kind = _lookup(name)
    if kind is None and (m := _TOWNSHIP.match(name)) and not name.startswith(("县", "市")):
        place = m.group(1)
        return Resolved(f"township-{place}", place + ("人民政府" if place[-1] in "镇乡" else "办事处"),
                        "township", "01.3")
    if kind is None and county:
        # `中国人民银行古县支行`, `市生态环境局西乡分局`: drop the county's own name, then the
        # branch suffix, and look up the parent body
        bare = name
        # the full name before its stem (万源市 before 万源: else 市…局万源市分局 keeps a 市), and in
        # that order every time: a set's order changes with the process's hash seed
        for county_name in sorted({county, short_name(county)}, key=len, reverse=True):
            if len(county_name) >= 2:
                bare = bare.replace(county_name, "")
        kind = _lookup(bare)
        if kind is None and _BRANCH.search(bare):
            kind = _lookup(_BRANCH.sub("", bare))
    if kind is not None:
        return Resolved(kind.key, kind.canonical, kind.type, kind.cofog)
    stripped = name[1:] if name.startswith("县") and not name.startswith(("县委", "县直")) else name
    unit_type = next((t for p, t in _FALLBACK_TYPES if p.search(stripped)), "government_department")
    return Resolved(f"x-{stripped}", stripped, unit_type, None, known=False)
