"""The home page, ``/`` (and ``/index.json``): what causes RLS? Every entity's answer, grouped by verdict.

Over a remote store, whose every answer would cost a question each, it lists what the store links
directly to RLS instead (one bounded query).
"""

from __future__ import annotations

from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rlskg.errors import RlsKgError
from rlskg.web.media import wants
from rlskg.web.pages import Site, json_response, page, site_of, store_failed

__all__ = ["ROUTES", "home", "overview"]

#: How many entities the home page of a remote store lists at most.
LINKED = 200


def overview(site: Site) -> dict[str, Any]:
    """Every entity's answer, grouped: made once for the site, on first use."""
    from rlskg.causes import overview as made  # noqa: PLC0415

    if "overview" not in site.made:
        site.made["overview"] = made(site.kg)
    found: dict[str, Any] = site.made["overview"]
    return found


async def home(request: Request) -> Response:
    """/ for a person, /index.json (or ``Accept: application/json``) for a program."""
    site = site_of(request)
    as_json = (
        request.url.path == "/index.json"
        or wants(request.headers.get("accept", ""), {"application/json": "json"}) == "json"
    )
    if site.remote is not None:
        return await _linked(site, as_json)
    data = overview(site)
    return json_response(data) if as_json else page("home.html", overview=data)


async def _linked(site: Site, as_json: bool) -> Response:
    """What a remote store links directly to the target: one bounded query instead of every answer."""
    from rlskg.causes import QUESTION  # noqa: PLC0415

    remote = site.remote
    assert remote is not None
    status, message, linked = 200, "", []
    try:
        found = await anyio.to_thread.run_sync(lambda: remote.linked_to(site.target, limit=LINKED))
        linked = [{"id": ident, "label": label} for ident, label in found]
    except RlsKgError as error:
        status, message = store_failed(error)
        if as_json:
            return json_response({"error": message}, status)
    known = site.target in site.kg.resolve(site.target)
    target = {"id": site.target, "label": site.kg.label(site.target) if known else site.target}
    note = "the overview of every entity's answer is not made for a remote store; ask /why/NAME"
    if as_json:
        return json_response(
            {"question": QUESTION, "store": remote.url, "note": note, "target": target, "linked": linked}
        )
    return page(
        "remote_home.html",
        status,
        question=QUESTION,
        url=remote.url,
        target=target,
        limit=LINKED,
        linked=linked,
        message=message,
    )


ROUTES = [Route("/index.json", home, methods=["GET", "HEAD"])]
