"""Bad input: one-line errors, exit code 2, other files still processed; encodings."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kg.cli import cli
from kg.pipeline import extract_text as extract
from kg.read import read_source

from .conftest import CORPUS, TABLES


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_empty_binary_and_unknown_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    unknown = tmp_path / "poem.txt"
    unknown.write_text("床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n", encoding="utf-8")
    good = CORPUS / TABLES["taian"]
    result = run("extract", str(empty), str(binary), str(unknown), str(good), "-q")
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line]
    assert errors == [
        f"kg: error: {empty.name}: file is empty",
        f"kg: error: {binary.name}: binary file, not a text document",
        f"kg: error: {unknown.name}: text is in none of the known layouts "
        "(cell_per_line, heading_outline, merged_table, prose_report, row_table, sectioned_table)",
        "kg: 3 files could not be read, 0 skipped",
    ]
    assert "Traceback" not in result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sum(r["type"] == "task" for r in records) == 102


def test_missing_file_is_one_line(tmp_path):
    result = run("extract", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("kg: error: ") and first.endswith("nope.txt: No such file or directory")


def test_output_written_whole_or_not_at_all(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("previous run\n", encoding="utf-8")
    result = run("extract", str(CORPUS / TABLES["pinglu"]), "-o", str(out), "-q")
    assert result.exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["type"] == "document"
    assert not list(tmp_path.glob(".out.jsonl.*"))  # no temporary left behind


def _records(path):
    ex = extract(read_source(path))
    return [(t.id, t.text, t.leaders, t.lead_units, t.co_units, t.source) for t in ex.tasks]


def test_gbk_bom_and_crlf_give_the_same_output(tmp_path):
    for key in TABLES:
        original = CORPUS / TABLES[key]
        text = original.read_text(encoding="utf-8")
        variants = {
            "gb18030": text.encode("gb18030"),
            "bom": b"\xef\xbb\xbf" + text.encode("utf-8"),
            "crlf": text.replace("\n", "\r\n").encode("utf-8"),
        }
        expected = _records(original)
        for name, data in variants.items():
            path = tmp_path / f"{name}-{original.name}"
            path.write_bytes(data)
            assert _records(path) == expected, (key, name)
