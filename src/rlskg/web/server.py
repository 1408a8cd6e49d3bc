"""`rlskg serve`: the application of :mod:`rlskg.web.app` on uvicorn, bound to its socket, and its workers.

:func:`make_server` binds the address and starts the query workers (or opens the remote store) before
anything is served, so a bad address or graph is one line at start-up; :func:`serve` runs it until
Ctrl-C or SIGTERM, then ends every worker.
"""

from __future__ import annotations

import signal
import socket
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rlskg.sparql.store import Source
from rlskg.sparql.workers import WorkerPool
from rlskg.web.app import application
from rlskg.web.query import query_page
from rlskg.web.sparql import MAX_ANSWER, MAX_URL, Endpoint

if TYPE_CHECKING:
    from rlskg.kg import KnowledgeGraph

__all__ = ["Server", "close", "make_server", "serve"]


class Server:
    """An endpoint with its HTTP server, bound to its socket but not yet running."""

    def __init__(self, endpoint: Endpoint, sock: socket.socket, kg: KnowledgeGraph | None = None) -> None:
        import uvicorn  # noqa: PLC0415

        self.endpoint = endpoint
        self.socket = sock
        self.server_address: tuple[str, int] = sock.getsockname()[:2]
        config = uvicorn.Config(
            application(endpoint, kg),
            http="h11",
            lifespan="off",
            log_level="warning",
            timeout_graceful_shutdown=1,
            h11_max_incomplete_event_size=2 * MAX_URL,
        )
        self.uvicorn = uvicorn.Server(config)
        self._stopped = threading.Event()

    def serve_forever(self) -> None:
        """Serve until :func:`close`, Ctrl-C or SIGTERM (signals are heard in the main thread only)."""
        try:
            self.uvicorn.run(sockets=[self.socket])
        finally:
            self._stopped.set()


def make_server(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    timeout: float = 10.0,
    workers: int = 2,
    graph_path: Path | None = None,
    source: Source | None = None,
    root: Path | None = None,
    federation: Iterable[str] = (),
    max_answer: int = MAX_ANSWER,
    kg: KnowledgeGraph | None = None,
    web: bool = True,
    endpoint: str | None = None,
) -> Server:
    """A ready, not yet running endpoint; ``server.serve_forever()`` runs it, ``close(server)`` ends it.

    With ``web`` (the default) it also serves the web pages (:mod:`rlskg.web.app`) over ``kg``, by
    default the graph beside ``graph_path`` (else the default graph). With ``endpoint`` (a SPARQL
    endpoint's query address) queries are forwarded there and the web pages answer from it; it is
    asked for the graph's names before anything is served.

    Raises
    ------
    GraphNotBuilt
        When there is no built graph to serve.
    RlsKgError
        When the graph is not RDF, the store cannot be opened, or ``endpoint`` is not an http(s)
        address, cannot be reached (:class:`~rlskg.sparql.endpoint.EndpointFailed`) or holds no rls-kg graph.
    OSError
        When the address cannot be bound.

    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)  # clients may connect at once; uvicorn accepts once it runs
        pool = None
        if endpoint is not None:
            from rlskg.kg import RemoteGraph  # noqa: PLC0415

            # Opened even without web pages: it proves the endpoint answers and holds the graph.
            remote = RemoteGraph.open(endpoint, timeout=timeout, federation=federation)
            kg = kg if kg is not None else remote
        else:
            if web and kg is None:
                kg = _web_graph(graph_path, root)
            pool = WorkerPool(source or Source.of(graph_path, None, root), workers)
    except BaseException:
        sock.close()
        raise
    answers = Endpoint(pool, timeout, query_page(root), federation, max_answer, remote=endpoint)
    return Server(answers, sock, kg if web else None)


def _web_graph(graph_path: Path | None, root: Path | None) -> KnowledgeGraph:
    """The graph the web pages answer from: the build beside ``graph_path``, else the project's."""
    from rlskg.kg import KnowledgeGraph  # noqa: PLC0415

    if graph_path is not None:
        folder = graph_path.parent
        return KnowledgeGraph.open(folder if (folder / "rls.network.json").is_file() else graph_path)
    if root is not None and (root / "build" / "rls.network.json").is_file():
        return KnowledgeGraph.open(root / "build")
    return KnowledgeGraph.open()


def close(server: Server) -> None:
    """Stop serving and end the worker processes."""
    server.uvicorn.should_exit = True
    if server.uvicorn.started:
        server._stopped.wait(10)
    server.endpoint.close()
    server.socket.close()


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    timeout: float = 10.0,
    workers: int = 2,
    graph_path: Path | None = None,
    source: Source | None = None,
    root: Path | None = None,
    federation: Iterable[str] = (),
    endpoint: str | None = None,
) -> None:
    """Serve until interrupted (Ctrl-C) or terminated (SIGTERM), then end every worker.

    With ``endpoint``, answer from that SPARQL endpoint (see :func:`make_server`).
    """

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # uvicorn hears SIGTERM while it runs and raises it again once stopped: then this ends us.
    signal.signal(signal.SIGTERM, stop)
    server = make_server(
        host,
        port,
        timeout=timeout,
        workers=workers,
        graph_path=graph_path,
        source=source,
        root=root,
        federation=federation,
        endpoint=endpoint,
    )
    bound_host, bound_port = server.server_address
    print(
        f"SPARQL endpoint: http://{bound_host!s}:{bound_port}/sparql  (web pages: http://{bound_host!s}:{bound_port}/)"
    )
    answering = f"answers from {endpoint}" if endpoint else f"{workers} worker(s)"
    print(f"read-only; {timeout:g} s per query; {answering}. Ctrl-C stops it.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.endpoint.close()
        server.socket.close()
