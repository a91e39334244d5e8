"""What a researcher meets in the first hour: messages that say what is wrong, help that reads
well, progress on a terminal and quiet elsewhere, one JSON for one answer, files git ignores."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

from .conftest import CORPUS, TABLES

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_an_unknown_parameter_value_names_the_values_there_are(built: Path) -> None:
    result = run("query", "leader-portfolio", "--data", str(built), "--param", "county=Guxian")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"Error: no county 'Guxian' in {built} (4 counties: 古县, 台安县, 平陆县, 西乡县)\n"
    result = run("query", "tasks-by-unit", "--data", str(built), "--param", "county=古县", "--param", "unit=发改局")
    assert result.exit_code == 2 and "no unit '发改局'" in result.stderr and "closest: 发展和改革局" in result.stderr
    result = run("query", "headline-targets", "--data", str(built), "--param", "metric=gdp_growth")
    assert result.exit_code == 2 and "closest: gdp" in result.stderr
    # values that exist but not together: an empty answer, as asked
    result = run("query", "tasks-by-unit", "--data", str(built), "--param", "county=平陆县",
                 "--param", "unit=经济技术开发区管理委员会")  # 古县 has one, 平陆县 none
    assert result.exit_code == 0 and result.stdout.splitlines()[0].split() == ["county", "unit", "role", "tasks"]
    assert len(result.stdout.splitlines()) == 2


def test_the_notebook_warns_of_an_unknown_value(built: Path) -> None:
    from kg.notebook import GovKG

    with pytest.warns(UserWarning, match="no county 'Guxian'"):
        assert GovKG.open(built).query("deadlines", county="Guxian").empty


def test_commands_that_read_documents_take_or_refuse_a_build(built: Path) -> None:
    result = run("targets", str(built), "--headline", "--format", "csv")
    assert result.exit_code == 0
    given = run("targets", *(str(CORPUS / name) for name in TABLES.values()), "--headline", "--format", "csv").stdout
    # the same rows; a build holds its documents in build order (by government code)
    header, *rows = result.stdout.splitlines()
    assert [header, *sorted(rows)] == [given.splitlines()[0], *sorted(given.splitlines()[1:])]
    assert len(rows) > 20
    result = run("entities", str(built), "--kind", "leader")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 31
    result = run("extract", str(built))
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {built}: is a build directory; `kg extract` reads documents, not builds "
                             "(give the documents, or use `kg query`/`kg view` on the build)\n")


def test_sparql_errors_show_the_whole_message_and_where(built: Path) -> None:
    result = run("query", "--data", str(built), "--sparql", "SELECT ?t WHERE {\n  ?t a gk:Task .\n  FILTER(?t = ) }")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: SPARQL syntax error at line 3, column 18:"  # where the parser gave up: the end
    assert lines[1] == "   3 |   FILTER(?t = ) }"
    assert lines[2] == "     |                  ^"
    assert lines[3].startswith("expected one of ") and "isNUMERIC" in lines[3]
    result = run("query", "--data", str(built), "--sparql", "SELECT ?x WHERE { ?x a nope:Task }")
    assert "a prefix that is not declared (gk:, org:" in result.stderr


def test_the_ontologys_prefixes_need_no_declaration(built: Path) -> None:
    result = run("query", "--data", str(built), "--format", "csv", "--sparql",
                 "SELECT (COUNT(?t) AS ?n) WHERE { ?t a gk:Task ; prov:wasDerivedFrom ?d . ?d a gk:Document }")
    assert result.stdout.splitlines() == ["n", "617"]
    listed = run("query", "--prefixes", "--format", "csv").stdout.splitlines()
    assert listed[0] == "prefix,namespace" and "gk:,https://govkg.org/ontology#" in listed
    schema = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    for line in listed[1:]:
        assert f"`{line.split(',')[0]}`" in schema


def test_one_question_one_json_whichever_store_kept_or_live(built: Path) -> None:
    """Whole numbers are ints (6, not 6.0), as the records have them and Neo4j answers them."""
    kept = run("query", "headline-targets", "--data", str(built), "--format", "json")
    live = run("query", "headline-targets", "--data", str(built), "--format", "json", "--live")
    assert kept.stdout == live.stdout
    rows = json.loads(kept.stdout)
    taian_gdp = next(r for r in rows if r["county"] == "台安县" and r["metric"] == "gdp")
    assert taian_gdp["value"] == 7 and isinstance(taian_gdp["value"], int) and '"value": 7,' in kept.stdout
    guxian_gdp = next(r for r in rows if r["county"] == "古县" and r["metric"] == "gdp")
    assert guxian_gdp["value"] == 7.5
    records = [json.loads(line) for line in (built / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    taian = next(r for r in records if r["type"] == "target" and r["county"] == "台安县" and r["metric"] == "gdp"
                 and r["headline"])
    assert json.dumps(taian["value"]) == json.dumps(taian_gdp["value"])


def test_help_lists_every_command_whole_and_examples_one_a_line() -> None:
    top = run("--help").stdout.split("Commands:")[1]
    assert "..." not in top and "…" not in top
    assert "Install, start, stop and inspect the project's own Neo4j Community\n" in top
    for group in ("export", "neo4j", "load"):
        assert "..." not in run(group, "--help").stdout.split("Commands:")[1]
    query = run("query", "--help").stdout
    assert "      kg query tasks-by-unit --param county=平陆县\n      kg query --sparql" in query
    for command in (["extract"], ["build"], ["entities"], ["targets"], ["view"], ["analyze"]):
        text = run(*command, "--help").stdout
        assert "shared/corpus" not in text and ("examples/corpus" in text or "govkg-data" in text)


def _pty_run(args: list[str], cwd: Path) -> str:
    """Run `python -m kg ARGS` with stderr (and stdout) on a pseudo-terminal, as in a shell."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 columns wide
    env = dict(os.environ)
    proc = subprocess.Popen([sys.executable, "-m", "kg", *args], stdout=child, stderr=child, cwd=cwd, env=env)
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(main)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_shows_on_a_terminal_and_nowhere_else(tmp_path: Path) -> None:
    doc = str(CORPUS / TABLES["taian"])
    shown = _pty_run(["build", doc, "-o", str(tmp_path / "a")], ROOT)
    assert "extract:" in shown and "build:" in shown and "\r" in shown  # tqdm bars, redrawn in place
    assert "built " in shown and " in " in shown.rsplit("built ", 1)[1]
    quiet = _pty_run(["build", doc, "-o", str(tmp_path / "b"), "-q"], ROOT)
    assert quiet.strip() == ""
    piped = subprocess.run([sys.executable, "-m", "kg", "build", doc, "-o", str(tmp_path / "c")], cwd=ROOT,
                           capture_output=True, text=True, check=True)
    assert "\r" not in piped.stderr and "build:" not in piped.stderr
    assert piped.stderr.splitlines()[-1].startswith("built ")
    view = _pty_run(["view", str(tmp_path / "c"), "-o", str(tmp_path / "v")], ROOT)
    assert "lay out:" in view and "write:" in view and "wrote 6 pages (1 county), 7 files" in view


def test_default_outputs_are_git_ignored() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    outputs = ["govkg-data/", "govkg-views/", "views/", "analysis/", "tables/", "neo4j-import/",
               "records.jsonl", ".neo4j/"]
    ignored = subprocess.run(["git", "check-ignore", *outputs], cwd=ROOT, capture_output=True, text=True)
    assert sorted(ignored.stdout.split()) == sorted(outputs)


def test_the_schema_cheat_sheet_is_current_and_its_queries_answer(tmp_path: Path) -> None:
    """docs/schema.md is what scripts/schema_doc.py writes from the example corpus (so it names every
    class and property the graph uses, with a real example), and its queries run as they stand."""
    import re

    from kg.build import build, open_build
    from kg.pipeline import read_documents
    from kg.stores.sparql import run_sparql

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import schema_doc
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    build(read_documents([CORPUS])[0], tmp_path / "data")
    page = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert page == schema_doc.main(str(tmp_path / "data")), "regenerate: python scripts/schema_doc.py govkg-data"
    store = open_build(tmp_path / "data").store()
    queries = re.findall(r"```sparql\n(.*?)```", page, re.S)
    assert len(queries) == 3
    for text in queries:
        assert run_sparql(store, text)[1]
    assert run("query", "--data", str(tmp_path / "data"), "--sparql", queries[0]).exit_code == 0
