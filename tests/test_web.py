"""The web pages over HTTP on loopback: the same addresses for a person (HTML) and a program (JSON, RDF)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
from markupsafe import escape
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

import rlskg
from rlskg.causes import overview
from rlskg.kg import KnowledgeGraph
from rlskg.model.ontology import RLS
from rlskg.web.server import Server, close, make_server

from .conftest import ROOT
from .test_server import request

HOSTILE = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">'


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.open(ROOT / "build")


@pytest.fixture(scope="module")
def server(kg: KnowledgeGraph) -> Iterator[Server]:
    server = make_server("127.0.0.1", 0, workers=1, graph_path=ROOT / "build" / "rls.ttl", root=ROOT, kg=kg)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    close(server)


@pytest.fixture(scope="module")
def base(server: Server) -> str:
    return "http://{}:{}".format(*server.server_address[:2])


def get(url: str, accept: str = "text/html") -> tuple[int, Message, str]:
    status, headers, body = request(url, headers={"Accept": accept})
    return status, headers, body.decode("utf-8")


def rlskg_cli(*args: str) -> str:
    command = [str(Path(sys.executable).with_name("rlskg")), "--root", str(ROOT), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


# ---------------------------------------------------------------- the overview


def test_overview_groups_each_entity_by_its_own_answer(kg: KnowledgeGraph) -> None:
    found = overview(kg)
    groups = {g["verdict"]: [e["id"] for e in g["entries"]] for g in found["groups"]}
    assert {"Alcohol", "Tobacco", "Diabetes", "BrainIronDysfunction"} <= set(groups["causal"])
    # the seed pages' risks (the pages added since add theirs, such as HEIW's RLS in pregnancy)
    assert {"FamilyHistory", "FemaleSex", "NorthernEuropeanDescent", "OlderAge"} <= set(groups["risk"])
    assert "Dopamine" in groups["mechanism"] and "Paroxetine" in groups["associated"]
    assert "Fatigue" in groups["consequence"] and "Fatigue" not in groups["causal"]  # an effect, not a cause
    for group in found["groups"]:
        for entry in group["entries"]:
            answer = kg.why(entry["id"])
            assert entry["summary"] == answer.summary
            expected = "consequence" if answer.paths[0].orientation == "downstream" else answer.verdict
            assert group["verdict"] == expected
    listed = [e["id"] for g in found["groups"] for e in g["entries"]]
    assert len(listed) == len(set(listed)) and "RLS" not in listed
    assert {(c["subject"]["id"], c["object"]["id"]) for c in found["refuted"]} >= {("LegVascularDisease", "RLS")}
    seed = ("washingtonsleep-", "webmd-", "nhlbi-")  # the seed pages' claims; the added pages add their own
    assert [c["id"] for c in found["not_known"] if c["id"].startswith(seed)] == [
        "washingtonsleep-cause-not-clear",
        "washingtonsleep-causes-not-known",
        "webmd-cause-not-clear",
        "webmd-causes-not-known",
    ]
    assert [d["id"] for d in found["disagreements"]] == [
        "nerve-damage-as-cause",
        "nerve-damage-as-cause-nhlbi-2009",
        "nerve-damage-as-cause-nhlbi-2009-washingtonsleep",
        "nerve-damage-as-cause-washingtonsleep",
    ]
    assert "is-the-main-cause-known" in [t["id"] for t in found["tensions"]]
    assert rlskg.overview(kg) == found


def test_the_overview_is_the_same_on_the_command_line_and_over_http(kg: KnowledgeGraph, base: str) -> None:
    expected = overview(kg)
    assert json.loads(rlskg_cli("causes", "--format", "json")) == expected
    assert json.loads(rlskg_cli("why", "RLS", "--format", "json")) == expected
    assert json.loads(rlskg_cli("why", "restless", "legs", "syndrome", "--format", "json")) == expected
    text = rlskg_cli("causes")
    assert text.startswith("What causes restless legs syndrome?") and "alcohol [Alcohol]" in text
    for url, accept in ((f"{base}/index.json", "*/*"), (f"{base}/", "application/json")):
        status, headers, body = get(url, accept)
        assert status == 200 and headers["Content-Type"] == "application/json"
        assert json.loads(body) == expected


def test_home_page_lists_the_causes_with_sources_and_links(base: str) -> None:
    status, headers, page = get(f"{base}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<h1>What causes restless legs syndrome?</h1>" in page
    causal = page.split('id="causal"')[1].split("</section>")[0]
    assert 'href="/why/Alcohol"' in causal and "NHLBI" in causal and "stated" in causal
    for anchor in ("risk", "mechanism", "associated", "rejected", "conflicts", "not-known", "consequence"):
        assert f'id="{anchor}"' in page
    assert "The specific causes of restless legs syndrome (RLS) are not known." in page
    assert 'action="/search"' in page and '<label for="q">' in page


def test_home_page_counts_who_states_the_chain_apart_from_all_its_chains(kg: KnowledgeGraph, base: str) -> None:
    """Beside "iron deficiency triggers RLS" stand the publishers of that chain, not those of every chain of cause."""
    _, _, page = get(f"{base}/")
    iron = next(e for g in overview(kg)["groups"] for e in g["entries"] if e["id"] == "IronDeficiency")
    item = page.split('href="/why/IronDeficiency"')[1].split("</li>")[0]
    chain, every = str(escape(iron["chain_support"]["text"])), str(escape(iron["all_chains"]))
    assert chain in item and every in item and item.index(chain) < item.index(every)
    assert iron["chain_support"]["publishers"] < iron["publishers"]
    assert str(escape(iron["support"]["text"])) not in item


# ---------------------------------------------------------------- why pages


def test_why_json_is_exactly_the_cli_json(base: str) -> None:
    for name in ("Paxil", "diabetes", "dopamine"):
        expected = rlskg_cli("why", name, "--format", "json")
        status, headers, body = get(f"{base}/why/{name}.json", "*/*")
        assert status == 200 and headers["Content-Type"] == "application/json"
        assert body.strip() == expected.strip()
        _, _, negotiated = get(f"{base}/why/{name}", "application/json")
        assert negotiated == body
    expected = rlskg_cli("why", "diabetes", "--to", "NerveDamage", "--max-hops", "2", "--format", "json")
    _, _, body = get(f"{base}/why/diabetes.json?to=NerveDamage&max_hops=2", "*/*")
    assert body.strip() == expected.strip()


def test_why_page_shows_verdict_chains_quotes_and_graph(kg: KnowledgeGraph, base: str) -> None:
    status, headers, page = get(f"{base}/why/Paxil")
    assert status == 200 and "Content-Security-Policy" in headers
    answer = kg.why("Paxil")
    assert answer.summary.replace("'", "&#39;") in page
    for step in answer.paths[0].steps:
        for claim in step.claims:
            assert claim.quote.replace("'", "&#39;") in page
            assert f'href="/claim/{claim.id}"' in page
    assert '<ol class="steps">' in page and 'src="/graph?focus=Paroxetine"' in page
    status, _, graph = get(f"{base}/graph?focus=Paroxetine")
    assert status == 200 and "rls-data" in graph


def test_conflicts_and_refutations_are_shown(base: str) -> None:
    _, _, page = get(f"{base}/why/NerveDamage")
    assert "Where the publishers disagree" in page and "have been rejected" in page
    # both sides, with the publishers on each and how many pages
    dispute = next(d for d in KnowledgeGraph.open(ROOT / "build").why("NerveDamage").disputes if d.rejects)
    for side, support in (("For it", dispute.one.support), ("Against it", dispute.other.support)):
        who = support.who().replace("'", "&#39;")
        assert f'{side}: {who} <span class="meta">({support.counts()})' in page
    assert "For it: NHLBI" in page and "Against it: WebMD (and Washington Sleep&#39;s copy)" in page


def test_names_resolve_as_why_does(base: str) -> None:
    status, _, page = get(f"{base}/search?q=Paxil")  # redirected to the answer
    assert status == 200 and "Why is paroxetine linked to restless legs syndrome?" in page
    status, _, page = get(f"{base}/search?q=diabetis")
    assert status == 404 and 'href="/why/Diabetes"' in page and "Did you mean" in page
    status, _, page = get(f"{base}/search?q=blood")
    assert status == 300
    assert re.findall(r'href="/why/(\w+)"', page.split("<main")[1]) == [
        "Hypertension",
        "IronDeficiencyAnemia",
        "LegVascularDisease",
    ]
    status, _, page = get(f"{base}/why/blood")
    assert status == 300 and "Which one do you mean?" in page
    status, _, body = get(f"{base}/why/blood.json", "*/*")
    assert status == 300 and len(json.loads(body)["candidates"]) == 3


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/why/%20", 400),
        ("/why/Paxil?max_hops=0", 400),
        ("/why/Paxil?max_hops=abc", 400),
        ("/why/Paxil?max_paths=99999999999999999999", 400),
        ("/why/" + "x" * 300, 400),
        ("/why/Paxil?to=nothing-of-the-kind", 400),
        ("/why/diabetis", 404),
        ("/search?q=", 400),
        ("/entity/NoSuchThing", 404),
        ("/entity/bad%20id", 400),
        ("/claim/no-such-claim", 404),
        ("/nowhere", 404),
        ("/graph?focus=NoSuchThing", 404),
    ],
)
def test_bad_input_is_a_page_never_a_traceback(base: str, path: str, status: int) -> None:
    got, headers, page = get(base + path)
    assert got == status
    assert headers["Content-Type"].startswith("text/html") and "Content-Security-Policy" in headers
    assert "Traceback" not in page and "<h1>" in page


def test_why_rls_is_the_overview(base: str) -> None:
    status, _, page = get(f"{base}/why/RLS")
    assert status == 200 and "<h1>What causes restless legs syndrome?</h1>" in page


# ---------------------------------------------------------------- linked data


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_entity_answers_rdf_by_content_negotiation(base: str, accept: str, fmt: str) -> None:
    status, headers, body = get(f"{base}/entity/Diabetes", accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    g = Graph().parse(data=body, format=fmt)
    assert (RLS.Diabetes, RDFS.label, Literal("diabetes")) in g
    assert (RLS.Diabetes, RLS.increasesRiskOf, RLS.RLS) in g


def test_rdflib_reads_an_entity_by_its_address(base: str) -> None:
    g = Graph().parse(f"{base}/entity/Diabetes")  # rdflib asks for RDF in its own Accept header
    assert (RLS.Diabetes, RDFS.label, Literal("diabetes")) in g


def test_claim_page_shows_the_quote_in_context_and_its_source(kg: KnowledgeGraph, base: str) -> None:
    ident = "webmd-diabetes-causes-peripheral-neuropathy"
    status, _, page = get(f"{base}/claim/{ident}")
    assert status == 200
    rows = kg.query(
        "SELECT ?prefix ?exact ?suffix WHERE { ?c rls:evidence/oa:hasSelector ?s . "
        "?s oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix }",
        bindings={"c": f"claim:{ident}"},
    )
    prefix, exact, suffix = next(iter(rows))  # type: ignore[misc]
    assert f"…{prefix}<mark>{exact}</mark>{suffix}…" in page
    assert 'href="/source/webmd"' in page
    turtle = get(f"{base}/claim/{ident}.ttl", "*/*")[2]
    g = Graph().parse(data=turtle, format="turtle")
    assert Literal(str(exact)) in set(g.objects())  # the selector travels with the claim


@pytest.mark.parametrize(
    "path",
    ["/source/webmd", "/disagreement/nerve-damage-as-cause", "/tension/is-the-main-cause-known", "/entity/triggers"],
)
def test_every_kind_of_iri_has_a_page(base: str, path: str) -> None:
    status, _, page = get(base + path)
    assert status == 200 and "What the graph says of it" in page
    status, _, turtle = get(base + path, "text/turtle")
    iri = URIRef("https://w3id.org/rls-kg" + path.replace("/entity", ""))
    assert status == 200 and (iri, None, None) in Graph().parse(data=turtle, format="turtle")


# ---------------------------------------------------------------- safety


def test_every_html_page_has_a_strict_policy_and_loads_nothing_from_elsewhere(base: str) -> None:
    for path in ("/", "/why/Paxil", "/entity/Diabetes", "/claim/webmd-cause-not-clear", "/graph", "/sparql"):
        status, headers, page = get(base + path)
        policy = headers["Content-Security-Policy"]
        assert status == 200 and "default-src 'none'" in policy and "unsafe-eval" not in policy
        assert "http" not in policy
        for loaded in re.findall(
            r'<(?:script|img|link|iframe|source|embed|object)\b[^>]*\b(?:src|href|data)="([^"]*)"', page
        ):
            # from this server only, or written into the page (the view's icon)
            assert loaded.startswith(("/", "data:image/svg+xml,")) and not loaded.startswith("//"), loaded


def test_sparql_is_unchanged_beside_the_pages(base: str) -> None:
    query = urllib.parse.urlencode({"query": "ASK { rls:Alcohol rls:triggers rls:RLS }"})
    for path in ("/sparql", "/"):
        status, _, body = get(f"{base}{path}?{query}", "application/sparql-results+json")
        assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = get(f"{base}/sparql?query=SELECT", "application/sparql-results+json")
    assert status == 400 and body.startswith("syntax error")


def test_pages_are_read_only(base: str) -> None:
    for path in ("/why/Paxil", "/entity/Diabetes"):
        status, _, _ = request(base + path, data=b"x", method="POST")
        assert status == 405


def test_a_hostile_label_is_text(kg: KnowledgeGraph) -> None:
    G = kg.to_networkx()
    G.nodes["Caffeine"]["label"] = HOSTILE
    hostile = KnowledgeGraph(G)
    server = make_server("127.0.0.1", 0, workers=1, graph_path=ROOT / "build" / "rls.ttl", root=ROOT, kg=hostile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = "http://{}:{}".format(*server.server_address[:2])
        for path in ("/", "/why/Caffeine", "/search?q=caff"):
            _, _, page = get(base + path)
            assert "<script>window" not in page and "<img src" not in page
            assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    finally:
        close(server)


# ---------------------------------------------------------------- who says what


def test_compare_page_and_its_json_are_the_command(base: str) -> None:
    status, headers, body = get(f"{base}/compare.json", "application/json")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert json.loads(body) == json.loads(rlskg_cli("compare", "--format", "json"))
    _, _, narrowed = get(f"{base}/compare.json?name=nerve%20damage&group=causal", "application/json")
    assert json.loads(narrowed) == json.loads(
        rlskg_cli("compare", "nerve damage", "--group", "causal", "--format", "json")
    )
    status, _, page = get(f"{base}/compare")
    assert status == 200 and '<table class="matrix"' in page
    found = json.loads(body)
    for p in found["publishers"]:  # a name with an apostrophe (Parkinson's Australia) is escaped in the page
        assert f">{escape(p['short_name'])}</span>" in page
    # a cell of one claim links to the claim, of several to the why page; its stance is a word, not a colour only
    rows = re.findall(r'<a href="/why/NerveDamage">.*?</tr>', page, flags=re.S)
    nerve = next(row for row in rows if 'class="group-inline">causal<' in row)
    assert '\u2715</span> <span class="word">negates' in nerve and "disputed" in nerve
    assert 'href="/claim/webmd-runs-in-families"' in page
    _, _, home = get(f"{base}/")
    assert 'href="/compare"' in home
    _, _, why = get(f"{base}/why/Diabetes")
    assert 'href="/compare?name=Diabetes"' in why


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("name=diabetis", 404, "nothing in the graph is called 'diabetis'; did you mean: diabetes"),
        ("name=blood", 300, "'blood' matches 3 entities"),
        ("group=cause", 400, "unknown group 'cause'"),
        ("name=" + "x" * 201, 400, "at most 20 names of at most 200 characters"),
    ],
)
def test_compare_says_what_is_wrong_in_one_line(base: str, query: str, status: int, message: str) -> None:
    found, _, body = get(f"{base}/compare.json?{query}", "application/json")
    assert found == status and json.loads(body)["error"].startswith(message)
    found, _, page = get(f"{base}/compare?{query}")
    assert found == status and "Traceback" not in page
