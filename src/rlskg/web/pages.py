"""What every page shares: the site it answers from, its templates, its policy, its errors.

Every page is read-only and made from Jinja2 templates with autoescape on, so no text of the data
is markup. Every HTML page is sent with a Content-Security-Policy that loads nothing from outside
the server (``default-src 'none'``); the pages of the site run no script at all. Only the graph's
drawing and the query page run scripts, exactly their own inline ones (:func:`csp_for_inline`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import jinja2
from starlette.requests import Request
from starlette.responses import Response

from rlskg.errors import QueryTimeout, RlsKgError
from rlskg.model.ontology import NAMESPACES

if TYPE_CHECKING:
    from rlskg.kg import KnowledgeGraph, RemoteGraph
    from rlskg.web.sparql import Endpoint

__all__ = [
    "BASE",
    "CSP",
    "KINDS",
    "MAX_NAME",
    "SAFE_ID",
    "SECURITY",
    "Site",
    "compact",
    "csp_for_inline",
    "error_page",
    "json_response",
    "local_path",
    "page",
    "site_of",
    "store_failed",
]

BASE = "https://w3id.org/rls-kg/"
#: The kinds of resource that have a page, and the part of the IRI after the base that names them.
KINDS = {"claim": "claim/", "source": "source/", "disagreement": "disagreement/", "tension": "tension/", "entity": ""}
#: The policy of the site's pages: nothing from outside, no script, styles and images from this server only.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'self'"
)
SECURITY = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Vary": "Accept"}
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$")
#: The longest name a page is asked about.
MAX_NAME = 200
_HTML = "text/html; charset=utf-8"


@dataclass
class Site:
    """What the pages answer from: the graph, the SPARQL endpoint's workers, and what is made once.

    Over a graph held by a remote store, ``remote`` is that graph, and the pages that would need
    the whole graph say so instead.
    """

    kg: KnowledgeGraph
    endpoint: Endpoint | None
    remote: RemoteGraph | None = None
    target: str = "RLS"
    made: dict[str, Any] = field(default_factory=dict)  # made once for every visitor: the overview

    def suggestions(self, name: str) -> list[dict[str, str]]:
        """Entries whose names look like ``name``, as the error pages offer them."""
        return [{"id": s.ref.id, "label": s.ref.label, "why": s.why} for s in self.kg.suggest(name)]


def site_of(request: Request) -> Site:
    """The site a request is answered from."""
    site: Site = request.app.state.site
    return site


def csp_for_inline(html: str, styles_inline: bool = False) -> str:
    """A policy that runs exactly the inline scripts (and styles) of the page ``html``, and loads nothing else.

    Scripts of type ``application/json`` are data and are not allowed to run.
    """
    scripts = re.findall(r"<script(?![^>]*application/json)[^>]*>(.*?)</script>", html, flags=re.S | re.I)
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)
    if styles_inline:
        style = "'unsafe-inline'"
    else:
        styles = re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S | re.I)
        style = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in styles)
    return (
        f"default-src 'none'; script-src {hashes or chr(39) + 'none' + chr(39)}; style-src {style or 'none'}; "
        "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
    )


def local_path(iri: str) -> str | None:
    """The page of one of the graph's IRIs on this server, or None for an IRI of elsewhere.

    >>> local_path("https://w3id.org/rls-kg/Diabetes")
    '/entity/Diabetes'
    >>> local_path("https://w3id.org/rls-kg/claim/webmd-cause-not-clear")
    '/claim/webmd-cause-not-clear'
    >>> local_path("http://purl.obolibrary.org/obo/MONDO_0005015") is None
    True
    """
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE) :]
    for kind, part in KINDS.items():
        if part and rest.startswith(part) and SAFE_ID.match(rest[len(part) :]):
            return f"/{kind}/{rest[len(part) :]}"
    return f"/entity/{rest}" if SAFE_ID.match(rest) else None


def compact(iri: str) -> str:
    """The IRI as a prefixed name where the project has a prefix for it.

    >>> compact("https://w3id.org/rls-kg/claim/webmd-cause-not-clear")
    'claim:webmd-cause-not-clear'
    """
    for prefix, namespace in sorted(NAMESPACES.items(), key=lambda item: -len(str(item[1]))):
        if iri.startswith(str(namespace)) and SAFE_ID.match(iri[len(str(namespace)) :] or "-"):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri


# ---------------------------------------------------------------- answers


@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    """The site's templates, escaping every value."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rlskg.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["url"] = lambda text: quote(str(text), safe="")
    return env


def page(template: str, status: int = 200, **context: Any) -> Response:
    """A page of the site made from ``template``, with the site's policy."""
    body = templates().get_template(template).render(**context)
    return Response(body, status_code=status, media_type=_HTML, headers={**SECURITY, "Content-Security-Policy": CSP})


def error_page(
    status: int, title: str, message: str, suggestions: list[dict[str, str]] | None = None, query: str = ""
) -> Response:
    """An error as a page: what went wrong in one line, and where to go instead."""
    return page("error.html", status, title=title, message=message, suggestions=suggestions or [], query=query)


def store_failed(error: RlsKgError) -> tuple[int, str]:
    """The status and the one line a page shows when the store behind it failed: 504 when too slow."""
    return (504 if isinstance(error, QueryTimeout) else 502), " ".join(str(error).split())[:500]


def json_response(data: Any, status: int = 200) -> Response:
    """The same answer for a program: JSON, open to every origin."""
    body = data if isinstance(data, str) else json.dumps(data, indent=2, ensure_ascii=False)
    headers = {**SECURITY, "Access-Control-Allow-Origin": "*"}
    return Response(body.encode(), status_code=status, media_type="application/json", headers=headers)
