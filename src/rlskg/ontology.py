"""The ontology as the code sees it: entity classes, relations and their kinds, code lists.

ontology/rls.ttl is the single place where relations, classes, certainties and page parts are
defined; the curated files name them, and this module reads what those names mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, XSD

from rlskg.errors import Problem, ValidationFailed

__all__ = [
    "CLAIM",
    "DISAGREEMENT",
    "NAMESPACES",
    "OA",
    "RLS",
    "SOURCE",
    "Ontology",
    "Relation",
    "load_ontology",
]

RLS = Namespace("https://w3id.org/rls-kg/")
CLAIM = Namespace("https://w3id.org/rls-kg/claim/")
SOURCE = Namespace("https://w3id.org/rls-kg/source/")
DISAGREEMENT = Namespace("https://w3id.org/rls-kg/disagreement/")
OA = Namespace("http://www.w3.org/ns/oa#")
OBO = Namespace("http://purl.obolibrary.org/obo/")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")

#: The prefixes the project's RDF files, SPARQL and answers use.
NAMESPACES: dict[str, str] = {
    "rls": str(RLS),
    "claim": str(CLAIM),
    "source": str(SOURCE),
    "disagreement": str(DISAGREEMENT),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "oa": str(OA),
    "dcterms": str(DCTERMS),
    "obo": str(OBO),
    "biolink": str(BIOLINK),
}

#: The relation kinds of the ontology, by the local name of their individual.
KINDS = {
    "CausalRelation": "causal",
    "AssociativeRelation": "association",
    "ContextRelation": "context",
    "MembershipRelation": "membership",
    "StatusRelation": "status",
}


@dataclass(frozen=True)
class Relation:
    """A relation between entities: its name, how it reads both ways, and its kind."""

    name: str
    label: str
    inverse_label: str
    kind: str  # one of KINDS' values

    @property
    def iri(self) -> URIRef:
        return RLS[self.name]


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

    entity_classes = {
        _local(c)
        for c in graph.transitive_subjects(RDFS.subClassOf, RLS.Entity)
        if c != RLS.Entity and str(c).startswith(str(RLS))
    }
    relations: dict[str, Relation] = {}
    for prop, kind in graph.subject_objects(RLS.relationKind):
        name = _local(prop)
        label = graph.value(prop, RDFS.label)
        inverse = graph.value(prop, RLS.inverseLabel)
        relations[name] = Relation(name, str(label), str(inverse or label), KINDS[_local(kind)])

    def coded(cls: URIRef) -> dict[str, URIRef]:
        return {
            str(graph.value(i, SKOS.notation)): URIRef(str(i))
            for i in graph.subjects(RDF.type, cls)
            if graph.value(i, SKOS.notation) is not None
        }

    certainties = coded(RLS.Certainty)
    ranks = {code: int(Literal(graph.value(iri, RLS.rank)).toPython()) for code, iri in certainties.items()}
    terms = {_local(s) for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(RLS))}
    return Ontology(
        graph=graph,
        entity_classes=frozenset(entity_classes),
        relations=dict(sorted(relations.items())),
        certainties=certainties,
        certainty_rank=ranks,
        page_parts=coded(RLS.PagePart),
        statuses=frozenset(_local(s) for s in graph.subjects(RDF.type, RLS.CauseStatus)),
        terms=frozenset(terms),
    )
