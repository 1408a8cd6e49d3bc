"""The SPARQL endpoint with real clients on loopback: SPARQLWrapper and plain HTTP."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, Graph

from rlskg.model.ontology import RLS
from rlskg.web.server import Server, close, make_server
from rlskg.web.sparql import MAX_BODY, MAX_URL

from .conftest import ROOT, SEED_TRIGGERS

TRIGGERS = "SELECT ?x WHERE { ?x rls:triggers rls:RLS } ORDER BY ?x"
# What the endpoint must answer: what rdflib itself finds in the file the server holds.
_HELD = Graph().parse(ROOT / "build" / "rls.ttl")
EXPECTED = sorted(str(row[0]).removeprefix(str(RLS)) for row in _HELD.query(TRIGGERS, initNs={"rls": RLS}))
CLAIMS = len(set(_HELD.subjects(RDF.type, RLS.Claim)))
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # no row before all of them are counted
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    server = make_server("127.0.0.1", 0, timeout=TIMEOUT, workers=2, graph_path=ROOT / "build" / "rls.ttl", root=ROOT)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    close(server)


@pytest.fixture(scope="module")
def endpoint(server: Server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}/sparql"


def request(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> tuple[int, Message, bytes]:
    """Status, headers (looked up regardless of case, as HTTP names them) and body."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get(endpoint: str, query: str, accept: str = "application/sparql-results+json") -> tuple[int, Message, bytes]:
    return request(f"{endpoint}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})


def names(body: bytes) -> list[str]:
    return [b["x"]["value"].rsplit("/", 1)[1] for b in json.loads(body)["results"]["bindings"]]


def test_sparqlwrapper_select_ask_construct(endpoint: str) -> None:
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(TRIGGERS)
    client.setReturnFormat(JSON)
    data: Any = client.query().convert()
    assert [b["x"]["value"].rsplit("/", 1)[1] for b in data["results"]["bindings"]] == EXPECTED
    assert set(EXPECTED) >= SEED_TRIGGERS

    client.setQuery("ASK { rls:Caffeine rls:associatedWith rls:RLS }")
    assert client.query().convert()["boolean"] is True  # type: ignore[index]

    client.setQuery("CONSTRUCT { ?x rls:triggers rls:RLS } WHERE { ?x rls:triggers rls:RLS }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")  # type: ignore[arg-type]
    assert (RLS.Tobacco, RLS.triggers, RLS.RLS) in graph and len(graph) == len(EXPECTED)


def test_sparqlwrapper_post(endpoint: str) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setQuery(TRIGGERS)
    client.setReturnFormat(JSON)
    data: Any = client.query().convert()
    assert len(data["results"]["bindings"]) == len(EXPECTED)


@pytest.mark.parametrize(
    ("accept", "media", "first_line"),
    [
        ("text/csv", "text/csv", b"x\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", b"?x\n"),
        ("application/sparql-results+xml", "application/sparql-results+xml", b"<?xml"),
        ("application/sparql-results+json", "application/sparql-results+json", b'{"'),
    ],
    ids=["csv", "tsv", "xml", "json"],
)
def test_content_negotiation_for_results(endpoint: str, accept: str, media: str, first_line: bytes) -> None:
    status, headers, body = get(endpoint, TRIGGERS, accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    assert body.startswith(first_line)
    assert b"Tobacco" in body
    if "json" in media:
        assert names(body) == EXPECTED and json.loads(body)["head"] == {"vars": ["x"]}


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_content_negotiation_for_graphs(endpoint: str, accept: str, fmt: str) -> None:
    status, headers, body = get(endpoint, "DESCRIBE rls:Paroxetine", accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=body, format=fmt)
    assert any(str(o) == "Paxil" for o in graph.objects(RLS.Paroxetine, None))


@pytest.mark.filterwarnings("ignore:Sending Accept header:RuntimeWarning")  # SPARQLWrapper's, for JSON
@pytest.mark.parametrize("fmt", ["N3", "RDFXML", "JSONLD", "JSON", "TURTLE"])
def test_sparqlwrapper_every_graph_format(endpoint: str, fmt: str) -> None:
    import SPARQLWrapper

    client = SPARQLWrapper.SPARQLWrapper(endpoint)
    client.setQuery("CONSTRUCT { ?x rls:triggers rls:RLS } WHERE { ?x rls:triggers rls:RLS }")
    client.setReturnFormat(getattr(SPARQLWrapper, fmt))
    response = client.query().response
    body, media = response.read(), response.headers["Content-Type"].split(";")[0]
    syntax = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}[media]
    graph = Graph().parse(data=body, format=syntax)
    assert (RLS.Tobacco, RLS.triggers, RLS.RLS) in graph and len(graph) == len(EXPECTED)


def test_post_form_and_direct_query(endpoint: str) -> None:
    form = urllib.parse.urlencode({"query": TRIGGERS}).encode()
    status, _, body = request(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and names(body) == EXPECTED
    status, _, body = request(endpoint, TRIGGERS.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and names(body) == EXPECTED


def test_updates_are_refused(endpoint: str) -> None:
    update = "INSERT DATA { rls:Broccoli rls:causes rls:RLS }"
    attempts = [
        request(endpoint, update.encode(), {"Content-Type": "application/sparql-update"}),
        request(
            endpoint,
            urllib.parse.urlencode({"update": update}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        ),
        get(endpoint, update),
        request(f"{endpoint}?{urllib.parse.urlencode({'update': update})}"),
    ]
    for status, _, body in attempts:
        assert status == 403, body
        assert b"read-only" in body
    status, _, body = get(endpoint, "ASK { rls:Broccoli ?p ?o }")
    assert json.loads(body)["boolean"] is False


def test_sparqlwrapper_update_is_refused(endpoint: str) -> None:
    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { rls:Broccoli rls:causes rls:RLS }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as raised:
        client.query()
    assert "403" in str(raised.value) or "read-only" in str(raised.value)


def test_runaway_query_is_stopped_and_does_not_hold_the_server(endpoint: str) -> None:
    started = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(get, endpoint, RUNAWAY)
        time.sleep(0.3)
        quick_status, _, quick_body = get(endpoint, TRIGGERS)
        quick_done = time.monotonic() - started
        status, _, body = slow.result()
    assert status == 503 and b"time limit of 2 s" in body
    assert time.monotonic() - started < TIMEOUT + 4
    assert quick_status == 200 and names(quick_body) == EXPECTED
    assert quick_done < TIMEOUT  # answered while the runaway query was still running


def test_concurrent_clients_all_answered_correctly(endpoint: str) -> None:
    queries = {
        TRIGGERS: lambda body: names(body) == EXPECTED,
        "ASK { rls:Alcohol rls:triggers rls:RLS }": lambda body: json.loads(body)["boolean"] is True,
        "SELECT (COUNT(?c) AS ?n) WHERE { ?c a rls:Claim }": lambda body: (
            json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(CLAIMS)
        ),
    }
    items = list(queries.items())

    def client(number: int) -> list[bool]:
        outcomes = []
        for i in range(50):
            text, check = items[(number + i) % len(items)]
            status, _, body = get(endpoint, text)
            outcomes.append(status == 200 and check(body))
        return outcomes

    with ThreadPoolExecutor(8) as pool:
        results = [ok for outcome in pool.map(client, range(8)) for ok in outcome]
    assert len(results) == 400 and all(results)


def test_errors_are_clear(endpoint: str) -> None:
    status, _, body = get(endpoint, "SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and body.startswith(b"syntax error at line 1, column 19")
    status, _, _ = get(endpoint, TRIGGERS, accept="image/png")
    assert status == 406
    status, _, _ = request(endpoint, b"x", {"Content-Type": "image/png"})
    assert status == 415
    status, _, _ = request(endpoint.replace("/sparql", "/elsewhere"))
    assert status == 404


def test_cors(endpoint: str) -> None:
    status, headers, _ = request(
        endpoint, method="OPTIONS", headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST"}
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*" and "POST" in headers["Access-Control-Allow-Methods"]
    _, headers, _ = get(endpoint, TRIGGERS)
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_query_page_works_offline(endpoint: str) -> None:
    status, headers, body = request(endpoint)  # / is the web home page now (tests/test_web.py)
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "src=" not in page and not re.search(r"<link(?! rel=\"icon\" href=\"data:)", page)  # nothing loaded
    assert '"triggers"' in page and "Answers: everything a page says may trigger RLS" in page
    status, headers, body = request(endpoint.replace("/sparql", "/favicon.ico"))
    assert status == 200 and headers["Content-Type"] == "image/svg+xml" and body.startswith(b"<svg")


# ---------------------------------------------------------------- HTTP framing, handled by the stack


def raw(endpoint: str, head: str, body: bytes = b"") -> bytes:
    """Send bytes as they are and return the reply's status line (b"" when the server just closes)."""
    host, port = endpoint.split("/")[2].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # answered before reading it all
            conn.sendall(head.replace("\n", "\r\n").encode() + b"Connection: close\r\n\r\n" + body)
        reply = b""
        try:
            while chunk := conn.recv(65536):
                reply += chunk
        except ConnectionResetError:
            pass  # closed with our unread bytes still in its buffer; the reply came first
    return reply


POST_HEAD = "POST /sparql HTTP/1.1\nHost: x\nContent-Type: application/sparql-query\nAccept: application/json\n"


@pytest.mark.parametrize(
    "lengths",
    [["-1"], ["abc"], ["5", "6"]],
    ids=["negative", "not-a-number", "conflicting"],
)
def test_bad_content_length_is_refused(endpoint: str, lengths: list[str]) -> None:
    head = POST_HEAD + "".join(f"Content-Length: {n}\n" for n in lengths)
    reply = raw(endpoint, head, b"ASK {}")
    assert reply.startswith(b"HTTP/1.1 400"), reply[:80]
    status, _, body = get(endpoint, "ASK {}")  # and the server is none the worse
    assert status == 200 and json.loads(body)["boolean"] is True


def test_chunked_body_is_read(endpoint: str) -> None:
    text = TRIGGERS.encode()
    chunks = b"".join(f"{len(part):x}\r\n".encode() + part + b"\r\n" for part in (text[:10], text[10:])) + b"0\r\n\r\n"
    reply = raw(endpoint, POST_HEAD + "Transfer-Encoding: chunked\n", chunks)
    assert reply.startswith(b"HTTP/1.1 200")
    assert names(reply.split(b"\r\n\r\n", 1)[1]) == EXPECTED


def test_limits_on_body_and_url(endpoint: str) -> None:
    reply = raw(endpoint, POST_HEAD + f"Content-Length: {MAX_BODY + 1}\n")  # refused before the body comes
    assert reply.startswith(b"HTTP/1.1 413") and b"over" in reply
    chunked = b"".join(b"10000\r\n" + b"#" * 0x10000 + b"\r\n" for _ in range(MAX_BODY // 0x10000 + 2)) + b"0\r\n\r\n"
    reply = raw(endpoint, POST_HEAD + "Transfer-Encoding: chunked\n", chunked)
    assert reply.startswith(b"HTTP/1.1 413")
    status, _, _ = get(endpoint, "ASK {}" + " " * MAX_URL)
    assert status == 414


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_get_405(endpoint: str, method: str) -> None:
    status, headers, _ = request(endpoint, b"x", {"Content-Type": "text/turtle"}, method=method)
    assert status == 405 and "POST" in headers["Allow"]


# ---------------------------------------------------------------- the protocol, more closely


def test_service_is_refused_and_nothing_is_sent(endpoint: str) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        status, _, body = get(endpoint, f"SELECT ?x WHERE {{ SERVICE <http://127.0.0.1:{port}/any> {{ ?a ?b ?x }} }}")
        assert status == 400 and b"federation is off" in body
        with pytest.raises(TimeoutError):
            listener.accept()


def test_dataset_of_the_protocol_and_of_the_query(endpoint: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def number(url: str) -> int:
        status, _, body = request(url, headers={"Accept": "application/sparql-results+json"})
        assert status == 200, body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    everything = number(f"{endpoint}?{urllib.parse.urlencode({'query': count})}")
    assert everything > 2000
    nothing = urllib.parse.urlencode({"query": count, "default-graph-uri": "http://example.org/none"})
    assert number(f"{endpoint}?{nothing}") == 0
    from_nothing = count.replace("WHERE", "FROM <http://example.org/none> WHERE")
    assert number(f"{endpoint}?{urllib.parse.urlencode({'query': from_nothing})}") == 0


def test_unknown_format_parameter_and_q0(endpoint: str) -> None:
    construct = "CONSTRUCT { ?x rls:triggers rls:RLS } WHERE { ?x rls:triggers rls:RLS }"
    url = f"{endpoint}?{urllib.parse.urlencode({'query': construct, 'format': 'n3'})}"
    status, headers, body = request(url, headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert len(Graph().parse(data=body, format="nt")) == len(EXPECTED)
    status, headers, _ = get(endpoint, TRIGGERS, "application/sparql-results+json;q=0, */*")
    assert status == 200 and not headers["Content-Type"].startswith("application/sparql-results+json")


def test_many_clients_at_once_lose_no_connection(endpoint: str) -> None:
    def client(number: int) -> list[int]:
        return [get(endpoint, f"ASK {{ FILTER({number} = {number}) }}")[0] for _ in range(5)]

    with ThreadPoolExecutor(32) as pool:
        statuses = [status for outcome in pool.map(client, range(32)) for status in outcome]
    assert statuses == [200] * 160


# ---------------------------------------------------------------- workers: killed, stuck, queued


def test_idle_worker_killed_does_not_leave_the_endpoint_dead(endpoint: str, server: Server) -> None:
    for status, _, _ in [get(endpoint, "ASK {}") for _ in range(3)]:
        assert status == 200
    for worker in list(server.endpoint.pool._idle):
        os.kill(worker.process.pid, signal.SIGKILL)
    time.sleep(0.2)
    for _ in range(4):
        status, _, body = get(endpoint, TRIGGERS)
        assert status == 200 and names(body) == EXPECTED


def test_result_writing_is_inside_the_time_limit(endpoint: str) -> None:
    # Oxigraph finds the rows as it writes them: rows that come slowly (rare pairs among hundreds of
    # millions) keep the writer going past the limit, with an answer far below the size limit.
    started = time.monotonic()
    status, _, body = get(
        endpoint,
        "SELECT ?a ?f WHERE { ?a ?b ?c . ?d ?e ?f FILTER(STRLEN(STR(?c)) + STRLEN(STR(?f)) = 1001) } LIMIT 300000",
        "application/sparql-results+xml",
    )
    assert status == 503 and b"time limit of 2 s" in body
    assert time.monotonic() - started < TIMEOUT + 3


def test_a_query_that_breaks_its_worker_is_survived(endpoint: str) -> None:
    terms = " || ".join(f"?o = {i}" for i in range(16000))
    status, _, _ = request(
        endpoint, f"ASK {{ ?s ?p ?o FILTER({terms}) }}".encode(), {"Content-Type": "application/sparql-query"}
    )
    assert status in (400, 503)
    status, _, body = get(endpoint, TRIGGERS)
    assert status == 200 and names(body) == EXPECTED


def test_queued_queries_past_their_limit_do_not_run(endpoint: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with ThreadPoolExecutor(7) as pool:
        runaways = [pool.submit(get, endpoint, count) for _ in range(6)]
        time.sleep(0.3)
        cheap = pool.submit(get, endpoint, "ASK { rls:Alcohol rls:triggers rls:RLS }")
        replies = [r.result() for r in runaways]
        cheap_status, _, cheap_body = cheap.result()
    messages = [body.decode() for status, _, body in replies if status == 503]
    assert len(messages) == 6
    assert any("did not run" in m for m in messages) and any("ran past its time limit" in m for m in messages)
    assert cheap_status == 200 or b"did not run" in cheap_body  # never told it ran when it did not
    status, _, body = get(endpoint, "ASK { rls:Alcohol rls:triggers rls:RLS }")
    assert status == 200 and json.loads(body)["boolean"] is True


# ---------------------------------------------------------------- stopping the command


def start_serving() -> tuple[subprocess.Popen[str], str]:
    rlskg = Path(sys.executable).with_name("rlskg")
    process = subprocess.Popen(
        [str(rlskg), "--root", str(ROOT), "serve", "--port", "0", "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    url = line.split()[2]
    status, _, body = get(url, TRIGGERS)
    assert status == 200 and names(body) == EXPECTED
    return process, url


def living(group: int) -> list[int]:
    """The processes of a process group that still run (a zombie has ended, awaiting its reaper)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                found.append(int(stat.parent.name))
    return found


def group_is_gone(group: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while living(group):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["sigterm-to-group", "ctrl-c"])
def test_serve_stops_promptly_and_leaves_nothing(sig: signal.Signals) -> None:
    process, _ = start_serving()
    group = os.getpgid(process.pid)
    started = time.monotonic()
    os.killpg(group, sig)
    try:
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(group, signal.SIGKILL)
    stopped = time.monotonic() - started
    assert group_is_gone(group, 2.0), "a process of the server was left behind"
    assert stopped < 2.0, f"took {stopped:.1f} s to stop"
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()


def test_an_answer_too_large_is_refused_and_errors_keep_the_worker() -> None:
    server = make_server("127.0.0.1", 0, workers=1, graph_path=ROOT / "build" / "rls.ttl", root=ROOT, max_answer=10_000)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = "http://{}:{}/sparql".format(*server.server_address)
        status, _, body = get(url, "SELECT * WHERE { ?s ?p ?o }")
        assert status == 400 and body == b"the answer is over 10000 bytes; ask for less (LIMIT, fewer variables)\n"
        for _ in range(3):  # the one worker answers each error and stays to answer the next query
            status, _, body = get(url, "SELECT ?x WHERE { ?x ?y }")
            assert status == 400 and body.startswith(b"syntax error")
        status, _, body = get(url, TRIGGERS)
        assert status == 200 and names(body) == EXPECTED
    finally:
        close(server)
