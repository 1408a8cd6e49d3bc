"""The interactive view in a real browser: headless Debian Chromium, every network request blocked.

Each test here was written against a problem of issue 13 and fails on the page as it was before.
The page is rendered from the networkx view of the built graph, so the tests do not depend on a
stale build/rls.html.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx
import pytest

from rlskg.explain import Explainer
from rlskg.kg import load_network
from rlskg.view import render_html

from .conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
HOSTILE_LABEL = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"> href'
HOSTILE_QUOTE = '<a href="javascript:window.__pwned = 3">click</a> <b>bold</b>'
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ICON = "data:image/svg+xml," + quote((ROOT / "src" / "rlskg" / "view" / "templates" / "icon.svg").read_text().strip())

pytestmark = pytest.mark.browser


class Page:
    """An opened view, with every request that is not the page file itself refused and recorded."""

    def __init__(
        self,
        browser: Any,
        path: Path,
        *,
        viewport: dict[str, int] = LAPTOP,
        fragment: str = "",
        bypass_csp: bool = True,
        **context: Any,
    ) -> None:
        # The page's own Content-Security-Policy forbids eval, which Playwright needs to inspect it;
        # bypassing it also proves the view is safe without that second line of defence.
        self.context = browser.new_context(bypass_csp=bypass_csp, viewport=viewport, **context)
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
        self.page.goto(url + fragment)
        if bypass_csp:
            self.settle()

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def settle(self) -> None:
        """Wait until the page is drawn, no animation is running and the view has stopped moving.

        A search typed while another one is landing may start its move a frame after the flag says
        the last one ended, so the view is also read twice, 100 ms apart, until it reads the same.
        """
        self.page.wait_for_function("window.rlsView && window.rlsView.ready && !window.rlsView.moving", timeout=60_000)
        self.page.wait_for_timeout(50)
        state = self.view_state()
        for _ in range(50):
            self.page.wait_for_timeout(100)
            self.page.wait_for_function("!window.rlsView.moving", timeout=60_000)
            now = self.view_state()
            if now == state:
                return
            state = now

    def search(self, text: str, to: str = "") -> None:
        self.page.fill("#search", text)
        self.page.fill("#to", to)
        self.page.press("#search", "Enter")
        self.settle()

    def screen_point(self, node: str) -> dict[str, float]:
        return dict(
            self.js(
                """id => { const v = window.rlsView; const d = v.network.canvasToDOM(v.network.getPosition(id));
                           const r = document.getElementById('graph').getBoundingClientRect();
                           return {x: r.left + d.x, y: r.top + d.y}; }""",
                node,
            )
        )

    def edge_point(self, edge_id: str, t: float = 0.5) -> dict[str, float]:
        """Where on the screen a point of a line is, the view moved (not zoomed) to it first if it is off screen."""
        return dict(
            self.js(
                """([id, t]) => { const v = window.rlsView; const e = v.network.body.edges[id];
                       const p = e.edgeType.getPoint(t);
                       const r = document.getElementById('graph').getBoundingClientRect();
                       let d = v.network.canvasToDOM(p);
                       if (d.x < 5 || d.y < 5 || d.x > r.width - 5 || d.y > r.height - 5) {
                         v.network.moveTo({position: p, scale: v.network.getScale(), animation: false});
                         d = v.network.canvasToDOM(p); }
                       return {x: r.left + d.x, y: r.top + d.y}; }""",
                [edge_id, t],
            )
        )

    def clear_points(self, edge_id: str) -> list[float]:
        """Points of a line (0 to 1 along it) clear of the other lines, nodes and labels, where a hand can hover."""
        clear = self.js(CLEAR_POINTS, edge_id)
        if not clear:  # a short line in a crowded place, or one off screen: zoom in on it, as a user would
            self.js(
                "id => { const n = rlsView.network; const p = n.body.edges[id].edgeType.getPoint(0.5);"
                " n.moveTo({position: p, scale: 1.5, animation: false}); }",
                edge_id,
            )
            clear = self.js(CLEAR_POINTS, edge_id)
        return list(clear)

    def reveal(self, node_id: str) -> None:
        """Moves the view (not its zoom) to a node that is off screen, as a reader would before pointing at it."""
        self.js(
            """id => { const n = rlsView.network, r = document.getElementById('graph').getBoundingClientRect();
                       const d = n.canvasToDOM(n.getPosition(id));
                       if (d.x < 20 || d.y < 20 || d.x > r.width - 20 || d.y > r.height - 20)
                         n.moveTo({position: n.getPosition(id), scale: n.getScale(), animation: false}); }""",
            node_id,
        )

    def tooltip_at(self, point: dict[str, float], expected: str) -> str:
        """Hover a point and return the tooltip's text once it shows ``expected`` (or what it shows)."""
        # Leave any previous tooltip first, then jump straight to the point: a path across other
        # lines would open their tooltips on the way.
        corner = self.js(  # a place of the canvas with no node and no line under it, from its corners inwards
            "(() => { const r = document.getElementById('graph').getBoundingClientRect();"
            " const n = rlsView.network;"
            " for (let i = 0; i <= 20; i++) for (const [fx, fy] of [[1, 0], [0, 0], [1, 1], [0, 1]]) {"
            "  const x = fx ? r.width - 3 - i * r.width / 40 : 3 + i * r.width / 40;"
            "  const y = fy ? r.height - 3 - i * r.height / 40 : 3 + i * r.height / 40;"
            "  if (n.getNodeAt({x, y}) === undefined && n.getEdgeAt({x, y}) === undefined)"
            "   return {x: r.left + x, y: r.top + y}; }"
            " return null; })()"
        )
        assert corner is not None, "no place of the canvas is free of nodes and lines"
        tooltip = self.page.locator("div.vis-tooltip")
        self.page.mouse.move(corner["x"] - 1, corner["y"])
        self.page.mouse.move(corner["x"], corner["y"])
        self.page.wait_for_function(
            "() => { const e = document.querySelector('div.vis-tooltip');"
            " return !e || e.style.visibility === 'hidden'; }",
            timeout=5_000,
        )
        self.page.mouse.move(point["x"] - 1, point["y"])
        self.page.mouse.move(point["x"], point["y"])
        with contextlib.suppress(Exception):  # the caller asserts on what was shown
            self.page.wait_for_function(
                "t => { const e = document.querySelector('div.vis-tooltip');"
                " return e && e.style.visibility !== 'hidden' && e.innerText.includes(t); }",
                arg=expected,
                timeout=3_000,
            )
        return str(tooltip.inner_text()) if tooltip.count() else ""

    def hover_node(self, node_id: str) -> str:
        self.reveal(node_id)
        point = self.screen_point(node_id)
        return self.tooltip_at(point, "")

    def edge_between(self, a: str, b: str) -> str:
        return str(self.js("([a, b]) => window.rlsView.edgeId(a, b)", [a, b]))

    def click_node(self, node_id: str) -> None:
        self.reveal(node_id)
        point = self.screen_point(node_id)
        self.page.mouse.click(point["x"], point["y"])
        self.settle()

    def view_state(self) -> dict[str, Any]:
        return dict(self.js("({scale: rlsView.network.getScale(), position: rlsView.network.getViewPosition()})"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return load_network()


@pytest.fixture(scope="module")
def page_path(G: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("view") / "rls.html"
    path.write_text(render_html(G), encoding="utf-8")
    return path


@pytest.fixture
def view(browser: Any, page_path: Path) -> Iterator[Page]:
    page = Page(browser, page_path)
    yield page
    page.close()


def _same_view(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (
        abs(a["scale"] - b["scale"]) < 1e-6 * max(1, a["scale"])
        and abs(a["position"]["x"] - b["position"]["x"]) < 0.01
        and abs(a["position"]["y"] - b["position"]["y"]) < 0.01
    )


# ---------------------------------------------------------------- offline, counts, safety


def test_opens_offline_with_no_request_and_no_error(view: Page, page_path: Path) -> None:
    text = page_path.read_text(encoding="utf-8")
    assert "default-src 'none'" in text and "src=" not in text.split("<script>")[0]
    assert re.findall("<link[^>]*>", text) == [f'<link rel="icon" href="{ICON}" type="image/svg+xml">']  # written in
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / "rls.png"))
    assert view.blocked == [] and view.failed == [] and view.errors == []


def test_counts_equal_the_graph(view: Page, G: nx.MultiDiGraph) -> None:
    refuted = [c for c in G.graph["claims"].values() if c["certainty"] == "refuted"]
    entailed = [c for c in G.graph["claims"].values() if c.get("layer") == "entailed"]
    relations = G.number_of_edges() + len(refuted) + len(entailed)
    assert view.js("window.rlsView.nodes.length") == G.number_of_nodes()
    # refuted claims and the engine's conclusions stay hidden until asked for
    assert len(view.js("rlsView.shown()")) == G.number_of_edges()
    hidden = [*refuted, *entailed]
    pairs = {frozenset(e) for e in G.edges()} | {frozenset((c["subject"], c["object"])) for c in hidden}
    drawn = view.js("window.rlsView.edges.get().map(e => [e.from, e.to])")
    assert len(drawn) == len(pairs) and {frozenset(e) for e in drawn} == pairs  # one line per pair of entities
    assert view.page.inner_text("#status") == (
        f"{G.number_of_nodes() - 1} of {G.number_of_nodes()} entities, "
        f"{G.number_of_edges()} of {relations} relations shown"
    )


def test_hostile_text_is_shown_as_text_and_runs_nothing(browser: Any, G: nx.MultiDiGraph, tmp_path: Path) -> None:
    hostile = G.copy()
    hostile.graph = {**G.graph, "claims": dict(G.graph["claims"])}
    hostile.nodes["Caffeine"]["label"] = HOSTILE_LABEL
    hostile.nodes["Caffeine"]["synonyms"] = [HOSTILE_LABEL]
    hostile.nodes["Caffeine"]["exact"] = ["javascript:window.__pwned=4"]
    edge = hostile.edges["Caffeine", "RLS", "associatedWith"]
    claim = {**edge["claims"][0], "quote": HOSTILE_QUOTE}
    edge["claims"] = [claim]
    hostile.graph["claims"][claim["id"]] = claim
    path = tmp_path / "hostile.html"
    path.write_text(render_html(hostile), encoding="utf-8")
    page = Page(browser, path)
    try:
        assert HOSTILE_LABEL in page.hover_node("Caffeine")
        page.page.mouse.move(5, 5)
        edge_id = page.edge_between("Caffeine", "RLS")
        assert HOSTILE_QUOTE in page.tooltip_at(page.edge_point(edge_id), HOSTILE_QUOTE)
        page.search(HOSTILE_LABEL)
        assert HOSTILE_QUOTE in page.page.inner_text("#answer") and HOSTILE_LABEL in page.page.inner_text("#inspector")
        assert page.js("window.__pwned") is None
        assert (
            page.js("document.querySelectorAll('div.vis-tooltip img, div.vis-tooltip a, #answer a, img').length") == 0
        )
        assert (
            page.js("Array.from(document.querySelectorAll('a[href]')).filter(a => !a.href.startsWith('https:'))") == []
        )
        assert page.blocked == [] and page.errors == []
    finally:
        page.close()


# ---------------------------------------------------------------- 1. searches in a row


def _check_landed(view: Page, target: str) -> None:
    """Everything the answer highlights is on screen, at the zoom vis-network's own fit gives for it."""
    scope = view.js("rlsView.highlightedNodes()")
    assert target in scope
    rect = view.js(
        "(() => { const r = document.getElementById('graph').getBoundingClientRect();"
        " return {w: r.width, h: r.height, x: r.left, y: r.top}; })()"
    )
    for node in scope:
        p = view.screen_point(node)
        assert rect["x"] <= p["x"] <= rect["x"] + rect["w"] and rect["y"] <= p["y"] <= rect["y"] + rect["h"], node
    landed = view.view_state()
    expected = view.js(
        "ids => { const n = rlsView.network; n.fit({nodes: ids, maxZoomLevel: 1.2, animation: false});"
        " return {scale: n.getScale(), position: n.getViewPosition()}; }",
        [n for n in scope if view.js("id => !rlsView.nodes.get(id).hidden", n)],
    )
    assert abs(landed["scale"] - expected["scale"]) / expected["scale"] < 0.01, (landed, expected)


def test_two_and_three_searches_in_a_row_land_each_target(view: Page) -> None:
    home = view.view_state()
    for query, target in (
        ("Paxil", "Paroxetine"),
        ("low blood count", "IronDeficiencyAnemia"),
        ("diabetes", "Diabetes"),
    ):
        before = view.js("rlsView.searches")
        view.search(query)
        assert view.js("rlsView.searches") == before + 1  # Enter runs the search once
        assert view.js("rlsView.network.getSelectedNodes()") == [target]
        _check_landed(view, target)
    for _ in range(2):  # Reset returns to the opening view every time
        view.page.click("#reset")
        view.settle()
        assert _same_view(view.view_state(), home)


def test_searches_typed_without_waiting_land_the_last(view: Page) -> None:
    for query in ("Paxil", "low blood count", "caffeine"):
        view.page.fill("#search", query)
        view.page.press("#search", "Enter")
    view.settle()
    assert view.js("rlsView.searches") == 3
    assert view.js("rlsView.network.getSelectedNodes()") == ["Caffeine"]
    _check_landed(view, "Caffeine")


# ---------------------------------------------------------------- 2. typing leaves the view still


def test_typing_in_the_find_box_never_moves_the_graph(view: Page) -> None:
    before = view.view_state()
    view.page.click("#search")
    view.page.keyboard.type("anti-nausea medicines +-=", delay=10)
    for key in ("ArrowDown", "ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight", "PageUp", "PageDown", "Minus", "Equal"):
        view.page.keyboard.press(key)
    view.page.click("#to")
    view.page.keyboard.type("high-blood", delay=10)
    view.page.keyboard.press("ArrowDown")
    view.page.wait_for_timeout(400)
    assert _same_view(view.view_state(), before)
    assert view.js("rlsView.searches") == 0


# ---------------------------------------------------------------- 3. labels come back


LOOK = """() => Object.fromEntries(rlsView.nodes.getIds().map(id => { const o = rlsView.network.body.nodes[id].options;
            return [id, [o.font.color, o.font.size, o.color.background, o.color.border]]; }))"""


def test_every_label_returns_after_reset_and_escape(view: Page) -> None:
    before = view.js(LOOK)
    view.click_node("Diabetes")
    dimmed = view.js(LOOK)
    assert dimmed["Caffeine"][0] != before["Caffeine"][0]  # a highlight dims what is not on a chain
    view.page.click("#reset")
    view.settle()
    assert view.js(LOOK) == before
    view.search("Paxil")
    view.page.keyboard.press("Escape")
    assert view.js(LOOK) == before
    assert view.page.input_value("#search") == "" and "paroxetine" not in view.page.inner_text("#answer")


# ---------------------------------------------------------------- 5. every parallel relation reachable


CLEAR_POINTS = """id => {
  const v = rlsView, net = v.network, body = net.body;
  const dom = p => net.canvasToDOM(p);
  const others = v.edges.get({filter: e => !e.hidden && e.id !== id})
    .map(e => [dom(net.getPosition(e.from)), dom(net.getPosition(e.to))]);
  const boxes = v.nodes.get({filter: n => !n.hidden}).map(n => { const b = net.getBoundingBox(n.id);
    const a = dom({x: b.left, y: b.top}), c = dom({x: b.right, y: b.bottom});
    return [a.x - 4, a.y - 4, c.x + 4, c.y + 4]; });
  function seg(p, a, b) { const dx = b.x - a.x, dy = b.y - a.y, l = dx * dx + dy * dy || 1e-9;
    const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l));
    return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy); }
  const rect = document.getElementById('graph').getBoundingClientRect();
  const out = [];
  for (let i = 3; i < 18; i++) {
    const t = i / 20, p = dom(body.edges[id].edgeType.getPoint(t));
    if (p.x < 5 || p.y < 5 || p.x > rect.width - 5 || p.y > rect.height - 5) continue;
    const top = document.elementFromPoint(rect.left + p.x, rect.top + p.y);  // not under the status line
    if (!top || top.tagName !== 'CANVAS') continue;
    if (boxes.some(b => p.x >= b[0] && p.x <= b[2] && p.y >= b[1] && p.y <= b[3])) continue;
    if (others.some(o => seg(p, o[0], o[1]) < 12)) continue;
    out.push(t);
  }
  return out;
}"""


def test_hover_and_click_reach_every_relation_of_every_pair(view: Page, G: nx.MultiDiGraph) -> None:
    view.page.check("#show-refuted")
    edges = view.js(
        "rlsView.edges.get({filter: e => !e.hidden}).map(e => ({id: e.id, a: e.from, b: e.to,"
        " titles: rlsView.relationTitles(e.id)}))"
    )
    missed, unreachable = [], []
    for edge in edges:
        # Points of the line at least 12 px from any other line and off every
        # node and label: a hand can hover there.
        clear = view.clear_points(edge["id"])
        if not clear:
            unreachable.append((edge["a"], edge["b"]))
        for t in clear[:: max(1, len(clear) // 3)]:
            text = view.tooltip_at(view.edge_point(edge["id"], t), edge["titles"][-1])
            if not all(title in text for title in edge["titles"]):
                missed.append((edge["a"], edge["b"], t, text[:200]))
        view.js(
            "h => rlsView.network.moveTo({position: h.position, scale: h.scale, animation: false})",
            view.js("rlsView.home"),
        )
    # every line has a clear point, and there shows all its relations
    assert unreachable == [] and missed == [], (unreachable, missed)
    nerve = view.edge_between("NerveDamage", "RLS")
    text = view.tooltip_at(view.edge_point(nerve), "Refuted")
    assert "causes \u2192 restless legs syndrome" in text and "worsens" in text and "is linked to" in text
    assert "Refuted: the source reports this as rejected" in text
    point = view.edge_point(nerve, 0.45)
    view.page.mouse.click(point["x"], point["y"])
    inspector = view.page.inner_text("#inspector")
    assert inspector.startswith("nerve damage (peripheral neuropathy) \u2014 restless legs syndrome")
    assert "been rejected" in inspector and "may cause or worsen RLS" in inspector


# ---------------------------------------------------------------- 8. search as strong as the CLI


def test_search_suggests_offers_choices_and_knows_identifiers(view: Page, G: nx.MultiDiGraph) -> None:
    explainer = Explainer.of(G)
    view.search("diabetis")
    message = view.page.inner_text("#search-message")
    assert "Did you mean" in message and "diabetes" in message
    view.page.click("#search-message button[data-id=Diabetes]")
    view.settle()
    assert view.js("rlsView.network.getSelectedNodes()") == ["Diabetes"]

    view.search("blood")
    offered = view.js("Array.from(document.querySelectorAll('#search-message button')).map(b => b.dataset.id)")
    assert offered == explainer.resolve("blood") and len(offered) > 1
    assert view.js("rlsView.network.getSelectedNodes()") == []  # a choice, not a guess

    view.search("MONDO:0005015")
    assert view.js("rlsView.network.getSelectedNodes()") == ["Diabetes"]


#: Entities, what a page calls them, and which: brand names WebMD names, and NHLBI's phrase that is no synonym
#: (in both versions of its page, listed by id).
PAGES_WORDS = [
    ("Paroxetine", "Paxil", "WebMD"),
    ("Phenytoin", "Dilantin", "WebMD"),
    ("Imipramine", "Tofranil", "WebMD"),
    ("Hydralazine", "Apresoline", "WebMD"),
    ("Dopamine", "the chemical dopamine", "NHLBI, NHLBI DCI"),
]


@pytest.mark.parametrize(("node", "words", "source"), PAGES_WORDS)
def test_the_pages_own_words_are_shown_and_found(
    view: Page, G: nx.MultiDiGraph, node: str, words: str, source: str
) -> None:
    data = view.js("JSON.parse(document.getElementById('rls-data').textContent)")
    carried = {w["text"]: w["sources"] for n in data["nodes"] if n["id"] == node for w in n["words"]}
    said = [c for c in G.graph["claims"].values() if words in (c.get("subject_text"), c.get("object_text"))]
    assert said and carried[words] == sorted({c["source"]["id"] for c in said})
    expected = f"\u201c{words}\u201d ({source})"
    assert expected in view.hover_node(node)
    view.search(words)
    assert view.js("rlsView.network.getSelectedNodes()") == [node]
    assert expected in view.page.inner_text("#inspector")


def test_searching_a_hidden_type_says_so_and_ticks_nothing_silently(view: Page) -> None:
    view.page.uncheck("#type-filter input[value=Drug]")
    view.search("Paxil")
    assert view.page.is_checked("#show-refuted") is False
    assert view.js("rlsView.nodes.get('Paroxetine').hidden") is True
    message = view.page.inner_text("#search-message")
    assert "paroxetine is hidden by the filters" in message and "drug" in message
    assert "Why is paroxetine linked to restless legs syndrome?" in view.page.inner_text("#answer")
    view.page.click("#show-hidden")
    view.settle()
    assert view.page.is_checked("#type-filter input[value=Drug]") and view.page.is_checked("#show-refuted") is False
    assert view.js("rlsView.nodes.get('Paroxetine').hidden") is False


def test_a_failed_search_clears_the_previous_answer(view: Page) -> None:
    view.search("Paxil")
    assert "paroxetine" in view.page.inner_text("#answer")
    view.search("broccoli")
    assert "paroxetine" not in view.page.inner_text("#answer") + view.page.inner_text("#inspector")
    assert "Nothing is called \u201cbroccoli\u201d" in view.page.inner_text("#search-message")
    assert view.js("rlsView.network.getSelectedNodes()") == []
    assert view.js("rlsView.highlightedNodes()") == []
