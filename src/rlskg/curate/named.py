"""Set phrases that name a thing and its relation to the condition at once.

Pages about one condition say the same few things in set phrases: that it runs in families, that it
is genetic, that the risk grows as you get older, that it keeps you from sleeping and leaves you
tired. The phrases are rows of the cue table of form ``names`` (``ontology/cues.yaml``): each names
the thing (grounded like any page words: "runs in families" names family history) and the relation,
with the page's topic at the other end. A phrase that leaves the relation to its clause ("worsens
with age") takes the clause's cue. An effect on the person ("wake you up at night") is the
condition's only when the clause says so: with a cue of consequence, cause or effect after the
condition or a word for it ("RLS can make it hard to fall asleep"), or of people who have it
("People with RLS often sleep less"); an effect that leads to another ("not enough sleep, which can
make you feel tired") is a step of its own.
"""

from __future__ import annotations

import re
from functools import cached_property

from rlskg.curate.candidates import Mention
from rlskg.curate.constructions import Frame
from rlskg.curate.cues import Cue, read_certainty
from rlskg.curate.page import Unit
from rlskg.curate.patterns import clauses
from rlskg.curate.steps import ReaderSteps

__all__ = ["NamedReader"]

#: The signals of cues that say the condition does something to a person.
EFFECT_SIGNALS = ("consequence", "cause", "effect")
#: The condition, or words for it, as the one an effect is said of.
_PROXY = re.compile(
    r"\b(?:it|this|these|they|symptoms|the condition|the disorder|the syndrome|the discomfort|the sensations?)\b",
    re.I,
)
#: People who have the condition, as the ones who feel its effects: "People with RLS often sleep less".
_PEOPLE_WITH = r"\b(?:people|patients|individuals|those|adults|children|women|men|sufferers)\s+(?:with|who have)\s+"
#: An effect that leads to another: "not enough sleep, which can make you feel tired".
_WHICH = re.compile(r"\s*,?\s*which\b", re.I)
#: Words of worsening with no cue of their own: "it gets worse (with age)".
_WORSE = re.compile(r"\b(?:gets?|getting|becomes?|grows?|is|are)\s+worse\b", re.I)
#: What a sentence about treating the condition says: its effects are the treatment's.
_TREATMENT = re.compile(r"\b(?:treat(?:ed|ing|ment|ments)?|therap(?:y|ies)|prescrib\w+|manag(?:e|ing|ement))\b", re.I)


class NamedReader(ReaderSteps):
    """The set phrases of a reader (see :class:`rlskg.curate.extract.Reader`)."""

    _effects: list[Mention]

    @cached_property
    def _set_phrases(self) -> list[tuple[Cue, re.Pattern[str]]]:
        rows = [c for c in self.cues.cues if c.form == "names"]
        return [(c, re.compile(r"(?<![\w-])(?:" + c.pattern("x") + r")(?![\w-])", re.I)) for c in rows]

    def _read_named(self) -> None:
        """Read the set phrases of every sentence and item."""
        if self.topic is None:
            return
        for unit in self.units:
            if unit.kind == "heading" or unit.text.rstrip().endswith("?"):
                continue
            self._unit = unit
            for clause in clauses(self.masked, unit.body_start, unit.end):
                found = sorted(
                    ((m, cue) for cue, pattern in self._set_phrases for m in pattern.finditer(self.masked, *clause)),
                    key=lambda pair: (pair[0].start(), -pair[0].end()),
                )
                taken: list[tuple[int, int]] = []
                for m, cue in found:
                    if any(s <= m.start() < e for s, e in taken):
                        continue  # the longer phrase at one place ("not get enough sleep", not "get enough sleep")
                    taken.append((m.start(), m.end()))
                    if cue.side == "object":
                        self._effect(unit, cue, m, clause)
                    else:
                        self._said_of_it(unit, cue, m, clause)

    def _said_of_it(self, unit: Unit, cue: Cue, m: re.Match[str], clause: tuple[int, int]) -> None:
        """[thing, relation, condition] for a phrase like "runs in families" or "as you get older"."""
        relations = cue.relations or self._clause_relations(clause, m) or cue.default
        if not relations or self._other_condition(clause, m.start()):
            return
        thing = self._thing(cue, m)
        frame = self._set_frame(relations, clause, m)
        self._add(frame, relations, thing, self._topic_at(m.end()), (unit.start, unit.end), None)

    def _effect(self, unit: Unit, cue: Cue, m: re.Match[str], clause: tuple[int, int]) -> None:
        """[condition, leads to, effect] when the clause says the condition has it, or a step from an effect."""
        if _TREATMENT.search(self.masked, *clause):
            return
        before = self.masked[clause[0] : m.start()]
        chained = next(
            (e for e in reversed(self._effects) if clause[0] <= e.start and _WHICH.match(self.masked, e.end)), None
        )
        if chained is not None and chained.end <= m.start():
            frame = self._set_frame(("causes",), clause, m)
            self._add(frame, ("causes",), chained, self._thing(cue, m), (unit.start, unit.end), None)
            return
        said = any(self.cue_list[i].signal in EFFECT_SIGNALS for i in self._cues_in(clause[0], m.start()))
        of_it = _PROXY.search(before) or self._topic_names_in(before)
        people = re.search(_PEOPLE_WITH + r"(?:\w+\s+){0,3}?", before, re.I) and self._topic_names_in(before)
        after = self.masked[m.end() : clause[1]]
        caused_by_it = re.match(r"\s+(?:caused|brought on) by\b", after, re.I)
        if not ((said and of_it) or people or (caused_by_it and self._topic_names_in(after))):
            return
        frame = self._set_frame(cue.relations, clause, m)
        effect = self._thing(cue, m)
        self._effects.append(effect)
        self._add(frame, cue.relations, self._topic_at(m.start()), effect, (unit.start, unit.end), None)

    def _thing(self, cue: Cue, m: re.Match[str]) -> Mention:
        """What the phrase names, grounded like the page's words: the graph's entity, a vocabulary term, or new."""
        assert cue.names is not None
        grounding = self.index.ground(cue.names)
        text = " ".join(self.text[m.start() : m.end()].split())
        if grounding is None or grounding.score < 0.95:
            return Mention(text, m.start(), m.end(), None, "new", 0.0, cue.names)
        term = grounding.term.label if grounding.term is not None else None
        return Mention(text, m.start(), m.end(), grounding.id, grounding.how, grounding.score, cue.names, term)

    def _set_frame(self, relations: tuple[str, ...], clause: tuple[int, int], m: re.Match[str]) -> Frame:
        reading = read_certainty(self.cues, self.text, clause, m.start(), (m.start(), m.end()))
        cue = (min(reading.cue_start, m.start()), max(reading.cue_end, m.end()))
        return Frame(relations, (m.start(), m.start()), (m.end(), m.end()), cue, reading.certainty, reading.negated)

    def _clause_relations(self, clause: tuple[int, int], m: re.Match[str]) -> tuple[str, ...]:
        """The relations of the relation cue nearest before the phrase in its part of the clause, else the first.

        "it's twice as common in women and gets worse with age": age is said to worsen it.
        """
        signals = ("cause", "trigger", "contribution", "risk", "worsening", "association")
        part = max(
            (c.end() for c in re.finditer(r",?\s+(?:and|but)\s+", self.masked[clause[0] : m.start()])), default=0
        )
        if "worsens" in self.ontology.relations and _WORSE.search(self.masked, clause[0] + part, m.start()):
            return ("worsens",)  # "and it often gets worse as you get older"
        for start in (clause[0] + part, clause[0]):
            for i in reversed(self._cues_in(start, m.start())) if start > clause[0] else self._cues_in(*clause):
                if self.cue_list[i].signal in signals:
                    return self.cue_list[i].relations
        return ()

    def _cues_in(self, start: int, end: int) -> list[int]:
        found = []
        for match in self.cue_re.finditer(self.masked, start, end):
            found.append(next(i for i in range(len(self.cue_list)) if match.group(f"c{i}") is not None))
        return found

    def _other_condition(self, clause: tuple[int, int], before: int) -> bool:
        """Whether the clause names, before the phrase, a condition other than the topic as what it speaks of."""
        for mention in self._scan(clause[0], before):
            entity = self.index.entities.get(mention.id or "")
            term = self.index.terms.get((mention.term or "").lower())
            kind = entity.type if entity is not None else term.type if term is not None else None
            if kind == "Condition":
                return True
        return False

    def _topic_at(self, at: int) -> Mention:
        return Mention("", at, at, self.topic, "topic", 1.0)
