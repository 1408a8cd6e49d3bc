"""Why is X linked to RLS? ``/why/{name}`` answers as `rlskg why` does; ``/search`` finds the name first.

The answer is HTML to a browser and the JSON of `rlskg why --format json` to a program
(``/why/Paxil.json``, or ``Accept: application/json``); ``to``, ``max_hops`` and ``max_paths`` are
query parameters.
"""

from __future__ import annotations

import time
from urllib.parse import quote

import anyio
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from rlskg.errors import AmbiguousName, RlsKgError
from rlskg.web.media import wants
from rlskg.web.pages import MAX_NAME, SECURITY, error_page, json_response, page, site_of, store_failed

__all__ = ["ROUTES", "search", "why"]

#: The limits a question may set, their defaults, and the largest each may be.
_LIMITS = {"max_hops": 4, "max_paths": 5}
_MOST = 10


async def search(request: Request) -> Response:
    """/search?q=NAME: the answer about the one entity so named, a choice among several, or suggestions."""
    site = site_of(request)
    text = (request.query_params.get("q") or "").strip()
    if not text:
        return error_page(400, "Nothing to look up", "Type a name into the search box, such as diabetes or Paxil.")
    if len(text) > MAX_NAME:
        return error_page(400, "Name too long", f"A name is at most {MAX_NAME} characters.")
    matches = site.kg.resolve(text)
    if len(matches) == 1:
        target = "/" if matches[0] == site.target else f"/why/{quote(matches[0], safe='')}"
        return RedirectResponse(target, status_code=303, headers=SECURITY)
    if matches:
        choices = [{"id": m, "label": site.kg.label(m)} for m in matches]
        return page("choose.html", 300, name=text, choices=choices, query=text)
    message = f"Nothing in the graph is called \u201c{text}\u201d."
    return error_page(404, "No entity of that name", message, site.suggestions(text), text)


async def why(request: Request) -> Response:
    """/why/NAME: the answer, hop by hop with its quotes, or what stands in the way of one."""
    site = site_of(request)
    name: str = request.path_params["name"]
    as_json = name.endswith(".json") or wants(request.headers.get("accept", ""), {"application/json": "json"}) == "json"
    name = name.removesuffix(".json")
    to = request.query_params.get("to") or "RLS"
    problem = _problem(name, to, request)
    if isinstance(problem, str):
        return _refused(problem, as_json=as_json)
    asked, target = site.kg.resolve(name), site.kg.resolve(to)
    if len(asked) == 1 and asked == target and to == "RLS":
        return RedirectResponse("/index.json" if as_json else "/", status_code=303, headers=SECURITY)
    started = time.perf_counter()
    try:
        answer = await anyio.to_thread.run_sync(lambda: site.kg.why(name, to, **problem))
    except AmbiguousName as error:
        choices = [{"id": ident, "label": label} for ident, label in error.candidates]
        if as_json:
            return json_response({"error": str(error), "candidates": choices}, 300)
        return page("choose.html", 300, name=error.name, choices=choices)
    except ValueError as error:
        return _refused(str(error), as_json=as_json)
    except RlsKgError as error:  # the store behind a remote graph failed, or was too slow
        status, message = store_failed(error)
        return _refused(message, status, as_json=as_json)
    if as_json:
        return json_response(answer.to_json(), 404 if answer.verdict == "unknown" else 200)
    if answer.verdict == "unknown":
        suggestions = [{"id": s.ref.id, "label": s.ref.label, "why": s.why} for s in answer.suggestions]
        message = f"Nothing in the graph is called \u201c{name}\u201d."
        return error_page(404, "No entity of that name", message, suggestions)
    elapsed = time.perf_counter() - started
    return page("why.html", answer=answer.to_dict(), to=to, elapsed=elapsed, params=str(request.query_params))


def _problem(name: str, to: str, request: Request) -> str | dict[str, int]:
    """What is wrong with the question, in one line; else the limits it sets."""
    if not name.strip():
        return "the name is empty; ask about something, such as /why/diabetes"
    if len(name) > MAX_NAME or len(to) > MAX_NAME:
        return f"a name is at most {MAX_NAME} characters"
    limits = {}
    for key, default in _LIMITS.items():
        raw = request.query_params.get(key, str(default))
        if not raw.isdigit() or not 1 <= int(raw) <= _MOST:
            return f"{key} must be a whole number from 1 to {_MOST}, not \u2018{raw}\u2019"
        limits[key] = int(raw)
    return limits


def _refused(message: str, status: int = 400, *, as_json: bool) -> Response:
    if as_json:
        return json_response({"error": message, "suggestions": []}, status)
    return error_page(status, "Cannot answer that", message)


ROUTES = [
    Route("/search", search, methods=["GET", "HEAD"]),
    Route("/why/{name}", why, methods=["GET", "HEAD"]),
]
