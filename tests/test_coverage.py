"""Coverage: every sentence with causal language of each page here is a claim or an explained exclusion."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rlskg.build import BuildResult
from rlskg.cli import main
from rlskg.model.coverage import CAUSAL_LANGUAGE, PageCoverage, check, digest
from rlskg.model.curation import load_curation
from rlskg.model.sources import fold, sentences

from .conftest import ROOT

#: Every source of the graph: a page whose text is here is read from it, any other from graph/coverage.yaml.
SOURCE_IDS = [s.id for s in load_curation(ROOT).sources]


@pytest.fixture(scope="module")
def pages(result: BuildResult, page_texts: dict[str, str]) -> dict[str, PageCoverage]:
    return {page.source: page for page in check(ROOT, result.curation, page_texts)}


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_every_causal_sentence_is_covered(pages: dict[str, PageCoverage], source_id: str) -> None:
    page = pages[source_id]
    assert page.read_from in ("text", "record"), page.problem  # a page that cannot be checked fails
    assert page.problem is None
    assert page.found, "the causal-language finder found nothing on the page"
    assert [page.sentence(s) for s in page.missing] == []


@pytest.mark.parametrize("source_id", ["nhlbi", "webmd"])
def test_the_finder_finds_enough_on_the_seed_pages(pages: dict[str, PageCoverage], source_id: str) -> None:
    assert len(pages[source_id].found) >= 15, "the causal-language finder found too little to be meaningful"


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_exclusions_are_not_also_claims(result: BuildResult, pages: dict[str, PageCoverage], source_id: str) -> None:
    excluded = {digest(e.sentence) for e in result.curation.exclusions if e.source == source_id}
    spans = [(c.start, c.end) for c in result.curation.claims if c.source == source_id]
    for sentence in pages[source_id].found:
        if sentence.digest in excluded:
            assert not any(start < sentence.end and sentence.start < end for start, end in spans), sentence


def test_the_finder_catches_an_uncovered_sentence(result: BuildResult, page_texts: dict[str, str]) -> None:
    # Guard against a coverage test that cannot fail: drop the claims of one causal sentence.
    dropped = "Several conditions can cause this type of nerve damage, including diabetes."
    target = next(s for s in sentences(page_texts["nhlbi"]) if fold(s.text) == dropped)
    assert CAUSAL_LANGUAGE.search(target.text)
    curation = dataclasses.replace(
        result.curation,
        claims=[c for c in result.curation.claims if not (c.source == "nhlbi" and c.start < target.end <= c.end)],
    )
    nhlbi = next(p for p in check(ROOT, curation, page_texts) if p.source == "nhlbi")
    assert [nhlbi.sentence(s) for s in nhlbi.missing] == [dropped]


def test_a_page_kept_as_quotes_is_checked_from_its_record_without_its_text(
    result: BuildResult, page_texts: dict[str, str]
) -> None:
    quoted = [s.id for s in result.curation.sources if not s.kept]
    assert quoted, "no page of the graph is kept as quotes"
    without = {k: v for k, v in page_texts.items() if k not in quoted}
    for page in check(ROOT, result.curation, without):
        if page.source in quoted:
            assert page.read_from == "record" and page.problem is None and page.found, page.source
    # and a dropped claim is still caught from the record alone
    source = quoted[0]
    claims = [c for c in result.curation.claims if c.source != source]
    lost = check(ROOT, dataclasses.replace(result.curation, claims=claims), without)
    assert next(p for p in lost if p.source == source).missing


def test_a_record_of_another_text_is_refused(tmp_path: Path, result: BuildResult) -> None:
    (tmp_path / "graph").mkdir()
    source = next(s for s in result.curation.sources if not s.kept)
    (tmp_path / "graph" / "coverage.yaml").write_text(
        f"- source: {source.id}\n  sha256: {'0' * 64}\n  sentences: [[0, 10, abc]]\n", encoding="utf-8"
    )
    page = next(p for p in check(tmp_path, result.curation, {}) if p.source == source.id)
    assert page.read_from == "" and page.problem is not None and "another text" in page.problem


def test_sidebar_and_teaser_claims_say_their_part(result: BuildResult) -> None:
    parts = {c.id: c.part for c in result.curation.claims}
    assert "sidebar" not in parts.values()  # the one sidebar caption is an exclusion, with its reason
    assert parts["webmd-rls-steals-sleep"] == "teaser"
    assert parts["nhlbi-brain-iron-causes-rls"] == "main"


def test_coverage_command(project: Path, sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = ["--root", str(project)]
    assert main([*root, "coverage", "nhlbi", "--sources", str(sources)]) == 0
    assert capsys.readouterr().out.startswith("nhlbi: ")
    assert main([*root, "coverage", "nosuch"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown source 'nosuch'" in err
    # a page kept as quotes whose record no longer reads as its text does is named, with the remedy
    ledger = project / "graph" / "coverage.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("- [", "- [1", 1), encoding="utf-8")
    assert main([*root, "coverage", "webmd", "--sources", str(sources)]) == 1
    assert "run `rlskg coverage --write`" in capsys.readouterr().out
    assert main([*root, "coverage", "webmd", "--sources", str(sources), "--write"]) == 0
    assert "wrote graph/coverage.yaml" in capsys.readouterr().err
