"""Shared fixtures: the example corpus and its extractions, read once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.build import build, open_build
from kg.model import Extraction
from kg.pipeline import extract_text as extract
from kg.read import read_source
from kg.views.browser import browser, chromium_path
from tests.neo4j_fixture import neo4j_server  # noqa: F401  (a real server, started once)

# CI sets GOVKG_REQUIRE_CHROMIUM=1 so that a missing browser fails instead of skipping
NO_BROWSER = chromium_path() is None and not os.environ.get("GOVKG_REQUIRE_CHROMIUM")
needs_chromium = pytest.mark.skipif(NO_BROWSER, reason="no Chromium: apt-get install chromium")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GOVKG_CORPUS", ROOT / "examples" / "corpus"))
TABLES = {
    "pinglu": "pinglu-2023-tasks.txt",
    "guxian": "guxian-2023-tasks.txt",
    "xixiang": "xixiang-2023-tasks.txt",
    "taian": "taian-2023-tasks.txt",
}
REPORT = "jiaokou-2023-report.txt"


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def tables() -> dict[str, Extraction]:
    """The four task tables, keyed by short name (`pinglu`, `guxian`, …)."""
    return {key: extract(read_source(CORPUS / name)) for key, name in TABLES.items()}


@pytest.fixture(scope="session")
def extractions(tables) -> dict[str, Extraction]:
    """Every corpus document: the tables and the `jiaokou` report."""
    return {**tables, "jiaokou": extract(read_source(CORPUS / REPORT))}


@pytest.fixture(scope="session")
def built(tables, tmp_path_factory) -> Path:
    """A `kg build` directory of the four tables."""
    out = tmp_path_factory.mktemp("kg") / "data"
    build(list(tables.values()), out)
    return out


@pytest.fixture(scope="session")
def store(built):
    return open_build(built).store()


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for every test that opens a page."""
    if NO_BROWSER:
        pytest.skip("no Chromium: apt-get install chromium")
    with browser() as b:
        yield b
