"""A synthetic national corpus: the five real documents rewritten as other counties' documents.

    python bench/generate.py --n 2800 --seed 1 --out bench/out/corpus-2800

Each generated document is one of the five example documents (examples/corpus) rewritten
as another county's: the county's full name and its stem (平陆县, 平陆), the prefecture and
province where the text names them, the 文号 prefix, every leader's name (new 2-3 character
names drawn from common surnames and given-name characters; a padded name stays padded),
the numbers in task texts (scaled), and the row order (shuffled within each section, then
renumbered so every document's own numbering stays complete). A few rows are dropped or
duplicated to vary the counts. The layout's defects travel with the rows they belong to
(names broken across lines, blank cells, a cell holding the wrong column's text, a section
heading stating the wrong count) and page-break header repeats are laid out again at new
page breaks, restating the row's merged cells as the source does.

The expected task count of every document comes from the generator's own bookkeeping (the
rows it writes), never from running the extractor: the table layouts are parsed here, and a
self-check makes sure the parse of each source holds exactly the number of tasks the test
suite pins for it. The prose report (交口) is only rewritten in ways that keep its sentences:
whole subsection paragraphs move within their section, the glossary is shuffled, and its
inline list of livelihood projects is shuffled, trimmed or extended (each project is one
task); its count is the pinned 144 adjusted by that list.

Writes the documents plus manifest.jsonl (everything, incl. each task's expected leaders)
and manifest.csv (file, source, layout, county, admin_code, expected_tasks, ...).
Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
if str(ROOT) not in sys.path:  # run as a script: `python bench/generate.py`
    sys.path.insert(0, str(ROOT))

from kg.extract.resources.gazetteer import County, by_name, counties  # noqa: E402

# ------------------------------------------------------------------ the five sources


@dataclass(frozen=True)
class SourceDoc:
    key: str
    file: str
    layout: str
    county: str
    prefecture: str | None  # as the text names it (stem), when it does
    province: str | None  # as the text names it (stem), when it does
    doc_number_prefix: str | None  # 平政办发
    leaders: tuple[str, ...]  # exactly as written in the text (padding kept)
    others: tuple[str, ...]  # other people named in the text
    tasks: int  # pinned by the test suite (tests/test_extract_tables.py, test_prose_report.py)


SOURCES: dict[str, SourceDoc] = {s.key: s for s in (
    SourceDoc("pinglu", "pinglu-2023-tasks.txt", "merged_table", "平陆县", None, "山西", "平政办发",
              ("翟纪亭", "李  兵", "杨志强", "钱  波", "张华峰", "郭晓军", "谭千义", "严  磊"), (), 157),
    SourceDoc("guxian", "guxian-2023-tasks.txt", "heading_outline", "古县", "临汾", "山西", "古政办发",
              ("刘泳", "杨晋栋", "李晶", "周兴", "李军伟", "李凡", "贾辉", "刘红亮"), ("王琬",), 251),
    SourceDoc("xixiang", "xixiang-2023-tasks.txt", "cell_per_line", "西乡县", "汉中", "陕西", "西政发",
              ("王永安", "钱剑锋", "惠 \u2002理", "段长征"), (), 107),
    SourceDoc("taian", "taian-2023-tasks.txt", "sectioned_table", "台安县", None, "辽宁", None,
              ("于德忱", "张  辉", "董力芳", "高会巨", "梁小鹰", "张  健", "赵玉宇", "姚斯杰", "李  聪",
               "辛  德", "姚智聪"), (), 102),
    SourceDoc("jiaokou", "jiaokou-2023-report.txt", "prose_report", "交口县", "吕梁", "山西", None,
              ("李 \u2002刚",), (), 144),
)}

# ------------------------------------------------------------------ names

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "皇甫", "令狐", "慕容")
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建志文辉斌红梅鹏宇浩凯俊峰晨林波雪琳晓海东亮飞婷"
    "瑞鑫佳欣博昊彬锋琦旭颖帆晶岩松涵蕾璐倩楠琪瑶毅栋睿立永春秋冬德正新光耀荣祥福庆宏志远清泉竹青云虹霖"
)
_PADDED = re.compile(r"^(\S)(\s+)(\S)$")


def squeeze(name: str) -> str:
    return re.sub(r"\s+", "", name)


class NameDrawer:
    """New person names, unique in the document and found nowhere in its text."""

    def __init__(self, rng: random.Random, text: str):
        self.rng = rng
        self.text = text
        self.used: set[str] = set()

    def draw(self, length: int | None = None) -> str:
        for _ in range(1000):
            n = length or self.rng.choice((2, 3, 3))
            if self.rng.random() < 0.04:
                name = self.rng.choice(COMPOUND_SURNAMES) + "".join(self.rng.choices(GIVEN, k=max(1, n - 2)))
            else:
                name = self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=n - 1))
            if name in self.used or name in self.text or any(name in u or u in name for u in self.used):
                continue
            if any(name[i:j] in _place_words() for i in range(len(name)) for j in range(i + 2, len(name) + 1)):
                continue  # 安平 is a person here, but also 安平县: keep people and places apart
            self.used.add(name)
            return name
        raise RuntimeError("no fresh name found")


@cache
def _place_words() -> frozenset[str]:
    """County names and their stems: no new person may be called 安平 (安平县)."""
    words = set()
    for c in counties():
        words.update((c.name, place_stem(c.name), place_stem(c.name.removesuffix("区"))))
    return frozenset(w for w in words if len(w) >= 2)


def _written(old_raw: str, name: str) -> tuple[str, str]:
    """(name, how to write it) for a name already drawn, padded as `old_raw` is."""
    m = _PADDED.match(old_raw)
    return name, name[0] + m.group(2) + name[1] if m and len(name) == 2 else name


def new_person(old_raw: str, drawer: NameDrawer) -> tuple[str, str]:
    """(new name, how to write it): a padded two-character name stays padded the same way."""
    m = _PADDED.match(old_raw)
    name = drawer.draw()
    if m and len(name) == 2:
        return name, name[0] + m.group(2) + name[1]
    return name, name


# ------------------------------------------------------------------ places

_ETHNIC = sorted((
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
    "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
    "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒",
    "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴",
    "珞巴", "基诺", "各",
), key=len, reverse=True)


def place_stem(name: str) -> str:
    """How a text names a place in passing: 平陆县 -> 平陆, 围场满族蒙古族自治县 -> 围场,
    延边朝鲜族自治州 -> 延边, 内蒙古自治区 -> 内蒙古; one-character stems keep the suffix (古县)."""
    for suffix in ("自治县", "自治旗", "自治州", "自治区", "特别行政区", "地区", "县", "市", "区", "旗", "盟", "省"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                changed = True
                while changed:
                    changed = False
                    for e in _ETHNIC:
                        if stem.endswith(e + "族") and len(stem) - len(e) - 1 >= 2:
                            stem = stem[: -len(e) - 1]
                            changed = True
                            break
            if len(stem) >= 2:
                return stem
            return name
    return name


def pool() -> list[County]:
    """Every county-level government of the gazetteer (not the three South China Sea entries)."""
    return [c for c in counties() if c.name[-1] in "县区市旗"]


def determinable(county: County, src: SourceDoc) -> bool:
    """Can the text tell this county from its namesakes (by the province/prefecture it names)?"""
    others = [c for c in by_name().get(county.name, ()) if c.admin_code != county.admin_code]
    for other in others:
        if src.province and other.province != county.province:
            continue
        if src.prefecture and (other.prefecture or other.province) != (county.prefecture or county.province):
            continue
        return False
    return True


# ------------------------------------------------------------------ numbers

_CN = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..99 as Chinese numerals: 1 一, 10 十, 15 十五, 20 二十, 23 二十三."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    out = ("" if tens == 1 else _CN[tens]) + "十" if tens else ""
    return out + (_CN[ones] if ones else "")


_UNITS = sorted((
    "%", "亿元", "万元", "元", "万吨", "吨", "万亩", "亩", "公里", "千米", "万平方米", "平方米", "米", "公顷", "个",
    "家", "户", "所", "座", "处", "项", "人", "名", "场", "支", "条", "辆", "套", "间", "台", "万人", "万户",
    "万千瓦", "千瓦", "MW", "兆瓦", "万美元", "美元", "万立方", "立方米", "株", "万株", "头", "万头", "只", "栋",
    "张", "床", "批", "次", "所", "万千伏安", "千伏",
), key=len, reverse=True)
_QUANTITY = re.compile(
    r"(?<![0-9A-Za-z.#+\-~～—/:：])(\d+(?:\.\d+)?)(\s?)(?=(?:" + "|".join(map(re.escape, _UNITS)) + r"))"
)


def scale_numbers(text: str, rng: random.Random) -> str:
    """Quantities (a number before a unit) scaled by 0.5-2; years, dates, codes and ids untouched."""

    def one(m: re.Match[str]) -> str:
        raw = m.group(1)
        value = float(raw)
        factor = rng.uniform(0.5, 2.0)
        percent = text[m.end():m.end() + 1] == "%"
        if "." in raw:
            places = len(raw.split(".")[1])
            new = round(value * factor, places)
            if new <= 0:
                new = value
            if percent and value <= 100:
                new = min(new, 100.0)
            return f"{new:.{places}f}" + m.group(2)
        new_int = max(1, round(value * factor))
        if percent and value <= 100:
            new_int = min(new_int, 100)
        return str(new_int) + m.group(2)

    return _QUANTITY.sub(one, text)


# ------------------------------------------------------------------ bookkeeping


@dataclass
class Expected:
    """What the generator wrote: every task's id, list and leaders (old names until mapped)."""

    ids: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    leaders: list[list[str]] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    total: int | None = None  # prose: counted, not listed
    livelihood: int | None = None
    terms: int | None = None

    def add(self, task_id: str, lst: str, leaders: Iterable[str]) -> None:
        self.ids.append(task_id)
        self.lists.append(lst)
        self.leaders.append([squeeze(n) for n in leaders])

    @property
    def count(self) -> int:
        return self.total if self.total is not None else len(self.ids)


@dataclass
class Edits:
    """How much a variant departs from its source: rows dropped and duplicated, shuffling."""

    drop: int = 0
    dup: int = 0
    shuffle: bool = True


def _edit_rows(rows: list, rng: random.Random, edits: Edits, budget: dict[str, int], *, copy: Callable) -> list:
    """Shuffle rows; drop and duplicate from the variant's budget (never emptying a section)."""
    rows = list(rows)
    if edits.shuffle:
        rng.shuffle(rows)
    if budget["drop"] > 0 and len(rows) > 1 and rng.random() < 0.5:
        rows.pop(rng.randrange(len(rows)))
        budget["drop"] -= 1
    if budget["dup"] > 0 and rows and rng.random() < 0.5:
        at = rng.randrange(len(rows))
        rows.insert(at + 1, copy(rows[at]))
        budget["dup"] -= 1
    return rows


# ------------------------------------------------------------------ merged_table (平陆)

_PL_ITEM = re.compile(r"^\t（([一二三四五六七八九十]+)）(.*)$")


def _cells(lines: list[str]) -> list[list[str]]:
    """Tab-started lines open a cell; other lines (blank or not) continue the open one."""
    cells: list[list[str]] = []
    for line in lines:
        if line.startswith("\t") or not cells:
            cells.append([line])
        else:
            cells[-1].append(line)
    return cells


def merged_table(lines: list[str], rng: random.Random, edits: Edits, src: SourceDoc) -> tuple[list[str], Expected]:
    header_at = lines.index("\t分管")
    header_end = lines.index("\t备注", header_at) + 2  # the header cells and the blank after them
    header = [""] + lines[header_at:header_end]
    start = next(i for i in range(header_end, len(lines) - 1)
                 if lines[i].startswith("\t") and re.fullmatch(r"\t\d+", lines[i + 1]))
    preamble = lines[:start]
    blocks: list[dict] = []  # leader blocks: {"leader": raw cell line, "groups": [...]}
    i = start
    while i < len(lines):
        if lines[i] == "" and i + 1 < len(lines) and lines[i + 1] == "\t分管":
            i = lines.index("\t备注", i) + 2
            continue
        if not lines[i].strip() and all(not x.strip() for x in lines[i:]):
            break
        j = i
        while not _PL_ITEM.match(lines[j]):
            j += 1
        pre = _cells(lines[i:j])
        m = _PL_ITEM.match(lines[j])
        assert m, lines[j]
        deadline, remark = lines[j + 1], lines[j + 2]
        i = j + 3
        if i < len(lines) and lines[i] == "":
            i += 1
        leader_cell, number_cell, unit_cell = pre[0], pre[1], pre[2:]
        leader = leader_cell[0].strip()
        number = number_cell[0].strip()
        if leader and (not blocks or blocks[-1]["name"] != squeeze(leader)):
            blocks.append({"leader": leader_cell[0], "name": squeeze(leader), "groups": []})
        groups = blocks[-1]["groups"]
        if number and (not groups or groups[-1]["number"] != number):
            groups.append({"number": number, "number_rest": number_cell[1:],
                           "unit": [x for c in unit_cell for x in c], "items": []})
        groups[-1]["items"].append((m.group(2), deadline, remark))  # remark: `\t`, or ` ` at the very end
    last_remark = blocks[-1]["groups"][-1]["items"][-1][2]
    parsed = sum(len(g["items"]) for b in blocks for g in b["groups"])
    assert parsed == src.tasks, f"{src.file}: parsed {parsed} tasks, the suite pins {src.tasks}"

    budget = {"drop": edits.drop, "dup": edits.dup}
    out = list(preamble)
    exp = Expected()
    rows_on_page, page_len = 0, rng.randint(11, 16)
    number = 0
    for bi, block in enumerate(blocks):
        groups = block["groups"]
        if edits.shuffle and bi > 0:  # the 县长's own row stays first, as it does in every document
            groups = rng.sample(groups, len(groups))
        for gi, group in enumerate(groups):
            number += 1
            items = _edit_rows(group["items"], rng, edits, budget, copy=lambda x: x)
            for ii, (text, deadline, _remark) in enumerate(items):
                restate = rows_on_page >= page_len
                if restate:
                    out.extend(header)
                    rows_on_page, page_len = 0, rng.randint(11, 16)
                if restate or ii == 0:
                    out.append(block["leader"] if (restate or gi == 0) else "\t")
                    out.append(f"\t{number}")
                    out.extend(group["number_rest"])
                    out.extend(group["unit"])
                else:
                    out.extend(["\t", "\t", "\t"])
                out.append(f"\t（{cn_number(ii + 1)}）{scale_numbers(text, rng)}")
                out.extend([deadline, "\t", ""])
                rows_on_page += 1
                exp.add(f"{number}.{ii + 1}", "main", [block["leader"]])
    while out and out[-1] == "":
        out.pop()
    out[-1] = last_remark  # the source's last row ends differently from the others (` ` for `\t`)
    return out + lines[len(lines) - _trailing_blanks(lines):], exp


def _trailing_blanks(lines: list[str]) -> int:
    n = 0
    while n < len(lines) and lines[len(lines) - 1 - n] == "":
        n += 1
    return n


# ------------------------------------------------------------------ heading_outline (古县)

_GX_LEADER = re.compile(r"^(?:#+\s*)?(?:\*\*)?([一二三四五六七八九十]+)、(.+?)(常务副县长|副县长|县长|主任)负责的工作")
_GX_UNIT = re.compile(r"^((?:#+\s*)?(?:\*\*)?)([（(])([一二三四五六七八九十]+)([）)])(.*负责.*)$")
_GX_TASK = re.compile(r"^(- )?(\d+)([.．])(.*)$")
_GX_CO = re.compile(r"^[（(]主要协同配合单位")


def heading_outline(lines: list[str], rng: random.Random, edits: Edits, src: SourceDoc) -> tuple[list[str], Expected]:
    first = next(i for i, line in enumerate(lines) if _GX_LEADER.match(line))
    tail_at = max(i for i, line in enumerate(lines) if _GX_TASK.match(line) or _GX_CO.match(line))
    while lines[tail_at] != "---":
        tail_at += 1
    preamble, body, tail = lines[:first], lines[first:tail_at], lines[tail_at:]
    lists: list[dict] = [{"heading": [], "leaders": [], "kind": "main"}]
    last = None  # what a continuation line continues
    for line in body:
        if "民生实事" in line and line.lstrip().startswith(("#", "*")):
            lists.append({"heading": [line], "leaders": [], "kind": "livelihood"})
            last = lists[-1]["heading"]
            continue
        m = _GX_LEADER.match(line)
        if m:
            leader = {"heading": [line], "name": m.group(2), "role": m.group(3), "units": []}
            lists[-1]["leaders"].append(leader)
            last = leader["heading"]
            continue
        m = _GX_UNIT.match(line)
        if m:
            unit = {"heading": [line], "match": m, "tasks": []}
            lists[-1]["leaders"][-1]["units"].append(unit)
            last = unit["heading"]
            continue
        m = _GX_TASK.match(line)
        if m:
            task = [line]
            lists[-1]["leaders"][-1]["units"][-1]["tasks"].append(task)
            last = task
            continue
        assert last is not None, line
        last.append(line)  # blank lines, continuations, co-unit lines, a leader's duties
    parsed = sum(len(u["tasks"]) for lst in lists for ld in lst["leaders"] for u in ld["units"])
    assert parsed == src.tasks, f"{src.file}: parsed {parsed} tasks, the suite pins {src.tasks}"

    budget = {"drop": edits.drop, "dup": edits.dup}
    out = list(preamble)
    exp = Expected()
    number = 0
    for lst in lists:
        out.extend(lst["heading"])
        unit_no = 0
        for leader in lst["leaders"]:
            out.extend(leader["heading"])
            exp.roles[leader["name"]] = leader["role"]
            units = rng.sample(leader["units"], len(leader["units"])) if edits.shuffle else leader["units"]
            for unit in units:
                unit_no += 1
                m = unit["match"]
                out.append(m.group(1) + m.group(2) + cn_number(unit_no) + m.group(4) + m.group(5))
                out.extend(unit["heading"][1:])
                tasks = _edit_rows(unit["tasks"], rng, edits, budget, copy=list)
                for ti, task in enumerate(tasks):
                    number += 1
                    head = _GX_TASK.match(task[0])
                    assert head
                    chunk = [(head.group(1) or "") + str(number) + head.group(3) + scale_numbers(head.group(4), rng)]
                    chunk += [x if _GX_CO.match(x) else scale_numbers(x, rng) for x in task[1:]]
                    following_bullet = ti + 1 < len(tasks) and tasks[ti + 1][0].startswith("- ")
                    if chunk[-1] != "" and not following_bullet:
                        chunk.append("")  # a bullet line directly above anything else would join it
                    out.extend(chunk)
                    exp.add(str(number), lst["kind"], [leader["name"]])
    return out + tail, exp


# ------------------------------------------------------------------ cell_per_line (西乡)

_XX_ID = re.compile(r"^\d+$")


def cell_per_line(lines: list[str], rng: random.Random, edits: Edits, src: SourceDoc) -> tuple[list[str], Expected]:
    marks = [i for i, line in enumerate(lines) if re.fullmatch(r"附件\d", line.strip())]
    out = lines[: marks[0]]
    kinds = ("main", "livelihood", "creation")
    leaders = {squeeze(x) for x in src.leaders}
    budget = {"drop": edits.drop, "dup": edits.dup}
    exp = Expected()
    number = 0
    parsed = 0
    for li, at in enumerate(marks):
        end = marks[li + 1] if li + 1 < len(marks) else len(lines)
        first = next(i for i in range(at, end) if _XX_ID.match(lines[i]))
        out.extend(lines[at:first])
        starts = [i for i in range(first, end) if _XX_ID.match(lines[i])]
        rows = [lines[s:(starts[k + 1] if k + 1 < len(starts) else end)] for k, s in enumerate(starts)]
        parsed += len(rows)
        after_list = _trailing_blanks(rows[-1])
        counted = "十件" in "".join(lines[at:first])  # a list whose title states its size keeps it
        rows = _edit_rows(rows, rng, Edits(0, 0, edits.shuffle) if counted else edits, budget, copy=list)
        for k, row in enumerate(rows):
            number += 1
            body = row[1: len(row) - _trailing_blanks(row)]
            text_at = next(j for j, x in enumerate(body) if x.strip())
            body[text_at] = scale_numbers(body[text_at], rng)
            out.append(str(number))
            out.extend(body)
            out.extend([""] * (after_list if k + 1 == len(rows) else 1))  # one blank line between rows
            names = [squeeze(x) for x in body[text_at + 1:] if squeeze(x) in leaders]
            exp.add(str(number), kinds[li], names)
    assert parsed == src.tasks, f"{src.file}: parsed {parsed} tasks, the suite pins {src.tasks}"
    return out, exp


# ------------------------------------------------------------------ sectioned_table (台安)

_TA_SECTION = re.compile(r"^(\t[一二三四五六七八九十]+、.*（)(\d+)(项）)\s*$")
_TA_ID = re.compile(r"^\t\d+$")


def sectioned_table(lines: list[str], rng: random.Random, edits: Edits, src: SourceDoc) -> tuple[list[str], Expected]:
    heads = [i for i, line in enumerate(lines) if _TA_SECTION.match(line)]
    out = lines[: heads[0]]
    leaders = {squeeze(x) for x in src.leaders}
    budget = {"drop": edits.drop, "dup": edits.dup}
    exp = Expected()
    number = 0
    parsed = 0
    for si, at in enumerate(heads):
        end = heads[si + 1] if si + 1 < len(heads) else len(lines)
        m = _TA_SECTION.match(lines[at])
        assert m
        starts = [i for i in range(at, end) if _TA_ID.match(lines[i])]
        between = lines[at + 1: starts[0]]
        rows = [lines[s:(starts[k + 1] if k + 1 < len(starts) else end)] for k, s in enumerate(starts)]
        parsed += len(rows)
        stated_offset = int(m.group(2)) - len(rows)  # a heading that miscounts keeps miscounting
        counted = "十件" in lines[at]
        rows = _edit_rows(rows, rng, Edits(0, 0, edits.shuffle) if counted else edits, budget, copy=list)
        out.append(m.group(1) + str(len(rows) + stated_offset) + m.group(3))
        out.extend(between)
        for row in rows:
            number += 1
            cells = _cells(row[1:])
            text = cells[0][0][1:]
            new_text = scale_numbers(text, rng)
            cells[0][0] = "\t" + new_text
            if len(cells) > 1 and cells[1][0][1:] == text:  # the leader cell repeats the task text
                cells[1][0] = "\t" + new_text
            body = [x for c in cells for x in c]
            tail = _trailing_blanks(body)
            body = body[: len(body) - tail]
            out.append(f"\t{number}")
            out.extend(body)
            out.extend([""] * max(tail, 1))
            names = [squeeze(x) for x in (cells[1] if len(cells) > 1 else []) if squeeze(x) in leaders]
            exp.add(str(number), "livelihood" if counted else "main", names)
    assert parsed == src.tasks, f"{src.file}: parsed {parsed} tasks, the suite pins {src.tasks}"
    while out and out[-1] == "":
        out.pop()
    return out + [""] * _trailing_blanks(lines), exp


# ------------------------------------------------------------------ prose_report (交口)

_SUBSECTION = re.compile(r"^\s*[\u4e00-\u9fff]{3,12}。")
_SECTION = re.compile(r"^\s*(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)")
_LIVELIHOOD = re.compile(r"(做好)(\d+)(件民生实事[:：])((?:[一二三四五六七八九十]+是[^。]*。)+)\s*$")
_ITEM = re.compile(r"[一二三四五六七八九十]+是([^。]*。)")


def prose_report(lines: list[str], rng: random.Random, edits: Edits, src: SourceDoc) -> tuple[list[str], Expected]:
    out = list(lines)
    glossary = next(i for i, line in enumerate(out) if squeeze(line) == "名词解释")
    plan = max(i for i, line in enumerate(out[:glossary]) if re.match(r"\s*[一二三四五六七八九十]、20\d\d年", line))
    # whole subsection paragraphs move within their section
    i = plan
    while i < glossary:
        if _SUBSECTION.match(out[i]) and not _SECTION.match(out[i]):
            j = i
            while j < glossary and _SUBSECTION.match(out[j]) and not _SECTION.match(out[j]):
                j += 1
            if edits.shuffle:
                out[i:j] = rng.sample(out[i:j], j - i)
            i = j
        else:
            i += 1
    livelihood, delta = 0, 0
    for k in range(plan, glossary):
        m = _LIVELIHOOD.search(out[k])
        if m:  # 再重点做好6件民生实事:一是…。二是…。 one task per project
            items = _ITEM.findall(m.group(4))
            kept = _edit_rows(items, rng, edits, {"drop": edits.drop, "dup": edits.dup}, copy=lambda x: x)
            listed = "".join(f"{cn_number(n + 1)}是{x}" for n, x in enumerate(kept))
            out[k] = out[k][: m.start()] + m.group(1) + str(len(kept)) + m.group(3) + listed
            livelihood, delta = len(kept), len(kept) - len(items)
            break
    for k in range(plan, glossary):
        out[k] = scale_numbers(out[k], rng)
    end = glossary + 1
    while end < len(out) and out[end].strip():
        end += 1
    terms = out[glossary + 1:end]
    if edits.shuffle:
        out[glossary + 1:end] = rng.sample(terms, len(terms))
    exp = Expected(total=src.tasks + delta, livelihood=livelihood, terms=len(terms))
    return out, exp


LAYOUTS: dict[str, Callable[..., tuple[list[str], Expected]]] = {
    "merged_table": merged_table, "heading_outline": heading_outline, "cell_per_line": cell_per_line,
    "sectioned_table": sectioned_table, "prose_report": prose_report,
}

# ------------------------------------------------------------------ one variant


@dataclass
class Variant:
    file: str
    source: str
    layout: str
    county: str
    admin_code: str
    province: str
    prefecture: str | None
    admin_code_determinable: bool
    expected_tasks: int
    expected_lists: dict[str, int]
    ids: list[str] | None  # every task id in order (tables); None for the prose report
    leaders: dict[str, list[str]] | None  # task id -> its leaders' new names (tables)
    leader_roles: dict[str, str]  # new name -> title, where a heading states one
    names: dict[str, str]  # old leader (as written) -> new name
    terms: int | None
    edits: dict[str, int]
    text: str = field(repr=False, default="")

    def record(self) -> dict:
        rec = asdict(self)
        del rec["text"]
        return rec


def _replace_all(text: str, mapping: dict[str, str]) -> str:
    keys = sorted((k for k in mapping if k), key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, keys)))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def read_source(key: str, corpus: Path = CORPUS) -> list[str]:
    return (corpus / SOURCES[key].file).read_text(encoding="utf-8").split("\n")


def rewrite(key: str, county: County, rng: random.Random, *, edits: Edits | None = None,
            file: str | None = None, corpus: Path = CORPUS, lines: list[str] | None = None,
            names: dict[str, str] | None = None, year: int | None = None) -> Variant:
    """One source document rewritten as `county`'s. `names` (old -> new, a `Variant.names`): the
    same people as another variant (the county's document of another year, or its corrected
    version); `year`: the plan year, every year the text names moved by as much."""
    src = SOURCES[key]
    if edits is None:
        edits = Edits(drop=rng.choice((0, 0, 1, 2, 3)), dup=rng.choice((0, 0, 1, 2)))
    lines = read_source(key, corpus) if lines is None else lines
    original = "\n".join(lines)
    body, exp = LAYOUTS[src.layout](lines, rng, edits, src)

    drawer = NameDrawer(rng, original)
    mapping: dict[str, str] = {}
    given, names = names, {}
    for old in (*src.leaders, *src.others):
        new, written = new_person(old, drawer) if given is None else _written(old, given[old])
        names[old] = new
        mapping[old] = written
        if squeeze(old) != old:
            mapping[squeeze(old)] = new
    mapping[src.county] = county.name
    old_stem, new_stem = place_stem(src.county), place_stem(county.name)
    if old_stem != src.county:
        mapping[old_stem] = new_stem
    new_province = place_stem(county.province)
    if src.province:
        mapping[src.province + "省"] = county.province
        mapping[src.province] = new_province
    if src.prefecture:
        mapping[src.prefecture] = place_stem(county.prefecture) if county.prefecture else new_province
    if src.doc_number_prefix:
        mapping[src.doc_number_prefix] = new_stem[0] + src.doc_number_prefix[1:]
    text = _replace_all("\n".join(body), mapping)
    if src.doc_number_prefix:  # another issue number too
        text = re.sub(r"(" + re.escape(new_stem[0] + src.doc_number_prefix[1:]) + r"〔\d{4}〕)(\d+)(号)",
                      lambda m: m.group(1) + str(rng.randint(1, 40)) + m.group(3), text, count=1)

    if year is not None and year != SOURCE_YEAR:  # 2023年, 〔2023〕, 2023年底前; 2022年 (last year) alike
        text = re.sub(r"(?<!\d)20[12]\d(?!\d)", lambda m: str(int(m.group(0)) + year - SOURCE_YEAR), text)

    by_squeezed = {squeeze(o): n for o, n in names.items()}
    leaders = None
    lists: dict[str, int] = {}
    if exp.total is None:
        leaders = {i: [by_squeezed[n] for n in ns] for i, ns in zip(exp.ids, exp.leaders, strict=True)}
        for lst in exp.lists:
            lists[lst] = lists.get(lst, 0) + 1
    else:
        lists = {"livelihood": exp.livelihood or 0, "main": exp.count - (exp.livelihood or 0)}
    return Variant(
        file=file or f"{county.admin_code}-{key}.txt", source=key, layout=src.layout, county=county.name,
        admin_code=county.admin_code, province=county.province, prefecture=county.prefecture,
        admin_code_determinable=determinable(county, src), expected_tasks=exp.count, expected_lists=lists,
        ids=None if exp.total is not None else exp.ids, leaders=leaders,
        leader_roles={by_squeezed[squeeze(o)]: r for o, r in exp.roles.items() if squeeze(o) in by_squeezed},
        names=names, terms=exp.terms, edits={"drop": edits.drop, "dup": edits.dup}, text=text,
    )


# ------------------------------------------------------------------ a corpus


def plan(n: int, seed: int) -> list[tuple[str, County]]:
    """N distinct counties, each with one of the five sources (round robin over a shuffled pool)."""
    rng = random.Random(seed)
    everyone = pool()
    if n > len(everyone):
        raise SystemExit(f"--n {n}: the gazetteer has {len(everyone)} county-level governments")
    chosen = rng.sample(everyone, n)
    keys = list(SOURCES)
    return [(keys[i % len(keys)], c) for i, c in enumerate(chosen)]


SOURCE_YEAR = 2023  # every source document is for 2023


def variant(i: int, key: str, county: County, *, seed: int = 1, year: int = SOURCE_YEAR, revision: int = 0,
            corpus: Path = CORPUS, lines: list[str] | None = None) -> Variant:
    """Document `i` of the corpus for `year`: the first year's people throughout; another year
    (or revision: a county's corrected table) draws the rows' order, edits and numbers anew, so
    most tasks come back, renumbered, some with other figures, a few dropped or repeated."""
    kind = "report" if SOURCES[key].layout == "prose_report" else "tasks"
    file = f"{i + 1:04d}-{county.admin_code}-{year}-{kind}.txt"
    first = rewrite(key, county, random.Random(f"{seed}:{i}:{county.admin_code}"), file=file, corpus=corpus,
                    lines=lines)
    if year == SOURCE_YEAR and revision == 0:
        return first
    rng = random.Random(f"{seed}:{i}:{county.admin_code}:{year}:{revision}")
    return rewrite(key, county, rng, file=file, corpus=corpus, lines=lines, names=first.names, year=year)


def generate(n: int, out_dir: Path, *, seed: int = 1, corpus: Path = CORPUS,
             years: tuple[int, ...] = (SOURCE_YEAR,)) -> list[Variant]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = {k: read_source(k, corpus) for k in SOURCES}
    made: list[Variant] = []
    with (out_dir / "manifest.jsonl").open("w", encoding="utf-8") as jl:
        for i, (key, county) in enumerate(plan(n, seed)):
            for year in years:
                v = variant(i, key, county, seed=seed, year=year, corpus=corpus, lines=sources[key])
                (out_dir / v.file).write_text(v.text, encoding="utf-8")
                jl.write(json.dumps(v.record(), ensure_ascii=False) + "\n")
                v.text = ""
                made.append(v)
    columns = ["file", "source", "layout", "county", "admin_code", "province", "prefecture",
               "admin_code_determinable", "expected_tasks"]
    with (out_dir / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for v in made:
            writer.writerow([getattr(v, c) for c in columns])
    return made


def read_manifest(out_dir: Path) -> list[dict]:
    with (Path(out_dir) / "manifest.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, required=True, help="documents to write (at most 2,848)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="directory for the documents and the manifest")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="where the five source documents are")
    ap.add_argument("--years", type=int, nargs="+", default=[SOURCE_YEAR],
                    help="a document per county for each of these years (the same people; rows redrawn)")
    args = ap.parse_args(argv)
    made = generate(args.n, args.out, seed=args.seed, corpus=args.corpus, years=tuple(args.years))
    size = sum((args.out / v.file).stat().st_size for v in made)
    tasks = sum(v.expected_tasks for v in made)
    print(f"wrote {len(made)} documents ({size / 1e6:.1f} MB, {tasks} expected tasks) to {args.out}")


if __name__ == "__main__":
    main()
