"""The graph of a large build, made straight from the curated records without an rdflib Graph.

:func:`write_ntriples` streams the same triples as :func:`rlskg.rdf.graph.to_rdf` as N-Triples lines, in a
fixed order (the ontology's triples sorted, then the records in the order of graph/), each triple
once; :func:`network_from_model` makes the same networkx view as :func:`rlskg.rdf.network.to_networkx`
of that graph. Both cost time in proportion to the number of claims; the tests check that both give
exactly what the rdflib path gives for the shipped graph.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import IO, Any

import networkx as nx
from rdflib import RDFS, Literal

from rlskg.model.curation import (
    BackgroundClaim,
    BackgroundSource,
    Claim,
    Curation,
    Disagreement,
    Entity,
    Publisher,
    Source,
    Tension,
)
from rlskg.model.entail import Entailment
from rlskg.model.ontology import CLAIM, DISAGREEMENT, PUBLISHER, RLS, SOURCE, TENSION, Ontology
from rlskg.model.provenance import Triple, original_publishers, publisher_triples, revisions, source_triples
from rlskg.rdf.graph import curie_to_iri, iri_to_curie
from rlskg.rdf.network import ENGINE_SOURCE, attach_claims, source_record

__all__ = ["network_from_model", "ntriples", "shacl_chunks", "write_ntriples"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PROV = "http://www.w3.org/ns/prov#"
_DCT = "http://purl.org/dc/terms/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_OA = "http://www.w3.org/ns/oa#"

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _lit(text: str, datatype: str | None = None) -> str:
    """An N-Triples literal.

    Examples
    --------
    >>> _lit('say "hi"\\n')
    '"say \\\\"hi\\\\"\\\\n"'
    >>> _lit("7", "http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
    '"7"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>'

    """
    quoted = f'"{text.translate(_ESCAPES)}"'
    return f"{quoted}^^<{datatype}>" if datatype else quoted


def _nt(triple: Triple) -> str:
    """One triple of IRIs and literals as an N-Triples line."""
    terms = []
    for term in triple:
        if isinstance(term, Literal):
            terms.append(_lit(str(term), str(term.datatype) if term.datatype else None))
        else:
            terms.append(f"<{term}>")
    return " ".join(terms) + " .\n"


def _generated(day: dt.date) -> str:
    return _lit(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).isoformat(), _XSD + "dateTime")


class _Lines:
    """The N-Triples lines of each kind of record, as :func:`rlskg.rdf.graph.to_rdf` makes its triples."""

    def __init__(self, curation: Curation, ontology: Ontology) -> None:
        self.ontology = ontology
        self.rls, self.claim, self.source = str(RLS), str(CLAIM), str(SOURCE)
        rls = self.rls
        self.a = f"<{_RDF}type>"
        self.label, self.comment = f"<{_RDFS}label>", f"<{_RDFS}comment>"
        self.derived, self.attributed = f"<{_PROV}wasDerivedFrom>", f"<{_PROV}wasAttributedTo>"
        self.generated = f"<{_PROV}generatedAtTime>"
        self.layers = {
            name: (
                f"<{rls}layer> <{rls}{name.capitalize()}Layer> .\n",
                f"<{rls}knowledgeLevel> {_lit(layer.knowledge_level)} .\n",
                f"<{rls}agentType> {_lit(layer.agent_type)} .\n",
            )
            for name, layer in ontology.layers.items()
        }
        self.curated_on = {c.id: c.curated_on for c in curation.claims}
        self.source_of = {c.id: c.source for c in curation.claims}
        self.curation = curation
        self.revised = revisions(curation)
        self.publishers = {p.id: p for p in curation.publishers}
        self.publisher_of = {s.id: s.publisher for s in curation.sources}

    def _layer(self, node: str, name: str) -> Iterator[str]:
        for tail in self.layers[name]:
            yield f"{node} {tail}"

    def ontology_terms(self) -> list[str]:
        return sorted(self.ontology.graph.serialize(format="nt").splitlines(keepends=True))

    def source_document(self, s: Source) -> Iterator[str]:
        for triple in source_triples(s, self.ontology, self.revised):
            yield _nt(triple)

    def publisher(self, p: Publisher) -> Iterator[str]:
        for triple in publisher_triples(p, self.ontology, self.curation):
            yield _nt(triple)

    def source_context(self, s: Source) -> Iterator[str]:
        """What a source's shapes look at beyond its record: its publisher."""
        if s.publisher in self.publishers:
            yield from self.publisher(self.publishers[s.publisher])

    def entity(self, e: Entity) -> Iterator[str]:
        node = f"<{self.rls}{e.id}>"
        yield f"{node} {self.a} <{self.rls}{e.type}> .\n"
        yield f"{node} {self.label} {_lit(e.label)} .\n"
        yield f"{node} <{_SKOS}definition> {_lit(e.definition)} .\n"
        for synonym in dict.fromkeys(e.synonyms):
            yield f"{node} <{_SKOS}altLabel> {_lit(synonym)} .\n"
        for curie in dict.fromkeys(e.exact):
            yield f"{node} <{_SKOS}exactMatch> <{curie_to_iri(curie)}> .\n"
        for curie in dict.fromkeys(e.close):
            yield f"{node} <{_SKOS}closeMatch> <{curie_to_iri(curie)}> .\n"

    def plain(self, c: Claim | BackgroundClaim) -> str | None:
        """The claim's plain triple when it is asserted, else None."""
        if isinstance(c, Claim) and (c.certainty == "refuted" or not self.ontology.layers[c.layer].asserted):
            return None
        return f"<{self.rls}{c.subject}> <{self.rls}{c.predicate}> <{self.rls}{c.object}> .\n"

    def page_claim(self, c: Claim) -> Iterator[str]:
        rls, a, ontology = self.rls, self.a, self.ontology
        node = f"<{self.claim}{c.id}>"
        evidence, quote, position = (f"<{self.claim}{c.id}.{part}>" for part in ("evidence", "quote", "position"))
        source = f"<{self.source}{c.source}>"
        yield f"{node} {a} <{rls}Claim> .\n"
        yield f"{node} <{_RDF}subject> <{rls}{c.subject}> .\n"
        yield f"{node} <{_RDF}predicate> <{rls}{c.predicate}> .\n"
        yield f"{node} <{_RDF}object> <{rls}{c.object}> .\n"
        yield f"{node} <{rls}certainty> <{ontology.certainties[c.certainty]}> .\n"
        yield f"{node} <{rls}cue> {_lit(c.cue)} .\n"
        yield f"{node} <{rls}pagePart> <{ontology.page_parts[c.part]}> .\n"
        yield f"{node} {self.derived} {source} .\n"
        yield f"{node} {self.attributed} <{PUBLISHER}{self.publisher_of[c.source]}> .\n"
        yield f"{node} {self.generated} {_generated(c.curated_on)} .\n"
        yield from self._layer(node, c.layer)
        if c.note:
            yield f"{node} {self.comment} {_lit(c.note)} .\n"
        for prop, value in (
            ("quantifier", c.quantifier),
            ("subjectText", c.subject_text),
            ("objectText", c.object_text),
            ("reading", c.reading),
        ):
            if value is not None:
                yield f"{node} <{rls}{prop}> {_lit(value)} .\n"
        if c.restates is not None:
            yield f"{node} <{rls}restates> <{self.claim}{c.restates}> .\n"
        yield f"{node} <{rls}evidence> {evidence} .\n"
        yield f"{evidence} {a} <{_OA}SpecificResource> .\n"
        yield f"{evidence} <{_OA}hasSource> {source} .\n"
        yield f"{evidence} <{_OA}hasSelector> {quote} .\n"
        yield f"{evidence} <{_OA}hasSelector> {position} .\n"
        yield f"{quote} {a} <{_OA}TextQuoteSelector> .\n"
        yield f"{quote} <{_OA}exact> {_lit(c.quote)} .\n"
        if c.prefix is not None:
            yield f"{quote} <{_OA}prefix> {_lit(c.prefix)} .\n"
        if c.suffix is not None:
            yield f"{quote} <{_OA}suffix> {_lit(c.suffix)} .\n"
        yield f"{position} {a} <{_OA}TextPositionSelector> .\n"
        yield f"{position} <{_OA}start> {_lit(str(c.start), _XSD + 'nonNegativeInteger')} .\n"
        yield f"{position} <{_OA}end> {_lit(str(c.end), _XSD + 'nonNegativeInteger')} .\n"

    def ontology_source(self, o: BackgroundSource) -> Iterator[str]:
        node = f"<{self.source}{o.id}>"
        yield f"{node} {self.a} <{self.rls}BackgroundSource> .\n"
        yield f"{node} {self.label} {_lit(o.short_name)} .\n"
        yield f"{node} <{self.rls}shortName> {_lit(o.short_name)} .\n"
        yield f"{node} <{_DCT}title> {_lit(o.title)} .\n"
        yield f"{node} <{_DCT}publisher> {_lit(o.publisher)} .\n"
        yield f"{node} <{_RDFS}seeAlso> <{o.iri}> .\n"

    def background(self, fact: BackgroundClaim) -> Iterator[str]:
        rls, ontology = self.rls, self.ontology
        node = f"<{self.claim}{fact.id}>"
        yield f"{node} {self.a} <{rls}Claim> .\n"
        yield f"{node} <{_RDF}subject> <{rls}{fact.subject}> .\n"
        yield f"{node} <{_RDF}predicate> <{rls}{fact.predicate}> .\n"
        yield f"{node} <{_RDF}object> <{rls}{fact.object}> .\n"
        yield f"{node} <{rls}certainty> <{ontology.certainties['stated']}> .\n"
        yield f"{node} <{rls}pagePart> <{ontology.page_parts['ontology']}> .\n"
        yield f"{node} <{rls}reading> {_lit(fact.reading)} .\n"
        yield f"{node} {self.derived} <{self.source}{fact.source}> .\n"
        yield f"{node} {self.generated} {_generated(fact.curated_on)} .\n"
        yield from self._layer(node, "background")
        for curie in dict.fromkeys(fact.terms):
            yield f"{node} <{rls}ontologyTerm> <{curie_to_iri(curie)}> .\n"

    def engine(self) -> Iterator[str]:
        engine = f"<{self.source}rlskg-engine>"
        yield f"{engine} {self.a} <{_PROV}SoftwareAgent> .\n"
        yield f"{engine} {self.label} {_lit('the rls-kg engine')} .\n"

    def entailment(self, e: Entailment) -> Iterator[str]:
        rls = self.rls
        node = f"<{self.claim}{e.id}>"
        yield f"{node} {self.a} <{rls}Claim> .\n"
        yield f"{node} <{_RDF}subject> <{rls}{e.subject}> .\n"
        yield f"{node} <{_RDF}predicate> <{rls}{e.predicate}> .\n"
        yield f"{node} <{_RDF}object> <{rls}{e.object}> .\n"
        yield f"{node} <{rls}certainty> <{self.ontology.certainties[e.certainty]}> .\n"
        yield f"{node} <{rls}rule> <{rls}MemberSharesClassClaim> .\n"
        yield f"{node} {self.attributed} <{self.source}rlskg-engine> .\n"
        yield f"{node} {self.generated} {_generated(self.curated_on[e.premise])} .\n"
        yield from self._layer(node, "entailed")
        if e.quantifier is not None:
            yield f"{node} <{rls}quantifier> {_lit(e.quantifier)} .\n"
        for premise in dict.fromkeys((e.membership, e.premise)):
            yield f"{node} <{rls}premise> <{self.claim}{premise}> .\n"
            yield f"{node} {self.derived} <{self.claim}{premise}> .\n"

    def record(self, record: Disagreement | Tension) -> Iterator[str]:
        """A disagreement or tension, without the links it makes between its claims (see :meth:`joins`)."""
        rls = self.rls
        if isinstance(record, Disagreement):
            node, kind, member = f"<{DISAGREEMENT}{record.id}>", "Disagreement", "disagreementClaim"
        else:
            node, kind, member = f"<{TENSION}{record.id}>", "Tension", "tensionClaim"
        yield f"{node} {self.a} <{rls}{kind}> .\n"
        yield f"{node} {self.label} {_lit(record.id)} .\n"
        yield f"{node} {self.comment} {_lit(record.note)} .\n"
        for ident in dict.fromkeys(record.claims):
            yield f"{node} <{rls}{member}> <{self.claim}{ident}> .\n"
        if isinstance(record, Tension):
            for entity in dict.fromkeys(record.concerns):
                yield f"{node} <{rls}concerns> <{rls}{entity}> .\n"

    def joins(self, record: Disagreement | Tension) -> Iterator[str]:
        """The rls:contradicts or rls:inTensionWith links between the record's claims of different sources."""
        link = "contradicts" if isinstance(record, Disagreement) else "inTensionWith"
        for first in record.claims:
            for second in record.claims:
                if self.source_of[first] != self.source_of[second]:
                    yield f"<{self.claim}{first}> <{self.rls}{link}> <{self.claim}{second}> .\n"


def ntriples(curation: Curation, ontology: Ontology, entailed: Iterable[Entailment]) -> Iterator[str]:
    """The triples of :func:`rlskg.rdf.graph.to_rdf`, as N-Triples lines (each ending in a newline)."""
    lines = _Lines(curation, ontology)
    yield from lines.ontology_terms()
    for s in curation.sources:
        yield from lines.source_document(s)
    for p in curation.publishers:
        yield from lines.publisher(p)
    for e in curation.entities:
        yield from lines.entity(e)
    asserted: set[str] = set()
    for c in curation.claims:
        yield from lines.page_claim(c)
        plain = lines.plain(c)
        if plain is not None and plain not in asserted:
            asserted.add(plain)
            yield plain
    for o in curation.ontologies:
        yield from lines.ontology_source(o)
    for fact in curation.background:
        yield from lines.background(fact)
        plain = lines.plain(fact)
        if plain is not None and plain not in asserted:
            asserted.add(plain)
            yield plain
    yield from lines.engine()
    for entailment in entailed:
        yield from lines.entailment(entailment)
    for records in (curation.disagreements, curation.tensions):
        joined: set[str] = set()
        for record in records:
            yield from lines.record(record)
            for line in lines.joins(record):
                if line not in joined:
                    joined.add(line)
                    yield line


def shacl_chunks(
    curation: Curation, ontology: Ontology, entailed: list[Entailment], size: int = 500
) -> Iterator[list[str]]:
    """The graph cut into parts that SHACL can check one at a time, each part's lines.

    The shapes are per node and look at most one step away (a claim's entities, its premises, its
    source, a record's claims), so each part holds the ontology, about ``size`` claims with all they
    point at (entities, sources, premises, the claims of a record) and each claim's plain triple, and
    every claim of the same triple together (what the refuted-claim constraint compares). Every node
    is the focus in at least one part; a node checked in several parts gives the same result in each.
    """
    lines = _Lines(curation, ontology)
    base = lines.ontology_terms()
    for o in curation.ontologies:
        base.extend(lines.ontology_source(o))
    base.extend(lines.engine())
    documents = {s.id: s for s in curation.sources}
    entities = {e.id: e for e in curation.entities}
    every: list[Claim | BackgroundClaim] = [*curation.claims, *curation.background]
    claims = {c.id: c for c in every}

    def part(ids: Iterable[str], extra: Iterable[str] = (), ends: Iterable[str] = ()) -> list[str]:
        body = list(base)
        touched = dict.fromkeys(ends)
        cited: dict[str, None] = {}
        plains: set[str] = set()
        for ident in dict.fromkeys(ids):
            c = claims[ident]
            body.extend(lines.page_claim(c) if isinstance(c, Claim) else lines.background(c))
            plain = lines.plain(c)
            if plain is not None and plain not in plains:
                plains.add(plain)
                body.append(plain)
            touched.update(dict.fromkeys((c.subject, c.object)))
            if isinstance(c, Claim):
                cited[c.source] = None
        for ident in touched:
            if ident in entities:
                body.extend(lines.entity(entities[ident]))
        for ident in cited:
            body.extend(lines.source_document(documents[ident]))
            body.extend(lines.source_context(documents[ident]))
        body.extend(extra)
        return body

    groups: dict[tuple[str, str, str], list[str]] = {}
    for c in claims.values():
        groups.setdefault((c.subject, c.predicate, c.object), []).append(c.id)
    batch: list[str] = []
    for ids in groups.values():
        batch.extend(ids)
        if len(batch) >= size:
            yield part(batch)
            batch = []
    if batch:
        yield part(batch)
    for start in range(0, len(entailed), size):
        chosen = entailed[start : start + size]
        extra = [line for e in chosen for line in lines.entailment(e)]
        premises = [p for e in chosen for p in (e.membership, e.premise)]
        yield part(premises, extra, [end for e in chosen for end in (e.subject, e.object)])
    records: list[Disagreement | Tension] = [*curation.disagreements, *curation.tensions]
    for start in range(0, len(records), max(1, size // 4)):
        chosen_records = records[start : start + max(1, size // 4)]
        extra = [line for r in chosen_records for line in (*lines.record(r), *lines.joins(r))]
        concerns = [e for r in chosen_records if isinstance(r, Tension) for e in r.concerns]
        yield part([i for r in chosen_records for i in r.claims if i in claims], extra, concerns)
    all_entities = list(entities.values())
    for start in range(0, len(all_entities), size * 4):
        body = list(base)
        for e in all_entities[start : start + size * 4]:
            body.extend(lines.entity(e))
        yield body
    for start in range(0, len(curation.sources), size):
        body = list(base)
        for document in curation.sources[start : start + size]:
            body.extend(lines.source_document(document))
            body.extend(lines.source_context(document))
        yield body


def write_ntriples(
    curation: Curation, ontology: Ontology, entailed: Iterable[Entailment], handle: IO[bytes], chunk: int = 1 << 16
) -> int:
    """Write :func:`ntriples` to a binary file in batches; return the number of lines written."""
    count, batch = 0, []
    for line in ntriples(curation, ontology, entailed):
        batch.append(line)
        if len(batch) >= chunk:
            handle.write("".join(batch).encode("utf-8"))
            count += len(batch)
            batch.clear()
    handle.write("".join(batch).encode("utf-8"))
    return count + len(batch)


def network_from_model(curation: Curation, ontology: Ontology, entailed: Iterable[Entailment]) -> nx.MultiDiGraph:
    """The networkx view of :func:`rlskg.rdf.network.to_networkx`, made from the records, not from RDF."""
    G = nx.MultiDiGraph()
    by_type: dict[str, list[Any]] = defaultdict(list)
    for e in curation.entities:
        by_type[e.type].append(e)
    for cls in sorted(by_type, key=lambda name: str(RLS[name])):
        type_label = ontology.graph.value(RLS[cls], RDFS.label)
        for e in sorted(by_type[cls], key=lambda e: str(RLS[e.id])):
            G.add_node(
                e.id,
                label=e.label,
                type=cls,
                type_label=str(type_label) if type_label is not None else "",
                definition=e.definition,
                synonyms=sorted(set(e.synonyms)),
                exact=sorted({iri_to_curie(str(curie_to_iri(i))) for i in e.exact}),
                close=sorted({iri_to_curie(str(curie_to_iri(i))) for i in e.close}),
            )
    attach_claims(G, _Records(curation, ontology).of(curation, entailed), ontology)
    G.graph["disagreements"] = {
        d.id: {"note": d.note, "claims": sorted(set(d.claims)), "concerns": []}
        for d in sorted(curation.disagreements, key=lambda d: str(DISAGREEMENT[d.id]))
    }
    G.graph["tensions"] = {
        t.id: {"note": t.note, "claims": sorted(set(t.claims)), "concerns": sorted(set(t.concerns))}
        for t in sorted(curation.tensions, key=lambda t: str(TENSION[t.id]))
    }
    return G


class _Records:
    """Claims as the networkx view keeps them (see :func:`rlskg.rdf.network.claim_records`), made from the model."""

    def __init__(self, curation: Curation, ontology: Ontology) -> None:
        self.ontology = ontology
        publishers = {p.id: p for p in curation.publishers}
        originals = original_publishers(curation)
        self.sources: dict[str, dict[str, str]] = {}
        for s in curation.sources:
            self.sources[s.id] = source_record(
                s.id,
                s.short_name,
                s.title,
                publishers[s.publisher].name,
                date=s.date.isoformat() if s.date else "",
                derived_from=s.derived_from or "",
                publisher_id=s.publisher,
                original_publisher=originals[s.id],
            )
        for o in curation.ontologies:
            self.sources[o.id] = source_record(o.id, o.short_name, o.title, o.publisher)
        self.contradicts: dict[str, set[str]] = defaultdict(set)
        self.tension_with: dict[str, set[str]] = defaultdict(set)
        source_of = {c.id: c.source for c in curation.claims}
        for records, joins in ((curation.disagreements, self.contradicts), (curation.tensions, self.tension_with)):
            for record in records:
                for first in record.claims:
                    for second in record.claims:
                        if source_of[first] != source_of[second]:
                            joins[first].add(second)

    def of(self, curation: Curation, entailed: Iterable[Entailment]) -> dict[str, dict[str, Any]]:
        """Every claim: of the pages, of the standard ontologies, and the engine's, by id."""
        claims: dict[str, dict[str, Any]] = {}
        engine = dict(ENGINE_SOURCE)  # one record, shared by every conclusion, as a page's by its claims
        for c in curation.claims:
            claims[c.id] = self.record(
                c.id,
                (c.subject, c.predicate, c.object),
                quote=c.quote,
                start=c.start,
                end=c.end,
                certainty=c.certainty,
                cue=c.cue,
                part=c.part,
                note=c.note,
                layer=c.layer,
                quantifier=c.quantifier,
                subject_text=c.subject_text,
                object_text=c.object_text,
                reading=c.reading,
                restates=c.restates,
                source=self.sources[c.source],
            )
        for fact in curation.background:
            claims[fact.id] = self.record(
                fact.id,
                (fact.subject, fact.predicate, fact.object),
                certainty="stated",
                part="ontology",
                layer="background",
                reading=fact.reading,
                terms=fact.terms,
                source=self.sources[fact.source],
            )
        for entailment in entailed:
            claims[entailment.id] = self.record(
                entailment.id,
                (entailment.subject, entailment.predicate, entailment.object),
                certainty=entailment.certainty,
                layer="entailed",
                quantifier=entailment.quantifier,
                premises=(entailment.membership, entailment.premise),
                source=engine,
            )
        return dict(sorted(claims.items()))

    def record(self, ident: str, statement: tuple[str, str, str], **fields: Any) -> dict[str, Any]:
        """One claim's record: what it says, its evidence and provenance, and the claims it disagrees with."""
        layer = self.ontology.layers[fields["layer"]]
        subject, predicate, obj = statement
        return {
            "id": ident,
            "subject": subject,
            "predicate": predicate,
            "object": obj,
            "quote": fields.get("quote", ""),
            "start": fields.get("start"),
            "end": fields.get("end"),
            "certainty": fields["certainty"],
            "cue": fields.get("cue", ""),
            "part": fields.get("part", ""),
            "note": fields.get("note") or "",
            "layer": fields["layer"],
            "knowledge_level": layer.knowledge_level,
            "agent_type": layer.agent_type,
            "quantifier": fields.get("quantifier"),
            "subject_text": fields.get("subject_text"),
            "object_text": fields.get("object_text"),
            "reading": fields.get("reading"),
            "restates": fields.get("restates"),
            "terms": sorted({iri_to_curie(str(curie_to_iri(t))) for t in fields.get("terms", ())}),
            "premises": sorted(set(fields.get("premises", ()))),
            "source": fields["source"],
            "contradicted_by": sorted(self.contradicts.get(ident, ())),
            "tension_with": sorted(self.tension_with.get(ident, ())),
        }
