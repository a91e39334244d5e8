"""Achieved values: what a report's review of past years states was reached.

Every review part a layout hands on (`Extraction.reviews`: `一、2018年工作回顾`, `过去五年工作
回顾`) is read paragraph by paragraph with the target finder in review mode
(kg.targets.finder: the same numbers, units, metric phrases and kinds as targets). A value on
an indicator of the vocabulary becomes an `Actual`:

- `year`: the year it is for, the report's year − 1; `period` ("2013-2017") instead marks a value
  over the years a five-year review covers: every value of such a review, and of a paragraph
  or sentence from `过去五年`/`五年来`/`这五年` on, or of a sentence with `年均`, except where a
  paragraph turns to the last year (`刚刚过去的2017年`, `过去一年`, `2012年，`, `2022年是…`) or a
  sentence says `去年`; values of the report's own year so far (`今年以来…`) are not read;
- `modifier`, from the words around the number: `over` (超过, 突破, 首次突破, 逾, 多, 余),
  `at_least` (以上), `around` (左右, 上下, 约), `nearly` (近, 接近, 将近), `at_most` (以内,
  以下, 不到), else `point`; `modifier_text` keeps the words as written;
- not read: a start value (`从26.6万亿元增加到51.9万亿元`: 26.6), a number that quotes the
  target (`低于13%左右的预期目标`), relative statements, phrases on no known indicator.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract.layout.prose_report.layout import Para, heading_of, paragraphs
from kg.model import Actual, Extraction, Review
from kg.targets.finder import Found, scan_targets
from kg.targets.metric import DEFAULT_METHOD

_PERIOD_PARA = re.compile(r"过去五年|五年来|这五年|五年间|以来的五年|五年[里中]|时期[，,]")
_SINGLE_PARA = re.compile(r"刚刚过去的|过去一年|一年来|^[\s\u3000]*去年")
_CURRENT = re.compile(r"^[\s\u3000]*(?:今年以来|今年前|年初以来|今年)")
_SENT = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")
_START_VALUE = re.compile(r"(?:从|由)\s*$")
_QUOTES_TARGET = re.compile(r"^\s*(?:左右|以上|以内)?的?(?:预期)?(?:目标|指标)")
_PREFIXES = (
    ("首次突破", "over"), ("突破", "over"), ("超过", "over"), ("逾", "over"), ("高于", "over"),
    ("接近", "nearly"), ("将近", "nearly"), ("近", "nearly"), ("约", "around"), ("不到", "at_most"),
)
_SUFFIXES = (("以上", "at_least"), ("左右", "around"), ("上下", "around"), ("以内", "at_most"),
             ("以下", "at_most"), ("多", "over"), ("余", "over"))


def actuals_for(extraction: Extraction, lines: Sequence[str], *, method: str = DEFAULT_METHOD) -> list[Actual]:
    """Every achieved value the document's review parts state."""
    out: list[Actual] = []
    for review in extraction.reviews:
        out.extend(_review(extraction, review, lines, method))
    return out


def _review(ex: Extraction, review: Review, lines: Sequence[str], method: str) -> list[Actual]:
    doc = ex.document
    year = doc.year - 1 if doc.year else None
    # a value over several years is over the five years of a government's term and plan period
    period = f"{year - 4}-{year}" if year is not None else "five years"
    out: list[Actual] = []
    first, last = review.source.line_start - 1, min(review.source.line_end, len(lines)) - 1
    # a five-year review is about the five years, one of `过去一年和五年` about the last year until
    # it turns to the five; a turn holds for the paragraphs after it, up to the next numbered section
    default = "period" if review.years > 1 and "一年" not in review.heading else "single"
    carry = default
    for para in paragraphs(list(lines), first, last):
        heading = heading_of(para.text)
        if heading:
            carry = default
            if len(para.text) <= 30:
                continue
        scopes = _scopes(para.text, carry, year)
        if scopes:
            carry = default if scopes[-1][1] == "current" else scopes[-1][1]
        for f in scan_targets(para.text, method=method, review=True):
            if f.metric == "other" or f.value is None or f.modifier == "relative" or _not_achieved(para.text, f):
                continue
            scope = next((scope for (a, b), scope in scopes if a <= f.q_start < b), "single")
            if scope == "current":
                continue  # 今年以来…: the report's own year, not yet achieved
            multi = scope == "period"
            modifier, written = _modifier(para.text, f)
            out.append(Actual(
                doc=doc.doc, county=doc.county, government=doc.government, year=year,
                period=period if multi else None, metric=f.metric, metric_text=f.metric_text,
                value=f.value, unit=f.unit, kind=f.kind, modifier=modifier, modifier_text=written,
                quote=f.quote, line=_line(para, f),
            ))
    return out


def _scopes(text: str, start: str, year: int | None) -> list[tuple[tuple[int, int], str]]:
    """Each sentence's span and what its values are for: `single` (the last year), `period`
    (several years) or `current` (今年以来: the report's own year so far, not read); `start`
    is the scope the paragraph opens in."""
    # `2012年，…` or `2022年是…` opens the last year; `2012年底…` is a date inside a period
    last_year = re.compile(rf"^[\s\u3000]*{year}年(?:[，,]|是)") if year else None
    para = start
    out = []
    for m in _SENT.finditer(text):
        sentence = m.group()
        if _CURRENT.match(sentence):
            para = "current"
        elif _PERIOD_PARA.search(sentence):
            para = "period"
        elif _SINGLE_PARA.search(sentence) or (last_year is not None and last_year.match(sentence)):
            para = "single"
        scope = para
        if "年均" in sentence:
            scope = "period"
        elif "去年" in sentence and para != "current":
            scope = "single"
        out.append(((m.start(), m.end()), scope))
    return out


def _not_achieved(text: str, f: Found) -> bool:
    """A start value (`从26.6万亿元增加到…`), the target quoted (`低于13%左右的预期目标`) or a
    rate per something (`国内生产总值每增长1个百分点`, `每天新增4.5万户`)."""
    before = text[max(0, f.q_start - 2):f.q_start]
    after = text[f.q_start + len(f.raw):f.q_start + len(f.raw) + 8]
    return bool(_START_VALUE.search(before) or _QUOTES_TARGET.match(after)
                or "每" in text[max(0, f.q_start - 4):f.q_start])


def _modifier(text: str, f: Found) -> tuple[str, str | None]:
    """(modifier, the words as written) of an achieved value."""
    before = text[max(0, f.q_start - 4):f.q_start]
    for word, modifier in _PREFIXES:
        if before.endswith(word):
            return modifier, word
    for word, modifier in _SUFFIXES:
        if f.raw.endswith(word):
            return modifier, word
    return "point", None


def _line(para: Para, f: Found) -> int:
    return para.line_at(f.q_start)
