"""The interactive view: one self-contained HTML page that works offline.

The page inlines vis-network (shipped inside pyvis) and its CSS, so it makes no request; its
Content-Security-Policy forbids any. Positions are computed here, once, with a seeded layout and
a repair pass, so the picture is the same on every load. The why answers the page shows (to RLS,
and between any two entities of a small graph) are computed here with the same
:class:`~rlskg.explain.engine.Explainer` as ``rlskg why``, so the page says what the command line says.
All text from the data travels as escaped JSON and reaches the screen only through
``textContent``: a label or quote holding ``<script>`` or ``<a href=...>`` shows as text.
"""

from __future__ import annotations

import json
import math
import re
from collections import deque
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

if TYPE_CHECKING:
    from rlskg.explain.answer import Answer
    from rlskg.explain.engine import Explainer

__all__ = ["LARGE_GRAPH", "TYPE_STYLES", "Inline", "inline", "layout", "render_html", "write_answer_html"]

#: Colour and shape of each entity type, and its name in the legend (>= 3:1 against white).
TYPE_STYLES: dict[str, tuple[str, str, str]] = {
    "Condition": ("#c2410c", "dot", "disease or condition"),
    "PhysiologicalState": ("#be185d", "dot", "physiological state"),
    "Mechanism": ("#4d7c0f", "hexagon", "mechanism"),
    "Chemical": ("#0f766e", "triangle", "body chemical"),
    "Substance": ("#7e22ce", "dot", "substance"),
    "DrugClass": ("#1e3a8a", "square", "drug class"),
    "Drug": ("#2563eb", "diamond", "drug"),
    "HereditaryFactor": ("#a16207", "star", "hereditary factor"),
    "Consequence": ("#57534e", "triangleDown", "consequence"),
}
#: Relation kinds as drawn, when the graph does not say (``G.graph["kinds"]``): colour, arrow, legend.
_KIND_STYLES: dict[str, dict[str, Any]] = {
    "causal": {"colour": "#1f2937", "arrow": True, "label": "causes, triggers"},
    "risk": {"colour": "#9d174d", "arrow": True, "label": "raises the risk of"},
    "worsening": {"colour": "#9a3412", "arrow": True, "label": "worsens"},
    "mechanism": {"colour": "#166534", "arrow": True, "label": "mechanism step"},
    "membership": {"colour": "#7b2cbf", "arrow": True, "label": "is a member of (a drug's class)"},
    "association": {"colour": "#1d6fa5", "arrow": False, "label": "linked to (not a cause)"},
    "context": {"colour": "#6b6b6b", "arrow": True, "label": "is treated with (context, not a cause)"},
    "status": {"colour": "#6b6b6b", "arrow": True, "label": "status"},
}
_FALLBACK_KIND = {"colour": "#4b5563", "arrow": True}
#: Knowledge layers as drawn (line pattern), when the graph does not say (``G.graph["layers"]``).
_LAYER_STYLES: dict[str, dict[str, Any]] = {
    "stated": {"dashes": False, "label": "stated", "definition": "a page's claim, with its quote"},
    "implied": {
        "dashes": [9, 6],
        "label": "implied",
        "definition": "a curator's reading of what a passage implies but does not state",
    },
    "background": {
        "dashes": [14, 5, 3, 5],
        "label": "background",
        "definition": "a fact from a standard ontology, not from the pages",
    },
    "entailed": {
        "dashes": [2, 6],
        "label": "entailed",
        "definition": "a conclusion of the engine by a rule, never a page's words",
    },
}
_REFUTED = {"colour": "#d00000", "dashes": [2, 6]}
_LAYER_ORDER = ["stated", "background", "implied", "entailed"]
# Which kind a pair of entities is drawn as, when several relations join it: the most direct first.
_KIND_ORDER = [
    "causal",
    "risk",
    "worsening",
    "mechanism",
    "membership",
    "association",
    "context",
    "ingredient",
    "status",
]
#: Resolvers for identifier prefixes: links only, nothing is loaded.
_OBO = ("MONDO", "CHEBI", "HP", "DOID", "GO", "UBERON", "NCIT", "CL", "PR", "SO", "PATO", "MAXO", "OGMS", "NBO")
_TARGET = "RLS"
#: Past this many entities the page opens on a neighbourhood and expands on demand.
LARGE_GRAPH = 300
_NEIGHBOURHOOD = 120
_PAIR_LIMIT = 80  # answers between every two entities are embedded up to this many entities
_FONT = 16
_MIN_GAP = 90  # pixels of line, at the least, between the shapes it joins


def _json_for_script(value: Any) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' survive as such."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _resolver(curie: str) -> str | None:
    """The resolver address of an identifier such as ``MONDO:0005015``, or None.

    >>> _resolver("MONDO:0005015")
    'https://purl.obolibrary.org/obo/MONDO_0005015'
    >>> _resolver("MESH:D003920")
    'https://id.nlm.nih.gov/mesh/D003920'
    >>> _resolver("javascript:alert(1)") is None
    True
    """
    match = re.fullmatch(r"([A-Za-z]+):([A-Za-z0-9_.]+)", curie.strip())
    if not match:
        return None
    prefix, local = match.group(1).upper(), match.group(2)
    if prefix in _OBO:
        return f"https://purl.obolibrary.org/obo/{prefix}_{local}"
    if prefix == "MESH":
        return f"https://id.nlm.nih.gov/mesh/{local}"
    return None


# ---------------------------------------------------------------- layout


def _label_box(label: str, x: float, y: float, size: float, font: float = _FONT) -> tuple[float, float, float, float]:
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
    centre: str | None = _TARGET,
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
        return (fonts or {}).get(node, _FONT)

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
    n = len(P)
    shift = np.zeros_like(P)
    if len(U):  # nodes on edges that are not theirs
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
        own = (np.arange(n)[:, None] == U[None]) | (np.arange(n)[:, None] == V[None])
        push = np.where((dist < clearance) & ~own, clearance - dist + 2, 0.0)
        move = unit * push[..., None]
        free = ~fixed[:, None, None]
        shift += (move * 0.6 * free).sum(axis=1)
        back = move * np.where(free, 0.2, 0.5)  # the edge gives way too (all of it, for the fixed centre)
        np.add.at(shift, U, -back.sum(axis=0))
        np.add.at(shift, V, -back.sum(axis=0))
    boxes = np.array([_label_box(text[i], P[i][0], P[i][1], radius[i], font_size[i]) for i in range(n)])
    # labels off other nodes: the nearest point of each box to each node
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
    # labels apart from each other, along the axis of least overlap
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
    if len(U):  # no line through a label it does not belong to: the label's owner steps aside
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
        own = (np.arange(n)[:, None] == U[None]) | (np.arange(n)[:, None] == V[None])
        hit = (np.abs(signed) < extent) & (t > 0.05) & (t < 0.95) & ~own & ~fixed[:, None]
        side = np.where(signed >= 0, 1.0, -1.0)
        amount = np.where(hit, (extent - np.abs(signed)) * side * 0.5, 0.0)
        shift[:, 0] += (amount * normal_[None, :, 0]).sum(axis=1)
        shift[:, 1] += (amount * normal_[None, :, 1]).sum(axis=1)
    if len(U):  # each line keeps its middle clear of every label and node, so it can be pointed at
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
    if len(U):  # no line so short that a pointer cannot find it between its two shapes
        D = P[V] - P[U]
        length = np.maximum(np.hypot(D[:, 0], D[:, 1]), 1e-9)
        gap = length - radius[U] - radius[V]
        short = np.where(gap < _MIN_GAP, (_MIN_GAP - gap) / 2 + 1, 0.0)
        push = D / length[:, None] * short[:, None]
        share_u = np.where(fixed[V], 2.0, np.where(fixed[U], 0.0, 1.0))
        np.add.at(shift, U, -push * share_u[:, None])
        np.add.at(shift, V, push * (2.0 - share_u)[:, None])
    shift[fixed] = 0.0
    return shift


# ---------------------------------------------------------------- the data the page draws


def _layer_of(claims: list[dict[str, Any]]) -> str:
    layers: list[str] = [str(c.get("layer", "stated")) for c in claims] or ["stated"]
    return min(layers, key=lambda x: _LAYER_ORDER.index(x) if x in _LAYER_ORDER else len(_LAYER_ORDER))


def _sources(G: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    given = G.graph.get("sources")
    if given:
        return {k: dict(v) for k, v in given.items()}
    found: dict[str, dict[str, Any]] = {}
    for claim in G.graph["claims"].values():
        found.setdefault(claim["source"]["id"], dict(claim["source"]))
    return found


def _page_words(G: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Each entity's names in the pages' own words (a claim's subject or object text), with the sources saying them.

    A name that is the entity's label is left out; the same words in another case are one name.
    """
    from rlskg.explain.names import normalize  # noqa: PLC0415

    words: dict[str, dict[str, dict[str, Any]]] = {}
    for claim in sorted(G.graph["claims"].values(), key=lambda c: c["id"]):
        if claim.get("layer", "stated") not in ("stated", "implied"):
            continue  # a standard ontology's or the engine's claim: no page's words
        for end, text in ((claim["subject"], claim.get("subject_text")), (claim["object"], claim.get("object_text"))):
            if not text or end not in G or normalize(text) == normalize(G.nodes[end]["label"]):
                continue
            said = words.setdefault(end, {}).setdefault(normalize(text), {"text": text, "sources": []})
            if claim["source"]["id"] not in said["sources"]:
                said["sources"].append(claim["source"]["id"])
    return {node: list(found.values()) for node, found in words.items()}


def _claim_record(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim as the page needs it: its source by id, its layer and tensions with safe defaults."""
    return {
        "id": claim["id"],
        "subject": claim.get("subject"),
        "predicate": claim.get("predicate"),
        "object": claim.get("object"),
        "quote": claim.get("quote", ""),
        "certainty": claim.get("certainty", "stated"),
        "part": claim.get("part", "main"),
        "note": claim.get("note", ""),
        "source": claim["source"]["id"],
        "layer": claim.get("layer", "stated"),
        "quantifier": claim.get("quantifier"),
        "subject_text": claim.get("subject_text"),
        "object_text": claim.get("object_text"),
        "contradicted_by": list(claim.get("contradicted_by", [])),
        "tension_with": list(claim.get("tension_with", [])),
        "premises": list(claim.get("premises", [])),
    }


def _compact_answer(
    answer: Answer, claims: dict[str, Any], sources: dict[str, Any], tables: dict[str, dict[str, int]]
) -> dict[str, Any]:
    """The answer as ``rlskg why --format json`` gives it, compacted for the page.

    Each claim goes by id, each step, refutation and conflict by number (the page holds them
    once: many answers share them); empty parts are left out.
    """
    d = answer.to_dict()
    text = answer.to_text().split("\n")  # line 3: the verdict in plain words, as `rlskg why` prints it

    def ref(c: dict[str, Any]) -> str:
        if c["id"] not in claims:  # a claim only the engine knows of (e.g. an entailed conclusion)
            sources.setdefault(c["source"]["id"], dict(c["source"]))
            claims[c["id"]] = _claim_record(c)
        return str(c["id"])

    def step(s: dict[str, Any]) -> int:
        record = {
            "from": s["from"]["id"],
            "to": s["to"]["id"],
            "reads": s["reads"],
            "kind": s["relation_kind"],
            "certainty": s["certainty"],
            "layer": s.get("layer", "stated"),
            "claims": [ref(c) for c in s["claims"]],
        }
        return intern("steps", record)

    def intern(table: str, record: dict[str, Any]) -> int:
        found = tables.setdefault(table, {})
        return found.setdefault(json.dumps(record, sort_keys=True), len(found))

    paths = [
        {k: v for k, v in path.items() if k != "steps"} | {"steps": [step(s) for s in path["steps"]]}
        for path in d["paths"]
    ]
    refuted = [
        {
            "claim": ref(r),
            "subject": r["subject"]["id"],
            "predicate": r["predicate"]["label"],
            "object": r["object"]["id"],
        }
        for r in d["refuted"]
    ]
    conflicts = [
        {
            "from": c["step"]["from"]["id"],
            "predicate": c["step"]["predicate"]["label"],
            "to": c["step"]["to"]["id"],
            "claim": ref(c["claim"]),
            "other": ref(c["other"]),
            "note": c.get("note", ""),
            "type": c.get("type", "disagreement"),
        }
        for c in d["conflicts"]
    ]
    compact = {
        "summary": d.get("summary") or text[2],
        "verdict": d["verdict"],
        "paths": paths,
        "more_paths": d.get("more_paths", 0),
        "refuted": [intern("refuted", r) for r in refuted],
        "conflicts": [intern("conflicts", c) for c in conflicts],
        "suggestions": [s["id"] for s in d["suggestions"]],
    }
    return {k: v for k, v in compact.items() if v}


def _answers(
    explainer: Explainer,
    G: nx.MultiDiGraph,
    claims: dict[str, Any],
    sources: dict[str, Any],
    tables: dict[str, dict[str, int]],
) -> dict[str, Any]:
    """Why answers keyed "X" (X to RLS) and, for a small graph, "X\\tY" (X to Y): what `rlskg why` says."""
    found: dict[str, Any] = {}
    ids = sorted(G.nodes)
    targets = ids if len(ids) <= _PAIR_LIMIT else [_TARGET]
    for target in targets:
        if target not in G:
            continue
        for node in ids:
            if node == target:
                continue
            key = node if target == _TARGET else f"{node}\t{target}"
            found[key] = _compact_answer(explainer.why(node, target), claims, sources, tables)
    return found


def _neighbourhood(G: nx.MultiDiGraph, centre: str, limit: int) -> list[str]:
    """The ``limit`` entities nearest ``centre`` (by hops, either direction; ties by id)."""
    U = G.to_undirected(as_view=True)
    seen = {centre}
    queue = deque([centre])
    order = [centre]
    while queue and len(order) < limit:
        node = queue.popleft()
        for nxt in sorted(U.neighbors(node)):
            if nxt not in seen and len(order) < limit:
                seen.add(nxt)
                order.append(nxt)
                queue.append(nxt)
    return sorted(order)


def _kind_styles(G: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    given = G.graph.get("kinds") or {}
    used = {d["kind"] for _, _, d in G.edges(data=True)} | {
        G.graph["relations"][c["predicate"]]["kind"]
        for c in G.graph["claims"].values()
        if c["predicate"] in G.graph["relations"]
        and c["certainty"] == "refuted"
        and c["subject"] in G
        and c["object"] in G
    }
    styles = {}
    for kind in sorted(set(given) | used, key=lambda k: (_KIND_ORDER.index(k) if k in _KIND_ORDER else 99, k)):
        base = {**_FALLBACK_KIND, "label": kind, **_KIND_STYLES.get(kind, {})}
        meta = given.get(kind, {})
        colour = meta.get("colour") or meta.get("color")
        styles[kind] = {
            "label": base["label"] if kind == "context" else meta.get("label", base["label"]),
            "definition": meta.get("definition", ""),
            "colour": colour
            if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour)
            else base["colour"],
            "arrow": bool(base["arrow"]),
            "used": kind in used,
        }
    return styles


def _layer_styles(G: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    given = G.graph.get("layers") or {}
    styles = {}
    for layer in sorted(set(given) | {"stated"}, key=lambda x: _LAYER_ORDER.index(x) if x in _LAYER_ORDER else 9):
        base = _LAYER_STYLES.get(layer, {"dashes": [4, 4], "label": layer, "definition": ""})
        meta = given.get(layer, {})
        styles[layer] = {
            "label": meta.get("label", base["label"]),
            "definition": meta.get("definition", base["definition"]),
            "dashes": base["dashes"],
        }
    return styles


def _data(G: nx.MultiDiGraph, focus: str | None, max_nodes: int) -> dict[str, Any]:
    from rlskg.explain.engine import Explainer  # noqa: PLC0415

    relations_meta = G.graph["relations"]
    sources = _sources(G)
    claims = {cid: _claim_record(c) for cid, c in G.graph["claims"].items()}
    sizes = {n: 44.0 if n == _TARGET else 12.0 if d["type"] == "Drug" else 16.0 for n, d in G.nodes(data=True)}
    words = _page_words(G)

    relations: list[dict[str, Any]] = []

    def add(
        subject: str,
        obj: str,
        predicate: str,
        kind: str,
        items: list[dict[str, Any]],
        *,
        refuted: bool,
        entailed: bool = False,
    ) -> None:
        meta = relations_meta.get(predicate, {"label": predicate, "inverse_label": f"is {predicate} of"})
        # drawn as a chain reads it: "X is treated with Y", "an ingredient is contained in a medicine"
        drawn_back = kind in ("context", "ingredient")
        relations.append(
            {
                "id": f"r{len(relations)}",
                "from": obj if drawn_back else subject,
                "to": subject if drawn_back else obj,
                "predicate": predicate,
                "reads": meta["inverse_label"] if drawn_back else meta["label"],
                "kind": kind,
                "layer": _layer_of(items),
                "refuted": refuted,
                "entailed": entailed,
                "claims": [c["id"] for c in items],
            }
        )

    for u, v, key, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        add(u, v, key, d["kind"], d["claims"], refuted=False)
    for claim in sorted(G.graph["claims"].values(), key=lambda c: c["id"]):
        if claim["certainty"] == "refuted" and claim["subject"] in G and claim["object"] in G:
            kind = relations_meta.get(claim["predicate"], {}).get("kind", "causal")
            add(claim["subject"], claim["object"], claim["predicate"], kind, [claim], refuted=True)
    drawn = len(relations)  # the layout places what a page or an ontology says; conclusions are drawn over it
    for claim in sorted(G.graph["claims"].values(), key=lambda c: c["id"]):
        if claim.get("layer") == "entailed" and claim["subject"] in G and claim["object"] in G:
            kind = relations_meta.get(claim["predicate"], {}).get("kind", "causal")
            add(claim["subject"], claim["object"], claim["predicate"], kind, [claim], refuted=False, entailed=True)

    pair_relations: dict[tuple[str, str], list[str]] = {}
    for r in relations:
        pair = (r["from"], r["to"]) if r["from"] <= r["to"] else (r["to"], r["from"])
        pair_relations.setdefault(pair, []).append(r["id"])
    edges = [
        {"id": f"e{i}", "a": a, "b": b, "relations": rs}
        for i, ((a, b), rs) in enumerate(sorted(pair_relations.items()))
    ]

    large = G.number_of_nodes() > max_nodes
    centre = focus if focus in G else _TARGET if _TARGET in G else min(G.nodes, default=None)
    loaded = sorted(G.nodes) if not large or centre is None else _neighbourhood(G, centre, _NEIGHBOURHOOD)
    labels = {n: str(d["label"]) for n, d in G.nodes(data=True)}
    fonts = {_TARGET: _FONT + 10.0}
    laid_out = sorted(
        {(r["from"], r["to"]) if r["from"] <= r["to"] else (r["to"], r["from"]) for r in relations[:drawn]}
    )
    positions = layout(loaded, laid_out, labels, sizes, _TARGET if _TARGET in loaded else centre, fonts=fonts)

    nodes = []
    for node, d in sorted(G.nodes(data=True)):
        colour, shape, type_name = TYPE_STYLES.get(d["type"], ("#4b5563", "dot", d.get("type_label", d["type"])))
        x, y = positions.get(node, (None, None))
        nodes.append(
            {
                "id": node,
                "label": d["label"],
                "type": d["type"],
                "typeLabel": d.get("type_label") or type_name,
                "colour": "#b91c1c" if node == _TARGET else colour,
                "shape": shape,
                "size": sizes[node],
                "x": x,
                "y": y,
                "definition": d.get("definition", ""),
                "synonyms": list(d.get("synonyms", [])),
                "words": words.get(node, []),
                "identifiers": [
                    {"id": i, "url": _resolver(i), "match": m} for m in ("exact", "close") for i in d.get(m, [])
                ],
            }
        )
    types: dict[str, dict[str, Any]] = {}
    for n in nodes:
        colour, shape, label = TYPE_STYLES.get(n["type"], ("#4b5563", "dot", n["typeLabel"]))
        types.setdefault(n["type"], {"colour": colour, "shape": shape, "label": label})

    explainer = Explainer.of(G)
    tables: dict[str, dict[str, int]] = {}
    answers = _answers(explainer, G, claims, sources, tables) if _TARGET in G else {}
    return {
        "nodes": nodes,
        "relations": relations,
        "edges": edges,
        "claims": claims,
        "sources": sources,
        "kinds": _kind_styles(G),
        "layers": _layer_styles(G),
        "types": dict(
            sorted(types.items(), key=lambda t: list(TYPE_STYLES).index(t[0]) if t[0] in TYPE_STYLES else 99)
        ),
        "certaintyRank": G.graph["certainty_rank"],
        "refuted": _REFUTED,
        "answers": answers,
        "answerParts": {name: [json.loads(key) for key in table] for name, table in tables.items()},
        "pairs": G.number_of_nodes() <= _PAIR_LIMIT,
        "target": _TARGET,
        "focus": focus,
        "loaded": loaded,
        "large": large,
        "font": _FONT,
    }


def _vis_library() -> tuple[str, str]:
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    # Only "</script" or "</style" could end an inline element early; neither file has one today.
    vis_js = re.sub(r"</(script)", r"<\\/\1", (lib / "vis-network.min.js").read_text(encoding="utf-8"), flags=re.I)
    vis_css = re.sub(r"</(style)", r"<\\/\1", (lib / "vis-network.css").read_text(encoding="utf-8"), flags=re.I)
    return vis_js, vis_css


def render_html(
    G: nx.MultiDiGraph,
    title: str = "What causes restless legs syndrome?",
    focus: str | None = None,
    *,
    max_nodes: int = LARGE_GRAPH,
) -> str:
    """The interactive view of ``G`` as one self-contained HTML page.

    ``focus`` names an entity whose chains to RLS are shown when the page opens. A graph of more
    than ``max_nodes`` entities opens on the neighbourhood of the focus (or RLS) and expands on demand.
    """
    from urllib.parse import quote  # noqa: PLC0415

    import jinja2  # noqa: PLC0415 - a dependency of pyvis
    from markupsafe import Markup  # noqa: PLC0415 - a dependency of jinja2

    vis_js, vis_css = _vis_library()
    templates = resources.files("rlskg") / "templates"
    template_text = (templates / "view.html").read_text(encoding="utf-8")
    icon = "data:image/svg+xml," + quote((templates / "icon.svg").read_text(encoding="utf-8").strip())
    template = jinja2.Environment(autoescape=True, keep_trailing_newline=True).from_string(template_text)
    return template.render(
        title=title,
        icon=icon,
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        data=Markup(_json_for_script(_data(G, focus, max_nodes))),
    )


def write_answer_html(answer: Answer, path: Path, G: nx.MultiDiGraph) -> None:
    """Write a view of just one answer: the entities and relations of its chains and refutations.

    The page carries the claims between the drawn entities and every claim they lead to (the claims
    that contradict them or stand in tension with them, with the records that say so, their premises
    and what they restate), even where those join entities the page does not draw; not the rest of
    the graph, so the page weighs what it shows.
    """
    keep = {answer.target.id}
    for chain in answer.paths:
        for step in chain.steps:
            keep.update((step.from_.id, step.to.id))
    for subject, _, obj, _ in answer.refuted:
        keep.update((subject.id, obj.id))
    if answer.subject:
        keep.add(answer.subject.id)
    sub = G.subgraph(keep).copy()
    sub.graph = {**G.graph, **_claims_near(G, keep)}
    label = answer.subject.label if answer.subject else answer.query
    page = render_html(
        sub,
        title=f"Why is {label} linked to {answer.target.label}?",
        focus=answer.subject.id if answer.subject else None,
    )
    path.write_text(page, encoding="utf-8")


def _claims_near(G: nx.MultiDiGraph, keep: set[str]) -> dict[str, Any]:
    """The claims between ``keep``'s entities, closed over what they lead to, and the records joining them."""
    claims: dict[str, dict[str, Any]] = G.graph["claims"]
    records = {field: G.graph.get(field, {}) for field in ("disagreements", "tensions")}
    of_claim: dict[str, list[tuple[str, str]]] = {}
    for field, found in records.items():
        for name, record in found.items():
            for ident in record["claims"]:
                of_claim.setdefault(ident, []).append((field, name))
    kept: set[str] = set()
    chosen: dict[str, set[str]] = {field: set() for field in records}
    todo = [i for i, c in claims.items() if c["subject"] in keep and c["object"] in keep]
    while todo:
        ident = todo.pop()
        if ident in kept or ident not in claims:
            continue
        kept.add(ident)
        claim = claims[ident]
        todo += [*claim.get("contradicted_by", ()), *claim.get("tension_with", ()), *claim.get("premises", ())]
        todo += [claim["restates"]] if claim.get("restates") else []
        for field, name in of_claim.get(ident, ()):
            chosen[field].add(name)
            todo += records[field][name]["claims"]
    near: dict[str, Any] = {"claims": {i: c for i, c in claims.items() if i in kept}}
    near.update({field: {n: r for n, r in found.items() if n in chosen[field]} for field, found in records.items()})
    return near


class Inline:
    """A page that Jupyter shows inline, offline: an iframe whose document is the page itself."""

    def __init__(self, page: str, height: int = 700) -> None:
        self.page = page
        self.height = height

    def _repr_html_(self) -> str:
        import html  # noqa: PLC0415

        document = html.escape(self.page, quote=True)
        return f'<iframe srcdoc="{document}" style="width:100%;height:{self.height}px;border:0"></iframe>'


def inline(page: str, height: int = 700) -> Inline:
    """Show a page inside Jupyter without a server or the internet."""
    return Inline(page, height)
