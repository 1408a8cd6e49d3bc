"""Where the view draws each entity: a seeded layout, repaired until no line runs through a shape or a label.

The positions are computed here, once, with a seeded Fruchterman-Reingold layout (networkx) and a
repair pass, so the picture is the same on every load and every build. Each round of the repair
moves every node by the sum of a few forces (:func:`_repair_shift`), each its own function.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np

__all__ = ["FONT", "layout"]

#: The size of a label's font, in pixels.
FONT = 16
_MIN_GAP = 90  # pixels of line, at the least, between the shapes it joins


def _label_box(label: str, x: float, y: float, size: float, font: float = FONT) -> tuple[float, float, float, float]:
    """A generous estimate of where vis-network draws a label: below the shape, wrapped at 150 px."""
    text_width = len(label) * font * 0.6
    lines = max(1, math.ceil(text_width / 150))
    width = min(text_width, 150) + 8
    height = lines * font * 1.25 + 4
    top = y + size + 3
    return (x - width / 2, top, x + width / 2, top + height)


def layout(
    nodes: list[str],
    pairs: list[tuple[str, str]],
    labels: dict[str, str],
    sizes: dict[str, float],
    centre: str | None = "RLS",
    *,
    fonts: dict[str, float] | None = None,
    seed: int = 7,
    rounds: int = 200,
    tries: int = 12,
) -> dict[str, tuple[float, float]]:
    """Positions (pixels) for the nodes: the centre at (0, 0), no edge through another node, no label on a node.

    A seeded Fruchterman-Reingold layout (networkx) followed by a repair pass that moves a node off
    any edge it sits on and away from any label that covers it. The result depends only on the input.
    """

    def font(node: str) -> float:
        return (fonts or {}).get(node, FONT)

    H = nx.Graph()
    H.add_nodes_from(sorted(nodes))
    H.add_edges_from(sorted((u, v) for u, v in pairs if u != v and u in H and v in H))
    if not H:
        return {}
    order = sorted(H)
    index = {n: i for i, n in enumerate(order)}
    radius = np.array([sizes.get(n, 16) for n in order], dtype=float)
    text = [labels[n] for n in order]
    font_size = np.array([font(n) for n in order], dtype=float)
    U = np.array([index[u] for u, _ in H.edges()], dtype=int)
    V = np.array([index[v] for _, v in H.edges()], dtype=int)
    fixed = np.zeros(len(order), dtype=bool)
    if centre in index:
        fixed[index[centre]] = True
    best: tuple[tuple[int, int], Any] = ((len(order) ** 2 + 1, 0), None)
    for attempt in range(tries):  # a few seeded starts, in a fixed order: the first that repairs cleanly wins
        pos = _initial(H, centre, seed + attempt)
        P = np.array([pos[n] for n in order], dtype=float)
        for _ in range(rounds):
            shift = _repair_shift(P, radius, text, font_size, U=U, V=V, fixed=fixed)
            soft = int(np.count_nonzero(np.any(shift != 0, axis=1) & ~fixed))
            faults = (_hard_faults(P, radius, text, font_size, U=U, V=V), soft)
            if faults < best[0]:
                best = (faults, P.copy())
            if not soft:
                break
            size = np.hypot(shift[:, 0], shift[:, 1])
            cap = np.minimum(1.0, 40 / np.maximum(size, 1e-9))
            P = P + shift * cap[:, None] * (~fixed)[:, None]
        if best[0] == (0, 0):
            break
    final = {n: (float(best[1][i][0]), float(best[1][i][1])) for n, i in index.items()}
    return {n: (round(p[0], 1), round(p[1], 1)) for n, p in final.items()}


def _hard_faults(P: Any, radius: Any, text: list[str], font_size: Any, *, U: Any, V: Any) -> int:
    """How many labels lie on (or within 12 px of) another node, lines run by a node, or lines are too short."""
    n = len(P)
    boxes = np.array([_label_box(text[i], P[i][0], P[i][1], radius[i], font_size[i]) for i in range(n)])
    qx = np.clip(P[None, :, 0], boxes[:, None, 0], boxes[:, None, 2])
    qy = np.clip(P[None, :, 1], boxes[:, None, 1], boxes[:, None, 3])
    near = (np.hypot(P[None, :, 0] - qx, P[None, :, 1] - qy) < (radius + 12)[None, :]) & ~np.eye(n, dtype=bool)
    count = int(np.count_nonzero(near))
    if len(U):
        A, D = P[U], P[V] - P[U]
        length2 = np.maximum((D * D).sum(axis=1), 1e-9)
        diff = P[:, None, :] - A[None, :, :]
        t = np.clip((diff * D[None]).sum(axis=2) / length2[None], 0.0, 1.0)
        dist = np.hypot(*(diff - t[..., None] * D[None]).transpose(2, 0, 1))
        own = (np.arange(n)[:, None] == U[None]) | (np.arange(n)[:, None] == V[None])
        count += int(np.count_nonzero((dist < (radius + 4)[:, None]) & ~own))
        count += int(np.count_nonzero(np.sqrt(length2) - radius[U] - radius[V] < _MIN_GAP - 10))
    return count


def _initial(H: nx.Graph, centre: str | None, seed: int) -> dict[str, list[float]]:
    """A seeded spring layout of each connected piece, scaled to pixels, the centre's piece around (0, 0)."""
    pos: dict[str, list[float]] = {}
    components = sorted(nx.connected_components(H), key=lambda c: (centre not in c, -len(c), min(c)))
    for number, component in enumerate(components):
        part = H.subgraph(component)
        raw = nx.spring_layout(part, seed=seed, iterations=300) if len(part) > 1 else {min(component): (0.0, 0.0)}
        lengths = sorted(math.dist(raw[u], raw[v]) for u, v in part.edges()) or [1.0]
        scale = 190 / (lengths[len(lengths) // 2] or 1.0)
        placed = {n: [float(p[0]) * scale, float(p[1]) * scale] for n, p in raw.items()}
        if number == 0:
            origin = placed.get(centre or "", [0.0, 0.0])
            shift_x = -origin[0]
            shift_y = -origin[1]
        else:  # another piece beside (or below) what is placed, whichever keeps the picture landscape
            xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
            px, py = [p[0] for p in placed.values()], [p[1] for p in placed.values()]
            beside = (max(xs) + 120 - min(px), -sum(py) / len(py))
            below = (-sum(px) / len(px), max(ys) + 120 - min(py))
            options = []
            for dx, dy in (beside, below):
                width = max(*xs, max(px) + dx) - min(*xs, min(px) + dx)
                height = max(*ys, max(py) + dy) - min(*ys, min(py) + dy)
                options.append((max(width / 1.25, height), dx, dy))
            _, shift_x, shift_y = min(options)
        for n, p in placed.items():
            pos[n] = [p[0] + shift_x, p[1] + shift_y]
    return pos


def _repair_shift(P: Any, radius: Any, text: list[str], font_size: Any, *, U: Any, V: Any, fixed: Any) -> Any:
    """How far to move each node this round: off edges it does not belong to, away from labels."""
    shift = np.zeros_like(P)
    boxes = np.array([_label_box(text[i], P[i][0], P[i][1], radius[i], font_size[i]) for i in range(len(P))])
    if len(U):
        _off_lines(shift, P, radius, U=U, V=V, fixed=fixed)
    _labels_off_nodes(shift, P, radius, boxes, fixed)
    _labels_apart(shift, P, boxes, fixed)
    if len(U):
        _lines_off_labels(shift, P, boxes, U=U, V=V, fixed=fixed)
        _middles_clear(shift, P, radius, boxes, U=U, V=V, fixed=fixed)
        _lines_long(shift, P, radius, U=U, V=V, fixed=fixed)
    shift[fixed] = 0.0
    return shift


def _owned(n: int, U: Any, V: Any) -> Any:
    """[node, line]: whether the node is an end of the line."""
    return (np.arange(n)[:, None] == U[None]) | (np.arange(n)[:, None] == V[None])


def _off_lines(shift: Any, P: Any, radius: Any, *, U: Any, V: Any, fixed: Any) -> None:
    """Nodes off the lines that are not theirs; the line gives way too (all of it, for the fixed centre)."""
    A, B = P[U], P[V]
    D = B - A
    length2 = np.maximum((D * D).sum(axis=1), 1e-9)
    diff = P[:, None, :] - A[None, :, :]
    t = np.clip((diff * D[None]).sum(axis=2) / length2[None], 0.0, 1.0)
    vec = diff - t[..., None] * D[None]
    dist = np.hypot(vec[..., 0], vec[..., 1])
    normal_ = np.stack([-D[:, 1], D[:, 0]], axis=1) / np.sqrt(length2)[:, None]
    unit = np.where(dist[..., None] > 1e-6, vec / np.maximum(dist, 1e-9)[..., None], normal_[None])
    clearance = (radius + 18)[:, None]
    push = np.where((dist < clearance) & ~_owned(len(P), U, V), clearance - dist + 2, 0.0)
    move = unit * push[..., None]
    free = ~fixed[:, None, None]
    shift += (move * 0.6 * free).sum(axis=1)
    back = move * np.where(free, 0.2, 0.5)
    np.add.at(shift, U, -back.sum(axis=0))
    np.add.at(shift, V, -back.sum(axis=0))


def _labels_off_nodes(shift: Any, P: Any, radius: Any, boxes: Any, fixed: Any) -> None:
    """Labels off other nodes: the nearest point of each label's box to each node, pushed apart."""
    n = len(P)
    qx = np.clip(P[None, :, 0], boxes[:, None, 0], boxes[:, None, 2])
    qy = np.clip(P[None, :, 1], boxes[:, None, 1], boxes[:, None, 3])
    dx, dy = P[None, :, 0] - qx, P[None, :, 1] - qy
    dist = np.hypot(dx, dy)
    centre_x, centre_y = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
    inside = dist < 1e-6
    dx = np.where(inside, P[None, :, 0] - centre_x[:, None], dx)
    dy = np.where(inside, P[None, :, 1] - centre_y[:, None] + 1e-3, dy)
    norm = np.maximum(np.hypot(dx, dy), 1e-9)
    reach = (radius + 10)[None, :]
    amount = np.where((dist < reach) & ~np.eye(n, dtype=bool), np.where(inside, reach, reach - dist) * 1.1, 0.0)
    mx, my = dx / norm * amount, dy / norm * amount  # [label a, node b]: move b by (mx, my)
    b_free = ~fixed[None, :]
    shift[:, 0] += (mx * b_free).sum(axis=0)
    shift[:, 1] += (my * b_free).sum(axis=0)
    shift[:, 0] -= (mx * ~b_free).sum(axis=1)
    shift[:, 1] -= (my * ~b_free).sum(axis=1)


def _labels_apart(shift: Any, P: Any, boxes: Any, fixed: Any) -> None:
    """Labels apart from each other, along the axis of least overlap."""
    n = len(P)
    ox = np.minimum(boxes[:, None, 2], boxes[None, :, 2]) - np.maximum(boxes[:, None, 0], boxes[None, :, 0]) + 6
    oy = np.minimum(boxes[:, None, 3], boxes[None, :, 3]) - np.maximum(boxes[:, None, 1], boxes[None, :, 1]) + 6
    clash = (ox > 0) & (oy > 0) & np.triu(np.ones((n, n), dtype=bool), 1)
    sx = np.where(P[None, :, 0] >= P[:, None, 0], 1.0, -1.0)
    sy = np.where(P[None, :, 1] >= P[:, None, 1], 1.0, -1.0)
    px = np.where(clash & (ox < oy), sx * ox / 2, 0.0)
    py = np.where(clash & (ox >= oy), sy * oy / 2, 0.0)
    share_b = np.where(fixed[:, None], 2.0, np.where(fixed[None, :], 0.0, 1.0))
    share_a = 2.0 - share_b
    shift[:, 0] += (px * share_b).sum(axis=0) - (px * share_a).sum(axis=1)
    shift[:, 1] += (py * share_b).sum(axis=0) - (py * share_a).sum(axis=1)


def _lines_off_labels(shift: Any, P: Any, boxes: Any, *, U: Any, V: Any, fixed: Any) -> None:
    """No line through a label it does not belong to: the label's owner steps aside."""
    A, B = P[U], P[V]
    D = B - A
    length = np.maximum(np.hypot(D[:, 0], D[:, 1]), 1e-9)
    normal_ = np.stack([-D[:, 1], D[:, 0]], axis=1) / length[:, None]
    cx, cy = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
    half_w, half_h = (boxes[:, 2] - boxes[:, 0]) / 2, (boxes[:, 3] - boxes[:, 1]) / 2
    rel_x, rel_y = cx[:, None] - A[None, :, 0], cy[:, None] - A[None, :, 1]
    t = (rel_x * D[None, :, 0] + rel_y * D[None, :, 1]) / (length**2)[None, :]
    signed = rel_x * normal_[None, :, 0] + rel_y * normal_[None, :, 1]
    extent = np.abs(normal_[None, :, 0]) * half_w[:, None] + np.abs(normal_[None, :, 1]) * half_h[:, None] + 3
    hit = (np.abs(signed) < extent) & (t > 0.05) & (t < 0.95) & ~_owned(len(P), U, V) & ~fixed[:, None]
    side = np.where(signed >= 0, 1.0, -1.0)
    amount = np.where(hit, (extent - np.abs(signed)) * side * 0.5, 0.0)
    shift[:, 0] += (amount * normal_[None, :, 0]).sum(axis=1)
    shift[:, 1] += (amount * normal_[None, :, 1]).sum(axis=1)


def _middles_clear(shift: Any, P: Any, radius: Any, boxes: Any, *, U: Any, V: Any, fixed: Any) -> None:
    """Each line keeps its middle clear of every label and node, so it can be pointed at."""
    M = (P[U] + P[V]) / 2
    covered = (
        (M[None, :, 0] >= boxes[:, None, 0] - 8)
        & (M[None, :, 0] <= boxes[:, None, 2] + 8)
        & (M[None, :, 1] >= boxes[:, None, 1] - 8)
        & (M[None, :, 1] <= boxes[:, None, 3] + 8)
    ) | (np.hypot(M[None, :, 0] - P[:, None, 0], M[None, :, 1] - P[:, None, 1]) < (radius + 12)[:, None])
    for i, e in zip(*np.nonzero(covered), strict=True):
        away = P[i] - M[e]
        away = away / max(float(np.hypot(*away)), 1e-9) * 8
        if not fixed[i]:
            shift[i] += away
        for end in (U[e], V[e]):  # the line's ends move off the owner of the label, lengthening it
            if end != i and not fixed[end]:
                direction = P[end] - P[i]
                shift[end] += direction / max(float(np.hypot(*direction)), 1e-9) * 8


def _lines_long(shift: Any, P: Any, radius: Any, *, U: Any, V: Any, fixed: Any) -> None:
    """No line so short that a pointer cannot find it between its two shapes."""
    D = P[V] - P[U]
    length = np.maximum(np.hypot(D[:, 0], D[:, 1]), 1e-9)
    gap = length - radius[U] - radius[V]
    short = np.where(gap < _MIN_GAP, (_MIN_GAP - gap) / 2 + 1, 0.0)
    push = D / length[:, None] * short[:, None]
    share_u = np.where(fixed[V], 2.0, np.where(fixed[U], 0.0, 1.0))
    np.add.at(shift, U, -push * share_u[:, None])
    np.add.at(shift, V, push * (2.0 - share_u)[:, None])
