"""The second reading of a page: every relation cue relates the things named around it.

The first reading (:mod:`rlskg.curate.extract`) reads a clause by its syntax: a subject, a cue, an
object, each a noun phrase that must ground. Real pages often say a thing in words no pattern
foresaw. This reading is anchored on the cues instead: in a clause with a relation cue, each thing
the entity recogniser finds (an entity of the graph, a term of the vocabulary, a name the page
gives) that the first reading left out is related to the other end the cue points at: a thing on
the other side of the cue, else the page's topic when the clause names it ("it", "the condition")
or the cue leaves it unsaid ("a significant contributor"). Which side is the subject follows the
cue's form (a verb's subject stands before it, a passive's after it); negation and hedges are read
as for the first reading. Only what the first reading did not relate is added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from rlskg.curate.candidates import Mention, label_of
from rlskg.curate.chunks import object_after, subject_before
from rlskg.curate.constructions import Frame
from rlskg.curate.cues import Cue, read_certainty
from rlskg.curate.page import Unit
from rlskg.curate.patterns import clauses
from rlskg.curate.steps import ReaderSteps

__all__ = ["AnchoredReader"]

#: The signals whose cues anchor a second reading: what says a cause, a risk, a worsening or a link.
ANCHORS = ("cause", "trigger", "contribution", "consequence", "risk", "worsening", "association")
#: What a list of members follows: "Other risk factors include", "Other causes may include:".
_INCLUDES = re.compile(
    r"\s+(?:(?:may|can|might|also|often|commonly)\s+)*(?:include|includes|included|comprise|consist of)\s*:?\s+",
    re.I,
)
#: A participle right after its noun: "disturbances caused by RLS", "conditions associated with RLS".
_PARTICIPLE = re.compile(r"\w+(?:ed|ing)\b|due to|secondary to", re.I)
#: A pronoun or the condition's own words as the subject: "It has been linked to", "This condition may".
_PRONOUN = re.compile(r"\b(?:it|this condition|the condition|the disorder|the syndrome)\s*$", re.I)
#: A noun cue says a relation after a copula: "X is a common cause of Y", "X, a known trigger".
_COPULA = re.compile(r"\b(?:is|are|was|were|be|being|been|as|remains?)(?:\s+\w+){0,3}\s*$", re.I)
#: What a sentence about treating the condition says: its drugs and habits are treatments, not causes.
_TREATMENT = re.compile(r"\b(?:treat(?:ed|ing|ment|ments)?|therap(?:y|ies)|prescribed|manag(?:e|ing|ement))\b", re.I)


@dataclass(frozen=True)
class _Anchor:
    """A relation cue of a clause: its row, the span of its words (auxiliaries first) and of the verb."""

    cue: Cue
    start: int
    end: int
    verb: tuple[int, int]
    match: re.Match[str]


class AnchoredReader(ReaderSteps):
    """The second reading of a reader (see :class:`rlskg.curate.extract.Reader`)."""

    def _read_anchored(self) -> None:
        """Relate, in each sentence and item, what the first reading left out of its cues' relations."""
        for unit in self.units:
            if unit.kind == "heading" or unit.text.rstrip().endswith("?"):
                continue
            self._unit = unit
            for cs, ce in clauses(self.masked, unit.body_start, unit.end):
                self._enumerated(unit, (cs, ce))
                anchors = self._anchors(cs, ce)
                for k in range(len(anchors)):
                    self._anchor(unit, anchors, k, (cs, ce))

    @cached_property
    def _noun_cues(self) -> list[tuple[Cue, re.Pattern[str]]]:
        rows = self.cues.relation_cues("noun")
        return [(c, re.compile(r"(?<![\w-])(?:" + c.pattern("x") + r")(?![\w-])", re.I)) for c in rows]

    def _enumerated(self, unit: Unit, clause: tuple[int, int]) -> None:
        """Read "Other risk factors include A, B and C", "Factors that contribute to RLS include A, B".

        The members after "include" take the relation the words before it say, with the thing
        those words name after the cue ("the development of RLS") or the topic at the other end.
        """
        include = _INCLUDES.search(self.masked, *clause)
        if include is None or _TREATMENT.search(self.masked, *clause):
            return
        head = (clause[0], include.start())
        found = [(m, c) for c, pattern in self._noun_cues for m in pattern.finditer(self.masked, *head)]
        found += [(a.match, a.cue) for a in self._anchors(*head, copula=False)]
        if not found:
            return
        match, cue = max(found, key=lambda pair: pair[0].end())
        span = object_after(self.masked, match.end(), head[1])
        objects = self._side(*span) if span is not None else []
        if not objects and self.topic:
            objects = [self._topic_here(match.end())]
        members = self._entities(include.end(), clause[1], listing=True)
        reading = read_certainty(self.cues, self.text, clause, match.start(), (match.start(), match.end()))
        frame = Frame(
            cue.relations, head, head, (reading.cue_start, reading.cue_end), reading.certainty, reading.negated
        )
        for member in members:
            for obj in objects:
                if member.how != "class" and not self._related(unit, member, obj):
                    self._add(frame, cue.relations, member, obj, (unit.start, unit.end), None)

    def _anchors(self, cs: int, ce: int, *, copula: bool = True) -> list[_Anchor]:
        """The relation cues of a clause; a noun cue only after a copula unless ``copula`` is false."""
        found = []
        for match in self.cue_re.finditer(self.masked, cs, ce):
            which = next(i for i in range(len(self.cue_list)) if match.group(f"c{i}") is not None)
            cue = self.cue_list[which]
            if cue.signal not in ANCHORS or (
                copula and cue.form == "noun" and not _COPULA.search(self.masked, cs, match.start())
            ):
                continue
            verb = (match.start(f"v{which}"), match.end(f"v{which}"))
            start = match.start()
            while start < verb[0] and self.masked[start].isspace():
                start += 1
            found.append(_Anchor(cue, start, match.end(), verb, match))
        return found

    def _anchor(self, unit: Unit, anchors: list[_Anchor], k: int, clause: tuple[int, int]) -> None:
        anchor = anchors[k]
        if _TREATMENT.search(self.masked, *clause):
            return
        before = self._side_before(anchors, k, clause)
        after = self._side_after(anchors, k, clause)
        subjects, objects = (after, before) if anchor.cue.form == "passive" else (before, after)
        if not objects and self.topic and self._unsaid(anchor):
            objects = [self._topic_here(anchor.end)]
        reading = read_certainty(self.cues, self.text, clause, anchor.start, anchor.verb)
        frame = Frame(
            anchor.cue.relations,
            (anchor.start, anchor.start),
            (anchor.end, anchor.end),
            (reading.cue_start, reading.cue_end),
            reading.certainty,
            reading.negated,
        )
        for subject in subjects:
            for obj in objects:
                if subject.id == self.topic and not self._an_effect(anchor, obj):
                    continue  # what the condition itself causes is a symptom unless it is an effect on the person
                if not self._related(unit, subject, obj):
                    self._add(frame, anchor.cue.relations, subject, obj, (unit.start, unit.end), None)

    def _side_before(self, anchors: list[_Anchor], k: int, clause: tuple[int, int]) -> list[Mention]:
        """What the noun phrase before the cue names: its subject (a passive's object)."""
        anchor = anchors[k]
        start = anchors[k - 1].end if k > 0 and anchors[k - 1].cue.form != "verb" else clause[0]
        participle = anchor.start == anchor.verb[0] and bool(_PARTICIPLE.match(self.masked, anchor.verb[0]))
        span = subject_before(self.masked, start, anchor.start, participle=participle)
        if span is None:
            pronoun = _PRONOUN.search(self.masked, clause[0], anchor.start)
            return [self._topic_here(anchor.start)] if pronoun and self.topic else []
        return self._side(*span)

    def _side_after(self, anchors: list[_Anchor], k: int, clause: tuple[int, int]) -> list[Mention]:
        """What the noun phrase after the cue names; for "may cause or worsen RLS", the phrase after the last verb."""
        start = anchors[k].end
        while k + 1 < len(anchors) and re.fullmatch(
            r"\s*(?:,\s*)?(?:or|and)?\s*", self.masked[start : anchors[k + 1].start]
        ):
            k += 1
            start = anchors[k].end
        span = object_after(self.masked, start, clause[1])
        return self._side(*span) if span is not None else []

    def _side(self, start: int, end: int) -> list[Mention]:
        if self.topic and self._is_topic(start, end):
            return [self._topic_here(start)]
        phrase = self._phrase(start, end)
        if phrase.kind == "topic":
            return [self._topic_here(start)]
        found = phrase.examples or (phrase.mentions if phrase.kind != "generic" else [])
        if phrase.examples and any(self._a_member_named(m, start) for m in phrase.examples):
            found = phrase.mentions  # "dopamine agonists (ropinirole)": said of the class, not of its members
        return [
            m for m in found if (m.id is not None or m.how == "vocabulary") and (m.how != "fuzzy" or m.score >= 0.8)
        ]

    def _is_topic(self, start: int, end: int) -> bool:
        """Whether the phrase names the topic: its name, or "symptoms of" it, "cases of" it, "the development of" it."""
        words = self.masked[start:end]
        of = re.match(r"(?:\w+\s+){0,3}?(?:of|with)\s+", words)
        grounding = self.index.ground(words[of.end() :] if of else words)
        return grounding is not None and grounding.id == self.topic and grounding.score >= 0.95

    def _an_effect(self, anchor: _Anchor, obj: Mention) -> bool:
        """Whether what the topic is said to cause is an effect on the person, not a symptom of it."""
        if anchor.cue.signal == "association":
            return obj.id != self.topic
        entity = self.index.entities.get(obj.id or "")
        return entity is not None and entity.type == "Consequence"

    def _unsaid(self, anchor: _Anchor) -> bool:
        """Whether the cue leaves its other end, the page's topic, unsaid ("a significant contributor")."""
        return anchor.cue.form in ("noun", "people") or anchor.cue.signal in ("contribution", "trigger", "worsening")

    def _topic_here(self, at: int) -> Mention:
        return Mention("", at, at, self.topic, "topic", 1.0)

    def _related(self, unit: Unit, subject: Mention, obj: Mention) -> bool:
        """Whether a reading already related the two in this unit (either way round)."""
        keys = {_key(subject), _key(obj)}
        here = [c for c in self.candidates if c.start < unit.end and unit.start < c.end]
        # "plays a role in regulating dopamine": the first reading named the object whole (dopamine regulation)
        return any({_key(c.subject), _key(c.object)} == keys for c in here) or any(
            _key(c.subject) == _key(subject) and c.object.start < obj.end and obj.start < c.object.end
            for c in here
            if obj.text
        )


def _key(mention: Mention) -> str:
    return mention.id or "+" + label_of(mention).lower()
