"""The interactive view in a real browser: headless Debian Chromium, every network request blocked."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from rlskg.network import load_graph, to_networkx
from rlskg.view import render_html

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
HOSTILE_LABEL = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"> href'
HOSTILE_QUOTE = '<a href="javascript:window.__pwned = 3">click</a> <b>bold</b>'

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run should install it")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class Page:
    """An opened view, with every request that is not the page file itself refused and recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        # The page's own Content-Security-Policy forbids eval, which Playwright needs to inspect it;
        # bypassing it also proves the view is safe without that second line of defence.
        self.context = browser.new_context(bypass_csp=True, viewport={"width": 1366, "height": 768})
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        url = path.resolve().as_uri()

        def route(route: Any) -> None:
            if route.request.url.split("#")[0] == url:
                route.continue_()
            else:
                self.blocked.append(route.request.url)
                route.abort()

        self.page.route("**/*", route)
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)
        self.page.wait_for_function("window.rlsView && window.rlsView.ready", timeout=60_000)

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def hover_edge(self, edge_id: str) -> str:
        point = self.js(
            """id => { const v = window.rlsView; const e = v.network.body.edges[id];
                       const p = e.edgeType.getPoint(0.5); const d = v.network.canvasToDOM(p);
                       const r = document.getElementById('graph').getBoundingClientRect();
                       return {x: r.left + d.x, y: r.top + d.y}; }""",
            edge_id,
        )
        self.page.mouse.move(point["x"] - 40, point["y"] - 40)
        self.page.mouse.move(point["x"], point["y"], steps=5)
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=10_000)
        return str(tooltip.inner_text())

    def hover_node(self, node_id: str) -> str:
        point = self.js(
            """id => { const v = window.rlsView; const d = v.network.canvasToDOM(v.network.getPosition(id));
                       const r = document.getElementById('graph').getBoundingClientRect();
                       return {x: r.left + d.x, y: r.top + d.y}; }""",
            node_id,
        )
        self.page.mouse.move(point["x"] + 30, point["y"] + 30)
        self.page.mouse.move(point["x"], point["y"], steps=5)
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=10_000)
        return str(tooltip.inner_text())

    def edge_id(self, source: str, target: str, relation: str) -> str:
        return str(
            self.js(
                "([f, t, r]) => window.rlsView.edges.get({filter: e => e.from === f && e.to === t"
                " && e.info.relation === r})[0].id",
                [source, target, relation],
            )
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return to_networkx(load_graph(ROOT / "build" / "rls.ttl"))


@pytest.fixture
def view(browser: Any) -> Iterator[Page]:
    page = Page(browser, ROOT / "build" / "rls.html")
    yield page
    page.close()


def test_opens_offline_with_no_request_and_no_error(view: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / "rls.png"))
    assert view.blocked == []
    assert view.failed == []
    assert view.errors == []


def test_counts_equal_the_graph(view: Page, G: nx.MultiDiGraph) -> None:
    refuted = [c for c in G.graph["claims"].values() if c["certainty"] == "refuted"]
    assert view.js("window.rlsView.nodes.length") == G.number_of_nodes()
    assert view.js("window.rlsView.edges.length") == G.number_of_edges() + len(refuted)
    shown = view.js("window.rlsView.edges.get({filter: e => !e.hidden}).length")
    assert shown == G.number_of_edges()  # refuted claims stay hidden until asked for
    assert view.page.inner_text("#status") == (
        f"{G.number_of_nodes() - 1} of {G.number_of_nodes()} entities, "
        f"{G.number_of_edges()} of {G.number_of_edges() + len(refuted)} relations shown"
    )


def test_hovering_an_edge_shows_its_quote(view: Page) -> None:
    text = view.hover_edge(view.edge_id("Paroxetine", "Antidepressant", "is a member of"))
    assert "paroxetine \u2192 is a member of \u2192 antidepressants" in text
    assert "\u201cAntidepressant drugs (including amitriptyline, Paxil)\u201d" in text
    assert "WebMD 2015, main text; stated" in text


def test_hovering_a_node_shows_type_synonyms_identifiers(view: Page) -> None:
    text = view.hover_node("Phenytoin")
    assert "Type: drug" in text and "Also called: Dilantin" in text and "CHEBI:8107" in text


def test_search_finds_paxil_and_highlights_its_paths(view: Page) -> None:
    view.page.fill("#search", "Paxil")
    view.page.press("#search", "Enter")
    assert view.js("window.rlsView.network.getSelectedNodes()") == ["Paroxetine"]
    answer = view.page.inner_text("#answer")
    assert "Verdict: associated" in answer and "antidepressants" in answer


def test_source_filter_hides_what_it_should(view: Page) -> None:
    view.page.select_option("#source-filter", "NHLBI")
    hidden = view.js("window.rlsView.nodes.get('Caffeine').hidden")  # only WebMD speaks of caffeine
    assert hidden is True
    assert view.js("window.rlsView.nodes.get('Diabetes').hidden") is False
    webmd_only = view.js("window.rlsView.edges.get({filter: e => !e.hidden && e.info.sources.indexOf('NHLBI') < 0})")
    assert webmd_only == []
    view.page.select_option("#source-filter", "both")
    both = view.js("window.rlsView.edges.get({filter: e => !e.hidden}).map(e => e.from + '>' + e.to)")
    assert sorted(both) == ["Diabetes>NerveDamage", "FamilyHistory>RLS"]


def test_refuted_toggle_shows_refuted_edges_red_and_dotted(view: Page) -> None:
    view.page.check("#show-refuted")
    refuted = view.js("window.rlsView.edges.get({filter: e => e.info.refuted && !e.hidden})")
    assert {(e["from"], e["to"]) for e in refuted} == {("LegVascularDisease", "RLS"), ("NerveDamage", "RLS")}
    assert all(e["color"] == "#d00000" and e["dashes"] == [2, 7] for e in refuted)
    assert view.js("window.rlsView.nodes.get('LegVascularDisease').hidden") is False


def test_certainty_filter(view: Page) -> None:
    view.page.uncheck("#certainty-filter input[value=possible]")
    shown = view.js("window.rlsView.edges.get({filter: e => !e.hidden}).map(e => e.info.certainty)")
    assert shown and "possible" not in shown


def test_hostile_text_is_shown_as_text_and_runs_nothing(browser: Any, G: nx.MultiDiGraph, tmp_path: Path) -> None:
    hostile = G.copy()
    hostile.graph = {**G.graph}
    hostile.nodes["Caffeine"]["label"] = HOSTILE_LABEL
    hostile.nodes["Caffeine"]["synonyms"] = [HOSTILE_LABEL]
    edge = hostile.edges["Caffeine", "RLS", "associatedWith"]
    edge["claims"] = [{**edge["claims"][0], "quote": HOSTILE_QUOTE}]
    path = tmp_path / "hostile.html"
    path.write_text(render_html(hostile), encoding="utf-8")
    page = Page(browser, path)
    try:
        node_text = page.hover_node("Caffeine")
        assert HOSTILE_LABEL in node_text
        page.page.mouse.move(5, 5)
        edge_text = page.hover_edge(page.edge_id("Caffeine", "RLS", "is linked to"))
        assert HOSTILE_QUOTE in edge_text
        page.page.fill("#search", HOSTILE_LABEL)
        page.page.press("#search", "Enter")
        assert page.js("window.__pwned") is None
        assert page.js("document.querySelectorAll('div.vis-tooltip img, div.vis-tooltip a, #answer a').length") == 0
        assert page.blocked == [] and page.errors == []
    finally:
        page.close()
