"""Which government a document is of, at which level, read from the document's own text.

Evidence, strongest first (the first that speaks decides):

1. the State Council: `我代表国务院` in a report's opening, a `国务院` letterhead or a
   `国发`/`国办发` 文号 near the top, or a delivery line at the 全国人民代表大会;
2. the issuing body near the top: `X人民政府(办公室|办公厅)` or `X行政公署`, X ending in
   省/自治区/市/自治州/州/盟/地区/县/区/旗;
3. the title: `2023年X政府工作报告`;
4. a report's delivery line: `在X第十七届人民代表大会第二次会议上`;
5. mentions of gazetteer names in the text (kg.extract.metadata): county level, unless the
   opening speaks for a province or prefecture (`我代表省人民政府`, a 省长/州长 speaker).
   Names of the document's own people are masked first (a leader called 王永胜 is not a
   mention of 永胜县); a weak or contested count is recorded as a doubt, which the extractor
   reports as an `uncertain-county` anomaly.

A name is looked up in the shipped gazetteer (kg.extract.resources.gazetteer): county-level
divisions, then provinces and prefectures. The result carries the level, the GB/T 2260 code
and the parent chain (county → prefecture → province → the nation, `国务院`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.extract.common import squeeze
from kg.extract.resources import gazetteer

NATIONAL_NAME = "国务院"
# names a user may give `--county` for the State Council
_NATIONAL_ALIASES = frozenset({"国务院", "中央政府", "中国", "全国", "中华人民共和国", "national"})

_UPPER_SUFFIX = r"(?:自治县|自治旗|自治区|自治州|特别行政区|县|市|区|旗|省|州|盟|地区)"
_ISSUER = re.compile(
    rf"([\u4e00-\u9fff]{{1,15}}?{_UPPER_SUFFIX})(人民政府|行政公署)(办公室|办公厅)?"
    r"(?=\s*$|文件|关于|代?县长|副县长|代?(?:省|市|州|盟|区|旗)长|专员|办公室|办公厅)"
)
_TITLE = re.compile(rf"20\d\d年度?([\u4e00-\u9fff]{{1,12}}?{_UPPER_SUFFIX})(?:人民)?政府工作报告")
_DELIVERY = re.compile(
    rf"在([\u4e00-\u9fff]{{1,14}}?{_UPPER_SUFFIX})第[一二三四五六七八九十]+届人民代表大会"
)
_NATIONAL = re.compile(
    r"我代表国务院|^国务院(?:文件$|关于|办公厅关于)|^国(?:办)?发〔\d{4}〕\d+号$|在第[一二三四五六七八九十]+届全国人民代表大会"
)
# the level a report's opening speaks for, when it names no place
_OPENING_LEVEL = re.compile(r"我代表(省|自治区|市|州|自治州|盟|地区)(?:人民)?政府|行政公署")
_SPEAKER_LEVEL = re.compile(r"(?:^|\s)代?(省长|自治区主席|州长|盟长|专员)\s*[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Government:
    name: str | None  # 国务院, 山西省, 运城市, 古县; None when nothing names it
    level: str | None  # national | province | prefecture | county
    admin_code: str | None
    province: str | None
    prefecture: str | None
    county: str | None  # the name, for a county-level government only
    parent: str | None  # the government directly above (国务院 above a province)
    parent_code: str | None
    issuer: str | None = None
    evidence: str = "none"  # national | issuer | title | delivery | mentions | given | none
    doubt: str | None = None  # why the detection is uncertain (an `uncertain-county` anomaly)


NATIONAL = Government(NATIONAL_NAME, "national", None, None, None, None, None, None, evidence="national")
UNKNOWN = Government(None, None, None, None, None, None, None, None)


def of_county(entry: gazetteer.County) -> Government:
    parent = gazetteer.parent_of(entry.admin_code)
    return Government(entry.name, "county", entry.admin_code, entry.province, entry.prefecture, entry.name,
                      parent.name if parent else None, parent.admin_code if parent else None)


def of_division(div: gazetteer.Division) -> Government:
    if div.level == "province":
        return Government(div.name, "province", div.admin_code, div.name, None, None, NATIONAL_NAME, None)
    parent = gazetteer.parent_of(div.admin_code)
    return Government(div.name, "prefecture", div.admin_code, div.province, div.name, None,
                      parent.name if parent else None, parent.admin_code if parent else None)


def unknown_place(name: str) -> Government:
    """A name the gazetteer does not know: its level from its ending, no code."""
    if name.endswith(("省", "自治区", "特别行政区")):
        level = "province"
    elif name.endswith(("自治州", "州", "盟", "地区")):
        level = "prefecture"
    else:
        level = "county"
    return Government(name, level, None, name if level == "province" else None,
                      name if level == "prefecture" else None, name if level == "county" else None, None, None)


def resolve(name: str, text: str = "") -> Government:
    """The government a written name (`平陆县`, `印发运城市`, `山西省`) stands for; words caught in
    front of the name are dropped when a shorter ending is a known division. `text` (the
    document) picks among namesake counties."""
    name = squeeze(name)
    if name in _NATIONAL_ALIASES:
        return NATIONAL
    for start in range(max(1, len(name) - 1)):
        part = name[start:]
        entry = gazetteer.lookup(part, text)
        if entry:
            return of_county(entry)
        div = gazetteer.division_by_name().get(part)
        if div:
            return of_division(div)
    return unknown_place(name)


def is_national(lines: list[str]) -> bool:
    """The State Council speaks: in the opening, a letterhead, a 文号 or the delivery line."""
    seen = 0
    for line in lines:
        text = line.strip()
        if not text:
            continue
        seen += 1
        if seen > 30:
            return False
        if _NATIONAL.search(squeeze(text)):
            return True
    return False


def _issuer(line: str) -> re.Match[str] | None:
    """`_ISSUER.search(line)` started where a match can start: at most 20 characters (a name of
    15 and its ending) before the first 人民政府 or 行政公署."""
    pos = min((p for p in (line.find("人民政府"), line.find("行政公署")) if p >= 0), default=-1)
    return None if pos < 0 else _ISSUER.search(line, max(0, pos - 20))


def from_issuer(lines: list[str], text: str) -> Government | None:
    """The issuing government named near the top: a letterhead names the government, the
    office that issues says 办公室/办公厅, and the letterhead's name wins."""
    found: list[tuple[Government, str]] = []
    for line in lines[:80]:
        if "府" not in line and "公署" not in line:
            continue
        m = _issuer(squeeze(line))
        if m:
            gov = resolve(m.group(1), text)
            found.append((gov, (gov.name or m.group(1)) + m.group(2) + (m.group(3) or "")))
    if not found:
        return None
    first = found[0][0].name
    gov, issuer = max((f for f in found if f[0].name == first), key=lambda f: f[1].endswith(("办公室", "办公厅")))
    return replace(gov, issuer=issuer, evidence="issuer")


def from_title(title: str | None, text: str) -> Government | None:
    m = _TITLE.search(squeeze(title or ""))
    return replace(resolve(m.group(1), text), evidence="title") if m else None


def from_delivery(lines: list[str], text: str) -> Government | None:
    for line in lines[:60]:
        m = _DELIVERY.search(squeeze(line))
        if m:
            return replace(resolve(m.group(1), text), evidence="delivery")
    return None


def opening_level(lines: list[str]) -> str | None:
    """`province` or `prefecture` when a report's opening speaks for one without naming it;
    `city` for 市 (a prefecture or a county-level city)."""
    seen = 0
    for line in lines:
        text = squeeze(line)
        if not text:
            continue
        seen += 1
        if seen > 30:
            break
        m = _OPENING_LEVEL.search(text)
        if m:
            word = m.group(1) or ""
            return "province" if word in ("省", "自治区") else "city" if word == "市" else "prefecture"
        m = _SPEAKER_LEVEL.search(line)
        if m:
            return "province" if m.group(1) in ("省长", "自治区主席") else "prefecture"
    return None


def from_upper_mentions(text: str, level: str) -> Government | None:
    """The province or prefecture (`level`) a text names most: a full name weighs 3, a stem 1."""
    scores: dict[str, int] = {}
    for div in gazetteer.divisions():
        if div.level != level:
            continue
        stem = gazetteer.division_stem(div.name)
        full = text.count(div.name)
        score = 3 * full + (text.count(stem) - full if len(stem) >= 2 else 0)
        if score:
            scores[div.name] = score
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best, score = ranked[0]
    gov = replace(of_division(gazetteer.division_by_name()[best]), evidence="mentions")
    runner = ranked[1] if len(ranked) > 1 else None
    return replace(gov, doubt=mention_doubt(best, score, runner))


# A county named by its own document scores 15 or more (five full names); the names a text
# mentions in passing (a neighbour, a partner county, an everyday word that is also a stem)
# score up to 8, in the five example documents and the eight national reports.
STRONG_MENTIONS = 9  # three full names
CONTESTED = 0.5  # a runner-up with at least half the score


def mention_doubt(best: str, score: int, runner: tuple[str, int] | None) -> str | None:
    """Why a mention count does not settle the government, or None when it does."""
    other = f"; runner-up {runner[0]} ({runner[1]})" if runner else ""
    if score < STRONG_MENTIONS:
        return f"{best} only from mentions in the text, and few (score {score}{other})"
    if runner and runner[1] >= CONTESTED * score:
        return f"{best} from mentions in the text, closely followed (score {score}{other})"
    return None
