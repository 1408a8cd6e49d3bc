"""Agreement and conflict of candidates with the claims the graph already holds."""

from __future__ import annotations

from rlskg.curate.candidates import Candidate
from rlskg.model.curation import Claim
from rlskg.model.ontology import Ontology

__all__ = ["compare"]


def compare(candidates: list[Candidate], claims: list[Claim], ontology: Ontology, source: str) -> None:
    """Fill each candidate's ``agrees_with`` and ``contradicts`` from the claims of other sources.

    A claim agrees when it links the same subject and object by a relation of the same kind with
    the same polarity; it contradicts when it is the same relation and one of the two is refuted
    (a negated cause against a stated one); it is in tension when the kind is the same, the
    relation another and one is refuted ("don't cause" against "can trigger"). Symmetric
    relations match either way round.
    """
    kinds = {name: relation.kind for name, relation in ontology.relations.items()}
    for candidate in candidates:
        subject, obj = candidate.subject.id, candidate.object.id
        if subject is None or obj is None:
            continue
        for claim in claims:
            if claim.source == source or kinds.get(claim.predicate) != candidate.kind:
                continue
            same = (claim.subject, claim.object) == (subject, obj)
            swapped = (claim.subject, claim.object) == (obj, subject) and candidate.kind == "association"
            if not (same or swapped):
                continue
            if (claim.certainty == "refuted") == (candidate.certainty == "refuted"):
                candidate.agrees_with.append(claim.id)
            elif claim.predicate == candidate.predicate:
                candidate.contradicts.append(claim.id)
            else:
                candidate.tension_with.append(claim.id)
