"""SPARQL from the command line and the library: saved queries' real answers in every format."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.query import Result

from rlskg.build import BuildResult
from rlskg.cli import main
from rlskg.errors import QueryError, QueryTimeout
from rlskg.model.ontology import RLS
from rlskg.rdf.network import load_graph
from rlskg.sparql import query, query_written, saved_queries, serialize
from rlskg.sparql.store import Source, open_store

from .conftest import ROOT, SEED_NAMES, SEED_TRIGGERS

SAVED = saved_queries(ROOT)
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: The seed pages' short names: what these tests expect of them holds whatever pages are added.
SEED = {"NHLBI", "NHLBI at risk", "NHLBI DCI", "Washington Sleep", "WebMD"}


@pytest.fixture(scope="module")
def g() -> Graph:
    return load_graph(ROOT / "build" / "rls.ttl")


def rows(g: Graph, name: str, **bindings: str) -> list[dict[str, str]]:
    result = query(g, SAVED[name].text, bindings=bindings)
    return [{str(k): str(v) for k, v in b.items()} for b in result.bindings]


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def test_every_saved_query_says_what_it_answers() -> None:
    assert set(SAVED) == {
        "triggers",
        "medicines",
        "brain-iron",
        "disagreements",
        "refuted",
        "claims-about",
        "identifiers",
        "by-certainty",
        "mechanism",
        "layers",
        "sources",
        "stances",
    }
    for item in SAVED.values():
        assert item.text.startswith("# Answers: ") and len(item.answers) > 30


def test_triggers(g: Graph) -> None:
    found = [r for r in rows(g, "triggers") if r["source"] in SEED_NAMES]
    assert {local(r["thing"]) for r in found} == SEED_TRIGGERS
    assert {r["quantifier"] for r in found if r["label"] != "alcohol" and r["label"] != "tobacco"} == {"some"}
    alcohol = next(r for r in found if r["label"] == "alcohol")
    assert (alcohol["certainty"], alcohol["source"]) == ("stated", "NHLBI")
    assert "alcohol and tobacco, also can trigger or worsen RLS symptoms" in alcohol["quote"]


def test_medicines(g: Graph) -> None:
    found = {(r["source"], r["classLabel"]): r for r in rows(g, "medicines")}
    antidepressants = found[("WebMD", "antidepressants")]
    assert antidepressants["examples"].split("; ") == sorted(
        ["amitriptyline", "Paxil (paroxetine)", "Tofranil (imipramine)"], key=antidepressants["examples"].index
    )
    assert set(antidepressants["says"].split("; ")) == {"is linked to", "withdrawal from it is linked to"}
    assert set(found[("NHLBI", "calcium channel blockers")]["says"].split("; ")) == {
        "treats",
        "triggers",
        "stopping it improves",
    }
    assert found[("WebMD", "vasodilators")]["examples"] == "Apresoline (hydralazine)"
    assert {s for s, _ in found if s in SEED_NAMES} == {"NHLBI", "NHLBI DCI", "WebMD"}
    # the 2009 version's list is cut off after three items, and it names no stopping
    assert {c for s, c in found if s == "NHLBI DCI"} == {"antidepressants", "antinausea medicines", "antipsychotics"}
    assert "examples" not in found[("NHLBI", "cold and allergy medicines that contain antihistamines")]


def test_brain_iron(g: Graph) -> None:
    conditions = [
        "diabetes",
        "iron deficiency",
        "kidney failure",
        "Parkinson's disease",
        "pregnancy",
        "rheumatoid arthritis",
    ]
    # each condition twice: the 2010 page and its 2009 version say it alike
    assert [(r["label"], r["source"]) for r in rows(g, "brain-iron")] == [
        (label, source) for label in conditions for source in ("NHLBI", "NHLBI DCI")
    ]


def test_disagreements(g: Graph) -> None:
    found = [r for r in rows(g, "disagreements") if r["sourceA"] in SEED_NAMES and r["sourceB"] in SEED_NAMES]
    assert [(local(r["record"]), r["type"], r["sourceA"], r["sourceB"], r["certaintyB"]) for r in found] == [
        ("nerve-damage-as-cause", "disagreement", "NHLBI", "WebMD", "refuted"),
        ("nerve-damage-as-cause-nhlbi-2009", "disagreement", "NHLBI DCI", "WebMD", "refuted"),
        (
            "nerve-damage-as-cause-nhlbi-2009-washingtonsleep",
            "disagreement",
            "NHLBI DCI",
            "Washington Sleep",
            "refuted",
        ),
        ("nerve-damage-as-cause-washingtonsleep", "disagreement", "NHLBI", "Washington Sleep", "refuted"),
        ("is-the-main-cause-known", "tension", "NHLBI", "WebMD", "stated"),
        ("is-the-main-cause-known", "tension", "NHLBI", "WebMD", "stated"),
        ("stopping-antidepressants", "tension", "NHLBI", "WebMD", "stated"),
    ]
    assert found[0]["quoteA"].startswith("Nerve damage in the legs")


def test_mechanism_shows_each_step_with_its_layer(g: Graph) -> None:
    found = {(r["subject"], r["relation"], r["object"]): r for r in rows(g, "mechanism")}
    assert found[("iron", "is used to make", "dopamine")]["layer"] == "stated"
    assert found[("dopamine", "works in", "the brain's control of movement")]["layer"] == "stated"
    implied = found[("faulty use or lack of iron in the brain", "affects", "dopamine")]
    assert (implied["layer"], implied["certainty"]) == ("implied", "implied")
    assert implied["source"] in ("NHLBI", "NHLBI DCI")  # both versions imply it
    assert "never says 'less dopamine'" in implied["evidence"]
    background = found[("dopamine", "has the role", "neurotransmitters")]
    assert (background["layer"], background["source"]) == ("background", "ChEBI")
    assert [r["layer"] for r in rows(g, "mechanism")] == sorted(
        (r["layer"] for r in rows(g, "mechanism")), key=["stated", "background", "implied"].index
    )


def test_layers_can_be_selected_and_counted(g: Graph, result: BuildResult) -> None:
    from rlskg.model.entail import entailments

    counts = {r["layer"]: int(r["claims"]) for r in rows(g, "layers")}
    assert counts == {
        "stated": sum(c.layer == "stated" for c in result.curation.claims),
        "implied": sum(c.layer == "implied" for c in result.curation.claims),
        "background": len(result.curation.background),
        "entailed": len(entailments(result.curation, result.ontology)),
    }
    implied = query(g, "SELECT ?c WHERE { ?c rls:layer rls:ImpliedLayer }")
    assert {local(str(b["c"])) for b in implied.bindings} == {
        c.id for c in result.curation.claims if c.layer == "implied"
    }


def test_refuted(g: Graph) -> None:
    assert [(r["subject"], r["predicate"], r["source"]) for r in rows(g, "refuted")] == [
        ("disease in the blood vessels of the legs", "causes", "Washington Sleep"),
        ("disease in the blood vessels of the legs", "causes", "WebMD"),
        ("nerve damage (peripheral neuropathy)", "causes", "Washington Sleep"),
        ("nerve damage (peripheral neuropathy)", "causes", "WebMD"),
    ]
    # The page's own words travel with the refutation: it rejects disease in the leg nerves.
    assert rows(g, "refuted")[3]["words"].endswith("in the nerves in the legs that control leg movement and sensation")


def test_claims_about_one_entity(g: Graph, result: BuildResult) -> None:
    expected = {c.id for c in result.curation.claims if "Diabetes" in (c.subject, c.object)}
    found = rows(g, "claims-about", entity="Diabetes")
    assert {local(r["claim"]) for r in found} == expected and len(expected) == 7  # NHLBI's two versions, WebMD
    assert all(r["quote"] for r in found)
    assert [local(r["claim"]) for r in rows(g, "claims-about", entity="rls:Paroxetine")] == [
        "webmd-paxil-antidepressant"
    ]


def test_identifiers(g: Graph) -> None:
    found: dict[str, dict[str, set[str]]] = {}
    for r in rows(g, "identifiers"):
        found.setdefault(local(r["entity"]), {}).setdefault(r["match"], set()).add(r["identifier"])
    assert found["RLS"] == {
        "exact": {
            "http://purl.obolibrary.org/obo/MONDO_0005391",
            "http://purl.obolibrary.org/obo/DOID_0050425",
            "http://id.nlm.nih.gov/mesh/D012148",
            "https://identifiers.org/umls:C0035258",
        },
        "close": {"http://purl.obolibrary.org/obo/HP_0012452"},
    }
    assert "KidneyFailure" not in found  # no verified identifier, so none given


def test_by_certainty(g: Graph, result: BuildResult) -> None:
    short = {s.id: s.short_name for s in [*result.curation.sources, *result.curation.ontologies]}
    expected: dict[tuple[str, str], int] = {}
    for c in [*result.curation.claims, *result.curation.background]:
        key = (getattr(c, "certainty", "stated"), short[c.source])
        expected[key] = expected.get(key, 0) + 1
    found = rows(g, "by-certainty")
    assert {(r["certainty"], r["source"]): int(r["claims"]) for r in found} == expected
    assert found[0]["certainty"] == "stated" and found[-1]["certainty"] == "refuted"


@pytest.mark.parametrize("name", sorted(SAVED))
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_saved_queries_round_trip_through_every_result_format(g: Graph, name: str, fmt: str) -> None:
    result = query(g, SAVED[name].text)
    parsed = Result.parse(io.BytesIO(serialize(result, fmt)), format=fmt)
    assert [str(v) for v in parsed.vars or []] == [str(v) for v in result.vars or []]
    original = [{str(k): str(v) for k, v in b.items()} for b in result.bindings]
    again = [{str(k): str(v) for k, v in b.items()} for b in parsed.bindings]
    if fmt == "csv":  # CSV writes an empty string and an unbound value alike, by design of the format
        original = [{k: v for k, v in row.items() if v} for row in original]
    assert again == original and original


def test_csv_and_tsv_follow_the_w3c_formats(g: Graph) -> None:
    result = query(
        g, "SELECT ?x ?l ?n WHERE { ?x a rls:Substance ; rdfs:label ?l . BIND(3 AS ?n) } ORDER BY ?x LIMIT 1"
    )
    csv = serialize(result, "csv").decode()
    tsv = serialize(result, "tsv").decode()
    assert csv == "x,l,n\r\nhttps://w3id.org/rls-kg/Alcohol,alcohol,3\r\n"
    assert tsv == (
        '?x\t?l\t?n\n<https://w3id.org/rls-kg/Alcohol>\t"alcohol"\t"3"^^<http://www.w3.org/2001/XMLSchema#integer>\n'
    )


def test_ask_construct_describe(g: Graph) -> None:
    assert json.loads(serialize(query(g, "ASK { rls:Alcohol rls:triggers rls:RLS }"), "json")) == {
        "head": {},
        "boolean": True,
    }
    assert serialize(query(g, "ASK { rls:Caffeine rls:causes rls:RLS }"), "csv") == b"_askResult\r\nfalse\r\n"
    built = Graph().parse(
        data=serialize(query(g, "CONSTRUCT { ?x rls:triggers rls:RLS } WHERE { ?x rls:triggers rls:RLS }"), "turtle"),
        format="turtle",
    )
    assert (RLS.Alcohol, RLS.triggers, RLS.RLS) in built
    assert set(built) == set(g.triples((None, RLS.triggers, RLS.RLS)))
    described = Graph().parse(data=serialize(query(g, "DESCRIBE rls:Paroxetine"), "nt"), format="nt")
    assert (RLS.Paroxetine, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None) in described
    with pytest.raises(QueryError, match="gives a graph"):
        serialize(query(g, "DESCRIBE rls:Paroxetine"), "csv")


def test_syntax_error_has_line_and_column(g: Graph) -> None:
    with pytest.raises(QueryError) as raised:
        query(g, "SELECT ?x\n  ?x ?y ?z }")
    assert str(raised.value) == "syntax error at line 2, column 12: Expected SelectQuery, found '}'"


def test_runaway_query_stops_at_the_limit(g: Graph) -> None:
    with pytest.raises(QueryTimeout, match=r"time limit of 0\.5 s"):
        query(g, RUNAWAY, timeout=0.5)


@pytest.mark.parametrize(
    "update",
    ["INSERT DATA { rls:a rls:b rls:c }", "PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }", "CLEAR ALL"],
)
def test_update_is_refused(g: Graph, update: str) -> None:
    with pytest.raises(QueryError, match="read-only"):
        query(g, update)
    assert (RLS.a, RLS.b, RLS.c) not in g


# ---------------------------------------------------------------- the command line


def test_cli_saved_query_as_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", "--saved", "refuted"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["claim", "subject", "words", "predicate", "object", "source", "quote"]
    assert out[2].startswith("claim:washingtonsleep-leg-blood-vessel-disease-refuted ")
    assert out[-1] == "(4 rows)"  # WebMD's two refuted ideas, and its copy's


def test_cli_query_file_and_bind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "mine.rq"
    file.write_text("SELECT ?label WHERE { ?e rdfs:label ?label }", encoding="utf-8")
    assert main(["sparql", str(file), "--bind", "e=Paroxetine", "--format", "csv"]) == 0
    assert capsys.readouterr().out == "label\r\nparoxetine\r\n"


def test_cli_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", "--list"]) == 0
    listing = capsys.readouterr().out
    assert all(name in listing for name in SAVED)


def test_cli_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sparql", "SELECT ?x WHERE { ?x ?y }"]) == 2
    assert capsys.readouterr().err == "rlskg: syntax error at line 1, column 19: Expected SelectQuery, found '?'\n"
    assert main(["sparql", "--saved", "nope"]) == 2
    assert "saved queries: brain-iron, by-certainty" in capsys.readouterr().err
    assert main(["sparql", RUNAWAY, "--timeout", "0.5"]) == 1
    assert capsys.readouterr().err == "rlskg: the query ran past its time limit of 0.5 s and was stopped\n"
    assert main(["sparql", "DELETE WHERE { ?s ?p ?o }"]) == 2
    assert "read-only" in capsys.readouterr().err
    assert main(["sparql", "/no/such/file.rq"]) == 2
    assert capsys.readouterr().err.startswith("rlskg: cannot read /no/such/file.rq")


def test_sources(g: Graph) -> None:
    found = {r["source"]: r for r in rows(g, "sources")}
    assert [s for s in found if s in SEED_NAMES] == ["NHLBI", "NHLBI at risk", "NHLBI DCI", "Washington Sleep", "WebMD"]
    dci = found["NHLBI DCI"]
    assert (dci["publisherType"], dci["licence"], dci["text"], dci["date"]) == (
        "government",
        "public domain",
        "kept",
        "undated",
    )
    assert (dci["retrieved"], dci["revisedBy"]) == ("2009-01-30", "NHLBI") and found["NHLBI"]["revises"] == "NHLBI DCI"
    copy = found["Washington Sleep"]
    assert (copy["publisherType"], copy["licence"], copy["text"], copy["copies"]) == (
        "copy site",
        "copyright",
        "quotes",
        "WebMD",
    )


# ---------------------------------------------------------------- the written answer, as the command writes it


@pytest.mark.parametrize("name", sorted(SAVED))
def test_written_answer_is_the_result_written(name: str) -> None:
    """The command's answer, written in the worker from Oxigraph's terms, is the library's result written."""
    built = Source.default(ROOT)
    for fmt in ("table", "csv", "tsv"):
        assert query_written(built, SAVED[name].text, fmt) == serialize(query(built, SAVED[name].text), fmt)
    for fmt in ("json", "xml"):
        again = Result.parse(io.BytesIO(query_written(built, SAVED[name].text, fmt)), format=fmt)
        original = query(built, SAVED[name].text)
        assert [str(v) for v in again.vars or []] == [str(v) for v in original.vars or []]
        assert list(again.bindings) == list(original.bindings)


def test_a_query_of_the_named_graphs_reads_the_nquads() -> None:
    """A plain query is answered on rls.ttl, which has no named graphs; a GRAPH clause is answered on rls.nq."""
    built = Source.default(ROOT)
    assert built.file == ROOT / "build" / "rls.nq" and built.default_graph_only().file == ROOT / "build" / "rls.ttl"
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert int(query_written(built, graphs, "csv").split()[1]) > len(SEED)
    rows_in_default = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    on_nquads = query(built, rows_in_default, store=open_store(built))
    assert query_written(built, rows_in_default, "csv") == serialize(on_nquads, "csv")


def test_the_command_answers_without_loading_rdflib() -> None:
    """rdflib takes a tenth of a second to import: a SELECT's answer, in any result format, does without it."""
    script = (
        "import sys\n"
        "from rlskg.cli import main\n"
        "for fmt in ('table', 'json', 'xml', 'csv', 'tsv'):\n"
        "    assert main(['sparql', '--saved', 'claims-about', '--format', fmt]) == 0\n"
        "    print('\\n-- end of answer --', flush=True)\n"
        "print('rdflib' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    answers = done.stdout.split("-- end of answer --")[:-1]
    assert done.stderr.strip() == "False" and len(answers) == 5
    assert all("webmd-paxil-antidepressant" in answer for answer in answers)


def test_an_endpoint_answer_broken_partway_is_the_endpoints_fault() -> None:
    """Oxigraph reads a remote answer as it writes or converts it: a fault far into the body is said in one line."""
    import http.server
    import threading

    from rlskg.sparql.endpoint import EndpointFailed, Remote

    body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri","value":"http://a"}},{"x":{"type":"bog'

    class Broken(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Broken)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        remote = Remote("http://{}:{}/sparql".format(*server.server_address[:2]))
        for fmt in ("json", "table"):
            with pytest.raises(EndpointFailed, match="answered what is not a SPARQL result"):
                query_written(remote, "SELECT ?x WHERE { ?x ?p ?o }", fmt)
        with pytest.raises(EndpointFailed, match="answered what is not a SPARQL result"):
            query(remote, "SELECT ?x WHERE { ?x ?p ?o }")
    finally:
        server.shutdown()
        server.server_close()
