"""Sentences of a report paragraph, and which of them commit the government to something.

A commitment is a sentence (or a `；` clause, or one item of an `一是…二是…` list) of
the plan. Nearly every plan sentence commits to an action or a number, so the test is
negative: context ("2023年是…开局之年", "当前,…"), outcomes ("…的快速建设,将提升…水平"),
addresses and exhortations ("各位代表,…", "让我们…") and transitions ("重点抓好以下几方面
工作:") are not commitments; a sentence with a quantity always is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN = "一二三四五六七八九十"
# Arabic-digit quantities with a unit: what a quantified commitment is measured in.
QUANTITY = re.compile(
    r"[0-9０-９][0-9０-９.,，]*\s*(?:%|％|‰|个百分点|万|亿|千|百)?\s*"
    r"(?:%|％|‰|个百分点|亩|万元|亿元|元|公里|千米|米|平方米|平米|立方米|立方|个|户|座|条|所|名|人|"
    r"场|支|套|吨|处|件|项|家|台|辆|张|袋|头|只|羽|MW|兆瓦|千瓦|kW|KW|公斤|斤|次|批|间|盏|栋|"
    r"床|部|块|段|类|期|所|盘|篇|轮|位|班|岗|宗|根|孔|眼|口|棵|株|份|本|册|天|小时|倍|级|星)"
)
# Enumerators that open a list item inside running text.
ITEM = re.compile(rf"^(?:[{CN}]+(?:是|要)|[（(]\d{{1,2}}[）)]|\d{{1,2}}[.、．](?!\d)|[①-⑳])")
NOT_COMMITMENT = (
    re.compile(r"^各位代表"),
    re.compile(r"^(当前|目前|同时,?我们也|这都|这些|这是|此外,?我们也)"),
    re.compile(r"^让我们"),
    re.compile(r"(是|处于).{0,30}(之年|关键期|窗口期|所在|大势所趋|根本保证|阶段)"),
    re.compile(r"提供了.{0,12}机遇"),
    re.compile(r"以下.{0,8}(工作|方面|任务)[:：]?$"),
    re.compile(r"^[^,，。]{1,30}的[^,，。]{1,12}[,，]将"),  # "X的建设,将提升…": an outcome
)
TARGET_LEAD = re.compile(r"^[^,，。:：]{0,24}(预期)?目标(是|为)?[:：]")
LEAD_MAX = 16
DEADLINE_STRONG = re.compile(
    r"年内|年底前?|年末|今年底|上半年|下半年|"
    r"(?:\d{1,2}|[一二三四])季度(?:末|底)?前?|\d{1,2}月(?:底|末|中旬|上旬|下旬|份)前?|\d{1,2}月前"
)
DEADLINE_MONTH = re.compile(r"(\d{1,2}月)(?:\d{1,2}日)?(?=(?:前|底)?(?:完成|建成|开工|投用|投运|并网|"
                            r"通车|竣工|开业|开馆|开学|完工|全容量|动工|交付|运营|全面))")
_SPLIT = re.compile(r"[。！？!?；;](?:[”’\"'）)】》]*)")
_COLON_ITEM = re.compile(rf"[:：](?=(?:[{CN}]+是|[（(]\d{{1,2}}[）)]|[①-⑳]))")


@dataclass(slots=True)
class Sentence:
    start: int  # offsets in the paragraph text
    end: int

    def text(self, para: str) -> str:
        return para[self.start : self.end]


def split_sentences(text: str, start: int = 0) -> list[Sentence]:
    """Sentences of text[start:], each keeping its final punctuation.

    A colon that opens an enumerated list (`…民生实事:一是…`) also ends a sentence.
    """
    cuts = sorted(
        {m.end() for m in _SPLIT.finditer(text, start)}
        | {m.end() for m in _COLON_ITEM.finditer(text, start)}
    )
    out: list[Sentence] = []
    pos = start
    for cut in [*cuts, len(text)]:
        if cut <= pos:
            continue
        # leading blanks belong to nobody
        while pos < cut and text[pos] in " \u3000\t":
            pos += 1
        if text[pos:cut].strip():
            out.append(Sentence(pos, cut))
        pos = cut
    return out


def item_prefix(text: str) -> int:
    """Length of a list enumerator at the start of text (`一是`, `（2）`, `3.`, `④`), else 0."""
    m = ITEM.match(text)
    return m.end() if m else 0


def lead_phrase(text: str) -> bool:
    """A paragraph's short opening sentence that names its topic (`多举措创优营商环境。`)."""
    body = text.rstrip("。:：;；!！ ")
    return (
        0 < len(body) <= LEAD_MAX
        and not re.search(r"[,，0-9０-９]", body)
        and not body.startswith(("各位代表", "我们"))
    )


def strip_end(text: str) -> str:
    """A heading without its closing punctuation."""
    return text.rstrip("。.:：;；!！ \u3000")


def is_commitment(text: str) -> bool:
    if QUANTITY.search(text):
        return True
    return len(text.strip()) >= 6 and not any(p.search(text) for p in NOT_COMMITMENT)


def target_clauses(text: str) -> list[tuple[int, int]] | None:
    """(start, end) of each target in `今年的主要预期目标是:A增长6%,B…。`; None otherwise."""
    m = TARGET_LEAD.match(text)
    if not m or not QUANTITY.search(text, m.end()):
        return None
    out: list[tuple[int, int]] = []
    pos = m.end()
    for piece in re.finditer(r"[^,，；;]+[,，；;]?", text[pos:]):
        a, b = pos + piece.start(), pos + piece.end()
        body = text[a:b].rstrip(",，；; ")
        if not body.strip("。 "):
            continue
        if out and _PUSH_BEYOND.search(body) and not QUANTITY.search(body):
            out[-1] = (out[-1][0], a + len(body))  # `…6.5%左右，在实际工作中争取更好结果`: one target
        else:
            out.append((a, a + len(body)))
    return out


# a clause that pushes beyond the target before it, rather than setting one of its own
_PUSH_BEYOND = re.compile(r"争取更好|更好结果|更高目标|更好成绩|更好水平")


def deadline(text: str) -> str | None:
    """The deadline phrase as written (`年内`, `6月底`, `7月底前`); a bare month when it
    times an action (`7月建成投用`)."""
    m = DEADLINE_STRONG.search(text)
    if m:
        return m.group(0)
    for m in DEADLINE_MONTH.finditer(text):
        after = text[m.end():m.end() + 6]
        if not re.match(r"[\u4e00-\u9fff]{2,4}的", after):  # `2月并网的光伏`: past, not due
            return m.group(1)
    return None
