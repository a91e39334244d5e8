"""The prose-report layout on the real 交口县 report and on a second, made-up report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract import get
from kg.extract.layout.prose_report import detect
from kg.extract.layout.prose_report.tasks import QUANTITY
from kg.model import Extraction, to_record
from kg.pipeline import extract_text as extract
from kg.read import read_source
from kg.read.text import SourceText

DATA = Path(__file__).resolve().parent / "data"
SECOND = DATA / "wuxi-2023-prose-report.txt"
TABLE_FILES = (
    "pinglu-2023-tasks.txt", "guxian-2023-tasks.txt", "xixiang-2023-tasks.txt",
    "taian-2023-tasks.txt",
)
# forum chrome around the 交口 report: none of it may reach a record
CHROME = ("签到天数", "以坛为家", "阅读模式", "回帖", "积分", "客服中心", "Powered by", "返回顶部",
          "010-63691786", "在线时间")


@pytest.fixture(scope="module")
def jiaokou(corpus) -> Extraction:
    return extract(read_source(corpus / "jiaokou-2023-report.txt"))


@pytest.fixture(scope="module")
def second() -> Extraction:
    return extract(read_source(SECOND))


def by_id(result: Extraction) -> dict:
    return {t.id: t for t in result.tasks}


def records(result: Extraction) -> list[dict]:
    objs = [result.document, *result.tasks, *result.terms, *result.anomalies]
    return [to_record(o) for o in objs]


def quantity_coverage(src: SourceText, result: Extraction, first: int, last: int):
    """(quantities in lines first..last, those inside exactly one task, the others)."""
    covered: dict[tuple[int, int], int] = {}
    for task in result.tasks:
        pieces = [(n, src.lines[n - 1].strip()) for n in
                  range(task.source.line_start, task.source.line_end + 1)]
        joined = "".join(p for _, p in pieces)
        at = joined.find(task.text)
        assert at >= 0, f"{task.id}: text not found in its source lines"
        offset = 0
        for number, piece in pieces:
            for col in range(len(piece)):
                if at <= offset + col < at + len(task.text):
                    covered[(number, col)] = covered.get((number, col), 0) + 1
            offset += len(piece)
    total, once, others = 0, 0, []
    for number in range(first, last + 1):
        line = src.lines[number - 1].strip()
        for m in QUANTITY.finditer(line):
            total += 1
            counts = {covered.get((number, c), 0) for c in range(m.start(), m.end())}
            if counts == {1}:
                once += 1
            else:
                others.append((number, m.group(0), counts))
    return total, once, others


# ---------------------------------------------------------------- detection

def test_detect_prose_reports(corpus):
    assert detect(read_source(corpus / "jiaokou-2023-report.txt")) > 0.8
    assert detect(read_source(SECOND)) > 0.8


@pytest.mark.parametrize("name", TABLE_FILES)
def test_detect_does_not_claim_tables(corpus, name):
    assert detect(read_source(corpus / name)) < 0.3


def test_detection_reads_content_not_file_name(corpus):
    src = read_source(corpus / "jiaokou-2023-report.txt")
    renamed = SourceText(name="pinglu-2023-tasks.txt", lines=src.lines)
    assert detect(renamed) > 0.8
    table = read_source(corpus / "taian-2023-tasks.txt")
    assert detect(SourceText(name="x-report.txt", lines=table.lines)) < 0.3


def test_registry_picks_prose_report(jiaokou, second):
    assert jiaokou.document.layout == "prose_report"
    assert second.document.layout == "prose_report"
    assert get("prose_report").NAME == "prose_report"


# ---------------------------------------------------------------- the 交口 report

def test_document_record(jiaokou):
    doc = jiaokou.document
    assert doc.title == "2023年交口县政府工作报告"
    assert (doc.county, doc.province, doc.prefecture, doc.admin_code) == (
        "交口县", "山西省", "吕梁市", "141130")
    assert doc.year == 2023
    assert doc.delivered == "2023-03-30"
    assert doc.speaker == {"name": "李刚", "role": "县长"}
    # lines 1-32 and 127-143 are forum chrome: 20 + 13 non-blank lines
    assert doc.skipped_lines == 33
    assert doc.tasks == len(jiaokou.tasks) == 144


def test_no_forum_chrome_in_any_record(jiaokou):
    dumped = json.dumps(records(jiaokou), ensure_ascii=False)
    for chrome in CHROME:
        assert chrome not in dumped
    assert all(33 <= t.source.line_start <= t.source.line_end <= 125 for t in jiaokou.tasks)
    assert all(100 <= t.line <= 125 for t in jiaokou.terms)


def test_review_is_skipped_and_said_so(jiaokou):
    assert not [t for t in jiaokou.tasks if t.source.line_start < 55]
    review = [a for a in jiaokou.anomalies if a.kind == "review_skipped"]
    assert len(review) == 1 and review[0].line == 41
    assert "41-54" in review[0].message


def test_sections_in_order(jiaokou):
    sections = list(dict.fromkeys(t.section for t in jiaokou.tasks if t.list == "main"))
    assert sections == [
        "2023年工作安排",
        "坚持稳经济、保增长,全力推进优势产业在延链补链中做大做强",
        "坚持夯基础、促转型,全力推进招商项目在环境优化中落地开工",
        "坚持提品位、亮明片,全力推进县城更新在精雕细琢中美丽宜居",
        "坚持补短板、增动能,全力推进乡村振兴在巩固拓展中蹚出新路",
        "坚持重统筹、深改革,全力推进社会事业在精管善治中示范引领",
        "坚持抓安全、守底线,全力推进生态文明在标本兼治中绿色发展",
        "全面加强政府自身建设",
    ]
    assert {t.id.split(".")[0] for t in jiaokou.tasks} == {str(n) for n in range(8)}


def test_task_ids_texts_and_subsections(jiaokou):
    tasks = by_id(jiaokou)
    t = tasks["2.3.1"]
    assert t.subsection == "多举措创优营商环境"
    assert t.text == ("持续深化“放管服”改革,当好支持企业的“娘家人”、服务企业的“店小二”,"
                      "全力打造“三无”“三可”营商环境。")
    assert (t.source.line_start, t.source.line_end) == (66, 66)
    assert t.terms == ["“三无”“三可”"]
    assert tasks["2.3.2"].text == "加快政务服务大厅标准化改造,7月底前完成。"
    assert tasks["2.3.2"].deadline == "7月底前"
    assert tasks["1.0.1"].text == "全面落实助企纾困系列政策,持续加大入企服务,推动传统产业高质量发展。"
    assert tasks["1.0.1"].subsection is None
    assert tasks["3.4.3"].text == "大力推进国道209改线工程,6月底建成通车。"
    assert tasks["3.4.3"].deadline == "6月底"
    assert tasks["3.2.7"].deadline == "7月"  # 县体育馆7月建成投用
    assert tasks["1.2.1"].deadline == "9月"  # not the past 2月并网
    assert tasks["4.3.4"].text.endswith("确保全县粮食播种面积不少于13.67万亩,产量稳定在3000万公斤以上。")
    assert tasks["4.3.4"].subsection == "持续深化农村改革"
    assert tasks["7.2.1"].section == "全面加强政府自身建设"
    assert tasks["7.2.1"].subsection == "提高站位担当干"
    assert tasks["7.2.1"].terms == ["两个确立", "两个维护", "四个意识", "四个自信"]
    assert tasks["7.4.1"].terms == ["13710"]
    assert tasks["4.1.1"].terms == ["三类户"]
    # paragraph numbering restarts per section; 2.5 is the closing words of (二)
    assert tasks["2.5.1"].text == "我们要保持定力、久久为功,加快构建多点发力、多元支撑的产业体系。"


def test_expected_targets_are_one_task_each(jiaokou):
    targets = [t.text for t in jiaokou.tasks if t.id.startswith("0.3.")]
    assert targets == [
        "地区生产总值增长6.5%左右", "一般公共预算收入增长6%", "固定资产投资增长7%以上",
        "社会消费品零售总额增长7%左右", "规上工业增加值增长7%左右",
        "城镇居民人均可支配收入与经济增长基本同步", "农村居民人均可支配收入增长6%",
        "约束性指标控制在规定范围内。",
    ]


def test_livelihood_projects(jiaokou):
    projects = [t for t in jiaokou.tasks if t.list == "livelihood"]
    assert [t.text for t in projects] == [
        "建设城南、丰泰、粮苑3个便民菜市场。",
        "在去年完成2个停车场的基础上,再新建3个停车场。",
        "实施2个老旧小区改造。",
        "改造提升县城3处和康城、桃红坡各1处共5个多功能社会运动场。",
        "新建健身步道10公里。",
        "改造建成县城幸福小区托幼机构。",
    ]
    assert all(t.source.line_start == t.source.line_end == 90 for t in projects)
    assert all(t.section is None and t.subsection is None for t in projects)
    intro = by_id(jiaokou)["6.6.1"]
    assert intro.list == "main" and intro.text.endswith("再重点做好6件民生实事:")


def test_glossary_terms(jiaokou):
    terms = {t.term: t for t in jiaokou.terms}
    assert len(jiaokou.terms) == 26
    assert terms["三类户"].definition == "脱贫不稳定户、边缘易致贫户、突发严重困难户。"
    assert terms["三类户"].line == 101
    assert terms["13710"].definition.startswith("省政府制定的一项工作制度。1天内研究部署")
    assert terms["“四个一律”"].line == 114
    assert terms["三公经费"].definition == (
        "政府部门人员因公出国(境)经费、公务车购置及运行费、公务招待产生的消费。")
    assert jiaokou.terms[0].term == "“五个一批”群众文化惠民工程"
    assert jiaokou.terms[-1].line == 125


def test_quantified_commitments_each_in_exactly_one_task(corpus, jiaokou):
    src = read_source(corpus / "jiaokou-2023-report.txt")
    total, once, others = quantity_coverage(src, jiaokou, 55, 98)
    assert total >= 60
    assert once / total >= 0.95, others


def test_texts_are_verbatim_and_units_only_inferred(corpus, jiaokou):
    src = read_source(corpus / "jiaokou-2023-report.txt")
    for t in jiaokou.tasks:
        lines = "".join(src.lines[n - 1].strip()
                        for n in range(t.source.line_start, t.source.line_end + 1))
        assert t.text in lines
        assert t.lead_units == [] and t.leaders == [] and t.co_units == []
        assert t.doc == "jiaokou-2023-report.txt" and t.county == "交口县"
    farmland = next(t for t in jiaokou.tasks if "高标准农田" in t.text)
    assert farmland.inferred_units[0].unit == "农业农村局"
    assert "高标准农田" in farmland.inferred_units[0].evidence
    rec = to_record(farmland)
    assert rec["lead_units"] == [] and rec["inferred_units"][0]["unit"] == "农业农村局"


def test_context_sentences_are_reported_not_dropped(jiaokou):
    context = [a for a in jiaokou.anomalies if a.kind == "not_a_commitment"]
    assert {a.line for a in context} == {56, 58, 68, 73, 98}
    assert any("两高一环" in a.message for a in context)


# ---------------------------------------------------------------- a rewritten variant

def _variant(src: SourceText) -> SourceText:
    """The same report with other names, numbers, date and chrome: nothing hard-coded."""
    swaps = [
        ("交口", "梧溪"),
        ("李 \u2002刚", "赵 明\u3000远"),  # the source pads the name with a space + en space
        ("3月30日", "2月8日"), ("6.5%", "5.5%"), ("1204座", "980座"),
        ("6件民生实事", "5件民生实事"), ("县长", "代县长"),
        ("签到天数: 703 天", "在线 12 小时"), ("Powered by quyushuju", "技术支持 某某网络"),
    ]
    lines = []
    for line in src.lines:
        for old, new in swaps:
            line = line.replace(old, new)
        lines.append(line)
    return SourceText(name="variant.txt", lines=lines)


def test_rewritten_variant_reads_the_same(corpus, jiaokou):
    variant = extract(_variant(read_source(corpus / "jiaokou-2023-report.txt")))
    assert variant.document.layout == "prose_report"
    assert variant.document.speaker == {"name": "赵明远", "role": "代县长"}
    assert variant.document.delivered == "2023-02-08"
    assert [t.id for t in variant.tasks] == [t.id for t in jiaokou.tasks]
    assert by_id(variant)["0.3.1"].text == "地区生产总值增长5.5%左右"
    assert len([t for t in variant.tasks if t.list == "livelihood"]) == 6
    assert len(variant.terms) == 26


# ---------------------------------------------------------------- the second report

def test_second_report_document(second):
    doc = second.document
    assert doc.delivered == "2023-01-12"  # written 二〇二三年一月十二日
    assert doc.speaker == {"name": "欧阳明", "role": "代县长"}
    assert doc.skipped_lines == 6  # portal chrome: 4 lines above, 2 below
    assert doc.title and "政府工作报告" in doc.title
    dumped = json.dumps(records(second), ensure_ascii=False)
    for chrome in ("浏览次数", "打印", "网站标识码", "当前位置"):
        assert chrome not in dumped


def test_second_report_structure(second):
    sections = list(dict.fromkeys(t.section for t in second.tasks))
    assert sections == [
        "2023年重点任务", "聚焦产业升级，壮大实体经济", "聚焦乡村振兴，建设宜居宜业和美乡村",
        "聚焦民生福祉，提升群众幸福指数", "用心用情办好十件民生实事", "建设人民满意政府",
    ]
    tasks = by_id(second)
    assert [t.text for t in second.tasks if t.id.startswith("0.1.")][1:] == [
        "地区生产总值增长7%左右", "一般公共预算收入增长8%", "城乡居民人均可支配收入分别增长6%和7.5%。"]
    assert tasks["1.1.1"].subsection == "抓项目建设"
    assert tasks["1.1.1"].text == "全年实施重点项目120个，完成投资65亿元以上；"
    wrapped = tasks["1.1.4"]  # one sentence wrapped over two source lines
    assert wrapped.text == "新建标准化厂房8万平方米，6月底前完成园区污水处理厂提标改造，推动园区规上企业达到45家。"
    assert (wrapped.source.line_start, wrapped.source.line_end) == (20, 21)
    assert wrapped.deadline == "6月底前"
    assert tasks["5.1.2"].subsection == "坚持清正廉洁"
    assert tasks["5.1.2"].terms == ["三公经费"]
    assert not [t for t in second.tasks if t.source.line_start < 17]  # review skipped


def test_second_report_livelihood_and_glossary(corpus, second):
    projects = [t for t in second.tasks if t.list == "livelihood"]
    assert [t.text for t in projects] == [
        "新建城区公办幼儿园2所，新增学位540个。", "改造农村公路安防设施80公里。",
        "为全县65岁以上老年人免费体检，覆盖率达到90%。", "新增城区公共停车泊位600个。",
    ]
    assert [t.source.line_start for t in projects] == [29, 30, 31, 32]
    assert {t.section for t in projects} == {"用心用情办好十件民生实事"}
    assert [(t.term, t.line) for t in second.terms] == [("河湖长制", 39), ("三公经费", 40)]
    assert second.terms[1].definition == "因公出国（境）费、公务用车购置及运行费、公务接待费。"
    total, once, others = quantity_coverage(read_source(SECOND), second, 17, 36)
    assert once == total, others


# ---------------------------------------------------------------- a third shape, inline

MINI = """某某论坛 > 政务
[转帖] 政府工作报告全文
政府工作报告
——2024年1月8日在某县第一届人民代表大会第二次会议上
县长　张　三
各位代表：
一、过去一年工作回顾
去年完成地区生产总值50亿元。
二、2024年工作任务
（一）扩大有效投资
加快项目建设
全年实施重点项目40个。新开工项目12个。
推动项目早日投产，力争6月底前投产项目8个。
（二）办好民生实事
今年重点办好以下民生实事：
1.新建幼儿园3所。
2.改造老旧小区4个。
谢谢大家！
-----
回复 | 收藏 | 分享"""


def test_heading_lines_numbered_items_and_no_glossary():
    result = extract(SourceText(name="mini.txt", lines=MINI.split("\n")))
    doc = result.document
    assert doc.layout == "prose_report"
    assert (doc.delivered, doc.speaker) == ("2024-01-08", {"name": "张三", "role": "县长"})
    assert doc.skipped_lines == 4 and result.terms == []
    tasks = by_id(result)
    assert [t.text for t in result.tasks if t.list == "livelihood"] == [
        "新建幼儿园3所。", "改造老旧小区4个。"]
    # a heading on its own line holds for every paragraph up to the next heading
    assert tasks["1.1.1"].subsection == tasks["1.2.1"].subsection == "加快项目建设"
    assert tasks["1.1.1"].section == "扩大有效投资"
    assert tasks["1.2.1"].deadline == "6月底前"
    assert not [t for t in result.tasks if "50亿元" in t.text]
    assert "回复" not in json.dumps(records(result), ensure_ascii=False)
