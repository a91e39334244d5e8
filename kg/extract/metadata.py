"""Document-level facts read from the text itself: county, year, title, issuer, 文号."""

from __future__ import annotations

import re
from collections import Counter

from kg import gazetteer
from kg.extract.common import squeeze
from kg.model import Document

_ISSUER = re.compile(
    r"([\u4e00-\u9fff]{1,8}?(?:自治县|县|市|区|旗))人民政府(办公室)?(?=\s*$|文件|关于|县长|办公室)"
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


def find_county(lines: list[str]) -> tuple[str | None, gazetteer.County | None, str | None]:
    """(county name, gazetteer entry, issuer) from the issuing body, else from mentions."""
    text = "\n".join(lines)
    found: list[tuple[str, gazetteer.County, str]] = []
    for line in lines[:80]:
        m = _ISSUER.search(squeeze(line))
        if m:
            entry = gazetteer.lookup(m.group(1), text)
            if entry:
                found.append((entry.name, entry, m.group(1) + "人民政府" + (m.group(2) or "")))
    if found:
        # a letterhead names the government; the office that issues says 办公室
        county = found[0][0]
        issuers = [f for f in found if f[0] == county]
        return max(issuers, key=lambda f: f[2].endswith("办公室"))
    # No issuer line (a bare table): count gazetteer names the text mentions.
    counts: Counter[str] = Counter()
    for name in gazetteer.by_name():
        full = text.count(name)
        stem = gazetteer.short_name(name)
        short = text.count(stem) if stem != name and len(stem) >= 2 else 0
        if full or short >= 3:
            counts[name] = full * 3 + short
    if counts:
        name, _ = counts.most_common(1)[0]
        entry = gazetteer.lookup(name, text)
        return name, entry, None
    return None, None, None


def find_year(lines: list[str], title: str | None) -> int | None:
    if title:
        m = _YEAR.search(title)
        if m:
            return int(m.group(1))
    counts = Counter(m.group(1) for line in lines[:200] for m in _YEAR.finditer(line))
    return int(counts.most_common(1)[0][0]) if counts else None


def find_doc_number(lines: list[str]) -> str | None:
    for line in lines[:80]:
        m = _DOC_NUMBER.search(line)
        if m:
            return squeeze(m.group(0))
    return None


def read_document(name: str, lines: list[str], layout: str) -> Document:
    title = find_title(lines)
    county, entry, issuer = find_county(lines)
    return Document(
        doc=name,
        county=county,
        province=entry.province if entry else None,
        prefecture=entry.prefecture if entry else None,
        admin_code=entry.admin_code if entry else None,
        year=find_year(lines, title),
        title=title,
        layout=layout,
        issuer=issuer,
        doc_number=find_doc_number(lines),
    )
