"""`kg diff` (kg.diff): tasks added, removed and changed between two versions of a document
or two builds, matched by number or, in a renumbered table, by text. About 15 s."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil

import pytest
from click.testing import CliRunner

import kg.diff
from kg.build import build, open_build
from kg.cli import cli
from kg.diff import COLUMNS, diff_builds, diff_documents
from kg.map.lineage import match_tasks
from kg.model import Extraction
from kg.pipeline import extract_text, read_documents
from kg.read import decode
from tests.conftest import CORPUS, REPORT, TABLES
from tests.test_incremental import corrected


@pytest.fixture(scope="module")
def pinglu(tables) -> Extraction:
    return tables["pinglu"]


@pytest.fixture(scope="module")
def pinglu_fixed(tmp_path_factory) -> tuple[Extraction, object]:
    path = tmp_path_factory.mktemp("fixed") / "pinglu-2023-tasks-fixed.txt"
    path.write_text(corrected((CORPUS / TABLES["pinglu"]).read_text(encoding="utf-8")), encoding="utf-8")
    return extract_text(decode(path.read_bytes(), path.name)), path


def test_a_corrected_table_shows_its_two_changed_tasks(pinglu, pinglu_fixed):
    changes = diff_documents(pinglu, pinglu_fixed[0])
    assert [(c.change, c.old_task, c.new_task, c.match, c.fields) for c in changes] == [
        ("changed", "8.4", "8.4", "id", ["text"]),
        ("changed", "8.5", "8.5", "id", ["text", "targets"]),
    ]
    assert changes[0].changes["text"] == ["严格落实粮食安全责任。", "严格落实粮食安全党政同责。"]
    old_target, new_target = changes[1].changes["targets"]
    assert [t[1] for t in old_target] == [10.0] and [t[1] for t in new_target] == [12.0]
    everything = diff_documents(pinglu, pinglu_fixed[0], unchanged=True)
    assert len(everything) == len(pinglu.tasks) == 157
    assert sum(c.change == "unchanged" for c in everything) == 155


def _renumbered(ex: Extraction) -> Extraction:
    """The same tasks in reverse order, numbered 1…n in one list: every number now another task's."""
    tasks = [dataclasses.replace(t, id=str(n), list="main") for n, t in enumerate(reversed(ex.tasks), start=1)]
    return Extraction(ex.document, tasks, ex.anomalies, [], ex.terms)


def test_a_renumbered_table_is_matched_by_text(pinglu):
    again = _renumbered(pinglu)
    matching = match_tasks(pinglu.tasks, again.tasks)
    assert not matching.added and not matching.removed
    assert all(pinglu.tasks[p.old].text == again.tasks[p.new].text for p in matching.pairs)
    repeated = {t.text for t in pinglu.tasks if sum(u.text == t.text for u in pinglu.tasks) > 1}
    assert all(p.by == "text" for p in matching.pairs if pinglu.tasks[p.old].text not in repeated)
    # one task reworded as well: the one change, found by its text though its number is another's
    target = next(t for t in again.tasks if t.text == "严格落实粮食安全责任。")
    again.tasks[again.tasks.index(target)] = dataclasses.replace(target, text="严格落实粮食安全党政同责。")
    changes = diff_documents(Extraction(pinglu.document, pinglu.tasks, [], [], []), again)
    assert [(c.change, c.old_task, c.new_task, c.match, c.fields) for c in changes] == [
        ("changed", "8.4", target.id, "text", ["text"])]


def test_two_builds_are_compared_document_by_document(tmp_path, monkeypatch, tables, pinglu_fixed):
    docs = {ex.document.doc: ex for ex in read_documents([CORPUS])[0]}
    before = tmp_path / "before"
    build(list(tables.values()), before)
    after = tmp_path / "after"
    shutil.copytree(before, after)
    path = tmp_path / TABLES["pinglu"]  # the corrected file under the old name
    path.write_bytes(pinglu_fixed[1].read_bytes())
    fixed = extract_text(decode(path.read_bytes(), path.name))
    build([fixed, docs[REPORT], *(docs[TABLES[k]] for k in ("guxian", "xixiang"))], after, prune=True)
    read = []
    real = kg.diff._read

    def counting(b, part):
        read.append(part.name)
        return real(b, part)

    monkeypatch.setattr(kg.diff, "_read", counting)
    changes = diff_builds(open_build(before), open_build(after))
    kinds = {(c.change, c.county): 0 for c in changes}
    for c in changes:
        kinds[(c.change, c.county)] += 1
    assert kinds == {("changed", "平陆县"): 2, ("removed", "台安县"): 102, ("added", "交口县"): 144}
    assert sorted(read) == sorted([TABLES["pinglu"], TABLES["pinglu"], TABLES["taian"], REPORT])


def test_cli_table_json_csv_and_refusals(tmp_path, pinglu_fixed, built):
    _, fixed = pinglu_fixed
    old = str(CORPUS / TABLES["pinglu"])
    table = CliRunner().invoke(cli, ["diff", old, str(fixed)])
    assert table.exit_code == 0, table.output
    assert table.stderr.strip() == "kg diff: 0 added, 0 removed, 2 changed"
    assert table.stdout.splitlines()[0].split() == ["change", "county", "year", "old_task", "new_task", "match",
                                                    "similarity", "fields", "text"]
    rows = json.loads(CliRunner().invoke(cli, ["diff", old, str(fixed), "--format", "json"]).stdout)
    assert [r["fields"] for r in rows] == [["text"], ["text", "targets"]] and list(rows[0]) == list(COLUMNS)
    out = tmp_path / "changes.csv"
    assert CliRunner().invoke(cli, ["diff", old, str(fixed), "--format", "csv", "-o", str(out), "--all"]).exit_code == 0
    with out.open(encoding="utf-8") as fh:
        got = list(csv.DictReader(fh))
    assert len(got) == 157 and got[0].keys() == set(COLUMNS)
    mixed = CliRunner().invoke(cli, ["diff", old, str(built)])
    assert mixed.exit_code == 2 and "give two documents, or two build directories" in mixed.stderr
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 10)
    broken = CliRunner().invoke(cli, ["diff", old, str(bad)])
    assert broken.exit_code == 2 and "Traceback" not in broken.output
    assert io.StringIO(broken.stderr).read().count("\n") == 1
