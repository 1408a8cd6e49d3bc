"""The interactive view: one self-contained HTML page that works offline.

The page inlines vis-network (shipped inside pyvis) and its CSS, so it makes no request; its
Content-Security-Policy forbids any. What it draws is computed by :mod:`rlskg.view.drawing` and
travels as escaped JSON that reaches the screen only through ``textContent``: a label or quote holding
``<script>`` or ``<a href=...>`` shows as text.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rlskg.explain.answer import question
from rlskg.view.drawing import LARGE_GRAPH, drawing

if TYPE_CHECKING:
    import networkx as nx

    from rlskg.explain.answer import Answer

__all__ = ["Inline", "inline", "render_html", "write_answer_html"]


def _json_for_script(value: Any) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' survive as such."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


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
    templates = resources.files("rlskg.view") / "templates"
    template_text = (templates / "view.html").read_text(encoding="utf-8")
    icon = "data:image/svg+xml," + quote((templates / "icon.svg").read_text(encoding="utf-8").strip())
    template = jinja2.Environment(autoescape=True, keep_trailing_newline=True).from_string(template_text)
    return template.render(
        title=title,
        icon=icon,
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        data=Markup(_json_for_script(drawing(G, focus, max_nodes))),
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
        title=question(label, answer.target.label),
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
