"""The why engine on the real graph: every verdict, the hard cases, the JSON schema, bad input.

The answers are asked of each graph the engine walks (:mod:`rlskg.explain.moves`): the networkx view in
memory, the index a large build writes, and Oxigraph's own server holding the pushed build. Each case
must read the same from all three.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
import pytest

from rlskg import AmbiguousName, why
from rlskg.cli import main
from rlskg.explain import Answer
from rlskg.kg import KnowledgeGraph, RemoteGraph
from rlskg.model.curation import load_curation
from rlskg.rdf.network import load_graph, to_networkx

from .conftest import ROOT

DIABETES, RLS, NERVE_DAMAGE, BRAIN_IRON = "Diabetes", "RLS", "NerveDamage", "BrainIronDysfunction"
HYPERTENSION, PAROXETINE, ANTIDEPRESSANT = "Hypertension", "Paroxetine", "Antidepressant"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return to_networkx(load_graph(ROOT / "build" / "rls.ttl"))


@pytest.fixture(scope="module", params=["memory", "index", "remote"])
def graph(request: pytest.FixtureRequest) -> KnowledgeGraph:
    """The shipped graph as the engine walks it: in memory, from a large build's index, or through Oxigraph's server."""
    if request.param == "index":
        return KnowledgeGraph.open(request.getfixturevalue("large_build"))
    if request.param == "remote":
        return RemoteGraph.open(request.getfixturevalue("pushed"))
    return KnowledgeGraph.open(ROOT / "build")


def chains(answer: Answer) -> list[list[str]]:
    return [chains_of(p) for p in answer.paths]


def chains_of(path: Any) -> list[str]:
    return [path.steps[0].from_.id, *(s.to.id for s in path.steps)]


SEED = ("nhlbi", "nhlbi-2009", "nhlbi-at-risk", "webmd", "washingtonsleep")
ALL = 50  # a max_paths large enough for every chain of the 19 pages


def seeded(path: Any) -> bool:
    """Whether the seed pages alone give ``path``: a seed page's claim on each step (background is no page's)."""
    return all(s.layer == "background" or any(c.source.id in SEED for c in s.claims) for s in path.steps)


# ---------------------------------------------------------------- the networkx export


def test_export_has_entities_only(G: nx.MultiDiGraph) -> None:
    assert G.number_of_nodes() == len(load_curation(ROOT).entities)
    assert all(data["type"] and data["label"] for _, data in G.nodes(data=True))
    assert not any(n.startswith(("http", "_:")) or " " in n for n in G.nodes)


def test_export_edges_carry_claims_sources_certainty(G: nx.MultiDiGraph) -> None:
    edge = G.edges[DIABETES, NERVE_DAMAGE, "causes"]
    assert edge["kind"] == "causal" and edge["certainty"] == "stated"
    assert edge["sources"] == ["nhlbi", "nhlbi-2009", "webmd"]
    assert {c["id"] for c in edge["claims"]} == {
        "nhlbi-diabetes-causes-nerve-damage",
        "nhlbi-2009-diabetes-causes-nerve-damage",
        "webmd-diabetes-causes-peripheral-neuropathy",
    }


def test_every_edge_and_claim_has_its_layer_and_biolink_provenance(G: nx.MultiDiGraph) -> None:
    levels = {"stated": "knowledge_assertion", "background": "knowledge_assertion", "implied": "prediction"}
    for u, v, key, data in G.edges(keys=True, data=True):
        assert data["knowledge_level"] == levels[data["layer"]] and data["agent_type"] == "manual_agent", (u, v, key)
    for claim in G.graph["claims"].values():
        assert claim["knowledge_level"] and claim["agent_type"], claim["id"]
        if claim["layer"] == "entailed":
            assert (claim["knowledge_level"], claim["agent_type"]) == ("logical_entailment", "automated_agent")
    assert G.edges["MovementControl", RLS, "isInvolvedIn"]["layer"] == "implied"


def test_refuted_claims_are_not_edges(G: nx.MultiDiGraph) -> None:
    assert not G.has_edge("LegVascularDisease", RLS)
    assert [c["id"] for c in G.edges[NERVE_DAMAGE, RLS, "causes"]["claims"]] == [
        "nhlbi-2009-nerve-damage-causes-rls",
        "nhlbi-nerve-damage-causes-rls",
    ]
    assert G.graph["claims"]["webmd-leg-nerve-disease-refuted"]["certainty"] == "refuted"


def test_network_json_is_the_same_view_as_the_rdf(G: nx.MultiDiGraph) -> None:
    from rlskg.kg import load_network

    fast = load_network(ROOT / "build" / "rls.network.json")
    assert sorted(fast.nodes(data=True)) == sorted(G.nodes(data=True))
    assert sorted(fast.edges(keys=True, data=True)) == sorted(G.edges(keys=True, data=True))
    assert fast.graph == G.graph


def test_graphml_is_written_and_readable() -> None:
    graphml = nx.read_graphml(ROOT / "build" / "rls.graphml")
    assert graphml.number_of_nodes() == len(load_curation(ROOT).entities)
    assert graphml.nodes["Paroxetine"]["synonyms"] == "Paxil"


# ---------------------------------------------------------------- verdicts on the real graph


def test_diabetes_is_causal_through_brain_iron_and_nerve_damage(graph: KnowledgeGraph) -> None:
    answer = graph.why("diabetes")
    assert answer.verdict == "causal"
    # The headline quotes the best chain of the verdict's kind; the one-hop risk comes after.
    # (pages curated later add a second relation from brain iron to RLS, so the nerve-damage chain may come third)
    assert chains(answer)[0] == [DIABETES, BRAIN_IRON, RLS]
    assert [DIABETES, NERVE_DAMAGE, RLS] in chains(answer)[:3]
    # the one-hop risk is among every chain, after the causal ones the added pages give
    everything = graph.why("diabetes", max_paths=ALL)
    assert [DIABETES, RLS] in chains(everything)
    risk = next(p for p in everything.paths if p.kind == "risk")
    assert risk.steps[0].predicate.id == "increasesRiskOf" and risk.certainty == "stated"
    nhlbi = next(c for c in risk.steps[0].claims if c.source.id == "nhlbi")
    assert "All of these conditions increase your risk of RLS." in nhlbi.quote
    assert nhlbi.source.publisher == "National Heart, Lung, and Blood Institute"
    assert answer.summary.startswith("Causal: ") and "diabetes affects faulty use or lack of iron" in answer.summary


def test_diabetes_answer_shows_the_contradiction_but_not_the_brain_iron_tension(graph: KnowledgeGraph) -> None:
    conflicts = {(c.type, c.claim.id, c.other.id) for c in graph.why("diabetes").conflicts}
    # The main-cause tension concerns brain iron, not every chain that passes through it.
    assert conflicts == {
        ("disagreement", nhlbi, refuted)
        for nhlbi in ("nhlbi-nerve-damage-causes-rls", "nhlbi-2009-nerve-damage-causes-rls")
        for refuted in ("webmd-leg-nerve-disease-refuted", "washingtonsleep-leg-nerve-disease-refuted")
    }
    main_cause = {"nhlbi-brain-iron-causes-rls", "nhlbi-2009-brain-iron-causes-rls"}
    assert not any({c.claim.id, c.other.id} & main_cause for c in graph.why("pregnancy").conflicts)


def test_a_copy_and_a_second_version_count_once_on_every_graph(graph: KnowledgeGraph) -> None:
    # Corroboration counts publishers: the same from the view in memory, the index and the endpoint.
    [risk] = [p for p in graph.why("diabetes", max_paths=ALL).paths if p.kind == "risk"]
    assert (risk.sources, risk.independent) == (("NHLBI", "NHLBI DCI"), 1)  # two versions of NHLBI's page
    [related] = [
        p for p in graph.why("neurotransmitter abnormality").paths if p.steps[0].predicate.id == "associatedWith"
    ]
    assert (related.sources, related.independent) == (("Washington Sleep", "WebMD"), 1)  # WebMD and its copy
    evidence = related.steps[0].claims
    assert {(e.source.id, e.source.publisher_id, e.source.original_publisher) for e in evidence} == {
        ("webmd", "webmd", "webmd"),
        ("washingtonsleep", "washingtonsleep", "webmd"),
    }


def test_brain_iron_answer_shows_the_tension_as_a_tension(graph: KnowledgeGraph) -> None:
    answer = graph.why("brain iron")
    assert answer.verdict == "causal" and answer.paths[0].certainty == "suggested"
    assert {(c.type, c.other.id) for c in answer.conflicts} == {
        ("tension", "webmd-causes-not-known"),
        ("tension", "webmd-cause-not-clear"),
    }
    assert "Where the publishers differ (emphasis or opposite effects, not a contradiction):" in answer.to_text()
    assert "Where the publishers disagree:" not in answer.to_text()


def test_kidney_failure(graph: KnowledgeGraph) -> None:
    answer = graph.why("kidney failure", max_paths=ALL)
    assert answer.verdict == "causal"
    # NHLBI: kidney failure affects brain iron, the main cause, and raises the risk of RLS; a page
    # curated later names it a trigger itself, which comes first as the shorter causal chain.
    assert ["KidneyFailure", BRAIN_IRON, RLS] in chains(answer)
    assert any(p.kind == "risk" and chains(answer)[i] == ["KidneyFailure", RLS] for i, p in enumerate(answer.paths))
    # the seed pages' chains; the added pages also state plain links (HEIW, familydoctor.org, Johns Hopkins)
    seed = [p for p in answer.paths if seeded(p)]
    assert seed and all(p.kind in ("causal", "risk", "mechanism") for p in seed)
    assert ["KidneyFailure", BRAIN_IRON, RLS] in [chains_of(p) for p in seed if p.kind == "causal"]


def test_paxil_is_associated_by_name_and_shares_only_as_some_of_its_class(graph: KnowledgeGraph) -> None:
    answer = graph.why("Paxil")
    assert answer.subject is not None and answer.subject.id == PAROXETINE
    # WebMD names Paxil among the antidepressant drugs linked to RLS; NHLBI says only that *some*
    # antidepressants may trigger RLS, which never makes Paxil's verdict causal.
    assert answer.verdict == "associated"
    best = answer.paths[0]
    assert [s.predicate.id for s in best.steps] == ["isMemberOf", "associatedWith"] and best.conclusion is None
    trigger = next(p for p in answer.paths if p.steps[-1].predicate.id == "triggers")
    assert trigger.kind == "class" and trigger.conclusion is not None
    assert trigger.conclusion.said_of == "some of its class" and "entailed" in trigger.layers


def test_tofranil_is_linked_through_withdrawal_not_a_trigger(graph: KnowledgeGraph) -> None:
    answer = graph.why("Tofranil")
    assert answer.verdict == "associated"
    best = answer.paths[0]
    assert [s.predicate.id for s in best.steps] == ["isMemberOf", "withdrawalAssociatedWith"]
    assert best.conclusion is None  # the withdrawal item names Tofranil itself
    assert all(p.kind != "causal" for p in answer.paths)
    assert "withdrawal from antidepressants is linked to restless legs syndrome" in answer.summary
    assert {(c.type, c.claim.id) for c in answer.conflicts} >= {("tension", "webmd-antidepressant-withdrawal-linked")}


def test_allergy_is_context_never_the_drug_class(graph: KnowledgeGraph) -> None:
    assert graph.resolve("allergy") == ["Allergy"]
    answer = graph.why("allergy")
    assert answer.verdict == "indirect"
    first = answer.paths[0].steps[0]
    assert (first.predicate.id, first.direction, first.layer) == ("treats", "backward", "implied")


def test_an_ingredient_that_singles_out_medicines_is_said_of_their_class(graph: KnowledgeGraph) -> None:
    # "Cold and allergy medicines that contain antihistamines": the page suspects the ingredient it names.
    answer = graph.why("antihistamines", max_paths=ALL)
    # Pages curated later say antihistamines may cause RLS (HEIW) and that avoiding them may help (a link);
    # on the seed pages the ingredient is only ever said of its class, never a cause itself.
    assert answer.verdict == "causal" and all(not seeded(p) for p in answer.paths if p.kind == "causal")
    seed = [p for p in answer.paths if seeded(p)]
    assert seed and all(p.kind in ("associated", "class") for p in seed)
    path = next(p for p in answer.paths if p.kind == "class" and p.steps[-1].predicate.id == "triggers")
    first = path.steps[0]
    assert (first.predicate.id, first.direction, first.kind) == ("contains", "backward", "ingredient")
    assert path.sources == ("NHLBI",)
    assert "contain antihistamines contain antihistamines" not in answer.to_text()


def test_genetics_headline_quotes_the_causal_chain(graph: KnowledgeGraph) -> None:
    answer = graph.why("genetics")
    assert answer.verdict == "causal"
    # NHLBI's chain through brain iron; a page curated later (Cleveland Clinic) says genetics itself
    # causes RLS in some cases, the shorter chain the headline now quotes.
    paths = zip(answer.paths, chains(answer), strict=True)
    through_iron = next(p for p, c in paths if c == ["Genetics", BRAIN_IRON, RLS])
    assert through_iron.steps[0].predicate.id == "contributesTo" and through_iron.certainty == "possible"
    assert chains(answer)[0] == ["Genetics", RLS] and answer.paths[0].kind == "causal"
    assert answer.summary.startswith("Causal: ")


def test_family_history_is_a_risk_not_a_cause(graph: KnowledgeGraph) -> None:
    answer = graph.why("family history")
    assert answer.verdict == "risk"
    assert "chain of cause and effect" not in answer.to_text()
    assert "raises the risk" in answer.summary


@pytest.mark.parametrize("name", ["dopamine", "iron"])
def test_the_mechanism_names_its_layers(graph: KnowledgeGraph, name: str) -> None:
    answer = graph.why(name, max_paths=ALL)  # the added pages' stated chains outrank the seed pages' layers
    assert answer.verdict == "mechanism"
    assert "no page names" in answer.summary
    assert any("NHLBI" in p.sources for p in answer.paths)
    layers = {s.layer for p in answer.paths for s in p.steps}
    assert "stated" in layers
    text = answer.to_text()
    if name == "dopamine":  # (iron's implied step is outranked by the added pages' stated chains)
        assert "implied" in layers and "A curator's reading, not the page's words" in text
        assert "background" in layers and "Background (ChEBI; background)" in text


def test_low_blood_count_quotes_webmd_not_iron_deficiency(graph: KnowledgeGraph) -> None:
    answer = graph.why("low blood count")
    assert answer.subject is not None and answer.subject.id == "IronDeficiencyAnemia"
    assert answer.verdict == "associated"
    claims = [c for s in answer.paths[0].steps for c in s.claims]
    assert all(s.from_.id == "IronDeficiencyAnemia" for s in answer.paths[0].steps)
    webmd = [c.quote for c in claims if c.source.id == "webmd"]
    assert webmd and all("iron-deficiency anemia (low blood count)" in q for q in webmd)


def test_high_blood_pressure_is_indirect_never_a_cause(graph: KnowledgeGraph) -> None:
    answer = graph.why("high blood pressure")
    assert answer.verdict == "indirect"
    assert {p.kind for p in answer.paths} == {"indirect"}
    for path in answer.paths:
        first = path.steps[0]
        assert (first.from_.id, first.predicate.id, first.direction) == (HYPERTENSION, "treats", "backward")
        assert first.reads == "is treated with"
    assert {p.steps[0].to.id for p in answer.paths} == {"BetaBlocker", "CalciumChannelBlocker"}
    text = answer.to_text()
    assert "no page names high blood pressure as a cause" in text
    assert "high blood pressure \u2192 is treated with \u2192 calcium channel blockers" in text


def test_caffeine_is_associated_never_causal(graph: KnowledgeGraph) -> None:
    answer = graph.why("caffeine")
    assert answer.verdict == "associated"
    assert all(p.kind == "associated" and len(p.steps) == 1 for p in answer.paths)
    [step] = next(p for p in answer.paths if "WebMD" in p.sources).steps
    assert (step.predicate.id, step.reads) == ("associatedWith", "is linked to")
    assert "do not say that caffeine causes it" in answer.summary


def test_association_only_gives_associated(graph: KnowledgeGraph) -> None:
    # (beta-blockers, associated on the seed pages, are among HEIW's secondary causes)
    answer = graph.why("iron-deficiency anemia")
    assert answer.verdict == "associated"
    assert chains(answer) == [["IronDeficiencyAnemia", RLS]]


def test_withdrawal_is_not_taking_the_drug(graph: KnowledgeGraph) -> None:
    answer = graph.why("Apresoline")
    assert answer.verdict == "associated"
    step = answer.paths[0].steps[1]
    assert step.predicate.id == "withdrawalAssociatedWith"
    assert step.reads == "withdrawal from it is linked to"


def test_refuted_only_link(graph: KnowledgeGraph) -> None:
    answer = graph.why("disease in the blood vessels of the legs")
    assert answer.verdict == "refuted"
    assert answer.paths == []
    # WebMD's refutation, and its copy's
    assert {(s.id, p.id, o.id, e.source.id) for s, p, o, e in answer.refuted} == {
        ("LegVascularDisease", "causes", RLS, "webmd"),
        ("LegVascularDisease", "causes", RLS, "washingtonsleep"),
    }
    assert all("both of these suggestions have been rejected" in e.quote for *_, e in answer.refuted)


def test_nerve_damage_is_causal_with_the_refutation_in_the_pages_words(graph: KnowledgeGraph) -> None:
    answer = graph.why("nerve damage")
    assert answer.verdict == "causal"
    refuted = {"webmd-leg-nerve-disease-refuted", "washingtonsleep-leg-nerve-disease-refuted"}
    assert {r[3].id for r in answer.refuted} == refuted
    assert all(not refuted & {c.id for s in p.steps for c in s.claims} for p in answer.paths)
    text = answer.to_text()
    assert "\u201cDisease ... in the nerves in the legs that control leg movement and sensation\u201d" in text
    assert "peripheral neuropathy) causes restless legs syndrome: refuted" not in text


def test_consequences_run_downstream(graph: KnowledgeGraph) -> None:
    answer = graph.why("fatigue")
    assert answer.verdict == "causal"
    assert {p.orientation for p in answer.paths} == {"downstream"}
    assert [RLS, "Fatigue"] in chains(answer)
    assert all(c[0] == RLS and c[-1] == "Fatigue" for c in chains(answer))


def test_none_suggests_connected_entries_and_says_how(graph: KnowledgeGraph) -> None:
    answer = graph.why("control of other brain activities")
    assert answer.verdict == "none" and answer.paths == []
    [suggestion] = answer.suggestions
    assert suggestion.ref.id == "Iron" and suggestion.why == "iron is needed for control of other brain activities"


def test_unknown_gives_similar_names_and_says_so(graph: KnowledgeGraph) -> None:
    answer = graph.why("diabetis")
    assert answer.verdict == "unknown" and answer.subject is None
    assert answer.suggestions[0].ref.id == DIABETES and answer.suggestions[0].why == "a similar name"
    assert "Similar names (the names look alike; they are not known to be related):" in answer.to_text()
    assert graph.why("broccoli").verdict == "unknown"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Parkinson's disease", "ParkinsonsDisease"),
        ("parkinsons", "ParkinsonsDisease"),
        ("PAXIL", PAROXETINE),
        ("Dilantin", "Phenytoin"),
        ("MONDO:0005015", DIABETES),
        ("hypertension", HYPERTENSION),
        ("antidepressant", ANTIDEPRESSANT),
        ("CalciumChannelBlocker", "CalciumChannelBlocker"),
    ],
    ids=str,
)
def test_names_resolve(graph: KnowledgeGraph, name: str, expected: str) -> None:
    assert graph.resolve(name) == [expected]


def test_ranking_prefers_the_strongest_kind_then_fewer_hops(graph: KnowledgeGraph) -> None:
    answer = graph.why("alcohol")
    assert [(len(p.steps), p.kind, p.steps[0].predicate.id) for p in answer.paths] == [
        (1, "causal", "triggers"),
        (1, "worsening", "worsens"),
        (1, "associated", "associatedWith"),
        (1, "associated", "stoppingImproves"),
    ]


def test_max_paths_and_max_hops_bound_the_answer(graph: KnowledgeGraph) -> None:
    every = graph.why("diabetes", max_paths=50)
    assert len(graph.why("diabetes", max_paths=2).paths) == 2
    assert graph.why("diabetes", max_paths=2).more_paths == len(every.paths) - 2 > 0
    assert {tuple(c) for c in chains(graph.why("diabetes", max_hops=1))} == {(DIABETES, RLS)}
    assert graph.why("Paxil", max_hops=1).verdict == "none"


def test_bad_questions_are_refused_alike(graph: KnowledgeGraph) -> None:
    with pytest.raises(ValueError, match="empty"):
        graph.why("  ")
    with pytest.raises(AmbiguousName) as raised:
        graph.why("blood")
    assert [c[0] for c in raised.value.candidates] == [HYPERTENSION, "IronDeficiencyAnemia", "LegVascularDisease"]
    with pytest.raises(ValueError, match="max-hops"):
        graph.why("diabetes", max_hops=0)
    with pytest.raises(ValueError, match="the target itself"):
        graph.why("restless legs syndrome")
    with pytest.raises(ValueError, match="unknown target"):
        graph.why("diabetes", "broccoli")


# ---------------------------------------------------------------- bad input


def test_empty_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="empty"):
        why("  ")
    assert main(["why", ""]) == 2
    assert capsys.readouterr().err.startswith("rlskg: the name is empty")


def test_ambiguous_name_asks_which(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(AmbiguousName) as raised:
        why("blood")
    assert [c[0] for c in raised.value.candidates] == [HYPERTENSION, "IronDeficiencyAnemia", "LegVascularDisease"]
    assert main(["why", "blood"]) == 2
    err = capsys.readouterr().err
    assert "matches 3 entities" in err and "Which one?" in err and "Traceback" not in err


@pytest.mark.parametrize("hops", ["0", "-1", "two"])
def test_bad_hop_limit(hops: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["why", "diabetes", "--max-hops", hops])
    assert exited.value.code == 2
    assert "--max-hops" in capsys.readouterr().err
    with pytest.raises(ValueError):
        why("diabetes", max_hops=0)


def test_unknown_name_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["why", "broccoli"]) == 1
    assert "Unknown: nothing in the graph is called" in capsys.readouterr().out


def test_missing_graph_is_one_line(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["why", "diabetes", "--graph", "/nonexistent/rls.ttl"]) == 1
    assert capsys.readouterr().err.strip() == "rlskg: no built graph at /nonexistent/rls.ttl; run `rlskg build` first"


# ---------------------------------------------------------------- the JSON answer


def _check_ref(value: Any) -> None:
    assert set(value) == {"id", "label"} and all(isinstance(v, str) for v in value.values())


VERDICTS = {"causal", "risk", "worsening", "mechanism", "associated", "class", "indirect"}
LAYERS = {"stated", "implied", "background", "entailed"}


def _check_claim(claim: Any) -> None:
    assert {"id", "quote", "certainty", "source", "layer", "quantifier", "subject_text", "object_text"} <= set(claim)
    assert claim["certainty"] in {"stated", "suggested", "possible", "implied", "refuted"}
    assert claim["layer"] in LAYERS
    assert {"id", "title", "publisher", "date"} <= set(claim["source"])


@pytest.mark.parametrize(
    "name", ["diabetes", "high blood pressure", "fatigue", "blood vessels", "broccoli", "iron", "Paxil", "dopamine"]
)
def test_json_matches_the_documented_schema(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["why", name, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert status == (1 if data["verdict"] == "unknown" else 0)
    assert {"query", "subject", "target", "verdict", "summary", "paths", "refuted", "conflicts", "suggestions"} <= set(
        data
    )
    assert data["query"] == name
    assert data["verdict"] in VERDICTS | {"refuted", "none", "unknown"}
    assert data["summary"].split(":")[0].lower() in {
        "causal",
        "risk",
        "worsening",
        "mechanism",
        "associated",
        "said of its class",
        "indirect",
        "refuted",
        "none",
        "unknown",
        "consequence",
    }
    _check_ref(data["target"])
    if data["subject"] is not None:
        _check_ref(data["subject"])
    for path in data["paths"]:
        assert path["orientation"] in {"upstream", "downstream"}
        assert path["kind"] in VERDICTS
        assert set(path["layers"]) <= LAYERS
        if path["conclusion"] is not None:
            assert path["conclusion"]["layer"] == "entailed" and path["conclusion"]["rule"] == "MemberSharesClassClaim"
        for step in path["steps"]:
            for key in ("from", "predicate", "to"):
                _check_ref(step[key])
            assert step["direction"] in {"forward", "backward"}
            assert step["certainty"] in {"stated", "suggested", "possible", "implied"}
            assert step["layer"] in LAYERS
            assert step["claims"]
            for claim in step["claims"]:
                _check_claim(claim)
    for claim in data["refuted"]:
        _check_claim(claim)
        assert claim["certainty"] == "refuted"
    for conflict in data["conflicts"]:
        assert conflict["type"] in {"disagreement", "tension"}
        _check_claim(conflict["claim"])
        _check_claim(conflict["other"])
    for suggestion in data["suggestions"]:
        assert set(suggestion) == {"id", "label", "why"} and suggestion["why"]


def test_text_answer_is_plain_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["why", "diabetes"]) == 0
    out = capsys.readouterr().out
    assert "\033[" not in out
    assert out.splitlines()[0] == "Why is diabetes linked to restless legs syndrome?"
    assert "Where the publishers disagree:" in out
    assert "(NHLBI 2010; stated)" in out


def test_to_json_round_trips() -> None:
    answer = why("Paxil")
    assert json.loads(answer.to_json()) == answer.to_dict()


def test_support_ages_and_disputes_read_the_same_on_every_graph(graph: KnowledgeGraph) -> None:
    """Who says so, how old their pages are, and both sides of a dispute: the same in memory, from the index
    and through the store (whose source records are read over SPARQL)."""
    import datetime as dt

    day = dt.date(2026, 12, 7)
    here = KnowledgeGraph.open(ROOT / "build")
    for name in ("family history", "nerve damage", "abnormalities in brain chemicals", "Paxil", "brain iron"):
        answer, expected = graph.why(name, today=day).to_dict(), here.why(name, today=day).to_dict()
        assert answer["support"] == expected["support"] and answer["support"]["publishers"] >= 1, name
        assert [p["support"] for p in answer["paths"]] == [p["support"] for p in expected["paths"]], name
        assert answer["disputes"] == expected["disputes"], name
    assert graph.frame()["publishers"] == here.frame()["publishers"]
    assert graph.frame()["sources"] == here.frame()["sources"]


def test_the_verdicts_count_is_not_read_as_the_first_chains() -> None:
    """The summary quotes the first chain; the count after it says when it counts every chain of the kind."""
    answer = why("iron deficiency")
    first, every = answer.paths[0].support, answer.support
    assert answer.verdict == "causal" and set(first.names) < set(every.names)
    text = answer.to_text()
    assert f"Counting every causal chain: stated by {every.counts()}: {every.who()}." in " ".join(text.split())
    assert answer.to_dict()["support"]["text"].startswith("counting every causal chain: stated by ")
    single = why("Paxil", max_paths=1)
    assert single.paths[0].support.names == single.support.names
    assert single.to_dict()["support"]["text"] == single.support.text()  # one chain: its count is the verdict's


def test_a_disputed_step_reads_as_its_relation_is_phrased() -> None:
    """A dispute names its step as the summary would: the relation's phrase, the verb agreeing with the subject."""
    text = " ".join(why("antidepressants").to_text().split())
    assert "• on “antidepressants trigger restless legs syndrome”:" in text
    assert "• on “stopping antidepressants improves restless legs syndrome”:" in text
    assert "antidepressants stopping it improves" not in text
