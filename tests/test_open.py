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
    # only the answer's entities are drawn (the data keeps the claims they lead to, see below)
    assert '"id":"CalciumChannelBlocker"' in page and '"id":"Diabetes"' not in page


def _page_data(page: str) -> dict[str, object]:
    import html
    import json

    start = page.index('<script type="application/json" id="rls-data">') + len(
        '<script type="application/json" id="rls-data">'
    )
    return dict(json.loads(html.unescape(page[start : page.index("</script>", start)])))


@pytest.mark.parametrize("name", ["diabetes", "brain iron", "amitriptyline", "Paxil", "high blood pressure"])
def test_an_answer_page_carries_the_claims_it_can_show_not_the_graph(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    import rlskg

    assert main(["why", name, "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    out = tmp_path / "answer.html"
    assert main(["why", name, "--html", str(out)]) == 0
    claims = _page_data(out.read_text(encoding="utf-8"))["claims"]
    assert isinstance(claims, dict)
    every = rlskg.open().to_networkx().graph["claims"]
    # each claim the answer quotes (its steps, its refutations, its conflicts) is in the page ...
    quoted = set()
    for chain in answer["paths"]:
        for step in chain["steps"]:
            quoted |= {c["id"] for c in step["claims"]}
    quoted |= {c["id"] for r in answer.get("refuted", []) for c in r.get("claims", [])}
    quoted |= {c["other"]["id"] for c in answer.get("conflicts", []) if isinstance(c.get("other"), dict)}
    assert quoted and quoted <= set(claims)
    # ... with what they lead to, and nothing far from the answer
    for claim in claims.values():
        for other in (*claim["contradicted_by"], *claim.get("premises", [])):
            assert other in claims
    assert len(claims) < len(every)
