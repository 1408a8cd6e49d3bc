"""SPARQL over the built graph, with results in the W3C SPARQL 1.1 result formats.

Queries run on Oxigraph (see :mod:`rlskg.store`) with the project's prefixes predeclared and a
time limit; answers come back as rdflib ``Result`` objects. Saved queries live in graph/queries/.

Formats: for SELECT and ASK, ``json`` (application/sparql-results+json), ``xml``
(application/sparql-results+xml), ``csv`` and ``tsv`` (the W3C CSV and TSV results), and ``table``
for a terminal; for CONSTRUCT and DESCRIBE, an RDF syntax: ``turtle``, ``nt``, ``xml``
(RDF/XML) or ``json-ld``. CSV and TSV are defined for SELECT only; an ASK answer comes as one
column ``_askResult`` holding true or false.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result

from rlskg.errors import QueryError
from rlskg.model.ontology import NAMESPACES, RLS

if TYPE_CHECKING:
    from rlskg.store import Remote, Source

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "Prepared",
    "SavedQuery",
    "answer",
    "bind",
    "evaluate",
    "forward",
    "is_update",
    "prepare",
    "query",
    "query_form",
    "remote_resolver",
    "remote_text",
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
    """The saved queries of graph/queries/, by name; each file opens with a comment saying what it answers.

    Outside a project (a wheel installed with no checkout), the queries shipped in the package.
    """
    from rlskg.project import is_root  # noqa: PLC0415

    folder = root / "graph" / "queries"
    if not is_root(root):
        from importlib import resources  # noqa: PLC0415

        folder = Path(str(resources.files("rlskg") / "queries"))
    found: dict[str, SavedQuery] = {}
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("#").strip())
        found[path.stem] = SavedQuery(path.stem, " ".join(comment), text, path)
    return found


def is_update(text: str) -> bool:
    """Whether the text is a SPARQL Update request (which a read-only graph refuses).

    Examples
    --------
    >>> is_update("PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }")
    True
    >>> is_update("SELECT * WHERE { ?s ?p ?o }")
    False

    """
    from rlskg.store import plan  # noqa: PLC0415

    return plan(text).update


def _parse_message(error: Exception) -> str:
    """The parser's message with its line and column, on one line."""
    line, column = getattr(error, "lineno", None), getattr(error, "col", None)
    message = " ".join(str(getattr(error, "msg", error)).split())
    found = re.search(r"found (.+?)\s+\(at char", str(error))
    where = f"line {line}, column {column}: " if line is not None else ""
    return f"syntax error at {where}{message}" + (f", found {found.group(1)}" if found else "")


def _syntax_error(text: str, error: Exception) -> QueryError:
    """A one-line syntax error: rdflib's wording (which names what it expected) when it agrees."""
    from pyparsing import ParseException  # noqa: PLC0415
    from rdflib.plugins.sparql import prepareQuery  # noqa: PLC0415

    try:
        prepareQuery(text, initNs=NAMESPACES)
    except ParseException as parsed:
        return QueryError(_parse_message(parsed))
    except RecursionError:
        pass
    except Exception as other:  # rdflib raises plain exceptions for unknown prefixes and the like
        return QueryError(" ".join(str(other).split()))
    message = " ".join(str(error).split())
    found = re.match(r"error at (\d+):(\d+): (.*)", message)
    if found:
        return QueryError(f"syntax error at line {found.group(1)}, column {found.group(2)}: {found.group(3)}")
    return QueryError(f"syntax error: {message}")


#: A binding's value as it travels to a worker: ("iri" | "literal", text).
Term = tuple[str, str]


def _prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in NAMESPACES.items()}


@dataclass(frozen=True)
class Prepared:
    """A checked query, ready for a worker: its text, form, bound values and dataset (it pickles)."""

    text: str
    form: str = "SELECT"
    bindings: dict[str, Term] = field(default_factory=dict)
    #: The protocol's (default-graph-uri list, named-graph-uri list), or None.
    dataset: tuple[list[str], list[str]] | None = None
    names_dataset: bool = False
    pattern: int | None = None


def prepare(
    text: str,
    *,
    bindings: dict[str, str] | None = None,
    resolve: Callable[[str], str] | None = None,
    dataset: tuple[list[str], list[str]] | None = None,
    federation: Iterable[str] = (),
) -> Prepared:
    """Check a query before it runs (see :func:`rlskg.store.check`) and give its variables their values.

    Raises
    ------
    QueryError
        For an update, a SERVICE clause not allowed, too deep nesting, or a variable the query lacks.

    """
    from rlskg.store import check  # noqa: PLC0415

    found = check(text, _prefixes(), federation)
    terms = bind(text, bindings or {}, resolve)
    return Prepared(text, query_form(text), terms, dataset, found.names_dataset, found.pattern)


def _values(prepared: Prepared) -> dict[str, Any]:
    import pyoxigraph  # noqa: PLC0415

    return {
        name: pyoxigraph.NamedNode(value) if kind == "iri" else pyoxigraph.Literal(value)
        for name, (kind, value) in prepared.bindings.items()
    }


def _with_values(prepared: Prepared, values: dict[str, Any]) -> str:
    """The query with one row of values at the start of its pattern, so every part of it sees them."""
    assert prepared.pattern is not None
    heads, row = " ".join(f"?{n}" for n in values), " ".join(str(t) for t in values.values())
    text = prepared.text
    return f"{text[: prepared.pattern]} VALUES ({heads}) {{ ({row}) }} {text[prepared.pattern :]}"


def remote_text(prepared: Prepared) -> str:
    """The text to send to another endpoint: the project's prefixes declared, the bindings as VALUES.

    The prefixes go on the query's first line, so an error's line number is the query's own.

    Raises
    ------
    QueryError
        When values are to be bound into a query with no pattern to bind them in.

    """
    values = _values(prepared)
    if values and prepared.pattern is None:
        raise QueryError("this query has no WHERE pattern to bind values in on a remote endpoint")
    prologue = "".join(f"PREFIX {prefix}: <{namespace}> " for prefix, namespace in _prefixes().items())
    return prologue + (_with_values(prepared, values) if values else prepared.text)


def evaluate(store: Any, prepared: Prepared) -> tuple[Any, ...]:
    """Run a prepared query on an Oxigraph store; the answer as rdflib terms (which pickle).

    Without a protocol dataset or a FROM, the default graph is the store's default graph: the
    build's rls.nq holds the whole graph there as well as in its named graphs (one per source and
    per layer), so a plain query answers as on rls.ttl. Oxigraph's union mode is not used: it counts
    a triple once per graph that holds it (oxigraph issue #1919), which would multiply every count.
    """
    import pyoxigraph  # noqa: PLC0415

    from rlskg.store import to_rdflib  # noqa: PLC0415

    text = prepared.text
    options: dict[str, Any] = {}
    if prepared.dataset is not None:
        options["default_graph"] = [pyoxigraph.NamedNode(iri) for iri in prepared.dataset[0]]
        options["named_graphs"] = [pyoxigraph.NamedNode(iri) for iri in prepared.dataset[1]]
    values = _values(prepared)
    substitutions = {}
    if values and prepared.pattern is not None:
        text = _with_values(prepared, values)
    else:  # CONSTRUCT WHERE { ... } takes no VALUES: substitute (the template's variables only)
        substitutions = {pyoxigraph.Variable(name): term for name, term in values.items()}
    try:
        answer = store.query(text, prefixes=_prefixes(), substitutions=substitutions, **options)
    except SyntaxError as error:
        raise _syntax_error(prepared.text, error) from None
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return ("ASK", bool(answer))
    if isinstance(answer, pyoxigraph.QuerySolutions):
        names = [v.value for v in answer.variables]
        rows = [tuple(to_rdflib(solution[i]) for i in range(len(names))) for solution in answer]
        return ("SELECT", names, rows)
    triples = [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in answer]
    return (prepared.form if prepared.form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT", triples)


class Row(dict[Any, Any]):
    """One solution of a SELECT: values by variable, found by the Variable or by its name (as rdflib's)."""

    def __missing__(self, key: Any) -> Any:
        from rdflib.term import Variable  # noqa: PLC0415

        if isinstance(key, str) and not isinstance(key, Variable):
            return self[Variable(key)]
        raise KeyError(key)

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        from rdflib.term import Variable  # noqa: PLC0415

        if isinstance(key, str) and not isinstance(key, Variable):
            return dict.__contains__(self, Variable(key))
        return dict.__contains__(self, key)


def _to_result(outcome: tuple[Any, ...]) -> Result:
    from rdflib.term import Variable  # noqa: PLC0415

    result = Result(outcome[0])
    if outcome[0] == "ASK":
        result.askAnswer = outcome[1]
    elif outcome[0] == "SELECT":
        names = [Variable(v) for v in outcome[1]]
        result.vars = names
        result.bindings = [
            Row((name, term) for name, term in zip(names, row, strict=True) if term is not None) for row in outcome[2]
        ]
    else:
        graph = Graph()
        for triple in outcome[1]:
            graph.add(triple)
        result.graph = graph
    return result


def answer(store: Any, prepared: Prepared, fmt: str, max_bytes: int | None = None) -> bytes:
    """Evaluate and write the answer in ``fmt``: what a worker of the endpoint does for one request.

    Raises
    ------
    QueryError
        When the written answer is over ``max_bytes``.

    """
    written = serialize(_to_result(evaluate(store, prepared)), fmt)
    if max_bytes is not None and len(written) > max_bytes:
        raise QueryError(f"the answer is over {max_bytes} bytes; ask for less (LIMIT, fewer variables)")
    return written


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's form, from its first such keyword.

    Examples
    --------
    >>> query_form("PREFIX ex: <http://example.org/select> construct WHERE { ?s ?p 'ASK' }")
    'CONSTRUCT'

    """
    from rlskg.store import _TOKENS  # noqa: PLC0415

    for match in _TOKENS.finditer(text):
        if match.lastgroup == "name" and match.group().upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return match.group().upper()
    return "SELECT"


def bind(
    text: str,
    bindings: dict[str, str],
    resolve: Callable[[str], str] | None = None,
) -> dict[str, Term]:
    """The values given to a query's variables, checked against the query and the graph.

    A value is an IRI in angle brackets, a prefixed name (``rls:Diabetes``), text in double quotes
    (a literal), or else a name of an entity as ``why`` accepts it (``Paxil``), which ``resolve``
    turns into an entity id (raising for an unknown or ambiguous name).

    Raises
    ------
    QueryError
        When the query has no such variable.

    """
    from rlskg.store import plan  # noqa: PLC0415

    variables = plan(text, _prefixes()).variables
    terms: dict[str, Term] = {}
    for name, value in bindings.items():
        if name not in variables:
            listed = ", ".join(f"?{v}" for v in sorted(variables)) or "none"
            raise QueryError(f"the query has no variable ?{name} to bind (its variables: {listed})")
        prefix, _, local = value.partition(":")
        if value.startswith("<") and value.endswith(">"):
            terms[name] = ("iri", value[1:-1])
        elif len(value) >= 2 and value[0] == value[-1] == '"':
            terms[name] = ("literal", value[1:-1])
        elif local and prefix in NAMESPACES:
            terms[name] = ("iri", str(NAMESPACES[prefix]) + local)
        elif resolve is not None:
            terms[name] = ("iri", str(RLS[resolve(value)]))
        else:
            terms[name] = ("iri", str(RLS[value]))
    return terms


_NAMES_QUERY = """
SELECT DISTINCT ?entity ?label WHERE {
  ?entity a ?type ; rdfs:label ?label .
  ?type rdfs:subClassOf rls:Entity .
  { ?entity rdfs:label ?name } UNION { ?entity skos:altLabel ?name }
  FILTER(LCASE(STR(?name)) = LCASE(?asked) || ?entity = IRI(CONCAT(STR(rls:), ?asked)))
}
ORDER BY ?entity
"""


def remote_resolver(remote: Remote, timeout: float | None = 10.0) -> Callable[[str], str]:
    """Turn a name into an entity id by asking the endpoint for labels and synonyms equal to it (any case).

    Unlike :func:`rlskg.kg.name_resolver` it neither folds plurals nor suggests near names.
    """
    from rlskg.errors import AmbiguousName, RlsKgError  # noqa: PLC0415

    def resolve(name: str) -> str:
        result = query(remote, _NAMES_QUERY, bindings={"asked": '"' + name.replace('"', "") + '"'}, timeout=timeout)
        from rdflib.term import Variable  # noqa: PLC0415

        entity, label = Variable("entity"), Variable("label")
        found = sorted({(str(r[entity]).removeprefix(str(RLS)), str(r[label])) for r in result.bindings})
        if len(found) == 1:
            return found[0][0]
        if found:
            raise AmbiguousName(name, found)
        raise RlsKgError(f"nothing at {remote.url} is called '{name}' (quote text to bind a literal: '\"{name}\"')")

    return resolve


def query(
    graph: Graph | Source | Remote | None,
    text: str,
    *,
    timeout: float | None = 10.0,
    bindings: dict[str, str] | None = None,
    resolve: Callable[[str], str] | None = None,
    dataset: tuple[list[str], list[str]] | None = None,
    federation: Iterable[str] = (),
    store: Any = None,
) -> Result:
    """Run a SPARQL query with the project's prefixes predeclared, on Oxigraph, under a time limit.

    ``graph`` is an rdflib Graph (copied into Oxigraph for the query), a :class:`~rlskg.store.Source`
    (a built file or a store on disk), a :class:`~rlskg.store.Remote` endpoint, or None for the
    built graph. ``bindings`` give variables a
    value before the query runs (see :func:`bind`); ``resolve`` turns a name into an entity id.
    ``dataset`` is the SPARQL protocol's (default-graph-uri list, named-graph-uri list).
    ``federation`` lists the only endpoints a SERVICE clause may call. ``store`` is the source
    already opened with :func:`~rlskg.store.open_store`. The time limit holds in any thread: the
    query runs in a worker process that is killed when the limit passes.

    Raises
    ------
    QueryError
        For a syntax error (with line and column), an update request, a SERVICE clause not allowed,
        or a variable to bind that the query lacks.
    QueryTimeout
        When the query runs past ``timeout`` seconds.

    Notes
    -----
    With a time limit, a call from a process with one thread forks a worker that shares the
    store; from a process with several threads the worker comes from multiprocessing's fork
    server, which imports the calling script again, so a script calling from threads needs the
    usual ``if __name__ == "__main__":`` guard. ``timeout=None`` runs in the calling thread.

    Examples
    --------
    >>> from rlskg.rdf.network import load_graph
    >>> rows = query(load_graph(), "SELECT ?x WHERE { ?x rls:triggers rls:RLS } ORDER BY ?x LIMIT 2")
    >>> [str(r.x).rsplit("/", 1)[1] for r in rows]
    ['Alcohol', 'Antidepressant']

    """
    from rlskg.store import Remote, Source, open_store, remote_evaluate, run_limited  # noqa: PLC0415

    prepared = prepare(text, bindings=bindings, resolve=resolve, dataset=dataset, federation=federation)
    if isinstance(graph, Remote):
        return _to_result(remote_evaluate(graph, remote_text(prepared), prepared.form, timeout, prepared.dataset))
    if isinstance(graph, Graph):
        graph = Source.from_rdflib(graph)
    source = graph if graph is not None else Source.default()
    if timeout is not None and timeout > 0:
        if store is None and source.directory is None and threading.active_count() == 1:
            store = open_store(source)  # opened once here, inherited by the forked worker
        return _to_result(run_limited(source, evaluate, (prepared,), timeout, store))
    return _to_result(evaluate(store if store is not None else open_store(source), prepared))


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


def forward(
    url: str,
    text: str,
    fmt: str,
    *,
    timeout: float | None,
    dataset: tuple[list[str], list[str]] | None = None,
    federation: Iterable[str] = (),
    max_bytes: int | None = None,
) -> bytes:
    """A query's answer from the endpoint ``url``, written in ``fmt`` as a local answer is written.

    The query is checked as a local one is (no updates, no SERVICE outside ``federation``) before
    anything is sent; the answer is read back and written by this package, so CSV, TSV, XML and
    JSON results look the same whichever store answered.

    Raises
    ------
    QueryError
        For a query refused here or by the endpoint (a 4xx answer), or an answer over ``max_bytes``.
    QueryTimeout
        When the endpoint has not answered in full within ``timeout`` seconds.
    EndpointFailed
        When the endpoint cannot be reached, fails (5xx), or answers what is not a SPARQL result.

    """
    from rlskg.store import Remote  # noqa: PLC0415

    result = query(Remote(url), text, timeout=timeout, dataset=dataset, federation=federation)
    written = serialize(result, fmt)
    if max_bytes is not None and len(written) > max_bytes:
        raise QueryError(f"the answer is over {max_bytes} bytes; ask for less (LIMIT, fewer variables)")
    return written
