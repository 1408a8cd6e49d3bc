"""One nanopublication per claim, in one TriG file, following the nanopub schema.

Each nanopublication ``https://w3id.org/rls-kg/np/<claim-id>`` has four graphs:

- ``#Head``: the nanopublication (``np:Nanopublication``) and its three other graphs;
- ``#assertion``: what the claim says, the plain triple (``rls:Alcohol rls:triggers rls:RLS``). A claim
  that is not asserted as its triple, a refuted one above all, asserts only its reified statement with
  its certainty (``rls:Refuted``), never the positive triple;
- ``#provenance``: where the assertion comes from: the source (``prov:hadPrimarySource``), the quote as
  a Web Annotation resource with its text-quote and text-position selectors (``prov:wasDerivedFrom``),
  the publisher (``prov:wasAttributedTo``), and the whole claim record (certainty, cue, page part, layer,
  knowledge level and agent type) with the source's title and date;
- ``#pubinfo``: the nanopublication's creator (the project's curators), its creation time (the day the
  claim file was curated, so builds are deterministic) and the claim record it was made from.

The nanopublications are neither signed nor given trusty URIs: that needs a key and the nanopub
tooling at publication time, and would change the bytes of every build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from rlskg.export.parts import ClaimPart, Triple, cut
from rlskg.model.ontology import NAMESPACES, RLS, SOURCE

if TYPE_CHECKING:
    from rlskg.model.built import Built

__all__ = ["CURATORS", "NANOPUB", "NP", "nanopublication", "to_nanopubs"]

#: The nanopub schema.
NP = Namespace("http://www.nanopub.org/nschema#")
#: The namespace of the project's nanopublications.
NANOPUB = Namespace("https://w3id.org/rls-kg/np/")
#: The agent that creates the nanopublications: the project's curators.
CURATORS = RLS["curators"]

#: The graphs of a nanopublication, in the order they are written, by the fragment that names them.
PARTS = ("Head", "assertion", "provenance", "pubinfo")

_PREFIXES = {**NAMESPACES, "np": str(NP), "rlsnp": str(NANOPUB)}

#: Layer, knowledge level and agent type of a claim whose record does not say (built before layers).
_DEFAULT_LAYER = (RLS.StatedLayer, "knowledge_assertion", "manual_agent")


def _graphs(claim: ClaimPart) -> dict[str, URIRef]:
    return {part: URIRef(f"{NANOPUB[claim.id]}#{part}") for part in PARTS}


def _label(graph: Graph, node: Node) -> str:
    value = graph.value(node, RDFS.label)
    return str(value) if value is not None else str(node).rsplit("/", 1)[-1]


def nanopublication(claim: ClaimPart, graph: Graph, source: tuple[Triple, ...]) -> dict[str, list[Triple]]:
    """The four graphs of the nanopublication of one claim, by name (``Head``, ``assertion`` ...)."""
    names = _graphs(claim)
    nanopub, assertion = NANOPUB[claim.id], names["assertion"]
    head: list[Triple] = [
        (nanopub, RDF.type, NP.Nanopublication),
        (nanopub, NP.hasAssertion, assertion),
        (nanopub, NP.hasProvenance, names["provenance"]),
        (nanopub, NP.hasPublicationInfo, names["pubinfo"]),
    ]

    if claim.asserted:
        said: list[Triple] = [claim.asserted]
    else:
        s, p, o = claim.statement
        said = [
            (claim.iri, RDF.type, RDF.Statement),
            (claim.iri, RDF.subject, s),
            (claim.iri, RDF.predicate, p),
            (claim.iri, RDF.object, o),
            *((claim.iri, RLS.certainty, c) for c in graph.objects(claim.iri, RLS.certainty)),
        ]

    provenance: list[Triple] = [(assertion, PROV.wasDerivedFrom, claim.iri), *claim.record, *source]
    if claim.source is not None:
        provenance.append((assertion, PROV.hadPrimarySource, SOURCE[claim.source]))
    for evidence in graph.objects(claim.iri, RLS.evidence):
        provenance.append((assertion, PROV.wasDerivedFrom, evidence))
    for agent in graph.objects(claim.iri, PROV.wasAttributedTo):
        provenance.append((assertion, PROV.wasAttributedTo, agent))
    if graph.value(claim.iri, RLS.layer) is None:
        layer, level, agent_type = _DEFAULT_LAYER
        provenance += [
            (claim.iri, RLS.layer, layer),
            (claim.iri, RLS.knowledgeLevel, Literal(level)),
            (claim.iri, RLS.agentType, Literal(agent_type)),
        ]

    s, p, o = claim.statement
    said_by = ", ".join(x for x in (claim.certainty, claim.source) if x)
    title = f"{_label(graph, s)} {_label(graph, p)} {_label(graph, o)} ({said_by})"
    pubinfo: list[Triple] = [
        (nanopub, RDFS.label, Literal(title)),
        (nanopub, DCTERMS.creator, CURATORS),
        (nanopub, PROV.wasDerivedFrom, claim.iri),
        (CURATORS, RDF.type, PROV.Agent),
        (CURATORS, RDFS.label, Literal("the rls-kg curators")),
    ]
    created = graph.value(claim.iri, PROV.generatedAtTime)
    if created is not None:
        pubinfo.append((nanopub, DCTERMS.created, Literal(str(created), datatype=XSD.dateTime)))
    return {"Head": head, "assertion": said, "provenance": provenance, "pubinfo": pubinfo}


def _turtle_body(triples: list[Triple]) -> str:
    """The triples as Turtle statements, without prefix declarations (the file declares them once)."""
    g = Graph(bind_namespaces="none")
    for prefix, namespace in _PREFIXES.items():
        g.bind(prefix, namespace, override=True)
    for triple in triples:
        g.add(triple)
    text = g.serialize(format="turtle")
    return "\n".join(line for line in text.splitlines() if line and not line.startswith("@prefix")).strip()


def to_nanopubs(result: Built) -> bytes:
    """build/rls.nanopubs.trig: the nanopublications of every claim, in claim id order."""
    graph = result.graph
    parts = cut(graph, result.ontology.graph)
    out = [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in sorted(_PREFIXES.items())]
    for claim in parts.claims:
        source = parts.sources.get(claim.source, ()) if claim.source is not None else ()
        graphs = nanopublication(claim, graph, source)
        names = _graphs(claim)
        out.append("")
        for part in PARTS:
            body = "\n".join(f"    {line}" for line in _turtle_body(graphs[part]).splitlines())
            out.append(f"<{names[part]}> {{\n{body}\n}}")
    return ("\n".join(out) + "\n").encode("utf-8")
