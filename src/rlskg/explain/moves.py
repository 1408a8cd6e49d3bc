"""The moves a chain may make, and the one walk that finds chains by them, whatever holds the graph.

A graph the why engine can walk is anything with the small protocol :class:`Moves`: given a ring of
entities, the relations of some kinds that leave it, forward or backward; given relations, the claims
behind them; and the claims an answer cites beside its chains. The networkx view in memory
(:mod:`rlskg.explain.memory`), a large build's index on disk (:mod:`rlskg.explain.index`) and a SPARQL
endpoint (:mod:`rlskg.explain.remote`) each have it, and :func:`walk` walks any of them the same way:
ring by ring, one request a ring.

Which way a chain may take each relation kind is data of the ontology (``rls:follows``, ``rls:once``,
``rls:downstream``), read from the graph's frame (:func:`directions`); nothing about kinds is decided
here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Literal, NamedTuple, Protocol

__all__ = ["Claim", "Move", "Moves", "Orientation", "Path", "Relation", "directions", "walk"]

#: A claim as plain data, as the networkx view keeps it on its edges (see :func:`rlskg.rdf.network.to_networkx`).
Claim = dict[str, Any]
#: An asserted relation between two entities: (subject, predicate, object).
Relation = tuple[str, str, str]
#: Toward the target (upstream), from the target to its consequences (downstream), or every relation either way.
Orientation = Literal["upstream", "downstream", "around"]


class Move(NamedTuple):
    """One way a chain may leave an entity: to ``node``, along the relation ``key`` of ``kind``, as read."""

    node: str
    key: str
    kind: str
    direction: Literal["forward", "backward"]

    def relation(self, start: str) -> Relation:
        """The relation the move follows, from ``start``, as it is asserted (subject, predicate, object)."""
        return (start, self.key, self.node) if self.direction == "forward" else (self.node, self.key, start)


#: A chain as found: each step's starting entity and the move it makes.
Path = list[tuple[str, Move]]


class Moves(Protocol):
    """A graph as the why engine walks it.

    ``frame`` is what the ontology declares, as the networkx view's ``G.graph`` holds it (``kinds``,
    ``relations``, ``verdicts``, ``layers``, ``certainty_rank``).
    """

    @property
    def frame(self) -> Mapping[str, Any]: ...

    def moves(
        self, ring: Collection[str], forward: Collection[str], backward: Collection[str]
    ) -> list[tuple[str, Move]]:
        """Each relation of a ``forward`` kind whose subject is in ``ring``, and of a ``backward`` kind whose object is.

        As (the entity of the ring it leaves, the move), in any order; only relations between entities.
        """
        ...

    def claims(self, relations: Collection[Relation]) -> dict[Relation, list[Claim]]:
        """The claims that assert each relation (not refuted, of a layer that asserts), as the view keeps them."""
        ...

    def records(self, ids: Collection[str]) -> dict[str, Claim]:
        """The graph's claims of these ids (any certainty or layer), those it has."""
        ...

    def refuted(self, node: str) -> list[Claim]:
        """The refuted claims about ``node`` between two entities, in the order of their ids."""
        ...

    def notes(self, ids: Collection[str]) -> dict[str, dict[str, Any]]:
        """The records of disagreement and tension (``disagreements``, ``tensions``) that these claims are part of."""
        ...


def directions(kinds: Mapping[str, Mapping[str, Any]], orientation: Orientation) -> tuple[list[str], list[str]]:
    """The relation kinds a chain may follow forward, and backward, in ``orientation``.

    >>> kinds = {"causal": {"follows": "forward", "downstream": True}, "context": {"follows": "backward"}}
    >>> directions(kinds, "upstream"), directions(kinds, "downstream"), directions(kinds, "around")
    ((['causal'], ['context']), (['causal'], []), (['causal', 'context'], ['causal', 'context']))
    """
    if orientation == "around":
        return sorted(kinds), sorted(kinds)
    forward = sorted(k for k, v in kinds.items() if v["follows"] in ("forward", "both"))
    if orientation == "downstream":
        return [k for k in forward if kinds[k].get("downstream")], []
    return forward, sorted(k for k, v in kinds.items() if v["follows"] in ("backward", "both"))


def walk(graph: Moves, source: str, target: str, orientation: Orientation, *, max_hops: int, budget: int) -> list[Path]:
    """Simple paths from ``source`` to ``target``, shortest first, under the hop limit and a work budget.

    The walk goes ring by ring: the entities that paths of one length end at are asked for their moves
    at once (one request for a store), each entity once; a chain never leaves the target, and takes a
    kind the ontology marks ``once`` at most once.

    Notes
    -----
    The number of simple paths can grow as O(n!); ``max_hops`` and ``budget`` (paths looked at) bound it.

    """
    kinds = graph.frame["kinds"]
    forward, backward = directions(kinds, orientation)
    found: list[Path] = []
    known: dict[str, list[Move]] = {}
    level: list[tuple[str, Path]] = [(source, [])]
    looked = 0
    for _ in range(max_hops):
        ring = {node for node, _ in level} - known.keys()
        if ring:
            for node in ring:
                known[node] = []
            for node, move in graph.moves(ring, forward, backward):
                known[node].append(move)
            for node in ring:
                known[node] = sorted(set(known[node]))
        deeper: list[tuple[str, Path]] = []
        for node, path in level:
            if looked >= budget:
                return found
            looked += 1
            visited = {source, *(move.node for _, move in path)}
            used = {move.kind for _, move in path}
            for move in known[node]:
                if move.node in visited or (kinds[move.kind]["once"] and move.kind in used):
                    continue
                extended = [*path, (node, move)]
                if move.node == target:
                    found.append(extended)
                else:
                    deeper.append((move.node, extended))
        level = deeper
    return found
