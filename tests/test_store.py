"""The Oxigraph store behind SPARQL: sources, stores on disk, time limits, SERVICE, binding by name."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier, Variable

from rlskg.cli import main
from rlskg.errors import QueryError, QueryTimeout, RlsKgError
from rlskg.model.ontology import RLS
from rlskg.sparql import query, saved_queries
from rlskg.sparql.endpoint import Remote
from rlskg.sparql.store import Source, load_store, open_store
from rlskg.sparql.text import plan

from .conftest import ROOT

BUILT = ROOT / "build" / "rls.ttl"
SAVED = saved_queries(ROOT)
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PAXIL_CLAIM = "webmd-paxil-antidepressant"
ANSWER = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "from afar"}}]}}


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


# ---------------------------------------------------------------- SERVICE sends nothing unless allowed


@dataclass
class Listener:
    """An HTTP server on loopback that records every request and answers as a SPARQL endpoint."""

    url: str
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def listener() -> Iterator[Listener]:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(self.path)
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.dumps(ANSWER).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    found = Listener(f"http://127.0.0.1:{server.server_address[1]}/sparql", seen)
    yield found
    server.shutdown()
    server.server_close()


def service_query(url: str) -> str:
    return f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?a ?b ?x }} }}"


def test_service_is_refused_and_nothing_is_sent(listener: Listener, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", service_query(listener.url)]) == 2
    err = capsys.readouterr().err
    assert lines(err) == [
        f"rlskg: SERVICE <{listener.url}> is not allowed: federation is off unless it is turned on for named endpoints"
    ]
    with pytest.raises(QueryError, match="not allowed"):
        query(
            None, f"PREFIX far: <{listener.url.rsplit('/', 1)[0]}/>\nASK {{ SERVICE SILENT far:sparql {{ ?s ?p ?o }} }}"
        )
    with pytest.raises(QueryError, match="given by a variable"):
        query(None, "SELECT * WHERE { BIND(<http://127.0.0.1:9/> AS ?e) SERVICE ?e { ?a ?b ?c } }")
    time.sleep(0.2)
    assert listener.requests == []


def test_federation_reaches_only_the_named_endpoints(listener: Listener, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = listener.url.replace("/sparql", "/other")
    assert main(["sparql", service_query(elsewhere), "--federate", listener.url]) == 2
    assert listener.requests == []
    capsys.readouterr()
    assert main(["sparql", service_query(listener.url), "--federate", listener.url, "--format", "csv"]) == 0
    assert capsys.readouterr().out == "x\r\nfrom afar\r\n"
    assert listener.requests == ["/sparql"]


def test_service_inside_strings_comments_and_names_is_not_a_call() -> None:
    text = '# SERVICE <http://x/>\nSELECT ?service WHERE { ?service rdfs:label "SERVICE <http://x/>" }'
    assert plan(text).services == ()
    assert query(None, text).bindings == []


# ---------------------------------------------------------------- binding by the names why accepts


@pytest.mark.parametrize("name", ["Paxil", "paroxetine", "Paroxetine", "rls:Paroxetine", f"<{RLS.Paroxetine}>"])
def test_bind_by_the_names_why_accepts(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", "--saved", "claims-about", "--bind", f"entity={name}", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert [r["claim"]["value"].rsplit("/", 1)[1] for r in rows] == [PAXIL_CLAIM]


def test_bind_unknown_name_or_variable_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", "--saved", "claims-about", "--bind", "entity=Paxill"]) == 1
    err = lines(capsys.readouterr().err)
    assert len(err) == 1 and err[0].startswith("rlskg: nothing in the graph is called 'Paxill'; did you mean: ")
    assert main(["sparql", "--saved", "claims-about", "--bind", "entiti=Paxil"]) == 2
    err = lines(capsys.readouterr().err)
    assert len(err) == 1 and err[0].startswith("rlskg: the query has no variable ?entiti to bind")
    assert main(["sparql", "--saved", "claims-about", "--bind", "entity=blood"]) == 2
    assert "matches 3 entities" in capsys.readouterr().err


def test_bind_a_quoted_literal(capsys: pytest.CaptureFixture[str]) -> None:
    text = "SELECT ?e WHERE { ?e rdfs:label ?label }"
    assert main(["sparql", text, "--bind", 'label="paroxetine"', "--format", "csv"]) == 0
    assert capsys.readouterr().out == f"e\r\n{RLS.Paroxetine}\r\n"


# ---------------------------------------------------------------- bad arguments and bad files: one line


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--port", "99999"],
        ["serve", "--port", "-1"],
        ["serve", "--timeout", "inf"],
        ["sparql", "--saved", "triggers", "--timeout", "nan"],
        ["sparql", "--saved", "triggers", "--timeout", "inf"],
    ],
    ids=["port-99999", "port-negative", "serve-inf", "sparql-nan", "sparql-inf"],
)
def test_bad_numbers_are_one_line_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = lines(capsys.readouterr().err)
    assert len(err) == 1 and argv[-2] in err[0] and "Traceback" not in err[0]


def test_non_rdf_graph_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("rls:a rls:b rls:c .\nthis is not turtle\n", encoding="utf-8")
    for argv, expected in [
        (["sparql", "--saved", "triggers", "--graph", str(broken)], f"rlskg: {broken}:1: not valid RDF: "),
        (["sparql", "--saved", "triggers", "--graph", str(ROOT / "README.md")], f"rlskg: {ROOT / 'README.md'}: not "),
        (["serve", "--port", "0", "--graph", str(broken)], f"rlskg: {broken}:1: not valid RDF: "),
        (["why", "diabetes", "--graph", str(broken)], f"rlskg: {broken}:1: not valid RDF (turtle): "),
        (["load", "--store", str(tmp_path / "store"), "--graph", str(broken)], f"rlskg: {broken}:1: not valid RDF: "),
    ]:
        assert main(argv) == 1
        err = lines(capsys.readouterr().err)
        assert len(err) == 1 and err[0].startswith(expected), err
    assert not (tmp_path / "store").exists()


# ---------------------------------------------------------------- a stale build is named


@pytest.mark.parametrize("command", [["sparql", "--saved", "triggers"], ["why", "diabetes"]], ids=["sparql", "why"])
def test_stale_build_warns(project: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("rls.ttl", "rls.network.json"):
        shutil.copy(ROOT / "build" / name, project / "build" / name)
    edited = project / "graph" / "entities.yaml"
    now = time.time()
    for path in (project / "build").iterdir():
        os.utime(path, (now - 60, now - 60))
    for path in [*(project / "ontology").rglob("*"), *(project / "graph").rglob("*")]:
        os.utime(path, (now - 120, now - 120))
    main(["--root", str(project), *command])
    assert not [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    for assistant in (project / "graph" / "vocabulary.yaml", project / "ontology" / "cues.yaml"):
        os.utime(assistant, (now, now))  # the curator's assistant's tables: the build does not read them
    main(["--root", str(project), *command])
    assert not [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    os.utime(edited, (now, now))
    main(["--root", str(project), *command])
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "is older than graph/entities.yaml" in warnings[0]
    assert "run `rlskg build`" in warnings[0]


# ---------------------------------------------------------------- time limits in any thread


def test_time_limit_holds_in_any_thread() -> None:
    with ThreadPoolExecutor(2) as pool:
        outcome = pool.submit(query, None, RUNAWAY, timeout=0.5)
        with pytest.raises(QueryTimeout, match=r"time limit of 0\.5 s"):
            outcome.result(timeout=60)
        quick = pool.submit(query, None, "ASK { rls:Alcohol rls:triggers rls:RLS }", timeout=5)
        assert quick.result(timeout=60).askAnswer is True


def test_answers_rdflib_got_wrong() -> None:
    assert query(None, "ASK { ?s ?p ?o FILTER(false) }").askAnswer is False
    nested = "(" * 25 + "1" + ")" * 25
    assert query(None, f"ASK {{ FILTER({nested} = 1) }}").askAnswer is True
    patterns = " . ".join(f"?s{i} rdfs:label ?l{i}" for i in range(90))
    assert query(None, f"ASK {{ {patterns} }}", timeout=30).askAnswer is True


def test_too_deep_nesting_is_refused_before_it_runs() -> None:
    with pytest.raises(QueryError, match="nests brackets 5001 deep"):
        query(None, "ASK { FILTER(" + "(" * 4999 + "1" + ")" * 4999 + ") }")


# ---------------------------------------------------------------- sources: rdflib graphs, N-Quads, stores on disk


def test_an_rdflib_graph_is_queried_as_it_is_now() -> None:
    g = Graph().parse(BUILT, format="turtle")
    ask = "ASK { rls:Broccoli rls:triggers rls:RLS }"
    assert query(g, ask).askAnswer is False
    g.add((RLS.Broccoli, RLS.triggers, RLS.RLS))
    assert query(g, ask).askAnswer is True


TRIGGERS = f"<{RLS.triggers}> <{RLS.RLS}>"
NQUADS = f"""\
<{RLS.A}> {TRIGGERS} <https://w3id.org/rls-kg/graph/nhlbi> .
<{RLS.B}> {TRIGGERS} <https://w3id.org/rls-kg/graph/webmd> .
<{RLS.C}> {TRIGGERS} .
"""


@pytest.mark.parametrize(
    ("text", "dataset", "expected"),
    [
        # the default graph is the store's own: rls.nq keeps the whole graph there besides its named graphs
        ("SELECT ?x WHERE { ?x rls:triggers rls:RLS }", None, ["C"]),
        ("SELECT ?x FROM <https://w3id.org/rls-kg/graph/nhlbi> WHERE { ?x rls:triggers rls:RLS }", None, ["A"]),
        ("SELECT ?x FROM <http://example.org/none> WHERE { ?x rls:triggers rls:RLS }", None, []),
        (
            "SELECT ?x FROM NAMED <https://w3id.org/rls-kg/graph/webmd> WHERE { GRAPH ?g { ?x rls:triggers rls:RLS } }",
            None,
            ["B"],
        ),
        ("SELECT ?x WHERE { ?x rls:triggers rls:RLS }", (["https://w3id.org/rls-kg/graph/webmd"], []), ["B"]),
        (
            "SELECT ?x WHERE { GRAPH ?g { ?x rls:triggers rls:RLS } }",
            ([], ["https://w3id.org/rls-kg/graph/nhlbi"]),
            ["A"],
        ),
    ],
    ids=["default-graph", "from", "from-nothing", "from-named", "default-graph-uri", "named-graph-uri"],
)
def test_nquads_datasets(
    tmp_path: Path, text: str, dataset: tuple[list[str], list[str]] | None, expected: list[str]
) -> None:
    path = tmp_path / "rls.nq"
    path.write_text(NQUADS, encoding="utf-8")
    rows = query(Source(file=path), text + " ORDER BY ?x", dataset=dataset)
    assert [str(r[0]).rsplit("/", 1)[1] for r in rows] == expected


def test_default_source_prefers_nquads(tmp_path: Path) -> None:
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "rls.ttl").write_text("", encoding="utf-8")
    (tmp_path / "graph").mkdir()
    (tmp_path / "build").mkdir()
    shutil.copy(BUILT, tmp_path / "build" / "rls.ttl")
    assert Source.default(tmp_path).file == tmp_path / "build" / "rls.ttl"
    (tmp_path / "build" / "rls.nq").write_text(NQUADS, encoding="utf-8")
    assert Source.default(tmp_path).file == tmp_path / "build" / "rls.nq"


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("stores") / "rls"
    assert main(["load", "--store", str(directory), "--graph", str(BUILT)]) == 0
    return directory


@pytest.mark.parametrize("name", sorted(SAVED))
def test_store_on_disk_answers_as_in_memory(disk_store: Path, name: str) -> None:
    on_disk = query(Source(directory=disk_store), SAVED[name].text)
    in_memory = query(Source(file=BUILT), SAVED[name].text)
    assert comparable(on_disk.bindings) == comparable(in_memory.bindings) and in_memory.bindings


def comparable(rows: list[dict[Variable, Identifier]]) -> list[dict[str, list[str]]]:
    """Rows with each value's words sorted: GROUP_CONCAT joins in no set order."""
    return [{str(k): sorted(str(v).replace(";", " ").split()) for k, v in row.items()} for row in rows]


def test_cli_store_option(disk_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", "--store", str(disk_store), "--saved", "claims-about", "--bind", "entity=Paxil"]) == 0
    assert PAXIL_CLAIM in capsys.readouterr().out
    assert main(["sparql", "--store", str(disk_store / "nope"), "--saved", "triggers"]) == 1
    assert lines(capsys.readouterr().err) == [
        f"rlskg: no built graph at {disk_store / 'nope'}; run `rlskg build` first"
    ]


def test_loading_again_replaces_and_a_failed_load_keeps_the_store(disk_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(disk_store, copy)
    assert load_store(copy, BUILT) == len(open_store(Source(file=BUILT)))
    broken = tmp_path / "broken.nt"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(RlsKgError, match=r"broken\.nt:1: not valid RDF"):
        load_store(copy, broken)
    count = query(Source(directory=copy), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").bindings[0][Variable("n")]
    assert count == Literal(len(open_store(Source(file=BUILT))))


def test_query_answers_are_rdflib_terms() -> None:
    row = query(None, 'SELECT ?x ?l WHERE { ?x rdfs:label ?l FILTER(?l = "alcohol") }').bindings[0]
    assert row[Variable("x")] == URIRef(RLS.Alcohol) and row[Variable("l")] == Literal("alcohol")


def test_a_bound_variable_is_seen_by_filters() -> None:
    text = "SELECT ?e WHERE { ?e rdfs:label ?label FILTER(LCASE(?label) = LCASE(?asked)) }"
    rows = query(None, text, bindings={"asked": '"PAROXETINE"'}).bindings
    assert [row["e"] for row in rows] == [URIRef(RLS.Paroxetine)]


# ---------------------------------------------------------------- the same questions to Oxigraph's own server


@pytest.mark.parametrize("name", sorted(SAVED))
def test_the_same_answers_from_an_oxigraph_server(pushed: str, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["sparql", "--saved", name, "--format", "json"]) == 0
    here = json.loads(capsys.readouterr().out)
    assert main(["sparql", "--saved", name, "--format", "json", "--endpoint", pushed]) == 0
    there = json.loads(capsys.readouterr().out)
    assert there["head"] == here["head"]
    assert unordered(there["results"]["bindings"]) == unordered(here["results"]["bindings"])
    assert here["results"]["bindings"]


def unordered(rows: list[dict[str, dict[str, str]]]) -> list[dict[str, tuple[str, list[str]]]]:
    """JSON result rows with each value's words sorted: GROUP_CONCAT joins in no set order."""
    return [{k: (v["type"], sorted(v["value"].replace(";", " ").split())) for k, v in row.items()} for row in rows]


def test_remote_bind_construct_and_errors(pushed: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["sparql", "--saved", "claims-about", "--bind", "entity=Paxil", "--endpoint", pushed]) == 0
    assert PAXIL_CLAIM in capsys.readouterr().out
    assert main(["sparql", "DESCRIBE rls:Paroxetine", "--format", "nt", "--endpoint", pushed]) == 0
    described = Graph().parse(data=capsys.readouterr().out, format="nt")
    assert (RLS.Paroxetine, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal("Paxil")) in described
    assert main(["sparql", "SELECT ?x WHERE { ?x ?y }", "--endpoint", pushed]) == 2
    err = lines(capsys.readouterr().err)
    assert len(err) == 1 and err[0].startswith(f"rlskg: {pushed} answered 400: ")
    assert main(["sparql", service_query("http://127.0.0.1:9/x"), "--endpoint", pushed]) == 2
    assert "federation is off" in capsys.readouterr().err


def test_push_into_one_named_graph(oxigraph_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    graph = "https://w3id.org/rls-kg/graph/pushed"
    endpoint, store = f"{oxigraph_server}/query", f"{oxigraph_server}/store"
    assert main(["push", "--endpoint", endpoint, "--store", store, "--graph", graph]) == 0
    assert f"to {graph}" in capsys.readouterr().out
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    n = query(Remote(endpoint), count).bindings[0]["n"]
    assert int(n) == len(open_store(Source(file=BUILT)))


def test_serve_a_store_on_disk(disk_store: Path) -> None:
    import urllib.parse
    import urllib.request

    from rlskg.web.server import close, make_server

    server = make_server("127.0.0.1", 0, workers=2, source=Source(directory=disk_store), root=ROOT)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address
        text = urllib.parse.urlencode({"query": "ASK { rls:Alcohol rls:triggers rls:RLS }"})
        for _ in range(4):  # both workers, each with the store open read-only
            with urllib.request.urlopen(f"http://{host}:{port}/sparql?{text}", timeout=30) as response:
                assert json.loads(response.read())["boolean"] is True
    finally:
        close(server)
