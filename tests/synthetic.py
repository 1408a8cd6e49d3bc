"""A synthetic networkx view of any size, shaped like the real one, for testing the view at scale."""

from __future__ import annotations

import random
from typing import Any

import networkx as nx

from rlskg.kg import load_network


def synthetic_graph(size: int, seed: int = 3) -> nx.MultiDiGraph:
    """RLS and ``size - 1`` made-up conditions, each caused by one to three earlier ones (a sparse tree-like web)."""
    real = load_network()
    rng = random.Random(seed)
    source = {
        "id": "synth",
        "short_name": "Synth",
        "title": "A made-up page",
        "publisher": "Tests",
        "date": "2024-01-01",
    }
    G = nx.MultiDiGraph()
    G.graph = {
        key: dict(real.graph[key]) for key in ("certainty_rank", "relations", "kinds", "layers", "verdicts", "sources")
    }
    G.graph.update(disagreements={}, tensions={}, claims={})
    G.add_node("RLS", **real.nodes["RLS"])
    for i in range(1, size):
        G.add_node(
            f"N{i:04d}",
            label=f"condition {i}",
            type="Condition",
            type_label="disease or condition",
            definition="",
            synonyms=[],
            exact=[],
            close=[],
        )
    nodes = ["RLS", *(f"N{i:04d}" for i in range(1, size))]
    for i in range(1, size):
        for _ in range(rng.choice((1, 1, 2, 3))):
            j = rng.randrange(0, i)
            u, v = nodes[i], nodes[j]
            if G.has_edge(u, v, "causes"):
                continue
            claim: dict[str, Any] = {
                "id": f"c{u}-{v}",
                "subject": u,
                "predicate": "causes",
                "object": v,
                "quote": f"{u} causes {v}.",
                "start": 0,
                "certainty": "stated",
                "cue": "causes",
                "part": "main",
                "note": "",
                "source": source,
                "contradicted_by": [],
            }
            G.graph["claims"][claim["id"]] = claim
            meta = real.graph["relations"]["causes"]
            G.add_edge(
                u,
                v,
                key="causes",
                kind="causal",
                label=meta["label"],
                inverse_label=meta["inverse_label"],
                claims=[claim],
                sources=["synth"],
                certainty="stated",
            )
    return G
