"""Reading candidate claims off a page: relation cues, their subjects and objects, lists and anaphora.

The cues are the rows of ``ontology/cues.yaml``; each names the relations it may stand for and the
first the ontology defines is used, with the ontology's kind, so a renamed or added relation needs
no change here. The page is read by its structure (:mod:`rlskg.curate.page`): a list item is read
in the frame its lead-in, its heading or the label above it sets (:mod:`rlskg.curate.lists`), and
may say things of its own. A sentence with a generic subject ("Certain medicines may trigger RLS.")
takes its subjects from the list or enumeration that follows; "these conditions", "the medicine"
take theirs from the last group the page named.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace

from rlskg.curate.anchored import AnchoredReader
from rlskg.curate.candidates import Candidate, Mention, label_of
from rlskg.curate.chunks import object_after, subject_before
from rlskg.curate.constructions import ConstructionReader, Frame
from rlskg.curate.cues import CueTable, load_cues, read_certainty, refuted_after
from rlskg.curate.framed import FramedReader
from rlskg.curate.grounding import EntityIndex, content_words
from rlskg.curate.lists import ListFrame, ListReader
from rlskg.curate.mentions import KINDS, Phrase
from rlskg.curate.named import NamedReader
from rlskg.curate.page import Unit, units
from rlskg.curate.patterns import (
    COPULA_NOUN,
    EXAMPLES,
    INCLUDE,
    NOUN_BEFORE,
    TOPIC,
    WITHDRAWAL,
    bare_subject,
    clause_end,
    clauses,
    mask_parentheses,
    relation_pattern,
)
from rlskg.model.ontology import Ontology

__all__ = ["Reader"]

#: A noun cue says a relation only after a copula: "X is a common cause of Y", "X, considered a trigger".
_COPULA = re.compile(
    r"\b(?:is|are|was|were|be|been|being|remains?|represents?|becomes?|as|considered|seems? to be|appears? to be|"
    r"evidence (?:of|for))"
    r"(?:\s+\w+){0,2}\s*$",
    re.I,
)
#: "three factors which are pertinent to the disease: A, B and C": the members after a colon.
_COLON_LIST = re.compile(r":\s+(?=[^:]*(?:,|\band\b))")
_SHARE_OF = re.compile(
    r"(?:about|approximately|around|roughly|up to|over|more than|nearly|almost|some)?\s*\d+(?:\.\d+)?\s*"
    r"(?:%|percent|per cent)\s+of\s+"
    r"(?:such\s+|these\s+|all\s+)?(?:cases|people|patients|those|adults|children|individuals|sufferers)\b",
    re.I,
)
_THESE_INCLUDE = re.compile(r"(?:these|those|such)\b[^.:]{0,40}?\b(?:include|includes|comprise)\b", re.I)
_PRONOUN = re.compile(r",\s+(?:(?:and|but|yet|so)\s+)?(?:it|they)\s*$", re.I)
#: A clause of its own between two cues, its subject a pronoun: "... and therefore it is most commonly noticed".
_ITS_OWN_CLAUSE = re.compile(
    r",?\s+(?:and|but|so)\s+(?:(?:therefore|thus|so|then)\s+)?(?P<s>it|they)\s+(?:is|are|was|were|can|may|tends?)\b",
    re.I,
)
_LAST_PART = re.compile(r",\s*(?:and\s+|or\s+)?|\s(?:and|or)\s|(?:such as|including|like)\s", re.I)
#: A form of the condition is the condition: "a common cause of secondary RLS".
_FORM_OF = re.compile(r"(?:primary|secondary|early-onset|late-onset|familial|idiopathic|sporadic)\s+", re.I)
#: A verb after "to" is an infinitive inside a noun phrase, not the clause's relation ("the inability to produce").
#: "such as those (used) to treat": what follows names examples, it says no relation of the clause.
_THOSE = re.compile(r"\bthose\s+(?:(?:used|taken|prescribed|given)\s+)?$", re.I)
_INFINITIVE = re.compile(
    r"(?<!thought)(?<!believed)(?<!considered)(?<!known)(?<!said)(?<!seems)(?<!seem)(?<!appears)(?<!appear)"
    r"(?<!tends)(?<!tend)(?<!likely)(?<!used)(?<!able)(?<!suspected)(?<!shown)(?<!found)(?<!expected)"
    r"\s+to\s+(?:\w+ly\s+)?$",
    re.I,
)
#: What a directed effect leaves: "reduces dopamine function" leaves "reduced dopamine function".
_RESULT = {
    "reduce": "reduced",
    "reduces": "reduced",
    "lower": "lower",
    "lowers": "lower",
    "deplete": "depleted",
    "depletes": "depleted",
    "impair": "impaired",
    "impairs": "impaired",
    "disrupt": "disrupted",
    "disrupts": "disrupted",
    "increase": "increased",
    "increases": "increased",
    "raise": "raised",
    "raises": "raised",
}
#: Effects that, said of the condition, relieve it: what reduces the symptoms is a treatment.
_RELIEVING = frozenset(
    {"reduce", "reduces", "reduced", "lower", "lowers", "lowered", "ease", "eases", "control", "controls", "regulate"}
)
#: What a process verb leaves its object as: "controls muscle movement" is muscle movement control.
_PROCESS = {
    "control": "control",
    "controls": "control",
    "controlling": "control",
    "regulate": "regulation",
    "regulates": "regulation",
    "regulating": "regulation",
}
_PROCESS_WORDS = re.compile(r"\b(?:regulation|control|metabolism|production|transmission|signall?ing)\b", re.I)
_PROCESS_GERUND = re.compile(r"(controlling|regulating)\s+", re.I)
#: A noun phrase that says only what kind of thing its subject is: "a secondary problem", "a common condition".
_A_KIND = re.compile(
    r"(?:an?|the)\s+(?:[\w-]+\s+){0,2}(?:problem|condition|disorder|disease|complication|symptom|result|effect)",
    re.I,
)
#: The copula before such a phrase: "RLS can be (a secondary problem)".
_COPULA_BEFORE = re.compile(
    r"\s+(?:is|are|was|were|(?:can|may|might|could|will|would)\s+be|becomes?)(?:\s+(?:often|usually|sometimes|\w+ly))?\s+$",
    re.I,
)
#: A restrictive relative pronoun right before a cue, or with one verb between: "chemicals that (help) regulate".
_THAT_BEFORE = re.compile(r"\w\s+(?:that|which)\s+(?:[a-z]+\s+)?$")
#: A fault of a thing, which the thing's own work is not: "an imbalance of (dopamine)", "low levels of (iron)".
_FAULT_OF = re.compile(
    r"\b(?:imbalances?|lack|deficienc(?:y|ies)|shortage|levels?|abnormalit(?:y|ies)|problems?|dysfunction|misuse)\s+"
    r"(?:of|in|with)\s+(?:the\s+)?",
    re.I,
)
#: Words that stand for the things just named: "Both can make it difficult to sleep."
_BOTH = re.compile(r"(?:both|each|all|either)(?:\s+of\s+(?:them|these|those))?", re.I)
_BOTH_FIRST = re.compile(r"(both|each)\s+(?=\w)", re.I)
#: A medicine's unwanted effect: what it brings on "as a side effect" it causes.
_SIDE_EFFECT = re.compile(r"\bas\s+an?\s+(?:\w+\s+)?side[-\s]effects?\b", re.I)
#: A relative clause after a comma: "dopamine, which works in ...".
_WHICH = re.compile(r",\s+(?:which|who)\b", re.I)
#: A subject that a relative clause goes on from: "the medical conditions that (are) linked with ...".
_RELATIVE_HEAD = re.compile(r"\b(?:that|which)\s+(?:[\w'\u2019-]+\s+){0,3}$", re.I)
#: Where the members of such a subject stand: "... that are linked with RLS are A, B", "... are:".
_ARE = re.compile(r"\s+(?:are|is)\b\s*:?\s*", re.I)
#: A subject that is the list below: "The following antihistamine medications (that ...) are:".
_THE_FOLLOWING = re.compile(r"\s*(?:the\s+)?following\b", re.I)
#: Words for the coming or flaring of the condition, which stand for it: "a flare-up of RLS symptoms".
_ASPECT_OF = re.compile(
    r"(?:an?\s+|the\s+)?(?:flare-ups?|flares?|onset|development|exacerbation|episodes?|attacks?|cases?)\s+of\s+", re.I
)
#: A second agent of a passive: "can be caused by another disease, or as a result of taking medications".
#: "changes in how dopamine works in the brain": a cue inside an embedded "how" clause names, it does not relate.
_HOW = re.compile(r"\bhow\s+(?:[\w'\u2019-]+\s+){1,3}$", re.I)
#: "Because of this, a GP may suggest ...": a cue that links to the sentence before, with no end of its own.
_THIS_COMMA = re.compile(r"\s*(?:this|that|these|it)\s*,", re.I)
_OR_AS = re.compile(r"\b(?:or|and)\s+(?:as\s+|by\s+)?$", re.I)
#: Words of a medicine's name.
_DRUG_WORDS = re.compile(r"\b(?:medicines?|medications?|drugs?|tablets?|pills?|remed\w+|\w+ants?|\w+ics?)$", re.I)
#: Words of an effect on the person, for what the condition is said to cause.
_EFFECT_WORDS = re.compile(
    r"\b(?:sleep\w*|asleep|insomnia|tired\w*|fatigue|depress\w*|anxi\w*|mood|irritab\w*|quality of life|"
    r"concentrat\w*|everyday activities|daily activities|daily life)",
    re.I,
)
#: An embedded question: "researchers don't know if these factors cause RLS" asserts nothing.
_EMBEDDED = re.compile(r"\b(?:if|whether)\b[^,;]*$", re.I)
#: "Willis-Ekbom disease, or restless legs syndrome": two names of one thing.
_ALSO_CALLED = re.compile(
    r"(?P<a>(?:[A-Z][\w'\u2019-]*\s+){1,3}(?:disease|syndrome|disorder))(?:\s*\([^)]*\))?,?\s+"
    r"(?:or|also called|also known as|known as|i\.e\.,?)\s+(?P<b>[\w'\u2019 -]{2,40}?)\s*(?=[,.;(&]|\s+and\b|$)"
)
_ABBREVIATED = re.compile(r"\((?P<b>[A-Z][A-Za-z0-9]{0,2}[A-Z][A-Za-z0-9]{0,4})\)")


def _expansion(text: str, at: int, abbreviation: str) -> tuple[int, int] | None:
    """The words before ``at`` whose initials spell ``abbreviation`` ("Willis-Ekbom disease" for "WED").

    Examples
    --------
    >>> s = "Causes of Willis-Ekbom disease (WED)"
    >>> start, end = _expansion(s, s.index("("), "WED"); s[start:end]
    'Willis-Ekbom disease'

    """
    words = list(re.finditer(r"[\w'\u2019]+(?:-[\w'\u2019]+)*", text[max(0, at - 120) : at]))
    offset = max(0, at - 120)
    letters = abbreviation.lower()
    for n in range(1, min(len(words), len(letters) + 2) + 1):
        chosen = words[-n:]
        initials = "".join(part[0] for w in chosen for part in w.group().lower().split("-") if part)
        if chosen[0].group()[0].lower() == letters[0] and _in_order(letters, initials):
            return offset + chosen[0].start(), offset + chosen[-1].end()
    return None


def _in_order(letters: str, initials: str) -> bool:
    it = iter(initials)
    return all(ch in it for ch in letters) and initials[0] == letters[0] and len(initials) <= len(letters) + 1


#: A cue with a modal of its own ("may trigger") after a phrase: that phrase is its subject, a clause's own.
_OWN_AUXILIARY = re.compile(r"\s*(?:may|might|can|could|will|would|should|must|does|do|did)\b", re.I)


@dataclass
class _Match:
    """A relation cue found in a clause: its row, where its auxiliaries start and it ends, and its voice."""

    which: int
    aux_start: int
    end: int
    match: re.Match[str]
    passive: bool


class Reader(ListReader, ConstructionReader, NamedReader, AnchoredReader, FramedReader):
    """Reads one page against the graph's entities and the ontology's relations."""

    def __init__(
        self, text: str, index: EntityIndex, ontology: Ontology, cues: CueTable | None = None, hub: str | None = None
    ) -> None:
        self.text = text
        self.hub = hub
        self.cues = cues or load_cues()
        self.cue_list, self.cue_re = relation_pattern(self.cues)
        self.index = index
        self.ontology = ontology
        self.masked = mask_parentheses(text)
        self.units = units(text)
        self.topic = self._topic()
        self.candidates: list[Candidate] = []
        self._group: list[Mention] = []
        self._group_span: tuple[int, int] | None = None
        self._group_inline = False
        self._unit: Unit | None = None
        self.list_frames: dict[int, list[tuple[Frame, list[Mention], str, int]]] = {}
        self._items: dict[int, list[Mention]] = {}
        self._saying: set[int] = set()
        self._list_classes: dict[int, Mention] = {}
        self._linked: set[tuple[str | None, str]] = set()
        self._title: tuple[list[ListFrame], frozenset[str]] | None = (
            None  # the condition and an effect the page says it is linked to
        )
        self._renamed: dict[tuple[int, int], Mention] = {}
        self._finding: dict[tuple[int, int], str] = {}
        self._effects: list[Mention] = []

    # ---------------------------------------------------------------- entry point

    def read(self) -> list[Candidate]:
        """Every candidate of the page, in page order."""
        self._aliases()
        skip: set[int] = set()
        for unit in self.units:
            self._unit = unit
            if unit.kind == "item":
                self._item(unit)
            elif unit.kind == "heading":
                self._heading(unit)
            elif unit.index in skip or unit.text.rstrip().endswith("?"):
                continue
            else:
                skip |= self._sentence(unit)
                if self._a_title(unit):  # "Medicines that can worsen RLS" on a line of its own, no full stop
                    self._heading(unit, members=False)
        self._read_named()
        self._read_anchored()
        self._keep_worth_proposing()
        self._read_framed()  # the reading of last resort reads what the others left, as they are kept
        self._keep_worth_proposing()
        return on_the_way(_unique(self.candidates), self.topic)

    def _keep_worth_proposing(self) -> None:
        """Drop the candidates not worth proposing (:meth:`_worth_proposing`)."""
        triggers = {
            _key(c.subject)
            for c in self.candidates
            if c.object.id == self.topic and c.kind in ("causal", "risk", "worsening") and c.certainty != "refuted"
        }
        self.candidates = [c for c in self.candidates if self._worth_proposing(c, triggers)]

    def _a_title(self, unit: Unit) -> bool:
        """Whether a sentence stands alone on its line with no mark at its end, as a title does."""
        alone = all(u.line != unit.line for u in self.units if u.index != unit.index)
        return alone and not re.search(r"[.!?:;,]$", unit.text.rstrip())

    def _worth_proposing(self, candidate: Candidate, triggers: set[str]) -> bool:
        """No symptom that defines the condition; of what the condition causes only its effects on the person.

        An effect on the person is the condition's, or another effect's ("not enough sleep can make
        you tired"), or what a trigger of the condition does besides ("Alcohol and caffeine. Both can
        make it difficult to sleep."): what else leads to it ("periodic limb movements can result in
        poor sleep") is not on the way to the condition.
        """
        if self._a_symptom(candidate):
            return False
        if candidate.subject.id == self.topic:
            return self._an_effect_of_it(candidate)
        if candidate.kind == "causal" and self._on_the_person(candidate.object):
            subject = candidate.subject
            return self._on_the_person(subject) or subject in self._effects or _key(subject) in triggers
        if candidate.predicate == "contains":  # what a medicine contains; a fluid "that contains proteins" is not
            return self._is_drug(candidate.subject) or bool(_DRUG_WORDS.search(label_of(candidate.subject)))
        if candidate.kind == "context":  # what "some medications" treat says nothing of a drug
            return candidate.subject.how != "class"
        return True

    def _a_symptom(self, candidate: Candidate) -> bool:
        """Whether an end of the candidate is a symptom that defines the condition ("the urge to move")."""
        ends = (candidate.subject, candidate.object)
        return any(m.id is None and m.how != "status" and self.cues.symptoms.search(label_of(m)) for m in ends)

    def _an_effect_of_it(self, candidate: Candidate) -> bool:
        """Whether what the condition is said to cause is an effect on the person, not a symptom or a group of people.

        A consequence cue ("leads to") says so itself; a cause ("RLS causes ...") only of a
        consequence the graph or the vocabulary knows, or of sleep, tiredness or mood.
        """
        obj = candidate.object
        if candidate.kind == "association":  # an effect on the person is what it leads to, unless linked in words
            return not self._on_the_person(obj) or (candidate.subject.id, label_of(obj)) in self._linked
        if candidate.kind == "worsening":  # "the sensations worsen during periods of inactivity": a symptom's pattern
            return self._on_the_person(obj)
        if candidate.kind != "causal" or candidate.predicate == "leadsTo":
            return True
        return self._on_the_person(obj)

    def _on_the_person(self, mention: Mention) -> bool:
        """Whether a thing is an effect on the person: a consequence of the graph, or of sleep, tiredness or mood."""
        entity = self.index.entities.get(mention.id or "")
        if entity is not None:
            return entity.type == "Consequence"
        return bool(_EFFECT_WORDS.search(label_of(mention)))

    def _aliases(self) -> None:
        """The page's own names for an entity: "Willis-Ekbom disease (WED), or restless legs syndrome (RLS)"."""
        pairs: list[tuple[str, str]] = []
        for m in _ALSO_CALLED.finditer(self.text):
            pairs.append((m.group("a"), m.group("b")))
        for m in _ABBREVIATED.finditer(self.text):
            span = _expansion(self.text, m.start(), m.group("b"))
            if span is not None:
                pairs.append((self.text[span[0] : span[1]], m.group("b")))
        for _ in range(2):  # a second pass finds the aliases of aliases ("WED" of "Willis-Ekbom disease")
            for a, b in pairs:
                ga, gb = self.index.ground(a), self.index.ground(b)
                if ga is not None and ga.score >= 0.95 and gb is None:
                    self.index.alias(b, ga)
                elif gb is not None and gb.score >= 0.95 and (ga is None or ga.score < 0.95):
                    self.index.alias(a, gb)

    def _topic(self) -> str | None:
        """What "it", "symptoms" and "the disorder" stand for: the graph's own condition if the page names it.

        The graph's condition is the entity most of its claims lead to; a page that never names it
        is about the entity it names most often.
        """
        counts: Counter[str] = Counter()
        for name in self.index.names:
            if name.term is None:
                counts[name.entity] += len(re.findall(r"\b" + re.escape(name.text) + r"\b", self.text, re.I))
        if self.hub is not None and counts[self.hub]:
            return self.hub
        return counts.most_common(1)[0][0] if counts and counts.most_common(1)[0][1] else None

    # ---------------------------------------------------------------- sentences

    def _sentence(self, unit: Unit) -> set[int]:
        """Read one sentence; return the units it consumed (an enumeration that follows it)."""
        consumed: set[int] = set()
        self._sentence_brackets(unit)
        enumeration = self._enumeration(unit)
        if enumeration is not None:
            self._set_group(enumeration, (unit.start, unit.end), inline=True)
        for cs, ce in clauses(self.masked, unit.start, unit.end):
            frames = self._frames(cs, ce)
            for frame in frames:
                consumed |= self._realise(frame, unit, cs, ce)
            for start in self._relatives(cs, ce, frames):
                for frame in self._frames(start, ce):
                    consumed |= self._realise(frame, unit, start, ce)
        return consumed

    def _relatives(self, cs: int, ce: int, frames: list[Frame]) -> list[int]:
        """Where a relative clause the clause's own reading left alone starts, with the noun it is said of.

        "The brain uses iron to make dopamine, which works in the part of the brain that controls
        movement": the construction reads the first part; "dopamine, which works in ..." is read too.
        """
        starts = []
        for which in _WHICH.finditer(self.masked, cs, ce):
            if any(f.cue[0] >= which.start() for f in frames):
                continue
            said_of = subject_before(self.masked, cs, which.end())
            if said_of is not None and said_of[0] > cs and any(m.how != "new" for m in self._entities(*said_of)):
                starts.append(said_of[0])  # of a thing the graph or the vocabulary knows
        return starts

    def _realise(self, frame: Frame, unit: Unit, cs: int, ce: int) -> set[int]:
        """Turn one frame into candidates, resolving generic and anaphoric subjects."""
        obj_start, obj_end = frame.object
        # "Other conditions linked to RLS include: 1. ...", "the conditions that are linked with RLS are A, B"
        include = INCLUDE.search(self.masked, obj_start, obj_end) or self._are_members(frame, cs, obj_start, obj_end)
        inline: tuple[int, int] | None = None
        if include and include.start() < obj_end:
            inline = (include.end(), obj_end) if include.end() < obj_end else None
            obj_end = include.start()
        inner = obj_end <= frame.cue[1]  # "make RLS worse, such as A, B": the examples stand after the cue
        tail_end = max(obj_end, ce) if inner else obj_end
        tail = EXAMPLES.search(self.masked, obj_start, tail_end) or _COLON_LIST.search(self.masked, obj_start, tail_end)
        tail_items: tuple[int, int] | None = None
        examples_below = False
        if tail and not content_words(self.masked[tail.end() : tail_end]):  # "..., for example:" before a list
            obj_end = min(obj_end, tail.start())
            examples_below = obj_end > obj_start and obj_end > frame.cue[1]
        elif tail and not frame.subject_is_cue:
            tail_items = (tail.end(), tail_end)
        subject = self._subject_phrase(frame)
        if subject.kind == "generic" and tail_items is not None and tail is not None:
            obj_end = min(obj_end, tail.start())
            subject = Phrase(self._entities(*tail_items, listing=True), "entities", quantifier=subject.quantifier)
        obj = self._object_phrase(frame, obj_start, obj_end)
        quote = (unit.start, unit.end) if (cs, ce) == (unit.start, unit.end) else (cs, ce)
        unsaid = obj_start >= obj_end or not content_words(self.masked[obj_start:obj_end])
        listing = obj.kind == "generic" or (unsaid and subject.kind == "topic")
        if listing and subject.mentions and self._lead_frame(unit, frame, subject.mentions, "object"):
            return set()  # "linked to the following:", "It has been linked to:" and the things listed below
        if examples_below and subject.mentions and obj.mentions:  # "linked to another condition, such as:"
            self._lead_frame(unit, frame, subject.mentions, "object")
        if obj.kind in ("generic", "none", "anaphor") and not obj.mentions:
            return set()
        items, consumed, quantifier = self._subjects(frame, subject, obj, unit, quote, inline)
        obj = Phrase([self._renamed_by(frame, m) for m in obj.mentions], obj.kind)
        if frame.subject in self._finding:  # "ferritin is low in RLS patients": the finding is "low ferritin"
            items = [
                ([self._found(self._finding[frame.subject], m) for m in ms], span, item) for ms, span, item in items
            ]
        items = [([self._renamed.get((m.start, m.end), m) for m in ms], span, item) for ms, span, item in items]
        withdrawal = self.cues.words("withdrawal").match(self.masked, self._trimmed(*frame.subject)[0])
        for mentions, span, item in items:
            relations = frame.relations
            if withdrawal is not None:  # "withdrawal from X may induce RLS": the withdrawal is linked, not X
                relations = ("withdrawalAssociatedWith",)
            elif item is not None and WITHDRAWAL.match(item.body):
                relations = tuple("withdrawalAssociatedWith" if r == "associatedWith" else r for r in relations)
            for subject_mention in mentions:
                if withdrawal is not None and subject_mention.how == "class":
                    continue  # no class "withdrawal from other medications"
                for object_mention in obj.mentions:
                    self._add(frame, relations, subject_mention, object_mention, span, quantifier)
        return consumed

    def _said_linked(self, frame: Frame) -> bool:
        """Whether a frame's cue is a word of association ("linked to"), not a construction ("people with X have")."""
        return bool(frame.verb) and self.cues.words("association").search(frame.verb) is not None

    def _are_members(self, frame: Frame, cs: int, start: int, end: int) -> re.Match[str] | None:
        """The "are" before a relative clause's members: "the conditions that are linked with RLS are A, B"."""
        if not _RELATIVE_HEAD.search(self.masked, cs, frame.cue[0]):
            return None
        return _ARE.search(self.masked, start, end)

    def _renamed_by(self, frame: Frame, mention: Mention) -> Mention:
        """A new object of "reduces" or "lowers", named as what results.

        "reduces dopamine function" gives "reduced dopamine function", and so does the next step of
        the chain that starts from it.
        """
        last = frame.verb.split()[-1] if frame.verb else ""
        result, process = _RESULT.get(last), _PROCESS.get(last)
        if (result is None and process is None) or mention.id is not None or mention.how not in ("new", "class"):
            return self._renamed.get((mention.start, mention.end), mention)
        if process is not None:  # "dopamine, a neurotransmitter that controls muscle movement"
            return self._as_process(mention, last)
        named = replace(mention, label=f"{result} {label_of(mention)}")
        self._renamed[(mention.start, mention.end)] = named
        return named

    def _a_process(self, mention: Mention) -> bool:
        """Whether a thing is a process of the body ("movement control", "dopamine regulation"), not a condition."""
        entity = self.index.entities.get(mention.id or "")
        name = entity.label if entity is not None else label_of(mention)
        return mention.id != self.topic and bool(_PROCESS_WORDS.search(name))

    def _as_process(self, mention: Mention, verb: str) -> Mention:
        """A thing as the object of a process verb, named as the process: "controls muscle movement" is its control."""
        process = _PROCESS.get(verb)
        if process is None or mention.how == "topic":
            return mention
        label = f"{label_of(mention) if mention.id is None else mention.text} {process}"
        grounding = self.index.ground(label)
        if grounding is not None and grounding.id is not None and grounding.score >= 0.8:
            return replace(self._grounded(mention.start, mention.end, grounding), how=grounding.how)
        return replace(mention, id=None, how="new", score=0.0, label=label, term=None)

    def _found(self, adjective: str, mention: Mention) -> Mention:
        named = f"{adjective} {label_of(mention) if mention.id is None else mention.text}"
        grounding = self.index.ground(named)
        if grounding is not None and grounding.score >= 0.95:
            return self._grounded(mention.start, mention.end, grounding)
        return replace(mention, id=None, how="new", score=0.0, label=named)

    def _subject_phrase(self, frame: Frame) -> Phrase:
        if frame.subject_is_cue:
            return Phrase([self._mention(*frame.subject, how="cue")], "entities")
        start, end = frame.subject
        if _BOTH.fullmatch(self.masked[start:end].strip()):  # "Alcohol and caffeine. Both can make it hard to sleep."
            return Phrase([], "anaphor", span=(start, end))
        if self._a_form_of_it(start, end):  # "Secondary RLS can be linked to low iron levels"
            return Phrase([self._topic_mention(start, end)], "topic")
        return self._this(self._phrase(start, end))

    def _an_aspect_of_it(self, start: int, end: int) -> bool:
        """Whether the words name the coming or flaring of the topic: "a flare-up of RLS symptoms"."""
        aspect = _ASPECT_OF.match(self.masked, self._trimmed(start, end)[0]) if start < end else None
        if aspect is None or self.topic is None:
            return False
        rest = self.masked[aspect.end() : end]
        named = self.index.ground(rest)
        return (named is not None and named.id == self.topic) or bool(
            TOPIC.match(rest.strip()) and self._topic_names_in(rest)
        )

    def _a_form_of_it(self, start: int, end: int) -> bool:
        """Whether the words name a form of the page's topic: "secondary RLS", "primary restless legs syndrome"."""
        form = _FORM_OF.match(self.masked, self._trimmed(start, end)[0]) if start < end else None
        named = self.index.ground(self.masked[form.end() : end]) if form is not None else None
        return named is not None and self.topic is not None and named.id == self.topic

    def _this(self, phrase: Phrase) -> Phrase:
        """A phrase like "this chemical" as the last thing of that kind the sentence before named, if any."""
        if phrase.kind != "this" or self._unit is None:
            return phrase
        kinds = KINDS.get(phrase.quantifier or "", ())
        before = [c for c in self.candidates if c.end <= self._unit.start and c.end >= self._unit.start - 400]
        named = [m for c in before for m in (c.subject, c.object) if self._type_of(m) in kinds]
        last = max(named, key=lambda m: m.start, default=None)
        if last is None:
            return Phrase([], "none")
        start, end = phrase.span
        return Phrase(
            [replace(last, text=" ".join(self.text[start:end].split()), start=start, end=end, how="anaphor")],
            "entities",
        )

    def _type_of(self, mention: Mention) -> str | None:
        entity = self.index.entities.get(mention.id or "")
        term = self.index.terms.get((mention.term or "").lower())
        return entity.type if entity is not None else term.type if term is not None else None

    def _object_phrase(self, frame: Frame, start: int, end: int) -> Phrase:
        if frame.object_status:
            status = self._status()
            return Phrase([Mention(status or "", 0, 0, status, "status", 1.0)], "entities" if status else "none")
        if self._a_form_of_it(start, end) or self._an_aspect_of_it(start, end):
            return Phrase([self._topic_mention(start, end)], "topic")
        if self.topic and _SHARE_OF.match(self.masked, self._trimmed(start, end)[0]):
            return Phrase([self._topic_mention(start, end)], "topic")  # "seen in approximately 50% of such cases"
        gerund = _PROCESS_GERUND.match(self.masked, self._trimmed(start, end)[0]) if start < end else None
        if gerund is not None:  # "plays a role in regulating dopamine": in dopamine regulation
            inner = self._phrase(gerund.end(), end)
            return Phrase([self._as_process(m, gerund.group(1).lower()) for m in inner.mentions], inner.kind)
        obj = self._this(self._phrase(start, end))
        if obj.kind == "none" and frame.object_topic and self.topic:
            return Phrase([self._topic_mention(start, start)], "topic")
        if obj.kind == "anaphor" and frame.object_topic and self.topic and obj.span[1] - obj.span[0] <= 5:
            return Phrase([self._topic_mention(start, start)], "topic")  # "they are more likely to aggravate them"
        if obj.kind == "anaphor" and self._unit is not None and (group := self._anaphor_group(self._unit)):
            return Phrase(group, "entities")
        return obj

    def _treating(self, phrase: Phrase, quote: tuple[int, int]) -> None:
        """What examples named by their purpose treat ("medications, such as those to treat nausea")."""
        if "treats" not in self.ontology.relations:
            return
        frame = Frame(("treats",), phrase.purpose, phrase.purpose, phrase.purpose, "stated", False)
        for member, treated in phrase.treating:
            self._add(frame, ("treats",), member, treated, quote, None)

    def _subjects(  # noqa: PLR0917 - the pieces of one clause
        self,
        frame: Frame,
        subject: Phrase,
        obj: Phrase,
        unit: Unit,
        quote: tuple[int, int],
        inline: tuple[int, int] | None,
    ) -> tuple[list[tuple[list[Mention], tuple[int, int], Unit | None]], set[int], str | None]:
        """The subjects a frame's subject phrase stands for: its examples, the list below, the last group, itself."""
        quantifier = frame.quantifier or subject.quantifier
        if _THE_FOLLOWING.match(self.masked, *frame.subject) and self._lead_frame(unit, frame, obj.mentions, "subject"):
            # "The following antihistamine medications are most associated with ...:": the items, of that class
            self._class_of_list(unit, subject.mentions)
            return [], set(), quantifier
        if inline is not None and subject.kind in ("generic", "new", "entities", "none"):
            # "Chronic diseases associated with RLS include kidney failure, diabetes": the members, not the class
            found = self._following_enumeration(unit, inline)
            if found is not None and found[0] and found[0][0][0]:
                classes = self._class_mentions(subject) if subject.kind == "generic" else []
                return [(classes, quote, None), *found[0]] if classes else found[0], found[1], quantifier
        if subject.examples and subject.kind in ("entities", "new") and subject.mentions:
            head = subject.mentions[-1]
            if self._is_drug(head) or self._type_of(head) == "Chemical":
                # "antidepressants such as citalopram can ...": the class is said to; its members belong to it
                self._members(head, subject.examples, quote)
                self._set_group(subject.mentions, quote, inline=False)
                return [(subject.mentions, quote, None)], set(), quantifier
            # "neurological diseases like Parkinson's disease": the class and the conditions it names
            self._set_group([*subject.mentions, *subject.examples], quote, inline=False)
            return [([*subject.mentions, *subject.examples], quote, None)], set(), quantifier
        if subject.examples:
            self._treating(subject, quote)
            # "Certain medications such as A and B may aggravate RLS": the class is said to, and so each example
            classes = [] if subject.treating else self._class_mentions(subject)
            self._set_group(classes + subject.examples, quote, inline=False)
            return [(classes + subject.examples, quote, None)], set(), quantifier
        if subject.kind == "generic":
            if self._lead_frame(unit, frame, obj.mentions, "subject", inline):
                # "Some medications can trigger RLS, including: ...": the class is said to, and so each item
                classes = self._class_mentions(subject)
                return ([(classes, quote, None)] if classes else []), set(), quantifier
            found = self._following_enumeration(unit, inline)
            if found is not None:
                items, consumed, q = found
                return items, consumed, q or quantifier
            classes = self._class_mentions(subject)
            return ([(classes, quote, None)] if classes else []), set(), quantifier
        if subject.kind == "anaphor":
            group = self._anaphor_group(unit)
            if not group:
                return [], set(), quantifier
            start = self._group_span[0] if self._group_inline and self._group_span else quote[0]
            return [(group, (start, quote[1]), None)], set(), quantifier
        if len(subject.mentions) > 1 and subject.kind == "entities":
            self._set_group(subject.mentions, quote, inline=False)
        items = [(subject.mentions, quote, None)] if subject.mentions else []
        after = self.units[unit.index + 1] if unit.index + 1 < len(self.units) else None
        listed = subject.kind == "new" and after is not None and _THESE_INCLUDE.match(after.text)
        following = self._following_enumeration(unit, None) if listed else None
        if following is not None:  # "Significant physiological changes can cause RLS. These changes may include A, B"
            return items + following[0], following[1], quantifier
        return items, set(), quantifier

    def _add(  # noqa: PLR0917 - a private step with one caller per construction
        self,
        frame: Frame,
        relations: tuple[str, ...],
        subject: Mention,
        obj: Mention,
        span: tuple[int, int],
        quantifier: str | None,
    ) -> None:
        predicate = next((r for r in relations if r in self.ontology.relations), None)
        if predicate is None or subject.how == "status":
            return
        if subject.id == obj.id and (subject.id is not None or label_of(subject) == label_of(obj)):
            return  # a thing is not related to itself
        if frame.verb in _RELIEVING and obj.id == self.topic:
            return  # "correcting the iron deficiency may help reduce symptoms": a treatment, not a cause
        if predicate == "contributesTo" and self._a_process(obj) and "isInvolvedIn" in self.ontology.relations:
            predicate = "isInvolvedIn"  # "oestrogen plays a role in regulating dopamine": a step of a mechanism
        if predicate == "leadsTo" and obj.id == self.topic and "causes" in self.ontology.relations:
            predicate = "causes"  # what leads to the condition itself is a cause, not a consequence of it
        if self._symmetric(predicate) and obj.id == self.topic and self._on_the_person(subject):
            subject, obj = obj, subject
        linked = self._symmetric(predicate) and subject.id == self.topic and self._on_the_person(obj)
        if linked and not self._said_linked(frame):
            predicate = (
                "leadsTo"  # "people with RLS have fragmented sleep": an effect on the person is what it leads to
            )
        elif linked:
            self._linked.add((subject.id, label_of(obj)))  # "RLS has been linked to anxiety": a link, as said
        elif self._symmetric(predicate) and subject.id == self.topic and obj.id != self.topic:
            subject, obj = obj, subject
        # the quote holds the cue and the page's words for both ends, as the claim format asks
        named = [(m.start, m.end) for m in (subject, obj) if m.text and m.how not in ("topic", "status")]
        start = min(span[0], frame.cue[0], *(s for s, _ in named))
        end = max(span[1], frame.cue[1], *(e for _, e in named))
        cue = " ".join(self.text[frame.cue[0] : frame.cue[1]].split())
        section = self._section(self._unit)
        self.candidates.append(
            Candidate(
                subject,
                predicate,
                self.ontology.relations[predicate].kind,
                obj,
                frame.certainty,
                frame.negated,
                cue,
                start,
                end,
                quantifier,
                section=section,
            )
        )

    # ---------------------------------------------------------------- frames of a clause

    def _frames(self, cs: int, ce: int) -> list[Frame]:
        status = self._status_frames(cs, ce)
        special = self._special(cs, ce)
        if special is not None:
            return status + special
        found = self._cue_matches(cs, ce)
        for words in self.cues.status.finditer(self.masked, cs, ce):
            found = [c for c in found if not (words.start() <= c.end and c.aux_start <= words.end())]
        frames: list[Frame] = []
        subject: tuple[int, int] = (cs, found[0].aux_start) if found else (cs, cs)
        if found:
            boundary = None
            before = self.masked[cs : found[0].aux_start]
            # a list's ", and" is no boundary; "because it often interrupts": the clause after "because"
            cuts = r"\s--\s|:\s|;\s|,\s+(?:but|while|whereas|although|though)\s+|\b(?:because|since)\s+"
            for boundary in re.finditer(cuts, before):  # noqa: B007
                pass
            if boundary is not None:
                subject = (cs + boundary.end(), found[0].aux_start)
            subject = bare_subject(self.masked, *subject)
            subject = self._chunked_subject(subject, found[0])
            both = _BOTH_FIRST.match(self.masked, found[0].aux_start)
            if not self.masked[cs : found[0].aux_start].strip() and both:  # "Both can make it hard to sleep"
                subject = both.span(1)
        for k, cue in enumerate(found):
            if _EMBEDDED.search(self.masked, cs, cue.aux_start):
                break
            obj, next_subject = self._object_of(found, k, ce, subject)
            frame = self._cue_frame(cue, (cs, ce), subject, obj)
            if self.cue_list[cue.which].signal == "mechanism" and not cue.passive:  # "an imbalance of dopamine, which
                frame.subject = self._worker(frame.subject)
            if cue.passive and frames and _OR_AS.search(self.masked, cs, cue.aux_start):
                frame.object = frames[-1].object  # "caused by X, or as a result of Y": Y causes the same
            shared = frames[-1] if frames and frames[-1].object[0] >= frames[-1].object[1] else None
            if shared is not None and not cue.passive:
                # "may cause or worsen RLS": one object and one hedge for both verbs
                shared.object = frame.object
                if frame.certainty == "stated":
                    frame.certainty, frame.negated = shared.certainty, shared.negated
                    frame.cue = (shared.cue[0], frame.cue[1])
            frames.append(frame)
            subject = next_subject
            if k + 1 < len(found) and self._participle(cue) and not self._participle(found[k + 1]):
                subject = frame.subject if not cue.passive else frame.object  # "RLS symptoms associated with X are"
        return status + frames + self._side_effect(cs, ce, frames)

    def _side_effect(self, cs: int, ce: int, frames: list[Frame]) -> list[Frame]:
        """A cause the clause adds with "as a side effect": "can aggravate RLS ... or develop it as a side effect"."""
        said = _SIDE_EFFECT.search(self.masked, cs, ce)
        if said is None or any("causes" in f.relations for f in frames):
            return []
        return [replace(f, relations=("causes",), cue=said.span(), verb="") for f in frames[:1]]

    def _worker(self, span: tuple[int, int]) -> tuple[int, int]:
        """What works in a mechanism: the thing a fault is of ("an imbalance of dopamine": dopamine)."""
        fault = _FAULT_OF.search(self.masked, *span)
        return (fault.end(), span[1]) if fault is not None and fault.end() < span[1] else span

    def _participle(self, cue: _Match) -> bool:
        """Whether a cue stands as a participle after its noun, with no auxiliary ("symptoms associated with")."""
        verb = cue.match.start(f"v{cue.which}")
        return cue.aux_start == verb and bool(re.match(r"\w+(?:ed|ing)\b", self.masked[verb : cue.end]))

    def _cue_matches(self, cs: int, ce: int) -> list[_Match]:
        """The relation cues of a clause; a verb before "or V-ed by" ("induced or worsened by") is passive."""
        text = self.masked
        found: list[_Match] = []
        for match in self.cue_re.finditer(text, cs, ce):
            which = next(i for i in range(len(self.cue_list)) if match.group(f"c{i}") is not None)
            verb_start = match.start(f"v{which}")
            noun = self.cue_list[which].form == "noun"
            if (
                (not noun and NOUN_BEFORE.search(text, cs, verb_start))
                or (not noun and re.match(r"\s+(?:of|that|which)\b", text[match.end() : match.end() + 6]))
                or (noun and not _COPULA.search(text, max(cs, verb_start - 40), verb_start))
                or COPULA_NOUN.search(match.group())
            ):
                continue
            aux_start = match.start()
            while aux_start < verb_start and text[aux_start].isspace():
                aux_start += 1
            if _INFINITIVE.search(text, cs, aux_start) or self._in_enumeration(cs, verb_start, match):
                continue  # "the inability to produce red blood cells", "disorders affecting the kidneys"
            if self._inside_a_name(which, cs, ce, aux_start, found):
                continue  # "works in parts of the brain that control movement": a relative clause inside a name
            if _THOSE.search(text, max(cs, aux_start - 40), aux_start):
                continue  # "medications, such as those to treat nausea": examples named by their purpose
            if _HOW.search(text, max(cs, verb_start - 40), verb_start) or (
                not text[cs:aux_start].strip() and _THIS_COMMA.match(text, match.end())
            ):
                continue  # "changes in how dopamine works": a clause inside a name; "Because of this,": a link word
            found.append(_Match(which, aux_start, match.end(), match, self.cue_list[which].form == "passive"))
        for first, second in itertools.pairwise(found):
            if (
                second.passive
                and self.cue_list[first.which].form == "verb"
                and re.fullmatch(r"\s+(?:or|and)\s+", text[first.end : second.aux_start])
            ):
                first.passive = True
        return found

    def _inside_a_name(self, which: int, cs: int, ce: int, aux_start: int, found: list[_Match]) -> bool:
        """Whether a cue stands in a restrictive relative clause that is part of another cue's end.

        "related to abnormalities in brain chemicals that help regulate muscle movements": the clause
        names the chemicals; "the nerves in the legs that control leg movement was once thought to cause
        RLS": it names the nerves. A mechanism's own verb there relates nothing when the clause has
        another cue; any cue after an earlier one in "parts of the brain that control ..." does not.
        """
        before = self.masked[max(cs, aux_start - 60) : aux_start]
        if self.cue_list[which].signal == "mechanism":
            if not _THAT_BEFORE.search(before):
                return False
            others = [m for m in self.cue_re.finditer(self.masked, cs, ce) if not m.start() <= aux_start < m.end()]
            return bool(others)
        return bool(found) and re.search(r"\w\s+(?:that|which)\s+$", before) is not None

    def _in_enumeration(self, cs: int, verb_start: int, match: re.Match[str]) -> bool:
        """Whether a bare participle stands inside an enumeration's list ("include ..., disorders affecting X")."""
        words = self.masked[verb_start : match.end()].split()
        if not words or not words[0].lower().endswith("ing") or match.start() < verb_start - 1:
            return False
        return (
            re.search(r"\b(?:include|includes|including|such as|like)\b", self.masked[cs:verb_start], re.I) is not None
        )

    def _object_of(
        self, found: list[_Match], k: int, ce: int, subject: tuple[int, int]
    ) -> tuple[tuple[int, int], tuple[int, int]]:
        """The object span of cue ``k`` (the agent of a passive) and the subject span of the cue after it."""
        cue = found[k]
        if cue.passive and self.cue_list[cue.which].form == "verb" and k + 1 < len(found):
            agent = found[k + 1].end  # "induced or worsened by X": X is the agent of both
            return (agent, clause_end(self.masked, agent, ce)), subject
        if k + 1 < len(found):
            obj, next_subject = self._split_between(cue.end, found[k + 1].aux_start, subject)
        else:
            obj, next_subject = ((cue.end, clause_end(self.masked, cue.end, ce))), subject
        if cue.match.groupdict().get(f"obj{cue.which}") is not None:
            obj = (cue.match.start(f"obj{cue.which}"), cue.match.end(f"obj{cue.which}"))
        return obj, next_subject

    def _chunked_subject(self, span: tuple[int, int], cue: _Match) -> tuple[int, int]:
        """The noun phrase of ``span`` that is the cue's subject, when the chunker finds one."""
        words = self.masked[span[0] : span[1]]
        if not words.strip() or EXAMPLES.search(words) or ":" in words:
            return span
        participle = cue.aux_start == cue.match.start(f"v{cue.which}") and bool(
            re.match(r"\w+(?:ed|ing)\b", self.masked[cue.aux_start : cue.end])
        )
        chunk = subject_before(self.masked, span[0], span[1], participle=participle)
        if participle and chunk is not None and _A_KIND.fullmatch(self.masked, *chunk):
            # "RLS can be a secondary problem caused by another condition": what the problem is, is caused
            copula = _COPULA_BEFORE.search(self.masked, span[0], chunk[0])
            said = subject_before(self.masked, span[0], copula.start()) if copula is not None else None
            chunk = said or chunk
        return chunk if chunk is not None else span

    def _chunked_object(self, span: tuple[int, int]) -> tuple[int, int]:
        """The noun phrase of ``span`` that is the cue's object, when the chunker finds one and no list follows."""
        words = self.masked[span[0] : span[1]]
        if INCLUDE.search(words) or EXAMPLES.search(words) or ":" in words or _COLON_LIST.search(words):
            return span
        chunk = object_after(self.masked, *span)
        return chunk if chunk is not None else span

    def _cue_frame(self, cue: _Match, clause: tuple[int, int], subject: tuple[int, int], obj: tuple[int, int]) -> Frame:
        row = self.cue_list[cue.which]
        verb = (cue.match.start(f"v{cue.which}"), cue.match.end(f"v{cue.which}"))
        reading = read_certainty(self.cues, self.text, clause, cue.aux_start, verb)
        denied = self._denied(reading.certainty)
        subj, objective = (obj, subject) if cue.passive else (subject, obj)
        return Frame(
            row.relations,
            subj,
            objective,
            (reading.cue_start, denied.end() if denied else reading.cue_end),
            "refuted" if denied else reading.certainty,
            reading.negated or denied is not None,
            object_topic=row.form == "noun" or row.signal in ("worsening", "trigger"),
            verb=self.masked[verb[0] : verb[1]].lower(),
        )

    def _denied(self, certainty: str) -> re.Match[str] | None:
        """The next sentence's denial of a reported or hedged claim ("This is not likely"), if any."""
        unit = self._unit
        if unit is None or certainty not in ("possible", "suggested"):
            return None
        return refuted_after(self.cues, self.text, unit.end)

    def _split_between(self, start: int, end: int, subject: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
        """Split the words between two cues into the first's object and the second's subject."""
        between = self.masked[start:end]
        conj = re.search(
            r",?\s+\b(?:but|and|or|yet)\b(?:\s+(?:is|are|was|were|may|might|can|could|also|often|considered|"
            r"thought|believed|to|be|been|has|have|then|in turn))*\s*$",
            between,
            re.I,
        )
        if conj:
            own = _ITS_OWN_CLAUSE.search(between, 0, conj.start())
            if own is not None:  # "X activates the symptoms and therefore it is noticed at night and interferes"
                return (start, start + own.start()), (start + own.start("s"), start + own.end("s"))
            return (start, start + conj.start()), subject
        joined = list(re.finditer(r"\s+\b(?:and|but)\s+", between))
        if joined and _OWN_AUXILIARY.match(self.masked, end) and "," not in between[joined[-1].end() :]:
            # "Iron is needed to make dopamine and low ferritin may trigger it": the second cue's own subject
            return (start, start + joined[-1].start()), (start + joined[-1].end(), end)
        pronoun = _PRONOUN.search(between)
        if pronoun:  # "While caffeine doesn't cause RLS, it can aggravate symptoms": "it" is caffeine again
            return (start, start + pronoun.start()), subject
        clause = None
        for clause in re.finditer(r",\s+(?:and|but|while|whereas|yet)\s+", between):  # noqa: B007 - the last one
            pass
        if clause is not None:  # "cause insomnia, and some research shows that they might be caused by"
            return (start, start + clause.start()), bare_subject(self.masked, start + clause.end(), end)
        relative = re.search(r",?\s+\b(?:that|which|who)\b\s*$", between, re.I)
        if relative:
            # "... and cold medicines that contain X": the relative clause is said of the last of them
            last = start
            for cut in _LAST_PART.finditer(self.masked, start, start + relative.start()):
                last = cut.end()
            return (start, start + relative.start()), (last, start + relative.start())
        return (start, end), (start, end)

    def _section(self, unit: Unit | None) -> str | None:
        """The heading a unit stands under, and the label of its group in a list ("Drugs")."""
        if unit is None:
            return None
        heading = " ".join(self.units[unit.section].text.split()) if unit.section is not None else None
        label = self.units[unit.parent] if unit.parent is not None else (unit if unit.kind == "item" else None)
        if label is not None and label.body_start == label.start and label.kind == "item":  # a label line, no bullet
            name = re.split(r"\s+(?:[\u2013\u2014]|--?)\s+|:\s", " ".join(label.text.split()))[0].rstrip(".:")
            return f"{heading} / {name}" if heading else name
        return heading

    def _symmetric(self, predicate: str) -> bool:
        from rdflib import OWL, RDF  # noqa: PLC0415

        from rlskg.model.ontology import RLS  # noqa: PLC0415

        return (RLS[predicate], RDF.type, OWL.SymmetricProperty) in self.ontology.graph

    def _status(self) -> str | None:
        """The cause status that says the causes are not known, found by its label."""
        from rdflib import RDFS  # noqa: PLC0415

        from rlskg.model.ontology import RLS  # noqa: PLC0415

        for status in sorted(self.ontology.statuses):
            label = str(self.ontology.graph.value(RLS[status], RDFS.label) or status)
            if re.search(r"not known|unknown", label, re.I):
                return status
        return None

    def _set_group(self, mentions: list[Mention], span: tuple[int, int], *, inline: bool) -> None:
        if mentions:
            self._group, self._group_span, self._group_inline = list(mentions), span, inline
            self._group_list = None


def on_the_way(candidates: list[Candidate], topic: str | None) -> list[Candidate]:
    """The candidates on the way to the page's topic, as a careful reader marks them.

    A claim is kept when its object is the topic, a known entity, or something the page says leads
    on to the topic; a link between two things is kept when one is the topic or both are on the way;
    what a drug treats or which class it belongs to when the drug is. "Amyloidosis is associated
    with PLMD", on a page that names PLMD beside RLS, is not.
    """
    if topic is None:
        return candidates

    def key(mention: Mention) -> str:
        return mention.id or "+" + label_of(mention).lower()

    known = {m.id for c in candidates for m in (c.subject, c.object) if m.id is not None}
    reach = {topic}
    for _ in range(len(candidates) + 1):
        before = len(reach)
        for c in candidates:
            if c.kind == "association":
                if key(c.object) == topic or key(c.subject) == topic:
                    reach |= {key(c.subject), key(c.object)}
            elif c.kind not in ("membership", "context") and key(c.object) in reach:
                reach.add(key(c.subject))
        if len(reach) == before:
            break
    way = reach | known
    kept = []
    for c in candidates:
        subject, obj = key(c.subject), key(c.object)
        if c.kind == "association":
            keep = topic in (subject, obj) or (subject in way and obj in way)
        elif c.kind in ("membership", "context"):
            keep = (subject in way or obj in way) and topic not in (subject, obj)
        elif c.kind == "mechanism":
            keep = subject in way or obj in way
        else:
            keep = obj in way or subject == topic or c.kind == "status"
        if keep:
            kept.append(c)
    return kept


def _key(mention: Mention) -> str:
    return mention.id or "+" + label_of(mention).lower()


def _unique(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per triple and quote, the first kept."""
    seen: set[tuple[object, ...]] = set()
    kept = []
    for c in candidates:
        key = (
            c.subject.id or (c.subject.label or c.subject.text).lower(),
            c.predicate,
            c.object.id or (c.object.label or c.object.text).lower(),
            c.certainty == "refuted",
            c.start,
            c.end,
        )
        if key not in seen:
            seen.add(key)
            kept.append(c)
    return kept
