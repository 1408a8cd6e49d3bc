"""Scoring a draft against claims read by hand, as benchmarks/curate/README.md says.

A candidate and a gold row are compared as (subject, relation kind, object, refuted or not), the
kind read from the ontology; a symmetric relation (``associatedWith``) matches either way round. A
known entity matches its id and also a ``+name`` equal to its label or a synonym; a new entity
matches by its proposed label. Names are compared lower-cased, white space collapsed and a leading
"a", "an" or "the" dropped. Recall is the share of gold rows (alternatives count once) that some
candidate matches; precision the share of distinct candidate keys that match some gold row.

The same comparison gives the leave-one-out figures of the seed pages: each page read as new with
its own claims taken out of the graph, against the claims curated by hand.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import OWL, RDF

from rlskg.curate.candidates import Mention, label_of
from rlskg.curate.draft import Draft
from rlskg.curate.propose import propose
from rlskg.model.curation import Claim, Curation, Entity
from rlskg.model.ontology import RLS, Ontology

__all__ = ["LeaveOneOut", "Score", "leave_one_out", "normalise", "score_draft"]

#: (subject, relation kind, object, refuted): subject and object an entity id or "+" and a name.
Key = tuple[str, str, str, bool]


def normalise(name: str) -> str:
    """A name as the scoring compares it.

    Examples
    --------
    >>> normalise("  The Restless   Legs ")
    'restless legs'

    """
    return re.sub(r"^(?:a|an|the)\s+", "", " ".join(name.lower().split()))


@dataclass(frozen=True)
class Score:
    """How a draft compares with a page's gold rows."""

    gold: int  # rows, alternatives counted once
    candidates: int  # distinct candidate keys
    found: int  # gold rows some candidate matches
    right: int  # candidate keys that match some gold row
    missed: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.right / self.candidates if self.candidates else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.gold + other.gold,
            self.candidates + other.candidates,
            self.found + other.found,
            self.right + other.right,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "candidates": self.candidates,
            "recall": round(self.recall, 3),
            "precision": round(self.precision, 3),
            "missed": list(self.missed),
            "wrong": list(self.wrong),
        }


class _Keys:
    """Keys of rows and candidates for one ontology and one list of known entities."""

    def __init__(self, ontology: Ontology, entities: Iterable[Entity]) -> None:
        self.ontology = ontology
        self.named: dict[str, set[str]] = {}
        for entity in entities:
            for name in (entity.label, *entity.synonyms):
                self.named.setdefault(normalise(name), set()).add(entity.id)

    def symmetric(self, predicate: str) -> bool:
        return (RLS[predicate], RDF.type, OWL.SymmetricProperty) in self.ontology.graph

    def kind(self, predicate: str) -> str:
        return self.ontology.relations[predicate].kind

    def alternatives(self, cell: str) -> set[str]:
        """What one gold cell accepts: ids, and for each ``+name`` the name and the entities it names."""
        accepted: set[str] = set()
        for part in (p.strip() for p in str(cell).split("|")):
            if part.startswith("+"):
                name = normalise(part[1:])
                accepted |= {"+" + name, *self.named.get(name, ())}
            elif part:
                accepted.add(part)
        return accepted

    def row(self, row: Sequence[str]) -> set[Key]:
        """Every key a gold row accepts."""
        subjects, objects = self.alternatives(row[0]), self.alternatives(row[2])
        refuted = len(row) > 3 and str(row[3]).strip() == "refuted"
        kind = self.kind(str(row[1]).strip())
        keys = {(s, kind, o, refuted) for s, o in itertools.product(subjects, objects)}
        if self.symmetric(str(row[1]).strip()):
            keys |= {(o, kind, s, refuted) for s, kind, o, refuted in keys}
        return keys

    def claim(self, subject: str, predicate: str, obj: str, refuted: bool) -> Key:
        """A candidate's key; a symmetric relation's ends in a fixed order, so either way round is one key."""
        if self.symmetric(predicate):
            subject, obj = sorted((subject, obj))
        return (subject, self.kind(predicate), obj, refuted)


def _token(draft: Draft, mention: Mention) -> str:
    if mention.id is not None:
        return mention.id
    return "+" + normalise(label_of(mention))


def _shown(key: Key) -> str:
    subject, kind, obj, refuted = key
    return f"[{subject}, {kind}, {obj}{', refuted' if refuted else ''}]"


def score_draft(draft: Draft, rows: Sequence[Sequence[str]], ontology: Ontology, entities: Iterable[Entity]) -> Score:
    """Compare ``draft``'s candidates with gold ``rows`` ([subject, predicate, object(, refuted)])."""
    keys = _Keys(ontology, entities)
    found = {
        keys.claim(_token(draft, c.subject), c.predicate, _token(draft, c.object), c.certainty == "refuted")
        for c in draft.candidates
    }
    expected = [(row, keys.row(row)) for row in rows]
    missed = [row for row, accepted in expected if not accepted & found]
    wrong = sorted(key for key in found if not any(key in accepted for _, accepted in expected))
    return Score(
        gold=len(expected),
        candidates=len(found),
        found=len(expected) - len(missed),
        right=len(found) - len(wrong),
        missed=tuple("[" + ", ".join(str(x) for x in row) + "]" for row in missed),
        wrong=tuple(_shown(key) for key in wrong),
    )


@dataclass(frozen=True)
class LeaveOneOut:
    """A seed page read as new: its score against the hand-curated claims, and how its mentions were grounded."""

    score: Score
    claims: int  # hand-curated claims of the page (``score.gold`` counts their distinct keys)
    grounded: int  # mentions grounded to the curator's entity
    mentions: int  # mentions judged: those of candidates on the sentences of a claim of the same kind

    @property
    def grounding(self) -> float:
        return self.grounded / self.mentions if self.mentions else 0.0


def leave_one_out(curation: Curation, ontology: Ontology, text: str, source_id: str) -> LeaveOneOut:
    """The seed page ``source_id`` (its ``text``) read as new, its own claims taken out of the graph."""
    others = dataclasses.replace(curation, claims=[c for c in curation.claims if c.source != source_id])
    draft = propose(text, {"id": source_id}, others, ontology)
    own = [c for c in curation.claims if c.source == source_id]
    keys = _Keys(ontology, curation.entities)
    rows: dict[Key, list[str]] = {}
    for c in own:
        row = [c.subject, c.predicate, c.object, *(["refuted"] if c.certainty == "refuted" else [])]
        rows.setdefault(keys.claim(c.subject, c.predicate, c.object, c.certainty == "refuted"), row)
    grounded, judged = _grounding(draft, own, ontology)
    return LeaveOneOut(score_draft(draft, list(rows.values()), ontology, curation.entities), len(own), grounded, judged)


def _grounding(draft: Draft, claims: Sequence[Claim], ontology: Ontology) -> tuple[int, int]:
    """Mentions right and judged: a candidate's mentions on the sentences of a claim of the same kind."""
    judged = right = 0
    for candidate in draft.candidates:
        kind = candidate.kind
        overlapping = [
            g
            for g in claims
            if ontology.relations[g.predicate].kind == kind and g.start < candidate.end and candidate.start < g.end
        ]
        if not overlapping:
            continue
        for role in ("subject", "object"):
            mention = getattr(candidate, role)
            if mention.how == "status":
                continue
            judged += 1
            right += any(
                mention.id in ({g.subject, g.object} if kind == "association" else {getattr(g, role)})
                for g in overlapping
            )
    return right, judged
