"""A wheel built from the checkout answers with no checkout: the built graph and saved queries ship inside it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from rlskg.rdf.network import load_graph
from rlskg.sparql import query, saved_queries

from .conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, built without the network and unpacked into a folder of its own."""
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--wheel-dir",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = wheels.glob("rls_kg-*.whl")
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def run(site: Path, cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """`rlskg ARGV` from the unpacked wheel, in a folder that is no project (the dependencies are this venv's)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RLSKG_")}
    env["PYTHONPATH"] = str(site)
    code = (
        "import sys, rlskg.cli; assert rlskg.cli.__file__.startswith(sys.argv[1]); "
        "sys.exit(rlskg.cli.main(sys.argv[2:]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(site), *argv], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_the_wheel_carries_the_graph_and_the_queries(installed: Path) -> None:
    assert (installed / "rlskg" / "graphdata" / "rls.network.json").is_file()
    assert (installed / "rlskg" / "queries" / "triggers.rq").is_file()
    assert not (installed / "rlskg" / "graphdata" / "lib").exists()  # setuptools' own build folder stays out


def test_why_from_the_wheel_with_no_checkout(installed: Path, tmp_path: Path) -> None:
    done = run(installed, tmp_path, "why", "diabetes")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Why is diabetes linked to restless legs syndrome?")
    assert "Causal: " in done.stdout and "NHLBI" in done.stdout


def test_sparql_saved_query_from_the_wheel_with_no_checkout(installed: Path, tmp_path: Path) -> None:
    done = run(installed, tmp_path, "sparql", "--saved", "triggers", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    # one row per triggers claim of the graph the checkout holds, as the same query finds there
    expected = query(load_graph(ROOT / "build" / "rls.ttl"), saved_queries(ROOT)["triggers"].text)
    assert rows[0].startswith("thing,label,certainty") and len(rows) == 1 + len(expected.bindings)
