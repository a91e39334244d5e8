"""Targets a government says it does not set: `absent`, with the quoted reason.

Two ways reports say so:
- a target not set: `我们没有提出全年经济增速具体目标，主要因为…`, `不设(定)具体增长目标`,
  `不再设定…目标`;
- a target moved out of the year: `能耗强度目标在“十四五”规划期内统筹考核`.

Each gives a target with modifier `absent`, no value or bounds, hardness `none`, the clause as
`quote` and the whole sentence (its reason included) as `absent_reason`. The indicator is read
from the words before 目标/指标 with the vocabulary (kg.targets.metric); 经济增速 and 经济增长
name GDP growth.
"""

from __future__ import annotations

import re

from kg.targets.finder import Found, resolver
from kg.targets.metric import DEFAULT_METHOD
from kg.targets.numbers import normalise

# every statement below holds one of these: texts without them are not read
ABSENT_CUE = re.compile(r"(?:没有|未|不再|不|暂不)(?:提出|设定|设置|确定|规定|设)|统筹考核")
_NOT_SET = re.compile(
    r"(?:没有|未|不再|暂不|不)(?:提出|设定|设置|确定|规定|设)(?:全年|今年|年度)?"
    r"(?P<metric>[^，,。；;：:]{0,14}?)(?:的)?(?:具体)?(?:量化)?(?:预期)?(?:目标|指标)"
)
_MOVED = re.compile(
    r"(?P<metric>[\u4e00-\u9fffA-Za-z0-9“”\"]{2,14}?)(?:目标|指标)(?:在|放在|按)[^，,。；;]{0,24}?统筹考核"
)
_GROWTH_WORDS = {"经济增速": "gdp", "经济增长": "gdp", "经济增长速度": "gdp", "增长速度": "gdp", "增速": "gdp",
                 "经济增长率": "gdp", "增长": "gdp"}
_KIND = {"energy_intensity": "reduction", "rural_poor": "reduction"}
_SENT = re.compile(r"[^。！？!?；;]*[。！？!?；;]?")
_CLAUSE_END = "，,。；;！!？?"


def scan_absent(text: str, *, method: str = DEFAULT_METHOD) -> list[Found]:
    """Every explicitly absent target in `text`."""
    norm = normalise(text)
    out: list[Found] = []
    for pattern in (_NOT_SET, _MOVED):
        for m in pattern.finditer(norm):
            phrase = re.sub(r"^(?:具体|量化|预期)+", "", m.group("metric").strip("“”\" 的"))
            metric = _GROWTH_WORDS.get(phrase) or resolver(method).resolve(phrase)[0] or "other"
            if metric == "other" and not phrase:
                continue
            out.append(_found(text, m.start(), m.end(), metric, phrase))
    out.sort(key=lambda f: f.q_start)
    return out


def _found(text: str, start: int, end: int, metric: str, phrase: str) -> Found:
    sentence = next(s for s in _SENT.finditer(text) if s.start() <= start < max(s.end(), s.start() + 1))
    c_start = max((text.rfind(ch, sentence.start(), start) for ch in _CLAUSE_END), default=-1) + 1
    c_start = max(c_start, sentence.start())
    c_end = min((i for i in range(end, sentence.end()) if text[i] in _CLAUSE_END), default=sentence.end())
    return Found(
        metric=metric, metric_text=phrase, value=None, value_max=None, unit=None,
        kind=_KIND.get(metric, "growth"), modifier="absent", relative=None, hedge=None,
        quote=text[c_start:c_end].strip(), start=start, q_start=start, q_end=end, raw=text[start:end],
        absent_reason=sentence.group().strip(),
    )
