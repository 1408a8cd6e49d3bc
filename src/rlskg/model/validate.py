"""Checks of what the curated records mean, each problem with file and line.

The checks: ids unique; every type, relation, certainty and page part defined by the ontology;
every subject and object a known entity; standard identifiers well formed; disagreements between
real claims of different sources; publishers, licences, versions and copies (:mod:`rlskg.model.provenance`);
and, for each source whose text is at hand, its sha256 and every quote, prefix, suffix and
excluded sentence found verbatim at its place; for a source whose text is not, its claims'
quotes checked against each other (:mod:`rlskg.model.reconstruction`); and no two pages sharing a
copy-length run of words without saying so (:mod:`rlskg.model.copies`).
"""

from __future__ import annotations

import difflib
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rlskg.errors import Problem
from rlskg.model.curation import Claim, Curation, Where
from rlskg.model.ontology import Ontology
from rlskg.model.provenance import check_copies, check_provenance
from rlskg.model.reconstruction import consistency_problems
from rlskg.model.sources import context, find_text, fold, locate, sentences, sha256_of

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
    entities, sources = {e.id for e in curation.entities}, {s.id for s in curation.sources}
    problems = _ids(curation)
    problems += _entities_and_sources(curation, ontology)
    problems += [p for claim in curation.claims for p in _claim(claim, (entities, sources), ontology)]
    problems += _restatements(curation)
    problems += _background(curation, ontology)
    problems += _records(curation)
    problems += [
        e.where.problem(f"unknown source '{e.source}'") for e in curation.exclusions if e.source not in sources
    ]
    return problems


def _ids(curation: Curation) -> list[Problem]:
    """Each kind of record's ids: well formed, and each once."""
    problems: list[Problem] = []
    kinds: list[tuple[str, list[tuple[str, Where]]]] = [
        ("source", [(s.id, s.where) for s in curation.sources]),
        ("publisher", [(p.id, p.where) for p in curation.publishers]),
        ("entity", [(e.id, e.where) for e in curation.entities]),
        ("claim", [(c.id, c.where) for c in curation.claims] + [(b.id, b.where) for b in curation.background]),
        ("disagreement", [(d.id, d.where) for d in curation.disagreements]),
        ("tension", [(t.id, t.where) for t in curation.tensions]),
        ("ontology", [(o.id, o.where) for o in curation.ontologies]),
    ]
    for kind, items in kinds:
        first: dict[str, Where] = {}
        for ident, where in items:
            if not _ID.match(ident):
                problems.append(where.problem(f"{kind} id '{ident}' must be letters, digits, '-' or '_'"))
            if ident in first:
                problems.append(where.problem(f"duplicate {kind} id '{ident}' (first at line {first[ident].line})"))
            else:
                first[ident] = where
    return problems


def _entities_and_sources(curation: Curation, ontology: Ontology) -> list[Problem]:
    """Entities of the ontology's classes, with well-formed identifiers; sources with a sha256 and a provenance."""
    problems: list[Problem] = []
    add = problems.append
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
            add(source.at("sha256").problem("sha256 must be 64 lowercase hex digits"))
    problems.extend(check_provenance(curation, ontology))
    return problems


def _claim(claim: Claim, known: tuple[set[str], set[str]], ontology: Ontology) -> list[Problem]:
    """One page claim: what it names is known, its codes are the ontology's, its offsets, cue and words fit.

    ``known`` is the ids of the entities and of the sources.
    """
    problems = _claim_names(claim, known, ontology)
    add, where = problems.append, claim.where
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
    return problems


def _claim_names(claim: Claim, known: tuple[set[str], set[str]], ontology: Ontology) -> list[Problem]:
    """The source, predicate and entities a claim names, each known (with a suggestion when not)."""
    problems: list[Problem] = []
    add, where = problems.append, claim.where
    entities, sources = known
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
    return problems


def _restatements(curation: Curation) -> list[Problem]:
    """A restatement restates a known claim of its own source and triple."""
    problems: list[Problem] = []
    by_id = {c.id: c for c in curation.claims}
    for claim in curation.claims:
        if claim.restates is None:
            continue
        first = by_id.get(claim.restates)
        if first is None:
            problems.append(
                claim.where.problem(f"restates unknown claim '{claim.restates}'{_suggest(claim.restates, by_id)}")
            )
        elif (first.source, first.subject, first.predicate, first.object) != (
            claim.source,
            claim.subject,
            claim.predicate,
            claim.object,
        ):
            problems.append(
                claim.where.problem(f"a restatement has the source and triple of the claim it restates ('{first.id}')")
            )
    return problems


def _background(curation: Curation, ontology: Ontology) -> list[Problem]:
    """A background fact names a cited ontology, a relation between entities, and well-formed terms."""
    problems: list[Problem] = []
    add = problems.append
    entities = {e.id for e in curation.entities}
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
    return problems


def _records(curation: Curation) -> list[Problem]:
    """Tensions and disagreements join known claims of two sources; a refutation of another's claim is recorded."""
    problems: list[Problem] = []
    add = problems.append
    entities = {e.id for e in curation.entities}
    by_id = {c.id: c for c in curation.claims}
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
    return problems + _unrecorded_refutations(curation, recorded)


def _unrecorded_refutations(curation: Curation, recorded: set[frozenset[str]]) -> list[Problem]:
    """A claim refuted by one source and asserted by another needs a record of the disagreement."""
    asserted: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for claim in curation.claims:
        if claim.certainty != "refuted":
            asserted[(claim.subject, claim.predicate, claim.object)].append(claim)
    return [
        claim.where.problem(f"refuted here but asserted by '{other.id}': record it in graph/disagreements.yaml")
        for claim in curation.claims
        if claim.certainty == "refuted"
        for other in asserted.get((claim.subject, claim.predicate, claim.object), [])
        if other.source != claim.source and frozenset((claim.id, other.id)) not in recorded
    ]


@dataclass(frozen=True)
class SourceCheck:
    """What checking against the source texts found: the problems, and how each source's quotes were checked."""

    problems: list[Problem]
    verified: tuple[str, ...]  # the sources whose quotes were verified against their text
    consistent: tuple[str, ...]  # the sources without a text here: their quotes checked only against each other
    directories: tuple[Path, ...]  # where the texts were looked for, in order


def check_sources(curation: Curation, directories: Sequence[Path], kept: Path | None = None) -> SourceCheck:
    """Check sha256s, quotes, offsets, prefixes, suffixes, exclusions and copies against the texts.

    Each source's text is the first file of its name in ``directories``; a directory that does not
    exist is a problem. ``kept`` is the project's own sources/ folder, which must hold the text of
    every page whose whole text the project keeps. A source whose text is not found is checked for
    consistency only (:mod:`rlskg.model.reconstruction`): it is never said to be verified.
    """
    problems: list[Problem] = [
        Problem(str(d), 0, "sources directory does not exist") for d in directories if not d.is_dir()
    ]
    texts: dict[str, str] = {}
    for source in curation.sources:
        path = find_text([d for d in directories if d.is_dir()], source.file)
        if source.kept and kept is not None and not (kept / source.file).is_file():
            problems.append(source.at("text").problem(f"the whole text is kept, but {kept / source.file} is not there"))
        if path is None:
            continue
        digest = sha256_of(path)
        if digest != source.sha256:
            problems.append(source.where.problem(f"sha256 of {path} is {digest}, not the one recorded"))
            continue
        texts[source.id] = path.read_text(encoding="utf-8")

    by_source: dict[str, list[Claim]] = defaultdict(list)
    for claim in curation.claims:
        by_source[claim.source].append(claim)
    for ident, claims in by_source.items():
        text = texts.get(ident)
        if text is None:
            problems.extend(consistency_problems(claims))
        else:
            problems.extend(_quote_problems(claims, text))

    sentence_sets = {ident: {fold(s.text) for s in sentences(text)} for ident, text in texts.items()}
    for exclusion in curation.exclusions:
        found = sentence_sets.get(exclusion.source)
        if found is not None and fold(exclusion.sentence) not in found:
            problems.append(exclusion.where.problem(f"excluded sentence is not a sentence of {exclusion.source}"))
    problems.extend(check_copies(curation, texts))
    verified = tuple(s.id for s in curation.sources if s.id in texts)
    consistent = tuple(s.id for s in curation.sources if s.id not in texts)
    return SourceCheck(problems, verified, consistent, tuple(directories))


def _quote_problems(claims: list[Claim], text: str) -> Iterator[Problem]:
    """Each claim's quote at its offsets in the text, and its prefix and suffix as `rlskg locate` prints them."""
    for claim in claims:
        here = text[claim.start : claim.end] if claim.end <= len(text) else ""
        if fold(here) != fold(claim.quote) or here != here.strip():
            spans = locate(text, claim.quote)
            if spans:
                places = ", ".join(f"start: {s.start}, end: {s.end}" for s in spans)
                yield claim.where.problem(f"quote is not at {claim.start}-{claim.end}; it is at {places}")
            else:
                yield claim.where.problem(f"quote not found in {claim.source}: '{fold(claim.quote)[:60]}'")
            continue
        prefix, suffix = context(text, claim.start, claim.end)
        if claim.prefix is not None and claim.prefix != prefix:
            yield claim.where.problem(f"prefix should be {json.dumps(prefix, ensure_ascii=False)}")
        if claim.suffix is not None and claim.suffix != suffix:
            yield claim.where.problem(f"suffix should be {json.dumps(suffix, ensure_ascii=False)}")
