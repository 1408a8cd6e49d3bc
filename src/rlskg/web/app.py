"""The application (ASGI, Starlette): the SPARQL protocol at /sparql, and the pages of each family beside it.

``/`` is the home page for a plain GET and the endpoint for a query (as it was before the pages); the
icon and the stylesheet are served from the package. A 404 or a fault of ours is one line: a page to
a person, plain text to a program at /sparql; never a traceback.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from rlskg.web import entity, graph, home, why
from rlskg.web.pages import SECURITY, Site, error_page
from rlskg.web.query import icon
from rlskg.web.sparql import respond, sparql, text

if TYPE_CHECKING:
    from rlskg.kg import KnowledgeGraph
    from rlskg.web.sparql import Endpoint

__all__ = ["application"]

_METHODS = ["GET", "HEAD", "POST", "OPTIONS"]


def application(endpoint: Endpoint, kg: KnowledgeGraph | None = None) -> Starlette:
    """/sparql over ``endpoint``, and the web pages over ``kg`` when given (else ``/`` is the query page)."""
    from rlskg.kg import RemoteGraph  # noqa: PLC0415

    pages: list[BaseRoute] = []
    if kg is not None:
        pages = [*home.ROUTES, *why.ROUTES, *graph.ROUTES, *entity.ROUTES]
    app = Starlette(
        routes=[
            Route("/sparql", sparql, methods=_METHODS),
            Route("/", root, methods=_METHODS),
            Route("/favicon.ico", mark, methods=["GET", "HEAD"]),
            Route("/static/icon.svg", mark, methods=["GET", "HEAD"]),
            Route("/static/style.css", stylesheet, methods=["GET", "HEAD"]),
            *pages,
        ],
        exception_handlers={HTTPException: refused, Exception: failed},
    )
    app.state.endpoint = endpoint
    app.state.site = None
    if kg is not None:
        remote = kg if isinstance(kg, RemoteGraph) else None
        target = "RLS" if remote is None else next(iter(kg.resolve("RLS")), "RLS")
        app.state.site = Site(kg, endpoint, remote, target)
        if remote is None:
            home.overview(app.state.site)  # made once, before the first visitor: every entity's answer, grouped
    return app


async def root(request: Request) -> Response:
    """/: the home page for a plain GET, else the endpoint (a query, or the query page without pages)."""
    if request.app.state.site is not None and request.method in ("GET", "HEAD") and not request.scope["query_string"]:
        return await home.home(request)
    return await sparql(request)


async def mark(request: Request) -> Response:
    """The icon every page names; a browser asks /favicon.ico for it unprompted."""
    return respond(200, "image/svg+xml", icon(), {"Cache-Control": "max-age=86400"})


@lru_cache(maxsize=1)
def _style() -> bytes:
    return (resources.files("rlskg.web") / "static" / "style.css").read_bytes()


async def stylesheet(request: Request) -> Response:
    """The site's one stylesheet."""
    return Response(
        _style(), media_type="text/css; charset=utf-8", headers={**SECURITY, "Cache-Control": "max-age=3600"}
    )


def _is_page(request: Request) -> bool:
    return request.app.state.site is not None and not request.url.path.startswith("/sparql")


async def refused(request: Request, error: Exception) -> Response:
    """What Starlette refuses (no such address, a method not allowed), said in one line."""
    assert isinstance(error, HTTPException)
    if error.status_code == 405:
        allowed = {"Allow": "GET, POST, OPTIONS"}
        return text(405, f"{request.method} is not allowed: the endpoint is read-only", allowed)
    if error.status_code == 404:
        if _is_page(request):
            return error_page(404, "Page not found", f"There is no page at {request.url.path[:200]}.")
        return text(404, "not found: the endpoint is /sparql, the query page /")
    return text(error.status_code, error.detail)


async def failed(request: Request, error: Exception) -> Response:
    """A fault of ours: one line to the client, never a traceback."""
    if _is_page(request):
        return error_page(500, "Something went wrong", f"The server could not answer: {type(error).__name__}.")
    return text(500, f"the server could not answer: {type(error).__name__}")
