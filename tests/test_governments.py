"""Which government a document is of, at any level: the State Council, provinces, prefectures,
counties; leaders' names that are also place names; weak evidence; the user's override.

Runtime: about 15 s (the four tables rewritten twice each, with every leader renamed).
"""

from __future__ import annotations

import random

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.extract import Overrides
from kg.extract.resources import gazetteer
from kg.pipeline import extract_text
from kg.read.text import SourceText

from .conftest import CORPUS, TABLES
from .test_variants import SEED, _kinds, gen


def _report(*lines: str) -> SourceText:
    """A report's opening as it is written, then a review and a plan part."""
    body = [*lines, "", "一、2022年工作回顾", "", "过去一年，全市上下团结奋进，地区生产总值增长5%。", "",
            "二、2023年工作安排", "", "今年的主要预期目标是：地区生产总值增长6%左右。", "",
            "（一）抓好项目建设。全力推进重点项目建设，年内完成投资100亿元。"]
    return SourceText(name="report.txt", lines=body)


@pytest.mark.parametrize(("lines", "expected"), [
    # a province: the delivery line names it; the parent is the State Council
    (("政府工作报告", "——2023年1月12日在山西省第十四届人民代表大会第一次会议上", "各位代表：",
      "现在，我代表省人民政府，向大会报告工作，请予审议。"),
     ("山西省", "province", "140000", "山西省", None, None, "国务院", None)),
    # a prefecture: its province is the parent
    (("政府工作报告", "——2023年2月20日在运城市第五届人民代表大会第三次会议上", "各位代表：",
      "现在，我代表市人民政府，向大会报告工作，请予审议。"),
     ("运城市", "prefecture", "140800", "山西省", "运城市", None, "山西省", "140000")),
    # an autonomous prefecture named in the title
    (("2023年临夏回族自治州政府工作报告", "各位代表：", "现在，我代表州人民政府，向大会报告工作。"),
     ("临夏回族自治州", "prefecture", "622900", "甘肃省", "临夏回族自治州", None, "甘肃省", "620000")),
    # a county: as before, plus its parent
    (("2023年平陆县政府工作报告", "——2023年3月1日在平陆县第十七届人民代表大会第二次会议上", "各位代表："),
     ("平陆县", "county", "140829", "山西省", "运城市", "平陆县", "运城市", "140800")),
    # the State Council
    (("各位代表：", "现在，我代表国务院，向大会报告政府工作，请予审议。"),
     ("国务院", "national", None, None, None, None, None, None)),
])
def test_the_government_of_a_report_at_any_level(lines, expected):
    doc = extract_text(_report(*lines)).document
    assert (doc.government, doc.level, doc.admin_code, doc.province, doc.prefecture, doc.county, doc.parent,
            doc.parent_code) == expected
    assert doc.year == 2023


def test_a_prefectures_task_table_by_its_letterhead():
    lines = (CORPUS / TABLES["pinglu"]).read_text(encoding="utf-8").split("\n")
    # the letterhead and the issuing office are the prefecture's (运城市 is 平陆's prefecture)
    text = "\n".join(lines).replace("平陆县人民政府", "运城市人民政府")
    doc = extract_text(SourceText(name="t.txt", lines=text.split("\n"))).document
    assert (doc.government, doc.level, doc.county, doc.issuer) == ("运城市", "prefecture", None, "运城市人民政府办公室")


def test_the_gazetteer_holds_provinces_and_prefectures_and_the_parent_chain():
    assert len([d for d in gazetteer.divisions() if d.level == "province"]) == 34
    assert gazetteer.division_by_name()["阿克苏地区"].admin_code == "652900"
    assert gazetteer.parent_of("141130").name == "吕梁市"  # 交口县
    assert gazetteer.parent_of("110101").name == "北京市"  # a district of a municipality: no prefecture
    assert gazetteer.parent_of("140000") is None  # above a province: the nation
    assert gazetteer.lookup("忠县").prefecture is None  # Chongqing's counties had a prefecture called 县


# --- leaders named like places (issue 17) -----------------------------------------------------

_STEMS = sorted({gazetteer.short_name(c.name) for c in gazetteer.counties()
                 if len(gazetteer.short_name(c.name)) == 2 and len(gazetteer.by_name()[c.name]) == 1})


def _renamed(key: str, county, rng: random.Random):
    """`key` rewritten as `county`'s, every leader renamed after another county (王永胜: 永胜县)."""
    stems = iter(rng.sample([s for s in _STEMS if s not in county.name], 60))

    def place_person(old, drawer):
        name = rng.choice("王李张刘陈杨黄赵吴周") + next(stems)
        return name, name

    original = gen.new_person
    gen.new_person = place_person
    try:
        return gen.rewrite(key, county, random.Random(f"{SEED}:{key}:places"), edits=gen.Edits(drop=0, dup=0))
    finally:
        gen.new_person = original


@pytest.mark.parametrize("key", ["pinglu", "guxian", "xixiang", "taian"])
def test_leaders_named_after_other_counties_do_not_move_the_document(key):
    rng = random.Random(f"{SEED}:{key}")
    for kind in _kinds()[:2]:
        v = _renamed(key, rng.choice(kind), rng)
        assert any(gazetteer.short_name(n) in name for name in v.names.values() for n in gazetteer.by_name())
        ex = extract_text(SourceText(name=v.file, lines=v.text.split("\n")))
        assert (ex.document.county, ex.document.admin_code) == (v.county, v.admin_code), v.names
        assert not any(a.kind == "uncertain-county" for a in ex.anomalies)


def test_weak_evidence_is_an_uncertain_county_anomaly():
    text = (CORPUS / TABLES["taian"]).read_text(encoding="utf-8")
    # 台安 named once: the document still goes to 台安县, with the doubt said
    first = text.index("台安")
    weak = text[:first + 2] + text[first + 2:].replace("台安县", "本县").replace("台安", "本县")
    ex = extract_text(SourceText(name="t.txt", lines=weak.split("\n")))
    assert ex.document.county == "台安县"
    doubts = [a for a in ex.anomalies if a.kind == "uncertain-county"]
    assert len(doubts) == 1 and "台安县" in doubts[0].message
    assert not [a for a in extract_text(SourceText(name="t.txt", lines=text.split("\n"))).anomalies
                if a.kind == "uncertain-county"]


def test_county_and_year_given_override_detection_for_every_file():
    paths = [str(CORPUS / TABLES["taian"]), str(CORPUS / TABLES["pinglu"])]
    out = CliRunner().invoke(cli, ["extract", *paths, "-q", "--county", "台安县", "--year", "2022"])
    assert out.exit_code == 0, out.output
    import json

    docs = [json.loads(line) for line in out.stdout.splitlines() if '"type":"document"' in line]
    assert [(d["county"], d["year"], d["admin_code"], d["level"]) for d in docs] == [
        ("台安县", 2022, "210321", "county")] * 2
    assert docs[1]["issuer"] == "平陆县人民政府办公室"  # the issuing body stays as written
    given = extract_text(SourceText(name="t.txt", lines=(CORPUS / TABLES["guxian"]).read_text(
        encoding="utf-8").split("\n")), overrides=Overrides(county="临汾市")).document
    assert (given.government, given.level, given.county) == ("临汾市", "prefecture", None)
