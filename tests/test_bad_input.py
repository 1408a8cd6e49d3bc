"""Bad input: one line per problem naming file and line, a non-zero exit, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from rlskg.cli import main
from rlskg.model.curation import load_curation


def edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` with ``new``; return the line ``new`` starts on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def claim_line(path: Path, claim_id: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line == f"- id: {claim_id}")


def run_build(project: Path, sources: Path | str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = main(["--root", str(project), "build", "--sources", str(sources)])
    err = capsys.readouterr().err.strip().splitlines()
    return status, err


def assert_nothing_written(project: Path) -> None:
    assert list((project / "build").iterdir()) == []


NHLBI = "graph/claims/nhlbi.yaml"
WEBMD = "graph/claims/webmd.yaml"


def test_unknown_entity(project: Path, sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / NHLBI
    edit(path, "  subject: Diabetes\n  predicate: increasesRiskOf", "  subject: Diabetis\n  predicate: increasesRiskOf")
    status, err = run_build(project, sources, capsys)
    assert status == 1
    line = claim_line(path, "nhlbi-diabetes-risk")
    assert f"{NHLBI}:{line}: unknown subject entity 'Diabetis' (did you mean 'Diabetes'?)" in err
    assert_nothing_written(project)


def test_misspelt_predicate(project: Path, sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / WEBMD
    edit(
        path,
        "  subject: FamilyHistory\n  predicate: increasesRiskOf",
        "  subject: FamilyHistory\n  predicate: increasesRiskof",
    )
    status, err = run_build(project, sources, capsys)
    assert status == 1
    line = claim_line(path, "webmd-runs-in-families")
    assert f"{WEBMD}:{line}: unknown predicate 'increasesRiskof' (did you mean 'increasesRiskOf'?)" in err
    assert_nothing_written(project)


def test_quote_not_in_source(project: Path, sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / WEBMD
    edit(
        path,
        'quote: "In many cases, RLS seems to run in families."',
        'quote: "In many cases, RLS seems to run in families everywhere."',
    )
    status, err = run_build(project, sources, capsys)
    assert status == 1
    line = claim_line(path, "webmd-runs-in-families")
    assert (
        err[0] == f"{WEBMD}:{line}: quote not found in webmd: 'In many cases, RLS seems to run in families everywhere.'"
    )
    assert_nothing_written(project)


def test_wrong_offsets_name_the_right_ones(project: Path, sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / WEBMD
    edit(path, "  start: 2237\n  end: 2281", "  start: 2236\n  end: 2280")
    status, err = run_build(project, sources, capsys)
    assert status == 1
    line = claim_line(path, "webmd-runs-in-families")
    assert err[0] == f"{WEBMD}:{line}: quote is not at 2236-2280; it is at start: 2237, end: 2281"
    assert_nothing_written(project)


def test_duplicate_claim_id(project: Path, sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / NHLBI
    first = claim_line(path, "nhlbi-diabetes-risk")
    edit(path, "- id: nhlbi-pregnancy-risk\n", "- id: nhlbi-diabetes-risk\n")
    second = claim_line(path, "nhlbi-pregnancy-risk") if "nhlbi-pregnancy-risk\n" in path.read_text() else None
    assert second is None
    status, err = run_build(project, sources, capsys)
    assert status == 1
    assert any(
        e.startswith(f"{NHLBI}:") and f"duplicate claim id 'nhlbi-diabetes-risk' (first at line {first})" in e
        for e in err
    )
    assert_nothing_written(project)


def test_malformed_yaml(project: Path, sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "graph/entities.yaml"
    line = edit(path, "  synonyms: [renal failure]", "  synonyms: [renal failure")
    status, err = run_build(project, sources, capsys)
    assert status == 1
    assert len(err) == 2 and err[1] == "1 problem(s); nothing written"
    file, found_line, message = err[0].split(":", 2)
    assert file == "graph/entities.yaml" and message.startswith(" malformed YAML")
    assert line <= int(found_line) <= line + 3  # the parser notices at the next token
    assert_nothing_written(project)


@pytest.mark.parametrize(
    "case",
    [
        # The merge key used to escape as a raw ConstructorError traceback.
        ("  synonyms: [renal failure]", "  synonyms: <<", "malformed YAML: could not determine a constructor"),
        ("  synonyms: [renal failure]", "  ? [renal, failure]\n  : x", "a key must be plain text"),
        ("  synonyms: [renal failure]", "  synonyms: *renal", "malformed YAML: found undefined alias renal"),
    ],
)
def test_yaml_shapes_we_do_not_read(
    project: Path, sources: Path, capsys: pytest.CaptureFixture[str], case: tuple[str, str, str]
) -> None:
    old, new, message = case
    path = project / "graph/entities.yaml"
    line = edit(path, old, new)
    status, err = run_build(project, sources, capsys)
    assert status == 1
    assert len(err) == 2 and err[1] == "1 problem(s); nothing written"
    assert err[0].startswith(f"graph/entities.yaml:{line}: {message}")
    assert_nothing_written(project)


def test_two_yaml_documents_in_one_file(project: Path, sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "graph/entities.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "---\n- id: Extra\n", encoding="utf-8")
    lines = path.read_text(encoding="utf-8").count("\n")
    status, err = run_build(project, sources, capsys)
    assert status == 1
    assert err[0] == f"graph/entities.yaml:{lines - 1}: malformed YAML: expected a single document, but found another"
    assert_nothing_written(project)


def test_missing_field(project: Path, sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / NHLBI
    edit(path, "  cue: can cause\n", "")
    status, err = run_build(project, sources, capsys)
    assert status == 1
    assert f"{NHLBI}:{claim_line(path, 'nhlbi-diabetes-causes-nerve-damage')}: claim is missing 'cue'" in err


def test_missing_sources_directory(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-such-folder"
    status, err = run_build(project, missing, capsys)
    assert status == 1
    assert err[0] == f"{missing}: sources directory does not exist"
    assert_nothing_written(project)


def test_changed_source_text_fails_its_sha256(
    project: Path, sources: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    altered = tmp_path / "altered"
    altered.mkdir()
    for text in sources.glob("*.txt"):
        (altered / text.name).write_bytes(text.read_bytes())
    with (altered / "webmd-what-causes-rls.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nAn added line.")
    status, err = run_build(project, altered, capsys)
    assert status == 1
    assert err[0].startswith("graph/sources.yaml:") and "sha256 of" in err[0]


def test_refuted_claim_asserted_elsewhere_must_be_recorded(
    project: Path, sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        project / "graph/disagreements.yaml",
        "[nhlbi-nerve-damage-causes-rls, webmd-leg-nerve-disease-refuted]",
        "[nhlbi-nerve-damage-causes-rls, webmd-causes-not-known]",
    )
    status, err = run_build(project, sources, capsys)
    assert status == 1
    line = claim_line(project / WEBMD, "webmd-leg-nerve-disease-refuted")
    assert (
        f"{WEBMD}:{line}: refuted here but asserted by 'nhlbi-nerve-damage-causes-rls': "
        "record it in graph/disagreements.yaml"
    ) in err


def test_bad_ontology_turtle(project: Path, sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project / "ontology/rls.ttl", "rls:Entity a owl:Class ;", "rls:Entity a owl:Class ;;;; ]")
    status, err = run_build(project, sources, capsys)
    assert status == 1
    assert err[0].startswith("ontology/rls.ttl:") and "bad Turtle" in err[0]
    assert_nothing_written(project)


def test_validate_writes_nothing(project: Path, sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "validate", "--sources", str(sources)]) == 0
    assert f"valid: {len(load_curation(project).entities)} entities" in capsys.readouterr().out
    assert_nothing_written(project)


def test_failed_build_keeps_the_previous_files(
    project: Path, sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(project), "build", "--sources", str(sources)]) == 0
    before = {p: p.read_bytes() for p in (project / "build").rglob("*") if p.is_file()}
    edit(project / NHLBI, "predicate: worsens", "predicate: worsen")
    assert run_build(project, sources, capsys)[0] == 1
    assert {p: p.read_bytes() for p in (project / "build").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("kind", ["out-is-a-file", "unwritable"])
def test_build_out_that_cannot_be_written_is_one_line(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a-file" if kind == "out-is-a-file" else Path("/proc/nope")
    if kind == "out-is-a-file":
        out.write_text("not a folder", encoding="utf-8")
    assert main(["build", "--out", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("rlskg: cannot write the build to "), err


def test_why_html_to_an_unwritable_place_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["why", "diabetes", "--html", "/proc/nope/answer.html"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == ["rlskg: cannot write /proc/nope/answer.html: No such file or directory"]


def test_why_html_through_brain_iron_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # It raised KeyError: 'webmd-cause-not-clear' for every entity whose chain passes through brain iron.
    page = tmp_path / "pregnancy.html"
    assert main(["why", "pregnancy", "--html", str(page)]) == 0
    assert page.is_file() and "Why is pregnancy linked to restless legs syndrome?" in page.read_text(encoding="utf-8")


def test_a_bug_of_ours_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    import rlskg.sparql  # noqa: F401 - the module whose function is broken here

    def broken(*args: object, **kwargs: object) -> bytes:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(sys.modules["rlskg.sparql.query"], "query_written", broken)
    monkeypatch.delenv("RLSKG_DEBUG", raising=False)
    assert main(["sparql", "--saved", "triggers"]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("rlskg: internal error (ZeroDivisionError: division by zero); rerun with RLSKG_DEBUG=1")
    monkeypatch.setenv("RLSKG_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["sparql", "--saved", "triggers"])
