"""The curated knowledge as RDF: reified claims with PROV-O provenance and Web Annotation evidence.

Each claim is a node with rdf:subject / rdf:predicate / rdf:object, its certainty, page part and a
oa:SpecificResource over its source with a text-quote and a text-position selector. A claim that
is not refuted is also asserted as its plain triple; a refuted claim never is.
"""

from __future__ import annotations

import datetime as dt

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD, Namespace

from rlskg.model.curation import Claim, Curation, Disagreement, Entity, Tension
from rlskg.model.entail import entailments
from rlskg.model.ontology import CLAIM, DISAGREEMENT, NAMESPACES, OA, PUBLISHER, RLS, SOURCE, TENSION, Ontology
from rlskg.model.provenance import publisher_triples, revisions, source_triples
from rlskg.model.validate import CURIE_BASES

__all__ = ["curie_to_iri", "iri_to_curie", "to_rdf", "where_of"]


def curie_to_iri(curie: str) -> URIRef:
    """Expand a standard identifier such as ``MONDO:0005391``.

    Examples
    --------
    >>> str(curie_to_iri("MONDO:0005391"))
    'http://purl.obolibrary.org/obo/MONDO_0005391'

    """
    prefix, local = curie.split(":", 1)
    return URIRef(CURIE_BASES[prefix] + local)


def iri_to_curie(iri: str) -> str:
    """Compact an identifier IRI back to its CURIE; other IRIs are returned as they are.

    Examples
    --------
    >>> iri_to_curie("http://id.nlm.nih.gov/mesh/D003920")
    'MESH:D003920'

    """
    for prefix, base in CURIE_BASES.items():
        if iri.startswith(base):
            return f"{prefix}:{iri.removeprefix(base)}"
    return iri


def where_of(curation: Curation) -> dict[str, str]:
    """The file:line of every node the curated records make, for reporting SHACL results."""
    places = {str(RLS[e.id]): f"{e.where.file}:{e.where.line}" for e in curation.entities}
    places.update({str(CLAIM[c.id]): f"{c.where.file}:{c.where.line}" for c in curation.claims})
    places.update({str(SOURCE[s.id]): f"{s.where.file}:{s.where.line}" for s in curation.sources})
    places.update({str(PUBLISHER[p.id]): f"{p.where.file}:{p.where.line}" for p in curation.publishers})
    places.update({str(DISAGREEMENT[d.id]): f"{d.where.file}:{d.where.line}" for d in curation.disagreements})
    places.update({str(TENSION[d.id]): f"{d.where.file}:{d.where.line}" for d in curation.tensions})
    places.update({str(CLAIM[b.id]): f"{b.where.file}:{b.where.line}" for b in curation.background})
    places.update({str(SOURCE[o.id]): f"{o.where.file}:{o.where.line}" for o in curation.ontologies})
    return places


#: The software agent to which entailed claims are attributed.
ENGINE = SOURCE["rlskg-engine"]


def _layer(g: Graph, node: URIRef, ontology: Ontology, name: str) -> None:
    layer = ontology.layers[name]
    g.add((node, RLS.layer, RLS[f"{name.capitalize()}Layer"]))
    g.add((node, RLS.knowledgeLevel, Literal(layer.knowledge_level)))
    g.add((node, RLS.agentType, Literal(layer.agent_type)))


def _generated(g: Graph, node: URIRef, day: dt.date) -> None:
    generated = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).isoformat()
    g.add((node, PROV.generatedAtTime, Literal(generated, datatype=XSD.dateTime)))


def to_rdf(curation: Curation, ontology: Ontology) -> Graph:
    """The whole graph: the ontology, the sources, the entities, the claims and disagreements."""
    g = Graph()
    for prefix, namespace in NAMESPACES.items():
        g.bind(prefix, namespace, override=True)
    g += ontology.graph
    _sources(g, curation, ontology)
    for e in curation.entities:
        _entity(g, e)
    publisher_of = {s.id: s.publisher for s in curation.sources}
    for c in curation.claims:
        _page_claim(g, c, ontology, publisher_of[c.source])
    _background(g, curation, ontology)
    _entailed(g, curation, ontology)
    _records(g, curation)
    return g


def _sources(g: Graph, curation: Curation, ontology: Ontology) -> None:
    """The source pages (each with its licence, versions and copies) and their publishers."""
    revised = revisions(curation)
    for s in curation.sources:
        for triple in source_triples(s, ontology, revised):
            g.add(triple)
    for p in curation.publishers:
        for triple in publisher_triples(p, ontology, curation):
            g.add(triple)


def _entity(g: Graph, e: Entity) -> None:
    """An entity: its class, label, definition, synonyms and standard identifiers."""
    node = RLS[e.id]
    g.add((node, RDF.type, RLS[e.type]))
    g.add((node, RDFS.label, Literal(e.label)))
    g.add((node, SKOS.definition, Literal(e.definition)))
    for synonym in e.synonyms:
        g.add((node, SKOS.altLabel, Literal(synonym)))
    for curie in e.exact:
        g.add((node, SKOS.exactMatch, curie_to_iri(curie)))
    for curie in e.close:
        g.add((node, SKOS.closeMatch, curie_to_iri(curie)))


def _page_claim(g: Graph, c: Claim, ontology: Ontology, publisher: str) -> None:
    """A page's claim: the reified triple and its provenance, its evidence, and (when asserted) the triple.

    ``publisher`` is the id of its page's publisher, the agent the claim is attributed to.
    """
    node = CLAIM[c.id]
    subject, predicate, obj = RLS[c.subject], RLS[c.predicate], RLS[c.object]
    g.add((node, RDF.type, RLS.Claim))
    g.add((node, RDF.subject, subject))
    g.add((node, RDF.predicate, predicate))
    g.add((node, RDF.object, obj))
    g.add((node, RLS.certainty, ontology.certainties[c.certainty]))
    g.add((node, RLS.cue, Literal(c.cue)))
    g.add((node, RLS.pagePart, ontology.page_parts[c.part]))
    g.add((node, PROV.wasDerivedFrom, SOURCE[c.source]))
    g.add((node, PROV.wasAttributedTo, PUBLISHER[publisher]))
    _generated(g, node, c.curated_on)
    _layer(g, node, ontology, c.layer)
    if c.note:
        g.add((node, RDFS.comment, Literal(c.note)))
    for prop, value in (
        (RLS.quantifier, c.quantifier),
        (RLS.subjectText, c.subject_text),
        (RLS.objectText, c.object_text),
        (RLS.reading, c.reading),
    ):
        if value is not None:
            g.add((node, prop, Literal(value)))
    if c.restates is not None:
        g.add((node, RLS.restates, CLAIM[c.restates]))
    _evidence(g, c)
    if c.certainty != "refuted" and ontology.layers[c.layer].asserted:
        g.add((subject, predicate, obj))


def _evidence(g: Graph, c: Claim) -> None:
    """A claim's evidence (Web Annotation): the quote, with its prefix and suffix, and its place on the page."""
    node, evidence = CLAIM[c.id], CLAIM[f"{c.id}.evidence"]
    quote, position = CLAIM[f"{c.id}.quote"], CLAIM[f"{c.id}.position"]
    g.add((node, RLS.evidence, evidence))
    g.add((evidence, RDF.type, OA.SpecificResource))
    g.add((evidence, OA.hasSource, SOURCE[c.source]))
    g.add((evidence, OA.hasSelector, quote))
    g.add((evidence, OA.hasSelector, position))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(c.quote)))
    if c.prefix is not None:
        g.add((quote, OA.prefix, Literal(c.prefix)))
    if c.suffix is not None:
        g.add((quote, OA.suffix, Literal(c.suffix)))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(c.start, datatype=XSD.nonNegativeInteger)))
    g.add((position, OA.end, Literal(c.end, datatype=XSD.nonNegativeInteger)))


def _background(g: Graph, curation: Curation, ontology: Ontology) -> None:
    """The standard ontologies cited, and the facts taken from them, each asserted."""
    for o in curation.ontologies:
        node = SOURCE[o.id]
        g.add((node, RDF.type, RLS.BackgroundSource))
        g.add((node, RDFS.label, Literal(o.short_name)))
        g.add((node, RLS.shortName, Literal(o.short_name)))
        g.add((node, DCTERMS.title, Literal(o.title)))
        g.add((node, DCTERMS.publisher, Literal(o.publisher)))
        g.add((node, RDFS.seeAlso, URIRef(o.iri)))
    for fact in curation.background:
        node = CLAIM[fact.id]
        subject, predicate, obj = RLS[fact.subject], RLS[fact.predicate], RLS[fact.object]
        g.add((node, RDF.type, RLS.Claim))
        g.add((node, RDF.subject, subject))
        g.add((node, RDF.predicate, predicate))
        g.add((node, RDF.object, obj))
        g.add((node, RLS.certainty, ontology.certainties["stated"]))
        g.add((node, RLS.pagePart, ontology.page_parts["ontology"]))
        g.add((node, RLS.reading, Literal(fact.reading)))
        g.add((node, PROV.wasDerivedFrom, SOURCE[fact.source]))
        _generated(g, node, fact.curated_on)
        _layer(g, node, ontology, "background")
        for curie in fact.terms:
            g.add((node, RLS.ontologyTerm, curie_to_iri(curie)))
        g.add((subject, predicate, obj))


def _entailed(g: Graph, curation: Curation, ontology: Ontology) -> None:
    """The engine, and what it concludes by rule, each conclusion with its premises."""
    g.add((ENGINE, RDF.type, PROV.SoftwareAgent))
    g.add((ENGINE, RDFS.label, Literal("the rls-kg engine")))
    by_claim = {c.id: c for c in curation.claims}
    for entailed in entailments(curation, ontology):
        node = CLAIM[entailed.id]
        g.add((node, RDF.type, RLS.Claim))
        g.add((node, RDF.subject, RLS[entailed.subject]))
        g.add((node, RDF.predicate, RLS[entailed.predicate]))
        g.add((node, RDF.object, RLS[entailed.object]))
        g.add((node, RLS.certainty, ontology.certainties[entailed.certainty]))
        g.add((node, RLS.rule, RLS.MemberSharesClassClaim))
        g.add((node, PROV.wasAttributedTo, ENGINE))
        _generated(g, node, by_claim[entailed.premise].curated_on)
        _layer(g, node, ontology, "entailed")
        if entailed.quantifier is not None:
            g.add((node, RLS.quantifier, Literal(entailed.quantifier)))
        for premise in (entailed.membership, entailed.premise):
            g.add((node, RLS.premise, CLAIM[premise]))
            g.add((node, PROV.wasDerivedFrom, CLAIM[premise]))


def _records(g: Graph, curation: Curation) -> None:
    """The curators' records across claims: disagreements and tensions, and the claims they join."""
    source_of = {c.id: c.source for c in curation.claims}
    records: list[tuple[Disagreement | Tension, Namespace, URIRef, URIRef, URIRef]] = [
        (d, DISAGREEMENT, RLS.Disagreement, RLS.disagreementClaim, RLS.contradicts) for d in curation.disagreements
    ]
    records += [(t, TENSION, RLS.Tension, RLS.tensionClaim, RLS.inTensionWith) for t in curation.tensions]
    for record, namespace, kind, member, between in records:
        node = namespace[record.id]
        g.add((node, RDF.type, kind))
        g.add((node, RDFS.label, Literal(record.id)))
        g.add((node, RDFS.comment, Literal(record.note)))
        for ident in record.claims:
            g.add((node, member, CLAIM[ident]))
        for entity in getattr(record, "concerns", ()):
            g.add((node, RLS.concerns, RLS[entity]))
        for a in record.claims:  # each pair of claims of different sources, both ways
            for b in record.claims:
                if source_of[a] != source_of[b]:
                    g.add((CLAIM[a], between, CLAIM[b]))
