"""The SPARQL 1.1 Protocol: a read-only endpoint at /sparql over the built graph or a store's endpoint.

HTTP is uvicorn's (h11) and Starlette's: they read requests, Content-Length and chunked bodies, and
keep the connections; this module answers the protocol. Queries run in a pool of worker processes
(:class:`rlskg.sparql.workers.WorkerPool`) that each hold the store, and a worker is killed at the time limit,
parse time and result writing included, so one query can hold neither the server nor the other
clients. Served with a remote ``endpoint`` (`rlskg serve --endpoint URL`), queries are forwarded to it
instead, under the same checks and time limit, and its failures become one-line 502 and 504 answers.
Updates are refused with 403, SERVICE unless federation names the endpoint. CORS is open, and
``/sparql`` opened in a browser is the query page (:mod:`rlskg.web.query`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import anyio
from starlette.requests import Request
from starlette.responses import Response

from rlskg.errors import QueryError, QueryTimeout
from rlskg.sparql.endpoint import EndpointFailed
from rlskg.sparql.workers import Busy, WorkerDied
from rlskg.web.media import media_type, negotiate

if TYPE_CHECKING:
    from rlskg.sparql.workers import WorkerPool

__all__ = ["MAX_ANSWER", "MAX_BODY", "MAX_URL", "Endpoint", "QueryPage", "respond", "sparql", "text"]

#: The largest request body read, and the longest request target (path and query string).
MAX_BODY = 1_000_000
MAX_URL = 65_536
#: The largest answer sent (by default); a larger one is refused rather than held in memory twice.
MAX_ANSWER = 100_000_000
TEXT = "text/plain; charset=utf-8"
#: Queries that may wait for a worker at once; more are answered 503 by the pool's own limit.
_WAITING = 64


@dataclass(frozen=True)
class QueryPage:
    """What /sparql answers a browser: the query page's HTML (:mod:`rlskg.web.query`), and its policy."""

    html: bytes
    policy: str


class Endpoint:
    """The protocol's answers: the worker pool holding the store (or a remote endpoint), time limit, query page."""

    def __init__(
        self,
        pool: WorkerPool | None,
        timeout: float,
        page: QueryPage,
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
        self._limiter: anyio.CapacityLimiter | None = None

    async def answer(
        self, text: str, accept: str, requested: str | None, dataset: tuple[list[str], list[str]] | None, arrived: float
    ) -> tuple[int, str, bytes]:
        """:meth:`run` in a thread of its own, so that the server goes on answering others."""
        if self._limiter is None:  # made in the server's event loop, on the first query
            self._limiter = anyio.CapacityLimiter(_WAITING)
        return await anyio.to_thread.run_sync(
            self.run, text, accept, requested, dataset, arrived, limiter=self._limiter
        )

    def run(
        self,
        text: str,
        accept: str,
        requested: str | None,
        dataset: tuple[list[str], list[str]] | None = None,
        arrived: float | None = None,
    ) -> tuple[int, str, bytes]:
        """(HTTP status, content type, body) for one query."""
        from rlskg.sparql.query import answer, prepare  # noqa: PLC0415

        arrived = time.monotonic() if arrived is None else arrived
        try:
            prepared = prepare(text, dataset=dataset, federation=self.federation)
        except QueryError as error:
            status = 403 if str(error).startswith("updates are not allowed") else 400
            return status, TEXT, f"{error}\n".encode()
        fmt = negotiate(accept, prepared.form, requested)
        if fmt is None:
            return 406, TEXT, f"cannot answer a {prepared.form} query as {accept}\n".encode()
        if self.remote is not None:
            return self._forward(text, fmt, prepared.form, dataset, arrived)
        assert self.pool is not None
        try:
            body = self.pool.call(answer, (prepared, fmt, self.max_answer), self.timeout, arrived)
        except (Busy, WorkerDied) as error:
            return 503, TEXT, f"{error}\n".encode()
        except QueryError as error:  # QueryTimeout included
            status = 503 if "time limit" in str(error) else 400
            return status, TEXT, f"{error}\n".encode()
        return 200, media_type(fmt, prepared.form), body

    def _forward(
        self, text: str, fmt: str, form: str, dataset: tuple[list[str], list[str]] | None, arrived: float
    ) -> tuple[int, str, bytes]:
        """The remote endpoint's answer: 504 past the time limit, 502 when it fails, 400 when it refuses."""
        from rlskg.sparql.query import forward  # noqa: PLC0415

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
            return 504, TEXT, f"{error}\n".encode()
        except EndpointFailed as error:
            return 502, TEXT, f"{error}\n".encode()
        except QueryError as error:
            return 400, TEXT, f"{error}\n".encode()
        return 200, media_type(fmt, form), body

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


def respond(status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None) -> Response:
    """An answer of the protocol, open to every origin (CORS), varying with the Accept header."""
    extra = {"Access-Control-Allow-Origin": "*", "Vary": "Accept", **(headers or {})}
    return Response(body, status_code=status, media_type=content_type, headers=extra)


def text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """An answer of one line of plain text: an error, said once."""
    return respond(status, TEXT, f"{message}\n".encode(), headers)


async def sparql(request: Request) -> Response:
    """/sparql: the query page to a browser, a query's answer to a client (GET, POST form or body)."""
    arrived = time.monotonic()
    endpoint: Endpoint = request.app.state.endpoint
    if request.method == "OPTIONS":
        allowed = {
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type, Accept",
            "Access-Control-Max-Age": "86400",
        }
        return respond(204, TEXT, b"", allowed)
    raw_query: bytes = request.scope.get("query_string", b"")
    if len(request.scope.get("raw_path", b"")) + len(raw_query) > MAX_URL:
        return text(414, f"the request target is over {MAX_URL} bytes; POST long queries")
    params = parse_qs(raw_query.decode("utf-8", errors="replace"), keep_blank_values=True)
    accept = request.headers.get("accept", "*/*")
    if request.method in ("GET", "HEAD"):
        if not params:
            page = endpoint.page
            return respond(200, "text/html; charset=utf-8", page.html, {"Content-Security-Policy": page.policy})
        return await _run(endpoint, params, accept, None, arrived)
    body = await _body(request)
    if isinstance(body, Response):
        return body
    media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        return await _run(endpoint, {**params, **parse_qs(body, keep_blank_values=True)}, accept, None, arrived)
    if media == "application/sparql-query":
        return await _run(endpoint, params, accept, body, arrived)
    if media == "application/sparql-update":
        return text(403, "updates are not allowed: this endpoint is read-only")
    return text(415, f"unsupported content type '{media}'")


async def _body(request: Request) -> str | Response:
    """The request's body as text, or the answer refusing one over MAX_BODY bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
        return text(413, f"the request body is over {MAX_BODY} bytes")
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > MAX_BODY:
            return text(413, f"the request body is over {MAX_BODY} bytes")
    return received.decode("utf-8", errors="replace")


async def _run(
    endpoint: Endpoint, params: dict[str, list[str]], accept: str, body_query: str | None, arrived: float
) -> Response:
    """One query of the protocol's parameters, answered by the endpoint."""
    if "update" in params:
        return text(403, "updates are not allowed: this endpoint is read-only")
    queries = params.get("query", []) + ([body_query] if body_query is not None else [])
    if len(queries) != 1:
        return text(400, "give exactly one query (the 'query' parameter)")
    requested = params["format"][0] if params.get("format") else None
    defaults, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
    dataset = (defaults, named) if defaults or named else None
    status, content_type, answered = await endpoint.answer(queries[0], accept, requested, dataset, arrived)
    return respond(status, content_type, answered)
