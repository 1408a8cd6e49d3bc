"""Write a synthetic rls-kg project of N claims, in the project's own formats, with source texts.

    python benchmarks/synthetic.py --claims 100000 --out /tmp/kg100k [--seed 1]

The folder it writes builds and answers like the real project::

    rlskg --root DIR build --sources DIR/sources
    rlskg --root DIR why "NAME"

What it holds: ``ontology/`` and ``graph/queries/`` copied from this checkout; ``graph/publishers.yaml``,
``graph/sources.yaml``, ``graph/entities.yaml``, ``graph/claims/*.yaml``, ``graph/disagreements.yaml`` and
``graph/tensions.yaml`` written in the curated format; ``questions.txt``, names to ask about; and
``sources/``, one synthetic page per source, holding every quote at its offsets, so sha256s, quotes,
prefixes and suffixes verify.

The shape: mechanism hubs that cause RLS, conditions in levels 2 to 5 each linked to one of the
level below (chains of 2 to 5 hops toward RLS, leaves at the far end), extra links across levels and
from a second source, every relation kind (causal, risk, worsening, mechanism, association, context,
membership), drug classes said to trigger RLS in *some* members with drugs that are members of them
(entailed claims), consequences RLS leads to, refuted claims whose disagreement with another
source's claim is recorded, a few tensions, restatements and implied claims with their readings.
The same seed and size give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CURATED_ON = "2026-11-22"
CLAIMS_PER_SOURCE = 500
PUBLISHERS = 7  # the pages' publishers, in turn

_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]  # 70 syllables
_TYPE_WORDS = {
    "Mechanism": "pathway",
    "Condition": "disorder",
    "Chemical": "factor",
    "Substance": "compound",
    "PhysiologicalState": "state",
    "HereditaryFactor": "variant",
    "DrugClass": "agents",
    "Drug": "tablets",
    "Consequence": "fatigue",
}
_ID_PREFIX = {
    "Mechanism": "MECH",
    "Condition": "COND",
    "Chemical": "CHEM",
    "Substance": "SUBS",
    "PhysiologicalState": "STATE",
    "HereditaryFactor": "GENE",
    "DrugClass": "CLASS",
    "Drug": "DRUG",
    "Consequence": "CONSQ",
}
# (predicate, cue by certainty) for the relations the generator uses; the cue is put in the quote.
_CUES = {"stated": "can", "suggested": "Research suggests", "possible": "may"}
_PHRASES = {
    "causes": "cause",
    "triggers": "trigger",
    "contributesTo": "contribute to",
    "affects": "affect",
    "increasesRiskOf": "raise the risk of",
    "worsens": "worsen",
    "isUsedToMake": "be used to make",
    "isNeededFor": "be needed for",
    "worksIn": "work in",
    "isInvolvedIn": "be involved in",
    "associatedWith": "be linked to",
    "treats": "treat",
    "isMemberOf": "be one of the",
    "leadsTo": "lead to",
}
# The relation kinds of a link from a level to the level below, with their weights.
_LINKS = [
    ("causes", 14),
    ("triggers", 10),
    ("contributesTo", 8),
    ("affects", 6),
    ("increasesRiskOf", 12),
    ("worsens", 8),
    ("isUsedToMake", 6),
    ("isNeededFor", 6),
    ("worksIn", 4),
    ("isInvolvedIn", 8),
    ("associatedWith", 18),
]


def _word(index: int) -> str:
    """A pronounceable word unique to ``index`` (three syllables or more)."""
    parts = []
    value = index
    for _ in range(3):
        value, digit = divmod(value, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
    while value:
        value, digit = divmod(value - 1, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
    return "".join(parts)


@dataclass
class Entity:
    id: str
    label: str
    type: str
    level: int = 0


@dataclass
class Claim:
    id: str
    subject: Entity
    predicate: str
    object: Entity
    source: int
    certainty: str
    quote: str = ""
    cue: str = ""
    quantifier: str | None = None
    layer: str = "stated"
    reading: str | None = None
    restates: str | None = None
    start: int = 0
    end: int = 0
    extra: dict[str, str] = field(default_factory=dict)


class Generator:
    """Plans the entities and claims of one synthetic project."""

    def __init__(self, claims: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.target = claims
        self.sources = max(2, -(-claims // CLAIMS_PER_SOURCE))
        self.entities: list[Entity] = []
        self.claims: list[Claim] = []
        self.disagreements: list[tuple[str, list[str]]] = []
        self.tensions: list[tuple[str, list[str], list[str]]] = []
        self.rls = Entity("RLS", "restless legs syndrome", "Condition")

    def entity(self, kind: str, level: int) -> Entity:
        index = len(self.entities)
        word = _word(index)
        made = Entity(f"{_ID_PREFIX[kind]}{index:07d}", f"{word} {_TYPE_WORDS[kind]}", kind, level)
        self.entities.append(made)
        return made

    def claim(self, subject: Entity, predicate: str, obj: Entity, certainty: str = "", **extra: object) -> Claim:
        certainty = certainty or self.rng.choice(["stated", "stated", "suggested", "possible"])
        source = int(extra.pop("source", self.rng.randrange(self.sources)))  # type: ignore[call-overload]
        made = Claim(f"c{len(self.claims):07d}", subject, predicate, obj, source, certainty, **extra)  # type: ignore[arg-type]
        self.claims.append(made)
        return made

    def plan(self) -> None:
        rng = self.rng
        n = self.target
        count = max(30, n // 3)
        hubs = [self.entity("Mechanism", 1) for _ in range(max(3, count // 100))]
        classes = [self.entity("DrugClass", 0) for _ in range(max(2, count // 40))]
        drugs = [self.entity("Drug", 0) for _ in range(max(4, count // 12))]
        consequences = [self.entity("Consequence", 0) for _ in range(max(1, count // 200))]
        kinds = ["Condition", "Condition", "Chemical", "Substance", "PhysiologicalState", "HereditaryFactor"]
        levels: dict[int, list[Entity]] = {1: list(hubs)}
        rest = count - len(self.entities)
        for i in range(rest):
            level = 2 + i % 4
            levels.setdefault(level, []).append(self.entity(rng.choice(kinds), level))
        predicates = [p for p, _ in _LINKS]
        weights = [w for _, w in _LINKS]

        # The backbone: every hub causes RLS; every entity of a level links to one of the level below.
        for hub in hubs:
            self.claim(hub, rng.choice(["causes", "contributesTo", "isInvolvedIn"]), self.rls)
        for level in range(2, 6):
            for ent in levels.get(level, []):
                below = levels[level - 1]
                # A few entities of each level below are hubs: most links go to them.
                obj = below[int(len(below) * rng.random() ** 3)]
                self.claim(ent, rng.choices(predicates, weights)[0], obj)
        for cls in classes:
            self.claim(cls, "triggers", rng.choice([self.rls, *hubs]), "possible", quantifier="some")
            treated = rng.choice(levels[2 + rng.randrange(4)])
            self.claim(cls, "treats", treated, "stated")
        for drug in drugs:
            self.claim(drug, "isMemberOf", rng.choice(classes), "stated")
        for consequence in consequences:
            self.claim(self.rls, "leadsTo", consequence, "stated")

        # Refuted hypotheses, each contradicted by another source's claim: recorded disagreements.
        everyone = [e for level in sorted(levels) for e in levels[level]]
        contested: set[tuple[str, str, str]] = set()
        for subject in rng.sample(everyone[len(hubs) :], min(len(everyone) - len(hubs), max(1, n // 50))):
            contested.add((subject.id, "causes", self.rls.id))
            asserting = self.claim(subject, "causes", self.rls, "possible")
            other = (asserting.source + 1 + rng.randrange(self.sources - 1)) % self.sources
            refuted = self.claim(subject, "causes", self.rls, "refuted", source=other)
            self.disagreements.append((f"d{len(self.disagreements):06d}", [asserting.id, refuted.id]))
        # Tensions: two sources that differ in certainty on the same link.
        for _ in range(max(1, n // 2000)):
            hub = rng.choice(hubs)
            a = self.claim(hub, "causes", self.rls, "suggested")
            b = self.claim(hub, "causes", self.rls, "possible", source=(a.source + 1) % self.sources)
            self.tensions.append((f"t{len(self.tensions):05d}", [a.id, b.id], [hub.id]))
        # Implied claims with the curator's reading, and restatements.
        for _ in range(max(1, n // 40)):
            subject, obj = rng.choice(everyone), rng.choice(hubs)
            if subject is not obj:
                self.claim(subject, "isInvolvedIn", obj, "implied", layer="implied")
        for _ in range(max(1, n // 60)):
            first = rng.choice(self.claims[: len(everyone)])
            self.claim(
                first.subject, first.predicate, first.object, first.certainty, source=first.source, restates=first.id
            )
        # Fill up to the size asked: links across levels, the same link from a second source.
        while len(self.claims) < n:
            subject = rng.choice(everyone)
            if rng.random() < 0.3 and subject.level > 1:
                first = rng.choice(self.claims)
                if (
                    first.certainty in ("refuted", "implied")
                    or first.restates
                    or first.predicate == "isMemberOf"
                    or (first.subject.id, first.predicate, first.object.id) in contested
                ):
                    continue
                source = (first.source + 1) % self.sources
                self.claim(first.subject, first.predicate, first.object, first.certainty, source=source)
                continue
            lower = [lv for lv in levels if lv < subject.level] or [1]
            obj = rng.choice(levels[rng.choice(lower)])
            if obj is not subject:
                self.claim(subject, rng.choices(predicates, weights)[0], obj)
        self.entities.insert(0, self.rls)

    def sentence(self, claim: Claim) -> str:
        """The claim's quote; its cue words, subject and object stand in it in order.

        The claim's id closes every sentence and every stretch of words the templates share, so no
        two pages share a run of words as long as a copy's (rlskg.model.copies.COPY_RUN): what two pages
        say of one link differs in its report number.
        """
        s, o, phrase = claim.subject.label, claim.object.label, _PHRASES[claim.predicate]
        if claim.certainty == "refuted":
            claim.cue = "once thought"
            rejected = f"researchers rejected this idea (report {claim.id})"
            return f"It was once thought that {s} might {phrase} {o} (report {claim.id}); {rejected}."
        if claim.layer == "implied":
            claim.cue = "goes along with"
            claim.reading = f"The curator reads this passage as saying that {s} is involved in {o}."
            return f"In study {claim.id}, {s} goes along with changes in {o} (study {claim.id})."
        if claim.quantifier:
            claim.cue = "may"
            return f"Some {s} may {phrase} {o} (report {claim.id})."
        if claim.predicate == "isMemberOf":
            claim.cue = "one of the"
            return f"{s} is one of the {o} (report {claim.id})."
        cue = _CUES[claim.certainty]
        claim.cue = cue
        if claim.certainty == "suggested":
            return f"Research suggests (report {claim.id}) that {s} can {phrase} {o} (report {claim.id})."
        return f"{s[0].upper()}{s[1:]} {cue} {phrase} {o} (report {claim.id})."


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def write(gen: Generator, out: Path) -> list[Entity]:
    """Write the project folder; return a few entities worth asking about."""
    from rlskg.model.sources import context  # noqa: PLC0415

    if out.exists():
        shutil.rmtree(out)
    (out / "graph" / "claims").mkdir(parents=True)
    (out / "sources").mkdir()
    shutil.copytree(ROOT / "ontology", out / "ontology")
    shutil.copytree(ROOT / "graph" / "queries", out / "graph" / "queries")

    by_source: list[list[Claim]] = [[] for _ in range(gen.sources)]
    for claim in gen.claims:
        by_source[claim.source].append(claim)
    digests = []
    for index, claims in enumerate(by_source):
        parts = [f"Synthetic page {index}\n\nWhat the studies of page {index} say\n\n"]
        at = len(parts[0])
        for number, claim in enumerate(claims):
            text = gen.sentence(claim)
            claim.start, claim.end = at, at + len(text)
            sep = "\n\n" if number % 5 == 4 else " "
            parts.append(text + sep)
            at += len(text) + len(sep)
        parts.append("End of page.\n")
        page = "".join(parts)
        data = page.encode("utf-8")
        (out / "sources" / f"page-{index:05d}.txt").write_bytes(data)
        digests.append(hashlib.sha256(data).hexdigest())

        lines = [
            f"# Synthetic claims of page {index}.\n",
            f"source: s{index:05d}\ncurated_on: {CURATED_ON}\n\nclaims:\n",
        ]
        for claim in claims:
            prefix, suffix = context(page, claim.start, claim.end)
            rows = [
                f"- id: {claim.id}",
                f"  subject: {claim.subject.id}",
                f"  predicate: {claim.predicate}",
                f"  object: {claim.object.id}",
                f"  certainty: {claim.certainty}",
                f"  cue: {_q(claim.cue)}",
                "  part: main",
                f"  quote: {_q(page[claim.start : claim.end])}",
                f"  start: {claim.start}",
                f"  end: {claim.end}",
                f"  prefix: {_q(prefix)}",
                f"  suffix: {_q(suffix)}",
                f"  subject_text: {_q(claim.subject.label)}",
                f"  object_text: {_q(claim.object.label)}",
            ]
            if claim.layer != "stated":
                rows.append(f"  layer: {claim.layer}")
            if claim.reading:
                rows.append(f"  reading: {_q(claim.reading)}")
            if claim.quantifier:
                rows.append(f"  quantifier: {_q(claim.quantifier)}")
            if claim.restates:
                rows.append(f"  restates: {claim.restates}")
            lines.append("\n".join(rows) + "\n\n")
        (out / "graph" / "claims" / f"page-{index:05d}.yaml").write_text("".join(lines), encoding="utf-8")

    publishers = ["# Synthetic publishers.\n"]
    for index in range(min(PUBLISHERS, len(digests))):
        publishers.append(
            f"- id: p{index}\n  name: Synthetic publisher {index}\n  short_name: Publisher {index}\n"
            "  type: consumer publisher\n\n"
        )
    (out / "graph" / "publishers.yaml").write_text("".join(publishers), encoding="utf-8")
    sources = ["# Synthetic source pages, made up here: public domain, kept whole in sources/.\n"]
    for index, digest in enumerate(digests):
        sources.append(
            f"- id: s{index:05d}\n  short_name: Page {index}\n  file: page-{index:05d}.txt\n"
            f"  title: Synthetic page {index}\n  publisher: p{index % PUBLISHERS}\n"
            "  licence: public domain\n  text: kept\n"
            f"  date: 2020-01-{1 + index % 28:02d}\n  date_statement: dated January {1 + index % 28}, 2020\n"
            f"  sha256: {digest}\n\n"
        )
    (out / "graph" / "sources.yaml").write_text("".join(sources), encoding="utf-8")

    entities = ["# Synthetic entities.\n"]
    for ent in gen.entities:
        entities.append(
            f"- id: {ent.id}\n  label: {_q(ent.label)}\n  type: {ent.type}\n"
            f"  definition: {_q(f'A synthetic {ent.type} of level {ent.level}.')}\n"
        )
        if ent is gen.rls:
            entities.append("  synonyms: [RLS]\n")
        entities.append("\n")
    (out / "graph" / "entities.yaml").write_text("".join(entities), encoding="utf-8")

    disagreements = ["# Synthetic disagreements: a refuted claim and another source's claim of the same link.\n"]
    for ident, claims_ in gen.disagreements:
        note = "One page asserts the link; another reports it as a rejected idea."
        disagreements.append(f"- id: {ident}\n  claims: [{', '.join(claims_)}]\n  note: {_q(note)}\n\n")
    (out / "graph" / "disagreements.yaml").write_text("".join(disagreements), encoding="utf-8")

    tensions = ["# Synthetic tensions: two pages that hedge the same link differently.\n"]
    for ident, claims_, concerns in gen.tensions:
        note = "One page says research suggests it; another says only that it may be so."
        tensions.append(
            f"- id: {ident}\n  claims: [{', '.join(claims_)}]\n  concerns: [{', '.join(concerns)}]\n"
            f"  note: {_q(note)}\n\n"
        )
    (out / "graph" / "tensions.yaml").write_text("".join(tensions), encoding="utf-8")

    ask = questions(gen)
    (out / "questions.txt").write_text("".join(f"{e.label}\n" for e in ask), encoding="utf-8")
    return ask


def questions(gen: Generator) -> list[Entity]:
    """Entities worth asking about: a far leaf, one in the middle, a drug, one with a refuted claim."""
    by_id = {e.id: e for e in gen.entities}
    far = next(e for e in reversed(gen.entities) if e.level == 5)
    middle = next(e for e in gen.entities if e.level == 3)
    drug = next(e for e in gen.entities if e.type == "Drug")
    refuted = by_id[gen.claims[int(gen.disagreements[0][1][1][1:])].subject.id]
    return [far, middle, drug, refuted]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--claims", type=int, required=True, help="how many page claims to write")
    parser.add_argument("--out", required=True, help="the project folder to write (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args(argv)
    if args.claims < 50:
        parser.error("--claims must be 50 or more")
    out = Path(args.out)
    if out.exists() and not (out / "graph").is_dir() and any(out.iterdir()):
        parser.error(f"{out} exists and is not a synthetic project; refusing to replace it")
    gen = Generator(args.claims, args.seed)
    gen.plan()
    ask = write(gen, out)
    print(f"wrote {out}: {len(gen.entities)} entities, {len(gen.claims)} claims, {gen.sources} sources")
    print(f"build: rlskg --root {out} build --sources {out / 'sources'}")
    for ent in ask:
        print(f"ask:   rlskg --root {out} why {_q(ent.label)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
