"""Indicators and targets: Task –TARGETS→ Indicator.

    find_targets(text, doc=…, county=…, task=…, line=…)  targets in one text
    targets_for(extraction, lines=None)                  targets of a document; sets
                                                         `headline` and fills task.targets
    headline_table(extractions)                          county × metric rows (HEADLINE_COLUMNS),
                                                         unset metrics as status "absent"
    actuals_for(extraction, lines)                       achieved values a report's review states
    ledger(extractions)                                  government × indicator × year: target,
                                                         achieved value, met, amplification
    load_vocabulary()                                    kg/ontology/indicators.ttl as Python

The indicator vocabulary is SKOS (kg/ontology/indicators.ttl); metric phrases are
matched against it with jieba (user dictionary from the vocabulary) or plain regex
(`method="regex"`), see bench/targets_accuracy.py for how the two compare.
"""

from kg.ontology.indicators import Concept, Vocabulary, load_vocabulary
from kg.targets.actuals import actuals_for
from kg.targets.finder import find_targets, scan_targets
from kg.targets.headline import (
    HEADLINE_COLUMNS,
    HEADLINE_CUE,
    HEADLINE_SECTION,
    headline_table,
    targets_for,
    with_targets,
)
from kg.targets.ledger import LEDGER_COLUMNS, ledger
from kg.targets.metric import DEFAULT_METHOD, METHODS

__all__ = [
    "find_targets", "scan_targets", "targets_for", "with_targets", "headline_table", "HEADLINE_COLUMNS",
    "HEADLINE_CUE", "HEADLINE_SECTION", "load_vocabulary", "Concept", "Vocabulary",
    "DEFAULT_METHOD", "METHODS", "actuals_for", "ledger", "LEDGER_COLUMNS",
]
