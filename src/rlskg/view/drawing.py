"""What the view draws, as the data its page carries: entities, relations, claims, styles and the answers.

Everything the page shows is computed here and travels as JSON: the entities with their names (the
pages' own words among them), every relation with its claims (refuted ones and the engine's
conclusions drawn apart), the legend's styles (from what the ontology declares), the positions
(:mod:`rlskg.view.layout`) and the why answers, computed with the same engine as `rlskg why`
(:class:`~rlskg.explain.engine.Explainer`), so the page says what the command line says.
"""

from __future__ import annotations

import json
import re
from collections import deque
from typing import TYPE_CHECKING, Any

from rlskg.view.layout import FONT, layout

if TYPE_CHECKING:
    import networkx as nx

    from rlskg.explain.answer import Answer
    from rlskg.explain.engine import Explainer

__all__ = ["LARGE_GRAPH", "TYPE_STYLES", "drawing"]

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
# The kinds that lead from one entity to the other (a cause, a risk): the centre's own lead away from it.
_LEADING = ("causal", "risk", "worsening", "mechanism")
#: Resolvers for identifier prefixes: links only, nothing is loaded.
_OBO = ("MONDO", "CHEBI", "HP", "DOID", "GO", "UBERON", "NCIT", "CL", "PR", "SO", "PATO", "MAXO", "OGMS", "NBO")
_TARGET = "RLS"
#: Past this many entities the page opens on a neighbourhood and expands on demand.
LARGE_GRAPH = 300
_NEIGHBOURHOOD = 120
# Answers between every two entities are embedded up to this many entities. Their number grows as the
# square of the entities: at the 19 pages' 89 entities a limit of 120 embeds 7,832 answers, and
# build/rls.html is 8.2 MB instead of 1.2 MB (623 KB instead of 227 KB gzipped), `rlskg build` takes 12.5 s
# instead of 3.0 s, and every rebuild adds as much to the history; a few more pages would pass 120 too.
# Beyond the limit the page answers "X to RLS"; `rlskg why X --to Y` and `rlskg serve` answer any two.
_PAIR_LIMIT = 80


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

    A name that is the entity's label is left out; the same words in another case are one name. The
    sources saying a name are listed by id (two versions of one page may say the same words).
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
    return {node: [{**w, "sources": sorted(w["sources"])} for w in found.values()] for node, found in words.items()}


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


class _Compacter:
    """Answers compacted for the page.

    Each claim goes by id, each step, refutation, conflict and support by number in a table the
    page holds once (many answers share them).
    """

    def __init__(self, claims: dict[str, Any], sources: dict[str, Any], tables: dict[str, dict[str, int]]) -> None:
        self.claims, self.sources, self.tables = claims, sources, tables

    def intern(self, table: str, record: dict[str, Any]) -> int:
        found = self.tables.setdefault(table, {})
        return found.setdefault(json.dumps(record, sort_keys=True), len(found))

    def ref(self, c: dict[str, Any]) -> str:
        if c["id"] not in self.claims:  # a claim only the engine knows of (e.g. an entailed conclusion)
            self.sources.setdefault(c["source"]["id"], dict(c["source"]))
            self.claims[c["id"]] = _claim_record(c)
        return str(c["id"])

    def support(self, support: dict[str, Any]) -> int:
        # how old the sources are is the reader's day's business: the page works it out from their days
        return self.intern("support", {k: v for k, v in support.items() if k != "age"})

    def step(self, s: dict[str, Any]) -> int:
        record = {
            "from": s["from"]["id"],
            "to": s["to"]["id"],
            "reads": s["reads"],
            "kind": s["relation_kind"],
            "certainty": s["certainty"],
            "layer": s.get("layer", "stated"),
            "claims": [self.ref(c) for c in s["claims"]],
        }
        return self.intern("steps", record)

    def refuted(self, r: dict[str, Any]) -> int:
        record = {"claim": self.ref(r), "subject": r["subject"]["id"], "predicate": r["predicate"]["label"]}
        return self.intern("refuted", record | {"object": r["object"]["id"]})

    def conflict(self, c: dict[str, Any]) -> int:
        record = {
            "from": c["step"]["from"]["id"],
            "predicate": c["step"]["predicate"]["label"],
            "to": c["step"]["to"]["id"],
            "claim": self.ref(c["claim"]),
            "other": self.ref(c["other"]),
            "note": c.get("note", ""),
            "type": c.get("type", "disagreement"),
        }
        return self.intern("conflicts", record)

    def dispute(self, x: dict[str, Any]) -> int:
        sides = [
            {"support": self.support(x[side]["support"]), "claims": [self.ref(c) for c in x[side]["claims"]]}
            for side in ("for", "against")
        ]
        record = {
            "type": x["type"],
            "from": x["step"]["from"]["id"],
            "predicate": x["step"]["predicate"]["label"],
            "to": x["step"]["to"]["id"],
            "sides": sides,
            "rejects": x["other_side_rejects"],
            "notes": x["notes"],
        }
        return self.intern("disputes", record)

    def answer(self, answer: Answer) -> dict[str, Any]:
        """The answer as ``rlskg why --format json`` gives it, compacted; empty parts are left out."""
        d = answer.to_dict()
        paths = [
            {k: v for k, v in path.items() if k not in ("steps", "support")}
            | {"steps": [self.step(s) for s in path["steps"]], "support": self.support(path["support"])}
            for path in d["paths"]
        ]
        refuted = [self.refuted(r) for r in d["refuted"]]
        conflicts = [self.conflict(c) for c in d["conflicts"]]
        disputes = [self.dispute(x) for x in d["disputes"]]
        compact = {
            "summary": d["summary"],
            "verdict": d["verdict"],
            "support": self.support(d["support"]) if d["support"]["publishers"] else None,
            "paths": paths,
            "more_paths": d.get("more_paths", 0),
            "refuted": refuted,
            "conflicts": conflicts,
            "disputes": disputes,
            "suggestions": [s["id"] for s in d["suggestions"]],
        }
        return {k: v for k, v in compact.items() if v or (k == "support" and v is not None)}


def _compact_answer(
    answer: Answer, claims: dict[str, Any], sources: dict[str, Any], tables: dict[str, dict[str, int]]
) -> dict[str, Any]:
    """The answer as ``rlskg why --format json`` gives it, compacted for the page (see ``_Compacter``)."""
    return _Compacter(claims, sources, tables).answer(answer)


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


def drawing(G: nx.MultiDiGraph, focus: str | None = None, max_nodes: int = LARGE_GRAPH) -> dict[str, Any]:
    """The data of the view of ``G``: what :func:`rlskg.view.render_html` writes into the page, as JSON."""
    from rlskg.explain.engine import Explainer  # noqa: PLC0415

    sizes = {n: 44.0 if n == _TARGET else 12.0 if d["type"] == "Drug" else 16.0 for n, d in G.nodes(data=True)}
    relations = _relations(G)
    large = G.number_of_nodes() > max_nodes
    centre = focus if focus in G else _TARGET if _TARGET in G else min(G.nodes, default=None)
    loaded = sorted(G.nodes) if not large or centre is None else _neighbourhood(G, centre, _NEIGHBOURHOOD)
    labels = {n: str(d["label"]) for n, d in G.nodes(data=True)}
    laid_out = sorted({_pair(r) for r in relations})  # the conclusions too: shown, they pass no node either
    middle = _TARGET if _TARGET in loaded else centre
    sectors = _sectors(relations, middle)
    positions = layout(loaded, laid_out, labels, sizes, middle, fonts={_TARGET: FONT + 10.0}, groups=sectors)
    nodes = _nodes(G, sizes, positions)
    claims = {cid: _claim_record(c) for cid, c in G.graph["claims"].items()}
    sources = _sources(G)
    tables: dict[str, dict[str, int]] = {}
    answers = _answers(Explainer.of(G), G, claims, sources, tables) if _TARGET in G else {}
    return {
        "nodes": nodes,
        "relations": relations,
        "edges": _edges(relations),
        "claims": claims,
        "sources": sources,
        "kinds": _kind_styles(G),
        "layers": _layer_styles(G),
        "types": _types(nodes),
        "certaintyRank": G.graph["certainty_rank"],
        "refuted": _REFUTED,
        "answers": answers,
        "answerParts": {name: [json.loads(key) for key in table] for name, table in tables.items()},
        "pairs": G.number_of_nodes() <= _PAIR_LIMIT,
        "target": _TARGET,
        "focus": focus,
        "loaded": loaded,
        "large": large,
        "font": FONT,
    }


def _sectors(relations: list[dict[str, Any]], centre: str | None) -> dict[str, tuple[int, int]]:
    """The sector of the picture each entity joined to the centre is drawn in: its most direct relation with it.

    What leads to the centre comes first (causes, risks, ...), then what the centre leads to, then what
    only a refuted claim joins to it.
    """
    sectors: dict[str, tuple[int, int]] = {}
    for r in relations:
        if centre not in (r["from"], r["to"]) or r["from"] == r["to"]:
            continue
        other = r["to"] if r["from"] == centre else r["from"]
        rank = _KIND_ORDER.index(r["kind"]) if r["kind"] in _KIND_ORDER else len(_KIND_ORDER)
        side = 2 if r["refuted"] else 1 if r["from"] == centre and r["kind"] in _LEADING else 0
        sectors[other] = min(sectors.get(other, (side, rank)), (side, rank))
    return sectors


def _pair(relation: dict[str, Any]) -> tuple[str, str]:
    """The two entities a relation joins, in order: what one line of the picture stands for."""
    a, b = relation["from"], relation["to"]
    return (a, b) if a <= b else (b, a)


def _relations(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Every relation drawn: the asserted ones, the refuted ones, then the engine's conclusions (entailed claims)."""
    relations: list[dict[str, Any]] = []
    for u, v, key, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        relations.append(_relation(G, len(relations), (u, key, v), d["kind"], d["claims"], refuted=False))
    claims = sorted(G.graph["claims"].values(), key=lambda c: c["id"])
    for claim in claims:
        if claim["certainty"] == "refuted" and claim["subject"] in G and claim["object"] in G:
            relations.append(_concluded(G, len(relations), claim, refuted=True))
    for claim in claims:
        if claim.get("layer") == "entailed" and claim["subject"] in G and claim["object"] in G:
            relations.append(_concluded(G, len(relations), claim, refuted=False))
    return relations


def _concluded(G: nx.MultiDiGraph, number: int, claim: dict[str, Any], *, refuted: bool) -> dict[str, Any]:
    """A relation that only one claim draws: a refuted one, or one the engine concludes."""
    kind = G.graph["relations"].get(claim["predicate"], {}).get("kind", "causal")
    statement = (claim["subject"], claim["predicate"], claim["object"])
    return _relation(G, number, statement, kind, [claim], refuted=refuted, entailed=not refuted)


def _relation(
    G: nx.MultiDiGraph,
    number: int,
    statement: tuple[str, str, str],
    kind: str,
    items: list[dict[str, Any]],
    *,
    refuted: bool,
    entailed: bool = False,
) -> dict[str, Any]:
    subject, predicate, obj = statement
    meta = G.graph["relations"].get(predicate, {"label": predicate, "inverse_label": f"is {predicate} of"})
    # drawn as a chain reads it: "X is treated with Y", "an ingredient is contained in a medicine"
    drawn_back = kind in ("context", "ingredient")
    return {
        "id": f"r{number}",
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


def _edges(relations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The lines of the picture: one per pair of entities, holding every relation between them."""
    pair_relations: dict[tuple[str, str], list[str]] = {}
    for r in relations:
        pair_relations.setdefault(_pair(r), []).append(r["id"])
    return [
        {"id": f"e{i}", "a": a, "b": b, "relations": rs}
        for i, ((a, b), rs) in enumerate(sorted(pair_relations.items()))
    ]


def _nodes(
    G: nx.MultiDiGraph, sizes: dict[str, float], positions: dict[str, tuple[float, float]]
) -> list[dict[str, Any]]:
    """The entities as drawn: shape, colour and place, and what the inspector and the search read."""
    words = _page_words(G)
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
    return nodes


def _types(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The legend's entity types, in the order of :data:`TYPE_STYLES`."""
    types: dict[str, dict[str, Any]] = {}
    for n in nodes:
        colour, shape, label = TYPE_STYLES.get(n["type"], ("#4b5563", "dot", n["typeLabel"]))
        types.setdefault(n["type"], {"colour": colour, "shape": shape, "label": label})
    return dict(sorted(types.items(), key=lambda t: list(TYPE_STYLES).index(t[0]) if t[0] in TYPE_STYLES else 99))
