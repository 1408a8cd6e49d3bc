"""The curator's assistant on the real pages and on a page of its own: lists, cues, grounding, agreement."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml

from rlskg.build import BuildResult
from rlskg.cli import main
from rlskg.curate import Candidate, Draft, propose
from rlskg.curate.candidates import label_of
from rlskg.curate.page import units
from rlskg.model.curation import load_curation
from rlskg.model.ontology import load_ontology
from rlskg.model.sources import context

ROOT = Path(__file__).resolve().parents[1]
OWN_PAGE = ROOT / "tests" / "data" / "sleepclinic-rls.txt"
OWN_SOURCE = "sleepclinic"


def _draft(result: BuildResult, text: str, source: str) -> Draft:
    return propose(text, {"id": source}, result.curation, result.ontology)


def _find(draft: Draft, subject: str | None, predicate: str, obj: str | None) -> list[Candidate]:
    return [c for c in draft.candidates if c.triple == (subject, predicate, obj)]


@pytest.fixture(scope="module")
def nhlbi(result: BuildResult, sources: Path) -> tuple[str, Draft]:
    text = (sources / "nhlbi-what-causes-rls.txt").read_text(encoding="utf-8")
    return text, _draft(result, text, "nhlbi-copy")


@pytest.fixture(scope="module")
def webmd(result: BuildResult, sources: Path) -> tuple[str, Draft]:
    text = (sources / "webmd-what-causes-rls.txt").read_text(encoding="utf-8")
    return text, _draft(result, text, "webmd-copy")


@pytest.fixture(scope="module")
def own(result: BuildResult) -> tuple[str, Draft]:
    text = OWN_PAGE.read_text(encoding="utf-8")
    return text, _draft(result, text, OWN_SOURCE)


# ---------------------------------------------------------------- quotes and offsets


@pytest.mark.parametrize("page", ["nhlbi", "webmd", "own"])
def test_every_quote_is_exact_with_its_context(page: str, request: pytest.FixtureRequest) -> None:
    text, draft = request.getfixturevalue(page)
    document = draft.to_dict()
    assert document["candidates"]
    for candidate in document["candidates"]:
        assert text[candidate["start"] : candidate["end"]] == candidate["quote"]
        assert candidate["quote"] == candidate["quote"].strip()
        assert (candidate["prefix"], candidate["suffix"]) == context(text, candidate["start"], candidate["end"])
        assert " ".join(candidate["cue"].split()).lower() in " ".join(candidate["quote"].split()).lower()
        for role in ("subject", "object"):
            mention = candidate[role]
            if mention["match"] not in ("status", "topic"):
                assert " ".join(text[mention["start"] : mention["end"]].split()) == mention["text"]


def test_bullets_carry_their_lead_sentence(nhlbi: tuple[str, Draft]) -> None:
    text, draft = nhlbi
    (antihistamines,) = _find(draft, "ColdAllergyMedicine", "triggers", "RLS")
    quote = text[antihistamines.start : antihistamines.end]
    assert quote.startswith("Certain medicines may trigger RLS. These include some:")
    assert quote.endswith("Cold and allergy medicines that contain antihistamines")
    assert (antihistamines.certainty, antihistamines.cue, antihistamines.quantifier) == (
        "possible",
        "may trigger",
        "some",
    )
    # what each listed medicine treats is context, read from its own parenthesis
    (treats,) = _find(draft, "CalciumChannelBlocker", "treats", "Hypertension")
    assert text[treats.start : treats.end] == (
        "Calcium channel blockers (used to treat heart problems and high blood pressure)"
    )


def test_inline_enumeration_takes_the_relation_of_the_sentences_around_it(nhlbi: tuple[str, Draft]) -> None:
    text, draft = nhlbi
    (affects,) = _find(draft, "Pregnancy", "affects", "BrainIronDysfunction")
    (risk,) = _find(draft, "Pregnancy", "increasesRiskOf", "RLS")
    assert text[affects.start : affects.end].startswith("Many conditions can affect how much iron")
    assert text[affects.start : affects.end].endswith("pregnancy, and iron deficiency.")
    assert text[risk.start : risk.end].startswith("These conditions include kidney failure")
    assert text[risk.start : risk.end].endswith("All of these conditions increase your risk of RLS.")


def test_numbered_items_and_withdrawal(webmd: tuple[str, Draft]) -> None:
    text, draft = webmd
    (caffeine,) = _find(draft, "Caffeine", "associatedWith", "RLS")
    assert " ".join(text[caffeine.start : caffeine.end].split()) == (
        "Other medical conditions linked to RLS include: 1. Alcohol 2. Caffeine"
    )
    assert _find(draft, "Sedative", "withdrawalAssociatedWith", "RLS")
    assert not _find(draft, "Sedative", "associatedWith", "RLS")


def test_numbered_items_on_one_line(result: BuildResult) -> None:
    text = "Things linked to RLS include: 1. Alcohol 2. Caffeine 3. Paxil"
    draft = _draft(result, text, "inline")
    found = {c.subject.id: text[c.start : c.end] for c in draft.candidates if c.predicate == "associatedWith"}
    assert found == {
        "Alcohol": "Things linked to RLS include: 1. Alcohol",
        "Caffeine": "Things linked to RLS include: 1. Alcohol 2. Caffeine",
        "Paroxetine": "Things linked to RLS include: 1. Alcohol 2. Caffeine 3. Paxil",
    }


def test_units_of_a_page(sources: Path) -> None:
    text = (sources / "webmd-what-causes-rls.txt").read_text(encoding="utf-8")
    items = [u for u in units(text) if u.kind == "item" and u.text[:1].isdigit()]
    assert [u.body for u in items][:2] == ["Alcohol", "Caffeine"]
    assert {units(text)[u.lead].text for u in items if u.lead is not None} == {
        "Other medical conditions linked to RLS include:"
    }


# ---------------------------------------------------------------- cues


def test_refutation_and_hedges(webmd: tuple[str, Draft], nhlbi: tuple[str, Draft]) -> None:
    _, draft = webmd
    (refuted,) = _find(draft, "LegVascularDisease", "causes", "RLS")
    assert (refuted.certainty, refuted.negated) == ("refuted", True)
    assert refuted.cue.startswith("was once thought to cause RLS") and refuted.cue.endswith("rejected")
    _, draft = nhlbi
    (main_cause,) = _find(draft, "BrainIronDysfunction", "causes", "RLS")
    assert (main_cause.certainty, main_cause.quantifier) == ("suggested", "the main")
    (worsens,) = _find(draft, "NerveDamage", "worsens", "RLS")
    assert (worsens.certainty, worsens.cue) == ("possible", "may cause or worsen")


def test_negated_cause_with_another_relation(own: tuple[str, Draft]) -> None:
    text, draft = own
    (negated,) = _find(draft, "Caffeine", "causes", "RLS")
    (worse,) = _find(draft, "Caffeine", "worsens", "RLS")
    assert (negated.certainty, negated.negated, negated.cue) == ("refuted", True, "don't cause")
    assert (worse.certainty, worse.negated) == ("stated", False)
    assert text[negated.start : negated.end] == text[worse.start : worse.end]
    assert "don't cause restless legs syndrome, but can make symptoms worse" in text[worse.start : worse.end]


def test_the_two_most_common(webmd: tuple[str, Draft]) -> None:
    _, draft = webmd
    (neuropathy,) = _find(draft, "NerveDamage", "associatedWith", "RLS")
    assert neuropathy.quantifier == "the two most common"
    assert neuropathy.subject.text == "peripheral neuropathy"


# ---------------------------------------------------------------- grounding


def test_grounding_says_how_and_how_sure(webmd: tuple[str, Draft], nhlbi: tuple[str, Draft]) -> None:
    _, draft = webmd
    (paxil,) = _find(draft, "Paroxetine", "isMemberOf", "Antidepressant")
    assert (paxil.subject.text, paxil.subject.how, paxil.subject.score) == ("Paxil", "brand", 1.0)
    (beta,) = _find(draft, "BetaBlocker", "associatedWith", "RLS")
    assert beta.subject.how == "exact"
    _, draft = nhlbi
    (kidney,) = _find(draft, "KidneyFailure", "affects", "BrainIronDysfunction")
    assert kidney.object.how == "fuzzy" and 0.6 <= kidney.object.score < 1
    assert kidney.object.text == "how much iron is in the brain"


def test_new_entities_are_proposed_with_a_type(own: tuple[str, Draft]) -> None:
    _, draft = own
    new = {e.label: e.type for e in draft.new_entities}
    assert new["magnesium deficiency"] == "Condition"
    assert new["citalopram"] == "Drug"
    assert new["chronic kidney disease"] == "Condition"
    (member,) = [c for c in draft.candidates if c.predicate == "isMemberOf" and c.subject.text == "citalopram"]
    assert (member.subject.id, member.object.id) == (None, "Antidepressant")
    assert draft.to_dict()["candidates"][draft.candidates.index(member)]["subject"]["id"] is None


def test_examples_named_by_their_purpose(result: BuildResult) -> None:
    text = (
        "Restless legs syndrome\n\n"
        "Some medicines, such as those used to treat nausea and high blood pressure, can make RLS worse.\n"
    )
    draft = _draft(result, text, "purpose")
    read = {(label_of(c.subject), c.predicate, c.object.id) for c in draft.candidates}
    assert ("medicines to treat nausea", "treats", "UpsetStomach") in read
    assert ("medicines to treat high blood pressure", "worsens", "RLS") in read
    assert not [c for c in draft.candidates if c.subject.id == "Hypertension"]  # what they treat makes nothing worse


def test_relations_and_kinds_come_from_the_ontology(project: Path, result: BuildResult, sources: Path) -> None:
    text = (sources / "nhlbi-what-causes-rls.txt").read_text(encoding="utf-8")
    ontology_path = project / "ontology" / "rls.ttl"
    with ontology_path.open("a", encoding="utf-8") as handle:
        handle.write(
            '\nrls:contributesTo a owl:ObjectProperty ; rdfs:label "contributes to" ; '
            'rls:inverseLabel "has contributor" ; skos:definition "d." ; rls:relationKind rls:CausalRelation .\n'
        )
    ontology = load_ontology(ontology_path)
    draft = propose(text, {"id": "x"}, load_curation(project), ontology)
    assert _find(draft, "Genetics", "contributesTo", "BrainIronDysfunction")
    assert not _find(draft, "Genetics", "affects", "BrainIronDysfunction")
    assert all(c.kind == ontology.relations[c.predicate].kind for c in draft.candidates)


# ---------------------------------------------------------------- agreement, conflict, uncovered


def test_agreement_and_conflict_with_the_graph(own: tuple[str, Draft]) -> None:
    _, draft = own
    (nerve,) = _find(draft, "NerveDamage", "causes", "RLS")
    assert nerve.contradicts == ["washingtonsleep-leg-nerve-disease-refuted", "webmd-leg-nerve-disease-refuted"]
    assert "nhlbi-nerve-damage-causes-rls" in nerve.agrees_with
    (nixing,) = _find(draft, "Caffeine", "stoppingImproves", "RLS")
    # WebMD links caffeine to RLS; a page that says cutting it helps agrees with that link.
    assert "webmd-caffeine-linked" in nixing.agrees_with
    seed = ("nhlbi-", "webmd-", "washingtonsleep-")  # the seed pages' claims (nhlbi- takes in its other versions)
    assert [c for c in nixing.agrees_with if c.startswith(seed)] == ["webmd-caffeine-linked"]
    # the added pages' links and their own 'avoiding caffeine improves' agree too: every one is of caffeine
    assert all("caffeine" in c for c in nixing.agrees_with)
    (alcohol,) = _find(draft, "Alcohol", "causes", "RLS")
    assert alcohol.contradicts == [] and "nhlbi-alcohol-triggers-rls" in alcohol.tension_with


def test_uncovered_sentences_are_reported(webmd: tuple[str, Draft]) -> None:
    _, draft = webmd
    uncovered = [u["text"] for u in draft.to_dict()["uncovered"]]
    assert any(u.startswith("The good news, she says") for u in uncovered)
    assert "What Medical Conditions Are Linked to RLS?" in uncovered
    assert not any("seems to run in families" in u for u in uncovered)


# ---------------------------------------------------------------- the commands, as a new user runs them


def _tree(*folders: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def texts(tmp_path: Path, sources: Path) -> Path:
    copy = tmp_path / "sources"
    copy.mkdir()
    for name in ("nhlbi-what-causes-rls.txt", "webmd-what-causes-rls.txt"):
        (copy / name).write_bytes((sources / name).read_bytes())
    return copy


def test_curate_json_has_the_contract_shape(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "curate", str(OWN_PAGE), "--source", OWN_SOURCE, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["source"]["id"] == OWN_SOURCE
    assert document["source"]["sha256"] == hashlib.sha256(OWN_PAGE.read_bytes()).hexdigest()
    for candidate in document["candidates"]:
        assert {
            "subject",
            "predicate",
            "kind",
            "object",
            "certainty",
            "negated",
            "cue",
            "quote",
            "start",
            "end",
            "agrees_with",
            "contradicts",
        } <= set(candidate)
        assert {"text", "id"} <= set(candidate["subject"]) and {"text", "id"} <= set(candidate["object"])
        assert {"quantifier", "subject_text", "object_text", "part", "prefix", "suffix"} <= set(candidate)
    assert {"text", "label", "type"} <= set(document["new_entities"][0])
    assert all({"text", "start", "end"} <= set(u) for u in document["uncovered"])
    assert not (project / "graph" / "drafts").exists()


def test_curate_accept_build_why(project: Path, texts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = ["--root", str(project)]
    with (project / "graph" / "publishers.yaml").open("a", encoding="utf-8") as handle:  # a source names its publisher
        handle.write("\n- id: sleepclinic\n  name: Example Sleep Clinic\n  short_name: Sleep Clinic\n")
        handle.write("  type: hospital\n")
    assert (
        main(
            [
                *root,
                "curate",
                str(OWN_PAGE),
                "--source",
                OWN_SOURCE,
                "--title",
                "Restless Legs Syndrome: Causes",
                "--publisher",
                "sleepclinic",
                "--date",
                "2026-11-01",
                "--short-name",
                "Sleep Clinic",
            ]
        )
        == 0
    )
    draft = project / "graph" / "drafts" / f"{OWN_SOURCE}.yaml"
    assert draft.is_file()
    assert main([*root, "accept", str(draft), "--sources", str(texts)]) == 0
    assert (texts / OWN_PAGE.name).read_bytes() == OWN_PAGE.read_bytes()
    assert "source: sleepclinic" in (project / "graph" / "claims" / f"{OWN_SOURCE}.yaml").read_text(encoding="utf-8")
    assert "sleepclinic-nerve-damage-causes-rls" in (project / "graph" / "disagreements.yaml").read_text(
        encoding="utf-8"
    )
    assert main([*root, "build", "--sources", str(texts)]) == 0
    capsys.readouterr()
    assert main([*root, "why", "magnesium deficiency", "--format", "json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    # "magnesium deficiency may also worsen symptoms": a worsening, never called a cause
    assert answer["verdict"] == "worsening"
    claims = [claim for path in answer["paths"] for step in path["steps"] for claim in step["claims"]]
    assert {c["source"]["short_name"] for c in claims} == {"Sleep Clinic"}
    assert "Research suggests that magnesium deficiency may also worsen symptoms." in {c["quote"] for c in claims}
    assert main([*root, "why", "citalopram"]) == 0
    out = capsys.readouterr().out
    assert "antidepressants such as citalopram (Cipramil)" in out and "Sleep Clinic" in out


_EDGE_SOURCE = ["--publisher", "Example", "--publisher-type", "hospital", "--date", "2026-01-01"]


def test_a_quote_at_the_pages_edges_with_a_drugbank_id(
    project: Path, texts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "edges.txt"
    # a medicine of the vocabulary no page of the graph names yet (the added pages name metoclopramide)
    page.write_text("Haloperidol can trigger restless legs syndrome.", encoding="utf-8")  # no newline at the end
    root = ["--root", str(project)]
    assert main([*root, "curate", str(page), "--source", "edges", "--title", "Edges", *_EDGE_SOURCE]) == 0
    draft = (project / "graph" / "drafts" / "edges.yaml").read_text(encoding="utf-8")
    assert "prefix: ''" in draft and "suffix: ''" in draft  # the page's start and end are the quote's context
    assert main([*root, "accept", str(project / "graph" / "drafts" / "edges.yaml"), "--sources", str(texts)]) == 0
    entities = (project / "graph" / "entities.yaml").read_text(encoding="utf-8")
    assert "DRUGBANK:DB00502" in entities  # the vocabulary's verified DrugBank id came with haloperidol
    assert main([*root, "build", "--sources", str(texts)]) == 0
    capsys.readouterr()


def test_accept_gives_a_new_entity_the_vocabularys_identifiers_its_draft_lacks(
    project: Path, texts: Path, tmp_path: Path
) -> None:
    # A draft made before DrugBank ids could be written, or edited by hand, lists none of them.
    page = tmp_path / "edges.txt"
    page.write_text("Haloperidol can trigger restless legs syndrome.", encoding="utf-8")
    root = ["--root", str(project)]
    assert main([*root, "curate", str(page), "--source", "edges", "--title", "Edges", *_EDGE_SOURCE]) == 0
    draft = project / "graph" / "drafts" / "edges.yaml"
    lines = draft.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if line.strip() not in ("- DRUGBANK:DB00502", "- MESH:D006220", "close:")]
    assert len(lines) - len(kept) == 3
    draft.write_text("".join(kept), encoding="utf-8")
    assert main([*root, "accept", str(draft), "--sources", str(texts)]) == 0
    entities = yaml.safe_load((project / "graph" / "entities.yaml").read_text(encoding="utf-8"))
    haloperidol = next(e for e in entities if e["id"] == "Haloperidol")
    assert haloperidol["exact"] == ["CHEBI:5613", "DRUGBANK:DB00502"] and haloperidol["close"] == ["MESH:D006220"]


def test_a_quote_at_the_end_of_the_page_is_accepted(project: Path, tmp_path: Path) -> None:
    # The last sentence of a page has only white space after it: no suffix, not an empty one.
    page = tmp_path / "texts" / "edge.txt"
    page.parent.mkdir()
    page.write_text("About RLS\n\nCaffeine can make RLS worse.\n\n", encoding="utf-8")
    with (project / "graph" / "publishers.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n- id: edge\n  name: Edge Clinic\n  short_name: Edge\n  type: hospital\n")
    root = ["--root", str(project)]
    edge = ["--source", "edge", "--title", "About RLS", "--publisher", "edge", "--date", "2026-11-01"]
    edge += ["--short-name", "Edge"]
    assert main([*root, "curate", str(page), *edge]) == 0
    draft = project / "graph" / "drafts" / "edge.yaml"
    assert "suffix: ' '" in draft.read_text(encoding="utf-8")
    assert main([*root, "accept", str(draft), "--sources", str(page.parent)]) == 0
    claims = (project / "graph" / "claims" / "edge.yaml").read_text(encoding="utf-8")
    assert "Caffeine can make RLS worse." in claims
    assert "suffix" not in claims


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "the page is empty", id="empty"),
        pytest.param(b"  \n\n ", "the page is empty", id="blank"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file", id="binary"),
        pytest.param("Caf\u00e9 au lait may trigger RLS.".encode("latin-1"), "not UTF-8", id="latin-1"),
        pytest.param(b"Iron deficiency may trigger RLS. " * 160_000, "more than the", id="5-MB"),
        pytest.param(
            (
                "Das Restless-Legs-Syndrom ist eine Erkrankung des Nervensystems. Ein Mangel an Eisen kann die "
                "Beschwerden ausl\u00f6sen, und auch Koffein, Alkohol und manche Medikamente k\u00f6nnen sie "
                "verst\u00e4rken. Bei vielen Menschen bleibt die Ursache unbekannt."
            ).encode(),
            "does not read as English",
            id="german",
        ),
        pytest.param(
            (
                "El s\u00edndrome de piernas inquietas es un trastorno del sistema nervioso. La falta de hierro puede "
                "desencadenar los s\u00edntomas, y la cafe\u00edna, el alcohol y algunos medicamentos pueden "
                "empeorarlos. En muchas personas no se conoce la causa."
            ).encode(),
            "does not read as English",
            id="spanish",
        ),
    ],
)
def test_curate_refuses_bad_pages(
    project: Path, tmp_path: Path, content: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(content)
    before = _tree(project)
    assert main(["--root", str(project), "curate", str(page), "--source", "newpage"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert _tree(project) == before


def test_curate_refuses_an_existing_source(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _tree(project)
    assert main(["--root", str(project), "curate", str(OWN_PAGE), "--source", "nhlbi"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "source 'nhlbi' exists already" in err
    assert _tree(project) == before


def _draft_file(project: Path, tmp_path: Path) -> Path:
    out = tmp_path / "draft.yaml"
    args = ["--root", str(project), "curate", str(OWN_PAGE), "--source", OWN_SOURCE, "--out", str(out)]
    assert (
        main([*args, "--publisher", "Example Sleep Clinic", "--publisher-type", "hospital", "--date", "2026-11-01"])
        == 0
    )
    return out


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param("  subject: Caffeine\n", "  subject: Cafeine\n", "unknown entity 'Cafeine'", id="unknown-entity"),
        pytest.param(
            "quote: Cutting out caffeine may help.",
            "quote: Cutting out coffee may help.",
            "quote not in the page",
            id="quote-not-in-page",
        ),
        pytest.param("  id: sleepclinic\n", "  id: nhlbi\n", "source 'nhlbi' exists already", id="existing-source"),
        pytest.param("  type: hospital\n", "  type: null\n", "new publisher needs type", id="publisher-without-type"),
        pytest.param("  type: hospital\n", "  type: clinic\n", "unknown publisher type 'clinic'", id="publisher-type"),
        pytest.param(
            "  publisher: example-sleep-clinic\n", "  publisher: nobody\n", "unknown publisher", id="publisher"
        ),
        pytest.param("  retrieved: null\n", "  retrieved: last week\n", "'retrieved' must be a date", id="retrieved"),
    ],
)
def test_accept_refuses_a_bad_draft(  # noqa: PLR0917 - pytest passes fixtures and parameters by position
    project: Path, texts: Path, tmp_path: Path, old: str, new: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = _draft_file(project, tmp_path)
    content = draft.read_text(encoding="utf-8")
    assert old in content
    draft.write_text(content.replace(old, new, 1), encoding="utf-8")
    capsys.readouterr()
    before = _tree(project, texts)
    assert main(["--root", str(project), "accept", str(draft), "--sources", str(texts)]) == 1
    lines = capsys.readouterr().err.splitlines()
    problems = [line for line in lines if message in line]
    assert problems, lines
    assert all(line.startswith(f"{draft}:") for line in lines[:-1])
    line_number = int(problems[0].split(":")[1])
    assert new.strip().split(":")[-1].strip() in draft.read_text(encoding="utf-8").splitlines()[line_number - 1] or (
        "quote" in message
    )
    assert lines[-1].endswith("nothing written")
    assert _tree(project, texts) == before


@pytest.mark.parametrize(
    ("option", "message"),
    [
        pytest.param(
            ["--publisher", "A Clinic", "--publisher-type", "clinic"], "--publisher-type is one of", id="type"
        ),
        pytest.param(["--licence", "free"], "--licence is one of", id="licence"),
        pytest.param(["--retrieved", "yesterday"], "--retrieved must be YYYY-MM-DD", id="retrieved"),
    ],
)
def test_curate_refuses_bad_provenance(
    project: Path, option: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree(project)
    assert main(["--root", str(project), "curate", str(OWN_PAGE), "--source", "newpage", *option]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert _tree(project) == before


def test_accept_never_writes_into_the_shared_sources_it_reads(
    project: Path, texts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # ../shared/sources beside the project is an input: the build reads it, accept must not file a page there.
    shared = tmp_path / "shared" / "sources"
    shutil.copytree(texts, shared)
    monkeypatch.delenv("RLSKG_SOURCES", raising=False)
    draft = _draft_file(project, tmp_path)
    capsys.readouterr()
    before = _tree(shared)
    assert main(["--root", str(project), "accept", str(draft)]) == 0
    out = capsys.readouterr().out
    assert f"left {OWN_PAGE} where it is" in out and "--sources DIR" in out
    assert _tree(shared) == before
    assert (project / "graph" / "claims" / f"{OWN_SOURCE}.yaml").is_file()
    assert main(["--root", str(project), "build"]) == 0  # the quotes stand; unverified until the text is given
    assert f"{OWN_SOURCE}) NOT verified" in capsys.readouterr().out


def test_accept_refuses_the_shared_sources_as_the_curators_folder(
    project: Path, texts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared" / "sources"
    shutil.copytree(texts, shared)
    monkeypatch.setenv("RLSKG_SOURCES", str(shared))
    draft = _draft_file(project, tmp_path)
    capsys.readouterr()
    before = _tree(shared, project)
    assert main(["--root", str(project), "accept", str(draft)]) == 1
    err = capsys.readouterr().err
    assert "is the shared folder of input texts, read and never written" in err and "Traceback" not in err
    assert _tree(shared, project) == before


def test_a_page_in_copyright_keeps_only_its_quotes_in_the_project(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = _draft_file(project, tmp_path)
    own = project / "sources"
    own.mkdir(exist_ok=True)
    capsys.readouterr()
    before = _tree(project)
    assert main(["--root", str(project), "accept", str(draft), "--sources", str(own)]) == 1
    err = capsys.readouterr().err
    assert "a 'copyright' page keeps only its quotes in the project" in err and "Traceback" not in err
    assert _tree(project) == before


def test_a_curator_marks_the_page_part(project: Path, sources: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = sources / "webmd-what-causes-rls.txt"
    text = page.read_text(encoding="utf-8")
    sidebar = text.index("Today on WebMD")
    args = ["--root", str(project), "curate", str(page), "--source", "webmd-copy", "--format", "json"]
    assert main([*args, "--part", f"sidebar:{sidebar}-{len(text)}"]) == 0
    parts = {c["quote"]: c["part"] for c in json.loads(capsys.readouterr().out)["candidates"]}
    assert parts["Warm baths, exercise, and nixing caffeine will help."] == "sidebar"
    assert parts["The specific causes of restless legs syndrome (RLS) are not known."] == "main"
    assert main([*args, "--part", "footer:1-2"]) == 1
    assert "unknown page part 'footer'" in capsys.readouterr().err
