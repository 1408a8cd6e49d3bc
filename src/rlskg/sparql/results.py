"""A query's answer written in the W3C SPARQL 1.1 result formats, or as an RDF syntax, or as a table.

For SELECT and ASK, ``json`` (application/sparql-results+json), ``xml``
(application/sparql-results+xml), ``csv`` and ``tsv`` (the W3C CSV and TSV results), and ``table``
for a terminal; for CONSTRUCT and DESCRIBE, an RDF syntax: ``turtle``, ``nt``, ``xml`` (RDF/XML) or
``json-ld``. CSV and TSV are defined for SELECT only; an ASK answer comes as one column
``_askResult`` holding true or false.
"""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result

from rlskg.errors import QueryError
from rlskg.model.ontology import NAMESPACES

__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "serialize"]

#: Result formats of SELECT and ASK, with their media types.
RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "table": "text/plain; charset=utf-8",
}
#: RDF syntaxes of CONSTRUCT and DESCRIBE, with their media types.
GRAPH_FORMATS = {
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples; charset=utf-8",
    "xml": "application/rdf+xml",
    "json-ld": "application/ld+json",
}


def _csv_field(term: object) -> str:
    if term is None:
        return ""
    text = f"_:{term}" if isinstance(term, BNode) else str(term)
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _tsv_term(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        escaped = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
        if term.language:
            return f'"{escaped}"@{term.language}'
        if term.datatype:
            return f'"{escaped}"^^<{term.datatype}>'
        return f'"{escaped}"'
    return str(term)


def _compact(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, namespace in sorted(NAMESPACES.items(), key=lambda item: -len(item[1])):
            if str(term).startswith(namespace) and "/" not in str(term)[len(namespace) :]:
                return f"{prefix}:{str(term)[len(namespace) :]}"
        return f"<{term}>"
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _table(variables: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(v), *(len(r[i]) for r in rows)]) for i, v in enumerate(variables)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def serialize(result: Result, fmt: str) -> bytes:
    """The result in a format of RESULT_FORMATS (SELECT, ASK) or GRAPH_FORMATS (CONSTRUCT, DESCRIBE).

    Raises
    ------
    QueryError
        For a format the kind of query has no use for.

    """
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        fmt = "turtle" if fmt == "table" else fmt
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a {result.type} query gives a graph: use one of {', '.join(GRAPH_FORMATS)}")
        graph = result.graph
        assert graph is not None
        for prefix, namespace in NAMESPACES.items():
            graph.bind(prefix, namespace, override=True)
        return graph.serialize(format=fmt, encoding="utf-8")

    if fmt not in RESULT_FORMATS:
        raise QueryError(f"a {result.type} query gives a result table: use one of {', '.join(RESULT_FORMATS)}")
    if fmt in ("json", "xml"):
        return result.serialize(format=fmt) or b""
    if result.type == "ASK":
        value = "true" if result.askAnswer else "false"
        return {
            "csv": f"_askResult\r\n{value}\r\n",
            "tsv": f"?_askResult\n{value}\n",
            "table": f"{value}\n",
        }[fmt].encode("utf-8")
    names = list(result.vars or [])
    variables = [str(v) for v in names]
    rows = [[binding.get(v) for v in names] for binding in result.bindings]
    if fmt == "csv":
        lines = [",".join(_csv_field(v) for v in variables)]
        lines += [",".join(_csv_field(term) for term in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_tsv_term(term) for term in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    return _table(variables, [[_compact(term) for term in row] for row in rows]).encode("utf-8")
