"""Every exported table and column, named once: the writers and the codebook both read these.

A column's `type` is one of
- text: a string (empty cell / missing where absent);
- integer: a whole number (missing where absent);
- number: a decimal number (missing where absent);
- flag: 0 or 1;
- category: one of a few values (`values`, and any other the data holds, after them), written
  to Stata with value labels;
- list: several texts. JSON keeps an array; CSV, Parquet and Stata join the values with
  `LIST_SEPARATOR` (a `;` inside a value is written as the full-width `；`), and a long
  table holds the same values one row each (`long_table`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.resolve.units import UNIT_TYPES

__all__ = ["Column", "Table", "TABLES", "LIST_SEPARATOR", "COMMANDS", "table"]

LIST_SEPARATOR = ";"  # in no Chinese name or COFOG label (which use 、, 和, 与)
TYPES = ("text", "integer", "number", "flag", "category", "list")
LISTS = ("main", "livelihood", "creation")
# names Stata keeps for itself (a column named so would be renamed in the .dta file)
STATA_RESERVED = frozenset((
    "aggregate", "array", "boolean", "break", "byte", "case", "catch", "class", "colvector", "complex", "const",
    "continue", "default", "delegate", "delete", "do", "double", "else", "eltypedef", "end", "enum", "explicit",
    "export", "external", "float", "for", "friend", "function", "global", "goto", "if", "inline", "int", "local",
    "long", "NULL", "pragma", "protected", "quad", "rowvector", "short", "typedef", "typename", "virtual", "_all",
    "_N", "_skip", "_b", "_pi", "in", "_pred", "strL", "_coef", "_rc", "using", "_cons", "_se", "with", "_n",
))


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # at most 32 characters, a Stata variable name
    type: str
    meaning: str
    source: str
    values: tuple[str, ...] = ()  # a category's values, in order
    long_table: str | None = None  # a list's one-row-per-value table

    def __post_init__(self) -> None:
        if self.type not in TYPES or len(self.name) > 32 or not self.name.isidentifier() \
                or self.name in STATA_RESERVED:
            raise ValueError(f"bad column {self.name}: {self.type}")


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    description: str
    row: str  # what one row is
    key: tuple[str, ...]
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: str, meaning: str, source: str, **kw: object) -> Column:
    return Column(name, type_, meaning, source, **kw)  # type: ignore[arg-type]


_COUNTY = (
    _c("county", "text", "county name as the document states it (e.g. 古县)", "document record `county`"),
    _c("admin_code", "text", "GB/T 2260 code of the county (six digits; missing when the gazetteer does not "
       "know the county)", "shipped gazetteer kg/data/gazetteer.csv"),
)
_ROLE = _c("role", "category", "lead: the unit leads the task (牵头单位); co: it assists (配合/责任单位)",
           "task record `lead_units` / `co_units`", values=("lead", "co"))
_UNIT_KIND = _c("unit_kind", "category", "unit: one body; group: a collective mention (各乡镇人民政府…)",
                "kg entities", values=("unit", "group"))

TASKS = Table(
    "tasks", "One row per task of every document in the build.", "a task", ("task_iri",), (
        _c("task_iri", "text", "stable identifier of the task (county code, document, task number)",
           "kg.ontology.iris"),
        *_COUNTY,
        _c("province", "text", "province", "shipped gazetteer"),
        _c("prefecture", "text", "prefecture-level city", "shipped gazetteer"),
        _c("year", "integer", "year of the document", "document record `year`"),
        _c("document", "text", "file name of the source document", "document record `doc`"),
        _c("task_id", "text", "the document's own task number (8.3: row 8, item （三）)", "task record `id`"),
        _c("list", "category", "main (重点任务), livelihood (民生实事) or creation (创建任务)", "task record `list`",
           values=LISTS),
        _c("section", "text", "thematic heading the task stands under", "task record `section`"),
        _c("subsection", "text", "lead phrase of a report paragraph (prose reports only)",
           "task record `subsection`"),
        _c("text", "text", "the task as written", "task record `text`"),
        _c("leaders", "list", "leaders responsible for the task (分管/包抓/责任领导)", "task record `leaders`",
           long_table="task_leaders"),
        _c("lead_units", "list", "units and groups leading the task, as resolved entities (names as in `units`)",
           "task record `lead_units`, resolved by kg entities", long_table="task_units"),
        _c("co_units", "list", "units and groups assisting the task and not leading it",
           "task record `co_units`, resolved by kg entities", long_table="task_units"),
        _c("deadline", "text", "deadline as written", "task record `deadline`"),
        _c("targets", "list", "indicator ids of the task's targets (see `targets`)", "task record `targets`"),
        _c("inferred_units", "list", "units guessed from the text where a report names none (never stated "
           "responsibility)", "task record `inferred_units`, unit-function lexicon"),
        _c("n_leaders", "integer", "number of leaders", "count of `leaders`"),
        _c("n_lead_units", "integer", "number of lead units and groups", "count of `lead_units`"),
        _c("n_co_units", "integer", "number of co-units and groups", "count of `co_units`"),
        _c("line_start", "integer", "first line of the task in the source document", "task record `source`"),
        _c("line_end", "integer", "last line of the task in the source document", "task record `source`"),
    ))

TASK_UNITS = Table(
    "task_units", "One row per task and unit (or group) that leads or assists it: `lead_units` and "
    "`co_units` of `tasks`, one value a row.", "a task × a unit in one role", ("task_iri", "unit_iri"), (
        _c("task_iri", "text", "the task (key of `tasks`)", "kg.ontology.iris"),
        *_COUNTY,
        _c("task_id", "text", "the document's own task number", "task record `id`"),
        _ROLE,
        _c("unit", "text", "the unit's canonical name", "kg entities"),
        _UNIT_KIND,
        _c("unit_iri", "text", "the unit (key of `units`)", "kg.ontology.iris"),
    ))

TASK_LEADERS = Table(
    "task_leaders", "One row per task and responsible leader: `leaders` of `tasks`, one value a row.",
    "a task × a leader", ("task_iri", "leader_iri"), (
        _c("task_iri", "text", "the task (key of `tasks`)", "kg.ontology.iris"),
        *_COUNTY,
        _c("task_id", "text", "the document's own task number", "task record `id`"),
        _c("leader", "text", "the leader's name", "task record `leaders`"),
        _c("leader_iri", "text", "the leader (key of `leaders`)", "kg.ontology.iris"),
    ))

_FUNCTION = (
    _c("function_code", "text", "COFOG code of the unit's function of government (e.g. 04.2)",
       "kg/data/unit_aliases.tsv and the resolution rules"),
    _c("function_label_zh", "text", "the function's Chinese label", "kg/ontology/cofog.tsv"),
    _c("function_label_en", "text", "the function's English (COFOG) label", "kg/ontology/cofog.tsv"),
)

UNITS = Table(
    "units", "One row per resolved unit or group of units of a county.", "a unit or group", ("unit_iri",), (
        _c("unit_iri", "text", "stable identifier of the unit", "kg.ontology.iris"),
        *_COUNTY,
        _c("name", "text", "canonical name (one entity per body, whatever the spelling)", "kg entities"),
        _UNIT_KIND,
        _c("type", "category", "kind of body", "kg entities",
           values=UNIT_TYPES),
        *_FUNCTION,
        _c("aliases", "list", "every spelling the documents use for it", "task records, kg entities"),
        _c("lead_tasks", "integer", "tasks it leads", "LEADS relationships"),
        _c("co_tasks", "integer", "tasks it assists", "ASSISTS relationships"),
        _c("leaders", "list", "leaders supervising it (responsible for tasks it leads)", "SUPERVISES relationships"),
        _c("partners", "integer", "other units it shares a task with (degree in the coordination network; "
           "0 for groups)", "COORDINATES_WITH relationships"),
        _c("shared_tasks", "integer", "sum over its partners of the tasks shared (weighted degree)",
           "COORDINATES_WITH `shared_tasks`"),
    ))

LEADERS = Table(
    "leaders", "One row per leader of a county.", "a leader", ("leader_iri",), (
        _c("leader_iri", "text", "stable identifier of the leader (county and name)", "kg.ontology.iris"),
        *_COUNTY,
        _c("name", "text", "the leader's name (titles removed)", "task record `leaders`"),
        _c("roles", "list", "titles the documents give (常务副县长…)", "task record `leader_roles`"),
        _c("tasks", "integer", "tasks the leader is responsible for", "RESPONSIBLE_FOR relationships"),
        _c("units", "integer", "units supervised (leading the leader's tasks)", "SUPERVISES relationships"),
        _c("groups", "integer", "groups of units supervised", "SUPERVISES relationships"),
        _c("functions", "integer", "distinct functions of government of the units and groups supervised",
           "SUPERVISES, unit functions"),
        _c("function_codes", "list", "their COFOG codes, in code order", "kg/ontology/cofog.tsv",
           long_table="leader_units"),
        _c("function_labels_zh", "list", "their Chinese labels, in the order of `function_codes`",
           "kg/ontology/cofog.tsv"),
        _c("function_labels_en", "list", "their English labels, in the order of `function_codes`",
           "kg/ontology/cofog.tsv"),
    ))

LEADER_UNITS = Table(
    "leader_units", "One row per leader and unit (or group) the leader supervises: the portfolio network.",
    "a leader × a unit", ("leader_iri", "unit_iri"), (
        _c("leader_iri", "text", "the leader (key of `leaders`)", "kg.ontology.iris"),
        *_COUNTY,
        _c("leader", "text", "the leader's name", "task record `leaders`"),
        _c("unit", "text", "the unit's canonical name", "kg entities"),
        _UNIT_KIND,
        _c("unit_iri", "text", "the unit (key of `units`)", "kg.ontology.iris"),
        _c("tasks", "integer", "tasks of the leader this unit leads (the edge's weight)", "SUPERVISES `tasks`"),
        *_FUNCTION,
    ))

TARGETS = Table(
    "targets", "One row per numeric or relative target a document sets.", "a target", ("target_iri",), (
        _c("target_iri", "text", "stable identifier of the target", "kg.ontology.iris"),
        *_COUNTY,
        _c("year", "integer", "year of the document", "document record `year`"),
        _c("document", "text", "file name of the source document", "document record `doc`"),
        _c("task_iri", "text", "the task it belongs to (key of `tasks`; missing outside any task)",
           "target record `task`"),
        _c("task_id", "text", "that task's number", "target record `task`"),
        _c("metric", "text", "indicator id of the SKOS vocabulary (kg/ontology/indicators.ttl), or other",
           "target record `metric`"),
        _c("metric_label_zh", "text", "the indicator's Chinese label", "kg/ontology/indicators.ttl"),
        _c("metric_label_en", "text", "the indicator's English label", "kg/ontology/indicators.ttl"),
        _c("metric_text", "text", "the phrase as written", "target record `metric_text`"),
        _c("value", "number", "the number (missing for a relative target)", "target record `value`"),
        _c("value_max", "number", "upper end of a range", "target record `value_max`"),
        _c("unit", "text", "unit of the value (%, 亿元, 个百分点…)", "target record `unit`"),
        _c("kind", "category", "growth, level or count", "target record `kind`",
           values=("growth", "level", "count")),
        _c("modifier", "category", "point, around (左右), at_least (以上), at_most (以内), range, or relative "
           "(与经济增长基本同步: see `relative`)", "target record `modifier`",
           values=("point", "around", "at_least", "at_most", "range", "relative")),
        _c("relative", "text", "the text of a relative target", "target record `relative`"),
        _c("hedge", "text", "hedge word (力争, 确保…)", "target record `hedge`"),
        _c("headline", "flag", "1 if one of the county's headline targets for the year",
           "target record `headline` (kg/targets/headline.py)"),
        _c("quote", "text", "the sentence the target was read from", "target record `quote`"),
        _c("line", "integer", "line in the source document", "target record `line`"),
    ))

EDGES = Table(
    "edges", "The coordination network as an edge list: two units of a county linked when both lead or assist "
    "the same task, weighted by how many (groups are not units and are left out).", "a pair of units",
    ("unit_a_iri", "unit_b_iri"), (
        *_COUNTY,
        _c("unit_a", "text", "one unit's canonical name (the one that sorts first)", "kg entities"),
        _c("unit_b", "text", "the other unit's canonical name", "kg entities"),
        _c("shared_tasks", "integer", "tasks both lead or assist: the edge's weight", "COORDINATES_WITH"),
        _c("unit_a_iri", "text", "unit_a (key of `units`)", "kg.ontology.iris"),
        _c("unit_b_iri", "text", "unit_b (key of `units`)", "kg.ontology.iris"),
    ))

DOCUMENTS = Table(
    "documents", "One row per source document in the build.", "a document", ("document_iri",), (
        _c("document_iri", "text", "stable identifier of the document", "kg.ontology.iris"),
        _c("document", "text", "file name", "document record `doc`"),
        *_COUNTY,
        _c("province", "text", "province", "shipped gazetteer"),
        _c("prefecture", "text", "prefecture-level city", "shipped gazetteer"),
        _c("year", "integer", "year", "document record `year`"),
        _c("title", "text", "title as written", "document record `title`"),
        _c("issuer", "text", "issuing body", "document record `issuer`"),
        _c("doc_number", "text", "document number (文号)", "document record `doc_number`"),
        _c("layout", "text", "the layout govkg read it as (kg layouts)", "document record `layout`"),
        _c("sha256", "text", "SHA-256 of the file's bytes: which version of the document", "document record `sha256`"),
        _c("tasks", "integer", "tasks read from it", "task records"),
    ))

TABLES: dict[str, Table] = {t.name: t for t in (TASKS, TASK_UNITS, TASK_LEADERS, UNITS, LEADERS, LEADER_UNITS,
                                                 TARGETS, EDGES, DOCUMENTS)}

# `kg export NAME` -> the tables it writes (a table with list columns brings its long companions)
COMMANDS: dict[str, tuple[str, ...]] = {
    "tasks": ("tasks", "task_units", "task_leaders"),
    "units": ("units",),
    "leaders": ("leaders", "leader_units"),
    "targets": ("targets",),
    "edges": ("edges",),
    "documents": ("documents",),
    "all": tuple(TABLES),
}


def table(name: str) -> Table:
    return TABLES[name]
