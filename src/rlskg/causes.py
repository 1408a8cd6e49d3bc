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

An entry counts who states its best chain apart from who is behind all its chains of that kind:

>>> iron = next(e for e in found["groups"][0]["entries"] if e["id"] == "IronDeficiency")
>>> iron["chain"], iron["chain_support"]["who"]
('iron deficiency triggers restless legs syndrome', 'HEIW; Royal Melbourne Hospital')
>>> iron["all_chains"].split(": ")[0], iron["publishers"]
('all chains of this kind (causal)', 8)

"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from rlskg.errors import AmbiguousName
from rlskg.explain.answer import hop_text

if TYPE_CHECKING:
    import networkx as nx

    from rlskg.explain.answer import Answer
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
        "source": {
            "id": source["id"],
            "short_name": source["short_name"],
            "date": source.get("date", ""),
            "publisher_id": source.get("publisher_id", ""),
        },
    }


def overview(kg: KnowledgeGraph, target: str = "RLS", *, today: dt.date | None = None) -> dict[str, Any]:
    """What the graph says causes, raises the risk of, worsens, or is linked to ``target``.

    Returns a JSON-able dict: ``groups`` (one per verdict, each entry an entity with its best
    chain's certainty, sources, layers and the answer's summary, and its ``support``: the publishers
    behind the chains of its verdict, each once, and their age on ``today``, the clock's by default),
    ``refuted``, ``disagreements``, ``tensions`` and ``not_known``. Entries are ranked by how many
    independent publishers support them, then by certainty.
    """
    today = today or dt.date.today()
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
        "today": today.isoformat(),
        **_counts(G),
        "groups": _groups(kg, G, target_id, today),
        "refuted": refuted,
        "disagreements": conflicts["disagreements"],
        "tensions": conflicts["tensions"],
        "not_known": not_known,
    }


def _counts(G: nx.MultiDiGraph) -> dict[str, int]:
    """How many pages, publishers, and independent publishers (a copy counts with its original) the graph has."""
    pages = [s for s in G.graph.get("sources", {}).values() if s.get("publisher_id")]
    return {
        "pages": len(pages),
        "publishers": len({s["publisher_id"] for s in pages}),
        "independent": len({s.get("original_publisher") or s["publisher_id"] for s in pages}),
    }


def _entry(kg: KnowledgeGraph, node: str, answer: Answer, today: dt.date, labels: dict[str, str]) -> dict[str, Any]:
    """One entity's line: its best chain, who states that chain, and who is behind every chain of its kind.

    The two can differ: "iron deficiency triggers RLS" may rest on two publishers while the chains of
    cause from iron deficiency, through brain iron and the like, rest on eight. ``publishers`` and
    ``support`` are the verdict's (the rank); ``chain_support`` is the shown chain's own; ``all_chains``
    says the verdict's count in words when it is not the chain's, else it is null.
    """
    best = answer.paths[0]
    kind = labels.get(best.kind, best.kind)
    support = answer.support
    all_chains = None
    if support != best.support:
        counted = f"{support.counts()}: {support.who()}" if support.backers else "no publisher's page"
        all_chains = f"all chains of this kind ({kind}): {counted}"
    return {
        "id": node,
        "label": kg.label(node),
        "certainty": best.certainty,
        "sources": list(best.sources),
        "layers": best.layers,
        "hops": len(best.steps),
        "chain": "; ".join(hop_text(step, answer.phrases) for step in best.steps),
        "summary": answer.summary,
        "paths": len(answer.paths) + answer.more_paths,
        "publishers": support.publishers,
        "only": support.names[0] if support.publishers == 1 else None,
        "support": support.to_dict(today),
        "chain_support": best.support.to_dict(today),
        "all_chains": all_chains,
    }


def _groups(kg: KnowledgeGraph, G: nx.MultiDiGraph, target_id: str, today: dt.date) -> list[dict[str, Any]]:
    """Every entity's answer, in the group of its verdict (a consequence apart).

    Ranked by how many independent publishers support it, then surest, then shortest.
    """
    rank = G.graph.get("certainty_rank", {})
    grouped: dict[str, list[dict[str, Any]]] = {verdict: [] for verdict, _ in GROUPS}
    labels = {verdict: v.get("label", verdict) for verdict, v in G.graph.get("verdicts", {}).items()}
    for node in sorted(G.nodes):
        if node == target_id:
            continue
        try:
            answer = kg.why(node, target_id, today=today)
        except (ValueError, AmbiguousName):
            continue
        if answer.verdict not in grouped or not answer.paths:
            continue
        group = "consequence" if answer.paths[0].orientation == "downstream" else answer.verdict
        grouped[group].append(_entry(kg, node, answer, today, labels))
    groups = []
    for verdict, title in GROUPS:
        entries = sorted(
            grouped[verdict], key=lambda e: (-e["publishers"], -rank.get(e["certainty"], 0), e["hops"], e["label"])
        )
        definition = (
            G.graph.get("verdicts", {})
            .get(verdict, {})
            .get("definition", "The best chain runs from the target to this entity: the pages give it as an effect.")
        )
        only = [e["label"] for e in entries if e["only"]]
        groups.append(
            {"verdict": verdict, "title": title, "definition": definition, "entries": entries, "one_publisher": only}
        )
    return groups


def _quoted(claim: dict[str, Any]) -> str:
    source = claim["source"]
    return f'{source["short_name"]} ({claim["certainty"]}, {claim["layer"]}): "{claim["quote"]}"'


def _said(support: dict[str, Any]) -> str:
    """'stated by 2 publishers (2 pages): A; B', with the age of the pages when all are old."""
    said = support["text"] if support["publishers"] else "stated by no publisher's page"
    note = support.get("age", {}).get("note")
    return f"{said}; {note}" if note else said


def _entry_lines(entry: dict[str, Any]) -> list[str]:
    """An entity's line: its chain with who states it; then, when it is not the same, who is behind all its chains."""
    layers = "" if entry["layers"] == ["stated"] else f"; {', '.join(entry['layers'])}"
    said = _said(entry["chain_support"]).removeprefix("stated by ")
    lines = [f"  - {entry['label']} [{entry['id']}]: {entry['chain']} ({entry['certainty']}; {said}{layers})"]
    if entry["all_chains"]:
        note = entry["support"].get("age", {}).get("note")
        lines.append(f"      {entry['all_chains']}{f'; {note}' if note else ''}")
    return lines


def render_text(found: dict[str, Any]) -> str:
    """The overview as plain text, one line per entity, for the terminal."""
    lines = [found["question"]]
    if "pages" in found:
        lines.append(
            f"From {found['pages']} pages of {found['publishers']} publishers ({found['independent']} independent: "
            "a copy counts with its original), each entry ranked by the independent publishers behind all its chains "
            "of its verdict's kind."
        )
    lines.append("")
    for group in found["groups"]:
        if not group["entries"]:
            continue
        lines.append(f"{group['title']} ({len(group['entries'])}):")
        for entry in group["entries"]:
            lines.extend(_entry_lines(entry))
        if group["one_publisher"]:
            lines.append(f"  Named by one publisher only: {', '.join(group['one_publisher'])}.")
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
