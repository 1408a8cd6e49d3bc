"""A draft: what `rlskg curate` proposes for a page, as JSON for programs and YAML for a curator.

The YAML draft holds the candidates in the project's claim format (plus what a curator needs to
judge them: kind, grounding, agreement), the new entities it proposes and the uncovered sentences.
`rlskg accept` reads it back.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rlskg.curate.candidates import Candidate, Mention, label_of
from rlskg.curate.page import language_note
from rlskg.model.sources import context

__all__ = ["Draft", "NewEntity", "claim_id", "entity_id"]


@dataclass(frozen=True)
class NewEntity:
    """An entity the page names that the graph does not have yet; from the vocabulary, with its ids."""

    id: str
    text: str
    label: str
    type: str
    synonyms: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    close: tuple[str, ...] = ()


@dataclass
class Draft:
    """Everything proposed for one page."""

    source: dict[str, Any]
    text: str
    candidates: list[Candidate]
    new_entities: list[NewEntity]
    uncovered: list[tuple[int, int]]
    ids: list[str] = field(default_factory=list)
    claims: list[dict[str, Any]] | None = None  # the fates of an existing source's claims (--update-of)
    new_publisher: dict[str, Any] | None = None  # a publisher graph/publishers.yaml does not have yet

    def _mention(self, mention: Mention) -> dict[str, Any]:
        new = self._new_id(mention)
        return {
            "text": mention.text,
            "id": mention.id,
            "proposed_id": new,
            "match": mention.how,
            "score": mention.score,
            "start": mention.start,
            "end": mention.end,
        }

    def _new_id(self, mention: Mention) -> str | None:
        if mention.id is not None:
            return None
        label = label_of(mention)
        return next((e.id for e in self.new_entities if e.label == label), None)

    def _quote(self, candidate: Candidate) -> tuple[str, str, str]:
        prefix, suffix = context(self.text, candidate.start, candidate.end)
        return self.text[candidate.start : candidate.end], prefix, suffix

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of `rlskg curate --format json`."""
        candidates = []
        for ident, c in zip(self.ids, self.candidates, strict=True):
            quote, prefix, suffix = self._quote(c)
            candidates.append(
                {
                    "id": ident,
                    "subject": self._mention(c.subject),
                    "predicate": c.predicate,
                    "kind": c.kind,
                    "object": self._mention(c.object),
                    "certainty": c.certainty,
                    "negated": c.negated,
                    "cue": c.cue,
                    "quote": quote,
                    "start": c.start,
                    "end": c.end,
                    "prefix": prefix,
                    "suffix": suffix,
                    "part": c.part,
                    "quantifier": c.quantifier,
                    "subject_text": c.subject.text or None,
                    "object_text": c.object.text or None,
                    "agrees_with": c.agrees_with,
                    "contradicts": c.contradicts,
                    "tension_with": c.tension_with,
                    "section": c.section,
                }
            )
        document: dict[str, Any] = {
            "source": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.source.items()},
            "new_publisher": self.new_publisher,
            "candidates": candidates,
            "new_entities": [
                {
                    "text": e.text,
                    "label": e.label,
                    "type": e.type,
                    "id": e.id,
                    "exact": list(e.exact),
                    "close": list(e.close),
                }
                for e in self.new_entities
            ],
            "uncovered": [{"text": " ".join(self.text[s:e].split()), "start": s, "end": e} for s, e in self.uncovered],
        }
        if self.claims is not None:
            document["claims"] = self.claims
        return document

    def summary(self) -> str:
        """One line: how many candidates, new entities and uncovered sentences."""
        refuted = sum(1 for c in self.candidates if c.certainty == "refuted")
        text = (
            f"{len(self.candidates)} candidate claims ({refuted} refuted), {len(self.new_entities)} new entities, "
            f"{len(self.uncovered)} uncovered sentences with causal language"
        )
        if not self.candidates:
            text += "; " + (
                language_note(self.text) or "the page says no relation in words of the cue table (ontology/cues.yaml)"
            )
        if self.claims is not None:
            fates = Counter(c["fate"] for c in self.claims)
            text = ", ".join(f"{fates[f]} {f}" for f in ("unchanged", "moved", "changed", "gone")) + "; new: " + text
        return text

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False)

    def _claim(self, ident: str, c: Candidate) -> dict[str, Any]:
        """One candidate in the claim format, with what a curator needs to judge it."""
        quote, prefix, suffix = self._quote(c)
        claim: dict[str, Any] = {
            "id": ident,
            "subject": c.subject.id or self._new_id(c.subject),
            "predicate": c.predicate,
            "object": c.object.id or self._new_id(c.object),
            "certainty": c.certainty,
            "cue": c.cue,
            "part": c.part,
            "quote": quote,
            "start": c.start,
            "end": c.end,
            "prefix": prefix,
            "suffix": suffix,
        }
        if c.quantifier:
            claim["quantifier"] = c.quantifier
        if c.subject.how != "status" and c.subject.text:
            claim["subject_text"] = c.subject.text
        if c.object.how != "status" and c.object.text:
            claim["object_text"] = c.object.text
        claim["agrees_with"] = c.agrees_with
        claim["contradicts"] = c.contradicts
        claim["tension_with"] = c.tension_with
        claim["review"] = {
            "kind": c.kind,
            "negated": c.negated,
            "subject": self._grounding(c.subject),
            "object": self._grounding(c.object),
        }
        return claim

    def _grounding(self, mention: Mention) -> str:
        """How a mention was grounded, in words: "exact 1.00", "NEW chronic kidney disease (vocabulary ...)"."""
        if mention.id is not None:
            return f"{mention.how} {mention.score:.2f}"
        entity = next((e for e in self.new_entities if e.id == self._new_id(mention)), None)
        if entity is None:
            return "new"
        ids = [*entity.exact, *entity.close]
        where = f"vocabulary, {', '.join(ids)}" if mention.how == "vocabulary" and ids else mention.how
        return f"NEW {entity.id} '{entity.label}' ({where})"

    def _sections(self) -> list[tuple[str | None, list[dict[str, Any]]]]:
        """The candidates in page order, grouped by the section of the page they stand in."""
        groups: dict[str | None, list[dict[str, Any]]] = {}
        for ident, candidate in zip(self.ids, self.candidates, strict=True):  # in reading order
            groups.setdefault(candidate.section, []).append(self._claim(ident, candidate))
        return list(groups.items())

    def to_yaml(self) -> str:
        """The draft a curator reviews and `rlskg accept` reads: candidates grouped by the page's sections."""
        head: dict[str, Any] = {"source": dict(self.source)}
        if self.new_publisher is not None:
            head["new_publisher"] = dict(self.new_publisher)
        head |= {
            "curated_on": dt.date.today(),
            "new_entities": [self._new_entity(e) for e in self.new_entities],
        }
        tail: dict[str, Any] = {
            "uncovered": [{"text": " ".join(self.text[s:e].split()), "start": s, "end": e} for s, e in self.uncovered]
        }
        if self.claims is not None:
            tail["claims"] = self.claims
        header = (
            "# A draft of `rlskg curate`: candidate claims for review, grouped by the page's sections. Delete\n"
            "# what is wrong, correct ids, predicates, certainty, cue or part, fill the source's title, publisher\n"
            "# and date (null, with date_statement 'none stated', for an undated page), its url, licence and the\n"
            "# day it was retrieved, and a new publisher's type; then run `rlskg accept` on this file. 'review'\n"
            "# and 'agrees_with' are for the curator and are not kept; 'contradicts' is recorded as a\n"
            "# disagreement. A NEW entity is added to graph/entities.yaml on accept, with the vocabulary's\n"
            "# verified ids where it has them. Offsets: code points, end exclusive.\n"
        )
        body = [header, _dump(head)]
        sections = self._sections()
        body.append("candidates:\n" if sections else "candidates: []\n")
        for section, claims in sections:
            rule = "-" * max(4, 60 - len(section or ""))
            body.append(f"# {rule} {section or '(before the first heading)'}\n")
            body.append(_dump(claims))
        body.append(_dump(tail))
        return "".join(body)

    def _new_entity(self, e: NewEntity) -> dict[str, Any]:
        entity: dict[str, Any] = {"id": e.id, "label": e.label, "type": e.type}
        if e.synonyms:
            entity["synonyms"] = list(e.synonyms)
        entity["definition"] = f"Named by the page {self.source.get('short_name') or self.source['id']} as '{e.text}'."
        if e.exact:
            entity["exact"] = list(e.exact)
        if e.close:
            entity["close"] = list(e.close)
        return entity


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _slug(text: str) -> str:
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", text)
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")


def claim_id(source: str, candidate: Candidate, taken: set[str]) -> str:
    """A readable claim id, unique among ``taken`` (which it joins).

    Examples
    --------
    >>> m = Mention("caffeine", 0, 8, "Caffeine", "exact", 1.0)
    >>> r = Mention("RLS", 20, 23, "RLS", "exact", 1.0)
    >>> c = Candidate(m, "worsens", "causal", r, "stated", False, "can make worse", 0, 30)
    >>> taken = set(); claim_id("nhs", c, taken), claim_id("nhs", c, taken)
    ('nhs-caffeine-worsens-rls', 'nhs-caffeine-worsens-rls-2')

    """
    parts = [
        source,
        _slug(candidate.subject.id or label_of(candidate.subject)),
        _slug(candidate.predicate),
        _slug(candidate.object.id or label_of(candidate.object)),
    ]
    if candidate.certainty == "refuted":
        parts.append("refuted")
    base = "-".join(p for p in parts if p)
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    taken.add(ident)
    return ident


def entity_id(label: str, taken: set[str]) -> str:
    """An entity id in the house style (CamelCase), unique among ``taken`` (which it joins).

    Examples
    --------
    >>> entity_id("magnesium deficiency", {"MagnesiumDeficiency"})
    'MagnesiumDeficiency2'

    """
    words = re.findall(r"[A-Za-z0-9]+", label)
    base = "".join(w if w.isupper() else w[:1].upper() + w[1:] for w in words) or "Entity"
    if base[0].isdigit():
        base = "E" + base
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}{n}"
    taken.add(ident)
    return ident


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so a failure leaves no half-written file."""
    import os  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, staging = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(staging, 0o644)
        os.replace(staging, path)
    finally:
        Path(staging).unlink(missing_ok=True)
