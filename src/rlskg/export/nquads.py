"""The graph as N-Quads with named graphs: one per source page, one per knowledge layer, and more.

Named graphs, under ``https://w3id.org/rls-kg/graph/``:

- ``source/<id>``: the page's record and every claim it makes (reified triple, evidence, plain triple),
  and likewise for a standard ontology that background claims cite;
- ``layer/<layer>``: every claim of the layer (``stated``, ``implied``, ``background``, ``entailed``),
  the same triples as in the claims' source graphs; an entailed claim, which no source makes, is in its
  layer graph only;
- ``ontology``: the classes, relations and code lists of ontology/rls.ttl;
- ``entities``: the entities with their labels, synonyms, definitions and standard identifiers;
- ``curation``: what curators recorded across claims, such as the disagreements between sources.

The default graph holds the whole graph of build/rls.ttl, so a query without ``FROM`` or ``GRAPH``
answers as it does over the Turtle, on any store and under the standard SPARQL dataset rules; the union
of the named graphs is the same set of triples. A store's "union default graph" mode is not needed and
gives wrong counts where it keeps a triple once per graph (a claim's triples are in its source graph and
in its layer graph), as pyoxigraph 0.5 does (oxigraph issue #1919). There is no blank node; lines are
sorted, so two builds give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import Dataset, Namespace, URIRef

from rlskg.export.parts import Triple, cut

if TYPE_CHECKING:
    from rlskg.model.built import Built

__all__ = ["GRAPH", "layer_graph", "source_graph", "to_nquads"]

#: The namespace of the named graphs.
GRAPH = Namespace("https://w3id.org/rls-kg/graph/")


def source_graph(source: str) -> URIRef:
    """The named graph of one source page.

    Examples
    --------
    >>> str(source_graph("nhlbi"))
    'https://w3id.org/rls-kg/graph/source/nhlbi'

    """
    return GRAPH[f"source/{source}"]


def layer_graph(layer: str) -> URIRef:
    """The named graph of one knowledge layer.

    Examples
    --------
    >>> str(layer_graph("stated"))
    'https://w3id.org/rls-kg/graph/layer/stated'

    """
    return GRAPH[f"layer/{layer}"]


def to_nquads(result: Built) -> bytes:
    """N-Quads of the whole graph in its named graphs, one quad per line, lines sorted."""
    parts = cut(result.graph, result.ontology.graph)
    dataset = Dataset()

    def put(graph: URIRef, triples: Iterable[Triple]) -> None:
        named = dataset.graph(graph)
        for triple in triples:
            named.add(triple)

    for triple in result.graph:
        dataset.default_graph.add(triple)
    put(GRAPH.ontology, parts.ontology)
    put(GRAPH.entities, parts.entities)
    put(GRAPH.curation, parts.curation)
    for source, triples in parts.sources.items():
        put(source_graph(source), triples)
    for claim in parts.claims:
        owned = [*claim.record, *([claim.asserted] if claim.asserted else [])]
        if claim.source is not None:
            put(source_graph(claim.source), owned)
        put(layer_graph(claim.layer), owned)
    text = dataset.serialize(format="nquads")
    # rdflib leaves an empty graph term (two spaces) on the default graph's lines
    lines = sorted({re.sub(r"\s+\.$", " .", line) for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")
