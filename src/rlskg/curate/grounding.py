"""Grounding: the entity of the graph a stretch of page words names, with how and how surely.

A name matches by its label, a synonym, a brand name (a capitalised synonym of a drug), a plural,
possessive or hyphen variant ("anti-seizure" is "antiseizure", "drugs" are "medicines"), or fuzzily:
the Dice overlap of content words, where two words are the same when their stems agree or rapidfuzz
finds them close (spelling variants such as anaemia/anemia). Words the graph has no entity for are
looked up in graph/vocabulary.yaml, whose terms give a new entity its label, type and verified ids
(and whose rows with an ``entity`` give a graph entity further names, read by the assistant only);
a page's own names for an entity ("Willis-Ekbom disease (WED), or restless legs syndrome") are
aliases for that page only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz

from rlskg.model.curation import Entity

__all__ = ["ACCEPT", "VOCABULARY_FILE", "EntityIndex", "Grounding", "Term", "content_words", "load_vocabulary", "stem"]

#: The vocabulary of a checkout (graph/vocabulary.yaml), used when a caller gives none.
VOCABULARY_FILE = Path(__file__).resolve().parents[3] / "graph" / "vocabulary.yaml"


@dataclass(frozen=True)
class Term:
    """A term of the vocabulary: a thing the graph has no entity for yet, with verified identifiers.

    A term with an ``entity`` is no new thing: it lists further names of that entity of the graph.
    """

    label: str
    type: str
    synonyms: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    close: tuple[str, ...] = ()
    member_of: str | None = None
    entity: str | None = None


def load_vocabulary(path: Path | None = None) -> list[Term]:
    """The terms of graph/vocabulary.yaml (of the checkout unless ``path`` is given); none if it is absent."""
    path = path or VOCABULARY_FILE
    if not path.is_file():
        return []
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []

    def strings(row: Mapping[str, Any], key: str) -> tuple[str, ...]:
        return tuple(str(x) for x in row.get(key) or ())

    return [
        Term(
            str(r["label"]),
            str(r["type"]),
            strings(r, "synonyms"),
            strings(r, "exact"),
            strings(r, "close"),
            r.get("member_of"),
        )
        for r in rows
        if isinstance(r, dict) and r.get("label") and r.get("type")
    ] + [
        Term(str(r["entity"]), "", strings(r, "synonyms"), entity=str(r["entity"]))
        for r in rows
        if isinstance(r, dict) and r.get("entity")
    ]


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
_EQUIVALENT = {
    "drug": "medicine",
    "medication": "medicine",
    "tablet": "medicine",
    "pill": "medicine",
    "insufficiency": "deficiency",
    "smoke": "smoking",
    "smoker": "smoking",
    "anaemia": "anemia",
}
#: Words that say more or less of a thing: a name that says the opposite is no name of the phrase.
_MORE = frozenset("high elevated increased raised excess excessive overload surplus".split())  # noqa: SIM905
_LESS = frozenset("low reduced decreased deficiency deficient lack insufficient shortage depleted".split())  # noqa: SIM905


def _polarity(words: list[str]) -> int:
    """1 when ``words`` say more of a thing, -1 when less, 0 when neither or both."""
    return int(bool(_MORE & set(words))) - int(bool(_LESS & set(words)))


#: The generic nouns as names are stemmed and made equivalent ("drugs" is "medicine").
_GENERIC_STEMS = frozenset(_EQUIVALENT.get(stem(w), stem(w)) for w in GENERIC)
#: Words for people, never the head of a name ("pregnant women" names pregnancy).
_PEOPLE = frozenset(
    "women woman men man people person patient adult child children mother those medicine medication agent".split()  # noqa: SIM905
)


@lru_cache(maxsize=65536)
def _same(a: str, b: str) -> bool:
    a, b = _EQUIVALENT.get(a, a), _EQUIVALENT.get(b, b)
    if a != b and (_OPPOSED.match(a) or _OPPOSED.match(b)) and _stripped(a) == _stripped(b):
        return False  # "regulation" is not "dysregulation", nor "hypothyroidism" "hyperthyroidism"
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 85)


#: Prefixes that turn a word into its opposite or its lack.
_OPPOSED = re.compile(r"^(?:dys|non|un|in|ab|de|anti|hyper|hypo)(?=\w{4})")


def _stripped(word: str) -> str:
    return _OPPOSED.sub("", word)


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
    how: str  # exact, synonym, brand, plural, fuzzy, topic, alias, vocabulary, new
    score: float
    name: str  # the label or synonym it matched
    term: Term | None = None  # the vocabulary's term, for a new entity the vocabulary knows


@dataclass(frozen=True)
class _Name:
    entity: str  # an entity id, or the label of a vocabulary term
    text: str
    words: tuple[str, ...]
    how: str  # exact, synonym, brand
    term: Term | None = None

    @property
    def joined(self) -> str:
        return _joined(self.words)


def _joined(words: Iterable[str]) -> str:
    """Content words run together, so "anti-seizure drugs" and "antiseizure medicines" are one key."""
    return "".join(_EQUIVALENT.get(w, w) for w in words)


def _names(entity: str, label: str, synonyms: Iterable[str], drug: bool, term: Term | None = None) -> list[_Name]:
    texts = [(label, "exact")]
    without = re.sub(r"\s*\([^)]*\)", "", label).strip()
    if without != label:
        texts.append((without, "exact"))
    for synonym in synonyms:
        brand = drug and synonym[:1].isupper() and not synonym.isupper()
        texts.append((synonym, "brand" if brand else "synonym"))
    return [_Name(entity, text, tuple(words), how, term) for text, how in texts if (words := content_words(text))]


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
    while len(words) > 1 and words[-1] in _PEOPLE:
        words = words[:-1]
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
    Grounding(id='Paroxetine', how='brand', score=1.0, name='Paxil', term=None)
    >>> index.ground("kidney failures").how, index.ground("failure of the kidney").how
    ('plural', 'fuzzy')

    A row of the vocabulary with an ``entity`` names that entity of the graph further:

    >>> family = Entity("FamilyHistory", "family history of RLS", "HereditaryFactor", "d", here)
    >>> further = Term("FamilyHistory", "", ("first-degree relatives",), entity="FamilyHistory")
    >>> found = EntityIndex([family], [further]).ground("first-degree relatives")
    >>> found.id, found.how
    ('FamilyHistory', 'synonym')

    """

    def __init__(self, entities: list[Entity], vocabulary: Iterable[Term] = ()) -> None:
        self.entities = {e.id: e for e in entities}
        vocabulary = list(vocabulary)
        further = {t.entity: t.synonyms for t in vocabulary if t.entity}
        names: list[_Name] = []
        for entity in entities:
            synonyms = (*entity.synonyms, *further.get(entity.id, ()))
            names += _names(entity.id, entity.label, synonyms, entity.type == "Drug")
        known = {n.joined for n in names}
        self.terms = {t.label.lower(): t for t in vocabulary if not t.entity}
        for term in self.terms.values():
            # a term the graph already names is the graph's entity
            names += [
                n
                for n in _names(term.label, term.label, term.synonyms, term.type == "Drug", term)
                if n.joined not in known
            ]
        self.names = names
        self._by_word: dict[str, set[int]] = {}
        self._by_joined: dict[str, list[int]] = {}
        for i, name in enumerate(names):
            for word in name.words:
                self._by_word.setdefault(word, set()).add(i)
            self._by_joined.setdefault(name.joined, []).append(i)
        self._cache: dict[str, Grounding | None] = {}
        self.aliases: dict[str, Grounding] = {}

    def alias(self, text: str, grounding: Grounding) -> None:
        """Let ``text`` name what ``grounding`` names, on this page only."""
        key = _joined(content_words(text))
        if key and key not in self._by_joined:
            self.aliases[key] = Grounding(grounding.id, "alias", grounding.score, grounding.name, grounding.term)
            self._cache.clear()

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
        found = self._ground_names(text)
        if found is not None and found.term is not None and found.how in ("exact", "synonym", "brand", "plural"):
            return Grounding(None, "vocabulary", found.score, found.name, found.term)
        if found is not None and found.term is not None:
            return None  # a vocabulary term only by its own names, never fuzzily
        return found

    def _ground_names(self, text: str) -> Grounding | None:
        key = _joined(content_words(text))
        if key in self.aliases:
            return self.aliases[key]
        same_key = [self.names[i] for i in self._by_joined.get(key, [])]
        if same_key:
            name = same_key[0]
            raw_words = " ".join(w.lower() for w in _WORD.findall(text) if stem(w) not in STOPWORDS)
            same = raw_words == " ".join(w.lower() for w in _WORD.findall(name.text) if stem(w) not in STOPWORDS)
            return Grounding(name.entity, name.how if same else "plural", 1.0 if same else 0.95, name.text, name.term)
        raw = " ".join(m.group().lower() for m in _WORD.finditer(text) if stem(m.group()) not in STOPWORDS)
        words = content_words(text)
        main = content_words(re.split(r"\b(?:that|which|who)\b", text, maxsplit=1)[0])
        if not words:
            return None
        head = _head(text)
        best: Grounding | None = None
        if len(words) == 1 and words[0] in GENERIC:  # "medications" names no one class fuzzily
            return None
        for name in self._sharing(words):
            if len(name.words) == 1 and len(set(words)) > 1 and not _same(name.words[0], head):
                # one word of a longer phrase names it only as the phrase's head ("sleep apnea" is not "sleep")
                continue
            if (
                len(name.words) == 1
                and len(set(words)) > 1
                and _GENERIC_STEMS & {name.words[0], _EQUIVALENT.get(name.words[0], "")}
            ):
                continue  # "acid-suppressing drugs" is a narrower class than "medications", not a name of it
            if _polarity(words) * _polarity(list(name.words)) < 0:
                continue  # "elevated iron stores" is not "low iron stores"
            if tuple(words) == name.words:
                exact = raw == " ".join(
                    m.group().lower() for m in _WORD.finditer(name.text) if stem(m.group()) not in STOPWORDS
                )
                candidate = Grounding(
                    name.entity, name.how if exact else "plural", 1.0 if exact else 0.95, name.text, name.term
                )
            else:
                score = max(_overlap(main, list(name.words)), 0.9 * _overlap(words, list(name.words)))
                candidate = Grounding(name.entity, "fuzzy", round(min(score, 0.94), 3), name.text, name.term)
            if (
                best is None
                or candidate.score > best.score
                or (candidate.score == best.score and best.term and not candidate.term)
            ):
                best = candidate
        return best if best is not None and best.score >= ACCEPT else None
