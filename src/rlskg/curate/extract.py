"""Reading candidate claims off a page: relation cues, their subjects and objects, lists and anaphora.

The cues are those of :mod:`rlskg.curate.patterns`; each names the relations it may stand for and
the first the ontology defines is used, with the ontology's kind, so a renamed or added relation
needs no change here. A lead sentence with a generic subject ("Certain medicines may trigger
RLS.") takes its subjects from the list or enumeration that follows; "these conditions", "the
medicine" take theirs from the last enumeration. Parentheses after a list item say what it is used
to treat, what it is often caused by, or which drugs belong to it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rlskg.curate.cues import read_certainty
from rlskg.curate.grounding import GENERIC, EntityIndex, Grounding, content_words
from rlskg.curate.page import Unit, units
from rlskg.curate.patterns import (
    ANAPHOR,
    APPOSITIVE,
    CONDITIONAL,
    COPULA,
    COPULA_NOUN,
    CUE_RE,
    CUES,
    ENUMERATION,
    EXAMPLES,
    FAMILIES,
    INCLUDE,
    LEADING,
    MAIN_CAUSE,
    NIXING,
    NOUN_BEFORE,
    PEOPLE_HAVE,
    PEOPLE_ONSET,
    PEOPLE_RISK,
    QUANTIFIER,
    REPORTED,
    STATUS,
    STOPPING,
    TOPIC,
    TRAILING,
    USES_TO_MAKE,
    WITHDRAWAL,
)
from rlskg.model.ontology import Ontology

__all__ = ["Candidate", "Mention", "Reader"]


@dataclass(frozen=True)
class Mention:
    """Page words naming a subject or object: where they stand and the entity they were grounded to."""

    text: str
    start: int
    end: int
    id: str | None  # None: a new entity
    how: str
    score: float


@dataclass
class Candidate:
    """A proposed claim: the triple, how sure the page is, and the quote it rests on."""

    subject: Mention
    predicate: str
    kind: str
    object: Mention
    certainty: str
    negated: bool
    cue: str
    start: int
    end: int
    quantifier: str | None = None
    part: str = "main"
    agrees_with: list[str] = field(default_factory=list)
    contradicts: list[str] = field(default_factory=list)
    tension_with: list[str] = field(default_factory=list)

    @property
    def triple(self) -> tuple[str | None, str, str | None]:
        return (self.subject.id, self.predicate, self.object.id)


@dataclass
class _Phrase:
    """A grounded stretch of page words: its entities, or that it is generic, anaphoric or topical."""

    mentions: list[Mention]
    kind: str  # entities, generic, anaphor, topic, none
    examples: list[Mention] = field(default_factory=list)
    quantifier: str | None = None


@dataclass
class _Frame:
    """One reading of one cue: relations, subject and object spans, and the certainty cue."""

    relations: tuple[str, ...]
    subject: tuple[int, int]
    object: tuple[int, int]
    cue: tuple[int, int]
    certainty: str
    negated: bool
    quantifier: str | None = None
    subject_is_cue: bool = False


class Reader:
    """Reads one page against the graph's entities and the ontology's relations."""

    def __init__(self, text: str, index: EntityIndex, ontology: Ontology) -> None:
        self.text = text
        self.index = index
        self.ontology = ontology
        self.masked = _mask_parentheses(text)
        self.units = units(text)
        self.topic = self._topic()
        self.candidates: list[Candidate] = []
        self._group: list[Mention] = []
        self._group_span: tuple[int, int] | None = None
        self._group_inline = False

    # ---------------------------------------------------------------- entry point

    def read(self) -> list[Candidate]:
        """Every candidate of the page, in page order."""
        skip: set[int] = set()
        for unit in self.units:
            if unit.kind == "item":
                self._item_parentheses(unit, unit.body_start)
                continue
            if unit.index in skip or unit.kind == "heading":
                continue
            if unit.text.rstrip().endswith("?"):
                continue
            skip |= self._sentence(unit)
        return _unique(self.candidates)

    # ---------------------------------------------------------------- sentences

    def _sentence(self, unit: Unit) -> set[int]:
        """Read one sentence; return the units it consumed (an enumeration or a list)."""
        consumed: set[int] = set()
        enumeration = self._enumeration(unit)
        if enumeration is not None:
            self._set_group(enumeration, (unit.start, unit.end), inline=True)
        for cs, ce in _clauses(self.masked, unit.start, unit.end):
            for frame in self._frames(cs, ce):
                consumed |= self._realise(frame, unit, cs, ce)
        return consumed

    def _realise(self, frame: _Frame, unit: Unit, cs: int, ce: int) -> set[int]:
        """Turn one frame into candidates, resolving generic and anaphoric subjects."""
        consumed: set[int] = set()
        obj_start, obj_end = frame.object
        # An enumeration in the same sentence: "Other conditions linked to RLS include: 1. ..."
        include = INCLUDE.search(self.masked, obj_start, obj_end)
        inline_items: tuple[int, int] | None = None
        if include and include.start() < obj_end:
            inline_items = (include.end(), obj_end) if include.end() < obj_end else None
            obj_end = include.start()
        tail = EXAMPLES.search(self.masked, obj_start, obj_end)
        tail_items: tuple[int, int] | None = None
        if tail and not content_words(self.masked[tail.end() : obj_end]):  # "..., for example:" before a list
            obj_end = tail.start()
        elif tail and not frame.subject_is_cue:
            tail_items = (tail.end(), obj_end)
        subject = (
            _Phrase([self._mention(*frame.subject, how="cue")], "entities")
            if frame.subject_is_cue
            else self._phrase(*frame.subject)
        )
        if subject.kind == "generic" and tail_items is not None:
            obj_end = tail.start() if tail else obj_end
            subject = _Phrase(self._entities(*tail_items, listing=True), "entities", quantifier=subject.quantifier)
        obj = self._phrase(obj_start, obj_end)
        if obj.kind in ("generic", "none") and not obj.mentions:
            return consumed
        quantifier = frame.quantifier or subject.quantifier
        quote = (unit.start, unit.end) if (cs, ce) == (unit.start, unit.end) else (cs, ce)
        items: list[tuple[list[Mention], tuple[int, int], Unit | None]] = []
        if subject.examples:
            items.append((subject.examples, quote, None))
            self._set_group(subject.examples, quote, inline=False)
        elif subject.kind == "generic":
            found = self._following_enumeration(unit, inline_items)
            if found is None:
                return consumed
            items, consumed, q = found
            quantifier = q or quantifier
        elif subject.kind == "anaphor":
            if not self._group:
                return consumed
            start = self._group_span[0] if self._group_inline and self._group_span else quote[0]
            items.append((self._group, (start, quote[1]), None))
        elif subject.mentions:
            items.append((subject.mentions, quote, None))
        else:
            return consumed
        if len(subject.mentions) > 1 and subject.kind == "entities":
            self._set_group(subject.mentions, quote, inline=False)
        for mentions, span, item in items:
            relations = frame.relations
            if item is not None and WITHDRAWAL.match(item.body):
                relations = tuple("withdrawalAssociatedWith" if r == "associatedWith" else r for r in relations)
            for subject_mention in mentions:
                for object_mention in obj.mentions:
                    self._add(frame, relations, subject_mention, object_mention, span, quantifier)
        return consumed

    def _add(  # noqa: PLR0917 - a private step with one caller per construction
        self,
        frame: _Frame,
        relations: tuple[str, ...],
        subject: Mention,
        obj: Mention,
        span: tuple[int, int],
        quantifier: str | None,
    ) -> None:
        predicate = next((r for r in relations if r in self.ontology.relations), None)
        if predicate is None or (subject.id == obj.id and subject.id is not None):
            return
        relation = self.ontology.relations[predicate]
        if _symmetric(self.ontology, predicate) and subject.id == self.topic and obj.id != self.topic:
            subject, obj = obj, subject
        start, end = min(span[0], frame.cue[0]), max(span[1], frame.cue[1])
        cue = " ".join(self.text[frame.cue[0] : frame.cue[1]].split())
        self.candidates.append(
            Candidate(
                subject, predicate, relation.kind, obj, frame.certainty, frame.negated, cue, start, end, quantifier
            )
        )

    # ---------------------------------------------------------------- frames of a clause

    def _frames(self, cs: int, ce: int) -> list[_Frame]:
        special = self._special(cs, ce)
        if special is not None:
            return special
        text = self.masked
        found = []
        for match in CUE_RE.finditer(text, cs, ce):
            which = next(i for i in range(len(CUES)) if match.group(f"c{i}") is not None)
            verb_start = match.start(f"v{which}")
            if (
                NOUN_BEFORE.search(text, cs, verb_start)
                or re.match(r"\s+of\b", text[match.end() : match.end() + 4])
                or COPULA_NOUN.search(match.group())
            ):
                continue
            aux_start = match.start()
            while aux_start < verb_start and text[aux_start].isspace():
                aux_start += 1
            found.append((which, aux_start, match.end(), match))
        frames: list[_Frame] = []
        subject: tuple[int, int] = (cs, found[0][1]) if found else (cs, cs)
        if found:
            boundary = None
            for boundary in re.finditer(r"\s--\s|,\s+and\s+|:\s", text[cs : found[0][1]]):  # noqa: B007
                pass
            if boundary is not None:
                subject = (cs + boundary.end(), found[0][1])
            subject = _bare_subject(text, *subject)
        for k, (which, aux_start, cue_end, match) in enumerate(found):
            cue = CUES[which]
            inner = match.group(f"obj{which}") if f"obj{which}" in match.groupdict() else None
            if k + 1 < len(found):
                between = (cue_end, found[k + 1][1])
                obj, next_subject = self._split_between(*between, subject)
            else:
                obj, next_subject = (cue_end, _clause_end(text, cue_end, ce)), subject
            if inner is not None:
                obj = (match.start(f"obj{which}"), match.end(f"obj{which}"))
            reading = read_certainty(self.text, cs, ce, aux_start, match.end(f"v{which}"))
            subj, objective = (obj, subject) if cue.passive else (subject, obj)
            frame = _Frame(
                cue.relations, subj, objective, (reading.cue_start, reading.cue_end), reading.certainty, reading.negated
            )
            shared = frames[-1] if frames and frames[-1].object[0] >= frames[-1].object[1] else None
            if shared is not None and not cue.passive:
                # "may cause or worsen RLS": one object and one hedge for both verbs
                shared.object = objective
                if reading.certainty == "stated":
                    frame.certainty, frame.negated = shared.certainty, shared.negated
                    frame.cue = (shared.cue[0], reading.cue_end)
            frames.append(frame)
            subject = next_subject
        return frames

    def _split_between(self, start: int, end: int, subject: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
        """Split the words between two cues into the first's object and the second's subject."""
        between = self.masked[start:end]
        conj = re.search(r",?\s+\b(?:but|and|or|yet)\b\s*$", between, re.I)
        if conj:
            return (start, start + conj.start()), subject
        relative = re.search(r",?\s+\b(?:that|which|who)\b\s*$", between, re.I)
        if relative:
            return (start, start + relative.start()), (start, start + relative.start())
        return (start, end), (start, end)

    def _special(self, cs: int, ce: int) -> list[_Frame] | None:
        """Frames of the constructions whose subject or object is not simply left and right of a verb."""
        text = self.masked
        clause = text[cs:ce]

        def span(m: re.Match[str], group: str) -> tuple[int, int]:
            start = cs + m.start(group)
            return (start, _clause_end(text, start, cs + m.end(group)))

        def frame(
            m: re.Match[str], relations: tuple[str, ...], s: tuple[int, int], o: tuple[int, int], **kw: object
        ) -> _Frame:
            reading = read_certainty(self.text, cs, ce, cs + m.start("v"), cs + m.end("v"))
            quantifier = kw.get("quantifier")
            return _Frame(
                relations,
                s,
                o,
                (min(reading.cue_start, cs + m.start("v")), reading.cue_end),
                reading.certainty,
                reading.negated,
                quantifier if isinstance(quantifier, str) else None,
                bool(kw.get("subject_is_cue")),
            )

        if m := STATUS.search(clause):
            relation = next((r.name for r in self.ontology.relations.values() if r.kind == "status"), None)
            status = self._status()
            if relation and status:
                s = span(m, "s") if m.group("s") else (cs, cs)
                verb = "v" if m.group("v") else "v2"
                return [_Frame((relation,), s, (-1, -1), (cs + m.start(verb), cs + m.end()), "stated", False)]
        if m := MAIN_CAUSE.search(clause):
            o = span(m, "o") if m.group("o") else (cs, cs)
            return [frame(m, ("causes",), span(m, "s"), o, quantifier=m.group("q").lower())]
        if m := USES_TO_MAKE.search(clause):
            frames = [frame(m, ("isUsedToMake",), span(m, "s"), span(m, "o"))]
            if m.group("o2"):
                frames.append(frame(m, ("isNeededFor", "affects"), span(m, "s"), span(m, "o2")))
            return frames
        if m := PEOPLE_RISK.search(clause):
            return [frame(m, ("increasesRiskOf",), span(m, "s"), span(m, "o"))]
        if m := PEOPLE_ONSET.search(clause):
            return [frame(m, ("advancesOnsetOf", "associatedWith"), span(m, "s"), span(m, "o"))]
        if m := STOPPING.search(clause):
            return [frame(m, ("stoppingImproves",), span(m, "s"), span(m, "o"))]
        if m := NIXING.search(clause):
            return [frame(m, ("stoppingImproves",), span(m, "s"), (cs, cs))]
        if m := FAMILIES.search(clause):
            return [frame(m, ("increasesRiskOf",), span(m, "v"), (cs, cs + m.start("v")), subject_is_cue=True)]
        if (m := PEOPLE_HAVE.search(clause)) and not CUE_RE.search(clause):
            return [frame(m, ("leadsTo",), span(m, "s"), span(m, "o"))]
        return None

    def _status(self) -> str | None:
        """The cause status that says the causes are not known, found by its label."""
        from rdflib import RDFS  # noqa: PLC0415

        from rlskg.model.ontology import RLS  # noqa: PLC0415

        for status in sorted(self.ontology.statuses):
            label = str(self.ontology.graph.value(RLS[status], RDFS.label) or status)
            if re.search(r"not known|unknown", label, re.I):
                return status
        return None

    # ---------------------------------------------------------------- lists and enumerations

    def _enumeration(self, unit: Unit) -> list[Mention] | None:
        """The items of "These conditions include A, B and C." (None when the sentence is not one)."""
        m = ENUMERATION.match(self.masked[unit.start : unit.end])
        if not m or not m.group("rest") or not m.group("head").strip() or unit.text.rstrip().endswith("?"):
            return None
        head = content_words(m.group("head"))
        if head and not _generic(m.group("head")):
            return None
        start = unit.start + m.start("rest")
        return self._entities(start, unit.start + m.end("rest"), listing=True)

    def _following_enumeration(
        self, unit: Unit, inline_items: tuple[int, int] | None
    ) -> tuple[list[tuple[list[Mention], tuple[int, int], Unit | None]], set[int], str | None] | None:
        """The items a generic subject stands for.

        They are inline after "include", in the list below, or in the next sentence's enumeration.
        """
        if inline_items is not None:
            mentions = self._entities(*inline_items, listing=True)
            self._set_group(mentions, (unit.start, unit.end), inline=True)
            return [(mentions, (unit.start, unit.end), None)], set(), None
        listed = [u for u in self.units if u.kind == "item" and u.lead == unit.index]
        if listed:
            intro = self.units[listed[0].index - 1]
            q: str | None = None
            if intro.index != unit.index:
                em = ENUMERATION.match(intro.text)
                q = em.group("q").lower() if em and em.group("q") else None
            items: list[tuple[list[Mention], tuple[int, int], Unit | None]] = []
            group: list[Mention] = []
            for item in listed:
                mentions = self._item_mentions(item)
                group += mentions
                items.append((mentions, (unit.start, item.end), item))
            self._set_group(group, (listed[0].start, listed[-1].end), inline=False)
            consumed = {u.index for u in listed} | {intro.index}
            return items, consumed, q
        following = self.units[unit.index + 1] if unit.index + 1 < len(self.units) else None
        if following is not None and following.kind == "sentence":
            enumerated = self._enumeration(following)
            if enumerated:
                mentions = enumerated
                em = ENUMERATION.match(following.text)
                head = em.group("head") if em else ""
                qm = QUANTIFIER.match(head.strip())
                self._set_group(mentions, (following.start, following.end), inline=True)
                self._inline_parentheses(following)
                return (
                    [(mentions, (unit.start, following.end), None)],
                    {following.index},
                    (qm.group().lower() if qm else None),
                )
        return None

    def _item_mentions(self, item: Unit) -> list[Mention]:
        """What a list item names: its examples after "such as", else its own words."""
        body_start = item.body_start
        withdrawal = WITHDRAWAL.match(item.body)
        if withdrawal:
            body_start += withdrawal.end()
        phrase = self._phrase(body_start, item.end)
        if phrase.examples and phrase.kind in ("generic", "none"):
            return phrase.examples
        if phrase.examples and phrase.mentions:
            # "antidepressants such as citalopram": the item is the class, the examples its members
            self._members(phrase.mentions[-1], phrase.examples, (phrase.mentions[-1].start, item.end), item)
        return phrase.mentions if phrase.kind in ("entities", "new") else []

    def _members(self, head: Mention, members: list[Mention], quote: tuple[int, int], unit: Unit) -> None:
        """Membership candidates: each of ``members`` is a member of the class ``head``."""
        membership = _membership(self.ontology)
        if membership is None or (head.id is None and head.how != "new"):
            return
        cue_match = EXAMPLES.search(self.masked, head.end, quote[1])
        cue = (cue_match.start(), cue_match.end()) if cue_match else (head.start, head.end)
        cue = self._trimmed(*cue)
        frame = _Frame((membership,), cue, cue, cue, "stated", False)
        for member in members:
            self._add(frame, (membership,), member, head, quote, None)

    def _set_group(self, mentions: list[Mention], span: tuple[int, int], *, inline: bool) -> None:
        if mentions:
            self._group, self._group_span, self._group_inline = list(mentions), span, inline

    # ---------------------------------------------------------------- parentheses

    def _item_parentheses(self, unit: Unit, start: int) -> None:
        for open_at, close_at in _parentheses(self.text, start, unit.end):
            head = self._phrase(start, open_at)
            if head.examples:
                heads = [head.examples[-1]]
                head_start = heads[0].start
            elif head.mentions:
                heads = [head.mentions[-1]]
                head_start = heads[0].start
            else:
                continue
            self._parenthesis(heads[0], head_start, open_at, close_at, unit)

    def _inline_parentheses(self, unit: Unit) -> None:
        last = unit.start
        for open_at, close_at in _parentheses(self.text, unit.start, unit.end):
            phrase = self._phrase(last, open_at)
            if phrase.mentions:
                head = phrase.mentions[-1]
                self._parenthesis(head, head.start, open_at, close_at, unit)
            last = close_at + 1

    def _parenthesis(self, head: Mention, head_start: int, open_at: int, close_at: int, unit: Unit) -> None:
        """Read "(used to treat X)", "(often caused by X)", "(such as A, B)" after ``head``."""
        inner_start, inner_end = open_at + 1, close_at
        quote = (head_start, close_at + 1)
        saved = self.masked
        # Inside the parenthesis its own words count, and nothing outside it does.
        self.masked = (
            " " * inner_start + _mask_parentheses(self.text[inner_start:inner_end]) + " " * (len(self.text) - inner_end)
        )
        try:
            members = re.match(
                r"\s*(?P<v>such as|including|for example,?|e\.g\.,?|like)\s+", self.masked[inner_start:inner_end], re.I
            )
            if members:
                membership = _membership(self.ontology)
                if membership is None or head.id is None:
                    return
                cue = (inner_start + members.start("v"), inner_start + members.end("v"))
                frame = _Frame((membership,), cue, cue, cue, "stated", False)
                for member in self._entities(inner_start + members.end(), inner_end, listing=True):
                    self._add(frame, (membership,), member, head, quote, None)
                return
            for frame in self._frames(inner_start, inner_end):
                subject = self._phrase(*frame.subject)
                obj = self._phrase(*frame.object)
                subjects = subject.examples or (subject.mentions if subject.kind == "entities" else [head])
                objects = obj.mentions if obj.kind in ("entities", "new") and obj.mentions else [head]
                for s in subjects:
                    for o in objects:
                        self._add(frame, frame.relations, s, o, quote, None)
        finally:
            self.masked = saved

    # ---------------------------------------------------------------- grounding phrases

    def _phrase(self, start: int, end: int) -> _Phrase:
        """Ground the words in ``[start, end)``: entities, or generic, anaphoric or topical words."""
        if start < 0:  # a status object
            status = self._status()
            return _Phrase([Mention(status or "", 0, 0, status, "status", 1.0)], "entities")
        if start == end:  # a construction with the page's subject left unsaid ("nixing caffeine will help")
            return _Phrase([self._topic_mention(start, start)], "topic") if self.topic else _Phrase([], "none")
        start, end = self._trimmed(start, end)
        if start >= end:
            return _Phrase([], "none")
        words = self.masked[start:end]
        quantifier_match = QUANTIFIER.match(words)
        quantifier = quantifier_match.group().lower() if quantifier_match else None
        examples = EXAMPLES.search(words)
        if examples and examples.end() < len(words):
            found = self._entities(start + examples.end(), end, listing=True)
            if found:
                head = self._phrase(start, start + examples.start())
                return _Phrase(head.mentions, head.kind, found, quantifier)
        if CONDITIONAL.match(words):
            return _Phrase([], "none")
        if ANAPHOR.match(words):
            return _Phrase([], "anaphor", quantifier=quantifier)
        if TOPIC.match(words) and len(words.split()) <= 3 and self.topic:
            return _Phrase([self._topic_mention(start, end)], "topic", quantifier=quantifier)
        named = self.index.ground(words)
        if _generic(words) and not (named is not None and named.score >= 0.95):  # a name may look generic
            return _Phrase([], "generic", quantifier=quantifier)
        mentions = self._entities(start, end, propose=False)
        if mentions:
            return _Phrase(mentions, "entities", quantifier=quantifier)
        if TOPIC.match(words) and self.topic:
            return _Phrase([self._topic_mention(start, end)], "topic", quantifier=quantifier)
        proposed = self._entities(start, end, propose=True)
        return _Phrase(proposed, "new" if proposed else "none", quantifier=quantifier)

    def _entities(self, start: int, end: int, *, propose: bool = True, listing: bool = False) -> list[Mention]:
        """The entities of a coordinated phrase ("A, B, and C").

        With ``propose``, the parts that name no known entity are proposed as new ones when no part
        names a known one; in a ``listing`` (an enumeration, examples after "such as") they always are.
        """
        start, end = self._trimmed(start, end)
        grounded: list[Mention] = []
        unknown: list[tuple[int, int]] = []
        for s, e in self._segments(start, end):
            words = self.masked[s:e]
            grounding = self.index.ground(words)
            if grounding is None and self.topic and TOPIC.fullmatch(words.strip()):  # "signs and symptoms"
                grounding = Grounding(self.topic, "topic", 1.0, words.strip())
            if grounding is not None:
                if not any(m.id == grounding.id for m in grounded):
                    grounded.append(
                        Mention(" ".join(self.text[s:e].split()), s, e, grounding.id, grounding.how, grounding.score)
                    )
            elif content_words(words) and not all(w in GENERIC for w in content_words(words)):
                unknown.append((s, e))
        if not propose or (grounded and not listing):
            return grounded
        proposed = []
        for s, e in unknown:
            if APPOSITIVE.match(self.masked[s:e]):  # "metoclopramide, a medicine for sickness"
                continue
            if len(content_words(self.masked[s:e])) <= 5:
                proposed.append(Mention(" ".join(self.text[s:e].split()), s, e, None, "new", 0.0))
        return sorted(grounded + proposed, key=lambda m: m.start)

    def _segments(self, start: int, end: int) -> list[tuple[int, int]]:
        """The coordinated parts of a phrase, not splitting inside a known name ("cold and allergy medicines")."""
        words = self.masked[start:end]
        protected = [
            (m.start(), m.end())
            for name in self.index.names
            if re.search(r"\b(?:and|or)\b", name.text)
            for m in re.finditer(r"\b" + re.escape(name.text) + r"\b", words, re.I)
        ]
        cuts = [
            m
            for m in re.finditer(r"\s*(?:,|;|\s--\s|\s(?:and|or|&|as well as|along with)\s)\s*(?:and\s+|or\s+)?", words)
            if not any(a < m.start() < b for a, b in protected)
        ]
        bounds = [0]
        for cut in cuts:
            bounds += [cut.start(), cut.end()]
        bounds.append(len(words))
        segments = []
        for s, e in zip(bounds[::2], bounds[1::2], strict=False):
            s2, e2 = self._trimmed(start + s, start + e)
            if s2 < e2:
                segments.append((s2, e2))
        return segments

    def _trimmed(self, start: int, end: int) -> tuple[int, int]:
        words = self.masked[start:end]
        lead = LEADING.match(words)
        trail = TRAILING.search(words)
        new_start = start + (lead.end() if lead else 0)
        new_end = start + (trail.start() if trail else len(words))
        return new_start, max(new_start, new_end)

    def _mention(self, start: int, end: int, how: str) -> Mention:
        grounding = self.index.ground(self.masked[start:end])
        text = " ".join(self.text[start:end].split())
        if grounding is None:
            return Mention(text, start, end, None, "new", 0.0)
        return Mention(text, start, end, grounding.id, grounding.how, grounding.score)

    def _topic_mention(self, start: int, end: int) -> Mention:
        return Mention(" ".join(self.text[start:end].split()), start, end, self.topic, "topic", 1.0)

    def _topic(self) -> str | None:
        """The entity the page names most often: what "it", "symptoms" and "the disorder" stand for."""
        counts: Counter[str] = Counter()
        for name in self.index.names:
            counts[name.entity] += len(re.findall(r"\b" + re.escape(name.text) + r"\b", self.text, re.I))
        return counts.most_common(1)[0][0] if counts and counts.most_common(1)[0][1] else None


def _generic(words: str) -> bool:
    """Whether ``words`` name a class without saying which members, as "certain medicines" does.

    Either every word is generic, or a quantifier comes with a generic head noun ("some long-term illnesses").

    Examples
    --------
    >>> [_generic(w) for w in ["Other medical conditions", "Some long-term illnesses", "some antidepressants"]]
    [True, True, False]

    """
    content = content_words(words)
    if not content:
        return False
    return all(w in GENERIC for w in content) or bool(QUANTIFIER.match(words.strip()) and content[-1] in GENERIC)


def _mask_parentheses(text: str) -> str:
    """``text`` with every parenthesis, brackets included, blanked out (same length, same offsets)."""
    out = list(text)
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        if depth:
            out[i] = " "
        if ch == ")" and depth:
            depth -= 1
    return "".join(out)


def _parentheses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The top-level parentheses in ``text[start:end]`` as (open, close) offsets."""
    found, depth, opened = [], 0, 0
    for i in range(start, end):
        if text[i] == "(":
            if depth == 0:
                opened = i
            depth += 1
        elif text[i] == ")" and depth:
            depth -= 1
            if depth == 0:
                found.append((opened, i))
    return found


def _clauses(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence split at semicolons, each part trimmed of its end punctuation."""
    parts, at = [], start
    for m in re.finditer(r";", masked[start:end]):
        parts.append((at, start + m.start()))
        at = start + m.end()
    parts.append((at, end))
    trimmed = []
    for left, right in parts:
        s, e = left, right
        while s < e and masked[s].isspace():
            s += 1
        while e > s and (masked[e - 1].isspace() or (masked[e - 1] in ".!" and len(parts) > 1)):
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def _bare_subject(masked: str, start: int, end: int) -> tuple[int, int]:
    """A subject without its reporting frame ("research suggests that X") or copula ("X are triggers that")."""
    if CONDITIONAL.match(masked[start:end].strip()):  # "if you think a medicine is causing ..." is advice
        return start, end
    reported = None
    for reported in REPORTED.finditer(masked, start, end):  # noqa: B007 - the last one
        pass
    if reported is not None:
        start = reported.end()
    copula = COPULA.search(masked, start, end)
    if copula is not None:
        end = copula.start()
    return start, end


def _clause_end(masked: str, start: int, end: int) -> int:
    """Where an object ends: before ", but", " -- ", a colon list or the clause end."""
    m = re.search(r",\s+(?:but|which|while|although|though)\b|\s--\s|[.!?](?=\s|$)|,\s*[\"\u201d]", masked[start:end])
    return start + m.start() if m else end


def _symmetric(ontology: Ontology, predicate: str) -> bool:
    from rdflib import OWL, RDF  # noqa: PLC0415

    from rlskg.model.ontology import RLS  # noqa: PLC0415

    return (RLS[predicate], RDF.type, OWL.SymmetricProperty) in ontology.graph


def _unique(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per triple and quote, the first kept."""
    seen: set[tuple[object, ...]] = set()
    kept = []
    for c in candidates:
        key = (
            c.subject.id or c.subject.text.lower(),
            c.predicate,
            c.object.id or c.object.text.lower(),
            c.start,
            c.end,
        )
        if key not in seen:
            seen.add(key)
            kept.append(c)
    return kept


def _membership(ontology: Ontology) -> str | None:
    """The relation a page's "such as" or "including" gives: class membership, not a role like hasRole."""
    names = [r.name for r in ontology.relations.values() if r.kind == "membership"]
    return "isMemberOf" if "isMemberOf" in names else next(iter(names), None)
