"""`kg serve` under load: N concurrent clients for S seconds against the service on a build of the
example corpus, on the loopback interface only; a query that would run forever is sent in the middle
and must end at the time limit while the other clients are still served.

    python bench/serve_load.py                       # 32 clients, 30 s, the example corpus
    python bench/serve_load.py --clients 8 --seconds 5 --build govkg-data

Prints the figures as JSON (requests, errors, throughput, latency percentiles, the runaway query's
status and duration, what the other clients completed meanwhile). tests/test_serve.py runs the same
load for GOVKG_SERVE_LOAD_SECONDS (5 s by default).
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "examples" / "corpus"
URL_LINE = re.compile(r"at (http://\S+/) ")

# never ends on any build: three independent scans of every triple, counted
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

COUNTIES_QUERY = "SELECT ?county WHERE { ?c a gk:County ; rdfs:label ?county }"
UNITS_QUERY = """SELECT ?county ?unit (COUNT(?task) AS ?tasks) WHERE {
  ?u gk:leads ?task ; rdfs:label ?unit ; gk:inCounty ?c . ?c rdfs:label ?county .
} GROUP BY ?county ?unit ORDER BY DESC(?tasks) LIMIT 20"""
DESCRIBE_QUERY = "CONSTRUCT { ?c ?p ?o } WHERE { ?c a gk:County ; ?p ?o }"


@contextmanager
def running_service(build_dir: Path, *args: str, ready_seconds: float = 120.0) -> Iterator[str]:
    """`python -m kg serve BUILD --port 0 ARGS` from this checkout; yields its URL; stopped (SIGINT,
    then killed) on exit."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(build_dir), "--host", "127.0.0.1", "--port", "0",
                             *args], cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    assert proc.stderr is not None
    lines: list[str] = []
    found: list[str] = []

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            match = URL_LINE.search(line)
            if match and not found:
                found.append(match.group(1))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + ready_seconds
    try:
        while not found:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"kg serve did not start: {''.join(lines)}")
            time.sleep(0.05)
        yield found[0]
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def mix(counties: list[str]) -> list[tuple[str, str, bytes | None, dict[str, str]]]:
    """The requests the clients cycle through: (method, path, body, headers)."""
    form = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    requests: list[tuple[str, str, bytes | None, dict[str, str]]] = [
        ("GET", "sparql?" + urlencode({"query": COUNTIES_QUERY}), None, {"Accept": "application/sparql-results+json"}),
        ("POST", "sparql", urlencode({"query": UNITS_QUERY}).encode(), form),
        ("POST", "sparql", DESCRIBE_QUERY.encode(), {"Content-Type": "application/sparql-query",
                                                     "Accept": "text/turtle"}),
        ("GET", "q/deadlines.json", None, {}),
        ("GET", "healthz", None, {}),
    ]
    for county in counties:
        requests.append(("GET", f"q/tasks-by-unit.json?county={quote(county)}", None, {}))
        requests.append(("GET", f"q/leader-portfolio.csv?county={quote(county)}", None, {}))
    return requests


@dataclass
class LoadResult:
    clients: int
    seconds: float
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    throughput: float = 0.0  # requests a second
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    runaway_status: int | None = None
    runaway_seconds: float | None = None
    runaway_message: str = ""
    served_during_runaway: int = 0


def _loopback(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"{url}: the load goes to the loopback interface only")
    return host, parts.port or 80


def _request(conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None,
             headers: dict[str, str]) -> tuple[int, bytes]:
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def counties_of(url: str) -> list[str]:
    host, port = _loopback(url)
    conn = http.client.HTTPConnection(host, port, timeout=60)
    status, body = _request(conn, "GET", "/sparql?" + urlencode({"query": COUNTIES_QUERY}), None,
                            {"Accept": "application/sparql-results+json"})
    conn.close()
    assert status == 200, body
    return sorted(b["county"]["value"] for b in json.loads(body)["results"]["bindings"])


def run_load(url: str, *, clients: int = 32, seconds: float = 30.0, runaway_at: float | None = 1.0,
             max_requests: int = 2_000_000) -> LoadResult:
    """`clients` threads, each on one keep-alive connection, cycling through `mix` until `seconds`
    have passed (or `max_requests` in all); a runaway query sent `runaway_at` seconds in."""
    host, port = _loopback(url)
    requests = mix(counties_of(url))
    result = LoadResult(clients, seconds)
    latencies: list[float] = []
    finished: list[float] = []  # when each request ended (monotonic)
    window: list[float] = []  # when the runaway query was sent and answered
    lock = threading.Lock()
    start = time.monotonic()
    deadline = start + seconds

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=seconds + 60)
        mine: list[float] = []
        ends: list[float] = []
        errors: list[str] = []
        i = index
        while time.monotonic() < deadline and len(latencies) + len(mine) < max_requests:
            method, path, body, headers = requests[i % len(requests)]
            i += 1
            t0 = time.monotonic()
            try:
                status, data = _request(conn, method, "/" + path, body, headers)
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{method} /{path}: {type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=seconds + 60)
                continue
            t1 = time.monotonic()
            if status != 200 or not data:
                errors.append(f"{method} /{path}: HTTP {status}: {data[:200]!r}")
            mine.append(t1 - t0)
            ends.append(t1)
        conn.close()
        with lock:
            latencies.extend(mine)
            finished.extend(ends)
            result.errors.extend(errors)

    def runaway() -> None:
        assert runaway_at is not None
        time.sleep(runaway_at)
        conn = http.client.HTTPConnection(host, port, timeout=seconds + 120)
        t0 = time.monotonic()
        status, data = _request(conn, "GET", "/sparql?" + urlencode({"query": RUNAWAY}), None, {})
        result.runaway_seconds = round(time.monotonic() - t0, 2)
        result.runaway_status = status
        result.runaway_message = data.decode("utf-8", "replace").strip()
        conn.close()
        window.extend([t0, t0 + result.runaway_seconds])

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    if runaway_at is not None:
        threads.append(threading.Thread(target=runaway, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    latencies.sort()
    result.requests = len(latencies)
    result.throughput = round(len(latencies) / elapsed, 1)
    if latencies:
        def pct(p: float) -> float:
            return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1)

        result.p50_ms, result.p95_ms, result.p99_ms = pct(0.50), pct(0.95), pct(0.99)
        result.max_ms = round(1000 * latencies[-1], 1)
    if window:
        result.served_during_runaway = sum(1 for t in finished if window[0] < t < window[1])
    return result


def overhead(build_dir: Path, url: str, repeats: int = 200) -> dict[str, dict[str, float]]:
    """Median milliseconds of three queries, one at a time: evaluated in this process, through a
    worker process of the pool (the pipe and pickling), and over HTTP (the whole service)."""
    import asyncio
    import statistics

    sys.path.insert(0, str(ROOT))
    import pyoxigraph as ox

    from kg.service.pool import QueryPool
    from kg.service.worker import SparqlJob, sparql

    queries = {"ask": "ASK { ?c a gk:County }", "counties": COUNTIES_QUERY, "units": UNITS_QUERY}
    store = ox.Store.read_only(str(build_dir / "store"))
    figures: dict[str, dict[str, float]] = {name: {} for name in queries}

    def median_ms(samples: list[float]) -> float:
        return round(1000 * statistics.median(samples), 2)

    for name, text in queries.items():
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            sparql(store, SparqlJob(text), 500_000)
            samples.append(time.perf_counter() - t0)
        figures[name]["in_process_ms"] = median_ms(samples)

    async def through_pool() -> None:
        pool = QueryPool(build_dir, size=1, timeout=30, max_rows=500_000)
        pool.start()
        try:
            for name, text in queries.items():
                samples = []
                for _ in range(repeats):
                    t0 = time.perf_counter()
                    await pool.run(SparqlJob(text))
                    samples.append(time.perf_counter() - t0)
                figures[name]["worker_process_ms"] = median_ms(samples)
        finally:
            pool.close()

    asyncio.run(through_pool())
    host, port = _loopback(url)
    conn = http.client.HTTPConnection(host, port, timeout=60)
    for name, text in queries.items():
        path = "/sparql?" + urlencode({"query": text})
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            _request(conn, "GET", path, None, {})
            samples.append(time.perf_counter() - t0)
        figures[name]["http_ms"] = median_ms(samples)
    conn.close()
    return figures


def build_corpus(out: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from kg.build import build
    from kg.pipeline import read_documents

    build(read_documents([CORPUS])[0], out)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--timeout", type=float, default=5.0, help="the service's time limit (kg serve --timeout)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--build", type=Path, default=None, help="a build directory (default: the example corpus)")
    parser.add_argument("--no-runaway", action="store_true")
    parser.add_argument("--overhead", action="store_true",
                        help="also time single queries in-process, through a worker process, and over HTTP")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govkg-serve-bench-") as tmp:
        build_dir = args.build or build_corpus(Path(tmp) / "govkg-data")
        extra = ["--timeout", str(args.timeout)] + (["--workers", str(args.workers)] if args.workers else [])
        with running_service(build_dir, *extra) as url:
            single = overhead(build_dir, url) if args.overhead else None
            result = run_load(url, clients=args.clients, seconds=args.seconds,
                              runaway_at=None if args.no_runaway else min(2.0, args.seconds / 4))
    figures = asdict(result)
    if single is not None:
        figures["single_query"] = single
    figures["errors"] = result.errors[:20]
    figures["error_count"] = len(result.errors)
    figures["cores"] = os.cpu_count()
    figures["load_average"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    return 1 if result.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
