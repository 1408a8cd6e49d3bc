"""Grounding: the entity of the graph a stretch of page words names, with how and how surely.

A name matches by its label, a synonym, a brand name (a capitalised synonym of a drug), a plural
or possessive variant, or fuzzily: the Dice overlap of content words, where two words are the same
when their stems agree or rapidfuzz finds them close (spelling variants such as anaemia/anemia).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from rlskg.model.curation import Entity

__all__ = ["ACCEPT", "EntityIndex", "Grounding", "content_words", "stem"]

#: Words that carry no meaning of their own in a name.
STOPWORDS = frozenset(
    """
    a an the of in on at to for from by with without and or but nor as such like than that which who
    whose this these those it its they them their there is are was were be been being have has had
    do does did your you our we his her how much many more most some certain several other others
    any all both each also often usually sometimes even still very can may might could will would
    should must not don t s about into over under up out if when while then so too just only same
    two three one four five different common main next day night evening morning week month
    year seem seems
    """.split()  # noqa: SIM905 - a word list reads better as text
)

#: Nouns that name a class of things without saying which ("certain medicines", "these conditions").
GENERIC = frozenset(
    """
    condition disease disorder medicine medication drug substance thing factor trigger cause problem
    item type kind example case people person medical health issue illness ailment following sign habit activity
    """.split()  # noqa: SIM905 - a word list reads better as text
)

_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][sS]\b)?")


def stem(word: str) -> str:
    """A crude stem: lower case, no possessive, no plural ending.

    Examples
    --------
    >>> [stem(w) for w in ["Parkinson's", "abnormalities", "nerves", "glasses", "runs", "is"]]
    ['parkinson', 'abnormality', 'nerve', 'glass', 'run', 'is']

    """
    w = re.sub(r"['\u2019]s$", "", word.lower())
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "ches", "shes", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def content_words(text: str) -> list[str]:
    """The stems of the words of ``text`` that are not stop words."""
    return [s for s in (stem(m.group()) for m in _WORD.finditer(text)) if s not in STOPWORDS]


#: Words that name the same thing in a name ("anti-nausea drugs" is "antinausea medicines").
_EQUIVALENT = {"drug": "medicine", "medication": "medicine", "tablet": "medicine", "pill": "medicine"}


@lru_cache(maxsize=65536)
def _same(a: str, b: str) -> bool:
    a, b = _EQUIVALENT.get(a, a), _EQUIVALENT.get(b, b)
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 85)


#: The least score at which a stretch of words is taken to name an entity.
ACCEPT = 0.6


def _overlap(words: list[str], name: list[str]) -> float:
    """Dice overlap of two word lists; a name wholly found among the words scores at least ACCEPT."""
    if not words or not name:
        return 0.0
    matched_name = sum(1 for n in set(name) if any(_same(n, w) for w in set(words)))
    matched_words = sum(1 for w in set(words) if any(_same(w, n) for n in set(name)))
    dice = (matched_name + matched_words) / (len(set(name)) + len(set(words)))
    return ACCEPT + (1 - ACCEPT) * dice if matched_name == len(set(name)) else dice


@dataclass(frozen=True)
class Grounding:
    """What a stretch of words names: an entity id (None for a new one), how, and a score in [0, 1]."""

    id: str | None
    how: str  # exact, synonym, brand, plural, fuzzy, topic, new
    score: float
    name: str  # the label or synonym it matched


@dataclass(frozen=True)
class _Name:
    entity: str
    text: str
    words: tuple[str, ...]
    how: str  # exact, synonym, brand


_PREPOSITION = re.compile(
    r"\b(?:of|in|on|at|to|for|with|without|from|by|that|which|who|during|after|before|when|while|"
    r"such as|including|like)\b|[,;(]",
    re.I,
)


def _head(text: str) -> str:
    """The head word of a noun phrase: its last content word before a preposition or clause.

    Examples
    --------
    >>> [_head(t) for t in ["sleep apnea", "the chemical dopamine", "Lack of sleep", "fatigue the next day"]]
    ['apnea', 'dopamine', 'lack', 'fatigue']

    """
    words = content_words(_PREPOSITION.split(text, maxsplit=1)[0]) or content_words(text)
    return words[-1] if words else ""


class EntityIndex:
    """The names of the graph's entities, for grounding page words.

    Examples
    --------
    >>> from rlskg.model.curation import Entity, Where
    >>> here = Where("graph/entities.yaml", 1)
    >>> index = EntityIndex([Entity("Paroxetine", "paroxetine", "Drug", "d", here, ("Paxil",)),
    ...                      Entity("KidneyFailure", "kidney failure", "Condition", "d", here)])
    >>> index.ground("Paxil")
    Grounding(id='Paroxetine', how='brand', score=1.0, name='Paxil')
    >>> index.ground("kidney failures").how, index.ground("failure of the kidney").how
    ('plural', 'fuzzy')

    """

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = {e.id: e for e in entities}
        names: list[_Name] = []
        for entity in entities:
            texts = [(entity.label, "exact")]
            without = re.sub(r"\s*\([^)]*\)", "", entity.label).strip()
            if without != entity.label:
                texts.append((without, "exact"))
            for synonym in entity.synonyms:
                brand = entity.type == "Drug" and synonym[:1].isupper() and not synonym.isupper()
                texts.append((synonym, "brand" if brand else "synonym"))
            for text, how in texts:
                words = tuple(content_words(text))
                if words:
                    names.append(_Name(entity.id, text, words, how))
        self.names = names
        self._by_word: dict[str, set[int]] = {}
        for i, name in enumerate(names):
            for word in name.words:
                self._by_word.setdefault(word, set()).add(i)
        self._cache: dict[str, Grounding | None] = {}

    def _sharing(self, words: list[str]) -> list[_Name]:
        """The names with a word the same as one of ``words``: the only ones that can score above 0."""
        found: set[int] = set()
        for word in set(words):
            for known, indices in self._by_word.items():
                if _same(word, known):
                    found |= indices
        return [self.names[i] for i in sorted(found)]

    def ground(self, text: str) -> Grounding | None:
        """The best entity for ``text``, or None when none scores at least ACCEPT."""
        key = " ".join(text.split())
        if key not in self._cache:
            self._cache[key] = self._ground(key)
        return self._cache[key]

    def _ground(self, text: str) -> Grounding | None:
        raw = " ".join(m.group().lower() for m in _WORD.finditer(text) if stem(m.group()) not in STOPWORDS)
        words = content_words(text)
        main = content_words(re.split(r"\b(?:that|which|who)\b", text, maxsplit=1)[0])
        if not words:
            return None
        head = _head(text)
        best: Grounding | None = None
        for name in self._sharing(words):
            if len(name.words) == 1 and len(set(words)) > 1 and not _same(name.words[0], head):
                # one word of a longer phrase names it only as the phrase's head ("sleep apnea" is not "sleep")
                continue
            if tuple(words) == name.words:
                exact = raw == " ".join(
                    m.group().lower() for m in _WORD.finditer(name.text) if stem(m.group()) not in STOPWORDS
                )
                candidate = Grounding(name.entity, name.how if exact else "plural", 1.0 if exact else 0.95, name.text)
            else:
                score = max(_overlap(main, list(name.words)), 0.9 * _overlap(words, list(name.words)))
                candidate = Grounding(name.entity, "fuzzy", round(min(score, 0.94), 3), name.text)
            if best is None or candidate.score > best.score:
                best = candidate
        return best if best is not None and best.score >= ACCEPT else None
