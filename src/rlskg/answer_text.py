"""The text answer of `rlskg why`, written for a patient to follow.

The verdict first, then each chain hop by hop with its quotes, then where the sources disagree.
Bold headings on a terminal, plain when piped.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from rlskg.explain import normalize

if TYPE_CHECKING:
    from rlskg.explain import Answer, Chain, Conflict, Evidence, Step

__all__ = ["render"]

_WIDTH = 100
_ARROW = " \u2192 "


def _cite(e: Evidence) -> str:
    part = "" if e.part == "main" else f", {'sidebar' if e.part == 'sidebar' else 'related-article teaser'}"
    return f"{e.source.short_name} {e.source.date[:4]}{part}; {e.certainty}"


def _quote(e: Evidence, indent: str) -> str:
    body = textwrap.fill(
        f"\u201c{e.quote}\u201d ({_cite(e)})",
        width=_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + " ",
    )
    return body


def _hop(step: Step) -> str:
    return f"{step.from_.label} \u2192 {step.reads} \u2192 {step.to.label}"


def _quotes(claims: tuple[Evidence, ...], indent: str) -> list[str]:
    """Each distinct quote once: two claims read from one sentence share it."""
    seen: dict[tuple[str, str], Evidence] = {}
    for e in claims:
        seen.setdefault((e.source.id, e.quote), e)
    return [_quote(e, indent) for e in seen.values()]


def _chain_title(chain: Chain) -> str:
    names = [chain.steps[0].from_.label, *(s.to.label for s in chain.steps)]
    hops = len(chain.steps)
    return (
        f"{_ARROW.join(names)}  ({chain.kind}; {hops} hop{'s' if hops > 1 else ''}; "
        f"certainty: {chain.certainty}; sources: {', '.join(chain.sources)})"
    )


def _verdict(answer: Answer) -> str:
    x = answer.subject.label if answer.subject else answer.query
    t = answer.target.label
    best = answer.paths[0] if answer.paths else None
    match answer.verdict:
        case "causal" if best is not None and best.orientation == "upstream":
            hops = "; ".join(_hop(s) for s in best.steps)
            return f"Causal: the sources give a chain of cause and effect from {x} to {t}: {hops}."
        case "causal":
            return f"Causal: {x} is a consequence of {t} in the sources."
        case "associated":
            return f"Associated: the sources link {x} to {t}, but do not say that {x} causes it."
        case "indirect":
            return (
                f"Indirect: neither source names {x} as a cause of {t}. The only link is context, "
                f"such as a medicine used for {x} that may itself be tied to {t}."
            )
        case "refuted":
            return f"Refuted: the only claim linking {x} to {t} is one its source reports as rejected."
        case "none":
            return f"None: {x} is in the graph, but no chain of up to {answer.max_hops} hops joins it to {t}."
        case _:
            return f"Unknown: nothing in the graph is called \u2018{answer.query}\u2019."


def render(answer: Answer, styled: bool = False) -> str:
    """The answer as text; ``styled`` adds bold for a terminal."""

    def bold(text: str) -> str:
        return f"\033[1m{text}\033[0m" if styled else text

    x = answer.subject.label if answer.subject else answer.query
    if answer.subject and normalize(answer.query) != normalize(x):
        x = f"{answer.query.strip()} ({x})"
    lines = [bold(f"Why is {x} linked to {answer.target.label}?"), "", bold(_verdict(answer))]

    for number, chain in enumerate(answer.paths, 1):
        lines += ["", bold(f"{number}. {_chain_title(chain)}")]
        if chain.orientation == "downstream":
            lines.append(f"   (a consequence: {answer.target.label} leads to it)")
        for step in chain.steps:
            lines.append(f"   \u2022 {_hop(step)}")
            lines += _quotes(step.claims, "       ")
    if answer.more_paths:
        lines += ["", f"({answer.more_paths} more chain(s) not shown; use --max-paths to see them.)"]

    if answer.refuted:
        lines += ["", bold("Rejected by the source (never used as a link):")]
        for subject, predicate, obj, evidence in answer.refuted:
            lines.append(f"   \u2022 {subject.label} {predicate.label} {obj.label}: refuted")
            lines.append(_quote(evidence, "       "))

    if answer.conflicts:
        lines += ["", bold("Where the sources disagree:")]
        by_claim: dict[str, list[Conflict]] = {}
        for conflict in answer.conflicts:
            by_claim.setdefault(conflict.claim.id, []).append(conflict)
        for group in by_claim.values():
            start, predicate, end = group[0].step
            lines.append(f"   \u2022 on \u201c{start.label} {predicate.label} {end.label}\u201d, one source says:")
            lines.append(_quote(group[0].claim, "       "))
            lines.append("     and the other:")
            lines += [_quote(c.contradicted_by, "       ") for c in group]
            for note in dict.fromkeys(c.note for c in group if c.note):
                lines.append(textwrap.fill(note, _WIDTH, initial_indent="     ", subsequent_indent="     "))

    if answer.suggestions:
        heading = "Did you mean:" if answer.verdict == "unknown" else "Related entries:"
        lines += ["", heading]
        lines += [f"   \u2022 {s.label} ({s.id})" for s in answer.suggestions]
    elif answer.verdict == "unknown":
        lines += ["", "No entry has a similar name; try a condition, a medicine or a habit named on the source pages."]
    return "\n".join(lines)
