"""Worker processes that answer queries, each stopped at the time limit.

pyoxigraph has no query cancellation, so a query runs in a worker process (kg.service.worker)
and a query still running at the time limit is ended with its process; a fresh worker takes its
place (forked from a fork server that has the modules loaded: about 0.1 s), and the caller gets
`QueryTimeout`. Each worker is driven by one thread of this pool, which takes jobs from a shared
queue; the asyncio side awaits a future, so the event loop never blocks on a query. A job that
waited longer than the time limit for a free worker is refused with `Busy` instead of waiting on.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path

from kg.service.worker import Job, Reply, worker_main

Context = ForkServerContext | SpawnContext

__all__ = ["Context", "QueryPool", "PoolError", "QueryTimeout", "Busy", "WorkerLost", "process_context"]

RESTART_ATTEMPTS = 5
STARTUP_SECONDS = 120.0  # opening a national store read-only takes a few seconds; a stuck one fails the start


class PoolError(Exception):
    """A job that got no answer; the message is one line for the client."""

    status = 500


class QueryTimeout(PoolError):
    status = 503


class Busy(PoolError):
    status = 503


class WorkerLost(PoolError):
    status = 500


def process_context() -> Context:
    """A fork server where the platform has one (workers start in ~0.1 s with the modules
    loaded, and are never forked from the threaded server), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["kg.service.worker"])
        return ctx
    return multiprocessing.get_context("spawn")


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection


@dataclass(slots=True)
class _Ticket:
    job: Job
    future: asyncio.Future[Reply]
    loop: asyncio.AbstractEventLoop
    queued: float


class QueryPool:
    """`size` worker processes over one build; `await pool.run(job)` answers or raises PoolError."""

    def __init__(self, build_dir: Path, *, size: int, timeout: float, max_rows: int,
                 context: Context | None = None) -> None:
        self.build_dir = Path(build_dir)
        self.size = size
        self.timeout = timeout
        self.max_rows = max_rows
        self._ctx = context or process_context()
        self._jobs: queue.Queue[_Ticket | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._workers: list[_Worker | None] = [None] * size
        self._busy = 0
        self._lock = threading.Lock()
        self.stats = {"answered": 0, "timed_out": 0, "busy": 0, "lost": 0, "restarted": 0}

    # --- lifetime

    def start(self) -> None:
        """Start every worker and wait until each has opened the store; PoolError if one cannot."""
        started = [self._spawn() for _ in range(self.size)]
        for i, worker in enumerate(started):
            self._workers[i] = worker
        for i in range(self.size):
            thread = threading.Thread(target=self._drive, args=(i,), name=f"govkg-query-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def close(self) -> None:
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join(timeout=self.timeout + 5)
        for worker in self._workers:
            if worker is not None:
                self._stop(worker)
        self._threads.clear()

    def alive(self) -> int:
        return sum(1 for w in self._workers if w is not None and w.process.is_alive())

    def busy(self) -> int:
        return self._busy

    def pids(self) -> list[int]:
        return [w.process.pid for w in self._workers if w is not None and w.process.pid is not None]

    # --- asking

    async def run(self, job: Job) -> Reply:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Reply] = loop.create_future()
        self._jobs.put(_Ticket(job, future, loop, time.monotonic()))
        return await future

    # --- inside the pool's threads

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(target=worker_main, args=(child, str(self.build_dir), self.max_rows),
                                    name="govkg-query-worker", daemon=True)
        process.start()
        child.close()
        if not parent.poll(STARTUP_SECONDS):
            process.kill()
            raise PoolError(f"{self.build_dir}: a query worker did not open the store within {STARTUP_SECONDS:.0f} s")
        try:
            status, message = parent.recv()
        except (EOFError, OSError):
            raise PoolError(f"{self.build_dir}: a query worker stopped while opening the store "
                            f"(exit code {process.exitcode})") from None
        if status != "ready":
            process.join(5)
            raise PoolError(str(message))
        return _Worker(process, parent)

    def _stop(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.conn.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)

    def _replace(self, index: int) -> None:
        old = self._workers[index]
        self._workers[index] = None
        if old is not None:
            self._stop(old)
        self.stats["restarted"] += 1
        for attempt in range(RESTART_ATTEMPTS):
            try:
                self._workers[index] = self._spawn()
                return
            except PoolError:  # e.g. out of memory for a moment: try again rather than lose the worker
                time.sleep(1.0 + attempt)
        # still none: this thread's next job tries again, and /healthz counts one worker fewer

    def _drive(self, index: int) -> None:
        while True:
            ticket = self._jobs.get()
            if ticket is None:
                return
            if ticket.future.cancelled():  # the client went away while it waited
                continue
            waited = time.monotonic() - ticket.queued
            if waited > self.timeout:
                self.stats["busy"] += 1
                self._settle(ticket, error=Busy(f"every query worker was busy for {waited:.0f} s (the time limit); "
                                                "try again"))
                continue
            with self._lock:
                self._busy += 1
            try:
                reply_or_error = self._exchange(index, ticket.job)
            finally:
                with self._lock:
                    self._busy -= 1
            if isinstance(reply_or_error, PoolError):
                self._settle(ticket, error=reply_or_error)
            else:
                self.stats["answered"] += 1
                self._settle(ticket, reply=reply_or_error)

    def _exchange(self, index: int, job: Job) -> Reply | PoolError:
        worker = self._workers[index]
        if worker is None or not worker.process.is_alive():
            self._replace(index)
            worker = self._workers[index]
            if worker is None:
                self.stats["lost"] += 1
                return WorkerLost("no query worker could be started (see the server's log); try again")
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                reply: Reply = worker.conn.recv()
                return reply
        except (EOFError, OSError, BrokenPipeError):
            code = worker.process.exitcode
            self.stats["lost"] += 1
            self._replace(index)
            return WorkerLost(f"the query worker stopped while answering (exit code {code}); the service goes on")
        self.stats["timed_out"] += 1
        self._replace(index)
        return QueryTimeout(f"the query ran longer than the time limit ({self.timeout:g} s) and was stopped: narrow "
                            "it (a county, a LIMIT), or start kg serve with a larger --timeout")

    @staticmethod
    def _settle(ticket: _Ticket, *, reply: Reply | None = None, error: PoolError | None = None) -> None:
        def settle() -> None:
            if ticket.future.done():
                return
            if error is not None:
                ticket.future.set_exception(error)
            else:
                ticket.future.set_result(reply)  # type: ignore[arg-type]

        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting
            ticket.loop.call_soon_threadsafe(settle)


def default_workers() -> int:
    """One worker a core, at least two (a runaway query must not hold the only one)."""
    return max(2, os.cpu_count() or 1)
