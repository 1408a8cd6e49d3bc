"""Who says what: the source pages and their publishers, and each publisher's stance on what leads to RLS.

:func:`sources` lists the pages (``rlskg sources``). :func:`compare` is the map of agreement and
disagreement (``rlskg compare``, ``/compare``): for each entity and relation group that a page links
to the target, the stance of every publisher, read from its pages' claims. The groups are the
ontology's relation kinds that a chain follows from an entity toward the target and that give a
verdict (causal, risk, worsening, mechanism, association), read from the graph's frame; the stances
are read from the ontology's certainty levels. A publisher counts once however many pages or versions
it has; a copy counts once, with its original, in a row's support. All of it is one JSON-able dict,
so the command, the web page and ``/compare.json`` give the same thing.

Examples
--------
>>> import rlskg
>>> found = compare(rlskg.open(), ["family history"])
>>> [(row["entity"]["id"], row["group"], row["support"]["publishers"]) for row in found["rows"]]
[('FamilyHistory', 'risk', 8), ('FamilyHistory', 'association', 3)]
>>> found["rows"][0]["cells"]["webmd"]["stance"], found["rows"][0]["cells"]["nhlbi"]["stance"]
('hedges', 'states')

"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rlskg.errors import AmbiguousName, UnknownName
from rlskg.explain.support import PAGE_LAYERS, Support

if TYPE_CHECKING:
    from rlskg.kg import KnowledgeGraph

__all__ = ["STANCES", "compare", "compare_csv", "groups", "render_compare", "render_sources", "sources", "stance"]

#: The stances, in the order a legend gives them: (name, symbol, meaning).
STANCES: tuple[tuple[str, str, str], ...] = (
    ("states", "\u25cf", "a page of the publisher states it"),
    ("hedges", "\u25d0", "its pages only say it may be so (possible or suggested)"),
    ("implied", "\u25cb", "a curator reads it from the publisher's page; the page does not say it in words"),
    ("negates", "\u2715", "a page of the publisher rejects it"),
    ("both", "\u00b1", "its pages state or hedge it, and reject it"),
    ("silent", "\u00b7", "no claim"),
)
#: What silence means, and does not.
SILENCE = (
    "Silent means that no claim of the publisher's pages says it: the page, or the part of it the graph "
    "holds, may not cover it; silence is not denial."
)
_SYMBOL = {name: symbol for name, symbol, _ in STANCES}


def groups(frame: Mapping[str, Any]) -> list[dict[str, str]]:
    """The relation groups compared: the kinds a chain follows from an entity toward its object and that give a verdict.

    Strongest first, by the rank of the verdict each gives (``frame`` is :meth:`rlskg.kg.KnowledgeGraph.frame`).
    """
    kinds, verdicts = frame["kinds"], frame["verdicts"]
    chosen = [
        (name, kind)
        for name, kind in kinds.items()
        if kind["follows"] in ("forward", "both") and kind["chain_kind"] in verdicts
    ]
    chosen.sort(key=lambda item: (-verdicts[item[1]["chain_kind"]]["rank"], item[0]))
    return [{"id": name, "label": kind["label"], "definition": kind["definition"]} for name, kind in chosen]


def stance(certainties: Iterable[str], rank: Mapping[str, int]) -> str:
    """A publisher's stance from the certainties of its claims on one row (``rank``: the ontology's order).

    The surest certainty states; a refuted claim negates; a curator's reading (``implied``, the least
    sure that is not refuted) implies; anything between hedges.

    >>> rank = {"refuted": 0, "implied": 1, "possible": 2, "suggested": 3, "stated": 4}
    >>> [stance(c, rank) for c in (["stated", "possible"], ["possible"], ["refuted"], ["refuted", "suggested"], [])]
    ['states', 'hedges', 'negates', 'both', 'silent']
    """
    found = set(certainties)
    if not found:
        return "silent"
    ordered = sorted(rank, key=rank.__getitem__)  # refuted, implied, ..., stated
    refuted, implied, surest = ordered[0], ordered[1], ordered[-1]
    says = found - {refuted, implied}
    if refuted in found:
        return "both" if says else "negates"
    if surest in found:
        return "states"
    return "hedges" if says else "implied"


def _resolve(kg: KnowledgeGraph, names: Sequence[str]) -> list[str]:
    """The entity ids of ``names``, each one entity.

    Raises
    ------
    UnknownName
        For a name that matches nothing (with similar names).
    AmbiguousName
        For a name that matches several entities.

    """
    found = []
    for name in names:
        ids = kg.resolve(name)
        if len(ids) > 1:
            raise AmbiguousName(name, [(i, kg.label(i)) for i in ids])
        if not ids:
            raise UnknownName(name, [(s.ref.id, s.ref.label) for s in kg.suggest(name)])
        found.append(ids[0])
    return list(dict.fromkeys(found))


def compare(
    kg: KnowledgeGraph, names: Sequence[str] = (), group: str | None = None, target: str = "RLS"
) -> dict[str, Any]:
    """Each publisher's stance on each entity and relation group that a page links to ``target``.

    ``names`` keeps the rows of those entities, ``group`` (a relation group's id) those of one group;
    ``groups`` lists every group there is.
    Rows are ordered by support: the independent publishers that state, hedge or imply it, then the
    surest certainty, then the fewest rejecting it.

    Raises
    ------
    ValueError
        For a group that is not one of :func:`groups`, or an unknown target.
    UnknownName, AmbiguousName
        For a name that matches no entity, or several.

    """
    frame = kg.frame()
    chosen = groups(frame)
    if group is not None and group not in {g["id"] for g in chosen}:
        raise ValueError(f"unknown group '{group}'; the groups are: {', '.join(g['id'] for g in chosen)}")
    targets = kg.resolve(target)
    if len(targets) != 1:
        raise ValueError(f"unknown target '{target}'")
    wanted = set(_resolve(kg, names))
    kinds = {g["id"] for g in chosen if group is None or g["id"] == group}
    cells = _cells(kg.claims(targets[0]), frame, targets[0], kinds)
    if wanted:
        cells = {key: value for key, value in cells.items() if key[0] in wanted}
    table = _Table(frame, chosen)
    rows = sorted((table.row(kg, key, found) for key, found in cells.items()), key=table.order)
    shown = {row["entity"]["id"] for row in rows}
    return {
        "question": f"What does each publisher say of what leads to {kg.label(targets[0])}?",
        "target": {"id": targets[0], "label": kg.label(targets[0])},
        "groups": chosen,
        "group": group,
        "stances": [{"id": name, "symbol": symbol, "meaning": meaning} for name, symbol, meaning in STANCES],
        "silence": SILENCE,
        "publishers": table.columns(rows),
        "rows": [table.with_silence(row) for row in rows],
        "unlinked": [{"id": i, "label": kg.label(i)} for i in sorted(wanted - shown)],
    }


def _cells(
    claims: Iterable[dict[str, Any]], frame: Mapping[str, Any], target: str, kinds: set[str]
) -> dict[tuple[str, str], dict[str, list[dict[str, Any]]]]:
    """The page claims joining an entity to ``target`` by a relation of ``kinds``, by (entity, kind) and publisher."""
    relations, every = frame["relations"], frame["kinds"]
    found: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = {}
    for claim in sorted(claims, key=lambda c: c["id"]):
        kind = relations.get(claim["predicate"], {}).get("kind")
        publisher = claim["source"].get("publisher_id")
        if kind not in kinds or claim.get("layer", "stated") not in PAGE_LAYERS or not publisher:
            continue
        if claim["object"] == target and claim["subject"] != target:
            entity = claim["subject"]
        elif claim["subject"] == target and every[kind]["follows"] == "both":
            entity = claim["object"]  # a link followed either way names the target on either side
        else:
            continue
        found.setdefault((entity, kind), {}).setdefault(publisher, []).append(claim)
    return found


class _Table:
    """The rows and columns of the comparison, made from the graph's frame."""

    def __init__(self, frame: Mapping[str, Any], chosen: list[dict[str, str]]) -> None:
        self.rank: dict[str, int] = frame["certainty_rank"]
        self.publishers: dict[str, dict[str, str]] = frame["publishers"]
        self.sources: dict[str, dict[str, str]] = frame["sources"]
        self.names = {i: p["short_name"] for i, p in self.publishers.items()}
        self.group_order = {g["id"]: n for n, g in enumerate(chosen)}
        self.labels = {g["id"]: g["label"] for g in chosen}
        self.refuted = min(self.rank, key=self.rank.__getitem__)

    def row(self, kg: KnowledgeGraph, key: tuple[str, str], by: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
        entity, kind = key
        claims = [c for found in by.values() for c in found]
        pages = {c["source"]["id"]: c["source"] for c in claims}
        affirming = {c["source"]["id"] for c in claims if c["certainty"] != self.refuted}
        rejecting = {c["source"]["id"] for c in claims if c["certainty"] == self.refuted}
        cells = {
            publisher: {
                "stance": stance((c["certainty"] for c in found), self.rank),
                "certainty": max((c["certainty"] for c in found), key=self.rank.__getitem__),
                "claims": [c["id"] for c in found],
                "pages": sorted({c["source"]["id"] for c in found}),
            }
            for publisher, found in sorted(by.items())
        }
        support = Support.of((_Source(pages[i]) for i in affirming), self.names)
        against = Support.of((_Source(pages[i]) for i in rejecting), self.names)
        stances = {cell["stance"] for cell in cells.values()}
        return {
            "entity": {"id": entity, "label": kg.label(entity)},
            "group": kind,
            "group_label": self.labels[kind],
            "certainty": max((c["certainty"] for c in claims), key=self.rank.__getitem__),
            "support": support.to_dict(),
            "against": against.to_dict(),
            "contested": "both" in stances or (bool(support.backers) and bool(against.backers)),
            "cells": cells,
        }

    def order(self, row: dict[str, Any]) -> tuple[int, int, int, int, str]:
        surest = max((self.rank[c["certainty"]] for c in row["cells"].values() if c["stance"] != "negates"), default=0)
        return (
            -row["support"]["publishers"],
            -surest,
            row["against"]["publishers"],
            self.group_order[row["group"]],
            row["entity"]["label"].lower(),
        )

    def columns(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Every publisher of the graph, those that speak on the most rows first, each with its pages."""
        spoken = {p: sum(p in row["cells"] for row in rows) for p in self.publishers}
        pages: dict[str, list[str]] = {}
        copies: dict[str, list[str]] = {}
        for page in self.sources.values():
            if page.get("publisher_id") in self.publishers:
                pages.setdefault(page["publisher_id"], []).append(page["id"])
                if page.get("derived_from") and page["derived_from"] in self.sources:
                    original = self.sources[page["derived_from"]].get("publisher_id", "")
                    copies.setdefault(page["publisher_id"], []).append(self.names.get(original, original))
        ordered = sorted(self.publishers.values(), key=lambda p: (-spoken[p["id"]], p["short_name"].lower()))
        return [
            {
                **p,
                "pages": sorted(pages.get(p["id"], [])),
                "copy_of": sorted(set(copies.get(p["id"], []))),
                "rows": spoken[p["id"]],
            }
            for p in ordered
        ]

    def with_silence(self, row: dict[str, Any]) -> dict[str, Any]:
        """The row with a cell for every publisher: those without a claim on it are silent."""
        silent: dict[str, Any] = {"stance": "silent", "certainty": None, "claims": [], "pages": []}
        return {**row, "cells": {p: row["cells"].get(p, silent) for p in sorted(self.publishers)}}


class _Source:
    """A source record as :class:`rlskg.explain.support.Page` reads it."""

    def __init__(self, record: Mapping[str, str]) -> None:
        self.id = record["id"]
        self.short_name = record.get("short_name", "")
        self.publisher_id = record.get("publisher_id", "")
        self.publisher_short = record.get("publisher_short", "")
        self.original_publisher = record.get("original_publisher", "")
        self.derived_from = record.get("derived_from", "")
        self.date = record.get("date", "")
        self.as_of = record.get("as_of", "")


# ---------------------------------------------------------------- the comparison as text and CSV


#: The widest a column of entity names may be in the terminal's table.
_LABEL = 44


def render_compare(found: Mapping[str, Any], width: int = 120) -> str:
    """The comparison as text: a table with a column per publisher if it fits ``width``, else a block per row."""
    publishers = found["publishers"]
    lines = [found["question"], ""]
    if not found["rows"]:
        lines.append("No page links any of these to it directly." if found["unlinked"] else "No rows.")
    elif _table_width(found) <= width:
        lines += _table(found)
    else:
        lines += _blocks(found)
    for entity in found["unlinked"]:
        lines.append(f"{entity['label']}: no page links it directly; ask `rlskg why {entity['label']}` for its chains.")
    lines += ["", "Stances:"]
    lines += [f"  {s['symbol']} {s['id']}: {s['meaning']}" for s in found["stances"]]
    lines += textwrap.wrap(SILENCE, width=min(width, 100), initial_indent="  ", subsequent_indent="  ")
    lines.append(
        "  support: the independent publishers that state, hedge or imply it (a copy counts with its original)."
    )
    copies = [f"{p['short_name']} copies {', '.join(p['copy_of'])}" for p in publishers if p["copy_of"]]
    if copies:
        lines.append(f"  Copies: {'; '.join(copies)}.")
    return "\n".join(lines)


def _cell(cell: Mapping[str, Any]) -> str:
    return "\u00b7" if cell["stance"] == "silent" else f"{_SYMBOL[cell['stance']]} {cell['stance']}"


def _table_width(found: Mapping[str, Any]) -> int:
    label = min(_LABEL, max(len(r["entity"]["label"]) for r in found["rows"]))
    return label + 14 + 9 + sum(max(len(p["short_name"]), 9) + 2 for p in found["publishers"])


def _table(found: Mapping[str, Any]) -> list[str]:
    label = min(_LABEL, max(len(r["entity"]["label"]) for r in found["rows"]))
    widths = [max(len(p["short_name"]), 9) for p in found["publishers"]]
    head = f"{'entity':<{label}}  {'link':<12}  {'support':>7}  " + "  ".join(
        f"{p['short_name']:<{w}}" for p, w in zip(found["publishers"], widths, strict=True)
    )
    lines = [head.rstrip(), "-" * len(head.rstrip())]
    for row in found["rows"]:
        name = row["entity"]["label"]
        name = name if len(name) <= label else name[: label - 1] + "\u2026"
        cells = "  ".join(
            f"{_cell(row['cells'][p['id']]):<{w}}" for p, w in zip(found["publishers"], widths, strict=True)
        )
        lines.append(f"{name:<{label}}  {row['group_label']:<12}  {row['support']['publishers']:>7}  {cells}".rstrip())
    return lines


def _blocks(found: Mapping[str, Any]) -> list[str]:
    """Each row on its own, its publishers listed by stance: the table turned on its side, for many publishers."""
    names = {p["id"]: p["short_name"] for p in found["publishers"]}
    lines = []
    for row in found["rows"]:
        lines.append(f"{row['entity']['label']} \u2014 {row['group_label']} (support: {row['support']['publishers']})")
        by: dict[str, list[str]] = {}
        for publisher, cell in row["cells"].items():
            by.setdefault(cell["stance"], []).append(names.get(publisher, publisher))
        for name, symbol, _ in STANCES:
            if name in by:
                shown = (
                    by[name] if name != "silent" else [f"{len(by[name])} publisher{'s' if len(by[name]) > 1 else ''}"]
                )
                lines.append(f"  {symbol} {name}: {', '.join(sorted(shown, key=str.lower))}")
    return lines


def compare_csv(found: Mapping[str, Any]) -> str:
    """The comparison as CSV, one line per row and publisher (silent ones too), with the claims it rests on."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity_id", "entity", "group", "publisher_id", "publisher", "stance", "certainty", "claims"])
    names = {p["id"]: p["short_name"] for p in found["publishers"]}
    for row in found["rows"]:
        for publisher, cell in row["cells"].items():
            writer.writerow(
                [
                    row["entity"]["id"],
                    row["entity"]["label"],
                    row["group"],
                    publisher,
                    names.get(publisher, publisher),
                    cell["stance"],
                    cell["certainty"] or "",
                    " ".join(cell["claims"]),
                ]
            )
    return out.getvalue()


# ---------------------------------------------------------------- the sources


def sources(kg: KnowledgeGraph) -> dict[str, Any]:
    """The graph's source pages with their publishers, dates, licences, versions and copies, and their claims.

    Returns a JSON-able dict: ``sources`` (one per page, by publisher then date) and ``publishers``
    (how many), ``pages``, ``copies``.
    """
    frame = kg.frame()
    publishers, table = frame["publishers"], frame["sources"]
    counts: dict[str, int] = {}
    for claim in kg.claims():
        counts[claim["source"]["id"]] = counts.get(claim["source"]["id"], 0) + 1
    revised_by = {s["revision_of"]: s["id"] for s in table.values() if s.get("revision_of")}
    rows = []
    for s in table.values():
        if not s.get("publisher_id"):
            continue  # a standard ontology: background, not a page
        publisher = publishers.get(s["publisher_id"], {})
        rows.append(
            {
                "id": s["id"],
                "short_name": s["short_name"],
                "title": s["title"],
                "publisher": {
                    "id": s["publisher_id"],
                    "short_name": s.get("publisher_short", ""),
                    "type": publisher.get("type", ""),
                },
                "date": s["date"] or None,
                "retrieved": s.get("retrieved") or None,
                "licence": s.get("licence", ""),
                "text": s.get("text", ""),
                "version_of": [v for v in (s.get("revision_of"), revised_by.get(s["id"])) if v],
                "copy_of": s.get("derived_from") or None,
                "claims": counts.get(s["id"], 0),
                "url": s.get("url") or None,
            }
        )
    rows.sort(key=lambda r: (r["publisher"]["short_name"].lower(), r["date"] or r["retrieved"] or "", r["id"]))
    support = Support.of((_Source(table[r["id"]]) for r in rows), {i: p["short_name"] for i, p in publishers.items()})
    return {"sources": rows, "publishers": support.publishers, "pages": support.pages, "copies": support.copies}


def render_sources(found: Mapping[str, Any]) -> str:
    """The sources as an aligned table, then how many publishers they count as."""
    header = ["id", "publisher", "type", "date", "licence", "text", "version of / copy of", "claims"]
    rows = [
        [
            r["id"],
            r["publisher"]["short_name"],
            r["publisher"]["type"],
            r["date"] or "undated",
            r["licence"],
            r["text"],
            "; ".join(
                [*(f"version of {v}" for v in r["version_of"]), *([f"copy of {r['copy_of']}"] if r["copy_of"] else [])]
            ),
            str(r["claims"]),
        ]
        for r in found["sources"]
    ]
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    lines = ["  ".join(f"{c:<{w}}" for c, w in zip(line, widths, strict=True)).rstrip() for line in (header, *rows)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    pages, publishers, copies = found["pages"], found["publishers"], found["copies"]
    copied = f" ({copies} a cop{'ies' if copies > 1 else 'y'} of another publisher's page)" if copies else ""
    lines += [
        "",
        f"{pages} page{'s' if pages != 1 else ''} from {publishers} independent publisher"
        f"{'s' if publishers != 1 else ''}{copied}: a publisher counts once however many pages or versions it has; "
        "a copy counts with its original.",
    ]
    return "\n".join(lines)
