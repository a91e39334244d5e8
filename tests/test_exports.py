"""`kg export`: every table read back with pandas and pyreadstat in every format, with exactly the
codebook's columns, and its values checked against the extraction and the named queries."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
from click.testing import CliRunner

from kg.build import open_build
from kg.cli import cli
from kg.exports import TABLES, export
from kg.exports.columns import LIST_SEPARATOR, Column, Table
from kg.exports.write import write_csv, write_dta
from kg.resolve import county_code, resolve
from kg.stores.sparql import named_queries, run_sparql


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def exported(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "tables"
    result = run("export", "all", str(out), "--data", str(built))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("exported tasks 617, task_units 1011, ")
    return out


@pytest.fixture(scope="module")
def book(exported: Path) -> dict:
    return json.loads((exported / "codebook.json").read_text(encoding="utf-8"))


def _split(cell: object) -> list[str]:
    return [] if cell is None or pd.isna(cell) or cell == "" else str(cell).split(LIST_SEPARATOR)


def test_every_table_reads_back_in_every_format_with_the_codebooks_columns(exported: Path, book: dict) -> None:
    assert set(book["tables"]) == set(TABLES)
    for name, table in book["tables"].items():
        columns = [c["name"] for c in table["columns"]]
        assert columns == TABLES[name].names
        assert table["files"] == [f"{name}.{ext}" for ext in ("csv", "parquet", "dta", "json")]
        frames = {
            "csv": pd.read_csv(exported / f"{name}.csv", dtype=str, keep_default_na=False),
            "parquet": pd.read_parquet(exported / f"{name}.parquet"),
            "dta": pd.read_stata(exported / f"{name}.dta"),
            "pyreadstat": pyreadstat.read_dta(str(exported / f"{name}.dta"), apply_value_formats=True)[0],
            "json": pd.DataFrame(json.loads((exported / f"{name}.json").read_text(encoding="utf-8")),
                                 columns=columns),
        }
        for fmt, df in frames.items():
            assert list(df.columns) == columns, (name, fmt)
            assert len(df) == table["rows"] > 0, (name, fmt)
        parquet, dta, csv = frames["parquet"], frames["pyreadstat"], frames["csv"]
        records = json.loads((exported / f"{name}.json").read_text(encoding="utf-8"))
        js = {col: [r[col] for r in records] for col in columns}
        for c in table["columns"]:
            col = c["name"]
            if c["type"] in ("text", "list", "category"):
                text = [None if pd.isna(v) else str(v) for v in parquet[col]]
                # Stata has no missing text: ""; CSV: an empty cell
                assert [v or "" for v in text] == [str(v) for v in dta[col]] == list(csv[col]), (name, col)
                if c["type"] == "list":
                    assert [_split(v) for v in text] == [list(v or []) for v in js[col]], (name, col)
                if c["type"] == "category":
                    assert set(parquet[col].dropna()) <= set(c["values"])
            else:
                numbers = [None if pd.isna(v) else float(v) for v in parquet[col]]
                assert numbers == [None if pd.isna(v) else float(v) for v in dta[col]], (name, col)
                assert numbers == [None if v == "" else float(v) for v in csv[col]], (name, col)
                assert numbers == [None if v is None else float(v) for v in js[col]], (name, col)


def test_stata_file_keeps_chinese_value_labels_and_variable_labels(exported: Path) -> None:
    df, meta = pyreadstat.read_dta(str(exported / "tasks.dta"), apply_value_formats=True)
    assert set(df["county"]) == {"平陆县", "古县", "西乡县", "台安县"}
    assert meta.variable_value_labels["list"] == {0: "main", 1: "livelihood", 2: "creation"}
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["task_id"].startswith("the document's own task number")
    # format 118: Stata 14 and later, text in UTF-8
    assert (exported / "tasks.dta").read_bytes().startswith(b"<stata_dta><header><release>118</release>")


def test_tasks_are_the_extractions_tasks_with_resolved_units(exported: Path, built: Path) -> None:
    tasks = pd.read_parquet(exported / "tasks.parquet")
    extractions = open_build(built).extractions
    assert Counter(tasks["county"]) == Counter({ex.document.county: len(ex.tasks) for ex in extractions})
    entities = resolve(extractions)
    for ex in extractions:
        code = county_code(ex.document)
        mine = tasks[tasks["document"] == ex.document.doc]
        assert list(mine["task_id"]) == [t.id for t in ex.tasks]
        for task, (_, row) in zip(ex.tasks, mine.iterrows(), strict=True):
            assert row["text"] == task.text and _split(row["leaders"]) == task.leaders
            lead = list(dict.fromkeys(entities.unit_for(code, s, ex.document.county).name for s in task.lead_units))
            assert _split(row["lead_units"]) == lead
            assert (row["line_start"], row["line_end"]) == (task.source.line_start, task.source.line_end)
            assert _split(row["targets"]) == list(dict.fromkeys(task.targets))
    guxian_19 = tasks[(tasks["county"] == "古县") & (tasks["task_id"] == "19")].iloc[0]
    assert guxian_19["lead_units"] == "经济技术开发区管理委员会"
    assert _split(guxian_19["co_units"]) == ["行政审批服务管理局", "自然资源局"]


def test_long_tables_hold_the_list_columns_one_value_a_row(exported: Path) -> None:
    tasks = pd.read_parquet(exported / "tasks.parquet").set_index("task_iri")
    units = pd.read_parquet(exported / "task_units.parquet")
    leaders = pd.read_parquet(exported / "task_leaders.parquet")
    for role, column in (("lead", "lead_units"), ("co", "co_units")):
        long = units[units["role"] == role].groupby("task_iri", sort=False)["unit"].agg(list)
        wide = {iri: _split(v) for iri, v in tasks[column].items() if _split(v)}
        assert {iri: list(v) for iri, v in long.items()} == wide
    long = leaders.groupby("task_iri", sort=False)["leader"].agg(list)
    assert {iri: list(v) for iri, v in long.items()} == {i: _split(v) for i, v in tasks["leaders"].items() if _split(v)}
    assert set(units["unit_iri"]) <= set(pd.read_parquet(exported / "units.parquet")["unit_iri"])


def test_a_leaders_functions_split_into_as_many_as_there_are(exported: Path) -> None:
    """COFOG labels hold 、 (行政立法机关、财政事务): lists joined with it split wrongly; with `;` they do not."""
    leaders = pd.read_csv(exported / "leaders.csv", dtype=str, keep_default_na=False)
    with_comma = 0
    for _, row in leaders.iterrows():
        n = int(row["functions"])
        for col in ("function_codes", "function_labels_zh", "function_labels_en"):
            assert len(_split(row[col])) == n, (row["name"], col)
        with_comma += "、" in row["function_labels_zh"]
    assert with_comma > 0
    portfolio = pd.read_parquet(exported / "leader_units.parquet")
    assert len(portfolio) == 175  # SUPERVISES edges of the four tables


def test_edges_are_the_coordination_pairs_query(exported: Path, store) -> None:
    edges = pd.read_parquet(exported / "edges.parquet")
    _, rows = run_sparql(store, named_queries()["coordination-pairs"].sparql)
    assert sorted(zip(edges["county"], edges["unit_a"], edges["unit_b"], edges["shared_tasks"], strict=True)) == \
        sorted((r["county"], r["unit_a"], r["unit_b"], r["shared_tasks"]) for r in rows)
    targets = pd.read_parquet(exported / "targets.parquet")
    relative = targets[targets["modifier"] == "relative"]
    assert relative["value"].isna().all() and relative["relative"].notna().all() and len(relative) > 0


def test_excel_csv_has_a_byte_order_mark_and_crlf(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "xl"
    result = run("export", "leaders", str(out), "--data", str(built), "--format", "csv", "--excel", "-q")
    assert result.exit_code == 0 and result.stderr == ""
    raw = (out / "leaders.csv").read_bytes()
    assert raw.startswith("\ufeffleader_iri,".encode()) and raw.count(b"\r\n") == 32  # 31 leaders and the header
    assert sorted(p.name for p in out.iterdir()) == ["codebook.json", "codebook.md", "leader_units.csv", "leaders.csv"]
    assert pd.read_csv(out / "leaders.csv", encoding="utf-8-sig").columns[0] == "leader_iri"
    plain = tmp_path / "plain"
    assert run("export", "leaders", str(plain), "--data", str(built), "--format", "csv", "-q").exit_code == 0
    assert (plain / "leaders.csv").read_bytes().startswith(b"leader_iri,")


def test_output_directory_rules(built: Path, tmp_path: Path) -> None:
    unrelated = tmp_path / "mine"
    unrelated.mkdir()
    (unrelated / "notes.txt").write_text("keep", encoding="utf-8")
    result = run("export", "tasks", str(unrelated), "--data", str(built))
    assert result.exit_code == 2 and "is not a govkg export" in result.stderr
    assert [p.name for p in unrelated.iterdir()] == ["notes.txt"]
    assert run("export", "tasks", str(built), "--data", str(built)).exit_code == 2  # never into the build

    out = tmp_path / "out"
    assert run("export", "tasks", str(out), "--data", str(built), "--format", "csv", "-q").exit_code == 0
    result = run("export", "edges", str(out), "--data", str(built), "--format", "csv")
    assert result.exit_code == 0 and "kept tasks, task_units, task_leaders" in result.stderr
    book = json.loads((out / "codebook.json").read_text(encoding="utf-8"))
    assert list(book["tables"]) == ["tasks", "task_units", "task_leaders", "edges"]
    assert sorted(p.name for p in out.iterdir()) == ["codebook.json", "codebook.md", "edges.csv", "task_leaders.csv",
                                                     "task_units.csv", "tasks.csv"]
    assert "## `edges`" in (out / "codebook.md").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".out.*build*"))
    missing = run("export", "tasks", str(tmp_path / "x"), "--data", str(tmp_path / "nothing"))
    assert missing.exit_code == 2 and "no such build directory" in missing.stderr


def test_writers_guard_formulas_in_csv_and_keep_long_text_in_stata(tmp_path: Path) -> None:
    table = Table("t", "a test table", "a row", ("text",), (
        Column("text", "text", "some text", "test"), Column("names", "list", "names", "test")))
    rows = [{"text": "=HYPERLINK(\"http://x\")", "names": ["甲;乙", "丙"]}, {"text": "长" * 900, "names": []}]
    write_csv(table, rows, tmp_path / "t.csv")
    lines = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == "\"'=HYPERLINK(\"\"http://x\"\")\",甲；乙;丙"
    write_dta(table, rows, tmp_path / "t.dta", label="test")
    df, _ = pyreadstat.read_dta(str(tmp_path / "t.dta"))
    assert list(df["text"]) == [rows[0]["text"], "长" * 900] and list(df["names"]) == ["甲；乙;丙", ""]


def test_export_is_whole_or_nothing(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    export(open_build(built), out, ["units"], ["csv"])
    before = (out / "units.csv").read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("kg.exports.write.write_json", broken)
    with pytest.raises(OSError):
        export(open_build(built), out, ["units", "tasks"], ["csv", "json"])
    assert (out / "units.csv").read_bytes() == before and not (out / "tasks.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


def test_the_docs_describe_every_table_and_column() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "exports.md").read_text(encoding="utf-8")
    for name, table in TABLES.items():
        section = text.split(f"### `{name}`\n", 1)[1].split("\n### ", 1)[0]
        assert [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")] == table.names


def test_exports_honour_the_umask(built: Path, tmp_path: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        assert run("export", "targets", str(tmp_path / "out"), "--data", str(built), "-q").exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o755
    assert {p.stat().st_mode & 0o777 for p in (tmp_path / "out").iterdir()} == {0o644}


def test_without_pandas_the_default_writes_csv_and_json_and_says_so(built: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.cli.export as cli_export

    monkeypatch.setattr(cli_export, "_have", lambda *modules: False)
    result = run("export", "edges", str(tmp_path / "out"), "--data", str(built))
    assert result.exit_code == 0 and "need pandas and pyarrow (pip install 'govkg[tables]')" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["codebook.json", "codebook.md", "edges.csv",
                                                                    "edges.json"]
