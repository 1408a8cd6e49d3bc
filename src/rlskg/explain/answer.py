"""The answer to "why is X linked to the target?": its parts, its JSON, and its words.

An :class:`Answer` holds the chains found (each a :class:`Chain` of :class:`Step` hops, every hop with
the :class:`Evidence` of its claims), what was refuted, where the sources disagree or differ, and
suggestions. :meth:`Answer.to_json` gives the documented JSON; :attr:`Answer.summary` and
:meth:`Answer.to_text` give it in words, written for a patient to follow: the verdict in plain words
first (quoting the best chain of the verdict's kind), then each chain hop by hop with its quotes and
the layer of each step, then what was rejected and where the sources disagree or differ. Bold
headings on a terminal, plain when piped.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from rlskg.explain.names import normalize
from rlskg.explain.support import Support

__all__ = [
    "Answer",
    "Chain",
    "Conclusion",
    "Conflict",
    "Dispute",
    "Evidence",
    "Ref",
    "Side",
    "SourceRef",
    "Step",
    "Suggestion",
    "Verdict",
    "hop_text",
    "question",
]

Verdict = Literal[
    "causal", "risk", "worsening", "mechanism", "associated", "class", "indirect", "refuted", "none", "unknown"
]


@dataclass(frozen=True)
class Ref:
    id: str
    label: str


@dataclass(frozen=True)
class SourceRef:
    id: str
    title: str
    publisher: str
    date: str
    short_name: str
    derived_from: str = ""  # the source this page copies: it does not count as corroboration
    publisher_id: str = ""
    original_publisher: str = ""  # whose word the page carries (a copy: the original's publisher)
    publisher_short: str = ""  # the publisher's short name
    as_of: str = ""  # the day its words are known to have stood (:func:`rlskg.rdf.network.words_as_of`)


@dataclass(frozen=True)
class Evidence:
    """One claim behind a step: its quote (or reading), layer, certainty and source."""

    id: str
    quote: str
    certainty: str
    source: SourceRef
    predicate: str
    part: str
    layer: str = "stated"
    quantifier: str | None = None
    subject_text: str | None = None
    object_text: str | None = None
    reading: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "quote": self.quote,
            "certainty": self.certainty,
            "predicate": self.predicate,
            "part": self.part,
            "layer": self.layer,
            "quantifier": self.quantifier,
            "subject_text": self.subject_text,
            "object_text": self.object_text,
            "reading": self.reading,
            "source": asdict(self.source),
        }


@dataclass(frozen=True)
class Step:
    """One hop: the claims of one relation between two entities, read in the direction travelled."""

    from_: Ref
    predicate: Ref
    to: Ref
    direction: Literal["forward", "backward"]
    kind: str  # the relation kind: causal, risk, worsening, mechanism, association, context, ...
    certainty: str
    reads: str  # the relation as it reads in this direction, e.g. "is treated with"
    claims: tuple[Evidence, ...]
    layer: str = "stated"  # the strongest layer among its claims
    support: Support = field(default_factory=lambda: Support.of(()))  # the publishers whose pages state it

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": asdict(self.from_),
            "predicate": asdict(self.predicate),
            "to": asdict(self.to),
            "direction": self.direction,
            "relation_kind": self.kind,
            "reads": self.reads,
            "certainty": self.certainty,
            "layer": self.layer,
            "support": self.support.to_dict(),
            "claims": [c.to_dict() for c in self.claims],
        }


@dataclass(frozen=True)
class Conclusion:
    """What a chain concludes by rule rather than by a page: a member's share of a class claim."""

    rule: str
    member: Ref
    class_: Ref
    said_of: str  # "its class" or "some of its class"
    claims: tuple[str, ...]  # the entailed claims' ids

    def to_dict(self) -> dict[str, Any]:
        return {
            "layer": "entailed",
            "rule": self.rule,
            "member": asdict(self.member),
            "class": asdict(self.class_),
            "said_of": self.said_of,
            "claims": list(self.claims),
        }


@dataclass(frozen=True)
class Chain:
    """One path: its orientation (toward the target, or from it to a consequence) and its steps."""

    orientation: Literal["upstream", "downstream"]
    kind: str  # a verdict: causal, risk, worsening, mechanism, associated, class or indirect
    steps: tuple[Step, ...]
    certainty: str
    sources: tuple[str, ...]
    conclusion: Conclusion | None = None
    support: Support = field(default_factory=lambda: Support.of(()))  # the publishers behind its steps, each once

    @property
    def independent(self) -> int:
        """How many independent publishers: a copy, or another page or version of one publisher, adds none."""
        return self.support.publishers

    @property
    def layers(self) -> list[str]:
        found = {c.layer for s in self.steps for c in s.claims}
        if self.conclusion is not None:
            found.add("entailed")
        return sorted(found)

    def to_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        return {
            "orientation": self.orientation,
            "kind": self.kind,
            "certainty": self.certainty,
            "sources": list(self.sources),
            "independent_sources": self.independent,
            "support": self.support.to_dict(today),
            "layers": self.layers,
            "conclusion": self.conclusion.to_dict() if self.conclusion else None,
            "steps": [s.to_dict() for s in self.steps],
        }


@dataclass(frozen=True)
class Conflict:
    """A claim of a step and another source's claim that contradicts it, or stands in tension with it."""

    type: Literal["disagreement", "tension"]
    step: tuple[Ref, Ref, Ref]
    claim: Evidence
    other: Evidence
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "step": {"from": asdict(self.step[0]), "predicate": asdict(self.step[1]), "to": asdict(self.step[2])},
            "claim": self.claim.to_dict(),
            "other": self.other.to_dict(),
            "note": self.note,
        }


@dataclass(frozen=True)
class Side:
    """One side of a dispute: its claims, and the publishers behind them, each once."""

    claims: tuple[Evidence, ...]
    support: Support

    def to_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        return {"support": self.support.to_dict(today), "claims": [c.to_dict() for c in self.claims]}


@dataclass(frozen=True)
class Dispute:
    """Where publishers say opposite things of one step of a chain, or differ on it, side by side.

    ``one`` is the side the chain rests on (the step's claims); ``other`` the claims that contradict
    them (a disagreement: ``rejects`` when every one of them is refuted) or stand in tension with them.
    """

    type: Literal["disagreement", "tension"]
    step: tuple[Ref, Ref, Ref]
    one: Side
    other: Side
    notes: tuple[str, ...]

    @property
    def rejects(self) -> bool:
        """Whether the other side rejects the step (every one of its claims is refuted)."""
        return self.type == "disagreement" and all(c.certainty == "refuted" for c in self.other.claims)

    def to_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        return {
            "type": self.type,
            "step": {"from": asdict(self.step[0]), "predicate": asdict(self.step[1]), "to": asdict(self.step[2])},
            "for": self.one.to_dict(today),
            "against": self.other.to_dict(today),
            "other_side_rejects": self.rejects,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Suggestion:
    """An entry worth asking about instead, and why: a similar name, or how it is connected."""

    ref: Ref
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self.ref), "why": self.why}


@dataclass
class Answer:
    """The answer to "why is X linked to the target?", as objects; see :meth:`to_json`."""

    query: str
    subject: Ref | None
    target: Ref
    verdict: Verdict
    paths: list[Chain] = field(default_factory=list)
    refuted: list[tuple[Ref, Ref, Ref, Evidence]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    more_paths: int = 0
    max_hops: int = 4
    phrases: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    support: Support = field(default_factory=lambda: Support.of(()))  # behind the chains of the verdict's kind
    disputes: list[Dispute] = field(default_factory=list)
    today: dt.date | None = None  # the day the answer was made: its sources' age is counted to it

    @property
    def age(self) -> str:
        """What the answer says of its sources' age: "" unless every page behind its verdict is over ten years old."""
        return self.support.age(self.today or dt.date.today())

    @property
    def summary(self) -> str:
        """The verdict in plain words, quoting the best chain of the verdict's kind."""
        return _summary(self, self.phrases)

    @property
    def support_text(self) -> str:
        """Who stands behind the verdict, in words; said to count every chain of its kind when the first has fewer.

        The summary quotes the first chain, whose publishers may be two of eight: the count that
        follows it must not read as that chain's.
        """
        said = self.support.text()
        if self.paths and self.paths[0].support.names != self.support.names:
            return f"counting every {self.verdict} chain: {said}"
        return said

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "question": question(self.subject.label if self.subject else self.query, self.target.label),
            "subject": asdict(self.subject) if self.subject else None,
            "target": asdict(self.target),
            "verdict": self.verdict,
            "summary": self.summary,
            "paths": [p.to_dict(self.today) for p in self.paths],
            "more_paths": self.more_paths,
            "refuted": [
                {**e.to_dict(), "subject": asdict(s), "predicate": asdict(p), "object": asdict(o)}
                for s, p, o, e in self.refuted
            ],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "disputes": [d.to_dict(self.today) for d in self.disputes],
            "suggestions": [s.to_dict() for s in self.suggestions],
            "support": {**self.support.to_dict(self.today), "text": self.support_text},
            "today": self.today.isoformat() if self.today else None,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_text(self, styled: bool = False) -> str:
        return _render(self, styled)

    def __str__(self) -> str:
        return self.to_text()


# ---------------------------------------------------------------- the answer in words


_WIDTH = 100
_ARROW = " \u2192 "
_PARTS = {"sidebar": "sidebar", "teaser": "related-article teaser", "ontology": "ontology term"}


def _cite(e: Evidence) -> str:
    if e.layer == "background":
        return f"{e.source.short_name}; background"
    part = f", {_PARTS[e.part]}" if e.part in _PARTS else ""
    layer = "" if e.layer in ("stated", e.certainty) else f"; {e.layer}"
    return f"{e.source.short_name}{_dated(e.source)}{part}; {e.certainty}{layer}"


def _dated(source: SourceRef) -> str:
    """A page's year as its citation gives it, or "undated" when the page states no date."""
    return f" {source.date[:4]}" if source.date else ", undated"


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
        f"certainty: {chain.certainty}; {chain.support.text()}{layers})"
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


def question(subject: str, target: str) -> str:
    """The question an answer answers, its verb agreeing with the subject."""
    return f"Why {'are' if _plural(subject) else 'is'} {subject} linked to {target}?"


def hop_text(step: Step, phrases: dict[str, str] | None = None) -> str:
    """One hop as a clause, read as its claims are stored, with their quantifier and hedge.

    'some antidepressants trigger restless legs syndrome', 'beta-blockers may cause restless legs
    syndrome'; ``phrases`` are the ontology's sentence patterns of relations, by relation id.
    """
    subject, obj = (step.from_, step.to) if step.direction == "forward" else (step.to, step.from_)
    some = any(c.quantifier == "some" for c in step.claims)
    return _clause(subject, step.predicate, obj, phrases, some=some, possible=step.certainty == "possible")


def _clause(
    subject: Ref,
    predicate: Ref,
    obj: Ref,
    phrases: dict[str, str] | None,
    *,
    some: bool = False,
    possible: bool = False,
) -> str:
    """A relation between two things in the relation's own phrase, its verb agreeing with the subject."""
    phrase = (phrases or {}).get(predicate.id) or "{subject} {label} {object}"
    verb = _verb(predicate.label, some or _plural(subject.label), possible)
    return phrase.replace("{label}", verb).format(
        subject=f"some {subject.label}" if some else subject.label, object=obj.label
    )


def _said(step: Step, phrases: dict[str, str]) -> str:
    """One hop as a sentence part: who says it, what, and how sure; read as the claim is stored."""
    stated = {c.source.id for c in step.claims if c.layer == "stated"}
    ontologies = sorted({c.source.short_name for c in step.claims if c.layer == "background"})
    who = [b.name for b in step.support.backers if stated & {*b.pages, *(page for page, _ in b.copies)}] + ontologies
    sentence = hop_text(step, phrases)
    some = any(c.quantifier == "some" for c in step.claims)
    if step.layer == "implied":
        by = "a curator reads the page as implying"
    elif step.layer == "background":
        by = f"{' and '.join(who)} (background) records"
    else:
        by = f"{' and '.join(who)} {'say' if len(who) > 1 else 'says'}"
    # a hop every claim of which the page narrows ("in some cases", "one of three factors") says so
    narrowed = all(c.quantifier for c in step.claims) and not some
    qualifiers = sorted({str(c.quantifier) for c in step.claims}) if narrowed else []
    said_of = f"; said of: {'; '.join(qualifiers)}" if qualifiers else ""
    return f"{by} that {sentence} ({step.certainty}{said_of})"


_OPENING = {
    "causal": "Causal: the sources give a chain of cause and effect from {x} to {t}",
    "risk": "Risk: the sources say {x} {raises} the risk of {t}; they do not name {it} as a cause",
    "worsening": "Worsening: the sources say {x} can make {t} worse; they do not say {it} {causes} {t}",
    "mechanism": "Mechanism: no page names {x} as a cause of {t}; {x} {is} a step of a mechanism the pages give",
    "associated": "Associated: the sources link {x} to {t}, but do not say that {x} {causes} it",
    "class": "Said of its class: the sources say this of some members of a class {x} belongs to, not of {x} itself",
    "indirect": "Indirect: no page names {x} as a cause of {t}; the only link is context",
}
#: The opening of a chain said of some of the medicines an ingredient singles out ("that contain X").
_SINGLED_OUT = (
    "Said of its class: the sources say this of some {medicines}, medicines singled out by an ingredient, "
    "not of {x} on {own} own"
)


def _summary(answer: Answer, phrases: dict[str, str] | None = None) -> str:
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


def _render(answer: Answer, styled: bool = False) -> str:
    """The answer as text; ``styled`` adds bold for a terminal."""

    def bold(text: str) -> str:
        return f"\033[1m{text}\033[0m" if styled else text

    def para(text: str, indent: str = "") -> str:
        return textwrap.fill(text, _WIDTH, initial_indent=indent, subsequent_indent=indent)

    x = answer.subject.label if answer.subject else answer.query
    if answer.subject and normalize(answer.query) != normalize(x):
        x = f"{answer.query.strip()} ({x})"
    lines = [bold(question(x, answer.target.label)), "", bold(para(answer.summary))]
    if answer.support.backers:
        said = answer.support_text
        age = f" {answer.age[0].upper()}{answer.age[1:]}." if answer.age else ""
        lines += ["", para(f"{said[0].upper()}{said[1:]}.{age}")]
    today = answer.today or dt.date.today()

    for number, chain in enumerate(answer.paths, 1):
        lines += ["", bold(f"{number}. {_chain_title(chain)}")]
        if age := chain.support.age(today):
            lines.append(f"   ({age})")
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
    """Each dispute on a step, its two sides with the publishers on each, their quotes and the curators' notes."""
    headings = {
        "disagreement": "Where the publishers disagree:",
        "tension": "Where the publishers differ (emphasis or opposite effects, not a contradiction):",
    }
    for kind, heading in headings.items():
        group = [d for d in answer.disputes if d.type == kind]
        if not group:
            continue
        lines += ["", bold(heading)]  # type: ignore[operator]
        for dispute in group:
            start, predicate, end = dispute.step
            lines.append(f"   \u2022 on \u201c{_clause(start, predicate, end, answer.phrases)}\u201d:")
            sides = ("for it", "against it" if dispute.rejects else "otherwise") if kind == "disagreement" else ("", "")
            for label, side in zip(sides, (dispute.one, dispute.other), strict=True):
                said = f"{label}, {side.support.counts()}: {side.support.who()}" if label else f"{side.support.says()}:"
                lines.append(textwrap.fill(said, _WIDTH, initial_indent="     ", subsequent_indent="       "))
                lines += _quotes(side.claims, "       ")
            for note in dispute.notes:
                lines.append(textwrap.fill(note, _WIDTH, initial_indent="     ", subsequent_indent="     "))
