"""The web pages in a real browser: Debian's Chromium driven by Playwright against `rlskg serve` on loopback.

Every request that is not to 127.0.0.1 is refused and recorded; each test asserts none was made.
Screenshots go to tests/artifacts/web/ (the ones in docs/ were taken by these tests).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from rlskg.kg import KnowledgeGraph
from rlskg.model.curation import load_curation
from rlskg.model.ontology import RLS
from rlskg.web.server import close, make_server

from .conftest import ROOT

SHOTS = Path(os.environ.get("RLSKG_SCREENSHOTS", ROOT / "tests" / "artifacts" / "web"))
HOSTILE = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">'

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """`rlskg serve` on a free loopback port, stopped (with its workers) at the end."""
    command = [str(Path(sys.executable).with_name("rlskg")), "--root", str(ROOT), "serve", "--port", "0"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("SPARQL endpoint: http://127.0.0.1:"), line
        yield line.split()[2].rsplit("/sparql", 1)[0]
    finally:
        os.killpg(os.getpgid(process.pid), signal.SIGTERM)
        # a drawing a page left behind is finished before the server ends (seconds, on a busy machine)
        process.wait(timeout=60)


class Tab:
    """A page of a fresh browser context: requests off loopback refused, errors recorded."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.errors: list[str] = []

        def route(route: Any) -> None:
            url = route.request.url
            if url.startswith("http://127.0.0.1:"):
                route.continue_()
            else:
                self.blocked.append(url)
                route.abort()

        self.context.route("**/*", route)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", self._console)

    def _console(self, message: Any) -> None:
        # an error page's own status (404, 400) is reported as a failed load: that is the page working
        if message.type == "error" and not message.text.startswith("Failed to load resource: the server responded"):
            self.errors.append(message.text)

    def __enter__(self) -> Tab:
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()

    def shot(self, name: str, full_page: bool = True) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def scrolls_sideways(self) -> bool:
        return bool(self.page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"))


#: A page of each family, as a person opens it.
PAGES = {
    "home": "/",
    "why": "/why/diabetes",
    "compare": "/compare",
    "entity": "/entity/Diabetes",
    "graph": "/graph",
    "query": "/sparql",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_a_page_logs_no_console_error_and_names_an_icon_that_loads(browser: Any, served: str, path: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    logged: list[str] = []
    refused: list[str] = []
    page.on("console", lambda m: logged.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: logged.append(str(e)))
    page.on("response", lambda r: refused.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: refused.append(f"failed {r.url}"))
    try:
        page.goto(served + path)
        page.wait_for_load_state("networkidle")
        icon = page.evaluate("document.querySelector('link[rel=icon]')?.href")
        assert logged == [] and refused == []
        assert icon, "a page that names no icon makes the browser ask for /favicon.ico"
        # the icon the tab shows, and the one a browser asks for unprompted, are images
        for address in [icon, served + "/favicon.ico"]:
            if address.startswith("data:"):
                assert address.startswith("data:image/svg+xml,")
                continue
            answer = context.request.get(address)
            assert answer.status == 200 and answer.headers["content-type"] == "image/svg+xml", address
    finally:
        context.close()


def test_home_page_lists_the_causes(browser: Any, served: str) -> None:
    with Tab(browser) as tab:
        tab.page.goto(served + "/")
        assert tab.page.locator("h1").inner_text() == "What causes restless legs syndrome?"
        causal = tab.page.locator("#causal li a.name").all_inner_texts()
        assert {"alcohol", "tobacco", "diabetes"} <= set(causal)
        # every page's "cause not known" (WebMD's two and its copy's among them)
        not_known = [c for c in load_curation(ROOT).claims if c.object == "CauseNotKnown" and c.certainty != "refuted"]
        assert tab.page.locator("#not-known blockquote").count() == len(not_known) >= 4
        tab.shot("home", full_page=False)
        tab.shot("home-full")
        assert tab.blocked == [] and tab.errors == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Paxil", "Why is paroxetine linked to restless legs syndrome?"),
        ("diabetis", "No entity of that name"),
        ("blood", "Which one do you mean?"),
    ],
)
def test_search_gives_the_answer_the_suggestion_or_the_choice(
    browser: Any, served: str, typed: str, expected: str
) -> None:
    with Tab(browser) as tab:
        tab.page.goto(served + "/")
        tab.page.get_by_label("Look up a condition, medicine or habit").fill(typed)
        tab.page.get_by_role("button", name="Why?").click()
        tab.page.wait_for_load_state()
        assert tab.page.locator("h1").inner_text() == expected
        if typed == "diabetis":
            tab.page.get_by_role("link", name="diabetes", exact=True).click()
            assert tab.page.locator("h1").inner_text() == "Why is diabetes linked to restless legs syndrome?"
        if typed == "blood":
            choices = tab.page.locator("ul.choices a").all_inner_texts()
            assert choices == [
                "high blood pressure",
                "iron-deficiency anemia",
                "disease in the blood vessels of the legs",
            ]
        tab.shot(f"search-{typed}")
        assert tab.blocked == [] and tab.errors == []


def test_why_page_shows_its_quotes_and_its_graph(browser: Any, served: str) -> None:
    kg = KnowledgeGraph.open(ROOT / "build")
    answer = kg.why("diabetes")
    with Tab(browser) as tab:
        tab.page.goto(served + "/why/diabetes")
        quotes = tab.page.locator(".chains blockquote").all_inner_texts()
        for step in answer.paths[0].steps:
            assert {c.quote for c in step.claims} <= set(quotes)
        assert tab.page.locator(".verdict").inner_text().endswith(answer.summary)
        frame = tab.page.frame_locator("iframe")
        frame.locator("canvas").first.wait_for(state="visible", timeout=60_000)
        tab.page.wait_for_timeout(1500)  # let the graph settle before the picture
        tab.shot("why")
        tab.page.emulate_media(media="print")
        assert not tab.page.locator("aside.graph").is_visible()  # printed: the chains, not the canvas
        assert tab.page.locator(".chains blockquote").first.is_visible()
        assert tab.blocked == [] and tab.errors == []


def test_compare_matrix_reads_at_a_glance_on_a_screen_and_a_phone(browser: Any, served: str) -> None:
    found = KnowledgeGraph.open(ROOT / "build")
    from rlskg.corroboration import compare

    expected = compare(found)
    for width, height, name in ((1280, 900, "compare"), (390, 844, "compare-phone")):
        with Tab(browser, width, height) as tab:
            tab.page.goto(served + "/compare")
            matrix = tab.page.locator("table.matrix")
            assert matrix.is_visible() and not tab.scrolls_sideways()
            heads = tab.page.locator("table.matrix thead th.pub > span:first-child").all_inner_texts()
            assert heads == [p["short_name"] for p in expected["publishers"]]
            names = tab.page.locator("table.matrix tbody th.entity a").all_inner_texts()
            assert names == [r["entity"]["label"] for r in expected["rows"]]
            # every cell says its stance in a symbol and a word (or "silent" to a screen reader), not by colour only
            cells = tab.page.locator("table.matrix td.cell").all_text_contents()
            assert len(cells) == len(expected["rows"]) * len(expected["publishers"])
            assert all(
                any(s in " ".join(c.split()) for s in ("states", "hedges", "implied", "negates", "both", "silent"))
                for c in cells
            )
            # the header stays in view as the matrix scrolls inside its box
            box = tab.page.locator(".matrix-box")
            box.evaluate("b => b.scrollTo(0, b.scrollHeight)")
            head = tab.page.locator("table.matrix thead th").first.bounding_box()
            frame = box.bounding_box()
            assert head is not None and frame is not None and frame["y"] <= head["y"] <= frame["y"] + 4
            box.evaluate("b => b.scrollTo(0, 0)")
            if width < 600:  # a phone shows the matrix once the reader scrolls past the heading
                tab.page.evaluate("window.scrollTo(0, document.getElementById('matrix-caption').offsetTop - 8)")
            tab.shot(name, full_page=False)
            tab.page.locator("table.matrix td.cell a").first.click()
            tab.page.wait_for_load_state()
            assert tab.page.url.startswith(served + ("/claim/" if "/claim/" in tab.page.url else "/why/"))
            assert tab.blocked == [] and tab.errors == []


def test_entity_page_for_a_person_and_turtle_for_an_rdf_client(browser: Any, served: str) -> None:
    with Tab(browser) as tab:
        tab.page.goto(served + "/entity/Diabetes")
        assert tab.page.locator("h1").inner_text() == "diabetes"
        tab.shot("entity")
        tab.page.goto(served + "/claim/webmd-diabetes-causes-peripheral-neuropathy")
        assert "often caused by underlying conditions such as diabetes" in tab.page.locator("mark").inner_text()
        tab.shot("claim")
        assert tab.blocked == [] and tab.errors == []
    g = Graph().parse(served + "/entity/Diabetes")
    assert (RLS.Diabetes, RDFS.label, Literal("diabetes")) in g


def test_keyboard_alone_reaches_an_answer(browser: Any, served: str) -> None:
    with Tab(browser) as tab:
        tab.page.goto(served + "/")
        for _ in range(12):  # skip link, then the site links, then the search box
            tab.page.keyboard.press("Tab")
            if tab.page.evaluate("document.activeElement.id") == "q":
                break
        assert tab.page.evaluate("document.activeElement.id") == "q"
        tab.page.keyboard.type("tofranil")
        tab.page.keyboard.press("Enter")
        tab.page.wait_for_load_state()
        assert tab.page.locator("h1").inner_text() == "Why is imipramine linked to restless legs syndrome?"
        # on to the next entity of the chain, still by keyboard: focus its link and follow it
        tab.page.keyboard.press("Tab")  # the skip link
        tab.page.keyboard.press("Enter")
        for _ in range(20):
            tab.page.keyboard.press("Tab")
            if tab.page.evaluate("document.activeElement.getAttribute('href')") == "/why/Antidepressant":
                break
        tab.page.keyboard.press("Enter")
        tab.page.wait_for_load_state()
        assert tab.page.locator("h1").inner_text() == "Why are antidepressants linked to restless legs syndrome?"
        assert tab.blocked == []


def test_a_phone_reads_every_page_without_scrolling_sideways(browser: Any, served: str) -> None:
    with Tab(browser, 390, 844) as tab:
        for path, name in (
            ("/", "phone-home"),
            ("/why/Paxil", "phone-why"),
            ("/compare", None),
            ("/entity/Diabetes", "phone-entity"),
            ("/claim/webmd-cause-not-clear", None),
            ("/search?q=blood", None),
            ("/sparql", None),
        ):
            tab.page.goto(served + path)
            assert not tab.scrolls_sideways(), path
            if name:
                tab.shot(name, full_page=False)
        assert tab.blocked == []


def test_the_query_page_highlights_runs_and_shows_a_table(browser: Any, served: str) -> None:
    with Tab(browser) as tab:
        tab.page.goto(served + "/sparql")
        assert tab.page.locator("#highlight .kw").count() > 0
        tab.page.get_by_role("button", name="Run query").click()
        tab.page.locator("#results table").wait_for(timeout=30_000)
        assert tab.page.locator("#results tbody tr").count() > 0
        assert tab.page.locator("#results a[href^='/entity/']").count() > 0
        tab.shot("sparql")
        tab.page.locator("#format").select_option(label="XML")
        tab.page.get_by_role("button", name="Run query").click()
        tab.page.locator("#results pre").wait_for(timeout=30_000)
        shown = tab.page.locator("#results pre").inner_text().splitlines()
        assert shown[:2] == ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        assert '<variable name="condition"/>' in shown  # one element a line, not the writer's single line
        assert tab.blocked == [] and tab.errors == []


def test_a_hostile_label_runs_nothing(browser: Any) -> None:
    G = KnowledgeGraph.open(ROOT / "build").to_networkx()
    G.nodes["Caffeine"]["label"] = HOSTILE
    server = make_server(
        "127.0.0.1", 0, workers=1, graph_path=ROOT / "build" / "rls.ttl", root=ROOT, kg=KnowledgeGraph(G)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = "http://{}:{}".format(*server.server_address[:2])
        with Tab(browser) as tab:
            for path in ("/", "/why/Caffeine", "/search?q=caffein"):
                tab.page.goto(base + path)
                assert HOSTILE in tab.page.locator("main").inner_text()
                assert tab.page.evaluate("window.__pwned") is None
                assert tab.page.locator("main img, main script").count() == 0
            tab.shot("hostile")
            assert tab.blocked == []
    finally:
        close(server)
