"""Where the view draws each entity: in rings around the centre, the first ring cut into sectors.

Each entity goes on the ring of its distance (in lines) from the centre; of two joined entities of
one ring, the one with fewer lines moves out (on the first ring to another of its tiers, as the
other's follower; beyond it to the next ring), so no line runs along a ring. The first ring is
ordered by the caller's groups (for the view: the kind of relation that joins an entity to the
centre), a leader's followers beside it. Its tiers are taken in turn like a ruler's marks, so a line
to an outer tier passes between the entities of inner ones, and an entity joined beyond the ring is
on the outermost; each further ring sits as near its neighbours' angles as its labels allow. The
first ring grows until no line runs by a node it does not join and no label touches a node or
another label (a short repair moves what still touches; then a node whose label a line crosses
steps aside where it can). The result depends only on the input: the same picture on every load
and every build.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

__all__ = ["FONT", "label_size", "layout"]

#: The size of a label's font, in pixels.
FONT = 16
_WRAP = 140  # vis-network wraps a label at its width constraint (150 px) less its margins
_MIN_GAP = 90  # pixels of line, at the least, between the shapes it joins
_GAP = 12  # pixels between the footprints (shape and label) of two entities
_CLEAR = 20  # pixels a line is laid out to keep from a node it does not join, beyond the node's radius
_TOUCH = 10  # pixels from a node, beyond its radius, within which a line or label not its own is a fault
_APART = 320  # pixels between the nearest nodes of two pieces of the graph laid side by side
_TIERS = 4  # tiers of the first ring
_GROW = 1.06  # how much the radii grow for each try that is not clean
_TRIES = 24  # sizes of the first ring tried, at the most

# Widths of characters as a share of the font size, as system sans-serif fonts draw them (roughly).
_NARROW, _SEMI, _WIDE = set("ijl.,;:'!|"), set("frt-() "), set("mwMW")


def _char_width(c: str) -> float:
    if c in _NARROW:
        return 0.30
    if c in _SEMI:
        return 0.40
    if c in _WIDE:
        return 0.90
    return 0.70 if c.isupper() else 0.60


def _wrapped(label: str, font: float) -> tuple[int, float]:
    """Lines and width of a label wrapped at the view's width, word by word (a word too long is broken)."""
    lines, widest, line = 0, 0.0, 0.0
    for word in label.split():
        width = sum(map(_char_width, word)) * font
        if line and line + 0.4 * font + width <= _WRAP:
            line += 0.4 * font + width
            continue
        if line:
            lines, widest = lines + 1, max(widest, line)
        while width > _WRAP:
            lines, widest, width = lines + 1, float(_WRAP), width - _WRAP
        line = width
    return lines + 1, max(widest, line)


def label_size(label: str, font: float = FONT) -> tuple[float, float]:
    """A generous estimate of the width and height (pixels) vis-network gives a label.

    The text is wrapped at the view's width with characters a little wider and a little narrower
    than their usual width; the box holds either wrapping.

    >>> label_size("iron")
    (37.0, 20.0)
    >>> label_size("abnormalities in the part of the central nervous system that controls automatic movements")[1]
    116.0
    """
    wide, narrow = _wrapped(label, font * 1.06), _wrapped(label, font * 0.94)
    lines = max(wide[0], narrow[0])
    width = max(wide[1], narrow[1] * 1.06 / 0.94)
    return (float(math.ceil(width + 4)), float(lines * font + 4))


@dataclass
class _Footprint:
    """An entity's shape and label around its centre: half its width, how far it reaches up and down."""

    half: float
    up: float
    down: float

    def arc(self, angle: float) -> float:
        """The length of ring it needs at ``angle``: its width across the ring, or its height along it."""
        across, along = abs(math.sin(angle)), abs(math.cos(angle))
        by_width = (2 * self.half + _GAP) / max(across, 1e-6)
        by_height = (self.up + self.down + _GAP) / max(along, 1e-6)
        return min(by_width, by_height)


def _footprint(label: str, size: float, font: float) -> _Footprint:
    width, height = label_size(label, font)
    return _Footprint(max(size, width / 2), size, size + 3 + 0.6 * font + height)


def _label_box(label: str, x: float, y: float, size: float, font: float = FONT) -> tuple[float, float, float, float]:
    """Where vis-network draws a label, generously: below the shape, wrapped at the view's width."""
    width, height = label_size(label, font)
    top = y + size + 3 + 0.6 * font - 4
    return (x - width / 2, top, x + width / 2, top + height + 4)


@dataclass
class _Rings:
    """Each entity's ring and the entity it hangs from; of the first ring, those that follow another of it."""

    ring: dict[str, int]
    parent: dict[str, str]
    followers: set[str] = field(default_factory=set)


def _rings(H: nx.Graph, centre: str) -> _Rings:
    """Rings by distance from the centre, so that no two joined entities share a ring (or a tier of the first).

    Of a ring's entities, those with most lines stay (then by name); one joined to an entity that stays
    moves out and hangs from it: on the first ring it stays as that entity's follower (on another
    tier), beyond it it goes to the next ring. An entity met for the first time hangs from the first
    entity of the ring before that it is joined to (most lines first).
    """
    rings = _Rings({centre: 0}, {})
    waiting = {n: centre for n in H[centre]}
    k = 1
    while waiting:
        later: dict[str, str] = {}
        kept = _independent(H, waiting, later)
        for n in kept:
            rings.ring[n], rings.parent[n] = k, waiting[n]
        if k == 1:
            pushed, later = later, {}
            outer = _independent(H, pushed, later)
            for n in outer:
                rings.ring[n], rings.parent[n] = 1, pushed[n]
            rings.followers, kept = set(outer), kept + outer
        for n in sorted(kept, key=lambda n: (-H.degree(n), n)):
            for m in sorted(H[n], key=lambda m: (-H.degree(m), m)):
                if m not in rings.ring and m not in later:
                    later[m] = n
        waiting = later
        k += 1
    return rings


def _independent(H: nx.Graph, waiting: dict[str, str], later: dict[str, str]) -> list[str]:
    """Of the waiting entities, those that stay (most lines first, none joined to another); the rest go to ``later``."""
    kept: list[str] = []
    for n in sorted(waiting, key=lambda n: (-H.degree(n), n)):
        blocking = [m for m in kept if H.has_edge(n, m)]
        if blocking:
            later[n] = blocking[0]
        else:
            kept.append(n)
    return kept


@dataclass
class _Wheel:
    """One piece of the graph in rings around its centre: what does not change while the radii grow."""

    centre: str
    rings: _Rings
    shapes: dict[str, _Footprint]
    first: list[str]  # the first ring, in order around the centre
    breaks: list[int]  # where in it a sector begins: the room to spare goes there
    tier: dict[str, int]  # of the first ring's entities, how many tiers out from the innermost
    beyond: list[list[str]]  # the entities of each further ring
    inner: dict[str, list[str]]  # each entity's neighbours nearer the centre


def _wheel(H: nx.Graph, centre: str, shapes: dict[str, _Footprint], groups: Mapping[str, Any]) -> _Wheel:
    """The rings, and the first ring's order: by sector, an entity's followers on either side of it.

    Of the first ring, an entity joined to one beyond it goes on the outermost tier (its lines outward
    cross no tier); the others take the tiers in turn as a ruler's marks do (innermost, outermost,
    the next inner, outermost, ...), so each line to an outer tier passes beside entities of inner
    ones. Followers keep off their leader's tier (see :func:`_tiers`).
    """
    rings = _rings(H, centre)
    ring = rings.ring
    branch = {}
    for number, part in enumerate(sorted(nx.connected_components(H.subgraph(set(H) - {centre})), key=min)):
        for n in part:
            branch[n] = number
    heads = [n for n in ring if ring[n] == 1 and n not in rings.followers]
    sector = {b: min(_group(groups, n) for n in heads if branch[n] == b) for b in {branch[n] for n in heads}}
    heads.sort(key=lambda n: (sector[branch[n]], branch[n], _group(groups, n), n))
    reaching = {n for n in ring if ring[n] == 1 and any(ring[m] > 1 for m in H[n])}
    heads = _spread_out(heads, lambda n: sector[branch[n]], lambda n: branch[n], reaching)
    first: list[str] = []
    breaks: list[int] = []
    for number, head in enumerate(heads):
        if not number or sector[branch[head]] != sector[branch[heads[number - 1]]]:
            breaks.append(len(first))
        first += _around(H, head, sorted(n for n in rings.followers if rings.parent[n] == head), heads, number)
    tier = _tiers(first, rings, reaching)
    beyond = [sorted(n for n in ring if ring[n] == k) for k in range(2, max(ring.values()) + 1)]
    depth = {n: ring[n] + tier.get(n, 0) / _TIERS for n in H}
    inner = {n: sorted(m for m in H[n] if depth[m] < depth[n]) for n in H}
    return _Wheel(centre, rings, shapes, first, breaks, tier, beyond, inner)


def _tiers(first: list[str], rings: _Rings, reaching: set[str]) -> dict[str, int]:
    """Each first-ring entity's tier (0 the innermost).

    One joined beyond the ring goes on the outermost; a follower the farther from its leader's tier
    the nearer it is to its leader, so the lines from the leader to farther ones pass by nearer ones;
    any other on the outermost after an inner one, else on the next inner.
    """
    tier: dict[str, int] = {}
    place = {n: i for i, n in enumerate(first)}
    for n in first:
        if n in reaching and n not in rings.followers:
            tier[n] = _TIERS - 1
    turn = 0
    for i, n in enumerate(first):
        if n in rings.followers:
            leader = rings.parent[n]
            home = tier.setdefault(leader, 0)
            others = sorted((t for t in range(_TIERS) if t != home), key=lambda t: -abs(t - home))
            tier[n] = others[min(abs(place[leader] - i), len(others)) - 1]
        elif n not in tier:
            if i and tier.get(first[i - 1], _TIERS - 1) < _TIERS - 1:
                tier[n] = _TIERS - 1
            else:
                tier[n], turn = turn % (_TIERS - 1), turn + 1
    return tier


def _spread_out(heads: list[str], sector: Any, branch: Any, reaching: set[str]) -> list[str]:
    """The heads of each sector with those joined beyond the first ring spread evenly among the others.

    Heads of one branch stay side by side (a block); blocks keep their order within their kind.
    """
    spread: list[str] = []
    for _, in_sector in itertools.groupby(heads, key=sector):
        blocks = [list(b) for _, b in itertools.groupby(in_sector, key=branch)]
        kinds = ([b for b in blocks if reaching & set(b)], [b for b in blocks if not reaching & set(b)])
        ranked = [((i + 0.5) / len(kind), k, i) for k, kind in enumerate(kinds) for i in range(len(kind))]
        for _, k, i in sorted(ranked):
            spread += kinds[k][i]
    return spread


def _around(H: nx.Graph, head: str, followers: list[str], heads: list[str], number: int) -> list[str]:
    """The head with its followers on either side: one joined to an earlier head before it, to a later one after."""
    where = {h: i for i, h in enumerate(heads)}

    def pull(f: str) -> float:
        others = [where[m] - number for m in H[f] if m in where and m != head]
        return sum(others) / len(others) if others else 0.0

    before = [f for f in followers if pull(f) < 0]
    after = [f for f in followers if pull(f) > 0]
    for f in (f for f in followers if pull(f) == 0):
        (before if len(before) < len(after) else after).append(f)
    before.sort(key=lambda f: (-pull(f), f))
    after.sort(key=lambda f: (pull(f), f))
    return [*before[::-1], head, *after]


def _group(groups: Mapping[str, Any], node: str) -> tuple[int, Any]:
    return (0, groups[node]) if node in groups else (1, "")


def _apart(a: _Footprint, pa: tuple[float, float], b: _Footprint, pb: tuple[float, float]) -> bool:
    """Whether two footprints at these places keep the gap between them."""
    if abs(pa[0] - pb[0]) >= a.half + b.half + _GAP:
        return True
    return pb[1] - b.up >= pa[1] + a.down + _GAP or pa[1] - a.up >= pb[1] + b.down + _GAP


def _step(a: _Footprint, ra: float, b: _Footprint, rb: float, angle: float, *, least: float = 0.0) -> float:
    """The least turn (``least`` or more) from a, at ``angle`` and radius ra, to b at radius rb so both keep apart."""
    pa = (ra * math.cos(angle), ra * math.sin(angle))

    def apart(turn: float) -> bool:
        return _apart(a, pa, b, (rb * math.cos(angle + turn), rb * math.sin(angle + turn)))

    if apart(least):
        return least
    low, high = least, least + 8.0 / max(ra, rb)
    while not apart(high) and high < math.pi:
        low, high = high, high + 2 * (high - least)
    while (high - low) * max(ra, rb) > 1.0:  # to a pixel
        middle = (low + high) / 2
        low, high = (low, middle) if apart(middle) else (middle, high)
    return high


def _first_ring(wheel: _Wheel, radius: dict[str, float], theta: dict[str, float], start: float) -> float:
    """Angles for the first ring, in place; the share of the circle they need (above 1: too tight).

    Each entity keeps clear of the few before it (as many as there are tiers, and one), and a line to
    the farther of two passes clear of the nearer one.
    """
    seq, shapes = wheel.first, wheel.shapes
    n = len(seq)
    loop = seq + [seq[i % n] for i in range(_TIERS + 1)]
    at = [0.0] * len(loop)
    for k in range(1, len(loop)):
        node = loop[k]
        at[k] = at[k - 1]
        for j in range(k - 1, max(k - _TIERS - 2, -1), -1):
            before = loop[j]
            if before == node:
                break
            angle = theta.get(before, start + 2 * math.pi * (j % n) / n)
            least = 0.0
            if radius[node] != radius[before]:  # the outer one's line passes by the inner one
                inner = min((node, before), key=lambda m: radius[m])
                least = math.asin(min(1.0, (shapes[inner].up + _CLEAR + 1) / radius[inner]))
            turn = _step(shapes[before], radius[before], shapes[node], radius[node], angle, least=least)
            at[k] = max(at[k], at[j] + turn)
    total = max(at[n + i] - at[i] for i in range(_TIERS + 1)) if n > 1 else 2 * math.pi
    joints = wheel.breaks if len(wheel.breaks) > 1 else list(range(n))
    spare = max(2 * math.pi - total, 0.0) / len(joints)
    for k, node in enumerate(seq):  # the room to spare between sectors (or shared out, for one sector)
        theta[node] = start + at[k] + spare * sum(1 for j in joints if 0 < j <= k)
    return total / (2 * math.pi)


def _pack(
    desired: dict[str, float], shapes: dict[str, _Footprint], radius: float, near: dict[str, float] | None = None
) -> dict[str, float]:
    """Angles on a circle of the given radius as near the desired ones as the footprints allow, in the desired order.

    How much room two footprints need depends on where they are: ``near`` says where, about (as last packed).
    """
    order = sorted(desired, key=lambda n: (desired[n] % (2 * math.pi), n))
    if not order:
        return {}
    angles = [desired[n] % (2 * math.pi) for n in order]
    gaps = [(angles[(i + 1) % len(order)] - angles[i]) % (2 * math.pi) for i in range(len(order))]
    cut = max(range(len(order)), key=lambda i: (gaps[i], -i)) + 1
    order = order[cut:] + order[:cut]
    want = [desired[order[0]] % (2 * math.pi)]
    for n in order[1:]:
        want.append(want[-1] + (desired[n] - want[-1]) % (2 * math.pi))
    offset = [0.0]
    for i in range(1, len(order)):  # clear of the three before it
        steps = (
            offset[j] + _step(shapes[order[j]], radius, shapes[order[i]], radius, (near or {}).get(order[j], want[j]))
            for j in range(max(i - 3, 0), i)
        )
        offset.append(max(steps))

    def base(run: list[int]) -> float:  # where a run of entities side by side starts: as near as can be on average
        return sum(want[i] - offset[i] for i in range(run[0], run[1] + 1)) / (run[1] - run[0] + 1)

    runs: list[list[int]] = []
    for i in range(len(order)):
        runs.append([i, i])
        while len(runs) > 1 and base(runs[-2]) > base(runs[-1]) - 1e-12:
            last = runs.pop()
            runs[-1][1] = last[1]
    return {order[i]: base(run) + offset[i] for run in runs for i in range(run[0], run[1] + 1)}


def _circular_mean(angles: list[float]) -> float:
    return math.atan2(sum(map(math.sin, angles)), sum(map(math.cos, angles)))


def _place(wheel: _Wheel, first: float, start: float) -> tuple[float, dict[str, tuple[float, float]]]:
    """Positions for a first ring of radius ``first``, and the share of the circle it needs (above 1: too tight)."""
    shapes = wheel.shapes
    ones = [shapes[n] for n in wheel.first]
    step = max(*(2 * s.half for s in ones), *(s.up + s.down for s in ones)) + _GAP
    radius = {n: first + step * wheel.tier[n] for n in wheel.first}
    theta: dict[str, float] = {}

    def places(n: str) -> tuple[float, float]:
        return (radius[n] * math.cos(theta[n]), radius[n] * math.sin(theta[n]))

    share = 0.0
    for _ in range(3):  # an entity's need depends on where it lands: twice more from the last angles
        share = _first_ring(wheel, radius, theta, start)
    last = wheel.first
    for ring in wheel.beyond:
        before, here = [shapes[n] for n in last], [shapes[n] for n in ring]
        reach = max(
            max(b.down for b in before) + max(h.up for h in here), max(b.up for b in before) + max(h.down for h in here)
        )
        r = max(radius[n] for n in last) + max(reach + _GAP, _MIN_GAP + 40)
        desired = {n: _circular_mean([theta[m] for m in wheel.inner[n] if m in theta]) for n in ring}
        r = max(r, sum(shapes[n].arc(desired[n]) for n in ring) / (2 * math.pi))
        near = _pack(desired, shapes, r)
        for _ in range(_TRIES):  # further out until clear of the ring before, and of itself, at every angle
            near = _pack(desired, shapes, r, near)
            theta.update(near)
            radius.update({n: r for n in ring})
            pairs = itertools.chain(itertools.product(last, ring), itertools.combinations(ring, 2))
            if all(_apart(shapes[a], places(a), shapes[b], places(b)) for a, b in pairs):
                break
            r += _GAP
        last = ring
    return share, {wheel.centre: (0.0, 0.0)} | {n: places(n) for n in theta}


class _Scene:
    """What the checks need of a picture: node radii, label boxes around the node, the lines as pairs of ends."""

    def __init__(self, order: list[str], edges: list[tuple[str, str]], sizes: Mapping[str, float], boxes: Any) -> None:
        index = {n: i for i, n in enumerate(order)}
        self.radius = np.array([sizes.get(n, 16) for n in order], dtype=float)
        self.offsets = np.asarray(boxes, dtype=float)  # each label's box, less its node's position
        self.U = np.array([index[u] for u, _ in edges], dtype=int)
        self.V = np.array([index[v] for _, v in edges], dtype=int)
        ends = np.arange(len(order))[:, None]
        self.mine = (self.U[None, :] == ends) | (self.V[None, :] == ends)  # [node, line]: the node is an end

    def boxes(self, P: Any) -> Any:
        return P[:, [0, 1, 0, 1]] + self.offsets

    def faults(self, P: Any) -> int:
        """Labels on (or near) another node or label, lines by a node, lines too short: counted."""
        r, boxes = self.radius, self.boxes(P)
        others = ~np.eye(len(P), dtype=bool)
        count = int(np.count_nonzero((_to_boxes(P, boxes) < r[:, None] + _TOUCH) & others))
        wide = np.minimum(boxes[:, None, 2], boxes[None, :, 2]) - np.maximum(boxes[:, None, 0], boxes[None, :, 0])
        high = np.minimum(boxes[:, None, 3], boxes[None, :, 3]) - np.maximum(boxes[:, None, 1], boxes[None, :, 1])
        count += int(np.count_nonzero((wide > -_TOUCH / 2) & (high > -_TOUCH / 2) & others)) // 2
        if len(self.U):
            near = (_to_segments(P, P[self.U], P[self.V]) < r[:, None] + _TOUCH) & ~self.mine
            count += int(np.count_nonzero(near))
            length = np.hypot(*(P[self.V] - P[self.U]).T)
            count += int(np.count_nonzero(length - r[self.U] - r[self.V] < _MIN_GAP - 10))
        return count

    def crossings(self, P: Any) -> int:
        """How many lines run through a label not theirs."""
        crossed = _crossing(P[self.U][:, None], P[self.V][:, None], self.boxes(P)[None]) & ~self.mine.T
        return int(np.count_nonzero(crossed))

    def hard(self, P: Any, i: int, q: Any) -> int:
        """The faults that involve node ``i`` if it stood at ``q`` (the others where they are)."""
        P = P.copy()
        P[i] = q
        boxes = self.boxes(P)
        r, mine = self.radius, self.mine[i]
        others = np.ones(len(P), dtype=bool)
        others[i] = False
        count = int(np.count_nonzero(_to_segments(q[None], P[self.U[~mine]], P[self.V[~mine]])[0] < r[i] + _TOUCH))
        far = np.where(self.U[mine] == i, self.V[mine], self.U[mine])
        if len(far):
            near = _to_segments(P, np.repeat(q[None], len(far), axis=0), P[far])
            near[i], near[far, np.arange(len(far))] = np.inf, np.inf
            count += int(np.count_nonzero(near < r[:, None] + _TOUCH))
            count += int(np.count_nonzero(np.hypot(*(P[far] - q).T) - r[far] - r[i] < _MIN_GAP - 10))
        count += int(np.count_nonzero((_to_boxes(P, boxes[i][None])[:, 0] < r + _TOUCH) & others))
        count += int(np.count_nonzero((_to_boxes(q[None], boxes)[0] < r[i] + _TOUCH) & others))
        wide = np.minimum(boxes[i, 2], boxes[:, 2]) - np.maximum(boxes[i, 0], boxes[:, 0])
        high = np.minimum(boxes[i, 3], boxes[:, 3]) - np.maximum(boxes[i, 1], boxes[:, 1])
        return count + int(np.count_nonzero((wide > -_TOUCH / 2) & (high > -_TOUCH / 2) & others))

    def soft(self, P: Any, i: int, q: Any) -> int:
        """How many lines would cross a label not theirs where node ``i`` (its label or lines) is involved, at ``q``."""
        P = P.copy()
        P[i] = q
        boxes, mine = self.boxes(P), self.mine[i]
        count = int(np.count_nonzero(_crossing(P[self.U[~mine]], P[self.V[~mine]], boxes[i][None])))
        far = np.where(self.U[mine] == i, self.V[mine], self.U[mine])
        if len(far):
            crossed = _crossing(np.repeat(q[None], len(far), axis=0)[:, None], P[far][:, None], boxes[None])
            crossed[:, i] = False
            crossed[np.arange(len(far)), far] = False
            count += int(np.count_nonzero(crossed))
        return count


def _to_segments(points: Any, A: Any, B: Any) -> Any:
    """[point, segment]: how far each point is from each segment A-B."""
    D = B - A
    length2 = np.maximum((D * D).sum(axis=1), 1e-9)
    diff = points[:, None, :] - A[None, :, :]
    t = np.clip((diff * D[None]).sum(axis=2) / length2[None], 0.0, 1.0)
    return np.hypot(*(diff - t[..., None] * D[None]).transpose(2, 0, 1))


def _to_boxes(points: Any, boxes: Any) -> Any:
    """[point, box]: how far each point is from each box (0 inside)."""
    qx = np.clip(points[:, None, 0], boxes[None, :, 0], boxes[None, :, 2])
    qy = np.clip(points[:, None, 1], boxes[None, :, 1], boxes[None, :, 3])
    return np.hypot(points[:, None, 0] - qx, points[:, None, 1] - qy)


def _crossing(A: Any, B: Any, boxes: Any) -> Any:
    """Whether each segment A-B runs through each box (shrunk by 3 px), broadcasting A, B against boxes."""
    D = B - A
    low = np.zeros(np.broadcast_shapes(D.shape[:-1], boxes.shape[:-1]))
    high = np.ones_like(low)
    hit = np.ones_like(low, dtype=bool)
    for axis in (0, 1):
        d, a = D[..., axis], A[..., axis]
        lo, hi = boxes[..., axis] + 3 - a, boxes[..., axis + 2] - 3 - a
        flat = np.abs(d) < 1e-9
        hit &= ~flat | ((lo <= 0) & (hi >= 0))
        safe = np.where(flat, 1.0, d)
        t1, t2 = lo / safe, hi / safe
        low = np.where(flat, low, np.maximum(low, np.minimum(t1, t2)))
        high = np.where(flat, high, np.minimum(high, np.maximum(t1, t2)))
    return hit & (low <= high)


_STEPS = (36.0, 12.0)
_SWEEPS = 12


def _bearings(point: Any, centre: Any) -> tuple[Any, Any]:
    """The unit step outward from ``centre`` through ``point``, and the unit step across it (along the ring)."""
    out = point - centre
    unit = out / max(float(np.hypot(*out)), 1e-9)
    return unit, np.array([-unit[1], unit[0]])


def _repair(P: Any, scene: _Scene, fixed: int, ring: Any) -> Any:
    """Moves each node at fault, in turn, the first way that leaves fewer faults (or as many, fewer crossings).

    It trades places with one of the nearest of its ring, or steps a little: the ways are tried in a
    fixed order (trades nearest first; steps out, along the ring, in), so the result depends only on
    the input.
    """
    P = P.copy()
    centre = P[fixed].copy()
    for _ in range(_SWEEPS):
        moved = False
        for i in range(len(P)):
            if i == fixed or not scene.hard(P, i, P[i]):
                continue
            moved = _trade(P, scene, i, ring) or moved
            now = scene.hard(P, i, P[i])
            if not now:
                continue
            unit, across = _bearings(P[i], centre)
            ways = (unit, across, -across, unit + across, unit - across, -unit)
            crossings = None
            for way in (w * step for step in _STEPS for w in ways):
                then = scene.hard(P, i, P[i] + way)
                if then == now and crossings is None:
                    crossings = scene.soft(P, i, P[i])
                if then < now or (then == now and scene.soft(P, i, P[i] + way) < (crossings or 0)):
                    P[i] = P[i] + way
                    moved = True
                    break
        if not moved:
            break
    return P


def _uncross(P: Any, scene: _Scene, fixed: int) -> Any:
    """Moves each node whose label a line crosses (or whose line crosses a label) a little, where fewer cross.

    A step is taken only where the node touches nothing; the steps are tried in a fixed order.
    """
    P = P.copy()
    centre = P[fixed].copy()
    for _ in range(_SWEEPS):
        moved = False
        for i in range(len(P)):
            now = scene.soft(P, i, P[i]) if i != fixed else 0
            if not now:
                continue
            unit, across = _bearings(P[i], centre)
            for way in (w * step for step in _STEPS for w in (unit, across, -across, -unit)):
                if scene.soft(P, i, P[i] + way) < now and not scene.hard(P, i, P[i] + way):
                    P[i] = P[i] + way
                    moved = True
                    break
        if not moved:
            break
    return P


def _trade(P: Any, scene: _Scene, i: int, ring: Any) -> bool:
    """Swaps node ``i`` with one of the three nearest of its ring if that leaves the two with fewer faults."""
    near = [j for j in np.argsort(np.hypot(*(P - P[i]).T), kind="stable") if j != i and ring[j] == ring[i]][:3]
    for j in near:
        Q = P.copy()
        Q[[i, j]] = P[[j, i]]
        before = scene.hard(P, i, P[i]) + scene.hard(P, j, P[j])
        after = scene.hard(Q, i, Q[i]) + scene.hard(Q, j, Q[j])
        if after == before:
            before = scene.soft(P, i, P[i]) + scene.soft(P, j, P[j])
            after = scene.soft(Q, i, Q[i]) + scene.soft(Q, j, Q[j])
            if after >= before:
                continue
        elif after > before:
            continue
        P[[i, j]] = Q[[i, j]]
        return True
    return False


def _lay_wheel(wheel: _Wheel, scene: _Scene, order: list[str]) -> dict[str, tuple[float, float]]:
    """The wheel at the smallest first ring (and turn of its sectors) at which nothing touches once repaired.

    The first ring starts as small as its entities fit; it grows while that clears faults, and stops
    growing when two sizes in a row clear no more (a web with lines that cross whatever the size).
    """
    hub = wheel.shapes[wheel.centre]
    ones = [wheel.shapes[r] for r in wheel.first]
    first = max(
        hub.down + max(f.up for f in ones) + _GAP, hub.up + max(f.down for f in ones) + _GAP, hub.up + _MIN_GAP + 16
    )
    for _ in range(_TRIES):  # the share of the circle needed falls about as the radius grows
        share = _place(wheel, first, -math.pi / 2)[0]
        if share <= 1:
            break
        first *= min(share, 2.0) + 0.01
    ring = np.array([wheel.rings.ring[n] for n in order])
    best: tuple[int, Any] | None = None
    stale = 0
    for _ in range(_TRIES):
        tried = []
        for turn in range(8):
            share, places = _place(wheel, first, -math.pi / 2 + turn * math.pi / 4)
            if share <= 1:
                P = np.array([places[n] for n in order], dtype=float)
                tried.append((scene.faults(P), turn, P))
        if tried:
            faults, _, P = min(tried, key=lambda t: t[:2])
            if faults:
                P = _repair(P, scene, order.index(wheel.centre), ring)
                faults = scene.faults(P)
            stale = 0 if best is None or faults < best[0] else stale + 1
            if best is None or faults < best[0]:
                best = (faults, P)
            if not faults or stale >= (6 if best[0] < 4 else 2):
                break
        first *= _GROW
    assert best is not None
    P = _uncross(best[1], scene, order.index(wheel.centre)) if not best[0] else best[1]
    return {n: (float(P[i][0]), float(P[i][1])) for i, n in enumerate(order)}


def layout(
    nodes: list[str],
    pairs: list[tuple[str, str]],
    labels: dict[str, str],
    sizes: dict[str, float],
    centre: str | None = "RLS",
    *,
    fonts: dict[str, float] | None = None,
    groups: Mapping[str, Hashable] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions (pixels) for the nodes: the centre at (0, 0), no line by a node it does not join, no label on another.

    ``groups`` orders the first ring: entities of one group side by side, the groups in their order
    (entities joined beyond the centre stay together, in the sector of the first of them).

    >>> places = layout(["RLS", "a", "b", "c"], [("RLS", "a"), ("RLS", "b"), ("a", "c")],
    ...                 {"RLS": "RLS", "a": "a", "b": "b", "c": "c"}, {})
    >>> places["RLS"], math.hypot(*places["c"]) > math.hypot(*places["a"])
    ((0.0, 0.0), True)
    """

    def font(node: str) -> float:
        return (fonts or {}).get(node, FONT)

    H = nx.Graph()
    H.add_nodes_from(sorted(nodes))
    H.add_edges_from(sorted((u, v) for u, v in pairs if u != v and u in H and v in H))
    shapes = {n: _footprint(labels[n], sizes.get(n, 16), font(n)) for n in H}

    pos: dict[str, list[float]] = {}
    for piece in sorted(nx.connected_components(H), key=lambda c: (centre not in c, -len(c), min(c))):
        hub = str(centre) if centre in piece else min(piece, key=lambda n: (-H.degree(n), n))
        placed: dict[str, tuple[float, float]] = {hub: (0.0, 0.0)}
        if len(piece) > 1:
            part = H.subgraph(piece)
            order = sorted(part)
            boxes = [_label_box(labels[n], 0.0, 0.0, sizes.get(n, 16), font(n)) for n in order]
            scene = _Scene(order, sorted(part.edges()), sizes, boxes)
            placed = _lay_wheel(_wheel(part, hub, shapes, groups or {}), scene, order)
        _beside(pos, placed, first=not pos)
    return {n: (round(p[0], 1), round(p[1], 1)) for n, p in sorted(pos.items())}


def _beside(pos: dict[str, list[float]], placed: Mapping[str, tuple[float, float]], *, first: bool) -> None:
    """Adds a piece where it keeps the picture closest to landscape: beside what is placed, or below it."""
    if first:
        pos.update({n: [p[0], p[1]] for n, p in placed.items()})
        return
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    px, py = [p[0] for p in placed.values()], [p[1] for p in placed.values()]
    beside = (max(xs) + _APART - min(px), -sum(py) / len(py))
    below = (-sum(px) / len(px), max(ys) + _APART - min(py))
    options = []
    for dx, dy in (beside, below):
        width = max(*xs, max(px) + dx) - min(*xs, min(px) + dx)
        height = max(*ys, max(py) + dy) - min(*ys, min(py) + dy)
        options.append((max(width / 1.25, height), dx, dy))
    _, dx, dy = min(options)
    for n, p in placed.items():
        pos[n] = [p[0] + dx, p[1] + dy]
