"""The built graph cut into the parts the exports publish apart: claims, sources, entities, ontology.

Each claim owns its reified triples, the nodes of its evidence (the Web Annotation resource and its
selectors) and, unless it is refuted or of a layer that is not asserted, its plain triple. Each source
(a page, or a standard ontology that background claims cite) owns its record and its publisher's. The
entities own what describes them; the ontology owns its own triples; the curation records
(disagreements, and anything else about several claims) own the rest, so the parts together hold every
triple of the graph. A publisher's record is in the part of each of its pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, SKOS, BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from rlskg.model.ontology import RLS, SOURCE

__all__ = ["ClaimPart", "GraphParts", "Triple", "cut"]

Triple = tuple[Node, Node, Node]

#: Layers whose claims are not asserted as their plain triple, when the ontology does not say.
_UNASSERTED_LAYERS = frozenset({"entailed"})


@dataclass(frozen=True)
class ClaimPart:
    """One claim: its id, source, layer, what it says, and the triples it owns."""

    iri: URIRef
    id: str
    source: str | None  # None for a conclusion of the engine, derived from other claims
    layer: str
    certainty: str
    statement: Triple
    record: tuple[Triple, ...]
    asserted: Triple | None

    @property
    def refuted(self) -> bool:
        return self.certainty == "refuted"


@dataclass(frozen=True)
class GraphParts:
    """Every triple of the graph, in the part it belongs to."""

    ontology: tuple[Triple, ...]
    entities: tuple[Triple, ...]
    sources: dict[str, tuple[Triple, ...]]
    claims: tuple[ClaimPart, ...]
    curation: tuple[Triple, ...]


def _notation(graph: Graph, node: Node | None) -> str | None:
    value = graph.value(node, SKOS.notation) if node is not None else None
    return str(value) if value is not None else None


def _owned(graph: Graph, root: URIRef) -> list[Triple]:
    """The triples of ``root`` and of the nodes it owns: blank nodes and IRIs named ``<root>.<part>``."""
    triples: list[Triple] = []
    todo: list[Node] = [root]
    seen: set[Node] = {root}
    while todo:
        node = todo.pop()
        for _, p, o in graph.triples((node, None, None)):
            triples.append((node, p, o))
            owned = isinstance(o, BNode) or (isinstance(o, URIRef) and str(o).startswith(f"{root}."))
            if owned and o not in seen:
                seen.add(o)
                todo.append(o)
    return triples


def _layer_asserted(graph: Graph, layer_node: Node | None, layer: str) -> bool:
    flag = graph.value(layer_node, RLS.asserted) if layer_node is not None else None
    return bool(flag.toPython()) if flag is not None else layer not in _UNASSERTED_LAYERS  # type: ignore[attr-defined]


def _claim(graph: Graph, node: URIRef) -> ClaimPart:
    statement = (graph.value(node, RDF.subject), graph.value(node, RDF.predicate), graph.value(node, RDF.object))
    sources = sorted(str(o) for o in graph.objects(node, PROV.wasDerivedFrom) if str(o).startswith(str(SOURCE)))
    layer_node = graph.value(node, RLS.layer)
    layer = _notation(graph, layer_node) or "stated"
    certainty = _notation(graph, graph.value(node, RLS.certainty)) or ""
    asserted = None
    if certainty != "refuted" and _layer_asserted(graph, layer_node, layer) and statement in graph:
        asserted = statement
    return ClaimPart(
        iri=node,
        id=str(node).rsplit("/", 1)[1],
        source=sources[0].removeprefix(str(SOURCE)) if sources else None,
        layer=layer,
        certainty=certainty,
        statement=statement,  # type: ignore[arg-type]
        record=tuple(sorted(_owned(graph, node))),
        asserted=asserted,  # type: ignore[arg-type]
    )


def cut(graph: Graph, ontology: Graph) -> GraphParts:
    """Cut ``graph`` into its parts; ``ontology`` is the ontology's own graph."""
    placed: set[Triple] = set()
    onto = tuple(sorted(t for t in ontology if t in graph))
    placed.update(onto)

    claims = tuple(_claim(graph, URIRef(str(node))) for node in sorted(graph.subjects(RDF.type, RLS.Claim), key=str))
    for claim in claims:
        placed.update(claim.record)
        if claim.asserted:
            placed.add(claim.asserted)

    sources: dict[str, tuple[Triple, ...]] = {}
    cited = {SOURCE[c.source] for c in claims if c.source is not None}
    for node in sorted({*graph.subjects(RDF.type, RLS.SourceDocument), *cited}, key=str):
        triples = [t for t in graph.triples((node, None, None)) if t not in placed]
        for publisher in sorted(o for o in graph.objects(node, DCTERMS.publisher) if isinstance(o, URIRef)):
            triples += graph.triples((publisher, None, None))  # each of its pages carries the publisher's record
        sources[str(node).removeprefix(str(SOURCE))] = tuple(sorted(set(triples)))
        placed.update(triples)

    entity_classes = set(graph.transitive_subjects(RDFS.subClassOf, RLS.Entity)) - {RLS.Entity}
    entities = {e for cls in entity_classes for e in graph.subjects(RDF.type, cls)}
    described = tuple(sorted(t for e in entities for t in graph.triples((e, None, None)) if t not in placed))
    placed.update(described)

    rest = tuple(sorted(t for t in graph if t not in placed))
    return GraphParts(onto, described, sources, claims, rest)
