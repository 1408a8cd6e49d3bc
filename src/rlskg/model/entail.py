"""What the engine concludes by rule: a drug shares what a page says of its class.

A conclusion is kept as an entailed claim, with its rule and its premises, and never asserted as a
plain triple: a page that says "some antidepressants may trigger RLS" has said nothing of paroxetine
in particular, so paroxetine inherits the claim only as said of some of its class.
"""

from __future__ import annotations

from dataclasses import dataclass

from rlskg.model.curation import BackgroundClaim, Claim, Curation
from rlskg.model.ontology import Ontology

__all__ = ["Entailment", "entailments", "names_member"]

#: Relation kinds a member does not inherit from its class: what the class is, contains or treats.
_NOT_INHERITED = {"membership", "aspect", "context", "ingredient", "status"}


@dataclass(frozen=True)
class Entailment:
    """A member's share of a claim about its class, by the rule rls:MemberSharesClassClaim."""

    id: str
    subject: str
    predicate: str
    object: str
    membership: str
    premise: str
    certainty: str
    quantifier: str | None


def names_member(class_claim: Claim, membership: Claim | BackgroundClaim) -> bool:
    """Whether the class claim's own quote names the member: the page then says it of the member too.

    WebMD's "Antidepressant drugs (including amitriptyline, Paxil)" is both the class's link to RLS
    and the naming of Paxil as one of them; its "Withdrawal from ... antidepressants (for example,
    Tofranil)" names Tofranil, but not in the earlier item.
    """
    return (
        isinstance(membership, Claim)
        and membership.source == class_claim.source
        and class_claim.start <= membership.start
        and membership.end <= class_claim.end
    )


def entailments(curation: Curation, ontology: Ontology) -> list[Entailment]:
    """Every member's share of every claim about its class that its page does not already name it in."""
    rank = ontology.certainty_rank
    every: list[Claim | BackgroundClaim] = [*curation.claims, *curation.background]
    members = [
        c
        for c in every
        if ontology.relations[c.predicate].kind == "membership" and getattr(c, "certainty", "stated") != "refuted"
    ]
    about: dict[str, list[Claim]] = {}
    for claim in curation.claims:
        about.setdefault(claim.subject, []).append(claim)
    found: list[Entailment] = []
    for membership in members:
        for claim in about.get(membership.object, []):
            relation = ontology.relations.get(claim.predicate)
            if (
                claim.subject != membership.object
                or relation is None
                or relation.kind in _NOT_INHERITED
                or claim.certainty == "refuted"
                or names_member(claim, membership)
            ):
                continue
            certainty = min(claim.certainty, getattr(membership, "certainty", "stated"), key=rank.__getitem__)
            found.append(
                Entailment(
                    id=f"entailed-{membership.subject.lower()}-{claim.id}",
                    subject=membership.subject,
                    predicate=claim.predicate,
                    object=claim.object,
                    membership=membership.id,
                    premise=claim.id,
                    certainty=certainty,
                    quantifier=claim.quantifier,
                )
            )
    return sorted(found, key=lambda e: e.id)
