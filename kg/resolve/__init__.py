"""Entity resolution: units, groups and leaders become entities with stable identities.

One unit entity per real body per county, whatever the spelling; every surface form is
kept as an alias with where it was read. Collective mentions become groups. Leaders are
one entity per county and name; the units each supervises come from the tasks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.model import Document, Extraction, Task
from kg.ontology.functions import cofog_labels
from kg.ontology.iris import NATION_CODE
from kg.resolve.units import Resolved, resolve_unit

__all__ = ["Entities", "LeaderEntity", "ResolutionStats", "UnitEntity", "county_code", "resolve"]


def county_code(doc: Document) -> str:
    """The government's GB/T 2260 code, or its name when the gazetteer does not know it; the
    State Council's key is CN (kg.ontology.iris.NATION_CODE). Counties as before."""
    if doc.level == "national" and not doc.admin_code:
        return NATION_CODE
    return doc.admin_code or doc.county or doc.government or "unknown"


@dataclass(slots=True)
class UnitEntity:
    county: str | None
    code: str
    key: str
    name: str
    type: str
    function: str | None
    group: bool
    aliases: dict[str, list[str]] = field(default_factory=dict)  # surface form -> "doc:line"
    lead_tasks: int = 0
    co_tasks: int = 0
    known: bool = True

    @property
    def function_label(self) -> str | None:
        if self.function is None:
            return None
        en, zh = cofog_labels().get(self.function, ("", ""))
        return f"{zh} {en}".strip() or None

    @property
    def tasks(self) -> int:
        return self.lead_tasks + self.co_tasks


@dataclass(slots=True)
class LeaderEntity:
    county: str | None
    code: str
    name: str
    roles: list[str] = field(default_factory=list)
    units: Counter[str] = field(default_factory=Counter)  # unit key -> tasks supervised
    tasks: int = 0


@dataclass(slots=True)
class ResolutionStats:
    surface_forms: int = 0
    units: int = 0
    groups: int = 0
    merged: int = 0  # surface forms that joined an entity another spelling opened
    unresolved: list[str] = field(default_factory=list)  # placed by fallback rules only
    leaders: int = 0


@dataclass(slots=True)
class Entities:
    units: dict[tuple[str, str], UnitEntity] = field(default_factory=dict)  # (code, key)
    leaders: dict[tuple[str, str], LeaderEntity] = field(default_factory=dict)  # (code, name)
    stats: ResolutionStats = field(default_factory=ResolutionStats)

    def unit_for(self, code: str, surface: str, county: str | None) -> UnitEntity:
        return self.units[(code, resolve_unit(surface, county).key)]


def _add_unit(ents: Entities, code: str, county: str | None, surface: str, where: str) -> UnitEntity:
    res: Resolved = resolve_unit(surface, county)
    entity = ents.units.get((code, res.key))
    if entity is None:
        entity = UnitEntity(county, code, res.key, res.name, res.type, res.cofog, res.group,
                            known=res.known)
        ents.units[(code, res.key)] = entity
    entity.aliases.setdefault(surface, []).append(where)
    return entity


def _add_leader(ents: Entities, code: str, county: str | None, name: str) -> LeaderEntity:
    leader = ents.leaders.get((code, name))
    if leader is None:
        leader = LeaderEntity(county, code, name)
        ents.leaders[(code, name)] = leader
    return leader


def _add_role(leader: LeaderEntity, role: str | None) -> None:
    if role and role not in leader.roles:
        leader.roles.append(role)


def add_task(ents: Entities, doc: Document, task: Task) -> None:
    code = county_code(doc)
    where = f"{doc.doc}:{task.source.line_start}"
    leads = [_add_unit(ents, code, doc.county, u, where) for u in task.lead_units]
    for u in task.co_units:
        _add_unit(ents, code, doc.county, u, where).co_tasks += 1
    for unit in {id(u): u for u in leads}.values():
        unit.lead_tasks += 1
    for name in task.leaders:
        leader = _add_leader(ents, code, doc.county, name)
        leader.tasks += 1
        _add_role(leader, task.leader_roles.get(name))
        for unit in {u.key: u for u in leads}.values():
            leader.units[unit.key] += 1


def resolve(extractions: Iterable[Extraction]) -> Entities:
    ents = Entities()
    for ex in extractions:
        code = county_code(ex.document)
        for task in ex.tasks:
            add_task(ents, ex.document, task)
        for name, role in ex.document.leader_roles.items():
            _add_role(_add_leader(ents, code, ex.document.county, name), role)
        if ex.document.speaker and ex.document.speaker.get("name"):
            speaker = ex.document.speaker
            _add_role(_add_leader(ents, code, ex.document.county, speaker["name"]), speaker.get("role"))
    stats = ents.stats
    for entity in ents.units.values():
        stats.surface_forms += len(entity.aliases)
        stats.merged += len(entity.aliases) - 1
        if entity.group:
            stats.groups += 1
        else:
            stats.units += 1
        if not entity.known:
            stats.unresolved.append(f"{entity.county}:{entity.name}")
    stats.leaders = len(ents.leaders)
    return ents
