"""The graph drawn, ``/graph`` (and ``/graph?focus=NAME``): the interactive view of :mod:`rlskg.view`, served.

The page is the one `rlskg build` writes (build/rls.html), focused when asked; its policy runs exactly
its own inline scripts. Over a remote store only the neighbourhood of one entity is drawn.
"""

from __future__ import annotations

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rlskg.errors import RlsKgError
from rlskg.web.pages import MAX_NAME, SECURITY, Site, csp_for_inline, error_page, site_of, store_failed

__all__ = ["ROUTES", "graph"]

#: How many drawings of a local graph are kept, by focus.
KEPT = 64


def drawing(site: Site, focus: str | None) -> str:
    """The view's page, focused on ``focus``; a local graph's are kept, a remote store's drawn afresh."""
    if site.remote is not None:
        return site.kg.render_html(focus=focus)  # a remote store may change
    drawn: dict[str | None, str] = site.made.setdefault("drawings", {})
    if focus not in drawn:
        if len(drawn) >= KEPT:
            drawn.pop(next(iter(drawn)))
        drawn[focus] = site.kg.render_html(focus=focus)
    return drawn[focus]


async def graph(request: Request) -> Response:
    """/graph: the whole graph drawn, or the neighbourhood of the entity ``focus`` names."""
    site = site_of(request)
    focus = request.query_params.get("focus") or None
    if focus is None and site.remote is not None:
        message = (
            "The drawing of the whole graph is not made for a remote store. "
            "Draw the neighbourhood of one entity instead, such as /graph?focus=diabetes."
        )
        return error_page(501, "Not available for a remote store", message)
    if focus is not None:
        if len(focus) > MAX_NAME:
            return error_page(400, "Name too long", f"A name is at most {MAX_NAME} characters.")
        matches = site.kg.resolve(focus)
        if len(matches) != 1:
            return error_page(404, "No entity of that name", f"Nothing in the graph is called \u201c{focus}\u201d.", [])
        focus = matches[0]
    try:
        html = await anyio.to_thread.run_sync(drawing, site, focus)
    except RlsKgError as error:
        status, message = store_failed(error)
        return error_page(status, "The store could not answer", message)
    headers = {**SECURITY, "Content-Security-Policy": csp_for_inline(html, styles_inline=True)}
    return Response(html, media_type="text/html; charset=utf-8", headers=headers)


ROUTES = [Route("/graph", graph, methods=["GET", "HEAD"])]
