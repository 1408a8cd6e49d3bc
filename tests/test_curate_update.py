"""`rlskg curate --update-of`: a source's claims found again in an edited copy of its page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rlskg.build import BuildResult
from rlskg.cli import main
from rlskg.model.sources import fold

ROOT = Path(__file__).resolve().parents[1]

# The edits, each (old, new), made to a copy of the WebMD page.
WHITE_SPACE = ("RLS may be related to", "RLS may be  related to")  # changed white space inside a quote
REORDERED = ("1. Alcohol\n    2. Caffeine", "1. Caffeine\n    2. Alcohol")  # reordered list, renumbered items
REWRITTEN = ("RLS seems to run in families.", "RLS appears to run in families.")
REMOVED = (" People with a genetic link to RLS tend to get the condition earlier in life.", "")
ADDED = ("Find out how", "Smoking can also worsen RLS symptoms.\n    Find out how")

UNCHANGED = {"webmd-causes-not-known", "webmd-leg-blood-vessel-disease-refuted", "webmd-leg-nerve-disease-refuted"}
CHANGED = {"webmd-runs-in-families"}
GONE = {"webmd-genetic-link-earlier-onset"}
LEAD = "Other medical conditions linked to RLS include:"


@pytest.fixture
def edited(tmp_path: Path, sources: Path) -> tuple[str, Path]:
    text = (sources / "webmd-what-causes-rls.txt").read_text(encoding="utf-8")
    for old, new in (WHITE_SPACE, REORDERED, REWRITTEN, REMOVED, ADDED):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    page = tmp_path / "webmd-v2.txt"
    page.write_text(text, encoding="utf-8")
    return text, page


def test_each_claim_has_its_fate(
    project: Path, result: BuildResult, edited: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    text, page = edited
    assert main(["--root", str(project), "curate", str(page), "--update-of", "webmd", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    fates = {c["id"]: c for c in document["claims"]}
    claims = {c.id: c for c in result.curation.claims if c.source == "webmd"}
    assert set(fates) == set(claims)
    expected = {
        ident: "unchanged"
        if ident in UNCHANGED
        else "changed"
        if ident in CHANGED
        else "gone"
        if ident in GONE
        else "moved"
        for ident in claims
    }
    assert {ident: found["fate"] for ident, found in fates.items()} == expected
    for ident, found in fates.items():
        claim = claims[ident]
        if found["fate"] == "gone":
            assert (found["start"], found["end"]) == (None, None)
            continue
        here = text[found["start"] : found["end"]]
        if found["fate"] == "unchanged":
            assert (found["start"], found["end"]) == (claim.start, claim.end)
        elif claim.quote.startswith(LEAD):
            # a quote over the list is found again by its lead sentence and its own item
            own_item = re.split(r"\s\d\. ", fold(claim.quote))[-1]
            assert fold(here).startswith(LEAD) and fold(here).endswith(own_item)
            assert fold(here) != fold(claim.quote)
        elif found["fate"] == "moved":
            assert fold(here) == fold(claim.quote)
            assert found["start"] != claim.start or found["end"] != claim.end
        else:
            assert fold(here) == "In many cases, RLS appears to run in families."


def test_the_new_version_adds_candidates(
    project: Path, edited: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, page = edited
    assert main(["--root", str(project), "curate", str(page), "--update-of", "webmd", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    added = {(c["subject"]["id"], c["predicate"], c["object"]["id"]) for c in document["candidates"]}
    assert ("Tobacco", "worsens", "RLS") in added
    # what the standing claims already say is not proposed again
    assert ("Caffeine", "associatedWith", "RLS") not in added
    assert ("FamilyHistory", "increasesRiskOf", "RLS") not in added


def test_update_of_an_unknown_source(
    project: Path, edited: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, page = edited
    assert main(["--root", str(project), "curate", str(page), "--update-of", "mayo"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown source 'mayo'" in err
    assert not (project / "graph" / "drafts").exists()


def test_prefix_and_suffix_choose_between_two_places(result: BuildResult, sources: Path) -> None:
    from rlskg.curate.reanchor import reanchor

    claim = next(c for c in result.curation.claims if c.id == "webmd-runs-in-families")
    text = (sources / "webmd-what-causes-rls.txt").read_text(encoding="utf-8")
    # A long preface moves everything; a copy of the sentence just above its heading lands nearer
    # the old offsets than the sentence itself, so only the prefix and suffix can tell them apart.
    copied = "In many cases, RLS seems to run in families."
    heading = "What Are the Risk Factors for RLS?"
    preface = "Preface. " * 40 + "\n"
    new = preface + text.replace(heading, f"{copied}\n    {heading}")
    original = new.index(copied, new.index(heading))
    assert abs(new.index(copied) - claim.start) < abs(original - claim.start)
    anchor = reanchor(claim, new)
    assert (anchor.fate, anchor.start, anchor.end) == ("moved", original, original + len(copied))
