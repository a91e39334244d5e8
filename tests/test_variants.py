"""Rewritten variants of the five corpus documents read back as the generator wrote them.

bench/generate.py rewrites each real document as another county's (names, leaders, numbers,
row order, a few rows dropped or duplicated) and keeps its own account of what it wrote. For
three variants of each document the extractor must find: the source's layout, the new county,
exactly the tasks written (count and complete numbering) and the new leaders' names. This
is the guard against anything hard-coded to the five real documents.

The three counties per document are drawn (seeded) from three kinds of name: an ordinary
county, a district or county-level city, and an autonomous county/banner or a county whose
name has a one-character stem (古县, 滑县): all are common among China's 2,800 counties.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from collections import Counter
from pathlib import Path

import pytest

from kg.model import Extraction
from kg.pipeline import extract_text as extract
from kg.read.text import SourceText

ROOT = Path(__file__).resolve().parent.parent


def _load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


gen = _load_generator()
SEED = 20230315


def _kinds() -> list[list]:
    everyone = gen.pool()
    plain = [c for c in everyone if c.name.endswith("县") and len(c.name) == 3 and "自治" not in c.name]
    city = [c for c in everyone if c.name.endswith(("市", "区")) and len(c.name) in (3, 4)]
    unusual = [c for c in everyone if "自治" in c.name or c.name.endswith("旗") or len(c.name) == 2]
    unique = gen.by_name()
    return [[c for c in kind if len(unique[c.name]) == 1] for kind in (plain, city, unusual)]


def _variants() -> list:
    rng = random.Random(SEED)
    kinds = _kinds()
    out = []
    for key in gen.SOURCES:
        for k, kind in enumerate(kinds):
            county = rng.choice(kind)
            edits = gen.Edits(drop=1 + k % 2, dup=1 + (k + 1) % 2)
            out.append(gen.rewrite(key, county, random.Random(f"{SEED}:{key}:{k}"), edits=edits))
    return out


VARIANTS = _variants()


@pytest.fixture(scope="module")
def read() -> dict[str, Extraction]:
    return {v.file: extract(SourceText(name=v.file, lines=v.text.split("\n"))) for v in VARIANTS}


def _id(v) -> str:
    return f"{v.source}-{v.admin_code}"


@pytest.mark.parametrize("v", VARIANTS, ids=_id)
def test_layout_county_and_task_count(v, read):
    ex = read[v.file]
    doc = ex.document
    assert doc.layout == v.layout
    assert (doc.county, doc.admin_code, doc.province) == (v.county, v.admin_code, v.province)
    assert len(ex.tasks) == doc.tasks == v.expected_tasks
    lists = Counter(t.list for t in ex.tasks)
    assert dict(lists) == {k: n for k, n in v.expected_lists.items() if n}
    assert all(t.county == v.county for t in ex.tasks)


@pytest.mark.parametrize("v", VARIANTS, ids=_id)
def test_ids_complete(v, read):
    ids = [t.id for t in read[v.file].tasks]
    if v.ids is not None:
        assert ids == v.ids
    else:  # the prose report numbers section.paragraph.sentence
        assert len(set(ids)) == len(ids) == v.expected_tasks
        assert len(read[v.file].terms) == v.terms


@pytest.mark.parametrize("v", [v for v in VARIANTS if v.leaders is not None], ids=_id)
def test_leaders_are_the_new_names(v, read):
    ex = read[v.file]
    sample = random.Random(v.file).sample(ex.tasks, min(25, len(ex.tasks)))
    wrong = [(t.id, t.leaders, v.leaders[t.id]) for t in sample if t.leaders != v.leaders[t.id]]
    assert not wrong, f"{len(wrong)} of {len(sample)} sampled tasks: {wrong[:3]}"
    old = {gen.squeeze(o) for o in v.names}
    assert not old & {n for t in ex.tasks for n in t.leaders}, "a source leader's name survived"
    for t in sample:  # a title stated in a leader heading travels with the name
        assert t.leader_roles == {n: v.leader_roles[n] for n in t.leaders if n in v.leader_roles}


def test_pinglu_note_names_the_new_county_head(read):
    for v in VARIANTS:
        if v.source == "pinglu":
            head = v.names["翟纪亭"]
            assert read[v.file].document.leader_roles == {head: "县长"}


def test_report_speaker_is_the_new_name(read):
    for v in VARIANTS:
        if v.source == "jiaokou":
            speaker = read[v.file].document.speaker
            assert speaker == {"name": v.names["李 \u2002刚"], "role": "县长"}


@pytest.mark.parametrize(("source", "name", "prefecture"),
                         [("taian", "市中区", "济南市"), ("taian", "郊区", "长治市"), ("xixiang", "城区", "晋城市")])
def test_a_name_several_prefectures_share_is_found_without_a_letterhead(source, name, prefecture):
    """市中区, 郊区 and 城区 each name districts of several prefectures, and 城区/郊区 are everyday
    words: a document without a letterhead that keeps naming one is still that district's."""
    county = next(c for c in gen.pool() if c.name == name and c.prefecture == prefecture)
    v = gen.rewrite(source, county, random.Random(f"{SEED}:{name}"), edits=gen.Edits(drop=0, dup=0))
    doc = extract(SourceText(name=v.file, lines=v.text.split("\n"))).document
    assert doc.county == name
