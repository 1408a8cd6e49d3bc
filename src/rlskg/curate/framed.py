"""The reading of last resort: what a sentence or list item names, in the relation its frame says.

The other readings take a clause apart (subject, cue, object) or a list with its lead-in. Real pages
often defeat that: the subject is "it" or "the drug", an item is three bullets deep under "Associated
with:" under a heading "Cause of RLS", a relation is said around a parenthesis or a long aside. This
reading takes the names each sentence and item holds that no other reading made a candidate of, and
asks two questions only:

- which relation is said: by a cue of the table in the unit itself, or, for a list item, in the item
  above it, its lead-in or its section heading, the nearest first;
- what it is said of: the condition the page is about (named, or "it", "the condition", "symptoms")
  at one end, the entities the unit names at the other.

A sentence must name the condition (or say "it") beside its own cue; an item takes the condition from
its frame. What the unit names and where it stands against the cue gives the direction ("RLS can lead
to insomnia": the condition first; "smokers are more likely to get it": the people's trait first).
Its candidates pass the same filters as every other reading's (no symptom that defines the condition;
of what the condition causes, only its effects on the person).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property

from rlskg.curate.candidates import Candidate, Mention
from rlskg.curate.constructions import Frame
from rlskg.curate.cues import Cue, read_certainty
from rlskg.curate.mentions import is_generic
from rlskg.curate.page import Unit
from rlskg.curate.patterns import BARE_LEAD, YES_NO_QUESTION
from rlskg.curate.steps import ReaderSteps

__all__ = ["FramedReader"]

#: The forms of cue whose words say a relation between two things a unit names.
_FORMS = ("verb", "passive", "noun", "people")
#: Words that stand for the condition a page is about, besides its names.
_IT = re.compile(
    r"(?<![\w-])(?:it|its|the (?:condition|disorder|syndrome|disease|problem)|(?:the |your |their )?symptoms)(?![\w-])",
    re.I,
)
#: The auxiliaries and adverbs right before a cue, where its negation and hedge stand ("does not", "may also").
_AUXILIARIES = re.compile(r"(?:\b[\w'\u2019]+\s+){1,3}$")
#: What follows a noun that names a list's relation: "triggers are", "risk factors include", "causes:".
_LISTING = re.compile(r"\s*(?::|(?:are|is|include|includes|can include|may include|such as)\b)", re.I)
#: Nothing after a relation's cue but the sentence's end: its other end is left unsaid.
_UNSAID = re.compile(r"\s*(?:as well|too|also)?\s*[.!;]?\s*$", re.I)
#: What joins two relation cues said of the same ends: "cause or worsen", "trigger and/or aggravate".
_JOINS = re.compile(r",?\s+(?:or|and|and/or|or even|and may|or may|or can|and can)\s+", re.I)
#: What says that things after a cue share its subject's relation: "..., as can some antidepressants".
_LIKEWISE = re.compile(r",?\s+(?:as|like|just as)\s+(?:can|do|does|may|might|will|could)\b", re.I)
#: A verb of a clause of its own: "is", "has", "can".
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|can|could|may|might|will|would|does|do|did)\b", re.I)
#: A relative clause set off by commas, whose verb is no clause of its own: ", which is a stimulant,".
_RELATIVE = re.compile(r",\s*(?:which|who|that)\b[^,]*,")
#: What makes a sentence ask rather than say: "do not know whether", "it is unclear if".
_OPEN_QUESTION = re.compile(r"\b(?:whether|unclear if|not known if|know if|sure if|wonder if)\b", re.I)


class FramedReader(ReaderSteps):
    """The reading of last resort of a reader (see :class:`rlskg.curate.extract.Reader`)."""

    def _item_mentions(self, item: Unit) -> list[Mention]:
        """What an item names (the list reading's)."""
        raise NotImplementedError

    def _topic_mention(self, start: int, end: int) -> Mention:
        """The condition, said at ``[start, end)`` (the mention reading's)."""
        raise NotImplementedError

    @cached_property
    def _cue_patterns(self) -> list[tuple[re.Pattern[str], Cue]]:
        return [
            (re.compile(r"(?<![\w-])(?:" + cue.pattern("x") + r")(?![\w-])", re.I), cue)
            for cue in self.cues.cues
            if cue.relations and cue.form in _FORMS and cue.signal not in ("status", "membership", "context")
        ]

    def _read_framed(self) -> None:
        """Read the names of every sentence and item that no other reading made a candidate of."""
        cues = {unit.index: self._unit_cues(unit) for unit in self.units}  # a lead-in's, once for all its items
        for unit in self.units:
            if unit.kind == "heading" or unit.text.rstrip().endswith("?"):
                continue
            if cues[unit.index]:
                self._framed_sentence(unit, cues[unit.index])
            elif unit.kind == "item":
                self._framed_item(unit, cues)

    def _relating(self) -> Iterator[Candidate]:
        """The candidates that relate two things: not a class's members, nor what a drug treats.

        A class whose drugs belong to it may still be said to cause the condition.
        """
        return (c for c in self.candidates if c.kind not in ("membership", "context"))

    def _related_words(self) -> Iterator[Mention]:
        """The page words the relating candidates were made of (not the topic or a status they imply)."""
        return (
            m
            for c in self._relating()
            for m in (c.subject, c.object)
            if m.how not in ("topic", "status") and m.end > m.start
        )

    def _taken(self, mention: Mention) -> bool:
        """Whether another reading made a candidate of the words of ``mention``."""
        return any(m.start < mention.end and mention.start < m.end for m in self._related_words())

    def _stood_for(self, mention: Mention, unit: Unit) -> bool:
        """Whether ``mention`` names a class without its members ("certain medicines") that the next sentence names.

        Another reading gave those members the relation ("Certain medicines can trigger it. Examples are ...").
        """
        return is_generic(self.text[mention.start : mention.end]) and any(
            c.start <= mention.start < c.end and c.end > unit.end for c in self._relating()
        )

    def _nearer_taken(self, cue: tuple[int, int, Cue], mention: Mention) -> bool:
        """Whether the cue has a subject of its own, in a clause after the one ``mention`` stands in.

        "Iron is needed for dopamine and iron deficiency may provoke it": another reading related "iron
        deficiency"; "iron", before a verb of its own, is not said to provoke anything.
        """
        if mention.end > cue[0]:
            return False
        return any(
            mention.end <= m.start
            and m.end <= cue[0]
            and _FINITE.search(_RELATIVE.sub(" ", self.masked[mention.end : m.start])) is not None
            for m in self._related_words()
        )

    def _unit_cues(self, unit: Unit) -> list[tuple[int, int, Cue]]:
        """The relation cues of a unit, in page order, one a stretch of words (the longest)."""
        found: list[tuple[int, int, Cue]] = []
        for pattern, cue in self._cue_patterns:
            for m in pattern.finditer(self.masked, unit.body_start, unit.end):
                if m.end() > m.start():
                    found.append((m.start(), m.end(), cue))
        for words in self.cues.status.finditer(self.masked, unit.start, unit.end):  # "the cause is not known"
            found = [f for f in found if not (words.start() <= f[1] and f[0] <= words.end())]
        # the longest words first; of one word read two ways, the noun where a list follows ("triggers are")
        found.sort(key=lambda f: (f[0], -(f[1] - f[0]), self._form_rank(f)))
        kept: list[tuple[int, int, Cue]] = []
        for start, end, cue in found:
            if not kept or start >= kept[-1][1]:
                kept.append((start, end, cue))
        return kept

    def _form_rank(self, found: tuple[int, int, Cue]) -> int:
        """0 for the form the words after a cue ask for: a noun before "are", "include", a colon; else a verb."""
        listing = _LISTING.match(self.masked, found[1]) is not None
        return 0 if (found[2].form == "noun") == listing else 1

    def _it_spans(self, unit: Unit, named: list[Mention]) -> list[tuple[int, int]]:
        """Where a unit names the condition: by a name of it, an alias, or "it", "symptoms".

        "it" after a thing the unit names stands for that thing ("Caffeine is a stimulant, and it can
        cause insomnia"), not for the condition.
        """
        words = self.masked[unit.start : unit.end]
        spans = {(unit.start + s, unit.start + e) for s, e in self._topic_names_in(words)}
        for m in _IT.finditer(self.masked, unit.start, unit.end):
            pronoun = m.group().lower() in ("it", "its")
            if not (pronoun and any(n.end <= m.start() for n in named)):
                spans.add((m.start(), m.end()))
        return sorted(spans)

    def _framed_sentence(self, unit: Unit, cues: list[tuple[int, int, Cue]]) -> None:
        """A unit with cues of its own: each thing it names, to the condition it names or calls "it"."""
        if self.topic is None or _OPEN_QUESTION.search(self.masked, unit.start, cues[0][0]):
            return  # "researchers do not know whether caffeine causes it" asserts nothing
        named = [
            m
            for m in self._named(unit)
            if not self._taken(m)
            and not any(s <= m.start < e for s, e, _ in cues)
            and not self._a_member_named(m, unit.body_start)  # said of its class, not of it
            and not self._stood_for(m, unit)
            and not any(r.start() <= m.start < r.end() for r in _RELATIVE.finditer(self.masked, unit.start, unit.end))
        ]
        its = self._it_spans(unit, named)
        if _UNSAID.match(self.masked, cues[-1][1], unit.end):
            its.append((unit.end, unit.end))  # "... also present a higher risk.": the page's condition, unsaid
        if not its:
            return
        for mention in named:
            if any(s <= mention.start < e for s, e in its):
                continue
            cue = self._nearest(cues, mention)
            if self._nearer_taken(cue, mention):
                continue  # "Iron is needed for dopamine and iron deficiency may provoke it": the cue's own subject
            ends = self._ends(cue, mention, its)
            if ends is not None:
                for joined in self._joined(cues, cue):
                    self._framed_add(unit, unit, joined, *ends)

    def _ends(
        self, cue: tuple[int, int, Cue], mention: Mention, its: list[tuple[int, int]]
    ) -> tuple[Mention, Mention] | None:
        """Subject and object of a relation between ``mention`` and the condition, from where each stands.

        Before the cue is the subject and after it the object ("RLS can lead to insomnia", "RLS is a
        risk factor for depression"), the other way round for a passive ("RLS may be caused by iron
        deficiency"); "..., as can some antidepressants" makes what follows a subject too. A thing and
        the condition on the same side say nothing of who does what, and give no candidate.
        """
        start, end, row = cue
        after = mention.start >= end
        topic_before = [s for s in its if s[1] <= start]
        topic_after = [s for s in its if s[0] >= end]
        if after and _LIKEWISE.search(self.masked, end, mention.start):
            return (mention, self._topic_mention(*its[-1])) if topic_after or topic_before else None
        if row.form == "passive":
            if after and topic_before:
                return mention, self._topic_mention(*topic_before[-1])
            if not after and topic_after:
                return self._topic_mention(*topic_after[0]), mention
            return None
        if after and row.form == "noun" and _LISTING.match(self.masked, end):
            return mention, self._topic_mention(*its[0])  # "common RLS triggers are caffeine, nicotine ..."
        if after and topic_before:
            return self._topic_mention(*topic_before[-1]), mention
        if not after and topic_after:
            return mention, self._topic_mention(*topic_after[0])
        if after and row.form == "noun" and topic_after and topic_after[0][0] < mention.start:
            return mention, self._topic_mention(*topic_after[0])  # "causes of RLS include diabetes"
        return None

    def _joined(self, cues: list[tuple[int, int, Cue]], cue: tuple[int, int, Cue]) -> list[tuple[int, int, Cue]]:
        """A cue and those "or" or "and" join to it: "can cause or worsen" says both relations."""
        at = cues.index(cue)
        joined = [cue]
        for step in (-1, 1):
            k = at
            while 0 <= k + step < len(cues):
                a, b = sorted((cues[k], cues[k + step]))
                if not _JOINS.fullmatch(self.masked, a[1], b[0]):
                    break
                k += step
                joined.append(cues[k])
        return sorted(joined)

    def _framed_item(self, item: Unit, cues_of: dict[int, list[tuple[int, int, Cue]]]) -> None:
        """An item with no cue of its own: what it names, in the relation of the nearest unit above that says one.

        The unit above says which end the items are: "RLS can lead to:" makes them objects, "Things
        that can trigger RLS:" subjects; a unit above that names something else than the condition
        ("Iron deficiency can be caused by:") and not the condition frames no item of this reading.
        """
        if self.topic is None:
            return
        for above in self._frames_above(item):
            if YES_NO_QUESTION.match(above.text):
                return  # "Does caffeine cause RLS?" asks; the items below it are not said to
            cues = cues_of[above.index]
            if not cues:
                continue
            its = self._it_spans(above, [])
            if not its and self._scan(above.body_start, above.end):
                return  # "Iron deficiency can be caused by:": a list about something else
            topic_first = any(e <= cues[0][0] for _, e in its)
            for mention in [m for m in self._item_mentions(item) if not self._taken(m)]:
                for cue in self._joined(cues, cues[0]):  # "may cause or worsen": both relations, as said
                    if topic_first and cue[2].form != "passive":
                        self._framed_add(item, above, cue, self._topic_mention(*its[0]), mention)
                    else:
                        self._framed_add(item, above, cue, mention, self._topic_mention(cue[1], cue[1]))
            return

    def _frames_above(self, item: Unit) -> list[Unit]:
        """The units whose words frame an item, nearest first: its parent, its lead-in, its heading.

        The heading only for a list with no lead-in of its own: a lead-in that says no relation frames
        its items with none.
        """
        chain: list[Unit] = []
        for index in (item.parent, item.lead, item.section if item.lead is None else None):
            if index is not None and index != item.index and self.units[index] not in chain:
                chain.append(self.units[index])
        bare = next((u for u in chain if BARE_LEAD.match(u.text)), None)
        if bare is not None:  # "Theories involve:" says no relation: the frames above it do
            above = self._frames_above(bare) if bare.kind == "item" else []
            section = [self.units[item.section]] if item.section is not None else []
            chain = [u for u in chain if u is not bare] + [u for u in above + section if u not in chain]
        return chain

    def _named(self, unit: Unit) -> list[Mention]:
        """What a unit names: a list item's own names, a sentence's known entities and vocabulary terms."""
        if unit.kind == "item":
            return self._item_mentions(unit)
        found = self._scan(unit.body_start, unit.end, whole=True)
        return [  # "renal disease" inside "end-stage renal disease" is not named on its own
            m for m in found if not any(o is not m and o.start <= m.start and m.end <= o.end for o in found)
        ]

    @staticmethod
    def _nearest(cues: list[tuple[int, int, Cue]], mention: Mention) -> tuple[int, int, Cue]:
        return min(cues, key=lambda c: min(abs(mention.start - c[1]), abs(c[0] - mention.end)))

    def _framed_add(self, unit: Unit, said: Unit, cue: tuple[int, int, Cue], subject: Mention, obj: Mention) -> None:
        """Propose ``subject`` in ``cue``'s relation to ``obj``, read in ``unit``; the cue stands in ``said``."""
        start, end, row = cue
        lead_words = _AUXILIARIES.search(self.masked, said.start, start)
        aux = lead_words.start() if lead_words else start
        reading = read_certainty(self.cues, self.text, (said.start, said.end), aux, (start, end))
        frame = Frame(
            row.relations,
            (subject.start, subject.end),
            (obj.start, obj.end),
            (start, end),
            reading.certainty,
            reading.negated,
            verb=self.text[start:end].lower(),
        )
        self._unit = unit
        self._add(frame, row.relations, subject, obj, (unit.body_start, unit.end), None)
