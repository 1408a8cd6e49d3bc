"""The reading of last resort: what a sentence or list item names, in the relation its frame says.

The other readings take a clause apart (subject, cue, object) or a list with its lead-in. Real pages
often defeat that: the subject is "it" or "the drug", an item is three bullets deep under "Associated
with:" under a heading "Cause of RLS", a relation is said around a parenthesis or a long aside. This
reading takes each sentence and item that gave no candidate and asks two questions only:

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
from functools import cached_property

from rlskg.curate.candidates import Mention
from rlskg.curate.constructions import Frame
from rlskg.curate.cues import Cue, read_certainty
from rlskg.curate.page import Unit
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
#: A cue word the unit uses of something else than a relation ("because", "in case of").
_NOT_A_CUE = re.compile(r"^(?:because|in case)", re.I)


class FramedReader(ReaderSteps):
    """The reading of last resort of a reader (see :class:`rlskg.curate.extract.Reader`)."""

    def _item_mentions(self, item: Unit) -> list[Mention]:
        """What an item names (the list reading's)."""
        raise NotImplementedError

    def _scan_topic(self, unit: Unit) -> bool:
        """Whether a unit names the condition (the list reading's)."""
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
        """Read every sentence and item no other reading took anything from."""
        for unit in self.units:
            if unit.kind == "heading" or unit.text.rstrip().endswith("?"):
                continue
            own = self._unit_cues(unit)
            if own:
                self._framed_sentence(unit, own)
            elif unit.kind == "item":
                self._framed_item(unit)

    def _taken(self, mention: Mention) -> bool:
        """Whether another reading made a candidate of the words of ``mention``."""
        return any(
            m.start < mention.end and mention.start < m.end
            for c in self.candidates
            for m in (c.subject, c.object)
            if m.how not in ("topic", "status") and m.end > m.start
        )

    def _unit_cues(self, unit: Unit) -> list[tuple[int, int, Cue]]:
        """The relation cues of a unit, in page order, one a stretch of words (the longest)."""
        found: list[tuple[int, int, Cue]] = []
        for pattern, cue in self._cue_patterns:
            for m in pattern.finditer(self.masked, unit.body_start, unit.end):
                if m.end() > m.start() and not _NOT_A_CUE.match(self.masked[m.start() : m.end() + 8]):
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

    def _it_spans(self, unit: Unit) -> list[tuple[int, int]]:
        """Where a unit names the condition: by a name of it, an alias, or "it", "symptoms"."""
        names = [n.text for n in self.index.names if n.entity == self.topic] + list(self.index.aliases)
        patterns = [_IT, *(re.compile(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", re.I) for n in names)]
        return sorted({(m.start(), m.end()) for p in patterns for m in p.finditer(self.masked, unit.start, unit.end)})

    def _framed_sentence(self, unit: Unit, cues: list[tuple[int, int, Cue]]) -> None:
        """A unit with cues of its own: each thing it names, to the condition it names or calls "it"."""
        its = self._it_spans(unit)
        if self.topic is None:
            return
        if not its and _UNSAID.match(self.masked, cues[-1][1], unit.end):
            its = [(unit.end, unit.end)]  # "Diabetes and anemia have also been blamed.": the page's condition
        if not its:
            return
        named = [m for m in self._named(unit) if not self._taken(m) and not any(s <= m.start < e for s, e, _ in cues)]
        for mention in named:
            if any(s <= mention.start < e for s, e in its):
                continue
            cue = self._nearest(cues, mention)
            start, end, row = cue
            before = any(e <= start for _, e in its)
            after = any(s >= end for s, _ in its)
            if row.form == "verb" and mention.start >= end:
                if not before:
                    continue  # "low iron can lead to a fall in dopamine": two things, neither the condition
                subject, obj = self._topic_mention(its[0][0], its[0][1]), mention
            elif row.form == "passive" and mention.start < start and not after:
                continue  # "X is caused by Y" with neither the condition
            else:
                subject, obj = mention, self._topic_mention(its[-1][0], its[-1][1])
            self._framed_add(unit, cue, subject, obj)

    def _framed_item(self, item: Unit) -> None:
        """An item with no cue of its own: what it names, in the relation of the nearest unit above that says one."""
        if self.topic is None:
            return
        for above in self._frames_above(item):
            cues = self._unit_cues(above)
            if cues:
                for mention in [m for m in self._item_mentions(item) if not self._taken(m)]:
                    for cue in cues[:2]:  # "may cause or worsen": both relations, as said
                        self._framed_add(item, cue, mention, self._topic_mention(cue[1], cue[1]))
                return

    def _frames_above(self, item: Unit) -> list[Unit]:
        """The units whose words frame an item, nearest first: its parent, its lead-in, its heading."""
        chain: list[Unit] = []
        for index in (item.parent, item.lead, item.section):
            if index is not None and index != item.index and self.units[index] not in chain:
                chain.append(self.units[index])
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

    def _framed_add(self, unit: Unit, cue: tuple[int, int, Cue], subject: Mention, obj: Mention) -> None:
        start, end, row = cue
        said = next(u for u in self.units if u.start <= start < u.end)  # the unit the cue stands in
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
            object_topic=True,
            verb=self.text[start:end].lower(),
        )
        self._unit = unit
        self._add(frame, row.relations, subject, obj, (unit.body_start, unit.end), None)
