"""The KGX export: valid for the kgx validator and the Biolink Model, offline; the same edges as the networkx view."""

from __future__ import annotations

import csv
import functools
import importlib.resources
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml

from rlskg.build import BuildResult
from rlskg.export import kgx as export
from rlskg.export import writer
from rlskg.model.sources import fold

NODES_TSV, EDGES_TSV, NODES_JSONL, EDGES_JSONL = "kgx/nodes.tsv", "kgx/edges.tsv", "kgx/nodes.jsonl", "kgx/edges.jsonl"
FILES = (NODES_TSV, EDGES_TSV, NODES_JSONL, EDGES_JSONL)
BIOLINK = importlib.resources.files("biolink_model")
REFUTED_CLAIM = "webmd-leg-nerve-disease-refuted"
RLS_NODE = "MONDO:0005391"
#: The one prefix the validator is told of beyond Biolink's own: the project's, for entities with no standard id.
OWN_PREFIXES = {export.PREFIX: "https://w3id.org/rls-kg/"}


@pytest.fixture(scope="session")
def kgx_dir(result: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("build")
    for name in FILES:
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(writer(name)(result))
    return folder / "kgx"


@pytest.fixture(scope="session")
def schema() -> dict[str, Any]:
    """The Biolink Model as the biolink-model package ships it."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((BIOLINK / "schema" / "biolink_model.yaml").read_text(encoding="utf-8"), Loader=loader)  # type: ignore[no-any-return]


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@functools.cache
def offline_kgx() -> Any:
    """kgx's Validator class, made to read the Biolink Model of the biolink-model package instead of the web.

    kgx builds a bmt Toolkit when it is imported, and bmt's default schema and predicate map are URLs
    on GitHub; kgx also reads the Biolink JSON-LD context and two prefixcommons contexts from GitHub.
    Here the Toolkit's defaults become the shipped biolink_model.yaml (and an empty predicate map, which
    validation does not use) and the contexts are given from the shipped prefix map and prefixcommons'
    own registry files, before kgx is imported.
    """
    import bmt.toolkit

    bmt.toolkit.Toolkit.__init__.__defaults__ = (
        str(BIOLINK / "schema" / "biolink_model.yaml"),
        {"predicate mappings": []},
    )
    import kgx.config

    prefixes = json.loads((BIOLINK / "prefixmaps" / "biolink-model-prefix-map.json").read_text(encoding="utf-8"))
    kgx.config.jsonld_context_map["biolink"] = {**prefixes, **OWN_PREFIXES}
    registry = importlib.resources.files("prefixcommons") / "registry"
    for name in ("monarch_context", "obo_context"):
        context = json.loads((registry / f"{name}.jsonld").read_text(encoding="utf-8"))
        kgx.config.jsonld_context_map[name] = context["@context"]
    from kgx.validator import Validator

    return Validator


def validate_with_kgx(nodes: Path, edges: Path, form: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The kgx validator's errors over every record of the files, as kgx reads them, and how many it saw."""
    Validator = offline_kgx()  # before anything of kgx is imported
    from kgx.transformer import Transformer
    from kgx.utils.kgx_utils import GraphEntityType

    seen = {"node": 0, "edge": 0}

    def count(kind: GraphEntityType, record: list[Any]) -> None:
        seen[kind.value] += 1

    validator = Validator(progress_monitor=count)
    assert validator.get_validation_model_version() == "4.4.6"
    transformer = Transformer(stream=True)
    transformer.transform(input_args={"filename": [str(nodes), str(edges)], "format": form}, inspector=validator)
    return validator.get_errors(), seen


def test_kgx_files_are_registered_and_deterministic(result: BuildResult, kgx_dir: Path) -> None:
    for name in FILES:
        assert (kgx_dir.parent / name).read_bytes() == writer(name)(result), name


@pytest.mark.parametrize(
    ("form", "nodes", "edges"), [("tsv", NODES_TSV, EDGES_TSV), ("jsonl", NODES_JSONL, EDGES_JSONL)]
)
def test_kgx_validator_finds_no_error(kgx_dir: Path, result: BuildResult, form: str, nodes: str, edges: str) -> None:
    errors, seen = validate_with_kgx(kgx_dir.parent / nodes, kgx_dir.parent / edges, form)
    assert errors == {}
    assert seen == {"node": result.network.number_of_nodes(), "edge": len(read_tsv(kgx_dir / "edges.tsv"))}


def test_kgx_validator_rejects_a_made_up_predicate_and_category(kgx_dir: Path, tmp_path: Path) -> None:
    """The validator is not blind: one unknown predicate and one unknown category are errors."""
    nodes = (kgx_dir / "nodes.tsv").read_text(encoding="utf-8").replace("biolink:Drug\t", "biolink:Medicine\t", 1)
    edges = (kgx_dir / "edges.tsv").read_text(encoding="utf-8").replace("biolink:causes", "biolink:cures", 1)
    (tmp_path / "nodes.tsv").write_text(nodes, encoding="utf-8")
    (tmp_path / "edges.tsv").write_text(edges, encoding="utf-8")
    errors, _ = validate_with_kgx(tmp_path / "nodes.tsv", tmp_path / "edges.tsv", "tsv")
    messages = json.dumps(errors)
    assert "'Medicine' is unknown" in messages
    assert "'cures' is not in Biolink Model" in messages


# ---------------------------------------------------------------- what the kgx validator leaves unchecked


def ancestors(schema: dict[str, Any], section: str, name: str) -> list[str]:
    chain = [name]
    while (parent := schema[section][chain[-1]].get("is_a")) is not None:
        chain.append(parent)
    return chain


def biolink_name(curie: str) -> str:
    """``biolink:contributes_to`` -> ``contributes to``; ``biolink:ChemicalEntity`` -> ``chemical entity``."""
    local = curie.removeprefix("biolink:")
    if "_" in local or local.islower():
        return local.replace("_", " ")
    return "".join(f" {c.lower()}" if c.isupper() else c for c in local).strip()


def test_every_category_is_a_biolink_class_under_named_thing(kgx_dir: Path, schema: dict[str, Any]) -> None:
    categories = {c for node in read_jsonl(kgx_dir / "nodes.jsonl") for c in node["category"]}
    assert categories >= {"biolink:DiseaseOrPhenotypicFeature", "biolink:ChemicalEntity", "biolink:Drug"}
    for category in categories:
        name = biolink_name(category)
        assert name in schema["classes"], category
        assert not schema["classes"][name].get("mixin"), f"{category} is a mixin"
        assert "named thing" in ancestors(schema, "classes", name), category


def test_every_predicate_is_a_biolink_predicate(kgx_dir: Path, schema: dict[str, Any]) -> None:
    predicates = {edge["predicate"] for edge in read_jsonl(kgx_dir / "edges.jsonl")}
    assert len(predicates) > 5
    for predicate in predicates:
        name = biolink_name(predicate)
        assert name in schema["slots"], predicate
        slot = schema["slots"][name]
        assert not slot.get("deprecated"), predicate  # a mixin may be a predicate: biolink:treats is one
        assert "related to" in ancestors(schema, "slots", name), predicate


def test_required_edge_slots_and_enums(kgx_dir: Path, schema: dict[str, Any]) -> None:
    required = {
        name.replace(" ", "_")
        for name, slot in schema["slots"].items()
        if slot.get("required") and slot.get("domain") == "association"
    }
    assert {"knowledge_level", "agent_type"} <= required
    levels = set(schema["enums"]["KnowledgeLevelEnum"]["permissible_values"])
    agents = set(schema["enums"]["AgentTypeEnum"]["permissible_values"])
    for edge in read_jsonl(kgx_dir / "edges.jsonl"):
        for slot in (*required, "id", "subject", "predicate", "object", "primary_knowledge_source"):
            assert edge.get(slot), f"{edge['id']} has no {slot}"
        assert edge["knowledge_level"] in levels
        assert edge["agent_type"] in agents
        assert edge["primary_knowledge_source"].startswith("infores:rlskg-")


def test_stated_claims_are_manual_knowledge_assertions(kgx_dir: Path) -> None:
    stated = [e for e in read_jsonl(kgx_dir / "edges.jsonl") if e["layer"] == "stated"]
    assert stated
    assert {(e["knowledge_level"], e["agent_type"]) for e in stated} == {("knowledge_assertion", "manual_agent")}


def test_no_association_is_exported_as_a_cause(kgx_dir: Path, result: BuildResult, schema: dict[str, Any]) -> None:
    kinds = {name: r["kind"] for name, r in result.network.graph["relations"].items()}
    associations = [
        e for e in read_jsonl(kgx_dir / "edges.jsonl") if kinds[e["original_predicate"].split(":")[1]] == "association"
    ]
    assert associations
    for edge in associations:
        chain = ancestors(schema, "slots", biolink_name(edge["predicate"]))
        assert "contributes to" not in chain and "affects" not in chain, edge["id"]
        assert edge["predicate"] in export.NON_CAUSAL_PREDICATES


def test_node_ids_follow_biolink_preferred_prefixes(kgx_dir: Path, result: BuildResult) -> None:
    preferred = json.loads((BIOLINK / "prefixmaps" / "preferred_prefixes_per_class.json").read_text(encoding="utf-8"))
    order = {
        c["class_name"]: [p["prefix"] for p in sorted(c["prefix_map"], key=lambda p: p["order"])]
        for c in preferred["biolink_class_prefixes"]
    }
    order["biolink:DiseaseOrPhenotypicFeature"] = order["biolink:Disease"]  # not listed; its entities here are diseases
    G = result.network
    nodes = read_jsonl(kgx_dir / "nodes.jsonl")
    assert len({n["id"] for n in nodes}) == len(nodes) == G.number_of_nodes()
    for node in nodes:
        entity = node["iri"].rsplit("/", 1)[1]
        exact, close = G.nodes[entity]["exact"], G.nodes[entity].get("close", [])
        assert {node["id"], *node.get("xref", [])} >= {*exact, *close}
        if not exact:
            assert node["id"] == f"{export.PREFIX}:{entity}"
            continue
        ranks = order[node["category"][0]]
        listed = [curie for curie in exact if curie.split(":")[0] in ranks]
        best = min(listed, key=lambda curie: ranks.index(curie.split(":")[0])) if listed else None
        assert best is not None, f"{entity}: none of {exact} has a prefix Biolink prefers for {node['category'][0]}"
        assert node["id"] == best, entity


def test_every_edge_keeps_its_claim(kgx_dir: Path, result: BuildResult, page_texts: dict[str, str]) -> None:
    texts = page_texts
    claims = {c.id: c for c in result.curation.claims}
    edges = read_jsonl(kgx_dir / "edges.jsonl")
    for edge in edges:
        claim = claims.get(edge["id"].removeprefix(f"{export.PREFIX}:claim/"))
        if claim is None:  # a fact from a standard ontology, which quotes no page
            assert edge["layer"] == "background"
            continue
        assert edge["iri"] == f"https://w3id.org/rls-kg/claim/{claim.id}"
        assert edge["primary_knowledge_source"] == f"infores:rlskg-{claim.source}"
        assert edge["supporting_text"] == [claim.quote]
        start, end = edge["supporting_text_start"], edge["supporting_text_end"]
        if claim.source in texts:  # a copy's text may not be here: its quotes are checked at build
            assert fold(texts[claim.source][start:end]) == fold(claim.quote)
        assert edge["certainty"] == claim.certainty
        assert edge.get("negated", False) is (claim.certainty == "refuted")
    source = result.curation.source("nhlbi")
    nhlbi = next(e for e in edges if e["primary_knowledge_source"] == "infores:rlskg-nhlbi")
    assert (nhlbi["source_title"], nhlbi["source_date"]) == (source.title, source.date.isoformat())


def test_refuted_claim_is_a_negated_edge(kgx_dir: Path) -> None:
    edges = {e["id"]: e for e in read_jsonl(kgx_dir / "edges.jsonl")}
    refuted = edges[f"{export.PREFIX}:claim/{REFUTED_CLAIM}"]
    assert refuted["negated"] is True
    assert refuted["object"] == RLS_NODE
    tsv = {e["id"]: e for e in read_tsv(kgx_dir / "edges.tsv")}
    assert tsv[refuted["id"]]["negated"] == "True"
    assert {e["negated"] for e in tsv.values()} == {"True", ""}


# ---------------------------------------------------------------- the round trip


def load_kgx(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], truth: Callable[[Any], bool]) -> nx.MultiDiGraph:
    """KGX edges as networkx, keyed by edge id so that no claim is merged into another."""
    G = nx.MultiDiGraph()
    for node in nodes:
        G.add_node(node["id"], **node)
    for edge in edges:
        G.add_edge(edge["subject"], edge["object"], key=edge["id"], **{**edge, "negated": truth(edge.get("negated"))})
    return G


READERS: dict[str, tuple[str, str, Callable[[Path], list[dict[str, Any]]], Callable[[Any], bool]]] = {
    # KGX TSV has no false: kgx reads any non-empty cell of a boolean column as true
    "tsv": (NODES_TSV, EDGES_TSV, read_tsv, bool),
    "jsonl": (NODES_JSONL, EDGES_JSONL, read_jsonl, lambda value: value is True),
}


@pytest.mark.parametrize("form", list(READERS))
def test_kgx_edges_in_networkx_are_the_networkx_view(kgx_dir: Path, result: BuildResult, form: str) -> None:
    nodes, edges, read, truth = READERS[form]
    K = load_kgx(read(kgx_dir.parent / nodes), read(kgx_dir.parent / edges), truth)
    entity = {node: data["iri"].rsplit("/", 1)[1] for node, data in K.nodes(data=True)}
    found = {
        (entity[u], entity[v], data["original_predicate"].split(":", 1)[1])
        for u, v, data in K.edges(data=True)
        if not data["negated"]
    }
    assert found == set(result.network.edges(keys=True))
    refuted = {(entity[u], entity[v]) for u, v, data in K.edges(data=True) if data["negated"]}
    assert refuted == {
        (c.subject, c.object) for c in result.curation.claims if c.certainty == "refuted" and c.object in result.network
    }
