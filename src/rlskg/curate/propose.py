"""Proposing a page's claims: read, ground, compare, and list what was not understood."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from pathlib import Path
from typing import Any

from rlskg.curate.candidates import Candidate, label_of
from rlskg.curate.compare import compare
from rlskg.curate.cues import CueTable, load_cues
from rlskg.curate.draft import Draft, NewEntity, claim_id, entity_id
from rlskg.curate.extract import Reader
from rlskg.curate.grounding import EntityIndex, Term, load_vocabulary
from rlskg.curate.page import CurateError, read_page
from rlskg.model.coverage import CAUSAL_LANGUAGE as COVERAGE_WORDS
from rlskg.model.curation import Curation, load_curation
from rlskg.model.ontology import Ontology, load_ontology
from rlskg.model.validate import CURIE_BASES

__all__ = ["CAUSAL_LANGUAGE", "curate_file", "mark_parts", "propose"]

#: Words of cause, risk, trigger, worsening, mechanism, association, refutation and consequence: a
#: sentence with one that gives no candidate is reported as uncovered. They are the coverage check's
#: words (:data:`rlskg.model.coverage.CAUSAL_LANGUAGE`, one list for both) and the trigger verbs the
#: cue table has that the check lacks ("sets off", "bringing on"): the check's words decide which
#: sentences graph/coverage.yaml records for pages whose texts are not kept, so a word added there
#: changes that record, while the assistant only reports and may look wider.
CAUSAL_LANGUAGE = re.compile(rf"{COVERAGE_WORDS.pattern}|\b(?:set\w* off|bring\w* on)\b", re.IGNORECASE)

#: Words that hint at an entity class, tried in order; the first class the ontology defines wins.
_TYPE_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        r"deficien|disease|disorder|syndrome|failure|an(?:a)?emia|neuropathy|infection|veins?\b|arthritis|"
        r"\w+itis\b|\w+osis\b|cancer|injury|surgery|obes",
        ("Condition",),
    ),
    (
        r"damage|dysfunction|abnormalit|signal|process|pathway|metabolism|function|imbalance|disruption|"
        r"changes?\b|levels?\b|transmission|communication|inability|problems? with",
        ("Mechanism",),
    ),
    (r"medicine|drug|medication|blocker|inhibitor|antagonist|agonist|\w+ants?$|\w+ics?$|pill", ("DrugClass",)),
    (r"sleep|fatigue|tired|insomnia|daytime", ("Consequence",)),
    (r"gene|genetic|family|inherit|hered", ("HereditaryFactor",)),
    (r"pregnan|menopause|age\b|aging|ageing", ("PhysiologicalState",)),
    (r"dopamine|iron|ferritin|magnesium|vitamin|folate|chemical", ("Chemical",)),
    (r"coffee|caffeine|alcohol|tobacco|smok|nicotine|tea|cola|chocolate", ("Substance",)),
)


def _entity_type(text: str, ontology: Ontology) -> str:
    lowered = text.lower()
    for pattern, classes in _TYPE_HINTS:
        if re.search(pattern, lowered):
            for cls in classes:
                if cls in ontology.entity_classes:
                    return cls
    return "Condition" if "Condition" in ontology.entity_classes else sorted(ontology.entity_classes)[0]


def propose(
    text: str,
    source: dict[str, Any],
    curation: Curation,
    ontology: Ontology,
    *,
    cues: CueTable | None = None,
    vocabulary: list[Term] | None = None,
) -> Draft:
    """The draft for page ``text`` as ``source``, read against the entities and claims of ``curation``.

    ``source`` is a dict with at least ``id``. The cue table and the vocabulary are the checkout's
    (``ontology/cues.yaml``, ``graph/vocabulary.yaml``) unless given.
    The claims of ``source['id']`` itself, if the graph has any, are left out of the comparison.
    """
    vocabulary = load_vocabulary() if vocabulary is None else vocabulary
    objects = Counter(c.object for c in curation.claims)
    hub = objects.most_common(1)[0][0] if objects else None
    reader = Reader(text, EntityIndex(curation.entities, vocabulary), ontology, cues or load_cues(), hub)
    candidates = reader.read()
    compare(candidates, curation.claims, ontology, source["id"])

    new = _new_entities(candidates, curation, ontology, {t.label: t for t in vocabulary})
    taken_claims = {c.id for c in curation.claims}
    ids = [claim_id(source["id"], c, taken_claims) for c in candidates]
    spans = [(c.start, c.end) for c in candidates]
    uncovered = [
        (u.start, u.end)
        for u in reader.units
        if CAUSAL_LANGUAGE.search(u.text) and not any(s < u.end and u.start < e for s, e in spans)
    ]
    return Draft(dict(source), text, candidates, new, uncovered, ids)


def _new_entities(
    candidates: list[Candidate], curation: Curation, ontology: Ontology, terms: dict[str, Term]
) -> list[NewEntity]:
    """The entities the candidates name that the graph lacks: the vocabulary's label, type and ids where it has them."""
    taken = {e.id for e in curation.entities} | set(ontology.terms)
    new: dict[str, NewEntity] = {}
    # What a page says of a thing tells its type better than its words: members and treatments are drugs.
    drugs = {label_of(c.subject) for c in candidates if c.kind in ("membership", "context")}
    for candidate in candidates:
        for mention in (candidate.subject, candidate.object):
            label = label_of(mention)
            if mention.id is not None or label in new:
                continue
            term = terms.get(mention.term or "") if mention.how == "vocabulary" else None
            if term is not None and term.type in ontology.entity_classes:
                # only identifiers the graph can write as IRIs
                exact, close = (
                    tuple(i for i in ids if i.split(":")[0] in CURIE_BASES) for ids in (term.exact, term.close)
                )
                ident = entity_id(label, taken)
                synonyms = tuple(n for n in (term.label, *term.synonyms) if n.lower() != label.lower())
                new[label] = NewEntity(ident, mention.text, label, term.type, synonyms, exact, close)
                continue
            kind = _entity_type(label, ontology)
            if label in drugs:
                plural = label.endswith("s") and not label.endswith("ss")
                kind = next((t for t in ("DrugClass" if plural else "Drug",) if t in ontology.entity_classes), kind)
            new[label] = NewEntity(entity_id(label, taken), mention.text, label, kind)
    return list(new.values())


def curate_file(
    page: Path,
    root: Path,
    source: str,
    *,
    title: str | None = None,
    publisher: str | None = None,
    date: str | None = None,
    short_name: str | None = None,
    parts: list[str] | None = None,
    provenance: dict[str, str | None] | None = None,
) -> Draft:
    """The draft for the page file ``page`` as the new source ``source`` of the project at ``root``.

    ``parts`` mark stretches of the page that are not its main text, as ``PART:START-END``.
    ``publisher`` is the id, name or short name of a publisher of graph/publishers.yaml, or the name of
    a new one; ``provenance`` may give the page's ``url``, ``licence``, ``retrieved`` (YYYY-MM-DD) and,
    for a new publisher, its ``publisher_type``.

    Raises
    ------
    CurateError
        For a page that is empty, binary or not UTF-8, a source id that exists, or a bad option.

    """
    text = read_page(page)
    ontology = load_ontology(root / "ontology" / "rls.ttl")
    curation = load_curation(root)
    if any(s.id == source for s in curation.sources):
        raise CurateError(f"source '{source}' exists already; use --update-of {source} for a new version of its page")
    if not re.fullmatch(r"[a-z][a-z0-9-]*", source):
        raise CurateError(f"source id '{source}' must be lower-case letters, digits and '-'")
    given = provenance or {}
    licence = given.get("licence") or "copyright"
    if licence not in ontology.licences:
        raise CurateError(f"--licence is one of {', '.join(sorted(ontology.licences))}, not '{licence}'")
    publisher_id, new_publisher = _publisher(publisher, given.get("publisher_type"), curation, ontology)
    record: dict[str, Any] = {
        "id": source,
        "page": str(page.resolve()),
        "sha256": hashlib.sha256(page.read_bytes()).hexdigest(),
        "short_name": short_name or source.upper(),
        "title": title or _title(text),
        "publisher": publisher_id,
        "date": _day("--date", date),
        "url": given.get("url"),
        "licence": licence,
        "retrieved": _day("--retrieved", given.get("retrieved")),
    }
    draft = propose(text, record, curation, ontology)
    draft.new_publisher = new_publisher
    mark_parts(draft, parts or [], ontology)
    return draft


def _day(option: str, value: str | None) -> dt.date | None:
    """The date an option gives, YYYY-MM-DD."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CurateError(f"{option} must be YYYY-MM-DD, not '{value}'") from None


def _publisher(
    name: str | None, kind: str | None, curation: Curation, ontology: Ontology
) -> tuple[str | None, dict[str, Any] | None]:
    """The id of the publisher ``name`` names (id, name or short name), or a new publisher's record."""
    if name is None:
        return None, None
    wanted = " ".join(name.split()).casefold()
    for known in curation.publishers:
        if wanted in {known.id.casefold(), known.name.casefold(), known.short_name.casefold()}:
            return known.id, None
    if kind is not None and kind not in ontology.publisher_types:
        raise CurateError(f"--publisher-type is one of {', '.join(sorted(ontology.publisher_types))}, not '{kind}'")
    base = re.sub(r"[^a-z0-9]+", "-", wanted).strip("-") or "publisher"
    taken = {p.id for p in curation.publishers}
    ident = next(
        f"{base}-{n}" if n else base for n in range(len(taken) + 1) if (f"{base}-{n}" if n else base) not in taken
    )
    return ident, {"id": ident, "name": " ".join(name.split()), "short_name": " ".join(name.split()), "type": kind}


def mark_parts(draft: Draft, parts: list[str], ontology: Ontology) -> None:
    """Give the candidates whose quote lies in a marked stretch (``PART:START-END``) that page part."""
    for mark in parts:
        m = re.fullmatch(r"(\w+):(\d+)-(\d+)", mark)
        if not m:
            raise CurateError(f"--part takes PART:START-END, not '{mark}'")
        part, start, end = m.group(1), int(m.group(2)), int(m.group(3))
        if part not in ontology.page_parts:
            raise CurateError(f"unknown page part '{part}', expected one of {sorted(ontology.page_parts)}")
        for candidate in draft.candidates:
            if start <= candidate.start and candidate.end <= end:
                candidate.part = part


def _title(text: str) -> str | None:
    """The page's first heading-like line that names what it is about."""
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if 10 <= len(line) <= 120 and not line.endswith("."):
            return line
    return None
