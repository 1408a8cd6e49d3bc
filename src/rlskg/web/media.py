"""What a client asks for: the Accept header, read as the SPARQL protocol and the pages answer it.

One address serves a person and a program: HTML to a browser, a SPARQL result, JSON or RDF to a
client that ranks it higher (:func:`wants`, :func:`negotiate`).
"""

from __future__ import annotations

__all__ = [
    "GRAPH_TYPES",
    "HTML_TYPES",
    "RDF_SUFFIXES",
    "RESULT_TYPES",
    "media_type",
    "negotiate",
    "parse_accept",
    "wants",
]

#: Media types of the results of SELECT and ASK, with their format.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/plain": "table",
}
#: Media types of RDF, for CONSTRUCT and DESCRIBE and the linked-data pages, with their format.
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
}
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: A suffix that asks for RDF without an Accept header (``/entity/Diabetes.ttl``).
RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml"}


def parse_accept(accept: str) -> tuple[list[str], set[str]]:
    """The media types acceptable, best first, and those refused with q=0.

    >>> parse_accept("text/csv;q=0.5, application/json, image/png;q=0")
    (['application/json', 'text/csv'], {'image/png'})
    """
    ranked, refused = [], set()
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
        elif media:
            refused.add(media.lower())
    return [media for _, _, media in sorted(ranked)], refused


def negotiate(accept: str, kind: str, requested: str | None = None) -> str | None:
    """The format for a result of ``kind`` (SELECT, ASK, CONSTRUCT, DESCRIBE) from an Accept header.

    A ``format`` parameter naming a format of the kind (json, xml, csv, tsv, turtle, nt, json-ld)
    wins over the header; one that names none is ignored. A media type with ``q=0`` is never
    chosen. Returns None when nothing acceptable can be made.

    Examples
    --------
    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "SELECT")
    'xml'
    >>> negotiate("*/*", "CONSTRUCT")
    'turtle'
    >>> negotiate("application/sparql-results+json;q=0, */*", "SELECT")
    'xml'
    >>> negotiate("image/png", "ASK") is None
    True

    """
    graph = kind in ("CONSTRUCT", "DESCRIBE")
    table = GRAPH_TYPES if graph else RESULT_TYPES
    if requested and requested in set(table.values()):
        return requested
    media_types, refused = parse_accept(accept or "*/*")
    allowed = [fmt for media, fmt in table.items() if media not in refused]
    allowed = [fmt for fmt in dict.fromkeys(allowed) if not any(table[m] == fmt for m in refused if m in table)]
    for media in media_types or ["*/*"]:
        if media in table and table[media] in allowed:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            preferred = ("turtle" if graph else ("csv" if media == "text/*" else "json"), *allowed)
            for fmt in preferred:
                if fmt in allowed and (media != "text/*" or media_type(fmt, kind).startswith("text/")):
                    return fmt
    return None


def media_type(fmt: str, kind: str) -> str:
    """The media type an answer of ``kind`` written in ``fmt`` is sent as."""
    from rlskg.sparql.results import GRAPH_FORMATS, RESULT_FORMATS  # noqa: PLC0415

    return (GRAPH_FORMATS if kind in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS)[fmt]


def wants(accept: str, others: dict[str, str]) -> str:
    """What to answer: ``"html"``, or the value of the first media type of ``others`` the client ranks higher.

    >>> wants("text/html,application/xhtml+xml,*/*;q=0.8", {"application/json": "json"})
    'html'
    >>> wants("application/json", {"application/json": "json"})
    'json'
    >>> wants("text/turtle;q=0.9, application/rdf+xml;q=1", {"text/turtle": "turtle", "application/rdf+xml": "xml"})
    'xml'
    """
    ranked, _ = parse_accept(accept or "*/*")
    for media in ranked:
        if media in HTML_TYPES or media in ("*/*", "text/*"):
            return "html"
        if media in others:
            return others[media]
    return "html"
