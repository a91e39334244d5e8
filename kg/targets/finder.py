"""Quantified targets in one piece of text (a task, or a paragraph of a report).

A target is a measured quantity (`kg.targets.numbers.scan`) with the metric phrase it
applies to, or a relative target (城镇居民人均可支配收入与经济增长基本同步) with none.

For each quantity:
- the metric phrase is read back from the number to the start of its clause item (or
  the previous target): 地区生产总值 | 增长 | 7% | 左右. A counted quantity followed by
  a noun takes the noun (新建 50 套 | 保障性住房); an empty phrase takes the noun after
  the number (完成 80%的 | 绿化及交安任务) or, failing that, the previous metric
  (必保完成49亿元，力争完成 | 57.5亿元);
- 分别 pairs a list of subjects with a run of numbers (城乡居民… 分别增长8%9%左右:
  城镇… 8, 农村… 9, the trailing 左右 applying to both); 均 repeats one number over a
  list of subjects;
- numbers that describe a project rather than set a target are dropped (年产50万吨…项目,
  投资7.28亿元的…, 5000头肉牛养殖基地, 十五条硬措施, 去年完成…);
- modifier: a range (80～150) > the suffix (左右 around; 以上 at least; 以内/以下 at most)
  > the verb (控制在 at most; 不低于/不少于/至少/超过/突破 at least) > point;
- kind: `growth` for a change (增长/提高/下降 …%, 个百分点, a price rise), `count` for
  things counted (个, 家, 户, 人…), `level` otherwise (亿元, 万亩, a rate reached);
- hedge: the nearest 力争/确保/必保/努力… before it in the sentence, else a trailing
  "在实际工作中尽可能争取更好结果".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass

from kg.model import Target
from kg.targets.bounds import bounds, hardness
from kg.targets.metric import DEFAULT_METHOD, MetricResolver
from kg.targets.numbers import ANY_NUMBER, AROUND, AT_LEAST, AT_MOST, Quantity, normalise, scan

_CLAUSE_SEP = "，,。；;：:！!？?\n"
_SENT_SEP = "。；;！!？?\n"
_CLAUSE_SPLIT = re.compile(f"[{_CLAUSE_SEP}]")
_ITEM_SPLIT = re.compile(f"[{_CLAUSE_SEP}、]")
_SENT_SPLIT = re.compile(f"[{_SENT_SEP}]")

_TRAILING = re.compile(
    r"(?:\s|同比|比上年|比去年|较上年|年均|平均|分别|均|都|再|可|要|约|共|各|累计|合计|总计|实际"
    r"|增长|增加|增速|增幅|降幅|提高到|提高至|提高|提升到|提升至|提升|上涨|下降到|下降至|下降|降低到"
    r"|降低至|降低|降到|降至|减少|达到|达|完成|实现|突破|超过|稳定在|保持在|控制在|不低于|不少于"
    r"|不超过|不高于|不到|低于|高于|至少|为|力争|争取|确保|必保|增加到|增加至|上升到|上升至|回落到|回落至|从)$"
)
_TRAILING_LONGEST = 3  # characters in _TRAILING's longest word (tests/test_targets.py checks)
_LEADING = re.compile(
    r"^(?:\s|[，,、：:；;]|的|[一二三四五六七八九十]+是|力争达到|力争实现|力争|确保|必保|力保|努力实现|努力"
    r"|争取|全年|今年|年内|本年|\d{4}年|全县|全市|我县|县域|累计|计划|预计|其中|同时|至少|再|规划建设"
    r"|实施|建设|推进|加快推进|加快|开展|建成|全力|大力|持续|积极|抓好|推动|深化|启动|扎实|全面"
    r"|进一步|着力|完成|实现|落实|发展|并|及|和|在)"
)
_GENERIC_HEAD = frozenset({"总量", "总额", "总值", "规模", "经济总量"})
_TIME_ONLY = re.compile(r"^(?:[一二三四]季度|上半年|下半年|年底|年末|年内|月底|全年)$")
_GROWTH_VERB = re.compile(r"(?:增长|增加|提高|提升|上涨|下降|降低|减少|增速|增幅|涨幅|降幅)(?!至|到)")
_DECLINE_VERB = re.compile(r"下降|降低|减少|降幅")
_AT_LEAST_VERB = re.compile(r"不低于|不少于|至少|(?<!不)超过|突破|(?<!不)高于|多于|大于|不下于")
_AT_MOST_VERB = re.compile(r"控制在|不超过|不高于|(?<!不)低于|(?<!不)少于|不到|压减到|压降至")
_HEDGE = re.compile(
    r"力争达到|力争实现|力争|确保|必保|努力实现|努力达到|努力争取|争取达到|争取实现|(?<![着大])努力"
)
_TRAILING_HEDGE = re.compile(r"争取更好|更好结果|更高目标|更好成绩|更好水平")
_RELATIVE = re.compile(
    r"(?:与|同|和)(?:全县|全市|全省)?(?:经济增长|经济发展|地区生产总值增长|GDP增长|经济增速|经济)"
    r"(?:保持)?(?:基本)?同步(?:增长)?"
    r"|(?:略高于|稍高于|高于|快于|不低于|跑赢|超过)(?:全国|全省|全市|全县)?(?:平均)?"
    r"(?:经济增长|经济|地区生产总值|GDP|居民收入)?(?:增长|增速|增幅)?(?:平均)?(?:水平|速度)?"
)
# a project named by its capacity or size, not a target
_SPEC_NOUNS = ("项目", "基地", "生产线", "电站", "产能", "工程", "厂")
_CAPACITY_BEFORE = re.compile(r"(?:年产|年处理|日处理|年加工|年产能|装机|装机容量|设计产能|产能)$")
_REFERENCE_NOUN = re.compile(r"(?:举措|措施|条例|规定|意见|细则|行动)$")
_PAST_WORDS = ("去年", "上年", "2022年", "前年")
_FORWARD_CUT = re.compile(
    r"的|\d|达到|达|稳步|提高|增长|实现|完成|提供|开展|投入|落地|竣工|建成|开工|提速|投产|并网|尽快|等"
)
_FORWARD_TAIL = re.compile(r"(?:提速建设|改造提升|建设|改造|提升|和|及|与|、)+$")
_KEEP_VERB = re.compile(r"^(?:新增|新建|新培育|新认定|新打造|新开工|净增|新改建|改造|落户|打造|创建|培育|引进|增设)$")
_TIME_WORD = re.compile(r"^(?:[一二三四]季度|上半年|下半年|年底|年末|年内|月底|全年)")
_LIST_SPLIT = re.compile(r"[、和及与]")


@dataclass(slots=True)
class Found:
    """A target before document context: positions in the text it was read from."""

    metric: str
    metric_text: str
    value: float | None
    value_max: float | None
    unit: str | None
    kind: str
    modifier: str
    relative: str | None
    hedge: str | None
    quote: str
    start: int  # metric phrase (or quantity) start
    q_start: int  # the number, or the relative phrase
    q_end: int
    raw: str  # the quantity as written (for locating its line)

    absent_reason: str | None = None  # an explicitly absent target (kg.targets.absent)

    def to_target(self, *, doc: str, county: str | None, task: str | None, line: int,
                  headline: bool, government: str | None = None, year: int | None = None) -> Target:
        lower, upper = bounds(self.value, self.value_max, self.unit, self.modifier)
        return Target(
            doc=doc, county=county, task=task, metric=self.metric, metric_text=self.metric_text,
            value=self.value, value_max=self.value_max, unit=self.unit, kind=self.kind,
            modifier=self.modifier, relative=self.relative, hedge=self.hedge, headline=headline,
            quote=self.quote, line=line, government=government, year=year, lower=lower, upper=upper,
            hardness=hardness(self.modifier, self.hedge), absent_reason=self.absent_reason,
        )


def find_targets(text: str, *, doc: str, county: str | None, task: str | None, line: int,
                 headline: bool = False, method: str = DEFAULT_METHOD) -> list[Target]:
    """Every quantified or relative target in `text`, in order of appearance."""
    return [
        f.to_target(doc=doc, county=county, task=task, line=line, headline=headline)
        for f in scan_targets(text, method=method)
    ]


_RESOLVERS: dict[str, MetricResolver] = {}


def resolver(method: str = DEFAULT_METHOD) -> MetricResolver:
    if method not in _RESOLVERS:
        _RESOLVERS[method] = MetricResolver(method)
    return _RESOLVERS[method]


def scan_targets(text: str, *, method: str = DEFAULT_METHOD, review: bool = False) -> list[Found]:
    """`review`: the text states what was achieved (kg.targets.actuals), so values of past
    years are what it is read for, not skipped."""
    norm = normalise(text)
    # most task texts set no target: two cheap tests skip the clause analysis
    quantities = scan(text, norm) if ANY_NUMBER.search(norm) else []
    relatives = _relatives(norm) if any(map(norm.__contains__, _RELATIVE_WORDS)) else []
    if not quantities and not relatives:
        return []
    return _Scanner(text, norm, resolver(method), review=review).run(quantities, relatives)


# every _RELATIVE match holds one of these
_RELATIVE_WORDS = ("同步", "于", "跑赢", "超过")


def _relatives(norm: str) -> list[re.Match[str]]:
    return [m for m in _RELATIVE.finditer(norm) if _relative_ok(norm, m)]


def _relative_ok(norm: str, m: re.Match[str]) -> bool:
    word = m.group()
    if word.endswith(("同步", "同步增长")):
        return True
    verb = re.match(r"略高于|稍高于|高于|快于|不低于|跑赢|超过", word)
    rest = word[verb.end():] if verb else ""
    nxt = norm[m.end():m.end() + 1]
    return len(rest) >= 2 and not nxt.isdigit()


def _number(value: float | None) -> float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 6)


def _spans(text: str, seps: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in seps.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


class _Spans:
    """The text cut at separators; the span holding a position is found by bisection (a
    long cell has tens of thousands of clauses, and each quantity asks several times)."""

    __slots__ = ("spans", "starts")

    def __init__(self, text: str, seps: re.Pattern[str]):
        self.spans = _spans(text, seps)
        self.starts = [s for s, _ in self.spans]

    def containing(self, pos: int) -> tuple[int, int]:
        """The span with s <= pos < e, or the empty span at pos; else (on a separator after
        a non-empty span) the last span, as the first-match scan this replaces answered."""
        i = bisect_right(self.starts, pos) - 1
        if i >= 0:
            s, e = self.spans[i]
            if pos < e or pos == e == s:
                return s, e
        return self.spans[-1]


def _clean_lookback(raw: str) -> tuple[str, str, int]:
    """(phrase, verbs stripped from its end, offset of phrase in raw)."""
    s, tail = raw, ""
    while True:
        # the match ends the string: searching only its last characters is the same search,
        # without an attempt at every earlier character
        m = _TRAILING.search(s, max(0, len(s) - _TRAILING_LONGEST))
        if not m or m.start() == m.end():
            break
        tail = m.group() + tail
        s = s[:m.start()]
    offset = 0
    while True:
        m = _LEADING.match(s)
        if not m or not m.group():
            break
        offset += m.end()
        s = s[m.end():]
    return s.strip(), tail, offset + (len(s) - len(s.lstrip()))


def _verb_modifier(raw: str) -> str:
    """控制在 / 不低于 … before the number; the one nearest the number wins."""
    best, modifier = -1, "point"
    for pattern, mod in ((_AT_MOST_VERB, AT_MOST), (_AT_LEAST_VERB, AT_LEAST)):
        for m in pattern.finditer(raw):
            if m.start() > best:
                best, modifier = m.start(), mod
    return modifier


def _occurrences(text: str, word: str) -> list[int]:
    """Every start of `word` in `text`, overlapping ones too."""
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


class _Words:
    """Every occurrence of some words in a text, found once: whether one lies wholly in
    text[pos:end] is then a bisection, not a search of that stretch."""

    __slots__ = ("starts", "least_end")

    def __init__(self, text: str, words: tuple[str, ...]):
        spans = sorted((i, i + len(w)) for w in words for i in _occurrences(text, w))
        self.starts = [s for s, _ in spans]
        # the earliest end of an occurrence starting at or after each one
        self.least_end = [e for _, e in spans]
        for k in range(len(spans) - 2, -1, -1):
            self.least_end[k] = min(self.least_end[k], self.least_end[k + 1])

    def within(self, pos: int, end: int) -> bool:
        i = bisect_left(self.starts, pos)
        return i < len(self.starts) and self.least_end[i] <= end


def _change_kind(verbs: str) -> str:
    """`reduction` when the change verb nearest the number is a decline (下降, 降低, 减少, 降幅):
    the value is then the size of the decline (能耗下降3% -> reduction 3); else `growth`."""
    last = list(_GROWTH_VERB.finditer(verbs))[-1].group()
    return "reduction" if _DECLINE_VERB.search(last) else "growth"


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


class _Scanner:
    def __init__(self, text: str, norm: str, res: MetricResolver, *, review: bool = False):
        self.review = review
        self.text = text
        self.norm = norm  # normalise(text)
        self.res = res
        self.found: list[Found] = []
        self._ends: list[int] = []  # every found q_end, sorted
        self._quotes: dict[tuple[int, int], str] = {}
        self._hedges: tuple[list[int], list[int]] | None = None  # every _HEDGE match: starts, ends
        self._trailing: dict[int, bool] = {}  # clause start -> a trailing hedge with no digit
        self._last_de: dict[int, int] = {}  # clause end -> its last 的
        self._nested: dict[tuple[int, int], str] = {}
        self._spaces: list[int] | None = None  # positions of " "
        self._found_words: dict[str, _Words] = {}

    # -- driver -------------------------------------------------------------------------------

    def run(self, quantities: list[Quantity], relatives: list[re.Match[str]]) -> list[Found]:
        self.clauses = _Spans(self.norm, _CLAUSE_SPLIT)
        self.items = _Spans(self.norm, _ITEM_SPLIT)
        self.sentences = _Spans(self.norm, _SENT_SPLIT)
        q_starts = [q.start for q in quantities]  # sorted: scan() returns them in order
        r_starts = [m.start() for m in relatives]
        done: set[int] = set()
        for cs, ce in self.clauses.spans:
            qs = quantities[bisect_left(q_starts, cs):bisect_left(q_starts, ce)]
            split = self.norm.find("分别", cs, ce)
            if split >= 0 and qs and qs[0].start > split:
                group = [qs[0]]
                for q in qs[1:]:
                    gap = self.norm[group[-1].end:q.start]
                    if re.fullmatch(r"[\s、，,和及与]*", gap):
                        group.append(q)
                    else:
                        break
                if len(group) > 1 or self._subjects(self.norm[cs:split]):
                    self._respectively(cs, split, group)
                    done.update(id(q) for q in group)
            elif len(qs) > 1 and re.fullmatch(r"\s*[和及与、]\s*", self.norm[qs[0].end:qs[1].start]):
                # 城镇居民…和农村居民…实际增长8.4%和11.4%: two subjects, two numbers, in order
                group = [qs[0], qs[1]]
                if len(self._subjects(self.norm[self._region_start(cs, "clause"):qs[0].start])) == 2:
                    self._respectively(cs, qs[0].start, group)
                    done.update(id(q) for q in group)
            events: list[tuple[int, object]] = [(q.start, q) for q in qs if id(q) not in done]
            events += [(m.start(), m) for m in relatives[bisect_left(r_starts, cs):bisect_left(r_starts, ce)]]
            for _, ev in sorted(events, key=lambda e: e[0]):
                if isinstance(ev, Quantity):
                    self._single(ev)
                else:
                    self._relative(ev)  # type: ignore[arg-type]
        self.found.sort(key=lambda f: (f.q_start, f.start))
        return self.found

    # -- pieces -------------------------------------------------------------------------------

    def _keep(self, found: Found) -> None:
        self.found.append(found)
        insort(self._ends, found.q_end)  # nearly always at the end: ends grow with the text

    def _quote(self, pos: int) -> str:
        span = self.clauses.containing(pos)
        quote = self._quotes.get(span)
        if quote is None:  # every target of a clause quotes it
            quote = self._quotes[span] = self.text[span[0]:span[1]].strip()
        return quote

    def _hedge(self, pos: int, clause_end: int) -> str | None:
        ss, se = self.sentences.containing(pos)
        before = self._hedge_before(ss, pos)
        if before is not None:
            return self.text[before[0]:before[1]]
        # "…增长7%左右，在实际工作中尽可能争取更好结果"
        nxt_s, nxt_e = self.clauses.containing(min(clause_end + 1, len(self.norm)))
        if clause_end < len(self.norm) and nxt_s > pos and nxt_e <= se:
            trailing = self._trailing.get(nxt_s)
            if trailing is None:
                clause = self.norm[nxt_s:nxt_e]
                trailing = self._trailing[nxt_s] = bool(
                    _TRAILING_HEDGE.search(clause) and not re.search(r"\d", clause))
            if trailing:
                return self.text[nxt_s:nxt_e].strip()
        return None

    def _hedge_before(self, ss: int, pos: int) -> tuple[int, int] | None:
        """The last _HEDGE match of `norm[ss:pos]` (searched there, pos as its end).

        Read from one search of the whole text: no hedge word holds a sentence separator, so
        none crosses ss and the matches after ss are the same either way; a match that would
        cross pos (never seen: pos is a number or a relative phrase) is searched for again."""
        if self._hedges is None:
            spans = [m.span() for m in _HEDGE.finditer(self.norm)]
            self._hedges = ([s for s, _ in spans], [e for _, e in spans])
        starts, ends = self._hedges
        i = bisect_left(starts, pos) - 1
        if i < 0 or starts[i] < ss:
            return None
        if ends[i] <= pos:
            return starts[i], ends[i]
        before = list(_HEDGE.finditer(self.norm, ss, pos))
        return before[-1].span() if before else None

    def _region_start(self, pos: int, level: str = "item") -> int:
        spans = self.items if level == "item" else self.clauses
        s, _ = spans.containing(pos)
        return max(s, self._last_found_end(s, pos))

    def _last_found_end(self, start: int, pos: int) -> int:
        """The largest q_end found in [start, pos], else start."""
        i = bisect_right(self._ends, pos)
        return self._ends[i - 1] if i and self._ends[i - 1] >= start else start

    def _forward(self, q: Quantity) -> str:
        """The noun a number counts, read forward: 110个 | 重点项目."""
        _, ie = self.items.containing(q.start)
        cs, ce = self.clauses.containing(q.start)
        norm = self.norm
        # read up to the first cut only, not the rest of the item (a long cell is one item)
        pos = q.end
        nested = pos < ie and norm[pos].isdigit()
        span = ""
        if not nested:
            while pos < ie and norm[pos] in " 的":
                pos += 1
            if pos < ie and norm[pos] in "和及与":  # 县城3处和康城…: the noun is elsewhere
                return ""
            m = _FORWARD_CUT.search(norm, pos, ie) if pos < ie else None
            if m:
                nested = m.group().isdigit() and m.start() > pos
            span = norm[pos:m.start() if m else max(pos, ie)]
        if nested:
            # 1所80～150个托位的示范性…机构, 3个收益20万元以上、…的村集体经济组织:
            # the noun after the last 的 of the clause
            cut = self._last_de.get(ce)
            if cut is None:  # the clause's last 的, looked for once
                cut = self._last_de[ce] = norm.rfind("的", cs, ce)
            if cut >= q.end:
                known = self._nested.get((cut, ce))
                if known is None:
                    tail = norm[cut + 1:ce]
                    m = _FORWARD_CUT.search(tail)
                    known = self._nested[(cut, ce)] = tail[:m.start()] if m else tail
                span = known
            elif span[:1].isdigit() or len(span) < 2:
                span = ""
        return _FORWARD_TAIL.sub("", span.strip())

    def _skip(self, q: Quantity, start: int) -> bool:
        """Whether the quantity describes a project, a baseline or the past; `start`: where
        its item's unread text begins. Asked of positions, not of a copy of that text: a
        long cell of skipped numbers would copy more of it for every number."""
        if _CAPACITY_BEFORE.search(self._tail(start, q.start, 5)):
            return True
        if not self.review and self._words("past").within(self._unspaced(start), self._unspaced(q.start)):
            return True
        _, ce = self.clauses.containing(q.start)
        if self._words("baseline").within(q.end, ce):
            return True  # 在完成省政府12件…民生实事的基础上: a baseline
        # the rest of the clause, past spaces: only its first character and nouns are asked
        after = self._visible(q.end, ce)
        first = self.norm[after:after + 1] if after < ce else ""
        if (first == "的" and not q.is_percent and not q.is_count
                and re.search(r"投资$", self._tail(start, q.start, 3))):
            return True  # 投资7.28亿元的…项目
        measure = not q.is_percent and (not q.is_count or q.is_capacity)
        if measure and _is_cjk(first) and first != "的" and self._words("spec").within(after, ce):
            return True  # 年产 / 3 万吨锂电池…等项目 / 5000头肉牛养殖基地 / 5000万元以上项目
        return bool(q.is_count and _REFERENCE_NOUN.search(self._forward(q)))

    def _visible(self, pos: int, end: int) -> int:
        """The first position from pos that is not whitespace (as str.lstrip), at most end."""
        norm = self.norm
        while pos < end and norm[pos].isspace():
            pos += 1
        return pos

    def _tail(self, start: int, end: int, n: int) -> str:
        """The last n characters of norm[start:end] without its spaces: a search anchored at
        its end ($, so a final newline too) for words of up to n - 1 characters."""
        norm, pos = self.norm, end - 1
        out: list[str] = []
        while pos >= start and len(out) < n:
            if norm[pos] != " ":
                out.append(norm[pos])
            pos -= 1
        return "".join(reversed(out))

    def _unspaced(self, pos: int) -> int:
        """Where pos falls in the text without its spaces."""
        if self._spaces is None:
            self._spaces = [m.start() for m in re.finditer(" ", self.norm)]
        return pos - bisect_left(self._spaces, pos)

    def _words(self, name: str) -> _Words:
        found = self._found_words.get(name)
        if found is None:
            if name == "past":  # read in the text without spaces (去 年 is 去年)
                found = _Words(self.norm.replace(" ", ""), _PAST_WORDS)
            else:
                found = _Words(self.norm, _SPEC_NOUNS if name == "spec" else ("基础上",))
            self._found_words[name] = found
        return found

    def _subjects(self, phrase: str) -> list[str]:
        phrase, _, _ = _clean_lookback(phrase)
        parts = [p for p in _LIST_SPLIT.split(phrase) if p]
        if len(parts) > 1:
            # the shared head goes to the parts that lack it: 城镇、农村居民人均可支配收入
            last = parts[-1]
            for i, part in enumerate(parts[:-1]):
                if self.res.resolve(part)[0]:
                    continue
                for k in range(1, len(last)):
                    if self.res.vocab.lookup(part + last[k:]):
                        parts[i] = part + last[k:]
                        break
            return parts
        if phrase.startswith("城乡"):
            rest = phrase[2:]
            urban = [u + rest for u in ("城镇", "城市") if self.res.resolve(u + rest)[0]]
            rural = "农村" + rest
            if urban and self.res.resolve(rural)[0]:
                return [urban[0], rural]
        return []

    # -- target kinds -------------------------------------------------------------------------

    def _single(self, q: Quantity) -> None:
        start = self._region_start(q.start)
        if self._skip(q, start):
            return
        raw = self.norm[start:q.start]
        phrase, tail, offset = _clean_lookback(raw)
        subjects: list[str] = []
        if "均" in tail or raw.rstrip().endswith("均"):
            cstart = self._region_start(q.start, "clause")
            craw = self.norm[cstart:q.start]
            subjects = self._subjects(craw)
            if subjects:
                start, raw = cstart, craw
                phrase, tail, offset = _clean_lookback(raw)
        forward = self._forward(q)
        nxt = self.norm[q.end:q.end + 1]
        metric_id: str | None = None
        phrase_start = start + offset
        prev = self.found[-1] if self.found else None
        kind: str | None = None
        if q.is_count and forward and _is_cjk(nxt) and nxt != "的":
            # 新建 50 套保障性住房: the counted noun follows
            metric_id, _ = self.res.resolve(forward)
            if metric_id is None:
                metric_id, _ = self.res.resolve(raw)
            metric_text = phrase + forward if _KEEP_VERB.match(phrase) else forward
        elif phrase in _GENERIC_HEAD and prev is not None and prev.metric != "other":
            # 国内生产总值增长6.6%，总量突破90万亿元: the total of the metric just named
            metric_id, metric_text = prev.metric, prev.metric_text
        elif phrase and not _TIME_ONLY.match(phrase):
            metric_id, _ = self.res.resolve(raw)
            metric_text = phrase
            if metric_id is None:
                metric_id = self.res.compose(phrase, self._previous_text())
        elif phrase and prev is not None:
            # 一季度开工率达80%以上，二季度达100%
            metric_id = prev.metric if prev.metric != "other" else None
            metric_text = phrase + _TIME_WORD.sub("", prev.metric_text)
        elif forward:
            # 完成 80%的绿化及交安任务: a share of something, not the thing itself
            after = self._visible(q.end, len(self.norm))
            share = q.is_percent and self.norm[after:after + 1] == "的"
            metric_id = None if share else self.res.resolve(forward)[0]
            metric_text = forward
        elif prev is not None:
            # 必保完成49亿元，力争完成57.5亿元 / 增长8%以上，力争达到10%
            metric_id = prev.metric if prev.metric != "other" else None
            metric_text = prev.metric_text
            phrase_start = q.start
            if prev.unit == q.unit:
                kind = prev.kind
        else:
            metric_text = ""
            phrase_start = q.start
        texts = subjects or [metric_text]
        for sub in texts:
            mid = metric_id
            if subjects:
                mid, _ = self.res.resolve(sub)
            self._add(q, mid, sub or self._quote(q.start), raw, phrase_start, kind=kind, tail=tail)

    def _respectively(self, cs: int, split: int, group: list[Quantity]) -> None:
        """A list of subjects 分别 a run of numbers."""
        raw = self.norm[self._region_start(cs, "clause"):split]
        phrase, _, offset = _clean_lookback(raw)
        subjects = self._subjects(raw)
        if len(subjects) != len(group):
            subjects = [phrase] * len(group) if len(subjects) < 2 else subjects
        suffix = next((q.suffix for q in reversed(group) if q.suffix), None)
        for i, q in enumerate(group):
            sub = subjects[i] if i < len(subjects) else phrase
            mid, _ = self.res.resolve(sub)
            if mid is None and sub == phrase:
                mid, _ = self.res.resolve(raw)
            between = self.norm[split:group[0].start]
            self._add(q, mid, sub, raw + between, cs + offset, suffix=q.suffix or suffix,
                      display=sub if sub in phrase else phrase)

    def _relative(self, m: re.Match[str]) -> None:
        start = self._region_start(m.start(), "clause")
        raw = self.norm[start:m.start()]
        phrase, _, offset = _clean_lookback(raw)
        phrase = re.sub(r"(?:增长|增速|增幅|水平)+$", "", phrase)
        if not phrase:
            return
        subjects = self._subjects(raw) if phrase.startswith("城乡") else []
        for sub in subjects or [phrase]:
            mid, _ = self.res.resolve(sub)
            _, ce = self.clauses.containing(m.start())
            self._keep(Found(
                metric=mid or "other", metric_text=phrase, value=None, value_max=None, unit=None,
                kind="growth", modifier="relative", relative=self.text[m.start():m.end()],
                hedge=self._hedge(m.start(), ce), quote=self._quote(m.start()),
                start=start + offset, q_start=m.start(), q_end=m.end(), raw=m.group(),
            ))

    def _add(self, q: Quantity, metric_id: str | None, metric_text: str, raw: str,
             phrase_start: int, *, suffix: str | None = None, display: str | None = None,
             kind: str | None = None, tail: str | None = None) -> None:
        """`tail`: the verbs `_clean_lookback(raw)` strips, when the caller has them."""
        suffix = suffix if suffix is not None else q.suffix
        concept = self.res.vocab.concepts.get(metric_id) if metric_id else None
        verbs = (tail if tail is not None else _clean_lookback(raw)[1]) or raw[-6:]
        if q.value_max is not None:
            modifier = "range"
        elif suffix in ("左右", "上下"):
            modifier = AROUND
        elif suffix:
            modifier = {"以上": AT_LEAST, "及以上": AT_LEAST, "多": AT_LEAST, "余": AT_LEAST,
                        "以内": AT_MOST, "之内": AT_MOST, "以下": AT_MOST}[suffix]
        else:
            modifier = _verb_modifier(raw)
        if kind is not None:
            pass
        elif q.unit in ("个百分点", "百分点"):
            kind = "growth"
        elif q.is_percent:
            if _GROWTH_VERB.search(verbs):
                kind = _change_kind(verbs)
            elif concept and concept.percent_kind:
                kind = concept.percent_kind
            else:
                kind = "level"
        elif q.is_count:
            # 农村贫困人口减少1650万人: a decline counted in people is the size of a reduction
            decline = _GROWTH_VERB.search(verbs) and _change_kind(verbs) == "reduction"
            kind = "reduction" if decline else "count"
        elif _GROWTH_VERB.search(verbs):
            kind = _change_kind(verbs)
        else:
            kind = "level"
        _, ce = self.clauses.containing(q.start)
        self._keep(Found(
            metric=metric_id or "other", metric_text=display or metric_text,
            value=_number(q.value), value_max=_number(q.value_max), unit=q.unit, kind=kind,
            modifier=modifier, relative=None, hedge=self._hedge(q.start, ce),
            quote=self._quote(q.start), start=phrase_start, q_start=q.start, q_end=q.end,
            raw=q.raw,
        ))

    def _previous_text(self) -> str | None:
        return self.found[-1].metric_text if self.found else None
