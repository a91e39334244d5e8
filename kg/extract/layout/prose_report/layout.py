"""Where a prose 政府工作报告 starts and ends, its header, headings, paragraphs and glossary.

A report reaches us wrapped in whatever carried it (a forum post, a portal page): the
report proper starts at its title above the delivery line (`——2023年3月30日在…人民代表
大会…会议上`) and ends with its closing paragraph or, when it has one, its glossary.
Everything outside is chrome and counted, never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cn2an

from kg.extract.common import chinese_number, squeeze

CN_NUM = "一二三四五六七八九十"
# Heading kinds, from the top of the hierarchy down.
HEADING_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第([{CN_NUM}]+)部分[\s\u3000、:：.．]*(.*)$")),
    ("cn", re.compile(rf"^([{CN_NUM}]+)[、.．]\s*(.+)$")),
    ("paren", re.compile(rf"^[（(]([{CN_NUM}]+)[）)]\s*(.+)$")),
)
DELIVERY = re.compile(r"在.{2,40}(人民代表大会|人代会).{0,24}(会议|大会)上")
SPEAKER = re.compile(
    r"(代?(?:县|区|市|旗)长)[\s\u3000:：]*((?:[\u4e00-\u9fff][\s\u3000]*){2,4})$"
)
GLOSSARY_HEADINGS = frozenset(
    {"名词解释", "名词解析", "名词注释", "注释", "注解", "附名词解释", "附注", "名词解释说明"}
)
GLOSSARY_ENTRY = re.compile(
    r"^(?:\d{1,2}[.、．)）]\s*|[（(]\d{1,2}[）)]\s*|[①-⑳]\s*)?"
    r"(?P<term>[^:：。，,；;]{1,30}?)\s*[:：]\s*(?P<def>\S.+)$"
)
TERMINAL = "。！？!?；;：:"
CLOSERS = "”’\"'）)】》"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DATE_DIGITS = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_CN = re.compile(
    r"([〇零一二三四五六七八九○Ｏ]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}


@dataclass(slots=True)
class Para:
    """One paragraph: source lines joined where the layout wrapped them."""

    text: str
    lines: list[int]  # 1-based source line of each joined piece
    offsets: list[int]  # where each piece starts in `text`

    def line_at(self, pos: int) -> int:
        line = self.lines[0]
        for off, num in zip(self.offsets, self.lines, strict=True):
            if off <= pos:
                line = num
        return line


@dataclass(slots=True)
class Heading:
    kind: str
    number: int
    text: str  # everything after the enumerator
    para: Para


@dataclass(slots=True)
class Bounds:
    start: int  # 0-based index of the report's first line
    end: int  # 0-based index of its last line
    glossary: int | None  # 0-based index of the glossary heading


@dataclass(slots=True)
class Header:
    title: str | None = None
    delivered: str | None = None
    speaker: dict[str, str] | None = None
    lines: list[int] = field(default_factory=list)


_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def clean(line: str) -> str:
    """A line without indentation, trailing blanks, zero-width characters (web copies carry
    them) or Markdown emphasis."""
    if max(line, default=" ") >= "\u200b" and _ZERO_WIDTH.search(line):
        line = _ZERO_WIDTH.sub("", line)
    return re.sub(r"^[#>\s\u3000]+", "", line).replace("**", "").strip()


def is_paragraph(text: str) -> bool:
    """Running text: Chinese with sentence punctuation, or long enough to be prose."""
    if not _CJK.search(text):
        return False
    return len(text) >= 30 or (len(text) >= 4 and bool(re.search(r"[。！？!?；;，,]", text)))


def heading_of(text: str) -> tuple[str, int, str] | None:
    for kind, pattern in HEADING_KINDS:
        m = pattern.match(text)
        if m:
            return kind, chinese_number(m.group(1)), m.group(2).strip()
    return None


def is_glossary_heading(text: str) -> bool:
    return re.sub(r"[\s\u3000:：、附]", "", text) in GLOSSARY_HEADINGS or squeeze(text) in (
        GLOSSARY_HEADINGS
    )


def glossary_entry(text: str) -> tuple[str, str] | None:
    m = GLOSSARY_ENTRY.match(text)
    if not m or len(m.group("def").strip()) < 2 or not _CJK.search(m.group("def")):
        return None
    return m.group("term").strip(), m.group("def").strip()


def find_bounds(lines: list[str]) -> Bounds | None:
    """The report's first and last line; None when no report is recognisable."""
    texts = [clean(line) for line in lines]
    start = _find_start(texts)
    if start is None:
        return None
    end = start
    glossary = None
    idx = start
    opened = False  # a part heading or the address to the deputies has been seen
    while idx < len(texts):
        text = texts[idx]
        if not text:
            idx += 1
            continue
        if glossary is not None:
            if glossary_entry(text) is None and not (
                is_paragraph(text) and _next_is_entry(texts, idx)
            ):
                break  # a wrapped definition line continues; anything else is chrome
            end = idx
        elif opened and is_glossary_heading(text):
            glossary = end = idx
        elif heading_of(text) or is_paragraph(text):
            end = idx
            opened = opened or bool(heading_of(text)) or text.startswith("各位代表")
        elif opened and not _leads_into_paragraph(texts, idx) and not _fragment(texts, idx):
            break  # a short line not introducing prose: the wrapper resumes
        else:
            end = idx
        idx += 1
    return Bounds(start=start, end=end, glossary=glossary)


def _fragment(texts: list[str], idx: int) -> bool:
    """A piece of a sentence on a line of its own, as web copies break lines at links and
    subscripts (`广义货币M` / `2` / `预期增长12%…`): it follows the report's text closely (at
    most one blank line between) and so does the prose that resumes within a few lines."""
    if len(texts[idx]) > 24 or not _close(texts, idx, -1):
        return False
    pos = idx
    for _ in range(6):
        if not _close(texts, pos, 1):
            return False
        pos = next(i for i in range(pos + 1, len(texts)) if texts[i])
        if is_paragraph(texts[pos]):
            return True
    return False


def _close(texts: list[str], idx: int, step: int) -> bool:
    """A non-blank line one or two lines from idx, in direction step."""
    for k in (1, 2):
        j = idx + step * k
        if 0 <= j < len(texts) and texts[j]:
            return True
    return False


def _next_is_entry(texts: list[str], idx: int) -> bool:
    nxt = next((t for t in texts[idx + 1 :] if t), "")
    return glossary_entry(nxt) is not None


def _leads_into_paragraph(texts: list[str], idx: int) -> bool:
    """A short line followed by prose is a heading on its own line, not chrome."""
    if len(texts[idx]) > 24 or not _CJK.search(texts[idx]) or re.search(r"[|｜>]", texts[idx]):
        return False
    for nxt in texts[idx + 1 : idx + 8]:
        if nxt:
            return is_paragraph(nxt)
    return False


def _find_start(texts: list[str]) -> int | None:
    anchor = next((i for i, t in enumerate(texts) if DELIVERY.search(t) and len(t) < 80), None)
    if anchor is None:
        anchor = next((i for i, t in enumerate(texts) if t.startswith("各位代表")), None)
    if anchor is None:  # no delivery line, no address: the first part heading
        anchor = next(
            (i for i, t in enumerate(texts)
             if re.match(rf"^(第[{CN_NUM}]+部分|[{CN_NUM}]+、).{{0,20}}(回顾|工作)", t)),
            None,
        )
    if anchor is None:
        return None
    # the title sits just above (at most three non-blank lines up)
    seen = 0
    for i in range(anchor - 1, -1, -1):
        if not texts[i]:
            continue
        seen += 1
        if seen > 3:
            break
        if "报告" in texts[i] and len(texts[i]) <= 40 and not re.search(r"[|｜:：]", texts[i]):
            return i
    return anchor


def read_header(lines: list[str], bounds: Bounds) -> Header:
    """Title, delivery date and speaker from the lines above the first heading."""
    header = Header()
    for idx in range(bounds.start, bounds.end + 1):
        text = clean(lines[idx])
        if not text:
            continue
        if heading_of(text) or text.startswith("各位代表"):
            break
        header.lines.append(idx + 1)
        if header.title is None and "报告" in text and len(text) <= 40:
            header.title = re.sub(r"(?<=[^\x00-\x7f])[\s\u3000]+(?=[^\x00-\x7f])", "", text)
        elif header.delivered is None and DELIVERY.search(text):
            header.delivered = parse_date(text)
        m = SPEAKER.search(text)
        if m and header.speaker is None and len(text) <= 40:
            header.speaker = {"name": squeeze(m.group(2)), "role": m.group(1)}
    return header


def parse_date(text: str) -> str | None:
    """ISO date of `2023年3月30日` or `二〇二三年一月十二日`."""
    m = _DATE_DIGITS.search(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = _DATE_CN.search(text)
        if not m:
            return None
        year = int("".join(_CN_DIGIT[c] for c in m.group(1)))
        month, day = (int(cn2an.cn2an(g, "smart")) for g in m.groups()[1:])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def paragraphs(lines: list[str], first: int, last: int) -> list[Para]:
    """Paragraphs of lines[first..last] (0-based, inclusive).

    A line continues the previous one when that one is long and stops without
    sentence-final punctuation: the source wrapped a paragraph, possibly with a
    blank line in between. Headings never continue anything.
    """
    out: list[Para] = []
    open_para: Para | None = None
    for idx in range(first, last + 1):
        text = clean(lines[idx])
        if not text:
            continue
        if (
            open_para is not None
            and len(open_para.text) >= 20
            and open_para.text[-1] not in TERMINAL + CLOSERS
            and heading_of(open_para.text) is None
            and heading_of(text) is None
        ):
            open_para.offsets.append(len(open_para.text))
            open_para.lines.append(idx + 1)
            open_para.text += text
            continue
        open_para = Para(text=text, lines=[idx + 1], offsets=[0])
        out.append(open_para)
    return out
