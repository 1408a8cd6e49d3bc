"""The linked-data pages: every IRI of the graph answers at its own address on this server.

``/entity/{id}``, ``/claim/{id}``, ``/source/{id}``, ``/disagreement/{id}`` and ``/tension/{id}``
describe what the store holds about the resource: HTML to a browser (its properties, a claim's quote
in context, what points at it), RDF to a client that asks for it (the Accept header, or a suffix such
as ``.ttl``). The store is asked through the SPARQL endpoint's workers, in its time limit.
"""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from rlskg.errors import QueryTimeout, RlsKgError
from rlskg.explain.answer import question
from rlskg.model.ontology import NAMESPACES
from rlskg.web.media import GRAPH_TYPES, RDF_SUFFIXES, wants
from rlskg.web.pages import (
    BASE,
    KINDS,
    SAFE_ID,
    SECURITY,
    compact,
    error_page,
    local_path,
    page,
    site_of,
    store_failed,
)

if TYPE_CHECKING:
    from rdflib import Graph

    from rlskg.kg import KnowledgeGraph
    from rlskg.web.sparql import Endpoint

__all__ = ["ROUTES", "resource"]

#: What points at a resource, at most, on its page.
INCOMING = 500
_DESCRIBE = (
    "CONSTRUCT {{ <{iri}> ?p ?o . ?e ?p2 ?o2 . ?s ?p3 ?o3 }} WHERE {{ {{ <{iri}> ?p ?o }} UNION "
    "{{ <{iri}> rls:evidence ?e . ?e ?p2 ?o2 }} UNION "
    "{{ <{iri}> rls:evidence/oa:hasSelector ?s . ?s ?p3 ?o3 }} }}"
)


async def resource(request: Request) -> Response:
    """/KIND/ID: what the store holds about one resource of the graph, as a page or as RDF."""
    site = site_of(request)
    kind = request.url.path.split("/")[1]
    ident, fmt = _suffixed(request.path_params["ident"])
    if not SAFE_ID.match(ident):
        return error_page(400, "Not an identifier", "An identifier is letters, digits, '.', '_', '~' or '-'.")
    iri = BASE + KINDS[kind] + ident
    if fmt is None:
        chosen = wants(request.headers.get("accept", ""), GRAPH_TYPES)
        fmt = None if chosen == "html" else chosen
    if site.endpoint is None:
        return error_page(503, "No store", "This server has no SPARQL store to describe resources from.")
    query = _DESCRIBE.format(iri=iri)
    status, content_type, body = await anyio.to_thread.run_sync(site.endpoint.run, query, "", fmt or "nt", None, None)
    if status != 200:
        return error_page(status, "The store could not answer", body.decode("utf-8", "replace").strip())
    incoming: list[tuple[str, str]] = []
    if fmt is None or not body.strip():
        try:
            incoming = await _incoming(site.endpoint, iri)
        except RlsKgError as error:
            status, message = store_failed(error)
            return error_page(status, "The store could not answer", message)
    if not body.strip() and not incoming:
        suggestions = site.suggestions(ident) if kind == "entity" else []
        return error_page(404, "Not in the graph", f"The graph has nothing about {compact(iri)}.", suggestions)
    if fmt is not None:
        headers = {**SECURITY, "Access-Control-Allow-Origin": "*", "Link": f'<{iri}>; rel="canonical"'}
        return Response(body, media_type=content_type, headers=headers)
    return page("resource.html", **_describe(site.kg, kind, ident, iri, ntriples=body, incoming=incoming))


def _suffixed(ident: str) -> tuple[str, str | None]:
    """The identifier without an RDF suffix, and the format the suffix asks for."""
    for suffix, fmt in RDF_SUFFIXES.items():
        if ident.endswith(suffix):
            return ident[: -len(suffix)], fmt
    return ident, None


async def _incoming(endpoint: Endpoint, iri: str) -> list[tuple[str, str]]:
    """The (subject, predicate) pairs that point at ``iri``, at most :data:`INCOMING`."""
    text = f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} ORDER BY ?p ?s LIMIT {INCOMING}"
    status, _, body = await anyio.to_thread.run_sync(endpoint.run, text, "application/sparql-results+json", "json")
    if status != 200:
        failed = QueryTimeout if status in (503, 504) else RlsKgError
        raise failed(body.decode("utf-8", "replace").strip())
    rows = json.loads(body)["results"]["bindings"]
    return [(row["s"]["value"], row["p"]["value"]) for row in rows if row["s"]["type"] == "uri"]


def _term(term: Any, kg: KnowledgeGraph | None = None) -> dict[str, Any]:
    from rdflib import Literal, URIRef  # noqa: PLC0415

    if isinstance(term, URIRef):
        text = _name(kg, str(term)) if kg is not None else compact(str(term))
        return {"iri": str(term), "text": text, "href": local_path(str(term))}
    if isinstance(term, Literal):
        return {"text": str(term), "lang": term.language or "", "iri": None}
    return {"text": str(term), "iri": None}


def _name(kg: KnowledgeGraph, iri: str) -> str:
    """An entity's or relation's label when the graph has one, else its compact IRI."""
    ident = iri[len(BASE) :] if iri.startswith(BASE) else ""
    for label in (kg.label, kg.relation_label):
        try:
            return label(ident)
        except KeyError:
            continue
    return compact(iri)


def _describe(
    kg: KnowledgeGraph, kind: str, ident: str, iri: str, *, ntriples: bytes, incoming: list[tuple[str, str]]
) -> dict[str, Any]:
    """What a linked-data page shows: its properties, its quote in context, and what points at it."""
    from rdflib import Graph, URIRef  # noqa: PLC0415

    g = Graph()
    g.parse(data=ntriples.decode("utf-8"), format="nt")
    subject = URIRef(iri)
    properties = [
        {"predicate": _term(p), "values": [_term(v, kg) for v in sorted(g.objects(subject, p), key=str)]}
        for p in sorted(set(g.predicates(subject)), key=str)
    ]
    label = _first(g, subject, "rdfs", "label") or _first(g, subject, "skos", "prefLabel") or ident
    claim = None
    if kind == "claim":
        parts = {k: g.value(subject, URIRef(NAMESPACES["rdf"] + k)) for k in ("subject", "predicate", "object")}
        if all(v is not None for v in parts.values()):
            claim = {k: _term(v, kg) for k, v in parts.items()}
            label = " ".join(_name(kg, str(parts[k])) for k in ("subject", "predicate", "object"))
    why = None
    if kind == "entity":
        with contextlib.suppress(KeyError):  # an entity of the graph: its label, and its answer
            label, why = kg.label(ident), ident
    definition = _first(g, subject, "skos", "definition") or _first(g, subject, "rdfs", "comment")
    return {
        "kind": kind,
        "ident": ident,
        "iri": iri,
        "label": label,
        "definition": definition,
        "properties": properties,
        "quote": _quote(g, subject),
        "claim": claim,
        "why": why,
        "question": question(label, "restless legs syndrome"),
        "incoming": [{"subject": _term(URIRef(s)), "predicate": _term(URIRef(p))} for s, p in incoming],
    }


def _first(g: Graph, subject: Any, prefix: str, name: str) -> str | None:
    from rdflib import URIRef  # noqa: PLC0415

    value = g.value(subject, URIRef(NAMESPACES[prefix] + name))
    return None if value is None else str(value)


def _quote(g: Graph, subject: Any) -> dict[str, Any] | None:
    """A claim's quote in the words around it on its page, if it has one."""
    from rdflib import URIRef  # noqa: PLC0415

    oa, found = NAMESPACES["oa"], None
    for evidence in g.objects(subject, URIRef(NAMESPACES["rls"] + "evidence")):
        for selector in g.objects(evidence, URIRef(oa + "hasSelector")):
            exact = _first(g, selector, "oa", "exact")
            if exact is not None:
                source = g.value(evidence, URIRef(oa + "hasSource"))
                found = {
                    "prefix": _first(g, selector, "oa", "prefix") or "",
                    "exact": exact,
                    "suffix": _first(g, selector, "oa", "suffix") or "",
                    "source": _term(source) if source is not None else None,
                }
    return found


ROUTES = [Route(f"/{kind}/{{ident}}", resource, methods=["GET", "HEAD"]) for kind in KINDS]
