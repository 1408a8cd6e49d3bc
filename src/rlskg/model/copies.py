"""Pages that copy one another, found from their text: long runs of words they share verbatim.

Texts are compared after :func:`normalise` (white space folded, typographic quotes straightened,
case folded). A *run* is a stretch both texts hold, measured in whole words: from the first word
that starts in both to the last word that ends in both. Independent pages share stock phrases: a
title repeated ("what is restless legs syndrome? restless legs syndrome (rls) is a", 65
characters), a list of the usual conditions ("kidney failure, parkinson's disease, diabetes,
rheumatoid arthritis", 67); measured on the stored public pages, no run between independent
publishers is longer than 67 characters, while the shortest between a page and its adaptation is 74
(Premier Health's "research suggests that the main cause of restless legs syndrome (rls) is a",
taken from NHLBI) and a copy shares hundreds (Washington Sleep shares 302 characters of WebMD's). A run of
:data:`COPY_RUN` characters or more is a copy.

Notes
-----
Candidates are found by the run's first :data:`COPY_RUN` characters, indexed at each word start:
time and memory grow with the length of the texts, not with the number of pairs of pages.

"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["COPY_RUN", "SharedRun", "longest_run", "normalise", "shared_runs"]

#: The shortest run of shared words, in characters, that counts as a copy (see the module's docstring).
COPY_RUN = 71

_SPACE = re.compile(r"\s+")
_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_BREAK = "\x00"  # between the quotes of a page known only by its quotes: no run crosses it


def normalise(text: str) -> str:
    """The text as runs are compared: white space folded, typographic quotes straightened, case folded.

    Examples
    --------
    >>> normalise("It\u2019s  WORSE\\n at night")
    "it's worse at night"

    """
    return _SPACE.sub(" ", text.translate(_STRAIGHT)).strip().casefold()


@dataclass(frozen=True)
class SharedRun:
    """The longest run of words two pages share."""

    first: str
    second: str
    length: int
    text: str


def _joined(segments: Sequence[str]) -> str:
    return _BREAK.join(normalise(s) for s in segments)


def _word_starts(text: str) -> Iterable[int]:
    return (m.start() for m in re.finditer(r"(?<![^\W_])[^\W_]", text))


def _whole_words(a: str, i: int, b: str, j: int, length: int) -> tuple[int, int]:
    """The run ``a[i:i+length]`` (= ``b[j:j+length]``) cut to whole words of both texts: (offset, length)."""

    def word(ch: str) -> bool:
        return ch.isalnum()

    start, end = 0, length
    while start < end and not (
        word(a[i + start])
        and (i + start == 0 or not word(a[i + start - 1]))
        and (j + start == 0 or not word(b[j + start - 1]))
    ):
        start += 1
    while end > start and not (
        word(a[i + end - 1])
        and (i + end == len(a) or not word(a[i + end]))
        and (j + end == len(b) or not word(b[j + end]))
    ):
        end -= 1
    return start, end - start


def _run_at(a: str, i: int, b: str, j: int) -> tuple[int, int, int]:
    """The maximal common run through ``a[i]`` = ``b[j]``, in whole words: (start in a, start in b, length)."""
    while i > 0 and j > 0 and a[i - 1] == b[j - 1] != _BREAK:
        i, j = i - 1, j - 1
    length = 0
    while i + length < len(a) and j + length < len(b) and a[i + length] == b[j + length] != _BREAK:
        length += 1
    offset, words = _whole_words(a, i, b, j, length)
    return i + offset, j + offset, words


def longest_run(first: Sequence[str], second: Sequence[str], minimum: int = 1) -> tuple[int, str]:
    """The longest run of whole words the two texts share, each given as its segments (a whole text, or quotes).

    Only runs of at least ``minimum`` characters are looked for; (0, "") when there is none.

    Examples
    --------
    >>> longest_run(["Alcohol can trigger RLS in some people."], ["Tobacco can trigger RLS in others."])
    (18, 'can trigger rls in')

    """
    a, b = _joined(first), _joined(second)
    size = max(1, minimum)
    grams: dict[str, list[int]] = defaultdict(list)
    for i in _word_starts(a):
        if i + size <= len(a):
            grams[a[i : i + size]].append(i)
    best = (0, "")
    for j in _word_starts(b):
        for i in grams.get(b[j : j + size], ()):
            start, _, length = _run_at(a, i, b, j)
            if length >= minimum and length > best[0]:
                best = (length, a[start : start + length])
    return best


def _grams(text: str, size: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The hash of the ``size`` characters at each word start of ``text`` (none across a break), and where."""
    import numpy as np  # noqa: PLC0415

    starts = np.fromiter(_word_starts(text), dtype=np.int64)
    starts = starts[starts + size <= len(text)]
    breaks = np.fromiter((m.start() for m in re.finditer(_BREAK, text)), dtype=np.int64)
    if len(breaks):
        following = np.searchsorted(breaks, starts)  # the first break at or after each start
        ahead = np.append(breaks, len(text))[following]
        starts = starts[ahead >= starts + size]
    hashes = np.fromiter((hash(text[i : i + size]) for i in starts.tolist()), dtype=np.int64, count=len(starts))
    return hashes, starts


def shared_runs(
    texts: Mapping[str, Sequence[str]],
    expected: Callable[[str, str], bool] | None = None,
    minimum: int = COPY_RUN,
) -> list[SharedRun]:
    """Every pair of pages that share a run of at least ``minimum`` characters, longest run first.

    ``texts`` gives each page's segments (its whole text, or the quotes the project keeps of it);
    pairs for which ``expected`` is true (two versions of a page, say) are not compared.
    """
    import numpy as np  # noqa: PLC0415

    names = sorted(texts)
    joined = [_joined(texts[name]) for name in names]
    parts = [_grams(text, minimum) for text in joined]
    if not parts:
        return []
    hashes = np.concatenate([h for h, _ in parts])
    starts = np.concatenate([s for _, s in parts])
    owners = np.concatenate([np.full(len(h), k, dtype=np.int64) for k, (h, _) in enumerate(parts)])
    order = np.argsort(hashes, kind="stable")
    hashes, starts, owners = hashes[order], starts[order], owners[order]
    repeated = np.flatnonzero(hashes[1:] == hashes[:-1])  # i and i + 1 hold the same gram's hash
    candidates: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    group: dict[int, int] = {}  # the pages holding one gram, each with the first place it holds it
    for position, index in enumerate(repeated.tolist()):
        if not group:
            group[int(owners[index])] = int(starts[index])
        group.setdefault(int(owners[index + 1]), int(starts[index + 1]))
        if position + 1 == len(repeated) or repeated[position + 1] != index + 1:  # the group ends here
            pages = sorted(group.items())
            for at, (one, i) in enumerate(pages):
                for two, j in pages[at + 1 :]:
                    if expected is None or not expected(names[one], names[two]):
                        candidates[(one, two)].append((i, j))
            group = {}
    found = []
    for (one, two), places in sorted(candidates.items()):
        a, b = joined[one], joined[two]
        best = (0, "")
        for i, j in places:
            if a[i : i + minimum] != b[j : j + minimum]:
                continue  # two grams with the same hash
            start, _, length = _run_at(a, i, b, j)
            if length > best[0]:
                best = (length, a[start : start + length])
        if best[0] >= minimum:
            found.append(SharedRun(names[one], names[two], *best))
    return sorted(found, key=lambda run: (-run.length, run.first, run.second))
