"""The build: fresh, deterministic, SHACL-valid, verified, and the RDF model as documented."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic

from rlskg.build import ARTIFACTS, BuildResult, build
from rlskg.model.ontology import CLAIM, RLS, SOURCE
from rlskg.sparql import query

from .conftest import ROOT, SEED_SOURCES, SEED_TRIGGERS


def ask(graph: Graph, text: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in query(graph, text))  # type: ignore[union-attr]


def test_committed_build_is_fresh(tmp_path: Path, sources: Path) -> None:
    build(ROOT, tmp_path, sources)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == sorted(ARTIFACTS)
    for name in ARTIFACTS:
        assert (tmp_path / name).read_bytes() == (ROOT / "build" / name).read_bytes(), (
            f"build/{name} is stale: run `rlskg build` and commit build/"
        )


def test_two_builds_are_byte_identical(tmp_path: Path, sources: Path) -> None:
    build(ROOT, tmp_path / "a", sources)
    build(ROOT, tmp_path / "b", sources)
    for name in ARTIFACTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_build_without_sources_writes_the_same_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RLSKG_SOURCES", raising=False)
    lonely = tmp_path / "deep" / "project"  # no shared/sources beside it
    for name in ("ontology", "graph"):
        shutil.copytree(ROOT / name, lonely / name)
    result = build(lonely, lonely / "build")
    assert not result.verified
    assert "NOT verified" in result.summary
    assert (lonely / "build" / "rls.ttl").read_bytes() == (ROOT / "build" / "rls.ttl").read_bytes()


def test_every_claim_is_verified_against_its_source(result: BuildResult) -> None:
    from rlskg.model.entail import entailments

    # Washington Sleep's text is copyright and not kept: its quotes are verified where its text is
    # given (RLSKG_SOURCES), else checked only for consistency, and the build says which.
    assert set(result.consistent_only) <= {s.id for s in result.curation.sources if not s.kept}
    assert result.verified == (not result.consistent_only)
    every = result.curation.claims + result.curation.background + entailments(result.curation, result.ontology)
    assert len(every) == len(set(result.graph.subjects(RDF.type, RLS.Claim)))
    quoted = set(result.graph.subjects(RLS.evidence, None))
    assert {str(CLAIM[c.id]) for c in result.curation.claims} == {str(q) for q in quoted}


def test_jsonld_and_turtle_are_the_same_graph() -> None:
    turtle = Graph().parse(ROOT / "build" / "rls.ttl", format="turtle")
    jsonld = Graph().parse(ROOT / "build" / "rls.jsonld", format="json-ld")
    assert len(turtle) > 2000
    assert isomorphic(turtle, jsonld)


def test_plain_triple_query_finds_triggers(graph: Graph) -> None:
    rows = ask(graph, "SELECT ?x WHERE { ?x rls:triggers rls:RLS }")
    found = {r[0].removeprefix(str(RLS)) for r in rows}
    seed = ask(
        graph,
        f"""SELECT ?x WHERE {{ ?c rdf:subject ?x ; rdf:predicate rls:triggers ; rdf:object rls:RLS ;
               prov:wasDerivedFrom ?s . FILTER (?s IN ({", ".join(f"source:{s}" for s in SEED_SOURCES)})) }}""",
    )
    assert {r[0] for r in seed} <= {r[0] for r in rows}
    assert {r[0].removeprefix(str(RLS)) for r in seed} == SEED_TRIGGERS <= found
    # and every plain triple is the triple of a claim neither refuted nor entailed, whichever page it is from
    claimed = ask(
        graph,
        """SELECT ?x WHERE { ?c a rls:Claim ; rdf:subject ?x ; rdf:predicate rls:triggers ; rdf:object rls:RLS ;
                                rls:certainty ?k ; rls:layer ?layer .
                             FILTER (?k != rls:Refuted && ?layer != rls:EntailedLayer) }""",
    )
    assert found == {r[0].removeprefix(str(RLS)) for r in claimed}
    # NHLBI's "the faulty use of iron or lack of iron in the brain that triggers RLS" restates its
    # main-cause claim: more evidence for "causes", never a second relation "triggers".
    assert (RLS.BrainIronDysfunction, RLS.causes, RLS.RLS) in graph


def test_claim_has_quote_source_certainty_and_offsets(graph: Graph) -> None:
    rows = ask(
        graph,
        """SELECT ?exact ?start ?end ?certainty ?title ?date WHERE {
             claim:nhlbi-diabetes-causes-nerve-damage rls:certainty ?certainty ;
                 prov:wasDerivedFrom ?source ; rls:evidence ?ev .
             ?ev oa:hasSelector ?q, ?p . ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
             ?source dcterms:title ?title ; dcterms:date ?date }""",
    )
    assert rows == [
        (
            "Several conditions can cause this type of nerve damage, including diabetes.",
            "979",
            "1054",
            str(RLS.Stated),
            "What Causes Restless Legs Syndrome?",
            "2010-11-01",
        )
    ]


def test_refuted_claims_are_kept_but_never_asserted(graph: Graph) -> None:
    refuted = CLAIM["webmd-leg-blood-vessel-disease-refuted"]
    assert (refuted, RLS.certainty, RLS.Refuted) in graph
    assert (RLS.LegVascularDisease, RLS.causes, RLS.RLS) not in graph
    assert not ask(graph, "SELECT ?p WHERE { rls:LegVascularDisease ?p rls:RLS }")


def test_refuted_triple_stands_only_on_the_other_sources_claim(graph: Graph) -> None:
    # WebMD refutes "nerve damage causes RLS"; NHLBI says it may. The triple stands on NHLBI's claim.
    supporters = ask(
        graph,
        """SELECT ?c ?certainty WHERE { ?c rdf:subject rls:NerveDamage ; rdf:predicate rls:causes ;
             rdf:object rls:RLS ; rls:certainty ?certainty }""",
    )
    assert supporters == [
        (str(CLAIM["nhlbi-2009-nerve-damage-causes-rls"]), str(RLS.Possible)),
        (str(CLAIM["nhlbi-nerve-damage-causes-rls"]), str(RLS.Possible)),
        (str(CLAIM["washingtonsleep-leg-nerve-disease-refuted"]), str(RLS.Refuted)),
        (str(CLAIM["webmd-leg-nerve-disease-refuted"]), str(RLS.Refuted)),
    ]


def test_disagreements_are_queryable(graph: Graph) -> None:
    rows = ask(
        graph,
        """SELECT ?a ?b WHERE { ?a rls:contradicts ?b . ?a prov:wasDerivedFrom source:nhlbi }""",
    )
    assert rows == [
        (str(CLAIM["nhlbi-nerve-damage-causes-rls"]), str(CLAIM["washingtonsleep-leg-nerve-disease-refuted"])),
        (str(CLAIM["nhlbi-nerve-damage-causes-rls"]), str(CLAIM["webmd-leg-nerve-disease-refuted"])),
    ]
    # Two pages that agree (NHLBI's two versions, WebMD and its copy) never contradict each other.
    assert not ask(graph, "SELECT ?a WHERE { ?a rls:contradicts ?b ; rls:certainty ?c . ?b rls:certainty ?c }")
    # A difference of emphasis is a tension, never a contradiction.
    tensions = ask(
        graph,
        """SELECT ?a ?b WHERE { ?a rls:inTensionWith ?b . ?a prov:wasDerivedFrom source:nhlbi .
                                ?b prov:wasDerivedFrom ?s . FILTER (?s IN (source:webmd, source:washingtonsleep)) }""",
    )
    assert tensions == sorted(
        [
            (str(CLAIM["nhlbi-brain-iron-causes-rls"]), str(CLAIM["webmd-cause-not-clear"])),
            (str(CLAIM["nhlbi-brain-iron-causes-rls"]), str(CLAIM["webmd-causes-not-known"])),
            (
                str(CLAIM["nhlbi-stopping-antidepressants-improves-rls"]),
                str(CLAIM["webmd-antidepressant-withdrawal-linked"]),
            ),
        ]
    )


def test_association_is_not_causation(graph: Graph) -> None:
    # WebMD only links caffeine to RLS: no page says caffeine causes or triggers RLS, so no causal
    # relation may join them. The sidebar caption "nixing caffeine will help" is an exclusion.
    causal = ask(
        graph,
        """SELECT ?p WHERE { rls:Caffeine ?p rls:RLS . ?p rls:relationKind rls:CausalRelation }""",
    )
    assert causal == []
    assert (RLS.Caffeine, RLS.associatedWith, RLS.RLS) in graph
    assert (RLS.Alcohol, RLS.stoppingImproves, RLS.RLS) in graph
    assert (RLS.stoppingImproves, RLS.relationKind, RLS.AssociativeRelation) in graph


def test_context_is_not_a_cause(graph: Graph) -> None:
    assert not ask(graph, "SELECT ?p WHERE { rls:Hypertension ?p rls:RLS }")
    assert (RLS.BetaBlocker, RLS.treats, RLS.Hypertension) in graph


def test_every_source_has_title_publisher_date(graph: Graph) -> None:
    rows = ask(
        graph,
        """SELECT ?s ?name ?said (COALESCE(STR(?d), "undated") AS ?date) WHERE {
             ?s a rls:SourceDocument ; dcterms:title ?title ; rls:dateStatement ?said ;
                dcterms:publisher [ a foaf:Organization ; rdfs:label ?name ] .
             OPTIONAL { ?s dcterms:date ?d } }""",
    )
    nhlbi = "National Heart, Lung, and Blood Institute"
    assert [r for r in rows if r[0].removeprefix(str(SOURCE)) in SEED_SOURCES] == [
        (str(SOURCE.nhlbi), nhlbi, "last updated November 01, 2010", "2010-11-01"),
        (str(SOURCE["nhlbi-2009"]), nhlbi, "none stated", "undated"),
        (str(SOURCE["nhlbi-at-risk"]), nhlbi, "last updated November 01, 2010", "2010-11-01"),
        (str(SOURCE.washingtonsleep), "Washington Sleep Disorders Center", "none stated", "undated"),
        (str(SOURCE.webmd), "WebMD", "reviewed by Neil Lava, MD on January 24, 2015", "2015-01-24"),
    ]


def test_entities_link_to_standard_identifiers(graph: Graph) -> None:
    assert (
        RLS.RLS,
        URIRef("http://www.w3.org/2004/02/skos/core#exactMatch"),
        URIRef("http://purl.obolibrary.org/obo/MONDO_0005391"),
    ) in graph
