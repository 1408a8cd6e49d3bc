"""The interactive view: one self-contained HTML page, rendered with pyvis, that works offline.

pyvis assembles the network (nodes, edges, vis options); the page itself comes from this
package's own template, which inlines vis-network and its CSS, so the page makes no request.
All text from the data travels as escaped JSON and reaches the screen only through
``textContent``: a label or quote holding ``<script>`` or ``<a href=...>`` shows as text.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    from rlskg.explain import Answer, Explainer

__all__ = ["TYPE_STYLES", "Inline", "inline", "render_html", "write_answer_html"]

#: Colour and shape of each entity type, and its name in the legend.
TYPE_STYLES: dict[str, tuple[str, str, str]] = {
    "Condition": ("#e07a5f", "dot", "disease or condition"),
    "PhysiologicalState": ("#f4a261", "dot", "physiological state"),
    "Mechanism": ("#52b788", "hexagon", "mechanism"),
    "Chemical": ("#90e0ef", "triangle", "body chemical"),
    "Substance": ("#9d4edd", "triangle", "substance"),
    "DrugClass": ("#3d5a80", "square", "drug class"),
    "Drug": ("#98c1d9", "diamond", "drug"),
    "HereditaryFactor": ("#e9c46a", "star", "hereditary factor"),
    "Consequence": ("#8d99ae", "triangleDown", "consequence"),
}
_EDGE_STYLES: dict[str, dict[str, Any]] = {
    "causal": {"color": "#2b2d42", "dashes": False, "arrows": "to"},
    "association": {"color": "#2a6f97", "dashes": [8, 6], "arrows": ""},
    "context": {"color": "#b0b0b0", "dashes": False, "arrows": "to"},
    "membership": {"color": "#7b2cbf", "dashes": [2, 3], "arrows": "to"},
    "refuted": {"color": "#d00000", "dashes": [2, 7], "arrows": "to"},
}
_TARGET = "RLS"


def _kind_style(G: nx.MultiDiGraph, kind: str) -> dict[str, Any]:
    """How the ontology says to draw a relation kind that has no style of its own here."""
    declared = G.graph.get("kinds", {}).get(kind, {})
    dashes = {"solid": False, "dashed": [8, 6], "dotted": [2, 3]}.get(declared.get("dashes", "solid"), False)
    return {"color": declared.get("color", "#6b6b6b"), "dashes": dashes, "arrows": "to"}


def _json_for_script(value: Any) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' survive as such."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _highlights(explainer: Explainer, G: nx.MultiDiGraph, edge_ids: dict[tuple[str, str, str], str]) -> dict[str, Any]:
    """For each entity: the nodes and edges of its chains to RLS, and a short text answer."""
    found: dict[str, Any] = {}
    for node in sorted(G.nodes):
        if node == _TARGET:
            continue
        answer = explainer.why(node, _TARGET)
        found[node] = _answer_highlight(answer, G, edge_ids)
    return found


def _answer_highlight(answer: Answer, G: nx.MultiDiGraph, edge_ids: dict[tuple[str, str, str], str]) -> dict[str, Any]:
    nodes: set[str] = set()
    edges: set[str] = set()
    chains: list[str] = []
    for path in answer.paths:
        for step in path.steps:
            start, end = (step.from_.id, step.to.id) if step.direction == "forward" else (step.to.id, step.from_.id)
            nodes.update((start, end))
            if (start, end, step.predicate.id) in edge_ids:
                edges.add(edge_ids[(start, end, step.predicate.id)])
        chain = " \u2192 ".join([path.steps[0].from_.label, *(f"{s.reads} \u2192 {s.to.label}" for s in path.steps)])
        chains.append(f"{path.kind} ({path.certainty}): {chain}")
    for subject, predicate, obj, _ in answer.refuted:
        refuted = edge_ids.get((subject.id, obj.id, f"refuted:{predicate.id}"))
        if refuted:
            edges.add(refuted)
    return {"verdict": answer.verdict, "nodes": sorted(nodes), "edges": sorted(edges), "chains": chains}


def _network(G: nx.MultiDiGraph) -> tuple[Any, dict[tuple[str, str, str], str]]:
    """The pyvis network of G, with refuted claims as hidden edges; and the id of every edge."""
    from pyvis.network import Network  # noqa: PLC0415 - only the view needs pyvis

    net = Network(directed=True, cdn_resources="in_line")
    for node, data in sorted(G.nodes(data=True)):
        colour, shape, type_name = TYPE_STYLES.get(data["type"], ("#cccccc", "dot", data["type"]))
        attrs: dict[str, Any] = {
            "label": data["label"],
            "color": colour,
            "shape": shape,
            "size": 18 if data["type"] != "Drug" else 12,
            "font": {"size": 19},
            "info": {
                "kind": "node",
                "label": data["label"],
                "type": type_name,
                "etype": data["type"],
                "definition": data["definition"],
                "synonyms": data["synonyms"],
                "exact": data["exact"],
                "close": data["close"],
            },
        }
        if node == _TARGET:
            attrs.update(
                size=48,
                x=0,
                y=0,
                fixed=True,
                font={"size": 32, "face": "sans-serif", "bold": True},
                borderWidth=4,
                color={"background": "#c1121f", "border": "#780000"},
            )
        net.add_node(node, **attrs)

    edge_ids: dict[tuple[str, str, str], str] = {}
    parallel: dict[frozenset[str], int] = {}
    claims = G.graph["claims"]

    def add(u: str, v: str, key: str, *, kind: str, label: str, items: list[dict[str, Any]], refuted: bool) -> None:
        ident = f"e{len(edge_ids)}"
        edge_ids[(u, v, key)] = ident
        pair = frozenset((u, v))
        parallel[pair] = parallel.get(pair, 0) + 1
        style = _EDGE_STYLES.get("refuted" if refuted else kind) or _kind_style(G, kind)
        sources = sorted({c["source"]["short_name"] for c in items})
        certainty = "refuted" if refuted else max((c["certainty"] for c in items), key=G.graph["certainty_rank"].get)
        net.add_edge(
            u,
            v,
            id=ident,
            color=style["color"],
            dashes=style["dashes"],
            arrows=style["arrows"],
            width=4 if len(sources) > 1 else 1.5 if kind in ("context", "membership") else 2,
            hidden=refuted,
            smooth={"enabled": True, "type": "curvedCW", "roundness": 0.12 * (parallel[pair] - 1)},
            info={
                "kind": "edge",
                "relation": label,
                "rkind": "refuted" if refuted else kind,
                "from": G.nodes[u]["label"],
                "to": G.nodes[v]["label"],
                "certainty": certainty,
                "sources": sources,
                "refuted": refuted,
                "claims": [
                    {
                        "quote": c["quote"],
                        "source": c["source"]["short_name"],
                        "year": c["source"]["date"][:4],
                        "certainty": c["certainty"],
                        "part": c["part"],
                    }
                    for c in items
                ],
            },
        )

    for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        add(u, v, key, kind=data["kind"], label=data["label"], items=data["claims"], refuted=False)
    for claim in claims.values():
        if claim["certainty"] == "refuted" and claim["subject"] in G and claim["object"] in G:
            key, label = f"refuted:{claim['predicate']}", G.graph["relations"][claim["predicate"]]["label"]
            add(claim["subject"], claim["object"], key, kind="refuted", label=label, items=[claim], refuted=True)

    net.set_options(
        json.dumps(
            {
                "physics": {
                    "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {
                        "gravitationalConstant": -160,
                        "centralGravity": 0.012,
                        "springLength": 170,
                        "springConstant": 0.06,
                        "avoidOverlap": 0.9,
                    },
                    "stabilization": {"enabled": True, "iterations": 800, "fit": True},
                },
                "layout": {"randomSeed": 7, "improvedLayout": True},
                "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": True},
                "edges": {"selectionWidth": 2, "hoverWidth": 1.5},
                "nodes": {"borderWidth": 1.5, "widthConstraint": {"maximum": 150}},
            }
        )
    )
    return net, edge_ids


def render_html(
    G: nx.MultiDiGraph, title: str = "What causes restless legs syndrome?", focus: str | None = None
) -> str:
    """The interactive view of ``G`` as one self-contained HTML page.

    ``focus`` names an entity whose chains to RLS are highlighted when the page opens.
    """
    import jinja2  # noqa: PLC0415 - a dependency of pyvis
    from markupsafe import Markup  # noqa: PLC0415 - a dependency of jinja2

    from rlskg.explain import Explainer  # noqa: PLC0415

    net, edge_ids = _network(G)
    nodes, edges, _, _, _, options = net.get_network_data()
    explainer = Explainer(G)
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    # Only "</script" or "</style" could end an inline element early; neither file has one today.
    vis_js = re.sub(r"</(script)", r"<\\/\1", (lib / "vis-network.min.js").read_text(encoding="utf-8"), flags=re.I)
    vis_css = re.sub(r"</(style)", r"<\\/\1", (lib / "vis-network.css").read_text(encoding="utf-8"), flags=re.I)
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "highlights": _highlights(explainer, G, edge_ids),
        "target": _TARGET,
        "focus": focus,
        "types": {name: {"colour": c, "shape": s, "label": label} for name, (c, s, label) in TYPE_STYLES.items()},
        "sources": sorted(
            {c["source"]["short_name"] for c in G.graph["claims"].values() if c.get("layer", "stated") == "stated"}
        ),
    }
    template_text = (resources.files("rlskg") / "templates" / "view.html").read_text(encoding="utf-8")
    template = jinja2.Environment(autoescape=True, keep_trailing_newline=True).from_string(template_text)
    return template.render(
        title=title,
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        data=Markup(_json_for_script(data)),
    )


def write_answer_html(answer: Answer, path: Path, G: nx.MultiDiGraph) -> None:
    """Write a view of just one answer: the entities and relations of its chains and refutations.

    Every claim of ``G`` stays in the page's data (a step's contradicting claim may join entities
    the page does not draw); only the drawn entities are cut down to the answer's.
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
    sub.graph = dict(G.graph)
    label = answer.subject.label if answer.subject else answer.query
    page = render_html(
        sub,
        title=f"Why is {label} linked to {answer.target.label}?",
        focus=answer.subject.id if answer.subject else None,
    )
    path.write_text(page, encoding="utf-8")


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
