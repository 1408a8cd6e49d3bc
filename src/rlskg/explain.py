"""Why is X linked to RLS? Chains of cause and effect through the graph, each hop with its quotes.

What a path may do:

- causal steps (causes, increases the risk of, triggers, worsens, mechanism steps) and membership
  (Paxil is an antidepressant) are followed forward only;
- an association ("linked to", "gets better when stopped") is followed either way, and makes the
  path at best "associated";
- a context step (what a drug treats) is followed only from the treated condition to the drug,
  at most once, and makes the path "indirect": it explains exposure and is never called a cause;
- a refuted claim is never a step; it is reported apart, with its quote.

Paths also run downstream, from the target to its consequences (RLS leads to lost sleep).
"""

from __future__ import annotations

import difflib
import json
import re
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from rlskg.errors import AmbiguousName

__all__ = ["Answer", "Explainer", "why"]

Verdict = Literal["causal", "associated", "indirect", "refuted", "none", "unknown"]

_KIND_RANK = {"causal": 0, "associated": 1, "indirect": 2}
# The order relations are named in when one step stands on several: the most direct claim first.
_PREDICATE_ORDER = [
    "causes",
    "triggers",
    "increasesRiskOf",
    "worsens",
    "affects",
    "isUsedToMake",
    "isNeededFor",
    "leadsTo",
    "associatedWith",
    "stoppingImproves",
    "withdrawalAssociatedWith",
    "advancesOnsetOf",
    "isMemberOf",
    "treats",
]
_STEP_KIND = {"causal": "causal", "membership": "causal", "association": "associated", "context": "indirect"}


@dataclass(frozen=True)
class Ref:
    id: str
    label: str


@dataclass(frozen=True)
class SourceRef:
    id: str
    title: str
    publisher: str
    date: str
    short_name: str


@dataclass(frozen=True)
class Evidence:
    """One claim behind a step: its quote, how sure its source is, and the source."""

    id: str
    quote: str
    certainty: str
    source: SourceRef
    predicate: str
    part: str


@dataclass(frozen=True)
class Step:
    """One hop: every claim of one kind between two entities, read in the direction travelled."""

    from_: Ref
    predicate: Ref
    to: Ref
    direction: Literal["forward", "backward"]
    kind: str  # causal, association, context, membership
    certainty: str
    reads: str  # the relation as it reads in this direction, e.g. "is treated with"
    claims: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": asdict(self.from_),
            "predicate": asdict(self.predicate),
            "to": asdict(self.to),
            "direction": self.direction,
            "relation_kind": self.kind,
            "reads": self.reads,
            "certainty": self.certainty,
            "claims": [_evidence_dict(c) for c in self.claims],
        }


@dataclass(frozen=True)
class Chain:
    """One path: its orientation (toward the target, or from it to a consequence) and its steps."""

    orientation: Literal["upstream", "downstream"]
    kind: Literal["causal", "associated", "indirect"]
    steps: tuple[Step, ...]
    certainty: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "orientation": self.orientation,
            "kind": self.kind,
            "certainty": self.certainty,
            "sources": list(self.sources),
            "steps": [s.to_dict() for s in self.steps],
        }


@dataclass(frozen=True)
class Conflict:
    """A claim of a step that another source contradicts, with both quotes."""

    step: tuple[Ref, Ref, Ref]
    claim: Evidence
    contradicted_by: Evidence
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": {"from": asdict(self.step[0]), "predicate": asdict(self.step[1]), "to": asdict(self.step[2])},
            "claim": _evidence_dict(self.claim),
            "contradicted_by": _evidence_dict(self.contradicted_by),
            "note": self.note,
        }


def _evidence_dict(e: Evidence) -> dict[str, Any]:
    return {
        "id": e.id,
        "quote": e.quote,
        "certainty": e.certainty,
        "predicate": e.predicate,
        "part": e.part,
        "source": asdict(e.source),
    }


@dataclass
class Answer:
    """The answer to "why is X linked to the target?", as objects; see :meth:`to_json`."""

    query: str
    subject: Ref | None
    target: Ref
    verdict: Verdict
    paths: list[Chain] = field(default_factory=list)
    refuted: list[tuple[Ref, Ref, Ref, Evidence]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    suggestions: list[Ref] = field(default_factory=list)
    more_paths: int = 0
    max_hops: int = 4

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "subject": asdict(self.subject) if self.subject else None,
            "target": asdict(self.target),
            "verdict": self.verdict,
            "paths": [p.to_dict() for p in self.paths],
            "more_paths": self.more_paths,
            "refuted": [
                {**_evidence_dict(e), "subject": asdict(s), "predicate": asdict(p), "object": asdict(o)}
                for s, p, o, e in self.refuted
            ],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "suggestions": [asdict(s) for s in self.suggestions],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_text(self, styled: bool = False) -> str:
        from rlskg.answer_text import render  # noqa: PLC0415

        return render(self, styled)

    def __str__(self) -> str:
        return self.to_text()


# ---------------------------------------------------------------- names


def normalize(name: str) -> str:
    """Lower case, no possessive 's, punctuation as space, single spaces.

    Examples
    --------
    >>> normalize("  Parkinson\u2019s   Disease! ")
    'parkinson disease'

    """
    text = name.lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def _singular(text: str) -> str:
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in text.split())


class Explainer:
    """Answers why-questions over one networkx view of the graph.

    Examples
    --------
    >>> from rlskg.network import load_graph, to_networkx
    >>> explainer = Explainer(to_networkx(load_graph()))
    >>> explainer.resolve("Paxil")
    ['Paroxetine']
    >>> explainer.why("Paxil").verdict
    'causal'

    """

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self.rank: dict[str, int] = G.graph["certainty_rank"]
        self._names: dict[str, set[str]] = {}
        self._singulars: dict[str, set[str]] = {}
        for node, data in G.nodes(data=True):
            for name in (node, data["label"], *data["synonyms"], *data["exact"], *data["close"]):
                key = normalize(name)
                self._names.setdefault(key, set()).add(node)
                self._singulars.setdefault(_singular(key), set()).add(node)

    # -------------------------------------------------------------- resolving names

    def resolve(self, name: str) -> list[str]:
        """The entity ids a name could mean: one, several (ambiguous), or none.

        A name matches a label, synonym, brand name, id or identifier, ignoring case, punctuation
        and a possessive 's; failing that, its singular form; failing that, the entities whose
        names contain all its words.
        """
        key = normalize(name)
        if not key:
            return []
        for index, probe in ((self._names, key), (self._singulars, _singular(key))):
            if probe in index:
                return sorted(index[probe])
        words = set(_singular(key).split())
        return sorted(
            {node for name_key, nodes in self._singulars.items() if words <= set(name_key.split()) for node in nodes}
        )

    def suggest(self, name: str, limit: int = 5) -> list[Ref]:
        """Entities whose names are close to ``name`` (fuzzy), or share a word with it."""
        key = normalize(name)
        close = difflib.get_close_matches(key, list(self._names), n=limit * 2, cutoff=0.6)
        words = set(_singular(key).split())
        sharing = sorted(k for k in self._singulars if words & set(k.split()))
        found: list[str] = []
        for candidate in (*close, *sharing):
            nodes = self._names.get(candidate) or self._singulars.get(candidate, set())
            found.extend(n for n in sorted(nodes) if n not in found)
        return [self._ref(n) for n in found[:limit]]

    def _ref(self, node: str) -> Ref:
        return Ref(node, self.G.nodes[node]["label"])

    def _one(self, name: str) -> str | None:
        found = self.resolve(name)
        if len(found) > 1:
            raise AmbiguousName(name, [(n, self.G.nodes[n]["label"]) for n in found])
        return found[0] if found else None

    # -------------------------------------------------------------- moves and paths

    def _moves(self, node: str, orientation: str) -> list[tuple[str, str, str]]:
        """(next node, step kind, direction) for every way a path may leave ``node``."""
        moves: set[tuple[str, str, str]] = set()
        for _, nxt, data in self.G.out_edges(node, data=True):
            if data["kind"] in ("causal", "membership") or (
                data["kind"] == "association" and orientation == "upstream"
            ):
                moves.add((nxt, data["kind"], "forward"))
        if orientation == "upstream":
            for prev, _, data in self.G.in_edges(node, data=True):
                if data["kind"] in ("association", "context"):
                    moves.add((prev, data["kind"], "backward"))
        return sorted(moves)

    def _search(
        self, source: str, target: str, orientation: str, max_hops: int, budget: int
    ) -> list[list[tuple[str, str, str, str]]]:
        """Simple paths from source to target, shortest first, under the hop limit and a work budget."""
        found: list[list[tuple[str, str, str, str]]] = []
        queue: deque[tuple[str, list[tuple[str, str, str, str]], bool]] = deque([(source, [], False)])
        expanded = 0
        while queue and expanded < budget:
            node, path, used_context = queue.popleft()
            expanded += 1
            if len(path) >= max_hops:
                continue
            visited = {source, *(step[1] for step in path)}
            for nxt, kind, direction in self._moves(node, orientation):
                if nxt in visited or (kind == "context" and used_context):
                    continue
                extended = [*path, (node, nxt, kind, direction)]
                if nxt == target:
                    found.append(extended)
                else:
                    queue.append((nxt, extended, used_context or kind == "context"))
        return found

    def _step(self, u: str, v: str, kind: str, direction: str) -> Step:
        start, end = (u, v) if direction == "forward" else (v, u)
        order = {name: i for i, name in enumerate(_PREDICATE_ORDER)}
        edges = sorted(
            ((key, data) for key, data in self.G.get_edge_data(start, end, default={}).items() if data["kind"] == kind),
            key=lambda item: (order.get(item[0], len(order)), item[0]),
        )
        claims = tuple(self._evidence(c) for _, data in edges for c in data["claims"])
        primary, data = edges[0]
        reads = " / ".join(
            (d["label"] if direction == "forward" else d["inverse_label"])
            + ("" if d["certainty"] == "stated" else f" [{d['certainty']}]")
            for _, d in edges
        )
        # The step is as sure as the source is of its main relation; the others are shown beside it.
        certainty = data["certainty"]
        return Step(self._ref(u), Ref(primary, data["label"]), self._ref(v), direction, kind, certainty, reads, claims)  # type: ignore[arg-type]

    def _chain(self, moves: list[tuple[str, str, str, str]], orientation: str) -> Chain:
        steps = tuple(self._step(*move) for move in moves)
        kinds = {_STEP_KIND[s.kind] for s in steps}
        kind = "indirect" if "indirect" in kinds else "associated" if "associated" in kinds else "causal"
        certainty = min((s.certainty for s in steps), key=self.rank.__getitem__)
        sources = tuple(sorted({c.source.short_name for s in steps for c in s.claims}))
        return Chain(orientation, kind, steps, certainty, sources)  # type: ignore[arg-type]

    def _rank_key(self, chain: Chain) -> tuple[int, int, int, int, str]:
        return (
            len(chain.steps),
            _KIND_RANK[chain.kind],
            -self.rank[chain.certainty],
            -len(chain.sources),
            " ".join(f"{s.from_.id}>{s.to.id}" for s in chain.steps),
        )

    # -------------------------------------------------------------- the answer

    def why(self, name: str, target: str = "RLS", *, max_paths: int = 5, max_hops: int = 4) -> Answer:
        """Answer "why is ``name`` linked to ``target``?".

        Notes
        -----
        Paths are simple and at most ``max_hops`` long; the search stops after a fixed amount of
        work, so it stays bounded however the graph grows (the number of simple paths can grow
        as O(n!) without a hop limit).

        Raises
        ------
        ValueError
            For an empty name, a hop or path limit below 1, or a name that is the target.
        AmbiguousName
            When the name (or target) matches more than one entity.

        """
        if not normalize(name):
            raise ValueError("the name is empty; ask about something, e.g. `rlskg why diabetes`")
        if max_hops < 1 or max_paths < 1:
            raise ValueError("--max-hops and --max-paths must be 1 or more")
        target_id = self._one(target)
        if target_id is None:
            raise ValueError(f"unknown target '{target}'")
        target_ref = self._ref(target_id)
        subject_id = self._one(name)
        if subject_id is None:
            return Answer(name, None, target_ref, "unknown", suggestions=self.suggest(name), max_hops=max_hops)
        if subject_id == target_id:
            raise ValueError(f"'{name}' is the target itself; ask about something else")

        budget = 20_000
        chains = [self._chain(m, "upstream") for m in self._search(subject_id, target_id, "upstream", max_hops, budget)]
        chains += [
            self._chain(m, "downstream") for m in self._search(target_id, subject_id, "downstream", max_hops, budget)
        ]
        chains.sort(key=self._rank_key)
        shown, more = chains[:max_paths], max(0, len(chains) - max_paths)

        refuted = [
            (self._ref(c["subject"]), self._predicate_ref(c["predicate"]), self._ref(c["object"]), self._evidence(c))
            for c in self.G.graph["claims"].values()
            if c["certainty"] == "refuted" and subject_id in (c["subject"], c["object"])
        ]
        verdict: Verdict
        if chains:
            verdict = min((c.kind for c in chains), key=_KIND_RANK.__getitem__)
        elif refuted:
            verdict = "refuted"
        else:
            verdict = "none"
        suggestions = [s for s in self.suggest(name) if s.id != subject_id] if verdict == "none" else []
        return Answer(
            name,
            self._ref(subject_id),
            target_ref,
            verdict,
            shown,
            refuted,
            self._conflicts(shown),
            suggestions,
            more,
            max_hops,
        )

    def _predicate_ref(self, predicate: str) -> Ref:
        return Ref(predicate, self.G.graph["relations"][predicate]["label"])

    def _evidence(self, claim: dict[str, Any]) -> Evidence:
        return Evidence(
            claim["id"],
            claim["quote"],
            claim["certainty"],
            SourceRef(**claim["source"]),
            claim["predicate"],
            claim["part"],
        )

    def _conflicts(self, chains: list[Chain]) -> list[Conflict]:
        claims = self.G.graph["claims"]
        notes = {
            frozenset((a, b)): d["note"]
            for d in self.G.graph["disagreements"].values()
            for a in d["claims"]
            for b in d["claims"]
            if a != b
        }
        conflicts: dict[tuple[str, str], Conflict] = {}
        for chain in chains:
            for step in chain.steps:
                for evidence in step.claims:
                    for other in claims[evidence.id]["contradicted_by"]:
                        key = (evidence.id, other)
                        if key not in conflicts:
                            conflicts[key] = Conflict(
                                (step.from_, step.predicate, step.to),
                                evidence,
                                self._evidence(claims[other]),
                                notes.get(frozenset(key), ""),
                            )
        return list(conflicts.values())


def why(
    name: str,
    target: str = "RLS",
    *,
    max_paths: int = 5,
    max_hops: int = 4,
    graph_path: Path | None = None,
) -> Answer:
    """Why is ``name`` linked to ``target`` (RLS by default)? The answer, with quoted evidence.

    ``graph_path`` is a built graph (.ttl) or networkx view (.json); by default the project's build/.

    Examples
    --------
    >>> answer = why("high blood pressure")
    >>> answer.verdict
    'indirect'
    >>> for path in answer.paths:
    ...     print(" \u2192 ".join([path.steps[0].from_.id, *(f"{s.reads} {s.to.id}" for s in path.steps)]))
    Hypertension \u2192 is treated with BetaBlocker \u2192 is linked to RLS
    Hypertension \u2192 is treated with CalciumChannelBlocker \u2192 stopping it improves RLS
    Hypertension \u2192 is treated with CalciumChannelBlocker \u2192 triggers [possible] RLS

    """
    return _explainer(graph_path).why(name, target, max_paths=max_paths, max_hops=max_hops)


_EXPLAINERS: dict[Path | None, Explainer] = {}


def _explainer(graph_path: Path | None) -> Explainer:
    if graph_path not in _EXPLAINERS:
        from rlskg.network import load_network  # noqa: PLC0415

        _EXPLAINERS[graph_path] = Explainer(load_network(graph_path))
    return _EXPLAINERS[graph_path]
