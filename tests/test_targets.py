"""Indicators and targets: the vocabulary, the hard cases on hand strings, and the exact
headline targets of every corpus county."""

from __future__ import annotations

import pytest

from kg.model import Document, Extraction, Source, Task, to_record
from kg.pipeline import extract_text as extract
from kg.read import decode
from kg.targets import (
    HEADLINE_COLUMNS,
    find_targets,
    headline_table,
    load_vocabulary,
    targets_for,
    with_targets,
)
from kg.targets.metric import MetricResolver
from kg.targets.numbers import parse_number, scan

from .conftest import CORPUS, TABLES


def read(text: str, **kw):
    return find_targets(text, doc="t.txt", county="某县", task="1", line=1, **kw)


def brief(t) -> tuple:
    return (t.metric, t.value, t.value_max, t.unit, t.kind, t.modifier, t.relative)


def one(text: str):
    found = read(text)
    assert len(found) == 1, [brief(t) for t in found]
    return found[0]


# --- vocabulary ------------------------------------------------------------------------------


def test_vocabulary_loads_from_skos():
    vocab = load_vocabulary()
    assert len(vocab) >= 40
    for cid in ("gdp", "fiscal_revenue", "local_fiscal_revenue", "fixed_asset_investment",
                "retail_sales", "industrial_value_added", "urban_income", "rural_income",
                "grain_output", "energy_intensity", "forest_coverage", "urbanisation_rate",
                "new_urban_jobs", "unemployment_rate", "cpi"):
        concept = vocab[cid]
        assert concept.iri == f"https://govkg.org/id/indicator/{cid}"
        assert concept.label_zh and concept.label_en and concept.definition
    assert vocab["gdp"].label_zh == "地区生产总值"
    assert vocab["fiscal_revenue"].label_zh == "一般公共预算收入"
    assert vocab["retail_sales"].label_zh == "社会消费品零售总额"
    assert vocab["industrial_value_added"].label_zh == "规模以上工业增加值"
    assert vocab.core_ids() == [
        "gdp", "industrial_value_added", "fixed_asset_investment", "retail_sales",
        "fiscal_revenue", "urban_income", "rural_income",
    ]


def test_local_fiscal_revenue_is_not_an_alias_of_budget_revenue():
    vocab = load_vocabulary()
    assert vocab.lookup("地方财政收入") == "local_fiscal_revenue"
    assert vocab.lookup("一般公共预算收入") == "fiscal_revenue"
    assert "地方财政收入" not in vocab["fiscal_revenue"].labels
    assert one("地方财政收入增长13%").metric == "local_fiscal_revenue"


def test_aliases():
    vocab = load_vocabulary()
    assert vocab.lookup("规上工业增加值") == "industrial_value_added"
    assert vocab.lookup("生产总值") == "gdp"
    assert vocab.lookup("城镇新增就业") == vocab.lookup("新增城镇就业") == "new_urban_jobs"
    assert vocab.lookup("GDP") == "gdp"


@pytest.mark.parametrize(
    ("phrase", "jieba", "regex"),
    [
        ("新开工项目计划投资和固定资产投资到位资金均达到", None, "fixed_asset_investment"),
        ("农村公路安全生命防护工程", None, "rural_roads"),
        ("规模以上工业增加值占地区生产总值比重", None, "industrial_value_added"),
        ("全年固定资产投资必保完成", "fixed_asset_investment", "fixed_asset_investment"),
        ("单位地区生产总值能耗", "energy_intensity", "energy_intensity"),
    ],
)
def test_jieba_reads_the_head_of_the_phrase(phrase, jieba, regex):
    assert MetricResolver("jieba").resolve(phrase)[0] == jieba
    assert MetricResolver("regex").resolve(phrase)[0] == regex


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"), [("三十", 30), ("两", 2), ("一千五百", 1500), ("1,500", 1500), ("六点五", 6.5)]
)
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_names_are_not_quantities():
    text = ("做好第五次全国经济普查，确保盛隆泰达 2#炉 5 月投产，规划建设乡村 5G 基站，"
            "落实“12+N 重大课题”，实施“4111”项目，推进霍山云顶小镇 3A 级景区创建，"
            "深刻领悟“两个确立”，开展“三个一批”活动，加快西侯110千伏输变电项目建设")
    assert scan(text) == []


# --- hard cases on hand strings --------------------------------------------------------------


def test_growth_around_with_trailing_hedge():
    t = one("地区生产总值增长7%左右，在实际工作中尽可能争取更好结果。")
    assert brief(t) == ("gdp", 7, None, "%", "growth", "around", None)
    assert t.hedge == "在实际工作中尽可能争取更好结果"
    assert t.metric_text == "地区生产总值"
    assert t.quote == "地区生产总值增长7%左右"


def test_price_rise_is_growth_and_unemployment_rate_a_level():
    assert brief(one("居民消费价格涨幅控制在3%左右。")) == (
        "cpi", 3, None, "%", "growth", "around", None)
    assert brief(one("城镇登记失业率控制在4.2%以内。")) == (
        "unemployment_rate", 4.2, None, "%", "level", "at_most", None)
    assert one("城镇调查失业率控制在5.5%。").modifier == "at_most"


def test_respectively_with_lost_percent_separator():
    urban, rural = read("城乡居民人均可支配收入分别增长8%9%左右。")
    assert brief(urban) == ("urban_income", 8, None, "%", "growth", "around", None)
    assert brief(rural) == ("rural_income", 9, None, "%", "growth", "around", None)
    urban, rural, _ = read("城乡低保标准分别提高5%11%,改造提升白勉峡区域敬老院,为200名精神残障患者提供康养服务。")
    assert brief(urban) == ("dibao_urban", 5, None, "%", "growth", "point", None)
    assert brief(rural) == ("dibao_rural", 11, None, "%", "growth", "point", None)


def test_relative_targets():
    t = one("城镇居民人均可支配收入与经济增长基本同步。")
    assert brief(t) == ("urban_income", None, None, None, "growth", "relative", "与经济增长基本同步")
    t = one("农村居民人均可支配收入高于经济增长水平。")
    assert brief(t) == ("rural_income", None, None, None, "growth", "relative", "高于经济增长水平")
    t = one("农村居民人均可支配收入增长与经济增长基本同步")
    assert (t.metric, t.metric_text, t.relative) == (
        "rural_income", "农村居民人均可支配收入", "与经济增长基本同步")
    t = one("确保脱贫群众收入增速高于全省平均水平。")
    assert (t.metric, t.relative, t.hedge) == ("other", "高于全省平均水平", "确保")
    assert t.metric_text == "脱贫群众收入"


def test_two_hedged_amounts_of_one_metric():
    low, high = read("全年固定资产投资必保完成49亿元，力争完成57.5亿元")
    assert brief(low) == ("fixed_asset_investment", 49, None, "亿元", "level", "point", None)
    assert brief(high) == ("fixed_asset_investment", 57.5, None, "亿元", "level", "point", None)
    assert (low.hedge, high.hedge) == ("必保", "力争")


def test_range():
    place, places = read("建设1所80～150个托位的示范性公办综合托育机构。")
    assert brief(places) == ("childcare_places", 80, 150, "个", "count", "range", None)
    assert (place.value, place.unit, place.kind, place.modifier) == (1, "所", "count", "point")
    assert brief(one("城镇新增就业800-1000人")) == (
        "new_urban_jobs", 800, 1000, "人", "count", "range", None)


def test_chinese_numerals():
    t = one("城乡污水收集率提高两个百分点")
    assert brief(t) == ("sewage_collection_rate", 2, None, "个百分点", "growth", "point", None)
    assert (one("研发经费投入强度提高三成").value, one("研发经费投入强度提高三成").unit) == (30, "%")
    share, income, _ = read("实现40%以上的村集体经济收入达三十万元以上，70%以上的村经营性收入稳步提高。")
    assert brief(income) == ("village_collective_income", 30, None, "万元", "level", "at_least", None)
    assert (share.metric, share.value, share.modifier) == ("other", 40, "at_least")
    t = one("地区生产总值增长百分之六点五左右")
    assert brief(t) == ("gdp", 6.5, None, "%", "growth", "around", None)
    t = one("转移就业1.5万人")
    assert (t.metric, t.value, t.unit, t.kind) == ("labour_transfer", 1.5, "万人", "count")
    t = one("建设沿国道 341、国道 241、牡丹旅游公路三条乡村振兴示范带。")
    assert (t.value, t.unit, t.kind, t.metric_text) == (3, "条", "count", "乡村振兴示范带")


def test_percentage_points():
    t = one("城乡污水收集率提高10个百分点。")
    assert brief(t) == ("sewage_collection_rate", 10, None, "个百分点", "growth", "point", None)


def test_modifiers():
    assert one("产出强度不低于 60 万元/亩").modifier == "at_least"
    assert one("产出强度不低于 60 万元/亩").unit == "万元/亩"
    assert one("全年引进外资超过1000万美元").modifier == "at_least"
    assert one("确保全县粮食播种面积不少于13.67万亩").modifier == "at_least"
    assert one("粮食播种面积稳定在40万亩").modifier == "point"
    assert one("今年至少落户3家企业").modifier == "at_least"
    assert one("新打造 10 个左右示范村").modifier == "around"
    assert one("开工率 80% 以上").modifier == "at_least"
    assert one("单位地区生产总值能耗下降3%").kind == "reduction"  # the size of the decline, never growth


def test_kinds():
    assert one("装配式建筑比例提高至25%").kind == "level"
    assert one("普惠小微贷款余额增长15%").kind == "growth"
    assert one("新增市场主体2500家以上").kind == "count"
    assert one("建设高标准农田2.92万亩").kind == "level"
    assert one("规上企业再增加5户").kind == "count"


def test_counted_noun_after_the_number():
    t = one("新建 50 套保障性住房。")
    assert (t.metric, t.metric_text, t.value, t.unit) == ("affordable_housing", "新建保障性住房", 50, "套")
    t = one("加快推进110个重点项目")
    assert (t.metric, t.value, t.kind) == ("key_projects", 110, "count")


def test_elliptical_metrics():
    area, output = read("确保粮食播种面积稳定在 25 万亩以上，产量 7000 万公斤以上。")
    assert (area.metric, area.value, area.unit) == ("grain_sown_area", 25, "万亩")
    assert (output.metric, output.value, output.unit, output.modifier) == (
        "grain_output", 7000, "万公斤", "at_least")
    first, second = read("力争一季度开工率达80%以上,二季度达100%")
    assert second.metric == first.metric == "project_start_rate"
    assert second.metric_text == "二季度开工率"


def test_both_subjects_of_jun():
    planned, arrived = read("新开工项目计划投资和固定资产投资到位资金均达到 10 亿元以上。")
    assert (planned.metric_text, arrived.metric_text) == ("新开工项目计划投资", "固定资产投资到位资金")
    assert arrived.metric == "other"  # not fixed-asset investment itself
    assert (arrived.value, arrived.unit, arrived.modifier) == (10, "亿元", "at_least")


def test_project_descriptions_are_not_targets():
    assert read("加快国新正泰年产 1000 万立方制备高纯氢技改项目复建。") == []
    assert read("推进睢阳（古县）3 万吨锂电池改性负极材料、上海中化年产 4.6 万吨聚甲醛工程材料等项目落地") == []
    assert read("加快富顿5000头肉牛养殖基地建设") == []
    assert read("落实落细安全生产十五条硬措施和我县68条细化举措") == []
    found = read("全年开复工5000万元以上项目81个，推进投资7.28亿元的年产14万吨速冻食品等一批项目开复工")
    assert [(t.value, t.unit, t.metric_text) for t in found] == [(81, "个", "开复工5000万元以上项目")]
    assert [t.value for t in read("在去年完成2个停车场的基础上，再新建3个停车场")] == [3]


def test_hedges():
    found = read("力争全年招商项目达到50个，协议总投资达到200亿元以上，当年签约当年开工率达到60%以上。")
    assert [t.hedge for t in found] == ["力争"] * 3
    assert [t.metric for t in found] == ["other", "contracted_investment", "project_start_rate"]
    assert one("规上工业增加值增长14%以上").hedge is None


def test_target_record_fields():
    rec = to_record(one("固定资产投资增长10%以上。"))
    assert list(rec) == [
        "type", "doc", "county", "task", "metric", "metric_text", "value", "value_max", "unit",
        "kind", "modifier", "relative", "hedge", "headline", "quote", "line",
        # the ledger's fields come after the older ones, which keep their order
        "government", "year", "lower", "upper", "hardness", "absent_reason",
    ]
    assert rec["type"] == "target"
    assert (rec["lower"], rec["upper"], rec["hardness"]) == (10, None, "binding")


def test_subject_lists():
    found = read("城镇、农村居民人均可支配收入分别增长8%、9%")
    assert [(t.metric, t.value) for t in found] == [("urban_income", 8), ("rural_income", 9)]
    found = read("固定资产投资、社会消费品零售总额分别增长10%和8%以上")
    assert [(t.metric, t.value, t.modifier) for t in found] == [
        ("fixed_asset_investment", 10, "at_least"), ("retail_sales", 8, "at_least")]
    found = read("城乡居民收入增长与经济增长同步")
    assert [(t.metric, t.relative) for t in found] == [
        ("urban_income", "与经济增长同步"), ("rural_income", "与经济增长同步")]
    low, high = read("规模以上工业增加值增长8%以上，力争达到10%")
    assert (high.metric, high.kind, high.hedge) == ("industrial_value_added", "growth", "力争达到")


def test_same_text_other_numbers():
    """No number is remembered: a rewritten sentence reads its own numbers."""
    assert brief(one("地区生产总值增长5.5%左右")) == ("gdp", 5.5, None, "%", "growth", "around", None)
    assert brief(one("城镇登记失业率控制在3.8%以内")) == (
        "unemployment_rate", 3.8, None, "%", "level", "at_most", None)


# --- headline rules on a made-up document ----------------------------------------------------


def _doc(texts: list[tuple[str, str | None]], layout: str = "merged_table") -> Extraction:
    document = Document(doc="x.txt", county="某县", province=None, prefecture=None,
                        admin_code=None, year=2023, title=None, layout=layout,
                        kind="report" if layout == "prose_report" else "tasks")
    tasks = [
        Task(doc="x.txt", county="某县", id=str(i), list="main", section=section, text=text,
             leaders=[], lead_units=[], co_units=[], deadline=None, source=Source(i, i))
        for i, (text, section) in enumerate(texts, 1)
    ]
    return Extraction(document=document, tasks=tasks)


def test_headline_from_opening_target_statements():
    ex = _doc([
        ("确保全年工业投资增长 19%以上、规上工业增加值增长 15%以上。", None),
        ("全县地区生产总值增长 7.5%左右。", None),
        ("规模以上工业增加值增长 10%以上。", None),
        ("突出抓好重点群体就业，全年城镇新增就业 1100 人以上。", None),
        ("地区生产总值增长8%。", None),
    ])
    ex = with_targets(ex)
    heads = {(t.task, t.metric, t.value) for t in ex.targets if t.headline}
    assert heads == {("2", "gdp", 7.5), ("3", "industrial_value_added", 10)}
    assert ex.tasks[0].targets == ["industrial_investment", "industrial_value_added"]
    assert ex.tasks[3].targets == ["new_urban_jobs"]


def test_headline_section_is_exclusive():
    ex = _doc([
        ("地区生产总值同比增长7%", "全县经济社会发展主要预期指标"),
        ("新增城镇就业4000人以上，城镇登记失业率控制在3.5%以内", "聚焦百姓福祉"),
    ])
    assert [(t.metric, t.headline) for t in targets_for(ex)] == [
        ("gdp", True), ("new_urban_jobs", False), ("unemployment_rate", False)]


def test_headline_cue_in_a_report_paragraph():
    ex = _doc([
        ("全年地区生产总值完成59.33亿元。", None),
        ("今年的主要预期目标是:地区生产总值增长6.5%左右,城镇居民人均可支配收入与经济增长基本同步,"
         "约束性指标控制在规定范围内。重点抓好以下几方面工作:新建健身步道10公里。", None),
    ], layout="prose_report")
    heads = [(t.metric, t.value, t.relative) for t in targets_for(ex) if t.headline]
    assert heads == [("gdp", 6.5, None), ("urban_income", None, "与经济增长基本同步")]


def test_report_lines_outside_tasks():
    lines = ["一、回顾", "今年的主要预期目标是:地区生产总值增长6%左右,固定资产投资增长8%以上。",
             "新建健身步道10公里。"]
    ex = _doc([("新建健身步道10公里。", None)], layout="prose_report")
    ex.tasks[0].source = Source(3, 3)
    targets = targets_for(ex, lines=lines)
    assert [(t.task, t.line, t.metric, t.headline) for t in targets] == [
        (None, 2, "gdp", True), (None, 2, "fixed_asset_investment", True), ("1", 3, "other", False)]


# --- the corpus ------------------------------------------------------------------------------

HEADLINES = {
    "pinglu": {
        "gdp": (7, None, "%", "growth", "around", None),
        "industrial_value_added": (9, None, "%", "growth", "point", None),
        "fixed_asset_investment": (10, None, "%", "growth", "at_least", None),
        "retail_sales": (8, None, "%", "growth", "point", None),
        "fiscal_revenue": (6, None, "%", "growth", "point", None),
        "urban_income": (8, None, "%", "growth", "at_least", None),
        "rural_income": (9, None, "%", "growth", "point", None),
        "cpi": (3, None, "%", "growth", "around", None),
        "unemployment_rate": (4.2, None, "%", "level", "at_most", None),
    },
    "guxian": {
        "gdp": (7.5, None, "%", "growth", "around", None),
        "industrial_value_added": (10, None, "%", "growth", "at_least", None),
        "fixed_asset_investment": (10, None, "%", "growth", "around", None),
        "retail_sales": (7, None, "%", "growth", "around", None),
        "fiscal_revenue": (6, None, "%", "growth", "around", None),
        "urban_income": (None, None, None, "growth", "relative", "与经济增长基本同步"),
        "rural_income": (None, None, None, "growth", "relative", "高于经济增长水平"),
    },
    "xixiang": {
        "gdp": (8, None, "%", "growth", "around", None),
        "industrial_value_added": (14, None, "%", "growth", "at_least", None),
        "fixed_asset_investment": (16, None, "%", "growth", "at_least", None),
        "retail_sales": (12, None, "%", "growth", "at_least", None),
        "local_fiscal_revenue": (13, None, "%", "growth", "point", None),
        "urban_income": (8, None, "%", "growth", "around", None),
        "rural_income": (9, None, "%", "growth", "around", None),
    },
    "taian": {
        "gdp": (7, None, "%", "growth", "point", None),
        "industrial_value_added": (16, None, "%", "growth", "point", None),
        "fixed_asset_investment": (15, None, "%", "growth", "point", None),
        "retail_sales": (10, None, "%", "growth", "point", None),
        "fiscal_revenue": (10, None, "%", "growth", "point", None),
        "rural_income": (None, None, None, "growth", "relative", "与经济增长基本同步"),
    },
    "jiaokou": {
        "gdp": (6.5, None, "%", "growth", "around", None),
        "industrial_value_added": (7, None, "%", "growth", "around", None),
        "fixed_asset_investment": (7, None, "%", "growth", "at_least", None),
        "retail_sales": (7, None, "%", "growth", "around", None),
        "fiscal_revenue": (6, None, "%", "growth", "point", None),
        "urban_income": (None, None, None, "growth", "relative", "与经济增长基本同步"),
        "rural_income": (6, None, "%", "growth", "point", None),
    },
}


def _source_lines(key: str) -> list[str]:
    name = TABLES.get(key, "jiaokou-2023-report.txt")
    return (CORPUS / name).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def corpus_targets(extractions):
    return {key: targets_for(ex, lines=_source_lines(key)) for key, ex in extractions.items()}


@pytest.mark.parametrize("key", sorted(HEADLINES))
def test_headline_targets_exact(corpus_targets, key):
    got = {t.metric: (t.value, t.value_max, t.unit, t.kind, t.modifier, t.relative)
           for t in corpus_targets[key] if t.headline}
    assert got == HEADLINES[key]


@pytest.mark.parametrize("key", sorted(HEADLINES))
def test_headline_targets_same_without_lines(extractions, key):
    got = {t.metric: t.value for t in targets_for(extractions[key]) if t.headline}
    assert got == {m: v[0] for m, v in HEADLINES[key].items()}


def test_headline_table_marks_absent_metrics(extractions):
    rows = headline_table(list(extractions.values()))
    assert all(tuple(r) == HEADLINE_COLUMNS for r in rows)
    table = {(r["county"], r["metric"]): r for r in rows}
    counties = {"平陆县", "古县", "西乡县", "台安县", "交口县"}
    metrics = {"gdp", "industrial_value_added", "fixed_asset_investment", "retail_sales",
               "fiscal_revenue", "local_fiscal_revenue", "urban_income", "rural_income", "cpi",
               "unemployment_rate"}
    assert set(table) == {(c, m) for c in counties for m in metrics}
    assert table[("西乡县", "fiscal_revenue")]["status"] == "absent"
    assert table[("西乡县", "fiscal_revenue")]["value"] is None
    assert table[("西乡县", "local_fiscal_revenue")]["value"] == 13
    assert table[("台安县", "urban_income")]["status"] == "absent"
    assert table[("古县", "cpi")]["status"] == "absent"
    assert table[("平陆县", "unemployment_rate")]["value"] == 4.2
    assert sum(r["status"] == "set" for r in rows) == sum(len(v) for v in HEADLINES.values())


def test_corpus_hard_cases(corpus_targets):
    taian = [t for t in corpus_targets["taian"] if t.task == "10"]
    assert [(t.metric, t.value, t.unit, t.kind, t.hedge, t.headline) for t in taian] == [
        ("fixed_asset_investment", 49, "亿元", "level", "必保", False),
        ("fixed_asset_investment", 57.5, "亿元", "level", "力争", False),
    ]
    pinglu = {t.task: t for t in corpus_targets["pinglu"]}
    assert pinglu["8.1"].hedge == "在实际工作中尽可能争取更好结果"
    assert pinglu["8.1"].line == 283
    places = [t for t in corpus_targets["pinglu"] if t.modifier == "range"]
    assert [(t.value, t.value_max, t.unit, t.metric) for t in places] == [
        (80, 150, "个", "childcare_places")]
    xixiang = [t for t in corpus_targets["xixiang"] if t.task == "88"]
    assert [(t.metric, t.value, t.unit) for t in xixiang[:2]] == [
        ("dibao_urban", 5, "%"), ("dibao_rural", 11, "%")]
    guxian = [t for t in corpus_targets["guxian"] if t.task == "220"]
    assert [(t.value, t.unit, t.modifier) for t in guxian] == [
        (40, "%", "at_least"), (30, "万元", "at_least"), (70, "%", "at_least")]
    jiaokou = [t for t in corpus_targets["jiaokou"] if t.unit == "个百分点"]
    assert [(t.metric, t.value, t.kind) for t in jiaokou] == [
        ("sewage_collection_rate", 10, "growth")]
    assert not any(t.line < 55 for t in corpus_targets["jiaokou"])  # nothing from 2022


def test_task_targets_chain(extractions, corpus_targets):
    by_id = {t.id: t for t in extractions["xixiang"].tasks}
    assert by_id["2"].targets == ["gdp", "fixed_asset_investment"]
    assert by_id["4"].targets == ["urban_income", "rural_income"]
    assert by_id["7"].targets == []
    for key, ex in extractions.items():
        per_task = {}
        for t in corpus_targets[key]:
            per_task.setdefault(t.task, []).append(t.metric)
        for task in ex.tasks:
            assert task.targets == per_task.get(task.id, [])


def test_rewritten_variant_reads_its_own_numbers():
    text = (CORPUS / TABLES["pinglu"]).read_text(encoding="utf-8")
    text = text.replace("地区生产总值增长7%左右", "地区生产总值增长6.5%以上").replace(
        "城镇登记失业率控制在4.2%以内", "城镇登记失业率控制在5%左右")
    ex = extract(decode(text.encode("utf-8"), "variant.txt"))
    heads = {t.metric: (t.value, t.modifier) for t in targets_for(ex) if t.headline}
    assert heads["gdp"] == (6.5, "at_least")
    assert heads["unemployment_rate"] == (5, "around")


def test_pos_cut_is_jiebas(extractions):
    """kg.extract.resources.segmenter cuts as jieba.posseg (HMM off) with the vocabulary as user words: every
    task text of the corpus, its clauses, and mixed Latin, digits and spaces."""
    import jieba
    import jieba.posseg

    from kg.extract.resources.segmenter import PosTokenizer, dictionary
    from kg.ontology.indicators import load_vocabulary
    from kg.targets.metric import _pos_tokenizer

    # jieba's frequencies as its initialize() builds them, from its dict.txt (not from the
    # jieba.cache in the shared temp dir that initialize() would trust)
    freq, total = jieba.Tokenizer.gen_pfdict(jieba.Tokenizer().get_dict_file())
    assert dictionary()[:2] == (freq, total)
    reference = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    reference.tokenizer.FREQ, reference.tokenizer.total = freq, total
    reference.tokenizer.initialized = True
    for label in load_vocabulary().labels:
        reference.tokenizer.add_word(label, freq=100000, tag="nz")
    ours: PosTokenizer = _pos_tokenizer()
    texts = [t.text for ex in extractions.values() for t in ex.tasks]
    texts += [c for t in texts for c in t.split("，")]
    texts += ["GDP增长 6.5%，5G基站 12 座\r\n规上工业增加值 a.b#c", "  ", "", "地区生产总值增长7%左右"]
    for text in texts:
        assert ours.cut(text) == [(p.word, p.flag) for p in reference.cut(text, HMM=False)], text
    assert ("规上工业增加值", "nz") in ours.cut("规上工业增加值增长8%")


def test_trailing_words_fit_the_searched_tail():
    """_clean_lookback searches _TRAILING only in the last _TRAILING_LONGEST characters."""
    from kg.targets import finder

    pattern = finder._TRAILING.pattern
    words = pattern[pattern.index("(?:") + 3:pattern.rindex(")$")].split("|")
    assert max(len(w.replace("\\s", " ")) for w in words) == finder._TRAILING_LONGEST
    assert finder._clean_lookback("全年地区生产总值比上年增长") == ("地区生产总值", "比上年增长", 2)


def test_a_long_cell_reads_as_its_sentences():
    """One cell of ~70,000 characters (a table cell can hold a whole report): every sentence
    yields the targets it yields alone, and reading it takes time in proportion to its length
    (this took half a minute when each number searched the spans and targets before it)."""
    sentences = ["力争地区生产总值增长7%左右，在实际工作中尽可能争取更好结果。", "固定资产投资增长10%以上；",
                 "城镇新增就业1500人，", "城乡居民人均可支配收入分别增长8%、9%。", "去年完成3亿元，",
                 "新建50套保障性住房\n"]
    alone = [(*brief(t), t.hedge, t.quote) for s in sentences for t in read(s)]
    assert [t[:2] for t in alone] == [("gdp", 7), ("fixed_asset_investment", 10), ("new_urban_jobs", 1500),
                                      ("urban_income", 8), ("rural_income", 9), ("affordable_housing", 50)]
    n = 800
    found = read("".join(sentences) * n)
    assert len(found) == 6 * n
    assert [(*brief(t), t.hedge, t.quote) for t in found] == alone * n


def test_long_runs_of_numerals_are_read_once():
    """A run of digits is not read again from each digit in it (a regular expression that
    tried every start took minutes on a few thousand digits)."""
    assert scan("1" * 50_000) == [] and scan("三" * 50_000) == []
    assert [(q.value, q.unit) for q in scan("9" * 3000 + "x 12个")] == [(12, "个")]


# --- declines, big units, ranges, absent targets, bounds and hardness (the ledger's needs) -----


def test_declines_are_reductions_never_growth():
    t = one("单位国内生产总值能耗降低3%左右")
    assert (t.metric, t.value, t.kind, t.modifier, t.lower, t.upper) == ("energy_intensity", 3, "reduction", "around",
                                                                          2.5, 3.5)
    t = one("单位国内生产总值能耗降幅超过3%")
    assert (t.metric, t.value, t.kind, t.modifier, t.hardness) == ("energy_intensity", 3, "reduction", "at_least",
                                                                    "binding")
    t = one("农村贫困人口减少1000万以上")
    assert (t.metric, t.value, t.unit, t.kind, t.modifier) == ("rural_poor", 1000, "万", "reduction", "at_least")


def test_levels_and_counts_in_any_unit():
    t = one("粮食产量1.3万亿斤以上")
    assert (t.metric, t.value, t.unit, t.kind, t.modifier) == ("grain_output", 1.3, "万亿斤", "level", "at_least")
    t = one("城镇新增就业1100万人以上")
    assert (t.metric, t.value, t.unit, t.kind, t.lower, t.upper) == (
        "new_urban_jobs", 1100, "万人", "count", 1100, None)
    t = one("城镇新增就业900万人左右")  # 左右 on a count: a band of 5% of the value
    assert (t.lower, t.upper, t.hardness) == (855, 945, "soft")


def test_ranges_and_relative_targets():
    t = one("国内生产总值增长5%—5.5%")
    assert (t.value, t.value_max, t.modifier, t.lower, t.upper) == (5, 5.5, "range", 5, 5.5)
    found = read("城乡居民收入实际增长和经济增长保持同步")
    assert [(f.metric, f.modifier, f.relative) for f in found] == [
        ("urban_income", "relative", "和经济增长保持同步"), ("rural_income", "relative", "和经济增长保持同步")]


def test_hardness_from_the_wording():
    assert one("确保规上工业增加值增长8%").hardness == "binding"
    assert one("力争固定资产投资增长10%").hardness == "aspirational"
    assert one("地区生产总值增长6%左右").hardness == "soft"
    assert one("城镇登记失业率控制在4.5%以内").hardness == "binding"
    assert one("地区生产总值增长6%").hardness == "soft"


def _document_targets(text: str) -> list:
    doc = Document("r.txt", None, None, None, None, 2021, None, "prose_report", kind="report", government="国务院",
                   level="national")
    task = Task("r.txt", None, "1.1.1", "main", "主要预期目标", text, [], [], [], None, Source(1, 1))
    return targets_for(Extraction(document=doc, tasks=[task]))


def test_targets_said_not_to_be_set_are_absent_with_their_reason():
    sentence = "需要说明的是，我们没有提出全年经济增速具体目标，主要因为全球疫情和经贸形势不确定性很大。"
    found = _document_targets(sentence)
    assert [(t.metric, t.modifier, t.value, t.hardness, t.headline) for t in found] == [
        ("gdp", "absent", None, "none", True)]
    assert found[0].absent_reason == sentence
    found = _document_targets("能耗强度目标在“十四五”规划期内统筹考核，并留有适当弹性。")
    assert [(t.metric, t.kind, t.modifier, t.quote) for t in found] == [
        ("energy_intensity", "reduction", "absent", "能耗强度目标在“十四五”规划期内统筹考核")]
    assert _document_targets("要着力推进改革，不设门槛，不搞一刀切。") == []
    assert all(t.year == 2021 and t.government == "国务院" for t in found)
