"""National-scale benchmark: every stage of govkg on a synthetic corpus of N county documents.

    python bench/run.py --n 100 --n 2800 --jobs 2 --out bench/out

For each N: generate the corpus (bench/generate.py), extract it with `kg extract --jobs J`
(and the baseline: plain `jieba.lcut` over the same text, in the same run), check every
document's task count against the generator's, resolve and build the RDF as `kg build` does
(N-Triples; the SPARQL store and the kept whole-nation answers; Turtle; JSON-LD, up to
--jsonld-max-n), run every named SPARQL query on the store, and generate the views (`kg view`, when the command
exists). Once, on the largest corpus: Neo4j batched load vs per-row MERGE (--neo4j-tasks).

Each stage runs in a process of its own, so its peak memory is its own: `peak RSS` is the
largest single process (the OS's high-water mark, children included), `tree RSS` the
largest sum over the process tree sampled every 50 ms (what a machine must hold when
`--jobs` workers run side by side). Writes OUT/figures.json and OUT/figures.md and prints
the Markdown. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PY = sys.executable

# ------------------------------------------------------------------ measuring a process


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, ()))
    return out


def measure(cmd: list[str], *, stdout: Any = subprocess.DEVNULL, env: dict | None = None,
            cwd: Path = ROOT, timeout: float | None = None, keep_stderr: bool = False) -> dict[str, Any]:
    """Wall time, CPU time, peak RSS of the largest process (wait4: the child and every
    descendant it reaped) and the largest sampled sum of RSS over the process tree; the
    machine's load average around it (other work on the machine slows every figure)."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=cwd, start_new_session=True)
    tree_peak = 0
    done = threading.Event()
    timed_out = False

    def sample() -> None:
        nonlocal tree_peak, timed_out
        while not done.is_set():
            tree_peak = max(tree_peak, sum(_rss_kb(p) for p in _tree(proc.pid)))
            if timeout is not None and time.perf_counter() - started > timeout and not timed_out:
                timed_out = True
                os.killpg(proc.pid, 9)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0 and not timed_out:
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise RuntimeError(f"{' '.join(cmd[:4])}… exited {proc.returncode}: " + " | ".join(tail))
    out = {"seconds": wall, "cpu_seconds": usage.ru_utime + usage.ru_stime,
           "peak_rss_mb": usage.ru_maxrss / 1024, "tree_rss_mb": tree_peak / 1024,
           "load_before": load, "load_after": os.getloadavg()[0], "timed_out": timed_out}
    if keep_stderr:
        out["stderr"] = stderr.decode("utf-8", "replace")
    return out


def _stage(name: str, *args: str) -> list[str]:
    return [PY, str(Path(__file__).resolve()), "_stage", name, *args]


def _stage_json(name: str, *args: str) -> tuple[dict[str, float], dict[str, Any]]:
    """Run one in-process stage in a process of its own; its own figures come back as JSON."""
    out = Path(args[args.index("--json") + 1])
    m = measure(_stage(name, *args))
    return m, json.loads(out.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ in-process stages


class Peak:
    """Peak RSS of this process during a block: the kernel's high-water mark, reset first."""

    def __enter__(self) -> Peak:
        with contextlib.suppress(OSError):
            Path("/proc/self/clear_refs").write_text("5")
        self.started = time.perf_counter()
        self.cpu_started = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.started
        self.cpu_seconds = time.process_time() - self.cpu_started
        status = Path("/proc/self/status").read_text()
        self.peak_mb = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]
        self.rss_mb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]

    def figures(self, **extra: Any) -> dict[str, Any]:
        return {"seconds": self.seconds, "cpu_seconds": self.cpu_seconds, "peak_rss_mb": self.peak_mb,
                "rss_after_mb": self.rss_mb, **extra}


def stage_jieba(args: argparse.Namespace) -> dict[str, Any]:
    """Plain `jieba.lcut` over every document's text (the dictionary loaded first, apart)."""
    import jieba

    files = sorted(Path(args.dir).glob("*.txt"))
    texts, size = [], 0
    for f in files:
        t = f.read_text(encoding="utf-8")
        size += len(t.encode("utf-8"))
        texts.append(t)
        if args.max_mb and size >= args.max_mb * 1e6:
            break
    # jieba keeps its own cache, as it does by default, but not in the shared temp dir where
    # anyone could plant one: in govkg's private cache directory (or a fresh private one)
    from kg.extract.resources.segmenter import private_cache_dir

    jieba.dt.tmp_dir = str(private_cache_dir() or tempfile.mkdtemp(prefix="govkg-jieba-"))
    with Peak() as init:
        jieba.setLogLevel(60)
        jieba.initialize()
    words = 0
    with Peak() as seg:
        for t in texts:
            words += len(jieba.lcut(t))
    return {"init": init.figures(), "segment": seg.figures(words=words, documents=len(texts), bytes=size)}


def stage_build(args: argparse.Namespace) -> dict[str, Any]:
    """What `kg build` does after extraction: resolve, graph, then its RDF outputs as it writes
    them (`kg.build.write_rdf`: N-Triples; then the store loaded from it and the named questions'
    whole-nation answers, side by side with Turtle and JSON-LD)."""
    from kg.build import write_rdf
    from kg.map.graph import build_graph
    from kg.model import from_records
    from kg.resolve import resolve

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {}
    with Peak() as p, open(args.records, encoding="utf-8") as fh:
        docs = from_records([json.loads(line) for line in fh])
    figures["load records"] = p.figures(documents=len(docs), tasks=sum(len(d.tasks) for d in docs))
    with Peak() as p:
        entities = resolve(docs)
    figures["resolve"] = p.figures(units=entities.stats.units, leaders=entities.stats.leaders)
    with Peak() as p:
        graph = build_graph(docs, entities)
    figures["graph"] = p.figures(nodes=len(graph.nodes), edges=len(graph.edges))
    store = out_dir / "store"
    if store.exists():
        import shutil

        shutil.rmtree(store)
    with Peak() as p:
        parts = write_rdf(graph, out_dir, jsonld=args.jsonld)
    import pyoxigraph as ox

    figures[RDF_STAGE] = p.figures(parts=parts, triples=len(ox.Store.read_only(str(store))),
                                   bytes={n: (out_dir / n).stat().st_size for n in ("graph.nt", "graph.ttl",
                                                                                  "graph.jsonld")
                                          if n in parts})
    return figures


RDF_STAGE = "RDF outputs"


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _across(q: Any) -> tuple[str, str] | None:
    """A question's parameter other than county, and the answer column its values come from."""
    param = next((p for p in q.params if p != "county"), None)
    if param is None:
        return None
    return param, param if param in q.columns else f"{param}_a"


def _across_values(run: Any, q: Any, counties: list[str], rng: random.Random, want: int) -> list[str]:
    """Values for the other parameter, read from the answers about random counties (untimed):
    a unit name, a function code, an indicator, a task number or a leader that occurs."""
    across = _across(q)
    values: list[str] = []
    if across is None:
        return values
    for _ in range(want * 20):
        rows = run({"county": rng.choice(counties)})
        if rows:
            values.append(str(rng.choice(rows)[across[1]]))
            if len(values) == want:
                break
    return values


def stage_query(args: argparse.Namespace) -> dict[str, Any]:
    """One named query, run again and again as `kg query` runs it: with a county (the usual
    question, another county each run), with its other parameter alone (a unit, function,
    indicator, task or leader in every county: `across`), or without parameters (the whole nation
    in one answer: the answer `kg build` kept, or with `national-live` evaluated on the store).
    The figures are rewritten after every run, so a run cut short by the time limit keeps the
    earlier ones."""
    from kg.stores.answers import ask, read_answer
    from kg.stores.sparql import get_query, open_store, run_sparql

    data = Path(args.data)
    store = open_store(data / "store")
    q = get_query(args.query)
    counties = json.loads(Path(args.counties).read_text(encoding="utf-8"))
    rng = random.Random(1)
    across = _across(q)
    # one value more than runs: the first run, untimed apart, warms the caches (as for Cypher)
    values = _across_values(lambda p: run_sparql(store, q.sparql, p)[1], q, counties, rng, args.reps + 1) \
        if args.mode == "across" else []
    param = across[0] if args.mode == "across" and across else None
    kept = args.mode == "national" and read_answer(data, q) is not None
    warm = args.mode != "national-live"  # seconds a run: the first is no slower, and the limit would cut it
    times: list[float] = []
    cold = None
    rows = 0
    stop = time.perf_counter() + args.budget
    for i in range(args.reps + warm):
        if args.mode == "county" and "county" in q.params:
            params = {"county": rng.choice(counties)}
        elif args.mode == "across":
            if not values:
                break  # no such parameter, or no value found
            params = {across[0]: values[i % len(values)]}
        else:
            params = {}
        t = time.perf_counter()
        _, result = ask(data, q, params, live=args.mode == "national-live", store=store)
        if warm and i == 0:
            cold = time.perf_counter() - t
        else:
            times.append(time.perf_counter() - t)
        rows = len(result)
        del result  # freeing the last answer is not part of giving this one
        Path(args.json).write_text(json.dumps({"times": times, "cold": cold, "rows_last": rows, "param": param,
                                               "kept": kept}), encoding="utf-8")
        if time.perf_counter() > stop and times:
            break
    return {"times": times, "cold": cold, "rows_last": rows, "param": param, "kept": kept}


def stage_neo4j(args: argparse.Namespace) -> dict[str, Any]:
    """Per-row MERGE on a sample, then batched UNWIND on the same sample and on >= --tasks tasks.
    Each load starts from an empty database, so per-row and batched do the same work."""
    from kg.build import graph_of
    from kg.model import from_records
    from kg.stores.neo4j import connect, load_graph, load_graph_per_row

    docs = []
    tasks = 0
    with open(args.records, encoding="utf-8") as fh:  # documents in order until >= --tasks tasks
        batch: list[dict] = []
        for line in fh:
            rec = json.loads(line)
            if rec.get("type") == "document" and batch:
                docs.extend(from_records(batch))
                tasks += len(docs[-1].tasks)
                batch = []
                if tasks >= args.tasks:
                    break
            batch.append(rec)
        else:
            if batch:
                docs.extend(from_records(batch))
    tasks = sum(len(d.tasks) for d in docs)
    sample_docs = docs[: args.sample_docs]
    uri = f"bolt://localhost:{args.port}"

    def wipe(driver: Any) -> None:  # relationships first: a node's DETACH DELETE is one transaction
        with driver.session() as s:
            s.run("MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
            s.run("MATCH (n) CALL { WITH n DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    def save() -> None:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")

    out: dict[str, Any] = {}
    with connect(uri) as driver:
        small = graph_of(sample_docs)
        rows_small = len(small.nodes) + len(small.edges)
        wipe(driver)
        stats = load_graph_per_row(small, driver)
        out["per-row sample"] = {"documents": len(sample_docs), "tasks": sum(len(d.tasks) for d in sample_docs),
                                 "rows": stats.nodes + stats.relationships, "seconds": stats.seconds,
                                 "rows_per_s": (stats.nodes + stats.relationships) / stats.seconds}
        save()
        wipe(driver)
        stats = load_graph(small, driver, batch_size=args.batch_size, progress=False)
        out["batched sample"] = {"documents": len(sample_docs), "tasks": sum(len(d.tasks) for d in sample_docs),
                                 "rows": rows_small, "seconds": stats.seconds, "rows_per_s": rows_small / stats.seconds}
        save()
        wipe(driver)
        big = graph_of(docs)
        rows_big = len(big.nodes) + len(big.edges)
        stats = load_graph(big, driver, batch_size=args.batch_size, progress=False)
        out["batched"] = {"documents": len(docs), "tasks": tasks, "rows": rows_big, "seconds": stats.seconds,
                          "rows_per_s": rows_big / stats.seconds, "batches": stats.batches,
                          "tasks_per_s": tasks / stats.seconds}
        with driver.session() as s:
            out["held"] = {"tasks": s.run("MATCH (t:Task) RETURN count(t) AS n").single()["n"]}
        save()
        if args.reps:
            out["queries"] = _cypher_latencies(driver, [d.document.county for d in docs], args.reps)
            save()  # the database is left as loaded; bench_neo4j removes its data dir after stopping it
    return out


def _cypher_latencies(driver: Any, counties: list[str | None], reps: int) -> dict[str, Any]:
    """Every named Cypher query on the loaded database: about one county (a different one each
    run), with its other parameter alone (as `stage_query`'s `across`) and for everything loaded
    (no parameters); the first run of each warms the caches."""
    from kg.stores.neo4j import run_cypher
    from kg.stores.sparql import named_queries

    names = [c for c in counties if c]
    out: dict[str, Any] = {}
    for name, q in named_queries().items():
        entry: dict[str, Any] = {}
        nothing = {p: None for p in q.params}
        across = _across(q)
        def answer(p: dict[str, str], q: Any = q, nothing: dict[str, None] = nothing) -> list[dict[str, Any]]:
            return run_cypher(q.cypher, {**nothing, **p}, driver=driver)[1]

        values = _across_values(answer, q, names, random.Random(1), reps)
        for mode, runs in (("county", reps), ("across", reps), ("national", max(3, reps // 4))):
            times, rows = [], 0
            if mode == "across" and not values:
                entry[mode] = {"runs": 0, "p50": None, "p95": None, "rows_last": None, "param": None}
                continue
            for i in range(runs + 1):
                params = dict(nothing)
                if mode == "county" and "county" in q.params:
                    params["county"] = names[(i * 7919) % len(names)]
                elif mode == "across":
                    params[across[0]] = values[i % len(values)]
                started = time.perf_counter()
                _, got = run_cypher(q.cypher, params, driver=driver)
                if i:  # run 0 warms the page cache and the query plan
                    times.append(time.perf_counter() - started)
                rows = len(got)
            entry[mode] = {"runs": len(times), "p50": _percentile(times, 50), "p95": _percentile(times, 95),
                           "rows_last": rows, "param": across[0] if mode == "across" else None}
        out[name] = entry
    return out


STAGES = {"jieba": stage_jieba, "build": stage_build, "query": stage_query, "neo4j": stage_neo4j}


def run_stage(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(prog="run.py _stage")
    ap.add_argument("name", choices=sorted(STAGES))
    ap.add_argument("--json", required=True)
    ap.add_argument("--dir")
    ap.add_argument("--max-mb", type=float, default=0)
    ap.add_argument("--records")
    ap.add_argument("--out")
    ap.add_argument("--jsonld", action="store_true")
    ap.add_argument("--data")
    ap.add_argument("--counties")
    ap.add_argument("--query")
    ap.add_argument("--mode", choices=["county", "across", "national", "national-live"])
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--budget", type=float, default=60)
    ap.add_argument("--tasks", type=int, default=100_000)
    ap.add_argument("--sample-docs", type=int, default=6)
    ap.add_argument("--batch-size", type=int, default=5000)
    ap.add_argument("--port", type=int, default=7691)
    args = ap.parse_args(argv)
    result = STAGES[args.name](args)
    Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


# ------------------------------------------------------------------ the benchmark


def check_counts(records: Path, manifest: list[dict]) -> dict[str, Any]:
    """Every document's extracted task count, layout and county against the generator's; and
    where the generator knows them, every task's id (in order), leaders and leader roles."""
    got: dict[str, dict[str, Any]] = {}
    tasks: dict[str, list[dict[str, Any]]] = {}
    with records.open("rb") as fh:
        for line in fh:
            rec = orjson.loads(line)
            if rec["type"] == "document":
                got[rec["doc"]] = rec
            elif rec["type"] == "task":
                tasks.setdefault(rec["doc"], []).append(rec)
    wrong_count, wrong_layout, wrong_county, wrong_code, missing, lost, extra = [], [], [], [], [], 0, 0
    wrong_ids: list[str] = []
    wrong_leaders: list[tuple[str, str, list[str], list[str] | None]] = []
    wrong_roles: list[tuple[str, str, dict[str, str], dict[str, str]]] = []
    for m in manifest:
        rec = got.get(m["file"])
        if rec is None:
            missing.append(m["file"])
            lost += m["expected_tasks"]
            continue
        if rec["tasks"] != m["expected_tasks"]:
            wrong_count.append((m["file"], rec["tasks"], m["expected_tasks"]))
            lost += max(0, m["expected_tasks"] - rec["tasks"])
            extra += max(0, rec["tasks"] - m["expected_tasks"])
        if rec["layout"] != m["layout"]:
            wrong_layout.append((m["file"], rec["layout"], m["layout"]))
        if rec["county"] != m["county"]:
            wrong_county.append((m["file"], rec["county"], m["county"]))
        elif m["admin_code_determinable"] and rec["admin_code"] != m["admin_code"]:
            wrong_code.append((m["file"], rec["admin_code"], m["admin_code"]))
        read = tasks.get(m["file"], [])
        if m["ids"] is not None and [t["id"] for t in read] != m["ids"]:
            wrong_ids.append(m["file"])
        for t in read if m["leaders"] is not None else ():
            if t["leaders"] != m["leaders"].get(t["id"]):
                wrong_leaders.append((m["file"], t["id"], t["leaders"], m["leaders"].get(t["id"])))
            roles = {name: m["leader_roles"][name] for name in t["leaders"] if name in m["leader_roles"]}
            if t["leader_roles"] != roles:
                wrong_roles.append((m["file"], t["id"], t["leader_roles"], roles))
    return {
        "documents": len(manifest), "expected_tasks": sum(m["expected_tasks"] for m in manifest),
        "extracted_tasks": sum(r["tasks"] for r in got.values()), "missing_documents": missing,
        "count_mismatches": len(wrong_count), "tasks_lost": lost, "tasks_extra": extra,
        "layout_mismatches": len(wrong_layout), "county_mismatches": len(wrong_county),
        "admin_code_mismatches": len(wrong_code), "id_mismatches": len(wrong_ids),
        "leader_mismatches": len(wrong_leaders), "role_mismatches": len(wrong_roles),
        "examples": {"count": wrong_count[:10], "layout": wrong_layout[:10], "county": wrong_county[:10],
                     "admin_code": wrong_code[:10], "ids": wrong_ids[:10], "leaders": wrong_leaders[:10],
                     "roles": wrong_roles[:10]},
    }


def _kg_has(command: str) -> bool:
    out = subprocess.run([PY, "-m", "kg", "--help"], capture_output=True, text=True, cwd=ROOT).stdout
    return re.search(rf"^\s+{command}\s", out, re.M) is not None


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def bench_extract(n: int, args: argparse.Namespace, log: Any, manifest: list[dict], size: int,
                  expected: int) -> dict[str, Any]:
    """`kg extract` (--jobs J, and 1 for small N), the task-count check, the jieba baseline."""
    out, corpus, res = args.out, args.out / f"corpus-{n}", {}
    records = out / f"records-{n}.jsonl"
    jobs_list = sorted({args.jobs, 1}) if n <= args.jobs1_max_n else [args.jobs]
    res["extract"] = {}
    for jobs in jobs_list:
        log(f"[N={n}] kg extract --jobs {jobs}")
        m = measure([PY, "-m", "kg", "extract", str(corpus), "--jobs", str(jobs), "-q", "-o", str(records)])
        m.update(mb_per_s=size / 1e6 / m["seconds"], tasks_per_s=expected / m["seconds"])
        res["extract"][str(jobs)] = m
    log(f"[N={n}] check task counts")
    res["counts"] = check_counts(records, manifest)

    log(f"[N={n}] jieba.lcut baseline")
    jj = out / f"jieba-{n}.json"
    m, fig = _stage_json("jieba", "--dir", str(corpus), "--max-mb", str(args.jieba_max_mb), "--json", str(jj))
    seg = fig["segment"]
    res["jieba"] = {**m, "segment_seconds": seg["seconds"], "segment_cpu_seconds": seg["cpu_seconds"],
                    "init_seconds": fig["init"]["seconds"],
                    "bytes": seg["bytes"], "mb_per_s": seg["bytes"] / 1e6 / seg["seconds"], "words": seg["words"]}
    return res


def bench_build(n: int, args: argparse.Namespace, log: Any, records: Path) -> dict[str, Any]:
    jsonld = n <= args.jsonld_max_n
    log(f"[N={n}] resolve + RDF build" + ("" if jsonld else " (without JSON-LD)"))
    data, bj = args.out / f"build-{n}", args.out / f"build-{n}.json"
    m, fig = _stage_json("build", "--records", str(records), "--out", str(data), *(["--jsonld"] if jsonld else []),
                         "--json", str(bj))
    return {"process": m, "stages": fig}


def bench_n(n: int, args: argparse.Namespace, log: Any) -> dict[str, Any]:
    out = args.out
    corpus = out / f"corpus-{n}"
    res: dict[str, Any] = {"n": n}

    log(f"[N={n}] generate")
    res["generate"] = measure([PY, str(BENCH / "generate.py"), "--n", str(n), "--seed", str(args.seed),
                               "--out", str(corpus)])
    manifest = [json.loads(line) for line in (corpus / "manifest.jsonl").open(encoding="utf-8")]
    size = sum((corpus / m["file"]).stat().st_size for m in manifest)
    expected = sum(m["expected_tasks"] for m in manifest)
    layouts = sorted({m["layout"] for m in manifest})
    res["corpus"] = {"documents": len(manifest), "bytes": size, "expected_tasks": expected,
                     "layouts": {k: sum(m["layout"] == k for m in manifest) for k in layouts}}

    records = out / f"records-{n}.jsonl"
    res.update(bench_extract(n, args, log, manifest, size, expected))

    res["build"] = bench_build(n, args, log, records)
    res["queries"] = bench_queries(n, args, log, manifest)

    res["view"] = bench_view(n, args, log)
    return res


def bench_queries(n: int, args: argparse.Namespace, log: Any, manifest: list[dict]) -> dict[str, Any]:
    """Every named SPARQL query on the N store: about one county, and for the whole nation."""
    out, data = args.out, args.out / f"build-{n}"
    log(f"[N={n}] named SPARQL queries")
    from kg.stores.sparql import named_queries

    counties = out / f"counties-{n}.json"
    counties.write_text(json.dumps([m["county"] for m in manifest], ensure_ascii=False), encoding="utf-8")
    res: dict[str, Any] = {"queries": {}, "budget": args.query_budget}
    for name in named_queries():
        entry: dict[str, Any] = {}
        for mode, reps in (("county", args.query_reps), ("across", args.query_reps),
                           ("national", max(3, args.query_reps // 4)), ("national-live", max(3, args.query_reps // 4))):
            qj = out / f"query-{n}-{name}-{mode}.json"
            qj.unlink(missing_ok=True)
            m = measure(_stage("query", "--data", str(data), "--query", name, "--mode", mode, "--counties",
                               str(counties), "--reps", str(reps), "--budget", str(args.query_budget),
                               "--json", str(qj)), timeout=args.query_budget * 1.5 + 10)
            got = json.loads(qj.read_text(encoding="utf-8")) if qj.exists() else {"times": [], "rows_last": None}
            times = got["times"]
            entry[mode] = {"runs": len(times), "timed_out": m["timed_out"], "limit": args.query_budget * 1.5 + 10,
                           "param": got.get("param"), "kept": got.get("kept"), "cold": got.get("cold"),
                           "p50": _percentile(times, 50) if times else None,
                           "p95": _percentile(times, 95) if times else None,
                           "max": max(times) if times else None, "rows_last": got["rows_last"],
                           "peak_rss_mb": m["peak_rss_mb"], "seconds": m["seconds"]}
            log(f"    {name} {mode}: {len(times)} runs, p95 {entry[mode]['p95']}"
                + (" (cut at the time limit)" if m["timed_out"] else ""))
        res["queries"][name] = entry
    qs = [e[mode] for e in res["queries"].values() for mode in ("county", "across", "national", "national-live")]
    res["process"] = {"seconds": sum(e["seconds"] for e in qs), "peak_rss_mb": max(e["peak_rss_mb"] for e in qs)}
    return res


def bench_view(n: int, args: argparse.Namespace, log: Any) -> dict[str, Any]:
    """`kg view` on the build directory: time, memory, and how big its pages get."""
    if not _kg_has("view"):
        return {"error": "not measured: this checkout has no `kg view` command"}
    log(f"[N={n}] kg view")
    data, views = args.out / f"build-{n}", args.out / f"views-{n}"
    records = data / "records.jsonl"  # what `kg view` reads from a build directory
    if not records.exists():
        records.symlink_to((args.out / f"records-{n}.jsonl").resolve())
    if views.exists():
        import shutil

        shutil.rmtree(views)
    try:
        m = measure([PY, "-m", "kg", "view", str(data), "-o", str(views)], keep_stderr=True)
    except RuntimeError as exc:
        return {"error": str(exc)}
    pages = {g[0]: (int(g[1]), int(g[2])) for g in
             re.findall(r"^(\S+)\.html: (\d+) nodes, (\d+) edges", m.pop("stderr"), re.M)}
    biggest = max(pages.items(), key=lambda kv: kv[1][0]) if pages else ("", (0, 0))
    m.update(output_mb=_dir_mb(views), pages=len(pages), overview=pages.get("overview"),
             biggest_page={"slug": biggest[0], "nodes": biggest[1][0], "edges": biggest[1][1]},
             portfolio_pages=sum(k.startswith("portfolios") for k in pages),
             shared_pages={k: v for k, v in pages.items()
                           if not k.startswith(("county-", "coordination-", "portfolios"))})
    return m


def bench_neo4j(n: int, args: argparse.Namespace, log: Any) -> dict[str, Any]:
    import shutil

    from kg.stores import neo4j_server

    data_dir = args.out / f"neo4j-{args.neo4j_port}"
    shutil.rmtree(data_dir, ignore_errors=True)
    log(f"[neo4j] start a server on port {args.neo4j_port} ({data_dir})")
    try:
        neo4j_server.start(port=args.neo4j_port, data_dir=data_dir, http_port=None)
    except Exception as exc:  # no Java, no jars, port taken: say so, measure the rest
        return {"error": f"not measured: the server did not start: {exc}"}
    try:
        log(f"[neo4j] per-row sample, batched sample, batched >= {args.neo4j_tasks} tasks")
        nj = args.out / "neo4j.json"
        m, fig = _stage_json("neo4j", "--records", str(args.out / f"records-{n}.jsonl"), "--tasks",
                             str(args.neo4j_tasks), "--sample-docs", str(args.neo4j_sample_docs),
                             "--port", str(args.neo4j_port), "--reps", str(args.query_reps), "--json", str(nj))
        fig["process"] = m
        fig["speedup"] = fig["batched"]["rows_per_s"] / fig["per-row sample"]["rows_per_s"]
        fig["speedup_same_sample"] = fig["batched sample"]["rows_per_s"] / fig["per-row sample"]["rows_per_s"]
        return fig
    except RuntimeError as exc:
        return {"error": str(exc)}
    finally:
        neo4j_server.stop(port=args.neo4j_port)
        shutil.rmtree(data_dir, ignore_errors=True)
        log("[neo4j] stopped, its data dir removed")


def _gauge(args: argparse.Namespace) -> float:
    """The machine's speed when a stage is measured again: plain jieba.lcut MB/s over 1 MB of
    the smallest corpus (the CPUs are shared, and their speed varies by a third over a day)."""
    n = min(r["n"] for r in json.loads((args.out / "figures.json").read_text(encoding="utf-8"))["runs"])
    gj = args.out / "gauge.json"
    _, fig = _stage_json("jieba", "--dir", str(args.out / f"corpus-{n}"), "--max-mb", "1", "--json", str(gj))
    return fig["segment"]["bytes"] / 1e6 / fig["segment"]["seconds"]


# ------------------------------------------------------------------ the report


def _f(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:,.{digits}f}"


def _machine() -> dict[str, Any]:
    cpu, mem = "?", 0.0
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, AttributeError):
        meminfo = Path("/proc/meminfo").read_text()
        mem = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1)) / 1024 ** 2  # type: ignore[union-attr]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "kg", "queries"], capture_output=True, text=True,
                           cwd=ROOT).stdout.splitlines()
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gb": round(mem, 1), "python": platform.python_version(),
            "commit": commit + (f" + {len(dirty)} changed files in kg/ or queries/" if dirty else "")}


def _lat_value(e: dict[str, Any], key: str = "p95") -> float:
    """A latency to compare with a target: a run cut at the time limit counts as the limit."""
    value = e[key] if e[key] is not None else 0.0
    return max(value, e["limit"]) if e["timed_out"] else value


def _lat(e: dict[str, Any], key: str = "p95") -> str:
    if e[key] is None:
        return f"> {e['limit']:.0f}" if e.get("timed_out") else "–"
    return f"{e[key]:.3f}" + (f" (+1 run > {e['limit']:.0f})" if e["timed_out"] else "")


def _load(m: dict[str, Any]) -> str:
    return f"{m['load_before']:.1f}→{m['load_after']:.1f}"


def _rdf_parts(s: dict[str, Any]) -> str:
    """What `write_rdf` wrote and how long each part took (the parts after N-Triples overlap)."""
    if "parts" not in s:
        return ""
    p, mb = s["parts"], {k: v / 1e6 for k, v in s.get("bytes", {}).items()}
    jsonld = f" + JSON-LD {_f(p['graph.jsonld'])} s ({mb['graph.jsonld']:,.0f} MB)" if "graph.jsonld" in p else ""
    return (f"N-Triples {_f(p['graph.nt'])} s ({mb['graph.nt']:,.0f} MB); then store {_f(p['store'])} s "
            f"({s['triples']:,} triples) + kept answers {_f(p['answers'])} s, alongside Turtle "
            f"{_f(p['graph.ttl'])} s ({mb['graph.ttl']:,.0f} MB){jsonld}")


def _stage_rows(r: dict[str, Any]) -> list[str]:
    n, c = r["n"], r["corpus"]
    mb = c["bytes"] / 1e6
    g = r["generate"]
    rows = [f"| {n} | generate | {c['documents']} docs, {mb:.1f} MB, {c['expected_tasks']:,} tasks | "
            f"{_f(g['seconds'])} | {_f(g['cpu_seconds'])} | | {_f(g['peak_rss_mb'], 0)} | {_f(g['tree_rss_mb'], 0)} "
            f"| {_load(g)} |"]
    for jobs, e in r["extract"].items():
        rows.append(f"| {n} | `kg extract --jobs {jobs}` | {mb:.1f} MB | {_f(e['seconds'])} | {_f(e['cpu_seconds'])} | "
                    f"{_f(e['mb_per_s'], 2)} MB/s, {_f(e['tasks_per_s'], 0)} tasks/s; "
                    f"{_f(mb / e['cpu_seconds'], 2)} MB per CPU-s | "
                    f"{_f(e['peak_rss_mb'], 0)} | {_f(e['tree_rss_mb'], 0)} | {_load(e)} |")
    j = r["jieba"]
    rows.append(f"| {n} | baseline: `jieba.lcut`, 1 process | {j['bytes'] / 1e6:.1f} MB | "
                f"{_f(j['segment_seconds'])} (+{_f(j['init_seconds'])} dictionary) | {_f(j['cpu_seconds'])} | "
                f"{_f(j['mb_per_s'], 2)} MB/s | {_f(j['peak_rss_mb'], 0)} | {_f(j['tree_rss_mb'], 0)} | {_load(j)} |")
    for name, s in r["build"]["stages"].items():
        what = {"load records": f"{s.get('tasks', 0):,} tasks",
                "graph": f"{s.get('nodes', 0):,} nodes, {s.get('edges', 0):,} edges",
                RDF_STAGE: _rdf_parts(s)}.get(name, "")
        rows.append(f"| {n} | {name} | {what} | {_f(s['seconds'])} | | | {_f(s['peak_rss_mb'], 0)} | | |")
    b = r["build"]
    peak = max(s["peak_rss_mb"] for s in b["stages"].values())  # the sub-stages reset the process's mark
    rows.append(f"| {n} | **resolve + RDF build** (without loading records) | | {_f(_build_total(b))} | "
                f"{_f(b['process']['cpu_seconds'])} | | {_f(peak, 0)} | "
                f"{_f(b['process']['tree_rss_mb'], 0)} | {_load(b['process'])} |")
    q = r["queries"]
    worst = max(q["queries"].items(), key=lambda kv: _lat_value(kv[1]["county"]))
    rows.append(f"| {n} | named queries ({len(q['queries'])}), see below | store of N={n} | "
                f"{_f(q['process']['seconds'])} | | worst p95 with a county: {worst[0]} {_lat(worst[1]['county'])} s | "
                f"{_f(q['process']['peak_rss_mb'], 0)} | | |")
    v = r["view"]
    if "error" in v:
        rows.append(f"| {n} | `kg view` | | | | {v['error']} | | | |")
    else:
        ov = v.get("overview") or (0, 0)
        rows.append(f"| {n} | `kg view` | build of N={n} | {_f(v['seconds'])} | {_f(v['cpu_seconds'])} | "
                    f"{v['pages']} pages, {_f(v['output_mb'])} MB; overview {ov[0]:,} nodes, {ov[1]:,} edges; "
                    f"biggest page {v['biggest_page']['nodes']:,} nodes | {_f(v['peak_rss_mb'], 0)} | "
                    f"{_f(v['tree_rss_mb'], 0)} | {_load(v)} |")
    return rows


_NOT_RUN: dict[str, Any] = {"runs": 0, "p50": None, "p95": None, "param": None, "timed_out": False}


def render(fig: dict[str, Any]) -> str:
    runs = fig["runs"]
    m = fig["machine"]
    gauge = fig.get("gauge", {})
    lines = [f"# govkg national benchmark\n\n`{fig['command']}`\n"
             + "".join(f"\nthen `{c}`" + (f" (machine speed then: jieba.lcut {gauge[c]:.2f} MB/s)" if c in gauge
                                         else "") + "\n" for c in fig.get("rerun", [])),
             f"Machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory_gb']} GB, Python {m['python']}, commit "
             f"{m['commit']}; the run took {fig['seconds'] / 60:.1f} min.\n",
             "## Stages\n",
             "| N | stage | input | wall (s) | CPU (s) | throughput | peak RSS (MB) | tree RSS (MB) | load avg |",
             "|---:|---|---|---:|---:|---|---:|---:|---|"]
    for r in runs:
        lines += _stage_rows(r)
    lines += ["", "`peak RSS`: the largest single process (the kernel's high-water mark; for a sub-stage of the "
              "build, reset at its start). `tree RSS`: the largest sampled sum over a process and its workers. "
              "`load avg`: the machine's 1-minute load average before → after the stage; above the CPU count, "
              "other work shared the machine and wall times are longer than on an idle one (CPU seconds are not).",
              ""]

    lines += ["## Nothing lost at scale\n",
              "| N | documents | expected tasks | extracted | documents off | tasks lost | layout wrong | "
              "county wrong | admin code wrong | ids wrong (documents) | leaders wrong (tasks) | "
              "roles wrong (tasks) |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        c = r["counts"]
        lines.append(f"| {r['n']} | {c['documents']} | {c['expected_tasks']:,} | {c['extracted_tasks']:,} | "
                     f"{c['count_mismatches'] + len(c['missing_documents'])} | {c['tasks_lost']} | "
                     f"{c['layout_mismatches']} | {c['county_mismatches']} | {c['admin_code_mismatches']} | "
                     f"{c.get('id_mismatches', '–')} | {c.get('leader_mismatches', '–')} | "
                     f"{c.get('role_mismatches', '–')} |")

    lines += ["", "## Named SPARQL queries (seconds per run)\n",
              "Three ways to ask, each as `kg query` asks: about one county (another each run); with the "
              "other parameter alone, in every county (a unit, function, indicator, task number or leader "
              "read from some county's answer); and with no parameters, the whole nation in one answer: "
              "the answer `kg build` kept (kg.stores.answers), and the same evaluated on the store (`--live`).\n",
              "| query | N | one county: runs | p50 | p95 | other parameter, every county: param | runs | p50 | "
              "p95 | whole nation, kept answer: runs | p50 | p95 | whole nation, live: runs | p50 | p95 | "
              "rows (nation) |",
              "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name in runs[-1]["queries"]["queries"]:
        for r in runs:
            e = r["queries"]["queries"][name]
            c, nat = e["county"], e["national"]
            ac = e.get("across") or _NOT_RUN
            live = e.get("national-live") or _NOT_RUN
            rows = "–" if nat["rows_last"] is None else f"{nat['rows_last']:,}"
            kept = "" if nat.get("kept", True) else " (none kept: live)"
            lines.append(f"| {name} | {r['n']} | {c['runs']} | {_lat(c, 'p50')} | {_lat(c)} | "
                         f"{ac.get('param') or '–'} | {ac['runs']} | {_lat(ac, 'p50')} | {_lat(ac)} | {nat['runs']} | "
                         f"{_lat(nat, 'p50')} | {_lat(nat)}{kept} | {live['runs']} | {_lat(live, 'p50')} | "
                         f"{_lat(live)} | {rows} |")

    if len(runs) > 1:
        a, z = runs[0], runs[-1]
        ratio = z["corpus"]["bytes"] / a["corpus"]["bytes"]
        lines += ["", f"## Growth from N={a['n']} to N={z['n']} (input × {ratio:.1f})\n",
                  "| stage | time × | peak RSS × | peak RSS (MB) |", "|---|---:|---:|---|"]
        jobs = str(fig["jobs"])
        pairs = [("generate", a["generate"], z["generate"]),
                 (f"kg extract --jobs {jobs} (streaming; tree RSS)", a["extract"][jobs], z["extract"][jobs]),
                 ("jieba.lcut baseline", a["jieba"], z["jieba"])]
        for name in z["build"]["stages"]:
            if name in a["build"]["stages"]:
                pairs.append((name, a["build"]["stages"][name], z["build"]["stages"][name]))
        if "error" not in a["view"] and "error" not in z["view"]:
            pairs.append(("kg view", a["view"], z["view"]))
        for name, x, y in pairs:
            key = "tree_rss_mb" if "tree RSS" in name else "peak_rss_mb"
            lines.append(f"| {name} | {y['seconds'] / x['seconds']:.1f} | {y[key] / x[key]:.2f} | "
                         f"{x[key]:,.0f} → {y[key]:,.0f} |")

    neo = fig.get("neo4j")
    lines += ["", "## Neo4j: batched UNWIND + MERGE vs one MERGE per row\n"]
    if not neo or "error" in neo:
        lines.append(f"{(neo or {}).get('error', 'not measured')}\n")
    else:
        lines += ["| load (into an empty database) | documents | tasks | rows (nodes + relationships) | seconds | "
                  "rows/s |", "|---|---:|---:|---:|---:|---:|"]
        for name in ("per-row sample", "batched sample", "batched"):
            e = neo[name]
            lines.append(f"| {name} | {e['documents']} | {e.get('tasks', '')} | {e['rows']:,} | {_f(e['seconds'])} | "
                         f"{_f(e['rows_per_s'], 0)} |")
        lines.append(f"\nBatched vs per-row: **{neo['speedup']:.0f}×** rows/s (on the same sample: "
                     f"{neo['speedup_same_sample']:.0f}×); the database held {neo['held']['tasks']:,} tasks.\n")
        if neo.get("queries"):
            lines += [f"Named Cypher queries on that database ({neo['held']['tasks']:,} tasks), seconds per run:\n",
                      "| query | one county: runs | p50 | p95 | other parameter, every county: runs | p50 | p95 | "
                      "everything loaded: runs | p50 | p95 | rows |",
                      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
            for name, e in neo["queries"].items():
                c, nat = e["county"], e["national"]
                ac = e.get("across") or {"runs": 0, "p50": None, "p95": None}
                lines.append(f"| {name} | {c['runs']} | {_f(c['p50'], 3)} | {_f(c['p95'], 3)} | {ac['runs']} | "
                             f"{_f(ac['p50'], 3)} | {_f(ac['p95'], 3)} | {nat['runs']} | "
                             f"{_f(nat['p50'], 3)} | {_f(nat['p95'], 3)} | {nat['rows_last']:,} |")
            lines.append("")

    lines += ["## Targets\n", "| target | measured | met |", "|---|---|---|"]
    for t in fig["targets"]:
        met = {True: "yes", False: "**no**", None: "–"}[t["met"]]
        lines.append(f"| {t['target']} | {t['measured']} | {met} |")
    return "\n".join(lines) + "\n"


def _build_total(b: dict[str, Any]) -> float:
    return sum(s["seconds"] for k, s in b["stages"].items() if k != "load records")


def _cold(qs: dict[str, Any], mode: str) -> str:
    """The slowest first run (untimed apart: it fills the caches after the store is opened)."""
    colds = {k: e[mode]["cold"] for k, e in qs.items() if e.get(mode, {}).get("cold") is not None}
    if not colds:
        return ""
    name = max(colds, key=colds.get)
    return f"; first run, caches cold: worst {name} {colds[name]:.2f} s"


def _rdf_target(runs: list[dict[str, Any]], z: dict[str, Any]) -> dict[str, Any]:
    goal = f"national RDF build (N={z['n']}) < 5 min"
    total = _build_total(z["build"])
    rdf_stage = z["build"]["stages"].get(RDF_STAGE, {})
    if "graph.jsonld" not in rdf_stage.get("parts", {}):
        return {"target": goal, "measured": f"{total:.0f} s without JSON-LD (not written above --jsonld-max-n)",
                "met": None}
    return {"target": goal, "measured": f"{total:.0f} s (resolve, graph, N-Triples, store, kept answers, "
                                        f"Turtle, JSON-LD)", "met": total < 300}


def targets(fig: dict[str, Any]) -> list[dict[str, Any]]:
    runs = fig["runs"]
    z = max(runs, key=lambda r: r["n"])
    a = min(runs, key=lambda r: r["n"])
    jobs = str(fig["jobs"])
    ext = z["extract"][jobs]
    mb = z["corpus"]["bytes"] / 1e6
    jb = z["jieba"]
    out = [
        {"target": f"extract N={z['n']} in < 120 s on {fig['machine']['cpus']} cores",
         "measured": f"{ext['seconds']:.1f} s wall ({ext['cpu_seconds']:.0f} CPU-s; load avg {_load(ext)})",
         "met": ext["seconds"] < 120},
        {"target": "extract ≥ 5× plain jieba.lcut throughput",
         "measured": f"wall: {ext['mb_per_s']:.2f} MB/s (--jobs {jobs}) vs {jb['mb_per_s']:.2f} MB/s (1 process) = "
                     f"{ext['mb_per_s'] / jb['mb_per_s']:.2f}×; per CPU-second: {mb / ext['cpu_seconds']:.2f} "
                     f"(whole CLI) vs {jb['bytes'] / 1e6 / jb['segment_cpu_seconds']:.2f} MB",
         "met": ext["mb_per_s"] >= 5 * jb["mb_per_s"]},
    ]
    if len(runs) > 1:
        x, y = a["extract"][jobs]["tree_rss_mb"], z["extract"][jobs]["tree_rss_mb"]
        out.append({"target": "extraction memory flat in N",
                    "measured": f"tree RSS {x:.0f} → {y:.0f} MB (× {y / x:.2f}) for input × "
                                f"{z['corpus']['bytes'] / a['corpus']['bytes']:.0f}",
                    "met": y / x < 1.5})
    c = z["counts"]
    out.append({"target": "extracted task count = generated count, every document",
                "measured": f"{c['count_mismatches'] + len(c['missing_documents'])} of {c['documents']} documents off, "
                            f"{c['tasks_lost']} tasks lost",
                "met": c["count_mismatches"] == 0 and not c["missing_documents"]})
    if "leader_mismatches" in c:
        out.append({"target": "… and every task's id, leaders and leader roles as generated (not an issue target)",
                    "measured": f"ids wrong in {c['id_mismatches']} documents; leaders wrong for "
                                f"{c['leader_mismatches']} tasks, roles for {c['role_mismatches']}",
                    "met": not (c["id_mismatches"] or c["leader_mismatches"] or c["role_mismatches"])})
    out.append(_rdf_target(runs, z))
    qs = z["queries"]["queries"]
    worst = max(qs.items(), key=lambda kv: _lat_value(kv[1]["county"]))
    worst_nat = max(qs.items(), key=lambda kv: _lat_value(kv[1]["national"]))
    out.append({"target": "every named query < 2 s p95 on the national store, asked about a county",
                "measured": f"worst {worst[0]} {_lat(worst[1]['county'])} s{_cold(qs, 'county')}",
                "met": _lat_value(worst[1]["county"]) < 2})
    asked = {k: e["across"] for k, e in qs.items() if e.get("across", {}).get("runs")}
    if asked:
        worst_ac = max(asked.items(), key=lambda kv: _lat_value(kv[1]))
        out.append({"target": "… asked with its other parameter alone, in every county (a unit, function, "
                              "indicator, task or leader nationwide)",
                    "measured": f"worst {worst_ac[0]} ({worst_ac[1]['param']}) {_lat(worst_ac[1])} s"
                                f"{_cold(qs, 'across')}",
                    "met": _lat_value(worst_ac[1]) < 2})
    slow = sorted((k for k, e in qs.items() if _lat_value(e["national"]) >= 2),
                  key=lambda k: -_lat_value(qs[k]["national"]))
    rows = worst_nat[1]["national"]["rows_last"] or 0
    not_kept = [k for k, e in qs.items() if not e["national"].get("kept", True)]
    out.append({"target": "… and asked with no parameters (one answer for the whole nation; the answer "
                          "`kg build` kept)",
                "measured": f"worst {worst_nat[0]} {_lat(worst_nat[1]['national'])} s "
                            f"({rows:,} rows); ≥ 2 s: {', '.join(slow) or 'none'}; "
                            f"answered live for want of a kept answer: {', '.join(not_kept) or 'none'}",
                "met": _lat_value(worst_nat[1]["national"]) < 2})
    lives = {k: e["national-live"] for k, e in qs.items() if e.get("national-live", {}).get("runs")}
    if lives:
        worst_live = max(lives.items(), key=lambda kv: _lat_value(kv[1]))
        slow_live = sorted((k for k, e in lives.items() if _lat_value(e) >= 2), key=lambda k: -_lat_value(lives[k]))
        out.append({"target": "… the same evaluated on the store (`kg query --live`; not an issue target)",
                    "measured": f"worst {worst_live[0]} {_lat(worst_live[1])} s; "
                                f"≥ 2 s: {', '.join(slow_live) or 'none'}",
                    "met": _lat_value(worst_live[1]) < 2})
    neo = fig.get("neo4j")
    if neo and "error" not in neo:
        out.append({"target": "Neo4j batched ≥ 20× per-row, ≥ 100,000 tasks",
                    "measured": f"{neo['speedup']:.0f}× ({neo['batched']['rows_per_s']:,.0f} vs "
                                f"{neo['per-row sample']['rows_per_s']:,.0f} rows/s), "
                                f"{neo['batched']['tasks']:,} tasks",
                    "met": neo["speedup"] >= 20 and neo["batched"]["tasks"] >= 100_000})
        if neo.get("queries"):
            nq = neo["queries"]
            worst = max(nq.items(), key=lambda kv: kv[1]["national"]["p95"])
            out.append({"target": f"… the same questions through Neo4j, {neo['held']['tasks']:,} tasks loaded, "
                                  "no parameters",
                        "measured": f"worst {worst[0]} {worst[1]['national']['p95']:.3f} s "
                                    f"({worst[1]['national']['rows_last']:,} rows); with a county ≤ "
                                    f"{max(e['county']['p95'] for e in nq.values()):.3f} s",
                        "met": worst[1]["national"]["p95"] < 2})
    else:
        out.append({"target": "Neo4j batched ≥ 20× per-row", "measured": (neo or {}).get("error", "not measured"),
                    "met": None})
    v = z["view"]
    out.append({"target": "national view usable (aggregate, not every task)",
                "measured": v.get("error") or (
                    f"{v['seconds']:.1f} s, {v['pages']} pages, {v['output_mb']:.1f} MB; the overview has "
                    f"{(v.get('overview') or (0, 0))[0]:,} nodes, the biggest page {v['biggest_page']['nodes']:,} "
                    f"({v['biggest_page']['slug']})"), "met": None})
    return out


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_stage":
        run_stage(argv[1:])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, action="append", help="corpus size (repeat: --n 100 --n 2800)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=BENCH / "out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs1-max-n", type=int, default=100, help="also extract with --jobs 1 up to this N")
    ap.add_argument("--jieba-max-mb", type=float, default=0, help="segment at most this much text (0: all)")
    ap.add_argument("--jsonld-max-n", type=int, default=3000, help="write JSON-LD only up to this N")
    ap.add_argument("--query-reps", type=int, default=10,
                    help="runs per query with a county (whole nation: a quarter of that, at least 3)")
    ap.add_argument("--query-budget", type=float, default=30,
                    help="seconds per query and mode; a run still going at 1.5× this + 10 s is cut")
    ap.add_argument("--neo4j-tasks", type=int, default=100_000)
    ap.add_argument("--neo4j-sample-docs", type=int, default=6,
                    help="per-row MERGE on the first documents only (it runs ~150 rows/s)")
    ap.add_argument("--neo4j-port", type=int, default=7691)
    ap.add_argument("--no-neo4j", action="store_true")
    ap.add_argument("--only", choices=["extract", "build", "query", "view", "neo4j", "report"], action="append",
                    help="measure only this stage on an earlier run's outputs and update its figures")
    args = ap.parse_args(argv)
    ns = sorted(set(args.n or [100, 2800]))
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    def log(msg: str) -> None:
        print(f"{time.perf_counter() - started:7.1f}s {msg}", file=sys.stderr, flush=True)

    if args.only:
        fig = json.loads((args.out / "figures.json").read_text(encoding="utf-8"))
        if "extract" in args.only:  # extract, task counts and the jieba baseline again, on the same corpora
            for run in fig["runs"]:
                manifest = [json.loads(line) for line in
                            (args.out / f"corpus-{run['n']}" / "manifest.jsonl").open(encoding="utf-8")]
                run.update(bench_extract(run["n"], args, log, manifest, run["corpus"]["bytes"],
                                         run["corpus"]["expected_tasks"]))
        if "build" in args.only:
            for run in fig["runs"]:
                run["build"] = bench_build(run["n"], args, log, args.out / f"records-{run['n']}.jsonl")
        if "query" in args.only:
            for run in fig["runs"]:
                manifest = [json.loads(line) for line in
                            (args.out / f"corpus-{run['n']}" / "manifest.jsonl").open(encoding="utf-8")]
                run["queries"] = bench_queries(run["n"], args, log, manifest)
        if "view" in args.only:
            for run in fig["runs"]:
                run["view"] = bench_view(run["n"], args, log)
        if "neo4j" in args.only:
            fig["neo4j"] = bench_neo4j(max(r["n"] for r in fig["runs"]), args, log)
        if args.only != ["report"]:
            fig.setdefault("rerun", []).append("python bench/run.py " + " ".join(argv))
            fig.setdefault("gauge", {})[fig["rerun"][-1]] = _gauge(args)
        fig["targets"] = targets(fig)
        (args.out / "figures.json").write_text(json.dumps(fig, ensure_ascii=False, indent=1), encoding="utf-8")
        md = render(fig)
        (args.out / "figures.md").write_text(md, encoding="utf-8")
        print(md)
        return
    fig: dict[str, Any] = {"command": "python bench/run.py " + " ".join(argv), "machine": _machine(),
                           "jobs": args.jobs, "runs": []}
    for n in ns:
        fig["runs"].append(bench_n(n, args, log))
        (args.out / "figures.json").write_text(json.dumps(fig, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.no_neo4j:
        fig["neo4j"] = bench_neo4j(ns[-1], args, log)
    fig["seconds"] = time.perf_counter() - started
    fig["targets"] = targets(fig)
    (args.out / "figures.json").write_text(json.dumps(fig, ensure_ascii=False, indent=1), encoding="utf-8")
    md = render(fig)
    (args.out / "figures.md").write_text(md, encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
