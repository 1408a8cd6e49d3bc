"""Shared fixtures: the real project, the real source texts, the built graph (also built the large way and
held by Oxigraph's own server), a network guard, a browser."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from rlskg.build import BuildResult, build, validate
from rlskg.cli import main

ROOT = Path(__file__).resolve().parents[1]

# The seed pages, which the tests of fixed answers are written on: a page curated later adds to the
# graph, so such a test counts over these pages only (by source id, and by short name as answers print it).
SEED_SOURCES = ("nhlbi", "nhlbi-2009", "nhlbi-at-risk", "webmd", "washingtonsleep")
SEED_NAMES = ("NHLBI", "NHLBI DCI", "NHLBI at risk", "WebMD", "Washington Sleep")
#: What the seed pages say triggers RLS (rls:triggers rls:RLS); the pages added since add their own.
SEED_TRIGGERS = frozenset(
    {
        "Alcohol",
        "Antidepressant",
        "Antiemetic",
        "Antipsychotic",
        "CalciumChannelBlocker",
        "ColdAllergyMedicine",
        "Tobacco",
    }
)


def _sources() -> Path:
    """The folder of the seed pages' texts: $RLSKG_SOURCES when it holds them, else ../shared/sources.

    The build also looks in $RLSKG_SOURCES and the project's sources/ after it, so a folder of other
    pages' texts in $RLSKG_SOURCES (to verify the quotes of copyright pages) is used as well.
    """
    env = os.environ.get("RLSKG_SOURCES")
    if env and (Path(env) / "webmd-what-causes-rls.txt").is_file():
        return Path(env)
    return ROOT.parent / "shared" / "sources"


SOURCES = _sources()
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

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
    assert (SOURCES / "webmd-what-causes-rls.txt").is_file(), f"source texts not found in {SOURCES}"
    return SOURCES


@pytest.fixture(scope="session")
def result(sources: Path) -> BuildResult:
    """The real graph, validated against the real sources, built once for the session."""
    return validate(ROOT, sources)


@pytest.fixture(scope="session")
def page_texts(result: BuildResult) -> dict[str, str]:
    """The text of every source found where the build looks; a copyright page's may be absent."""
    from rlskg.model.sources import find_text

    found = {s.id: find_text(list(result.sources), s.file) for s in result.curation.sources}
    return {ident: path.read_text(encoding="utf-8") for ident, path in found.items() if path is not None}


@pytest.fixture(scope="session")
def graph(result: BuildResult) -> Graph:
    return result.graph


@pytest.fixture(scope="session")
def large_build(tmp_path_factory: pytest.TempPathFactory, sources: Path) -> Path:
    """The shipped graph built the large way: the folder of its rls.network.sqlite (and rls.nt)."""
    out = tmp_path_factory.mktemp("shipped-large")
    build(ROOT, out, sources, large=True)
    return out


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Oxigraph's server on loopback, stopped at the end; its base address."""
    binary = Path(sys.executable).with_name("oxigraph")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "oxigraph serve did not start"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def pushed(oxigraph_server: str) -> str:
    """The build, pushed to Oxigraph's server: its query address."""
    assert main(["push", "--endpoint", f"{oxigraph_server}/query", "--store", f"{oxigraph_server}/store"]) == 0
    return f"{oxigraph_server}/query"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's ontology/, graph/ and sources/ to break, with an empty build/."""
    copy = tmp_path / "project"
    for name in ("ontology", "graph", "sources"):
        shutil.copytree(ROOT / name, copy / name)
    (copy / "build").mkdir()
    return copy


def seed_curation(curation: Any) -> Any:
    """The curation of the seed pages alone: their sources and claims, and the entities these name."""
    import dataclasses

    claims = [c for c in curation.claims if c.source in SEED_SOURCES]
    named = {e for c in [*claims, *curation.background] for e in (c.subject, c.object)}
    ids = {c.id for c in claims}
    return dataclasses.replace(
        curation,
        sources=[s for s in curation.sources if s.id in SEED_SOURCES],
        entities=[e for e in curation.entities if e.id in named],
        claims=claims,
        tensions=[t for t in curation.tensions if set(t.claims) <= ids],
        disagreements=[d for d in curation.disagreements if set(d.claims) <= ids],
        exclusions=[x for x in curation.exclusions if x.source in SEED_SOURCES],
    )


@pytest.fixture
def seed_project(project: Path) -> Path:
    """The copy of the project with only its seed pages: the pages added since, and what is theirs, removed."""
    import yaml

    graph = project / "graph"

    def edit(name: str, keep: Any) -> None:
        path = graph / name
        records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        path.write_text(yaml.safe_dump([r for r in records if keep(r)], sort_keys=False, allow_unicode=True), "utf-8")

    seed_claims: set[str] = set()
    for path in (graph / "claims").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["source"] in SEED_SOURCES:
            seed_claims |= {c["id"] for c in data["claims"]}
        else:
            path.unlink()
    edit("sources.yaml", lambda r: r["id"] in SEED_SOURCES)
    used = {r["publisher"] for r in yaml.safe_load((graph / "sources.yaml").read_text(encoding="utf-8"))}
    edit("publishers.yaml", lambda r: r["id"] in used)
    edit("exclusions.yaml", lambda r: r["source"] in SEED_SOURCES)
    edit("tensions.yaml", lambda r: set(r["claims"]) <= seed_claims)
    edit("disagreements.yaml", lambda r: set(r["claims"]) <= seed_claims)
    return project


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright: one for every browser test of the session.

    Each test opens its own context and refuses the requests it does not expect; the flags keep
    Chromium itself from calling home.
    """
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run should install it")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()
