"""A read-only SPARQL 1.1 Protocol endpoint over the built graph.

The HTTP side is the standard library's threading server; queries run in a pool of worker
processes, each holding the graph and stopping any query at the time limit, so one query can
hold neither the server nor the other clients. Updates are refused with 403. CORS is open, and
``/`` serves a small query page that works offline.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.pool
import signal
import sys
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from rlskg.errors import QueryError, QueryTimeout

__all__ = ["Endpoint", "close", "make_server", "negotiate", "serve"]

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
_MAX_BODY = 1_000_000

# ---------------------------------------------------------------- the worker processes

_GRAPH: Any = None


def _load(graph_path: str | None) -> None:
    global _GRAPH  # noqa: PLW0603 - one graph per worker process, loaded once
    from rlskg.network import load_graph  # noqa: PLC0415

    _GRAPH = load_graph(Path(graph_path) if graph_path else None)


def _parse_accept(accept: str) -> list[str]:
    ranked = []
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
    return [media for _, _, media in sorted(ranked)]


def negotiate(accept: str, kind: str, requested: str | None = None) -> str | None:
    """The format for a result of ``kind`` (SELECT, ASK, CONSTRUCT, DESCRIBE) from an Accept header.

    A ``format`` parameter (json, xml, csv, tsv, turtle, nt, json-ld) wins over the header.
    Returns None when nothing acceptable can be made.

    Examples
    --------
    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "SELECT")
    'xml'
    >>> negotiate("*/*", "CONSTRUCT")
    'turtle'
    >>> negotiate("image/png", "ASK") is None
    True

    """
    graph = kind in ("CONSTRUCT", "DESCRIBE")
    table = _GRAPH_TYPES if graph else _RESULT_TYPES
    if requested:
        known = set(table.values())
        return requested if requested in known else None
    media_types = _parse_accept(accept or "*/*") or ["*/*"]
    for media in media_types:
        if media in table:
            return table[media]
        if media in ("*/*", "application/*") or (media == "text/*" and graph):
            return "turtle" if graph else "json"
        if media == "text/*":
            return "csv"
    return None


def _media_type(fmt: str, kind: str) -> str:
    from rlskg.sparql import GRAPH_FORMATS, RESULT_FORMATS  # noqa: PLC0415

    return (GRAPH_FORMATS if kind in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS)[fmt]


def _run(text: str, accept: str, requested: str | None, timeout: float) -> tuple[int, str, bytes]:
    """Run one query in a worker: (HTTP status, content type, body)."""
    from rlskg.sparql import query, serialize  # noqa: PLC0415

    try:
        result = query(_GRAPH, text, timeout=timeout)
    except QueryTimeout as error:
        return 503, "text/plain; charset=utf-8", f"{error}\n".encode()
    except QueryError as error:
        status = 403 if str(error).startswith("updates are not allowed") else 400
        return status, "text/plain; charset=utf-8", f"{error}\n".encode()
    fmt = negotiate(accept, result.type, requested)
    if fmt is None:
        return 406, "text/plain; charset=utf-8", f"cannot answer a {result.type} query as {accept}\n".encode()
    return 200, _media_type(fmt, result.type), serialize(result, fmt)


# ---------------------------------------------------------------- the HTTP side


@dataclass
class Endpoint:
    """What the request handlers share: the worker pool, the time limit and the query page."""

    pool: multiprocessing.pool.Pool
    timeout: float
    page: bytes

    def run(self, text: str, accept: str, requested: str | None) -> tuple[int, str, bytes]:
        pending = self.pool.apply_async(_run, (text, accept, requested, self.timeout))
        try:
            return pending.get(self.timeout + 5)
        except multiprocessing.TimeoutError:
            message = f"the query ran past its time limit of {self.timeout:g} s and was stopped\n"
            return 503, "text/plain; charset=utf-8", message.encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: HTTPStatus, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", f"{message}\n".encode())

    def do_OPTIONS(self) -> None:
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _answer(self, params: dict[str, list[str]], body_query: str | None = None) -> None:
        if "update" in params:
            self._text(HTTPStatus.FORBIDDEN, "updates are not allowed: this endpoint is read-only")
            return
        queries = params.get("query", []) + ([body_query] if body_query is not None else [])
        if len(queries) != 1:
            self._text(HTTPStatus.BAD_REQUEST, "give exactly one query (the 'query' parameter)")
            return
        requested = params["format"][0] if params.get("format") else None
        status, content_type, body = self.server.endpoint.run(queries[0], self.headers.get("Accept", "*/*"), requested)
        self._send(status, content_type, body)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path == "/favicon.ico":  # browsers ask for it unprompted; there is none
            self._send(HTTPStatus.NO_CONTENT, "image/x-icon", b"")
        elif url.path not in ("/", "/sparql"):
            self._text(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql, the query page /")
        elif not params:
            self._send(200, "text/html; charset=utf-8", self.server.endpoint.page)
        else:
            self._answer(params)

    do_HEAD = do_GET

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path not in ("/", "/sparql"):
            self._text(HTTPStatus.NOT_FOUND, "not found: the endpoint is /sparql")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body is over {_MAX_BODY} bytes")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if media == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
            self._answer({**params, **form})
        elif media == "application/sparql-query":
            self._answer(params, body_query=body)
        elif media == "application/sparql-update":
            self._text(HTTPStatus.FORBIDDEN, "updates are not allowed: this endpoint is read-only")
        else:
            self._text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"unsupported content type '{media}'")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    endpoint: Endpoint


def _query_page(root: Path | None) -> bytes:
    import html  # noqa: PLC0415

    from rlskg.project import find_root  # noqa: PLC0415
    from rlskg.sparql import saved_queries  # noqa: PLC0415

    saved = {name: {"answers": q.answers, "text": q.text} for name, q in saved_queries(root or find_root()).items()}
    data = json.dumps(saved, ensure_ascii=False, sort_keys=True)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    template = (resources.files("rlskg") / "templates" / "query.html").read_text(encoding="utf-8")
    first = next(iter(saved.values()), {"text": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})["text"]
    page = template.replace("{{ saved }}", data).replace("{{ first }}", html.escape(first))
    return page.encode("utf-8")


def make_server(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    timeout: float = 10.0,
    workers: int = 2,
    graph_path: Path | None = None,
    root: Path | None = None,
) -> _Server:
    """A ready, not yet running endpoint; ``server.serve_forever()`` runs it, ``close(server)`` ends it.

    Raises
    ------
    GraphNotBuilt
        When there is no built graph to serve.

    """
    _load(str(graph_path) if graph_path else None)  # fail here, before any worker, if there is no graph
    context = multiprocessing.get_context("spawn")
    pool = context.Pool(workers, initializer=_load, initargs=(str(graph_path) if graph_path else None,))
    server = _Server((host, port), _Handler)
    server.endpoint = Endpoint(pool, timeout, _query_page(root))
    return server


def close(server: _Server) -> None:
    """Stop serving and end the worker processes."""
    server.shutdown()
    server.server_close()
    server.endpoint.pool.terminate()
    server.endpoint.pool.join()


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    timeout: float = 10.0,
    workers: int = 2,
    graph_path: Path | None = None,
    root: Path | None = None,
) -> None:
    """Serve until interrupted (Ctrl-C) or terminated (SIGTERM)."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    server = make_server(host, port, timeout=timeout, workers=workers, graph_path=graph_path, root=root)
    bound_host, bound_port = server.server_address[:2]
    print(
        f"SPARQL endpoint: http://{bound_host!s}:{bound_port}/sparql  (query page: http://{bound_host!s}:{bound_port}/)"
    )
    print(f"read-only; {timeout:g} s per query; {workers} worker(s). Ctrl-C stops it.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        close(server)
