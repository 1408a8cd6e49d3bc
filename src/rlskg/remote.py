"""Why, against a triplestore a user already runs: fetch the neighbourhood by SPARQL, walk it in networkx.

Any SPARQL 1.1 endpoint that holds a build of this graph (pushed with `rlskg push`) will do:
Oxigraph's server, Virtuoso, QLever, GraphDB, Neptune. The engine asks for the ontology, the
entities and the sources once, resolves the name as `rlskg why` does, then fetches the claims
around the subject ring by ring, ``max_hops`` rings deep (every chain the engine may find lies
inside them), and answers with the same :class:`~rlskg.explain.Explainer` as a local graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rlskg.ontology import NAMESPACES, RLS

if TYPE_CHECKING:
    from rdflib import Graph

    from rlskg.explain import Answer

__all__ = ["neighbourhood", "why_remote"]

_PROLOGUE = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in NAMESPACES.items())

# The ontology's terms, the sources and the records of disagreement and tension; then the entities.
# Two plain queries rather than one with a UNION: some stores (Virtuoso) refuse the union as too costly.
_FRAME = [
    _PROLOGUE
    + """
CONSTRUCT { ?s ?p ?o } WHERE {
  VALUES ?type {
    owl:Ontology owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty skos:ConceptScheme
    rls:RelationKind rls:KnowledgeLayer rls:Verdict rls:Certainty rls:PagePart rls:CauseStatus rls:Rule
    rls:SourceDocument rls:BackgroundSource rls:Disagreement rls:Tension
  }
  ?s a ?type ; ?p ?o .
}""",
    _PROLOGUE
    + """
CONSTRUCT { ?s ?p ?o } WHERE { ?class rdfs:subClassOf rls:Entity . ?s a ?class ; ?p ?o . }""",
]

# Every claim that touches one of the entities, with its evidence and the selectors of its quote.
_RING = (
    _PROLOGUE
    + """
CONSTRUCT { ?claim ?p ?o . ?evidence ?ep ?eo . ?selector ?sp ?so } WHERE {
  VALUES ?entity { %s }
  { ?claim rdf:subject ?entity } UNION { ?claim rdf:object ?entity }
  ?claim a rls:Claim ; ?p ?o .
  OPTIONAL {
    ?claim rls:evidence ?evidence . ?evidence ?ep ?eo .
    OPTIONAL { ?evidence oa:hasSelector ?selector . ?selector ?sp ?so }
  }
}"""
)


def _construct(url: str, text: str, timeout: float | None) -> Graph:
    from rdflib import Graph  # noqa: PLC0415

    from rlskg.store import Remote, remote_evaluate  # noqa: PLC0415

    graph = Graph()
    for triple in remote_evaluate(Remote(url), text, "CONSTRUCT", timeout)[1]:
        graph.add(triple)
    return graph


def neighbourhood(url: str, name: str, *, max_hops: int = 4, timeout: float | None = 30.0) -> tuple[Graph, str | None]:
    """The part of the remote graph a why-question about ``name`` can reach, and the entity it names.

    Notes
    -----
    One query for the frame, then one per ring: at most ``max_hops + 1`` requests, each bounded
    by ``timeout`` seconds.

    """
    from rdflib import RDF, URIRef  # noqa: PLC0415

    from rlskg.explain import Explainer  # noqa: PLC0415
    from rlskg.network import to_networkx  # noqa: PLC0415

    graph = _construct(url, _FRAME[0], timeout)
    graph += _construct(url, _FRAME[1], timeout)
    if not any(graph.triples((None, RDF.type, RLS.RelationKind))):
        from rlskg.errors import RlsKgError  # noqa: PLC0415

        raise RlsKgError(f"{url} holds no rls-kg graph (no relation kinds); load one with `rlskg push`")
    found = Explainer(to_networkx(graph)).resolve(name)
    if len(found) != 1:
        return graph, None  # unknown or ambiguous: the local engine says which, from the names alone
    reached, ring = {found[0]}, {found[0]}
    for _ in range(max_hops):
        values = " ".join(f"<{RLS[node]}>" for node in sorted(ring))
        claims = _construct(url, _RING % values, timeout)
        graph += claims
        ends = {str(o) for p in (RDF.subject, RDF.object) for o in claims.objects(None, p) if isinstance(o, URIRef)}
        ring = {e.removeprefix(str(RLS)) for e in ends if e.startswith(str(RLS))} - reached
        if not ring:
            break
        reached |= ring
    return graph, found[0]


def why_remote(
    url: str, name: str, target: str = "RLS", *, max_paths: int = 5, max_hops: int = 4, timeout: float | None = 30.0
) -> Answer:
    """Why is ``name`` linked to ``target``, answered from the graph held at the SPARQL endpoint ``url``."""
    from rlskg.explain import Explainer  # noqa: PLC0415
    from rlskg.network import to_networkx  # noqa: PLC0415

    graph, _ = neighbourhood(url, name, max_hops=max_hops, timeout=timeout)
    return Explainer(to_networkx(graph)).why(name, target, max_paths=max_paths, max_hops=max_hops)
