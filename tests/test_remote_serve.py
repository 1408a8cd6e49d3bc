"""`rlskg serve --endpoint` in front of Oxigraph's own server on loopback, holding the pushed build.

The served answers (every saved query, why for names of each kind) must be the local ones; what the
client may not do locally (SERVICE, updates) it may not do through the front either; and the store
stopping or vanishing mid-run gives one-line 504 and 502 answers, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

import rlskg
from rlskg.cli import main
from rlskg.errors import AmbiguousName
from rlskg.kg import RemoteGraph
from rlskg.sparql import saved_queries

from .conftest import ROOT
from .test_store import service_query, unordered

SAVED = sorted(saved_queries(ROOT))
NAMES = ["diabetes", "Paxil", "iron", "Tofranil", "brain iron"]
UNKNOWN = "broccoli"
# a word in the names of several drug classes ("medicine" now names the graph's own "medications")
AMBIGUOUS = "drug"
BIN = Path(sys.executable).parent
TIMEOUT = 5.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start_oxigraph(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Oxigraph's server on loopback, answering; the process and its base address."""
    port = _free_port()
    process = subprocess.Popen(
        [str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            assert process.poll() is None, "oxigraph serve ended"
            assert time.monotonic() < deadline, "oxigraph serve did not start"
            time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGCONT)  # in case a test left it stopped
        process.terminate()
    process.wait(10)


class Front:
    """`rlskg serve --endpoint` as a user runs it, on a port of its choosing; its output kept in a file."""

    def __init__(self, endpoint: str, log: Path, *extra: str) -> None:
        self.log = log
        self.output: IO[bytes] = log.open("wb")
        command = [str(BIN / "rlskg"), "--root", str(ROOT), "serve", "--port", "0", "--endpoint", endpoint]
        self.process = subprocess.Popen(
            [*command, "--timeout", str(TIMEOUT), *extra], stdout=subprocess.PIPE, stderr=self.output
        )
        assert self.process.stdout is not None
        first = self.process.stdout.readline().decode()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", first)
        assert found, f"no address in {first!r}; {log.read_text()}"
        self.base = f"http://127.0.0.1:{found.group(1)}"

    def text(self) -> str:
        """Everything the server wrote to stderr so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(15)
        self.output.close()


def http(url: str, accept: str = "application/json") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def sparql(front: Front, text: str, accept: str = "application/sparql-results+json") -> tuple[int, bytes]:
    return http(f"{front.base}/sparql?{urllib.parse.urlencode({'query': text})}", accept)


@pytest.fixture(scope="module")
def pushed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The query address of an Oxigraph server holding the pushed build."""
    process, base = _start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    try:
        assert main(["push", "--endpoint", f"{base}/query", "--store", f"{base}/store"]) == 0
        yield f"{base}/query"
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def front(pushed: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Front]:
    served = Front(pushed, tmp_path_factory.mktemp("front") / "serve.log")
    yield served
    served.stop()
    assert "Traceback" not in served.text()


@pytest.mark.parametrize("name", SAVED)
def test_every_saved_query_over_http_as_locally(front: Front, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["sparql", "--saved", name, "--format", "json"]) == 0
    here = json.loads(capsys.readouterr().out)
    status, body = sparql(front, saved_queries(ROOT)[name].text)
    assert status == 200, body
    there = json.loads(body)
    assert there["head"] == here["head"]
    assert unordered(there["results"]["bindings"]) == unordered(here["results"]["bindings"])
    assert here["results"]["bindings"]


@pytest.mark.parametrize("name", [*NAMES, UNKNOWN])
def test_why_pages_as_the_local_why(front: Front, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = main(["why", name, "--format", "json"])
    here = json.loads(capsys.readouterr().out)
    status, body = http(f"{front.base}/why/{urllib.parse.quote(name)}.json")
    assert json.loads(body) == here
    assert (status, code) == ((404, 1) if name == UNKNOWN else (200, 0))


def test_an_ambiguous_name_offers_the_local_choices(front: Front, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["why", AMBIGUOUS, "--format", "json"]) == 2
    local_error = capsys.readouterr().err.strip().removeprefix("rlskg: ")
    with pytest.raises(AmbiguousName) as local:
        rlskg.open().why(AMBIGUOUS)
    status, body = http(f"{front.base}/why/{AMBIGUOUS}")
    assert status == 300
    there = json.loads(body)
    assert there["error"] == local_error
    assert [(c["id"], c["label"]) for c in there["candidates"]] == local.value.candidates
    assert len(local.value.candidates) > 1


def test_the_front_door_opens_an_endpoint(pushed: str) -> None:
    remote, local = rlskg.open(pushed), rlskg.open()
    assert isinstance(remote, RemoteGraph)
    assert remote.resolve("Tofranil") == local.resolve("Tofranil") == ["Imipramine"]
    assert remote.label("Imipramine") == local.label("Imipramine")
    assert [s.ref.id for s in remote.suggest("diabetis")] == [s.ref.id for s in local.suggest("diabetis")] != []
    assert remote.why("nerve damage", max_paths=50).to_dict() == local.why("nerve damage", max_paths=50).to_dict()
    ask = "ASK { ?x rls:triggers rls:RLS }"
    assert remote.query(ask).askAnswer is local.query(ask).askAnswer is True
    rows = remote.query("SELECT ?x WHERE { ?x rls:triggers ?y }", bindings={"y": "RLS"})
    assert {str(r["x"]).rsplit("/", 1)[1] for r in rows} >= {"Alcohol", "Tobacco"}


def test_pages_that_need_the_whole_graph_say_so(front: Front) -> None:
    status, body = http(f"{front.base}/", "text/html")
    assert status == 200
    page = body.decode()
    assert "not made for a remote store" in page and 'href="/why/Alcohol"' in page
    status, body = http(f"{front.base}/index.json")
    linked = {e["id"] for e in json.loads(body)["linked"]}
    assert status == 200 and {"Alcohol", "Tobacco", "IronDeficiency"} <= linked
    status, body = http(f"{front.base}/graph", "text/html")
    assert status == 501 and b"not made for a remote store" in body
    status, body = http(f"{front.base}/graph?focus=Paxil", "text/html")
    assert status == 200 and b"Paroxetine" in body
    status, body = http(f"{front.base}/entity/Paroxetine", "text/html")
    assert status == 200 and b"Paxil" in body


def test_service_and_updates_are_refused(front: Front, pushed: str) -> None:
    status, body = sparql(front, service_query(pushed))
    assert status == 400 and body.decode().count("\n") == 1 and "federation is off" in body.decode()
    status, body = sparql(front, "INSERT DATA { rls:X rls:triggers rls:RLS }")
    assert status == 403
    status, body = sparql(front, "SELECT ?x WHERE { ?x ?y }")  # the store's own refusal, on one line
    assert status == 400 and body.decode().count("\n") == 1 and body.startswith(pushed.encode())


def test_a_named_federation_endpoint_is_let_through(pushed: str, tmp_path: Path) -> None:
    federated = Front(pushed, tmp_path / "serve.log", "--federate", pushed)
    try:
        text = f"SELECT ?x WHERE {{ SERVICE <{pushed}> {{ ?x rls:triggers rls:RLS }} }}"
        status, body = sparql(federated, text)
        assert status == 200 and json.loads(body)["results"]["bindings"]
    finally:
        federated.stop()


def test_the_store_stalling_then_vanishing_mid_run(tmp_path: Path) -> None:
    process, base = _start_oxigraph(tmp_path / "oxigraph")
    served: Front | None = None
    try:
        assert main(["push", "--endpoint", f"{base}/query", "--store", f"{base}/store"]) == 0
        served = Front(f"{base}/query", tmp_path / "serve.log")
        assert sparql(served, "ASK { ?x rls:triggers rls:RLS }")[0] == 200
        os.kill(process.pid, signal.SIGSTOP)  # it still accepts connections, and answers nothing
        status, body = sparql(served, "ASK { ?x rls:triggers rls:RLS }")
        assert status == 504 and body.decode().count("\n") == 1, body
        status, body = http(f"{served.base}/why/diabetes.json")
        assert status == 504 and "time limit" in json.loads(body)["error"]
        os.kill(process.pid, signal.SIGCONT)
        _stop(process)
        status, body = sparql(served, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/csv")
        assert status == 502 and body.decode().count("\n") == 1 and body.startswith(b"cannot reach")
        for page in ("/why/Paxil", "/", "/entity/Paroxetine", "/graph?focus=iron"):
            status, body = http(served.base + page, "text/html")
            assert status == 502 and b"cannot reach" in body, page
        assert served.process.poll() is None
    finally:
        _stop(process)
        if served is not None:
            served.stop()
    log = served.text()
    assert "Traceback" not in log and "Error" not in log, log


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("ftp://127.0.0.1/query", "is not the http(s) address of a SPARQL endpoint"),
        ("file:///etc/passwd", "is not the http(s) address of a SPARQL endpoint"),
        ("http://127.0.0.1:99999/query", "is not the http(s) address of a SPARQL endpoint"),
        ("127.0.0.1:7878/query", "is not the http(s) address of a SPARQL endpoint"),
        ("http://127.0.0.1:9/query", "cannot reach http://127.0.0.1:9/query"),
    ],
    ids=["ftp", "file", "bad-port", "no-scheme", "unreachable"],
)
def test_a_bad_endpoint_fails_at_start_up_in_one_line(url: str, says: str) -> None:
    command = [str(BIN / "rlskg"), "--root", str(ROOT), "serve", "--port", "0", "--endpoint", url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("rlskg: ") and says in done.stderr, done.stderr


def test_an_endpoint_without_the_graph_fails_at_start_up(tmp_path: Path) -> None:
    process, base = _start_oxigraph(tmp_path / "empty")
    try:
        command = [str(BIN / "rlskg"), "--root", str(ROOT), "serve", "--port", "0", "--endpoint", f"{base}/query"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    finally:
        _stop(process)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "holds no rls-kg graph" in done.stderr
