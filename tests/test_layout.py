"""Where the view draws each entity, checked without a browser: the real graph, and the graph grown larger.

The browser tests (test_view_layout.py) measure the drawn page; these measure the positions with the
label sizes the layout assumes, on graphs a browser test would take too long to open.
"""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from rlskg.kg import load_network
from rlskg.view import layout
from rlskg.view.drawing import drawing
from rlskg.view.layout import FONT, label_size

CENTRE = "RLS"
#: Entities the grown graphs add to the real one, and the share of them joined to the centre.
ADDED = (30, 100)
TO_CENTRE = 0.7


def _faults(
    places: dict[str, tuple[float, float]],
    pairs: list[tuple[str, str]],
    labels: dict[str, str],
    sizes: dict[str, float],
    fonts: dict[str, float],
) -> list[tuple[Any, ...]]:
    """Lines that pass a node they do not join, labels on a node or on another label (the label below its shape)."""

    def box(n: str) -> tuple[float, float, float, float]:  # vis-network starts a label half its font and 3 px below
        width, height = label_size(labels[n], fonts.get(n, FONT))
        x, y = places[n]
        top = y + sizes[n] + fonts.get(n, FONT) / 2 + 3
        return (x - width / 2, top, x + width / 2, top + height)

    def to_segment(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        dx, dy = b[0] - a[0], b[1] - a[1]
        t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy or 1e-9)))
        return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)

    found: list[tuple[Any, ...]] = []
    for u, v in pairs:
        for n, place in places.items():
            if n not in (u, v) and to_segment(place, places[u], places[v]) < sizes[n] + 2:
                found.append(("line by node", u, v, n))
    boxes = {n: box(n) for n in places}
    for a, (left, top, right, bottom) in boxes.items():
        for n, (x, y) in places.items():
            if n == a:
                continue
            near = math.hypot(x - max(left, min(x, right)), y - max(top, min(y, bottom)))
            if near < sizes[n]:
                found.append(("label on node", a, n))
            other = boxes[n]
            if a < n and min(right, other[2]) > max(left, other[0]) and min(bottom, other[3]) > max(top, other[1]):
                found.append(("labels touch", a, n))
    return found


@pytest.fixture(scope="module")
def view() -> dict[str, Any]:
    """What the view lays out of the real graph: its entities, labels, sizes, fonts and the pairs of its lines (those
    of refuted claims and of the engine's conclusions too, shown when asked for)."""
    data = drawing(load_network())
    laid_out = data["relations"]
    return {
        "places": {n["id"]: (n["x"], n["y"]) for n in data["nodes"]},
        "labels": {n["id"]: n["label"] for n in data["nodes"]},
        "sizes": {n["id"]: float(n["size"]) for n in data["nodes"]},
        "fonts": {CENTRE: FONT + 10.0},
        "pairs": sorted({tuple(sorted((r["from"], r["to"]))) for r in laid_out}),
    }


def test_the_real_graph_has_no_line_by_a_node_and_no_label_on_another(view: dict[str, Any]) -> None:
    assert view["places"][CENTRE] == (0.0, 0.0)
    assert _faults(view["places"], view["pairs"], view["labels"], view["sizes"], view["fonts"]) == []


def _grown(view: dict[str, Any], added: int) -> dict[str, Any]:
    """The real graph with ``added`` made-up entities joined as the real ones are: most to the centre (some of
    those to another entity too), the rest to one or two entities already there."""
    rng = random.Random(added)
    labels, sizes, pairs = dict(view["labels"]), dict(view["sizes"]), list(view["pairs"])
    names = sorted(n for n in labels if n != CENTRE)
    words = [labels[n] for n in names]
    for i in range(added):
        new = f"Added{i:03d}"
        labels[new], sizes[new] = rng.choice(words), rng.choice((16.0, 16.0, 12.0))
        if rng.random() < TO_CENTRE:
            ends = [CENTRE, *rng.sample(names, 1 if rng.random() < 0.15 else 0)]
        else:
            ends = rng.sample(names, 1 if rng.random() < 0.8 else 2)
        pairs += [tuple(sorted((new, end))) for end in ends]
        names.append(new)
    return {**view, "labels": labels, "sizes": sizes, "pairs": sorted(set(pairs))}


@pytest.mark.parametrize("added", ADDED, ids=[f"{n} more entities" for n in ADDED])
def test_a_grown_graph_still_has_no_line_by_a_node_and_no_label_on_another(view: dict[str, Any], added: int) -> None:
    grown = _grown(view, added)
    places = layout(
        sorted(grown["labels"]), grown["pairs"], grown["labels"], grown["sizes"], CENTRE, fonts=grown["fonts"]
    )
    assert len(places) == len(grown["labels"]) and places[CENTRE] == (0.0, 0.0)
    assert _faults(places, grown["pairs"], grown["labels"], grown["sizes"], grown["fonts"]) == []


def test_the_first_ring_is_in_sectors_by_group() -> None:
    leaves = [f"e{i:02d}" for i in range(12)]
    groups = {leaf: i % 3 for i, leaf in enumerate(leaves)}  # three groups, interleaved by name
    labels = {n: n for n in [CENTRE, *leaves]}
    places = layout([CENTRE, *leaves], [(CENTRE, leaf) for leaf in leaves], labels, {}, CENTRE, groups=groups)
    around = sorted(leaves, key=lambda n: math.atan2(places[n][1], places[n][0]))
    runs = sum(1 for a, b in zip(around, around[1:] + around[:1], strict=True) if groups[a] != groups[b])
    assert runs == 3  # each group one run around the circle


def test_the_same_input_gives_the_same_places(view: dict[str, Any]) -> None:
    grown = _grown(view, ADDED[0])
    args = (sorted(grown["labels"]), grown["pairs"], grown["labels"], grown["sizes"], CENTRE)
    assert layout(*args, fonts=grown["fonts"]) == layout(*args, fonts=grown["fonts"])


def test_pieces_apart_from_the_centre_are_laid_beside_it() -> None:
    labels = {n: n for n in (CENTRE, "a", "b", "c", "d", "lone")}
    pairs = [(CENTRE, "a"), (CENTRE, "b"), ("c", "d")]
    places = layout(sorted(labels), pairs, labels, {}, CENTRE)
    assert set(places) == set(labels) and places[CENTRE] == (0.0, 0.0)
    assert _faults(places, pairs, labels, dict.fromkeys(labels, 16.0), {}) == []
