"""Document-level facts read from the text itself: county, year, title, issuer, 文号."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from kg.extract import government
from kg.extract.common import chinese_number, squeeze
from kg.extract.government import Government, mention_doubt
from kg.extract.resources import gazetteer, segmenter
from kg.extract.resources.scan import LongestFirst
from kg.model import Document, Extraction

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


def find_county(lines: list[str], title: str | None = None,
                people: Iterable[str] = ()) -> tuple[str | None, gazetteer.County | None, str | None]:
    """(county name, gazetteer entry, issuer): from the issuing body, the title, else mentions.

    A county the gazetteer does not know keeps its name, with no entry. `people`: names of the
    document's own people, which are never place mentions.
    """
    name, entry, issuer, _ = _county_evidence(lines, title, people)
    return name, entry, issuer


def _county_evidence(lines: list[str], title: str | None, people: Iterable[str] = (),
                     ) -> tuple[str | None, gazetteer.County | None, str | None, tuple[str, str | None]]:
    """`find_county`, and how it was found: ("issuer" | "title" | "mentions" | "none", doubt)."""
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
        best = max((f for f in found if f[0] == county), key=lambda f: f[2].endswith("办公室"))
        return (*best, ("issuer", None))
    m = _COUNTY_IN_TITLE.search(squeeze(title or ""))
    if m:
        return (*_named(m.group(1), text), None, ("title", None))
    # a county named on a title line (`台安县2023年《政府工作报告》…清单`)
    for line in lines[:20]:
        if "政府工作报告" in line:
            named = [n for n, c in _count_mentions(squeeze(line)).items() if c >= 3]  # full names
            if len(named) == 1:
                return named[0], gazetteer.lookup(named[0], text), None, ("title", None)
    masked = mask_people(text, people)
    counts = _count_mentions(masked)
    generic = _generic_mention(masked, max(counts.values(), default=0))
    if generic:
        return generic, gazetteer.lookup(generic, text), None, ("mentions", None)
    if counts:
        name = _best(counts, masked)
        ranked = sorted(((s, n) for n, s in counts.items() if n != name), reverse=True)
        runner = (ranked[0][1], ranked[0][0]) if ranked else None
        longer = _longer_unknown_name(name, masked)
        if longer:
            return longer, None, None, ("mentions", f"{longer}, a name the gazetteer does not know, "
                                                   f"read around mentions of {name}")
        return name, gazetteer.lookup(name, text), None, (
            "mentions", mention_doubt(name, counts[name], runner))
    # a county unknown to the gazetteer, named only in passing (`青岚县居家养老服务中心`)
    words = Counter(w for m in _ANY_COUNTY.finditer(masked)
                    if (w := m.group(1))[0] not in _NOT_A_COUNTY and w[-1] not in _NOT_A_COUNTY)
    if words:
        name = words.most_common(1)[0][0] + "县"
        return name, None, None, ("mentions", f"{name}, a name the gazetteer does not know, mentioned in passing")
    return None, None, None, ("none", None)


def mask_people(text: str, people: Iterable[str]) -> str:
    """The text with the names of the document's own people blanked out (same length): a
    leader called 王永胜 is no mention of 永胜县."""
    for name in sorted({p for p in people if len(p) >= 2}, key=len, reverse=True):
        if name in text:
            text = text.replace(name, "□" * len(name))
    return text


def find_government(lines: list[str], title: str | None = None, *, kind: str = "tasks",
                    people: Iterable[str] = ()) -> Government:
    """The document's government at any level (kg.extract.government): the State Council, the
    issuing body, the title, a report's delivery line, else mentions of county names."""
    text = "\n".join(lines)
    if government.is_national(lines):
        return government.NATIONAL
    found = government.from_issuer(lines, text)
    if found is not None and found.level != "county":
        return found
    name, entry, issuer, (evidence, doubt) = _county_evidence(lines, title, people)
    if evidence in ("issuer", "title"):
        gov = government.of_county(entry) if entry else government.unknown_place(name or "")
        return replace(gov, issuer=issuer, evidence=evidence)
    for other in (government.from_title(title, text), government.from_delivery(lines, text)):
        if other is not None:
            return other
    if kind == "report":
        level = government.opening_level(lines)
        if level in ("province", "prefecture", "city"):
            upper = government.from_upper_mentions(mask_people(text, people),
                                                   "province" if level == "province" else "prefecture")
            if upper is not None and (level != "city" or name is None or upper.doubt is None):
                return upper
    if name is None:
        return government.UNKNOWN
    gov = government.of_county(entry) if entry else government.unknown_place(name)
    if gov.level != "county":  # a mention-only name is a county's, whatever its ending
        gov = replace(gov, level="county", county=name, province=None, prefecture=None)
    return replace(gov, evidence=evidence, doubt=doubt)


def find_year(lines: list[str], title: str | None, *, kind: str = "tasks") -> int | None:
    """The plan year: the title's; a report's from its headings, its `2023年是…` sentence or its
    delivery date (find_report_year); else the year the top of the document names most."""
    if title:
        m = _YEAR.search(title)
        if m:
            return int(m.group(1))
    if kind == "report":
        year = find_report_year(lines)
        if year is not None:
            return year
    counts = Counter(m.group(1) for line in lines[:200] for m in _YEAR.finditer(line))
    return int(counts.most_common(1)[0][0]) if counts else None


_PART = re.compile(r"^[\s\u3000]*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
_REVIEW_WORDS = re.compile(r"回顾|总结")
_PLAN_WORDS = re.compile(r"任务|重点工作|部署|总体要求|安排|建议|目标|政策取向")
_YEAR_IS = re.compile(r"^[\s\u3000]*(20\d\d)年(?:是|，是|,是)")
_DELIVERED = re.compile(r"(20\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,6}在.{2,40}(?:人民代表大会|人代会)")


def find_report_year(lines: list[str]) -> int | None:
    """A work report's plan year: a plan part's heading (`三、2019年政府工作任务`), a review
    part's heading plus one (`一、2018年工作回顾`), the plan's `2013年是…之年`, the delivery
    date (`——2017年3月5日在…人民代表大会…上`), the session of the National People's Congress
    it was delivered to, the review's `2022年是…` plus one."""
    plan: int | None = None
    review: int | None = None
    year_is: int | None = None
    reviewed_is: int | None = None
    delivered: int | None = None
    session: int | None = None
    in_review = False
    for line in lines:
        if _PART.match(line) and len(line.strip()) <= 60:
            m = _YEAR.search(line)
            in_review = bool(_REVIEW_WORDS.search(line))
            if m and in_review:
                review = review or int(m.group(1)) + 1
            elif m and _PLAN_WORDS.search(line):
                plan = plan or int(m.group(1))
        elif m := _YEAR_IS.match(line):
            if in_review:  # 2022年是党和国家历史上极为重要的一年: the year reviewed
                reviewed_is = reviewed_is or int(m.group(1)) + 1
            else:
                year_is = year_is or int(m.group(1))
        elif delivered is None and (m := _DELIVERED.search(line)):
            delivered = int(m.group(1))
        if session is None and (m := _NPC_SESSION.search(line)):
            session = _npc_year(m.group(1), m.group(2))
    for year in (plan, review, year_is, delivered, session, reviewed_is):
        if year is not None:
            return year
    return None


# 第十三届全国人民代表大会第三次会议: the 13th NPC, elected in 2018, meets yearly from then
_NPC_SESSION = re.compile(r"第([一二三四五六七八九十]{1,3})届全国人民代表大会第([一二三四五六七八九十]{1,2})次会议")


def _npc_year(term: str, meeting: str) -> int | None:
    """The year of a session of the National People's Congress: the 5th was elected in 1978 and
    every later one five years after the one before (the 14th in 2023)."""
    n, k = chinese_number(term), chinese_number(meeting)
    if n < 5 or not 1 <= k <= 5:
        return None
    return 1978 + 5 * (n - 5) + k - 1


def find_doc_number(lines: list[str]) -> str | None:
    for line in lines[:80]:
        m = _DOC_NUMBER.search(line)
        if m:
            return squeeze(m.group(0))
    return None


@dataclass(frozen=True, slots=True)
class Overrides:
    """What the user states for every file of a run (`kg extract --county NAME --year N`),
    replacing detection."""

    county: str | None = None
    year: int | None = None

    def __bool__(self) -> bool:
        return self.county is not None or self.year is not None


def read_document(name: str, lines: list[str], layout: str, *, kind: str = "tasks",
                  sha256: str | None = None, overrides: Overrides | None = None) -> Document:
    return read_document_and_government(name, lines, layout, kind=kind, sha256=sha256, overrides=overrides)[0]


def read_document_and_government(
    name: str, lines: list[str], layout: str, *, kind: str = "tasks", sha256: str | None = None,
    overrides: Overrides | None = None,
) -> tuple[Document, Government]:
    """The document's facts, and how its government was found (`settle_government` reads it)."""
    title = find_title(lines)
    gov = find_government(lines, title, kind=kind)
    if overrides is not None and overrides.county:
        # the issuing body stays as written; the government is the one the user states
        given = government.resolve(overrides.county, "\n".join(lines))
        gov = replace(given, evidence="given", issuer=gov.issuer)
    year = overrides.year if overrides is not None and overrides.year else find_year(lines, title, kind=kind)
    doc = Document(
        doc=name,
        county=None,
        province=None,
        prefecture=None,
        admin_code=None,
        year=year,
        title=title,
        layout=layout,
        doc_number=find_doc_number(lines),
        kind=kind,
        sha256=sha256,
    )
    apply_government(doc, gov)
    return doc, gov


def apply_government(doc: Document, gov: Government) -> None:
    """Set the document's government fields (the record's `county` only for a county)."""
    doc.county = gov.county
    doc.province = gov.province
    doc.prefecture = gov.prefecture
    doc.admin_code = gov.admin_code
    doc.issuer = gov.issuer
    doc.government = gov.name
    doc.level = gov.level
    doc.parent = gov.parent
    doc.parent_code = gov.parent_code


def people_of(ex: Extraction) -> set[str]:
    """The names of the document's own people: leaders, stated roles and duties, the speaker."""
    doc = ex.document
    names = {n for task in ex.tasks for n in task.leaders}
    names.update(doc.leader_roles, doc.leader_duties)
    if doc.speaker and doc.speaker.get("name"):
        names.add(doc.speaker["name"])
    return names


def settle_government(lines: list[str], ex: Extraction, gov: Government) -> tuple[int, str] | None:
    """Detect the government again with the document's people masked, when only mentions
    named it (`gov`, as first found); update the extraction; (line, message) when the
    evidence stays uncertain."""
    doc = ex.document
    if gov.evidence != "mentions":
        return None
    people = people_of(ex)
    if people:
        gov = find_government(lines, doc.title, kind=doc.kind, people=people)
        if gov.name != doc.government:
            apply_government(doc, gov)
            for task in ex.tasks:
                task.county = doc.county
            for term in ex.terms:
                term.county = doc.county
    if gov.doubt is None:
        return None
    first = next((i for i, line in enumerate(lines, 1) if gov.name and gov.name in line), 1)
    return first, gov.doubt
