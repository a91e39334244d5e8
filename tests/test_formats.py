"""Word, Excel, PDF and web pages: each of the four tables in each format gives exactly the
records of its text version (every field but `source`); provenance leads back into the file;
merges, spans and charsets on small hand-made inputs; bad files are one line each.

The fixtures in tests/data/formats are made from the corpus by tests/fixtures/make_formats.py
(python-docx, openpyxl, LibreOffice, GBK HTML). Runtime: ~25 s, most of it pdfminer reading
the four PDFs and one LibreOffice conversion of the .doc.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.model import Extraction, to_record
from kg.pipeline import read_extract
from kg.read import expand, read_data, read_source, sniff
from kg.read.grid import Grid

from .conftest import ROOT

FORMATS = ROOT / "tests" / "data" / "formats"
KEYS = ("pinglu", "guxian", "xixiang", "taian")


def records(ex: Extraction) -> list[dict]:
    out = []
    for task in ex.tasks:
        rec = to_record(task)
        del rec["source"], rec["doc"]
        out.append(rec)
    return out


@pytest.fixture(scope="module")
def read_formats() -> dict[tuple[str, str], Extraction]:
    cache: dict[tuple[str, str], Extraction] = {}
    return cache


def extraction(cache: dict[tuple[str, str], Extraction], key: str, ext: str) -> Extraction:
    if (key, ext) not in cache:
        cache[(key, ext)] = read_extract(FORMATS / f"{key}-2023-tasks.{ext}")
    return cache[(key, ext)]


@pytest.mark.parametrize("ext", ["docx", "xlsx", "html", "pdf"])
@pytest.mark.parametrize("key", KEYS)
def test_each_format_gives_the_text_records(tables, read_formats, key, ext):
    got = extraction(read_formats, key, ext)
    want = records(tables[key])
    if ext == "pdf":
        # A PDF keeps no space the line wrapped on: between a Latin and a Chinese character
        # nothing tells it from the word processor's spacing (docs/formats.md). Every task once,
        # every field equal, the text but for such a space; at most 1% of tasks affected.
        def unspaced(recs: list[dict]) -> list[dict]:
            return [{**r, "text": r["text"].replace(" ", "")} for r in recs]

        assert unspaced(records(got)) == unspaced(want)
        assert sum(a != b for a, b in zip(records(got), want, strict=True)) <= 0.01 * len(want)
    else:
        assert records(got) == want
    text_doc, doc = to_record(tables[key].document), to_record(got.document)
    for field in ("county", "province", "year", "title", "issuer", "doc_number", "leader_roles"):
        assert doc.get(field) == text_doc.get(field), field


@pytest.mark.parametrize(("key", "ext"), [("pinglu", "xls"), ("taian", "doc")])
def test_legacy_formats(tables, key, ext):
    if ext == "doc" and shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (scripts/test.sh installs it)")
    ex = read_extract(FORMATS / f"{key}-2023-tasks.{ext}")
    assert records(ex) == records(tables[key])


def _cell(src, loc_source) -> str:
    grid = [t for t in src.tables if isinstance(t, Grid)]
    if loc_source.get("sheet"):
        grid = [g for g in grid if g.sheet == loc_source["sheet"]]
        row = next(r for r in grid[0].rows if r[0].loc.row == loc_source["row"])
        return row[loc_source["column"] - 1].text
    table = grid[loc_source["table"] - 1]
    return table.rows[loc_source["row"] - 1][loc_source["column"] - 1].text


@pytest.mark.parametrize(("key", "ext", "task_id"),
                         [("pinglu", "docx", "17.12"), ("taian", "html", "55"), ("xixiang", "xlsx", "61")])
def test_provenance_names_the_cell_of_the_task_text(read_formats, key, ext, task_id):
    ex = extraction(read_formats, key, ext)
    task = next(t for t in ex.tasks if t.id == task_id)
    source = to_record(task)["source"]
    src = read_source(FORMATS / f"{key}-2023-tasks.{ext}")
    assert "".join(_cell(src, source).split()).endswith("".join(task.text.split()))  # after its （十二）


def test_pdf_provenance_is_page_and_line(read_formats):
    ex = extraction(read_formats, "pinglu", "pdf")
    sources = [to_record(t)["source"] for t in ex.tasks]
    assert all({"page", "page_line"} <= s.keys() for s in sources)
    assert sources[0]["page"] == 2 and sources[-1]["page"] > 5  # page 1 is the covering notice
    pages = [s["page"] for s in sources]
    assert pages == sorted(pages)
    # a row that a page break split: its start on one page, its end on the next
    split = next(t for t in ex.tasks if t.id == "1.4")
    assert split.text.endswith("锲而不舍纠“四风”。")


def test_pdf_repeats_the_header_on_every_page():
    src = read_source(FORMATS / "pinglu-2023-tasks.pdf")
    headers = sum(1 for line in src.lines if line == "\t分管领导")
    pages = max(loc.page for loc in src.locs if loc is not None)
    assert pages >= 5 and headers == pages - 1  # the first page has the letterhead, no table


def test_format_from_the_bytes_not_the_name(tmp_path, tables):
    fake_doc = tmp_path / "taian.doc"
    fake_doc.write_bytes((FORMATS / "taian-2023-tasks.docx").read_bytes())
    web_txt = tmp_path / "xixiang.txt"
    web_txt.write_bytes((FORMATS / "xixiang-2023-tasks.html").read_bytes())
    assert read_source(fake_doc).format == "docx"
    assert read_source(web_txt).format == "html"
    assert records(read_extract(fake_doc)) == records(tables["taian"])
    assert records(read_extract(web_txt)) == records(tables["xixiang"])


# --- each merge and span mechanism, on small hand-made inputs ---------------------------------

def _docx(tmp_path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph("2023年任务分解表")
    table = doc.add_table(rows=4, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "工作任务", "牵头单位"], strict=True):
        cell.text = text
    section = table.rows[1].cells[0].merge(table.rows[1].cells[2])  # w:gridSpan across the table
    section.text = "一、项目建设"
    table.rows[2].cells[0].text = "1"
    table.rows[2].cells[1].text = "建设污水处理厂"
    unit = table.rows[2].cells[2].merge(table.rows[3].cells[2])  # w:vMerge down two rows
    unit.paragraphs[0].add_run("县住建局").add_break()
    unit.paragraphs[0].add_run("县水务局")
    table.rows[3].cells[0].text = "2"
    table.rows[3].cells[1].text = "改造老旧小区"
    doc.add_paragraph("县人民政府办公室")
    path = tmp_path / "small.docx"
    doc.save(str(path))
    return path


def test_word_merges(tmp_path):
    src = read_source(_docx(tmp_path))
    grid = src.tables[0]
    unit_rows = [row[2] for row in grid.rows[2:]]
    assert [c.text for c in unit_rows] == ["县住建局\n县水务局"] * 2  # the value in every row it spans
    assert [c.merged for c in unit_rows] == [False, True]
    assert [loc.row for loc in (c.loc for c in unit_rows)] == [3, 4]
    lines = src.lines
    assert "\t一、项目建设" in lines and lines.count("\t一、项目建设") == 1  # a section row is one cell
    at = lines.index("\t县住建局")
    assert lines[at + 1] == "县水务局"  # a line break inside a cell: a line without a tab
    assert lines[-1] == "\t县人民政府办公室"  # after the table: a cell of its own, not the last cell's text


def test_excel_merges(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["序号", "工作任务", "责任领导", "牵头单位"])
    ws.append(["一、项目建设"])
    ws.merge_cells("A2:D2")
    ws.append([1, "建设污水处理厂\n改造管网", "张  辉", "县住建局"])
    ws.append([2, "改造老旧小区", None, "县住建局"])
    ws.merge_cells("C3:C4")
    path = tmp_path / "small.xlsx"
    book.save(str(path))
    src = read_source(path)
    grid = src.tables[0]
    assert [row[2].text for row in grid.rows[2:]] == ["张  辉", "张  辉"]
    assert grid.rows[3][2].merged and grid.rows[3][2].loc.row == 4
    assert src.lines.count("\t一、项目建设") == 1
    assert "\t建设污水处理厂" in src.lines and "改造管网" in src.lines
    assert "\t1" in src.lines  # a number typed into Excel is its digits, not 1.0


def test_html_spans_and_charsets():
    page = ("<html><head><meta charset=gb2312></head><body><div>首页 | 政府信息公开</div>"
            "<table><tr><td>序号</td><td>工作任务</td><td>包抓领导</td></tr>"
            "<tr><td colspan=3>一、项目建设</td></tr>"
            "<tr><td>1</td><td>建设污水处理厂<br>改造管网</td><td rowspan=2>钱剑锋</td></tr>"
            "<tr><td>2</td><td>改造老旧小区</td></tr></table></body></html>")
    declared = read_data(page.encode("gb18030"), "declared.html")
    undeclared = read_data(page.replace("<meta charset=gb2312>", "").encode("gb18030"), "plain.html")
    utf8 = read_data(page.replace("gb2312", "utf-8").encode("utf-8"), "utf8.html")
    assert declared.lines == undeclared.lines == utf8.lines
    grid = declared.tables[0]
    assert [row[2].text for row in grid.rows[2:]] == ["钱剑锋", "钱剑锋"]
    assert declared.lines.count("\t一、项目建设") == 1
    assert "首页 | 政府信息公开" in declared.lines
    assert sniff(page.encode("gb18030")) == "html"


# --- folders and bad files --------------------------------------------------------------------

def test_folder_reads_every_known_format_and_says_what_it_skipped(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(FORMATS / "taian-2023-tasks.docx", tmp_path / "a" / "b")
    shutil.copy(FORMATS / "taian-2023-tasks.html", tmp_path / "a")
    (tmp_path / "LIST.TXT").write_bytes((ROOT / "examples" / "corpus" / "taian-2023-tasks.txt").read_bytes())
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "~$draft.docx").write_bytes(b"lock")
    files, skipped = expand([tmp_path])
    assert sorted(p.name for p in files) == ["LIST.TXT", "taian-2023-tasks.docx", "taian-2023-tasks.html"]
    assert sorted((s.path.name, s.reason) for s in skipped) == [
        ("logo.png", "not a known format (.png)"), ("~$draft.docx", "an Office lock file, not a document")]


def _scan_pdf(path: Path) -> None:
    """A PDF of page images, no text layer, made from a page of a born-digital PDF."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(FORMATS / "taian-2023-tasks.pdf"))
    image = pdf[1].render(scale=1).to_pil().convert("RGB")
    image.save(path, "PDF", resolution=72)


def test_bad_files_are_one_line_each(tmp_path, monkeypatch):
    from kg.read import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)
    good = FORMATS / "pinglu-2023-tasks.docx"
    broken_docx = tmp_path / "broken.docx"
    broken_docx.write_bytes(good.read_bytes()[:5000])
    broken_xlsx = tmp_path / "broken.xlsx"
    broken_xlsx.write_bytes((FORMATS / "pinglu-2023-tasks.xlsx").read_bytes()[:3000])
    no_table = tmp_path / "news.html"
    no_table.write_bytes("<html><body><p>今天天气很好。</p></body></html>".encode())
    empty_sheet = tmp_path / "empty.xlsx"
    from openpyxl import Workbook

    Workbook().save(str(empty_sheet))
    scan = tmp_path / "scan.pdf"
    _scan_pdf(scan)
    locked = FORMATS / "locked.pdf"
    paths = [broken_docx, broken_xlsx, no_table, empty_sheet, scan, locked, good]
    result = CliRunner().invoke(cli, ["extract", *map(str, paths), "-q"])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) == 7 and "Traceback" not in result.output
    assert errors[0].startswith("kg: error: broken.docx: damaged Word file (")
    assert errors[1].startswith("kg: error: broken.xlsx: damaged Excel file (")
    assert errors[2].startswith("kg: error: news.html: text is in none of the known layouts")
    assert errors[3] == "kg: error: empty.xlsx: Excel file with no text in any sheet"
    assert errors[4].startswith("kg: error: scan.pdf: scanned PDF with no text layer (1 pages); to read it by OCR "
                                "install tesseract-ocr and tesseract-ocr-chi-sim")
    assert errors[5] == ("kg: error: locked.pdf: password-protected PDF; save it without a password "
                         "and read that")
    assert errors[6] == "kg: 6 files could not be read, 0 skipped"
    kinds = [json.loads(line)["type"] for line in result.stdout.splitlines()]
    assert kinds.count("task") == 157 and kinds.count("document") == 1
