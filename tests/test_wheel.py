"""The package as users install it: a wheel (not an editable checkout) in a fresh virtual
environment with the core only. It must carry its named queries, ontology and Neo4j pom, build
the corpus, answer every named question, and name the extra a missing part needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from kg.stores.sparql import named_queries
from tests.conftest import CORPUS, ROOT, TABLES


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with the wheel of this checkout and its core dependencies (pip's cache keeps it quick)."""
    where = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(where / "dist"), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next((where / "dist").glob("govkg-*.whl"))
    env_dir = where / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
                   check=True, capture_output=True)
    return env_dir


def _kg(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # run from a folder that is not the checkout, so nothing but the wheel can be imported
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GOVKG_QUERIES", "GOVKG_NEO4J_HOME")}
    env["HOME"] = str(cwd)
    return subprocess.run([str(env_dir / "bin" / "kg"), *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_the_wheel_builds_and_answers_every_named_question(installed, tmp_path):
    origin = _kg(installed, "layouts", cwd=tmp_path)
    assert origin.returncode == 0, origin.stderr
    probe = subprocess.run([str(installed / "bin" / "python"), "-c", "import kg; print(kg.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True)
    assert str(installed) in probe.stdout  # the wheel's copy, not this checkout

    built = _kg(installed, "build", str(CORPUS / TABLES["taian"]), str(CORPUS / TABLES["xixiang"]), "-o", "data",
                cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    listed = _kg(installed, "query", "--list", "--data", "data", "--format", "json", cwd=tmp_path)
    assert {q["name"] for q in json.loads(listed.stdout)} == set(named_queries())
    for name in named_queries():
        for live in ([], ["--live"]):
            answer = _kg(installed, "query", name, "--data", "data", "--format", "json", *live, cwd=tmp_path)
            assert answer.returncode == 0, (name, answer.stderr)
            # amplification needs a government and its parent in one year, task-lineage two years of
            # one government: these two counties' tables have neither
            assert json.loads(answer.stdout) or name in ("amplification", "task-lineage"), f"{name}: no rows"

    dry = _kg(installed, "neo4j", "install", "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    plan = json.loads(dry.stdout)
    assert plan["pom_present"] is True and str(installed) in plan["pom"]
    assert plan["home"].startswith(str(tmp_path))  # the user's data directory, not site-packages


def test_a_missing_extra_is_one_line_naming_it(installed, tmp_path):
    assert _kg(installed, "build", str(CORPUS / TABLES["taian"]), "-o", "data", cwd=tmp_path).returncode == 0
    view = _kg(installed, "view", "data", "-o", "views", cwd=tmp_path)
    assert view.returncode == 2
    assert view.stderr.strip() == ("Error: kg view needs the optional package 'jinja2': "
                                   "pip install 'govkg[views]'")
    load = _kg(installed, "load", "neo4j", "data", cwd=tmp_path)
    assert load.returncode == 2 and load.stderr.strip().endswith("pip install 'govkg[neo4j]'")
    charts = _kg(installed, "analyze", "data", "-o", "analysis", cwd=tmp_path)
    assert charts.returncode == 2 and charts.stderr.strip().endswith("pip install 'govkg[views]'")
    structure = _kg(installed, "analyze", "data", "-o", "analysis", "--no-charts", cwd=tmp_path)
    assert structure.returncode == 2 and structure.stderr.strip().endswith("pip install 'govkg[analytics]'")
    tables = _kg(installed, "analyze", "data", "--table", "units", cwd=tmp_path)  # the core tables need no extra
    assert tables.returncode == 0 and "发展和改革局" in tables.stdout, tables.stderr
