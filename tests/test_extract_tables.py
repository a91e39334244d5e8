"""The four task tables: exact values for a spread of tasks, and complete numbering."""

from __future__ import annotations

import json

import pytest

from kg.model import Extraction, Task, to_record

from .conftest import TABLES


def task(ex: Extraction, task_id: str) -> Task:
    found = [t for t in ex.tasks if t.id == task_id]
    assert len(found) == 1, f"task {task_id}: {len(found)} found"
    return found[0]


def test_layouts_detected_from_content(tables):
    assert {k: tables[k].document.layout for k in TABLES} == {
        "pinglu": "merged_table",
        "guxian": "heading_outline",
        "xixiang": "cell_per_line",
        "taian": "sectioned_table",
    }


def test_examples_match_exactly(corpus, tables):
    """examples.jsonl fixes the conventions: every field of each example but source."""
    by_doc = {ex.document.doc: ex for ex in tables.values()}
    examples = [json.loads(line) for line in (corpus / "examples.jsonl").open(encoding="utf-8")]
    assert len(examples) == 8
    for example in examples:
        got = to_record(task(by_doc[example["doc"]], example["id"]))
        assert {k: got[k] for k in example} == example


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("guxian", [str(n) for n in range(1, 252)]),
        ("xixiang", [str(n) for n in range(1, 108)]),
        ("taian", [str(n) for n in range(1, 103)]),
    ],
)
def test_flat_numbering_complete(tables, key, expected):
    assert [t.id for t in tables[key].tasks] == expected


def test_pinglu_every_item_of_every_row(corpus, tables):
    text = (corpus / TABLES["pinglu"]).read_text(encoding="utf-8")
    items = sum(1 for line in text.splitlines() if line.startswith("\t（"))
    ids = [t.id for t in tables["pinglu"].tasks]
    assert len(ids) == items == len(set(ids)) == 157
    assert ids[:3] == ["1.1", "1.2", "1.3"] and ids[-1] == "36.1"
    rows = sorted({int(i.split(".")[0]) for i in ids})
    assert rows == list(range(1, 37))


def test_pinglu_page_break_repeat_and_carried_cells(tables):
    ex = tables["pinglu"]
    # row 2 is split by a page break: its header repeats and the row restates its cells
    assert [t.id for t in ex.tasks if t.id.startswith("2.")] == ["2.1", "2.2", "2.3"]
    t = task(ex, "2.3")
    assert (t.leaders, t.lead_units, t.deadline) == (["李兵"], ["财政局"], "全年")
    assert t.text == "严格落实全面预算绩效管理制度。"
    # a merged leader cell carried down to later rows
    assert task(ex, "7.1").leaders == ["李兵"]
    assert task(ex, "7.1").lead_units == ["县委办"]
    # names broken across lines
    assert task(ex, "12.4").lead_units == ["行政审批服务管理局"]
    assert task(ex, "14.1").lead_units == ["小企业发展促进中心"]
    assert task(ex, "16.1").lead_units == ["国家电网平陆支公司"]
    assert task(ex, "20.15").lead_units == ["农业农村局"]
    # the leader named in a note spanning the table keeps his title on the document
    assert ex.document.leader_roles == {"翟纪亭": "县长"}
    last = task(ex, "36.1")
    assert last.leaders == ["严磊"] and last.lead_units == ["各乡镇"]
    assert last.source.line_start == 1295


def test_guxian_headings_and_co_units(tables):
    ex = tables["guxian"]
    first = task(ex, "1")
    assert first.leaders == ["刘泳"] and first.leader_roles == {"刘泳": "县长"}
    assert first.lead_units == ["县政府办公室"] and first.co_units == ["全县政府系统各单位"]
    t = task(ex, "27")
    assert (t.text, t.leaders, t.leader_roles, t.lead_units, t.co_units) == (
        "全县地区生产总值增长 7.5%左右。", ["李晶"], {"李晶": "常务副县长"}, ["县发展和改革局"], []
    )
    # half-width parenthesis and colon
    assert task(ex, "56").co_units == ["县自然资源局", "县气象局", "县防震减灾服务中心", "县发展和改革局"]
    # a paragraph broken by the layout is joined with nothing in between
    assert task(ex, "79").text == "结合文旅、消夏活动，发展夜间经济、地摊经济、线上经济。"
    assert task(ex, "103").text == "坚持市场化运营，理顺牡丹景区管理体制，做好 4A级景区复核。"
    # bulleted livelihood tasks; the co-unit line belongs to the task right above it
    assert task(ex, "239").co_units == []
    assert task(ex, "240").co_units == ["县教育科技局"]
    last = task(ex, "251")
    assert (last.list, last.leaders, last.lead_units) == ("livelihood", ["贾辉"], ["县残联"])
    assert sum(t.list == "livelihood" for t in ex.tasks) == 24
    assert all(t.section is None and t.deadline is None for t in ex.tasks)
    assert "周兴" in ex.document.leader_duties


def test_xixiang_cells_by_content(tables):
    ex = tables["xixiang"]
    assert task(ex, "4").lead_units == ["县人社局", "县农业农村局"]
    assert task(ex, "7").lead_units == ["县经合中心"]  # `县经合` / blank / `中心`
    assert task(ex, "33").lead_units == ["县文旅局", "县农业农村局", "堰口镇", "峡口镇", "沙河镇", "城北街道"]
    assert task(ex, "33").leaders == ["王永安"]
    assert task(ex, "31").lead_units == ["县交通运输"]  # truncated in the source, kept as written
    assert task(ex, "44").lead_units == ["市生态环境局西乡分局"]
    assert task(ex, "78").leaders == ["惠理"]
    assert task(ex, "93").lead_units == ["县住建", "县妇联", "县政府办"]
    counts = {k: sum(t.list == k for t in ex.tasks) for k in ("main", "livelihood", "creation")}
    assert counts == {"main": 78, "livelihood": 10, "creation": 19}
    assert all(t.deadline == "11月底" for t in ex.tasks if t.list != "creation")
    assert all(t.deadline is None for t in ex.tasks if t.list == "creation")
    assert task(ex, "107").leaders == ["王永安"]


def test_taian_sections_multi_values_and_wrong_column(tables):
    ex = tables["taian"]
    t = task(ex, "31")
    assert t.leaders == ["赵玉宇", "董力芳"]
    assert t.lead_units == ["农业农村局", "生态环境局", "住建局", "水利局", "动监局"]
    assert t.co_units == ["各有关部门", "各有关镇街道"]
    assert task(ex, "46").leaders == ["张健", "李聪"]
    assert task(ex, "15").co_units == []
    # the leader cell repeats the task text: treated as missing and reported
    assert task(ex, "91").leaders == []
    kinds = {(a.kind, a.line) for a in ex.anomalies}
    assert ("wrong-column", 686) in kinds
    # section 四 states 13 tasks but holds 12: reported
    assert ("section-count", 161) in kinds
    assert task(ex, "93").list == "livelihood" and task(ex, "93").section == "十件重点民生实事"
    sections = [t.section for t in ex.tasks]
    assert len(set(sections)) == 9
    assert task(ex, "102").source.line_start == 763


@pytest.mark.parametrize(
    ("key", "county", "province", "prefecture", "code"),
    [
        ("pinglu", "平陆县", "山西省", "运城市", "140829"),
        ("guxian", "古县", "山西省", "临汾市", "141025"),
        ("xixiang", "西乡县", "陕西省", "汉中市", "610724"),
        ("taian", "台安县", "辽宁省", "鞍山市", "210321"),
    ],
)
def test_document_records(tables, key, county, province, prefecture, code):
    doc = tables[key].document
    assert (doc.county, doc.province, doc.prefecture, doc.admin_code, doc.year) == (
        county, province, prefecture, code, 2023
    )
    assert doc.tasks == len(tables[key].tasks)
    assert all(t.county == county for t in tables[key].tasks)


def test_titles(tables):
    assert {k: tables[k].document.title for k in TABLES} == {
        "pinglu": "2023年《政府工作报告》目标任务分解表",
        "guxian": "2023年《政府工作报告》重点工作任务分工",
        "xixiang": "2023年县政府工作报告任务分解一览表",
        "taian": "2023年《政府工作报告》工作任务分解清单",
    }


def test_no_silent_loss(tables):
    """Every task has text; leader names are bare names; units are non-empty strings."""
    for key in TABLES:
        for t in tables[key].tasks:
            assert t.text and not t.text.startswith(("（", "(", "**"))
            assert all(2 <= len(n) <= 4 and " " not in n for n in t.leaders)
            assert all(u and "\n" not in u for u in t.lead_units + t.co_units)
