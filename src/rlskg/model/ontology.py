"""The ontology as the code sees it: entity classes, relations and their kinds, code lists.

ontology/rls.ttl is the single place where relations, classes, certainties and page parts are
defined; the curated files name them, and this module reads what those names mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from rlskg.errors import Problem, ValidationFailed
from rlskg.model.namespaces import NAMESPACES

__all__ = [
    "CLAIM",
    "DISAGREEMENT",
    "FOAF",
    "NAMESPACES",
    "OA",
    "PUBLISHER",
    "RLS",
    "SOURCE",
    "TENSION",
    "Kind",
    "Layer",
    "Ontology",
    "Relation",
    "load_ontology",
    "ontology_from_graph",
]

RLS = Namespace(NAMESPACES["rls"])
CLAIM = Namespace(NAMESPACES["claim"])
SOURCE = Namespace(NAMESPACES["source"])
PUBLISHER = Namespace(NAMESPACES["publisher"])
DISAGREEMENT = Namespace(NAMESPACES["disagreement"])
TENSION = Namespace(NAMESPACES["tension"])
OA = Namespace(NAMESPACES["oa"])
OBO = Namespace(NAMESPACES["obo"])
BIOLINK = Namespace(NAMESPACES["biolink"])
FOAF = Namespace(NAMESPACES["foaf"])


@dataclass(frozen=True)
class Relation:
    """A relation between entities: its name, how it reads both ways, and its kind's notation."""

    name: str
    label: str
    inverse_label: str
    kind: str
    phrase: str = "{subject} {label} {object}"

    @property
    def iri(self) -> URIRef:
        return RLS[self.name]


@dataclass(frozen=True)
class Kind:
    """What a relation kind means for explanation and drawing, as the ontology declares it."""

    name: str
    label: str
    definition: str
    follows: str  # forward, backward, both or none
    chain_kind: str  # the verdict a chain of such steps can at best give, or "neutral"
    once: bool
    downstream: bool
    color: str
    dashes: str


@dataclass(frozen=True)
class Layer:
    """A knowledge layer: where a claim's knowledge comes from, and its Biolink provenance slots."""

    name: str
    label: str
    definition: str
    rank: int
    knowledge_level: str
    agent_type: str
    asserted: bool
    dashes: str


@dataclass(frozen=True)
class Ontology:
    """What the curated files may name, read from ontology/rls.ttl."""

    graph: Graph
    entity_classes: frozenset[str]
    relations: dict[str, Relation]
    certainties: dict[str, URIRef]  # notation -> IRI
    certainty_rank: dict[str, int]  # notation -> rank, higher is surer
    page_parts: dict[str, URIRef]  # notation -> IRI
    statuses: frozenset[str]
    terms: frozenset[str]  # every local name the ontology defines
    kinds: dict[str, Kind]  # notation -> kind
    layers: dict[str, Layer]  # notation -> layer
    verdicts: dict[str, tuple[int, str, str]]  # notation -> (rank, label, definition)
    publisher_types: dict[str, URIRef]  # notation -> IRI
    licences: dict[str, URIRef]  # notation -> IRI (a well-known licence IRI)
    whole_text_licences: frozenset[str]  # the notations of the licences that let the project keep a whole text


def _local(iri: object) -> str:
    return str(iri).removeprefix(str(RLS))


def load_ontology(path: Path, shown: str = "ontology/rls.ttl") -> Ontology:
    """Read the ontology; a syntax error is reported with its line."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise ValidationFailed([Problem(shown, 0, "ontology file not found")]) from None
    except Exception as exc:  # rdflib raises several types for bad Turtle
        found = re.search(r"line (\d+)", str(exc))
        message = " ".join(str(exc).split())
        raise ValidationFailed(
            [Problem(shown, int(found.group(1)) if found else 0, f"bad Turtle: {message}")]
        ) from None

    return ontology_from_graph(graph)


def ontology_from_graph(graph: Graph) -> Ontology:
    """What the ontology's triples in ``graph`` define (the built graph holds them too)."""
    entity_classes = {
        _local(c)
        for c in graph.transitive_subjects(RDFS.subClassOf, RLS.Entity)
        if c != RLS.Entity and str(c).startswith(str(RLS))
    }
    read = _Reader(graph)
    verdicts = {
        read.text(node, SKOS.notation): (
            int(read.text(node, RLS.rank, "0")),
            read.text(node, RDFS.label),
            read.text(node, SKOS.definition),
        )
        for node in graph.subjects(RDF.type, RLS.Verdict)
    }
    certainties = read.coded(RLS.Certainty)
    licences = read.coded(RLS.Licence)
    ranks = {code: int(Literal(graph.value(iri, RLS.rank)).toPython()) for code, iri in certainties.items()}
    terms = {_local(s) for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(RLS))}
    return Ontology(
        graph=graph,
        entity_classes=frozenset(entity_classes),
        relations=dict(sorted(read.relations().items())),
        certainties=certainties,
        certainty_rank=ranks,
        page_parts=read.coded(RLS.PagePart),
        statuses=frozenset(_local(s) for s in graph.subjects(RDF.type, RLS.CauseStatus)),
        terms=frozenset(terms),
        kinds=dict(sorted(read.kinds().items())),
        layers=dict(sorted(read.layers().items(), key=lambda item: -item[1].rank)),
        verdicts=dict(sorted(verdicts.items(), key=lambda item: -item[1][0])),
        publisher_types=read.coded(RLS.PublisherType),
        licences=licences,
        whole_text_licences=frozenset(code for code, iri in licences.items() if read.flag(iri, RLS.permitsWholeText)),
    )


class _Reader:
    """The ontology's declarations, read from its triples."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def text(self, node: Node, prop: URIRef, default: str = "") -> str:
        value = self.graph.value(node, prop)
        return str(value) if value is not None else default

    def flag(self, node: Node, prop: URIRef) -> bool:
        value = self.graph.value(node, prop)
        return bool(value is not None and Literal(value).toPython() is True)

    def coded(self, cls: URIRef) -> dict[str, URIRef]:
        """The members of a code list, by notation."""
        return {
            str(self.graph.value(i, SKOS.notation)): URIRef(str(i))
            for i in self.graph.subjects(RDF.type, cls)
            if self.graph.value(i, SKOS.notation) is not None
        }

    def kinds(self) -> dict[str, Kind]:
        """What each relation kind means for explanation and drawing."""
        text, flag = self.text, self.flag
        return {
            text(k, SKOS.notation): Kind(
                name=text(k, SKOS.notation),
                label=text(k, RDFS.label),
                definition=text(k, SKOS.definition),
                follows=text(k, RLS.follows, "none"),
                chain_kind=text(k, RLS.chainKind, "neutral"),
                once=flag(k, RLS.once),
                downstream=flag(k, RLS.downstream),
                color=text(k, RLS.color, "#6b6b6b"),
                dashes=text(k, RLS.dashes, "solid"),
            )
            for k in self.graph.subjects(RDF.type, RLS.RelationKind)
        }

    def relations(self) -> dict[str, Relation]:
        """The relations between entities, each with its kind."""
        relations: dict[str, Relation] = {}
        for prop, kind in self.graph.subject_objects(RLS.relationKind):
            label = self.text(prop, RDFS.label)
            phrase = self.text(prop, RLS.phrase) or "{subject} {label} {object}"
            inverse = self.text(prop, RLS.inverseLabel) or label
            relations[_local(prop)] = Relation(_local(prop), label, inverse, self.text(kind, SKOS.notation), phrase)
        return relations

    def layers(self) -> dict[str, Layer]:
        """The knowledge layers, with their Biolink provenance slots."""
        text = self.text
        return {
            text(node, SKOS.notation): Layer(
                name=text(node, SKOS.notation),
                label=text(node, RDFS.label),
                definition=text(node, SKOS.definition),
                rank=int(text(node, RLS.rank, "0")),
                knowledge_level=text(node, RLS.knowledgeLevel, "not_provided"),
                agent_type=text(node, RLS.agentType, "not_provided"),
                asserted=self.flag(node, RLS.asserted),
                dashes=text(node, RLS.dashes, "solid"),
            )
            for node in self.graph.subjects(RDF.type, RLS.KnowledgeLayer)
        }
