"""Names as a reader types them: labels, synonyms, brand names, ids and identifiers, folded alike.

Examples
--------
>>> names = EntityNames({"Paroxetine": {"label": "paroxetine", "synonyms": ["Paxil"], "exact": [], "close": []}})
>>> names.resolve("PAXIL's"), names.resolve("paroxetines"), names.suggest("paxl")
(['Paroxetine'], ['Paroxetine'], ['Paroxetine'])

"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

__all__ = ["EntityNames", "Names", "names_of", "normalize", "singular"]


def normalize(name: str) -> str:
    """Lower case, no possessive 's, punctuation as space, single spaces.

    Examples
    --------
    >>> normalize("  Parkinson\u2019s   Disease! ")
    'parkinson disease'

    """
    text = name.lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def singular(text: str) -> str:
    """Each word of a folded name without a plural s (not of -ss words, nor of words of three letters).

    >>> singular("brain chemicals class gas")
    'brain chemical class gas'
    """
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in text.split())


def names_of(node: str, data: Mapping[str, Any]) -> Iterator[str]:
    """The names an entity is found by: its id, label, synonyms and brand names, and identifiers."""
    yield from (node, data["label"], *data["synonyms"], *data["exact"], *data["close"])


class Names(Protocol):
    """What the why engine asks of a graph's names."""

    def resolve(self, name: str) -> list[str]:
        """The entity ids a name could mean: one, several (ambiguous), or none."""
        ...

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Entity ids whose names look like ``name``: similar names only."""
        ...

    def label(self, ident: str) -> str:
        """The label of an entity."""
        ...


class EntityNames:
    """The names of every entity, held in memory: what a graph of the shipped size resolves by."""

    def __init__(self, entities: Mapping[str, Mapping[str, Any]]) -> None:
        self._labels = {node: str(data["label"]) for node, data in entities.items()}
        self._names: dict[str, set[str]] = {}
        self._singulars: dict[str, set[str]] = {}
        for node, data in entities.items():
            for name in names_of(node, data):
                key = normalize(name)
                self._names.setdefault(key, set()).add(node)
                self._singulars.setdefault(singular(key), set()).add(node)

    def resolve(self, name: str) -> list[str]:
        """The entity ids a name could mean: one, several (ambiguous), or none.

        A name matches a label, synonym, brand name, id or identifier, ignoring case, punctuation
        and a possessive 's; failing that, its singular form; failing that, the entities whose
        names contain all its words.
        """
        key = normalize(name)
        if not key:
            return []
        for index, probe in ((self._names, key), (self._singulars, singular(key))):
            if probe in index:
                return sorted(index[probe])
        words = set(singular(key).split())
        return sorted(
            {node for name_key, nodes in self._singulars.items() if words <= set(name_key.split()) for node in nodes}
        )

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Entities whose names look like ``name`` (fuzzy), or share a word with it: similar names only."""
        key = normalize(name)
        close = difflib.get_close_matches(key, list(self._names), n=limit * 2, cutoff=0.6)
        words = set(singular(key).split())
        sharing = sorted(k for k in self._singulars if words & set(k.split()))
        found: list[str] = []
        for candidate in (*close, *sharing):
            nodes = self._names.get(candidate) or self._singulars.get(candidate, set())
            found.extend(n for n in sorted(nodes) if n not in found)
        return found[:limit]

    def label(self, ident: str) -> str:
        """The label of an entity."""
        return self._labels[ident]
