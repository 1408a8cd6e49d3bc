"""Lists: a lead-in and its items, each item read in the frame the lead-in, heading or label sets.

A frame is what the lead-in says of every item: its relations, certainty, negation, quantifier and
the other end of the relation ("Certain medicines may trigger RLS. These include:" gives each item
``triggers RLS``, possibly, "some"). A lead-in with no such sentence may still say it with nouns
("Secondary causes and associations are listed below:-", "Common culprits include:"); a list with no
lead-in of its own takes its section heading's frame ("Triggers", "Risk factors", "Medicines that can
make RLS worse") or that of the list before it in the same section. An item may hold its own
coordination ("Metoclopramide and prochlorperazine"), an explanation after a dash, a colon or in
brackets ("metoclopramide - used to relieve nausea", "(dopamine receptor blockers)") and its own verb
("Iron deficiency may precipitate or exacerbate symptoms"); a short line after a group ("May be
associated", "Association unclear") narrows the group's frame to its own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from rlskg.curate.candidates import Mention, label_of
from rlskg.curate.chunks import subject_before
from rlskg.curate.constructions import ConstructionReader, Frame
from rlskg.curate.cues import read_certainty
from rlskg.curate.grounding import content_words
from rlskg.curate.mentions import Phrase, is_generic
from rlskg.curate.page import Unit
from rlskg.curate.patterns import (
    ANAPHOR,
    BARE_LEAD,
    ENUMERATION,
    EXAMPLES,
    QUANTIFIER,
    WITHDRAWAL,
    YES_NO_QUESTION,
    clauses,
    mask_parentheses,
    parentheses,
)
from rlskg.curate.steps import ReaderSteps

__all__ = ["ListFrame", "ListReader"]

#: A list frame: the lead's frame, the other end of the relation, which end the items are, where the quote starts.
ListFrame = tuple[Frame, list[Mention], str, int]

_EXPLANATION = re.compile(r"\s+(?:[\u2013\u2014]|--?)\s+|:\s+")
_INTRO = re.compile(
    r"^(?:these|they|those|such|(?:some |common )?(?:examples|culprits|ones)|the (?:most )?common ones|"
    r"the following)\b[^.]{0,40}?(?:include|includes|are|:)",
    re.I,
)
_DRUG_CLASS = re.compile(
    r"\b(?:blockers?|inhibitors?|antagonists?|agonists?|medicines|medications|drugs|\w+ics|\w+ants|\w+ines)$", re.I
)
#: An item that is a sentence of its own: it says, with a verb, rather than names.
_SAYS = re.compile(
    r"\b(?:is|are|was|were|has|have|had|can|may|might|will|experience|experiences|develop|develops|get|gets|"
    r"occurs?|happens?|affects?|appears?)\b",
    re.I,
)
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9-]{0,7}$")
#: Medicines named by who takes them: "Talk to your doctor if you are taking antinausea drugs, ...".
_TAKING = re.compile(r"\bif you (?:are |have been )?(?:taking|take|use|using|are on)\s+", re.I)
#: A sentence that names what the item before it takes in: "This includes peripheral neuropathy, ...".
_INCLUDES_THESE = re.compile(
    r"(?:this|these|they|it|examples)\s+(?:also\s+)?(?:includes?|comprises?|covers?|are|is)\b\s*:?\s*", re.I
)


#: Where the examples of a class begin: a bracket ("drugs (e.g., ..."), "such as", "including", "like".
_EXAMPLE_MARK = re.compile(
    r"\(\s*(?:e\.g\.,?|for example,?|such as|including|like)?\s*|"
    r",?\s*\b(?:such as|including|like|for example,?|e\.g\.,?)\s+",
    re.I,
)


class ListReader(ConstructionReader, ReaderSteps):
    """The list reading of a reader (see :class:`rlskg.curate.extract.Reader`)."""

    list_frames: dict[int, list[ListFrame]]
    _items: dict[int, list[Mention]]
    _saying: set[int]  # the items that say a relation of their own
    _list_classes: dict[int, Mention]  # by lead-in: the class of drugs its items are members of
    _title: tuple[list[ListFrame], frozenset[str]] | None  # a title's frames, and the kinds of the members it speaks of
    _group: list[Mention]
    _group_span: tuple[int, int] | None
    _group_inline: bool
    _group_list: int | None = None

    # ---------------------------------------------------------------- frames of a list

    def _lead_frame(
        self, unit: Unit, frame: Frame, others: list[Mention], side: str, inline: tuple[int, int] | None = None
    ) -> bool:
        """Record ``frame`` for the list ``unit`` introduces, if it introduces one; say whether it did."""
        if inline is not None or not others:
            return False
        lead = self._led_list(unit)
        if lead is None:
            return False
        first = next(u for u in self.units if u.kind == "item" and u.lead == lead)
        intro = self.units[first.index - 1]
        enumeration = ENUMERATION.match(intro.text) if intro.index != unit.index else None
        if enumeration is not None and enumeration.group("q"):
            frame = replace(frame, quantifier=enumeration.group("q").lower())
        self.list_frames.setdefault(lead, []).append((frame, list(others), side, unit.start))
        return True

    def _class_of_list(self, unit: Unit, heads: list[Mention]) -> None:
        """Remember the class of drugs or chemicals a lead-in names, whose members its items are."""
        lead = self._led_list(unit)
        if lead is not None and heads and self._drug_class(heads[-1]):
            self._list_classes[lead] = heads[-1]

    def _led_list(self, unit: Unit) -> int | None:
        """The lead index of the list ``unit`` introduces: its own, or that of an intro after it ("These include:")."""
        if any(u.lead == unit.index for u in self.units[unit.index + 1 :] if u.kind == "item"):
            return unit.index
        for later in self.units[unit.index + 1 :]:
            if later.kind != "sentence" or (later.line != unit.line and later.parent != unit.parent):
                break
            if _INTRO.match(later.text) and any(u.lead == later.index for u in self.units if u.kind == "item"):
                return later.index
        return None

    def _item_frames(self, item: Unit) -> list[ListFrame]:
        """The frames an item is read in: its lead-in's, else a noun lead-in's, its heading's, its section's last.

        A bullet under an item that names a thing itself ("Pregnancy" above "• Usually resolves after
        delivery") only says more of that thing: it is read in no list frame.
        """
        if item.parent is not None and item.lead != item.parent and self._item_mentions(self.units[item.parent]):
            return []
        if item.lead is not None and YES_NO_QUESTION.match(self.units[item.lead].text):
            return []  # "Does caffeine cause RLS?" above a list asks; its items are not said to
        if item.lead is not None and BARE_LEAD.match(self.units[item.lead].text):
            lead = self.units[item.lead]  # "Cause of RLS / • Theories involve: / • Low brain iron": the heading's
            if lead.kind == "item":
                return self._item_frames(lead)
            section = self.units[item.section] if item.section is not None else None
            return (self._noun_frames(section) or self._heading_frames(section)) if section is not None else []
        if item.lead is not None:
            if item.lead in self.list_frames:
                return self._narrowed(item, self.list_frames[item.lead])
            noun = self._noun_frames(self.units[item.lead])
            if noun:
                self.list_frames[item.lead] = noun
                return self._narrowed(item, noun)
        if item.section is not None and item.lead is None:
            heading = self._noun_frames(self.units[item.section]) or self._heading_frames(self.units[item.section])
            if heading:
                return heading
        if item.lead is not None and self.units[item.lead].text.rstrip().endswith((":", ":-", "?")):
            # a list with a lead-in of its own that says no relation ("Rate This Content:", "What are the
            # treatments of RLS?")
            return []
        earlier = [
            u.lead
            for u in self.units[: item.index]
            if u.kind == "item" and u.section == item.section and u.lead in self.list_frames
        ]
        return self.list_frames[earlier[-1]] if earlier and earlier[-1] is not None else []

    def _noun_frames(self, unit: Unit) -> list[ListFrame]:
        """Frames a lead-in or heading says with nouns: "Secondary causes and associations", "Risk factors"."""
        frames: list[ListFrame] = []
        for cue in self.cues.relation_cues("noun"):
            pattern = re.compile(r"(?<![\w-])(?:" + cue.pattern("x") + r")(?![\w-])", re.I)
            for m in pattern.finditer(self.masked, unit.start, unit.end):
                of = re.match(r"\s+(?:of|for)\s+", self.masked[m.end() : m.end() + 5])
                if of is not None and not self._of_it_include(m.end() + of.end(), unit):
                    continue  # "the cause of RLS is ...": a sentence, read as one
                reading = read_certainty(self.cues, self.text, (unit.start, unit.end), m.start(), (m.start(), m.end()))
                frame = Frame(
                    cue.relations,
                    (m.start(), m.start()),
                    (m.end(), m.end()),
                    (m.start(), m.end()),
                    reading.certainty,
                    reading.negated,
                    object_topic=True,
                    named=True,
                )
                if self.topic:
                    frames.append((frame, [self._topic_mention(m.end(), m.end())], "subject", unit.start))
        return frames

    def _of_it_include(self, start: int, unit: Unit) -> bool:
        """Whether a noun lead-in names the condition and then its list: "Common triggers of RLS include:"."""
        include = re.search(r"\s+(?:may\s+|can\s+)?(?:include|includes|are)\s*:?\s*$", self.masked[start : unit.end])
        if include is None or self.topic is None:
            return False
        named = self.index.ground(self.masked[start : start + include.start()])
        return named is not None and named.id == self.topic

    def _heading_frames(self, heading: Unit) -> list[ListFrame]:
        """Frames of a heading that says a relation with a verb: "Medicines that can make RLS worse"."""
        found: list[ListFrame] = []
        for cs, ce in clauses(self.masked, heading.start, heading.end):
            for frame in self._frames(cs, ce):
                subject, obj = self._phrase(*frame.subject), self._phrase(*frame.object)
                if subject.kind == "generic" and (obj.mentions or self.topic):
                    others = obj.mentions or [self._topic_mention(frame.object[0], frame.object[0])]
                    found.append((frame, others, "subject", heading.start))
        return found

    def _narrowed(self, item: Unit, frames: list[ListFrame]) -> list[ListFrame]:
        """A group's frames, or those of the short line after the group that says its own relation."""
        group = item.parent if item.parent is not None else item.index
        line = self._remark(group)
        if line is None:
            return frames
        narrowed = self._noun_frames(line) or self._bare_frames(line)
        return narrowed or frames

    def _remark(self, group: int) -> Unit | None:
        """The short line right after a group's items that says how they are linked ("May be associated")."""
        after = group + 1
        while after < len(self.units) and self.units[after].parent == group and self.units[after].kind == "item":
            after += 1
        if after >= len(self.units):
            return None
        unit = self.units[after]
        words = unit.text.split()
        if len(words) > 4 or unit.kind == "heading" or self._scan(unit.start, unit.end):
            return None
        said = re.search(r"\b(?:associat\w*|link\w*|relat\w*|caus\w*|trigger\w*|risk)\b", unit.text, re.I)
        return unit if said or self._has_cue(unit.start, unit.end) else None

    def _bare_frames(self, unit: Unit) -> list[ListFrame]:
        """The relation a short remark says with no ends: "May be associated", "Association unclear"."""
        frames: list[ListFrame] = []
        for cue in self.cues.cues:
            if not cue.relations or cue.form not in ("verb", "noun"):
                continue
            stems = {w.lower() for p in cue.phrases for w in p.split()[:1]}
            if any(w.lower().rstrip(".") in stems for w in unit.text.split()) and self.topic:
                reading = read_certainty(
                    self.cues, self.text, (unit.start, unit.end), unit.start, (unit.start, unit.end)
                )
                certainty = "possible" if reading.certainty == "stated" else reading.certainty
                frame = Frame(
                    cue.relations,
                    (unit.start, unit.start),
                    (unit.end, unit.end),
                    (unit.start, unit.end),
                    certainty,
                    False,
                    object_topic=True,
                )
                frames.append((frame, [self._topic_mention(unit.end, unit.end)], "subject", unit.start))
                break
        return frames

    # ---------------------------------------------------------------- headings

    def _heading(self, heading: Unit, *, members: bool = True) -> None:
        """A title that says a relation of a class, and the headings below it that name members of the class.

        "Medications that worsen restless legs syndrome (RLS)" says medications worsen it; "Antihistamines",
        a heading further down, names a class of medicines the title speaks of, so antihistamines do too.
        With ``members`` false the unit may be a title but names no member (a sentence standing alone).
        """
        frames = self._heading_frames(heading)
        if frames:
            subject = self._phrase(*frames[0][0].subject)
            classes = self._class_mentions(subject)
            kinds = frozenset({"Drug", "DrugClass"} if any(_DRUG_CLASS.search(label_of(c)) for c in classes) else ())
            self._title = (frames, kinds)
            named = classes
        elif self._title is not None and self._title[1] and members:
            frames, kinds = self._title
            named = [m for m in self._phrase(heading.start, heading.end).mentions if self._type_of(m) in kinds]
        else:
            return
        for frame, others, _, _ in frames:
            for mention in named:
                for other in others:
                    self._add(frame, frame.relations, mention, other, (heading.start, heading.end), frame.quantifier)

    # ---------------------------------------------------------------- items

    def _item(self, item: Unit) -> None:
        """Read a list item: what it names, in the frames of its list, and what it says itself."""
        if self._remark_of_group(item):
            return
        mentions = self._item_mentions(item)
        quote_end = item.end
        included, included_end = self._included(item)
        for frame, others, side, quote_start in self._item_frames(item):
            if included and not (frame.named and item.index in self._saying):
                for member in included:  # "- Neurological diseases. This includes neuropathy, ...": each of them
                    for other in others:
                        subject, obj = (member, other) if side == "subject" else (other, member)
                        self._add(frame, frame.relations, subject, obj, (quote_start, included_end), frame.quantifier)
            if frame.named and item.index in self._saying:
                continue  # "common factors: - Low iron may contribute to RLS": the item's own verb says how
            relations = frame.relations
            if WITHDRAWAL.match(item.body) or WITHDRAWAL.match(
                self.units[item.lead].text if item.lead is not None else ""
            ):
                relations = tuple("withdrawalAssociatedWith" if r == "associatedWith" else r for r in relations)
            for mention in mentions:
                for other in others:
                    subject, obj = (mention, other) if side == "subject" else (other, mention)
                    self._add(frame, relations, subject, obj, (quote_start, quote_end), frame.quantifier)
        listed = self._list_classes.get(item.lead) if item.lead is not None else None
        if listed is not None and mentions:  # "The following antihistamine medications ...: • Diphenhydramine"
            self._members(listed, mentions, (item.start, item.end))
        if mentions:
            # the group "these medicines" stands for: every item of the list read so far
            same = self._group_span is not None and self._group_list == item.list_id
            group = [*self._group, *mentions] if same else mentions
            self._set_group(
                group, (self._group_span[0] if same and self._group_span else item.start, item.end), inline=False
            )
            self._group_list = item.list_id

    def _included(self, item: Unit) -> tuple[list[Mention], int]:
        """What a sentence of an item's own paragraph says the item includes: "This includes A, B and C"."""
        for unit in self.units[item.index + 1 :]:
            if unit.parent != item.index or unit.kind != "sentence":
                break
            said = _INCLUDES_THESE.match(self.masked, unit.start, unit.end)
            if said is not None:
                return self._entities(said.end(), unit.end, listing=True), unit.end
        return [], item.end

    def _remark_of_group(self, item: Unit) -> bool:
        """Whether a label line only remarks on the group above it ("Association unclear")."""
        previous = [
            u for u in self.units[: item.index] if u.kind == "item" and u.parent is None and u.list_id == item.list_id
        ]
        return bool(previous) and item.parent is None and self._remark(previous[-1].index) is item

    def _item_mentions(self, item: Unit) -> list[Mention]:
        """What an item names, reading what it says itself on the way; cached for anaphora."""
        if item.index in self._items:
            return self._items[item.index]
        found = self._read_own(item)
        if found:
            self._saying.add(item.index)
        else:
            found = self._head_mentions(item)
        self._items[item.index] = found
        return found

    def _read_own(self, item: Unit) -> list[Mention]:
        """Read an item that says something itself; its subjects are what it names."""
        before = len(self.candidates)
        for cs, ce in clauses(self.masked, item.body_start, item.end):
            for frame in self._frames(cs, ce):
                self._realise(frame, item, cs, ce)
        subjects: list[Mention] = []
        for c in self.candidates[before:]:
            if c.subject.id != self.topic and c.kind not in ("membership", "context") and c.subject not in subjects:
                subjects.append(c.subject)
        return subjects

    def _head_mentions(self, item: Unit) -> list[Mention]:
        """What an item that says nothing of its own names: its head, before a dash, colon or bracket."""
        start = item.body_start
        withdrawal = WITHDRAWAL.match(item.body)
        if withdrawal:
            start += withdrawal.end()
        explanation = _EXPLANATION.search(self.masked, start, item.end)
        head_end = explanation.start() if explanation else item.end
        if _SAYS.search(self.masked, start, head_end):  # "Some pregnant women experience RLS": what the sentence names
            self._item_parentheses(item, start)
            return self._scan(start, head_end)
        phrase = self._phrase(start, head_end)
        self._item_parentheses(item, start)
        if explanation:
            self._explanation(phrase, explanation.end(), item)
        if phrase.examples and phrase.kind in ("generic", "none"):
            return self._class_mentions(phrase) + phrase.examples
        if phrase.examples and phrase.mentions:
            if not self._drug_class(phrase.mentions[-1]):
                return phrase.mentions + phrase.examples  # "nerve damage, such as neuropathy": each is named
            # "antidepressants such as citalopram": the item is the class, the examples its members
            self._members(phrase.mentions[-1], phrase.examples, (phrase.mentions[-1].start, item.end))
        if phrase.kind == "new" and any(u.parent == item.index and u.kind == "item" for u in self.units):
            return []  # the label of a group ("Dietary", "Other"): its items name the things
        if phrase.kind in ("entities", "new"):
            return phrase.mentions
        if phrase.kind == "generic" and not any(u.parent == item.index and u.kind == "item" for u in self.units):
            return self._class_mentions(phrase)
        return self._scan(start, head_end) if phrase.kind == "none" else []

    def _explanation(self, head: Phrase, start: int, item: Unit) -> None:
        """Read "X - used to relieve nausea": the explanation's own frames, with X as their unsaid subject."""
        if not head.mentions:
            return
        for cs, ce in clauses(self.masked, start, item.end):
            for frame in self._frames(cs, ce):
                if frame.object_status:
                    continue  # "Primary - with no clear underlying cause": the condition's, read as a sentence
                obj = self._phrase(*frame.object)
                if frame.subject[0] >= frame.subject[1] or not content_words(self.masked[slice(*frame.subject)]):
                    for m in head.mentions:
                        for o in obj.mentions:
                            self._add(frame, frame.relations, m, o, (head.mentions[0].start, ce), None)

    def _scan(self, start: int, end: int, *, whole: bool = False) -> list[Mention]:
        """The names of known entities and vocabulary terms anywhere in ``[start, end)``, the topic left out.

        With ``whole``, in brackets too ("chronic illnesses (diabetes, kidney disease)") and past
        "although" ("although it occurs with ..."), which otherwise ends the scan as "except" always does.
        """
        found: list[Mention] = []
        words = (self.text if whole else self.masked)[start:end]
        turns = r"especially|particularly|except|even" if whole else r"especially|particularly|except|even|although"
        cut = re.search(rf",?\s+\b(?:{turns})\b", words)
        if cut:
            words = words[: cut.start()]
        spans: set[tuple[int, int]] = set()
        for name in self.index.names:
            if len(name.text) < 3 or name.entity == self.topic:
                continue
            for m in re.finditer(r"(?<![\w-])" + re.escape(name.text) + r"(?![\w-])", words, re.I):
                spans.add((start + m.start(), start + m.end()))
        # the longest name at a place: "dopamine agonists", not the "dopamine" in it
        for at, to in sorted(spans, key=lambda s: (s[0], -s[1])):
            if any(f.start <= at < f.end for f in found):
                continue
            grounding = self.index.ground(self.text[at:to]) if self.masked[at:to].isspace() else None
            mention = self._grounded(at, to, grounding) if grounding else self._mention(at, to, how="scan")
            if mention.id != self.topic:
                found.append(mention)
        return found

    def _anaphor_group(self, unit: Unit) -> list[Mention]:
        """What "these substances", "the medicine" stand for: the items of the item this sentence belongs to."""
        if not self._group and self.topic:
            before = [u for u in self.units[max(0, unit.index - 2) : unit.index + 1] if u.line == unit.line]
            # "these conditions" in a paragraph about the condition
            if any(self._topic_names_in(u.text) for u in before):
                return [self._topic_mention(unit.start, unit.start)]
        if unit.parent is not None:
            parent = self.units[unit.parent]
            children = [u for u in self.units if u.parent == parent.index and u.kind == "item"]
            if children:
                return [m for child in children for m in self._item_mentions(child)]
            own = self._item_mentions(parent) if parent.kind == "item" else []
            if own:
                return own
        return self._group

    # ---------------------------------------------------------------- enumerations in a sentence

    def _enumeration(self, unit: Unit) -> list[Mention] | None:
        """The items of "These conditions include A, B and C." (None when the sentence is not one)."""
        m = ENUMERATION.match(self.masked[unit.start : unit.end])
        if not m or not m.group("rest") or not m.group("head").strip() or unit.text.rstrip().endswith("?"):
            return None
        head = content_words(m.group("head"))
        if head and not is_generic(m.group("head")) and not ANAPHOR.match(m.group("head").strip()):
            return None
        start = unit.start + m.start("rest")
        return self._entities(start, unit.start + m.end("rest"), listing=True)

    def _following_enumeration(
        self, unit: Unit, inline_items: tuple[int, int] | None
    ) -> tuple[list[tuple[list[Mention], tuple[int, int], Unit | None]], set[int], str | None] | None:
        """The items a generic subject stands for, inline after "include" or in the next sentence's enumeration."""
        if inline_items is not None:
            mentions = self._entities(*inline_items, listing=True)
            self._set_group(mentions, (unit.start, unit.end), inline=True)
            return [(mentions, (unit.start, unit.end), None)], set(), None
        following = self.units[unit.index + 1] if unit.index + 1 < len(self.units) else None
        if following is None or following.kind != "sentence":
            return None
        enumerated = self._enumeration(following)
        taking = _TAKING.search(self.masked, following.start, following.end)
        if not enumerated and taking is not None:
            # "Some medications can aggravate symptoms. Talk to your doctor if you are taking A, B and C."
            enumerated = self._entities(taking.end(), following.end, listing=True)
        if not enumerated:
            return None
        em = ENUMERATION.match(following.text)
        qm = QUANTIFIER.match((em.group("head") if em else "").strip())
        self._set_group(enumerated, (following.start, following.end), inline=True)
        self._inline_parentheses(following)
        span = (unit.start, following.end)
        return [(enumerated, span, None)], {following.index}, (qm.group().lower() if qm else None)

    # ---------------------------------------------------------------- membership and parentheses

    def _members(self, head: Mention, members: list[Mention], quote: tuple[int, int]) -> None:
        """Membership candidates: each of ``members`` is a member of the class ``head``."""
        membership = self._membership()
        if membership is None or (head.id is None and head.how not in ("new", "vocabulary")):
            return
        cue_match = EXAMPLES.search(self.masked, head.end, quote[1])
        cue = (cue_match.start(), cue_match.end()) if cue_match else (head.start, head.end)
        cue = self._trimmed(*cue)
        frame = Frame((membership,), cue, cue, cue, "stated", False)
        for member in members:
            self._add(frame, (membership,), member, head, quote, None)

    def _a_member_named(self, mention: Mention, start: int) -> bool:
        """Whether ``mention`` is named as an example of a class of drugs or chemicals before it in ``[start, ...)``.

        "anti-nausea drugs (e.g., metoclopramide) can worsen it", "dopamine agonists (ropinirole,
        pramipexole)": what is said of the class is not said of its members. The examples of a class
        that names no member of its own ("certain medications, such as antihistamines") stand for it.
        """
        before = self.text[start : mention.start]
        marks = list(_EXAMPLE_MARK.finditer(before))
        if not marks or re.search(r"[.;:)]", before[marks[-1].end() :]):
            return False
        head = self._class_before(start, start + marks[-1].start())
        return head is not None and (self._is_drug(head) or self._type_of(head) == "Chemical")

    def _class_before(self, start: int, at: int) -> Mention | None:
        """The class the noun phrase that ends at ``at`` names.

        As the phrase grounds, or by a known name that ends it ("long-term use of dopamine agonists");
        None for a phrase that names no class ("certain medicines").
        """
        span = subject_before(self.masked, start, at)
        if span is None or is_generic(self.masked[span[0] : span[1]]):
            return None
        heads = self._phrase(*span, brackets=False).mentions[-1:]
        heads += [m for m in self._scan(*span) if not self.masked[m.end : at].strip()][-1:]
        return next((h for h in heads if h.how != "new" and self._drug_class(h)), heads[0] if heads else None)

    def _membership(self) -> str | None:
        """The relation a page's "such as" or "including" gives: class membership, not a role like hasRole."""
        names = [r.name for r in self.ontology.relations.values() if r.kind == "membership"]
        return "isMemberOf" if "isMemberOf" in names else next(iter(names), None)

    def _item_parentheses(self, unit: Unit, start: int) -> None:
        for open_at, close_at in parentheses(self.text, start, unit.end):
            head = self._phrase(start, open_at, brackets=False)
            heads = [head.examples[-1]] if head.examples else head.mentions
            if heads:
                self._parenthesis(heads, heads[0].start, open_at, close_at)

    def _inline_parentheses(self, unit: Unit) -> None:
        last = unit.start
        for open_at, close_at in parentheses(self.text, unit.start, unit.end):
            phrase = self._phrase(last, open_at, brackets=False)
            if phrase.mentions:
                self._parenthesis([phrase.mentions[-1]], phrase.mentions[-1].start, open_at, close_at)
            last = close_at + 1

    def _parenthesis(self, heads: list[Mention], head_start: int, open_at: int, close_at: int) -> None:
        """Read "(used to treat X)", "(often caused by X)", "(such as A, B)", "(dopamine receptor blockers)"."""
        inner_start, inner_end = open_at + 1, close_at
        quote = (head_start, close_at + 1)
        saved = self.masked
        # Inside the parenthesis its own words count, and nothing outside it does.
        self.masked = (
            " " * inner_start + mask_parentheses(self.text[inner_start:inner_end]) + " " * (len(self.text) - inner_end)
        )
        try:
            for s, o, frame in self._inner(heads, inner_start, inner_end):
                self._add(frame, frame.relations, s, o, quote, None)
        finally:
            self.masked = saved

    def _inner(self, heads: list[Mention], start: int, end: int) -> Iterator[tuple[Mention, Mention, Frame]]:
        inner = self.masked[start:end].strip()
        membership = self._membership()
        members = re.match(r"\s*(?P<v>such as|including|for example,?|e\.g\.,?|like)\s+", self.masked[start:end], re.I)
        if members and membership is not None:
            if not any(self._drug_class(h) for h in heads[-1:]):
                return  # "things containing caffeine (e.g., chocolate, tea)": examples, not members of a class
            cue = (start + members.start("v"), start + members.end("v"))
            frame = Frame((membership,), cue, cue, cue, "stated", False)
            for member in self._entities(start + members.end(), end, listing=True):
                for head in heads[-1:]:
                    yield member, head, frame
            return
        listed = self._bracketed_drugs(heads[-1], start, end) if heads and membership is not None else []
        if listed and membership is not None:
            frame = Frame((membership,), (start, end), (start, end), (start, end), "stated", False)
            for member in listed:
                yield member, heads[-1], frame
            return
        frames = self._frames(start, end)
        for frame in frames:
            subject, obj = self._phrase(*frame.subject), self._phrase(*frame.object)
            subjects = subject.examples or (subject.mentions if subject.kind == "entities" else heads[-1:])
            objects = obj.mentions if obj.kind in ("entities", "new") and obj.mentions else heads[-1:]
            for s in subjects:
                for o in objects:
                    yield s, o, frame
        if frames or membership is None or _ABBREVIATION.match(inner) or not _DRUG_CLASS.search(inner):
            return
        if all(self._is_drug(h) for h in heads):
            # "Metoclopramide and prochlorperazine (dopamine receptor blockers)": the class of the drugs before it
            cls = self._phrase(start, end)
            cue = (start, end)
            frame = Frame((membership,), cue, cue, cue, "stated", False)
            for c in cls.mentions[:1]:
                for head in heads:
                    if head.id != c.id or label_of(head) != label_of(c):
                        yield head, c, frame

    def _bracketed_drugs(self, head: Mention, start: int, end: int) -> list[Mention]:
        """The drugs a bracket ``[start, end)`` after their class names: "dopamine agonists (ropinirole)"."""
        if not self._drug_class(head) or self._type_of(head) == "Drug":
            return []
        if re.match(r"\s*(?:and|or|but|not|unlike|except|plus|as well as|along with)\b", self.text[start:end], re.I):
            return []  # "dopamine agonists (and levodopa)": another drug beside them, not one of them
        listed = self._entities(start, end, listing=True)
        return listed if listed and all(self._type_of(m) == "Drug" for m in listed) else []

    def _sentence_brackets(self, unit: Unit) -> None:
        """Membership of the drugs a sentence names in brackets after their class, as an item's are read."""
        membership = self._membership()
        last = unit.start
        for open_at, close_at in parentheses(self.text, unit.start, unit.end) if membership is not None else []:
            mark = _EXAMPLE_MARK.match(self.text, open_at)
            if mark is not None and mark.end() > open_at + 1:
                last = close_at + 1
                continue  # "(e.g., metoclopramide)": the class's examples, read with its phrase
            head = self._class_before(last, open_at)
            heads = [head] if head is not None else []
            last = close_at + 1
            saved = self.masked  # inside the bracket its own words count
            self.masked = " " * (open_at + 1) + self.text[open_at + 1 : close_at] + " " * (len(self.text) - close_at)
            try:
                listed = self._bracketed_drugs(heads[-1], open_at + 1, close_at) if heads else []
            finally:
                self.masked = saved
            cue = (open_at + 1, close_at)
            frame = Frame((membership,), cue, cue, cue, "stated", False)  # type: ignore[arg-type]
            for member in listed:
                self._add(frame, frame.relations, member, heads[-1], (heads[-1].start, close_at + 1), None)

    def _drug_class(self, mention: Mention) -> bool:
        """Whether a thing is a class whose examples are its members: a drug class or a chemical, by id or name."""
        if self._is_drug(mention) or self._type_of(mention) == "Chemical":
            return True
        return mention.id is None and bool(_DRUG_CLASS.search(label_of(mention)))

    def _is_drug(self, mention: Mention) -> bool:
        entity = self.index.entities.get(mention.id or "")
        term = self.index.terms.get((mention.term or "").lower())
        kind = entity.type if entity is not None else term.type if term is not None else None
        return kind in ("Drug", "DrugClass")
