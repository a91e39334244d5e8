"""The functions of government (COFOG, UN Classification of the Functions of Government) that
units serve: code -> (English label, Chinese label), from kg/ontology/cofog.tsv."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

__all__ = ["cofog_labels"]


@cache
def cofog_labels() -> dict[str, tuple[str, str]]:
    path = resources.files("kg.ontology").joinpath("cofog.tsv")
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return {r["code"]: (r["en"], r["zh"]) for r in rows}
