"""The shipped indicator vocabulary (kg/ontology/indicators.ttl) as plain Python.

`load_vocabulary()` parses the SKOS file once and returns a `Vocabulary`:
concepts by id (the skos:notation), and every Chinese label (prefLabel and altLabels)
pointing at its concept. The same labels make jieba's user dictionary, so a metric phrase
such as 规上工业增加值 is one token and its neighbours show whether it is the head of the
phrase (固定资产投资 in 固定资产投资到位资金 is not).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

SCHEME = "https://govkg.org/id/indicator"
NAMESPACE = "https://govkg.org/id/indicator/"
GKO = "https://govkg.org/ontology#"
TTL = Path(__file__).resolve().parent.parent / "ontology" / "indicators.ttl"


@dataclass(slots=True)
class Concept:
    id: str
    iri: str
    label_zh: str
    label_en: str
    aliases: list[str]
    definition: str
    headline: bool = False  # may be one of a county's main expected targets
    core: bool = False  # always a headline-table column
    percent_kind: str | None = None  # kind of a bare percentage ("growth" / "level")
    rank: int = 1000
    direction: str | None = None  # "ceiling": lower is better (prices, unemployment)

    @property
    def labels(self) -> list[str]:
        return [self.label_zh, *self.aliases]


@dataclass(slots=True)
class Vocabulary:
    concepts: dict[str, Concept]
    # normalised label -> concept id
    labels: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.concepts)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self.concepts

    def __getitem__(self, concept_id: str) -> Concept:
        return self.concepts[concept_id]

    def lookup(self, phrase: str) -> str | None:
        """The concept whose label is exactly `phrase` (after normalisation), if any."""
        return self.labels.get(normalise_label(phrase))

    def ordered(self) -> list[Concept]:
        return sorted(self.concepts.values(), key=lambda c: (c.rank, c.id))

    def headline_ids(self) -> set[str]:
        return {c.id for c in self.concepts.values() if c.headline}

    def core_ids(self) -> list[str]:
        return [c.id for c in self.ordered() if c.core]

    def jieba_userdict(self) -> list[str]:
        """Lines of a jieba user dictionary (`word freq tag`) holding every label."""
        return [f"{label} 100000 nz" for label in sorted(self.labels)]


def _label_table() -> dict[int, str | None]:
    dropped = " \t\u3000“”\"'‘’「」『』《》〈〉"
    table: dict[int, str | None] = {ord(ch): None for ch in dropped}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        ch = chr(code - 0xFEE0)
        table[code] = None if ch in dropped else ch.upper()
    table.update({code: chr(code).upper() for code in range(ord("a"), ord("z") + 1)})
    return table


_LABEL_TABLE = _label_table()


def normalise_label(text: str) -> str:
    """Labels and phrases compare without quotes, spaces and full-width letters."""
    return text.translate(_LABEL_TABLE)


@functools.lru_cache(maxsize=4)
def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    # pyoxigraph, not rdflib: every extraction process reads this file on start
    import pyoxigraph as ox

    skos = "http://www.w3.org/2004/02/skos/core#"
    facts: dict[str, dict[str, list[object]]] = {}
    for triple in ox.parse(path=str(path or TTL), format=ox.RdfFormat.TURTLE):
        facts.setdefault(triple.subject.value, {}).setdefault(triple.predicate.value, []).append(triple.object)

    def literal(subject: str, predicate: str, lang: str | None) -> list[str]:
        return sorted(
            o.value for o in facts[subject].get(predicate, ())
            if isinstance(o, ox.Literal) and (lang is None or o.language == lang)
        )

    def value(subject: str, predicate: str) -> object:
        found = facts[subject].get(predicate)
        return found[0].value if found else None  # type: ignore[attr-defined]

    in_scheme = [s for s, props in facts.items()
                 if any(getattr(o, "value", None) == SCHEME for o in props.get(skos + "inScheme", ()))]
    concepts: dict[str, Concept] = {}
    for subject in in_scheme:
        iri = subject
        notation = literal(subject, skos + "notation", None)
        cid = notation[0] if notation else iri.rsplit("/", 1)[-1]
        pref_zh = literal(subject, skos + "prefLabel", "zh")
        pref_en = literal(subject, skos + "prefLabel", "en")
        definition = literal(subject, skos + "definition", "en") or literal(subject, skos + "definition", "zh")
        percent = literal(subject, GKO + "percentKind", None)
        rank = literal(subject, GKO + "displayRank", None)
        direction = literal(subject, GKO + "direction", None)
        concepts[cid] = Concept(
            id=cid,
            iri=iri,
            label_zh=pref_zh[0] if pref_zh else cid,
            label_en=pref_en[0] if pref_en else cid,
            aliases=literal(subject, skos + "altLabel", "zh"),
            definition=definition[0] if definition else "",
            headline=_true(value(subject, GKO + "headlineIndicator")),
            core=_true(value(subject, GKO + "coreIndicator")),
            percent_kind=percent[0] if percent else None,
            rank=int(rank[0]) if rank else 1000,
            direction=direction[0] if direction else None,
        )
    vocab = Vocabulary(concepts=concepts)
    for concept in vocab.ordered():
        for label in concept.labels:
            key = normalise_label(label)
            other = vocab.labels.setdefault(key, concept.id)
            if other != concept.id:
                raise ValueError(f"{path or TTL}: label {label} names both {other} and {concept.id}")
    return vocab


def _true(value: object) -> bool:
    return value is not None and str(value).lower() in ("true", "1")
