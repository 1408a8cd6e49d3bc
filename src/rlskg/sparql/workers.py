"""Time limits that hold in any thread and any process: a query runs in a worker process, killed at its limit.

Parse time and result writing are within the limit. A worker holds its own store (forked with the
caller's when it can be inherited), so one query can hold neither the server nor the other clients.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import signal
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from rlskg.errors import QueryError, QueryTimeout, RlsKgError
from rlskg.sparql.store import Source, open_store

__all__ = ["Busy", "WorkerDied", "WorkerPool", "run_limited"]


class Busy(QueryError):
    """No worker was free before the query's time limit passed; the query did not run."""


class WorkerDied(QueryError):
    """The worker process running a query ended without an answer (killed, or out of memory)."""


def _serve_worker(connection: multiprocessing.connection.Connection, source: Source, store: Any) -> None:
    """A worker's life: open the store, then answer calls until the connection closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        if store is None:
            store = open_store(source)
    except Exception as error:
        connection.send(("error", error if isinstance(error, RlsKgError) else RlsKgError(str(error))))
        return
    connection.send(("ready", None))
    while True:
        try:
            task, args = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", task(store, *args))
        except RlsKgError as error:
            reply = ("error", error)
        except Exception as error:  # an engine failure is the query's answer, not the worker's end
            reply = ("error", QueryError(f"the query failed: {' '.join(str(error).split())}"))
        try:
            connection.send(reply)
        except (EOFError, OSError):
            return


def _context(source: Source, inherit: bool) -> multiprocessing.context.BaseContext:
    if inherit:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["rlskg.sparql.workers", "rlskg.sparql.query", "pyoxigraph", "rdflib"])
    return context


class _Worker:
    """One worker process holding a store, reached through its own pipe."""

    def __init__(self, source: Source, store: Any = None) -> None:
        # A store already in memory is inherited by fork when no other thread could hold a lock;
        # otherwise a fresh process from the fork server opens the source itself.
        inherit = store is not None and threading.active_count() == 1
        context = _context(source, inherit)
        self.connection, child = context.Pipe()
        self.process = context.Process(  # type: ignore[attr-defined]
            target=_serve_worker, args=(child, source, store if inherit else None), daemon=True
        )
        self.process.start()
        child.close()

    def ready(self) -> None:
        """Wait until the worker has opened its store; raise what it met if it could not."""
        try:
            kind, value = self.connection.recv()
        except (EOFError, OSError):
            self.kill()
            raise WorkerDied("the worker process ended while opening the store") from None
        if kind == "error":
            self.kill()
            raise value

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def call(self, task: Callable[..., Any], args: tuple[Any, ...], seconds: float | None) -> Any:
        """Run ``task(store, *args)`` in the worker; kill the worker when ``seconds`` pass."""
        try:
            self.connection.send((task, args))
            if seconds is not None and not self.connection.poll(seconds):
                self.kill()
                raise QueryTimeout(f"the query ran past its time limit of {seconds:g} s and was stopped")
            kind, value = self.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            self.kill()
            raise WorkerDied("the query's worker process ended without an answer (out of memory?)") from None
        if kind == "error":
            raise value
        return value

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


def run_limited(
    source: Source,
    task: Callable[..., Any],
    args: tuple[Any, ...],
    timeout: float | None,
    store: Any = None,
) -> Any:
    """``task(store, *args)`` in a worker process of its own that is killed after ``timeout`` seconds.

    ``store`` is an open store of ``source`` that a forked worker may inherit instead of opening
    the source again.

    Raises
    ------
    QueryTimeout
        When ``timeout`` passes first.

    """
    worker = _Worker(source, store)
    try:
        worker.ready()
        return worker.call(task, args, timeout)
    finally:
        worker.kill()


class WorkerPool:
    """Worker processes, each holding the store, that run calls under a time limit.

    A worker killed at its limit, or found dead (the OOM killer, ``kill -9``), is replaced. A call
    that waits for a free worker past its limit is dropped without running (:class:`Busy`).
    """

    def __init__(self, source: Source, workers: int = 2) -> None:
        self.source = source
        self._idle: list[_Worker] = []
        self._size = workers
        self._starting = 0
        self._closed = False
        self._lock = threading.Condition()
        first = _Worker(source)
        first.ready()  # fail here, with the store's own message, before serving anything
        self._idle.append(first)
        self._all = {first}
        for _ in range(workers - 1):
            self._refill()

    def _refill(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._starting += 1
        threading.Thread(target=self._start_one, daemon=True).start()

    def _start_one(self) -> None:
        worker: _Worker | None = None
        try:
            worker = _Worker(self.source)
            worker.ready()
        except Exception:
            worker = None
            time.sleep(1)  # the store could not be opened; try again later rather than spin
        with self._lock:
            self._starting -= 1
            if worker is not None and not self._closed:
                self._idle.append(worker)
                self._all.add(worker)
                self._lock.notify()
            elif worker is not None:
                worker.kill()
        if worker is None and not self._closed:
            self._refill()

    @contextlib.contextmanager
    def _borrow(self, deadline: float) -> Iterator[_Worker]:
        while True:
            with self._lock:
                while not self._idle:
                    remaining = deadline - time.monotonic()
                    if self._closed:
                        raise Busy("the endpoint is shutting down; the query did not run")
                    if remaining <= 0:
                        raise Busy("every worker stayed busy past the time limit; the query did not run, try again")
                    self._lock.wait(remaining)
                worker = self._idle.pop()
            if worker.alive():
                break
            self._discard(worker)  # killed while idle (kill -9, the OOM killer): replace it, take another
        try:
            yield worker
        except (QueryTimeout, WorkerDied):
            self._discard(worker)
            raise
        finally:  # a worker that answered, even with an error of the query, serves the next one
            if worker.alive():
                self._give_back(worker)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(worker)
                self._lock.notify()
                return
        worker.kill()

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        self._refill()

    def call(self, task: Callable[..., Any], args: tuple[Any, ...], timeout: float, arrived: float) -> Any:
        """Run ``task(store, *args)`` for at most ``timeout`` s, waiting for a worker at most until then.

        ``arrived`` is when the request came (``time.monotonic()``); waiting counts from there.
        """
        with self._borrow(arrived + timeout) as worker:
            return worker.call(task, args, timeout)

    def close(self) -> None:
        """End every worker; waiting calls get :class:`Busy`."""
        with self._lock:
            self._closed = True
            workers, self._idle = list(self._all), []
            self._lock.notify_all()
        for worker in workers:
            worker.kill()
