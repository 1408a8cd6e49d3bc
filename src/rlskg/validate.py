"""Checks of what the curated records mean, each problem with file and line.

The checks: ids unique; every type, relation, certainty and page part defined by the ontology;
every subject and object a known entity; standard identifiers well formed; disagreements between
real claims of different sources; and, when the source texts are at hand, every source's sha256
and every quote, prefix, suffix and excluded sentence found verbatim at its place.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rlskg.curation import Claim, Curation, Where
from rlskg.errors import Problem
from rlskg.ontology import Ontology
from rlskg.sources import context, fold, locate, sentences, sha256_of

__all__ = ["CURIE_BASES", "SourceCheck", "check_curation", "check_sources"]

#: How the standard identifiers of graph/entities.yaml expand to IRIs.
CURIE_BASES = {
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "DOID": "http://purl.obolibrary.org/obo/DOID_",
    "HP": "http://purl.obolibrary.org/obo/HP_",
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
    "NCIT": "http://purl.obolibrary.org/obo/NCIT_",
    "MESH": "http://id.nlm.nih.gov/mesh/",
    "UMLS": "https://identifiers.org/umls:",
    "DRUGBANK": "https://identifiers.org/drugbank:",
    "RO": "http://purl.obolibrary.org/obo/RO_",
}
_CURIE = re.compile(r"^(?P<prefix>[A-Z]+):(?P<local>[A-Za-z0-9]+)$")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def _suggest(name: str, known: object) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)  # type: ignore[call-overload]
    return f" (did you mean '{close[0]}'?)" if close else ""


def _in_order(surface: str, quote: str) -> bool:
    """Whether the surface words stand in the quote; ' ... ' marks words left out between parts.

    Examples
    --------
    >>> _in_order("Disease ... in the nerves", "Disease in the vessels or in the nerves")
    True
    >>> _in_order("nerves ... Disease", "Disease in the vessels or in the nerves")
    False

    """
    text, at = fold(quote).lower(), 0
    for part in fold(surface).lower().split(" ... "):
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def check_curation(curation: Curation, ontology: Ontology) -> list[Problem]:
    """Every problem of meaning in the curated records, without the source texts."""
    problems: list[Problem] = []
    add = problems.append

    def unique(kind: str, items: list[tuple[str, Where]]) -> None:
        first: dict[str, Where] = {}
        for ident, where in items:
            if not _ID.match(ident):
                add(where.problem(f"{kind} id '{ident}' must be letters, digits, '-' or '_'"))
            if ident in first:
                add(where.problem(f"duplicate {kind} id '{ident}' (first at line {first[ident].line})"))
            else:
                first[ident] = where

    unique("source", [(s.id, s.where) for s in curation.sources])
    unique("entity", [(e.id, e.where) for e in curation.entities])
    unique("claim", [(c.id, c.where) for c in curation.claims] + [(b.id, b.where) for b in curation.background])
    unique("disagreement", [(d.id, d.where) for d in curation.disagreements])
    unique("tension", [(t.id, t.where) for t in curation.tensions])
    unique("ontology", [(o.id, o.where) for o in curation.ontologies])

    entities = {e.id for e in curation.entities}
    sources = {s.id for s in curation.sources}
    for entity in curation.entities:
        if entity.id in ontology.terms:
            add(entity.where.problem(f"entity id '{entity.id}' is already a term of the ontology"))
        if entity.type not in ontology.entity_classes:
            add(entity.where.problem(f"unknown type '{entity.type}'{_suggest(entity.type, ontology.entity_classes)}"))
        for curie in entity.exact + entity.close:
            m = _CURIE.match(curie)
            if not m or m["prefix"] not in CURIE_BASES:
                add(entity.where.problem(f"identifier '{curie}' is not PREFIX:ID with a known prefix"))
        for curie in set(entity.exact) & set(entity.close):
            add(entity.where.problem(f"identifier '{curie}' is both exact and close"))
    for source in curation.sources:
        if not re.fullmatch(r"[0-9a-f]{64}", source.sha256):
            add(source.where.problem("sha256 must be 64 lowercase hex digits"))
        if source.derived_from is not None and (source.derived_from not in sources or source.derived_from == source.id):
            add(source.where.problem(f"derived_from '{source.derived_from}' is not another source's id"))

    for claim in curation.claims:
        where = claim.where
        if claim.source not in sources:
            add(where.problem(f"unknown source '{claim.source}'{_suggest(claim.source, sources)}"))
        relation = ontology.relations.get(claim.predicate)
        if relation is None:
            add(where.problem(f"unknown predicate '{claim.predicate}'{_suggest(claim.predicate, ontology.relations)}"))
        if claim.subject not in entities:
            add(where.problem(f"unknown subject entity '{claim.subject}'{_suggest(claim.subject, entities)}"))
        if relation is not None and relation.kind == "status":
            if claim.object not in ontology.statuses:
                add(where.problem(f"'{claim.predicate}' needs a status object, one of {sorted(ontology.statuses)}"))
        elif claim.object not in entities:
            add(where.problem(f"unknown object entity '{claim.object}'{_suggest(claim.object, entities)}"))
        if claim.certainty not in ontology.certainties:
            add(where.problem(f"unknown certainty '{claim.certainty}', expected one of {sorted(ontology.certainties)}"))
        if claim.part not in ontology.page_parts:
            add(where.problem(f"unknown page part '{claim.part}', expected one of {sorted(ontology.page_parts)}"))
        if claim.end <= claim.start:
            add(where.problem(f"end {claim.end} is not after start {claim.start}"))
        if fold(claim.cue).lower() not in fold(claim.quote).lower():
            add(where.problem(f"cue '{claim.cue}' is not in the quote"))
        if claim.subject == claim.object:
            add(where.problem("subject and object are the same entity"))
        if (claim.layer == "implied") != (claim.certainty == "implied"):
            add(where.problem("an implied claim has certainty 'implied', and only an implied claim has it"))
        if claim.layer == "implied" and not claim.reading:
            add(where.problem("an implied claim writes out the curator's reading ('reading')"))
        for key in ("subject_text", "object_text"):
            surface = getattr(claim, key)
            if surface is not None and not _in_order(surface, claim.quote):
                add(where.problem(f"{key} '{surface}' is not in the quote"))

    by_id = {c.id: c for c in curation.claims}
    for claim in curation.claims:
        if claim.restates is None:
            continue
        first = by_id.get(claim.restates)
        if first is None:
            add(claim.where.problem(f"restates unknown claim '{claim.restates}'{_suggest(claim.restates, by_id)}"))
        elif (first.source, first.subject, first.predicate, first.object) != (
            claim.source,
            claim.subject,
            claim.predicate,
            claim.object,
        ):
            add(claim.where.problem(f"a restatement has the source and triple of the claim it restates ('{first.id}')"))

    ontologies = {o.id for o in curation.ontologies}
    for fact in curation.background:
        if fact.source not in ontologies:
            add(fact.where.problem(f"unknown ontology '{fact.source}'{_suggest(fact.source, ontologies)}"))
        if fact.predicate not in ontology.relations or ontology.relations[fact.predicate].kind == "status":
            add(
                fact.where.problem(
                    f"unknown predicate '{fact.predicate}'{_suggest(fact.predicate, ontology.relations)}"
                )
            )
        for end in (fact.subject, fact.object):
            if end not in entities:
                add(fact.where.problem(f"unknown entity '{end}'{_suggest(end, entities)}"))
        for curie in fact.terms:
            m = _CURIE.match(curie)
            if not m or m["prefix"] not in CURIE_BASES:
                add(fact.where.problem(f"term '{curie}' is not PREFIX:ID with a known prefix"))

    for tension in curation.tensions:
        known = [by_id[i] for i in tension.claims if i in by_id]
        for ident in tension.claims:
            if ident not in by_id:
                add(tension.where.problem(f"unknown claim '{ident}'{_suggest(ident, by_id)}"))
        if len({c.source for c in known}) < 2:
            add(tension.where.problem("a tension needs claims of at least two sources"))
        for ident in tension.concerns:
            if ident not in entities:
                add(tension.where.problem(f"unknown entity '{ident}'{_suggest(ident, entities)}"))

    recorded: set[frozenset[str]] = set()
    for disagreement in curation.disagreements:
        for ident in disagreement.claims:
            if ident not in by_id:
                add(disagreement.where.problem(f"unknown claim '{ident}'{_suggest(ident, by_id)}"))
        known = [by_id[ident] for ident in disagreement.claims if ident in by_id]
        if len({c.source for c in known}) < 2:
            add(disagreement.where.problem("a disagreement needs claims of at least two sources"))
        recorded.update(frozenset((a.id, b.id)) for a in known for b in known if a.source != b.source)

    asserted: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for claim in curation.claims:
        if claim.certainty != "refuted":
            asserted[(claim.subject, claim.predicate, claim.object)].append(claim)
    for claim in curation.claims:
        if claim.certainty == "refuted":
            for other in asserted.get((claim.subject, claim.predicate, claim.object), []):
                if other.source != claim.source and frozenset((claim.id, other.id)) not in recorded:
                    add(
                        claim.where.problem(
                            f"refuted here but asserted by '{other.id}': record it in graph/disagreements.yaml"
                        )
                    )

    for exclusion in curation.exclusions:
        if exclusion.source not in sources:
            add(exclusion.where.problem(f"unknown source '{exclusion.source}'"))
    return problems


@dataclass(frozen=True)
class SourceCheck:
    """What checking against the source texts found: the problems, and whether it could check."""

    problems: list[Problem]
    verified: bool
    directory: Path | None


def check_sources(curation: Curation, directory: Path | None) -> SourceCheck:
    """Check sha256s, quotes, offsets, prefixes, suffixes and exclusions against the texts.

    With no directory (none given and none by default), nothing is checked and ``verified`` is
    False; a directory that was given but does not exist is a problem.
    """
    if directory is None:
        return SourceCheck([], False, None)
    if not directory.is_dir():
        return SourceCheck([Problem(str(directory), 0, "sources directory does not exist")], False, directory)

    problems: list[Problem] = []
    texts: dict[str, str] = {}
    for source in curation.sources:
        path = directory / source.file
        if not path.is_file():
            problems.append(source.where.problem(f"source text {path} not found"))
            continue
        digest = sha256_of(path)
        if digest != source.sha256:
            problems.append(source.where.problem(f"sha256 of {path} is {digest}, not the one recorded"))
            continue
        texts[source.id] = path.read_text(encoding="utf-8")

    for claim in curation.claims:
        text = texts.get(claim.source)
        if text is None:
            continue
        here = text[claim.start : claim.end] if claim.end <= len(text) else ""
        if fold(here) != fold(claim.quote) or here != here.strip():
            spans = locate(text, claim.quote)
            if spans:
                places = ", ".join(f"start: {s.start}, end: {s.end}" for s in spans)
                problems.append(claim.where.problem(f"quote is not at {claim.start}-{claim.end}; it is at {places}"))
            else:
                problems.append(claim.where.problem(f"quote not found in {claim.source}: '{fold(claim.quote)[:60]}'"))
            continue
        prefix, suffix = context(text, claim.start, claim.end)
        if claim.prefix is not None and fold(claim.prefix) != fold(prefix):
            problems.append(claim.where.problem(f"prefix should be '{prefix}'"))
        if claim.suffix is not None and fold(claim.suffix) != fold(suffix):
            problems.append(claim.where.problem(f"suffix should be '{suffix}'"))

    sentence_sets = {ident: {fold(s.text) for s in sentences(text)} for ident, text in texts.items()}
    for exclusion in curation.exclusions:
        found = sentence_sets.get(exclusion.source)
        if found is not None and fold(exclusion.sentence) not in found:
            problems.append(exclusion.where.problem(f"excluded sentence is not a sentence of {exclusion.source}"))
    return SourceCheck(problems, True, directory)
