"""`rlskg open` and `rlskg why --html`: the page's address, rebuilding when stale, focused views."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rlskg.cli import main

from .conftest import ROOT


def test_open_prints_the_focused_address(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["open", "Paxil", "--no-browser"]) == 0
    assert capsys.readouterr().out.strip() == (ROOT / "build" / "rls.html").as_uri() + "#focus=Paroxetine"


def test_open_unknown_and_ambiguous_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["open", "broccoli", "--no-browser"]) == 1
    assert capsys.readouterr().err.startswith("rlskg: nothing in the graph is called 'broccoli'")
    assert main(["open", "blood", "--no-browser"]) == 2


def test_open_rebuilds_a_stale_page(
    project: Path, sources: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RLSKG_SOURCES", str(sources))
    assert main(["--root", str(project), "build"]) == 0
    page = project / "build" / "rls.html"
    old = page.stat().st_mtime
    edited = old + 10  # a curator edits a claim file after the build
    os.utime(project / "graph" / "claims" / "webmd.yaml", (edited, edited))
    capsys.readouterr()
    assert main(["--root", str(project), "open", "--no-browser"]) == 0
    captured = capsys.readouterr()
    assert "stale; rebuilding" in captured.err
    assert page.stat().st_mtime > old
    assert captured.out.strip() == page.resolve().as_uri()


def test_why_html_writes_a_view_of_that_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hbp.html"
    assert main(["why", "high blood pressure", "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<title>Why is high blood pressure linked to restless legs syndrome?</title>" in page
    assert '"focus":"Hypertension"' in page
    # only the answer's entities are drawn (every claim stays in the data, for the conflicts it names)
    assert '"id":"CalciumChannelBlocker"' in page and '"id":"Diabetes"' not in page
