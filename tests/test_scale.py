"""The large-graph path: synthetic projects, N-Triples and the networkx view made from the records.

The fast path must give the same graph as the rdflib path: checked on the shipped graph and on a
small synthetic project. Sizes that take minutes are marked ``slow`` (run them with ``-m slow``).
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from rlskg.build import ARTIFACTS, LARGE_ARTIFACTS, BuildResult, build, validate
from rlskg.cli import main
from rlskg.errors import ValidationFailed
from rlskg.explain import Explainer
from rlskg.kg import load_network
from rlskg.rdf.bulk import network_from_model, write_ntriples
from rlskg.rdf.network import to_network_json, to_networkx

from .conftest import ROOT

SYNTHETIC = ROOT / "benchmarks" / "synthetic.py"


def generate(out: Path, claims: int, seed: int = 7) -> list[str]:
    """Run the generator as a user would; return the names it suggests asking about."""
    done = subprocess.run(
        [sys.executable, str(SYNTHETIC), "--claims", str(claims), "--out", str(out), "--seed", str(seed)],
        capture_output=True,
        text=True,
        check=True,
    )
    return [line.split(" why ", 1)[1].strip().strip('"') for line in done.stdout.splitlines() if " why " in line]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("synthetic") / "kg"
    return out, generate(out, 300)


def _nt_graph(result: BuildResult) -> Graph:
    buffer = io.BytesIO()
    write_ntriples(result.curation, result.ontology, result.entailed, buffer)
    return Graph().parse(data=buffer.getvalue().decode("utf-8"), format="nt")


def test_bulk_ntriples_are_the_shipped_graph(result: BuildResult) -> None:
    bulk = _nt_graph(result)
    assert len(bulk) == len(result.graph)
    assert isomorphic(bulk, result.graph)


def test_bulk_network_is_the_shipped_view(result: BuildResult) -> None:
    fast = network_from_model(result.curation, result.ontology, result.entailed)
    assert to_network_json(fast) == to_network_json(to_networkx(result.graph))
    assert to_network_json(fast) == (ROOT / "build" / "rls.network.json").read_bytes()


def test_synthetic_project_builds_both_ways_to_the_same_graph(synthetic: tuple[Path, list[str]]) -> None:
    root, _ = synthetic
    small = validate(root, root / "sources", large=False)
    large = validate(root, root / "sources", large=True)
    assert large.large and not small.large
    assert large.triples == len(small.graph)
    assert isomorphic(_nt_graph(large), small.graph)
    assert to_network_json(large.network) == to_network_json(small.network)
    kinds = {data["kind"] for _, _, data in large.network.edges(data=True)}
    assert {"causal", "risk", "worsening", "mechanism", "association", "context", "membership"} <= kinds
    assert large.entailed and small.curation.disagreements and small.curation.tensions
    assert any(c.certainty == "refuted" for c in small.curation.claims)
    assert any(c.layer == "implied" and c.reading for c in small.curation.claims)


def test_synthetic_generator_is_deterministic(tmp_path: Path) -> None:
    generate(tmp_path / "a", 120, seed=3)
    generate(tmp_path / "b", 120, seed=3)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_large_build_is_byte_identical_and_answers_why(
    synthetic: tuple[Path, list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, names = synthetic
    first = build(root, tmp_path / "a", root / "sources", large=True)
    build(root, tmp_path / "b", root / "sources", large=True)
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(LARGE_ARTIFACTS)
    for name in LARGE_ARTIFACTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert "no rls.ttl, rls.jsonld, rls.graphml or rls.html" in first.summary
    G = load_network(tmp_path / "a" / "rls.network.pickle")
    assert to_network_json(G) == to_network_json(first.network)
    answers = [Explainer.of(G).why(name) for name in names]
    assert all(a.verdict not in ("unknown", "none") for a in answers), [(a.query, a.verdict) for a in answers]
    assert answers[0].paths and len(answers[0].paths[0].steps) >= 2

    # The command line, from another folder, with --root: builds into DIR/build and answers from it.
    assert main(["--root", str(root), "build", "--sources", str(root / "sources")]) == 0
    capsys.readouterr()
    assert main(["--root", str(root), "why", names[0], "--format", "json"]) == 0
    assert f'"query": "{names[0]}"' in capsys.readouterr().out
    # SPARQL reads the large build's N-Triples.
    assert (
        main(["--root", str(root), "sparql", "SELECT (COUNT(?c) AS ?n) WHERE { ?c a rls:Claim }", "--format", "csv"])
        == 0
    )
    assert capsys.readouterr().out.splitlines()[1] == str(len(first.curation.claims) + len(first.entailed))


def test_a_large_build_replaces_a_small_one_and_back(synthetic: tuple[Path, list[str]], tmp_path: Path) -> None:
    root, _ = synthetic
    out = tmp_path / "out"

    def written() -> list[str]:
        return sorted(str(p.relative_to(out)) for p in out.rglob("*"))

    build(root, out, root / "sources", large=False)
    assert written() == sorted({*ARTIFACTS, "kgx"})  # the KGX files sit in a folder of their own
    build(root, out, root / "sources", large=True)
    assert written() == sorted(LARGE_ARTIFACTS)


def test_large_path_reports_shacl_problems_with_file_and_line(
    synthetic: tuple[Path, list[str]], tmp_path: Path
) -> None:
    import shutil

    root, _ = synthetic
    broken = tmp_path / "broken"
    for name in ("ontology", "graph", "sources"):
        shutil.copytree(root / name, broken / name)
    # What only SHACL sees: an ontology term with two labels (the shapes allow one).
    ontology = broken / "ontology" / "rls.ttl"
    text = ontology.read_text(encoding="utf-8")
    ontology.write_text(text.replace("rls:Drug a owl:Class", 'rls:Drug a owl:Class ; rdfs:label "again"', 1))
    out = tmp_path / "out"
    with pytest.raises(ValidationFailed) as failed:
        build(broken, out, broken / "sources", large=True)
    assert [str(p) for p in failed.value.problems] == [
        "build/rls.nt: SHACL: every ontology term has one rdfs:label (https://w3id.org/rls-kg/Drug)"
    ]
    assert not out.exists()  # nothing written


@pytest.mark.slow
def test_ten_thousand_claims_build_and_answer(tmp_path: Path) -> None:
    root = tmp_path / "kg"
    names = generate(root, 10_000)
    result = build(root, None, root / "sources")
    assert result.large
    explainer = Explainer.of(load_network(root / "build" / "rls.network.pickle"))
    for name in names:
        assert explainer.why(name).verdict != "unknown"
