"""The architecture's rules: stages import only earlier stages, and everything after `kg build`
reads what the build wrote."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from click.testing import CliRunner

from kg.build.layout import FORMAT
from kg.cli import cli
from tests.conftest import ROOT


def test_no_stage_imports_a_later_one():
    """The import-linter contracts of pyproject.toml (layers; click only in kg.cli)."""
    done = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
                           "lint_imports_command()"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "stages flow one way KEPT" in done.stdout and "the library never imports click KEPT" in done.stdout


def test_later_commands_never_resolve_or_map_again(built, monkeypatch, tmp_path):
    """A resolver or mapping changed after the build cannot change what views, analytics, Neo4j
    export or the notebook show: they read the build's graph, never re-derive it."""
    before = CliRunner().invoke(cli, ["analyze", str(built), "--table", "units", "--format", "json"])
    assert before.exit_code == 0

    def changed(*_args, **_kwargs):
        raise AssertionError("re-derived after the build")

    for target in ("kg.resolve.resolve", "kg.build.government.resolve", "kg.map.graph.map_graph",
                   "kg.build.government.map_graph", "kg.build.update.map_government", "kg.build.graph_of",
                   "kg.build.run.graph_of"):
        monkeypatch.setattr(target, changed)
    after = CliRunner().invoke(cli, ["analyze", str(built), "--table", "units", "--format", "json"])
    assert after.exit_code == 0 and after.stdout == before.stdout
    views = CliRunner().invoke(cli, ["view", str(built), "-o", str(tmp_path / "views")])
    assert views.exit_code == 0, views.output
    export = CliRunner().invoke(cli, ["export", "neo4j-csv", str(tmp_path / "csv"), "--data", str(built)])
    assert export.exit_code == 0, export.output
    from kg.notebook import GovKG

    assert GovKG.open(built).coordination().number_of_edges() > 0


def test_a_build_of_another_format_is_one_clear_line(built, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(built, old)
    manifest = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    del manifest["format"], manifest["generator"]
    (old / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for args in (["query", "deadlines", "--data", str(old)], ["view", str(old), "-o", str(tmp_path / "v")],
                 ["analyze", str(old)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, args
        assert result.stderr.strip().endswith(f"made by an older govkg (build format 1; this one reads {FORMAT}); "
                                              "rebuild with `kg build`"), result.stderr
        assert "Traceback" not in result.output
