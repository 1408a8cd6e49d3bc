"""The nanopublications: one per claim, each valid for the nanopub package and the nanopub schema's rules."""

from __future__ import annotations

import pytest
from rdflib import RDF, ConjunctiveGraph, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV

from rlskg.build import BuildResult
from rlskg.export import writer
from rlskg.export.nanopubs import NANOPUB, NP, to_nanopubs
from rlskg.model.curation import Claim
from rlskg.model.ontology import CLAIM, OA, RLS, SOURCE

REFUTED_CLAIM = "webmd-leg-nerve-disease-refuted"
STATED_CLAIM = "nhlbi-alcohol-triggers-rls"


@pytest.fixture(scope="session")
def trig(result: BuildResult) -> bytes:
    return to_nanopubs(result)


@pytest.fixture(scope="session")
def dataset(trig: bytes) -> Dataset:
    return Dataset().parse(data=trig.decode("utf-8"), format="trig")


def graphs_of(dataset: Dataset) -> dict[URIRef, Graph]:
    graphs: dict[URIRef, Graph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        assert g != DATASET_DEFAULT_GRAPH_ID, f"a triple outside every graph: {s} {p} {o}"
        graphs.setdefault(URIRef(str(g)), Graph()).add((s, p, o))
    return graphs


@pytest.fixture(scope="session")
def graphs(dataset: Dataset) -> dict[URIRef, Graph]:
    return graphs_of(dataset)


def parts_of(nanopub: URIRef, graphs: dict[URIRef, Graph]) -> dict[str, Graph]:
    """The four graphs of a nanopublication, found from its head, by name."""
    head = graphs[URIRef(f"{nanopub}#Head")]
    return {
        "Head": head,
        "assertion": graphs[head.value(nanopub, NP.hasAssertion)],  # type: ignore[index]
        "provenance": graphs[head.value(nanopub, NP.hasProvenance)],  # type: ignore[index]
        "pubinfo": graphs[head.value(nanopub, NP.hasPublicationInfo)],  # type: ignore[index]
    }


def as_quads(nanopub: URIRef, graphs: dict[URIRef, Graph], leave_out: str | None = None) -> ConjunctiveGraph:
    """One nanopublication alone, as the nanopub package reads it; ``leave_out`` empties one of its graphs."""
    quads = ConjunctiveGraph()
    for name, part in parts_of(nanopub, graphs).items():
        if name != leave_out:
            for triple in part:
                quads.add((*triple, URIRef(f"{nanopub}#{name}")))
    return quads


def claim_of(result: BuildResult, ident: str) -> Claim:
    return next(c for c in result.curation.claims if c.id == ident)


def nanopubs_of(graphs: dict[URIRef, Graph]) -> list[URIRef]:
    return sorted(URIRef(str(s)) for g in graphs.values() for s in g.subjects(RDF.type, NP.Nanopublication))


def test_nanopubs_are_registered_and_deterministic(result: BuildResult, trig: bytes) -> None:
    assert writer("rls.nanopubs.trig") is to_nanopubs
    assert to_nanopubs(result) == trig


def test_one_nanopub_per_claim(graphs: dict[URIRef, Graph], result: BuildResult) -> None:
    claims = {str(c).removeprefix(str(CLAIM)) for c in result.graph.subjects(RDF.type, RLS.Claim)}
    assert len(claims) >= len(result.curation.claims) > 50
    assert {str(n).removeprefix(str(NANOPUB)) for n in nanopubs_of(graphs)} == claims


def test_every_nanopub_follows_the_schema_rules(graphs: dict[URIRef, Graph]) -> None:
    """The rules of the nanopub schema: four graphs, a head linking them, a non-empty assertion,
    provenance about the assertion graph, publication info about the nanopublication."""
    nanopubs = nanopubs_of(graphs)
    assert len(graphs) == 4 * len(nanopubs)
    for nanopub in nanopubs:
        parts = parts_of(nanopub, graphs)
        head, assertion = parts["Head"], URIRef(f"{nanopub}#assertion")
        assert len(head) == 4
        assert set(head.objects(nanopub, None)) == {
            NP.Nanopublication,
            assertion,
            URIRef(f"{nanopub}#provenance"),
            URIRef(f"{nanopub}#pubinfo"),
        }
        assert len(parts["assertion"]) > 0
        assert (assertion, None, None) in parts["provenance"]
        assert (nanopub, None, None) in parts["pubinfo"]


def test_every_nanopub_is_valid_for_the_nanopub_package(graphs: dict[URIRef, Graph]) -> None:
    from nanopub import Nanopub, NanopubConf

    nanopubs = nanopubs_of(graphs)
    assert nanopubs
    for nanopub in nanopubs:
        assert Nanopub(rdf=as_quads(nanopub, graphs), conf=NanopubConf()).is_valid


@pytest.mark.parametrize("leave_out", ["assertion", "provenance", "pubinfo"])
def test_the_nanopub_package_rejects_a_nanopub_without_a_graph(graphs: dict[URIRef, Graph], leave_out: str) -> None:
    from nanopub import Nanopub, NanopubConf
    from nanopub.utils import MalformedNanopubError

    broken = as_quads(NANOPUB[STATED_CLAIM], graphs, leave_out)
    with pytest.raises(MalformedNanopubError):
        assert Nanopub(rdf=broken, conf=NanopubConf()).is_valid


def test_a_stated_claim_asserts_its_triple_with_its_quote_and_source(
    graphs: dict[URIRef, Graph], result: BuildResult
) -> None:
    claim = claim_of(result, STATED_CLAIM)
    parts = parts_of(NANOPUB[claim.id], graphs)
    assert set(parts["assertion"]) == {(RLS[claim.subject], RLS[claim.predicate], RLS[claim.object])}
    provenance, assertion = parts["provenance"], URIRef(f"{NANOPUB[claim.id]}#assertion")
    assert provenance.value(assertion, PROV.hadPrimarySource) == SOURCE[claim.source]
    quotes = {str(q) for q in provenance.objects(None, OA.exact)}
    assert quotes == {claim.quote}
    assert str(provenance.value(CLAIM[claim.id], RLS.knowledgeLevel)) == "knowledge_assertion"
    source = result.curation.source(claim.source)
    assert str(provenance.value(SOURCE[claim.source], DCTERMS.title)) == source.title
    created = parts["pubinfo"].value(NANOPUB[claim.id], DCTERMS.created)
    assert str(created).startswith(claim.curated_on.isoformat())


def test_a_refuted_claim_never_asserts_its_triple(graphs: dict[URIRef, Graph], result: BuildResult) -> None:
    refuted = [c for c in result.curation.claims if c.certainty == "refuted"]
    assert any(c.id == REFUTED_CLAIM for c in refuted)
    for claim in refuted:
        parts = parts_of(NANOPUB[claim.id], graphs)
        triple = (RLS[claim.subject], RLS[claim.predicate], RLS[claim.object])
        for part in parts.values():
            assert triple not in part, f"{claim.id}: the refuted triple is asserted"
        assertion = parts["assertion"]
        assert (CLAIM[claim.id], RLS.certainty, RLS.Refuted) in assertion
        assert assertion.value(CLAIM[claim.id], RDF.subject) == RLS[claim.subject]


def test_the_trig_reads_back_in_oxigraph(trig: bytes, graphs: dict[URIRef, Graph]) -> None:
    import pyoxigraph as ox

    store = ox.Store()
    store.load(trig, format=ox.RdfFormat.TRIG)
    assert len(store) == sum(len(g) for g in graphs.values())
