"""Matching the tasks of two documents: two versions of one document (`kg diff`), or one
government's documents of consecutive years (a task's lineage, materialised in the graph).

A task keeps its number across versions unless the table was renumbered, and keeps most of
its words across years unless it was rewritten. So tasks are paired in three passes, each over
what the earlier ones left:

1. the same text (whitespace aside): the same task, whatever its number;
2. the same number in the same list, with at least `ID_MIN` of the text in common;
3. the most similar text, at least `TEXT_MIN` in common, best pairs first.

Similarity is RapidFuzz's normalised Indel similarity (`fuzz.ratio`) of the two texts, character
by character, which suits Chinese: 1.0 for the same text, 0.5 when half the characters
of the two texts are in common. Each task is paired at most once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from kg.model import Task

__all__ = ["ID_MIN", "TEXT_MIN", "Matching", "Pair", "match_tasks", "normal_text", "similarity", "task_ids"]

# the same number: the same task if at least half of its text is still there (a rewritten task
# keeps its number); below that, a table renumbered in between gave the number to another task
ID_MIN = 0.5
# another number: the same task only if most of its text is the same
TEXT_MIN = 0.6


@dataclass(frozen=True, slots=True)
class Pair:
    old: int  # index into the old tasks
    new: int  # index into the new tasks
    by: str  # "id": the same number (and list); "text": another number, the same or similar text
    similarity: float  # 0..1

    @property
    def same_text(self) -> bool:
        return self.similarity == 1.0


@dataclass(slots=True)
class Matching:
    pairs: list[Pair] = field(default_factory=list)  # in the new tasks' order
    removed: list[int] = field(default_factory=list)  # old tasks nothing new continues
    added: list[int] = field(default_factory=list)  # new tasks that continue nothing


def normal_text(text: str) -> str:
    """The text compared: without whitespace (line breaks of a cell, padding)."""
    return "".join(text.split())


def similarity(a: str, b: str) -> float:
    return fuzz.ratio(normal_text(a), normal_text(b)) / 100.0


def task_ids(tasks: Sequence[Task]) -> list[tuple[str, str, int]]:
    """Each task's number as matched: (list, number, which repeat of that number)."""
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for task in tasks:
        seen[(task.list, task.id)] += 1
        out.append((task.list, task.id, seen[(task.list, task.id)]))
    return out


def match_tasks(old: Sequence[Task], new: Sequence[Task]) -> Matching:
    """Pair the old tasks with the new ones (see the module's docstring)."""
    old_texts = [normal_text(t.text) for t in old]
    new_texts = [normal_text(t.text) for t in new]
    old_ids, new_ids = task_ids(old), task_ids(new)
    paired: dict[int, Pair] = {}  # new index -> pair
    used_old: set[int] = set()

    def pair(i: int, j: int, score: float) -> None:
        paired[j] = Pair(i, j, "id" if old_ids[i] == new_ids[j] else "text", score)
        used_old.add(i)

    # 1. the same text; among several, the one with the same number first
    by_text: dict[str, list[int]] = {}
    for j, text in enumerate(new_texts):
        by_text.setdefault(text, []).append(j)
    for i, text in enumerate(old_texts):
        free = [j for j in by_text.get(text, ()) if j not in paired]
        if free:
            pair(i, next((j for j in free if new_ids[j] == old_ids[i]), free[0]), 1.0)
    # 2. the same number, enough text in common
    new_by_id = {key: j for j, key in enumerate(new_ids)}
    for i, key in enumerate(old_ids):
        same = new_by_id.get(key)
        if i in used_old or same is None or same in paired:
            continue
        score = fuzz.ratio(old_texts[i], new_texts[same], score_cutoff=ID_MIN * 100) / 100.0
        if score >= ID_MIN:
            pair(i, same, score)
    # 3. the most similar text, best pairs first (ties: document order)
    rest_new = [j for j in range(len(new)) if j not in paired]
    if rest_new:
        choices = [new_texts[j] for j in rest_new]
        candidates: list[tuple[float, int, int]] = []
        for i in range(len(old)):
            if i in used_old:
                continue
            for _, score, k in process.extract(old_texts[i], choices, scorer=fuzz.ratio, limit=None,
                                               score_cutoff=TEXT_MIN * 100):
                candidates.append((-score, i, rest_new[k]))
        for neg, i, j in sorted(candidates):
            if i not in used_old and j not in paired:
                pair(i, j, -neg / 100.0)
    return Matching(pairs=[paired[j] for j in sorted(paired)],
                    removed=[i for i in range(len(old)) if i not in used_old],
                    added=[j for j in range(len(new)) if j not in paired])
