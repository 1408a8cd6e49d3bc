"""A plain-text page as the curator's assistant reads it: checked bytes, then its structure.

The structure comes before the sentences: headings, paragraphs, lead-ins and their lists. A list
item is a line with a bullet of any mark (a dot, a star, a hyphen, an en or em dash, "--"), a number
("1." "1)"), a short line under a lead-in that ends with a colon ("Drugs", "Pregnancy - especially
third trimester"), or a
paragraph that opens with a run-in heading ("Genetics. Having family members ..."). Each item
remembers the lead-in that introduces its list and, when it stands under another item (the bullets
under "Drugs"), that item as its parent; each unit remembers the heading of its section.

Offsets are code-point indices into the text decoded as UTF-8, end exclusive, as everywhere in
rls-kg.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from rlskg.errors import RlsKgError

__all__ = ["MAX_BYTES", "CurateError", "Unit", "language_note", "read_page", "units"]

#: The largest page the assistant reads (a health page is a few tens of kilobytes).
MAX_BYTES = 2_000_000


class CurateError(RlsKgError):
    """A page or draft the assistant cannot use; nothing was written."""


#: Words so common in English prose that a page without them is not in English.
_ENGLISH = frozenset("the of and to in is are a an that for with as by or can may it be this".split())  # noqa: SIM905
#: Words as common in the prose of other languages a page may be in (German, French, Spanish, Italian,
#: Dutch, Portuguese), none of them an English word.
_OTHER = frozenset(
    "der die das und ist ein eine nicht mit von zu bei oder le la les des est et une pas du sur dans pour qui "  # noqa: SIM905
    "el los las es una por con para del que il lo gli della sono het een van zijn niet ook o os um uma não".split()
)
#: Fewer words than this, and a page is too short to be judged by the share of English words in it.
_FEW = 20


def read_page(path: Path) -> str:
    """The text of a page: UTF-8, not empty, not binary, not too large, in English.

    Raises
    ------
    CurateError
        With one line naming the file and the problem.

    """
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CurateError(
                f"{path}: {size:,} bytes, more than the {MAX_BYTES:,} of a page; give the article's text only"
            )
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
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) >= _FEW and sum(1 for w in words if w in _ENGLISH) < 0.05 * len(words):
        raise CurateError(f"{path}: the page does not read as English; the cues are English words only")
    return text


def language_note(text: str) -> str | None:
    """Why a page too short to be refused gave nothing, when it is its language; else None.

    A page of fewer than 20 words is not refused (a short list of names in English has no common
    English word either), but when none of its words is a common English word and some are another
    language's, or its letters are not Latin, an empty draft says so.

    Examples
    --------
    >>> language_note("Das Restless-Legs-Syndrom ist eine Krankheit.")
    'the page is short and does not read as English; the cues are English words only'
    >>> language_note("Causes: caffeine, alcohol") is None
    True

    """
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words or len(words) >= _FEW or any(w in _ENGLISH for w in words):
        return None
    foreign = any(w in _OTHER for w in words) or any(not re.fullmatch(r"[a-z\u00c0-\u024f]+", w) for w in words)
    return "the page is short and does not read as English; the cues are English words only" if foreign else None


@dataclass(frozen=True)
class Unit:
    """A sentence, heading or list item of a page, with where it stands.

    ``body_start`` is where the words begin (after a bullet or number); ``lead`` is, for a list
    item, the index of the first unit of the sentences that introduce its list; ``parent`` the item
    it stands under (a bullet under "Drugs", a sentence of a run-in item's paragraph); ``section``
    the heading above it.
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
    parent: int | None = None
    section: int | None = None

    @property
    def body(self) -> str:
        return self.text[self.body_start - self.start :]


_MARKER = re.compile(r"(?:[\u2022\u25aa\u25cf\u00b7\u25e6\u2023\u2219*\u2013\u2014]|--?)\s+|\(?\d{1,2}[.)]\s+")
_INLINE_NUMBER = re.compile(r"(?:(?<=\s)|^)(\d{1,2})[.)]\s+(?=\S)")
_INLINE_BULLET = re.compile(r"(?:(?<=\s)|^)[\u2022\u25aa\u25cf]\s+(?=\S)")
#: A lead-in that opens a list of the lines below it.
_OPENS = re.compile(r"(?::-?|\bbelow|\bthe following)\s*$", re.I)
_FINITE = re.compile(
    r"\b(?:is|are|was|were|be|been|can|may|might|will|would|has|have|had|do|does|did|should|must|could)\b", re.I
)


@cache
def _segmenter() -> object:
    import pysbd  # noqa: PLC0415 - only the assistant needs it

    return pysbd.Segmenter(language="en", clean=False)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (one line, or the lines of a hard-wrapped paragraph), by pysbd's rules."""
    segmenter = _segmenter()
    line = text[start:end].replace("\n", " ")  # a wrapped paragraph is read as one line, offsets kept
    pieces: list[str] = segmenter.segment(line)  # type: ignore[attr-defined]
    spans: list[tuple[int, int]] = []
    at = 0
    for raw in pieces:
        piece = raw.strip()
        if not piece:
            continue
        found = line.find(piece, at)
        if found < 0:  # pysbd changed the text; fall back to the rest of the line
            spans.append((start + at, end))
            break
        spans.append((start + found, start + found + len(piece)))
        at = found + len(piece)
    return [_trim(text, s, e) for left, right in spans for s, e in _cited(text, left, right) if text[s:e].strip()]


#: A sentence end with its reference numbers after it: "... and gastric surgery.40  People who smoke".
_CITED_END = re.compile(r"[.!?]\d{1,3}(?:[ ,\u2013-]+\d{1,3})*(?=\s+[A-Z])")


def _cited(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span split after each sentence end that reference numbers hid from pysbd."""
    spans, at = [], start
    for m in _CITED_END.finditer(text, start, end):
        spans.append((at, m.end()))
        at = m.end()
    spans.append((at, end))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _inline_items(line: str) -> list[int]:
    """Where numbered items 1., 2., 3. ... (or bullets) start inside one line, else []."""
    numbers = list(_INLINE_NUMBER.finditer(line))
    expected, starts = 1, []
    for m in numbers:
        if int(m.group(1)) == expected:
            starts.append(m.start())
            expected += 1
    if len(starts) >= 2:
        return starts
    return [m.start() for m in _INLINE_BULLET.finditer(line)]


def _short_line(text: str) -> bool:
    """A line that names rather than says: short, no end punctuation, no finite verb."""
    return (
        len(text) < 90
        and len(text.split()) <= 10
        and not re.search(r"[.!?;\"\u201d]$", text)
        and not (text.endswith(":") or text.endswith(":-"))
        and not _FINITE.search(text)
    )


def _run_in(text: str) -> bool:
    """Whether a paragraph's first sentence is a run-in heading ("Genetics.", "Alcohol, caffeine, and tobacco.")."""
    words = text.rstrip(".").split()
    return (
        text.endswith(".")
        and 1 <= len(words) <= 6
        and not _FINITE.search(text)
        and not re.search(r"\d", text)
        and text[:1].isupper()
    )


class _Builder:
    """Reads a page's lines into units, keeping the state of the list being read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[Unit] = []
        self.lists = 0
        self.list_id: int | None = None  # the list whose items are being read
        self.lead: int | None = None
        self.outer: tuple[int, int | None] | None = None  # a list of labels or run-in items: id, lead
        self.parent: int | None = None  # the outer item the lines below stand under
        self.section: int | None = None
        self.blank = False
        self.indent = 0  # how far in the last bullet stands
        # the lists a list under an item was opened from: the item's indent, list, lead, parent
        self.nested: list[tuple[int, int | None, int | None, int | None]] = []

    def add(self, start: int, end: int, kind: str, body: int, line: int, **kw: int | None) -> Unit:
        unit = Unit(
            len(self.found),
            start,
            end,
            self.text[start:end],
            kind,
            body,
            line,
            kw.get("list_id", self.list_id if kind == "item" else None),
            kw.get("lead", self.lead if kind == "item" else None),
            kw.get("parent", self.parent),
            self.section,
        )
        self.found.append(unit)
        return unit

    def new_list(self) -> None:
        self.lists += 1
        self.list_id = self.lists
        self.lead = _lead_of(self.found)

    def opens(self) -> bool:
        """Whether the last unit is a lead-in that opens a list of the lines below it."""
        last = self.found[-1] if self.found else None
        return last is not None and last.kind != "heading" and bool(_OPENS.search(last.text))

    def line(self, number: int, start: int, end: int, *, dashed_run: bool = False) -> None:
        """Read one line; ``dashed_run`` when a line next to it opens with a hyphen too (a list, not a stray dash)."""
        text = self.text[start:end]
        marker = _MARKER.match(self.text, start, end)
        if marker and (
            marker.group().strip()[0].isdigit() or not marker.group().startswith("-") or end - start < 200 or dashed_run
        ):
            self.bullet(number, start, end, marker.end())
        elif inline := _inline_items(text):
            self.inline(number, start, end, inline)
        elif self.outer is not None and _short_line(text) and not (self.blank and self.list_id is not None):
            self.label(number, start, end)
        elif self.opens() and _short_line(text):
            self.lists += 1
            self.outer = (self.lists, _lead_of(self.found))
            self.label(number, start, end)
        else:
            self.paragraph(number, start, end)

    def bullet(self, number: int, start: int, end: int, body: int) -> None:
        last = self.found[-1] if self.found else None
        indent = start - (self.text.rfind("\n", 0, start) + 1)
        while self.nested and self.nested[-1][0] >= indent:  # back out of a list under an item
            _, self.list_id, self.lead, self.parent = self.nested.pop()
        if last is not None and last.kind == "item" and self.opens() and indent > self.indent:
            # "• Secondary, where it's linked to another condition, such as:" and the bullets further in
            self.nested.append((self.indent, self.list_id, self.lead, self.parent))
            self.lists += 1
            self.list_id, self.lead, self.parent = self.lists, last.index, last.index
        elif self.outer is not None and last is not None and last.kind == "item" and last.list_id == self.outer[0]:
            # bullets under a label ("Drugs"): the outer lead-in's frame, the label as parent
            self.lists += 1
            self.list_id, self.lead, self.parent = self.lists, self.outer[1], last.index
        elif self.list_id is None or (last is not None and last.kind != "item" and self.opens()):
            self.new_list()
        spans = _sentences(self.text, body, end)
        self.add(start, spans[0][1] if spans else end, "item", body, number)
        self.indent = indent
        for s, e in spans[1:]:  # an item may run on in sentences of its own
            self.add(s, e, "sentence", s, number, parent=self.found[-1].index)

    def inline(self, number: int, start: int, end: int, inline: list[int]) -> None:
        self.nested.clear()
        head_end = start + inline[0]
        for s, e in _sentences(self.text, start, head_end):
            self.add(s, e, "sentence", s, number)
        self.new_list()
        bounds = [*(start + i for i in inline), end]
        for left, right in itertools.pairwise(bounds):
            s, e = _trim(self.text, left, right)
            item = _MARKER.match(self.text, s)
            self.add(s, e, "item", item.end() if item else s, number)
        self.list_id, self.lead = None, None

    def label(self, number: int, start: int, end: int) -> None:
        """A short line of an outer list: an item of its own, parent of the bullets under it."""
        self.nested.clear()
        assert self.outer is not None
        self.list_id, self.lead, self.parent = None, None, None
        unit = self.add(start, end, "item", start, number, list_id=self.outer[0], lead=self.outer[1], parent=None)
        self.parent = unit.index

    def paragraph(self, number: int, start: int, end: int) -> None:
        self.nested.clear()
        spans = _sentences(self.text, start, end)
        first = self.text[spans[0][0] : spans[0][1]] if spans else ""
        if len(spans) > 1 and _run_in(first) and (self.outer is not None or self.opens()):
            if self.outer is None:
                self.lists += 1
                self.outer = (self.lists, _lead_of(self.found))
            self.list_id, self.lead, self.parent = None, None, None
            item = self.add(*spans[0], "item", spans[0][0], number, list_id=self.outer[0], lead=self.outer[1])
            self.parent = item.index
            for s, e in spans[1:]:
                self.add(s, e, "sentence", s, number)
            return
        if self.blank or not (self.outer is not None and self.parent is not None):
            self.outer, self.parent = None, None
        self.list_id, self.lead = None, None
        heading = len(spans) == 1 and _short_line(self.text[start:end]) and not self.opens()
        for s, e in spans:
            unit = self.add(s, e, "heading" if heading else "sentence", s, number)
            if heading:
                self.section = unit.index
                self.found[-1] = replace(unit, section=unit.index)


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
    >>> page = "Causes are listed below:-\\n\\nDrugs\\n  • Lithium\\nDietary\\n  • Caffeine\\n"
    >>> [(u.text, u.lead, u.parent) for u in units(page)][1:]
    [('Drugs', 0, None), ('• Lithium', 0, 1), ('Dietary', 0, None), ('• Caffeine', 0, 3)]

    """
    builder = _Builder(text)
    found = _lines(text)
    dashed = {k for k, (_, start, end, _) in enumerate(found) if re.match(r"--?\s", text[start:end])}
    for k, (number, start, end, blank) in enumerate(found):
        builder.blank = blank
        builder.line(number, start, end, dashed_run=k in dashed and bool({k - 1, k + 1} & dashed))
    return builder.found


#: How a line ends a sentence (or a lead-in): its last mark, before closing quotes and brackets.
_ENDS = re.compile(r"[.!?:;]['\"\u201d\u2019)\]]*(?:\s+\|)?$")  # a stray bar after the last sentence is no text
#: A line that stops on a word no sentence ends with goes on in a next line opening with a lower-case word or an
#: acronym ("associated with" / "RLS.").
_GOES_ON = re.compile(r"\b(?:and|or|of|the|a|an|to|with|in|for|by|as|from|than)$", re.I)


def _lines(text: str) -> list[tuple[int, int, int, bool]]:
    """The page's lines as (number, start, end, blank line before), hard-wrapped prose joined back into paragraphs.

    A text wrapped at a fixed width ("the condition\\nmay be a repercussion") breaks its sentences
    across lines. A line that does not end a sentence continues on the next when that one opens in
    lower case, or when the line itself stops on a comma; the lines so joined are one paragraph only
    if the last of them ends a sentence, so that a list of short lines in lower case stays a list. A
    line that opens with a bullet or a number never continues another; a line cut short before a
    capitalised one ("familial inheritance in" before "However, ...") is a page's gap, not a wrap.

    Examples
    --------
    >>> text = "Causes\\nIron deficiency,\\nKidney failure may\\ntrigger it.\\nNext line."
    >>> [text[s:e] for _, s, e, _ in _lines(text)]
    ['Causes', 'Iron deficiency,\\nKidney failure may\\ntrigger it.', 'Next line.']

    """
    raw: list[tuple[int, int, int, bool]] = []
    at, blank = 0, False
    for number, line in enumerate(text.split("\n"), start=1):
        start, end = _trim(text, at, at + len(line))
        at += len(line) + 1
        if start == end:
            blank = True
            continue
        raw.append((number, start, end, blank))
        blank = False
    joined: list[tuple[int, int, int, bool]] = []
    k = 0
    while k < len(raw):
        last = k
        while last + 1 < len(raw) and _continues(text, raw[last], raw[last + 1]):
            last += 1
        if last > k and _ENDS.search(text[raw[last][1] : raw[last][2]]):
            joined.append((raw[k][0], raw[k][1], raw[last][2], raw[k][3]))
            k = last + 1
        else:
            joined.append(raw[k])
            k += 1
    return joined


def _continues(text: str, line: tuple[int, int, int, bool], after: tuple[int, int, int, bool]) -> bool:
    """Whether ``line`` is a piece of a sentence that goes on in the line ``after`` it (no blank line between)."""
    words, following = text[line[1] : line[2]], text[after[1] : after[2]]
    if after[3] or _ENDS.search(words) or _MARKER.match(following):
        return False
    opening = following.split(maxsplit=1)[0]
    return following[:1].islower() or words.endswith(",") or (bool(_GOES_ON.search(words)) and opening.isupper())


def _lead_of(found: list[Unit]) -> int | None:
    """The first unit of the sentences that introduce a list.

    That is the last sentence, or the one before it when the last only introduces ("These include some:").
    """
    if not found or found[-1].kind in ("item", "heading"):
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
