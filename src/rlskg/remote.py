"""The graph held by a triplestore a user already runs: ask why and run SPARQL against its endpoint.

Any SPARQL 1.1 endpoint that holds a build of this graph (pushed with `rlskg push`) will do:
Oxigraph's server, Virtuoso, QLever, GraphDB, Neptune. :class:`RemoteGraph` is the front door's
knowledge graph opened on such an endpoint (``rlskg.open("http://host:port/query")``): it reads the
ontology, the sources and the entities' names once, resolves names as `rlskg why` does, and for
each question fetches what its search can use (:class:`_Reach`: the moves a chain may make,
``max_hops`` rings deep, in the directions the relation kinds are followed, then the claims of
those moves only), then answers with the same :class:`~rlskg.explain.Explainer` as a local graph.
Queries are forwarded to the endpoint after the same checks as a local query (no updates, no
SERVICE outside ``federation``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rlskg.errors import QueryError, QueryTimeout, RlsKgError
from rlskg.kg import KnowledgeGraph
from rlskg.ontology import NAMESPACES, RLS

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph
    from rdflib.query import Result

    from rlskg.explain import Answer, Explainer

__all__ = ["RemoteGraph", "check_endpoint", "forward", "is_endpoint", "neighbourhood", "why_remote"]

#: How long opening a remote graph may take to read the ontology and the entities' names.
OPEN_TIMEOUT = 120.0

_PROLOGUE = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in NAMESPACES.items())

# The ontology's terms, the sources, their publishers and licences, the records of disagreement and tension;
# then the entities.
# Two plain queries rather than one with a UNION: some stores (Virtuoso) refuse the union as too costly.
_FRAME = [
    _PROLOGUE
    + """
CONSTRUCT { ?s ?p ?o } WHERE {
  VALUES ?type {
    owl:Ontology owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty skos:ConceptScheme
    rls:RelationKind rls:KnowledgeLayer rls:Verdict rls:Certainty rls:PagePart rls:CauseStatus rls:Rule
    rls:SourceDocument rls:BackgroundSource rls:Disagreement rls:Tension
    foaf:Organization rls:PublisherType rls:Licence
  }
  ?s a ?type ; ?p ?o .
}""",
    _PROLOGUE
    + """
CONSTRUCT { ?s ?p ?o } WHERE { ?class rdfs:subClassOf rls:Entity . ?s a ?class ; ?p ?o . }""",
]

# The moves a why-search may make from a ring of entities: asserted relations, by predicate.
_MOVES = (
    _PROLOGUE
    + """
SELECT DISTINCT ?s ?p ?o WHERE {
  { VALUES ?s { %s } VALUES ?p { %s } ?s ?p ?o . }
  UNION { VALUES ?o { %s } VALUES ?p { %s } ?s ?p ?o . }
}"""
)

# The claims of some relations (whatever their certainty or layer), and claims by name, with evidence.
_CLAIMS_OF = (
    _PROLOGUE
    + """
CONSTRUCT { ?claim ?p ?o . ?evidence ?ep ?eo . ?selector ?sp ?so } WHERE {
  %s
  ?claim a rls:Claim .
  { ?claim ?p ?o } UNION { ?claim rls:evidence ?evidence . ?evidence ?ep ?eo }
  UNION { ?claim rls:evidence ?evidence . ?evidence oa:hasSelector ?selector . ?selector ?sp ?so }
}"""
)
_OF_TRIPLES = "VALUES (?s ?r ?t) { %s } ?claim rdf:subject ?s ; rdf:predicate ?r ; rdf:object ?t ."
_OF_NAMES = "VALUES ?claim { %s }"
_REFUTED_ABOUT = (
    "VALUES ?e { %s } ?claim rls:certainty rls:Refuted . { ?claim rdf:subject ?e } UNION { ?claim rdf:object ?e }"
)
_BATCH = 400  # relations or claims per request: a bounded query text whatever the neighbourhood's size

# Every claim that touches one of the entities, with its evidence and the selectors of its quote
# (the claims template below). Three branches rather than nested OPTIONALs: those multiply each
# claim's properties by its evidence's and selectors' (about 9x slower on Oxigraph's server).
_RING = _CLAIMS_OF % "VALUES ?entity { %s } { ?claim rdf:subject ?entity } UNION { ?claim rdf:object ?entity }"

# What the store links directly to one entity: a bounded stand-in for the overview of every answer.
_LINKED = """SELECT DISTINCT ?entity ?label WHERE {
  ?claim a rls:Claim ; rdf:subject ?entity ; rdf:object ?target .
  ?entity rdfs:label ?label .
} ORDER BY LCASE(STR(?label)) LIMIT %d"""


def is_endpoint(location: object) -> bool:
    """Whether ``location`` names a SPARQL endpoint (an http or https address) rather than a file.

    >>> is_endpoint("http://127.0.0.1:7878/query"), is_endpoint("build/rls.ttl")
    (True, False)
    """
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


def check_endpoint(url: str) -> str:
    """``url`` when it is an http or https address with a host, for a one-line error before any request.

    Raises
    ------
    RlsKgError
        For any other address (a file: or ftp: one included: urllib would open those too).

    Examples
    --------
    >>> check_endpoint("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/query'
    >>> check_endpoint("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    rlskg.errors.RlsKgError: 'file:///etc/passwd' is not the http(s) address of a SPARQL endpoint

    """
    from urllib.parse import urlsplit  # noqa: PLC0415

    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # a port that is not a number, or out of range
        port_ok = False
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok or any(c.isspace() for c in url):
        raise RlsKgError(f"'{url[:200]}' is not the http(s) address of a SPARQL endpoint")
    return url


def _remaining(url: str, deadline: float | None) -> float | None:
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise QueryTimeout(f"{url} did not give the whole answer within the time limit")
    return left


def _construct(url: str, text: str, deadline: float | None, into: Graph | None = None) -> Graph:
    """The triples a CONSTRUCT query gives, added to ``into`` (a new graph by default)."""
    from rdflib import Graph  # noqa: PLC0415

    from rlskg.store import Remote, remote_evaluate  # noqa: PLC0415

    graph = Graph() if into is None else into
    graph.addN(
        (*triple, graph) for triple in remote_evaluate(Remote(url), text, "CONSTRUCT", _remaining(url, deadline))[1]
    )
    return graph


def _deadline(timeout: float | None) -> float | None:
    return time.monotonic() + timeout if timeout else None


def _frame(url: str, deadline: float | None) -> Graph:
    """The ontology, the sources, the records of disagreement and every entity, as the store holds them."""
    from rdflib import RDF  # noqa: PLC0415

    graph = _construct(url, _FRAME[0], deadline)
    graph += _construct(url, _FRAME[1], deadline)
    if not any(graph.triples((None, RDF.type, RLS.RelationKind))):
        raise RlsKgError(f"{url} holds no rls-kg graph (no relation kinds); load one with `rlskg push`")
    return graph


def _rings(url: str, start: str, max_hops: int, deadline: float | None) -> Graph:
    """The claims within ``max_hops`` steps of the entity ``start``, with their evidence."""
    from rdflib import RDF, Graph, URIRef  # noqa: PLC0415

    found = Graph()
    reached, ring = {start}, {start}
    for _ in range(max_hops):
        values = " ".join(f"<{RLS[node]}>" for node in sorted(ring))
        claims = _construct(url, _RING % values, deadline)
        found += claims
        ends = {str(o) for p in (RDF.subject, RDF.object) for o in claims.objects(None, p) if isinstance(o, URIRef)}
        ring = {e.removeprefix(str(RLS)) for e in ends if e.startswith(str(RLS))} - reached
        if not ring:
            break
        reached |= ring
    return found


def _select(url: str, text: str, deadline: float | None) -> list[tuple[Any, ...]]:
    from rlskg.store import Remote, remote_evaluate  # noqa: PLC0415

    return list(remote_evaluate(Remote(url), text, "SELECT", _remaining(url, deadline))[2])


def _iri(name: str) -> str:
    return f"<{RLS[name]}>"


class _Reach:
    """What a why-question needs from a store: the moves its search may make, then their claims.

    As :meth:`rlskg.index.NetworkIndex.neighbourhood` reads a large build's index: ``max_hops`` rings
    from the subject along the directions the relation kinds are followed, never through the target;
    from the target downstream, never through the subject; the subject's own relations; then the
    claims of those relations, the claims they contradict or stand in tension with, and the refuted
    claims about the subject. The engine finds in it every chain it finds in the whole graph.
    """

    def __init__(self, url: str, G: nx.MultiDiGraph, deadline: float | None) -> None:
        self.url, self.deadline = url, deadline
        kinds, relations = G.graph["kinds"], G.graph["relations"]

        def predicates(*follows: str, downstream: bool = False) -> list[str]:
            return sorted(
                name
                for name, relation in relations.items()
                if kinds[relation["kind"]]["follows"] in follows
                and (not downstream or kinds[relation["kind"]]["downstream"])
            )

        self.forward = predicates("forward", "both")
        self.backward = predicates("backward", "both")
        self.downstream = predicates("forward", "both", downstream=True)
        self.every = sorted(relations)
        self.entities = set(G.nodes)

    def moves(self, ring: set[str], forward: list[str], backward: list[str]) -> set[tuple[str, str, str]]:
        """The relations (subject, predicate, object) leaving ``ring`` forward or backward, between entities."""
        found: set[tuple[str, str, str]] = set()
        members = sorted(ring)
        for start in range(0, len(members), _BATCH):
            batch = " ".join(_iri(n) for n in members[start : start + _BATCH])
            text = _MOVES % (
                batch if forward else "",
                " ".join(_iri(p) for p in forward),
                batch if backward else "",
                " ".join(_iri(p) for p in backward),
            )
            for s, p, o in _select(self.url, text, self.deadline):
                triple = tuple(str(term).removeprefix(str(RLS)) for term in (s, p, o))
                if triple[0] in self.entities and triple[2] in self.entities:
                    found.add(cast("tuple[str, str, str]", triple))
        return found

    def walk(
        self, source: str, stop: str, max_hops: int, forward: list[str], backward: list[str]
    ) -> set[tuple[str, str, str]]:
        """Every relation a search from ``source`` may follow within ``max_hops``, not leaving ``stop``."""
        reached, ring, relations = {source}, {source}, set[tuple[str, str, str]]()
        for _ in range(max_hops):
            ring.discard(stop)  # a chain ends at its target: the search never leaves it
            if not ring:
                break
            found = self.moves(ring, forward, backward)
            relations |= found
            ends = {o for s, _, o in found if s in ring} | {s for s, _, o in found if o in ring and backward}
            ring = ends - reached
            reached |= ring
        return relations

    def claims(self, subject: str, relations: set[tuple[str, str, str]], into: Graph | None = None) -> Graph:
        """The claims of ``relations``, those they contradict or are in tension with, the refuted about ``subject``."""
        from rdflib import Graph, URIRef  # noqa: PLC0415

        found = Graph() if into is None else into
        triples = sorted(relations)
        for start in range(0, len(triples), _BATCH):
            rows = " ".join(f"({_iri(s)} {_iri(p)} {_iri(o)})" for s, p, o in triples[start : start + _BATCH])
            _construct(self.url, _CLAIMS_OF % (_OF_TRIPLES % rows), self.deadline, found)
        _construct(self.url, _CLAIMS_OF % (_REFUTED_ABOUT % _iri(subject)), self.deadline, found)
        have = set(found.subjects(RLS.certainty, None))
        joined = {o for p in (RLS.contradicts, RLS.inTensionWith) for o in found.objects(None, p)}
        others = sorted(str(o) for o in joined - have if isinstance(o, URIRef))
        for start in range(0, len(others), _BATCH):
            names = " ".join(f"<{o}>" for o in others[start : start + _BATCH])
            _construct(self.url, _CLAIMS_OF % (_OF_NAMES % names), self.deadline, found)
        return found


def neighbourhood(url: str, name: str, *, max_hops: int = 4, timeout: float | None = 30.0) -> tuple[Graph, str | None]:
    """The claims within ``max_hops`` steps of ``name``, either way, and the entity it names.

    This is what the view of an entity's neighbourhood draws (:meth:`RemoteGraph.render_html`); a
    why-question needs less, and fetches less (:class:`_Reach`).

    Notes
    -----
    Two queries for the frame (the ontology and every entity), then one per ring: at most
    ``max_hops + 2`` requests, all of them within ``timeout`` seconds.

    """
    from rlskg.explain import Explainer  # noqa: PLC0415
    from rlskg.network import to_networkx  # noqa: PLC0415

    deadline = _deadline(timeout)
    graph = _frame(url, deadline)
    found = Explainer(to_networkx(graph)).resolve(name)
    if len(found) != 1:
        return graph, None  # unknown or ambiguous: the local engine says which, from the names alone
    graph += _rings(url, found[0], max_hops, deadline)
    return graph, found[0]


def why_remote(
    url: str, name: str, target: str = "RLS", *, max_paths: int = 5, max_hops: int = 4, timeout: float | None = 30.0
) -> Answer:
    """Why is ``name`` linked to ``target``, answered from the graph held at the SPARQL endpoint ``url``."""
    return RemoteGraph.open(url, timeout=timeout).why(name, target, max_paths=max_paths, max_hops=max_hops)


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
    from rlskg.sparql import query, serialize  # noqa: PLC0415
    from rlskg.store import Remote  # noqa: PLC0415

    result = query(Remote(url), text, timeout=timeout, dataset=dataset, federation=federation)
    written = serialize(result, fmt)
    if max_bytes is not None and len(written) > max_bytes:
        raise QueryError(f"the answer is over {max_bytes} bytes; ask for less (LIMIT, fewer variables)")
    return written


class RemoteGraph(KnowledgeGraph):
    """The graph held at a SPARQL endpoint: why, resolve, suggest, label and query, answered by it.

    Names (labels, synonyms, brand names) are read when the graph is opened and resolved as a local
    graph resolves them; claims are fetched for each question, so answers follow the store (open
    the graph again after a push that adds or renames entities). ``timeout`` bounds each answer:
    all the requests of one why-question, or one query.

    Examples
    --------
    ``rlskg.open("http://127.0.0.1:7878/query").why("Paxil").verdict`` gives ``'associated'`` for
    an Oxigraph server holding the pushed build, as ``rlskg.open().why("Paxil")`` does.

    """

    def __init__(self, url: str, frame: Graph, *, timeout: float | None = 30.0, federation: Iterable[str] = ()) -> None:
        from rlskg.network import to_networkx  # noqa: PLC0415

        super().__init__(to_networkx(frame), None, url)
        self.url = url
        self.timeout = timeout
        self.federation = tuple(federation)
        self._frame = frame

    def __repr__(self) -> str:
        return f"<RemoteGraph {self.url}: {self._network.number_of_nodes()} entities>"

    @classmethod
    def open(
        cls, location: str | Path | None = None, *, timeout: float | None = 30.0, federation: Iterable[str] = ()
    ) -> RemoteGraph:
        """Open the graph at the SPARQL endpoint ``location`` (its query address, such as Oxigraph's /query).

        Raises
        ------
        RlsKgError
            When ``location`` is not an http(s) address, or the endpoint holds no rls-kg graph.
        EndpointFailed
            When the endpoint cannot be reached or fails.
        QueryTimeout
            When reading the names takes longer than :data:`OPEN_TIMEOUT` (or ``timeout`` if longer).

        """
        url = check_endpoint(str(location or ""))
        frame = _frame(url, _deadline(max(timeout or 0.0, OPEN_TIMEOUT)))
        return cls(url, frame, timeout=timeout, federation=federation)

    # -------------------------------------------------------------- asking

    def why(self, name: str, target: str = "RLS", *, max_paths: int = 5, max_hops: int = 4) -> Answer:
        """Why is ``name`` linked to ``target``? What its search can use is fetched first (:class:`_Reach`).

        Notes
        -----
        About ``2 * max_hops + 3`` requests (more for a neighbourhood of over 400 relations), all
        within the graph's ``timeout``. The moves are asked for as plain relations, and the claims,
        with their quotes, only for those moves.

        """
        asked = self.resolve(name)
        if len(asked) != 1 or max_hops < 1:  # unknown, ambiguous or a bad limit: the names alone answer
            return self._explainer.why(name, target, max_paths=max_paths, max_hops=max_hops)
        targets = self.resolve(target)
        if len(targets) != 1 or targets == asked:
            return self._explainer.why(name, target, max_paths=max_paths, max_hops=max_hops)
        return self._explainer_for(asked[0], targets[0], max_hops).why(
            name, target, max_paths=max_paths, max_hops=max_hops
        )

    def linked_to(self, target: str = "RLS", *, limit: int = 200) -> list[tuple[str, str]]:
        """(id, label) of the entities with a claim whose object is ``target``, by label, at most ``limit``."""
        from rdflib.term import Variable  # noqa: PLC0415

        result = self.query(_LINKED % limit, timeout=self.timeout, bindings={"target": f"rls:{target}"})
        entity, label = Variable("entity"), Variable("label")
        return [(str(row[entity]).removeprefix(str(RLS)), str(row[label])) for row in result.bindings]

    def query(self, text: str, *, timeout: float | None = 10.0, bindings: dict[str, str] | None = None) -> Result:
        """Run SPARQL on the endpoint, after the checks of a local query; see :func:`rlskg.sparql.query`."""
        from rlskg.sparql import query  # noqa: PLC0415
        from rlskg.store import Remote  # noqa: PLC0415

        return query(Remote(self.url), text, timeout=timeout, bindings=bindings, federation=self.federation)

    # -------------------------------------------------------------- copies for the caller

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph of the store as a networkx view (a new one on each call).

        Notes
        -----
        Reads every triple of the store's default graph, within the graph's ``timeout``; for a large
        store ask :meth:`why` instead, which reads only the neighbourhood of a question.

        """
        from rlskg.network import to_networkx  # noqa: PLC0415

        return to_networkx(self._graph())

    def render_html(self, focus: str | None = None, title: str = "What causes restless legs syndrome?") -> str:
        """The view of the neighbourhood of ``focus`` (within 4 steps), drawn from the store.

        Raises
        ------
        RlsKgError
            Without ``focus`` (the whole graph is not drawn from a remote store), or when ``focus``
            names no one entity.

        """
        from rlskg.view import render_html  # noqa: PLC0415

        if focus is None:
            raise RlsKgError("the whole graph is not drawn from a remote store; name an entity to focus on")
        found = self.resolve(focus)
        if len(found) != 1:
            raise RlsKgError(f"'{focus}' names {'no' if not found else 'more than one'} entity of {self.url}")
        G = self._explainer_near(found[0], 4).G
        kept = {found[0], *(n for n in G.nodes if G.degree(n))}
        return render_html(G.subgraph(kept).copy(), title=title, focus=found[0])

    # -------------------------------------------------------------- internals

    def _explainer_for(self, subject: str, target: str, max_hops: int) -> Explainer:
        """An engine over what the question needs: the moves of its search and their claims (:class:`_Reach`)."""
        from rdflib import Graph  # noqa: PLC0415

        from rlskg.explain import Explainer  # noqa: PLC0415
        from rlskg.network import to_networkx  # noqa: PLC0415

        reach = _Reach(self.url, self._network, _deadline(self.timeout))
        relations = reach.walk(subject, target, max_hops, reach.forward, reach.backward)
        relations |= reach.walk(target, subject, max_hops, reach.downstream, [])
        relations |= reach.moves({subject}, reach.every, reach.every)
        near = Graph()
        near += self._frame
        return Explainer(to_networkx(reach.claims(subject, relations, into=near)))

    def _explainer_near(self, entity: str, max_hops: int) -> Explainer:
        from rdflib import Graph  # noqa: PLC0415

        from rlskg.explain import Explainer  # noqa: PLC0415
        from rlskg.network import to_networkx  # noqa: PLC0415

        near = Graph()
        near += self._frame
        near += _rings(self.url, entity, max_hops, _deadline(self.timeout))
        return Explainer(to_networkx(near))

    def _graph(self) -> Graph:
        return _construct(self.url, "CONSTRUCT WHERE { ?s ?p ?o }", _deadline(self.timeout))
