"""Nothing of the user's lost, one bad document never sinks a run (the reliability probe's findings).

Each test reproduces a failure the probe found and checks it is gone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import build, open_build
from kg.build.publish import PublishError
from kg.cli import cli
from kg.pipeline import extract_text, read_documents
from kg.read import decode
from tests.conftest import CORPUS, ROOT, TABLES


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


# --- 1. an output directory that is not a build is never replaced; no input is overwritten

def test_build_refuses_a_directory_it_did_not_make(tmp_path):
    thesis = tmp_path / "thesis"
    thesis.mkdir()
    (thesis / "chapter1.tex").write_text("我的论文", encoding="utf-8")
    result = run("build", str(CORPUS / TABLES["taian"]), "-o", str(thesis))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("exists and is not a govkg build; not replaced (choose an empty or new "
                                          "directory)")
    assert _tree(thesis) == {"chapter1.tex": "我的论文".encode()}


def test_build_into_its_own_input_folder_deletes_nothing(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "taian.txt").write_bytes((CORPUS / TABLES["taian"]).read_bytes())
    before = _tree(corpus)
    result = run("build", str(corpus), "-o", str(corpus))
    assert result.exit_code == 2 and "holds the input" in result.stderr
    assert _tree(corpus) == before
    assert not list(tmp_path.glob(".c.*build*"))


def test_build_replaces_an_empty_directory_and_an_earlier_build(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert run("build", str(CORPUS / TABLES["taian"]), "-o", str(out)).exit_code == 0
    assert open_build(out).manifest["documents"] == [TABLES["taian"]]
    assert run("build", str(CORPUS / TABLES["xixiang"]), "-o", str(out), "--prune").exit_code == 0
    assert open_build(out).manifest["documents"] == [TABLES["xixiang"]]


def test_extract_never_writes_over_its_input(tmp_path):
    doc = tmp_path / "x.txt"
    doc.write_bytes((CORPUS / TABLES["taian"]).read_bytes())
    before = doc.read_bytes()
    result = run("extract", str(doc), "-o", str(doc))
    assert result.exit_code == 2 and result.stderr.strip().endswith("is an input of this run; not overwritten")
    assert doc.read_bytes() == before


# --- 2. any text mints a valid IRI; one odd character never sinks the build

ODD = ["\ue000", "\ue7c7", "\x85", "\ufdd0", "\u200e", "<>\"{}|\\^`", " 空 格 ", "%41", "\U0010fffd", "/..//"]


def test_iris_from_any_text_are_valid_and_distinct():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kg.ontology import iris

    @settings(max_examples=500, deadline=None)
    @given(st.text(), st.text())
    def check(a: str, b: str) -> None:
        ia, ib = iris.unit("140829", a), iris.unit("140829", b)
        ox.NamedNode(ia)  # raises on an invalid IRI
        assert (ia == ib) == (a == b)

    check()
    for text in ODD:
        ox.NamedNode(iris.task("140829", text, text))


def test_odd_characters_in_unit_and_file_names_build(tmp_path):
    text = (CORPUS / TABLES["taian"]).read_text(encoding="utf-8")
    text = text.replace("水利局", "水利\ue000局").replace("农业农村局", "农业\x85农村\ufdd0局")
    odd = tmp_path / "in" / "台安\ue7c7\x85\ufdd0.txt"
    odd.parent.mkdir()
    odd.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", str(odd), str(CORPUS / TABLES["xixiang"]), "-o", str(out))
    assert result.exit_code == 0, result.output
    built = open_build(out)
    assert built.manifest["tasks"] == 102 + 107
    units = {n.props["name"] for n in built.graph().nodes.values() if n.label == "Unit"}
    assert "水利\ue000局" in units  # private-use characters are data, kept as read
    count = built.store().query("SELECT (COUNT(?t) AS ?n) WHERE { ?t a <https://govkg.org/ontology#Task> }")
    assert int(next(iter(count))["n"].value) == 102 + 107


def test_a_document_that_cannot_be_mapped_is_its_own_error(tmp_path, monkeypatch):
    import kg.map.graph as mapping

    real = mapping._add_document

    def fails_for_taian(g, ex, key, entities, vocabulary):
        if ex.document.doc == TABLES["taian"]:
            raise ValueError("boom")
        return real(g, ex, key, entities, vocabulary)

    monkeypatch.setattr(mapping, "_add_document", fails_for_taian)
    result = run("build", str(CORPUS / TABLES["taian"]), str(CORPUS / TABLES["xixiang"]), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert f"kg: error: {TABLES['taian']}: cannot be mapped to the graph: ValueError: boom" in result.stderr
    built = open_build(tmp_path / "o")
    assert built.manifest["documents"] == [TABLES["xixiang"]] and built.manifest["tasks"] == 107
    assert not [n for n in built.graph().nodes.values() if n.props.get("name") == "台安县"]


# --- 3. a table without its task-text header cell, and any exception inside one document

def test_a_header_without_its_task_column_is_reported_not_a_crash(tmp_path):
    lines = (CORPUS / TABLES["pinglu"]).read_text(encoding="utf-8").split("\n")
    del lines[next(i for i, line in enumerate(lines) if line.strip() == "工作任务")]
    bad = tmp_path / "pinglu.txt"
    bad.write_text("\n".join(lines), encoding="utf-8")
    result = run("extract", str(bad), str(CORPUS / TABLES["taian"]), "-q")
    assert result.exit_code == 0
    recs = [json.loads(line) for line in result.stdout.splitlines()]
    kinds = {r["kind"] for r in recs if r["type"] == "anomaly" and r["doc"] == "pinglu.txt"}
    assert "broken-header" in kinds
    assert sum(r["type"] == "task" and r["doc"] == TABLES["taian"] for r in recs) == 102


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_exception_in_one_document_is_that_documents_line(tmp_path, jobs):
    """A bug met on one input fails that input only, with or without worker processes."""
    doc = tmp_path / "trap.txt"
    doc.write_bytes((CORPUS / TABLES["taian"]).read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = ("import sys, kg.extract.layout.sectioned_table as m\n"
            "real = m.read\n"
            "def read(src, doc):\n"
            "    if src.name == 'trap.txt':\n"
            "        raise KeyError('text')\n"
            "    return real(src, doc)\n"
            "m.read = read\n"
            "from kg.cli import cli\n"
            "cli(sys.argv[1:])\n")
    done = subprocess.run([sys.executable, "-c", code, "extract", str(doc), str(CORPUS / TABLES["taian"]),
                           "-q", "--jobs", jobs], capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("kg: error:")]
    assert errors == [f"kg: error: {doc}: could not be read: KeyError: 'text' (a govkg bug; please report it "
                      "with this file)"]
    assert sum('"type":"task"' in line for line in done.stdout.splitlines()) == 102


def _mutants(seed: int, count: int):
    """Corpus documents with 1-3 random line deletions, duplications, swaps and character edits."""
    import random

    rng = random.Random(seed)
    docs = sorted(CORPUS.glob("*.txt"))
    texts = [(p.name, p.read_text(encoding="utf-8").split("\n")) for p in docs]
    chars = ["\t", "一", "、", "（", "）", "1", "7", "。", "：", "县", " ", "#", "*", "\n", "", "牵头单位", "序号",
             "项", "%", "增长", "\x00", "\ue000", "\x85", "\r"]
    for _ in range(count):
        name, original = rng.choice(texts)
        lines = list(original)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(lines))
            op = rng.randrange(5)
            if op == 0:
                del lines[i]
            elif op == 1:
                lines.insert(i, lines[i])
            elif op == 2:
                j = min(len(lines) - 1, i + 1) if rng.random() < 0.5 else rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            else:
                s, k, c = lines[i], rng.randint(0, len(lines[i])), rng.choice(chars)
                lines[i] = s[:k] + c + s[k + (op == 4):]
        yield name, "\n".join(lines).encode("utf-8")


def test_no_mutant_of_the_corpus_gives_a_traceback():
    """Seeded and bounded: GOVKG_MUTANTS (default 1,500) random edits of the corpus documents; each is
    read whole or refused with an InputError, never another exception. 23,000 such mutants ran clean
    when this test was written (before, 1 in 700 crashed)."""
    from kg.read import InputError

    count = int(os.environ.get("GOVKG_MUTANTS", "1500"))
    started = time.monotonic()
    crashed: list[str] = []
    for n, (name, data) in enumerate(_mutants(seed=15, count=count)):
        try:
            extract_text(decode(data, name))
        except InputError:
            pass
        except Exception as exc:  # noqa: BLE001 - what this test looks for
            crashed.append(f"mutant {n} of {name}: {type(exc).__name__}: {exc}")
        if time.monotonic() - started > 240:
            break
    assert crashed == []


# --- 4. two tasks with one number, two documents with one file name

def test_a_repeated_task_number_keeps_both_tasks(tmp_path):
    lines = (CORPUS / TABLES["taian"]).read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip() == "7")
    lines[at + 5:at + 5] = lines[at:at + 5]  # row 7 twice
    doc = tmp_path / "taian.txt"
    doc.write_text("\n".join(lines), encoding="utf-8")
    ex = extract_text(decode(doc.read_bytes(), doc.name))
    assert [t.id for t in ex.tasks].count("7") == 2 and len(ex.tasks) == 103
    assert [a.kind for a in ex.anomalies].count("duplicate") == 1
    assert "numbering-gap" not in [a.kind for a in ex.anomalies]
    out = tmp_path / "out"
    build([ex], out)
    built = open_build(out)
    assert built.manifest["tasks"] == 103
    assert sum(n.label == "Task" for n in built.graph().nodes.values()) == 103


def test_two_documents_with_one_file_name_stay_two(tmp_path):
    a, b = tmp_path / "a" / "tasks.txt", tmp_path / "b" / "tasks.txt"
    for path, key in ((a, "taian"), (b, "xixiang")):
        path.parent.mkdir()
        path.write_bytes((CORPUS / TABLES[key]).read_bytes())
    c = tmp_path / "c" / "tasks.txt"  # a third copy of b: the same document, read once
    c.parent.mkdir()
    c.write_bytes(b.read_bytes())
    docs = read_documents([a, b, c])[0]
    out = tmp_path / "out"
    result = build(docs, out)
    assert result.tasks == 102 + 107 and len(result.notes) == 1
    assert result.notes[0].startswith("tasks.txt: the same bytes as the input tasks.txt read before it (SHA-256 ")
    graph = open_build(out).graph()
    assert sum(n.label == "Task" for n in graph.nodes.values()) == 102 + 107
    assert sum(n.label == "Document" for n in graph.nodes.values()) == 2


# --- 7. only regular files, under a size limit

def test_fifo_device_and_oversized_files_are_one_line_each(tmp_path, monkeypatch):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    big = tmp_path / "big.txt"
    big.write_bytes((CORPUS / TABLES["taian"]).read_bytes() * 80)  # 1.4 MB
    monkeypatch.setenv("GOVKG_MAX_FILE_MB", "1")
    started = time.monotonic()
    result = run("extract", str(fifo), "/dev/zero", str(big), str(CORPUS / TABLES["taian"]), "-q")
    assert time.monotonic() - started < 30  # nothing blocks on the FIFO or reads /dev/zero
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("kg: error:")]
    assert errors == [f"kg: error: {fifo}: not a regular file (a FIFO)",
                      "kg: error: /dev/zero: not a regular file (a character device)",
                      f"kg: error: {big}: 1 MB, above the limit of 1 MB (set GOVKG_MAX_FILE_MB to read it)"]
    assert sum('"type":"task"' in line for line in result.stdout.splitlines()) == 102


# --- 10. one build at a time, an atomic swap, no debris

def test_a_second_build_of_the_same_output_refuses(tmp_path):
    import fcntl

    out = tmp_path / "out"
    lock = os.open(tmp_path / ".out.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)  # what a running build holds
    try:
        result = run("build", str(CORPUS / TABLES["taian"]), "-o", str(out))
        assert result.exit_code == 2
        assert result.stderr.strip().endswith("another kg build is writing it; try again when it has finished")
    finally:
        os.close(lock)
    assert run("build", str(CORPUS / TABLES["taian"]), "-o", str(out)).exit_code == 0


def test_a_killed_build_leaves_the_old_one_and_the_next_cleans_up(tmp_path):
    out = tmp_path / "out"
    assert run("build", str(CORPUS / TABLES["taian"]), "-o", str(out)).exit_code == 0
    before = _tree(out)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(CORPUS), "-o", str(out)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.build-*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _tree(out) == before  # the old build, untouched
    assert run("build", str(CORPUS / TABLES["xixiang"]), "-o", str(out), "--prune").exit_code == 0
    assert not list(tmp_path.glob(".out.build-*")) and not (tmp_path / ".out.old").exists()
    assert open_build(out).manifest["documents"] == [TABLES["xixiang"]]


def test_a_swap_killed_halfway_is_completed_by_the_next_build(tmp_path):
    out = tmp_path / "out"
    assert run("build", str(CORPUS / TABLES["taian"]), "-o", str(out)).exit_code == 0
    out.rename(tmp_path / ".out.old")  # the fallback swap's first rename, then a kill
    assert run("query", "deadlines", "--data", str(out)).exit_code == 2
    assert run("build", str(CORPUS / TABLES["xixiang"]), "-o", str(out), "--prune").exit_code == 0
    assert open_build(out).manifest["documents"] == [TABLES["xixiang"]]
    assert not (tmp_path / ".out.old").exists()


def test_build_into_the_current_directory(tmp_path, monkeypatch):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = run("build", str(CORPUS / TABLES["taian"]), "-o", ".")
    assert result.exit_code == 0, result.output
    assert open_build(here).manifest["tasks"] == 102
    with pytest.raises(PublishError):
        build([], tmp_path / "x", inputs=[tmp_path / "x" / "doc.txt"])


# --- 11. smaller gaps

def test_folders_say_what_they_skip(tmp_path):
    corpus = tmp_path / "c"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "TAIAN.TXT").write_bytes((CORPUS / TABLES["taian"]).read_bytes())
    (corpus / "notes.md").write_text("# 笔记", encoding="utf-8")
    (corpus / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    result = run("extract", str(corpus), "-q")
    assert result.exit_code == 0
    assert sum('"type":"task"' in line for line in result.stdout.splitlines()) == 102  # subfolder, .TXT read
    assert f"kg: {corpus / 'gone.txt'}: skipped: dangling link" in result.stderr
    assert f"kg: {corpus / 'notes.md'}: skipped: not a known format (.md)" in result.stderr


def test_an_unreadable_explicit_file_is_that_files_error(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    unreadable = plain / "under-a-file.txt"  # opening it fails (ENOTDIR), as an unreadable file does
    result = run("extract", str(unreadable), str(CORPUS / TABLES["taian"]), "-q")
    assert result.exit_code == 2
    assert f"kg: error: {unreadable}: Not a directory" in result.stderr
    assert sum('"type":"task"' in line for line in result.stdout.splitlines()) == 102


def test_a_file_name_with_a_line_break_cannot_forge_output_lines(tmp_path):
    forged = tmp_path / "x\nkg: error: forged.txt"
    forged.write_text("", encoding="utf-8")
    result = run("extract", str(forged))
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("kg: error:")]
    assert len(lines) == 1 and "\\n" in lines[0]


def test_nul_and_control_characters_are_removed_with_an_anomaly():
    text = (CORPUS / TABLES["taian"]).read_text(encoding="utf-8")
    at = text.index("水利局", 5000)
    dirty = (text[:at] + "水利\x00\x07局" + text[at + 3:]).encode("utf-8")
    ex = extract_text(decode(dirty, "taian.txt"))
    assert not any("\x00" in t.text or any("\x00" in u for u in t.lead_units) for t in ex.tasks)
    notes = [a for a in ex.anomalies if a.kind == "control-characters"]
    assert len(notes) == 1 and notes[0].message == "removed U+0000, U+0007"
    assert [t.lead_units for t in ex.tasks] == [t.lead_units for t in extract_text(decode(text.encode(), "t")).tasks]


def test_a_table_cut_inside_its_last_row_is_reported():
    lines = (CORPUS / TABLES["pinglu"]).read_text(encoding="utf-8").split("\n")
    last_text = max(i for i, line in enumerate(lines) if line.startswith("\t（"))
    ex = extract_text(decode("\n".join(lines[:last_text + 1]).encode(), "pinglu.txt"))
    cut = [a for a in ex.anomalies if a.kind == "truncated"]
    assert len(cut) == 1 and "no deadline" in cut[0].message


def test_csv_cells_are_not_spreadsheet_formulas():
    from kg.output import render

    rows = [{"unit": "=HYPERLINK(\"http://x\")", "n": -3, "note": "+1", "at": "@SUM(A1)", "dash": "-x"}]
    out = render(rows, "csv")
    assert out.splitlines()[1] == "\"'=HYPERLINK(\"\"http://x\"\")\",-3,'+1,'@SUM(A1),'-x"


def test_outputs_honour_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "out"
        assert run("build", str(CORPUS / TABLES["taian"]), "-o", str(out)).exit_code == 0
        assert out.stat().st_mode & 0o777 == 0o755
        assert (out / "records.jsonl").stat().st_mode & 0o777 == 0o644
        records = tmp_path / "r.jsonl"
        assert run("extract", str(CORPUS / TABLES["taian"]), "-o", str(records), "-q").exit_code == 0
        assert records.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)
