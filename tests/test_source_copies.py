"""A page that copies another is recorded as derived from it, and corroborates nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib.namespace import PROV

from rlskg.build import build
from rlskg.cli import main
from rlskg.kg import KnowledgeGraph
from rlskg.model.ontology import SOURCE


@pytest.fixture
def mirrored(project: Path, sources: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The project with a mirror of the NHLBI page that repeats its alcohol claim, and the texts."""
    texts = tmp_path / "texts"
    shutil.copytree(sources, texts)
    shutil.copy(texts / "nhlbi-what-causes-rls.txt", texts / "mirror-of-nhlbi.txt")
    nhlbi = (project / "graph" / "sources.yaml").read_text(encoding="utf-8")
    digest = next(line.split(": ")[1] for line in nhlbi.splitlines() if line.strip().startswith("sha256:"))
    with (project / "graph" / "sources.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "\n- id: mirror\n  short_name: Mirror\n  file: mirror-of-nhlbi.txt\n  title: A copy of NHLBI's page\n"
            "  publisher: A health portal\n  date: 2012-01-01\n  date_statement: copied in 2012\n"
            f"  sha256: {digest}\n  derived_from: nhlbi\n"
        )
    claims = (project / "graph" / "claims" / "nhlbi.yaml").read_text(encoding="utf-8")
    start = claims.index("- id: nhlbi-alcohol-triggers-rls")
    block = claims[start : claims.index("\n\n", start)].replace("nhlbi-alcohol-triggers-rls", "mirror-alcohol")
    (project / "graph" / "claims" / "mirror.yaml").write_text(
        f"source: mirror\ncurated_on: 2026-11-22\n\nclaims:\n{block}\n", encoding="utf-8"
    )
    return project, texts


def test_a_copy_is_derived_from_its_original_and_adds_no_corroboration(mirrored: tuple[Path, Path]) -> None:
    project, texts = mirrored
    result = build(project, project / "build", texts)
    assert (SOURCE.mirror, PROV.wasDerivedFrom, SOURCE.nhlbi) in result.graph
    answer = KnowledgeGraph.open(project / "build").why("alcohol")
    [trigger] = [p for p in answer.paths if p.steps[0].predicate.id == "triggers"]
    assert trigger.sources == ("Mirror", "NHLBI") and trigger.independent == 1
    assert answer.to_dict()["paths"][0]["independent_sources"] == 1


def test_derived_from_an_unknown_source_is_a_problem(
    mirrored: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project, texts = mirrored
    path = project / "graph" / "sources.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("derived_from: nhlbi", "derived_from: nhlby"), encoding="utf-8"
    )
    assert main(["--root", str(project), "validate", "--sources", str(texts)]) == 1
    assert "derived_from 'nhlby' is not another source's id" in capsys.readouterr().err
