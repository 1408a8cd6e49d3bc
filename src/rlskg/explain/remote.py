"""The graph held by a triplestore a user already runs, as the why engine walks it: over its SPARQL endpoint.

Any SPARQL 1.1 endpoint that holds a build of this graph (pushed with `rlskg push`) will do:
Oxigraph's server, Virtuoso, QLever, GraphDB, Neptune. The ontology, the sources, the records of
disagreement and every entity's names are read once (:func:`read_frame`); then each question asks
for what its search can use (:class:`EndpointMoves`): the moves a chain may make, ring by ring, as
plain relations, then the claims of the chains found, and the claims an answer cites beside them.
The front door opens such a graph as :class:`rlskg.kg.RemoteGraph`.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from rlskg.errors import QueryTimeout, RlsKgError
from rlskg.explain.moves import Claim, Move, Relation
from rlskg.model.ontology import CLAIM, NAMESPACES, RLS

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

__all__ = ["OPEN_TIMEOUT", "EndpointMoves", "construct", "deadline", "neighbourhood", "read_frame", "rings"]

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


def _remaining(url: str, deadline: float | None) -> float | None:
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise QueryTimeout(f"{url} did not give the whole answer within the time limit")
    return left


def construct(url: str, text: str, deadline: float | None, into: Graph | None = None) -> Graph:
    """The triples a CONSTRUCT query gives, added to ``into`` (a new graph by default)."""
    from rdflib import Graph  # noqa: PLC0415

    from rlskg.sparql.endpoint import Remote, remote_evaluate  # noqa: PLC0415

    graph = Graph() if into is None else into
    graph.addN(
        (*triple, graph) for triple in remote_evaluate(Remote(url), text, "CONSTRUCT", _remaining(url, deadline))[1]
    )
    return graph


def deadline(timeout: float | None) -> float | None:
    return time.monotonic() + timeout if timeout else None


def read_frame(url: str, deadline: float | None) -> Graph:
    """The ontology, the sources and their publishers, the records of disagreement and every entity, as stored."""
    from rdflib import RDF  # noqa: PLC0415

    graph = construct(url, _FRAME[0], deadline)
    graph += construct(url, _FRAME[1], deadline)
    if not any(graph.triples((None, RDF.type, RLS.RelationKind))):
        raise RlsKgError(f"{url} holds no rls-kg graph (no relation kinds); load one with `rlskg push`")
    return graph


def rings(url: str, start: str, max_hops: int, deadline: float | None) -> Graph:
    """The claims within ``max_hops`` steps of the entity ``start``, with their evidence."""
    from rdflib import RDF, Graph, URIRef  # noqa: PLC0415

    found = Graph()
    reached, ring = {start}, {start}
    for _ in range(max_hops):
        values = " ".join(f"<{RLS[node]}>" for node in sorted(ring))
        claims = construct(url, _RING % values, deadline)
        found += claims
        ends = {str(o) for p in (RDF.subject, RDF.object) for o in claims.objects(None, p) if isinstance(o, URIRef)}
        ring = {e.removeprefix(str(RLS)) for e in ends if e.startswith(str(RLS))} - reached
        if not ring:
            break
        reached |= ring
    return found


def _select(url: str, text: str, deadline: float | None) -> list[tuple[Any, ...]]:
    from rlskg.sparql.endpoint import Remote, remote_evaluate  # noqa: PLC0415

    return list(remote_evaluate(Remote(url), text, "SELECT", _remaining(url, deadline))[2])


def _iri(name: str) -> str:
    return f"<{RLS[name]}>"


def neighbourhood(url: str, name: str, *, max_hops: int = 4, timeout: float | None = 30.0) -> tuple[Graph, str | None]:
    """The claims within ``max_hops`` steps of ``name``, either way, and the entity it names.

    This is what the view of an entity's neighbourhood draws (:meth:`rlskg.kg.RemoteGraph.render_html`);
    a why-question needs less, and fetches less (:class:`EndpointMoves`).

    Notes
    -----
    Two queries for the frame (the ontology and every entity), then one per ring: at most
    ``max_hops + 2`` requests, all of them within ``timeout`` seconds.

    """
    from rlskg.explain.names import EntityNames  # noqa: PLC0415
    from rlskg.rdf.network import to_networkx  # noqa: PLC0415

    until = deadline(timeout)
    graph = read_frame(url, until)
    found = EntityNames(dict(to_networkx(graph).nodes(data=True))).resolve(name)
    if len(found) != 1:
        return graph, None  # unknown or ambiguous: the local engine says which, from the names alone
    graph += rings(url, found[0], max_hops, until)
    return graph, found[0]


class EndpointMoves:
    """The moves and claims of the graph at the endpoint ``url`` (see :class:`rlskg.explain.moves.Moves`).

    Made for one question: every request it sends ends by ``until`` (a :func:`time.monotonic` time,
    or None), and the claims it reads are kept for the rest of the answer. ``frame`` is what
    :func:`read_frame` read, and ``view`` its networkx view: what the ontology declares, and the entities.
    """

    def __init__(self, url: str, view: nx.MultiDiGraph, frame: Graph, until: float | None) -> None:
        self.url, self.until = url, until
        self._view = view
        self._frame = frame
        self._read: dict[str, Claim] = {}

    @property
    def frame(self) -> Mapping[str, Any]:
        frame: Mapping[str, Any] = self._view.graph
        return frame

    def moves(
        self, ring: Collection[str], forward: Collection[str], backward: Collection[str]
    ) -> list[tuple[str, Move]]:
        relations = self._view.graph["relations"]
        ahead = sorted(name for name, r in relations.items() if r["kind"] in forward)
        behind = sorted(name for name, r in relations.items() if r["kind"] in backward)
        members = sorted(ring)
        found: set[tuple[str, Move]] = set()
        for start in range(0, len(members), _BATCH):
            batch = " ".join(_iri(n) for n in members[start : start + _BATCH])
            values = (batch if ahead else "", _iris(ahead), batch if behind else "", _iris(behind))
            for row in _select(self.url, _MOVES % values, self.until):
                s, p, o = (str(term).removeprefix(str(RLS)) for term in row)
                if s not in self._view or o not in self._view:
                    continue  # a relation to what is not an entity (a cause status) is never a move
                kind = relations[p]["kind"]
                if s in ring and p in ahead:
                    found.add((s, Move(o, p, kind, "forward")))
                if o in ring and p in behind:
                    found.add((o, Move(s, p, kind, "backward")))
        return sorted(found)

    def claims(self, relations: Collection[Relation]) -> dict[Relation, list[Claim]]:
        triples = sorted(relations)
        for start in range(0, len(triples), _BATCH):
            rows = " ".join(f"({_iri(s)} {_iri(p)} {_iri(o)})" for s, p, o in triples[start : start + _BATCH])
            self._fetch(_OF_TRIPLES % rows)
        layers = self._view.graph["layers"]
        found: dict[Relation, list[Claim]] = {relation: [] for relation in triples}
        for claim in self._read.values():
            relation = (claim["subject"], claim["predicate"], claim["object"])
            if relation in found and claim["certainty"] != "refuted" and layers[claim["layer"]]["asserted"]:
                found[relation].append(claim)
        return found

    def records(self, ids: Collection[str]) -> dict[str, Claim]:
        missing = sorted(set(ids) - self._read.keys())
        for start in range(0, len(missing), _BATCH):
            self._fetch(_OF_NAMES % " ".join(f"<{CLAIM}{i}>" for i in missing[start : start + _BATCH]))
        return {i: self._read[i] for i in ids if i in self._read}

    def refuted(self, node: str) -> list[Claim]:
        fetched = self._fetch(_REFUTED_ABOUT % _iri(node))
        about = [c for c in fetched.values() if c["certainty"] == "refuted" and node in (c["subject"], c["object"])]
        return sorted((c for c in about if c["subject"] in self._view and c["object"] in self._view), key=_id)

    def notes(self, ids: Collection[str]) -> dict[str, dict[str, Any]]:
        return {field: self._view.graph.get(field, {}) for field in ("disagreements", "tensions")}

    def _fetch(self, pattern: str) -> dict[str, Claim]:
        """The claims the pattern picks, with their evidence, read as the networkx view keeps them."""
        from rlskg.rdf.network import claim_records  # noqa: PLC0415

        found = claim_records(construct(self.url, _CLAIMS_OF % pattern, self.until), self._frame)
        self._read.update(found)
        return found


def _id(claim: Claim) -> str:
    return str(claim["id"])


def _iris(names: list[str]) -> str:
    return " ".join(_iri(n) for n in names)
