"""What causes restless legs syndrome? Every entity's answer, grouped as a clinician would read them.

The overview asks :meth:`rlskg.kg.KnowledgeGraph.why` for every entity of the graph and groups the
entities by verdict (causes or triggers it, raises the risk, worsens it, a step of a mechanism,
only linked, said of some of a class, context only), then adds what the pages reject, where they
disagree or only differ (tensions), and what they say is not known (the hasCauseStatus claims).
It is one JSON-able dict, so ``rlskg causes``, ``rlskg why RLS``, ``GET /`` and ``/index.json`` give
the same thing.

Examples
--------
>>> import rlskg
>>> found = rlskg.overview(rlskg.open())
>>> [g["verdict"] for g in found["groups"]][:3]
['causal', 'risk', 'worsening']
>>> "Alcohol" in [e["id"] for e in found["groups"][0]["entries"]]
True

"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rlskg.errors import AmbiguousName

if TYPE_CHECKING:
    import networkx as nx

    from rlskg.kg import KnowledgeGraph

__all__ = ["GROUPS", "overview", "render_text"]

QUESTION = "What causes restless legs syndrome?"

#: The verdict groups, in the order a reader meets them, with their headings.
GROUPS: tuple[tuple[str, str], ...] = (
    ("causal", "What the pages say causes or triggers it"),
    ("risk", "What raises the risk of it"),
    ("worsening", "What worsens it"),
    ("mechanism", "Steps of a mechanism (how it may come about, not a cause named by a page)"),
    ("associated", "Only linked to it (a page does not say it causes it)"),
    ("class", "Said only of some of a class it belongs to, or of some medicines that contain it"),
    ("indirect", "Context only (joined by a chain that is not one of cause)"),
    ("consequence", "What it leads to (consequences, not causes)"),
)


def _claim(claim: dict[str, Any]) -> dict[str, Any]:
    source = claim["source"]
    return {
        "id": claim["id"],
        "quote": claim.get("quote") or claim.get("reading") or "",
        "certainty": claim["certainty"],
        "layer": claim.get("layer", "stated"),
        "part": claim.get("part", ""),
        "source": {"id": source["id"], "short_name": source["short_name"], "date": source.get("date", "")},
    }


def overview(kg: KnowledgeGraph, target: str = "RLS") -> dict[str, Any]:
    """What the graph says causes, raises the risk of, worsens, or is linked to ``target``.

    Returns a JSON-able dict: ``groups`` (one per verdict, each entry an entity with its best
    chain's certainty, sources, layers and the answer's summary), ``refuted``, ``disagreements``,
    ``tensions`` and ``not_known``.
    """
    G = kg.to_networkx()
    target_ids = kg.resolve(target)
    if len(target_ids) != 1:
        raise ValueError(f"unknown target '{target}'")
    target_id = target_ids[0]
    claims = sorted(G.graph["claims"].values(), key=lambda c: c["id"])
    relations = G.graph["relations"]
    refuted = [
        {
            **_claim(c),
            "subject": {"id": c["subject"], "label": kg.label(c["subject"])},
            "predicate": {"id": c["predicate"], "label": relations[c["predicate"]]["label"]},
            "object": {"id": c["object"], "label": kg.label(c["object"])},
        }
        for c in claims
        if c["certainty"] == "refuted"
    ]
    conflicts = {
        kind: [
            {
                "id": ident,
                "note": item.get("note", ""),
                "claims": [_claim(G.graph["claims"][c]) for c in item.get("claims", []) if c in G.graph["claims"]],
            }
            for ident, item in sorted(G.graph.get(kind, {}).items())
        ]
        for kind in ("disagreements", "tensions")
    }
    not_known = [
        {**_claim(c), "status": c["object"]}
        for c in claims
        if c["predicate"] == "hasCauseStatus" and c["subject"] == target_id
    ]
    return {
        "question": QUESTION if target_id == "RLS" else f"What causes {kg.label(target_id)}?",
        "target": {"id": target_id, "label": kg.label(target_id)},
        "groups": _groups(kg, G, target_id),
        "refuted": refuted,
        "disagreements": conflicts["disagreements"],
        "tensions": conflicts["tensions"],
        "not_known": not_known,
    }


def _groups(kg: KnowledgeGraph, G: nx.MultiDiGraph, target_id: str) -> list[dict[str, Any]]:
    """Every entity's answer, in the group of its verdict (a consequence apart), surest and shortest first."""
    rank = G.graph.get("certainty_rank", {})
    grouped: dict[str, list[dict[str, Any]]] = {verdict: [] for verdict, _ in GROUPS}
    for node in sorted(G.nodes):
        if node == target_id:
            continue
        try:
            answer = kg.why(node, target_id)
        except (ValueError, AmbiguousName):
            continue
        if answer.verdict not in grouped or not answer.paths:
            continue
        best = answer.paths[0]
        group = "consequence" if best.orientation == "downstream" else answer.verdict
        grouped[group].append(
            {
                "id": node,
                "label": kg.label(node),
                "certainty": best.certainty,
                "sources": list(best.sources),
                "layers": best.layers,
                "hops": len(best.steps),
                "chain": "; ".join(f"{s.from_.label} {s.reads} {s.to.label}" for s in best.steps),
                "summary": answer.summary,
                "paths": len(answer.paths) + answer.more_paths,
            }
        )
    groups = []
    for verdict, title in GROUPS:
        entries = sorted(grouped[verdict], key=lambda e: (-rank.get(e["certainty"], 0), e["hops"], e["label"]))
        definition = (
            G.graph.get("verdicts", {})
            .get(verdict, {})
            .get("definition", "The best chain runs from the target to this entity: the pages give it as an effect.")
        )
        groups.append({"verdict": verdict, "title": title, "definition": definition, "entries": entries})
    return groups


def _quoted(claim: dict[str, Any]) -> str:
    source = claim["source"]
    return f'{source["short_name"]} ({claim["certainty"]}, {claim["layer"]}): "{claim["quote"]}"'


def render_text(found: dict[str, Any]) -> str:
    """The overview as plain text, one line per entity, for the terminal."""
    lines = [found["question"], ""]
    for group in found["groups"]:
        if not group["entries"]:
            continue
        lines.append(f"{group['title']} ({len(group['entries'])}):")
        for entry in group["entries"]:
            layers = "" if entry["layers"] == ["stated"] else f"; {', '.join(entry['layers'])}"
            lines.append(
                f"  - {entry['label']} [{entry['id']}]: {entry['chain']} "
                f"({entry['certainty']}; {', '.join(entry['sources'])}{layers})"
            )
        lines.append("")
    if found["refuted"]:
        lines.append("Rejected by a page:")
        for claim in found["refuted"]:
            lines.append(
                f"  - {claim['subject']['label']} {claim['predicate']['label']} {claim['object']['label']}: "
                + _quoted(claim)
            )
        lines.append("")
    for key, title in (("disagreements", "Where the pages disagree"), ("tensions", "Where the pages only differ")):
        if found[key]:
            lines.append(f"{title}:")
            for item in found[key]:
                lines.append(f"  - {item['id']}: {item['note']}")
                lines.extend(f"      {_quoted(c)}" for c in item["claims"])
            lines.append("")
    if found["not_known"]:
        lines.append("What is not known:")
        lines.extend(f"  - {_quoted(c)}" for c in found["not_known"])
        lines.append("")
    lines.append("Ask about one: rlskg why NAME")
    return "\n".join(lines)
