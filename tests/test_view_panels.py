# ruff: noqa: F811 - the shared browser fixtures are imported from test_view by name
"""The view's answer panel, inspector, filters, accessibility, URL state, print and export, in Chromium."""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from rlskg.explain import Explainer
from rlskg.view import drawing, render_html

from .test_view import ARTIFACTS, PHONE, G, Page, page_path, view  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def _quotes(answer: Any) -> set[str]:
    quotes = {c.quote for path in answer.paths for step in path.steps for c in step.claims}
    quotes |= {e.quote for *_, e in answer.refuted}
    quotes |= {q for c in answer.conflicts for q in (c.claim.quote, c.other.quote)}
    return quotes


# ---------------------------------------------------------------- 4. the answer says what `rlskg why` says


@pytest.mark.parametrize("name", ["nerve damage", "Paxil", "high blood pressure", "caffeine", "leg vascular disease"])
def test_answer_panel_says_what_rlskg_why_says(view: Page, G: nx.MultiDiGraph, name: str) -> None:
    answer = Explainer.of(G).why(name)
    view.search(name)
    text = view.page.inner_text("#answer")
    summary = answer.to_dict().get("summary") or answer.to_text().split("\n")[2]
    assert summary in text
    for quote in _quotes(answer):
        assert quote in text
    assert view.js("document.querySelectorAll('#answer ol.chains > li').length") == len(answer.paths)
    if answer.refuted:
        assert "Rejected by the source (never used as a link)" in text
    for dispute in answer.disputes:  # both sides, with the publishers on each
        if dispute.type == "disagreement":
            assert "Where the publishers disagree" in text
            assert f"for it, {dispute.one.support.counts()}: {dispute.one.support.who()}" in text
        else:
            assert "Where the publishers differ" in text and f"{dispute.other.support.says()}:" in text
    for chain in answer.paths:
        assert chain.support.text() in text


def test_nerve_damage_says_webmd_rejects_it(view: Page) -> None:
    view.search("nerve damage")
    text = view.page.inner_text("#answer")
    assert "nerve damage (peripheral neuropathy) causes restless legs syndrome: refuted" in text
    assert "both of these suggestions have been rejected" in text


@pytest.fixture(scope="module")
def pair_page(G: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The view with the answers between every two entities embedded, as a page of at most 80 entities has them."""
    path = tmp_path_factory.mktemp("pairs") / "rls.html"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(drawing, "_PAIR_LIMIT", G.number_of_nodes())
        path.write_text(render_html(G), encoding="utf-8")
    return path


def test_a_large_graphs_page_holds_the_paths_to_rls_only(view: Page, G: nx.MultiDiGraph) -> None:
    assert G.number_of_nodes() > drawing._PAIR_LIMIT  # the 19 pages' 89 entities
    view.search("diabetes", to="nerve damage")
    assert "This page holds the paths to restless legs syndrome only" in view.page.inner_text("#search-message")


@pytest.mark.parametrize(
    ("a", "b"), [("diabetes", "nerve damage"), ("high blood pressure", "beta-blockers"), ("iron", "dopamine")]
)
def test_path_between_any_two_entities(browser: Any, pair_page: Path, G: nx.MultiDiGraph, a: str, b: str) -> None:
    answer = Explainer.of(G).why(a, b)
    view = Page(browser, pair_page)
    try:
        _path_between(view, answer, a, b)
    finally:
        view.close()


def _path_between(view: Page, answer: Any, a: str, b: str) -> None:
    view.search(a, to=b)
    text = view.page.inner_text("#answer")
    assert f"Why is {answer.subject.label} linked to {answer.target.label}?" in text  # type: ignore[union-attr]
    assert (answer.to_dict().get("summary") or answer.to_text().split("\n")[2]) in text
    for quote in _quotes(answer):
        assert quote in text
    assert "to=" in view.js("location.hash")


def test_context_arrows_read_as_the_text(view: Page, G: nx.MultiDiGraph) -> None:
    for drug, condition, data in G.edges(data=True):
        if data["kind"] != "context":
            continue
        edge = view.js("([a, b]) => rlsView.edges.get(rlsView.edgeId(a, b))", [drug, condition])
        head = edge["to"] if edge["arrows"]["to"]["enabled"] else edge["from"]
        assert head == drug, (drug, condition)  # "high blood pressure -> is treated with -> beta-blockers"
        assert not (edge["arrows"]["to"]["enabled"] and edge["arrows"]["from"]["enabled"])
        reads = f"{G.nodes[condition]['label']} \u2192 {data['inverse_label']} \u2192 {G.nodes[drug]['label']}"
        assert reads in view.js("id => rlsView.relationTitles(id)", edge["id"])
    view.search("high blood pressure")
    assert "high blood pressure \u2192 is treated with \u2192 beta-blockers" in view.page.inner_text("#answer")


# ---------------------------------------------------------------- the inspector


def test_inspector_for_a_node_links_identifiers_and_copies_quotes(view: Page) -> None:
    view.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    view.search("diabetes")
    inspector = view.page.inner_text("#inspector")
    assert view.page.inner_text("#inspector h3") == "diabetes" and "Type: disease or condition" in inspector
    assert "A disease in which blood sugar" in inspector
    links = view.js("Array.from(document.querySelectorAll('#inspector a')).map(a => [a.textContent, a.href, a.rel])")
    assert ["MONDO:0005015", "https://purl.obolibrary.org/obo/MONDO_0005015", "noopener noreferrer"] in links
    assert ["DOID:9351", "https://purl.obolibrary.org/obo/DOID_9351", "noopener noreferrer"] in links
    assert ["MESH:D003920", "https://id.nlm.nih.gov/mesh/D003920", "noopener noreferrer"] in links
    assert "Source: What Causes Restless Legs Syndrome?, National Heart, Lung, and Blood Institute" in inspector
    assert "2010-11-01" in inspector and "layer: stated" in inspector
    quote = view.js("document.querySelector('#inspector blockquote').textContent")
    view.page.click("#inspector button.copy")
    assert view.js("navigator.clipboard.readText()") == quote
    assert view.page.inner_text("#inspector button.copy") == "Copied"
    assert view.blocked == []  # links only: nothing was loaded
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / "laptop-search-inspector.png"))


def test_inspector_for_an_edge_shows_refutation_and_disagreement(view: Page) -> None:
    view.page.check("#show-refuted")
    point = view.edge_point(view.edge_between("NerveDamage", "RLS"), 0.45)
    view.page.mouse.click(point["x"], point["y"])
    text = view.page.inner_text("#inspector")
    assert "Refuted: the source reports this as rejected" in text
    assert "Disputed by WebMD (refuted there):" in text and "Disputed by NHLBI:" in text
    assert "certainty: possible" in text and "certainty: refuted" in text
    assert "select=NerveDamage%2CRLS" in view.js("location.hash")


# ---------------------------------------------------------------- 9. the certainty filter respects the source


def _expected(G: nx.MultiDiGraph, source: str, certainties: set[str], refuted: bool) -> set[tuple[str, str, bool]]:
    """An independent model: which relations pass, computing certainty over the chosen source's claims only."""
    rank = G.graph["certainty_rank"]
    items = [(u, v, key, data["claims"], False) for u, v, key, data in G.edges(keys=True, data=True)]
    items += [
        (c["subject"], c["object"], c["predicate"], [c], True)
        for c in G.graph["claims"].values()
        if c["certainty"] == "refuted"
    ]
    passing = set()
    for u, v, key, claims, is_refuted in items:
        if source == "multi":
            shown = claims if len({c["source"]["id"] for c in claims}) > 1 else []
        else:
            shown = [c for c in claims if source == "all" or c["source"]["id"] == source]
        if not shown:
            continue
        if refuted if is_refuted else max((c["certainty"] for c in shown), key=rank.__getitem__) in certainties:
            passing.add((min(u, v) + "|" + max(u, v), key, is_refuted))
    return {(pair, key, r) for pair, key, r in passing}


def test_certainty_filter_respects_the_chosen_source(view: Page, G: nx.MultiDiGraph) -> None:
    view.page.select_option("#source-filter", "webmd")
    for box in ("stated", "suggested"):
        view.page.uncheck(f"#certainty-filter input[value={box}]")
    shown = view.js("rlsView.shown().map(r => r.from + '>' + r.to + ':' + r.certainty)")
    assert "FamilyHistory>RLS:possible" in shown  # WebMD: "In many cases, RLS seems to run in families."
    combos = 0
    for source, levels, refuted in itertools.product(
        ["all", "nhlbi", "webmd", "multi"],
        [
            {"stated"},
            {"possible"},
            {"suggested", "possible", "implied"},
            {"stated", "suggested", "possible", "implied"},
        ],
        [False, True],
    ):
        view.page.select_option("#source-filter", source)
        for level in ("stated", "suggested", "possible", "implied"):
            view.page.set_checked(f"#certainty-filter input[value={level}]", level in levels)
        view.page.set_checked("#show-refuted", refuted)
        got = {
            (min(r["from"], r["to"]) + "|" + max(r["from"], r["to"]), r["predicate"], r["refuted"])
            for r in view.js("rlsView.shown()")
        }
        assert got == _expected(G, source, levels, refuted), (source, levels, refuted)
        combos += 1
    assert combos == 32


# ---------------------------------------------------------------- 10. accessibility


def test_accessible_names_live_answers_chains_and_escape(view: Page, G: nx.MultiDiGraph) -> None:
    unnamed = view.js(
        """Array.from(document.querySelectorAll('input, select, button')).filter(e =>
             !((e.labels && e.labels.length && e.labels[0].textContent.trim())
               || e.getAttribute('aria-label') || e.textContent.trim()))
           .map(e => e.outerHTML)"""
    )
    assert unnamed == []
    assert view.js("document.getElementById('answer').getAttribute('aria-live')") == "polite"
    graph = view.js("['role', 'aria-label'].map(a => document.getElementById('graph').getAttribute(a))")
    assert graph[0] == "img" and f"{G.number_of_edges()} of" in graph[1] and "Relations shown" in graph[1]
    rows = view.js("document.querySelectorAll('#relations-table tbody tr').length")
    assert rows == G.number_of_edges()
    view.search("Paxil")
    chains = view.js(
        "Array.from(document.querySelectorAll('#answer ol.chains > li .chain-title')).map(e => e.textContent)"
    )
    assert chains and chains[0].startswith("paroxetine \u2192 antidepressants \u2192 restless legs syndrome")
    view.page.keyboard.press("Escape")
    assert "paroxetine" not in view.page.inner_text("#answer") and view.js("location.hash") == ""


# ---------------------------------------------------------------- 11. URL, print, export


def test_url_records_focus_filters_and_selection(browser: Any, page_path: Path) -> None:
    for fragment in ("#focus=Paxil", "#focus=Paroxetine", "#focus=paxil"):
        page = Page(browser, page_path, fragment=fragment)
        try:
            assert page.js("rlsView.network.getSelectedNodes()") == ["Paroxetine"], fragment
            assert "Why is paroxetine linked to restless legs syndrome?" in page.page.inner_text("#answer")
        finally:
            page.close()
    page = Page(browser, page_path)
    try:
        page.click_node("Diabetes")
        assert page.js("location.hash") == "#focus=Diabetes"
        page.page.select_option("#source-filter", "webmd")
        page.page.uncheck("#certainty-filter input[value=possible]")
        page.page.uncheck("#type-filter input[value=Drug]")
        shared = page.js("location.hash")
        assert "source=webmd" in shared and "certainty=stated%2Csuggested" in shared and "types=" in shared
        shown = page.js("rlsView.shown().map(r => r.id).sort()")
    finally:
        page.close()
    page = Page(browser, page_path, fragment=shared)
    try:
        assert page.page.input_value("#source-filter") == "webmd"
        assert page.js("rlsView.shown().map(r => r.id).sort()") == shown
        assert page.js("rlsView.network.getSelectedNodes()") == ["Diabetes"]
    finally:
        page.close()
    page = Page(browser, page_path, fragment="#select=nerve%20damage,RLS")
    try:
        assert page.page.inner_text("#inspector").startswith(
            "nerve damage (peripheral neuropathy) \u2014 restless legs syndrome"
        )
    finally:
        page.close()


def test_print_shows_graph_legend_chains_and_table(view: Page) -> None:
    view.search("Paxil")
    view.page.emulate_media(media="print")
    width = view.js("window.innerWidth")
    box = view.js(
        "(() => { const r = document.getElementById('main').getBoundingClientRect(); return [r.width, r.height]; })()"
    )
    assert box[0] >= width - 2 and box[1] > 300  # the canvas is not squeezed beside a sidebar
    assert view.js("getComputedStyle(document.getElementById('filters')).display") == "none"
    assert view.js("getComputedStyle(document.getElementById('find')).display") == "none"
    swatches = view.js("Array.from(document.querySelectorAll('#legend svg')).map(s => s.getBoundingClientRect().width)")
    assert swatches and min(swatches) > 0
    assert view.js("getComputedStyle(document.getElementById('table-wrap')).display") != "none"
    assert view.js("document.querySelectorAll('#answer ol.chains > li').length") >= 1
    view.page.screenshot(path=str(ARTIFACTS / "print.png"), full_page=True)
    pdf = view.page.pdf()
    assert pdf.startswith(b"%PDF")


def test_png_and_csv_export_under_the_pages_own_policy(browser: Any, page_path: Path, G: nx.MultiDiGraph) -> None:
    page = Page(browser, page_path, bypass_csp=False, accept_downloads=True)
    try:
        page.page.wait_for_selector("#status:not(:empty)")
        page.page.wait_for_timeout(300)
        with page.page.expect_download() as png_download:
            page.page.click("#save-png")
        png = Path(png_download.value.path()).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
        assert png_download.value.suggested_filename == "rls-graph.png"
        page.page.select_option("#source-filter", "nhlbi")
        with page.page.expect_download() as csv_download:
            page.page.click("#save-csv")
        rows = list(csv.DictReader(io.StringIO(Path(csv_download.value.path()).read_text(encoding="utf-8"))))
        nhlbi = sum(1 for *_, d in G.edges(data=True) if any(c["source"]["id"] == "nhlbi" for c in d["claims"]))
        assert len(rows) == nhlbi and all(r["sources"] == "NHLBI" for r in rows)
        row = next(r for r in rows if r["from_id"] == "Diabetes" and r["to_id"] == "NerveDamage")
        assert row["relation"] == "causes" and row["quotes"]
        assert page.blocked == [] and page.errors == []
    finally:
        page.close()


def test_phone_search_with_inspector(browser: Any, page_path: Path) -> None:
    page = Page(browser, page_path, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page.search("Paxil")
        page.page.evaluate("document.getElementById('answer').scrollIntoView()")
        ARTIFACTS.mkdir(exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / "phone-search-answer.png"))
        page.page.evaluate("document.getElementById('inspector').scrollIntoView()")
        page.page.screenshot(path=str(ARTIFACTS / "phone-search-inspector.png"))
        assert "paroxetine" in page.page.inner_text("#inspector")
    finally:
        page.close()


@pytest.mark.parametrize(("day", "old"), [("2026-12-07", True), ("2020-01-01", False)])
def test_the_panel_counts_the_sources_age_on_the_readers_day(
    view: Page, G: nx.MultiDiGraph, day: str, old: bool
) -> None:
    """The page carries the sources' days, not their age: the same page says "old" on one day and not on another."""
    import datetime as dt

    today = dt.date.fromisoformat(day)
    view.page.clock.set_fixed_time(f"{day}T12:00:00")
    view.search("family history")
    text = view.page.inner_text("#answer")
    answer = Explainer.of(G).why("family history", today=today)
    assert answer.support.text()[1:] in text  # "Stated by 2 publishers (4 pages): NHLBI; WebMD."
    if answer.age:
        assert f"All its sources are over ten years old: newest {answer.support.newest[:4]}." in text
    assert ("All its sources are over ten years old" in text) is bool(answer.age)
    for chain in answer.paths:
        note = chain.support.age(today)
        assert (f"({note})" in text) is bool(note)
    assert old or not answer.age  # in 2020 even NHLBI's 2010 pages were under ten years old
