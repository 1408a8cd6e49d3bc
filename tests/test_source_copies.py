"""A page that copies another is found from its text, must say so, and then corroborates nothing.

The real copy: the Washington Sleep Disorders Center's page on RLS copies WebMD's 2015 page. Its text
is copyright and not kept; its claims keep their quotes, and those quotes alone are enough to find
the copy in WebMD's text (in ../shared/sources).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.namespace import PROV

import rlskg
from rlskg.build import BuildResult
from rlskg.cli import main
from rlskg.model.copies import COPY_RUN, longest_run, shared_runs
from rlskg.model.ontology import SOURCE

COPY = "washingtonsleep"
ORIGINAL = "webmd"
SOURCES_YAML = Path("graph") / "sources.yaml"


def _quotes(result: BuildResult, source: str) -> list[str]:
    return list(dict.fromkeys(c.quote for c in result.curation.claims if c.source == source))


def test_the_copys_quotes_are_found_in_webmds_text(result: BuildResult, page_texts: dict[str, str]) -> None:
    quotes = _quotes(result, COPY)
    length, run = longest_run(quotes, [page_texts[ORIGINAL]], COPY_RUN)
    assert length == 207  # a whole sentence of WebMD's, nearly three times a copy's shortest run
    assert run.startswith("rls may be related to abnormalities in brain chemicals (neurotransmitters)")
    [found] = shared_runs({COPY: quotes, ORIGINAL: [page_texts[ORIGINAL]], "nhlbi": [page_texts["nhlbi"]]})
    assert (found.first, found.second, found.length) == (COPY, ORIGINAL, length)  # and nothing of NHLBI's


def test_the_build_refuses_the_copy_unless_it_says_what_it_copies(
    project: Path, sources: Path, page_texts: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    # its quotes share 207 characters with WebMD's text; its whole text, where given (RLSKG_SOURCES), 302
    length = 302 if COPY in page_texts else 207
    path = project / SOURCES_YAML
    text = path.read_text(encoding="utf-8")
    assert f"  derived_from: {ORIGINAL}\n" in text
    path.write_text(text.replace(f"  derived_from: {ORIGINAL}\n", ""), encoding="utf-8")
    assert main(["--root", str(project), "validate", "--sources", str(sources)]) == 1
    [line, summary] = capsys.readouterr().err.splitlines()
    record = text.splitlines().index(f"- id: {COPY}") + 1
    assert line.startswith(f"graph/sources.yaml:{record}: '{COPY}' and '{ORIGINAL}' share a {length}-character run")
    assert "declare derived_from, version_of or independent_of" in line
    assert summary == "1 problem(s); nothing written"


def test_independent_of_with_a_reason_lets_two_pages_share_words(
    project: Path, sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / SOURCES_YAML
    text = path.read_text(encoding="utf-8").replace(
        f"  derived_from: {ORIGINAL}\n",
        f"  independent_of:\n    - source: {ORIGINAL}\n      reason: a test that the declaration is honoured\n",
    )
    path.write_text(text, encoding="utf-8")
    assert main(["--root", str(project), "validate", "--sources", str(sources)]) == 0


def test_a_copy_is_derived_from_its_original_and_adds_no_corroboration(result: BuildResult) -> None:
    assert (SOURCE[COPY], PROV.wasDerivedFrom, SOURCE[ORIGINAL]) in result.graph
    answer = rlskg.why("neurotransmitter abnormality")
    [related] = [p for p in answer.paths if p.steps[0].predicate.id == "associatedWith"]
    assert related.sources == ("Washington Sleep", "WebMD")
    assert related.independent == 1
    assert answer.to_dict()["paths"][answer.paths.index(related)]["independent_sources"] == 1


def test_two_versions_of_a_page_count_once() -> None:
    # NHLBI's 2009 and 2010 pages both say diabetes raises the risk: one publisher, counted once.
    [risk] = [p for p in rlskg.why("diabetes", max_paths=50).paths if p.kind == "risk"]  # after the causal chains
    assert (risk.sources, risk.independent) == (("NHLBI", "NHLBI DCI"), 1)


def test_derived_from_an_unknown_source_is_a_problem(
    project: Path, sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / SOURCES_YAML
    path.write_text(
        path.read_text(encoding="utf-8").replace(f"derived_from: {ORIGINAL}", "derived_from: webmb"), encoding="utf-8"
    )
    assert main(["--root", str(project), "validate", "--sources", str(sources)]) == 1
    assert "derived_from 'webmb' is not another source's id" in capsys.readouterr().err
