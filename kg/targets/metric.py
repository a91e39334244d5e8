"""Which indicator a metric phrase names: two methods, measured against each other in
bench/targets_accuracy.py.

- `regex`: the longest vocabulary label found anywhere in the phrase (nearest the number
  on ties). Cheap, but reads 固定资产投资到位资金 as fixed-asset investment and
  农村公路安全生命防护工程 as rural roads.
- `jieba`: the phrase is segmented with a user dictionary made of every vocabulary label,
  so a label is one token; a label counts only when it is the head of the phrase, i.e.
  no noun follows it (verbs, adverbs, numbers and a few generic heads such as 目标,
  总额, 建设 may). 到位资金 after 固定资产投资 makes the phrase `other`.

Both fall back on composing an elliptical phrase with the previous metric
(粮食播种面积…，产量… -> 粮食产量).
"""

from __future__ import annotations

import functools
import threading

from kg.extract.resources.segmenter import PosTokenizer
from kg.ontology.indicators import Vocabulary, load_vocabulary, normalise_label

METHODS = ("jieba", "regex")
DEFAULT_METHOD = "jieba"

# heads that may follow a label without making it a modifier of another noun
_ALLOWED_AFTER = {
    "目标", "任务", "总额", "总量", "数", "数量", "增速", "增幅", "涨幅", "降幅", "规模", "指标",
    "水平", "建设", "改造", "提升", "工作", "同比", "面积", "总数", "年均",
    "累计", "全年", "分别", "均", "实现", "完成", "达到", "增长", "增加", "提高", "控制",
    "稳定", "保持", "突破", "超过", "不低于", "不少于", "以上", "左右", "以内", "以下",
    "下降", "降低", "减少", "上涨", "同比增长", "必保", "确保", "力争", "争取", "实际",
}
# a label followed by these is the base of a ratio (研发经费支出与国内生产总值之比), not the quantity
_RATIO = ("之比", "比重", "占比", "的比重", "的比例", "比例")
_MEMO_SIZE = 50_000  # phrases remembered per resolver; then it starts afresh
# parts of speech that do not start a new head noun
_FUNCTION_POS = ("v", "d", "p", "u", "c", "m", "q", "x", "f", "r", "y", "e", "o", "t", "z")


class MetricResolver:
    def __init__(self, method: str = DEFAULT_METHOD, vocab: Vocabulary | None = None):
        if method not in METHODS:
            raise ValueError(f"unknown metric method {method!r} (known: {', '.join(METHODS)})")
        self.method = method
        self.vocab = vocab or load_vocabulary()
        # phrases recur (地区生产总值, 规上工业增加值…): each is read once per process
        self._resolved: dict[str, tuple[str | None, str | None]] = {}
        # labels by first character, longest first: a phrase is read once, not once per label
        self._by_first: dict[str, list[str]] = {}
        for label in sorted(self.vocab.labels, key=len, reverse=True):
            self._by_first.setdefault(label[0], []).append(label)
        self._longest = max(map(len, self.vocab.labels), default=0)

    # -- public ---------------------------------------------------------------------------------

    def resolve(self, phrase: str) -> tuple[str | None, str | None]:
        """(concept id, label found) for the phrase, or (None, None)."""
        known = self._resolved.get(phrase)
        if known is None:
            if len(self._resolved) >= _MEMO_SIZE:
                self._resolved.clear()
            known = self._resolved[phrase] = self._resolve(phrase)
        return known

    def _resolve(self, phrase: str) -> tuple[str | None, str | None]:
        text = normalise_label(phrase)
        if not text:
            return None, None
        if self.method == "regex":
            return self._regex(text)
        return self._jieba(text)

    def compose(self, phrase: str, previous_text: str | None) -> str | None:
        """An elliptical phrase completed from the previous metric: 产量 after 粮食播种面积."""
        text = normalise_label(phrase)
        prev = normalise_label(previous_text or "")
        if not text or not prev or len(text) > 4:
            return None
        # both are normalised: prev[:k] + text is a label only if no longer than the longest
        for k in range(1, min(len(prev), self._longest - len(text) + 1)):
            # 出口 after 货物进出口总额 is a part of it (进出口), not an ellipsis of 货物进出口
            if prev.startswith(text, k):
                continue
            cid = self.vocab.lookup(prev[:k] + text)
            if cid:
                return cid
        return None

    # -- methods --------------------------------------------------------------------------------

    def _regex(self, text: str) -> tuple[str | None, str | None]:
        # the longest label anywhere; of equals, the one ending nearest the number
        best: tuple[int, int, str] | None = None
        by_first = self._by_first
        for pos, ch in enumerate(text):
            for label in by_first.get(ch, ()):
                if text.startswith(label, pos):
                    key = (len(label), pos + len(label), label)
                    if best is None or key > best:
                        best = key
                    break  # a shorter label here cannot beat this one
        if best is None:
            return None, None
        return self.vocab.labels[best[2]], best[2]

    def _jieba(self, text: str) -> tuple[str | None, str | None]:
        tokens = _segment(text)
        labels = self.vocab.labels
        found: tuple[str, str] | None = None
        # the rightmost label that only words which may follow a head come after (and not a
        # ratio of it): read from the end, once, not the rest of the phrase again for every label
        rest = ""
        for word, tag in reversed(tokens):
            if word in labels and not rest.startswith(_RATIO):
                found = (labels[word], word)
                break
            if not _may_follow(word, tag):
                break
            rest = word + rest
        if found is None:
            # a label jieba split differently: accept it only at the end of the phrase
            cid, label = self._regex(text)
            if label and text.endswith(label):
                return cid, label
            return None, None
        return found


def _may_follow(word: str, tag: str) -> bool:
    if word in _ALLOWED_AFTER:
        return True
    if not any("\u4e00" <= ch <= "\u9fff" for ch in word):
        return True
    if tag in ("a", "ad"):  # 保持稳定: a predicate, not a modifier
        return True
    return tag.startswith(_FUNCTION_POS) and not tag.startswith("vn")


_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _pos_tokenizer() -> PosTokenizer:
    # jieba's dictionary plus every vocabulary label as one word; jieba's own tokenizer stays
    # free of our labels
    return PosTokenizer({label: (100000, "nz") for label in load_vocabulary().labels})


@functools.lru_cache(maxsize=8192)
def _segment(text: str) -> list[tuple[str, str]]:
    with _LOCK:
        return _pos_tokenizer().cut(text)


def segment(text: str) -> list[tuple[str, str]]:
    """jieba's segmentation of `text` with the vocabulary user dictionary (for inspection)."""
    return _segment(normalise_label(text))
