"""A query's answer written in the W3C SPARQL 1.1 result formats, or as an RDF syntax, or as a table.

For SELECT and ASK, ``json`` (application/sparql-results+json), ``xml``
(application/sparql-results+xml), ``csv`` and ``tsv`` (the W3C CSV and TSV results), and ``table``
for a terminal; for CONSTRUCT and DESCRIBE, an RDF syntax: ``turtle``, ``nt``, ``xml`` (RDF/XML) or
``json-ld``. CSV and TSV are defined for SELECT only; an ASK answer comes as one column
``_askResult`` holding true or false.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rlskg.errors import QueryError
from rlskg.model.namespaces import NAMESPACES

if TYPE_CHECKING:
    from rdflib.query import Result

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "ROW_FORMATS",
    "serialize",
    "write_boolean",
    "write_rows",
    "write_solutions",
]

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


#: The formats written here from the rows themselves, from rdflib's terms or Oxigraph's alike.
ROW_FORMATS = ("csv", "tsv", "table")

_XSD_STRING = NAMESPACES["xsd"] + "string"
#: (kind, text, language, datatype): kind is "uri", "bnode" or "literal"; a plain string has no datatype.
_Parts = tuple[str, str, str | None, str | None]


def _parts(term: object) -> _Parts | None:
    """A result term, rdflib's or Oxigraph's, as its parts (None for an unbound value)."""
    if term is None:
        return None
    if isinstance(term, str):  # an rdflib term: rdflib is loaded already
        from rdflib import BNode, Literal  # noqa: PLC0415

        if isinstance(term, Literal):
            return ("literal", str(term), term.language, str(term.datatype) if term.datatype else None)
        return ("bnode" if isinstance(term, BNode) else "uri", str(term), None, None)
    import pyoxigraph  # noqa: PLC0415

    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value
        return ("literal", term.value, term.language, None if term.language or datatype == _XSD_STRING else datatype)
    if isinstance(term, pyoxigraph.BlankNode):
        return ("bnode", term.value, None, None)
    if isinstance(term, pyoxigraph.NamedNode):
        return ("uri", term.value, None, None)
    return ("literal", str(term), None, None)  # an RDF-star triple term, shown as text


def _csv_field(parts: _Parts | None) -> str:
    if parts is None:
        return ""
    text = f"_:{parts[1]}" if parts[0] == "bnode" else parts[1]
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _tsv_term(parts: _Parts | None) -> str:
    if parts is None:
        return ""
    kind, text, language, datatype = parts
    if kind == "uri":
        return f"<{text}>"
    if kind == "bnode":
        return f"_:{text}"
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )
    if language:
        return f'"{escaped}"@{language}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


#: The namespaces, longest first, so that a term is written with the most specific prefix.
_LONGEST_FIRST = sorted(NAMESPACES.items(), key=lambda item: -len(item[1]))


def _compact(parts: _Parts | None) -> str:
    if parts is None:
        return ""
    kind, text = parts[0], parts[1]
    if kind == "uri":
        for prefix, namespace in _LONGEST_FIRST:
            if text.startswith(namespace) and "/" not in text[len(namespace) :]:
                return f"{prefix}:{text[len(namespace) :]}"
        return f"<{text}>"
    return f"_:{text}" if kind == "bnode" else text


def _table(variables: list[str], rows: list[list[str]]) -> str:
    widths = [max([len(v), *(len(r[i]) for r in rows)]) for i, v in enumerate(variables)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def write_rows(variables: list[str], rows: Sequence[Sequence[object]], fmt: str) -> bytes:
    """A SELECT answer's rows (rdflib's or Oxigraph's terms, None unbound) in a format of ROW_FORMATS."""
    parts = [[_parts(term) for term in row] for row in rows]
    if fmt == "csv":
        lines = [",".join(_csv_field(("literal", v, None, None)) for v in variables)]
        lines += [",".join(_csv_field(term) for term in row) for row in parts]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_tsv_term(term) for term in row) for row in parts]
        return ("\n".join(lines) + "\n").encode("utf-8")
    return _table(variables, [[_compact(term) for term in row] for row in parts]).encode("utf-8")


def write_boolean(value: bool, fmt: str) -> bytes:
    """An ASK answer in a format of ROW_FORMATS."""
    text = "true" if value else "false"
    return {"csv": f"_askResult\r\n{text}\r\n", "tsv": f"?_askResult\n{text}\n", "table": f"{text}\n"}[fmt].encode()


def over_limit(max_bytes: int) -> QueryError:
    """The error of an answer longer than ``max_bytes``."""
    return QueryError(f"the answer is over {max_bytes} bytes; ask for less (LIMIT, fewer variables)")


class _Capped(io.BytesIO):
    """A buffer that refuses to grow past a limit: a writer streaming into it stops there."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > self.limit:
            raise over_limit(self.limit)
        return super().write(data)


def write_solutions(found: Any, fmt: str, max_bytes: int | None = None) -> bytes:
    """Oxigraph's answer to a SELECT or ASK (solutions or a boolean) in a format of RESULT_FORMATS.

    JSON and XML are written by Oxigraph's own writers, the rows by :func:`write_rows`: rdflib is
    not needed. Oxigraph finds the solutions as it writes them, so a time limit on the writing holds
    for the whole answer.

    Raises
    ------
    QueryError
        For a format a result table has no use for, or an answer over ``max_bytes`` (JSON and XML
        stop writing there).

    """
    import pyoxigraph  # noqa: PLC0415

    if fmt not in RESULT_FORMATS:
        raise QueryError(f"a SELECT or ASK query gives a result table: use one of {', '.join(RESULT_FORMATS)}")
    if fmt in ("json", "xml"):
        buffer = _Capped(max_bytes if max_bytes is not None else sys.maxsize)
        found.serialize(buffer, format=getattr(pyoxigraph.QueryResultsFormat, fmt.upper()))
        return buffer.getvalue()
    if isinstance(found, pyoxigraph.QueryBoolean):
        return write_boolean(bool(found), fmt)
    written = write_rows([v.value for v in found.variables], list(found), fmt)
    if max_bytes is not None and len(written) > max_bytes:
        raise over_limit(max_bytes)
    return written


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
        return write_boolean(bool(result.askAnswer), fmt)
    names = list(result.vars or [])
    return write_rows([str(v) for v in names], [[binding.get(v) for v in names] for binding in result.bindings], fmt)
