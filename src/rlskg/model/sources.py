"""Source texts: finding them, folding white space, locating quotes and sentences.

Offsets are indices into the text decoded as UTF-8 (code points), end exclusive.
Runs of white space, U+00A0 included, compare as one space; punctuation is never changed.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Span",
    "context",
    "find_text",
    "fold",
    "locate",
    "own_texts",
    "sentences",
    "sha256_of",
    "sources_dir",
    "text_dirs",
]

_SPACE = re.compile(r"\s+")  # \s covers U+00A0 in str patterns


def fold(text: str) -> str:
    """Collapse every run of white space to one space and strip the ends.

    Examples
    --------
    >>> fold("a\\u00a0 b\\n c ")
    'a b c'

    """
    return _SPACE.sub(" ", text).strip()


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the raw index it came from."""
    chars: list[str] = []
    positions: list[int] = []
    in_space = True  # drops leading white space
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space:
                chars.append(" ")
                positions.append(i)
            in_space = True
        else:
            chars.append(ch)
            positions.append(i)
            in_space = False
    return "".join(chars), positions


@dataclass(frozen=True)
class Span:
    """A stretch of a source text: ``text[start:end]``."""

    start: int
    end: int
    text: str


def locate(text: str, quote: str) -> list[Span]:
    """Every span of ``text`` that reads as ``quote`` once white space is folded.

    Examples
    --------
    >>> [(s.start, s.end) for s in locate("One  two.\\u00a0Three two.", "two. Three")]
    [(5, 15)]

    """
    folded, positions = _folded_with_positions(text)
    needle = fold(quote)
    found: list[Span] = []
    if not needle:
        return found
    at = folded.find(needle)
    while at != -1:
        start = positions[at]
        end = positions[at + len(needle) - 1] + 1
        found.append(Span(start, end, text[start:end]))
        at = folded.find(needle, at + 1)
    return found


def context(text: str, start: int, end: int, width: int = 32) -> tuple[str, str]:
    """The ``width`` characters before and after ``text[start:end]``, white space folded.

    Examples
    --------
    >>> context("a  b c d e", 5, 6, width=3)
    (' b ', ' d ')

    """
    before = _SPACE.sub(" ", text[max(0, start - 4 * width) : start])[-width:]
    after = _SPACE.sub(" ", text[end : end + 4 * width])[:width]
    return before, after


# A sentence ends at . ! or ? (with any closing quote or bracket) before white space and a capital
# or an opening quote; a list item's number ("1. Alcohol") is not a sentence end.
_SENTENCE_END = re.compile(r"""(?<!\b\d)[.!?]+["'\u201d\u2019)]*(?=\s+["\u201cA-Z])""")


def sentences(text: str) -> list[Span]:
    """The sentences of a plain-text page, each line split at sentence ends.

    Headings, list items and captions are lines of their own and so sentences of their own.

    Examples
    --------
    >>> [s.text for s in sentences("Title\\n\\nOne is here. Two, said Dr. X.\\n  1. Alcohol")]
    ['Title', 'One is here.', 'Two, said Dr.', 'X.', '1. Alcohol']

    """
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text):
        offset = line.start()
        body = line.group()
        cut = 0
        for end in _SENTENCE_END.finditer(body):
            spans.extend(_trimmed(text, offset + cut, offset + end.end()))
            cut = end.end()
        spans.extend(_trimmed(text, offset + cut, offset + len(body)))
    return spans


def _trimmed(text: str, start: int, end: int) -> list[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [Span(start, end, text[start:end])] if end > start else []


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def own_texts(explicit: Path | None) -> Path | None:
    """The curator's own texts folder: ``explicit`` (--sources), else $RLSKG_SOURCES, else None.

    The one folder the project may write a text into (``rlskg accept``); ../shared/sources, which
    the project only reads, is never one.
    """
    if explicit is not None:
        return explicit
    env = os.environ.get("RLSKG_SOURCES")
    return Path(env) if env else None


def sources_dir(explicit: Path | None, root: Path) -> Path | None:
    """Where the source texts are: ``explicit``, else $RLSKG_SOURCES, else ../shared/sources.

    Returns None when neither an explicit nor an environment directory is given and the
    default does not exist; an explicit or environment directory is returned as given, so that
    a wrong one is reported rather than silently skipped.
    """
    own = own_texts(explicit)
    if own is not None:
        return own
    default = root.resolve().parent / "shared" / "sources"
    return default if default.is_dir() else None


def text_dirs(explicit: Path | None, root: Path) -> list[Path]:
    """The folders a source text is looked for in, in this order.

    ``explicit`` (--sources), then $RLSKG_SOURCES, then the project's own sources/ (the whole texts of
    public-domain and open-licence pages), then ../shared/sources beside the project. The first two
    are listed even when they do not exist, so that a wrong one is reported; the defaults only when
    they exist.
    """
    found: list[Path] = []
    if explicit is not None:
        found.append(explicit)
    env = os.environ.get("RLSKG_SOURCES")
    if env:
        found.append(Path(env))
    for default in (root / "sources", root.resolve().parent / "shared" / "sources"):
        if default.is_dir() and default.resolve() not in {f.resolve() for f in found}:
            found.append(default)
    return found


def find_text(directories: list[Path], name: str) -> Path | None:
    """The first file called ``name`` in ``directories``, or None."""
    for directory in directories:
        if (directory / name).is_file():
            return directory / name
    return None
