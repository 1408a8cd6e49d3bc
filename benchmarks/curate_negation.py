"""Negation and hedging of a relation, read three ways and scored against hand-labelled claims.

Run in two steps (medspacy and negspacy are not dependencies of rls-kg; install them in a scratch
environment: ``python -m venv /tmp/medspacy-venv && /tmp/medspacy-venv/bin/pip install medspacy negspacy pyyaml``)::

    python benchmarks/curate_negation.py make --pages DEV_PAGES_DIR --out /tmp/negation.json
    /tmp/medspacy-venv/bin/python benchmarks/curate_negation.py score /tmp/negation.json

The instances are every relation the project has labelled by hand: the 80 seed claims
(graph/claims/*.yaml; their certainty says refuted, possible or suggested, or stated), the refuted
and unrefuted rows of the gold of the dev pages whose comment quotes their words, and the refuted
rows of tests/data/heldout. The target of each is the relation's word in the quote (the verb or noun
the cue table finds there), the unit that negation and hedging scope over. ``make`` records the
assistant's own reading (the cue table's words in the auxiliaries, a denial in the next sentence);
``score`` adds medspacy's ConText (its default rules: NEGATED_EXISTENCE, POSSIBLE_EXISTENCE,
HYPOTHETICAL) and negspacy's NegEx (``en_clinical`` terms; no hedging), each run offline on a blank
English pipeline with the target set as the one entity, and prints precision and recall of each.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HEDGED = ("possible", "suggested")


def _rules_reading(text: str, target: tuple[int, int]) -> tuple[bool, bool]:
    """The assistant's reading of the relation at ``target``: (negated, hedged)."""
    from rlskg.curate.cues import load_cues, read_certainty, refuted_after
    from rlskg.curate.page import units
    from rlskg.curate.patterns import AUX

    table = load_cues()
    unit = next((u for u in units(text) if u.start <= target[0] < u.end), None)
    clause = (unit.start, unit.end) if unit is not None else (0, len(text))
    aux = re.compile(AUX + r"$", re.I).search(text, clause[0], target[0])
    aux_start = aux.start() if aux is not None else target[0]
    while aux_start < target[0] and text[aux_start].isspace():
        aux_start += 1
    reading = read_certainty(table, text, clause, aux_start, target)
    negated = reading.negated or (reading.certainty in HEDGED and refuted_after(table, text, clause[1]) is not None)
    return negated, reading.certainty in HEDGED and not negated


def _target(text: str, near: int) -> tuple[int, int] | None:
    """The relation word of ``text`` nearest ``near``, as the cue table finds it."""
    from rlskg.curate.cues import load_cues
    from rlskg.curate.patterns import relation_pattern

    cues, pattern = relation_pattern(load_cues())
    found = []
    for m in pattern.finditer(text):
        which = next(i for i in range(len(cues)) if m.group(f"c{i}") is not None)
        found.append((m.start(f"v{which}"), m.end(f"v{which}")))
    return min(found, key=lambda span: abs(span[0] - near)) if found else None


def _seed_instances() -> list[dict[str, Any]]:
    import yaml

    found = []
    for path in sorted((ROOT / "graph" / "claims").glob("*.yaml")):
        for claim in yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]:
            if claim["certainty"] == "implied":
                continue
            quote = " ".join(str(claim["quote"]).split())
            near = quote.lower().find(str(claim["cue"]).lower().split()[-1])
            target = _target(quote, max(near, 0))
            if target is not None:
                found.append(_instance(f"seed:{claim['id']}", quote, target, claim["certainty"]))
    return found


def _gold_instances(pages: Path) -> list[dict[str, Any]]:
    import yaml

    listed = yaml.safe_load((ROOT / "benchmarks" / "curate" / "pages.yaml").read_text(encoding="utf-8"))
    found = []
    for page in (p for p in listed if p["split"] == "dev"):  # dev pages only: test and reserve stay unread
        text = " ".join((pages / page["page"]).read_text(encoding="utf-8").split())
        gold = ROOT / "benchmarks" / "curate" / "gold" / page["page"].replace(".txt", ".yaml")
        for line in gold.read_text(encoding="utf-8").splitlines():
            quoted = re.match(r"- \[(?P<row>.*)\]\s+#\s+\"(?P<quote>[^\"]+)\"", line)
            if quoted is None:
                continue
            words = quoted.group("quote").replace("...", "").strip()
            at = text.find(words[:40])
            target = _target(words, 0) if at >= 0 else None
            if target is None:
                continue
            start = text.rfind(". ", 0, at) + 2 if text.rfind(". ", 0, at) >= 0 else 0
            end = text.find(". ", at + len(words))
            sentence = text[start : end + 1 if end >= 0 else len(text)]
            offset = at - start
            certainty = "refuted" if quoted.group("row").rstrip().endswith("refuted") else None
            found.append(
                _instance(f"dev:{page['page']}", sentence, (target[0] + offset, target[1] + offset), certainty)
            )
    return found


def _heldout_instances() -> list[dict[str, Any]]:
    """The refuted rows of tests/data/heldout, at the sentence that names their subject."""
    import yaml

    folder = ROOT / "tests" / "data" / "heldout"
    found = []
    for page, rows in yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8")).items():
        text = " ".join((folder / page).read_text(encoding="utf-8").split())
        for row in rows:
            if len(row) < 4 or row[3] != "refuted":
                continue
            name = row[0].split("|")[0].strip().lstrip("+")
            sentences = re.split(r"(?<=[.!?])\s+", text)
            sentence = next((s for s in sentences if name.lower() in s.lower() and not s.endswith("?")), None)
            target = _target(sentence, 0) if sentence else None
            if sentence and target:
                found.append(_instance(f"heldout:{page}", sentence, target, "refuted"))
    return found


def _instance(source: str, text: str, target: tuple[int, int], certainty: str | None) -> dict[str, Any]:
    negated, hedged = _rules_reading(text, target)
    return {
        "source": source,
        "text": text,
        "target": list(target),
        "negated": certainty == "refuted",
        "hedged": None if certainty is None or certainty == "refuted" else certainty in HEDGED,
        "rules": {"negated": negated, "hedged": hedged},
    }


def make(pages: Path, out: Path) -> None:
    instances = _seed_instances() + _gold_instances(pages) + _heldout_instances()
    out.write_text(json.dumps(instances, indent=1), encoding="utf-8")
    print(f"{len(instances)} instances -> {out}")


def _library_readings(instances: list[dict[str, Any]]) -> None:
    """Add ConText's and NegEx's readings of each instance's target (medspacy and negspacy, offline)."""
    import medspacy
    import spacy
    from loguru import logger

    logger.remove()  # PyRuSH logs every sentence it splits
    from negspacy.negation import Negex  # noqa: F401 - registers the "negex" factory

    context_nlp = medspacy.load(enable=["medspacy_pyrush", "medspacy_context"])
    context = context_nlp.get_pipe("medspacy_context")
    negex_nlp = spacy.blank("en")
    negex_nlp.add_pipe("sentencizer")
    negex = negex_nlp.add_pipe("negex", config={"ent_types": ["RELATION"]})
    for instance in instances:
        start, end = instance["target"]
        for nlp, component, name in ((context_nlp, context, "context"), (negex_nlp, negex, "negspacy")):
            doc = (
                nlp(instance["text"])
                if name == "context"
                else negex_nlp.get_pipe("sentencizer")(nlp.make_doc(instance["text"]))
            )
            span = doc.char_span(start, end, label="RELATION", alignment_mode="expand")
            if span is None:
                instance[name] = {"negated": False, "hedged": False}
                continue
            doc.ents = [span]
            doc = component(doc)
            ent = doc.ents[0]
            if name == "context":
                hedged = bool(ent._.is_uncertain or ent._.is_hypothetical)
                instance[name] = {"negated": bool(ent._.is_negated), "hedged": hedged and not ent._.is_negated}
            else:
                instance[name] = {"negated": bool(ent._.negex), "hedged": False}


def _pr(instances: list[dict[str, Any]], approach: str, label: str) -> tuple[int, float, float]:
    judged = [i for i in instances if i[label] is not None]
    said = [i for i in judged if i[approach][label]]
    true = [i for i in judged if i[label]]
    hits = [i for i in said if i[label]]
    precision = len(hits) / len(said) if said else 0.0
    recall = len(hits) / len(true) if true else 0.0
    return len(true), precision, recall


def score(path: Path) -> None:
    instances = json.loads(path.read_text(encoding="utf-8"))
    _library_readings(instances)
    print(
        f"{len(instances)} relations: {sum(i['negated'] for i in instances)} negated, "
        f"{sum(bool(i['hedged']) for i in instances)} hedged of {sum(i['hedged'] is not None for i in instances)} judged"
    )
    print("| approach | negation P | negation R | hedge P | hedge R |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for approach, name in (
        ("rules", "cue table (rls-kg)"),
        ("context", "medspacy ConText"),
        ("negspacy", "negspacy NegEx"),
    ):
        _, np_, nr = _pr(instances, approach, "negated")
        _, hp, hr = _pr(instances, approach, "hedged")
        hedge = ("n/a", "n/a") if approach == "negspacy" else (f"{hp:.2f}", f"{hr:.2f}")
        print(f"| {name} | {np_:.2f} | {nr:.2f} | {hedge[0]} | {hedge[1]} |")
    for approach in ("rules", "context", "negspacy"):
        wrong = [i for i in instances if i[approach]["negated"] != i["negated"]]
        for i in wrong:
            s, e = i["target"]
            print(
                f"  {approach} negation wrong ({'missed' if i['negated'] else 'false'}): {i['source']}: "
                f"...{i['text'][max(0, s - 60) : s]}[{i['text'][s:e]}]{i['text'][e : e + 40]}..."
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    m = commands.add_parser("make")
    m.add_argument("--pages", type=Path, required=True, help="the dev pages' texts")
    m.add_argument("--out", type=Path, required=True)
    s = commands.add_parser("score")
    s.add_argument("instances", type=Path)
    args = parser.parse_args(argv)
    if args.command == "make":
        make(args.pages, args.out)
    else:
        score(args.instances)
    return 0


if __name__ == "__main__":
    sys.exit(main())
