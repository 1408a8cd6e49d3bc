"""SPARQL over the built graph, with results in the W3C SPARQL 1.1 result formats.

Queries run with the project's prefixes predeclared and a time limit; saved queries live in
graph/queries/.

Formats: for SELECT and ASK, ``json`` (application/sparql-results+json), ``xml``
(application/sparql-results+xml), ``csv`` and ``tsv`` (the W3C CSV and TSV results), and ``table``
for a terminal; for CONSTRUCT and DESCRIBE, an RDF syntax: ``turtle``, ``nt``, ``xml``
(RDF/XML) or ``json-ld``. CSV and TSV are defined for SELECT only; an ASK answer comes as one
column ``_askResult`` holding true or false.
"""

from __future__ import annotations

import contextlib
import re
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result

from rlskg.errors import QueryError, QueryTimeout
from rlskg.ontology import NAMESPACES, RLS

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "SavedQuery",
    "is_update",
    "query",
    "saved_queries",
    "serialize",
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


@dataclass(frozen=True)
class SavedQuery:
    """A query of graph/queries/: its name (the file stem), what it answers, and its text."""

    name: str
    answers: str
    text: str
    path: Path


def saved_queries(root: Path) -> dict[str, SavedQuery]:
    """The saved queries of graph/queries/, by name; each file opens with a comment saying what it answers."""
    found: dict[str, SavedQuery] = {}
    for path in sorted((root / "graph" / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("#").strip())
        found[path.stem] = SavedQuery(path.stem, " ".join(comment), text, path)
    return found


# A cheap look for an update keyword anywhere; the update parser then decides.
_UPDATE_WORDS = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b", re.I)


def is_update(text: str) -> bool:
    """Whether the text is a SPARQL Update request (which a read-only graph refuses).

    Examples
    --------
    >>> is_update("PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }")
    True
    >>> is_update("SELECT * WHERE { ?s ?p ?o }")
    False

    """
    from rdflib.plugins.sparql.parser import parseUpdate  # noqa: PLC0415

    if not _UPDATE_WORDS.search(text):
        return False
    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _parse_message(error: Exception) -> str:
    """The parser's message with its line and column, on one line."""
    line, column = getattr(error, "lineno", None), getattr(error, "col", None)
    message = " ".join(str(getattr(error, "msg", error)).split())
    found = re.search(r"found (.+?)\s+\(at char", str(error))
    where = f"line {line}, column {column}: " if line is not None else ""
    return f"syntax error at {where}{message}" + (f", found {found.group(1)}" if found else "")


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise QueryTimeout when the block runs longer than ``seconds`` (main thread only)."""
    if not seconds or seconds <= 0:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise QueryTimeout(f"the query ran past its time limit of {seconds:g} s and was stopped")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def query(
    graph: Graph,
    text: str,
    *,
    timeout: float | None = 10.0,
    bindings: dict[str, str] | None = None,
) -> Result:
    """Run a SPARQL query over ``graph`` with the project's prefixes predeclared.

    ``bindings`` give variables a value before the query runs: an entity id (``Diabetes``), a
    prefixed name (``rls:Diabetes``), an IRI in angle brackets, or else a plain literal.

    Raises
    ------
    QueryError
        For a syntax error (with line and column) or an update request.
    QueryTimeout
        When the query runs past ``timeout`` seconds.

    Examples
    --------
    >>> from rlskg.network import load_graph
    >>> rows = query(load_graph(), "SELECT ?x WHERE { ?x rls:triggers rls:RLS } ORDER BY ?x LIMIT 2")
    >>> [str(r.x).rsplit("/", 1)[1] for r in rows]
    ['Alcohol', 'Antidepressant']

    """
    from pyparsing import ParseException  # noqa: PLC0415
    from rdflib.plugins.sparql import prepareQuery  # noqa: PLC0415

    if is_update(text):
        raise QueryError("updates are not allowed: the graph is read-only")
    try:
        prepared = prepareQuery(text, initNs=NAMESPACES)
    except ParseException as error:
        raise QueryError(_parse_message(error)) from None
    except Exception as error:  # rdflib raises plain exceptions for unknown prefixes and the like
        raise QueryError(" ".join(str(error).split())) from None
    init = {name: _term(value) for name, value in (bindings or {}).items()}
    try:
        with _time_limit(timeout):
            result = graph.query(prepared, initBindings=init)
            if result.type in ("SELECT", "CONSTRUCT", "DESCRIBE"):
                # rdflib evaluates lazily: draw the answer inside the time limit.
                result.bindings if result.type == "SELECT" else result.graph  # noqa: B018
    except QueryError:
        raise
    except Exception as error:  # an error of evaluation, such as an unbound variable in an aggregate
        raise QueryError(f"the query failed: {' '.join(str(error).split())}") from None
    return result


def _term(value: str) -> URIRef | Literal:
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    prefix, _, local = value.partition(":")
    if local and prefix in NAMESPACES:
        return URIRef(NAMESPACES[prefix] + local)
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", value):
        return URIRef(RLS[value])
    return Literal(value)


# ---------------------------------------------------------------- the W3C CSV and TSV results


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
