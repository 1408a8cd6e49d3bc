"""What each publisher says, side by side: ``/compare`` (and ``/compare.json``), as `rlskg compare` gives it.

The matrix of :func:`rlskg.corroboration.compare`: a row per entity and relation group, a column per
publisher, each cell its stance in colour, symbol and word, linking to the claims it rests on.
``name`` (repeatable) and ``group`` narrow it, as the command's arguments do.
"""

from __future__ import annotations

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rlskg.errors import AmbiguousName, RlsKgError, UnknownName
from rlskg.web.media import wants
from rlskg.web.pages import MAX_NAME, error_page, json_response, page, site_of, store_failed

__all__ = ["ROUTES", "compare"]

#: How many names one comparison may be narrowed to.
MOST_NAMES = 20


async def compare(request: Request) -> Response:
    """/compare for a person, /compare.json (or ``Accept: application/json``) for a program."""
    from rlskg.corroboration import compare as made  # noqa: PLC0415

    site = site_of(request)
    as_json = (
        request.url.path == "/compare.json"
        or wants(request.headers.get("accept", ""), {"application/json": "json"}) == "json"
    )
    names = [n.strip() for n in request.query_params.getlist("name") if n.strip()]
    group = request.query_params.get("group") or None
    if len(names) > MOST_NAMES or any(len(n) > MAX_NAME for n in names) or len(group or "") > MAX_NAME:
        return _refused(400, f"at most {MOST_NAMES} names of at most {MAX_NAME} characters", as_json)
    try:
        found = await anyio.to_thread.run_sync(lambda: made(site.kg, names, group, site.target))
    except AmbiguousName as error:
        choices = [{"id": ident, "label": label} for ident, label in error.candidates]
        if as_json:
            return json_response({"error": str(error), "candidates": choices}, 300)
        return page("choose.html", 300, name=error.name, choices=choices)
    except ValueError as error:  # an unknown group
        return _refused(400, str(error), as_json)
    except UnknownName as error:
        similar = [{"id": ident, "label": label, "why": "a similar name"} for ident, label in error.similar]
        if as_json:
            return json_response({"error": str(error), "suggestions": similar}, 404)
        message = f"Nothing in the graph is called \u201c{error.name}\u201d."
        return error_page(404, "No entity of that name", message, similar)
    except RlsKgError as error:  # the store behind a remote graph failed, or was too slow
        status, message = store_failed(error)
        return _refused(status, message, as_json)
    if as_json:
        return json_response(found)
    return page("compare.html", compare=found, names=names, group=group or "")


def _refused(status: int, message: str, as_json: bool) -> Response:
    if as_json:
        return json_response({"error": message}, status)
    return error_page(status, "Cannot compare that", message)


ROUTES = [
    Route("/compare", compare, methods=["GET", "HEAD"]),
    Route("/compare.json", compare, methods=["GET", "HEAD"]),
]
