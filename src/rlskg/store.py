"""The SPARQL store: the built graph in Oxigraph, in memory or on disk, queried under a time limit.

Oxigraph (pyoxigraph) evaluates every query. The shipped graph is loaded in memory from
``build/rls.nq`` (N-Quads, one named graph per source or layer) when it exists, else from
``build/rls.ttl``; a large graph is loaded once into a store on disk (:func:`load_store`) and
opened read-only. The default graph of a query is the store's default graph (rls.nq keeps the
whole graph there, besides its named graphs), unless the query names its dataset (``FROM``,
``FROM NAMED``) or the caller does (the protocol's ``default-graph-uri`` and ``named-graph-uri``).

Time limits hold in any thread and any process: a query with a limit runs in a worker process
that is killed when the limit passes, parse time and result writing included. ``SERVICE`` is
refused unless its endpoint was named in ``federation``, so a query cannot make the machine
send a request anywhere else.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rlskg.errors import GraphNotBuilt, QueryError, QueryTimeout, RlsKgError

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

__all__ = [
    "Busy",
    "EndpointFailed",
    "QueryPlan",
    "Remote",
    "Source",
    "WorkerDied",
    "WorkerPool",
    "check_endpoint",
    "is_endpoint",
    "load_store",
    "open_store",
    "plan",
    "push",
    "remote_evaluate",
    "run_limited",
    "to_rdflib",
]

_SUFFIXES = {
    ".nq": "N_QUADS",
    ".nt": "N_TRIPLES",
    ".ttl": "TURTLE",
    ".trig": "TRIG",
    ".rdf": "RDF_XML",
    ".owl": "RDF_XML",
    ".xml": "RDF_XML",
    ".jsonld": "JSON_LD",
}
#: How deep brackets may nest in a query; deeper ones would overflow the parser's stack.
MAX_NESTING = 200


class Busy(QueryError):
    """No worker was free before the query's time limit passed; the query did not run."""


class WorkerDied(QueryError):
    """The worker process running a query ended without an answer (killed, or out of memory)."""


class EndpointFailed(RlsKgError):
    """A remote endpoint could not be reached, failed on its side (5xx), or answered what is not SPARQL."""


# ---------------------------------------------------------------- where the data comes from


@dataclass(frozen=True)
class Source:
    """Where a store's data comes from: an RDF file, a store folder on disk, or N-Quads bytes.

    A Source is small and can be pickled, so a worker process opens its own store from it.
    """

    file: Path | None = None
    directory: Path | None = None
    data: bytes | None = field(default=None, repr=False)

    @classmethod
    def default(cls, root: Path | None = None) -> Source:
        """The built graph: ``$RLSKG_GRAPH``, else the build/ of ``root`` or of the default graph.

        The default is the project around the current folder, else the graph shipped in the package;
        its rls.nq when it exists, else rls.ttl.
        """
        from rlskg.project import default_build, is_root  # noqa: PLC0415

        if "RLSKG_GRAPH" in os.environ:
            return cls(file=Path(os.environ["RLSKG_GRAPH"]))
        folder = root / "build" if root is not None and is_root(root) else default_build()
        for name in ("rls.nq", "rls.ttl", "rls.nt"):  # rls.nt: a large build writes only N-Triples
            if (folder / name).is_file():
                return cls(file=folder / name)
        return cls(file=folder / "rls.ttl")

    @classmethod
    def of(cls, graph_path: Path | None = None, store_dir: Path | None = None, root: Path | None = None) -> Source:
        """The source a command names: a store folder, else a graph file, else the default build."""
        if store_dir is not None:
            return cls(directory=Path(store_dir))
        if graph_path is not None:
            return cls(file=Path(graph_path))
        return cls.default(root)

    @classmethod
    def from_rdflib(cls, graph: Graph) -> Source:
        """An rdflib Graph (or Dataset) copied as N-Quads: the graph may change after this call."""
        fmt = "nquads" if graph.context_aware else "nt"
        return cls(data=graph.serialize(format=fmt, encoding="utf-8"))

    def describe(self) -> str:
        """The file or folder, for messages."""
        return str(self.directory or self.file or "an rdflib graph")


def _format(path: Path) -> pyoxigraph.RdfFormat:
    import pyoxigraph  # noqa: PLC0415

    name = _SUFFIXES.get(path.suffix.lower())
    if name is None:
        raise RlsKgError(f"{path}: not an RDF file (known kinds: {', '.join(sorted(_SUFFIXES))})")
    return getattr(pyoxigraph.RdfFormat, name)  # type: ignore[no-any-return]


def _bad_rdf(path: Path, error: Exception) -> RlsKgError:
    message = " ".join(str(error).split())
    found = re.search(r"at line (\d+)", message)
    where = f"{path}:{found.group(1)}" if found else str(path)
    message = re.sub(r"^Parser error at line \d+ (between columns \d+ and \d+|at column \d+)?:?\s*", "", message)
    message = re.sub(r"\s*\([^()]*, line \d+\)$", "", message)
    return RlsKgError(f"{where}: not valid RDF: {message}")


def open_store(source: Source) -> pyoxigraph.Store:
    """An Oxigraph store holding the source's data (read-only for a folder on disk).

    Raises
    ------
    GraphNotBuilt
        When the file or folder does not exist.
    RlsKgError
        When the file is not RDF (with file:line) or the folder is not a store.

    """
    import pyoxigraph  # noqa: PLC0415

    if source.directory is not None:
        if not (source.directory / "CURRENT").is_file():
            if not source.directory.exists():
                raise GraphNotBuilt(source.directory)
            raise RlsKgError(f"{source.directory}: not a store; make one with `rlskg load --store DIR`")
        try:
            return pyoxigraph.Store.read_only(str(source.directory))
        except OSError as error:
            raise RlsKgError(f"{source.directory}: cannot open the store: {error}") from None
    store = pyoxigraph.Store()
    if source.data is not None:
        store.bulk_load(source.data, pyoxigraph.RdfFormat.N_QUADS)
        return store
    assert source.file is not None
    if not source.file.is_file():
        raise GraphNotBuilt(source.file)
    fmt = _format(source.file)
    try:
        store.bulk_load(path=str(source.file), format=fmt)
    except (SyntaxError, ValueError) as error:
        raise _bad_rdf(source.file, error) from None
    return store


def load_store(directory: Path, graph_file: Path) -> int:
    """Load an RDF file into a store on disk at ``directory`` (replacing what was there); the quad count.

    The store is written beside the folder first and moved into place when complete, so a failed
    load leaves the folder as it was.
    """
    import shutil  # noqa: PLC0415

    import pyoxigraph  # noqa: PLC0415

    directory = Path(directory)
    if not graph_file.is_file():
        raise GraphNotBuilt(graph_file)
    fmt = _format(graph_file)
    if directory.exists() and not (directory / "CURRENT").is_file() and any(directory.iterdir()):
        raise RlsKgError(f"{directory}: exists and is not a store; give an empty or new folder")
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        partial = directory.with_name(directory.name + ".loading")
        shutil.rmtree(partial, ignore_errors=True)
        store = pyoxigraph.Store(str(partial))
        try:
            store.bulk_load(path=str(graph_file), format=fmt)
        except (SyntaxError, ValueError) as error:
            del store
            shutil.rmtree(partial, ignore_errors=True)
            raise _bad_rdf(graph_file, error) from None
        store.flush()
        count = len(store)
        del store
        if directory.exists():
            shutil.rmtree(directory)
        partial.rename(directory)
    except OSError as error:
        raise RlsKgError(f"cannot write the store at {directory}: {error.strerror or error}") from None
    return count


# ---------------------------------------------------------------- reading a query before it runs

_TOKENS = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                   |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
      | (?P<name>[^\W\d][\w.\-]*:[\w.\-%:]*|:[\w.\-%:]*|[^\W\d][\w\-]*)
      | (?P<open>[({\[])
      | (?P<close>[)}\]])
    """,
    re.X | re.S,
)
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@dataclass(frozen=True)
class QueryPlan:
    """What a query's text says before it is parsed: its variables, dataset, services and nesting."""

    variables: frozenset[str]
    update: bool
    names_dataset: bool
    services: tuple[str | None, ...]
    nesting: int
    #: Where the query's pattern opens (just after its ``{``), to bind values there; None if it has none.
    pattern: int | None = None


def plan(text: str, prefixes: dict[str, str] | None = None) -> QueryPlan:
    """Read a query's keywords, variables and SERVICE endpoints, skipping comments, strings and IRIs.

    A SERVICE endpoint given as a variable is None.

    Examples
    --------
    >>> p = plan('SELECT ?x WHERE { SERVICE <http://example.org/sparql> { ?x ?p "SERVICE" } }')
    >>> p.services, sorted(p.variables), p.update
    (('http://example.org/sparql',), ['p', 'x'], False)
    >>> plan("# DELETE\\nSELECT * FROM <g> WHERE { ?s ?p ?o }").names_dataset
    True
    >>> plan("CLEAR ALL").update
    True

    """
    declared = dict(prefixes or {})
    variables: set[str] = set()
    update = names_dataset = False
    services: list[str | None] = []
    depth = deepest = 0
    words: list[str] = []  # the keywords met at depth 0, in order
    pattern: int | None = None
    matches = [m for m in _TOKENS.finditer(text) if m.lastgroup not in ("comment", "string")]
    tokens = [(m.lastgroup, m.group()) for m in matches]
    for position, (kind, value) in enumerate(tokens):
        if kind == "var":
            variables.add(value[1:])
        elif kind == "open":
            if depth == 0 and value == "{" and pattern is None and _opens_pattern(words):
                pattern = matches[position].end()
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth -= 1
        elif kind == "name" and ":" not in value:
            word = value.upper()
            if depth == 0:
                words.append(word)
            if word in _UPDATE_WORDS:
                update = True
            elif word == "FROM":
                names_dataset = True
            elif word == "PREFIX" and position + 2 < len(tokens) and tokens[position + 2][0] == "iri":
                declared[tokens[position + 1][1].rstrip(":")] = tokens[position + 2][1][1:-1]
            elif word == "SERVICE":
                services.append(_service_target(tokens[position + 1 :], declared))
    return QueryPlan(frozenset(variables), update, names_dataset, tuple(services), deepest, pattern)


def _opens_pattern(words: list[str]) -> bool:
    """Whether a ``{`` after these keywords opens the query's pattern (not a CONSTRUCT template)."""
    forms = [w for w in words if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")]
    if not forms:
        return False
    if forms[0] != "CONSTRUCT":
        return True
    # CONSTRUCT { template } WHERE { pattern }; the short form CONSTRUCT WHERE { ... } takes no VALUES
    return words[-1] == "WHERE" and words[-2:] != ["CONSTRUCT", "WHERE"]


def _service_target(rest: list[tuple[str | None, str]], prefixes: dict[str, str]) -> str | None:
    if rest and rest[0][0] == "name" and rest[0][1].upper() == "SILENT":
        rest = rest[1:]
    if not rest:
        return None
    kind, value = rest[0]
    if kind == "iri":
        return value[1:-1]
    if kind == "name" and ":" in value:
        prefix, _, local = value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else None
    return None


def check(text: str, prefixes: dict[str, str], federation: Iterable[str] = ()) -> QueryPlan:
    """The query's plan, after refusing updates, SERVICE calls not allowed, and too deep nesting.

    Raises
    ------
    QueryError
        For an update request, a SERVICE endpoint not in ``federation``, or nesting deeper than
        MAX_NESTING.

    """
    found = plan(text, prefixes)
    if found.update:
        raise QueryError("updates are not allowed: the graph is read-only")
    allowed = set(federation)
    for target in found.services:
        if target is None or target not in allowed:
            named = f"<{target}>" if target else "an endpoint given by a variable"
            raise QueryError(
                f"SERVICE {named} is not allowed: federation is off unless it is turned on for named endpoints"
            )
    if found.nesting > MAX_NESTING:
        raise QueryError(f"the query nests brackets {found.nesting} deep; at most {MAX_NESTING} are allowed")
    return found


# ---------------------------------------------------------------- time limits by killable processes


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
    context.set_forkserver_preload(["rlskg.store", "rlskg.sparql", "pyoxigraph", "rdflib"])
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


# ---------------------------------------------------------------- a remote SPARQL 1.1 endpoint


def is_endpoint(location: object) -> bool:
    """Whether ``location`` names a SPARQL endpoint (an http or https address) rather than a file.

    >>> is_endpoint("http://127.0.0.1:7878/query"), is_endpoint("build/rls.ttl")
    (True, False)
    """
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


def check_endpoint(url: str) -> str:
    """``url`` when it is an http or https address with a host, for a one-line error before any request.

    Raises
    ------
    RlsKgError
        For any other address (a file: or ftp: one included: urllib would open those too).

    Examples
    --------
    >>> check_endpoint("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/query'
    >>> check_endpoint("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    rlskg.errors.RlsKgError: 'file:///etc/passwd' is not the http(s) address of a SPARQL endpoint

    """
    from urllib.parse import urlsplit  # noqa: PLC0415

    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # a port that is not a number, or out of range
        port_ok = False
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok or any(c.isspace() for c in url):
        raise RlsKgError(f"'{url[:200]}' is not the http(s) address of a SPARQL endpoint")
    return url


@dataclass(frozen=True)
class Remote:
    """A SPARQL 1.1 Protocol endpoint (its query address), such as Oxigraph's ``/query``."""

    url: str


def _http(
    url: str, *, data: bytes | None, headers: dict[str, str], method: str, deadline: float | None
) -> tuple[int, str, bytes]:
    """(status, content type, body) of one HTTP exchange; the body is read before ``deadline``."""
    import urllib.error  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    remaining = None if deadline is None else max(deadline - time.monotonic(), 0.001)
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        response = urllib.request.urlopen(request, timeout=remaining)
    except urllib.error.HTTPError as error:
        response = error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError) or isinstance(error, TimeoutError):
            raise QueryTimeout(f"{url} did not answer within the time limit") from None
        raise EndpointFailed(f"cannot reach {url}: {reason}") from None
    with response:
        chunks = []
        try:
            while chunk := response.read(65536):
                chunks.append(chunk)
                if deadline is not None and time.monotonic() > deadline:
                    raise QueryTimeout(f"{url} was still sending its answer at the time limit")
        except TimeoutError:
            raise QueryTimeout(f"{url} did not answer within the time limit") from None
        return response.status, response.headers.get("Content-Type", ""), b"".join(chunks)


def _refusal(url: str, status: int, body: bytes) -> RlsKgError:
    first = next((line for line in body.decode("utf-8", errors="replace").splitlines() if line.strip()), "")
    failed = EndpointFailed if status >= 500 else QueryError  # a 5xx is the endpoint's fault, not the query's
    return failed(f"{url} answered {status}: {first.strip()[:300]}")


def remote_evaluate(
    remote: Remote, text: str, form: str, timeout: float | None, dataset: tuple[list[str], list[str]] | None = None
) -> tuple[Any, ...]:
    """Run a query text on a remote endpoint; the answer as :func:`rlskg.sparql.evaluate` gives it.

    ``dataset`` is the protocol's (default-graph-uri list, named-graph-uri list), sent on as given.

    Raises
    ------
    QueryError
        When the endpoint refuses the query (a 4xx answer).
    QueryTimeout
        When the answer is not complete within ``timeout`` seconds.
    EndpointFailed
        When the endpoint cannot be reached, fails (a 5xx answer), or answers what is not a SPARQL result.

    """
    import io  # noqa: PLC0415
    from urllib.parse import urlencode  # noqa: PLC0415

    from rdflib.query import Result  # noqa: PLC0415

    graph = form in ("CONSTRUCT", "DESCRIBE")
    accept = "application/n-triples, text/turtle;q=0.9" if graph else "application/sparql-results+json"
    deadline = None if not timeout else time.monotonic() + timeout
    fields = [("query", text)]
    if dataset is not None:
        fields += [("default-graph-uri", iri) for iri in dataset[0]] + [("named-graph-uri", iri) for iri in dataset[1]]
    status, content_type, body = _http(
        remote.url,
        data=urlencode(fields).encode(),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
        deadline=deadline,
    )
    if status != 200:
        raise _refusal(remote.url, status, body)
    try:
        if graph:  # parsed by Oxigraph's parser: 10x faster than rdflib's on a large neighbourhood
            import pyoxigraph  # noqa: PLC0415

            fmt = pyoxigraph.RdfFormat.TURTLE if "turtle" in content_type else pyoxigraph.RdfFormat.N_TRIPLES
            parsed = pyoxigraph.parse(body, fmt, without_named_graphs=True, rename_blank_nodes=True)
            return (form, [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in parsed])
        result = Result.parse(io.BytesIO(body), format="json")
    except Exception as error:  # whatever the parser met: the endpoint's answer is not what was asked for
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        raise EndpointFailed(f"{remote.url} answered what is not a SPARQL result ({content_type}): {reason}") from None
    if result.type == "ASK":
        return ("ASK", bool(result.askAnswer))
    names = [str(v) for v in result.vars or []]
    rows = [tuple(binding.get(v) for v in result.vars or []) for binding in result.bindings]
    return ("SELECT", names, rows)


def to_rdflib(term: Any) -> Any:
    """An Oxigraph term as rdflib's (which pickles, and which rdflib's results hold)."""
    import pyoxigraph  # noqa: PLC0415
    from rdflib import BNode, Literal, URIRef  # noqa: PLC0415

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return Literal(str(term))  # an RDF-star triple term, shown as text


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def push(store_url: str, source: Source, graph: str | None = None, timeout: float | None = 600) -> dict[str, int]:
    """Load a build into a triplestore with the Graph Store Protocol; the triples sent, by graph.

    Each named graph of the source replaces the graph of that name, and the default graph the
    store's default graph; with ``graph`` everything goes into that one graph instead.
    """
    import pyoxigraph  # noqa: PLC0415

    local = open_store(source)
    parts: list[tuple[str | None, Any]] = [(None, pyoxigraph.DefaultGraph())]
    parts += [(g.value, g) for g in local.named_graphs() if isinstance(g, pyoxigraph.NamedNode)]
    bodies: dict[str | None, bytearray] = {}
    for name, part in parts:
        target = graph if graph is not None else name
        data = local.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=part)
        if data:
            bodies.setdefault(target, bytearray()).extend(data)
    sent: dict[str, int] = {}
    deadline = None if not timeout else time.monotonic() + timeout
    from urllib.parse import quote  # noqa: PLC0415

    for target, payload in bodies.items():
        url = f"{store_url}?default" if target is None else f"{store_url}?graph={quote(target, safe='')}"
        status, _, body = _http(
            url,
            data=bytes(payload),
            headers={"Content-Type": "application/n-triples"},
            method="PUT",
            deadline=deadline,
        )
        if status not in (200, 201, 204):
            raise _refusal(url, status, body)
        sent[target or "default graph"] = payload.count(b"\n")
    return sent
