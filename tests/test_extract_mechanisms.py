"""The hard mechanisms on small hand-made inputs."""

from __future__ import annotations

import pytest

from kg.extract.common import (
    is_deadline,
    is_person_name,
    join_unit_fragments,
    split_names,
    split_role,
    split_units,
)
from kg.extract.metadata import find_title
from kg.pipeline import extract_text as extract
from kg.read import decode


@pytest.mark.parametrize(
    ("fragments", "units"),
    [
        (["应急", "管理局"], ["应急管理局"]),
        (["县经合", "中心"], ["县经合中心"]),
        (["县住建", "县妇联", "县政府办"], ["县住建", "县妇联", "县政府办"]),
        (["市生态环境局", "西乡分局"], ["市生态环境局西乡分局"]),
        (["县文旅局", "堰口镇", "峡口镇"], ["县文旅局", "堰口镇", "峡口镇"]),
        (["城北", "街道"], ["城北街道"]),
        (["县交通运输", "县住建局"], ["县交通运输", "县住建局"]),
    ],
)
def test_unit_fragments(fragments, units):
    assert join_unit_fragments(fragments) == units


def test_units_split_on_enumeration_comma():
    assert split_units(["各乡镇人民政府、县直各有关单位"]) == ["各乡镇人民政府", "县直各有关单位"]


@pytest.mark.parametrize(
    ("cell", "names"),
    [("张  辉", ["张辉"]), ("赵玉宇\n董力芳", ["赵玉宇", "董力芳"]), ("张辉 李兵", ["张辉", "李兵"]),
     ("于德忱、赵玉宇", ["于德忱", "赵玉宇"]), ("惠\u2002理", ["惠理"])],
)
def test_leader_names(cell, names):
    assert split_names(cell) == names


@pytest.mark.parametrize(
    ("text", "split"),
    [("李晶常务副县长", ("李晶", "常务副县长")), ("刘泳县长", ("刘泳", "县长")),
     ("周兴副县长", ("周兴", "副县长")), ("杨晋栋主任", ("杨晋栋", "主任")), ("王永安", ("王永安", None))],
)
def test_roles_split_from_names(text, split):
    assert split_role(text) == split


def test_person_names_and_deadlines():
    assert is_person_name("王永安") and is_person_name("欧阳明")
    assert not is_person_name("中心") and not is_person_name("县财政局") and not is_person_name("11月底")
    assert all(map(is_deadline, ["全年", "11月底", "6月30日前", "2023年底", "三季度"]))
    assert not is_deadline("县财政局")


def test_title_skips_covering_notice():
    lines = ["关于印发2023年《政府工作报告》目标任务分解的通知", "", "附件：", "2023年《政府工作报告》目标任务分解表"]
    assert find_title(lines) == "2023年《政府工作报告》目标任务分解表"


MERGED = "\n".join([
    "某某县人民政府办公室", "2023年《政府工作报告》目标任务分解表",
    "\t分管", "领导", "\t序号", "\t牵头单位", "\t工作任务", "\t时限", "要求", "\t备注", "",
    "\t王小明县长对各项目标任务全面负责", "",
    "\t王小明", "\t1", "\t县财政局", "\t（一）任务甲。", "\t全年", "\t", "",
    "\t", "\t", "\t", "\t（二）任务乙。", "\t6月底", "\t", "",
    "\t赵  四", "\t2", "\t应急", "", "管理局", "\t（一）任务丙。", "\t全年", "\t", "",
    "\t", "\t", "\t", "\t（三）任务丁。", "\t全年", "\t", "",
]) + "\n"


def test_merged_table_carries_cells_and_reports_gaps():
    ex = extract(decode(MERGED.encode(), "t.txt"), layout="merged_table")
    got = [(t.id, t.text, t.leaders, t.lead_units, t.deadline) for t in ex.tasks]
    assert got == [
        ("1.1", "任务甲。", ["王小明"], ["县财政局"], "全年"),
        ("1.2", "任务乙。", ["王小明"], ["县财政局"], "6月底"),
        ("2.1", "任务丙。", ["赵四"], ["应急管理局"], "全年"),
        ("2.3", "任务丁。", ["赵四"], ["应急管理局"], "全年"),
    ]
    assert ex.document.leader_roles == {"王小明": "县长"}
    assert [(a.kind, a.message) for a in ex.anomalies] == [("numbering-gap", "row 2 item 2 missing")]


SECTIONED = "\n".join([
    "\t2023年《政府工作报告》工作任务分解清单", "",
    "\t序号", "\t年度任务目标", "\t责任领导", "\t牵头部门", "\t责任部门", "",
    "\t一、主要预期指标（3项）", "",
    "\t1", "\t地区生产总值增长6%", "\t钱  七", "\t发改局", "\t各有关部门", "各镇街道", "",
    "\t2", "\t任务二", "\t任务二", "\t财政局", "\t", "",
    "\t二、十件民生实事（1项）", "",
    "\t4", "\t任务四", "\t", "\t住建局", "\t", "",
]) + "\n"


def test_sectioned_table_sections_counts_and_wrong_column():
    ex = extract(decode(SECTIONED.encode(), "s.txt"), layout="sectioned_table")
    got = [(t.id, t.list, t.section, t.leaders, t.lead_units, t.co_units) for t in ex.tasks]
    assert got == [
        ("1", "main", "主要预期指标", ["钱七"], ["发改局"], ["各有关部门", "各镇街道"]),
        ("2", "main", "主要预期指标", [], ["财政局"], []),
        ("4", "livelihood", "十件民生实事", [], ["住建局"], []),
    ]
    kinds = sorted(a.kind for a in ex.anomalies)
    assert kinds == ["numbering-gap", "section-count", "wrong-column"]
