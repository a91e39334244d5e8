"""Every registered layout, on its example: detected as itself, tasks read, records round-trip
through JSON and `from_records`, and the document maps into a graph."""

from __future__ import annotations

import json

import pytest

from kg import extract as registry
from kg.build import graph_of
from kg.model import from_records, records
from kg.pipeline import extract_text
from kg.read import read_source
from tests.layouts import LAYOUT_EXAMPLES


def test_every_layout_has_an_example():
    assert sorted(LAYOUT_EXAMPLES) == registry.layouts()


@pytest.mark.parametrize("name", registry.layouts())
def test_layout_reads_its_example(name):
    src = read_source(LAYOUT_EXAMPLES[name])
    assert registry.detect(src)[0] == name
    ex = extract_text(src)
    assert ex.document.layout == name and ex.document.kind == registry.get(name).KIND
    assert ex.tasks and all(t.text for t in ex.tasks)
    assert ex.document.tasks == len(ex.tasks)
    recs = [json.loads(json.dumps(r, ensure_ascii=False)) for r in records(ex)]
    again = from_records(recs)
    assert len(again) == 1 and records(again[0]) == records(ex)
    graph = graph_of([ex])
    assert sum(n.label == "Task" for n in graph.nodes.values()) == len(ex.tasks)
