"""Who published each source page, under which licence, and how the pages stand to one another.

A page names its publisher (graph/publishers.yaml) and its licence (a code of the ontology, a
well-known IRI); it may be another version of a page of the same publisher (``version_of``: both
kept, the later one ``prov:wasRevisionOf`` the earlier), a copy or adaptation of another publisher's
page (``derived_from``: ``prov:wasDerivedFrom``), or declared independent of a page it shares words
with (``independent_of``). This module checks those records and makes their RDF; which pages
really share words is :mod:`rlskg.model.copies`' business.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD
from rdflib.term import Node

from rlskg.errors import Problem
from rlskg.model.copies import COPY_RUN, shared_runs
from rlskg.model.curation import Curation, Publisher, Source
from rlskg.model.ontology import FOAF, PUBLISHER, RLS, SOURCE, Ontology

__all__ = [
    "NONE_STATED",
    "as_of",
    "check_copies",
    "check_provenance",
    "homepage_iri",
    "original_publishers",
    "publisher_triples",
    "revisions",
    "source_triples",
]

Triple = tuple[Node, Node, Node]

#: The date statement of a page that states no date (its ``date`` is null: "undated" in answers).
NONE_STATED = "none stated"

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_DOMAIN = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


def _suggest(name: str, known: object) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)  # type: ignore[call-overload]
    return f" (did you mean '{close[0]}'?)" if close else ""


def as_of(source: Source) -> dt.date | None:
    """The day a version of a page is known to have stood: the date it states, else the day it was taken."""
    return source.date or source.retrieved


def _revision_pairs(curation: Curation) -> list[tuple[Source, Source, Source]]:
    """(later, earlier, the page whose ``version_of`` says so) for every pair of versions that can be ordered."""
    by_id = {s.id: s for s in curation.sources}
    pairs = []
    for source in curation.sources:
        other = by_id.get(source.version_of or "")
        if other is None or other.id == source.id:
            continue
        mine, theirs = as_of(source), as_of(other)
        if mine is None or theirs is None or mine == theirs:
            continue
        pairs.append(((source, other) if mine > theirs else (other, source)) + (source,))
    return pairs


def revisions(curation: Curation) -> dict[str, str]:
    """For each later version of a page, the earlier version it revises (``version_of`` in either direction).

    Pairs that cannot be ordered (a version with neither date nor retrieval date, or two on one day),
    and a second earlier version of one page, are left out; :func:`check_provenance` reports them.
    """
    found: dict[str, str] = {}
    for later, earlier, _ in _revision_pairs(curation):
        found.setdefault(later.id, earlier.id)
    return found


def original_publishers(curation: Curation) -> dict[str, str]:
    """Whose word each page carries: its own publisher's, or for a copy, that of the page it copies.

    Corroboration counts these: a copy of a page, and a second version of it, add nothing.
    """
    by_id = {s.id: s for s in curation.sources}
    found: dict[str, str] = {}
    for source in curation.sources:
        page, seen = source, {source.id}
        while page.derived_from in by_id and page.derived_from not in seen:
            page = by_id[page.derived_from]
            seen.add(page.id)
        found[source.id] = page.publisher
    return found


def homepage_iri(publisher: Publisher, curation: Curation) -> URIRef | None:
    """The publisher's homepage: its domain, with the scheme of one of its pages' addresses."""
    if publisher.homepage is None:
        return None
    for source in curation.sources:
        if source.publisher == publisher.id and source.url:
            parts = urlsplit(source.url)
            if parts.hostname == publisher.homepage:
                return URIRef(f"{parts.scheme}://{publisher.homepage}/")
    return None


def check_provenance(curation: Curation, ontology: Ontology) -> list[Problem]:
    """Every problem of the publishers and of the sources' provenance fields, each at its file and line."""
    problems: list[Problem] = []
    add = problems.append
    publishers = {p.id: p for p in curation.publishers}
    by_id = {s.id: s for s in curation.sources}

    for publisher in curation.publishers:
        where = publisher.where
        if publisher.type not in ontology.publisher_types:
            add(where.problem(f"unknown publisher type '{publisher.type}', one of {sorted(ontology.publisher_types)}"))
        if publisher.country is not None and not _COUNTRY.match(publisher.country):
            add(where.problem(f"country '{publisher.country}' is not an ISO 3166-1 code of two capital letters"))
        if publisher.homepage is not None:
            if not _DOMAIN.match(publisher.homepage):
                add(where.problem(f"homepage '{publisher.homepage}' is not a domain such as www.nhlbi.nih.gov"))
            elif homepage_iri(publisher, curation) is None:
                add(where.problem(f"homepage '{publisher.homepage}' is not the domain of any of its pages' url"))

    for source in curation.sources:
        at = source.at
        if source.publisher not in publishers:
            hint = _suggest(source.publisher, publishers)
            add(at("publisher").problem(f"unknown publisher '{source.publisher}'{hint}: not in graph/publishers.yaml"))
        if source.licence not in ontology.licences:
            add(at("licence").problem(f"unknown licence '{source.licence}', one of {sorted(ontology.licences)}"))
        elif source.kept and source.licence not in ontology.whole_text_licences:
            allowed = ", ".join(sorted(ontology.whole_text_licences))
            add(at("text").problem(f"a '{source.licence}' page keeps only quotes ('text: quotes'); kept: {allowed}"))
        if source.url is not None:
            parts = urlsplit(source.url)
            if parts.scheme not in ("http", "https") or not parts.hostname or " " in source.url:
                add(at("url").problem(f"url '{source.url}' is not an http(s) address"))
        if source.date is None and source.date_statement != NONE_STATED:
            add(
                at("date_statement").problem(
                    f"a page that states no date has 'date: null' and 'date_statement: {NONE_STATED}'"
                )
            )
        if source.date is not None and source.date_statement == NONE_STATED:
            add(at("date_statement").problem(f"the page states a date ({source.date}), so not '{NONE_STATED}'"))
        if source.date and source.retrieved and source.retrieved < source.date:
            add(at("retrieved").problem(f"retrieved {source.retrieved} is before the page's own date {source.date}"))
        _check_relations(source, by_id, add)

    revised = revisions(curation)
    for later, earlier, said in _revision_pairs(curation):
        if revised[later.id] != earlier.id:
            problems.append(
                said.at("version_of").problem(
                    f"'{later.id}' would revise both '{revised[later.id]}' and '{earlier.id}': give the versions "
                    "of a page as a chain, each version_of naming the version next to it"
                )
            )
    problems.extend(_cycles(curation))
    return problems


def _check_relations(source: Source, by_id: dict[str, Source], report: Callable[[Problem], None]) -> None:
    """derived_from, version_of and independent_of: other pages, of another publisher or of the same."""
    at = source.at
    derived = by_id.get(source.derived_from or "")
    if source.derived_from is not None:
        if derived is None or derived.id == source.id:
            report(at("derived_from").problem(f"derived_from '{source.derived_from}' is not another source's id"))
        elif derived.publisher == source.publisher:
            report(
                at("derived_from").problem(
                    f"derived_from '{derived.id}' is a page of the same publisher ({derived.publisher}): "
                    "another version of a page is version_of"
                )
            )
    if source.version_of is not None:
        other = by_id.get(source.version_of)
        if other is None or other.id == source.id:
            hint = _suggest(source.version_of, by_id)
            report(at("version_of").problem(f"version_of '{source.version_of}' is not another source's id{hint}"))
        elif other.publisher != source.publisher:
            report(
                at("version_of").problem(
                    f"version_of '{other.id}' is a page of another publisher ({other.publisher}), "
                    "not a version of this one: a copy is derived_from"
                )
            )
        elif as_of(source) is None or as_of(other) is None or as_of(source) == as_of(other):
            report(
                at("version_of").problem(
                    f"cannot tell which of '{source.id}' and '{other.id}' is the earlier version: "
                    "give each a date or a retrieved date, on different days"
                )
            )
    for independence in source.independent_of:
        if independence.source not in by_id or independence.source == source.id:
            hint = _suggest(independence.source, by_id)
            report(at("independent_of").problem(f"independent_of '{independence.source}' is not another source{hint}"))


def _cycles(curation: Curation) -> Iterator[Problem]:
    """A page cannot be, through derived_from and version_of, a copy or version of itself."""
    by_id = {s.id: s for s in curation.sources}
    for source in curation.sources:
        path, page = [source.id], by_id.get(source.derived_from or "")
        while page is not None and page.id not in path:
            path.append(page.id)
            page = by_id.get(page.derived_from or "")
        if page is not None and page.id == source.id:
            yield source.at("derived_from").problem(f"derived_from goes round in a circle: {' -> '.join(path)}")


def check_copies(curation: Curation, texts: dict[str, str]) -> list[Problem]:
    """Pages of different publishers that share a copy-length run and declare nothing about each other.

    A page whose text is at hand (``texts``) is compared whole; any other, by the quotes its claims
    keep. Pages that carry one publisher's word (its pages and their versions, copies of any of them,
    which also carry its site's boilerplate) or are declared ``independent_of`` each other may share
    what they like.
    """
    quotes: dict[str, dict[str, None]] = {}
    for claim in curation.claims:
        quotes.setdefault(claim.source, {})[claim.quote] = None
    segments = {s.id: [texts[s.id]] if s.id in texts else list(quotes.get(s.id, {})) for s in curation.sources}
    by_id = {s.id: s for s in curation.sources}
    whose = original_publishers(curation)
    declared = {frozenset((s.id, i.source)) for s in curation.sources for i in s.independent_of}

    def expected(one: str, two: str) -> bool:
        same = by_id[one].publisher == by_id[two].publisher or whose[one] == whose[two]
        return same or frozenset((one, two)) in declared

    problems = []
    for run in shared_runs(segments, expected, COPY_RUN):
        earlier, later = sorted((by_id[run.first], by_id[run.second]), key=lambda s: s.where.line)
        shown = run.text if len(run.text) <= 60 else run.text[:57] + "..."
        problems.append(
            later.where.problem(
                f"'{later.id}' and '{earlier.id}' share a {run.length}-character run of words ('{shown}'), "
                f"a copy (runs of {COPY_RUN} or more): declare derived_from, version_of or independent_of"
            )
        )
    return problems


# ---------------------------------------------------------------- RDF


def publisher_triples(publisher: Publisher, ontology: Ontology, curation: Curation) -> Iterator[Triple]:
    """A publisher as a foaf:Organization and prov:Organization, with its type."""
    node = PUBLISHER[publisher.id]
    yield node, RDF.type, FOAF.Organization
    yield node, RDF.type, PROV.Organization
    yield node, RDFS.label, Literal(publisher.name)
    yield node, FOAF.name, Literal(publisher.name)
    yield node, RLS.shortName, Literal(publisher.short_name)
    if publisher.type in ontology.publisher_types:
        yield node, RLS.publisherType, ontology.publisher_types[publisher.type]
    if publisher.country:
        yield node, RLS.country, Literal(publisher.country)
    homepage = homepage_iri(publisher, curation)
    if homepage is not None:
        yield node, FOAF.homepage, homepage
    if publisher.note:
        yield node, RDFS.comment, Literal(publisher.note)


def source_triples(source: Source, ontology: Ontology, revised: dict[str, str]) -> Iterator[Triple]:
    """A source page's record: title, publisher, licence, dates, digest, and how it stands to other pages.

    ``revised`` is :func:`revisions`: the later version of a page is ``prov:wasRevisionOf`` the earlier.
    """
    node, publisher = SOURCE[source.id], PUBLISHER[source.publisher]
    yield node, RDF.type, RLS.SourceDocument
    yield node, RDFS.label, Literal(source.short_name)
    yield node, RLS.shortName, Literal(source.short_name)
    yield node, DCTERMS.title, Literal(source.title)
    yield node, DCTERMS.publisher, publisher
    yield node, PROV.wasAttributedTo, publisher
    if source.licence in ontology.licences:
        yield node, DCTERMS.license, ontology.licences[source.licence]
    yield node, RLS.wholeTextKept, Literal(source.kept)
    if source.date is not None:
        yield node, DCTERMS.date, Literal(source.date.isoformat(), datatype=XSD.date)
    yield node, RLS.dateStatement, Literal(source.date_statement)
    if source.retrieved is not None:
        yield node, RLS.retrieved, Literal(source.retrieved.isoformat(), datatype=XSD.date)
    if source.url is not None:
        yield node, RLS.address, Literal(source.url, datatype=XSD.anyURI)
    yield node, RLS.sha256, Literal(source.sha256)
    yield node, RLS.fileName, Literal(source.file)
    if source.reviewer:
        yield node, RLS.reviewer, Literal(source.reviewer)
    if source.derived_from:
        yield node, PROV.wasDerivedFrom, SOURCE[source.derived_from]
    if source.id in revised:
        yield node, PROV.wasRevisionOf, SOURCE[revised[source.id]]
    for independence in source.independent_of:
        yield node, RLS.independentOf, SOURCE[independence.source]
        yield node, RDFS.comment, Literal(f"Independent of {independence.source}: {independence.reason}")
    if source.note:
        yield node, RDFS.comment, Literal(source.note)
