"""The canonical in-memory model that every stage after extraction reads.

Plain dataclasses: cheap at national scale, and each serialises to the JSON record
`kg extract` prints (see `to_record`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

LISTS = ("main", "livelihood", "creation")
# Task has a field named `list`; inside its class body these names stay the builtin's
Names = list[str]
Inferred = list["InferredUnit"]


@dataclass(slots=True)
class Source:
    """1-based, inclusive input lines a record was read from; for a Word, Excel, PDF or web
    file (whose lines are those of its linearised text) also where the record stands in the
    original file. Each of those keys is set only where the format has it."""

    line_start: int
    line_end: int
    sheet: str | None = None  # Excel sheet
    table: int | None = None  # 1-based table of a Word file or web page
    row: int | None = None  # first row (of the table; of the sheet in Excel's numbering)
    row_end: int | None = None  # last row, when the record spans several
    column: int | None = None  # 1-based column of the cell holding the task text
    page: int | None = None  # PDF page
    page_end: int | None = None  # last page, when the record runs onto the next
    page_line: int | None = None  # line on the page, top to bottom
    paragraph: int | None = None  # paragraph outside tables (Word, web page)


SOURCE_FILE_KEYS = ("sheet", "table", "row", "row_end", "column", "page", "page_end", "page_line", "paragraph")


def source_record(src: Source) -> dict[str, Any]:
    rec: dict[str, Any] = {"line_start": src.line_start, "line_end": src.line_end}
    for key in SOURCE_FILE_KEYS:
        value = getattr(src, key)
        if value is not None:
            rec[key] = value
    return rec


@dataclass(slots=True)
class InferredUnit:
    """A lead unit guessed from the task text (prose reports name none)."""

    unit: str
    confidence: float
    evidence: str


@dataclass(slots=True)
class Task:
    doc: str
    county: str | None
    id: str
    list: str
    section: str | None
    text: str
    leaders: Names
    lead_units: Names
    co_units: Names
    deadline: str | None
    source: Source
    # name -> title where the row or heading states one (e.g. {"李晶": "常务副县长"})
    leader_roles: dict[str, str] = field(default_factory=dict)
    subsection: str | None = None
    inferred_units: Inferred = field(default_factory=lambda: [])
    terms: Names = field(default_factory=lambda: [])
    targets: Names = field(default_factory=lambda: [])
    ocr: bool = False  # read from page images by OCR: check it against the scan
    government: str | None = None  # the document's government at any level (国务院, 山西省, 古县)
    year: int | None = None  # the document's plan year


@dataclass(slots=True)
class Target:
    doc: str
    county: str | None
    task: str | None
    metric: str
    metric_text: str
    value: float | None
    value_max: float | None
    unit: str | None
    kind: str
    modifier: str
    relative: str | None
    hedge: str | None
    headline: bool
    quote: str
    line: int
    # added for the target ledger (docs/targets-ledger.md); at the end, so older keys keep their order
    government: str | None = None  # the document's government at any level (国务院, 山西省, 古县)
    year: int | None = None  # the year the target is for (the plan year, or 到2025年…)
    lower: float | None = None  # numeric bounds from the wording (kg/targets/bounds.py)
    upper: float | None = None
    hardness: str | None = None  # binding | soft | aspirational | none
    absent_reason: str | None = None  # the quoted reason of an explicitly absent target


@dataclass(slots=True)
class Actual:
    """A value a report's review states as achieved (`国内生产总值增长6.6%`), for the ledger."""

    doc: str
    county: str | None
    government: str | None
    year: int | None  # the (last) year the value is for: the report's year − 1 in a one-year review
    period: str | None  # "2013-2017" for a value over several years (年均, 五年来); None for one year
    metric: str
    metric_text: str
    value: float
    unit: str | None
    kind: str  # growth | reduction | level | count
    modifier: str  # point | around | over | at_least | at_most | nearly
    modifier_text: str | None  # as written: 超过, 左右, 以上, 首次突破, 近…
    quote: str
    line: int


@dataclass(slots=True)
class Review:
    """A part of a report that reviews past years; read for `Actual`s, not for tasks.
    Not a record: the layout hands it to the targets stage."""

    heading: str
    source: Source
    years: int  # how many years it reviews (1, or 5 for 过去五年工作回顾)


@dataclass(slots=True)
class Term:
    doc: str
    county: str | None
    term: str
    definition: str
    line: int


@dataclass(slots=True)
class Anomaly:
    doc: str
    line: int
    kind: str
    message: str


@dataclass(slots=True)
class Document:
    doc: str
    county: str | None
    province: str | None
    prefecture: str | None
    admin_code: str | None
    year: int | None
    title: str | None
    layout: str
    tasks: int = 0
    issuer: str | None = None
    doc_number: str | None = None
    # roles a document states outside task rows ("翟纪亭县长对各项目标任务全面负责")
    leader_roles: dict[str, str] = field(default_factory=dict)
    # portfolio sentences under a leader heading ("负责交通、生态环境…")
    leader_duties: dict[str, str] = field(default_factory=dict)
    delivered: str | None = None
    speaker: dict[str, str] | None = None
    skipped_lines: int = 0
    kind: str = "tasks"  # "tasks" (a decomposition table) or "report" (the work report itself)
    sha256: str | None = None  # of the file's bytes: which version of the document this is
    # the government whose document this is, at any level (kg.extract.government); `county`
    # above is set for a county-level government only
    government: str | None = None  # 国务院, 山西省, 运城市, 古县
    level: str | None = None  # national | province | prefecture | county
    parent: str | None = None  # the government directly above (国务院 above a province)
    parent_code: str | None = None  # its GB/T 2260 code (none for the State Council)


@dataclass(slots=True)
class Extraction:
    """Everything read from one document."""

    document: Document
    tasks: list[Task] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    actuals: list[Actual] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)  # not records; see Review


def task_record(t: Task, *, plain: bool = True) -> dict[str, Any]:
    """A task's record, `type` first; prose-only fields (subsection, inferred_units, terms) only
    where they carry something. `plain=False` leaves `inferred_units` as dataclasses,
    which orjson writes as the same objects (kg.output.jsonl)."""
    rec: dict[str, Any] = {"type": "task", "doc": t.doc, "county": t.county, "id": t.id, "list": t.list,
                           "section": t.section}
    if t.subsection:
        rec["subsection"] = t.subsection
    rec["text"] = t.text
    rec["leaders"] = t.leaders
    rec["leader_roles"] = t.leader_roles
    rec["lead_units"] = t.lead_units
    rec["co_units"] = t.co_units
    if t.inferred_units:
        rec["inferred_units"] = [
            {"unit": u.unit, "confidence": u.confidence, "evidence": u.evidence} for u in t.inferred_units
        ] if plain else t.inferred_units
    rec["deadline"] = t.deadline
    rec["targets"] = t.targets
    if t.terms:
        rec["terms"] = t.terms
    if t.ocr:
        rec["ocr"] = True
    rec["source"] = source_record(t.source)  # (a dict: the dataclass would print its unset keys as null)
    rec["government"] = t.government
    rec["year"] = t.year
    return rec


Record = Task | Target | Actual | Term | Anomaly | Document
_KINDS: dict[type, str] = {Target: "target", Actual: "actual", Term: "term", Anomaly: "anomaly",
                           Document: "document"}


def field_names(cls: type) -> tuple[str, ...]:
    """A model class's fields in declaration order: the columns of its records."""
    return tuple(f.name for f in fields(cls))


# (kind, field names, getter) per record class: one C call reads every field
_FIELDS = {cls: (kind, field_names(cls), attrgetter(*field_names(cls))) for cls, kind in _KINDS.items()}


def to_record(obj: Record) -> dict[str, Any]:
    """The JSON Lines record for one model object, `type` first."""
    if isinstance(obj, Task):
        return task_record(obj)
    kind, names, values = _FIELDS[type(obj)]
    rec = {"type": kind, **dict(zip(names, values(obj), strict=True))}
    if kind == "document":
        for name in ("delivered", "speaker", "leader_duties", "leader_roles"):
            if not rec[name]:
                del rec[name]
    return rec


def records(ex: Extraction) -> list[dict[str, Any]]:
    """All records of one document, the document first."""
    objs: list[Record] = [ex.document, *ex.tasks, *ex.targets, *ex.actuals, *ex.terms, *ex.anomalies]
    return [to_record(obj) for obj in objs]


def from_records(recs: list[dict[str, Any]]) -> list[Extraction]:
    """Rebuild extractions from `kg extract` records (a document record opens each)."""
    out: list[Extraction] = []
    for rec in recs:
        kind = rec.get("type")
        fields = {k: v for k, v in rec.items() if k != "type"}
        if kind == "document":
            known = set(field_names(Document))
            out.append(Extraction(document=Document(**{k: v for k, v in fields.items() if k in known})))
            continue
        if not out:
            raise ValueError(f"a {kind} record before any document record")
        ex = out[-1]
        if kind == "task":
            fields["source"] = Source(**fields["source"])
            fields["inferred_units"] = [InferredUnit(**u) for u in fields.get("inferred_units", [])]
            ex.tasks.append(Task(**fields))
        elif kind == "target":
            ex.targets.append(Target(**fields))
        elif kind == "actual":
            ex.actuals.append(Actual(**fields))
        elif kind == "term":
            ex.terms.append(Term(**fields))
        elif kind == "anomaly":
            ex.anomalies.append(Anomaly(**fields))
    return out
