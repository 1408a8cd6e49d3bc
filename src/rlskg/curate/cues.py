"""Cues: the words of a clause from which a claim's certainty and negation are read.

The levels are the ontology's certainties; the cue words are the page's own, kept verbatim so a
curator sees why a candidate got its level. A refutation ("was once thought to ..., but ...
rejected") or a negated verb ("don't cause") gives ``refuted`` and ``negated``; "research suggests"
gives ``suggested``; a hedge right before the verb ("may", "seems to") gives ``possible``;
anything else is ``stated``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Reading", "read_certainty"]

_REFUTATION = re.compile(
    r"\b(?:rejected|disproved|disproven|ruled out|debunked|no longer (?:thought|believed)|not supported)\b", re.I
)
_ONCE_THOUGHT = re.compile(
    r"\b(?:was|were|is|are|had been) (?:once |long |previously |formerly )?(?:thought|believed)\b", re.I
)
_NEGATION = re.compile(r"\b(?:not|never|no longer)\b|n['\u2019]t\b", re.I)
_SUGGESTS = re.compile(
    r"\b(?:(?:research|studies|evidence|this|that|it) )?(?:suggests?|suggested that|(?:may|might) suggest)\b", re.I
)
_HEDGE = re.compile(r"\b(?:may|might|could|possibly|perhaps|probably|seems?|appears?|likely)\b", re.I)


@dataclass(frozen=True)
class Reading:
    """A certainty, whether the claim is negated, and the span of the cue words."""

    certainty: str
    negated: bool
    cue_start: int
    cue_end: int


def read_certainty(text: str, clause_start: int, clause_end: int, aux_start: int, verb_end: int) -> Reading:
    """How sure a clause is of the relation of one cue.

    The clause is ``text[clause_start:clause_end]``; the cue's auxiliaries start at ``aux_start``
    and its verb ends at ``verb_end``.

    Examples
    --------
    >>> s = "Certain medicines may trigger RLS."
    >>> read_certainty(s, 0, len(s), 18, 29)
    Reading(certainty='possible', negated=False, cue_start=18, cue_end=29)
    >>> s = "Caffeine doesn't cause RLS."
    >>> r = read_certainty(s, 0, len(s), 9, 22); (r.certainty, r.negated, s[r.cue_start:r.cue_end])
    ('refuted', True, "doesn't cause")

    """
    aux = text[aux_start:verb_end]
    clause = text[clause_start:clause_end]
    once = _ONCE_THOUGHT.search(aux)
    refutation = _REFUTATION.search(clause, verb_end - clause_start)
    if once and refutation:
        return Reading("refuted", True, aux_start + once.start(), clause_start + refutation.end())
    if _NEGATION.search(aux):
        return Reading("refuted", True, aux_start, verb_end)
    before = text[clause_start:aux_start]
    suggests = None
    for suggests in _SUGGESTS.finditer(before):  # noqa: B007 - the last one before the verb
        pass
    if suggests is not None:
        return Reading("suggested", False, clause_start + suggests.start(), verb_end)
    hedge = _HEDGE.search(aux)
    if hedge:
        return Reading("possible", False, aux_start + hedge.start(), verb_end)
    return Reading("stated", False, aux_start, verb_end)
