"""Neo4j: batched, parameterised, idempotent loading of the graph payload, and Cypher.

Labels, relationship types and property names come from kg.map.terms, the same
tables the RDF writer reads. Document text only ever travels as query parameters.
"""

from __future__ import annotations

import csv
import hashlib
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.map.graphdata import GraphData, GraphPart
from kg.map.keys import government_order
from kg.map.terms import CLASSES, EXTRA_LABELS, PROPERTIES, REL_PROPERTIES, RELATIONSHIPS, SHARED_LABELS

if TYPE_CHECKING:
    from neo4j import Driver, ManagedTransaction, Record, Session

__all__ = ["Neo4jError", "LoadStats", "PartsLoad", "connect", "ensure_schema", "load_graph", "load_graph_per_row",
           "load_parts", "load_state", "check_load", "payload_digest", "run_cypher", "counts", "write_csv"]

INDEXES = (("Task", "task_id"), ("Unit", "name"), ("UnitGroup", "name"), ("Leader", "name"),
           ("County", "name"), ("Government", "name"), ("Indicator", "notation"), ("Target", "metric"),
           ("Function", "notation"))


def _extra_labels(label: str) -> str:
    """`, n:Government` for a County: the labels a node carries besides its own (kg.map.terms)."""
    return "".join(f", n:{extra}" for extra in EXTRA_LABELS.get(label, ()))


class Neo4jError(Exception):
    """A Neo4j problem as one line: server down, credentials refused, query error."""


@dataclass(slots=True)
class LoadStats:
    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    seconds: float = 0.0
    digest: str = ""


# One node records the state of the load; its label is not in CLASSES, so counts() and
# the named queries (which all match labelled nodes) never see it.
MARKER = "GovkgLoad"
_MARK_LOADING = (f"MERGE (m:{MARKER} {{id: 'state'}}) SET m.status = 'loading', m.digest = $digest, "
                 "m.nodes = $nodes, m.relationships = $relationships, m.started = datetime(), "
                 "m.finished = null, m.batches = null")
# Matched on the digest: if another load took the marker over meanwhile, its own end marks it.
_MARK_COMPLETE = (f"MATCH (m:{MARKER} {{id: 'state', digest: $digest}}) SET m.status = 'complete', "
                  "m.batches = $batches, m.finished = datetime()")
_READ_STATE = (f"MATCH (m:{MARKER} {{id: 'state'}}) RETURN m.status AS status, m.digest AS digest, "
               "m.nodes AS nodes, m.relationships AS relationships, toString(m.started) AS started, "
               "toString(m.finished) AS finished")
# Each count comes from the count store: constant time however large the graph.
_HOLDS_GRAPH = ("CALL { " + " UNION ALL ".join(f"MATCH (n:{label}) RETURN count(n) AS c" for label in CLASSES)
                + " } RETURN sum(c) > 0 AS held")


def _defaults(uri: str | None, user: str | None, password: str | None) -> tuple[str, str, str]:
    """The URI, user and password to use: given, else from the environment, else the local
    server's (its password from the credentials file `kg neo4j start` writes)."""
    from kg.stores import neo4j_server

    try:
        password = neo4j_server.resolve_password(password)
    except neo4j_server.Neo4jServerError as exc:
        raise Neo4jError(str(exc)) from None
    return server_uri(uri), user or os.environ.get("NEO4J_USER") or neo4j_server.DEFAULT_USER, password


def server_uri(uri: str | None = None) -> str:
    from kg.stores import neo4j_server

    return uri or os.environ.get("NEO4J_URI") or neo4j_server.DEFAULT_URI


@contextmanager
def connect(uri: str | None = None, user: str | None = None, password: str | None = None) -> Iterator[Driver]:
    """A verified driver; Neo4jError with a clear line when the server cannot be used."""
    from kg.extras import MissingExtra, require

    try:
        require("neo4j", "neo4j", "talking to Neo4j")
    except MissingExtra as exc:
        raise Neo4jError(str(exc)) from None
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ServiceUnavailable

    from kg.stores import neo4j_server

    source = neo4j_server.password_source(password)
    uri, user, password = _defaults(uri, user, password)
    try:
        driver = GraphDatabase.driver(uri, auth=(user, password), notifications_min_severity="OFF")
    except ValueError as exc:
        raise Neo4jError(f"bad Neo4j URI {uri!r}: {exc}") from None
    try:
        driver.verify_connectivity()
    except AuthError:
        driver.close()
        hint = ("; a data dir made by an older govkg gets this password from `kg neo4j start`"
                if source == str(neo4j_server.credentials_file()) else "")
        raise Neo4jError(f"Neo4j at {uri} refused the credentials of user {user!r} (password from "
                         f"{source}){hint}") from None
    except (ServiceUnavailable, OSError):
        driver.close()
        raise Neo4jError(f"cannot reach Neo4j at {uri}: is the server running? (kg neo4j start)") from None
    try:
        yield driver
    finally:
        driver.close()


def ensure_schema(driver: Driver) -> None:
    """Uniqueness constraints on every label's key, and lookup indexes, before loading."""
    with driver.session() as session:
        for label in CLASSES:
            session.run(f"CREATE CONSTRAINT {label.lower()}_iri IF NOT EXISTS "
                        f"FOR (n:{label}) REQUIRE n.iri IS UNIQUE").consume()
        for label, prop in INDEXES:
            session.run(f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})").consume()
        for label in CLASSES:  # which government's part a node is of (load_parts)
            if label not in SHARED_LABELS:
                session.run(f"CREATE INDEX {label.lower()}_part IF NOT EXISTS FOR (n:{label}) ON (n.part)").consume()
        session.run(f"CREATE CONSTRAINT {MARKER.lower()}_id IF NOT EXISTS "
                    f"FOR (n:{MARKER}) REQUIRE n.id IS UNIQUE").consume()
        session.run("CALL db.awaitIndexes(300)").consume()


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None and v != [] and v != ""}


def _node_batches(graph: GraphData) -> dict[str, list[dict[str, Any]]]:
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in graph.nodes.values():
        by_label[node.label].append({"iri": node.iri, "props": _clean(node.props)})
    return by_label


def _edge_batches(graph: GraphData) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    label_of = {iri: node.label for iri, node in graph.nodes.items()}
    by_kind: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for edge in graph.edges:
        src, dst = label_of.get(edge.src), label_of.get(edge.dst)
        if src is None or dst is None:
            raise Neo4jError(f"{edge.type} edge to a node the graph lacks: {edge.src} -> {edge.dst}")
        by_kind[(edge.type, src, dst)].append({"src": edge.src, "dst": edge.dst, "props": edge.props})
    return by_kind


def _write(session: Session, cypher: str, **params: Any) -> None:
    """One write transaction (retried by the driver on transient errors)."""
    def work(tx: ManagedTransaction) -> None:
        tx.run(cypher, params).consume()

    session.execute_write(work)


def _single(session: Session, cypher: str) -> Record:
    """The one record a counting query returns."""
    record = session.run(cypher).single()
    if record is None:
        raise Neo4jError(f"Neo4j returned no row for: {cypher[:60]}")
    return record


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    # disable=None: a bar only on a terminal, never in logs or pipes
    return tqdm(total=total, unit="row", desc="neo4j", disable=None if enabled else True, file=sys.stderr, leave=False)


def payload_digest(graph: GraphData) -> str:
    """A digest of which nodes and relationships a load writes (not their properties: 4x
    cheaper, and MERGE ... SET overwrites those): tells a re-run whether it loads the same graph."""
    h = hashlib.sha256()
    h.update("\n".join(f"{node.label} {node.iri}" for node in graph.nodes.values()).encode())
    h.update(b"\0")
    h.update("\n".join(f"{edge.type} {edge.src} {edge.dst}" for edge in graph.edges).encode())
    return h.hexdigest()[:32]


@contextmanager
def _marked(session: Any, graph: GraphData, stats: LoadStats) -> Iterator[None]:
    """Mark the load 'loading' (committed before any batch), and 'complete' only after the
    last batch committed: a load that is killed or fails leaves 'loading' behind."""
    stats.digest = payload_digest(graph)
    relationships = len({(e.type, e.src, e.dst) for e in graph.edges})  # MERGE keeps one per pair and type
    session.execute_write(lambda tx: tx.run(_MARK_LOADING, digest=stats.digest, nodes=len(graph.nodes),
                                            relationships=relationships).consume())
    yield
    session.execute_write(lambda tx: tx.run(_MARK_COMPLETE, digest=stats.digest, batches=stats.batches).consume())


def load_graph(graph: GraphData, driver: Driver, *, batch_size: int = 5000, progress: bool = True) -> LoadStats:
    """MERGE every node and relationship, one transaction per batch of `UNWIND $rows`.

    The load marker says 'loading' until every batch is in (see check_load).
    """
    import time

    started = time.perf_counter()
    ensure_schema(driver)
    stats = LoadStats()
    nodes = _node_batches(graph)
    edges = _edge_batches(graph)
    bar = _progress(len(graph.nodes) + len(graph.edges), progress)
    with driver.session() as session, _marked(session, graph, stats):
        for label, rows in nodes.items():
            cypher = (f"UNWIND $rows AS row MERGE (n:{label} {{iri: row.iri}}) "
                      f"SET n += row.props{_extra_labels(label)}")
            for batch in _chunks(rows, batch_size):
                _write(session, cypher, rows=batch)
                stats.batches += 1
                bar.update(len(batch))
            stats.nodes += len(rows)
        for (rel, src, dst), rows in edges.items():
            cypher = (f"UNWIND $rows AS row MATCH (a:{src} {{iri: row.src}}) MATCH (b:{dst} {{iri: row.dst}}) "
                      f"MERGE (a)-[r:{rel}]->(b) SET r += row.props")
            for batch in _chunks(rows, batch_size):
                _write(session, cypher, rows=batch)
                stats.batches += 1
                bar.update(len(batch))
            stats.relationships += len(rows)
    bar.close()
    stats.seconds = time.perf_counter() - started
    return stats


# ------------------------------------------------------------------ loading a build in parts
#
# The database mirrors the build: every node of a government's part carries `part` (its
# government's code), every node of one document (Document, Task, Target) and every relationship
# from or to one carries `version` (the document's SHA-256). The load marker records each part's
# digest. A load replaces the parts whose digest changed: their nodes are deleted (DETACH: their
# relationships go with them) and their new nodes and relationships MERGEd, in batches; parts
# gone are deleted; shared nodes (indicators, functions, governments above) the build no longer
# has are removed.
# Before the first batch the marker says 'loading' and lists the parts being replaced, so a load
# cut short is redone by the next, whatever it had done.

_OWN_LABELS = tuple(label for label in CLASSES if label not in SHARED_LABELS)
# relationships to a node of another government's part (loaded before: governments above
# come first), by the label of that node
_CROSS_PART = {"AMPLIFIES": "Target"}
_MARK_PARTS_LOADING = (f"MERGE (m:{MARKER} {{id: 'state'}}) SET m.status = 'loading', m.digest = $digest, "
                       "m.nodes = null, m.relationships = null, m.started = datetime(), m.finished = null, "
                       "m.batches = null, m.pending = $pending, m.parts = coalesce(m.parts, [])")
_MARK_PARTS_COMPLETE = (f"MATCH (m:{MARKER} {{id: 'state', digest: $digest}}) SET m.status = 'complete', "
                        "m.parts = $parts, m.pending = [], m.nodes = $nodes, m.relationships = $relationships, "
                        "m.batches = $batches, m.finished = datetime()")
_READ_PARTS = f"MATCH (m:{MARKER} {{id: 'state'}}) RETURN m.parts AS parts, m.pending AS pending"


@dataclass(slots=True)
class PartsLoad:
    """What a load of parts did."""

    stats: LoadStats
    replaced: list[str]  # parts (government codes) loaded anew
    removed: list[str]  # parts the database held that the build no longer has
    unchanged: int  # governments' parts left as they were
    first: bool  # the database held no record of parts (empty, or loaded by an older kg)


def _versions(graph: GraphData) -> dict[str, str]:
    """The document version (SHA-256) of each node of one document: the Document's own, its
    tasks' and targets' through their DERIVED_FROM."""
    version = {iri: str(n.props["sha256"]) for iri, n in graph.nodes.items()
               if n.label == "Document" and n.props.get("sha256")}
    for edge in graph.edges:
        if edge.type == "DERIVED_FROM" and edge.dst in version:
            version[edge.src] = version[edge.dst]
    return version


def _part_rows(graph: GraphData, code: str | None, shared: dict[str, str]) -> tuple[
        dict[str, list[dict[str, Any]]], dict[tuple[str, str, str], list[dict[str, Any]]]]:
    """Node rows per label and relationship rows per (type, label, label) of a part; `shared`
    gives the labels of the shared nodes its relationships reach."""
    version = _versions(graph)
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in graph.nodes.values():
        props = _clean(node.props)
        if code is not None:
            props["part"] = code
        if node.iri in version:
            props["version"] = version[node.iri]
        nodes[node.label].append({"iri": node.iri, "props": props})
    label_of = {**shared, **{iri: n.label for iri, n in graph.nodes.items()}}
    edges: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for edge in graph.edges:
        src, dst = label_of.get(edge.src), label_of.get(edge.dst) or _CROSS_PART.get(edge.type)
        if src is None or dst is None:
            raise Neo4jError(f"{edge.type} edge to a node the graph lacks: {edge.src} -> {edge.dst}")
        props = dict(edge.props)
        v = version.get(edge.src) or version.get(edge.dst)
        if v:
            props["version"] = v
        edges[(edge.type, src, dst)].append({"src": edge.src, "dst": edge.dst, "props": props})
    return nodes, edges


def _write_rows(session: Any, nodes: dict[str, list[dict[str, Any]]],
                edges: dict[tuple[str, str, str], list[dict[str, Any]]], batch_size: int, stats: LoadStats) -> None:
    for label, rows in nodes.items():
        cypher = f"UNWIND $rows AS row MERGE (n:{label} {{iri: row.iri}}) SET n += row.props{_extra_labels(label)}"
        for batch in _chunks(rows, batch_size):
            session.execute_write(lambda tx, b=batch, q=cypher: tx.run(q, rows=b).consume())
            stats.batches += 1
        stats.nodes += len(rows)
    for (rel, src, dst), rows in edges.items():
        cypher = (f"UNWIND $rows AS row MATCH (a:{src} {{iri: row.src}}) MATCH (b:{dst} {{iri: row.dst}}) "
                  f"MERGE (a)-[r:{rel}]->(b) SET r += row.props")
        for batch in _chunks(rows, batch_size):
            session.execute_write(lambda tx, b=batch, q=cypher: tx.run(q, rows=b).consume())
            stats.batches += 1
        stats.relationships += len(rows)


def _delete_parts(session: Any, codes: list[str], stats: LoadStats, per_batch: int = 20) -> None:
    """Every node of these parts, with its relationships, a few parts per transaction."""
    for i in range(0, len(codes), per_batch):
        chunk = codes[i:i + per_batch]
        for label in _OWN_LABELS:
            session.execute_write(lambda tx, c=chunk, lb=label: tx.run(
                f"UNWIND $codes AS code MATCH (n:{lb} {{part: code}}) DETACH DELETE n", codes=c).consume())
            stats.batches += 1


def load_parts(parts: list[GraphPart], driver: Any, *, batch_size: int = 5000,
               progress: Callable[[str], None] = lambda _: None) -> PartsLoad:
    """Make the database hold the graph these parts make up (see the comment above): parts whose
    digest the database records are left alone, the others replaced, parts it holds that are
    not given deleted. A database loaded by an older kg (nodes without `part`) is brought to the
    same state: what the parts do not hold is deleted."""
    import time

    started = time.perf_counter()
    ensure_schema(driver)
    stats = LoadStats()
    wanted = {p.code: p.digest for p in parts}
    stats.digest = hashlib.sha256("\n".join(f"{c} {d}" for c, d in sorted(wanted.items())).encode()).hexdigest()[:32]
    with driver.session() as session:
        record = session.run(_READ_PARTS).single()
        first = record is None or not record["parts"] and not record["pending"]
        held: dict[str, str] = {}
        pending: list[str] = []
        if record is not None:
            held = dict(item.split(" ", 1) for item in (record["parts"] or []) if " " in item)
            pending = list(record["pending"] or [])
        replace = sorted((c for c, d in wanted.items() if held.get(c) != d or c in pending), key=government_order)
        removed = sorted(c for c in {*held, *pending} if c not in wanted)
        own = [c for c in replace if c] + removed
        session.execute_write(lambda tx: tx.run(_MARK_PARTS_LOADING, digest=stats.digest,
                                                pending=sorted({*own, *([""] if "" in replace else [])})).consume())
        if first:
            _delete_all(session, stats)  # a load that recorded no parts: nothing of it can be told apart
        elif own:
            _delete_parts(session, own, stats)
        by_code = {p.code: p for p in parts}
        shared_graph = by_code[""].load() if "" in by_code else GraphData()
        shared = {iri: n.label for iri, n in shared_graph.nodes.items()}
        if "" in replace:
            nodes, edges = _part_rows(shared_graph, None, shared)
            _write_rows(session, nodes, edges, batch_size, stats)
        todo = [c for c in replace if c]
        nodes, edges = defaultdict(list), defaultdict(list)
        size = 0
        for i, code in enumerate(todo):  # a few parts at a time: batches stay full, memory small
            graph = by_code[code].load()
            part_nodes, part_edges = _part_rows(graph, code, shared)
            for key, rows in part_nodes.items():
                nodes[key] += rows
            for kind, rows in part_edges.items():
                edges[kind] += rows
            size += len(graph.nodes) + len(graph.edges)
            if size >= 10 * batch_size or i == len(todo) - 1:
                _write_rows(session, nodes, edges, batch_size, stats)
                progress(f"neo4j: {i + 1} of {len(todo)} parts loaded")
                nodes, edges = defaultdict(list), defaultdict(list)
                size = 0
        if "" in replace:  # shared nodes the build no longer has (a government above, its chain)
            for label in SHARED_LABELS:
                keep = [iri for iri, lb in shared.items() if lb == label]
                # `part IS NULL`: a County is a Government too, and a government's own
                session.execute_write(lambda tx, lb=label, k=keep: tx.run(
                    f"MATCH (n:{lb}) WHERE n.part IS NULL AND NOT n.iri IN $keep DETACH DELETE n", keep=k).consume())
        totals = counts(driver)
        session.execute_write(lambda tx: tx.run(
            _MARK_PARTS_COMPLETE, digest=stats.digest, parts=[f"{c} {d}" for c, d in sorted(wanted.items())],
            nodes=sum(totals[label] for label in CLASSES),
            relationships=sum(n for k, n in totals.items() if k not in CLASSES), batches=stats.batches).consume())
    stats.seconds = time.perf_counter() - started
    return PartsLoad(stats, [c for c in replace if c], removed, sum(1 for c in wanted if c and c not in replace), first)


def _delete_all(session: Any, stats: LoadStats, per_batch: int = 10_000) -> None:
    """Every govkg node, with its relationships, in batches."""
    for label in CLASSES:
        while session.execute_write(lambda tx, lb=label: tx.run(
                f"MATCH (n:{lb}) WITH n LIMIT $n DETACH DELETE n RETURN count(*) AS gone",
                n=per_batch).single()["gone"]):
            stats.batches += 1


def load_graph_per_row(graph: GraphData, driver: Driver, *, limit: int | None = None) -> LoadStats:
    """The naive way, one MERGE per node and relationship in its own transaction (benchmark)."""
    import time

    started = time.perf_counter()
    ensure_schema(driver)
    stats = LoadStats()
    with driver.session() as session, _marked(session, graph, stats):
        for label, rows in _node_batches(graph).items():
            for row in rows[:limit]:
                _write(session, f"MERGE (n:{label} {{iri: $iri}}) SET n += $props{_extra_labels(label)}",
                       iri=row["iri"], props=row["props"])
                stats.nodes += 1
        for (rel, src, dst), rows in _edge_batches(graph).items():
            for row in rows[:limit]:
                _write(session, f"MATCH (a:{src} {{iri: $src}}) MATCH (b:{dst} {{iri: $dst}}) "
                                f"MERGE (a)-[x:{rel}]->(b) SET x += $props", **row)
                stats.relationships += 1
    stats.seconds = time.perf_counter() - started
    return stats


def load_state(driver: Driver) -> dict[str, Any] | None:
    """The load marker: status ('loading' or 'complete'), digest, nodes, relationships, started,
    finished; None if the database has none."""
    from neo4j import READ_ACCESS

    with driver.session(default_access_mode=READ_ACCESS) as session:
        record = session.run(_READ_STATE).single()
    return record.data() if record else None


def check_load(driver: Driver, *, uri: str | None = None, need_graph: bool = True) -> None:
    """Neo4jError unless the database holds a complete load: answers from a load that was cut
    short (relationships missing) would be silently wrong.

    need_graph=False lets a database without any govkg node pass (ad-hoc Cypher on other data).
    """
    from neo4j import READ_ACCESS

    where = f"Neo4j at {server_uri(uri)}"
    state = load_state(driver)
    if state is not None and state["status"] == "complete":
        return
    if state is not None:
        raise Neo4jError(f"the govkg load into {where} is incomplete (started {state['started']}, never "
                         "finished): re-run `kg load neo4j`")
    with driver.session(default_access_mode=READ_ACCESS) as session:
        held = _single(session, _HOLDS_GRAPH)["held"]
    if held:
        raise Neo4jError(f"{where} holds govkg nodes but no record of a complete load (cut short, or loaded "
                         "by an older kg): re-run `kg load neo4j`")
    if need_graph:
        raise Neo4jError(f"{where} holds no govkg graph: run `kg load neo4j` first")


def _plain(value: Any) -> Any:
    if type(value) is float and value.is_integer():
        return int(value)  # 6, not 6.0: as the SPARQL store and the records give whole numbers
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if hasattr(value, "element_id"):  # a node or relationship: its properties
        value = dict(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


ACCESS_MODE_ERROR = "Neo.ClientError.Statement.AccessMode"


def run_cypher(text: str, params: dict[str, Any] | None = None, *, uri: str | None = None,
               user: str | None = None, password: str | None = None,
               driver: Driver | None = None, write: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
    """Columns and rows of a Cypher query, run read-only (the server refuses writes) unless
    write=True."""
    from neo4j import READ_ACCESS, WRITE_ACCESS
    from neo4j.exceptions import Neo4jError as DriverError

    def run(drv: Any) -> tuple[list[str], list[dict[str, Any]]]:
        try:
            with drv.session(default_access_mode=WRITE_ACCESS if write else READ_ACCESS) as session:
                result = session.run(text, params or {})
                columns = list(result.keys())
                rows = [{c: _plain(record[c]) for c in columns} for record in result]
                return columns, rows
        except DriverError as exc:
            if exc.code == ACCESS_MODE_ERROR:
                raise Neo4jError("the query writes, and Cypher runs read-only here: "
                                 "give --write to allow writes") from None
            raise Neo4jError(f"Cypher error: {exc.message or exc}".splitlines()[0]) from None

    if driver is not None:
        return run(driver)
    with connect(uri, user, password) as drv:
        return run(drv)


def counts(driver: Driver) -> dict[str, int]:
    """Nodes per label and relationships per type: what idempotence is checked against."""
    out: dict[str, int] = {}
    with driver.session() as session:
        for label in CLASSES:
            out[label] = _single(session, f"MATCH (n:{label}) RETURN count(n) AS n")["n"]
        for rel in RELATIONSHIPS:
            out[rel] = _single(session, f"MATCH ()-[r:{rel}]->() RETURN count(r) AS n")["n"]
    return out


# ------------------------------------------------------------------ bulk CSV export

_CSV_TYPES = {"integer": "long", "decimal": "double", "boolean": "boolean"}


def _csv_type(name: str, table: dict[str, Any], sample: Any) -> str:
    prop = table.get(name)
    base = _CSV_TYPES.get(prop.datatype, "string") if prop else "string"
    return f"{name}:{base}[]" if isinstance(sample, list) else f"{name}:{base}"


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v).replace(";", "；") for v in value)  # `;` is the array delimiter
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _prop_samples(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Every property name the rows use, in first-seen order, with a sample value (for its type)."""
    names: dict[str, Any] = {}
    for row in rows:
        for k, v in row["props"].items():
            names.setdefault(k, v)
    return names


def write_csv(graph: GraphData, out_dir: Path, *, on_file: Callable[[Path], None] = lambda _: None) -> list[Path]:
    """Node and relationship CSV files in the `neo4j-admin database import` format."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for label, rows in _node_batches(graph).items():
        names = _prop_samples(rows)
        path = out_dir / f"nodes_{label}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["iri:ID", *(_csv_type(k, PROPERTIES, v) for k, v in names.items()), ":LABEL"])
            for row in rows:
                writer.writerow([row["iri"], *(_csv_value(row["props"].get(k)) for k in names),
                                 ";".join((label, *EXTRA_LABELS.get(label, ())))])
        written.append(path)
        on_file(path)
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (rel, _src, _dst), rows in _edge_batches(graph).items():
        by_type[rel].extend(rows)
    for rel, rows in by_type.items():
        seen: set[tuple[str, str]] = set()
        names = _prop_samples(rows)
        path = out_dir / f"relationships_{rel}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            header = [_csv_type(k, REL_PROPERTIES, v) for k, v in names.items()]
            writer.writerow([":START_ID", ":END_ID", ":TYPE", *header])
            for row in rows:
                if (row["src"], row["dst"]) in seen:
                    continue  # MERGE semantics: one relationship per pair and type
                seen.add((row["src"], row["dst"]))
                writer.writerow([row["src"], row["dst"], rel, *(_csv_value(row["props"].get(k)) for k in names)])
        written.append(path)
        on_file(path)
    return written
