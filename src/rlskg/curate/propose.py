"""Proposing a page's claims: read, ground, compare, and list what was not understood."""

from __future__ import annotations

import re
from typing import Any

from rlskg.curate.compare import compare
from rlskg.curate.draft import Draft, NewEntity, claim_id, entity_id
from rlskg.curate.extract import Candidate, Mention, Reader
from rlskg.curate.grounding import EntityIndex, content_words
from rlskg.curation import Curation
from rlskg.ontology import Ontology

__all__ = ["CAUSAL_LANGUAGE", "propose"]

#: Words of cause, risk, trigger, worsening, mechanism, association, refutation and consequence:
#: a sentence with one of them that gives no candidate is reported as uncovered.
CAUSAL_LANGUAGE = re.compile(
    r"\b(caus\w*|trigger\w*|risk\w*|worsen\w*|worse|linked|link|related|associated|affect\w*|contribut\w*|"
    r"leads? to|result\w* in|more likely|run\w* in famil\w*|genetic\w*|inherit\w*|get better|go away|"
    r"thought to|rejected|steals|can mean|help\w*|uses? \w+ to make|works in|used to treat|not known|"
    r"not clear|suggest\w*|withdrawal|due to|because)\b",
    re.IGNORECASE,
)

#: Words that hint at an entity class, tried in order; the first class the ontology defines wins.
_TYPE_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"medicine|drug|medication|blocker|\w+ants?$|\w+ics?$|\w+ines?$|pill", ("DrugClass",)),
    (r"sleep|fatigue|tired|insomnia|daytime", ("Consequence",)),
    (r"gene|genetic|family|inherit|hered", ("HereditaryFactor",)),
    (r"pregnan|menopause|age\b|aging|ageing", ("PhysiologicalState",)),
    (r"dopamine|iron|ferritin|magnesium|vitamin|folate|chemical", ("Chemical",)),
    (r"coffee|caffeine|alcohol|tobacco|smok|nicotine|tea|cola|chocolate", ("Substance",)),
    (r"damage|dysfunction|abnormalit|signal|process|pathway", ("Mechanism",)),
)


def _entity_type(text: str, ontology: Ontology) -> str:
    lowered = text.lower()
    for pattern, classes in _TYPE_HINTS:
        if re.search(pattern, lowered):
            for cls in classes:
                if cls in ontology.entity_classes:
                    return cls
    return "Condition" if "Condition" in ontology.entity_classes else sorted(ontology.entity_classes)[0]


def propose(text: str, source: dict[str, Any], curation: Curation, ontology: Ontology) -> Draft:
    """The draft for page ``text`` as ``source``, read against the entities and claims of ``curation``.

    ``source`` is a dict with at least ``id``.
    The claims of ``source['id']`` itself, if the graph has any, are left out of the comparison.
    """
    reader = Reader(text, EntityIndex(curation.entities), ontology)
    candidates = reader.read()
    compare(candidates, curation.claims, ontology, source["id"])

    taken_entities = {e.id for e in curation.entities} | set(ontology.terms)
    new: dict[str, NewEntity] = {}
    for candidate in candidates:
        for mention in (candidate.subject, candidate.object):
            if mention.id is None and mention.text.lower() not in new:
                label = _label(mention)
                new[mention.text.lower()] = NewEntity(
                    entity_id(label, taken_entities), mention.text, label, _entity_type(label, ontology)
                )
    taken_claims = {c.id for c in curation.claims}
    ids = [claim_id(source["id"], c, taken_claims) for c in candidates]
    spans = [(c.start, c.end) for c in candidates]
    uncovered = [
        (u.start, u.end)
        for u in reader.units
        if CAUSAL_LANGUAGE.search(u.text) and not any(s < u.end and u.start < e for s, e in spans)
    ]
    return Draft(dict(source), text, candidates, list(new.values()), uncovered, ids)


def _label(mention: Mention) -> str:
    """A label for a new entity: the page's words without a leading article, lower case unless an acronym."""
    words = re.sub(r"^(?:the|a|an|some|certain|many|several|other)\s+", "", mention.text, flags=re.I)
    if not content_words(words):
        return mention.text
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words.split())


def candidate_triples(candidates: list[Candidate]) -> set[tuple[str | None, str, str | None]]:
    """The (subject, predicate, object) of each candidate."""
    return {c.triple for c in candidates}
