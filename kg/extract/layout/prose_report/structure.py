"""The plan of a prose report as sections of paragraphs (see kg/extract/layout/prose_report/__init__.py).

Parts (`一、` or `第一部分`) split review from plan; inside a plan part the next heading
level (`（一）`, or `一、` under `第一部分`) gives sections. Paragraphs are numbered per
section, 0 being the text on the heading line itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.layout.prose_report.layout import Para, heading_of
from kg.extract.layout.prose_report.tasks import lead_phrase, split_sentences, strip_end
from kg.model import Anomaly, Review, Source, Task

REVIEW = re.compile(r"回顾|总结|成绩|过去")
PLAN_WORDS = re.compile(r"安排|任务|计划|目标|打算|部署|重点")
LIVELIHOOD = re.compile(r"民生实事|惠民实事|民生工程|为民办实事")


@dataclass(slots=True)
class Block:
    """A paragraph of a section: para text from `start` on (past any heading)."""

    para: Para
    start: int
    number: int  # paragraph number inside its section; 0 = the heading line's own text
    subsection: str | None = None  # from a short heading line above it


@dataclass(slots=True)
class Section:
    heading: str | None
    enumerator: int | None  # (一) -> 1; None for a part preamble or an unsectioned part
    blocks: list[Block] = field(default_factory=list)
    livelihood: bool = False
    number: int = 0
    tasks: list[Task] = field(default_factory=list)


def heading_split(para: Para) -> tuple[str, int]:
    """(heading text without enumerator or final punctuation, where the rest starts)."""
    found = heading_of(para.text)
    assert found is not None
    rest_at = len(para.text) - len(found[2])
    sentences = split_sentences(para.text, rest_at)
    if not sentences:
        return "", len(para.text)
    first = sentences[0]
    return strip_end(first.text(para.text)), first.end


def levels(paras: list[Para]) -> tuple[str | None, str | None]:
    kinds = {h[0] for p in paras if (h := heading_of(p.text))}
    order = [k for k in ("part", "cn", "paren") if k in kinds]
    part = order[0] if order else None
    section = order[1] if len(order) > 1 else None
    return part, section


def is_review(text: str, year: int | None) -> bool:
    if REVIEW.search(text):
        return True
    return bool(year and f"{year - 1}年" in text and not PLAN_WORDS.search(text))


def plan_sections(
    name: str, paras: list[Para], header_lines: list[int], year: int | None,
    anomalies: list[Anomaly], reviews: list[Review] | None = None,
) -> list[Section]:
    """The plan's sections with their paragraphs; review parts reported, not read as tasks,
    and handed on in `reviews` (their achieved values are read by kg.targets.actuals)."""
    part_kind, section_kind = levels(paras)
    sections: list[Section] = []
    in_plan = part_kind is None  # no parts at all: everything after the header is plan
    if part_kind is None:
        anomalies.append(Anomaly(name, paras[0].lines[0] if paras else 1, "no_parts",
                                 "no part headings (一、/第一部分); whole body read as plan"))
        sections.append(Section(heading=None, enumerator=None))
    review_from: int | None = None
    review_heading = ""
    seen_part = False
    current_sub: str | None = None
    for idx, para in enumerate(paras):
        found = heading_of(para.text)
        if found and found[0] == part_kind:
            seen_part = True
            heading, rest = heading_split(para)
            if review_from is not None:
                report_review(name, paras, review_from, idx, anomalies, reviews, review_heading)
                review_from = None
            in_plan = not is_review(heading, year)
            if not in_plan:
                review_from = idx
                review_heading = heading
                continue
            sections.append(Section(heading=heading, enumerator=None))
            sections[-1].blocks.append(Block(para, rest, 0))
            current_sub = None
            continue
        if not in_plan or (not seen_part and part_kind is not None) or is_opening(
            para, header_lines
        ):
            continue  # header, opening words, review
        if found and found[0] == section_kind:
            heading, rest = heading_split(para)
            sections.append(Section(heading=heading, enumerator=found[1],
                                    livelihood=bool(LIVELIHOOD.search(heading))))
            sections[-1].blocks.append(Block(para, rest, 0))
            current_sub = None
            continue
        if is_subheading_line(para, paras[idx + 1] if idx + 1 < len(paras) else None):
            current_sub = strip_end(para.text)  # holds until the next heading
            continue
        section = sections[-1]
        number = max(b.number for b in section.blocks) + 1 if section.blocks else 1
        section.blocks.append(Block(para, 0, number, current_sub))
    if review_from is not None:
        report_review(name, paras, review_from, len(paras), anomalies, reviews, review_heading)
    if not any(s.blocks for s in sections):
        anomalies.append(Anomaly(name, paras[0].lines[0] if paras else 1, "no_plan",
                                 "no plan part found in the report"))
    return sections


def is_opening(para: Para, header_lines: list[int]) -> bool:
    """Title, delivery and speaker lines, the address `各位代表:` and `我代表…报告工作`."""
    text = para.text
    return (
        para.lines[0] in header_lines
        or (text.startswith("各位代表") and len(text) <= 8)
        or bool(re.search(r"我代表.{0,12}政府.{0,6}报告工作", text))
    )


def is_subheading_line(para: Para, nxt: Para | None) -> bool:
    """A short line of its own without sentence punctuation, followed by prose."""
    text = para.text
    return (
        len(para.lines) == 1
        and lead_phrase(text)
        and text[-1] not in "。！？!?；;"
        and nxt is not None
        and heading_of(nxt.text) is None
    )


_FIVE_YEARS = re.compile(r"五年|[一二三四五六七八九十]{1,3}五")


def report_review(name: str, paras: list[Para], first: int, stop: int,
                  anomalies: list[Anomaly], reviews: list[Review] | None = None, heading: str = "") -> None:
    line_a = paras[first].lines[0]
    line_b = paras[stop - 1].lines[-1]
    if reviews is not None:
        # `过去五年工作回顾`, `“十三五”时期…回顾`: a review of a whole plan period
        reviews.append(Review(heading, Source(line_a, line_b), 5 if _FIVE_YEARS.search(heading) else 1))
    anomalies.append(Anomaly(
        name, line_a, "review_skipped",
        f"lines {line_a}-{line_b}: review of the past year; achievements are not read as tasks",
    ))


def number_sections(sections: list[Section]) -> None:
    """Section numbers. A part's numbered sections keep their enumerator, offset past the
    sections of earlier plan parts; its preamble takes the number just before them (0 in
    the first plan part); a part without numbered sections takes the next free number."""
    used: int | None = None
    for i, section in enumerate(sections):
        if section.enumerator is not None:
            continue  # numbered with its part below
        children = []
        for child in sections[i + 1:]:
            if child.enumerator is None:
                break
            children.append(child)
        if children:
            section.number = 0 if used is None else used + 1
            for child in children:
                child.number = section.number + (child.enumerator or 0)
            used = max(c.number for c in children)
        else:
            section.number = 1 if used is None else used + 1
            used = section.number
