"""The command line as users type it."""

from __future__ import annotations

import csv
import io
import json

import click
import pytest
from click.testing import CliRunner

from kg.cli import cli

from .conftest import CORPUS, TABLES


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # lazily loaded commands (view, analyze) too
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


COMMANDS = list(_commands(cli))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_with_an_example(path, command):
    assert command.help and "Example:" in command.help, path
    assert run(*path, "--help").exit_code == 0


def test_module_entry_point():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "kg", "layouts"], capture_output=True, text=True, check=True)
    assert "merged_table" in out.stdout and "prose_report" in out.stdout


def test_extract_records_and_summary():
    result = run("extract", str(CORPUS / TABLES["xixiang"]))
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0]["type"] == "document" and records[0]["layout"] == "cell_per_line"
    assert sum(r["type"] == "task" for r in records) == 107
    assert result.stderr.startswith(
        "xixiang-2023-tasks.txt: layout cell_per_line, 107 tasks (creation 19, livelihood 10, main 78)")


def test_extract_in_worker_processes_writes_the_same_records(tmp_path):
    """--jobs 2 serialises in the workers; the file, the summaries and the bad-file error are
    those of one process."""
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    paths = [str(p) for p in sorted(CORPUS.glob("*.txt"))] + [str(bad)]
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"records-{jobs}.jsonl"
        result = run("extract", *paths, "--jobs", jobs, "-o", str(out))
        assert result.exit_code == 2
        assert result.stderr.count("layout ") == 5 and "kg: error: empty.txt: file is empty" in result.stderr
        assert result.stderr.endswith(" targets in " + result.stderr.rsplit(" in ", 1)[1])  # the final line's time
        outputs[jobs] = (out.read_text(encoding="utf-8"), result.stderr.rsplit(" in ", 1)[0])
    assert outputs["1"] == outputs["2"]
    assert [json.loads(line)["type"] for line in outputs["1"][0].splitlines()].count("document") == 5


def test_targets_headline_table_shows_absent_metrics():
    result = run("targets", str(CORPUS / TABLES["taian"]), "--headline", "--format", "csv")
    assert result.exit_code == 0
    rows = {r["metric"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert (rows["gdp"]["value"], rows["gdp"]["unit"], rows["gdp"]["modifier"]) == ("7", "%", "point")
    assert rows["urban_income"]["status"] == "absent" and rows["urban_income"]["value"] == ""
    assert rows["rural_income"]["relative"] == "与经济增长基本同步"


def test_entities_command():
    result = run("entities", str(CORPUS / TABLES["xixiang"]), "--kind", "unit")
    assert result.exit_code == 0
    units = [json.loads(line) for line in result.stdout.splitlines()]
    housing = [u for u in units if u["name"] == "住房和城乡建设局"]
    assert len(housing) == 1 and housing[0]["aliases"] == ["住建局", "县住建", "县住建局"]
    assert housing[0]["function"] == "06.1" and housing[0]["county"] == "西乡县"


def test_build_query_and_validate(tmp_path):
    out = tmp_path / "data"
    assert run("build", str(CORPUS), "-o", str(out)).exit_code == 0
    result = run("query", "deadlines", "--data", str(out), "--param", "county=西乡县", "--format", "json")
    assert json.loads(result.stdout) == [
        {"county": "西乡县", "deadline": "11月底", "tasks": 88},
        {"county": "西乡县", "deadline": "", "tasks": 19},
    ]
    assert run("validate", "--data", str(out)).exit_code == 0
    # a rebuild with --prune holds only what it was given
    assert run("build", str(CORPUS / TABLES["taian"]), "-o", str(out), "--prune").exit_code == 0
    result = run("query", "--data", str(out), "--format", "csv", "--sparql",
                 "PREFIX gk: <https://govkg.org/ontology#> SELECT (COUNT(?t) AS ?n) WHERE { ?t a gk:Task }")
    assert result.stdout.splitlines() == ["n", "102"]


def test_query_errors_are_one_line(built):
    result = run("query", "no-such-query", "--data", str(built))
    assert result.exit_code == 2 and result.stderr.startswith("Error: unknown query: no-such-query (known: ")
    result = run("query", "deadlines", "--data", str(built), "--param", "unit=x")
    assert result.stderr.strip() == "Error: query deadlines has no parameter unit (parameters: county)"
    result = run("query", "--data", str(built), "--sparql", "SELECT WHERE {")
    assert result.exit_code == 2 and result.stderr.startswith("Error: SPARQL syntax error")
    result = run("query", "deadlines", "--data", str(built / "missing"))
    assert result.exit_code == 2 and "no such build directory; make one with `kg build`" in result.stderr


def test_jsonl_writes_each_record_as_dumps_does(extractions):
    """`kg extract` writes targets, terms and anomalies from the dataclasses straight to JSON;
    the lines must be the records' own JSON, byte for byte, on every corpus document."""
    from kg.model import records
    from kg.output import dumpb, jsonl

    for ex in extractions.values():
        recs = records(ex)
        assert jsonl(ex) == b"".join(dumpb(rec) + b"\n" for rec in recs)
        assert {rec["type"] for rec in recs} >= {"document", "task", "target"}
    assert any(ex.terms for ex in extractions.values()) and any(ex.anomalies for ex in extractions.values())
