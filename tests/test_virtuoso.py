"""The same answers from Virtuoso (Debian's virtuoso-opensource), started and stopped on loopback by the test.

Marked `virtuoso` and left out of the default run: `.ci/run` runs it when the package is installed
(`pytest -m virtuoso`). Virtuoso answers a query without FROM over all of its graphs, so the build
is pushed into one named graph of an otherwise empty store.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import rlskg
from rlskg.cli import main
from rlskg.sparql import saved_queries

from .conftest import ROOT

pytestmark = [
    pytest.mark.virtuoso,
    pytest.mark.skipif(shutil.which("virtuoso-t") is None, reason="Virtuoso is not installed (virtuoso-opensource)"),
]
INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
GRAPH = "https://w3id.org/rls-kg/graph/all"


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh Virtuoso on loopback whose SPARQL user may write through the Graph Store Protocol."""
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = _port(), _port()
    ini = INI.read_text(encoding="utf-8").replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    ini = re.sub(r"(?m)^ServerPort(\s*)= 1111", rf"ServerPort\1= 127.0.0.1:{sql}", ini)
    ini = re.sub(r"(?m)^ServerPort(\s*)= 8890", rf"ServerPort\1= 127.0.0.1:{http}", ini)
    (folder / "virtuoso.ini").write_text(ini, encoding="utf-8")
    process = subprocess.Popen(
        ["virtuoso-t", "-f", "-c", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", http), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, "virtuoso-t stopped while starting"
                assert time.monotonic() < deadline, "Virtuoso did not start"
                time.sleep(0.5)
        grant = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"
        subprocess.run(["isql-vt", f"127.0.0.1:{sql}", "dba", "dba", f"exec={grant}"], check=True, capture_output=True)
        yield f"http://127.0.0.1:{http}"
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@pytest.fixture(scope="module")
def pushed(virtuoso: str) -> str:
    assert (
        main(["push", "--endpoint", f"{virtuoso}/sparql", "--store", f"{virtuoso}/sparql-graph-crud", "--graph", GRAPH])
        == 0
    )
    return f"{virtuoso}/sparql"


def _rows(data: dict[str, object]) -> list[str]:
    """Result rows as comparable text: GROUP_CONCAT joins in no set order, so each value's parts are sorted."""
    bindings = data["results"]["bindings"]  # type: ignore[index]
    return sorted(
        json.dumps({k: sorted(v["value"].split("; ")) for k, v in row.items()}, sort_keys=True) for row in bindings
    )


@pytest.mark.parametrize("name", sorted(saved_queries(ROOT)))
def test_saved_queries_answer_the_same(pushed: str, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["sparql", "--saved", name, "--format", "json"]) == 0
    here = json.loads(capsys.readouterr().out)
    assert main(["sparql", "--saved", name, "--format", "json", "--endpoint", pushed]) == 0
    there = json.loads(capsys.readouterr().out)
    assert _rows(there) == _rows(here) != []


@pytest.mark.parametrize("name", ["diabetes", "Tofranil", "dopamine", "high blood pressure", "nerve damage", "fatigue"])
def test_why_answers_the_same(pushed: str, name: str) -> None:
    assert rlskg.open(pushed).why(name, max_paths=50).to_dict() == rlskg.why(name, max_paths=50).to_dict()


def test_the_front_door_opens_virtuoso(pushed: str) -> None:
    kg = rlskg.open(pushed)  # what `rlskg serve --endpoint` answers its web pages from
    assert kg.why("Paxil", max_paths=50).to_dict() == rlskg.why("Paxil", max_paths=50).to_dict()
    assert {"Alcohol", "Tobacco", "IronDeficiency"} <= {ident for ident, _ in kg.linked_to("RLS")}
