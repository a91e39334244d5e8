"""How exactly OCR reads a scanned table: the tasks of each scanned fixture against the tasks of
its text version, field by field.

    python bench/ocr_accuracy.py [--full] [--scan FILE.pdf --text FILE.txt --digital FILE.pdf]

The scanned fixtures (tests/data/formats/*-scan.pdf, made by tests/fixtures/make_scans.py) are
the first pages of the born-digital PDFs of the same tables. The reference is the text
version's tasks that lie wholly on those pages: those the born-digital PDF (whose tasks are the
text version's, tests/test_formats.py) cut after as many pages gives as the whole PDF does; the
task running on past the last scanned page is left out on both sides. `--full` scans every page of the
born-digital PDFs first, in memory, as make_scans.py does (a few minutes of OCR).

OCR'd tasks are paired with reference tasks in order, by the likeness of their text (an id
misread must not lose the pair). Printed: per document, the reference tasks, the tasks read,
recall (reference tasks paired), tasks read that pair with none, the share of paired tasks
whose field is exactly the reference's (id, list, section, text, leaders, lead_units,
co_units, deadline, targets), the text's character accuracy (1 - edit distance / length), the
fields of the document record (county, province, year, title, issuer, doc_number) that differ
from the text version's, and seconds per page: wall clock (tesseract reads pages side by side,
a process on each core) and processor time (tesseract's processes included), which depends less
on what else the machine is doing. Needs tesseract-ocr and tesseract-ocr-chi-sim. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.model import Task  # noqa: E402
from kg.pipeline import extract_text  # noqa: E402
from kg.read import read_data, read_source  # noqa: E402

FORMATS = ROOT / "tests" / "data" / "formats"
CORPUS = ROOT / "examples" / "corpus"
FIELDS = ("id", "list", "section", "text", "leaders", "lead_units", "co_units", "deadline", "targets")
DOCUMENT = ("county", "province", "year", "title", "issuer", "doc_number")
# two texts this alike (difflib's ratio) are the same task read with errors
_SAME_TASK = 0.5
_LOOK_AHEAD = 4


@dataclass
class Score:
    name: str
    pages: int
    reference: int = 0
    read: int = 0
    paired: int = 0
    exact: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    chars: int = 0  # characters of the paired reference texts
    errors: int = 0  # edits to turn the OCR'd texts into them
    seconds: float = 0.0  # wall clock
    cpu: float = 0.0  # processor time, tesseract's processes included
    misses: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # tasks read that pair with none: id and text
    wrong: list[tuple[str, str, object, object]] = field(default_factory=list)  # (id, field, reference, read)
    document: list[str] = field(default_factory=list)  # fields of the document record that differ

    @property
    def recall(self) -> float:
        return self.paired / self.reference if self.reference else 0.0

    @property
    def unpaired(self) -> int:
        return self.read - self.paired

    def rate(self, name: str) -> float:
        return self.exact[name] / self.paired if self.paired else 0.0

    @property
    def char_accuracy(self) -> float:
        return 1 - self.errors / self.chars if self.chars else 0.0


def distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _likeness(a: Task, b: Task) -> float:
    return SequenceMatcher(None, a.text, b.text, autojunk=False).ratio()


def _start_likeness(whole: Task, start: Task) -> float:
    """How alike `start` is to the beginning of `whole` (a task cut short by the last page)."""
    return SequenceMatcher(None, whole.text[:len(start.text)], start.text, autojunk=False).ratio()


def pair(reference: list[Task], read: list[Task]) -> list[tuple[Task, Task]]:
    """Reference and OCR'd tasks paired in order by the likeness of their text."""
    pairs: list[tuple[Task, Task]] = []
    start = 0
    for ref in reference:
        window = read[start: start + _LOOK_AHEAD]
        likeness = [_likeness(ref, t) for t in window]
        if likeness and max(likeness) >= _SAME_TASK:
            best = likeness.index(max(likeness))
            pairs.append((ref, window[best]))
            start += best + 1
    return pairs


def score(name: str, pages: int, reference: list[Task], read: list[Task], left_out: list[Task],
          seconds: float) -> Score:
    """`left_out`: reference tasks running past the scanned pages; OCR'd tasks like them are
    neither paired nor counted."""
    out = Score(name, pages, reference=len(reference), seconds=seconds)
    partial = {id(max(read, key=lambda t: _start_likeness(ref, t))) for ref in left_out
               if read and max(_start_likeness(ref, t) for t in read) >= _SAME_TASK}
    kept = [t for t in read if id(t) not in partial]
    out.read = len(kept)
    pairs = pair(reference, kept)
    out.paired = len(pairs)
    for ref, got in pairs:
        for name_ in FIELDS:
            if getattr(ref, name_) == getattr(got, name_):
                out.exact[name_] += 1
            else:
                out.wrong.append((ref.id, name_, getattr(ref, name_), getattr(got, name_)))
        out.chars += len(ref.text)
        out.errors += distance(ref.text, got.text)
    paired = {id(ref) for ref, _ in pairs}
    out.misses = [ref.id for ref in reference if id(ref) not in paired]
    taken = {id(got) for _, got in pairs}
    out.extra = [f"{t.id} {t.text[:30]}" for t in kept if id(t) not in taken]
    return out


def first_pages(data: bytes, pages: int) -> bytes:
    """A PDF of the first `pages` pages of `data`."""
    import io

    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(data)
    cut = pdfium.PdfDocument.new()
    cut.import_pages(source, list(range(min(pages, len(source)))))
    out = io.BytesIO()
    cut.save(out)
    cut.close()
    source.close()
    return out.getvalue()


def same(a: Task, b: Task) -> bool:
    return all(getattr(a, f) == getattr(b, f) for f in FIELDS)


def measure(scan_name: str, data: bytes, text: Path, digital: Path, pages: int) -> Score:
    """The reference: the text version's tasks that the born-digital PDF cut after `pages`
    pages gives whole (as the full PDF gives them); the one it gives cut short is left out."""
    text_version = extract_text(read_source(text))
    truth = text_version.tasks
    born = extract_text(read_source(digital)).tasks
    assert [t.id for t in truth] == [t.id for t in born], f"{digital.name} does not give {text.name}'s tasks"
    cut = extract_text(read_data(first_pages(digital.read_bytes(), pages), digital.name)).tasks
    reference = [t for t, b, c in zip(truth, born, cut, strict=False) if same(b, c)]
    left_out = [t for t, b, c in zip(truth, born, cut, strict=False) if not same(b, c)]
    start, cpu = time.perf_counter(), _cpu()
    result = extract_text(read_data(data, scan_name))
    seconds = time.perf_counter() - start
    assert all(t.ocr for t in result.tasks)
    out = score(scan_name, pages, reference, result.tasks, left_out, seconds)
    out.cpu = _cpu() - cpu
    out.document = [f for f in DOCUMENT if getattr(result.document, f) != getattr(text_version.document, f)]
    return out


def _cpu() -> float:
    """Processor seconds of this process and of the child processes it has waited for."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def fixtures(full: bool) -> list[tuple[str, bytes, Path, Path]]:
    out = []
    for scan in sorted(FORMATS.glob("*-scan.pdf")):
        key = scan.name.removesuffix("-scan.pdf")
        digital, text = FORMATS / f"{key}.pdf", CORPUS / f"{key}.txt"
        if full:
            out.append((f"{key}-scan-all.pdf", full_scan(key), text, digital))
        else:
            out.append((scan.name, scan.read_bytes(), text, digital))
    return out


def full_scan(key: str) -> bytes:
    """Every page of the born-digital PDF scanned as make_scans.py scans the fixture's pages."""
    import dataclasses
    import tempfile

    sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
    import make_scans

    scan = next(s for s in make_scans.SCANS if s.source == f"{key}.pdf")
    with tempfile.TemporaryDirectory() as tmp:
        path = make_scans.make(dataclasses.replace(scan, pages=10_000), Path(tmp))
        return path.read_bytes()


def table(scores: list[Score]) -> str:
    head = ["scan", "pages", "reference tasks", "tasks read", "recall", "unpaired",
            *FIELDS, "text chars", "document fields wrong", "s/page", "CPU s/page"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for s in scores:
        cells = [s.name, str(s.pages), str(s.reference), str(s.read), f"{s.recall:.0%}", str(s.unpaired),
                 *(f"{s.rate(f):.0%}" for f in FIELDS), f"{s.char_accuracy:.1%}", ", ".join(s.document) or "none",
                 f"{s.seconds / s.pages:.1f}", f"{s.cpu / s.pages:.1f}"]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="scan every page of the born-digital PDFs first")
    parser.add_argument("--scan", type=Path, help="a scanned PDF of the first pages of --digital")
    parser.add_argument("--text", type=Path, help="the text version of its table")
    parser.add_argument("--digital", type=Path, help="the born-digital PDF it was scanned from")
    parser.add_argument("--misses", action="store_true", help="list the reference tasks not paired, and each "
                        "field read wrong")
    args = parser.parse_args()
    if args.scan:
        todo = [(args.scan.name, args.scan.read_bytes(), args.text, args.digital)]
    else:
        todo = fixtures(args.full)
    scores = [measure(name, data, text, digital, page_count(data)) for name, data, text, digital in todo]
    print(table(scores))
    if args.misses:
        for s in scores:
            print(f"{s.name}: not paired: {', '.join(s.misses) or 'none'}; read, pairing with none: "
                  f"{'; '.join(s.extra) or 'none'}")
            for task_id, name, want, got in s.wrong:
                print(f"  {task_id} {name}: {want!r} -> {got!r}")


if __name__ == "__main__":
    main()
