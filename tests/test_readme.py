"""The README's commands stay true: CI runs exactly the README's test command."""

from __future__ import annotations

import re

from rlskg.build import BuildResult

from .conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick_start)


def test_readme_has_an_install_and_a_test_command() -> None:
    install, test = _commands()
    assert "pip install -e ." in install and "rlskg build" in install
    assert "'.[test]'" in test and "pytest" in test


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _commands()[1] in ci


def _table(heading: str) -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(heading, 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows[1:]]


def test_readme_kind_table_says_what_the_ontology_declares(result: BuildResult) -> None:
    documented = {row[0]: row for row in _table("### What a chain may do")}
    assert set(documented) == set(result.ontology.kinds)
    for name, kind in result.ontology.kinds.items():
        relations = {r.name for r in result.ontology.relations.values() if r.kind == name}
        assert set(re.findall(r"`(\w+)`", documented[name][1])) == relations, name
        best = documented[name][3]
        assert best.startswith("(neutral") if kind.chain_kind == "neutral" else best in (kind.chain_kind, ""), name


def test_readme_verdict_table_is_the_ontology_vocabulary(result: BuildResult) -> None:
    assert [row[0].strip("`") for row in _table("### Verdicts")] == list(result.ontology.verdicts)


def test_readme_licence_table_is_the_ontology_vocabulary(result: BuildResult) -> None:
    documented = {row[0].strip("`"): row for row in _licences()}
    assert set(documented) == set(result.ontology.licences)
    for code, iri in result.ontology.licences.items():
        assert documented[code][1] == str(iri)
        assert documented[code][2].startswith("yes") == (code in result.ontology.whole_text_licences), code


def _licences() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| licence | IRI | whole text kept |", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


def test_readme_names_every_publisher_type(result: BuildResult) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `type` | publishers |"))
    for code in result.ontology.publisher_types:
        assert code in row, code
