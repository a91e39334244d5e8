"""Document-level facts read from the text itself: county, year, title, issuer, 文号."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from kg.extract.common import squeeze
from kg.extract.resources import gazetteer, segmenter
from kg.extract.resources.scan import LongestFirst
from kg.model import Document

_ISSUER = re.compile(
    r"([\u4e00-\u9fff]{1,15}?(?:自治县|自治旗|县|市|区|旗))人民政府(办公室)?(?=\s*$|文件|关于|代?县长|副县长|办公室)"
)
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,6}〔\d{4}〕\s*\d+\s*号")
_YEAR = re.compile(r"(20\d\d)年")
_TITLE = re.compile(
    r"(20\d\d)年?.{0,6}政府工作报告.{0,16}(分解表|分工|一览表|清单|分解|台账|方案)$"
    r"|^(20\d\d)年[\u4e00-\u9fff]{2,8}政府工作报告$"
)


def _clean_title(line: str) -> str:
    line = re.sub(r"^[#*>\s]+|[*\s]+$", "", line)
    line = line.replace("**", "")
    # spaces between Chinese characters are layout artefacts (`重点工作 任务分工`)
    return re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", line).strip()


def find_title(lines: list[str]) -> str | None:
    for line in lines[:400]:
        cleaned = _clean_title(line)
        if "关于印发" in cleaned or "通知" in cleaned or len(cleaned) > 40:
            continue
        cleaned = re.sub(r"^附件\s*\d*[:：.]?", "", cleaned)
        cleaned = re.sub(r"^\[[^\]]*\]\s*", "", cleaned)  # forum tags such as [山西]
        if _TITLE.search(cleaned):
            return cleaned
    return None


_COUNTY_IN_TITLE = re.compile(r"20\d\d年([\u4e00-\u9fff]{1,6}?(?:自治县|县|市|区|旗))(?:人民)?政府工作报告")
_ANY_COUNTY = re.compile(r"([\u4e00-\u9fff]{2})县")
# Words that end in 县 without naming a county (全县, 本县, 各县…) and generic district names
_NOT_A_COUNTY = frozenset("全本各该我每一两外邻区市省分乡郡撤强示县")
# verbs and particles that often stand right before a county's name (推进新县, 在古县, 全力为代县)
_FUNCTION_CHARS = frozenset("进在于和与及对为向到从把将由的了是让使促助抓建强兴富美")
_GENERIC = frozenset({"城区", "郊区", "矿区", "新区", "市中区", "市辖区"})


_COMMON_WORD = 300  # jieba dictionary frequency from which a stem counts as an everyday word


def _word_frequency(word: str) -> int:
    return segmenter.frequency(word)


@cache
def _mention_index() -> dict[str, tuple[tuple[str, ...], str]]:
    """Gazetteer names and their stems -> (the counties it may name, "full" | "stem" |
    "common stem").

    A two-character full name (兴县, 范县) is also an everyday word ending (工业兴县, 示范县)
    and weighs as a stem; many stems are everyday words (资源, 新建, 会同, 城区); a stem can
    name several counties (沙湾县, 沙湾区), which the full names or the text decide.
    """
    index: dict[str, tuple[tuple[str, ...], str]] = {}
    for name in gazetteer.by_name():
        if name not in _GENERIC:
            index[name] = ((name,), "full" if len(name) > 2 else "stem")
    stems: dict[str, list[str]] = {}
    for name in gazetteer.by_name():
        stem = gazetteer.short_name(name)
        if name not in _GENERIC and stem != name and len(stem) >= 2 and stem not in index:
            stems.setdefault(stem, []).append(name)
    for stem, names in stems.items():
        index[stem] = (tuple(names), "common stem" if _word_frequency(stem) >= _COMMON_WORD else "stem")
    return index


@cache
def _mention_scanner() -> LongestFirst:
    return LongestFirst(_mention_index())


def _count_mentions(text: str) -> Counter[str]:
    """Scores of the gazetteer counties a text mentions: non-overlapping, longest-first
    matches from the left (`青岚县` never counts as `岚县`); a full name weighs 3, a stem 1, and
    a stem that is an everyday word counts only once the full name has appeared."""
    index = _mention_index()
    counts: dict[str, Counter[str]] = {"full": Counter(), "stem": Counter(), "common stem": Counter()}
    for key in _mention_scanner().finditer(text):
        names, kind = index[key]
        for name in names:
            counts[kind][name] += 1
    full, stems, common = counts["full"], counts["stem"], counts["common stem"]
    scores: Counter[str] = Counter()
    for name in full.keys() | stems.keys() | common.keys():
        scores[name] = 3 * full[name] + stems[name] + (common[name] if full[name] else 0)
    return +scores


# a two-character shared name (城区, 郊区, 矿区) is an everyday word as well: the five example
# documents use 城区 up to four times without meaning a county
_GENERIC_EVERYDAY = 6


def _generic_mention(text: str, best: int) -> str | None:
    """A county named as several prefectures name one (市中区, 郊区), when the text names it
    more often than any other county. Such names stay out of the mention index: they win only
    here, a three-character name weighing 3 a mention (as in `_count_mentions`), a two-character
    one 1, and only from _GENERIC_EVERYDAY mentions on."""
    scores: dict[str, int] = {}
    for name in _GENERIC:
        if name not in gazetteer.by_name():
            continue
        n = text.count(name)
        score = 3 * n if len(name) > 2 else (n if n >= _GENERIC_EVERYDAY else 0)
        if score > best:
            scores[name] = score
    return max(scores, key=lambda name: (scores[name], name)) if scores else None


def _best(scores: Counter[str], text: str) -> str:
    """The top-scoring county; among equals, the one whose province or prefecture the text names."""
    top = max(scores.values())
    tied = sorted(n for n, s in scores.items() if s == top)
    if len(tied) == 1:
        return tied[0]

    def named_places(name: str) -> int:
        entry = gazetteer.lookup(name, text)
        return gazetteer.place_hints(entry, text) if entry else 0

    return max(tied, key=named_places)


def _longer_unknown_name(name: str, text: str) -> str | None:
    """`岚县` read inside `青岚县`: a one-character county name that is mostly preceded by the
    same character names a longer county the gazetteer does not know."""
    if len(name) != 2:
        return None
    before = Counter(text[m.start() - 1] for m in re.finditer(name, text) if m.start() > 0)
    if not before:
        return None
    char, n = before.most_common(1)[0]
    longer = char + name
    if n * 2 <= sum(before.values()) or not "\u4e00" <= char <= "\u9fff" or char in _NOT_A_COUNTY \
            or char in _FUNCTION_CHARS or longer in gazetteer.by_name():
        return None
    # a real longer name is also used as a place name without its 县 (`推进青岚高质量发展`)
    stem = longer[:-1]
    if not re.search(re.escape(stem) + "(?!县)", text):
        return None
    return longer


def _named(name: str, text: str) -> tuple[str, gazetteer.County | None]:
    """The gazetteer's county for a name read before 人民政府; words caught in front of the
    name (`印发平陆县`) are dropped when a shorter ending is a known county."""
    for start in range(len(name) - 1):
        entry = gazetteer.lookup(name[start:], text)
        if entry:
            return entry.name, entry
    return name, None


def _issuer(line: str) -> re.Match[str] | None:
    """`_ISSUER.search(line)`, started where a match can start: at most 18 characters (a name
    of 15 and 自治县) before the first 人民政府; its lazy name group tries 15 lengths at every
    character it is started on."""
    pos = line.find("人民政府")
    return None if pos < 0 else _ISSUER.search(line, max(0, pos - 18))


def find_county(lines: list[str], title: str | None = None) -> tuple[str | None, gazetteer.County | None, str | None]:
    """(county name, gazetteer entry, issuer): from the issuing body, the title, else mentions.

    A county the gazetteer does not know keeps its name, with no entry.
    """
    text = "\n".join(lines)
    found: list[tuple[str, gazetteer.County | None, str]] = []
    for line in lines[:80]:
        m = _issuer(squeeze(line)) if "府" in line else None
        if m:
            name, entry = _named(m.group(1), text)
            found.append((name, entry, name + "人民政府" + (m.group(2) or "")))
    if found:
        # a letterhead names the government; the office that issues says 办公室
        county = found[0][0]
        return max((f for f in found if f[0] == county), key=lambda f: f[2].endswith("办公室"))
    m = _COUNTY_IN_TITLE.search(squeeze(title or ""))
    if m:
        return (*_named(m.group(1), text), None)
    # a county named on a title line (`台安县2023年《政府工作报告》…清单`)
    for line in lines[:20]:
        if "政府工作报告" in line:
            named = [n for n, c in _count_mentions(squeeze(line)).items() if c >= 3]  # full names
            if len(named) == 1:
                return named[0], gazetteer.lookup(named[0], text), None
    counts = _count_mentions(text)
    generic = _generic_mention(text, max(counts.values(), default=0))
    if generic:
        return generic, gazetteer.lookup(generic, text), None
    if counts:
        name = _best(counts, text)
        longer = _longer_unknown_name(name, text)
        if longer:
            return longer, None, None
        return name, gazetteer.lookup(name, text), None
    # a county unknown to the gazetteer, named only in passing (`青岚县居家养老服务中心`)
    words = Counter(w for m in _ANY_COUNTY.finditer(text)
                    if (w := m.group(1))[0] not in _NOT_A_COUNTY and w[-1] not in _NOT_A_COUNTY)
    if words:
        return words.most_common(1)[0][0] + "县", None, None
    return None, None, None


def find_year(lines: list[str], title: str | None) -> int | None:
    if title:
        m = _YEAR.search(title)
        if m:
            return int(m.group(1))
    counts = Counter(m.group(1) for line in lines[:200] for m in _YEAR.finditer(line))
    return int(counts.most_common(1)[0][0]) if counts else None


def find_doc_number(lines: list[str]) -> str | None:
    for line in lines[:80]:
        m = _DOC_NUMBER.search(line)
        if m:
            return squeeze(m.group(0))
    return None


def read_document(name: str, lines: list[str], layout: str, *, kind: str = "tasks",
                  sha256: str | None = None) -> Document:
    title = find_title(lines)
    county, entry, issuer = find_county(lines, title)
    return Document(
        doc=name,
        county=county,
        province=entry.province if entry else None,
        prefecture=entry.prefecture if entry else None,
        admin_code=entry.admin_code if entry else None,
        year=find_year(lines, title),
        title=title,
        layout=layout,
        issuer=issuer,
        doc_number=find_doc_number(lines),
        kind=kind,
        sha256=sha256,
    )
