"""Quantities in Chinese policy text: numbers (Arabic or Chinese), units, ranges, modifiers.

`scan(text)` returns every `Quantity` written as number + unit (7%, 1.5亿元, 80～150个,
三十万元, 两个百分点, 三成). The text is normalised first with a length-preserving map
(full-width digits and signs to ASCII), so positions index the original string.
Numbers that name things rather than measure them (第五次, 5G, 2#炉, “4111”项目, 7+N,
年产50万吨…项目) are dropped here; whether a quantity is a target is decided in
`kg.targets.finder`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

import cn2an

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({"％": "%", "．": ".", "～": "~", "－": "-", "\u3000": " ", "／": "/",
                   "＋": "+", "＃": "#", "﹪": "%"})
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ


_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)
_ANY_FULLWIDTH = re.compile("[" + re.escape("".join(_FULLWIDTH)) + "]")


def normalise(text: str) -> str:
    """Same length as `text`: full-width digits, letters and signs become ASCII."""
    # translate() looks every character up; most texts have nothing to translate
    return text.translate(_FULLWIDTH_TABLE) if _ANY_FULLWIDTH.search(text) else text


# --- units -----------------------------------------------------------------------------------

PERCENT_UNITS = ("%", "‰", "个百分点", "百分点")
# discrete things counted: a quantity in these is a `count`
ITEM_CLASSIFIERS = (
    "人次", "场次", "户次", "个", "家", "户", "人", "名", "座", "所", "套", "场", "台", "张",
    "条", "处", "项", "支", "盏", "栋", "宗", "辆", "次", "件", "篇", "部", "床", "批", "只",
    "头", "袋", "株", "棵", "天", "位", "类",
)
# animals and packages measure production capacity when a project name follows
CAPACITY_CLASSIFIERS = ("头", "只", "袋", "株", "棵")
MEASURE_UNITS = (
    "平方公里", "平方千米", "平方米", "立方米", "千瓦时", "标准煤", "美元", "公顷", "公里", "千米",
    "公斤", "千克", "元", "亩", "吨", "斤", "米", "立方", "千瓦", "瓦", "小时",
)
_MULTIPLIER = "(?:万亿|[万亿千百])"

_UNIT_ALTS = sorted(
    {*PERCENT_UNITS, "成"} | set(MEASURE_UNITS) | set(ITEM_CLASSIFIERS), key=len, reverse=True
)
# what may not follow a unit character for it still to be that unit
_UNIT_GUARD = {
    "个": "月",  # 3个月 is a duration
    "项": "目",
    "处": "理置罚",
    "天": "然津下",
    "人": "民才员工口大",
    "家": "庭乡长",
    "台": "账阶",
    "位": "于置",
    "条": "例件",
    "场": "馆所地景",
    "部": "门署",
    "次": "年日",
    "类": "别",
    "只": "是有要",
    "米": "粮",
    "元": "素",
    "名": "单称",
    "批": "准复",
    "件": "事",
    "成": "立为功果本效绩熟员",
}

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN_DIGIT = "零〇一二两三四五六七八九"
_CHINESE = r"[一二两三四五六七八九十][零〇一二两三四五六七八九十百千]*"
_NUMBER = rf"(?:{_ARABIC}|{_CHINESE})"
# A number that starts right after a character it could itself start with (5 in 45, 三 in 十三)
# never matches: the search from that character read the same run of numerals to its end and
# failed, or matched past here. Saying so keeps a run of n digits from being read n times.
_FIRST_NUMBER = rf"(?:(?<!\d){_ARABIC}|(?<![一二两三四五六七八九十]){_CHINESE})"
_RANGE_SEP = r"\s*(?:~|-|—|–|至|到)\s*"

_UNIT_RE = "|".join(re.escape(u) for u in _UNIT_ALTS)
# the same units as sets: membership is asked for every quantity, several times
_UNITS, _ITEMS, _CAPACITY, _MEASURES = map(frozenset, (_UNIT_ALTS, ITEM_CLASSIFIERS, CAPACITY_CLASSIFIERS,
                                                     MEASURE_UNITS))
_QUANTITY = re.compile(
    rf"(?P<num>{_FIRST_NUMBER})\s*(?:(?P<unit1>{_MULTIPLIER}?(?:{_UNIT_RE}))?{_RANGE_SEP}(?P<num2>{_NUMBER})\s*)?"
    rf"(?P<unit>{_MULTIPLIER}?(?:{_UNIT_RE})(?:/(?:{_UNIT_RE}))?|{_MULTIPLIER}(?=$|[\s，,。；;、）)」”]|以上|左右|多|余))"
)
# a character every number above starts with: text without one holds no quantity
ANY_NUMBER = re.compile(r"[\d一二两三四五六七八九十]|百分之")
_PERCENT_WORDS = re.compile(r"百分之([零〇一二两三四五六七八九十百点]+|\d+(?:\.\d+)?)")
_SUFFIX = re.compile(r"\s*(及以上|以上|左右|以内|之内|以下|上下|多|余)")
AROUND, AT_LEAST, AT_MOST = "around", "at_least", "at_most"
_SUFFIX_MODIFIER = {
    "及以上": AT_LEAST, "以上": AT_LEAST, "多": AT_LEAST, "余": AT_LEAST,
    "左右": AROUND, "上下": AROUND,
    "以内": AT_MOST, "之内": AT_MOST, "以下": AT_MOST,
}


@dataclass(slots=True)
class Quantity:
    start: int  # first character of the number
    end: int  # just past the unit and any suffix (以上, 左右…)
    unit_end: int  # just past the unit
    value: float
    value_max: float | None
    unit: str
    suffix: str | None  # 以上 / 左右 / 以内 …
    raw: str

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "‰", "个百分点", "百分点")

    @property
    def base_unit(self) -> str:
        unit = self.unit.split("/")[0]
        for multiplier in ("万亿", "万", "亿", "千", "百"):
            if unit.startswith(multiplier) and unit[len(multiplier):] in _UNITS:
                return unit[len(multiplier):]
        return unit

    @property
    def is_count(self) -> bool:
        return "/" not in self.unit and self.base_unit in _ITEMS

    @property
    def is_capacity(self) -> bool:
        return self.base_unit in _CAPACITY

    @property
    def suffix_modifier(self) -> str | None:
        return _SUFFIX_MODIFIER.get(self.suffix or "")


def parse_number(text: str) -> float | None:
    """'1,500' -> 1500, '7.5' -> 7.5, '三十' -> 30, '两' -> 2, '一千五百' -> 1500."""
    text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        pass
    try:
        value = cn2an.cn2an(text.replace("两", "二"), "normal")
    except (ValueError, KeyError, IndexError):
        return None
    return float(value)


_QUOTED = re.compile(r"“[^“”，。；,;\n]{1,24}”|\"[^\"，。；,;\n]{1,24}\"|《[^《》\n]{1,60}》"
                     r"|「[^「」\n]{1,24}」|‘[^‘’\n]{1,24}’")


class _Quotes:
    """Quoted names: “…” and "…" and 《…》 closed within a short stretch of one clause."""

    def __init__(self, text: str):
        spans = [m.span() for m in _QUOTED.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def inside(self, pos: int) -> bool:
        """Strictly inside a quote. The quotes do not overlap, so only the last one opening
        before pos can hold it (a long cell holds thousands)."""
        i = bisect_left(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


_CLAUSE_END = re.compile("[，,。；;：:\n]")


def scan(text: str, norm: str | None = None) -> list[Quantity]:
    """Every measured quantity in `text`, in order (see module docstring); `norm` is
    `normalise(text)` when the caller has it."""
    if norm is None:
        norm = normalise(text)
    quotes: _Quotes | None = None  # found on the first number: most texts have none
    clause_ends: list[int] | None = None  # for _enumerated, found when first needed
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(norm):
        start = m.start()
        num, num2, unit = m.group("num"), m.group("num2"), m.group("unit")
        unit_end = m.end("unit")
        chinese = not num[0].isdigit()
        before = norm[max(0, start - 1):start]
        after = norm[unit_end:unit_end + 1]
        # the number must not continue a word or an identifier
        if before and (before.isascii() and (before.isalnum() or before in "+#.")):
            continue
        if before and before in "第每" + ("统唯同单周之初" if chinese else ""):
            continue
        if chinese and before and before in _CN_DIGIT + "十百千万亿":
            continue
        if after and (after in "+#" or (after.isascii() and after.isalpha())):
            continue
        if norm[m.end("num"):m.end("num") + 1] in ("+", "#"):
            continue
        base = unit.split("/")[0]
        last = base[-1]
        guard = _UNIT_GUARD.get(last, "")
        if guard and after and after in guard:
            continue
        if chinese and not _chinese_unit_ok(unit):
            if clause_ends is None:
                clause_ends = [m.start() for m in _CLAUSE_END.finditer(norm)]
            if not _enumerated(norm, start, unit, clause_ends):
                continue
        if quotes is None:
            quotes = _Quotes(norm)
        if quotes.inside(start):
            continue
        value = parse_number(num)
        if value is None:
            continue
        value_max = parse_number(num2) if num2 else None
        if num2 and value_max is None:
            continue
        if num2 and m.group("unit1") and m.group("unit1") != unit:
            continue
        if unit == "成":  # 三成 = 30%
            value, unit = value * 10, "%"
            value_max = value_max * 10 if value_max is not None else None
        end = unit_end
        suffix = None
        sm = _SUFFIX.match(norm, unit_end)
        if sm and sm.group(1) in "多余" and norm[sm.end():sm.end() + 1] in ("亿", "万") and unit in ("万", "千", "百"):
            continue  # 3万多亿元: the amount is in 亿元, written around its 多
        if sm and not (sm.group(1) in "多余" and _continues_word(norm, sm.end())):
            suffix, end = sm.group(1), sm.end()
        out.append(Quantity(start, end, unit_end, value, value_max, unit, suffix, text[start:end]))
    for m in _PERCENT_WORDS.finditer(norm):  # 百分之六点五 = 6.5%
        if quotes is None:
            quotes = _Quotes(norm)
        if quotes.inside(m.start()):
            continue
        value = parse_number(m.group(1))
        if value is None:
            continue
        end, suffix = m.end(), None
        sm = _SUFFIX.match(norm, m.end())
        if sm and sm.group(1) not in "多余":
            suffix, end = sm.group(1), sm.end()
        out.append(Quantity(m.start(), end, m.end(), value, None, "%", suffix, text[m.start():end]))
    out.sort(key=lambda q: q.start)
    return out


def _continues_word(text: str, pos: int) -> bool:
    """多/余 read as 'more than' only at the end of a phrase (not 多功能, 余热)."""
    nxt = text[pos:pos + 1]
    return bool(nxt) and "\u4e00" <= nxt <= "\u9fff"


def _enumerated(text: str, start: int, unit: str, clause_ends: list[int]) -> bool:
    """古县南、永乐、永乐北三个区块: a Chinese count summing up the list before it.
    `clause_ends`: every position of a _CLAUSE_END character in `text`, in order."""
    if unit not in _ITEMS or unit in ("批", "次") or text[start] == "一":
        return False
    if start == 0 or not "\u4e00" <= text[start - 1] <= "\u9fff":
        return False
    # just past the last clause end before the number (bisection: a long cell has many)
    i = bisect_left(clause_ends, start)
    clause_start = clause_ends[i - 1] + 1 if i else 0
    comma = text.rfind("、", clause_start, start)
    last_item = text[comma + 1:start]
    return comma >= 0 and len(last_item) <= 12 and not re.search(rf"[\d{_CN_DIGIT}十]", last_item)


def _chinese_unit_ok(unit: str) -> bool:
    """Chinese numerals measure (三十万元, 两个百分点, 三成) but rarely count targets:
    三个一批, 两个确立, 十五条措施 are names, so classifiers are refused."""
    if unit in ("个百分点", "百分点", "成", "%"):
        return True
    base = unit.split("/")[0].lstrip("万亿千百") or unit
    return base in _MEASURES or unit in ("万", "亿")
