"""Layout `prose_report`: the 政府工作报告 itself, as running prose.

Most counties publish only the report, so this layout is what covers them all. The report
is found inside whatever wrapper carried it (forum or portal chrome is counted in
`document.skipped_lines` and never read). Then:

* header: title, delivery date (`delivered`, ISO) and speaker (`{"name", "role"}`);
* parts (`一、` or `第一部分`): a review of the past year is skipped (one `review_skipped`
  anomaly says which lines); every other part is plan;
* sections: the numbered headings below the parts (`（一）`, or `一、` under `第一部分`),
  heading text without enumerator; a plan part without them is one section itself, and
  the text of a part before its first section forms section 0 (its preamble);
* subsections: a paragraph's short lead sentence (`多举措创优营商环境。`), an
  `一是抓项目建设。` lead, or a short heading line of its own;
* tasks: one per commitment (sentence, `；` clause, list item, or one target of the
  `主要预期目标是:` list), text exactly as written minus a list enumerator; id
  `<section>.<paragraph>.<n>` with paragraph 0 the text on the heading line itself;
* livelihood projects: the enumerated items after a sentence or heading naming 民生实事,
  list `livelihood`;
* glossary (名词解释): `Term`s; a task carries the glossary terms its text uses.

The report names no lead units: `lead_units` stays [] and `inferred_units` holds the
guesses of the unit-function lexicon (kg.extract.resources.lexicon). Plan sentences that commit to
nothing (context, outcomes, exhortations) become `not_a_commitment` anomalies, so nothing
is dropped silently.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from kg.extract.layout.prose_report.layout import (
    DELIVERY,
    Bounds,
    clean,
    find_bounds,
    glossary_entry,
    paragraphs,
    read_header,
)
from kg.extract.layout.prose_report.structure import (
    LIVELIHOOD,
    Block,
    Section,
    number_sections,
    plan_sections,
)
from kg.extract.layout.prose_report.tasks import (
    ITEM,
    TARGET_LEAD,
    deadline,
    is_commitment,
    item_prefix,
    lead_phrase,
    split_sentences,
    strip_end,
    target_clauses,
)
from kg.extract.resources import lexicon
from kg.model import Anomaly, Document, Extraction, Source, Task, Term
from kg.read.text import SourceText

NAME = "prose_report"
KIND = "report"
DESCRIPTION = (
    "a full 政府工作报告 in prose (review, plan, 民生实事, 名词解释), possibly inside forum or "
    "portal chrome; lead units are inferred from a unit-function lexicon"
)
_REVIEW_HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、).{0,20}(回顾|成绩)")
_PLAN_HEADING = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、).{0,20}(安排|任务|重点工作|目标)"
)
_TABLE_WORDS = re.compile(
    r"牵头单位|责任单位|牵头部门|责任部门|配合单位|协同配合|分管领导|责任领导|包抓领导|"
    r"完成时限|时限要求|任务分解|任务分工|分解表|一览表|分解清单"
)


# ---------------------------------------------------------------- detection

def detect(src: SourceText) -> float:
    """How much the content reads like a delivered report rather than a task table."""
    texts = [clean(line) for line in src.lines]
    nonblank = [t for t in texts if t]
    if not nonblank:
        return 0.0
    score = 0.0
    if any(t.startswith("各位代表") for t in texts):
        score += 0.3
    if any(DELIVERY.search(t) for t in texts):
        score += 0.2
    if any(re.search(r"我代表.{0,12}(人民)?政府|请予审议", t) for t in texts):
        score += 0.1
    if any(_REVIEW_HEADING.match(t) for t in texts):
        score += 0.15
    if any(_PLAN_HEADING.match(t) for t in texts):
        score += 0.15
    if any("政府工作报告" in t and len(t) <= 40 for t in texts):
        score += 0.1
    long_share = sum(len(t) >= 50 for t in nonblank) / len(nonblank)
    score += min(0.2, long_share)
    table_words = {m.group(0) for t in texts for m in _TABLE_WORDS.finditer(t)}
    score -= 0.25 * len(table_words)
    tabbed = sum(line.startswith("\t") for line in src.lines if line.strip())
    if tabbed / len(nonblank) > 0.2:
        score -= 0.4
    return max(0.0, min(1.0, score))


# ---------------------------------------------------------------- reading

def read(src: SourceText, doc: Document) -> Extraction:
    result = Extraction(document=doc)
    lines = src.lines
    bounds = find_bounds(lines)
    if bounds is None:
        result.anomalies.append(
            Anomaly(src.name, 1, "no_report", "no report header (delivery line or 各位代表) found")
        )
        return result
    doc.skipped_lines = sum(
        1 for i, line in enumerate(lines) if line.strip() and not bounds.start <= i <= bounds.end
    )
    header = read_header(lines, bounds)
    doc.delivered = doc.delivered or header.delivered
    doc.speaker = doc.speaker or header.speaker
    # the report's own title line beats one found elsewhere (perhaps in the wrapper)
    if header.title and (not doc.title or re.search(r"\d{4}年.{2,12}政府工作报告$", header.title)):
        doc.title = header.title
    body_end = bounds.end if bounds.glossary is None else bounds.glossary - 1
    result.terms = _glossary(src, doc, bounds, result.anomalies)
    paras = paragraphs(lines, bounds.start, body_end)
    sections = plan_sections(src.name, paras, header.lines, doc.year, result.anomalies, result.reviews)
    number_sections(sections)
    for section in sections:
        _section_tasks(src.name, section, result.anomalies)
        result.tasks.extend(section.tasks)
    forms = [(term.term, _term_forms(term.term)) for term in result.terms]
    used = _terms_used([task.text for task in result.tasks], forms)
    for task, terms in zip(result.tasks, used, strict=True):
        task.county = doc.county
        task.terms = terms
        task.inferred_units = lexicon.infer_units(task.text)
    return result


def _glossary(src: SourceText, doc: Document, bounds: Bounds,
              anomalies: list[Anomaly]) -> list[Term]:
    if bounds.glossary is None:
        return []
    terms: list[Term] = []
    for idx in range(bounds.glossary + 1, bounds.end + 1):
        text = clean(src.lines[idx])
        entry = glossary_entry(text) if text else None
        if entry:
            terms.append(Term(src.name, doc.county, entry[0], entry[1], idx + 1))
        elif text and terms and terms[-1].definition[-1] not in "。！？!?；;":
            terms[-1].definition += text  # the definition was wrapped
        elif text:
            anomalies.append(Anomaly(src.name, idx + 1, "glossary_line",
                                     f"glossary line is no `term：definition` entry: {text[:40]}"))
    return terms


# ---------------------------------------------------------------- tasks

def _section_tasks(name: str, section: Section, anomalies: list[Anomaly]) -> None:
    livelihood = section.livelihood
    for block in section.blocks:
        livelihood = _block_tasks(name, section, block, livelihood, anomalies)


def _block_tasks(name: str, section: Section, block: Block, livelihood: bool,
                 anomalies: list[Anomaly]) -> bool:
    """Tasks of one paragraph; returns whether a 民生实事 list continues after it."""
    text = block.para.text
    sentences = split_sentences(text, block.start)
    block_sub = block.subsection
    n = 0
    opens_item = bool(sentences) and bool(ITEM.match(sentences[0].text(text)))
    if livelihood and not opens_item:
        livelihood = section.livelihood  # a paragraph without items ends a list
    if block.number != 0 and len(sentences) > 1 and not (livelihood and opens_item):
        first = sentences[0].text(text)
        body = first[item_prefix(first):]
        if lead_phrase(body) and not re.search(r"[0-9０-９]", first):
            block_sub = strip_end(body)
            sentences = sentences[1:]
    spans: list[tuple[int, int, str]] = []  # (start, end, list)
    i = 0
    while i < len(sentences):
        sent = sentences[i]
        s_text = sent.text(text)
        pre = item_prefix(s_text)
        if livelihood and pre:
            j = i + 1  # an item runs until the next enumerator
            while j < len(sentences) and not item_prefix(sentences[j].text(text)):
                j += 1
            spans.append((sent.start + pre, sentences[j - 1].end, "livelihood"))
            i = j
            continue
        if pre:
            following = i + 1 < len(sentences) and not item_prefix(sentences[i + 1].text(text))
            if following and lead_phrase(s_text[pre:]):
                spans.append((sent.start, sent.start, "sub:" + strip_end(s_text[pre:])))
                i += 1
                continue
        if TARGET_LEAD.match(s_text):
            # a target list may run over `；`-separated sentences up to its `。`
            j = i
            while j + 1 < len(sentences) and sentences[j].text(text).rstrip()[-1:] in "；;":
                j += 1
            span_text = text[sent.start:sentences[j].end]
            clauses = target_clauses(span_text)
            if clauses:
                spans.extend((sent.start + a, sent.start + b, "main") for a, b in clauses)
                i = j + 1
                continue
        if is_commitment(s_text):
            spans.append((sent.start + pre, sent.end, "main"))
        else:
            anomalies.append(Anomaly(
                name, block.para.line_at(sent.start), "not_a_commitment",
                f"plan sentence read as context, not a task: {s_text[:40]}",
            ))
        if LIVELIHOOD.search(s_text) and i + 1 < len(sentences) and item_prefix(
            sentences[i + 1].text(text)
        ):
            livelihood = True
        elif LIVELIHOOD.search(s_text) and s_text.rstrip()[-1:] in ":：" and i + 1 == len(sentences):
            livelihood = True  # the items follow on their own lines
        i += 1
    subsection = block_sub
    for start, end, kind in spans:
        if kind.startswith("sub:"):
            subsection = kind[4:]
            continue
        n += 1
        body = text[start:end]
        section.tasks.append(Task(
            doc=name, county=None, id=f"{section.number}.{block.number}.{n}", list=kind,
            section=section.heading if kind == "main" or section.livelihood else None,
            text=body, leaders=[], lead_units=[], co_units=[], deadline=deadline(body),
            source=Source(block.para.line_at(start), block.para.line_at(end - 1)),
            subsection=subsection if kind == "main" else None,
        ))
    return livelihood


_QUOTES = re.compile(r"[“”\"‘’'「」]")


@lru_cache(maxsize=4096)
def _term_forms(term: str) -> frozenset[str]:
    forms = {_QUOTES.sub("", term)}
    # `“12345”政务热线` is used as 12345…热线: the quoted core names it too
    forms.update(q for q in re.findall(r"[“\"「]([^”\"」]{2,})[”\"」]", term))
    return frozenset(f for f in forms if f)


def _terms_used(texts: list[str], forms: list[tuple[str, frozenset[str]]]) -> list[list[str]]:
    """For each text, the glossary terms (with their forms, `_term_forms`) it uses, in
    glossary order. Each form is looked for once, in all texts joined (str.find, in C):
    a report has ~150 tasks and ~40 terms."""
    plain = [_QUOTES.sub("", text) for text in texts]
    joined = "\x00".join(plain)
    starts = [0]
    for text in plain[:-1]:
        starts.append(starts[-1] + len(text) + 1)
    used: list[set[int]] = [set() for _ in texts]
    for k, (_, written) in enumerate(forms):
        for form in written:
            pos = joined.find(form)
            while pos >= 0:
                idx = bisect_right(starts, pos) - 1
                used[idx].add(k)
                pos = joined.find(form, starts[idx + 1]) if idx + 1 < len(starts) else -1
    return [[forms[k][0] for k in sorted(ks)] for ks in used]
