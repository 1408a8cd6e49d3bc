"""Why is X linked to RLS? Chains through the graph, each hop with its quotes, layer and certainty.

Which way a chain may take each relation, and what verdict a chain of it can give, is data of the
ontology (``rls:follows``, ``rls:chainKind``, ``rls:once``, ``rls:downstream`` on each relation kind),
read into ``G.graph["kinds"]``; nothing about relation kinds is decided here. In short:

- cause (causes, triggers, contributes to, affects), risk, worsening and mechanism steps are followed
  forward; a chain is as strong as its weakest step (causal > risk > worsening > mechanism >
  associated > class > indirect);
- an association ("linked to", "gets better when stopped") is followed either way;
- context (what a drug treats, what a medicine contains) is followed only from the condition or the
  ingredient to the medicine, once, and makes the chain "indirect";
- membership (Paxil is an antidepressant) passes the class's claims to the member as said of its
  class (an entailment, by the rule rls:MemberSharesClassClaim), unless the class claim's own quote
  names the member; a class claim about *some* members makes the chain "class", never causal;
- a step resting only on an implied claim (a curator's reading) is at best "mechanism";
- a refuted claim is never a step; it is reported apart, with the page's own words;
- a contradiction is shown on the step it concerns; a tension (a difference of emphasis, or opposite
  effects of starting and stopping) only when the question is about an entity it concerns.

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

__all__ = ["Answer", "Chain", "Conflict", "Evidence", "Explainer", "Step", "Suggestion", "why"]

Verdict = Literal[
    "causal", "risk", "worsening", "mechanism", "associated", "class", "indirect", "refuted", "none", "unknown"
]
_RULE = "MemberSharesClassClaim"


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
    derived_from: str = ""  # the source this page copies: it does not count as corroboration
    publisher_id: str = ""
    original_publisher: str = ""  # whose word the page carries (a copy: the original's publisher)


@dataclass(frozen=True)
class Evidence:
    """One claim behind a step: its quote (or reading), layer, certainty and source."""

    id: str
    quote: str
    certainty: str
    source: SourceRef
    predicate: str
    part: str
    layer: str = "stated"
    quantifier: str | None = None
    subject_text: str | None = None
    object_text: str | None = None
    reading: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "quote": self.quote,
            "certainty": self.certainty,
            "predicate": self.predicate,
            "part": self.part,
            "layer": self.layer,
            "quantifier": self.quantifier,
            "subject_text": self.subject_text,
            "object_text": self.object_text,
            "reading": self.reading,
            "source": asdict(self.source),
        }


@dataclass(frozen=True)
class Step:
    """One hop: the claims of one relation between two entities, read in the direction travelled."""

    from_: Ref
    predicate: Ref
    to: Ref
    direction: Literal["forward", "backward"]
    kind: str  # the relation kind: causal, risk, worsening, mechanism, association, context, ...
    certainty: str
    reads: str  # the relation as it reads in this direction, e.g. "is treated with"
    claims: tuple[Evidence, ...]
    layer: str = "stated"  # the strongest layer among its claims

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": asdict(self.from_),
            "predicate": asdict(self.predicate),
            "to": asdict(self.to),
            "direction": self.direction,
            "relation_kind": self.kind,
            "reads": self.reads,
            "certainty": self.certainty,
            "layer": self.layer,
            "claims": [c.to_dict() for c in self.claims],
        }


@dataclass(frozen=True)
class Conclusion:
    """What a chain concludes by rule rather than by a page: a member's share of a class claim."""

    rule: str
    member: Ref
    class_: Ref
    said_of: str  # "its class" or "some of its class"
    claims: tuple[str, ...]  # the entailed claims' ids

    def to_dict(self) -> dict[str, Any]:
        return {
            "layer": "entailed",
            "rule": self.rule,
            "member": asdict(self.member),
            "class": asdict(self.class_),
            "said_of": self.said_of,
            "claims": list(self.claims),
        }


@dataclass(frozen=True)
class Chain:
    """One path: its orientation (toward the target, or from it to a consequence) and its steps."""

    orientation: Literal["upstream", "downstream"]
    kind: str  # a verdict: causal, risk, worsening, mechanism, associated, class or indirect
    steps: tuple[Step, ...]
    certainty: str
    sources: tuple[str, ...]
    conclusion: Conclusion | None = None
    independent: int = 0  # how many of the sources are independent (a copy of another is not)

    @property
    def layers(self) -> list[str]:
        found = {c.layer for s in self.steps for c in s.claims}
        if self.conclusion is not None:
            found.add("entailed")
        return sorted(found)

    def to_dict(self) -> dict[str, Any]:
        return {
            "orientation": self.orientation,
            "kind": self.kind,
            "certainty": self.certainty,
            "sources": list(self.sources),
            "independent_sources": self.independent,
            "layers": self.layers,
            "conclusion": self.conclusion.to_dict() if self.conclusion else None,
            "steps": [s.to_dict() for s in self.steps],
        }


@dataclass(frozen=True)
class Conflict:
    """A claim of a step and another source's claim that contradicts it, or stands in tension with it."""

    type: Literal["disagreement", "tension"]
    step: tuple[Ref, Ref, Ref]
    claim: Evidence
    other: Evidence
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "step": {"from": asdict(self.step[0]), "predicate": asdict(self.step[1]), "to": asdict(self.step[2])},
            "claim": self.claim.to_dict(),
            "other": self.other.to_dict(),
            "note": self.note,
        }


@dataclass(frozen=True)
class Suggestion:
    """An entry worth asking about instead, and why: a similar name, or how it is connected."""

    ref: Ref
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self.ref), "why": self.why}


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
    suggestions: list[Suggestion] = field(default_factory=list)
    more_paths: int = 0
    max_hops: int = 4
    phrases: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def summary(self) -> str:
        """The verdict in plain words, quoting the best chain of the verdict's kind."""
        from rlskg.answer_text import summary  # noqa: PLC0415

        return summary(self, self.phrases)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "subject": asdict(self.subject) if self.subject else None,
            "target": asdict(self.target),
            "verdict": self.verdict,
            "summary": self.summary,
            "paths": [p.to_dict() for p in self.paths],
            "more_paths": self.more_paths,
            "refuted": [
                {**e.to_dict(), "subject": asdict(s), "predicate": asdict(p), "object": asdict(o)}
                for s, p, o, e in self.refuted
            ],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "suggestions": [s.to_dict() for s in self.suggestions],
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


# A move: (next node, relation key, relation kind, direction).
_Move = tuple[str, str, str, str]


class Explainer:
    """Answers why-questions over one networkx view of the graph.

    Examples
    --------
    >>> from rlskg.network import load_graph, to_networkx
    >>> explainer = Explainer(to_networkx(load_graph()))
    >>> explainer.resolve("Paxil")
    ['Paroxetine']
    >>> explainer.why("Paxil").verdict
    'associated'

    """

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self.rank: dict[str, int] = G.graph["certainty_rank"]
        self.kinds: dict[str, dict[str, Any]] = G.graph["kinds"]
        self.verdict_rank: dict[str, int] = {name: v["rank"] for name, v in G.graph["verdicts"].items()}
        self.layer_rank: dict[str, int] = {name: v["rank"] for name, v in G.graph["layers"].items()}
        self.phrases: dict[str, str] = {name: r.get("phrase", "") for name, r in G.graph["relations"].items()}
        self._refuted = self._refuted_claims()
        self._notes: dict[frozenset[str], str] | None = None
        self._tension_notes: dict[frozenset[str], list[tuple[set[str], str]]] = {}
        self._names: dict[str, set[str]] = {}
        self._singulars: dict[str, set[str]] = {}
        for node, data in G.nodes(data=True):
            for name in (node, data["label"], *data["synonyms"], *data["exact"], *data["close"]):
                key = normalize(name)
                self._names.setdefault(key, set()).add(node)
                self._singulars.setdefault(_singular(key), set()).add(node)

    def _refuted_claims(self) -> dict[str, list[dict[str, Any]]]:
        """The refuted claims by the entities they join (a view of part of the graph may say it another way)."""
        found: dict[str, list[dict[str, Any]]] = {}
        for claim in self.G.graph["claims"].values():
            # a refuted claim is named only where both its entities are in the graph (a sub-view may lack one)
            if claim["certainty"] == "refuted" and claim["subject"] in self.G and claim["object"] in self.G:
                for end in dict.fromkeys((claim["subject"], claim["object"])):
                    found.setdefault(end, []).append(claim)
        return found

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

    def suggest(self, name: str, limit: int = 5) -> list[Suggestion]:
        """Entities whose names look like ``name`` (fuzzy), or share a word with it: similar names only."""
        key = normalize(name)
        close = difflib.get_close_matches(key, list(self._names), n=limit * 2, cutoff=0.6)
        words = set(_singular(key).split())
        sharing = sorted(k for k in self._singulars if words & set(k.split()))
        found: list[str] = []
        for candidate in (*close, *sharing):
            nodes = self._names.get(candidate) or self._singulars.get(candidate, set())
            found.extend(n for n in sorted(nodes) if n not in found)
        return [Suggestion(self._ref(n), "a similar name") for n in found[:limit]]

    def _ref(self, node: str) -> Ref:
        return Ref(node, self.G.nodes[node]["label"])

    def _one(self, name: str) -> str | None:
        found = self.resolve(name)
        if len(found) > 1:
            raise AmbiguousName(name, [(n, self.G.nodes[n]["label"]) for n in found])
        return found[0] if found else None

    # -------------------------------------------------------------- moves and paths

    def _moves(self, node: str, orientation: str) -> list[_Move]:
        """Every way a chain may leave ``node``, as the relation kinds of the ontology allow."""
        moves: set[_Move] = set()
        for _, nxt, key, data in self.G.out_edges(node, keys=True, data=True):
            kind = self.kinds[data["kind"]]
            if kind["follows"] in ("forward", "both") and (orientation == "upstream" or kind["downstream"]):
                moves.add((nxt, key, data["kind"], "forward"))
        if orientation == "upstream":
            for prev, _, key, data in self.G.in_edges(node, keys=True, data=True):
                if self.kinds[data["kind"]]["follows"] in ("backward", "both"):
                    moves.add((prev, key, data["kind"], "backward"))
        return sorted(moves)

    def _search(
        self, source: str, target: str, orientation: str, max_hops: int, budget: int
    ) -> list[list[tuple[str, _Move]]]:
        """Simple paths from source to target, shortest first, under the hop limit and a work budget."""
        found: list[list[tuple[str, _Move]]] = []
        queue: deque[tuple[str, list[tuple[str, _Move]]]] = deque([(source, [])])
        expanded = 0
        moves_of: dict[str, list[_Move]] = {}  # a node reached by several paths is looked at once
        while queue and expanded < budget:
            node, path = queue.popleft()
            expanded += 1
            if len(path) >= max_hops:
                continue
            visited = {source, *(move[0] for _, move in path)}
            used = {move[2] for _, move in path}
            moves = moves_of.get(node)
            if moves is None:
                moves = moves_of[node] = self._moves(node, orientation)
            for move in moves:
                nxt, _, kind, _ = move
                if nxt in visited or (self.kinds[kind]["once"] and kind in used):
                    continue
                extended = [*path, (node, move)]
                if nxt == target:
                    found.append(extended)
                else:
                    queue.append((nxt, extended))
        return found

    def _step(self, node: str, move: _Move) -> Step:
        nxt, key, kind, direction = move
        start, end = (node, nxt) if direction == "forward" else (nxt, node)
        data = self.G.edges[start, end, key]
        claims = tuple(self._evidence(c) for c in data["claims"] if c.get("restates") is None) or tuple(
            self._evidence(c) for c in data["claims"]
        )
        restated = tuple(self._evidence(c) for c in data["claims"] if c.get("restates") is not None)
        reads = data["label"] if direction == "forward" else data["inverse_label"]
        return Step(
            self._ref(node),
            Ref(key, data["label"]),
            self._ref(nxt),
            direction,  # type: ignore[arg-type]
            kind,
            data["certainty"],
            reads,
            claims + restated,
            data.get("layer", "stated"),
        )

    def _chain(self, moves: list[tuple[str, _Move]], orientation: str) -> Chain:
        steps = tuple(self._step(node, move) for node, move in moves)
        vrank = self.verdict_rank
        cap = vrank["causal"]
        kinds: list[str] = []
        for step in steps:
            chain_kind = self.kinds[step.kind]["chain_kind"]
            if chain_kind != "neutral":
                kinds.append(chain_kind)
            if all(c.layer == "implied" for c in step.claims):
                cap = min(cap, vrank["mechanism"])  # a curator's reading never makes a cause
        kind = min(kinds, key=vrank.__getitem__) if kinds else "associated"
        conclusion = self._conclusion(steps)
        if conclusion is not None and conclusion.said_of.startswith("some"):
            cap = min(cap, vrank["class"])
        if vrank[kind] > cap:
            kind = next(name for name, r in vrank.items() if r == cap)
        certainty = min((s.certainty for s in steps), key=self.rank.__getitem__)
        pages = {c.source for s in steps for c in s.claims if c.layer in ("stated", "implied")}
        sources = tuple(sorted({p.short_name for p in pages}))
        # A copy, or another page or version of one publisher, corroborates nothing: count the publishers.
        independent = len({p.original_publisher or p.derived_from or p.id for p in pages})
        return Chain(orientation, kind, steps, certainty, sources, conclusion, independent)  # type: ignore[arg-type]

    def _conclusion(self, steps: tuple[Step, ...]) -> Conclusion | None:
        """The entailment in a chain: a member's share of what is said of its class, if any."""
        claims = self.G.graph["claims"]
        for index, step in enumerate(steps[:-1]):
            if step.kind != "membership" or step.direction != "forward":
                continue
            after = steps[index + 1]
            memberships = [claims[c.id] for c in step.claims]
            named = any(_names(claims[c.id], membership) for c in after.claims for membership in memberships)
            if named:
                return None
            some = any(c.quantifier for c in after.claims)
            member = step.from_
            return Conclusion(
                _RULE,
                member,
                step.to,
                "some of its class" if some else "its class",
                tuple(f"entailed-{member.id.lower()}-{c.id}" for c in after.claims),
            )
        return None

    def _rank_key(self, chain: Chain) -> tuple[int, int, int, int, int, int, str]:
        strength = sum(
            self.verdict_rank.get(self.kinds[s.kind]["chain_kind"], 0) for s in chain.steps if s.kind != "context"
        )
        return (
            -self.verdict_rank[chain.kind],
            len(chain.steps),
            -strength,
            chain.conclusion is not None,
            -self.rank[chain.certainty],
            -chain.independent,
            " ".join(f"{s.from_.id}>{s.predicate.id}>{s.to.id}" for s in chain.steps),
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
            return Answer(
                name,
                None,
                target_ref,
                "unknown",
                suggestions=self.suggest(name),
                max_hops=max_hops,
                phrases=self.phrases,
            )
        if subject_id == target_id:
            raise ValueError(f"'{name}' is the target itself; ask about something else")

        budget = 20_000
        found = self._search(subject_id, target_id, "upstream", max_hops, budget)
        chains = [self._chain(m, "upstream") for m in found]
        found = self._search(target_id, subject_id, "downstream", max_hops, budget)
        chains += [self._chain(m, "downstream") for m in found]
        chains.sort(key=self._rank_key)
        shown, more = chains[:max_paths], max(0, len(chains) - max_paths)

        refuted = [
            (self._ref(c["subject"]), self._predicate_ref(c["predicate"]), self._ref(c["object"]), self._evidence(c))
            for c in self._refuted.get(subject_id, [])
        ]
        verdict: Verdict
        if chains:
            verdict = chains[0].kind  # type: ignore[assignment]
        elif refuted:
            verdict = "refuted"
        else:
            verdict = "none"
        suggestions = self._connected(subject_id) if verdict in ("none", "mechanism") else []
        return Answer(
            name,
            self._ref(subject_id),
            target_ref,
            verdict,
            shown,
            refuted,
            self._conflicts(subject_id, shown),
            suggestions,
            more,
            max_hops,
            self.phrases,
        )

    def _connected(self, node: str, limit: int = 5) -> list[Suggestion]:
        """The entities joined to ``node`` by one relation, and how, those acting on it first."""
        found: dict[str, Suggestion] = {}
        edges = sorted(self.G.in_edges(node, keys=True, data=True), key=lambda e: (e[0], e[2]))
        edges += sorted(self.G.out_edges(node, keys=True, data=True), key=lambda e: (e[1], e[2]))
        for u, v, _, data in edges:
            other = u if v == node else v
            layer = "" if data.get("layer", "stated") == "stated" else f" ({data['layer']})"
            how = f"{self.G.nodes[u]['label']} {data['label']} {self.G.nodes[v]['label']}{layer}"
            found.setdefault(other, Suggestion(self._ref(other), how))
        return list(found.values())[:limit]

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
            claim.get("layer", "stated"),
            claim.get("quantifier"),
            claim.get("subject_text"),
            claim.get("object_text"),
            claim.get("reading"),
        )

    def _conflicts(self, subject: str, chains: list[Chain]) -> list[Conflict]:
        """Contradictions on the steps they concern; tensions only in answers about what they concern."""
        claims = self.G.graph["claims"]
        if self._notes is None:  # made on the first answer that needs them, not on every answer
            self._notes = {
                frozenset((a, b)): d["note"]
                for d in self.G.graph["disagreements"].values()
                for a in d["claims"]
                for b in d["claims"]
                if a != b
            }
            self._tension_notes = {}
            for t in self.G.graph.get("tensions", {}).values():
                for a in t["claims"]:
                    for b in t["claims"]:
                        if a != b:
                            self._tension_notes.setdefault(frozenset((a, b)), []).append(
                                (set(t["concerns"]), t["note"])
                            )
        notes = self._notes
        classes = {subject} | {
            s.to.id for chain in chains for s in chain.steps[:1] if s.kind == "membership" and s.direction == "forward"
        }
        tensions = _Concerning(self._tension_notes, classes)
        conflicts: dict[tuple[str, str], Conflict] = {}
        for chain in chains:
            for step in chain.steps:
                for evidence in step.claims:
                    record = claims[evidence.id]
                    for other in record["contradicted_by"]:
                        key = (evidence.id, other)
                        if (other, evidence.id) in conflicts or other not in claims:
                            continue
                        conflicts.setdefault(
                            key,
                            Conflict(
                                "disagreement",
                                (step.from_, step.predicate, step.to),
                                evidence,
                                self._evidence(claims[other]),
                                notes.get(frozenset(key), ""),
                            ),
                        )
                    for other in record.get("tension_with", []):
                        key = (evidence.id, other)
                        if frozenset(key) in tensions and (other, evidence.id) not in conflicts and other in claims:
                            conflicts.setdefault(
                                key,
                                Conflict(
                                    "tension",
                                    (step.from_, step.predicate, step.to),
                                    evidence,
                                    self._evidence(claims[other]),
                                    tensions[frozenset(key)],
                                ),
                            )
        return list(conflicts.values())


class _Concerning:
    """The tension notes of claim pairs, kept only for tensions that concern one of ``classes``.

    Looked up per pair, so that an answer costs the same however many tensions the graph has.
    """

    def __init__(self, notes: dict[frozenset[str], list[tuple[set[str], str]]], classes: set[str]) -> None:
        self.notes = notes
        self.classes = classes

    def _note(self, pair: frozenset[str]) -> str | None:
        found = None
        for concerns, note in self.notes.get(pair, []):
            if self.classes & concerns:
                found = note  # the last such tension's note, as a dict of them would keep
        return found

    def __contains__(self, pair: object) -> bool:
        return isinstance(pair, frozenset) and self._note(pair) is not None

    def __getitem__(self, pair: frozenset[str]) -> str:
        note = self._note(pair)
        if note is None:
            raise KeyError(pair)
        return note


def _names(claim: dict[str, Any], membership: dict[str, Any]) -> bool:
    """Whether a class claim's quote names the member, as :func:`rlskg.entail.names_member` decides."""
    if membership.get("layer") != "stated" or claim.get("start") is None or membership.get("start") is None:
        return False
    return bool(
        claim["source"]["id"] == membership["source"]["id"]
        and claim["start"] <= membership["start"]
        and membership["end"] <= claim["end"]
    )


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
    Hypertension \u2192 is treated with CalciumChannelBlocker \u2192 triggers RLS
    Hypertension \u2192 is treated with BetaBlocker \u2192 is linked to RLS
    Hypertension \u2192 is treated with CalciumChannelBlocker \u2192 stopping it improves RLS

    """
    from rlskg.kg import shared  # noqa: PLC0415

    return shared(graph_path).why(name, target, max_paths=max_paths, max_hops=max_hops)
