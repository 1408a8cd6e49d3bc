"""Shared fixtures: the real project, the real source texts, the built graph, and a network guard."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from rdflib import Graph

from rlskg.build import BuildResult, validate

ROOT = Path(__file__).resolve().parents[1]


def _sources() -> Path:
    env = os.environ.get("RLSKG_SOURCES")
    return Path(env) if env else ROOT.parent / "shared" / "sources"


SOURCES = _sources()

_LOOPBACK = ("127.", "::1", "localhost")


@pytest.fixture(autouse=True)
def network_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach outside the machine: connections go to loopback only."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and not str(host).startswith(_LOOPBACK):
            raise RuntimeError(f"test tried to reach the network: {address}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def sources() -> Path:
    assert (SOURCES / "nhlbi-what-causes-rls.txt").is_file(), f"source texts not found in {SOURCES}"
    return SOURCES


@pytest.fixture(scope="session")
def result(sources: Path) -> BuildResult:
    """The real graph, validated against the real sources, built once for the session."""
    return validate(ROOT, sources)


@pytest.fixture(scope="session")
def graph(result: BuildResult) -> Graph:
    return result.graph


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's ontology/ and graph/ to break, with an empty build/."""
    copy = tmp_path / "project"
    for name in ("ontology", "graph"):
        shutil.copytree(ROOT / name, copy / name)
    (copy / "build").mkdir()
    return copy
