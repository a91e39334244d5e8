"""Scanned PDFs (no text layer): read by OCR into the same grids the PDF reader makes from a text
layer, every task flagged `ocr`, the document's anomalies saying so; without tesseract, one
line and exit 2.

The scanned fixtures (tests/data/formats/*-scan.pdf) are pages of the born-digital fixture PDFs
rendered as a scanner gives them (tests/fixtures/make_scans.py). The OCR test reads the first
two pages of the Tai'an scan (300 dpi, black and white, turned 0.4 degrees) and compares its
tasks with the text version's on those pages with bench/ocr_accuracy.py; the floors asserted are
what that gives (docs/formats.md has the table). Runtime: about 40 s on the 2-core test machine
shared with other work (load 8-12): the OCR of the two pages 15-20 s (13 s of processor time,
most of it tesseract), reading the text and born-digital versions to compare with 10 s, the run
without tesseract on PATH 3 s.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from types import ModuleType

import pytest

from kg.model import Extraction, to_record
from kg.pipeline import extract_text
from kg.read import SourceText, read_data, read_source
from kg.read import ocr as ocr_reader
from kg.read.punctuation import punctuate

from .conftest import CORPUS, ROOT

FORMATS = ROOT / "tests" / "data" / "formats"
SCAN = FORMATS / "taian-2023-tasks-scan.pdf"
PAGES = 2

needs_tesseract = pytest.mark.skipif(not ocr_reader.available(),
                                     reason="tesseract-ocr with chi_sim is not installed (scripts/test.sh installs it)")


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ocr_accuracy", ROOT / "bench" / "ocr_accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _bench()


@pytest.fixture(scope="module")
def scanned(bench) -> bytes:
    return bench.first_pages(SCAN.read_bytes(), PAGES)


@pytest.fixture(scope="module")
def ocr_src(scanned) -> SourceText:
    return read_data(scanned, "taian-scan.pdf")


@pytest.fixture(scope="module")
def ocr_read(ocr_src) -> Extraction:
    return extract_text(ocr_src)


@needs_tesseract
def test_scanned_table_is_read_by_ocr_with_its_tasks_flagged(ocr_read):
    assert ocr_read.tasks and all(t.ocr for t in ocr_read.tasks)
    assert all(to_record(t)["ocr"] is True for t in ocr_read.tasks)
    notes = [a for a in ocr_read.anomalies if a.kind == "ocr"]
    assert len(notes) == 1 and notes[0].message.startswith(f"scanned PDF with no text layer ({PAGES} pages): the "
                                                            "text was recognised by OCR (tesseract")
    sources = [to_record(t)["source"] for t in ocr_read.tasks]
    assert all({"page", "page_line", "column"} <= s.keys() for s in sources)
    assert [s["page"] for s in sources] == sorted(s["page"] for s in sources) and sources[-1]["page"] == PAGES
    assert ocr_read.document.county == "台安县" and ocr_read.document.year == 2023


@needs_tesseract
def test_ocr_gives_the_text_versions_tasks(bench, scanned, ocr_read):
    text = extract_text(read_source(CORPUS / "taian-2023-tasks.txt"))
    born = extract_text(read_source(FORMATS / "taian-2023-tasks.pdf")).tasks
    cut = extract_text(read_data(bench.first_pages((FORMATS / "taian-2023-tasks.pdf").read_bytes(), PAGES),
                                 "cut.pdf")).tasks
    reference = [t for t, b, c in zip(text.tasks, born, cut, strict=False) if bench.same(b, c)]
    left_out = [t for t, b, c in zip(text.tasks, born, cut, strict=False) if not bench.same(b, c)]
    assert len(reference) == 24 and [t.id for t in left_out] == ["25"]  # task 25 runs onto page 3
    score = bench.score("scan", PAGES, reference, ocr_read.tasks, left_out, 0.0)
    # every task of those pages read once, in order, none made up
    assert score.paired == score.reference == score.read == 24
    # the floors are what tesseract 5.3.0 with Debian's chi_sim gives on this fixture: ids,
    # lists, sections, deadlines, targets and lead units 24/24; co-units 23/24 (园 read as 四);
    # text 20/24 exact, 99.5% of its characters; leaders 20/24 (梁小鹰 read as 梁小座, 深小鹰:
    # names are what OCR gets wrong most)
    for name in ("id", "list", "section", "deadline", "targets", "lead_units"):
        assert score.exact[name] == score.paired, name
    assert score.exact["co_units"] >= 23
    assert score.exact["text"] >= 20 and score.char_accuracy >= 0.995
    assert score.exact["leaders"] >= 20


@needs_tesseract
def test_ocr_makes_the_grid_the_pdf_reader_makes(bench, ocr_src):
    src = ocr_src
    digital = read_data(bench.first_pages((FORMATS / "taian-2023-tasks.pdf").read_bytes(), PAGES), "cut.pdf")
    assert src.ocr and src.format == "pdf"
    assert [(len(g.rows), g.width) for g in src.tables] == [(len(g.rows), g.width) for g in digital.tables]
    cells = [(a.text, b.text) for ga, gb in zip(src.tables, digital.tables, strict=True)
             for ra, rb in zip(ga.rows, gb.rows, strict=True) for a, b in zip(ra, rb, strict=True)]
    assert sum(a == b for a, b in cells) >= 140 and len(cells) == 155  # measured: 140 of 155 cells exactly
    for grid in src.tables:  # the header the word processor repeats on every page
        assert [c.text for c in grid.rows[0]] == ["序号", "年度任务目标", "责任领导", "牵头部门", "责任部门"]
    # the row a page break split (task 11: its units run onto page 2) is one row again, as the
    # PDF reader makes it
    row = next(r for g in src.tables for r in g.rows if "争取中央预算内资金" in r[1].text)
    assert row[3].text == "发改局\n财政局" and len(row[4].text.split("\n")) == 3
    assert row[3].loc.page == 1


def test_without_tesseract_a_scan_is_one_line_and_exit_2(tmp_path):
    """tesseract not on PATH: the scan is one line naming it, the other files are read."""
    text = CORPUS / "taian-2023-tasks.txt"
    env = {**os.environ, "PATH": str(tmp_path)}  # an empty folder: no tesseract, no LibreOffice
    done = subprocess.run([sys.executable, "-m", "kg", "extract", str(SCAN), str(text), "-q"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line]
    assert errors[0] == ("kg: error: taian-2023-tasks-scan.pdf: scanned PDF with no text layer (3 pages); to read "
                         f"it by OCR install {ocr_reader.INSTALL}")
    assert errors[1:] == ["kg: 1 file could not be read, 0 skipped"]
    assert done.stdout.count('"type":"task"') == 102


def test_ruling_lines_of_a_scan_make_the_cells_of_the_printed_table():
    """Without OCR: the cells found from the rules in the image of a page are the cells pdfplumber
    finds from the lines the PDF draws, within half a point."""
    import numpy as np
    import pdfplumber
    import pypdfium2 as pdfium

    from kg.read import scan

    page = pdfium.PdfDocument(str(SCAN))[1]
    image, angle = scan.straighten(page.render(scale=300 / 72, grayscale=True).to_pil().convert("L"))
    assert angle == pytest.approx(-0.4, abs=0.05)  # make_scans.py turned it by 0.4 degrees
    grey = np.array(image, dtype=np.uint8)
    rules = scan.ruling_lines(scan.ink(grey, 300), 300)
    settings = ocr_reader._table_settings(rules, 300)
    assert settings is not None
    with pdfplumber.open(str(SCAN)) as scanned, pdfplumber.open(str(FORMATS / "taian-2023-tasks.pdf")) as printed:
        found = scanned.pages[1].find_tables(settings)
        drawn = printed.pages[1].find_tables()
    assert len(found) == len(drawn) == 1
    rows_found, rows_drawn = found[0].rows, drawn[0].rows
    assert [len([c for c in r.cells if c]) for r in rows_found] == [len([c for c in r.cells if c]) for r in rows_drawn]
    # the scan is turned about the page's centre, the printed page is not: compare sizes of cells
    for a, b in zip(rows_found, rows_drawn, strict=True):
        for box_a, box_b in zip([c for c in a.cells if c], [c for c in b.cells if c], strict=True):
            assert box_a[2] - box_a[0] == pytest.approx(box_b[2] - box_b[0], abs=0.5)
            assert box_a[3] - box_a[1] == pytest.approx(box_b[3] - box_b[1], abs=0.5)


@pytest.mark.parametrize(("read", "meant"), [
    ("〈6项)", "（6项）"),  # the model reads （ as 〈 and ） as )
    ("《四）持续深化", "（四）持续深化"),
    ("二）加快县中心养老院建设", "（二）加快县中心养老院建设"),
    ("《此件公开发布）", "（此件公开发布）"),
    ("平政办发【2023]5号", "平政办发〔2023〕5号"),
    ("现将《2023年〈政府工作报告〉目标任务分解表》", "现将《2023年〈政府工作报告〉目标任务分解表》"),
    ("各镇人民政府,城北街道", "各镇人民政府,城北街道"),  # a comma read as Latin is one (widths differ)
    ("PM2.5 (mg/m3)", "PM2.5 (mg/m3)"),
])
def test_punctuation_of_recognised_chinese(read, meant):
    assert "".join(punctuate(list(read))) == meant
