"""Ask why in a browser: the web pages that ``rlskg serve`` adds beside the SPARQL endpoint.

One address serves a person and a program: ``/`` (what causes RLS?), ``/why/{name}``, the
linked-data pages of every IRI (``/entity/{id}``, ``/claim/{id}``, ``/source/{id}``,
``/disagreement/{id}``, ``/tension/{id}``) and ``/graph`` answer HTML to a browser and JSON or RDF
to a client that asks for it (the Accept header, or a suffix such as ``.json`` or ``.ttl``).

Over a graph held by a remote store (:class:`rlskg.kg.RemoteGraph`) the pages that would need the
whole graph say so instead: the home page lists what the store links directly to RLS (a bounded
query), and ``/graph`` draws the neighbourhood of one entity only. A store that fails or is too
slow gives a one-line 502 or 504 page.

Every page is read-only and made from Jinja2 templates with autoescape on, so no text of the data
is markup. Every HTML page is sent with a Content-Security-Policy that loads nothing from outside
the server (``default-src 'none'``); the pages of this module run no script at all.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import anyio
import jinja2
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from rlskg.errors import AmbiguousName, QueryTimeout, RlsKgError
from rlskg.model.ontology import NAMESPACES

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from rlskg.kg import KnowledgeGraph
    from rlskg.server import Endpoint

    Handler = Callable[[Request], Awaitable[Response]]

__all__ = ["CSP", "HTML_TYPES", "RDF_SUFFIXES", "csp_for_inline", "local_path", "routes", "wants"]

BASE = "https://w3id.org/rls-kg/"
#: The kinds of resource that have a page, and the part of the IRI after the base that names them.
KINDS = {"claim": "claim/", "source": "source/", "disagreement": "disagreement/", "tension": "tension/", "entity": ""}
#: The policy of this module's pages: nothing from outside, no script, styles from this server only.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'self'"
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml"}
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$")
_MAX_NAME = 200
_HTML = "text/html; charset=utf-8"
_SECURITY = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Vary": "Accept"}


def csp_for_inline(page: str, styles_inline: bool = False) -> str:
    """A policy that runs exactly the inline scripts (and styles) of ``page``, and loads nothing else.

    Scripts of type ``application/json`` are data and are not allowed to run.
    """
    scripts = re.findall(r"<script(?![^>]*application/json)[^>]*>(.*?)</script>", page, flags=re.S | re.I)
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts)
    if styles_inline:
        style = "'unsafe-inline'"
    else:
        styles = re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.S | re.I)
        style = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in styles)
    return (
        f"default-src 'none'; script-src {hashes or chr(39) + 'none' + chr(39)}; style-src {style or 'none'}; "
        "img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
    )


def wants(accept: str, others: dict[str, str]) -> str:
    """What to answer: ``"html"``, or the value of the first media type of ``others`` the client ranks higher.

    >>> wants("text/html,application/xhtml+xml,*/*;q=0.8", {"application/json": "json"})
    'html'
    >>> wants("application/json", {"application/json": "json"})
    'json'
    >>> wants("text/turtle;q=0.9, application/rdf+xml;q=1", {"text/turtle": "turtle", "application/rdf+xml": "xml"})
    'xml'
    """
    from rlskg.server import _parse_accept  # noqa: PLC0415

    ranked, _ = _parse_accept(accept or "*/*")
    for media in ranked:
        if media in HTML_TYPES or media in ("*/*", "text/*"):
            return "html"
        if media in others:
            return others[media]
    return "html"


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
        if part and rest.startswith(part) and _SAFE_ID.match(rest[len(part) :]):
            return f"/{kind}/{rest[len(part) :]}"
    return f"/entity/{rest}" if _SAFE_ID.match(rest) else None


def _compact(iri: str) -> str:
    for prefix, namespace in sorted(NAMESPACES.items(), key=lambda item: -len(str(item[1]))):
        if iri.startswith(str(namespace)) and _SAFE_ID.match(iri[len(str(namespace)) :] or "-"):
            return f"{prefix}:{iri[len(str(namespace)) :]}"
    return iri


# ---------------------------------------------------------------- templates


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rlskg.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["url"] = lambda text: quote(str(text), safe="")
    return env


@lru_cache(maxsize=1)
def _stylesheet() -> bytes:
    return (resources.files("rlskg.web") / "static" / "style.css").read_bytes()


def _page(template: str, status: int = 200, **context: Any) -> Response:
    body = _env().get_template(template).render(**context)
    return Response(body, status_code=status, media_type=_HTML, headers={**_SECURITY, "Content-Security-Policy": CSP})


def error_page(
    status: int, title: str, message: str, suggestions: list[dict[str, str]] | None = None, query: str = ""
) -> Response:
    """An error as a page: what went wrong in one line, and where to go instead."""
    return _page("error.html", status, title=title, message=message, suggestions=suggestions or [], query=query)


def _store_failed(error: RlsKgError) -> tuple[int, str]:
    """The status and the one line a page shows when the store behind it failed: 504 when too slow."""
    return (504 if isinstance(error, QueryTimeout) else 502), " ".join(str(error).split())[:500]


def _json(data: Any, status: int = 200) -> Response:
    body = data if isinstance(data, str) else json.dumps(data, indent=2, ensure_ascii=False)
    headers = {**_SECURITY, "Access-Control-Allow-Origin": "*"}
    return Response(body.encode(), status_code=status, media_type="application/json", headers=headers)


# ---------------------------------------------------------------- the routes


def routes(kg: KnowledgeGraph, endpoint: Endpoint | None) -> tuple[list[BaseRoute], Handler]:
    """The web pages over ``kg``, and the home page's handler (the server shares ``/`` with SPARQL).

    Linked-data pages ask ``endpoint``'s workers, in its time limit.
    """
    from rlskg.causes import overview  # noqa: PLC0415
    from rlskg.kg import RemoteGraph  # noqa: PLC0415

    found_overview: list[dict[str, Any]] = []
    remote = kg if isinstance(kg, RemoteGraph) else None

    def the_overview() -> dict[str, Any]:
        if not found_overview:
            found_overview.append(overview(kg))
        return found_overview[0]

    if remote is None:
        the_overview()  # made once, before the first visitor: every entity's answer, grouped
    target_id = "RLS" if remote is None else next(iter(kg.resolve("RLS")), "RLS")

    def suggestions(name: str) -> list[dict[str, str]]:
        return [{"id": s.ref.id, "label": s.ref.label, "why": s.why} for s in kg.suggest(name)]

    async def home(request: Request) -> Response:
        as_json = (
            request.url.path == "/index.json"
            or wants(request.headers.get("accept", ""), {"application/json": "json"}) == "json"
        )
        if remote is not None:
            return await remote_home(as_json)
        data = the_overview()
        if as_json:
            return _json(data)
        return _page("home.html", overview=data)

    async def remote_home(as_json: bool) -> Response:
        """What a remote store links directly to RLS: one bounded query instead of every answer."""
        from rlskg.causes import QUESTION  # noqa: PLC0415

        assert remote is not None
        limit, status, message, linked = 200, 200, "", []
        try:
            found = await anyio.to_thread.run_sync(lambda: remote.linked_to(target_id, limit=limit))
            linked = [{"id": ident, "label": label} for ident, label in found]
        except RlsKgError as error:
            status, message = _store_failed(error)
            if as_json:
                return _json({"error": message}, status)
        target = {"id": target_id, "label": kg.label(target_id) if target_id in kg.resolve(target_id) else target_id}
        note = "the overview of every entity's answer is not made for a remote store; ask /why/NAME"
        if as_json:
            return _json({"question": QUESTION, "store": remote.url, "note": note, "target": target, "linked": linked})
        return _page(
            "remote_home.html",
            status,
            question=QUESTION,
            url=remote.url,
            target=target,
            limit=limit,
            linked=linked,
            message=message,
        )

    async def search(request: Request) -> Response:
        text = (request.query_params.get("q") or "").strip()
        if not text:
            return error_page(400, "Nothing to look up", "Type a name into the search box, such as diabetes or Paxil.")
        if len(text) > _MAX_NAME:
            return error_page(400, "Name too long", f"A name is at most {_MAX_NAME} characters.")
        matches = kg.resolve(text)
        if len(matches) == 1:
            target = "/" if matches[0] == target_id else f"/why/{quote(matches[0], safe='')}"
            return RedirectResponse(target, status_code=303, headers=_SECURITY)
        if matches:
            choices = [{"id": m, "label": kg.label(m)} for m in matches]
            return _page("choose.html", 300, name=text, choices=choices, query=text)
        message = f"Nothing in the graph is called \u201c{text}\u201d."
        return error_page(404, "No entity of that name", message, suggestions(text), text)

    async def why(request: Request) -> Response:
        name: str = request.path_params["name"]
        as_json = name.endswith(".json")
        if as_json:
            name = name[: -len(".json")]
        as_json = as_json or wants(request.headers.get("accept", ""), {"application/json": "json"}) == "json"
        params = request.query_params
        to = params.get("to") or "RLS"

        def bad(message: str, status: int = 400, extra: list[dict[str, str]] | None = None) -> Response:
            if as_json:
                return _json({"error": message, "suggestions": extra or []}, status)
            return error_page(status, "Cannot answer that", message, extra)

        if not name.strip():
            return bad("the name is empty; ask about something, such as /why/diabetes")
        if len(name) > _MAX_NAME or len(to) > _MAX_NAME:
            return bad(f"a name is at most {_MAX_NAME} characters")
        limits = {}
        for key, default in (("max_hops", 4), ("max_paths", 5)):
            raw = params.get(key, str(default))
            if not raw.isdigit() or not 1 <= int(raw) <= 10:
                return bad(f"{key} must be a whole number from 1 to 10, not \u2018{raw}\u2019")
            limits[key] = int(raw)
        asked, target = kg.resolve(name), kg.resolve(to)
        if len(asked) == 1 and asked == target and to == "RLS":
            return RedirectResponse("/index.json" if as_json else "/", status_code=303, headers=_SECURITY)
        started = time.perf_counter()
        try:
            answer = await anyio.to_thread.run_sync(
                lambda: kg.why(name, to, max_paths=limits["max_paths"], max_hops=limits["max_hops"])
            )
        except AmbiguousName as error:
            choices = [{"id": ident, "label": label} for ident, label in error.candidates]
            if as_json:
                return _json({"error": str(error), "candidates": choices}, 300)
            return _page("choose.html", 300, name=error.name, choices=choices)
        except ValueError as error:
            return bad(str(error))
        except RlsKgError as error:  # the store behind a remote graph failed, or was too slow
            status, message = _store_failed(error)
            return bad(message, status)
        if as_json:
            return _json(answer.to_json(), 404 if answer.verdict == "unknown" else 200)
        if answer.verdict == "unknown":
            return error_page(
                404,
                "No entity of that name",
                f"Nothing in the graph is called \u201c{name}\u201d.",
                [{"id": s.ref.id, "label": s.ref.label, "why": s.why} for s in answer.suggestions],
            )
        data = answer.to_dict()
        elapsed = time.perf_counter() - started
        return _page("why.html", answer=data, to=to, elapsed=elapsed, params=str(request.query_params))

    @lru_cache(maxsize=64 if remote is None else 0)  # a remote store may change: draw it afresh
    def graph_page(focus: str | None) -> str:
        return kg.render_html(focus=focus)

    async def graph(request: Request) -> Response:
        focus = request.query_params.get("focus") or None
        if focus is None and remote is not None:
            message = (
                "The drawing of the whole graph is not made for a remote store. "
                "Draw the neighbourhood of one entity instead, such as /graph?focus=diabetes."
            )
            return error_page(501, "Not available for a remote store", message)
        if focus is not None:
            if len(focus) > _MAX_NAME:
                return error_page(400, "Name too long", f"A name is at most {_MAX_NAME} characters.")
            matches = kg.resolve(focus)
            if len(matches) != 1:
                return error_page(
                    404, "No entity of that name", f"Nothing in the graph is called \u201c{focus}\u201d.", []
                )
            focus = matches[0]
        try:
            page = await anyio.to_thread.run_sync(graph_page, focus)
        except RlsKgError as error:
            status, message = _store_failed(error)
            return error_page(status, "The store could not answer", message)
        headers = {**_SECURITY, "Content-Security-Policy": csp_for_inline(page, styles_inline=True)}
        return Response(page, media_type=_HTML, headers=headers)

    async def resource(request: Request) -> Response:
        kind = request.url.path.split("/")[1]
        ident: str = request.path_params["ident"]
        fmt = None
        for suffix, suffix_fmt in RDF_SUFFIXES.items():
            if ident.endswith(suffix):
                ident, fmt = ident[: -len(suffix)], suffix_fmt
                break
        if not _SAFE_ID.match(ident):
            return error_page(400, "Not an identifier", "An identifier is letters, digits, '.', '_', '~' or '-'.")
        iri = BASE + KINDS[kind] + ident
        from rlskg.server import _GRAPH_TYPES  # noqa: PLC0415

        accept = request.headers.get("accept", "")
        if fmt is None:
            chosen = wants(accept, _GRAPH_TYPES)
            fmt = None if chosen == "html" else chosen
        if endpoint is None:
            return error_page(503, "No store", "This server has no SPARQL store to describe resources from.")
        describe = (
            f"CONSTRUCT {{ <{iri}> ?p ?o . ?e ?p2 ?o2 . ?s ?p3 ?o3 }} WHERE {{ {{ <{iri}> ?p ?o }} UNION "
            f"{{ <{iri}> rls:evidence ?e . ?e ?p2 ?o2 }} UNION "
            f"{{ <{iri}> rls:evidence/oa:hasSelector ?s . ?s ?p3 ?o3 }} }}"
        )
        status, content_type, body = await anyio.to_thread.run_sync(endpoint.run, describe, "", fmt or "nt", None, None)
        if status != 200:
            return error_page(status, "The store could not answer", body.decode("utf-8", "replace").strip())
        incoming: list[tuple[str, str]] = []
        if fmt is None or not body.strip():
            try:
                incoming = await _incoming(endpoint, iri)
            except RlsKgError as error:
                status, message = _store_failed(error)
                return error_page(status, "The store could not answer", message)
        if not body.strip() and not incoming:
            return error_page(
                404,
                "Not in the graph",
                f"The graph has nothing about {_compact(iri)}.",
                suggestions(ident) if kind == "entity" else [],
            )
        if fmt is not None:
            headers = {**_SECURITY, "Access-Control-Allow-Origin": "*", "Link": f'<{iri}>; rel="canonical"'}
            return Response(body, media_type=content_type, headers=headers)
        return _page("resource.html", **_describe(kg, kind, ident, iri, ntriples=body, incoming=incoming))

    async def stylesheet(request: Request) -> Response:
        headers = {**_SECURITY, "Cache-Control": "max-age=3600"}
        return Response(_stylesheet(), media_type="text/css; charset=utf-8", headers=headers)

    resource_routes = [Route(f"/{kind}/{{ident}}", resource, methods=["GET", "HEAD"]) for kind in KINDS]
    return [
        Route("/index.json", home, methods=["GET", "HEAD"]),
        Route("/search", search, methods=["GET", "HEAD"]),
        Route("/why/{name}", why, methods=["GET", "HEAD"]),
        Route("/graph", graph, methods=["GET", "HEAD"]),
        Route("/static/style.css", stylesheet, methods=["GET", "HEAD"]),
        *resource_routes,
    ], home


async def _incoming(endpoint: Endpoint, iri: str) -> list[tuple[str, str]]:
    """The (subject, predicate) pairs that point at ``iri``, at most 500."""
    text = f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} ORDER BY ?p ?s LIMIT 500"
    status, _, body = await anyio.to_thread.run_sync(endpoint.run, text, "application/sparql-results+json", "json")
    if status != 200:
        failed = QueryTimeout if status in (503, 504) else RlsKgError
        raise failed(body.decode("utf-8", "replace").strip())
    rows = json.loads(body)["results"]["bindings"]
    return [(row["s"]["value"], row["p"]["value"]) for row in rows if row["s"]["type"] == "uri"]


def _term(term: Any, kg: KnowledgeGraph | None = None) -> dict[str, Any]:
    from rdflib import Literal, URIRef  # noqa: PLC0415

    if isinstance(term, URIRef):
        text = _name(kg, str(term)) if kg is not None else _compact(str(term))
        return {"iri": str(term), "text": text, "href": local_path(str(term))}
    if isinstance(term, Literal):
        return {"text": str(term), "lang": term.language or "", "iri": None}
    return {"text": str(term), "iri": None}


def _name(kg: KnowledgeGraph, iri: str) -> str:
    """An entity's or relation's label when the graph has one, else its compact IRI."""
    ident = iri[len(BASE) :] if iri.startswith(BASE) else ""
    G = kg._network
    if ident in G.nodes:
        return kg.label(ident)
    relation = G.graph.get("relations", {}).get(ident)
    return str(relation["label"]) if relation else _compact(iri)


def _describe(
    kg: KnowledgeGraph, kind: str, ident: str, iri: str, *, ntriples: bytes, incoming: list[tuple[str, str]]
) -> dict[str, Any]:
    """What a linked-data page shows: its properties, its quote in context, and what points at it."""
    from rdflib import Graph, URIRef  # noqa: PLC0415

    g = Graph()
    g.parse(data=ntriples.decode("utf-8"), format="nt")
    subject = URIRef(iri)
    ns = {p: str(n) for p, n in NAMESPACES.items()}
    rdfs, skos, rdf, oa, rls = ns["rdfs"], ns["skos"], ns["rdf"], ns["oa"], ns["rls"]

    def first(s: Any, p: str) -> str | None:
        value = g.value(s, URIRef(p))
        return None if value is None else str(value)

    properties: list[dict[str, Any]] = []
    for p in sorted(set(g.predicates(subject)), key=str):
        values = sorted(g.objects(subject, p), key=str)
        properties.append({"predicate": _term(p), "values": [_term(v, kg) for v in values]})
    quote_ctx = None
    for evidence in g.objects(subject, URIRef(rls + "evidence")):
        for selector in g.objects(evidence, URIRef(oa + "hasSelector")):
            exact = first(selector, oa + "exact")
            if exact is not None:
                source = g.value(evidence, URIRef(oa + "hasSource"))
                quote_ctx = {
                    "prefix": first(selector, oa + "prefix") or "",
                    "exact": exact,
                    "suffix": first(selector, oa + "suffix") or "",
                    "source": _term(source) if source is not None else None,
                }
    label = first(subject, rdfs + "label") or first(subject, skos + "prefLabel") or ident
    claim = None
    if kind == "claim":
        parts = {k: g.value(subject, URIRef(rdf + k)) for k in ("subject", "predicate", "object")}
        if all(v is not None for v in parts.values()):
            claim = {k: _term(v, kg) for k, v in parts.items()}
            label = " ".join(_name(kg, str(parts[k])) for k in ("subject", "predicate", "object"))
    why = None
    if kind == "entity" and ident in kg._network.nodes:
        label = kg.label(ident)
        why = ident
    return {
        "kind": kind,
        "ident": ident,
        "iri": iri,
        "label": label,
        "definition": first(subject, skos + "definition") or first(subject, rdfs + "comment"),
        "properties": properties,
        "quote": quote_ctx,
        "claim": claim,
        "why": why,
        "incoming": [{"subject": _term(URIRef(s)), "predicate": _term(URIRef(p))} for s, p in incoming],
    }
