"""The whole-nation answers `kg build` keeps (kg.stores.answers): the same rows as the store gives,
used only while the query text is the one evaluated."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from kg.build import open_build
from kg.cli import cli
from kg.stores.answers import INDEX, read_answer, write_answers
from kg.stores.sparql import NamedQuery, named_queries, run_sparql

from .conftest import CORPUS, TABLES

# amplification needs governments of two levels in one build: tests/test_ledger.py checks its kept answer
QUERIES = sorted(n for n in named_queries() if n != "amplification")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("name", QUERIES)
def test_kept_answer_is_the_live_answer(built, store, name):
    query = named_queries()[name]
    kept = read_answer(built / "answers", query)
    live = run_sparql(store, query.sparql, {})
    # task-lineage links documents of consecutive years: none in this corpus of one year
    # (tests/test_incremental.py checks its kept answer on two years)
    assert kept is not None and (kept[1] or name == "task-lineage"), f"{name}: no kept answer, or an empty one"
    assert kept == live


def test_query_reads_the_kept_answer_and_live_evaluates(built):
    index = json.loads((built / "answers" / INDEX).read_text(encoding="utf-8"))
    kept = run("query", "task-provenance", "--data", str(built), "--format", "csv")
    live = run("query", "task-provenance", "--data", str(built), "--format", "csv", "--live")
    assert kept.exit_code == live.exit_code == 0
    assert kept.stdout == live.stdout
    assert len(kept.stdout.splitlines()) == 1 + index["task-provenance"]["rows"] == 1 + 157 + 251 + 107 + 102


def test_an_edited_query_is_not_answered_from_the_kept_rows(built, tmp_path):
    edited = tmp_path / "queries"
    edited.mkdir()
    original = named_queries()["task-provenance"]
    (edited / "task-provenance.rq").write_text(original.sparql + "LIMIT 3\n", encoding="utf-8")
    query = named_queries(edited)["task-provenance"]
    assert read_answer(built / "answers", query) is None
    columns, rows = open_build(built).ask(query, {})
    assert columns == list(original.columns) and len(rows) == 3


def test_a_parameter_goes_to_the_store(built):
    query = named_queries()["deadlines"]
    columns, rows = open_build(built).ask(query, {"county": "西乡县"})
    assert {r["county"] for r in rows} == {"西乡县"}
    assert len(read_answer(built / "answers", query)[1]) > len(rows)


def test_a_damaged_answer_is_one_clear_line(built, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(built, data)
    (data / "answers" / "deadlines.json").write_bytes(b'{"columns": ["county"], "rows": [[')
    result = run("query", "deadlines", "--data", str(data))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {data / 'answers' / 'deadlines.json'}: unreadable kept answer; run `kg build` " \
                            "again or ask with --live\n"
    assert run("query", "deadlines", "--data", str(data), "--live").exit_code == 0
    (data / "answers" / INDEX).write_text("[]", encoding="utf-8")
    result = run("query", "deadlines", "--data", str(data))
    assert result.exit_code == 2 and result.stderr == (
        f"Error: {data / 'answers' / INDEX}: not an index of kept answers; run `kg build` again or ask with --live\n")


def test_a_query_that_cannot_run_is_reported_and_left_out(store, tmp_path):
    good = named_queries()["deadlines"]
    bad = NamedQuery("broken", "", (), ("x",), "SELECT ?x WHERE {", None)
    said: list[str] = []
    seconds = write_answers(store, tmp_path, {"broken": bad, "deadlines": good}, progress=said.append)
    assert list(seconds) == ["deadlines"]
    assert len(said) == 1 and said[0].startswith("broken: no whole-nation answer kept: SPARQL syntax error")
    assert read_answer(tmp_path, bad) is None


def test_a_rebuild_keeps_the_answers_of_the_new_build(tmp_path):
    out = tmp_path / "data"
    assert run("build", str(CORPUS), "-o", str(out)).exit_code == 0
    assert run("build", str(CORPUS / TABLES["taian"]), "-o", str(out), "--prune").exit_code == 0
    result = run("query", "deadlines", "--data", str(out), "--format", "json")
    assert {r["county"] for r in json.loads(result.stdout)} == {"台安县"}
