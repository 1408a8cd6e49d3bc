"""The graph as Biolink KGX: nodes and edges in TSV and in JSON Lines, for Translator-style merging.

Nodes are the entities. A node's id is a standard identifier where the entity has an exact one (the
first in :data:`PREFERRED_PREFIXES`, Biolink's own order of preference), else the project's own CURIE
``RLSKG:<entity>`` (``RLSKG:`` = ``https://w3id.org/rls-kg/``); every exact and close identifier is an
``xref``. The category is the Biolink class the ontology maps the entity's class to, else the one in
:data:`FALLBACK_CATEGORIES`.

Edges are claims, one edge per claim whose subject and object are entities: the Biolink predicate
the ontology maps the relation to (``skos:exactMatch``, then ``closeMatch``, then ``broadMatch``), else
the one in :data:`FALLBACK_PREDICATES`, else the one for its kind in :data:`KIND_PREDICATES`, else
``biolink:related_to``; never a causal predicate for an association. A refuted claim is an edge with
``negated`` true. Entailed claims are no edges: they are the engine's conclusions, not knowledge of a
source. Each edge keeps its claim: the quote as ``supporting_text``, its offsets, certainty, layer,
quantifier, page and the claim's own IRI, so that nothing is lost on merge.

``primary_knowledge_source`` is ``infores:rlskg-<source>``, one per page; these ids are the project's
own and are not registered in the Translator's infores catalogue. Each edge names the page's publisher
(``source_publisher``, its CURIE ``source_publisher_id`` = ``RLSKG:publisher/<id>`` and its
``source_publisher_type``) and the page's licence (``source_license``, an IRI), beside its title and date.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rdflib import RDF, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS

from rlskg.model.ontology import BIOLINK, CLAIM, OA, RLS, SOURCE

if TYPE_CHECKING:
    import networkx as nx

    from rlskg.model.built import Built

__all__ = [
    "EDGE_COLUMNS",
    "FALLBACK_CATEGORIES",
    "FALLBACK_PREDICATES",
    "KIND_PREDICATES",
    "LAYER_LEVELS",
    "NODE_COLUMNS",
    "NON_CAUSAL_PREDICATES",
    "PREFERRED_PREFIXES",
    "PREFIX",
    "edges",
    "edges_jsonl",
    "edges_tsv",
    "nodes",
    "nodes_jsonl",
    "nodes_tsv",
    "source_id",
]

#: The project's own CURIE prefix, for entities without an exact standard identifier and for claims.
PREFIX = "RLSKG"

#: The prefixes a node id is chosen from, most preferred first (Biolink's order for diseases,
#: phenotypes and chemicals, which are the categories of the entities that have exact identifiers).
PREFERRED_PREFIXES = ("MONDO", "DOID", "HP", "CHEBI", "DRUGBANK", "UMLS", "NCIT", "MESH")

#: Biolink categories for the ontology's entity classes that it maps to no Biolink class.
FALLBACK_CATEGORIES = {
    "PhysiologicalState": "biolink:PhenotypicFeature",  # a state of the body, such as pregnancy
    "Substance": "biolink:ChemicalEntity",  # alcohol, caffeine, tobacco
    # A drug class is a ChEBI role, but Biolink's ChemicalRole is an attribute, not a node category;
    # the graph's drug classes stand for the drugs that have the role.
    "DrugClass": "biolink:ChemicalEntity",
    "HereditaryFactor": "biolink:NamedThing",  # genes, family history: no narrower class fits both
}

#: Biolink predicates for relations the ontology maps to no Biolink predicate, with the reason.
FALLBACK_PREDICATES = {
    "worsens": "biolink:exacerbates_condition",  # Biolink's exact mapping of RO:0003309, the relation's exact match
    "affects": "biolink:affects",  # "has an effect on the state or quality of another entity"
    "treats": "biolink:treats",  # RO:0002606, the relation's exact match, is a narrow mapping of biolink:treats
    "isMemberOf": "biolink:member_of",  # a drug is an item of the collection its class names
}

#: Biolink predicates by relation kind, for relations neither mapped nor in FALLBACK_PREDICATES.
KIND_PREDICATES = {
    "causal": "biolink:contributes_to",  # a cause-effect link, claimed no stronger than contributing
    "risk": "biolink:predisposes_to_condition",
    "worsening": "biolink:exacerbates_condition",
    # a step of how something works (iron is used to make dopamine) names no cause: the neutral predicate
    "mechanism": "biolink:related_to",
    "association": "biolink:associated_with",  # explicitly non-causal
    "membership": "biolink:member_of",
    "context": "biolink:related_to",
}

#: Biolink knowledge_level and agent_type of each layer, when neither the claim nor the ontology says.
LAYER_LEVELS = {
    "stated": ("knowledge_assertion", "manual_agent"),
    "implied": ("prediction", "manual_agent"),
    "background": ("knowledge_assertion", "manual_agent"),
}

#: Layers whose claims are not edges.
UNEXPORTED_LAYERS = frozenset({"entailed"})

#: The columns of nodes.tsv; lists are joined with ``|`` as KGX does.
NODE_COLUMNS = ("id", "category", "name", "description", "synonym", "xref", "iri", "provided_by")

#: The columns of edges.tsv: Biolink slots first, then the claim's own fields.
EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "negated",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "aggregator_knowledge_source",
    "supporting_text",
    "original_subject",
    "original_predicate",
    "original_object",
    "iri",
    "layer",
    "certainty",
    "certainty_cue",
    "quantifier",
    "supporting_text_start",
    "supporting_text_end",
    "page_part",
    "curator_note",
    "source_title",
    "source_publisher",
    "source_publisher_id",
    "source_publisher_type",
    "source_license",
    "source_date",
)

_LIST_COLUMNS = frozenset(
    {"category", "synonym", "xref", "provided_by", "aggregator_knowledge_source", "supporting_text"}
)
_PROJECT_SOURCE = "infores:rlskg"


def _curie(iri: object) -> str:
    return f"biolink:{str(iri).removeprefix(str(BIOLINK))}"


def _biolink_match(graph: Graph, term: URIRef) -> str | None:
    """The Biolink term ``term`` is mapped to: an exact match, else a close one, else a broader one."""
    for mapping in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch):
        matches = sorted(str(o) for o in graph.objects(term, mapping) if str(o).startswith(str(BIOLINK)))
        if matches:
            return _curie(matches[0])
    return None


def _node_id(entity: str, exact: list[str]) -> str:
    ranked = sorted(
        (PREFERRED_PREFIXES.index(curie.split(":", 1)[0]), curie)
        for curie in exact
        if curie.split(":", 1)[0] in PREFERRED_PREFIXES
    )
    return ranked[0][1] if ranked else f"{PREFIX}:{entity}"


def source_id(source: str) -> str:
    """The infores-style id of a source page (the project's own, not registered).

    Examples
    --------
    >>> source_id("nhlbi")
    'infores:rlskg-nhlbi'

    """
    return f"{_PROJECT_SOURCE}-{source}"


def _layer_levels(graph: Graph) -> dict[str, tuple[str, str]]:
    """knowledge_level and agent_type of each layer: the ontology's where it says, else LAYER_LEVELS."""
    levels = dict(LAYER_LEVELS)
    for layer in graph.subjects(RDF.type, RLS.KnowledgeLayer):
        notation, agent = graph.value(layer, SKOS.notation), graph.value(layer, RLS.agentType)
        if notation is not None and agent is not None:
            levels[str(notation)] = (str(graph.value(layer, RLS.knowledgeLevel)), str(agent))
    return levels


def _ends(graph: Graph) -> dict[str, int]:
    """The end offset of each claim's quote, read from its text-position selector."""
    ends = {}
    for claim, evidence in graph.subject_objects(RLS.evidence):
        for selector in graph.objects(evidence, OA.hasSelector):
            end = graph.value(selector, OA.end)
            if end is not None:
                ends[str(claim).removeprefix(str(CLAIM))] = int(end.toPython())  # type: ignore[attr-defined]
    return ends


def _provenance(graph: Graph) -> dict[str, tuple[str, str, str]]:
    """Of each source page: its publisher (as the project's CURIE), the publisher's type, and its licence IRI."""
    found = {}
    for page in graph.subjects(RDF.type, RLS.SourceDocument):
        publisher, licence = graph.value(page, DCTERMS.publisher), graph.value(page, DCTERMS.license)
        kind = graph.value(graph.value(publisher, RLS.publisherType), SKOS.notation) if publisher else None
        found[str(page).removeprefix(str(SOURCE))] = (
            f"{PREFIX}:{str(publisher).removeprefix(str(RLS))}" if isinstance(publisher, URIRef) else "",
            str(kind) if kind is not None else "",
            str(licence) if licence is not None else "",
        )
    return found


def _node_ids(G: nx.MultiDiGraph) -> dict[str, str]:
    return {entity: _node_id(entity, data["exact"]) for entity, data in G.nodes(data=True)}


def nodes(result: Built) -> Iterator[dict[str, Any]]:
    """The KGX node records, one per entity, sorted by id."""
    G, graph = result.network, result.graph
    ids = _node_ids(G)
    records = []
    for entity, data in G.nodes(data=True):
        category = _biolink_match(graph, RLS[data["type"]]) or FALLBACK_CATEGORIES.get(
            data["type"], "biolink:NamedThing"
        )
        records.append(
            {
                "id": ids[entity],
                "category": [category],
                "name": data["label"],
                "description": data["definition"],
                "synonym": list(data["synonyms"]),
                "xref": sorted({*data["exact"], *data["close"]} - {ids[entity]}),
                "iri": str(RLS[entity]),
                "provided_by": [_PROJECT_SOURCE],
            }
        )
    yield from sorted(records, key=lambda r: r["id"])


#: The predicates an association may have: none of them says that one thing causes the other.
NON_CAUSAL_PREDICATES = frozenset({"biolink:associated_with", "biolink:correlated_with", "biolink:related_to"})


def _predicate(graph: Graph, relation: str, kind: str) -> str:
    mapped = _biolink_match(graph, RLS[relation]) or FALLBACK_PREDICATES.get(relation)
    predicate = mapped or KIND_PREDICATES.get(kind, "biolink:related_to")
    if kind == "association" and predicate not in NON_CAUSAL_PREDICATES:
        return "biolink:associated_with"
    return predicate


def edges(result: Built) -> Iterator[dict[str, Any]]:
    """The KGX edge records, one per claim between two entities (entailed ones aside), sorted by id."""
    G, graph = result.network, result.graph
    ids = _node_ids(G)
    relations = G.graph["relations"]
    levels = _layer_levels(graph)
    ends = _ends(graph)
    published = _provenance(graph)
    records = []
    for claim in G.graph["claims"].values():
        subject, relation, obj = claim["subject"], claim["predicate"], claim["object"]
        layer = claim.get("layer", "stated")
        kind = relations[relation]["kind"]
        if subject not in ids or obj not in ids or kind == "status" or layer in UNEXPORTED_LAYERS:
            continue
        level, agent = levels.get(layer, ("not_provided", "not_provided"))
        source = claim["source"]
        end = claim.get("end") or ends.get(claim["id"])  # no quote, no end: a background fact has none
        quote, start = (claim["quote"], int(claim["start"])) if end is not None else (None, None)
        publisher_id, publisher_type, licence = published.get(source["id"], ("", "", ""))
        records.append(
            {
                "id": f"{PREFIX}:claim/{claim['id']}",
                "subject": ids[subject],
                "predicate": _predicate(graph, relation, kind),
                "object": ids[obj],
                "negated": claim["certainty"] == "refuted",
                "knowledge_level": claim.get("knowledge_level") or level,
                "agent_type": claim.get("agent_type") or agent,
                "primary_knowledge_source": source_id(source["id"]),
                "aggregator_knowledge_source": [_PROJECT_SOURCE],
                "supporting_text": [quote] if quote else [],
                "original_subject": f"{PREFIX}:{subject}",
                "original_predicate": f"{PREFIX}:{relation}",
                "original_object": f"{PREFIX}:{obj}",
                "iri": str(CLAIM[claim["id"]]),
                "layer": layer,
                "certainty": claim["certainty"],
                "certainty_cue": claim.get("cue") or "",
                "quantifier": claim.get("quantifier") or "",
                "supporting_text_start": "" if start is None else start,
                "supporting_text_end": "" if end is None else int(end),
                "page_part": claim.get("part") or "",
                "curator_note": claim.get("note") or "",
                "source_title": source.get("title", ""),
                "source_publisher": source.get("publisher", ""),
                "source_publisher_id": publisher_id,
                "source_publisher_type": publisher_type,
                "source_license": licence,
                "source_date": source.get("date", ""),
            }
        )
    yield from sorted(records, key=lambda r: r["id"])


def _tsv_cell(column: str, value: Any) -> str:
    if column in _LIST_COLUMNS:
        if any("|" in item for item in value):
            raise ValueError(f"{column} value {value!r} holds '|', the KGX list separator")
        value = "|".join(value)
    elif isinstance(value, bool):
        value = "True" if value else ""  # kgx reads any non-empty cell of a boolean column as true
    text = str(value)
    if any(c in text for c in "\t\n\r"):
        raise ValueError(f"{column} value {text!r} holds a tab or line break, which KGX TSV cannot hold")
    return text


def _tsv(records: Iterator[dict[str, Any]], columns: tuple[str, ...]) -> bytes:
    lines = ["\t".join(columns)]
    lines += ["\t".join(_tsv_cell(c, record[c]) for c in columns) for record in records]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _jsonl(records: Iterator[dict[str, Any]]) -> bytes:
    lines = [json.dumps({k: v for k, v in r.items() if v not in ("", [])}, ensure_ascii=False) for r in records]
    return ("\n".join(lines) + "\n").encode("utf-8")


def nodes_tsv(result: Built) -> bytes:
    """build/kgx/nodes.tsv."""
    return _tsv(nodes(result), NODE_COLUMNS)


def edges_tsv(result: Built) -> bytes:
    """build/kgx/edges.tsv."""
    return _tsv(edges(result), EDGE_COLUMNS)


def nodes_jsonl(result: Built) -> bytes:
    """build/kgx/nodes.jsonl: one node per line, empty fields left out."""
    return _jsonl(nodes(result))


def edges_jsonl(result: Built) -> bytes:
    """build/kgx/edges.jsonl: one edge per line, empty fields left out."""
    return _jsonl(edges(result))
