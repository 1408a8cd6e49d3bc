"""Coverage: every sentence with causal language of each page here is a claim or an explained exclusion."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rlskg.build import BuildResult
from rlskg.model.curation import load_curation
from rlskg.model.sources import find_text, fold, sentences

from .conftest import ROOT

#: Every source of the graph; a page whose text is not here (a copyright page) is checked where it is.
SOURCE_IDS = [s.id for s in load_curation(ROOT).sources]

# Words that carry cause, mechanism, risk, trigger, worsening, association, refutation,
# improvement on stopping, heredity, use for treatment or consequence.
CAUSAL_LANGUAGE = re.compile(
    r"\b(caus\w*|trigger\w*|risk\w*|worsen\w*|linked|link|related|affect\w*|contribut\w*|leads? to|"
    r"more likely|run in families|genetic\w*|get better|go away|thought to|rejected|steals|can mean|"
    r"help\w*|uses? \w+ to make|works in|used to treat|not known|not clear|suggest\w*|withdrawal)\b",
    re.IGNORECASE,
)


def _text(result: BuildResult, source_id: str) -> str:
    path = find_text(list(result.sources), result.curation.source(source_id).file)
    if path is None:
        pytest.skip(f"the text of {source_id} is not here (a page whose text the project does not keep)")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_every_causal_sentence_is_covered(result: BuildResult, source_id: str) -> None:
    text = _text(result, source_id)
    spans = [(c.start, c.end) for c in result.curation.claims if c.source == source_id]
    excluded = {fold(e.sentence) for e in result.curation.exclusions if e.source == source_id}
    causal = [s for s in sentences(text) if CAUSAL_LANGUAGE.search(s.text)]
    assert causal, "the causal-language finder found nothing on the page"
    uncovered = [
        fold(s.text)
        for s in causal
        if fold(s.text) not in excluded and not any(start < s.end and s.start < end for start, end in spans)
    ]
    assert uncovered == []


@pytest.mark.parametrize("source_id", ["nhlbi", "webmd"])
def test_the_finder_finds_enough_on_the_seed_pages(result: BuildResult, source_id: str) -> None:
    causal = [s for s in sentences(_text(result, source_id)) if CAUSAL_LANGUAGE.search(s.text)]
    assert len(causal) >= 15, "the causal-language finder found too little to be meaningful"


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_exclusions_are_not_also_claims(result: BuildResult, source_id: str) -> None:
    text = _text(result, source_id)
    excluded = {fold(e.sentence) for e in result.curation.exclusions if e.source == source_id}
    spans = [(c.start, c.end) for c in result.curation.claims if c.source == source_id]
    for sentence in sentences(text):
        if fold(sentence.text) in excluded:
            assert not any(start < sentence.end and sentence.start < end for start, end in spans), sentence.text


def test_the_finder_catches_an_uncovered_sentence(result: BuildResult, sources: Path) -> None:
    # Guard against a coverage test that cannot fail: drop the claims of one causal sentence.
    dropped = "Several conditions can cause this type of nerve damage, including diabetes."
    text = (sources / "nhlbi-what-causes-rls.txt").read_text(encoding="utf-8")
    target = next(s for s in sentences(text) if fold(s.text) == dropped)
    spans = [(c.start, c.end) for c in result.curation.claims if c.source == "nhlbi" and c.start != target.start]
    assert CAUSAL_LANGUAGE.search(target.text)
    assert not any(start < target.end and target.start < end for start, end in spans)


def test_sidebar_and_teaser_claims_say_their_part(result: BuildResult) -> None:
    parts = {c.id: c.part for c in result.curation.claims}
    assert "sidebar" not in parts.values()  # the one sidebar caption is an exclusion, with its reason
    assert parts["webmd-rls-steals-sleep"] == "teaser"
    assert parts["nhlbi-brain-iron-causes-rls"] == "main"
