"""A large build's index on disk: why, resolve and suggest from it give what the whole graph gives.

Checked on the shipped graph forced through the large path (every entity) and on a synthetic project
of 3,000 claims (a deterministic sample of its entities, and the names the generator suggests).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from rlskg.build import build
from rlskg.errors import AmbiguousName, RlsKgError
from rlskg.explain import Explainer
from rlskg.explain.index import NetworkIndex
from rlskg.kg import KnowledgeGraph, load_network
from rlskg.rdf.network import to_network_json

from .conftest import ROOT
from .test_scale import generate

INDEX = "rls.network.sqlite"
# Names that resolve to nothing, or to several entities, or only by their singular or their words.
ODD_NAMES = ["", "xyzzy", "diabtes", "iron", "antidepressant", "antidepressants", "blood", "leg", "RLS", "pregnancy!"]


def _answer(engine: Explainer | KnowledgeGraph, name: str) -> str:
    """The answer as the CLI prints it with --format json, or the one-line error it reports."""
    try:
        return engine.why(name).to_json()
    except (ValueError, AmbiguousName) as error:
        return f"{type(error).__name__}: {error}"


def _misspelt(label: str) -> list[str]:
    """A few misspellings a user might type: a letter dropped, two swapped, one doubled."""
    middle = len(label) // 2
    return [
        label[:middle] + label[middle + 1 :],
        label[: middle - 1] + label[middle] + label[middle - 1] + label[middle + 1 :],
        label[:middle] + label[middle] + label[middle:],
    ]


def _same_answers(G: nx.MultiDiGraph, kg: KnowledgeGraph, names: list[str]) -> None:
    whole = Explainer.of(G)
    for name in names:
        assert _answer(kg, name) == _answer(whole, name), name
        assert kg.resolve(name) == whole.resolve(name), name
        assert kg.suggest(name) == whole.suggest(name), name


@pytest.fixture(scope="module")
def shipped(large_build: Path) -> tuple[nx.MultiDiGraph, KnowledgeGraph]:
    return load_network(ROOT / "build" / "rls.network.json"), KnowledgeGraph.open(large_build)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[nx.MultiDiGraph, KnowledgeGraph, list[str]]:
    root = tmp_path_factory.mktemp("synthetic-index") / "kg"
    names = generate(root, 3000)
    result = build(root, None, root / "sources", large=True)
    return result.network, KnowledgeGraph.open(root / "build"), names


def test_a_large_build_is_answered_from_its_index(shipped: tuple[nx.MultiDiGraph, KnowledgeGraph]) -> None:
    G, kg = shipped
    assert kg._index is not None and kg._view is None
    assert kg.why("Paxil").verdict == "associated"
    assert kg._view is None  # answering read neighbourhoods only, not the whole view
    assert repr(kg).endswith(f"{G.number_of_nodes()} entities, {G.number_of_edges()} relations>")
    assert kg.label("Paroxetine") == G.nodes["Paroxetine"]["label"]


def test_shipped_graph_answers_every_entity_as_the_whole_graph(
    shipped: tuple[nx.MultiDiGraph, KnowledgeGraph],
) -> None:
    G, kg = shipped
    labels = [G.nodes[n]["label"] for n in G]
    _same_answers(G, kg, [*G, *labels, *ODD_NAMES, *(m for label in labels for m in _misspelt(label))])


def test_shipped_graph_answers_other_targets_and_hop_limits(shipped: tuple[nx.MultiDiGraph, KnowledgeGraph]) -> None:
    G, kg = shipped
    whole = Explainer.of(G)
    for name, target, hops in [("Paxil", "dopamine", 3), ("diabetes", "RLS", 1), ("iron", "sleep", 4), ("RLS", "x", 2)]:
        try:
            expected = whole.why(name, target, max_hops=hops).to_json()
        except (ValueError, AmbiguousName) as error:
            with pytest.raises(type(error), match=str(error)[:20]):
                kg.why(name, target, max_hops=hops)
        else:
            assert kg.why(name, target, max_hops=hops).to_json() == expected


def test_synthetic_graph_answers_a_sample_as_the_whole_graph(
    synthetic: tuple[nx.MultiDiGraph, KnowledgeGraph, list[str]],
) -> None:
    G, kg, asked = synthetic
    assert kg._index is not None
    kg._index.candidates = 300  # fewer than the graph's names: suggestions come from trigram candidates
    nodes = list(G)
    sample = nodes[:: max(1, len(nodes) // 150)]
    labels = [G.nodes[n]["label"] for n in sample]
    misspelt = [m for label in labels[::5] for m in _misspelt(label)]
    _same_answers(G, kg, [*asked, *sample, *labels, *ODD_NAMES, *misspelt])
    verdicts = {kg.why(name).verdict for name in asked}
    assert verdicts - {"unknown", "none"}, verdicts


def test_index_gives_back_the_whole_view(synthetic: tuple[nx.MultiDiGraph, KnowledgeGraph, list[str]]) -> None:
    G, kg, _ = synthetic
    copy = kg.to_networkx()
    assert to_network_json(copy) == to_network_json(G)
    copy.remove_node(next(iter(copy)))
    assert to_network_json(kg.to_networkx()) == to_network_json(G)


def test_a_file_that_is_not_an_index_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / INDEX
    path.write_text("not a database\n", encoding="utf-8")
    with pytest.raises(RlsKgError, match="is not an index written by `rlskg build`"):
        NetworkIndex(path)
