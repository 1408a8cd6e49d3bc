"""Leave-one-out: the assistant on each seed page, with that page's claims taken out of the graph,
against the claims curated by hand.

Triples are compared as (subject, relation kind, object, refuted or not), the kind read from the
ontology, so that a renamed relation of the same kind still counts; a symmetric relation counts
either way round. Grounding is judged on the mentions of candidates that stand on the same
sentences as a hand-curated claim of the same kind: right when the entity is the curator's.

Notes
-----
The cues and patterns were written while reading these two pages, so these figures measure how
well the assistant reproduces the curation of its development set; `test_curate.py` runs it on a
page it was not developed on.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import OWL, RDF

from rlskg.build import BuildResult
from rlskg.curate import propose
from rlskg.ontology import RLS, Ontology

RECALL_FLOOR = 0.8
PRECISION_FLOOR = 0.7
GROUNDING_FLOOR = 0.9

Key = tuple[str | None, str, str | None, bool]


def _key(ontology: Ontology, subject: str | None, predicate: str, obj: str | None, certainty: str) -> Key:
    kind = ontology.relations[predicate].kind
    if (RLS[predicate], RDF.type, OWL.SymmetricProperty) in ontology.graph:
        subject, obj = sorted((subject or "", obj or ""))
    return (subject, kind, obj, certainty == "refuted")


def leave_one_out(result: BuildResult, sources: Path, source_id: str) -> dict[str, float]:
    """Recall, precision and grounding of `curate` on one seed page, its own claims left out."""
    curation = dataclasses.replace(result.curation, claims=[c for c in result.curation.claims if c.source != source_id])
    ontology = result.ontology
    text = (sources / result.curation.source(source_id).file).read_text(encoding="utf-8")
    draft = propose(text, {"id": source_id}, curation, ontology)
    gold_claims = [c for c in result.curation.claims if c.source == source_id]
    gold = {_key(ontology, c.subject, c.predicate, c.object, c.certainty) for c in gold_claims}
    found = {_key(ontology, c.subject.id, c.predicate, c.object.id, c.certainty) for c in draft.candidates}
    judged = right = 0
    for candidate in draft.candidates:
        kind = candidate.kind
        overlapping = [
            g
            for g in gold_claims
            if ontology.relations[g.predicate].kind == kind and g.start < candidate.end and candidate.start < g.end
        ]
        if not overlapping:
            continue
        for role in ("subject", "object"):
            mention = getattr(candidate, role)
            if mention.how == "status":
                continue
            judged += 1
            right += any(
                mention.id in ({g.subject, g.object} if kind == "association" else {getattr(g, role)})
                for g in overlapping
            )
    return {
        "claims": len(gold_claims),
        "triples": len(gold),
        "candidates": len(draft.candidates),
        "recall": len(gold & found) / len(gold),
        "precision": len(gold & found) / len(found) if found else 0.0,
        "grounding": right / judged if judged else 0.0,
        "mentions": judged,
    }


@pytest.mark.parametrize("source_id", ["nhlbi", "webmd"])
def test_leave_one_out_meets_the_floors(result: BuildResult, sources: Path, source_id: str) -> None:
    figures = leave_one_out(result, sources, source_id)
    print(
        f"\n{source_id}: {figures['claims']} claims ({figures['triples']} triples), "
        f"{figures['candidates']} candidates; "
        f"recall {figures['recall']:.2f}, precision {figures['precision']:.2f}, "
        f"grounding {figures['grounding']:.2f} of {figures['mentions']} mentions"
    )
    assert figures["recall"] >= RECALL_FLOOR
    assert figures["precision"] >= PRECISION_FLOOR
    assert figures["grounding"] >= GROUNDING_FLOOR


def test_the_evaluation_can_fail(result: BuildResult, sources: Path) -> None:
    # Judged against the other page's claims, the same reading must fall far below the floors.
    swapped = dataclasses.replace(
        result.curation,
        claims=[
            dataclasses.replace(c, source="nhlbi" if c.source == "webmd" else "webmd") for c in result.curation.claims
        ],
    )
    figures = leave_one_out(dataclasses.replace(result, curation=swapped), sources, "webmd")
    assert figures["recall"] < RECALL_FLOOR and figures["precision"] < PRECISION_FLOOR
