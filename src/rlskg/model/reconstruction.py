"""A page as far as its claims tell it: quotes, prefixes and suffixes laid at their offsets.

Without a page's text (a copyright page whose text the project does not keep), its quotes cannot be
verified, but they can be checked against each other: every claim lays its prefix, quote and suffix
at its offsets, and where two claims cover the same stretch of the page they must read the same,
character for character. A claim whose offsets are wrong disagrees with the claims it overlaps.

Quotes keep their white space folded, so the raw page may hold more white space than a quote shows
(a list's line breaks and indentation): a claim's *slack* is how many raw characters its folded
quote lacks. The check is exact where the page leaves no room for doubt and allows the slack where it
does, so that a correct claim never disagrees:

- alone, a folded quote cannot be longer than its span, and a quote without white space fills it;
- in raw offsets, a quote's first and last words stand exactly at its start and end (and its whole
  text, when it has no slack), a prefix's last word ends at the start unless it ends in white space,
  a suffix's first word begins at the end unless it begins with white space: claims must agree on
  every such character;
- in folded text, two claims whose quotes overlap or nearly touch must line up at some distance the
  raw offsets allow, given the slack, so that their prefix, quote and suffix agree where they meet.

Examples
--------
>>> from rlskg.model.curation import Claim, Where
>>> import datetime as dt
>>> def claim(ident, quote, start, end, prefix=None, suffix=None):
...     return Claim(ident, "A", "causes", "B", "page", "stated", "x", "main", quote, start, end,
...                  dt.date(2026, 1, 1), Where("page.yaml", 1), prefix, suffix)
>>> good = [claim("a", "Iron matters. Dopamine too.", 10, 37), claim("b", "Dopamine too.", 24, 37, "matters. ")]
>>> consistency_problems(good)
[]
>>> moved = [claim("a", "Iron matters. Dopamine too.", 10, 37), claim("b", "Dopamine too.", 26, 39, "matters. ")]
>>> [p.message.split(" (")[0] for p in consistency_problems(moved)]
["quote at 26-39 disagrees with claim 'a'"]

"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rlskg.errors import Problem
from rlskg.model.curation import Claim
from rlskg.model.sources import fold

__all__ = ["consistency_problems"]

_SPACE = re.compile(r"\s+")
#: Quotes closer than this many raw characters are compared: their prefixes and suffixes may meet.
_NEAR = 64


@dataclass(frozen=True)
class _Laid:
    """One claim's text as it lies on the page: prefix + quote + suffix, white space folded."""

    claim: Claim
    text: str
    at: int  # where the quote starts in ``text``
    quote: str  # the folded quote

    @property
    def slack(self) -> int:
        return self.claim.end - self.claim.start - len(self.quote)


def _laid(claim: Claim) -> _Laid:
    prefix = _SPACE.sub(" ", claim.prefix or "")
    suffix = _SPACE.sub(" ", claim.suffix or "")
    quote = fold(claim.quote)
    return _Laid(claim, prefix + quote + suffix, len(prefix), quote)


def _fixed(laid: _Laid) -> Iterator[tuple[int, str]]:
    """The raw offsets whose character the claim knows for sure (white space as ' ')."""
    claim, quote = laid.claim, laid.quote
    if laid.slack == 0:
        yield from ((claim.start + i, ch) for i, ch in enumerate(quote))
    else:
        first, last = quote.split(" ")[0], quote.split(" ")[-1]
        yield from ((claim.start + i, ch) for i, ch in enumerate(first))
        yield claim.start + len(first), " "
        yield from ((claim.end - len(last) + i, ch) for i, ch in enumerate(last))
        yield claim.end - len(last) - 1, " "
    prefix = laid.text[: laid.at]
    if prefix:
        word = prefix.split(" ")[-1]  # empty when the prefix ends in white space
        yield from ((claim.start - len(word) + i, ch) for i, ch in enumerate(word))
        if len(word) < len(prefix):
            yield claim.start - len(word) - 1, " "
    suffix = laid.text[laid.at + len(quote) :]
    if suffix:
        word = suffix.split(" ")[0]
        yield from ((claim.end + i, ch) for i, ch in enumerate(word))
        if len(word) < len(suffix):
            yield claim.end + len(word), " "


def _agree(first: _Laid, second: _Laid, offset: int) -> bool:
    """Whether ``second`` laid with its quote ``offset`` folded characters after ``first``'s agrees with it."""
    shift = first.at + offset - second.at  # where second.text starts in first.text's coordinates
    lo, hi = max(0, shift), min(len(first.text), shift + len(second.text))
    return first.text[lo:hi] == second.text[lo - shift : hi - shift]


def _offsets(first: _Laid, second: _Laid) -> range:
    """The folded distances from ``first``'s quote to ``second``'s that their raw offsets allow."""
    a, b = first.claim, second.claim
    distance = b.start - a.start
    if b.start < a.end:  # the quotes overlap: the slack of the first is all the raw text can hide
        hidden = first.slack - (second.slack if b.end <= a.end else 0)
        return range(max(0, distance - hidden), distance + 1) if hidden >= 0 else range(0)
    gap = b.start - a.end  # white space and words between them, folded to at least one character
    return range(len(first.quote) + min(gap, 1), len(first.quote) + gap + 1)


def consistency_problems(claims: list[Claim]) -> list[Problem]:
    """Where the claims of one source, laid at their offsets, disagree with each other or cannot fit.

    Without the page's text this is all that can be checked; it never says a quote is verified.
    """
    problems: list[Problem] = []
    laid = sorted({(c.start, c.end, c.quote, c.prefix, c.suffix): _laid(c) for c in claims}.values(), key=_order)
    for item in laid:
        claim = item.claim
        if len(item.quote) > claim.end - claim.start:
            problems.append(
                claim.where.problem(
                    f"quote of {len(item.quote)} characters cannot lie in {claim.start}-{claim.end} "
                    f"({claim.end - claim.start} characters)"
                )
            )
        elif " " not in item.quote and item.slack:
            problems.append(
                claim.where.problem(f"a quote without white space spans its {len(item.quote)} characters exactly")
            )
    if problems:
        return problems

    found: dict[tuple[int, int], Problem] = {}  # one problem per pair of claims, by their places in ``laid``
    place = {id(item): index for index, item in enumerate(laid)}
    known: dict[int, tuple[str, _Laid]] = {}
    for item in laid:
        for offset, ch in _fixed(item):
            seen = known.setdefault(offset, (ch, item))
            pair = (place[id(seen[1])], place[id(item)])
            if seen[0] != ch and pair not in found:
                found[pair] = _disagreement(seen[1], item, f"at offset {offset} ('{seen[0]}' or '{ch}')")

    for index, first in enumerate(laid):
        for later, second in enumerate(laid[index + 1 :], index + 1):
            if second.claim.start >= first.claim.end + _NEAR:
                break
            if (index, later) not in found and not any(_agree(first, second, f) for f in _offsets(first, second)):
                found[(index, later)] = _disagreement(first, second, "where they overlap")
    return sorted(set(found.values()))


def _order(item: _Laid) -> tuple[int, int, int]:
    return item.claim.start, item.claim.end, item.claim.where.line


def _disagreement(first: _Laid, second: _Laid, where: str) -> Problem:
    """Reported on the claim written later in its file, naming the other."""
    early, late = sorted((first.claim, second.claim), key=lambda c: (c.where.file, c.where.line))
    return late.where.problem(
        f"quote at {late.start}-{late.end} disagrees with claim '{early.id}' (line {early.where.line}) {where}: "
        "an offset, quote, prefix or suffix is wrong (checked for consistency only: the text is not here)"
    )
