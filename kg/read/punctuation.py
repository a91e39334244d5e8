"""The brackets of Chinese text recognised by OCR, put in the forms the text uses.

tesseract's Chinese model tells the full-width comma, colon and semicolon of Chinese text
(GB/T 15834) from the Latin ones (their widths differ, and both occur: a text pasted from a web
page keeps its `,`), but reads the full-width `（` as `(`, `〈` or `《` and `）` as `)`. Only
what a line shows decides: nothing here looks words up.
"""

from __future__ import annotations

import re

_FULL_WIDTH = {"(": "（", ")": "）"}


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def punctuate(chars: list[str]) -> list[str]:
    """A recognised line's brackets in the forms Chinese text uses (GB/T 15834): next to a
    Chinese character, `(` `)` are the full-width `（` `）`, and a `)` closing a `（` is `）`; `〈` `〉`
    (which the model reads for `（` `）`) are brackets outside a title in `《》`, where they
    would be a title's own title; `《` closed by `）` is `（`; the year of a document number is
    in `〔〕` (GB/T 9704: 平政办发〔2023〕5号); a line opening with an item number, `《四）` or
    `二）`, opens with `（四）`, `（二）`. An element may come back as two characters (a
    bracket put back)."""
    out = list(chars)
    for i, ch in enumerate(out):
        if ch == "《":  # read for （ when a bracket, not 》, closes it
            close = next((c for c in out[i + 1:] if c in "》）)"), "")
            if close in "）)" and close:
                out[i] = "（"
    in_title = 0
    for i, ch in enumerate(out):
        if ch == "《":
            in_title += 1
        elif ch == "》":
            in_title = max(0, in_title - 1)
        elif ch in "〈〉" and not in_title:
            out[i] = "（" if ch == "〈" else "）"
    for i, ch in enumerate(out):
        if ch in _FULL_WIDTH:
            before = out[i - 1] if i else ""
            after = out[i + 1] if i + 1 < len(out) else ""
            if _cjk(before[:1]) or _cjk(after[:1]):
                out[i] = _FULL_WIDTH[ch]
    depth = 0
    for i, ch in enumerate(out):
        if ch == "（":
            depth += 1
        elif ch in "）)" and depth:
            out[i] = "）"
            depth -= 1
    for year in _DOC_NUMBER_YEAR.finditer("".join(out)):  # 平政办发〔2023〕5号 (GB/T 9704)
        out[year.start()], out[year.end() - 1] = "〔", "〕"
    enumerator = _ENUMERATOR.match("".join(out))
    if enumerator:  # （二）, the items of a task table, whose brackets the model misreads
        out[enumerator.end() - 1] = "）"
        out[0] = "（" if enumerator.group(1) else "（" + out[0]
    return out


# the year of a document number (文号) in brackets of any kind
_DOC_NUMBER_YEAR = re.compile(r"[〔【\[(（［{](?:19|20)\d\d[〕】\])）］}](?=\d{1,4}号)")
# a line opening with an item number in brackets, its brackets misread (or the first lost)
_ENUMERATOR = re.compile(r"^([^\u4e00-\u9fff\s])?[一二三四五六七八九十]{1,3}[)）]")
