"""The text answer of `rlskg why`, written for a patient to follow.

The verdict in plain words first (quoting the best chain of the verdict's kind), then each chain hop
by hop with its quotes and the layer of each step, then what was rejected and where the sources
disagree or differ. Bold headings on a terminal, plain when piped.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from rlskg.explain import normalize

if TYPE_CHECKING:
    from rlskg.explain import Answer, Chain, Conflict, Evidence, Step

__all__ = ["render", "summary"]

_WIDTH = 100
_ARROW = " \u2192 "
_PARTS = {"sidebar": "sidebar", "teaser": "related-article teaser", "ontology": "ontology term"}


def _cite(e: Evidence) -> str:
    if e.layer == "background":
        return f"{e.source.short_name}; background"
    part = f", {_PARTS[e.part]}" if e.part in _PARTS else ""
    year = f" {e.source.date[:4]}" if e.source.date else ""
    layer = "" if e.layer in ("stated", e.certainty) else f"; {e.layer}"
    return f"{e.source.short_name}{year}{part}; {e.certainty}{layer}"


def _quote(e: Evidence, indent: str) -> list[str]:
    """The quote with its citation; an implied claim adds the reading, a background claim is its reading."""

    def wrap(text: str) -> str:
        return textwrap.fill(text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent + " ")

    if e.layer == "background":
        return [wrap(f"Background ({_cite(e)}): {e.reading}")]
    lines = [wrap(f"\u201c{e.quote}\u201d ({_cite(e)})")]
    if e.layer == "implied" and e.reading:
        lines.append(wrap(f"A curator's reading, not the page's words: {e.reading}"))
    return lines


def _words(step: Step) -> str:
    """The page's own words for the step's subject and object, when they differ from the labels shown."""
    e = next((c for c in step.claims if c.layer == "stated" and (c.subject_text or c.object_text)), None)
    if e is None:
        return ""
    said = [e.subject_text or "", e.object_text or ""]
    if step.direction == "backward":
        said.reverse()
    if [normalize(w) for w in said] == [normalize(step.from_.label), normalize(step.to.label)]:
        return ""
    quantifier = f"; said of: {e.quantifier}" if e.quantifier else ""
    return "(in the page's words: " + " \u2192 ".join(f"\u201c{w}\u201d" for w in said if w) + quantifier + ")"


def _hop(step: Step) -> str:
    layer = "" if step.layer == "stated" else f" [{step.layer}]"
    return f"{step.from_.label} \u2192 {step.reads} \u2192 {step.to.label}{layer}"


def _quotes(claims: tuple[Evidence, ...], indent: str) -> list[str]:
    """Each distinct quote once: two claims read from one sentence share it."""
    seen: dict[tuple[str, str, str], Evidence] = {}
    for e in claims:
        seen.setdefault((e.source.id, e.quote, e.layer), e)
    lines = []
    for e in seen.values():
        lines += _quote(e, indent)
    return lines


def _chain_title(chain: Chain) -> str:
    names = [chain.steps[0].from_.label, *(s.to.label for s in chain.steps)]
    hops = len(chain.steps)
    layers = "" if chain.layers == ["stated"] else f"; layers: {', '.join(chain.layers)}"
    return (
        f"{_ARROW.join(names)}  ({chain.kind}; {hops} hop{'s' if hops > 1 else ''}; "
        f"certainty: {chain.certainty}; sources: {', '.join(chain.sources) or 'none'}{layers})"
    )


_SINGULAR_IN_S = {"diabetes", "measles", "mumps", "rabies", "herpes", "syndrome"}
_CLAUSE = {"that", "in", "of", "with", "which", "who", "("}


def _plural(label: str) -> bool:
    """Whether a label names several things, by its head noun (the last word before a clause).

    Examples
    --------
    >>> [_plural(x) for x in ("cold and allergy medicines that contain antihistamines", "diabetes", "heart problems")]
    [True, False, True]

    """
    head = []
    for word in label.split():
        if word.lower().strip("(") in _CLAUSE or word.startswith("("):
            break
        head.append(word)
    noun = (head or label.split())[-1].lower()
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and noun not in _SINGULAR_IN_S


def _verb(label: str, plural: bool, possible: bool) -> str:
    """The relation label agreeing with its subject, and hedged with 'may' when the page hedges it."""
    first, _, rest = label.partition(" ")
    if not (plural or possible) or not first.endswith("s"):
        return label
    base = {"is": "be", "has": "have"}.get(first, first[:-1])
    if possible:
        return f"may {base} {rest}".strip()
    return f"{ {'be': 'are', 'have': 'have'}.get(base, base) } {rest}".strip()


def _said(step: Step, phrases: dict[str, str]) -> str:
    """One hop as a sentence part: who says it, what, and how sure; read as the claim is stored."""
    who = sorted({c.source.short_name for c in step.claims if c.layer != "implied"})
    subject, obj = (step.from_, step.to) if step.direction == "forward" else (step.to, step.from_)
    some = any(c.quantifier == "some" for c in step.claims)
    phrase = phrases.get(step.predicate.id) or "{subject} {label} {object}"
    verb = _verb(step.predicate.label, some or _plural(subject.label), step.certainty == "possible")
    sentence = phrase.replace("{label}", verb).format(
        subject=f"some {subject.label}" if some else subject.label, object=obj.label
    )
    if step.layer == "implied":
        by = "a curator reads the page as implying"
    elif step.layer == "background":
        by = f"{' and '.join(who)} (background) records"
    else:
        by = f"{' and '.join(who)} {'say' if len(who) > 1 else 'says'}"
    return f"{by} that {sentence} ({step.certainty})"


_OPENING = {
    "causal": "Causal: the sources give a chain of cause and effect from {x} to {t}",
    "risk": "Risk: the sources say {x} {raises} the risk of {t}; they do not name {it} as a cause",
    "worsening": "Worsening: the sources say {x} can make {t} worse; they do not say {it} {causes} {t}",
    "mechanism": "Mechanism: no page names {x} as a cause of {t}; {x} {is} a step of a mechanism the pages give",
    "associated": "Associated: the sources link {x} to {t}, but do not say that {x} {causes} it",
    "class": "Said of its class: the sources say this of some members of a class {x} belongs to, not of {x} itself",
    "indirect": "Indirect: neither source names {x} as a cause of {t}; the only link is context",
}
#: The opening of a chain said of some of the medicines an ingredient singles out ("that contain X").
_SINGLED_OUT = (
    "Said of its class: the sources say this of some {medicines}, medicines singled out by an ingredient, "
    "not of {x} on {own} own"
)


def summary(answer: Answer, phrases: dict[str, str] | None = None) -> str:
    """The verdict in plain words, quoting the best chain of the verdict's kind, hop by hop.

    ``phrases`` say how a claim of each relation reads as a sentence (``G.graph["relations"]``).
    """
    phrases = phrases or {}
    x = answer.subject.label if answer.subject else answer.query
    t = answer.target.label
    best = next((p for p in answer.paths if p.kind == answer.verdict), None)
    if best is not None and best.orientation == "downstream":
        hops = "; ".join(_said(s, phrases) for s in best.steps)
        return f"Consequence: {x} is a consequence of {t} in the sources: {hops}."
    if best is not None:
        # An ingredient's step names the medicines it singles out: the opening says it, the hops need not.
        ingredient = next((s for s in best.steps if s.kind == "ingredient"), None)
        said = [s for s in best.steps if s is not ingredient] or list(best.steps)
        hops = "; ".join(_said(s, phrases) for s in said)
        conclusion = ""
        if best.conclusion is not None:
            c = best.conclusion
            conclusion = (
                f" The step from {c.class_.label} is said of {c.said_of}; {c.member.label} shares it only by the "
                f"rule that a member shares what is said of its class (entailed, not a page's words)."
            )
        many = _plural(x)
        if answer.verdict == "class" and ingredient is not None:
            medicines = ingredient.to if ingredient.direction == "backward" else ingredient.from_
            opening = _SINGLED_OUT.format(medicines=medicines.label, x=x, own="their" if many else "its")
            return f"{opening}: {hops}.{conclusion}"
        opening = _OPENING[answer.verdict].format(
            x=x,
            t=t,
            it="them" if many else "it",
            **{
                "is": "are" if many else "is",
                "causes": "cause" if many else "causes",
                "raises": "raise" if many else "raises",
            },
        )
        return f"{opening}: {hops}.{conclusion}"
    match answer.verdict:
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

    def para(text: str, indent: str = "") -> str:
        return textwrap.fill(text, _WIDTH, initial_indent=indent, subsequent_indent=indent)

    x = answer.subject.label if answer.subject else answer.query
    if answer.subject and normalize(answer.query) != normalize(x):
        x = f"{answer.query.strip()} ({x})"
    lines = [bold(f"Why is {x} linked to {answer.target.label}?"), "", bold(para(answer.summary))]

    for number, chain in enumerate(answer.paths, 1):
        lines += ["", bold(f"{number}. {_chain_title(chain)}")]
        if chain.orientation == "downstream":
            lines.append(f"   (a consequence: {answer.target.label} leads to it)")
        if chain.conclusion is not None:
            c = chain.conclusion
            lines.append(
                para(
                    f"(entailed: {c.member.label} is one of {c.class_.label}; the page says this of {c.said_of}, "
                    f"not of {c.member.label} by name)",
                    "   ",
                )
            )
        for step in chain.steps:
            lines.append(f"   \u2022 {_hop(step)}")
            if words := _words(step):
                lines.append(para(words, "     "))
            lines += _quotes(step.claims, "       ")
    if answer.more_paths:
        lines += ["", f"({answer.more_paths} more chain(s) not shown; use --max-paths to see them.)"]

    if answer.refuted:
        lines += ["", bold("Rejected by the source (never used as a link):")]
        for subject, predicate, obj, evidence in answer.refuted:
            said = evidence.subject_text or subject.label
            lines.append(para(f"\u2022 \u201c{said}\u201d {predicate.label} {obj.label}: refuted", "   "))
            lines += _quote(evidence, "       ")

    _conflict_lines(answer, lines, bold)

    if answer.suggestions:
        heading = {
            "unknown": "Similar names (the names look alike; they are not known to be related):",
            "mechanism": "What acts on it, and what it acts on:",
        }.get(answer.verdict, "Connected entries (ask about these):")
        lines += ["", heading]
        lines += [para(f"\u2022 {s.ref.label} ({s.ref.id}): {s.why}", "   ") for s in answer.suggestions]
    elif answer.verdict == "unknown":
        lines += ["", "No entry has a similar name; try a condition, a medicine or a habit named on the source pages."]
    return "\n".join(lines)


def _conflict_lines(answer: Answer, lines: list[str], bold: object) -> None:
    headings = {
        "disagreement": "Where the sources disagree:",
        "tension": "Where the sources differ (emphasis or opposite effects, not a contradiction):",
    }
    for kind, heading in headings.items():
        group = [c for c in answer.conflicts if c.type == kind]
        if not group:
            continue
        lines += ["", bold(heading)]  # type: ignore[operator]
        by_claim: dict[str, list[Conflict]] = {}
        for conflict in group:
            by_claim.setdefault(conflict.claim.id, []).append(conflict)
        for items in by_claim.values():
            start, predicate, end = items[0].step
            lines.append(f"   \u2022 on \u201c{start.label} {predicate.label} {end.label}\u201d, one source says:")
            lines += _quote(items[0].claim, "       ")
            lines.append("     and the other:")
            for c in items:
                lines += _quote(c.other, "       ")
            for note in dict.fromkeys(c.note for c in items if c.note):
                lines.append(textwrap.fill(note, _WIDTH, initial_indent="     ", subsequent_indent="     "))
