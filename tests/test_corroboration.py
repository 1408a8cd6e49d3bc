"""Who says what: corroboration counted by independent publishers, the age of the sources, the map of
agreement and disagreement (`rlskg compare`, the saved query `stances`), and `rlskg sources`.

The first tests hold for any data: they read the graph as it is (however many publishers and pages the
curators add) and check each count against the source records themselves. The ones after them pin
what the real pages present now say: NHLBI's 2010 page and its 2009 version, NHLBI's "Who Is at
Risk", WebMD's 2015 page, and Washington Sleep's copy of WebMD's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

import pytest

from rlskg.cli import main
from rlskg.corroboration import STANCES, compare, groups, sources, stance
from rlskg.explain import Answer, SourceRef
from rlskg.explain.support import Support, ten_years_before
from rlskg.kg import KnowledgeGraph, RemoteGraph
from rlskg.rdf.network import words_as_of
from rlskg.sparql import query

from .conftest import ROOT

DAY = dt.date(2026, 12, 7)  # the day these answers are read on: every seed page is then over ten years old
FAMILY_HISTORY, NERVE_DAMAGE, UNDERLYING = "FamilyHistory", "NerveDamage", "UnderlyingCondition"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.open(ROOT / "build")


@pytest.fixture(scope="module")
def answers(kg: KnowledgeGraph) -> dict[str, Answer]:
    """Every entity's answer about RLS, on :data:`DAY`."""
    G = kg.to_networkx()
    return {node: kg.why(node, today=DAY) for node in sorted(G) if node != "RLS"}


def page(
    ident: str, publisher: str, *, date: str = "", copies: str = "", original: str = "", as_of: str = ""
) -> SourceRef:
    """A page record as a claim carries it."""
    return SourceRef(
        ident,
        "",
        publisher,
        date,
        ident.upper(),
        derived_from=copies,
        publisher_id=publisher,
        original_publisher=original or publisher,
        publisher_short=publisher.upper(),
        as_of=as_of or date,
    )


# ---------------------------------------------------------------- counting, on any pages


def test_a_publisher_counts_once_however_many_pages_and_versions() -> None:
    found = Support.of([page("a-2009", "a", date="2009-01-30"), page("a", "a", date="2010-11-01"), page("b", "b")])
    assert (found.publishers, found.pages, found.copies) == (2, 3, 0)
    assert found.text() == "stated by 2 publishers (3 pages): A; B"


def test_a_copy_counts_once_with_its_original_and_is_named_as_a_copy() -> None:
    original = page("w", "w", date="2015-01-24")
    copy = page("c", "c", copies="w", original="w", as_of="2015-01-24")
    found = Support.of([original, copy])
    assert (found.publishers, found.pages, found.copies) == (1, 2, 1)
    assert found.text() == "stated by 1 publisher (2 pages, 1 a copy): W (and C's copy)"
    # the copy alone still speaks for its original's publisher, named from the graph's publishers
    alone = Support.of([copy], {"w": "WebMD"})
    assert (alone.publishers, alone.names) == (1, ["WebMD"])


def test_what_no_publisher_says_counts_for_nothing() -> None:
    ontology = SourceRef("chebi", "", "EMBL-EBI", "", "ChEBI")
    assert Support.of([ontology]).publishers == 0
    assert Support.of([ontology]).text() == "stated by no publisher's page"


@pytest.mark.parametrize(
    ("pages", "today", "old"),
    [
        ([page("a", "a", date="2015-01-24")], DAY, True),
        ([page("a", "a", date="2017-01-01")], DAY, False),
        ([page("a", "a", date="2016-12-06")], DAY, True),  # ten years and a day
        ([page("a", "a", date="2016-12-07")], DAY, False),  # exactly ten years: not over
        ([page("a", "a", date="2010-11-01"), page("b", "b")], DAY, False),  # a page of no known day
        ([page("a", "a", date="2010-11-01"), page("b", "b", as_of="2009-01-30")], DAY, True),  # retrieved in 2009
        ([page("a", "a", date="2015-01-24")], dt.date(2020, 1, 1), False),
    ],
    ids=["old", "recent", "a day over", "exactly ten", "one of unknown age", "undated but retrieved", "earlier day"],
)
def test_an_answer_on_old_pages_says_so_counted_to_the_day_given(
    pages: list[SourceRef], today: dt.date, old: bool
) -> None:
    found = Support.of(pages)
    assert found.old(today) is old
    newest = max(p.as_of for p in pages if p.as_of)
    assert found.age(today) == (f"all its sources are over ten years old: newest {newest[:4]}" if old else "")


def test_the_day_words_are_known_to_have_stood() -> None:
    assert words_as_of("2010-11-01", "2026-12-07") == "2010-11-01"  # the stated date
    assert words_as_of("", "2009-01-30") == "2009-01-30"  # undated: at least as old as the day it was taken
    assert words_as_of("", "2026-12-07", "2015-01-24") == "2015-01-24"  # a copy: its original's words
    assert words_as_of("", "") == ""
    assert ten_years_before(dt.date(2028, 2, 29)) == dt.date(2018, 2, 28)


@pytest.mark.parametrize(
    ("certainties", "expected"),
    [
        (["stated"], "states"),
        (["stated", "possible"], "states"),
        (["possible", "suggested"], "hedges"),
        (["implied"], "implied"),
        (["implied", "possible"], "hedges"),
        (["refuted"], "negates"),
        (["refuted", "implied"], "negates"),
        (["refuted", "stated"], "both"),
        ([], "silent"),
    ],
)
def test_a_stance_from_the_certainties_of_a_publishers_claims(
    kg: KnowledgeGraph, certainties: list[str], expected: str
) -> None:
    assert stance(certainties, kg.frame()["certainty_rank"]) == expected
    assert expected in [name for name, _, _ in STANCES]


# ---------------------------------------------------------------- every answer of the graph, whatever its pages


def _pages(claims: Any) -> dict[str, SourceRef]:
    return {c.source.id: c.source for c in claims if c.layer in ("stated", "implied") and c.source.publisher_id}


def test_every_chain_counts_its_publishers_from_its_pages(answers: dict[str, Answer]) -> None:
    checked = 0
    for answer in answers.values():
        for chain in answer.paths:
            pages = _pages(c for s in chain.steps for c in s.claims)
            publishers = {p.original_publisher or p.publisher_id for p in pages.values()}
            assert chain.support.publishers == len(publishers) == chain.independent, answer.query
            assert chain.support.pages == len(pages)
            assert chain.support.copies == sum(bool(p.derived_from) for p in pages.values())
            newest = max((p.as_of for p in pages.values() if p.as_of), default="")
            assert chain.support.newest == newest
            for step in chain.steps:
                assert step.support.pages == len(_pages(step.claims))
            checked += 1
    assert checked > 50


def test_the_verdict_is_supported_by_its_chains_publishers(answers: dict[str, Answer]) -> None:
    for answer in answers.values():
        shown = [chain for chain in answer.paths if chain.kind == answer.verdict]
        names = {n for chain in shown for n in chain.support.names}
        assert names <= set(answer.support.names), answer.query  # the verdict's counts every chain of its kind
        data = answer.to_dict()
        assert data["support"]["publishers"] == answer.support.publishers == len(data["support"]["names"])
        for chain, path in zip(answer.paths, data["paths"], strict=True):
            assert path["support"]["text"] == chain.support.text()
            assert path["support"]["age"]["today"] == DAY.isoformat()


def test_every_cited_source_shows_its_date_or_undated(answers: dict[str, Answer], kg: KnowledgeGraph) -> None:
    sources = kg.frame()["sources"]
    for answer in answers.values():
        text = " ".join(answer.to_text().split())  # as read, the lines unwrapped
        for chain in answer.paths:
            for step in chain.steps:
                for claim in step.claims:
                    if claim.layer != "stated":
                        continue
                    date = sources[claim.source.id]["date"]
                    cited = f"{claim.source.short_name} {date[:4]}" if date else f"{claim.source.short_name}, undated"
                    assert cited in text, (answer.query, cited)


def test_an_answer_says_its_sources_are_old_only_when_all_are(answers: dict[str, Answer]) -> None:
    for answer in answers.values():
        text = answer.to_text()
        for chain in answer.paths:
            note = chain.support.age(DAY)
            assert (f"({note})" in text) == bool(note)
            if note:
                assert all(
                    p.as_of and p.as_of < ten_years_before(DAY).isoformat()
                    for p in _pages(c for s in chain.steps for c in s.claims).values()
                )


def test_a_dispute_shows_both_sides_with_their_publishers(answers: dict[str, Answer]) -> None:
    disputes = [d for answer in answers.values() for d in answer.disputes]
    assert disputes
    for dispute in disputes:
        assert dispute.one.claims and dispute.other.claims
        assert dispute.one.support.publishers >= 1 and dispute.other.support.publishers >= 1
        if dispute.type == "disagreement" and dispute.rejects:
            assert all(c.certainty == "refuted" for c in dispute.other.claims)


def test_no_age_is_kept_in_the_build() -> None:
    """The build is the same from day to day: what is old is worked out when an answer is made."""
    for name in ("rls.network.json", "rls.html"):
        text = (ROOT / "build" / name).read_text(encoding="utf-8")
        assert not re.search(r"over ten years old: newest \d{4}", text) and "over_ten_years" not in text, name


# ---------------------------------------------------------------- the real pages present now
# Counted over these pages only, so that what they say still holds as further publishers' pages arrive.

SEED = ("nhlbi", "nhlbi-2009", "nhlbi-at-risk", "webmd", "washingtonsleep")
SEED_PUBLISHERS = ("nhlbi", "webmd", "washingtonsleep")


def seeded(claims: Any) -> Support:
    """The support of the claims of the seed pages among ``claims``."""
    return Support.of(c.source for c in claims if c.source.id in SEED and c.layer in ("stated", "implied"))


def test_family_history_is_stated_by_two_publishers_on_four_pages(kg: KnowledgeGraph) -> None:
    answer = kg.why("family history", today=DAY)
    assert answer.verdict == "risk"
    risk = answer.paths[0]
    assert seeded(c for s in risk.steps for c in s.claims).text() == "stated by 2 publishers (4 pages): NHLBI; WebMD"
    said = answer.support.text()
    age = f" {answer.age[0].upper()}{answer.age[1:]}." if answer.age else ""
    assert f"{said[0].upper()}{said[1:]}.{age}" in " ".join(answer.to_text().split())
    seed = seeded(c for chain in answer.paths for s in chain.steps for c in s.claims)
    assert seed.age(DAY) == "all its sources are over ten years old: newest 2015"
    assert seed.age(dt.date(2024, 1, 1)) == ""  # WebMD's page of 2015 was then nine years old


def test_washington_sleeps_copy_of_webmd_counts_once(kg: KnowledgeGraph) -> None:
    answer = kg.why("abnormalities in brain chemicals", today=DAY)
    chain = next(
        c for c in answer.paths if len(c.steps) == 1 and any(x.source.id == "webmd" for x in c.steps[0].claims)
    )
    assert seeded(chain.steps[0].claims).text() == (
        "stated by 1 publisher (2 pages, 1 a copy): WebMD (and Washington Sleep's copy)"
    )
    # undated, the copy's words are WebMD's of 2015
    copied = next(c.source for c in chain.steps[0].claims if c.source.id == "washingtonsleep")
    assert (copied.date, copied.as_of) == ("", "2015-01-24")
    assert "(Washington Sleep, undated; possible)" in " ".join(answer.to_text().split())


def test_nerve_damage_shows_nhlbi_against_webmd_and_its_copy(kg: KnowledgeGraph) -> None:
    answer = kg.why("nerve damage", today=DAY)
    dispute = next(d for d in answer.disputes if d.type == "disagreement" and d.step[1].id == "causes")
    assert dispute.step[0].id == NERVE_DAMAGE and dispute.rejects
    assert seeded(dispute.one.claims).text() == "stated by 1 publisher (2 pages): NHLBI"
    assert seeded(dispute.other.claims).text() == (
        "stated by 1 publisher (2 pages, 1 a copy): WebMD (and Washington Sleep's copy)"
    )
    text = answer.to_text()
    for side, claims in (("for it", dispute.one), ("against it", dispute.other)):
        said = f"     {side}, {claims.support.counts()}: {claims.support.who()}"
        assert said in text.replace("\n       ", " ")
    data = next(d for d in json.loads(answer.to_json())["disputes"] if d["step"]["predicate"]["id"] == "causes")
    assert "NHLBI" in data["for"]["support"]["names"] and "WebMD" in data["against"]["support"]["names"]


def test_brain_iron_tension_names_each_side(kg: KnowledgeGraph) -> None:
    answer = kg.why("brain iron", today=DAY)
    tension = next(d for d in answer.disputes if d.type == "tension")
    assert seeded(tension.one.claims).names == ["NHLBI"] and seeded(tension.other.claims).names == ["WebMD"]
    text = answer.to_text()
    assert "Where the publishers differ (emphasis or opposite effects, not a contradiction):" in text
    assert f"     {tension.one.support.says()}:\n" in text and f"     {tension.other.support.says()}:\n" in text


# ---------------------------------------------------------------- the overview


def test_overview_ranks_by_independent_publishers_then_certainty(kg: KnowledgeGraph) -> None:
    from rlskg.causes import overview, render_text

    found = overview(kg, today=DAY)
    rank = kg.frame()["certainty_rank"]
    text = render_text(found)
    for group in found["groups"]:
        keys = [(-e["publishers"], -rank[e["certainty"]]) for e in group["entries"]]
        assert keys == sorted(keys), group["verdict"]
        assert group["one_publisher"] == [e["label"] for e in group["entries"] if e["publishers"] == 1]
        if group["one_publisher"]:
            assert f"  Named by one publisher only: {', '.join(group['one_publisher'])}." in text
        for entry in group["entries"]:
            support = entry["support"]
            assert support["publishers"] == entry["publishers"] == kg.why(entry["id"]).support.publishers
            assert bool(support["age"]["note"]) == support["age"]["over_ten_years"]
    family = next(e for g in found["groups"] for e in g["entries"] if e["id"] == FAMILY_HISTORY)
    assert {"NHLBI", "WebMD"} <= set(family["support"]["names"])


def test_overview_line_counts_who_states_its_chain_apart_from_all_its_chains(kg: KnowledgeGraph) -> None:
    """The count beside a chain is that chain's; the verdict's (all chains of its kind) is said apart, as such."""
    from rlskg.causes import overview, render_text

    found = overview(kg, today=DAY)
    lines = render_text(found).splitlines()
    apart = 0
    for entry in (e for g in found["groups"] for e in g["entries"]):
        answer = kg.why(entry["id"], today=DAY)
        chain, every = entry["chain_support"], entry["support"]
        assert chain == answer.paths[0].support.to_dict(DAY)
        assert set(chain["names"]) <= set(every["names"]) and chain["pages"] <= every["pages"]
        line = next(i for i, text in enumerate(lines) if text.startswith(f"  - {entry['label']} [{entry['id']}]: "))
        assert f"; {chain['text'].removeprefix('stated by ')}" in lines[line]
        assert every["text"].removeprefix("stated by ") not in lines[line] or chain == every
        if chain == every:
            assert entry["all_chains"] is None and not lines[line + 1].startswith("      ")
            continue
        apart += 1
        kind = kg.frame()["verdicts"][answer.paths[0].kind]["label"]
        assert entry["all_chains"].startswith(f"all chains of this kind ({kind}): ")
        assert lines[line + 1] == "      " + entry["all_chains"] + (
            f"; {every['age']['note']}" if every["age"]["note"] else ""
        )
        assert every["text"].removeprefix("stated by ") in entry["all_chains"]
    assert apart, "some entity's best chain rests on fewer publishers than all its chains"
    iron = next(e for g in found["groups"] for e in g["entries"] if e["id"] == "IronDeficiency")
    # "iron deficiency triggers RLS" is HEIW's and the Royal Melbourne Hospital's word, not NHLBI's:
    # NHLBI is behind the chains through brain iron, counted only in all_chains.
    assert {"HEIW", "Royal Melbourne Hospital"} <= set(iron["chain_support"]["names"])
    assert "NHLBI" not in iron["chain_support"]["names"] and "NHLBI" in iron["support"]["names"]


# ---------------------------------------------------------------- the map of agreement and disagreement


@pytest.fixture(scope="module")
def compared(kg: KnowledgeGraph) -> dict[str, Any]:
    return compare(kg)


def test_the_groups_are_the_ontologys_kinds_that_lead_to_a_target(kg: KnowledgeGraph) -> None:
    frame = kg.frame()
    found = [g["id"] for g in groups(frame)]
    assert found == ["causal", "risk", "worsening", "mechanism", "association"]
    for name in found:
        kind = frame["kinds"][name]
        assert kind["follows"] in ("forward", "both") and kind["chain_kind"] in frame["verdicts"]


def test_every_cell_is_read_from_its_publishers_claims(kg: KnowledgeGraph, compared: dict[str, Any]) -> None:
    claims = {c["id"]: c for c in kg.claims("RLS")}
    rank = kg.frame()["certainty_rank"]
    publishers = set(kg.frame()["publishers"])
    assert {p["id"] for p in compared["publishers"]} == publishers
    for row in compared["rows"]:
        assert set(row["cells"]) == publishers  # every publisher, silent ones too
        for publisher, cell in row["cells"].items():
            found = [claims[i] for i in cell["claims"]]
            assert all(c["source"]["publisher_id"] == publisher for c in found)
            assert all(row["entity"]["id"] in (c["subject"], c["object"]) for c in found)
            assert cell["stance"] == stance((c["certainty"] for c in found), rank)
        affirming = {
            claims[i]["source"]["original_publisher"]
            for cell in row["cells"].values()
            for i in cell["claims"]
            if claims[i]["certainty"] != "refuted"
        }
        assert row["support"]["publishers"] == len(affirming), row["entity"]
    supports = [row["support"]["publishers"] for row in compared["rows"]]
    assert supports == sorted(supports, reverse=True)


def test_the_saved_query_gives_the_same_stances(kg: KnowledgeGraph, compared: dict[str, Any]) -> None:
    names = {p["id"]: p["short_name"] for p in compared["publishers"]}
    here = {
        (row["entity"]["id"], row["group"], names[publisher], cell["stance"])
        for row in compared["rows"]
        for publisher, cell in row["cells"].items()
    }
    text = (ROOT / "graph" / "queries" / "stances.rq").read_text(encoding="utf-8")
    there = {
        (str(r["entity"]).rsplit("/", 1)[1], str(r["group"]), str(r["publisher"]), str(r["stance"]))
        for r in query(kg.rdf(), text).bindings
    }
    assert there == here


def test_what_the_publishers_say_now(compared: dict[str, Any]) -> None:
    rows = {(r["entity"]["id"], r["group"]): r for r in compared["rows"]}
    cells = {key: {p: row["cells"][p]["stance"] for p in SEED_PUBLISHERS} for key, row in rows.items()}
    assert cells[(FAMILY_HISTORY, "risk")] == {"nhlbi": "states", "webmd": "hedges", "washingtonsleep": "silent"}
    assert cells[(NERVE_DAMAGE, "causal")] == {"nhlbi": "hedges", "webmd": "negates", "washingtonsleep": "negates"}
    nerve = rows[(NERVE_DAMAGE, "causal")]
    assert (
        nerve["contested"]
        and "NHLBI" in nerve["support"]["names"]
        and "WebMD" in [b["name"] for b in nerve["against"]["by_publisher"]]
    )
    underlying = rows[(UNDERLYING, "causal")]["support"]["by_publisher"]
    webmd = next(b for b in underlying if b["id"] == "webmd")  # WebMD's page and Washington Sleep's copy: one
    assert webmd["pages"] == ["webmd"] and webmd["copies"] == [{"page": "washingtonsleep", "by": "Washington Sleep"}]
    assert rows[("MovementControl", "mechanism")]["cells"]["nhlbi"]["stance"] == "implied"
    sleep = next(p for p in compared["publishers"] if p["id"] == "washingtonsleep")
    assert sleep["copy_of"] == ["WebMD"] and sleep["type"] == "copy site"


def test_compare_from_a_remote_store_is_the_local_one(pushed: str, compared: dict[str, Any]) -> None:
    assert compare(RemoteGraph.open(pushed)) == compared


# ---------------------------------------------------------------- the commands


def test_rlskg_compare_as_a_table_json_and_csv(
    compared: dict[str, Any], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # wide enough for a column per publisher
    assert main(["compare"]) == 0
    text = capsys.readouterr().out
    head = next(line for line in text.splitlines() if line.startswith("entity "))
    assert head.split()[3:] == [w for p in compared["publishers"] for w in p["short_name"].split()]
    assert "family history of RLS" in text and "silence is not denial" in text.replace("\n  ", " ")
    assert main(["compare", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == compared
    assert main(["compare", "alcohol", "--group", "causal", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len(compared["publishers"]) and {r["entity_id"] for r in rows} == {"Alcohol"}
    assert {(r["publisher"], r["stance"]) for r in rows} >= {
        ("NHLBI", "states"),
        ("WebMD", "silent"),
        ("Washington Sleep", "silent"),
    }


def test_rlskg_compare_turns_the_table_when_it_is_too_wide(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["compare", "nerve damage", "--group", "causal"]) == 0
    out = capsys.readouterr().out
    assert "nerve damage (peripheral neuropathy) \u2014 causal (support: " in out
    negates = next(line for line in out.splitlines() if line.startswith("  \u2715 negates: "))
    hedges = next(line for line in out.splitlines() if line.startswith("  \u25d0 hedges: "))
    assert {"Washington Sleep", "WebMD"} <= set(negates.split(": ")[1].split(", ")) and "NHLBI" in hedges


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["compare", "diabetis"], 1, "rlskg: nothing in the graph is called 'diabetis'; did you mean: diabetes"),
        (["compare", "blood"], 2, "rlskg: 'blood' matches 3 entities"),
        (["compare", "--group", "cause"], 2, "rlskg: unknown group 'cause'; the groups are: causal, risk,"),
        (["compare", "--format", "xml"], 2, "rlskg compare: argument --format: invalid choice"),
        (["sources", "--graph", "/no/such/build"], 1, "rlskg: no built graph at"),
    ],
    ids=["unknown name", "ambiguous name", "unknown group", "bad format", "no build"],
)
def test_bad_input_is_one_line(args: list[str], status: int, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        code = main(args)
    except SystemExit as usage:  # argparse's own usage errors
        code = int(usage.code or 0)
    err = capsys.readouterr().err
    assert code == status and len(err.strip().splitlines()) == 1 and err.startswith(message), err


def test_rlskg_sources_lists_every_page(kg: KnowledgeGraph, capsys: pytest.CaptureFixture[str]) -> None:
    found = sources(kg)
    claims: dict[str, int] = {}
    for c in kg.claims():
        claims[c["source"]["id"]] = claims.get(c["source"]["id"], 0) + 1
    table = kg.frame()["sources"]
    pages = {i for i, s in table.items() if s["publisher_id"]}
    assert {r["id"] for r in found["sources"]} == pages
    for row in found["sources"]:
        assert row["claims"] == claims.get(row["id"], 0)
        assert row["date"] == (table[row["id"]]["date"] or None)
    originals = {table[i]["original_publisher"] for i in pages}
    assert (found["pages"], found["publishers"]) == (len(pages), len(originals))
    assert main(["sources"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == [
        "id",
        "publisher",
        "type",
        "date",
        "licence",
        "text",
        "version",
        "of",
        "/",
        "copy",
        "of",
        "claims",
    ]
    rows = {line.split()[0]: line for line in out[2:] if line and not line[0].isdigit()}
    assert set(rows) == pages
    assert "undated" in rows["nhlbi-2009"] and "version of nhlbi" in rows["nhlbi-2009"]
    assert "copy site" in rows["washingtonsleep"] and "copy of webmd" in rows["washingtonsleep"]
    assert "2015-01-24" in rows["webmd"] and "copyright" in rows["webmd"] and "quotes" in rows["webmd"]
    assert out[-1].startswith(f"{len(pages)} pages from {len(originals)} independent publishers")


def test_compare_from_a_large_builds_index_is_the_same(large_build: Any, compared: dict[str, Any]) -> None:
    assert compare(KnowledgeGraph.open(large_build)) == compared


def test_an_entity_no_page_links_directly_is_named_not_dropped(kg: KnowledgeGraph) -> None:
    from rlskg.corroboration import render_compare

    found = compare(kg, ["dopamine"])  # a step of a mechanism: its chains are its why page's business
    assert found["rows"] == [] and found["unlinked"] == [{"id": "Dopamine", "label": "dopamine"}]
    text = render_compare(found)
    assert "dopamine: no page links it directly; ask `rlskg why dopamine` for its chains." in text
