"""The SPARQL endpoint with real clients on loopback: SPARQLWrapper and plain HTTP."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from typing import Any

import pytest
from rdflib import Graph

from rlskg.ontology import RLS
from rlskg.server import close, make_server

from .conftest import ROOT

TRIGGERS = "SELECT ?x WHERE { ?x rls:triggers rls:RLS } ORDER BY ?x"
EXPECTED = [
    "Alcohol",
    "Antidepressant",
    "Antiemetic",
    "Antihistamine",
    "Antipsychotic",
    "BrainIronDysfunction",
    "CalciumChannelBlocker",
    "Tobacco",
]
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = make_server("127.0.0.1", 0, timeout=TIMEOUT, workers=2, graph_path=ROOT / "build" / "rls.ttl", root=ROOT)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host!s}:{port}/sparql"
    close(server)


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
            json.loads(body)["results"]["bindings"][0]["n"]["value"] == "74"
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
    status, headers, body = request(endpoint.replace("/sparql", "/"))
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "src=" not in page and "<link" not in page  # nothing loaded from anywhere
    assert '"triggers"' in page and "Answers: everything that may trigger RLS" in page
    status, _, body = request(endpoint.replace("/sparql", "/favicon.ico"))
    assert status == 204 and body == b""
