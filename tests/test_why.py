"""The why engine on the real graph: every verdict, the hard cases, the JSON schema, bad input."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
import pytest

from rlskg import AmbiguousName, why
from rlskg.cli import main
from rlskg.explain import Answer, Explainer
from rlskg.network import load_graph, to_networkx

from .conftest import ROOT

DIABETES, RLS, NERVE_DAMAGE, BRAIN_IRON = "Diabetes", "RLS", "NerveDamage", "BrainIronDysfunction"
HYPERTENSION, PAROXETINE, ANTIDEPRESSANT = "Hypertension", "Paroxetine", "Antidepressant"


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return to_networkx(load_graph(ROOT / "build" / "rls.ttl"))


def chains(answer: Answer) -> list[list[str]]:
    return [[p.steps[0].from_.id, *(s.to.id for s in p.steps)] for p in answer.paths]


# ---------------------------------------------------------------- the networkx export


def test_export_has_entities_only(G: nx.MultiDiGraph) -> None:
    assert G.number_of_nodes() == 44
    assert all(data["type"] and data["label"] for _, data in G.nodes(data=True))
    assert not any(n.startswith(("http", "_:")) or " " in n for n in G.nodes)


def test_export_edges_carry_claims_sources_certainty(G: nx.MultiDiGraph) -> None:
    edge = G.edges[DIABETES, NERVE_DAMAGE, "causes"]
    assert edge["kind"] == "causal" and edge["certainty"] == "stated"
    assert edge["sources"] == ["nhlbi", "webmd"]
    assert {c["id"] for c in edge["claims"]} == {
        "nhlbi-diabetes-causes-nerve-damage",
        "webmd-diabetes-causes-peripheral-neuropathy",
    }


def test_refuted_claims_are_not_edges(G: nx.MultiDiGraph) -> None:
    assert not G.has_edge("LegVascularDisease", RLS)
    assert [c["id"] for c in G.edges[NERVE_DAMAGE, RLS, "causes"]["claims"]] == ["nhlbi-nerve-damage-causes-rls"]
    assert G.graph["claims"]["webmd-leg-nerve-disease-refuted"]["certainty"] == "refuted"


def test_network_json_is_the_same_view_as_the_rdf(G: nx.MultiDiGraph) -> None:
    from rlskg.network import load_network

    fast = load_network(ROOT / "build" / "rls.network.json")
    assert sorted(fast.nodes(data=True)) == sorted(G.nodes(data=True))
    assert sorted(fast.edges(keys=True, data=True)) == sorted(G.edges(keys=True, data=True))
    assert fast.graph == G.graph


def test_graphml_is_written_and_readable() -> None:
    graphml = nx.read_graphml(ROOT / "build" / "rls.graphml")
    assert graphml.number_of_nodes() == 44
    assert graphml.nodes["Paroxetine"]["synonyms"] == "Paxil"


# ---------------------------------------------------------------- verdicts on the real graph


def test_diabetes_is_causal_through_risk_brain_iron_and_nerve_damage() -> None:
    answer = why("diabetes")
    assert answer.verdict == "causal"
    assert chains(answer)[:3] == [[DIABETES, RLS], [DIABETES, BRAIN_IRON, RLS], [DIABETES, NERVE_DAMAGE, RLS]]
    first = answer.paths[0].steps[0]
    assert first.predicate.id == "increasesRiskOf" and first.certainty == "stated"
    assert "All of these conditions increase your risk of RLS." in first.claims[0].quote
    assert first.claims[0].source.publisher.startswith("National Heart, Lung, and Blood Institute")


def test_diabetes_answer_reports_both_disagreements() -> None:
    conflicts = {(c.claim.id, c.contradicted_by.id) for c in why("diabetes").conflicts}
    assert conflicts == {
        ("nhlbi-brain-iron-causes-rls", "webmd-causes-not-known"),
        ("nhlbi-brain-iron-causes-rls", "webmd-cause-not-clear"),
        ("nhlbi-nerve-damage-causes-rls", "webmd-leg-nerve-disease-refuted"),
    }


def test_kidney_failure() -> None:
    answer = why("kidney failure")
    assert answer.verdict == "causal"
    assert chains(answer) == [["KidneyFailure", RLS], ["KidneyFailure", BRAIN_IRON, RLS]]


def test_paxil_inherits_its_class_links() -> None:
    answer = why("Paxil")
    assert answer.subject is not None and answer.subject.id == PAROXETINE
    assert answer.verdict == "causal"
    best = answer.paths[0]
    assert [s.predicate.id for s in best.steps] == ["isMemberOf", "triggers"]
    assert best.certainty == "possible"  # "Certain medicines may trigger RLS"


def test_high_blood_pressure_is_indirect_never_a_cause() -> None:
    answer = why("high blood pressure")
    assert answer.verdict == "indirect"
    assert {p.kind for p in answer.paths} == {"indirect"}
    for path in answer.paths:
        first = path.steps[0]
        assert (first.from_.id, first.predicate.id, first.direction) == (HYPERTENSION, "treats", "backward")
        assert first.reads == "is treated with"
    assert {p.steps[0].to.id for p in answer.paths} == {"BetaBlocker", "CalciumChannelBlocker"}
    text = answer.to_text()
    assert "neither source names high blood pressure as a cause" in text
    assert "high blood pressure \u2192 is treated with \u2192 calcium channel blockers" in text


def test_caffeine_is_associated_never_causal() -> None:
    answer = why("caffeine")
    assert answer.verdict == "associated"
    [path] = answer.paths
    [step] = path.steps
    assert (step.predicate.id, step.reads) == ("associatedWith", "is linked to / stopping it improves")
    sidebar = next(c for c in step.claims if c.predicate == "stoppingImproves")
    assert sidebar.part == "sidebar" and sidebar.quote == "Warm baths, exercise, and nixing caffeine will help."
    assert "do not say that caffeine causes it" in answer.to_text()


def test_association_only_gives_associated() -> None:
    answer = why("beta-blockers")
    assert answer.verdict == "associated"
    assert chains(answer) == [["BetaBlocker", RLS]]


def test_withdrawal_is_not_taking_the_drug() -> None:
    answer = why("Apresoline")
    assert answer.verdict == "associated"
    step = answer.paths[0].steps[1]
    assert step.predicate.id == "withdrawalAssociatedWith"
    assert step.reads == "withdrawal from it is linked to"


def test_refuted_only_link() -> None:
    answer = why("disease in the blood vessels of the legs")
    assert answer.verdict == "refuted"
    assert answer.paths == []
    [(subject, predicate, obj, evidence)] = answer.refuted
    assert (subject.id, predicate.id, obj.id) == ("LegVascularDisease", "causes", RLS)
    assert "both of these suggestions have been rejected" in evidence.quote


def test_nerve_damage_is_causal_with_the_refutation_shown() -> None:
    answer = why("nerve damage")
    assert answer.verdict == "causal"
    assert [r[3].id for r in answer.refuted] == ["webmd-leg-nerve-disease-refuted"]
    assert all("webmd-leg-nerve-disease-refuted" not in {c.id for s in p.steps for c in s.claims} for p in answer.paths)


def test_consequences_run_downstream() -> None:
    answer = why("fatigue")
    assert answer.verdict == "causal"
    assert answer.paths[0].orientation == "downstream"
    assert chains(answer) == [[RLS, "Fatigue"]]


def test_none_when_in_graph_but_unlinked() -> None:
    answer = why("iron")
    assert answer.verdict == "none" and answer.paths == []
    assert BRAIN_IRON in {s.id for s in answer.suggestions}


def test_unknown_gives_suggestions() -> None:
    answer = why("diabetis")
    assert answer.verdict == "unknown" and answer.subject is None
    assert answer.suggestions[0].id == DIABETES
    assert why("broccoli").verdict == "unknown"


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
def test_names_resolve(G: nx.MultiDiGraph, name: str, expected: str) -> None:
    assert Explainer(G).resolve(name) == [expected]


def test_ranking_prefers_fewer_hops_then_causal_then_certainty() -> None:
    answer = why("alcohol")
    assert [(len(p.steps), p.kind) for p in answer.paths] == [(1, "causal"), (1, "associated")]


def test_max_paths_and_max_hops_bound_the_answer() -> None:
    assert len(why("diabetes", max_paths=2).paths) == 2
    assert why("diabetes", max_paths=2).more_paths == 2
    assert chains(why("diabetes", max_hops=1)) == [[DIABETES, RLS]]
    assert why("Paxil", max_hops=1).verdict == "none"


# ---------------------------------------------------------------- bad input


def test_empty_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="empty"):
        why("  ")
    assert main(["why", ""]) == 2
    assert capsys.readouterr().err.startswith("rlskg: the name is empty")


def test_ambiguous_name_asks_which(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(AmbiguousName) as raised:
        why("blood")
    assert [c[0] for c in raised.value.candidates] == [HYPERTENSION, "IronDeficiency", "LegVascularDisease"]
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


def _check_claim(claim: Any) -> None:
    assert {"id", "quote", "certainty", "source"} <= set(claim)
    assert claim["certainty"] in {"stated", "suggested", "possible", "refuted"}
    assert {"id", "title", "publisher", "date"} <= set(claim["source"])


@pytest.mark.parametrize("name", ["diabetes", "high blood pressure", "fatigue", "blood vessels", "broccoli", "iron"])
def test_json_matches_the_documented_schema(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["why", name, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert status == (1 if data["verdict"] == "unknown" else 0)
    assert {"query", "subject", "target", "verdict", "paths", "refuted", "conflicts", "suggestions"} <= set(data)
    assert data["query"] == name
    assert data["verdict"] in {"causal", "associated", "indirect", "refuted", "none", "unknown"}
    _check_ref(data["target"])
    if data["subject"] is not None:
        _check_ref(data["subject"])
    for path in data["paths"]:
        assert path["orientation"] in {"upstream", "downstream"}
        assert path["kind"] in {"causal", "associated", "indirect"}
        for step in path["steps"]:
            for key in ("from", "predicate", "to"):
                _check_ref(step[key])
            assert step["direction"] in {"forward", "backward"}
            assert step["certainty"] in {"stated", "suggested", "possible"}
            assert step["claims"]
            for claim in step["claims"]:
                _check_claim(claim)
    for claim in data["refuted"]:
        _check_claim(claim)
        assert claim["certainty"] == "refuted"
    for conflict in data["conflicts"]:
        _check_claim(conflict["claim"])
        _check_claim(conflict["contradicted_by"])
    for suggestion in data["suggestions"]:
        _check_ref(suggestion)


def test_text_answer_is_plain_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["why", "diabetes"]) == 0
    out = capsys.readouterr().out
    assert "\033[" not in out
    assert out.splitlines()[0] == "Why is diabetes linked to restless legs syndrome?"
    assert "Where the sources disagree:" in out
    assert "(NHLBI 2010; stated)" in out


def test_to_json_round_trips() -> None:
    answer = why("Paxil")
    assert json.loads(answer.to_json()) == answer.to_dict()
