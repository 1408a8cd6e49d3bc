"""SPARQL over the built graph: saved queries, a query checked and given its values, run under a time limit.

Queries run on Oxigraph (:mod:`rlskg.sparql.store`) with the project's prefixes predeclared, in a
worker process killed at the time limit (:mod:`rlskg.sparql.workers`), or on another endpoint
(:mod:`rlskg.sparql.endpoint`) after the same checks; answers come back as rdflib ``Result`` objects
(:func:`query`), or written in a result format by :mod:`rlskg.sparql.results` (:func:`query_written`).
Saved queries live in graph/queries/.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rlskg.errors import QueryError
from rlskg.model.namespaces import NAMESPACES
from rlskg.sparql.results import over_limit, serialize, write_solutions
from rlskg.sparql.text import Term, bind, check, prefixes, query_form

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result

    from rlskg.sparql.endpoint import Remote
    from rlskg.sparql.store import Source

__all__ = [
    "Prepared",
    "SavedQuery",
    "answer",
    "evaluate",
    "forward",
    "prepare",
    "query",
    "query_written",
    "remote_resolver",
    "remote_text",
    "saved_queries",
]


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
    #: Whether a GRAPH clause reads the named graphs.
    graphs: bool = False


def prepare(
    text: str,
    *,
    bindings: dict[str, str] | None = None,
    resolve: Callable[[str], str] | None = None,
    dataset: tuple[list[str], list[str]] | None = None,
    federation: Iterable[str] = (),
) -> Prepared:
    """Check a query before it runs (see :func:`rlskg.sparql.text.check`) and give its variables their values.

    Raises
    ------
    QueryError
        For an update, a SERVICE clause not allowed, too deep nesting, or a variable the query lacks.

    """
    found = check(text, prefixes(), federation)
    terms = bind(text, bindings or {}, resolve)
    return Prepared(text, query_form(text), terms, dataset, found.names_dataset, found.pattern, found.graphs)


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
    prologue = "".join(f"PREFIX {prefix}: <{namespace}> " for prefix, namespace in prefixes().items())
    return prologue + (_with_values(prepared, values) if values else prepared.text)


def _run(store: Any, prepared: Prepared) -> Any:
    """Run a prepared query on an Oxigraph store; Oxigraph's answer (solutions, a boolean or triples)."""
    import pyoxigraph  # noqa: PLC0415

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
        return store.query(text, prefixes=prefixes(), substitutions=substitutions, **options)
    except SyntaxError as error:
        raise _syntax_error(prepared.text, error) from None


def evaluate(store: Any, prepared: Prepared) -> tuple[Any, ...]:
    """Run a prepared query on an Oxigraph store; the answer as rdflib terms (which pickle).

    Without a protocol dataset or a FROM, the default graph is the store's default graph: the
    build's rls.nq holds the whole graph there as well as in its named graphs (one per source and
    per layer), so a plain query answers as on rls.ttl. Oxigraph's union mode is not used: it counts
    a triple once per graph that holds it (oxigraph issue #1919), which would multiply every count.
    """
    from rlskg.sparql.store import as_rdflib  # noqa: PLC0415

    return as_rdflib(_run(store, prepared), prepared.form)


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
    from rdflib import Graph  # noqa: PLC0415
    from rdflib.query import Result  # noqa: PLC0415
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
    if prepared.form in ("SELECT", "ASK"):  # written from Oxigraph's answer: rdflib is not loaded
        return write_solutions(_run(store, prepared), fmt, max_bytes)
    return _graph_written(evaluate(store, prepared), fmt, max_bytes)


def _graph_written(outcome: tuple[Any, ...], fmt: str, max_bytes: int | None) -> bytes:
    """A CONSTRUCT's or DESCRIBE's triples (as :func:`evaluate` gives them) written in ``fmt``, within ``max_bytes``."""
    written = serialize(_to_result(outcome), fmt)
    if max_bytes is not None and len(written) > max_bytes:
        raise over_limit(max_bytes)
    return written


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
        found = sorted({(str(r[entity]).removeprefix(NAMESPACES["rls"]), str(r[label])) for r in result.bindings})
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

    ``graph`` is an rdflib Graph (copied into Oxigraph for the query), a :class:`~rlskg.sparql.store.Source`
    (a built file or a store on disk), a :class:`~rlskg.sparql.endpoint.Remote` endpoint, or None for the
    built graph. ``bindings`` give variables a
    value before the query runs (see :func:`bind`); ``resolve`` turns a name into an entity id.
    ``dataset`` is the SPARQL protocol's (default-graph-uri list, named-graph-uri list).
    ``federation`` lists the only endpoints a SERVICE clause may call. ``store`` is the source
    already opened with :func:`~rlskg.sparql.store.open_store`. The time limit holds in any thread: the
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
    from rlskg.sparql.endpoint import Remote, remote_evaluate  # noqa: PLC0415

    prepared = prepare(text, bindings=bindings, resolve=resolve, dataset=dataset, federation=federation)
    if isinstance(graph, Remote):
        return _to_result(remote_evaluate(graph, remote_text(prepared), prepared.form, timeout, prepared.dataset))
    return _to_result(_locally(graph, prepared, timeout, store, evaluate))


def query_written(
    graph: Graph | Source | Remote | None,
    text: str,
    fmt: str,
    *,
    timeout: float | None = 10.0,
    bindings: dict[str, str] | None = None,
    resolve: Callable[[str], str] | None = None,
    federation: Iterable[str] = (),
) -> bytes:
    """A query's answer written in ``fmt`` (see :mod:`rlskg.sparql.results`): what ``rlskg sparql`` prints.

    The arguments are :func:`query`'s. The answer to a SELECT or ASK is written from Oxigraph's
    answer (by the worker, on a local graph), so rdflib is not loaded for it: JSON and XML by
    Oxigraph's writers, CSV, TSV and the table by :func:`~rlskg.sparql.results.write_rows`, the
    same bytes as ``serialize(query(...), fmt)`` writes for those three. A remote endpoint's answer
    is written by the same writers.

    Raises
    ------
    QueryError
        As :func:`query`, and for a format the kind of query has no use for.
    QueryTimeout
        When the query runs past ``timeout`` seconds.

    """
    from rlskg.sparql.endpoint import Remote  # noqa: PLC0415

    prepared = prepare(text, bindings=bindings, resolve=resolve, federation=federation)
    if isinstance(graph, Remote):
        return _remote_written(graph, prepared, fmt, timeout)
    written: bytes = _locally(graph, prepared, timeout, None, answer, fmt)
    return written


def _remote_written(
    remote: Remote, prepared: Prepared, fmt: str, timeout: float | None, max_bytes: int | None = None
) -> bytes:
    """A remote endpoint's answer written here, by the writers that write a local answer."""
    from rlskg.sparql.endpoint import remote_evaluate, remote_solutions  # noqa: PLC0415

    text = remote_text(prepared)
    if prepared.form in ("SELECT", "ASK"):
        return remote_solutions(
            remote, text, timeout, prepared.dataset, lambda found: write_solutions(found, fmt, max_bytes)
        )
    return _graph_written(remote_evaluate(remote, text, prepared.form, timeout, prepared.dataset), fmt, max_bytes)


def _locally(
    graph: Graph | Source | None, prepared: Prepared, timeout: float | None, store: Any, task: Any, *args: Any
) -> Any:
    """``task(store, prepared, *args)`` on a local graph, in a worker process when there is a time limit.

    A query that reads no named graph is given the build's Turtle rather than its N-Quads (the same
    default graph, loaded in a fifth of the time), unless a store is open already.
    """
    from rlskg.sparql.store import Source, open_store  # noqa: PLC0415
    from rlskg.sparql.workers import run_limited  # noqa: PLC0415

    source = graph if isinstance(graph, Source) else Source.default() if graph is None else Source.from_rdflib(graph)
    if store is None and prepared.dataset is None and not (prepared.names_dataset or prepared.graphs):
        source = source.default_graph_only()
    if timeout is not None and timeout > 0:
        if store is None and source.directory is None and threading.active_count() == 1:
            store = open_store(source)  # opened once here, inherited by the forked worker
        return run_limited(source, task, (prepared, *args), timeout, store)
    return task(store if store is not None else open_store(source), prepared, *args)


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
    from rlskg.sparql.endpoint import Remote  # noqa: PLC0415

    return _remote_written(Remote(url), prepare(text, dataset=dataset, federation=federation), fmt, timeout, max_bytes)
