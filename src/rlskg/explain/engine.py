"""Why is X linked to RLS? Chains through the graph, each hop with its quotes, layer and certainty.

Which way a chain may take each relation, and what verdict a chain of it can give, is data of the
ontology (``rls:follows``, ``rls:chainKind``, ``rls:once``, ``rls:downstream`` on each relation kind),
read from the graph's frame; nothing about relation kinds is decided here. The engine walks any graph
with the protocol of :mod:`rlskg.explain.moves` (in memory, an index on disk, a SPARQL endpoint) by one
walk, and resolves names through :class:`rlskg.explain.names.Names`. In short:

- cause (causes, triggers, contributes to, affects), risk, worsening and mechanism steps are followed
  forward; a chain is as strong as its weakest step (causal > risk > worsening > mechanism >
  associated > class > indirect);
- an association ("linked to", "gets better when stopped") is followed either way;
- context (what a drug treats) is followed only from the condition to the medicine, once, and makes
  the chain "indirect";
- an ingredient that singles out medicines ("medicines that contain antihistamines") is followed from
  the ingredient to the medicines, once, and makes the chain "class": said of some such medicines;
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

from typing import TYPE_CHECKING, Any

from rlskg.errors import AmbiguousName
from rlskg.explain.answer import (
    Answer,
    Chain,
    Conclusion,
    Conflict,
    Evidence,
    Ref,
    SourceRef,
    Step,
    Suggestion,
    Verdict,
)
from rlskg.explain.moves import Claim, Move, Moves, Path, Relation, directions, walk
from rlskg.explain.names import normalize

if TYPE_CHECKING:
    import networkx as nx

    from rlskg.explain.names import Names

__all__ = ["Explainer"]

_RULE = "MemberSharesClassClaim"
#: Paths looked at by each search: the bound of the work of one answer, however the graph grows.
BUDGET = 20_000


class Explainer:
    """Answers why-questions over a graph it walks (:class:`~rlskg.explain.moves.Moves`) and its names.

    Examples
    --------
    >>> from rlskg.kg import load_network
    >>> explainer = Explainer.of(load_network())
    >>> explainer.resolve("Paxil")
    ['Paroxetine']
    >>> explainer.why("Paxil").verdict
    'associated'

    """

    def __init__(self, graph: Moves, names: Names) -> None:
        self.graph = graph
        self.names = names
        frame = graph.frame
        self.rank: dict[str, int] = frame["certainty_rank"]
        self.kinds: dict[str, dict[str, Any]] = frame["kinds"]
        self.relations: dict[str, dict[str, Any]] = frame["relations"]
        self.verdict_rank: dict[str, int] = {name: v["rank"] for name, v in frame["verdicts"].items()}
        self.layer_rank: dict[str, int] = {name: v["rank"] for name, v in frame["layers"].items()}
        self.phrases: dict[str, str] = {name: r.get("phrase", "") for name, r in self.relations.items()}

    @classmethod
    def of(cls, G: nx.MultiDiGraph) -> Explainer:
        """The engine over a networkx view of the graph, held in memory."""
        from rlskg.explain.memory import NetworkMoves  # noqa: PLC0415
        from rlskg.explain.names import EntityNames  # noqa: PLC0415

        return cls(NetworkMoves(G), EntityNames(dict(G.nodes(data=True))))

    # -------------------------------------------------------------- names

    def resolve(self, name: str) -> list[str]:
        """The entity ids a name could mean: one, several (ambiguous), or none."""
        return self.names.resolve(name)

    def suggest(self, name: str, limit: int = 5) -> list[Suggestion]:
        """Entities whose names look like ``name`` (fuzzy), or share a word with it: similar names only."""
        return [Suggestion(self._ref(n), "a similar name") for n in self.names.suggest(name, limit)]

    def _ref(self, node: str) -> Ref:
        return Ref(node, self.names.label(node))

    def _one(self, name: str) -> str | None:
        found = self.resolve(name)
        if len(found) > 1:
            raise AmbiguousName(name, [(n, self.names.label(n)) for n in found])
        return found[0] if found else None

    # -------------------------------------------------------------- chains

    def _step(self, node: str, move: Move, claims: list[Claim]) -> Step:
        relation = self.relations[move.key]
        stated = tuple(self._evidence(c) for c in claims if c.get("restates") is None)
        restated = tuple(self._evidence(c) for c in claims if c.get("restates") is not None)
        cited = (stated or tuple(self._evidence(c) for c in claims)) + restated
        return Step(
            self._ref(node),
            Ref(move.key, relation["label"]),
            self._ref(move.node),
            move.direction,
            move.kind,
            max((c["certainty"] for c in claims), key=self.rank.__getitem__),
            relation["label"] if move.direction == "forward" else relation["inverse_label"],
            cited,
            max((c.get("layer", "stated") for c in claims), key=self.layer_rank.__getitem__),
        )

    def _chain(self, path: Path, orientation: str, claims: dict[Relation, list[Claim]]) -> Chain:
        records = [claims[move.relation(node)] for node, move in path]
        steps = tuple(self._step(node, move, found) for (node, move), found in zip(path, records, strict=True))
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
        conclusion = self._conclusion(steps, records)
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

    def _conclusion(self, steps: tuple[Step, ...], records: list[list[Claim]]) -> Conclusion | None:
        """The entailment in a chain: a member's share of what is said of its class, if any."""
        for index, step in enumerate(steps[:-1]):
            if step.kind != "membership" or step.direction != "forward":
                continue
            after = steps[index + 1]
            if any(_names(claim, membership) for claim in records[index + 1] for membership in records[index]):
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

    def _chains(self, subject: str, target: str, max_hops: int) -> list[Chain]:
        """Every chain found, either way, ranked: toward the target, and from it to a consequence."""
        upstream = walk(self.graph, subject, target, "upstream", max_hops=max_hops, budget=BUDGET)
        downstream = walk(self.graph, target, subject, "downstream", max_hops=max_hops, budget=BUDGET)
        claims = self.graph.claims({move.relation(node) for path in upstream + downstream for node, move in path})
        chains = [self._chain(path, "upstream", claims) for path in upstream]
        chains += [self._chain(path, "downstream", claims) for path in downstream]
        return sorted(chains, key=self._rank_key)

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
        subject_id = self._one(name)
        if subject_id is None:
            suggestions = self.suggest(name)
            return Answer(
                name,
                None,
                self._ref(target_id),
                "unknown",
                suggestions=suggestions,
                max_hops=max_hops,
                phrases=self.phrases,
            )
        if subject_id == target_id:
            raise ValueError(f"'{name}' is the target itself; ask about something else")
        chains = self._chains(subject_id, target_id, max_hops)
        shown = chains[:max_paths]
        refuted = [
            (self._ref(c["subject"]), self._predicate_ref(c["predicate"]), self._ref(c["object"]), self._evidence(c))
            for c in self.graph.refuted(subject_id)
        ]
        verdict: Verdict = chains[0].kind if chains else "refuted" if refuted else "none"  # type: ignore[assignment]
        return Answer(
            name,
            self._ref(subject_id),
            self._ref(target_id),
            verdict,
            shown,
            refuted,
            self._conflicts(subject_id, shown),
            self._connected(subject_id) if verdict in ("none", "mechanism") else [],
            max(0, len(chains) - max_paths),
            max_hops,
            self.phrases,
        )

    def _connected(self, node: str, limit: int = 5) -> list[Suggestion]:
        """The entities joined to ``node`` by one relation, and how, those acting on it first."""
        forward, backward = directions(self.kinds, "around")
        moves = self.graph.moves({node}, forward, backward)
        claims = self.graph.claims({move.relation(node) for _, move in moves})
        incoming = sorted((m.relation(node) for _, m in moves if m.direction == "backward"), key=lambda r: (r[0], r[1]))
        outgoing = sorted((m.relation(node) for _, m in moves if m.direction == "forward"), key=lambda r: (r[2], r[1]))
        found: dict[str, Suggestion] = {}
        for relation in dict.fromkeys((*incoming, *outgoing)):
            u, key, v = relation
            other = u if v == node else v
            layer = max((c.get("layer", "stated") for c in claims[relation]), key=self.layer_rank.__getitem__)
            shown = "" if layer == "stated" else f" ({layer})"
            how = f"{self.names.label(u)} {self.relations[key]['label']} {self.names.label(v)}{shown}"
            found.setdefault(other, Suggestion(self._ref(other), how))
        return list(found.values())[:limit]

    def _predicate_ref(self, predicate: str) -> Ref:
        return Ref(predicate, self.relations[predicate]["label"])

    def _evidence(self, claim: Claim) -> Evidence:
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
        cited = [(step, evidence) for chain in chains for step in chain.steps for evidence in step.claims]
        records = self.graph.records({e.id for _, e in cited})
        joined = {o for r in records.values() for o in (*r["contradicted_by"], *r.get("tension_with", []))}
        records.update(self.graph.records(joined - records.keys()))
        disagreements, tensions = _Notes.of(self.graph.notes(records.keys()))
        classes = {subject} | {
            s.to.id for chain in chains for s in chain.steps[:1] if s.kind == "membership" and s.direction == "forward"
        }
        concerning = _Concerning(tensions, classes)
        conflicts: dict[tuple[str, str], Conflict] = {}
        for step, evidence in cited:
            record = records.get(evidence.id, {})
            where = (step.from_, step.predicate, step.to)
            for other in record.get("contradicted_by", []):
                if (other, evidence.id) not in conflicts and other in records:
                    note = disagreements.get(frozenset((evidence.id, other)), "")
                    found = Conflict("disagreement", where, evidence, self._evidence(records[other]), note)
                    conflicts.setdefault((evidence.id, other), found)
            for other in record.get("tension_with", []):
                pair = frozenset((evidence.id, other))
                if pair in concerning and (other, evidence.id) not in conflicts and other in records:
                    found = Conflict("tension", where, evidence, self._evidence(records[other]), concerning[pair])
                    conflicts.setdefault((evidence.id, other), found)
        return list(conflicts.values())


class _Notes:
    """The notes of the records of disagreement and tension, by the pair of claims they join."""

    @staticmethod
    def of(
        records: dict[str, dict[str, Any]],
    ) -> tuple[dict[frozenset[str], str], dict[frozenset[str], list[tuple[set[str], str]]]]:
        disagreements = {
            frozenset((a, b)): d["note"]
            for d in records.get("disagreements", {}).values()
            for a in d["claims"]
            for b in d["claims"]
            if a != b
        }
        tensions: dict[frozenset[str], list[tuple[set[str], str]]] = {}
        for t in records.get("tensions", {}).values():
            for a in t["claims"]:
                for b in t["claims"]:
                    if a != b:
                        tensions.setdefault(frozenset((a, b)), []).append((set(t["concerns"]), t["note"]))
        return disagreements, tensions


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


def _names(claim: Claim, membership: Claim) -> bool:
    """Whether a class claim's quote names the member, as :func:`rlskg.model.entail.names_member` decides."""
    if membership.get("layer") != "stated" or claim.get("start") is None or membership.get("start") is None:
        return False
    return bool(
        claim["source"]["id"] == membership["source"]["id"]
        and claim["start"] <= membership["start"]
        and membership["end"] <= claim["end"]
    )
