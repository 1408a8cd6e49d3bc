"""A read-only SPARQL 1.1 Protocol endpoint over the built graph.

HTTP is uvicorn's (h11) and Starlette's: they read requests, Content-Length and chunked bodies,
and keep the connections; this module answers the protocol. Queries run in a pool of worker
processes (:class:`rlskg.store.WorkerPool`) that each hold the store, and a worker is killed at the
time limit, parse time and result writing included, so one query can hold neither the server
nor the other clients. Served with ``endpoint`` (`rlskg serve --endpoint URL`), queries are
forwarded to that SPARQL endpoint instead, under the same checks and time limit, and its failures
become one-line 502 and 504 answers. Updates are refused with 403, SERVICE unless federation names the
endpoint. CORS is open, and ``/sparql`` opened in a browser is a query page that works offline. Beside the
endpoint, :mod:`rlskg.web` serves the web pages (``/``, ``/why/...``, the linked-data pages).
"""

from __future__ import annotations

import json
import signal
import socket
import threading
import time
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote

from rlskg.errors import QueryError, QueryTimeout
from rlskg.store import Busy, EndpointFailed, Source, WorkerDied, WorkerPool

if TYPE_CHECKING:
    from rlskg.kg import KnowledgeGraph

__all__ = ["Endpoint", "Server", "close", "make_server", "negotiate", "serve"]

_RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/plain": "table",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
}
#: The largest request body read, and the longest request target (path and query string).
MAX_BODY = 1_000_000
MAX_URL = 65_536
#: The largest answer sent (by default); a larger one is refused rather than held in memory twice.
MAX_ANSWER = 100_000_000
_TEXT = "text/plain; charset=utf-8"


def _parse_accept(accept: str) -> tuple[list[str], set[str]]:
    """The media types acceptable, best first, and those refused with q=0."""
    ranked, refused = [], set()
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
        elif media:
            refused.add(media.lower())
    return [media for _, _, media in sorted(ranked)], refused


def negotiate(accept: str, kind: str, requested: str | None = None) -> str | None:
    """The format for a result of ``kind`` (SELECT, ASK, CONSTRUCT, DESCRIBE) from an Accept header.

    A ``format`` parameter naming a format of the kind (json, xml, csv, tsv, turtle, nt, json-ld)
    wins over the header; one that names none is ignored. A media type with ``q=0`` is never
    chosen. Returns None when nothing acceptable can be made.

    Examples
    --------
    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "SELECT")
    'xml'
    >>> negotiate("*/*", "CONSTRUCT")
    'turtle'
    >>> negotiate("application/sparql-results+json;q=0, */*", "SELECT")
    'xml'
    >>> negotiate("image/png", "ASK") is None
    True

    """
    graph = kind in ("CONSTRUCT", "DESCRIBE")
    table = _GRAPH_TYPES if graph else _RESULT_TYPES
    if requested and requested in set(table.values()):
        return requested
    media_types, refused = _parse_accept(accept or "*/*")
    allowed = [fmt for media, fmt in table.items() if media not in refused]
    allowed = [fmt for fmt in dict.fromkeys(allowed) if not any(table[m] == fmt for m in refused if m in table)]
    for media in media_types or ["*/*"]:
        if media in table and table[media] in allowed:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            preferred = ("turtle" if graph else ("csv" if media == "text/*" else "json"), *allowed)
            for fmt in preferred:
                if fmt in allowed and (media != "text/*" or _media_type(fmt, kind).startswith("text/")):
                    return fmt
    return None


def _media_type(fmt: str, kind: str) -> str:
    from rlskg.sparql import GRAPH_FORMATS, RESULT_FORMATS  # noqa: PLC0415

    return (GRAPH_FORMATS if kind in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS)[fmt]


# ---------------------------------------------------------------- answering the protocol


class Endpoint:
    """The protocol's answers: the worker pool holding the store (or a remote endpoint), time limit, query page."""

    def __init__(
        self,
        pool: WorkerPool | None,
        timeout: float,
        page: bytes,
        federation: Iterable[str] = (),
        max_answer: int = MAX_ANSWER,
        *,
        remote: str | None = None,
    ) -> None:
        if (pool is None) == (remote is None):
            raise ValueError("an endpoint answers from a worker pool or from a remote endpoint, one of them")
        self.pool = pool
        self.remote = remote
        self.max_answer = max_answer
        self.timeout = timeout
        self.page = page
        self.federation = tuple(federation)

    def run(
        self,
        text: str,
        accept: str,
        requested: str | None,
        dataset: tuple[list[str], list[str]] | None = None,
        arrived: float | None = None,
    ) -> tuple[int, str, bytes]:
        """(HTTP status, content type, body) for one query."""
        from rlskg.sparql import answer, prepare  # noqa: PLC0415

        arrived = time.monotonic() if arrived is None else arrived
        try:
            prepared = prepare(text, dataset=dataset, federation=self.federation)
        except QueryError as error:
            status = 403 if str(error).startswith("updates are not allowed") else 400
            return status, _TEXT, f"{error}\n".encode()
        fmt = negotiate(accept, prepared.form, requested)
        if fmt is None:
            return 406, _TEXT, f"cannot answer a {prepared.form} query as {accept}\n".encode()
        if self.remote is not None:
            return self._forward(text, fmt, prepared.form, dataset, arrived)
        assert self.pool is not None
        try:
            body = self.pool.call(answer, (prepared, fmt, self.max_answer), self.timeout, arrived)
        except (Busy, WorkerDied) as error:
            return 503, _TEXT, f"{error}\n".encode()
        except QueryError as error:  # QueryTimeout included
            status = 503 if "time limit" in str(error) else 400
            return status, _TEXT, f"{error}\n".encode()
        return 200, _media_type(fmt, prepared.form), body

    def _forward(
        self, text: str, fmt: str, form: str, dataset: tuple[list[str], list[str]] | None, arrived: float
    ) -> tuple[int, str, bytes]:
        """The remote endpoint's answer: 504 past the time limit, 502 when it fails, 400 when it refuses."""
        from rlskg.sparql import forward  # noqa: PLC0415

        assert self.remote is not None
        left = self.timeout - (time.monotonic() - arrived)
        try:
            if left <= 0:
                raise QueryTimeout(f"the query waited past its time limit of {self.timeout:g} s and was not sent")
            body = forward(
                self.remote,
                text,
                fmt,
                timeout=left,
                dataset=dataset,
                federation=self.federation,
                max_bytes=self.max_answer,
            )
        except QueryTimeout as error:
            return 504, _TEXT, f"{error}\n".encode()
        except EndpointFailed as error:
            return 502, _TEXT, f"{error}\n".encode()
        except QueryError as error:
            return 400, _TEXT, f"{error}\n".encode()
        return 200, _media_type(fmt, form), body

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


def _app(endpoint: Endpoint, kg: KnowledgeGraph | None = None) -> Any:
    """The ASGI application: /sparql, and the web pages of :mod:`rlskg.web` over ``kg`` when given.

    ``/`` is the home page (what causes RLS?) for a plain GET; given a query (or POSTed one) it is
    the endpoint, as before. Without ``kg``, ``/`` is the query page.
    """
    import anyio  # noqa: PLC0415
    from starlette.applications import Starlette  # noqa: PLC0415
    from starlette.exceptions import HTTPException  # noqa: PLC0415
    from starlette.requests import Request  # noqa: PLC0415
    from starlette.responses import Response  # noqa: PLC0415
    from starlette.routing import Route  # noqa: PLC0415

    limiter: list[anyio.CapacityLimiter] = []
    from rlskg.web import csp_for_inline  # noqa: PLC0415

    page_policy = csp_for_inline(endpoint.page.decode("utf-8"))

    def respond(status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None) -> Response:
        extra = {"Access-Control-Allow-Origin": "*", "Vary": "Accept", **(headers or {})}
        return Response(body, status_code=status, media_type=content_type, headers=extra)

    def text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        return respond(status, _TEXT, f"{message}\n".encode(), headers)

    async def run(params: dict[str, list[str]], accept: str, body_query: str | None, arrived: float) -> Response:
        if "update" in params:
            return text(403, "updates are not allowed: this endpoint is read-only")
        queries = params.get("query", []) + ([body_query] if body_query is not None else [])
        if len(queries) != 1:
            return text(400, "give exactly one query (the 'query' parameter)")
        requested = params["format"][0] if params.get("format") else None
        defaults, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
        dataset = (defaults, named) if defaults or named else None
        if not limiter:
            limiter.append(anyio.CapacityLimiter(64))
        status, content_type, body = await anyio.to_thread.run_sync(
            endpoint.run, queries[0], accept, requested, dataset, arrived, limiter=limiter[0]
        )
        return respond(status, content_type, body)

    async def sparql(request: Request) -> Response:
        arrived = time.monotonic()
        if request.method == "OPTIONS":
            return respond(
                204,
                _TEXT,
                b"",
                {
                    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                    "Access-Control-Allow-Headers": "Content-Type, Accept",
                    "Access-Control-Max-Age": "86400",
                },
            )
        raw_query: bytes = request.scope.get("query_string", b"")
        if len(request.scope.get("raw_path", b"")) + len(raw_query) > MAX_URL:
            return text(414, f"the request target is over {MAX_URL} bytes; POST long queries")
        params = parse_qs(raw_query.decode("utf-8", errors="replace"), keep_blank_values=True)
        accept = request.headers.get("accept", "*/*")
        if request.method in ("GET", "HEAD"):
            if not params:
                return respond(200, "text/html; charset=utf-8", endpoint.page, {"Content-Security-Policy": page_policy})
            return await run(params, accept, None, arrived)
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
            return text(413, f"the request body is over {MAX_BODY} bytes")
        received = bytearray()
        async for chunk in request.stream():
            received += chunk
            if len(received) > MAX_BODY:
                return text(413, f"the request body is over {MAX_BODY} bytes")
        body = received.decode("utf-8", errors="replace")
        media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            return await run({**params, **parse_qs(body, keep_blank_values=True)}, accept, None, arrived)
        if media == "application/sparql-query":
            return await run(params, accept, body, arrived)
        if media == "application/sparql-update":
            return text(403, "updates are not allowed: this endpoint is read-only")
        return text(415, f"unsupported content type '{media}'")

    web_routes: list[Any] = []
    home: Any = None
    if kg is not None:
        from rlskg.web import routes as web  # noqa: PLC0415

        web_routes, home = web(kg, endpoint)

    async def root(request: Request) -> Response:
        if home is not None and request.method in ("GET", "HEAD") and not request.scope.get("query_string"):
            response: Response = await home(request)
            return response
        return await sparql(request)

    async def icon(request: Request) -> Response:  # every page names it; a browser asks /favicon.ico unprompted
        return respond(200, "image/svg+xml", _icon(), {"Cache-Control": "max-age=86400"})

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        if error.status_code == 405:
            return text(
                405, f"{request.method} is not allowed: the endpoint is read-only", {"Allow": "GET, POST, OPTIONS"}
            )
        if error.status_code == 404:
            if kg is not None and not request.url.path.startswith("/sparql"):
                from rlskg.web import error_page  # noqa: PLC0415

                return error_page(404, "Page not found", f"There is no page at {request.url.path[:200]}.")
            return text(404, "not found: the endpoint is /sparql, the query page /")
        return text(error.status_code, error.detail)

    async def failed(request: Request, error: Exception) -> Response:
        """A fault of ours: one line to the client, never a traceback."""
        if kg is not None and not request.url.path.startswith("/sparql"):
            from rlskg.web import error_page  # noqa: PLC0415

            return error_page(500, "Something went wrong", f"The server could not answer: {type(error).__name__}.")
        return text(500, f"the server could not answer: {type(error).__name__}")

    methods = ["GET", "HEAD", "POST", "OPTIONS"]
    return Starlette(
        routes=[
            Route("/sparql", sparql, methods=methods),
            Route("/", root, methods=methods),
            Route("/favicon.ico", icon, methods=["GET", "HEAD"]),
            Route("/static/icon.svg", icon, methods=["GET", "HEAD"]),
            *web_routes,
        ],
        exception_handlers={HTTPException: refused, Exception: failed},
    )


def _icon() -> bytes:
    return (resources.files("rlskg") / "templates" / "icon.svg").read_bytes()


def _query_page(root: Path | None) -> bytes:
    import html  # noqa: PLC0415

    from rlskg.project import find_root  # noqa: PLC0415
    from rlskg.sparql import saved_queries  # noqa: PLC0415

    saved = {name: {"answers": q.answers, "text": q.text} for name, q in saved_queries(root or find_root()).items()}
    data = json.dumps(saved, ensure_ascii=False, sort_keys=True)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    template = (resources.files("rlskg") / "templates" / "query.html").read_text(encoding="utf-8")
    first = next(iter(saved.values()), {"text": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})["text"]
    icon = "data:image/svg+xml," + quote(_icon().decode("utf-8").strip())
    page = template.replace("{{ saved }}", data).replace("{{ first }}", html.escape(first)).replace("{{ icon }}", icon)
    return page.encode("utf-8")


class Server:
    """An endpoint with its HTTP server, bound to its socket but not yet running."""

    def __init__(self, endpoint: Endpoint, sock: socket.socket, kg: KnowledgeGraph | None = None) -> None:
        import uvicorn  # noqa: PLC0415

        self.endpoint = endpoint
        self.socket = sock
        self.server_address: tuple[str, int] = sock.getsockname()[:2]
        config = uvicorn.Config(
            _app(endpoint, kg),
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

    With ``web`` (the default) it also serves the web pages (:mod:`rlskg.web`) over ``kg``, by
    default the graph beside ``graph_path`` (else the default graph). With ``endpoint`` (a SPARQL
    endpoint's query address) queries are forwarded there and the web pages answer from it; it is
    asked for the graph's names before anything is served.

    Raises
    ------
    GraphNotBuilt
        When there is no built graph to serve.
    RlsKgError
        When the graph is not RDF, the store cannot be opened, or ``endpoint`` is not an http(s)
        address, cannot be reached (:class:`~rlskg.store.EndpointFailed`) or holds no rls-kg graph.
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
    answers = Endpoint(pool, timeout, _query_page(root), federation, max_answer, remote=endpoint)
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
