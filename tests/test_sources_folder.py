"""sources/: the whole texts the project keeps, each described in its README, and only pages it may keep."""

from __future__ import annotations

import re

import pytest

from rlskg.build import BuildResult
from rlskg.model.sources import sha256_of

from .conftest import ROOT

FOLDER = ROOT / "sources"
README = FOLDER / "README.md"
TEXTS = sorted(p.name for p in FOLDER.iterdir() if p.name != "README.md")


def _rows() -> dict[str, list[str]]:
    """The README's first table, by file name."""
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 8:
            rows[cells[0].strip("`")] = cells
    return rows


def test_every_kept_text_is_described() -> None:
    assert TEXTS and set(_rows()) == set(TEXTS)


@pytest.mark.parametrize("name", TEXTS)
def test_each_text_is_as_described_and_may_be_kept(name: str) -> None:
    _, address, publisher, stated, retrieved, licence, digest, obtained = _rows()[name]
    assert digest.strip("`") == sha256_of(FOLDER / name)
    assert re.match(r"(public domain|OGL-3\.0|CC BY-SA)", licence), f"{name}: {licence} does not allow keeping it"
    assert address and publisher and stated and retrieved and obtained


def test_every_page_whose_text_is_kept_is_here(result: BuildResult) -> None:
    kept = [s for s in result.curation.sources if s.kept]
    assert {"nhlbi", "nhlbi-2009", "nhlbi-at-risk"} <= {s.id for s in kept}
    for source in kept:
        assert sha256_of(FOLDER / source.file) == source.sha256
        assert source.licence in result.ontology.whole_text_licences
    quoted = [s for s in result.curation.sources if not s.kept]
    assert all(not (FOLDER / s.file).exists() for s in quoted)  # a page in copyright is never kept whole
    assert {s.id for s in quoted} == {s.id for s in result.curation.sources if s.licence == "copyright"}
    assert {"webmd", "washingtonsleep"} <= {s.id for s in quoted}
    for source in quoted:  # the README says how to get and verify each
        assert f"| `{source.id}` | `{source.file}` |" in README.read_text(encoding="utf-8")
        assert source.sha256 in README.read_text(encoding="utf-8")
