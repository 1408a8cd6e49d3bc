"""The graph as networkx: entity nodes, one edge per asserted relation, claims on the edges.

Only entities become nodes: no literals, classes or labels, which would make false paths.
Refuted claims are never edges; they are kept, with every other claim, in ``G.graph["claims"]``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from rlskg.errors import GraphNotBuilt

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

__all__ = ["load_graph", "load_network", "to_graphml", "to_network_json", "to_networkx"]

_RLS = "https://w3id.org/rls-kg/"


def load_graph(path: Path | None = None) -> Graph:
    """The built graph (default: build/rls.ttl of the project, or $RLSKG_GRAPH).

    The graph is parsed once per path and shared; treat it as read-only.

    Raises
    ------
    GraphNotBuilt
        When there is no built graph at the path.

    """
    from rlskg.project import default_graph_path  # noqa: PLC0415

    return _load(Path(path) if path else default_graph_path())


@functools.cache
def _load(path: Path) -> Graph:
    from rdflib import Graph  # noqa: PLC0415 - the why engine reads the networkx view without rdflib

    if not path.is_file():
        raise GraphNotBuilt(path)
    return Graph().parse(path, format="turtle")


def load_network(path: Path | None = None) -> nx.MultiDiGraph:
    """The networkx view of the built graph, read fast from build/rls.network.json.

    A Turtle file (``.ttl``) is parsed and exported instead; so is build/rls.ttl when the JSON
    view is missing, or the file $RLSKG_GRAPH names.
    """
    from rlskg.project import default_graph_path  # noqa: PLC0415

    if path is None:
        path = default_graph_path()
        view = path.with_name("rls.network.json")
        if path.name == "rls.ttl" and view.is_file():
            path = view
    return _load_network(Path(path))


@functools.cache
def _load_network(path: Path) -> nx.MultiDiGraph:
    if path.suffix != ".json":
        return to_networkx(_load(path))
    if not path.is_file():
        raise GraphNotBuilt(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")


def to_network_json(G: nx.MultiDiGraph) -> bytes:
    """The networkx view as node-link JSON, in a fixed order, for :func:`load_network`."""
    data = nx.node_link_data(G, edges="edges")
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":")) + "\n").encode()


def _local(iri: object) -> str:
    return str(iri).removeprefix(_RLS)


def _text(graph: Graph, node: Any, prop: URIRef) -> str:
    value = graph.value(node, prop)
    return str(value) if value is not None else ""


def _claims(graph: Graph) -> dict[str, dict[str, Any]]:
    """Every claim, refuted ones included, as plain data keyed by claim id."""
    from rdflib import RDF, RDFS, SKOS  # noqa: PLC0415
    from rdflib.namespace import DCTERMS, PROV  # noqa: PLC0415

    from rlskg.ontology import OA, RLS  # noqa: PLC0415

    sources: dict[str, dict[str, str]] = {}
    for node in graph.subjects(RDF.type, RLS.SourceDocument):
        ident = str(node).rsplit("/", 1)[1]
        sources[str(node)] = {
            "id": ident,
            "short_name": _text(graph, node, RLS.shortName),
            "title": _text(graph, node, DCTERMS.title),
            "publisher": _text(graph, node, DCTERMS.publisher),
            "date": _text(graph, node, DCTERMS.date),
        }
    claims: dict[str, dict[str, Any]] = {}
    for node in graph.subjects(RDF.type, RLS.Claim):
        ident = str(node).rsplit("/", 1)[1]
        evidence = graph.value(node, RLS.evidence)
        quote = start = None
        for selector in graph.objects(evidence, OA.hasSelector):
            quote = graph.value(selector, OA.exact) or quote
            start = graph.value(selector, OA.start) or start
        claims[ident] = {
            "id": ident,
            "subject": _local(graph.value(node, RDF.subject)),
            "predicate": _local(graph.value(node, RDF.predicate)),
            "object": _local(graph.value(node, RDF.object)),
            "quote": str(quote),
            "start": int(str(start)) if start is not None else 0,
            "certainty": _text(graph, graph.value(node, RLS.certainty), SKOS.notation),
            "cue": _text(graph, node, RLS.cue),
            "part": _text(graph, graph.value(node, RLS.pagePart), SKOS.notation),
            "note": _text(graph, node, RDFS.comment),
            "source": sources[str(graph.value(node, PROV.wasDerivedFrom))],
            "contradicted_by": sorted(str(o).rsplit("/", 1)[1] for o in graph.objects(node, RLS.contradicts)),
        }
    return dict(sorted(claims.items()))


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The entities and their asserted relations as a MultiDiGraph.

    Nodes are entity ids (``"Diabetes"``) with ``label``, ``type``, ``synonyms``, ``definition``,
    ``exact`` and ``close`` (standard identifiers as CURIEs). Each edge is keyed by its relation
    (``"triggers"``) and carries ``label``, ``inverse_label``, ``kind`` (causal, association,
    context, membership), ``claims`` (every claim behind it, with quote and source), ``sources``
    and ``certainty`` (the surest of its claims). ``G.graph`` holds ``claims`` (all claims by id,
    refuted ones too), ``disagreements``, ``certainty_rank`` and ``relations`` (each relation's
    ``label``, ``inverse_label`` and ``kind``, used or not).

    Examples
    --------
    >>> G = to_networkx(load_graph())
    >>> sorted(G["Paroxetine"]["Antidepressant"])
    ['isMemberOf']
    >>> G.edges["Alcohol", "RLS", "triggers"]["claims"][0]["source"]["short_name"]
    'NHLBI'

    """
    from rdflib import RDF, RDFS, SKOS  # noqa: PLC0415

    from rlskg.ontology import KINDS, RLS  # noqa: PLC0415
    from rlskg.rdf import iri_to_curie  # noqa: PLC0415

    G = nx.MultiDiGraph()
    entity_classes = set(graph.transitive_subjects(RDFS.subClassOf, RLS.Entity)) - {RLS.Entity}
    for cls in sorted(entity_classes, key=str):
        for node in sorted(graph.subjects(RDF.type, cls), key=str):
            G.add_node(
                _local(node),
                label=_text(graph, node, RDFS.label),
                type=_local(cls),
                type_label=_text(graph, cls, RDFS.label),
                definition=_text(graph, node, SKOS.definition),
                synonyms=sorted(str(s) for s in graph.objects(node, SKOS.altLabel)),
                exact=sorted(iri_to_curie(str(i)) for i in graph.objects(node, SKOS.exactMatch)),
                close=sorted(iri_to_curie(str(i)) for i in graph.objects(node, SKOS.closeMatch)),
            )
    ranks = {
        _text(graph, c, SKOS.notation): int(_text(graph, c, RLS.rank)) for c in graph.subjects(RDF.type, RLS.Certainty)
    }
    relations = {
        _local(p): (_text(graph, p, RDFS.label), _text(graph, p, RLS.inverseLabel), KINDS[_local(k)])
        for p, k in graph.subject_objects(RLS.relationKind)
    }
    claims = _claims(graph)
    for claim in claims.values():
        subject, predicate, obj = claim["subject"], claim["predicate"], claim["object"]
        label, inverse, kind = relations[predicate]
        if claim["certainty"] == "refuted" or kind == "status" or subject not in G or obj not in G:
            continue
        if not G.has_edge(subject, obj, key=predicate):
            G.add_edge(subject, obj, key=predicate, label=label, inverse_label=inverse, kind=kind, claims=[])
        G.edges[subject, obj, predicate]["claims"].append(claim)
    for _, _, data in G.edges(data=True):
        data["sources"] = sorted({c["source"]["id"] for c in data["claims"]})
        data["certainty"] = max((c["certainty"] for c in data["claims"]), key=ranks.__getitem__)
    G.graph["claims"] = claims
    G.graph["certainty_rank"] = ranks
    G.graph["relations"] = {
        name: {"label": label, "inverse_label": inverse, "kind": kind}
        for name, (label, inverse, kind) in sorted(relations.items())
    }
    G.graph["disagreements"] = {
        str(d).rsplit("/", 1)[1]: {
            "note": _text(graph, d, RDFS.comment),
            "claims": sorted(str(c).rsplit("/", 1)[1] for c in graph.objects(d, RLS.disagreementClaim)),
        }
        for d in graph.subjects(RDF.type, RLS.Disagreement)
    }
    return G


def to_graphml(G: nx.MultiDiGraph) -> bytes:
    """GraphML for Gephi or Cytoscape: lists joined with '; ', claims as JSON text on each edge."""
    flat = nx.MultiDiGraph()
    for node, data in G.nodes(data=True):
        flat.add_node(node, **{k: "; ".join(v) if isinstance(v, list) else v for k, v in data.items()})
    for u, v, key, data in G.edges(keys=True, data=True):
        flat.add_edge(
            u,
            v,
            key=key,
            predicate=key,
            label=data["label"],
            kind=data["kind"],
            certainty=data["certainty"],
            sources="; ".join(data["sources"]),
            claims=json.dumps([c["id"] for c in data["claims"]]),
            quotes=json.dumps([c["quote"] for c in data["claims"]], ensure_ascii=False),
        )
    return "\n".join(nx.generate_graphml(flat, encoding="utf-8", prettyprint=True)).encode("utf-8") + b"\n"
