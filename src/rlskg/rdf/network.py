"""The graph as networkx: entity nodes, one edge per asserted relation, claims on the edges.

Only entities become nodes: no literals, classes or labels, which would make false paths.
Refuted claims are never edges; they are kept, with every other claim, in ``G.graph["claims"]``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from rlskg.errors import GraphNotBuilt, RlsKgError

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    from rlskg.model.ontology import Ontology

__all__ = [
    "attach_claims",
    "built_graph",
    "claim_records",
    "default_view",
    "load_graph",
    "parse_graph",
    "publisher_record",
    "publisher_table",
    "read_network",
    "source_details",
    "source_record",
    "source_records",
    "source_table",
    "to_graphml",
    "to_network_json",
    "to_network_pickle",
    "to_networkx",
    "words_as_of",
]

_RLS = "https://w3id.org/rls-kg/"


def source_record(
    ident: str,
    short_name: str,
    title: str,
    publisher: str,
    *,
    date: str = "",
    derived_from: str = "",
    publisher_id: str = "",
    original_publisher: str = "",
    publisher_short: str = "",
    as_of: str = "",
) -> dict[str, str]:
    """What a claim carries of its source.

    ``publisher`` is the publisher's name and ``publisher_short`` its short name; ``date`` the date the
    page states ("" when it states none: undated); ``as_of`` the day its words are known to have stood
    (:func:`words_as_of`); ``derived_from`` the page it copies; ``original_publisher`` whose word it
    carries (the publisher of the page it copies, else its own), by which corroboration is counted.
    """
    return {
        "id": ident,
        "short_name": short_name,
        "title": title,
        "publisher": publisher,
        "date": date,
        "derived_from": derived_from,
        "publisher_id": publisher_id,
        "original_publisher": original_publisher,
        "publisher_short": publisher_short,
        "as_of": as_of,
    }


def words_as_of(date: str, retrieved: str, original: str = "") -> str:
    """The day a page's words are known to have stood, as an ISO date ("" when nothing tells).

    The date the page states; for an undated copy, the earlier of its original's day and the day it
    was retrieved (its words are the original's); else the day it was retrieved: a page is at least as
    old as the day it was taken. An answer's age is counted from this day, when the answer is made.

    >>> words_as_of("2010-11-01", "2026-12-07"), words_as_of("", "2026-12-07", "2015-01-24"), words_as_of("", "")
    ('2010-11-01', '2015-01-24', '')
    """
    return date or min((d for d in (original, retrieved) if d), default="")


#: The source record of an entailed claim: the engine that concluded it (no page, no date).
ENGINE_SOURCE = source_record("rlskg-engine", "rls-kg engine", "", "")


def load_graph(path: Path | None = None) -> Graph:
    """The built graph as a new rdflib Graph (default: the graph :func:`rlskg.open` opens).

    Raises
    ------
    GraphNotBuilt
        When there is no built graph at the path.
    RlsKgError
        When the file is not RDF that can be read.

    """
    if path is None:
        from rlskg.project import default_build  # noqa: PLC0415

        found = default_build()
        path = found / "rls.ttl" if found.is_dir() else found
    return parse_graph(Path(path))


def parse_graph(path: Path) -> Graph:
    """Parse a built graph file (Turtle, or by its suffix N-Triples, N-Quads, TriG, JSON-LD, RDF/XML)."""
    from rdflib import Dataset, Graph  # noqa: PLC0415 - the why engine reads the networkx view without rdflib

    if not path.is_file():
        raise GraphNotBuilt(path)
    fmt = _RDF_FORMATS.get(path.suffix.lower(), "turtle")
    try:
        if fmt in ("nquads", "trig"):
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph = Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        return Graph().parse(path, format=fmt)
    except Exception as error:  # rdflib raises many types for bad input
        message = " ".join(str(error).split())
        found = re.search(r"line (\d+)", message)
        where = f"{path}:{found.group(1)}" if found else str(path)
        raise RlsKgError(f"{where}: not valid RDF ({fmt}): {message[:200]}") from None


_RDF_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}


def read_network(path: Path) -> nx.MultiDiGraph:
    """Read a networkx view written by :func:`to_network_json`.

    Raises
    ------
    GraphNotBuilt
        When there is no file at the path.
    RlsKgError
        When the file is not a networkx view.

    """
    if not path.is_file():
        raise GraphNotBuilt(path)
    if path.suffix == ".pickle":
        import gc  # noqa: PLC0415
        import pickle  # noqa: PLC0415

        with path.open("rb") as handle:
            loaded: nx.MultiDiGraph = pickle.load(handle)  # written by this project's own build of a large graph
        gc.freeze()  # millions of long-lived records: keep the collector from walking them (pauses of seconds)
        return loaded
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        G = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (ValueError, KeyError, TypeError, nx.NetworkXError) as error:
        raise RlsKgError(f"{path} is not a networkx view written by `rlskg build`: {error}") from None
    if "claims" not in G.graph or "kinds" not in G.graph:
        raise RlsKgError(f"{path} is not a networkx view written by `rlskg build` of this version; rebuild it")
    return G


def built_graph(root: Path | None = None) -> Path:
    """The built graph of a project: $RLSKG_GRAPH, else build/rls.ttl, else build/rls.nt of a large build."""
    from rlskg.project import default_graph_path  # noqa: PLC0415

    path = default_graph_path(root)
    bulk = path.with_name("rls.nt")
    return bulk if path.name == "rls.ttl" and not path.is_file() and bulk.is_file() else path


def default_view(root: Path | None = None) -> Path:
    """What the why engine reads: the networkx view the build wrote beside the graph, else the graph.

    The view is build/rls.network.json for a graph of the shipped size and build/rls.network.pickle
    for a large one.
    """
    path = built_graph(root)
    if path.name in ("rls.ttl", "rls.nt"):
        for name in ("rls.network.json", "rls.network.pickle"):
            view = path.with_name(name)
            if view.is_file():
                return view
    return path


def to_network_pickle(G: nx.MultiDiGraph) -> bytes:
    """The networkx view as a pickle: loads several times faster than JSON for a large graph.

    Each claim is stored once (the edges share the records of ``G.graph["claims"]``). A pickle runs
    code when loaded: read only the one your own build wrote.
    """
    import pickle  # noqa: PLC0415

    return pickle.dumps(G, protocol=pickle.HIGHEST_PROTOCOL)


def to_network_json(G: nx.MultiDiGraph) -> bytes:
    """The networkx view as node-link JSON, in a fixed order, for :func:`rlskg.kg.load_network`."""
    data = nx.node_link_data(G, edges="edges")
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None, separators=(",", ":")) + "\n").encode()


def _first(value: Any, default: Any) -> Any:
    return value if value is not None else default


def _local(iri: object) -> str:
    return str(iri).removeprefix(_RLS)


def _text(graph: Graph, node: Any, prop: URIRef) -> str:
    value = graph.value(node, prop)
    return str(value) if value is not None else ""


def _ident(node: object) -> str:
    return str(node).rsplit("/", 1)[1]


def source_records(graph: Graph) -> dict[str, dict[str, str]]:
    """The sources (pages, and standard ontologies) of the graph, as plain data keyed by IRI.

    A page's publisher is an organization (its label is the name); an ontology's is a name. A copy
    carries the word of the page it copies (of the first page, for a copy of a copy): its
    ``original_publisher``, by which corroboration is counted, and the age of its words.
    """
    from rdflib import RDF, RDFS, URIRef  # noqa: PLC0415
    from rdflib.namespace import DCTERMS, PROV  # noqa: PLC0415

    from rlskg.model.ontology import RLS  # noqa: PLC0415

    def stood(node: Any, seen: frozenset[Any] = frozenset()) -> str:
        copied = graph.value(node, PROV.wasDerivedFrom)
        original = stood(copied, seen | {node}) if copied is not None and copied not in seen else ""
        return words_as_of(_text(graph, node, DCTERMS.date), _text(graph, node, RLS.retrieved), original)

    sources: dict[str, dict[str, str]] = {}
    for kind in (RLS.SourceDocument, RLS.BackgroundSource):
        for node in graph.subjects(RDF.type, kind):
            publisher = graph.value(node, DCTERMS.publisher)
            named = isinstance(publisher, URIRef)  # a page's publisher is an organization; an ontology's, a name
            copies = graph.value(node, PROV.wasDerivedFrom)
            original, seen = node, {node}
            while (copied := graph.value(original, PROV.wasDerivedFrom)) is not None and copied not in seen:
                original = copied  # a copy of a copy carries the word of the first page
                seen.add(copied)
            first = graph.value(original, DCTERMS.publisher)
            sources[str(node)] = source_record(
                _ident(node),
                _text(graph, node, RLS.shortName),
                _text(graph, node, DCTERMS.title),
                _text(graph, publisher, RDFS.label) if named else _text(graph, node, DCTERMS.publisher),
                date=_text(graph, node, DCTERMS.date),
                derived_from=_ident(copies) if copies is not None else "",
                publisher_id=_ident(publisher) if named else "",
                original_publisher=_ident(first) if isinstance(first, URIRef) else "",
                publisher_short=_text(graph, publisher, RLS.shortName) if named else "",
                as_of=stood(node) if kind == RLS.SourceDocument else "",
            )
    return sources


def source_details(
    record: dict[str, str],
    *,
    retrieved: str = "",
    licence: str = "",
    text: str = "",
    revision_of: str = "",
    url: str = "",
) -> dict[str, str]:
    """A source as the graph's table of sources keeps it (``G.graph["sources"]``).

    What a claim carries of it, and the day it was retrieved, its licence (a notation of the ontology),
    whether its whole text is kept (``kept``) or only its quotes (``quotes``), the earlier version it
    revises, and its address.
    """
    return {**record, "retrieved": retrieved, "licence": licence, "text": text, "revision_of": revision_of, "url": url}


def source_table(graph: Graph) -> dict[str, dict[str, str]]:
    """Every source of the graph (pages and standard ontologies) with its details, by id, in the order of ids."""
    from rdflib import SKOS, URIRef  # noqa: PLC0415
    from rdflib.namespace import DCTERMS, PROV  # noqa: PLC0415

    from rlskg.model.ontology import RLS  # noqa: PLC0415

    table = {}
    for iri, record in source_records(graph).items():
        node = URIRef(iri)
        kept = graph.value(node, RLS.wholeTextKept)
        revises = graph.value(node, PROV.wasRevisionOf)
        table[record["id"]] = source_details(
            record,
            retrieved=_text(graph, node, RLS.retrieved),
            licence=_text(graph, graph.value(node, DCTERMS.license), SKOS.notation),
            text="" if kept is None else "kept" if str(kept) == "true" else "quotes",
            revision_of=_ident(revises) if revises is not None else "",
            url=_text(graph, node, RLS.address),
        )
    return dict(sorted(table.items()))


def publisher_table(graph: Graph) -> dict[str, dict[str, str]]:
    """The publishers of the graph's pages, by id: their name, short name and type (a notation of the ontology)."""
    from rdflib import RDF, SKOS  # noqa: PLC0415

    from rlskg.model.ontology import FOAF, RLS  # noqa: PLC0415

    return dict(
        sorted(
            (
                _ident(node),
                publisher_record(
                    _ident(node),
                    _text(graph, node, FOAF.name),
                    _text(graph, node, RLS.shortName),
                    _text(graph, graph.value(node, RLS.publisherType), SKOS.notation),
                ),
            )
            for node in graph.subjects(RDF.type, FOAF.Organization)
        )
    )


def publisher_record(ident: str, name: str, short_name: str, kind: str) -> dict[str, str]:
    """A publisher as the graph's table of publishers keeps it (``G.graph["publishers"]``)."""
    return {"id": ident, "name": name, "short_name": short_name or name, "type": kind}


def claim_records(graph: Graph, frame: Graph | None = None) -> dict[str, dict[str, Any]]:
    """Every claim of every layer in ``graph``, refuted ones included, as plain data keyed by claim id.

    ``frame`` holds the sources the claims cite and the codes they name (certainties, layers, page
    parts), when ``graph`` does not: the claims of a store, read apart from its ontology.
    """
    from rdflib import RDF, RDFS, SKOS  # noqa: PLC0415
    from rdflib.namespace import PROV  # noqa: PLC0415

    from rlskg.model.ontology import OA, RLS  # noqa: PLC0415
    from rlskg.rdf.graph import iri_to_curie  # noqa: PLC0415

    frame = graph if frame is None else frame
    sources = source_records(frame)
    engine = dict(ENGINE_SOURCE)
    claims: dict[str, dict[str, Any]] = {}
    for node in graph.subjects(RDF.type, RLS.Claim):
        evidence = graph.value(node, RLS.evidence)
        quote = start = end = None
        for selector in graph.objects(evidence, OA.hasSelector) if evidence is not None else ():
            # a literal 0 is false: a quote at the very start of its page has start 0
            quote = _first(graph.value(selector, OA.exact), quote)
            start = _first(graph.value(selector, OA.start), start)
            end = _first(graph.value(selector, OA.end), end)
        derived = sorted(str(o) for o in graph.objects(node, PROV.wasDerivedFrom))
        source = next((sources[d] for d in derived if d in sources), engine)

        def optional(prop: URIRef, node: Any = node) -> str | None:
            value = graph.value(node, prop)
            return str(value) if value is not None else None

        claims[_ident(node)] = {
            "id": _ident(node),
            "subject": _local(graph.value(node, RDF.subject)),
            "predicate": _local(graph.value(node, RDF.predicate)),
            "object": _local(graph.value(node, RDF.object)),
            "quote": str(quote) if quote is not None else "",
            "start": int(str(start)) if start is not None else None,
            "end": int(str(end)) if end is not None else None,
            "certainty": _text(frame, graph.value(node, RLS.certainty), SKOS.notation),
            "cue": _text(graph, node, RLS.cue),
            "part": _text(frame, graph.value(node, RLS.pagePart), SKOS.notation),
            "note": _text(graph, node, RDFS.comment),
            "layer": _text(frame, graph.value(node, RLS.layer), SKOS.notation),
            "knowledge_level": _text(graph, node, RLS.knowledgeLevel),
            "agent_type": _text(graph, node, RLS.agentType),
            "quantifier": optional(RLS.quantifier),
            "subject_text": optional(RLS.subjectText),
            "object_text": optional(RLS.objectText),
            "reading": optional(RLS.reading),
            "restates": _ident(r) if (r := graph.value(node, RLS.restates)) is not None else None,
            "terms": sorted(iri_to_curie(str(o)) for o in graph.objects(node, RLS.ontologyTerm)),
            "premises": sorted(_ident(o) for o in graph.objects(node, RLS.premise)),
            "source": source,
            "contradicted_by": sorted(_ident(o) for o in graph.objects(node, RLS.contradicts)),
            "tension_with": sorted(_ident(o) for o in graph.objects(node, RLS.inTensionWith)),
        }
    return dict(sorted(claims.items()))


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The entities and their asserted relations as a MultiDiGraph.

    Nodes are entity ids (``"Diabetes"``) with ``label``, ``type``, ``synonyms``, ``definition``,
    ``exact`` and ``close`` (standard identifiers as CURIEs). Each edge is keyed by its relation
    (``"triggers"``) and carries ``label``, ``inverse_label``, ``kind`` (causal, risk, worsening,
    mechanism, association, context, membership, aspect), ``layer`` (the strongest layer of its
    claims: stated, background or implied), ``claims`` (every claim behind it, with quote and source),
    ``sources``, ``certainty`` (the surest of its claims), and the layer's Biolink ``knowledge_level``
    and ``agent_type``. Only claims of an asserted layer that are not refuted make edges.
    ``G.graph`` holds ``claims`` (all claims by id, refuted and entailed ones too), ``disagreements``,
    ``tensions``, ``certainty_rank``, ``relations`` (each relation's ``label``, ``inverse_label``
    and ``kind``), ``kinds`` and ``layers`` (what each means for explanation and drawing, from the
    ontology), ``verdicts``, ``sources`` (every source with its details, :func:`source_table`) and
    ``publishers`` (:func:`publisher_table`).

    Examples
    --------
    >>> G = to_networkx(load_graph())
    >>> sorted(G["Paroxetine"]["Antidepressant"])
    ['isMemberOf']
    >>> G.edges["Alcohol", "RLS", "triggers"]["claims"][0]["source"]["short_name"]
    'NHLBI'
    >>> G.edges["Dopamine", "Neurotransmitter", "hasRole"]["layer"]
    'background'

    """
    from rdflib import RDF, RDFS, SKOS  # noqa: PLC0415

    from rlskg.model.ontology import RLS, ontology_from_graph  # noqa: PLC0415
    from rlskg.rdf.graph import iri_to_curie  # noqa: PLC0415

    ontology = ontology_from_graph(graph)
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
    attach_claims(G, claim_records(graph), ontology, sources=source_table(graph), publishers=publisher_table(graph))

    def records(kind: URIRef, member: URIRef) -> dict[str, dict[str, Any]]:
        return {
            _ident(d): {
                "note": _text(graph, d, RDFS.comment),
                "claims": sorted(_ident(c) for c in graph.objects(d, member)),
                "concerns": sorted(_local(e) for e in graph.objects(d, RLS.concerns)),
            }
            for d in sorted(graph.subjects(RDF.type, kind), key=str)
        }

    G.graph["disagreements"] = records(RLS.Disagreement, RLS.disagreementClaim)
    G.graph["tensions"] = records(RLS.Tension, RLS.tensionClaim)
    return G


def attach_claims(
    G: nx.MultiDiGraph,
    claims: dict[str, dict[str, Any]],
    ontology: Ontology,
    *,
    sources: dict[str, dict[str, str]],
    publishers: dict[str, dict[str, str]],
) -> None:
    """Add an edge per asserted relation, carrying its claims, and what the ontology declares, to ``G``.

    ``sources`` and ``publishers`` are the graph's tables of them (:func:`source_table`,
    :func:`publisher_table`). Shared by :func:`to_networkx` (claims read from RDF) and the
    large-build path (claims made from the curated records), so both give the same view.
    """
    from dataclasses import asdict  # noqa: PLC0415

    ranks = ontology.certainty_rank
    layer_rank = {name: layer.rank for name, layer in ontology.layers.items()}
    for claim in claims.values():
        subject, predicate, obj = claim["subject"], claim["predicate"], claim["object"]
        relation = ontology.relations[predicate]
        if (
            claim["certainty"] == "refuted"
            or not ontology.layers[claim["layer"]].asserted
            or relation.kind == "status"
            or subject not in G
            or obj not in G
        ):
            continue
        if not G.has_edge(subject, obj, key=predicate):
            G.add_edge(
                subject,
                obj,
                key=predicate,
                label=relation.label,
                inverse_label=relation.inverse_label,
                kind=relation.kind,
                claims=[],
            )
        G.edges[subject, obj, predicate]["claims"].append(claim)
    for _, _, data in G.edges(data=True):
        data["sources"] = sorted({c["source"]["id"] for c in data["claims"]})
        data["certainty"] = max((c["certainty"] for c in data["claims"]), key=ranks.__getitem__)
        data["layer"] = max((c["layer"] for c in data["claims"]), key=layer_rank.__getitem__)
        data["knowledge_level"] = ontology.layers[data["layer"]].knowledge_level
        data["agent_type"] = ontology.layers[data["layer"]].agent_type
    G.graph["claims"] = claims
    G.graph["certainty_rank"] = dict(sorted(ranks.items()))
    G.graph["relations"] = {
        name: {"label": r.label, "inverse_label": r.inverse_label, "kind": r.kind, "phrase": r.phrase}
        for name, r in sorted(ontology.relations.items())
    }
    G.graph["kinds"] = {name: asdict(kind) for name, kind in ontology.kinds.items()}
    G.graph["layers"] = {name: asdict(layer) for name, layer in ontology.layers.items()}
    G.graph["verdicts"] = {
        name: {"rank": rank, "label": label, "definition": definition}
        for name, (rank, label, definition) in ontology.verdicts.items()
    }
    G.graph["sources"] = dict(sorted(sources.items()))
    G.graph["publishers"] = dict(sorted(publishers.items()))


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
            layer=data["layer"],
            knowledge_level=data["knowledge_level"],
            agent_type=data["agent_type"],
            sources="; ".join(data["sources"]),
            claims=json.dumps([c["id"] for c in data["claims"]]),
            quotes=json.dumps([c["quote"] for c in data["claims"]], ensure_ascii=False),
        )
    return "\n".join(nx.generate_graphml(flat, encoding="utf-8", prettyprint=True)).encode("utf-8") + b"\n"
