"""Cell-level readers shared by the layouts: names, units, deadlines, numbering."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

import cn2an

# Titles that follow a leader's name in headings and cells, longest first so that
# 常务副县长 wins over 副县长 and 县长.
ROLE_TITLES = tuple(
    sorted(
        (
            "县长", "副县长", "常务副县长", "代县长", "县委书记", "县委副书记", "县委常委",
            "主任", "副主任", "常务副主任", "书记", "副书记", "部长", "副部长", "局长",
            "政府办主任", "县政府办主任", "县政府办公室主任", "开发区管委会主任", "管委会主任",
            "秘书长", "副秘书长", "政委", "院长", "检察长", "主席", "副主席", "党组书记",
            "组织部长", "宣传部长", "政法委书记", "纪委书记", "统战部长", "常委", "调研员",
        ),
        key=len,
        reverse=True,
    )
)

# Endings that make a fragment a complete unit name; a fragment without one was cut by layout.
UNIT_ENDINGS = (
    "局", "中心", "镇", "乡", "街道", "办事处", "委员会", "委", "办", "办公室", "会", "联", "部",
    "部门", "院", "所", "队", "站", "社", "公司", "集团", "政府", "支行", "银行", "分局", "园区",
    "区", "馆", "厅", "处", "科", "组", "团", "室", "协会", "单位", "场", "校", "学校", "医院",
    "台", "署", "庭", "监", "团委", "县委", "管理部", "分公司", "支公司", "景区",
)
BRANCH_ENDINGS = ("分局", "支行", "分行", "分公司", "支公司", "分中心", "管理部", "营业部", "分院")
# A fragment starting like this opens a new unit rather than continuing the previous one.
NEW_UNIT_PREFIXES = ("县", "市", "省", "各", "中共", "中国", "国家", "全县")
HIGHER_LEVEL_PREFIXES = ("市", "省", "国家", "中国", "国网")

_SPACE = re.compile(r"\s+")
_NAME_SEPARATORS = re.compile(r"[、，,；;\n/]+")
_UNIT_SEPARATORS = re.compile(r"[、，,；;]")
_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff·]+$")
_DEADLINE = re.compile(
    r"^(全年|年内|年底|年末|长期|常年|持续推进|持续|按序时进度|上半年|下半年|"
    r"(\d{4}年)?(\d{1,2}月(\d{1,2}日)?(底|末|前|中旬|上旬|下旬|份)?|[一二三四1-4]季度(末|底)?)|"
    r"\d{4}年(底|末|内)?)"
    r"(前|完成|以前)?([、，,至—-].{0,12})?$"
)
_MARKUP = re.compile(r"\*\*|__|^#+\s*|^>\s*")
_MARKUP_CHARS = re.compile(r"[*_#>]")


@cache
def surnames() -> frozenset[str]:
    text = resources.files("kg.data").joinpath("surnames.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def squeeze(text: str) -> str:
    """Remove all whitespace: layout padding inside names (`张  辉` -> `张辉`)."""
    return "".join(text.split())  # what _SPACE.sub("", text) does, at a third of the cost


def strip_markup(text: str) -> str:
    if not _MARKUP_CHARS.search(text):  # most lines carry none
        return text.strip()
    return _MARKUP.sub("", text.strip()).replace("**", "").strip()


def is_deadline(text: str) -> bool:
    return bool(_DEADLINE.match(squeeze(text)))


def split_role(text: str) -> tuple[str, str | None]:
    """`李晶常务副县长` -> (`李晶`, `常务副县长`); a bare name keeps role None."""
    text = squeeze(text)
    if not text.endswith(ROLE_TITLES):  # one C call; most cells hold bare names
        return text, None
    for title in ROLE_TITLES:
        if text.endswith(title) and len(text) > len(title):
            return text[: -len(title)], title
    return text, None


def is_person_name(text: str) -> bool:
    """A 2-4 character Chinese name with a known surname (compound surnames too)."""
    name = squeeze(text)
    if not 2 <= len(name) <= 4 or not _CJK_ONLY.match(name):
        return False
    if name.endswith(UNIT_ENDINGS) or is_deadline(name):
        return False
    names = surnames()
    return name[0] in names or name[:2] in names


def split_names(cell: str) -> list[str]:
    """Names in a leader cell: one per line or separated by 、，; padding removed."""
    out: list[str] = []
    for part in _NAME_SEPARATORS.split(cell):
        part = part.strip()
        if not part:
            continue
        pieces = _SPACE.split(part)
        # `张  辉` is one padded name; `张辉 李兵` is two names
        if len(pieces) > 1 and all(len(p) >= 2 for p in pieces):
            out.extend(pieces)
        else:
            out.append(squeeze(part))
    return out


def is_complete_unit(fragment: str) -> bool:
    return fragment.endswith(UNIT_ENDINGS)


def join_unit_fragments(fragments: list[str]) -> list[str]:
    """Rejoin unit names that layout broke across lines (`应急` + `管理局`).

    A fragment continues the previous one when the previous is cut short (no unit
    ending) and it does not open a new unit, or when it names a local branch of
    a higher-level body (`市生态环境局` + `西乡分局`).
    """
    units: list[str] = []
    for raw in fragments:
        frag = squeeze(raw)
        if not frag:
            continue
        if units:
            prev = units[-1]
            cut_short = not is_complete_unit(prev) and not frag.startswith(NEW_UNIT_PREFIXES)
            branch = (
                frag.endswith(BRANCH_ENDINGS)
                and not frag.startswith(NEW_UNIT_PREFIXES)
                and prev.startswith(HIGHER_LEVEL_PREFIXES)
                and not prev.endswith(BRANCH_ENDINGS)
            )
            if cut_short or branch:
                units[-1] = prev + frag
                continue
        units.append(frag)
    return units


def split_units(cell_lines: list[str]) -> list[str]:
    """Unit names in a cell: split on 、 and line breaks, layout breaks rejoined."""
    fragments: list[str] = []
    for line in cell_lines:
        fragments.extend(p for p in _UNIT_SEPARATORS.split(line) if p.strip())
    return join_unit_fragments(fragments)


def chinese_number(text: str) -> int:
    """`十五` -> 15, `3` -> 3."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    return _cn_number(text)


@lru_cache(maxsize=1024)
def _cn_number(text: str) -> int:
    # item numbers repeat in every document, and cn2an validates its input at length
    return int(cn2an.cn2an(text, "smart"))


CN_DIGITS = "零〇一二三四五六七八九十百两"
