"""SHACL: the same shapes catch a break of every kind of constraint, on the large path part by part.

The shipped graph is broken on purpose in its records (what the curation checks would stop first,
so only SHACL stands between it and the build here) or in how its triples are written, then
checked the way a large build checks it (:func:`rlskg.rdf.shapes.check_parts`, the graph cut into
parts); each break must come back as one line naming the record's file:line and the node.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from rlskg.build import BuildResult
from rlskg.errors import Problem
from rlskg.model.curation import BackgroundClaim, Claim
from rlskg.model.ontology import CLAIM, DISAGREEMENT, PUBLISHER, RLS, SOURCE, TENSION
from rlskg.rdf import bulk
from rlskg.rdf.graph import where_of
from rlskg.rdf.shapes import check_graph, check_parts

from .conftest import ROOT

SHAPES = ROOT / "ontology" / "shapes.ttl"
NHLBI = "nhlbi"
DIABETES = "Diabetes"


def _broken(result: BuildResult, **lists: list[object]) -> BuildResult:
    """A copy of the shipped result, as a large build, with some of its record lists replaced."""
    curation = dataclasses.replace(result.curation, **lists)  # type: ignore[arg-type]
    broken = BuildResult(curation, result.ontology, result.verified, result.sources, large=True)
    broken.__dict__["entailed"] = list(result.entailed)
    return broken


def _parts(result: BuildResult, shapes: Path) -> list[Problem]:
    """SHACL as a large build checks it, part by part."""
    return check_parts(result.curation, result.ontology, result.entailed, shapes)


def _stated(result: BuildResult) -> Claim:
    return next(c for c in result.curation.claims if c.layer == "stated" and c.certainty != "refuted")


def _swap(items: list[object], old: object, new: object) -> list[object]:
    return [new if item is old else item for item in items]


def _claim(result: BuildResult, claim: Claim, **changes: object) -> tuple[BuildResult, str]:
    claims = _swap(list(result.curation.claims), claim, dataclasses.replace(claim, **changes))  # type: ignore[arg-type]
    return _broken(result, claims=claims), str(CLAIM[claim.id])


def subject_not_an_entity(result: BuildResult) -> tuple[BuildResult, str]:
    return _claim(result, _stated(result), subject="Nowhere")


def object_neither_entity_nor_status(result: BuildResult) -> tuple[BuildResult, str]:
    return _claim(result, _stated(result), object="Nowhere")


def page_claim_in_the_background_layer(result: BuildResult) -> tuple[BuildResult, str]:
    return _claim(result, _stated(result), layer="background")


def empty_quote(result: BuildResult) -> tuple[BuildResult, str]:
    return _claim(result, _stated(result), quote="")


def implied_claim_said_as_stated(result: BuildResult) -> tuple[BuildResult, str]:
    implied = next(c for c in result.curation.claims if c.layer == "implied")
    return _claim(result, implied, certainty="stated")


def background_claim_from_a_page(result: BuildResult) -> tuple[BuildResult, str]:
    fact = result.curation.background[0]
    background = _swap(list(result.curation.background), fact, dataclasses.replace(fact, source=NHLBI))
    return _broken(result, background=background), str(CLAIM[fact.id])


def entailed_claim_with_one_premise(result: BuildResult) -> tuple[BuildResult, str]:
    broken = _broken(result)
    first = result.entailed[0]
    broken.__dict__["entailed"] = _swap(broken.entailed, first, dataclasses.replace(first, membership=first.premise))
    return broken, str(CLAIM[first.id])


def source_digest_not_hex(result: BuildResult) -> tuple[BuildResult, str]:
    source = result.curation.source(NHLBI)
    sources = _swap(list(result.curation.sources), source, dataclasses.replace(source, sha256="xyz"))
    return _broken(result, sources=sources), str(SOURCE[NHLBI])


def _source(result: BuildResult, ident: str, **changes: object) -> tuple[BuildResult, str]:
    source = result.curation.source(ident)
    sources = _swap(list(result.curation.sources), source, dataclasses.replace(source, **changes))  # type: ignore[arg-type]
    return _broken(result, sources=sources), str(SOURCE[ident])


def source_under_no_known_licence(result: BuildResult) -> tuple[BuildResult, str]:
    return _source(result, "webmd", licence="all rights reserved")


def copyright_page_kept_whole(result: BuildResult) -> tuple[BuildResult, str]:
    return _source(result, "webmd", text="kept")


def undated_page_that_does_not_say_so(result: BuildResult) -> tuple[BuildResult, str]:
    return _source(result, "nhlbi-2009", date_statement="archived")


def version_of_another_publishers_page(result: BuildResult) -> tuple[BuildResult, str]:
    broken, _ = _source(result, "nhlbi-2009", version_of="webmd")
    return broken, str(SOURCE.webmd)  # WebMD's page, the later, is written as the revision


def copy_of_its_own_publishers_page(result: BuildResult) -> tuple[BuildResult, str]:
    return _source(result, "nhlbi-at-risk", derived_from=NHLBI)


def publisher_of_no_known_type(result: BuildResult) -> tuple[BuildResult, str]:
    publisher = next(p for p in result.curation.publishers if p.id == NHLBI)
    publishers = _swap(list(result.curation.publishers), publisher, dataclasses.replace(publisher, type="goverment"))
    return _broken(result, publishers=publishers), str(PUBLISHER[NHLBI])


def entity_without_label(result: BuildResult) -> tuple[BuildResult, str]:
    entity = next(e for e in result.curation.entities if e.id == DIABETES)
    entities = _swap(list(result.curation.entities), entity, dataclasses.replace(entity, label=""))
    return _broken(result, entities=entities), str(RLS[DIABETES])


def disagreement_of_one_claim(result: BuildResult) -> tuple[BuildResult, str]:
    record = result.curation.disagreements[0]
    records = _swap(list(result.curation.disagreements), record, dataclasses.replace(record, claims=record.claims[:1]))
    return _broken(result, disagreements=records), str(DISAGREEMENT[record.id])


def tension_about_no_entity(result: BuildResult) -> tuple[BuildResult, str]:
    record = result.curation.tensions[0]
    records = _swap(list(result.curation.tensions), record, dataclasses.replace(record, concerns=("Nowhere",)))
    return _broken(result, tensions=records), str(TENSION[record.id])


#: Each break, the constraint it breaks, and the message the shapes give for it.
BREAKS: list[tuple[Callable[[BuildResult], tuple[BuildResult, str]], str]] = [
    (subject_not_an_entity, "a claim has exactly one subject, a typed entity"),  # sh:class
    (object_neither_entity_nor_status, "a claim has exactly one object, a typed entity or a cause status"),  # sh:or
    (page_claim_in_the_background_layer, "a page claim is stated or implied"),  # sh:in
    (empty_quote, "a page claim has exactly one quote"),  # sh:minLength on a path of three steps
    (implied_claim_said_as_stated, "an implied claim has certainty implied and one written-out reading"),  # or/not
    (background_claim_from_a_page, "a background claim comes from exactly one standard ontology"),  # targetSubjectsOf
    (entailed_claim_with_one_premise, "an entailed claim names its premises"),  # sh:minCount 2
    (source_digest_not_hex, "a source has exactly one sha256 of its text"),  # sh:pattern
    (source_under_no_known_licence, "a source has exactly one licence, one the ontology names"),  # sh:class
    (copyright_page_kept_whole, "the whole text of a page is kept only under a licence that permits it"),  # sparql
    (
        undated_page_that_does_not_say_so,
        "a page without a date says that it states none (rls:dateStatement 'none stated')",
    ),
    (version_of_another_publishers_page, "a page revises only a version of the same publisher's"),  # sparql
    (
        copy_of_its_own_publishers_page,
        "a page derived from another is another publisher's (a version of one's own is a revision)",
    ),
    (publisher_of_no_known_type, "a publisher has exactly one type, one the ontology names"),  # sh:class
    (entity_without_label, "every entity has exactly one rdfs:label"),  # sh:minLength
    (disagreement_of_one_claim, "a disagreement joins at least two claims"),  # sh:minCount
    (tension_about_no_entity, "a tension names the entities it concerns"),  # sh:class
]


def test_the_shipped_graph_passes_both_ways(result: BuildResult) -> None:
    assert _parts(_broken(result), SHAPES) == []
    assert check_graph(result.graph, SHAPES, where_of(result.curation)) == []


@pytest.mark.parametrize(("brk", "message"), BREAKS, ids=[brk.__name__ for brk, _ in BREAKS])
def test_large_path_names_the_record_of_each_broken_constraint(
    result: BuildResult, brk: Callable[[BuildResult], tuple[BuildResult, str]], message: str
) -> None:
    broken, focus = brk(result)
    place = where_of(broken.curation).get(focus, "build/rls.nt")  # an entailed claim has no record of its own
    lines = [str(p) for p in _parts(broken, SHAPES)]
    assert f"{place}: SHACL: {message} ({focus})" in lines, lines
    assert all("\n" not in line for line in lines)


def _plain_of(claim: Claim | BackgroundClaim) -> str:
    return f"<{RLS}{claim.subject}> <{RLS}{claim.predicate}> <{RLS}{claim.object}> .\n"


def test_large_path_catches_a_refuted_triple_asserted_alone(
    result: BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first SPARQL constraint: a refuted claim's triple written though no other claim supports it."""
    supported = {(c.subject, c.predicate, c.object) for c in result.curation.claims if c.certainty != "refuted"}
    refuted = next(
        c
        for c in result.curation.claims
        if c.certainty == "refuted" and (c.subject, c.predicate, c.object) not in supported
    )
    plain = bulk._Lines.plain
    monkeypatch.setattr(bulk._Lines, "plain", lambda self, c: _plain_of(c) if c is refuted else plain(self, c))
    lines = [str(p) for p in _parts(_broken(result), SHAPES)]
    message = "a refuted claim's triple is asserted only when another claim, not refuted, supports it"
    triple = (refuted.subject, refuted.predicate, refuted.object)
    refuting = [str(CLAIM[c.id]) for c in result.curation.claims if (c.subject, c.predicate, c.object) == triple]
    assert str(CLAIM[refuted.id]) in refuting  # a copy refutes it too: each refuting claim is reported
    assert sorted(lines) == sorted(f"{where_of(result.curation)[f]}: SHACL: {message} ({f})" for f in refuting)


def test_large_path_catches_a_claim_whose_triple_is_missing(
    result: BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second SPARQL constraint: an asserted claim whose plain triple is not written."""
    alone = next(
        c
        for c in result.curation.claims
        if c.layer == "stated"
        and c.certainty != "refuted"
        and sum(
            (d.subject, d.predicate, d.object) == (c.subject, c.predicate, c.object) for d in result.curation.claims
        )
        == 1
        and not any(
            (b.subject, b.predicate, b.object) == (c.subject, c.predicate, c.object) for b in result.curation.background
        )
    )
    plain = bulk._Lines.plain
    monkeypatch.setattr(bulk._Lines, "plain", lambda self, c: None if c is alone else plain(self, c))
    focus = str(CLAIM[alone.id])
    lines = [str(p) for p in _parts(_broken(result), SHAPES)]
    message = "a claim of an asserted layer that is not refuted must be asserted as its plain triple"
    assert lines == [f"{where_of(result.curation)[focus]}: SHACL: {message} ({focus})"]


def test_shapes_that_do_not_load_are_one_line(result: BuildResult, tmp_path: Path) -> None:
    from rlskg.errors import ValidationFailed

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        _parts(_broken(result), shapes)
    [problem] = failed.value.problems
    assert str(problem).startswith(f"{shapes}: SHACL shapes do not load: ")
    assert "\n" not in str(problem)


def test_small_path_reports_the_same_break_in_one_line(result: BuildResult) -> None:
    """The shipped graph's own path: the same engine and shapes on the rdflib graph, one line per problem."""
    from rdflib import Graph, URIRef

    claim = _stated(result)
    graph = Graph()
    for triple in result.graph:
        graph.add(triple)
    graph.remove((URIRef(RLS[claim.subject]), URIRef(RLS[claim.predicate]), URIRef(RLS[claim.object])))
    focus = str(CLAIM[claim.id])
    lines = [str(p) for p in check_graph(graph, SHAPES, where_of(result.curation))]
    message = "a claim of an asserted layer that is not refuted must be asserted as its plain triple"
    assert f"{where_of(result.curation)[focus]}: SHACL: {message} ({focus})" in lines, lines
