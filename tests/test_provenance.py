"""Publishers, licences, versions and copies: the model in RDF, and bad records refused at their line."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV

from rlskg.build import BuildResult
from rlskg.cli import main
from rlskg.model.ontology import FOAF, PUBLISHER, RLS, SOURCE

PUBLIC_DOMAIN = URIRef("https://creativecommons.org/publicdomain/mark/1.0/")
IN_COPYRIGHT = URIRef("http://rightsstatements.org/vocab/InC/1.0/")


def test_a_publisher_is_an_organization_with_its_type(graph: Graph) -> None:
    nhlbi = PUBLISHER.nhlbi
    assert {FOAF.Organization, PROV.Organization} <= set(graph.objects(nhlbi, RDF.type))
    assert graph.value(nhlbi, RLS.publisherType) == RLS.GovernmentPublisher
    assert str(graph.value(nhlbi, RLS.country)) == "US"
    assert graph.value(nhlbi, FOAF.homepage) == URIRef("http://www.nhlbi.nih.gov/")
    assert graph.value(PUBLISHER.webmd, FOAF.homepage) is None  # no address of WebMD's page is known
    assert graph.value(PUBLISHER.washingtonsleep, RLS.publisherType) == RLS.CopySite


@pytest.mark.parametrize(
    ("source", "publisher", "licence", "kept"),
    [
        ("nhlbi", "nhlbi", PUBLIC_DOMAIN, True),
        ("nhlbi-2009", "nhlbi", PUBLIC_DOMAIN, True),
        ("nhlbi-at-risk", "nhlbi", PUBLIC_DOMAIN, True),
        ("webmd", "webmd", IN_COPYRIGHT, False),
        ("washingtonsleep", "washingtonsleep", IN_COPYRIGHT, False),
    ],
)
def test_each_source_names_its_publisher_and_licence(
    graph: Graph, source: str, publisher: str, licence: URIRef, kept: bool
) -> None:
    node = SOURCE[source]
    assert graph.value(node, DCTERMS.publisher) == PUBLISHER[publisher]
    assert graph.value(node, PROV.wasAttributedTo) == PUBLISHER[publisher]
    assert graph.value(node, DCTERMS.license) == licence
    assert graph.value(node, RLS.wholeTextKept).toPython() is kept  # type: ignore[union-attr]


def test_the_later_version_revises_the_earlier_and_an_undated_page_says_so(graph: Graph) -> None:
    assert (SOURCE.nhlbi, PROV.wasRevisionOf, SOURCE["nhlbi-2009"]) in graph
    assert (SOURCE["nhlbi-2009"], PROV.wasRevisionOf, None) not in graph
    assert graph.value(SOURCE["nhlbi-2009"], DCTERMS.date) is None
    assert str(graph.value(SOURCE["nhlbi-2009"], RLS.dateStatement)) == "none stated"
    assert str(graph.value(SOURCE["nhlbi-2009"], RLS.retrieved)) == "2009-01-30"
    assert (SOURCE.washingtonsleep, PROV.wasDerivedFrom, SOURCE.webmd) in graph


def test_claims_are_attributed_to_their_publisher(graph: Graph) -> None:
    claim = URIRef("https://w3id.org/rls-kg/claim/nhlbi-2009-nerve-damage-causes-rls")
    assert graph.value(claim, PROV.wasAttributedTo) == PUBLISHER.nhlbi


def test_the_build_counts_the_sources_verified_and_those_only_consistent(result: BuildResult) -> None:
    # Only a page whose text the project does not keep can lack its text; the seed pages' are always here.
    quotes_only = {s.id for s in result.curation.sources if not s.kept} - {"webmd"}
    assert set(result.consistent_only) <= quotes_only
    verified = len(result.curation.sources) - len(result.consistent_only)
    assert f"quotes of {verified} sources verified against their texts" in result.summary
    if result.consistent_only:
        unverified = f"quotes of {len(result.consistent_only)} ({', '.join(result.consistent_only)}) NOT verified"
        assert unverified in result.summary


def _edit(path: Path, record: str, old: str, new: str) -> int:
    """Replace the line ``old`` of the record ``record`` by ``new``; return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"- id: {record}\n")
    index = next(i for i in range(start, len(lines)) if lines[i].rstrip("\n") == old)
    lines[index] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def _record(path: Path, ident: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(f"- id: {ident}") + 1


@pytest.mark.parametrize(
    ("file", "record", "old", "new", "message"),
    [
        pytest.param(
            "sources.yaml",
            "washingtonsleep",
            "  publisher: washingtonsleep",
            "  publisher: washingtonslep",
            "unknown publisher 'washingtonslep' (did you mean 'washingtonsleep'?): not in graph/publishers.yaml",
            id="unknown-publisher",
        ),
        pytest.param(
            "sources.yaml",
            "washingtonsleep",
            "  licence: copyright",
            "  licence: all rights reserved",
            "unknown licence 'all rights reserved', one of ['CC BY-SA 3.0', 'CC BY-SA 4.0', 'OGL-3.0', "
            "'copyright', 'public domain']",
            id="bad-licence",
        ),
        pytest.param(
            "sources.yaml",
            "washingtonsleep",
            "  text: quotes",
            "  text: kept",
            "a 'copyright' page keeps only quotes ('text: quotes')",
            id="copyright-text-kept",
        ),
        pytest.param(
            "sources.yaml",
            "nhlbi-2009",
            "  version_of: nhlbi",
            "  version_of: webmd",
            "version_of 'webmd' is a page of another publisher (webmd), not a version of this one",
            id="version-of-another-publisher",
        ),
        pytest.param(
            "sources.yaml",
            "nhlbi-2009",
            "  date_statement: none stated",
            "  date_statement: archived",
            "a page that states no date has 'date: null' and 'date_statement: none stated'",
            id="undated-without-saying-so",
        ),
        pytest.param(
            "sources.yaml",
            "nhlbi-at-risk",
            "  retrieved: 2026-12-07",
            "  retrieved: 2009-01-01",
            "retrieved 2009-01-01 is before the page's own date 2010-11-01",
            id="retrieved-before-dated",
        ),
        pytest.param(
            "publishers.yaml",
            "nhlbi",
            "  homepage: www.nhlbi.nih.gov",
            "  homepage: www.nih.gov",
            "homepage 'www.nih.gov' is not the domain of any of its pages' url",
            id="homepage-not-a-page-domain",
        ),
        pytest.param(
            "publishers.yaml",
            "webmd",
            "  type: consumer publisher",
            "  type: consumer",
            "unknown publisher type 'consumer'",
            id="unknown-publisher-type",
        ),
    ],
)
def test_a_bad_record_is_one_line_at_its_place(  # noqa: PLR0917 - pytest passes fixtures and parameters by position
    project: Path,
    sources: Path,
    capsys: pytest.CaptureFixture[str],
    file: str,
    record: str,
    old: str,
    new: str,
    message: str,
) -> None:
    path = project / "graph" / file
    line = _edit(path, record, old, new)
    assert main(["--root", str(project), "validate", "--sources", str(sources)]) == 1
    err = capsys.readouterr().err.splitlines()
    shown = [e for e in err if message in e]
    assert len(shown) == 1, err
    # at the field's own line, or (a publisher's) at its record
    assert shown[0].split(": ")[0] in (f"graph/{file}:{line}", f"graph/{file}:{_record(path, record)}"), err
    assert err[-1].endswith("problem(s); nothing written")


def test_without_the_text_a_moved_quote_is_caught_by_the_claims_it_overlaps(
    seed_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = seed_project  # the seed pages: NHLBI's three texts kept, WebMD's and its copy's not
    monkeypatch.delenv("RLSKG_SOURCES", raising=False)  # no WebMD text: its quotes checked against each other
    assert main(["--root", str(project), "validate"]) == 0
    out = capsys.readouterr().out
    assert "quotes of 3 sources verified" in out and "NOT verified" in out and "webmd" in out
    claims = project / "graph" / "claims" / "webmd.yaml"
    text = claims.read_text(encoding="utf-8")
    at = text.index("- id: webmd-caffeine-linked")
    moved = text[at:].replace("  start: 1768\n  end: 1847\n", "  start: 1771\n  end: 1850\n", 1)
    claims.write_text(text[:at] + moved, encoding="utf-8")
    assert main(["--root", str(project), "validate"]) == 1
    err = capsys.readouterr().err.splitlines()
    line = text[:at].count("\n") + 1
    assert err[0].startswith(f"graph/claims/webmd.yaml:{line}: quote at 1771-1850 disagrees with claim 'webmd-")
    assert "checked for consistency only: the text is not here" in err[0]


def test_versions_of_a_page_form_a_chain(project: Path, sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "graph" / "sources.yaml"
    with path.open("a", encoding="utf-8") as handle:  # a third version, said to be a version of the latest
        handle.write(
            "\n- id: nhlbi-2008\n  short_name: NHLBI 2008\n  file: nhlbi-2008.txt\n  title: What Causes RLS?\n"
            "  publisher: nhlbi\n  licence: public domain\n  date: null\n  date_statement: none stated\n"
            f"  retrieved: 2008-06-01\n  version_of: nhlbi\n  sha256: {'ab' * 32}\n"
        )
    assert main(["--root", str(project), "validate", "--sources", str(sources)]) == 1
    [line, _] = capsys.readouterr().err.splitlines()
    assert line.endswith(
        "'nhlbi' would revise both 'nhlbi-2009' and 'nhlbi-2008': give the versions of a page as a chain, "
        "each version_of naming the version next to it"
    )
    assert line.startswith(f"graph/sources.yaml:{len(path.read_text(encoding='utf-8').splitlines()) - 1}:")
