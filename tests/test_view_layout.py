# ruff: noqa: F811 - the shared browser fixtures are imported from test_view by name
"""The view's picture in Chromium: a layout that reads, a legend as drawn, phones, layers, large graphs."""

from __future__ import annotations

import colorsys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from rlskg.view import render_html

from .synthetic import synthetic_graph
from .test_view import ARTIFACTS, PHONE, G, Page, page_path, view  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

GEOMETRY = """() => {
  const net = rlsView.network, body = net.body;
  net.fit({animation: false});  // vis-network sizes a label only when it draws it: draw every shown one
  net.redraw();
  const shown = rlsView.nodes.get({filter: n => !n.hidden}).map(n => n.id);
  const shape = id => { const n = body.nodes[id];
    return {x: n.x, y: n.y, r: Math.max(n.shape.width, n.shape.height) / 2}; };
  const seg = (p, a, b) => { const dx = b.x - a.x, dy = b.y - a.y, l = dx * dx + dy * dy || 1e-9;
    const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l));
    return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy); };
  const through = [], covered = [], overlapping = [];
  for (const e of rlsView.edges.get({filter: e => !e.hidden})) {
    const a = shape(e.from), b = shape(e.to);
    for (const id of shown) {
      if (id === e.from || id === e.to) continue;
      const s = shape(id);
      if (seg(s, a, b) < s.r + 2) through.push([e.from, e.to, id]);
    }
  }
  const boxes = {};
  for (const id of shown) {
    const z = body.nodes[id].labelModule.size;
    boxes[id] = [z.left, z.top, z.left + z.width, z.top + z.height];
  }
  for (const id of shown) {
    const [l, t, r, btm] = boxes[id];
    for (const other of shown) {
      if (other === id) continue;
      const s = shape(other);
      const qx = Math.max(l, Math.min(s.x, r)), qy = Math.max(t, Math.min(s.y, btm));
      if (Math.hypot(s.x - qx, s.y - qy) < s.r) covered.push([id, other]);
      const o = boxes[other];
      const clash = Math.min(r, o[2]) > Math.max(l, o[0]) && Math.min(btm, o[3]) > Math.max(t, o[1]);
      if (id < other && clash) overlapping.push([id, other]);
    }
  }
  return {through, covered, overlapping, positions: net.getPositions()};
}"""


def _contrast(colour: str, background: str = "#ffffff") -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# ---------------------------------------------------------------- 7. a layout that reads


@pytest.fixture(scope="module")
def geometry(browser: Any, page_path: Path) -> dict[str, Any]:
    """The view's geometry with the refuted hypotheses shown, measured once for the tests that read it."""
    page = Page(browser, page_path)
    try:
        page.page.check("#show-refuted")
        found: dict[str, Any] = page.js(GEOMETRY)
        return found
    finally:
        page.close()


def test_layout_reads_and_is_stable(
    browser: Any, page_path: Path, G: nx.MultiDiGraph, geometry: dict[str, Any]
) -> None:
    # that no line runs through a node and no label lies on another: the next test
    positions = {k: (v["x"], v["y"]) for k, v in geometry["positions"].items()}
    component = nx.node_connected_component(G.to_undirected(), "RLS")

    def spread(node: str) -> float:
        x, y = positions[node]
        return sum(((x - positions[o][0]) ** 2 + (y - positions[o][1]) ** 2) ** 0.5 for o in component)

    assert min(component, key=spread) == "RLS"  # RLS is the centre of what is linked to it
    again = Page(browser, page_path)
    try:
        again.page.check("#show-refuted")
        assert {k: (v["x"], v["y"]) for k, v in again.js("rlsView.network.getPositions()").items()} == positions
    finally:
        again.close()
    assert render_html(G) == page_path.read_text(encoding="utf-8")  # the same bytes on every build


def test_no_line_runs_through_a_node_and_no_label_lies_on_another(geometry: dict[str, Any]) -> None:
    assert geometry["through"] == []  # no line runs through a node it does not join
    assert geometry["covered"] == []  # no label lies over a node
    assert geometry["overlapping"] == []  # nor over another label


def test_legend_is_drawn_as_the_graph_with_contrast(view: Page) -> None:
    rows = view.js(
        """Array.from(document.querySelectorAll('#legend-types [data-type]')).map(r => {
             const s = r.querySelector('svg > *');
             return [r.dataset.type, s.dataset.shape, s.getAttribute('fill')]; })"""
    )
    drawn = view.js(
        "Object.fromEntries(rlsView.nodes.get({filter: n => n.id !== 'RLS'})"
        ".map(n => [n.id, [n.shape, n.color.background]]))"
    )
    types = view.js("Object.fromEntries(rlsView.nodes.getIds().map(id => [id, rlsView.nodeType(id)]))")
    assert {t for t, *_ in rows} == {types[n] for n in drawn}  # a row for each type drawn, and only those
    for type_, shape, fill in rows:
        assert {tuple(drawn[n]) for n in drawn if types[n] == type_} == {(shape, fill)}, type_
        assert _contrast(fill) >= 3, (type_, fill)
    assert len({(shape, fill) for _, shape, fill in rows}) == len(rows)
    style = {t: (shape, fill) for t, shape, fill in rows}
    drug, chemical = style["Drug"], style["Chemical"]
    assert drug[0] != chemical[0]

    def hue(colour: str) -> float:
        return colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))[0] * 360

    assert abs(hue(drug[1]) - hue(chemical[1])) > 30  # a blue and a teal, not two near-identical blues
    kinds = view.js(
        """Array.from(document.querySelectorAll('#legend-kinds [data-kind]')).map(r =>
             [r.dataset.kind, r.querySelector('line').getAttribute('stroke')])"""
    )
    drawn_kinds = view.js("rlsView.edges.get({filter: e => !e.hidden}).map(e => [e.look.kind, e.color.color])")
    legend = dict(kinds)
    for kind, colour in drawn_kinds:
        assert legend[kind] == colour, kind
    assert all(_contrast(colour) >= 3 for _, colour in kinds)


def test_legend_kinds_layers_and_sources_come_from_the_data(browser: Any, G: nx.MultiDiGraph, tmp_path: Path) -> None:
    # The real graph's own kinds, layers and sources, as the ontology and the curated files give them.
    H = G.copy()
    H.graph = {**G.graph, "kinds": {k: dict(v) for k, v in G.graph["kinds"].items()}}
    H.graph["kinds"]["causal"] = {**H.graph["kinds"]["causal"], "label": "brings about", "definition": "X leads to Y"}
    path = tmp_path / "layers.html"
    path.write_text(render_html(H), encoding="utf-8")
    page = Page(browser, path)
    try:
        legend = page.page.inner_text("#legend")
        assert "brings about \u2014 X leads to Y" in legend  # the kind's words come from the data
        for name in ("implied", "background"):
            layer = G.graph["layers"][name]
            assert f"layer {layer['label']}: {layer['definition']}" in legend
        options = page.js("Array.from(document.querySelectorAll('#source-filter option')).map(o => o.textContent)")
        assert "ChEBI only" in options and "MONDO only" in options
        assert "implied (a curator's reading)" in page.page.inner_text("#certainty-filter")
        pairs = (("MovementControl", "RLS"), ("Dopamine", "Neurotransmitter"), ("Diabetes", "NerveDamage"))
        dashes = {
            pair: page.js("([a, b]) => rlsView.edges.get(rlsView.edgeId(a, b)).dashes", list(pair)) for pair in pairs
        }
        assert dashes[("Diabetes", "NerveDamage")] is False  # stated: solid
        implied, background = dashes[("MovementControl", "RLS")], dashes[("Dopamine", "Neurotransmitter")]
        assert implied and background and implied != background  # implied and background drawn apart
        tip = page.tooltip_at(page.edge_point(page.edge_between("Dopamine", "Neurotransmitter")), "layer: background")
        assert "layer: background" in tip
        page.page.select_option("#source-filter", "chebi")
        assert page.js("rlsView.shown().map(r => r.from + '>' + r.to)") == ["Dopamine>Neurotransmitter"]
    finally:
        page.close()


# ---------------------------------------------------------------- 6. phones


def test_phone_shows_a_usable_graph(browser: Any, page_path: Path) -> None:
    page = Page(browser, page_path, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        graph = page.js(
            "(() => { const r = document.getElementById('graph').getBoundingClientRect();"
            " return [r.left, r.top, r.width, r.height]; })()"
        )
        assert graph[0] == 0 and graph[1] == 0 and graph[2] >= 380 and graph[3] >= 300
        assert page.js("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
        assert page.js("rlsView.network.getScale()") * 16 >= 9  # labels of 9 px or more
        ARTIFACTS.mkdir(exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / "phone.png"))
        page.search("Paxil")
        page.page.evaluate("window.scrollTo(0, 0)")
        page.page.screenshot(path=str(ARTIFACTS / "phone-search.png"))
        assert page.js("rlsView.network.getSelectedNodes()") == ["Paroxetine"]
        assert page.js("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        page.close()


# ---------------------------------------------------------------- large graphs


def test_a_large_graph_opens_on_a_neighbourhood_and_expands(browser: Any, tmp_path: Path) -> None:
    big = synthetic_graph(400)
    path = tmp_path / "big.html"
    path.write_text(render_html(big), encoding="utf-8")
    page = Page(browser, path)
    try:
        loaded = page.js("rlsView.nodes.getIds()")
        assert "RLS" in loaded and len(loaded) <= 150  # not 400
        assert "loaded; click a node and Expand for more" in page.page.inner_text("#status")
        near = nx.single_source_shortest_path_length(big.to_undirected(), "RLS")
        assert max(near[n] for n in loaded) <= min(near[n] for n in big if n not in loaded)  # the nearest ones
        edge_node = next(n for n in sorted(loaded) if any(m not in loaded for m in nx.all_neighbors(big, n)))
        page.js("id => rlsView.network.focus(id, {scale: 1, animation: false})", edge_node)
        page.click_node(edge_node)
        page.page.click("#expand")
        page.settle()
        after = page.js("rlsView.nodes.getIds()")
        assert set(nx.all_neighbors(big, edge_node)) <= set(after) and len(after) > len(loaded)
        assert all(p["x"] is not None for p in page.js("rlsView.nodes.get()"))
        far = max((n for n in big if n not in after), key=lambda n: (near[n], n))
        page.search(far)
        assert far in page.js("rlsView.nodes.getIds()")
        assert page.js("rlsView.network.getSelectedNodes()") == [far]
        assert page.errors == [] and page.blocked == []
    finally:
        page.close()
    focused = tmp_path / "focused.html"
    far = max(big, key=lambda n: (nx.shortest_path_length(big.to_undirected(), "RLS", n), n))
    focused.write_text(render_html(big, focus=far), encoding="utf-8")
    page = Page(browser, focused)
    try:
        assert far in page.js("rlsView.nodes.getIds()")
        assert page.js("rlsView.network.getSelectedNodes()") == [far]
    finally:
        page.close()


def test_entailed_conclusions_are_drawn_apart_only_when_asked(view: Page) -> None:
    # A member's share of its class's claim is the engine's conclusion: hidden until asked for, then
    # drawn in the entailed layer's own line, and its tip says no page says it of the member.
    entailed = "r => r.entailed"
    assert view.js(f"rlsView.shown().filter({entailed}).length") == 0
    view.page.check("#show-entailed")
    shown = view.js(f"rlsView.shown().filter({entailed}).map(r => r.from + '>' + r.predicate + '>' + r.to)")
    assert "Paroxetine>triggers>RLS" in shown and "Imipramine>associatedWith>RLS" in shown
    edge = view.edge_between("Paroxetine", "RLS")
    assert view.js("id => rlsView.edges.get(id).dashes", edge) == [2, 6]
    clear = view.clear_points(edge)  # a point of the line off the others, as a hand would find it
    tip = view.tooltip_at(view.edge_point(edge, clear[len(clear) // 2]), "Entailed:")
    assert "no page says it of paroxetine by name" in tip and "some of the class" in tip
    assert "layer entailed by a rule of the engine: A conclusion the engine draws" in view.page.inner_text("#legend")
