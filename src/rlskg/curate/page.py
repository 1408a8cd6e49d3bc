"""A plain-text page as the curator's assistant reads it: checked bytes, sentences and list items.

Offsets are code-point indices into the text decoded as UTF-8, end exclusive, as everywhere in
rls-kg. List items are units of their own and remember the lead sentence above them, so a claim
read from an item can quote the lead with it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rlskg.errors import RlsKgError

__all__ = ["CurateError", "Unit", "read_page", "units"]


class CurateError(RlsKgError):
    """A page or draft the assistant cannot use; nothing was written."""


def read_page(path: Path) -> str:
    """The text of a page: UTF-8, not empty, not binary.

    Raises
    ------
    CurateError
        With one line naming the file and the problem.

    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CurateError(f"{path}: cannot read: {error.strerror or error}") from None
    if not data.strip():
        raise CurateError(f"{path}: the page is empty")
    if b"\x00" in data:
        raise CurateError(f"{path}: a binary file, not a plain-text page")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CurateError(
            f"{path}: not UTF-8 (byte {data[error.start]:#04x} at {error.start}); "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text) // 100:
        raise CurateError(f"{path}: a binary file, not a plain-text page ({controls} control characters)")
    return text


@dataclass(frozen=True)
class Unit:
    """A sentence, heading or list item of a page, with where it stands.

    ``body_start`` is where the words begin (after a bullet or number); ``lead`` is, for a list
    item, the index of the first unit of the sentences that introduce its list.
    """

    index: int
    start: int
    end: int
    text: str
    kind: str  # "sentence", "heading" or "item"
    body_start: int
    line: int
    list_id: int | None = None
    lead: int | None = None

    @property
    def body(self) -> str:
        return self.text[self.body_start - self.start :]


_MARKER = re.compile(r"[\u2022\u25aa\u25cf\u00b7*\-]\s+|\d{1,2}[.)]\s+")
_INLINE_NUMBER = re.compile(r"(?:(?<=\s)|^)(\d{1,2})[.)]\s+(?=\S)")
_INLINE_BULLET = re.compile(r"(?:(?<=\s)|^)[\u2022\u25aa\u25cf]\s+(?=\S)")


@cache
def _segmenter() -> object:
    import pysbd  # noqa: PLC0415 - only the assistant needs it

    return pysbd.Segmenter(language="en", clean=False)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (one line), by pysbd's rules."""
    segmenter = _segmenter()
    pieces: list[str] = segmenter.segment(text[start:end])  # type: ignore[attr-defined]
    spans: list[tuple[int, int]] = []
    at = start
    for raw in pieces:
        piece = raw.strip()
        if not piece:
            continue
        found = text.find(piece, at, end)
        if found < 0:  # pysbd changed the text; fall back to the rest of the line
            spans.append((at, end))
            break
        spans.append((found, found + len(piece)))
        at = found + len(piece)
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _inline_items(line: str) -> list[int]:
    """Where numbered items 1., 2., 3. ... (or bullets) start inside one line, else []."""
    numbers = [m for m in _INLINE_NUMBER.finditer(line)]
    expected, starts = 1, []
    for m in numbers:
        if int(m.group(1)) == expected:
            starts.append(m.start())
            expected += 1
    if len(starts) >= 2:
        return starts
    bullets = [m.start() for m in _INLINE_BULLET.finditer(line)]
    return bullets if bullets else []


def units(text: str) -> list[Unit]:
    """The sentences, headings and list items of a page, in order.

    Examples
    --------
    >>> page = "Causes\\n\\nCertain medicines may trigger RLS. These include:\\n  • Antidepressants\\n"
    >>> [(u.kind, u.text) for u in units(page)]
    [('heading', 'Causes'), ('sentence', 'Certain medicines may trigger RLS.'), ('sentence', 'These include:'), \
('item', '• Antidepressants')]
    >>> [(u.text, u.lead) for u in units("Linked to RLS: 1. Alcohol 2. Caffeine")][1:]
    [('1. Alcohol', 0), ('2. Caffeine', 0)]

    """
    found: list[Unit] = []
    list_id: int | None = None
    lists = 0
    lead: int | None = None

    def add(start: int, end: int, kind: str, body: int, line: int) -> None:
        found.append(Unit(len(found), start, end, text[start:end], kind, body, line, list_id, lead))

    for number, line in enumerate(re.finditer(r"[^\n]+", text), start=1):
        start, end = _trim(text, line.start(), line.end())
        if start == end:
            continue
        marker = _MARKER.match(text, start)
        inline = _inline_items(text[start:end])
        if marker and (marker.group().strip()[0].isdigit() or not marker.group().startswith("-") or end - start < 200):
            if list_id is None:
                lists += 1
                list_id = lists
                lead = _lead_of(found)
            # An item may run on in sentences of its own ("Iron deficiency. Even without anemia, ...").
            spans = _sentences(text, marker.end(), end)
            first_end = spans[0][1] if spans else end
            add(start, first_end, "item", marker.end(), number)
            for s, e in spans[1:]:
                add(s, e, "sentence", s, number)
            continue
        list_id, lead = None, None
        if inline:
            head_end = start + inline[0]
            for s, e in _sentences(text, start, head_end):
                add(s, e, "sentence", s, number)
            lists += 1
            list_id, lead = lists, _lead_of(found)
            bounds = [*(start + i for i in inline), end]
            for left, right in itertools.pairwise(bounds):
                s, e = _trim(text, left, right)
                item = _MARKER.match(text, s)
                add(s, e, "item", item.end() if item else s, number)
            list_id, lead = None, None
            continue
        spans = _sentences(text, start, end)
        heading = len(spans) == 1 and not re.search(r"[.!?:;\"\u201d]$", text[start:end]) and end - start < 90
        for s, e in spans:
            add(s, e, "heading" if heading else "sentence", s, number)
    return found


def _lead_of(found: list[Unit]) -> int | None:
    """The first unit of the sentences that introduce a list.

    That is the last sentence, or the one before it when the last only introduces ("These include some:").
    """
    if not found or found[-1].kind == "item":
        return None
    last = found[-1]
    if (
        len(found) >= 2
        and found[-2].kind == "sentence"
        and found[-2].line == last.line
        and re.match(r"(?i)(these|they|those|some|examples|such)\b", last.text)
    ):
        return found[-2].index
    return last.index
