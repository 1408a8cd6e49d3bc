"""Re-anchoring: finding a source's claims again in a new version of its page.

Each quote is looked for as a Web Annotation TextQuoteSelector is meant to be used: first at its
offsets (``unchanged``), then by its words anywhere, with white space and list numbering folded and
the prefix and suffix choosing between several places (``moved``); a quote over a list is found
again by its lead sentence and its own item, wherever the list put that item; then fuzzily, by the
best-matching stretch of the new text (``changed``); else it is ``gone``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from rlskg.curate.draft import Draft
from rlskg.curate.page import CurateError, Unit, read_page, units
from rlskg.curate.propose import propose
from rlskg.model.curation import Claim, load_curation
from rlskg.model.ontology import load_ontology
from rlskg.model.sources import context, fold, locate

__all__ = ["CHANGED_AT_LEAST", "Anchor", "reanchor", "update_file"]

#: The least rapidfuzz partial ratio (0-100) at which a reworded quote counts as the same, changed.
CHANGED_AT_LEAST = 80.0

_MARKER = re.compile(r"(?:(?<=\s)|^)(?:\d{1,2}[.)]|[\u2022\u25aa\u25cf\u00b7])\s+")


@dataclass(frozen=True)
class Anchor:
    """Where a claim's quote stands in the new text, and how it got there."""

    id: str
    fate: str  # unchanged, moved, changed, gone
    start: int | None
    end: int | None
    score: float | None = None

    def to_dict(self, text: str) -> dict[str, Any]:
        found: dict[str, Any] = {"id": self.id, "fate": self.fate, "start": self.start, "end": self.end}
        if self.start is not None and self.end is not None:
            prefix, suffix = context(text, self.start, self.end)
            found.update(quote=text[self.start : self.end], prefix=prefix, suffix=suffix)
        if self.score is not None:
            found["score"] = self.score
        return found


def _normalised(text: str) -> tuple[str, list[int]]:
    """``text`` with list markers dropped and white space folded, and the raw index of each character."""
    chars: list[str] = []
    positions: list[int] = []
    dropped = {i for m in _MARKER.finditer(text) for i in range(m.start(), m.end())}
    space = True
    for i, ch in enumerate(text):
        if i in dropped or ch.isspace():
            if not space:
                chars.append(" ")
                positions.append(i)
            space = True
            continue
        chars.append(ch)
        positions.append(i)
        space = False
    return "".join(chars), positions


def _span(positions: list[int], start: int, end: int, text: str) -> tuple[int, int]:
    s, e = positions[start], positions[end - 1] + 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _closest(spans: list[tuple[int, int]], claim: Claim, text: str) -> tuple[int, int]:
    """Of several places, the one whose surroundings read most like the claim's prefix and suffix."""

    def fit(span: tuple[int, int]) -> tuple[float, int]:
        prefix, suffix = context(text, *span)
        score = fuzz.ratio(fold(prefix), fold(claim.prefix or "")) + fuzz.ratio(fold(suffix), fold(claim.suffix or ""))
        return (-score, abs(span[0] - claim.start))

    return min(spans, key=fit)


def reanchor(claim: Claim, text: str, pieces: list[Unit] | None = None) -> Anchor:
    """Find ``claim``'s quote in ``text``, the new version of its page.

    Examples
    --------
    >>> from rlskg.model.curation import Where
    >>> import datetime
    >>> quote = "Alcohol can trigger or worsen the symptoms."
    >>> c = Claim("c", "A", "causes", "B", "s", "stated", "can trigger", "main", quote, 5, 48,
    ...           datetime.date(2026, 1, 1), Where("f", 1), "One.", "Two.")
    >>> [reanchor(c, t).fate for t in ["One. " + quote + " Two.", "Zero. One. " + quote + " Two.",
    ...                                 "One. Alcohol can trigger or make worse the symptoms. Two.", "One. Two."]]
    ['unchanged', 'moved', 'changed', 'gone']

    """
    here = text[claim.start : claim.end] if claim.end <= len(text) else ""
    if here and here == here.strip() and fold(here) == fold(claim.quote):
        return Anchor(claim.id, "unchanged", claim.start, claim.end)
    normal, positions = _normalised(text)
    needle, _ = _normalised(claim.quote)
    spans = []
    at = normal.find(needle) if needle else -1
    while at != -1:
        spans.append(_span(positions, at, at + len(needle), text))
        at = normal.find(needle, at + 1)
    if spans:
        start, end = _closest(spans, claim, text)
        return Anchor(claim.id, "moved", start, end)
    listed = _in_list(claim, text, pieces if pieces is not None else units(text))
    if listed is not None:
        return Anchor(claim.id, "moved", *listed)
    if normal and needle:
        found = fuzz.partial_ratio_alignment(needle, normal, score_cutoff=CHANGED_AT_LEAST)
        if found is not None and found.dest_end > found.dest_start:
            start, end = _span(positions, found.dest_start, found.dest_end, text)
            start, end = _whole_units(start, end, pieces if pieces is not None else units(text))
            return Anchor(claim.id, "changed", start, end, round(found.score, 1))
    return Anchor(claim.id, "gone", None, None)


def _in_list(claim: Claim, text: str, pieces: list[Unit]) -> tuple[int, int] | None:
    """Where a quote made of a lead sentence and list items now stands: its lead and its own item."""
    parts = [p for p in _MARKER.split(fold(claim.quote)) if p.strip()]
    if len(parts) < 2:
        return None
    lead_text, item_text = fold(parts[0]), fold(parts[-1])
    for item in pieces:
        # The quote may stop inside its own item ("..., such as vasodilator drugs, sedatives").
        if item.kind != "item" or item.lead is None or not fold(item.body).startswith(item_text):
            continue
        lead = pieces[item.lead]
        joined = fold(text[lead.start : pieces[item.index - 1].end]) if item.index else ""
        if fold(lead.text) == lead_text or joined.startswith(lead_text):
            found = locate(text[item.body_start : item.end], item_text)
            return lead.start, item.body_start + found[0].end if found else item.end
    return None


def _whole_units(start: int, end: int, pieces: list[Unit]) -> tuple[int, int]:
    """Widen a fuzzy match to the sentences and items it overlaps."""
    overlapping = [u for u in pieces if u.start < end and start < u.end]
    if not overlapping:
        return start, end
    return min(u.start for u in overlapping), max(u.end for u in overlapping)


def update_file(page: Path, root: Path, source: str) -> Draft:
    """Re-anchor every claim of ``source`` in ``page``, a new version of its page.

    The draft also proposes the candidates the new version adds.

    Raises
    ------
    CurateError
        For a page that cannot be read, or a source the graph does not have.

    """
    text = read_page(page)
    ontology = load_ontology(root / "ontology" / "rls.ttl")
    curation = load_curation(root)
    known = next((s for s in curation.sources if s.id == source), None)
    if known is None:
        raise CurateError(f"unknown source '{source}'; known: {', '.join(s.id for s in curation.sources)}")
    pieces = units(text)
    claims = [c for c in curation.claims if c.source == source]
    anchors = [reanchor(claim, text, pieces) for claim in claims]
    standing = {(c.subject, c.predicate, c.object) for c, a in zip(claims, anchors, strict=True) if a.fate != "gone"}
    record: dict[str, Any] = {
        "id": source,
        "update_of": source,
        "page": str(page.resolve()),
        "sha256": hashlib.sha256(page.read_bytes()).hexdigest(),
        "short_name": known.short_name,
    }
    draft = propose(text, record, curation, ontology)
    keep = [i for i, c in enumerate(draft.candidates) if c.triple not in standing]
    draft.candidates = [draft.candidates[i] for i in keep]
    draft.ids = [draft.ids[i] for i in keep]
    used = {c.subject.text.lower() for c in draft.candidates} | {c.object.text.lower() for c in draft.candidates}
    draft.new_entities = [e for e in draft.new_entities if e.text.lower() in used]
    draft.claims = [anchor.to_dict(text) for anchor in anchors]
    return draft
