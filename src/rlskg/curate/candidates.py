"""What the assistant proposes: mentions of entities in a page's words, and candidate claims."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Candidate", "Mention", "label_of"]


@dataclass(frozen=True)
class Mention:
    """Page words naming a subject or object: where they stand and the entity they were grounded to.

    ``label`` is, for a new entity (``id`` None), the name it is proposed under when that is not
    the page's words: the vocabulary's label for an abbreviation or a brand ("CKD" is "chronic
    kidney disease", "Reglan" metoclopramide), the name a reader gives a part of a coordination
    ("a deficiency in vitamin B12 or folate" gives "folate deficiency") or a step of a mechanism
    ("reduces dopamine function" gives "reduced dopamine function"). A term of the vocabulary
    named by the page's own words keeps them ("lumbar radiculopathy"), with the term in ``term``.
    """

    text: str
    start: int
    end: int
    id: str | None  # None: a new entity
    how: str
    score: float
    label: str | None = None
    term: str | None = None  # the label of the vocabulary's term it was grounded to


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
    section: str | None = None  # the heading of the page's section the quote stands in

    @property
    def triple(self) -> tuple[str | None, str, str | None]:
        return (self.subject.id, self.predicate, self.object.id)


#: A letter and its number written apart: "vitamin B 12" is vitamin B12.
_B_NUMBER = re.compile(r"\b([A-Z]) (\d{1,2})\b")


def label_of(mention: Mention) -> str:
    """The label a new entity is proposed under.

    That is the vocabulary's label, or the page's words without a leading article or quantifier,
    lower case unless a name or an acronym.

    Examples
    --------
    >>> label_of(Mention("Some antiepileptic drugs", 0, 24, None, "new", 0.0))
    'antiepileptic drugs'
    >>> label_of(Mention("Huntington's chorea", 0, 19, None, "new", 0.0))
    "Huntington's chorea"

    """
    if mention.label and mention.how == "vocabulary":
        return _B_NUMBER.sub(r"\1\2", mention.label)
    words = re.sub(
        r"^(?:(?:the|a|an|some|certain|many|several|other|specific|transient|temporary|occasional|significant|"
        r"possible|potential|various)\s+)+",
        "",
        mention.label or mention.text,
        flags=re.I,
    )
    if not re.search(r"[A-Za-z]", words):
        return mention.text
    words = words.replace("\u2019", "'")  # a label is typed: "the brain's", not the page's typographic apostrophe
    words = _B_NUMBER.sub(r"\1\2", words)
    return " ".join(w if _keeps_case(w, i) else w.lower() for i, w in enumerate(words.split()))


def _keeps_case(word: str, position: int) -> bool:
    """Acronyms and names keep their case: "ALS", "Huntington's"; a first word capitalised by the page does not."""
    if len(word) > 1 and word.isupper():
        return True
    return (position > 0 and word[:1].isupper()) or bool(re.match(r"[A-Z][a-z]+['\u2019]s$", word))
