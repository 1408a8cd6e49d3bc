"""`rlskg curate` on real pages, scored against the hand-read gold of benchmarks/curate/.

Run: ``python benchmarks/curate_eval.py --pages DIR [--split SPLIT|all] [--format text|json] [--skip-missing]``,
SPLIT one of dev, test, test2, test3, test4, reserve.

DIR holds the page texts (not in the repository: most are copyright), either directly or in a
sub-folder named after the split (``DIR/dev/``, ``DIR/test/``). Each text is checked against the
sha256 of ``pages.yaml`` before anything is scored; a missing or different text is a one-line error
(exit status 2). The scoring is the one of ``benchmarks/curate/README.md`` ("How the assistant is
scored"), done by :mod:`rlskg.curate.evaluate`, which the tests use too. Beside the pages it prints
the leave-one-out figures of the two seed pages, when their texts are found (``--sources``, else
``RLSKG_SOURCES``, else ``../shared/sources``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from rlskg.curate import propose
from rlskg.curate.evaluate import LeaveOneOut, Score, leave_one_out, score_draft
from rlskg.model.curation import Curation, load_curation
from rlskg.model.ontology import Ontology, load_ontology

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks" / "curate"
SEEDS = ("nhlbi", "webmd")
#: The splits of pages.yaml (benchmarks/curate/README.md, "The pages"); ``--split all`` takes them all.
SPLITS = ("dev", "test", "test2", "test3", "test4", "test5", "test6", "reserve")


class EvalError(Exception):
    """A page or option the evaluation cannot use: one line, exit status 2."""


def _pages(split: str) -> list[dict[str, Any]]:
    listed = yaml.safe_load((BENCH / "pages.yaml").read_text(encoding="utf-8"))
    return [p for p in listed if split == "all" or p["split"] == split]


def _text(folder: Path, page: dict[str, Any]) -> str:
    """The page's text from ``folder`` (or ``folder/<split>/``), checked against its sha256."""
    for candidate in _places(folder, page):
        if candidate.is_file():
            data = candidate.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest != page["sha256"]:
                raise EvalError(f"{candidate}: sha256 {digest} is not the {page['sha256']} of pages.yaml")
            return data.decode("utf-8")
    raise EvalError(f"{folder}: no text of {page['page']} (split {page['split']}) here nor in {page['split']}/")


def _places(folder: Path, page: dict[str, Any]) -> tuple[Path, Path]:
    """Where a page's text may stand: ``folder`` itself, or its sub-folder named after the split."""
    return folder / page["page"], folder / page["split"] / page["page"]


def _present(folder: Path, page: dict[str, Any]) -> bool:
    """Whether a text of the page is in ``folder`` at all (a different one is never skipped)."""
    return any(p.is_file() for p in _places(folder, page))


def _score(page: dict[str, Any], text: str, curation: Curation, ontology: Ontology) -> Score:
    gold = yaml.safe_load((BENCH / "gold" / page["page"].replace(".txt", ".yaml")).read_text(encoding="utf-8"))
    draft = propose(text, {"id": "eval"}, curation, ontology)
    return score_draft(draft, gold["claims"], ontology, curation.entities)


def _seeds(sources: Path, curation: Curation, ontology: Ontology) -> dict[str, LeaveOneOut]:
    found = {}
    for seed in SEEDS:
        path = sources / curation.source(seed).file
        if path.is_file():
            found[seed] = leave_one_out(curation, ontology, path.read_text(encoding="utf-8"), seed)
    return found


def _line(name: str, score: Score) -> str:
    return f"| {name} | {score.gold} | {score.candidates} | {score.recall:.2f} | {score.precision:.2f} |"


def _text_report(split: str, scores: dict[str, Score], seeds: dict[str, LeaveOneOut], verbose: bool) -> str:
    lines = [
        f"split {split}:",
        "",
        "| page | gold rows | candidates | recall | precision |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [_line(name, score) for name, score in scores.items()]
    total = sum(scores.values(), Score(0, 0, 0, 0))
    lines.append(_line(f"**total ({len(scores)} pages, micro)**", total))
    if seeds:
        lines += ["", "leave-one-out on the seed pages (hand-curated claims as gold):", ""]
        lines += [
            "| page | claims (keys) | candidates | recall | precision | grounding |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for seed, loo in seeds.items():
            s = loo.score
            lines.append(
                f"| {seed} | {loo.claims} ({s.gold}) | {s.candidates} | {s.recall:.2f} | {s.precision:.2f} "
                f"| {loo.grounding:.2f} of {loo.mentions} |"
            )
    if verbose:
        for name, score in scores.items():
            lines += (
                ["", f"## {name}"] + [f"  missed {m}" for m in score.missed] + [f"  wrong  {w}" for w in score.wrong]
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--pages", required=True, type=Path, help="folder of the page texts")
    parser.add_argument("--split", default="dev", choices=[*SPLITS, "all"])
    parser.add_argument("--format", default="text", choices=["text", "json"])
    parser.add_argument("--sources", type=Path, help="folder of the seed pages' texts")
    parser.add_argument("--verbose", action="store_true", help="list the rows missed and the candidates wrong")
    parser.add_argument(
        "--skip-missing", action="store_true", help="score the pages whose text is here, and name those left out"
    )
    args = parser.parse_args(argv)
    try:
        if not args.pages.is_dir():
            raise EvalError(f"{args.pages}: no such folder")
        pages = _pages(args.split)
        texts = {}
        for page in pages:  # every text checked before any is scored
            try:
                texts[page["page"]] = _text(args.pages, page)
            except EvalError:
                if not args.skip_missing or _present(args.pages, page):
                    raise
        if not texts:
            raise EvalError(f"{args.pages}: no text of any page of split {args.split}")
    except EvalError as error:
        print(f"curate_eval: {error}", file=sys.stderr)
        return 2
    left_out = [p["page"] for p in pages if p["page"] not in texts]
    pages = [p for p in pages if p["page"] in texts]
    if left_out:
        print(f"curate_eval: no text here, not scored: {', '.join(left_out)}", file=sys.stderr)
    ontology = load_ontology(ROOT / "ontology" / "rls.ttl")
    curation = load_curation(ROOT)
    scores = {p["page"].removesuffix(".txt"): _score(p, texts[p["page"]], curation, ontology) for p in pages}
    sources = args.sources or Path(os.environ.get("RLSKG_SOURCES") or ROOT.parent / "shared" / "sources")
    seeds = _seeds(sources, curation, ontology)
    if args.format == "json":
        total = sum(scores.values(), Score(0, 0, 0, 0))
        document = {
            "split": args.split,
            "pages": {name: score.to_dict() for name, score in scores.items()},
            "total": {k: v for k, v in total.to_dict().items() if k not in ("missed", "wrong")},
            "leave_one_out": {
                seed: {**loo.score.to_dict(), "claims": loo.claims, "grounding": round(loo.grounding, 3)}
                for seed, loo in seeds.items()
            },
        }
        print(json.dumps(document, indent=1))
    else:
        print(_text_report(args.split, scores, seeds, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
