"""The unit-function lexicon: which county unit a task is most likely for.

Prose reports name no lead units. `infer_units(text)` guesses them from keywords in the
task text (kg/data/unit_lexicon.tsv, documented there); the guesses are
`InferredUnit(unit, confidence, evidence)` and belong in `Task.inferred_units`, never in
`lead_units`, so no inferred fact passes for a stated one.

`evaluate(tasks)` measures the lexicon where the answer is stated: on table tasks with
`lead_units`, does it name the table's lead unit for the table's own task text? Unit
names vary between counties (县发改局 / 发改局 / 县发展和改革局), so both sides are
compared on a function key (`function_keys`).

    python -m kg.extract.resources.lexicon examples/corpus/*-tasks.txt    # prints the measurement

Measured on the four 2023 tables (567 tasks with a functional lead unit; 50 with only
collective leads such as 各乡镇人民政府 are not measurable): recall 0.71, precision 0.69,
first guess right 0.80, some guess for 85% of tasks. The first version of the lexicon,
written from the standard 三定 assignments alone, scored recall 0.64 / first guess 0.78.
The second round of keywords was added from misses on pinglu and taian only; on the
held-out guxian + xixiang tables it scores recall 0.68, precision 0.69, first guess 0.80.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kg.extract.resources.scan import LongestFirst
from kg.model import InferredUnit, Task

MIN_CONFIDENCE = 0.3  # guesses below this are not reported
MAX_UNITS = 2  # chosen on the development tables (pinglu, taian): more guesses only cost precision


@dataclass(frozen=True, slots=True)
class Entry:
    keyword: str
    unit: str  # "-" blocks the phrase
    key: str
    confidence: float
    note: str


@cache
def entries() -> tuple[Entry, ...]:
    text = resources.files("kg.data").joinpath("unit_lexicon.tsv").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    out = []
    for row in csv.DictReader(rows, delimiter="\t"):
        out.append(Entry(row["keyword"], row["unit"], row["key"], float(row["confidence"]),
                         row["note"]))
    return tuple(out)


@cache
def _keywords() -> tuple[dict[str, Entry], LongestFirst]:
    """The entries by keyword, and what finds the keywords in a text."""
    by_keyword = {e.keyword: e for e in entries()}
    return by_keyword, LongestFirst(by_keyword)


def keyword_matches(text: str) -> Iterator[str]:
    """Keywords in `text` left to right, without overlaps: at each place the longest."""
    return _keywords()[1].finditer(text)


def infer_units(text: str) -> list[InferredUnit]:
    """Likely lead units for a task text, most likely first (at most MAX_UNITS)."""
    by_keyword = _keywords()[0]
    hits: dict[str, list[Entry]] = {}
    for word in keyword_matches(text):
        entry = by_keyword[word]
        if entry.unit != "-":
            hits.setdefault(entry.unit, []).append(entry)
    if not hits:
        return []
    scored = []
    for unit, found in hits.items():
        miss = 1.0
        for entry in found:
            miss *= 1.0 - entry.confidence
        confidence = round(min(0.95, 1.0 - miss), 2)
        if confidence >= MIN_CONFIDENCE:
            words = list(dict.fromkeys(e.keyword for e in found))
            scored.append(InferredUnit(unit, confidence, "lexicon: " + "、".join(words)))
    scored.sort(key=lambda u: -u.confidence)
    return scored[:MAX_UNITS]


# ---------------------------------------------------------------- unit names -> keys

# Patterns over a unit name as tables write it (县/市 prefixes and padding ignored).
# A merged bureau carries every function it holds.
UNIT_ALIASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"发改|发展和改革|发展改革", ("发改", "能源")),  # county energy offices sit in 发改
    (r"工科局|工业和科技", ("工信", "科技")),
    (r"工信|工业和信息化|工业信息化|经信|经济和信息化|中小微?企业", ("工信",)),
    (r"经贸|经济贸易|商务和经济", ("工信", "商务")),
    (r"商务|招商|投资促进|投促|外来投资|经合|经济合作", ("商务",)),
    (r"财政", ("财政", "国资")),  # 国资办 usually inside 财政局
    (r"国资|国有资产|国运|国投", ("国资",)),
    (r"税务", ("税务",)),
    (r"统计", ("统计",)),
    (r"审计", ("审计",)),
    (r"自然资源|规划和自然|^资源局|国土", ("自然资源",)),
    (r"生态环境|环保|环境保护", ("生态环境",)),
    (r"住建|住房和城乡建设|住房城乡建设|城乡建设|城建", ("住建",)),
    (r"城管|城市管理|综合执法|综合行政执法", ("城管",)),
    (r"交旅", ("交通", "文旅")),
    (r"交通|交运|公路段", ("交通",)),
    (r"水利|水务", ("水利",)),
    (r"农业农村|农村局|农业局|农经|农机|畜牧|动监|动物卫生|果业|茶叶|蔬菜|农技|种子|食用菌",
     ("农业农村",)),
    (r"林业|林草|林业和草原|林场", ("林业",)),
    (r"乡村振兴|扶贫", ("乡村振兴",)),
    (r"文旅|文化和旅游|文化旅游|文化广电|旅游|文物|博物馆|图书馆|文化馆", ("文旅",)),
    (r"教体|教育和体育", ("教育", "体育")),
    (r"教育科技|教科", ("教育", "科技")),
    (r"教育|职教|学校|中学", ("教育",)),
    (r"科技|科学技术局", ("科技",)),
    (r"卫生健康和体育|卫健体", ("卫健", "体育")),
    (r"卫健|卫生健康|卫生|医院|医疗集团|疾控|疾病预防|中医", ("卫健",)),
    (r"医保|医疗保障", ("医保",)),
    (r"人社|人力资源|人力资源和社会保障|就业", ("人社",)),
    (r"民政", ("民政",)),
    (r"退役军人", ("退役军人",)),
    (r"应急", ("应急",)),
    (r"公安|交警", ("公安",)),
    (r"政法委", ("政法",)),
    (r"司法", ("司法",)),
    (r"信访", ("信访",)),
    (r"市场监管|市场监督|市场局", ("市场监管",)),
    (r"营商|行政审批|审批|政务服务", ("审批",)),
    (r"开发区|园区|管委会", ("开发区",)),
    (r"金融", ("金融",)),
    (r"宣传部|文明办|融媒体", ("宣传",)),
    (r"组织部|党群|人才", ("组织",)),
    (r"能源", ("能源",)),
    (r"体育", ("体育",)),
    (r"供电|电力|国网", ("供电",)),
    (r"政府办|政府办公室|县府办", ("政府办",)),
    (r"残联|残疾人", ("残联",)),
    (r"妇联", ("妇联",)),
    (r"团县委|团委|共青团", ("共青团",)),
    (r"总工会|工会", ("工会",)),
    (r"档案", ("档案",)),
    (r"民族宗教|民宗", ("民宗",)),
    (r"人防|人民防空", ("人防",)),
    (r"人武部|武装部", ("武装",)),
    (r"消防", ("消防",)),
    (r"公积金", ("公积金",)),
    (r"气象", ("气象",)),
    (r"地震|防震", ("地震",)),
    (r"纪委|监委", ("纪检",)),
)
_ALIASES = tuple((re.compile(p), keys) for p, keys in UNIT_ALIASES)
# Collective or territorial leads name no function: not measurable.
_GENERIC = re.compile(r"^(各|全县|县直|有关|相关)|乡镇|镇人民政府|街道|^.{0,4}县人民政府$|有关单位|有关部门")


def function_keys(unit: str) -> frozenset[str]:
    """`县发展和改革局` -> {发改, 能源}; `县教育科技局` -> {教育, 科技}; generic -> {}.

    Aliases are searched inside the whole name, so 县/市 prefixes, a county name and
    branch suffixes (`市生态环境局平陆分局`) need no stripping."""
    name = re.sub(r"\s+", "", unit)
    if _GENERIC.search(name):
        return frozenset()
    keys: set[str] = set()
    for pattern, found in _ALIASES:
        if pattern.search(name):
            keys.update(found)
            break  # first (most specific) alias wins
    return frozenset(keys)


# ---------------------------------------------------------------- measurement

def evaluate(tasks: list[Task]) -> dict[str, Any]:
    """How often the lexicon names a table's stated lead unit for the table's own text.

    A task is measured when one of its `lead_units` normalises to a function key; a guess
    is right when its unit shares a function key with a lead unit. Then

    * recall: share of measured tasks where some inferred unit has a lead unit's key;
    * precision: share of all inferred units (on measured tasks) that have a lead key;
    * top1_precision: share of measured tasks with a guess whose first guess is right;
    * coverage: share of measured tasks with any guess at all.
    """
    measured = correct_units = guessed_units = hit_tasks = top1_right = with_guess = 0
    skipped = 0
    misses: Counter[str] = Counter()
    for task in tasks:
        gold: set[str] = set()
        for unit in task.lead_units:
            gold |= function_keys(unit)
        if not gold:
            skipped += 1
            continue
        measured += 1
        guesses = infer_units(task.text)
        right = [bool(function_keys(g.unit) & gold) for g in guesses]
        guessed_units += len(guesses)
        correct_units += sum(right)
        if guesses:
            with_guess += 1
            top1_right += right[0]
        if any(right):
            hit_tasks += 1
        else:
            misses["/".join(sorted(gold))] += 1

    def ratio(a: int, b: int) -> float:
        return round(a / b, 3) if b else 0.0

    return {
        "n": measured,
        "skipped": skipped,
        "precision": ratio(correct_units, guessed_units),
        "recall": ratio(hit_tasks, measured),
        "top1_precision": ratio(top1_right, with_guess),
        "coverage": ratio(with_guess, measured),
        "guesses": guessed_units,
        "missed_by_key": dict(misses.most_common()),
    }
