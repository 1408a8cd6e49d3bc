"""Mentions: the noun phrases of a page that name conditions, medicines, substances and habits.

A stretch of page words is trimmed of what is not its name (leading conjunctions, quantities such
as "excess of", people such as "people with"), split at its coordination ("A, B and C"; "antinausea,
antiseizure and antipsychotic drugs" shares its head noun), and each part grounded: to an entity
of the graph, to a term of the vocabulary, or proposed as new when it is a name a reader would
use. Generic words ("certain medicines", "these conditions") are marked so that the reader can
look for the members the page names; a class the page names no member of stands for itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rlskg.curate.candidates import Mention, label_of
from rlskg.curate.chunks import RELATIONAL, is_name
from rlskg.curate.grounding import GENERIC, EntityIndex, Grounding, content_words
from rlskg.curate.patterns import (
    ANAPHOR,
    APPOSITIVE,
    CONDITIONAL,
    EXAMPLES,
    LEADING,
    QUANTIFIER,
    TOPIC,
    TRAILING,
    mask_parentheses,
    parentheses,
)

__all__ = ["Phrase", "PhraseReader", "class_label", "is_generic"]

#: Nouns a class the page names no member of may stand for itself under ("certain drugs", "health problems").
_CLASS_HEADS = frozenset(
    "medicine medication drug condition disease disorder illness problem deficiency change factor".split()  # noqa: SIM905
)
#: Heads that make any phrase a class the page names members of, never a thing of its own.
_NEVER_NAMES = frozenset({"factor", "thing", "issue", "culprit"})
#: "a condition in which ...", "an illness": one thing of a kind, not a class.
_INDEFINITE = re.compile(r"\s*(?:a|an)\s", re.I)
#: Heads of a class of conditions.
_CONDITION_HEADS = [["condition"], ["disease"], ["disorder"], ["illness"], ["problem"], ["ailment"]]
#: Words that only say how many or which, dropped from a proposed label.
_DETERMINERS = re.compile(
    r"^(?:(?:the|a|an|some|certain|many|several|other|another|various|these|those|such|specific|different|more|most|"
    r"a variety of|a number of|all|any|both|each|few|numerous|additional|specifically|especially|particularly|"
    r"mainly|mostly|types? of|kinds? of|forms? of)\s+)+",
    re.I,
)
#: Words of quantity before a name: "excess of alcohol" names alcohol.
_QUANTITY = re.compile(
    r"^(?:(?:an?\s+)?(?:excess(?:ive)?|too much|large amounts?|high intake|overuse|use)\s+(?:of\s+)?|"
    r"(?:an?\s+)?(?:combination|number|variety|mix|range|host) of(?:\s+factors?\s+in)?\s+|"
    r"(?:(?:some|certain|many|several|other|different|all)\s+)?(?:types?|kinds?|forms?|classes) of\s+|"
    r"(?:a person|your|their|one|someone|the body|the brain)['\u2019]s?\s+|"
    r"(?:specifically|especially|particularly|mainly|mostly|notably|including|e\.g\.,?)\s+)+",
    re.I,
)
#: Examples named by their purpose: "medications, such as those (used) to treat depression and nausea".
_PURPOSE = re.compile(r"those\s+(?:(?:used|taken|prescribed|given)\s+)?(?:to treat|for treating)\s+", re.I)
#: People with a thing name the thing: "people with restless legs", "patients who have anemia".
_PEOPLE = r"(?:people|persons|patients|those|individuals|adults|anyone|someone|women|men|children)"
_PEOPLE_WITH = re.compile(
    r"^(?:(?:over|about|nearly|almost|around|up to|more than|approximately)\s+)?"
    r"(?:(?:most|many|some|all|half|\d+%?|one|two|three|a|an)(?:\s+(?:fifths?|thirds?|quarters?|percent|in\s+\w+))?"
    r"\s+(?:of\s+)?)?(?:the\s+)?(?:both\s+)?(?:th(?:ose|ese)\s+(?=\w+\s+(?:with|who|suffering|affected)\b))?"
    rf"{_PEOPLE}(?:\s+(?:and|or)\s+{_PEOPLE})?\s+(?:(?:who|that)\s+(?:have|has|had|are|suffer from)|"
    r"with|suffering from|affected by|of)\s+",
    re.I,
)
_WHERE = re.compile(
    r"\s+(?:in (?:the|your|a person['\u2019]s|their) (?:brain|body|blood(?:stream)?|legs?)|in the (?:evening|morning|"
    r"afternoon)|at night|before bed(?:time)?|close to bedtime|late in the day|of time)$",
    re.I,
)
_PATIENTS_AFTER = re.compile(r"\s+(?:patients|sufferers|cases)$", re.I)
#: Where a name ends inside a longer stretch: a relative clause, a qualifier.
_NAME_END = re.compile(
    r",?\s+(?:who|which|whose|especially|particularly|even|except|although|though|while|because|when|where)\b|"
    r"\s+in (?:patients|people|those|persons|adults|children|women|men)\b|\s+in (?:these|those|such|some|most) cases\b|"
    r",\s+(?:a|an)\s+(?=[a-z])",  # "dopamine, a neurotransmitter that ...": an appositive says what it is
    re.I,
)
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|can|may|might|will|would|should|must|does|do|did|shows?|represents?|"
    r"there|experience|resolves?|occurs?|improves?|takes?|helps?|feels?|notices?|becomes?|goes|gets?|appears?|seems?|"
    r"this|that|these|those|also called|known as)\b|[\u201c\u201d\"]",
    re.I,
)
_COUNTED = re.compile(
    r"^(?:\w+\s+){0,2}?(?:some|many|several|certain|other|two|three|four|five|six|a few|various|numerous|"
    r"a number of)\s+"
    r"(?:other\s+)?(?:\w+\s+)?\w+$",
    re.I,
)
#: "a deficiency in vitamin B12 or folate": the head is shared by each part ("folate deficiency").
_SHARED_BEFORE = re.compile(
    r"^(?:an?\s+)?(?P<m>(?:(?!(?:and|or)\b)[\w-]+\s+){0,2}?)(?P<h>deficiency|deficiencies|lack|shortage|abnormalities|"
    r"abnormality|"
    r"problems|changes|levels|concentrations)\s+(?P<p>in|of|with|to)\s+",
    re.I,
)
#: Heads of a process that coordinated modifiers share: "altered dopamine and iron metabolism".
_PROCESS_HEADS = frozenset(
    "metabolism levels level deficiency deficiencies dysfunction function transmission abnormalities system".split()  # noqa: SIM905
)
_NOT_A_NAME = re.compile(
    r"^(?:toward|towards|in|at|by|for|with|of|around|during|after|before|from|into|onto|about|over|under|near|"
    r"within|without|than|as|another|others?|such|these|those|this|that|it|they|them|there|here|therefore|potential|"
    r"possible|likely|research|researchers|studies|experts|doctors|scientists)\b|"
    r"^(?:up to|one in|about|approximately|around|nearly|almost|half|most|\d)|"
    r"^(?:worse|better|more|less)$|"
    r"^\w+ed\s+by\b|"  # "eliminated by adjusting the dosage", "done by a sleep professional"
    r"^(?:identifying|avoiding|understanding|managing|treating|knowing|finding|making|doing|being|below|above|"
    r"longer|shorter|higher|lower|further|millions|thousands|hundreds|individuals|persons|group|no-one|no one|"
    r"nobody|someone|anyone|everyone|you|you're|dosage|dose)$|"
    r"^(?:legs?|feet|foot|arms?|hands?|brain|body|blood|spine|nerves?|muscles?|skin|sensations?|movement|effects?|"
    r"(?:lower\s+)?back|calf|calves|thighs?|trunk|torso|face|head|neck|hips?|shoulders?|chest|abdomen|"
    r"ways?(?: in)?|means|extent|degree|reasons?|difference|says|cases?)$",
    re.I,
)
#: A comparison, no name: "more stressful", "more effective treatments" ("less exercise" is a name).
_COMPARISON = re.compile(
    r"^(?:more|less|most|least)\s+\w+(?:ful|ous|ive|al|ic|ent|ant|able|ible)$|^(?:more|less)\s+effective\b", re.I
)
#: States of mind a page lists beside "lack of sleep": no "lack of" is shared with them.
_STATES_OF_MIND = frozenset(["stress", "anxiety", "depression", "worry", "tension"])
#: "this chemical", "that condition": a thing of a kind the sentence before named.
_THIS = re.compile(
    r"^(?:this|that)\s+(?:(?:\w+\s+)?(?P<kind>chemical|substance|mineral|neurotransmitter|hormone|protein|deficiency|"
    r"medicine|medication|drug|process|abnormality|problem)|\w+\s+(?P<kind2>condition|disorder|disease))$",
    re.I,
)
#: The types of thing each kind word names.
KINDS = {
    "chemical": ("Chemical",),
    "substance": ("Substance", "Chemical"),
    "mineral": ("Chemical",),
    "neurotransmitter": ("Chemical",),
    "hormone": ("Chemical",),
    "protein": ("Chemical",),
    "condition": ("Condition", "Mechanism"),
    "disorder": ("Condition", "Mechanism"),
    "disease": ("Condition",),
    "deficiency": ("Condition",),
    "problem": ("Condition", "Mechanism"),
    "abnormality": ("Mechanism", "Condition"),
    "process": ("Mechanism",),
    "medicine": ("Drug", "DrugClass"),
    "medication": ("Drug", "DrugClass"),
    "drug": ("Drug", "DrugClass"),
}
_ADJECTIVE = re.compile(r"[a-z-]+(?:ic|al|ous|ive|ary|ese|ant|ent|ed)")
_ABBREVIATION = re.compile(r"[A-Z0-9][A-Za-z0-9-]*[A-Z0-9]s?|[A-Z]{2,}s?")
#: The words that open a bracket of examples: "(such as", "(e.g.,", "(a chronic disease like".
_BRACKET_EXAMPLES = re.compile(
    r"\s*(?:(?:an?|the)\s+(?:[\w'\u2019-]+\s+){0,3}?)?(?:such as|including|like|for example,?|e\.g\.,?|i\.e\.,?)\s+",
    re.I,
)
#: How a substance is taken, after its name: "alcohol use", "high caffeine intake".
_USE_OF = re.compile(r"\s+(?:use|usage|intake|consumption|abuse|misuse|overuse)\s*$", re.I)
#: A kind of thing before its name: "the brain chemical dopamine", "the neurotransmitter dopamine".
_KIND_THEN_NAME = re.compile(
    r"\b(?:the\s+)?(?:brain\s+)?(?:chemicals?|neurotransmitters?|hormones?|minerals?|proteins?|messengers?)\s+"
    r"(?P<name>[\w-]+)\s*$",
    re.I,
)
_BETWEEN_AND = re.compile(r"\bbetween\s+[^,;]+?\s+and\s+[\w-]+(?:\s+[\w-]+){0,3}", re.I)
_COORDINATION = re.compile(r"\s*(?:,|;|/|\s--\s|\s(?:and|or|&|as well as|along with|plus)\s)\s*(?:and\s+|or\s+)?", re.I)


@dataclass
class Phrase:
    """A grounded stretch of page words: its entities, or that it is generic, anaphoric or topical."""

    mentions: list[Mention]
    kind: str  # entities, new, generic, anaphor, topic, none
    examples: list[Mention] = field(default_factory=list)
    quantifier: str | None = None
    span: tuple[int, int] = (0, 0)
    #: "medications, such as those to treat depression": each example and what it treats, and the cue's span
    treating: list[tuple[Mention, Mention]] = field(default_factory=list)
    purpose: tuple[int, int] = (0, 0)


def _joined_name(name: str) -> str:
    """A known name with "and" in it as a pattern: "cold and allergy medicines" is also "cold or allergy medications".

    Examples
    --------
    >>> bool(re.fullmatch(_joined_name("cold and allergy medicines"), "cold or allergy medications"))
    True

    """
    pattern = re.escape(name).replace(r"\ and\ ", r"\s*(?:and|or|/|&)\s*")
    return re.sub(r"(?:medicines?|medications?|drugs?)$", r"(?:medicines?|medications?|drugs?)", pattern)


def is_generic(words: str) -> bool:
    """Whether ``words`` name a class without saying which members, as "certain medicines" does.

    Either every word is generic, or a quantifier comes with a generic head noun ("some long-term illnesses").

    Examples
    --------
    >>> [is_generic(w) for w in ["Other medical conditions", "Some long-term illnesses", "some antidepressants"]]
    [True, True, False]

    """
    content = content_words(words)
    if not content:
        return False
    counted = _COUNTED.search(words.strip()) is not None  # "three factors", "several other issues"
    if content[-1] in _NEVER_NAMES:  # "environmental and lifestyle factors": a class, never a thing
        return True
    return all(w in GENERIC for w in content) or bool(
        (QUANTIFIER.match(words.strip()) or counted) and content[-1] in GENERIC
    )


def _shared_label(head: str, preposition: str, part: str, modifiers: str = "") -> str:
    """A part of "a deficiency in A or B" named whole: "B deficiency", "abnormalities in B", "low levels of B"."""
    if head.startswith("deficienc"):
        return f"{part} deficiency"
    return f"{modifiers}{head} {preposition} {part}"


def class_label(words: str) -> str | None:
    """The label a generic class stands under when the page names no member of it, else None.

    Examples
    --------
    >>> [class_label(w) for w in ["Certain drugs", "other medical conditions", "several other factors", "them"]]
    ['drugs', 'medical conditions', None, None]

    """
    label = _DETERMINERS.sub("", " ".join(words.split())).strip(" ,.;:")
    content = content_words(label)
    if not content or len(content) > 5 or _FINITE.search(label) or not is_name(label):
        return None
    if content[-1] not in _CLASS_HEADS or (content[-1] == "factor" and len(content) == 1):
        return None
    return " ".join(w if w.isupper() else w.lower() for w in label.split())


class PhraseReader:
    """Grounding of page words, for a reader of one page (see :class:`rlskg.curate.extract.Reader`)."""

    text: str
    masked: str
    index: EntityIndex
    topic: str | None
    cue_re: re.Pattern[str]

    def _phrase(self, start: int, end: int, *, brackets: bool = True) -> Phrase:
        """Ground the words in ``[start, end)``: entities, or generic, anaphoric or topical words.

        With ``brackets``, a bracket of examples after the words gives the phrase's examples.
        """
        if start == end:  # a construction with the page's subject left unsaid ("nixing caffeine will help")
            return Phrase([self._topic_mention(start, start)], "topic") if self.topic else Phrase([], "none")
        given_end = end  # a bracket of examples may stand after the name ("Certain medications (A, B).")
        start, end = self._name_span(start, end)
        if start >= end:
            return Phrase([], "none")
        words = self.masked[start:end]
        if CONDITIONAL.match(words):
            return Phrase([], "none")
        quantifier_match = QUANTIFIER.match(words)
        quantifier = quantifier_match.group().lower() if quantifier_match else None
        examples = EXAMPLES.search(words)
        if examples and examples.end() < len(words):
            purpose = _PURPOSE.match(self.masked, start + examples.end(), end)
            found = self._entities(purpose.end() if purpose else start + examples.end(), end, listing=True)
            if found:
                head = self._phrase(start, start + examples.start())
                phrase = Phrase(head.mentions, head.kind, found, quantifier or head.quantifier, head.span)
                return self._by_purpose(phrase, purpose.span()) if purpose else phrase
        bracketed = self._bracketed(start, given_end) if brackets else None
        if bracketed is not None:  # "another condition (a chronic disease like Parkinson's disease, diabetes)"
            head = self._phrase(start, bracketed[0], brackets=False)
            if head.kind in ("generic", "entities", "new") and bracketed[1]:
                return Phrase(head.mentions, head.kind, bracketed[1], quantifier or head.quantifier, head.span)
        if ANAPHOR.match(words) and not _PEOPLE_WITH.match(words):  # "those patients with X" name X
            return Phrase([], "anaphor", quantifier=quantifier, span=(start, end))
        if (this := _THIS.match(words)) is not None:  # "this chemical": a thing of that kind named just before
            # "this lifelong condition" is the one named before; "this condition" bare is the page's topic
            return Phrase([], "this", quantifier=(this.group("kind") or this.group("kind2")).lower(), span=(start, end))
        if TOPIC.match(words) and len(words.split()) <= 3 and self.topic:
            return Phrase([self._topic_mention(start, end)], "topic", quantifier=quantifier)
        named = self._ground_part(words)
        # A name may look generic ("cold and allergy medicines"), but one that is only generic words
        # ("medications", an entity for medicines unnamed) still names no class: the items say which.
        if is_generic(words) and not (named is not None and named.score >= 0.95 and not is_generic(named.name)):
            return Phrase([], "generic", quantifier=quantifier, span=(start, end))
        if not self._entities(start, end, propose=False) and TOPIC.match(words) and self.topic:
            return Phrase([self._topic_mention(start, end)], "topic", quantifier=quantifier)
        mentions = self._entities(start, end, propose=True)
        kind = "entities" if any(m.how not in ("new", "class") for m in mentions) else "new" if mentions else "none"
        return Phrase(mentions, kind, quantifier=quantifier, span=(start, end))

    def _bracketed(self, start: int, end: int) -> tuple[int, list[Mention]] | None:
        """Examples a phrase gives in brackets: where the bracket opens, and the things it names.

        The bracket names examples when it says so ("(such as A, B)", "(a chronic disease like A,
        B, and others)"), or when the words before it name a class without saying which members
        ("Certain medications (antidepressants, antipsychotics)").
        """
        after = re.match(r"\s*\(", self.text[end : end + 4])
        if after is not None:  # the bracket right after the words: "another condition (a chronic disease like ...)"
            close = next(
                (c for o, c in parentheses(self.text, end, len(self.text)) if o == end + after.end() - 1), None
            )
            end = close + 1 if close is not None else end
        found = parentheses(self.text, start, end)
        if len(found) != 1 or self.text[found[0][1] + 1 : end].strip(" .,;:"):
            return None
        open_at, close_at = found[0]
        inner = self.text[open_at + 1 : close_at]
        cue = _BRACKET_EXAMPLES.match(inner)
        if cue is None and not is_generic(self.masked[start:open_at]):
            return None
        first = open_at + 1 + (cue.end() if cue else 0)
        saved = self.masked
        # inside the bracket its own words count
        self.masked = saved[:first] + mask_parentheses(self.text[first:close_at]) + saved[close_at:]
        try:
            named = [m for m in self._entities(first, close_at, listing=True) if m.how != "class"]
        finally:
            self.masked = saved
        return open_at, named

    def _by_purpose(self, phrase: Phrase, purpose: tuple[int, int]) -> Phrase:
        """Examples named by what they treat: the class's noun and the page's words for each purpose."""
        noun = _DETERMINERS.sub("", " ".join(self.masked[phrase.span[0] : phrase.span[1]].split())).lower()
        if phrase.kind != "generic" or not noun:  # "some medications": a class named only by its kind
            return phrase
        members = []
        for treated in phrase.examples:
            words = " ".join(self.text[treated.start : treated.end].split())
            members.append(replace(treated, id=None, how="new", score=0.0, label=f"{noun} to treat {words}", term=None))
        return replace(
            phrase, examples=members, treating=list(zip(members, phrase.examples, strict=True)), purpose=purpose
        )

    def _name_span(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` without leading conjunctions, quantities, people and trailing clauses."""
        start, end = self._trimmed(start, end)
        for _ in range(3):
            words = self.masked[start:end]
            cut = _NAME_END.search(words)
            if cut and cut.start() > 0:
                end = start + cut.start()
            people = _PEOPLE_WITH.match(words) or _QUANTITY.match(words)
            if people and people.end() < len(words):
                start += people.end()
            patients = _PATIENTS_AFTER.search(self.masked[start:end])
            if patients and patients.start() > 0:
                end = start + patients.start()
            start, end = self._trimmed(start, end)
        return start, end

    def _entities(self, start: int, end: int, *, propose: bool = True, listing: bool = False) -> list[Mention]:
        """The entities of a coordinated phrase ("A, B, and C").

        With ``propose``, the parts that name no known entity are proposed as new ones when no part
        names a known one; in a ``listing`` (an enumeration, examples after "such as") they always are.
        """
        start, end = self._name_span(start, end)
        grounded: list[Mention] = []
        unknown: list[tuple[int, int, str | None]] = []
        for s, e, label in self._segments(start, end):
            words = label or self.masked[s:e]
            grounding = self._ground_part(words)
            if grounding is not None:
                mention = self._grounded(s, e, grounding, label)
                if not any(m.id == mention.id and (m.id or label_of(m) == label_of(mention)) for m in grounded):
                    grounded.append(mention)
            elif (bare := content_words(_DETERMINERS.sub("", words))) and not all(w in GENERIC for w in bare):
                unknown.append((s, e, label))
            elif propose and not _INDEFINITE.match(words) and (cls := class_label(words)) is not None:
                # "or certain drugs": the class itself; "a condition in which ..." defines, it is no class
                grounded.append(self._class_mention(s, e, cls))
        if not propose:
            return grounded
        proposed = [m for s, e, label in unknown if (m := self._new(s, e, label)) is not None]
        return sorted(grounded + proposed, key=lambda m: m.start)

    def _ground_part(self, words: str) -> Grounding | None:
        use = _USE_OF.search(words)
        if use is not None and use.start() > 0:  # "alcohol use", "high caffeine intake": the substance
            named = self._ground_part(words[: use.start()])
            if named is not None and self._kind_of(named) in ("Substance", "Drug", "DrugClass"):
                return named
        kind_of = _KIND_THEN_NAME.search(words)
        if kind_of is not None and self.index.ground(kind_of.group("name")) is not None:
            # "(an imbalance of) the brain chemical dopamine" names dopamine
            words = words[: kind_of.start()] + kind_of.group("name") + words[kind_of.end() :]
        grounding = self.index.ground(words)
        if grounding is None and self.topic and TOPIC.fullmatch(words.strip()):  # "signs and symptoms"
            grounding = Grounding(self.topic, "topic", 1.0, words.strip())
        return grounding

    def _kind_of(self, grounding: Grounding) -> str | None:
        entity = self.index.entities.get(grounding.id or "")
        return entity.type if entity is not None else grounding.term.type if grounding.term is not None else None

    def _grounded(self, start: int, end: int, grounding: Grounding, words: str | None = None) -> Mention:
        """A mention of what ``grounding`` names; ``words`` the name the reader gives it, if not the page's."""
        text = " ".join(self.text[start:end].split())
        term = grounding.term
        if term is None:
            return Mention(text, start, end, grounding.id, grounding.how, grounding.score, words)
        # an abbreviation, a brand or an adjective ("obese") is named by the vocabulary's label, a noun
        # phrase as the page has it
        brand = term.type == "Drug" and grounding.name[:1].isupper() and grounding.name != term.label
        if not words:  # the page's words, brackets left out, in the case a label takes
            masked = _DETERMINERS.sub("", " ".join(self.masked[start:end].split()))
            words = label_of(Mention(masked, start, end, None, "new", 0.0))
        named = brand or _ABBREVIATION.fullmatch(text) or _ADJECTIVE.fullmatch(words.lower()) or not is_name(words)
        label = term.label if named else words
        return Mention(text, start, end, None, grounding.how, grounding.score, label, term.label)

    def _new(self, start: int, end: int, label: str | None) -> Mention | None:
        """A new entity named by the page's words, if they are a name a reader would use."""
        words = self.masked[start:end]
        if APPOSITIVE.match(words) or CONDITIONAL.match(words) or ANAPHOR.match(words):
            return None
        if _COMPARISON.match(words.strip()):
            return None
        words = _DETERMINERS.sub("", words)
        content = content_words(label or self.text[start:end])
        if (
            not content
            or (len(words.split()) == 1 and words.strip().lower() in RELATIONAL | {"misuse"})  # "lack", "misuse" alone
            or len(content) > 8
            or re.search(r"\d|[()]", self.text[start:end])
            or re.search(r"[.!?:]", words.strip(" ."))
            or _FINITE.search(label or words)  # a span lifted across a verb is no name
            or not re.search(r"[A-Za-z]{3}|\b[A-Z]{2,}\b", label or words)  # "Di": a word cut off
            or _NOT_A_NAME.match(label or words)  # "toward the end of the day", "another"
            or not re.match(r"[\w\"\u201c']", (label or words).strip())  # "& Risk Factors"
            or self.cue_re.search(label or words) is not None  # a relation's own words are no name
            or not is_name(label or words)  # "women than", "struggle with sleep disturbances"
            or (start == 0 and self.text[:1].islower())  # a page that starts in the middle of a word
        ):
            return None
        text = " ".join(self.text[start:end].split())
        where = _WHERE.search(label or text)
        if where and not label:  # "disruption of dopamine levels in the brain" is named without its place
            label = text[: where.start()] if where.start() > 0 else None
        return Mention(text, start, end, None, "new", 0.0, label)

    def _segments(self, start: int, end: int) -> list[tuple[int, int, str | None]]:
        """The coordinated parts of a phrase, a shared head noun given to the parts that lack it.

        A known name with "and" or "or" in it is not split ("cold and allergy medicines").
        """
        words = self.masked[start:end]
        protected = [
            (m.start(), m.end())
            for name in self.index.names
            if re.search(r"\b(?:and|or)\b|/", name.text)
            for m in re.finditer(r"\b" + _joined_name(name.text) + r"\b", words, re.I)
        ]
        protected += [(m.start(), m.end()) for m in _BETWEEN_AND.finditer(words)]  # "between the brain and the legs"
        cuts = [m for m in _COORDINATION.finditer(words) if not any(a < m.start() < b for a, b in protected)]
        bounds = [0]
        for cut in cuts:
            bounds += [cut.start(), cut.end()]
        bounds.append(len(words))
        parts = []
        for s, e in zip(bounds[::2], bounds[1::2], strict=False):
            s2, e2 = self._trimmed(start + s, start + e)
            if s2 < e2:
                parts.append((s2, e2))
        shared = _SHARED_BEFORE.match(words)
        if (
            shared
            and len(parts) > 1
            and all(len(self.masked[s:e].split()) <= 3 for s, e in parts[1:])
            and not any(self._a_state(self.masked[s:e]) for s, e in parts[1:])
        ):
            parts[0] = (start + shared.end(), parts[0][1])
            head, preposition, modifiers = shared.group("h").lower(), shared.group("p").lower(), shared.group("m")
            modifiers = modifiers.lower()
            return [(s, e, _shared_label(head, preposition, self.masked[s:e], modifiers)) for s, e in parts]
        return self._share_head(parts)

    def _a_state(self, words: str) -> bool:
        """Whether words name a condition or a state on their own ("anxiety"): no head is shared with them.

        "lack of sleep, anxiety or stress" is a lack of sleep, anxiety and stress, not a lack of each.
        """
        grounding = self.index.ground(words)
        if grounding is None or grounding.score < 0.95:
            return False
        entity = self.index.entities.get(grounding.id or "")
        kind = entity.type if entity is not None else grounding.term.type if grounding.term is not None else None
        return kind in ("Condition", "Consequence") or grounding.name in _STATES_OF_MIND

    def _modifier(self, words: str) -> bool:
        """Whether words before a shared process head name a chemical, not a thing of their own ("dopamine")."""
        grounding = self.index.ground(words)
        if grounding is None:
            return words.rsplit(maxsplit=1)[-1].lower() not in _PROCESS_HEADS
        entity = self.index.entities.get(grounding.id or "")
        kind = entity.type if entity is not None else grounding.term.type if grounding.term is not None else None
        return kind in ("Chemical", "Substance")

    def _share_head(self, parts: list[tuple[int, int]]) -> list[tuple[int, int, str | None]]:
        """Parts with the head noun they share: "antinausea, antiseizure and antipsychotic drugs"."""
        if len(parts) < 2:
            return [(s, e, None) for s, e in parts]
        last = self.masked[parts[-1][0] : parts[-1][1]].split()
        head = last[-1] if len(last) >= 2 else None
        stems = content_words(head or "")
        found: list[tuple[int, int, str | None]] = []
        for s, e in parts[:-1]:
            words = self.masked[s:e]
            label = None
            alone = self.index.ground(words)
            if head is not None and len(parts) == 2 and head.lower() in _PROCESS_HEADS and self._modifier(words):
                label = f"{words} {head}"  # "altered dopamine and iron metabolism": altered dopamine metabolism
            elif head is not None and len(words.split()) == 1 and (alone is None or alone.score < 0.95):
                joined = f"{words} {head}"
                together = self.index.ground(joined)
                if (together is not None and together.score >= 0.95) or (
                    alone is None and stems[-1:] and stems[-1] in _CLASS_HEADS
                ):
                    label = joined
            found.append((s, e, label))
        found.append((*parts[-1], None))
        return found

    def _trimmed(self, start: int, end: int) -> tuple[int, int]:
        words = self.masked[start:end]
        lead = LEADING.match(words)
        trail = TRAILING.search(words)
        new_start = start + (lead.end() if lead else 0)
        new_end = start + (trail.start() if trail else len(words))
        return new_start, max(new_start, new_end)

    def _mention(self, start: int, end: int, how: str) -> Mention:
        start, end = self._name_span(start, end)
        grounding = self.index.ground(self.masked[start:end])
        text = " ".join(self.text[start:end].split())
        if grounding is None:
            return Mention(text, start, end, None, "new", 0.0)
        return self._grounded(start, end, grounding)

    def _topic_mention(self, start: int, end: int) -> Mention:
        return Mention(" ".join(self.text[start:end].split()), start, end, self.topic, "topic", 1.0)

    def _topic_names_in(self, words: str) -> list[tuple[int, int]]:
        """Where ``words`` name the page's topic, by a name of its entity or an alias the page gives it."""
        names = [n.text for n in self.index.names if n.entity == self.topic] + list(self.index.aliases)
        return sorted(
            {
                (m.start(), m.end())
                for name in names
                for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", words, re.I)
            }
        )

    def _class_mentions(self, phrase: Phrase) -> list[Mention]:
        """A generic phrase that names no member, standing for its classes ("certain drugs" as "drugs")."""
        start, end = phrase.span
        found = []
        for s, e, _ in self._segments(start, end) if start < end else []:
            label = class_label(self.masked[s:e])
            if label is not None and not _INDEFINITE.match(self.masked[s:e]):
                found.append(self._class_mention(s, e, label))
        return found

    def _class_mention(self, start: int, end: int, label: str) -> Mention:
        """A class named by the page with no member: the graph's entity for it, else a new class.

        A class of conditions named only by generic words ("other medical conditions", "certain health
        problems") is the graph's underlying condition, found by that name, when the graph has one; a
        narrower class ("neurological conditions", "chronic diseases") is a class of its own.
        """
        grounding = self.index.ground(label)
        words = content_words(label)
        if (grounding is None or grounding.id is None) and words[-1:] in _CONDITION_HEADS and set(words) <= GENERIC:
            grounding = self.index.ground("underlying condition")
        if grounding is not None and grounding.id is not None:
            return replace(self._grounded(start, end, grounding), how="class")
        return Mention(" ".join(self.text[start:end].split()), start, end, None, "class", 0.0, label)
