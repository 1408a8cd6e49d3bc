"""Ask every entity of the graph "why?" and check what must hold for any graph, not just this one.

- the headline (the first chain, quoted by the summary) has the verdict's kind;
- no verdict is causal unless a chain of stated, suggested or possible claims of cause exists;
- a refuted or implied claim is never the only support of a step of a causal verdict;
- a claim about some members of a class never makes a member's verdict causal;
- every quote shown is verbatim in its source, at its place; every step cites its source;
- no entailed claim is ever shown as if a page said it.
"""

from __future__ import annotations

import copy

import networkx as nx
import pytest

from rlskg.explain import Answer, Evidence, Explainer
from rlskg.kg import load_network
from rlskg.model.sources import fold

from .conftest import ROOT

G_VIEW = load_network(ROOT / "build" / "rls.network.json")
ENTITIES = sorted(n for n in G_VIEW.nodes if n != "RLS")
PAGE_LAYERS = {"stated", "implied"}


@pytest.fixture(scope="module")
def explainer() -> Explainer:
    return Explainer.of(G_VIEW)


@pytest.fixture(scope="module")
def texts(page_texts: dict[str, str]) -> dict[str, str]:
    assert {"nhlbi", "webmd", "nhlbi-2009", "nhlbi-at-risk"} <= set(page_texts)
    return page_texts


def _shown(answer: Answer) -> list[Evidence]:
    found = [c for p in answer.paths for s in p.steps for c in s.claims]
    found += [e for *_, e in answer.refuted]
    found += [e for c in answer.conflicts for e in (c.claim, c.other)]
    return found


def test_every_entity_is_asked(explainer: Explainer) -> None:
    verdicts = {name: explainer.why(name, max_paths=50).verdict for name in ENTITIES}
    assert len(verdicts) == G_VIEW.number_of_nodes() - 1 > 40
    # Every verdict of the vocabulary the graph can give today is given to someone.
    assert set(verdicts.values()) >= {"causal", "risk", "mechanism", "associated", "indirect", "refuted", "none"}


@pytest.mark.parametrize("name", ENTITIES)
def test_invariants_hold(explainer: Explainer, texts: dict[str, str], name: str) -> None:
    answer = explainer.why(name, max_paths=50)
    kinds = explainer.kinds
    if answer.paths:
        assert answer.paths[0].kind == answer.verdict, "the headline chain has the verdict's kind"
        assert answer.summary.split(":")[0].lower() in (
            answer.verdict,
            "said of its class" if answer.verdict == "class" else answer.verdict,
            "consequence",
        )
    if answer.verdict == "causal":
        causal = [p for p in answer.paths if p.kind == "causal"]
        assert causal
        for chain in causal:
            assert chain.conclusion is None or chain.conclusion.said_of == "its class"
            for step in chain.steps:
                if kinds[step.kind]["chain_kind"] == "neutral":
                    continue
                assert kinds[step.kind]["chain_kind"] == "causal", step
                support = [c for c in step.claims if c.certainty in ("stated", "suggested", "possible")]
                assert support, f"{step} rests only on implied or refuted claims"
                assert any(c.layer in ("stated", "background") for c in support)
    for chain in answer.paths:
        if chain.conclusion is not None and chain.conclusion.said_of.startswith("some"):
            assert chain.kind in ("class", "indirect"), chain
        for step in chain.steps:
            assert step.claims, "every step cites a claim"
            assert all(c.layer != "entailed" for c in step.claims)
            cited = {c.source.short_name for c in step.claims if c.layer in PAGE_LAYERS}
            assert cited <= set(chain.sources)
            assert all(c.source.short_name and c.source.id for c in step.claims)
    for evidence in _shown(answer):
        if evidence.layer in PAGE_LAYERS:
            text = texts.get(evidence.source.id)  # a copy's text may not be here: its quotes are checked at build
            assert text is None or fold(evidence.quote) in fold(text), f"{evidence.id}: not verbatim in its source"
        else:
            assert evidence.layer == "background" and evidence.reading
        assert (
            evidence.certainty != "refuted"
            or any(evidence is e for *_, e in answer.refuted)
            or any(evidence is c.other for c in answer.conflicts)
        ), "a refuted claim is shown only as a refutation or the other side of a conflict"


def _with_layer(G: nx.MultiDiGraph, edge: tuple[str, str, str], layer: str, certainty: str) -> nx.MultiDiGraph:
    changed = copy.deepcopy(G)
    data = changed.edges[edge]
    for claim in data["claims"]:
        claim["layer"], claim["certainty"] = layer, certainty
    data["layer"], data["certainty"] = layer, certainty
    return changed


def test_an_implied_claim_alone_never_makes_a_cause() -> None:
    # Guard against invariants that cannot fail: make the one stated claim of a causal chain an
    # implied one, and the verdict must drop below causal.
    assert Explainer.of(G_VIEW).why("tobacco").verdict == "causal"
    weakened = _with_layer(G_VIEW, ("Tobacco", "RLS", "triggers"), "implied", "implied")
    answer = Explainer.of(weakened).why("tobacco")
    assert answer.verdict != "causal"
    assert all(p.kind != "causal" for p in answer.paths)


def test_a_claim_about_some_of_a_class_never_makes_a_member_causal() -> None:
    answer = Explainer.of(G_VIEW).why("amitriptyline", max_paths=50)
    triggers = [p for p in answer.paths if p.steps[-1].predicate.id == "triggers"]
    assert triggers and all(p.kind == "class" for p in triggers)
    # Without the quantifier, the same chain would be an ordinary entailment, and causal.
    unquantified = copy.deepcopy(G_VIEW)
    for claim in unquantified.edges["Antidepressant", "RLS", "triggers"]["claims"]:
        claim["quantifier"] = None
    again = Explainer.of(unquantified).why("amitriptyline", max_paths=50)
    assert again.verdict == "causal" and again.paths[0].conclusion is not None
    assert again.paths[0].conclusion.said_of == "its class"
