"""The structure measures of `kg analyze`, each against a network worked by hand and, where one
exists, a second implementation (networkx, igraph, a brute-force count, scipy); then on the corpus:
the lead -> assist network against the task rows, every county's rows, the exports read back by
igraph, pandas and networkx's Pajek reader, the null model's margins and uniformity.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from itertools import product
from pathlib import Path

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from scipy.optimize import minimize

from kg.analytics import STRUCTURE_TABLES, TABLES, analyze, write_all
from kg.analytics.arrays import co_responsibility, county_arrays, lead_assist
from kg.analytics.breadth_depth import breadth_depth
from kg.analytics.brokerage import ROLES, between, gould_fernandez, roles_from_two_paths, two_paths
from kg.analytics.core_periphery import continuous_coreness, core_size, pattern_fit
from kg.analytics.county_stats import STATISTICS
from kg.analytics.networks import lead_assist_network, supervision_overlay, unit_function_network, unit_task_network
from kg.analytics.null_models import NullModel, county_null, curveball_round, null_draws
from kg.analytics.structural_holes import burt
from kg.build import open_build
from kg.cli.analyze import analyze_command
from kg.resolve import county_code, resolve
from kg.stores.networkx import coordination_network, counties, county_iri, index

DRAWS = 20  # null draws in these tests: enough for z-scores to exist, few enough to stay quick


# --- Gould-Fernandez brokerage

def _directed(n: int, edges: list[tuple[int, int]], weight: int = 1) -> np.ndarray:
    a = np.zeros((n, n), dtype=np.int64)
    for s, t in edges:
        a[s, t] = weight
    return a


def _brute_force(adj: np.ndarray, groups: list[int]) -> np.ndarray:
    """Gould & Fernandez (1989) read literally: every ordered triple of distinct a, b, c."""
    n = len(adj)
    out = np.zeros((n, 5), dtype=np.int64)
    for a, b, c in product(range(n), repeat=3):
        if len({a, b, c}) < 3 or not (adj[a, b] and adj[b, c]) or adj[a, c]:
            continue
        ga, gb, gc = groups[a], groups[b], groups[c]
        if ga == gb == gc:
            out[b, 0] += 1
        elif ga == gc:
            out[b, 1] += 1
        elif ga == gb:
            out[b, 2] += 1
        elif gb == gc:
            out[b, 3] += 1
        else:
            out[b, 4] += 1
    return out


def test_brokerage_roles_worked_by_hand() -> None:
    # groups A=0, B=1, C=2 of nodes 0..6
    groups = [0, 0, 1, 1, 2, 0, 1]
    edges = [(0, 1), (1, 5), (5, 1), (1, 2), (2, 3), (2, 4), (3, 4), (4, 6)]
    adj = _directed(7, edges, weight=3)  # weights are ignored
    # broker 1 (A): 0→1→5 A,A,A coordinator; 0→1→2 and 5→1→2 A,A,B representative; 5→1→5 is no triad
    # broker 2 (B): 1→2→3 A,B,B gatekeeper; 1→2→4 A,B,C liaison
    # broker 3: 2→3→4 is closed by 2→4; broker 4 (C): 2→4→6 and 3→4→6 B,C,B itinerant
    # broker 5: 1→5→1 is no triad
    expected = np.zeros((7, 5), dtype=np.int64)
    expected[1] = [1, 0, 2, 0, 0]
    expected[2] = [0, 0, 0, 1, 1]
    expected[4] = [0, 2, 0, 0, 0]
    assert ROLES == ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
    g = np.array(groups)
    assert (gould_fernandez(adj, g) == expected).all()
    assert (roles_from_two_paths(two_paths(adj, g), g) == expected).all()
    assert (_brute_force(adj, groups) == expected).all()
    # between A and C, either way: only 1→2→4 (broker 2)
    assert between(adj, g == 0, g == 2).tolist() == [0, 0, 1, 0, 0, 0, 0]


def test_brokerage_matches_brute_force_on_random_networks() -> None:
    rng = np.random.default_rng(7)
    for n, p, k in [(12, 0.2, 3), (20, 0.15, 4), (15, 0.4, 2), (9, 0.3, 9)]:
        adj = (rng.random((n, n)) < p).astype(int)
        np.fill_diagonal(adj, 0)
        groups = rng.integers(0, k, n)
        expected = _brute_force(adj, groups.tolist())
        assert (gould_fernandez(adj, groups) == expected).all()
        assert (roles_from_two_paths(two_paths(adj, groups, k), groups) == expected).all()


# --- Burt

def test_structural_holes_worked_by_hand() -> None:
    # a tied to b, c, d; b tied to c (unweighted): for a, p = 1/3 to each contact;
    # c_ab = c_ac = (1/3 + 1/3 * 1/2)² = 1/4, c_ad = 1/9: C = 11/18; effective size 3 - 2*1/3 = 7/3
    w = np.zeros((4, 4))
    for i, j in [(0, 1), (0, 2), (1, 2), (0, 3)]:
        w[i, j] = w[j, i] = 1
    m = burt(w)
    assert m["constraint"][0] == pytest.approx(11 / 18)
    assert m["effective_size"][0] == pytest.approx(7 / 3)
    assert m["efficiency"][0] == pytest.approx(7 / 9)
    mean = (11 / 18) / 3
    r1, r2 = (1 / 4) / mean, (1 / 9) / mean
    assert m["hierarchy"][0] == pytest.approx((2 * r1 * math.log(r1) + r2 * math.log(r2)) / (3 * math.log(3)))
    assert m["constraint"][3] == pytest.approx(1.0) and m["effective_size"][3] == pytest.approx(1.0)
    assert math.isnan(m["hierarchy"][3])  # one contact: undefined
    # b: contacts a and c, p = 1/2 each; c_ba = (1/2 + p_bc p_ca = 1/2 * 1/2)² = 9/16,
    # c_bc = (1/2 + p_ba p_ac = 1/2 * 1/3)² = 4/9
    assert m["constraint"][1] == pytest.approx(9 / 16 + 4 / 9)
    # a star's centre: three contacts, none tied to another: C = 3 * 1/9, E = 3, constraint spread evenly
    star = burt(np.array([[0, 1, 1, 1], [1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]]))
    assert star["constraint"][0] == pytest.approx(1 / 3) and star["effective_size"][0] == pytest.approx(3)
    assert star["hierarchy"][0] == pytest.approx(0.0, abs=1e-12)


def _weighted_graphs() -> list[np.ndarray]:
    rng = np.random.default_rng(3)
    out = []
    for n, p in [(15, 0.3), (30, 0.15), (8, 0.6)]:
        w = np.triu((rng.random((n, n)) < p) * rng.integers(1, 5, (n, n)), 1)
        out.append(w + w.T)
    return out


def test_structural_holes_agree_with_networkx_and_igraph(built: Path) -> None:
    graph = open_build(built).graph()
    idx = index(graph)
    arr = county_arrays(idx, county_iri(graph, "古县"))
    for w in [*_weighted_graphs(), co_responsibility(arr.lead, arr.co)]:
        m = burt(w)
        g = nx.Graph()
        g.add_nodes_from(range(len(w)))
        rows, cols = np.nonzero(np.triu(w, 1))
        g.add_weighted_edges_from(zip(rows.tolist(), cols.tolist(), w[rows, cols].tolist(), strict=True))
        nx_constraint = nx.constraint(g, weight="weight")
        # nodes=: networkx 3.6's all-nodes sparse path divides by the row maxima along the wrong axis
        # for weighted graphs (networkx PR #8906); the per-node path is Burt's definition
        nx_size = nx.effective_size(g, nodes=list(g), weight="weight")
        ig_graph = ig.Graph.from_networkx(g)
        ig_constraint = ig_graph.constraint(weights="weight")
        names = ig_graph.vs["_nx_name"]
        for i in range(len(w)):
            if g.degree(i) == 0:
                assert math.isnan(m["constraint"][i])
                continue
            assert m["constraint"][i] == pytest.approx(nx_constraint[i], abs=1e-9)
            assert m["effective_size"][i] == pytest.approx(nx_size[i], abs=1e-9)
        for v, name in enumerate(names):
            if g.degree(name):
                assert m["constraint"][name] == pytest.approx(ig_constraint[v], abs=1e-9)


# --- core-periphery

def test_coreness_finds_a_known_core() -> None:
    # 5 core units all tied; 10 peripheral ones each tied to two core units, none to each other
    n = 15
    a = np.zeros((n, n))
    for i in range(5):
        for j in range(5):
            a[i, j] = i != j
    for p in range(5, 15):
        for c in (p % 5, (p + 1) % 5):
            a[p, c] = a[c, p] = 1
    cp = continuous_coreness(a)
    assert cp.core.tolist() == [True] * 5 + [False] * 10
    assert cp.core_share == pytest.approx(1 / 3)
    assert min(cp.coreness[:5]) > 2 * max(cp.coreness[5:])
    assert cp.fit > 0.6  # periphery-core blocks are 40% filled, so the ideal pattern is not reached
    assert cp.fit == pytest.approx(pattern_fit(a, cp.coreness))


def test_coreness_recovers_an_exact_pattern_and_matches_a_direct_maximisation(built: Path) -> None:
    c = np.array([0.9, 0.8, 0.5, 0.3, 0.2, 0.1, 0.1])
    cp = continuous_coreness(np.outer(c, c))
    assert cp.fit == pytest.approx(1.0, abs=1e-6)
    assert cp.coreness == pytest.approx(c, abs=1e-5)
    # on a real county, a direct maximisation of the correlation (scipy) gains next to nothing
    graph = open_build(built).graph()
    arr = county_arrays(index(graph), county_iri(graph, "台安县"))
    a = (co_responsibility(arr.lead, arr.co) > 0).astype(float)
    cp = continuous_coreness(a)
    best = minimize(lambda x: -pattern_fit(a, np.abs(x)), cp.coreness, method="Powell",
                    options={"maxiter": 20000, "xtol": 1e-6, "ftol": 1e-9})
    assert -best.fun >= cp.fit - 1e-9
    assert -best.fun - cp.fit < 0.02
    assert cp.iterations < 1000  # converged


def test_core_size_is_the_best_split() -> None:
    assert core_size(np.array([1.0, 0.95, 0.9, 0.1, 0.05, 0.0])) == 3
    assert core_size(np.array([1.0, 0.1, 0.1, 0.1])) == 1


# --- breadth-depth

def test_breadth_depth_classes_worked_by_hand() -> None:
    # unit 0: partners 1,2,3 with 4,4,1 shared tasks (breadth 3, depth 3); 1: 0 (4) and 2 (1);
    # 2: 0 (4), 1 (1); 3: 0 (1); 4: none
    w = np.zeros((5, 5), dtype=int)
    for i, j, k in [(0, 1, 4), (0, 2, 4), (0, 3, 1), (1, 2, 1)]:
        w[i, j] = w[j, i] = k
    breadth, depth, classes = breadth_depth(w)
    assert breadth.tolist() == [3, 2, 2, 1, 0]
    assert depth[:4].tolist() == [3.0, 2.5, 2.5, 1.0] and math.isnan(depth[4])
    # means over linked units: breadth 2, depth 2.25
    assert classes == ["leading", "key", "key", "auxiliary", "isolated"]


# --- null model

def test_curveball_keeps_margins_and_samples_uniformly() -> None:
    rng = np.random.default_rng(11)
    m = np.eye(3, dtype=bool)  # row and column sums 1: the 6 permutation matrices
    seen: Counter[bytes] = Counter()
    for _ in range(6000):
        curveball_round(m, rng)
        assert m.sum(axis=0).tolist() == [1, 1, 1] and m.sum(axis=1).tolist() == [1, 1, 1]
        seen[m.tobytes()] += 1
    assert len(seen) == 6
    assert all(abs(v - 1000) < 150 for v in seen.values()), seen
    big = np.random.default_rng(1).random((30, 80)) < 0.1
    rows, cols = big.sum(axis=1), big.sum(axis=0)
    drawn = [lead.copy() for lead, _ in null_draws(big, big, NullModel(draws=5, burn_in=10, thin=2), seed=1)]
    for d in drawn:
        assert (d.sum(axis=1) == rows).all() and (d.sum(axis=0) == cols).all()
    assert not (drawn[0] == big).all() and not (drawn[0] == drawn[1]).all()


# --- on the corpus

@pytest.fixture(scope="module")
def graph(built: Path):
    return open_build(built).graph()


@pytest.fixture(scope="module")
def result(graph):
    return analyze(graph, null_draws=DRAWS)


def test_lead_assist_network_matches_the_task_rows(built: Path, graph) -> None:
    exs = open_build(built).extractions
    ents = resolve(exs)
    by_hand: dict[str, Counter[tuple[str, str]]] = {}
    for ex in exs:
        code = county_code(ex.document)
        pairs = by_hand.setdefault(ex.document.county, Counter())
        for task in ex.tasks:
            leads = {u.name for s in task.lead_units if not (u := ents.unit_for(code, s, ex.document.county)).group}
            cos = {u.name for s in task.co_units if not (u := ents.unit_for(code, s, ex.document.county)).group}
            pairs.update((a, b) for a in leads for b in cos if a != b)
    g = lead_assist_network(graph)
    mine: dict[str, Counter[tuple[str, str]]] = {}
    for u, v, d in g.edges(data=True):
        mine.setdefault(g.nodes[u]["county"], Counter())[(g.nodes[u]["name"], g.nodes[v]["name"])] = d["weight"]
    assert {k: v for k, v in by_hand.items() if v} == mine
    assert sum(mine["古县"].values()) > 100 and "西乡县" not in mine  # 西乡 names no assisting units
    # the matrices the measures use hold the same ties
    idx = index(graph)
    arr = county_arrays(idx, county_iri(graph, "古县"))
    la = lead_assist(arr.lead, arr.co)
    names = [graph.nodes[u].props["name"] for u in arr.units]
    assert {(names[i], names[j]): int(la[i, j]) for i, j in zip(*np.nonzero(la), strict=True)} == dict(mine["古县"])
    w = co_responsibility(arr.lead, arr.co)
    co = coordination_network(graph, "古县")
    assert int(w.sum()) // 2 == co.size(weight="weight")


def test_two_mode_and_overlay_networks(graph) -> None:
    idx = index(graph)
    two = unit_task_network(graph, "古县", idx=idx)
    units = {n for n, d in two.nodes(data=True) if d["bipartite"] == 0}
    arr = county_arrays(idx, county_iri(graph, "古县"))
    assert units == set(arr.units)
    assert Counter(d["role"] for *_, d in two.edges(data=True)) == {"lead": int(arr.lead.sum()),
                                                                     "assist": int(arr.co.sum())}
    fn = unit_function_network(graph, "古县", idx=idx)
    assert all(d["bipartite"] == (1 if d["label"] == "Function" else 0) for _, d in fn.nodes(data=True))
    dev = next(n for n in arr.units if graph.nodes[n].props["name"] == "发展和改革局")
    assert fn.degree(dev, weight="weight") >= int(arr.lead[arr.units.index(dev)].sum())
    sup = supervision_overlay(graph, "古县", idx=idx)
    layers = Counter(d["layer"] for *_, d in sup.edges(data=True))
    assert layers["lead_assist"] == lead_assist_network(graph, "古县", idx=idx).number_of_edges()
    li = next(n for n, d in sup.nodes(data=True) if d.get("name") == "李晶")
    assert sup.out_degree(li) == 17  # the units 李晶 supervises (test_analyze: the portfolio query)


def test_structure_tables_for_every_county(graph, result) -> None:
    t = result.tables
    assert set(STRUCTURE_TABLES) <= set(TABLES) and all(name in t for name in TABLES)
    names = [graph.nodes[c].props["name"] for c in counties(graph)]
    assert [r["county"] for r in t["county_structure"]] == names
    assert Counter(r["county"] for r in t["county_null"]) == dict.fromkeys(names, len(STATISTICS))
    per_county = Counter(r["county"] for r in t["units"])
    assert {r["county"]: r["units"] for r in t["county_structure"] if r["units"]} == per_county
    assert len(t["brokerage"]) == 2 * len(t["units"])
    assert {r["iri"] for r in t["unit_structure"]} == {r["iri"] for r in t["units"]}
    gu = next(r for r in t["county_structure"] if r["county"] == "古县")
    assert gu["null_draws"] == DRAWS and gu["units"] == 75
    assert gu["density"] == pytest.approx(next(r for r in t["counties"] if r["county"] == "古县")["density"], abs=1e-3)
    for stat in ("density", "modularity", "core_share", "lead_assist_ties"):
        assert gu[f"z_{stat}"] is not None
    assert gu["leading_units"] + gu["key_units"] + gu["auxiliary_units"] + gu["isolated_units"] == 75
    # per unit the brokerage table sums to the county statistic, for both groupings
    for groups in ("type", "function"):
        rows = [r for r in t["brokerage"] if r["county"] == "古县" and r["groups"] == groups]
        for role in ROLES:
            assert sum(r[role] for r in rows) == gu[f"gf_{groups}_{role}"]
        assert sum(r["total"] for r in rows) == gu["open_two_paths"]
    fn = [r for r in t["function_brokerage"] if r["county"] == "古县"]
    assert sum(r["total"] for r in fn) == gu["open_two_paths"]
    assert sum(r["units"] for r in fn) == 75
    # 平陆 names one unit per task: nobody assists, so no lead -> assist ties and no brokerage
    pl = next(r for r in t["county_structure"] if r["county"] == "平陆县")
    assert pl["lead_assist_ties"] == 0 and pl["z_lead_assist_ties"] is None


def test_null_model_is_seeded_and_per_county(graph) -> None:
    idx = index(graph)
    arr = county_arrays(idx, county_iri(graph, "台安县"))
    model = NullModel(draws=10)
    a, b = county_null(arr, model), county_null(arr, model)
    assert np.array_equal(a.mean, b.mean, equal_nan=True)
    alone = analyze(graph, null_draws=10)
    both = next(r for r in alone.tables["county_null"] if r["county"] == "台安县" and r["statistic"] == "density")
    assert both["null_mean"] == pytest.approx(float(a.mean[STATISTICS.index("density")]), abs=1e-4)
    other = county_null(arr, NullModel(draws=10, seed=7))
    assert not np.array_equal(a.mean, other.mean, equal_nan=True)


def test_exports_read_by_igraph_pandas_and_pajek(graph, tmp_path: Path) -> None:
    analytics, files = write_all(graph, tmp_path, charts=False, null_draws=5)
    net = tmp_path / "networks"
    edges = pd.read_csv(net / "lead-assist-edges.csv", dtype={"admin_code": str})
    nodes = pd.read_csv(net / "unit-nodes.csv", dtype={"admin_code": str, "function": str, "division": str})
    assert list(edges.columns[:2]) == ["source", "target"] and nodes.columns[0] == "id"
    assert set(edges["source"]) | set(edges["target"]) <= set(nodes["id"])
    g = ig.Graph.DataFrame(edges, directed=True, vertices=nodes, use_vids=False)
    la = lead_assist_network(graph)
    assert (g.vcount(), g.ecount()) == (len(nodes), la.number_of_edges())
    assert sum(g.es["weight"]) == la.size(weight="weight")
    assert pd.read_parquet(net / "lead-assist-edges.parquet").equals(edges)
    both = pd.read_parquet(net / "unit-nodes.parquet")
    assert both["id"].tolist() == nodes["id"].tolist() and both["coreness"].equals(nodes["coreness"])
    assert set(nodes["function"].dropna()) <= {r["function"] for r in analytics.tables["unit_structure"]}
    pajek = nx.read_pajek(net / "lead-assist.net")
    assert pajek.number_of_edges() == la.number_of_edges()
    assert sorted(d["weight"] for *_, d in pajek.edges(data=True)) == sorted(
        d["weight"] for *_, d in la.edges(data=True))
    co = nx.read_pajek(net / "co-responsibility.net")
    assert co.number_of_edges() == coordination_network(graph).number_of_edges()
    with (net / "unit-task-edges.csv").open(encoding="utf-8") as fh:
        roles = Counter(r["role"] for r in csv.DictReader(fh))
    assert roles["lead"] > roles["assist"] > 0
    names = {p.relative_to(tmp_path).as_posix() for p in files}
    for table in STRUCTURE_TABLES:
        assert f"{table}.csv" in names


def test_cli_structure_tables(built: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(analyze_command, [str(built), "--table", "county_structure", "--format", "csv",
                                             "--null-draws", "5", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [r["county"] for r in rows][:2] == ["平陆县", "古县"] and rows[1]["null_draws"] == "5"
    result = runner.invoke(analyze_command, [str(built), "--table", "brokerage", "--null-draws", "0"])
    assert result.exit_code == 0 and "gatekeeper" in result.stdout
    serial = runner.invoke(analyze_command, [str(built), "--table", "county_null", "--format", "json",
                                             "--null-draws", "5"])
    parallel = runner.invoke(analyze_command, [str(built), "--table", "county_null", "--format", "json",
                                               "--null-draws", "5", "--jobs", "2"])
    assert serial.stdout == parallel.stdout  # workers change nothing but the time
