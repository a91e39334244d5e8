"""Updating a build (kg.build.update): after any sequence of updates the build equals a fresh
build of the same documents, file for file (the manifest aside), statement for statement in
the store, row for row in the kept answers and the views; unchanged documents are not read
again; a killed update leaves the earlier build whole.

On the example corpus and on a generated corpus of two years (bench/generate.py). About 60 s.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import build, build_files, open_build
from kg.build.parts import read_parts
from kg.cli import cli
from kg.pipeline import extract_text, read_documents
from kg.read import decode
from kg.stores.sparql import named_queries, run_sparql
from tests.conftest import CORPUS, REPORT, ROOT, TABLES
from tests.test_variants import gen


def files_of(build_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(build_dir).as_posix(): p.read_bytes() for p in sorted(build_dir.rglob("*"))
            if p.is_file() and "store" not in p.relative_to(build_dir).parts and p.name != "manifest.json"}


def statements(build_dir: Path) -> list[str]:
    return sorted(str(q) for q in ox.Store.read_only(str(build_dir / "store")))


def assert_same_build(updated: Path, fresh: Path) -> None:
    """Every file byte for byte (N-Triples, Turtle, JSON-LD, the mapped graph, records, entities,
    kept answers, the index of parts), the store's statements, every named query's answer."""
    a, b = files_of(updated), files_of(fresh)
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"differ from a fresh build: {differ}"
    assert statements(updated) == statements(fresh)
    sa, sb = open_build(updated).store(), open_build(fresh).store()
    for name, query in named_queries().items():
        assert run_sparql(sa, query.sparql) == run_sparql(sb, query.sparql), name
    ma, mb = open_build(updated).manifest, open_build(fresh).manifest
    for key in ("documents", "tasks", "nodes", "edges", "resolution"):
        assert ma[key] == mb[key], key


def corrected(ex_text: str) -> str:
    """A county's corrected table: two tasks reworded."""
    text = ex_text.replace("严格落实粮食安全责任。", "严格落实粮食安全党政同责。")
    text = text.replace("力争到位资金均增长10%以上。", "力争到位资金均增长12%以上。")
    assert text.count("党政同责") == 1 and text.count("增长12%以上") == 1
    return text


@pytest.fixture(scope="module")
def corpus_docs():
    return {ex.document.doc: ex for ex in read_documents([CORPUS])[0]}


@pytest.fixture(scope="module")
def pinglu_corrected(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corrected")
    path = folder / TABLES["pinglu"]
    path.write_text(corrected((CORPUS / TABLES["pinglu"]).read_text(encoding="utf-8")), encoding="utf-8")
    return extract_text(decode(path.read_bytes(), path.name))


def test_updates_on_the_corpus_equal_fresh_builds(tmp_path, corpus_docs, pinglu_corrected):
    out = tmp_path / "data"
    tables = [corpus_docs[name] for name in TABLES.values()]
    first = build(tables, out)
    assert (first.read, first.store) == (4, "loaded")

    # a document added: one government mapped, four copied; the store updated, not reloaded
    added = build([corpus_docs[REPORT]], out)
    assert (added.read, added.kept, added.governments_mapped, added.governments_copied) == (1, 4, 1, 4)
    assert added.store == "updated"
    assert added.notes == ["kept 4 documents of the earlier build that were not given (give --prune to leave "
                           "them out)"]
    assert_same_build(out, fresh_build(tmp_path / "f1", list(corpus_docs.values())))

    # a corrected version of a document replaces it (same government, year, kind), whatever else is given
    replaced = build([pinglu_corrected], out)
    assert (replaced.read, replaced.replaced, replaced.governments_mapped) == (1, 1, 1)
    everything = [pinglu_corrected, *(ex for name, ex in corpus_docs.items() if name != TABLES["pinglu"])]
    assert_same_build(out, fresh_build(tmp_path / "f2", everything))
    texts = {r["text"] for r in run_sparql(open_build(out).store(), named_queries()["task-provenance"].sparql,
                                           {"county": "平陆县"})[1]}
    assert "严格落实粮食安全党政同责。" in texts and "严格落实粮食安全责任。" not in texts

    # --prune: what is not given goes, its governments' facts with it
    kept = [corpus_docs[TABLES["guxian"]], corpus_docs[TABLES["taian"]]]
    pruned = build(kept, out, prune=True)
    assert (pruned.read, pruned.reused, pruned.removed, pruned.governments_mapped) == (0, 2, 3, 0)
    assert_same_build(out, fresh_build(tmp_path / "f3", kept))
    counties = {r["county"] for r in run_sparql(open_build(out).store(), named_queries()["deadlines"].sparql)[1]}
    assert counties == {"古县", "台安县"}


def fresh_build(out: Path, docs) -> Path:
    build(list(reversed(docs)), out)  # the order documents are given in does not matter
    return out


def test_parts_of_governments_share_no_statement(tmp_path, corpus_docs):
    """An update removes a changed government's statements from the store: no other part may
    hold any of them (only the indicators and functions are shared, in the global part)."""
    out = fresh_build(tmp_path / "data", list(corpus_docs.values()))
    parts = read_parts(out / "parts.json")
    nt = (out / "graph.nt").read_bytes()
    owner: dict[bytes, str] = {}
    for part in [*parts.governments, None]:
        start, length = part.ranges["ntriples"] if part else parts.global_ranges["ntriples"]
        for line in set(nt[start:start + length].splitlines()):
            assert line not in owner, (line, owner.get(line), part and part.code)
            owner[line] = part.code if part else "global"
    assert sum(len(set(nt[g.ranges["ntriples"][0]:sum(g.ranges["ntriples"])].splitlines()))
               for g in parts.governments) > 20_000


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """12 generated counties, a document for 2023 and for 2024 each (the same people, rows
    redrawn), and a corrected 2024 document of the third."""
    folder = tmp_path_factory.mktemp("years")
    gen.generate(12, folder, seed=7, years=(2023, 2024))
    key, county = gen.plan(12, 7)[2]
    fix = gen.variant(2, key, county, seed=7, year=2024, revision=1)
    revised = tmp_path_factory.mktemp("revised") / fix.file
    revised.write_text(fix.text, encoding="utf-8")
    return folder, revised


def test_updates_on_a_generated_corpus_of_two_years(tmp_path, two_years):
    folder, revised = two_years
    y2023 = sorted(folder.glob("*-2023-*.txt"))
    y2024 = sorted(folder.glob("*-2024-*.txt"))
    out = tmp_path / "data"
    first = build_files(y2023[:9], out)
    assert first.read == 9
    more = build_files([*y2023, *y2024], out)  # three counties more, and every county's next year
    assert (more.read, more.reused, more.governments_copied) == (15, 9, 0)
    fixed = build_files([revised], out)
    assert (fixed.read, fixed.replaced, fixed.governments_mapped, fixed.governments_copied) == (1, 1, 1, 11)
    final = [*y2023, *(p for p in y2024 if p.name != revised.name), revised]
    assert_same_build(out, build_files(list(reversed(final)), tmp_path / "fresh").out_dir)

    # the years' tasks are linked: carried over, changed, new, and the dropped ones marked
    graph = open_build(out).graph()
    lineage = Counter(n.props.get("lineage") for n in graph.nodes.values() if n.label == "Task")
    assert lineage["carried"] > lineage["changed"] > 0 and lineage["new"] > 0
    assert sum(1 for n in graph.nodes.values() if n.props.get("dropped_in") == 2024) > 0
    continues = [e for e in graph.edges if e.type == "CONTINUES"]
    assert len(continues) == lineage["carried"] + lineage["changed"]
    assert {e.props["match"] for e in continues} == {"id", "text"}

    # task-lineage: a lookup of what the build linked, the same for the nation and county by county
    store = open_build(out).store()
    lineage_query = named_queries()["task-lineage"].sparql
    nation = run_sparql(store, lineage_query)[1]
    expected = {status: n for status, n in lineage.items() if status is not None}
    expected["dropped"] = sum(1 for n in graph.nodes.values() if n.props.get("dropped_in"))
    assert Counter(r["status"] for r in nation) == expected
    for county in sorted({r["county"] for r in nation}):
        assert run_sparql(store, lineage_query, {"county": county})[1] == [r for r in nation if r["county"] == county]
    assert open_build(out).ask(named_queries()["task-lineage"], {}) == (list(named_queries()["task-lineage"].columns),
                                                                         nation)  # the kept answer
    # a task followed across the years: the task of 2024 and the one of 2023 it carries on
    row = next(r for r in nation if r["status"] == "changed")
    line = run_sparql(store, lineage_query, {"county": row["county"], "task": row["previous_task"]})[1]
    assert row in line and all(r["county"] == row["county"] for r in line)
    assert {r["previous_task"] for r in line if r["task"] == row["task"]} == {row["previous_task"]}


def test_unchanged_documents_are_not_read_again(tmp_path, monkeypatch):
    out = tmp_path / "data"
    build_files(sorted(CORPUS.glob("*.txt")), out)
    before = files_of(out)
    import kg.pipeline

    def refuse(*args, **kwargs):
        raise AssertionError("an unchanged document was read again")

    monkeypatch.setattr(kg.pipeline, "read_extract", refuse)
    store = sorted((out / "store").iterdir())
    again = build_files(sorted(CORPUS.glob("*.txt")), out)
    assert (again.read, again.reused, again.governments_mapped, again.store) == (0, 5, 0, "unchanged")
    assert again.notes == [f"nothing changed since the last build: {out} is as it was"]
    assert files_of(out) == before and sorted((out / "store").iterdir()) == store  # not even rewritten
    assert not list(tmp_path.glob(".data.build-*"))
    # one document given again, the others not: they are kept, and still nothing changes
    one = build_files([CORPUS / TABLES["taian"]], out)
    assert (one.read, one.reused, one.kept, one.store) == (0, 1, 4, "unchanged")


def test_build_cli_updates_prunes_and_starts_afresh(tmp_path):
    out = tmp_path / "data"
    run = CliRunner().invoke
    first = run(cli, ["build", str(CORPUS / TABLES["taian"]), str(CORPUS / TABLES["guxian"]), "-o", str(out)])
    assert first.exit_code == 0, first.output
    second = run(cli, ["build", str(CORPUS / TABLES["taian"]), str(CORPUS / TABLES["xixiang"]), "-o", str(out)])
    assert second.exit_code == 0, second.output
    assert "1 document unchanged since the last build: not read again" in second.stderr
    assert "kept 1 document of the earlier build that was not given (give --prune to leave it out)" \
        in second.stderr
    assert sorted(open_build(out).manifest["documents"]) == sorted([TABLES["guxian"], TABLES["taian"],
                                                                    TABLES["xixiang"]])
    pruned = run(cli, ["build", str(CORPUS / TABLES["xixiang"]), "-o", str(out), "--prune"])
    assert pruned.exit_code == 0, pruned.output
    assert open_build(out).manifest["documents"] == [TABLES["xixiang"]]
    assert "removed 2 documents not given (--prune)" in pruned.stderr
    fresh = run(cli, ["build", str(CORPUS / TABLES["taian"]), "-o", str(out), "--fresh"])
    assert fresh.exit_code == 0, fresh.output
    assert open_build(out).manifest["documents"] == [TABLES["taian"]]


def test_a_killed_update_leaves_the_earlier_build_whole(tmp_path):
    out = tmp_path / "data"
    build_files([CORPUS / name for name in TABLES.values()], out)
    before = files_of(out)
    triples = statements(out)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (0.0, 1.5, 3.0):  # at different stages of the update
        proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(CORPUS), "-o", str(out), "--prune"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob(".data.build-*")) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(delay)
        if proc.poll() is not None:
            break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert files_of(out) == before
        assert statements(out) == triples  # the store, its table files shared with the update's, unharmed
        assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"] == \
            open_build(out).manifest["documents"]
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.glob(".data.build-*"))
    assert_same_build(out, fresh_build(tmp_path / "fresh", read_documents([CORPUS])[0]))


def test_another_govkg_version_reads_the_documents_again(tmp_path, monkeypatch):
    out = tmp_path / "data"
    build_files([CORPUS / TABLES["taian"]], out)
    import kg.build.update

    monkeypatch.setattr(kg.build.update, "fingerprint", lambda: "another version")
    again = build_files([CORPUS / TABLES["taian"]], out)
    assert (again.read, again.reused, again.store) == (1, 0, "loaded")


def test_views_of_an_update_equal_those_of_a_fresh_build(tmp_path, corpus_docs, pinglu_corrected):
    from kg.views import build_pages

    out = tmp_path / "data"
    build(list(corpus_docs.values()), out)
    build([pinglu_corrected], out)
    fresh = fresh_build(tmp_path / "fresh", [pinglu_corrected, *(ex for name, ex in corpus_docs.items()
                                                                  if name != TABLES["pinglu"])])
    a, b = build_pages(open_build(out).graph()), build_pages(open_build(fresh).graph())
    assert [(p.slug, p.nodes, p.edges) for p in a.all()] == [(p.slug, p.nodes, p.edges) for p in b.all()]
    assert a.counties == b.counties
    shutil.rmtree(fresh)


def test_counties_of_one_name_are_answered_together(tmp_path):
    """Two governments named 朝阳区 (Beijing's and Changchun's): a query asked about 朝阳区 answers
    for both at once (summing, as deadlines does), and so must the kept answers."""
    chaoyang = [c for c in gen.pool() if c.name == "朝阳区"]
    assert len(chaoyang) == 2
    folder = tmp_path / "docs"
    folder.mkdir()
    files = []
    for i, county in enumerate(chaoyang):  # guxian's text names province and prefecture: told apart
        v = gen.rewrite("guxian", county, gen.random.Random(i), file=f"{county.admin_code}-2023-tasks.txt")
        (folder / v.file).write_text(v.text, encoding="utf-8")
        files.append(folder / v.file)
    files.append(CORPUS / TABLES["taian"])
    out = tmp_path / "data"
    build_files(files, out)
    built = open_build(out)
    assert {p.code for p in read_parts(out / "parts.json").governments} >= {c.admin_code for c in chaoyang}
    for name, query in named_queries().items():
        assert built.ask(query, {}) == run_sparql(built.store(), query.sparql), name
    deadlines = built.ask(named_queries()["deadlines"], {"county": "朝阳区"})[1]
    assert sum(r["tasks"] for r in deadlines) == sum(len(ex.tasks) for ex in read_documents(files[:2])[0])
    # one of them corrected: still answered together, as a fresh build does
    v = gen.variant(0, "guxian", chaoyang[1], seed=3, revision=2)
    files[1].write_text(v.text, encoding="utf-8")
    assert build_files(files, out).governments_mapped == 1
    assert_same_build(out, build_files(files, tmp_path / "fresh").out_dir)
