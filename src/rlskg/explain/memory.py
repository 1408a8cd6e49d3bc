"""The networkx view in memory, as the why engine walks it: the graph of the shipped size.

Examples
--------
>>> from rlskg.kg import load_network
>>> view = NetworkMoves(load_network())
>>> sorted(move.node for _, move in view.moves({"Paroxetine"}, ["membership"], []))
['Antidepressant']

"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from rlskg.explain.moves import Claim, Move, Relation

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["NetworkMoves"]


class NetworkMoves:
    """The moves and claims of a networkx view of the graph (see :class:`rlskg.explain.moves.Moves`)."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self._claims: Mapping[str, Claim] = G.graph["claims"]
        self._refuted: dict[str, list[Claim]] = {}
        for claim in self._claims.values():
            # a refuted claim is named only where both its entities are in the graph (a sub-view may lack one)
            if claim["certainty"] == "refuted" and claim["subject"] in G and claim["object"] in G:
                for end in dict.fromkeys((claim["subject"], claim["object"])):
                    self._refuted.setdefault(end, []).append(claim)

    @property
    def frame(self) -> Mapping[str, Any]:
        frame: Mapping[str, Any] = self.G.graph
        return frame

    def moves(
        self, ring: Collection[str], forward: Collection[str], backward: Collection[str]
    ) -> list[tuple[str, Move]]:
        found: list[tuple[str, Move]] = []
        for node in ring:
            for _, nxt, key, kind in self.G.out_edges(node, keys=True, data="kind"):
                if kind in forward:
                    found.append((node, Move(nxt, key, kind, "forward")))
            for prev, _, key, kind in self.G.in_edges(node, keys=True, data="kind"):
                if kind in backward:
                    found.append((node, Move(prev, key, kind, "backward")))
        return found

    def claims(self, relations: Collection[Relation]) -> dict[Relation, list[Claim]]:
        return {(s, p, o): list(self.G.edges[s, o, p]["claims"]) for s, p, o in relations}

    def records(self, ids: Collection[str]) -> dict[str, Claim]:
        return {i: self._claims[i] for i in ids if i in self._claims}

    def refuted(self, node: str) -> list[Claim]:
        return list(self._refuted.get(node, []))

    def notes(self, ids: Collection[str]) -> dict[str, dict[str, Any]]:
        return {field: self.G.graph.get(field, {}) for field in ("disagreements", "tensions")}
