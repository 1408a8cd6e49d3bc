"""Coverage: every sentence of a page that uses causal language is a claim or an explained exclusion.

A page whose text the project keeps is checked against its text. A page in copyright keeps only its
quotes, so where its sentences with causal language stand is recorded once, when the text is at
hand, in graph/coverage.yaml: each sentence's offsets and a digest of its words (white space
folded). The check then needs no text: every recorded sentence must overlap a claim's quote or match
an exclusion's digest. Where the text is at hand, the record must also be what the text gives.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from rlskg.model.curation import Curation
from rlskg.model.sources import fold, sentences

__all__ = [
    "CAUSAL_LANGUAGE",
    "LEDGER",
    "PageCoverage",
    "Sentence",
    "causal_sentences",
    "check",
    "digest",
    "ledger_entry",
    "read_ledger",
    "record",
    "uncovered",
]

#: Words that carry cause, mechanism, risk, trigger, worsening, association, refutation, improvement
#: on stopping, heredity, use for treatment or consequence: a sentence with one needs a claim or a reason.
CAUSAL_LANGUAGE = re.compile(
    r"\b(caus\w*|trigger\w*|risk\w*|worsen\w*|worse|linked|link|related|associat\w*|affect\w*|contribut\w*|"
    r"leads? to|lead to|result\w* (?:in|from)|due to|because|more likely|more common|prone|run\w* in (?:the )?famil\w*|"
    r"genetic\w*|inherit\w*|hereditary|aggravat\w*|exacerbat\w*|precipitat\w*|brings? on|brought on|"
    r"get better|go(?:es)? away|thought to|rejected|steals|can mean|help\w*|uses? \w+ to make|works in|"
    r"used to treat|not known|unknown|not clear|suggest\w*|withdrawal|play\w* a (?:\w+ )?role|implicated)\b",
    re.IGNORECASE,
)

#: The record of where the causal sentences of the pages kept only as quotes stand.
LEDGER = Path("graph") / "coverage.yaml"


@dataclass(frozen=True)
class Sentence:
    """A sentence with causal language: where it stands, and a digest of its words."""

    start: int
    end: int
    digest: str


def digest(sentence: str) -> str:
    """A short digest of a sentence's words, white space folded.

    Examples
    --------
    >>> digest("Caffeine  may\\u00a0trigger RLS.") == digest("Caffeine may trigger RLS.")
    True

    """
    return hashlib.sha256(fold(sentence).encode("utf-8")).hexdigest()[:16]


def causal_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` that use causal language."""
    return [Sentence(s.start, s.end, digest(s.text)) for s in sentences(text) if CAUSAL_LANGUAGE.search(s.text)]


def uncovered(curation: Curation, source_id: str, found: list[Sentence]) -> list[Sentence]:
    """The sentences of ``found`` that no claim of the source quotes and no exclusion explains."""
    spans = [(c.start, c.end) for c in curation.claims if c.source == source_id]
    excluded = {digest(e.sentence) for e in curation.exclusions if e.source == source_id}
    return [
        s
        for s in found
        if s.digest not in excluded and not any(start < s.end and s.start < end for start, end in spans)
    ]


def ledger_entry(source_id: str, sha256: str, found: list[Sentence]) -> dict[str, Any]:
    """The record of a page's causal sentences, as graph/coverage.yaml keeps it."""
    return {"source": source_id, "sha256": sha256, "sentences": [[s.start, s.end, s.digest] for s in found]}


def read_ledger(root: Path) -> dict[str, tuple[str, list[Sentence]]]:
    """The recorded sentences of each page, by source id, with the sha256 of the text they were read from."""
    path = root / LEDGER
    if not path.is_file():
        return {}
    records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {
        str(r["source"]): (str(r["sha256"]), [Sentence(int(a), int(b), str(d)) for a, b, d in r["sentences"]])
        for r in records
    }


def record(root: Path, curation: Curation, texts: dict[str, str]) -> tuple[Path, int]:
    """Rewrite graph/coverage.yaml: every page kept as quotes, read from its text where ``texts`` has it.

    A page whose text is not here keeps what was recorded of it. Returns the file and its number of pages.
    """
    recorded = read_ledger(root)
    entries = []
    for source in curation.sources:
        if source.kept:
            continue
        if source.id in texts:
            entries.append(ledger_entry(source.id, source.sha256, causal_sentences(texts[source.id])))
        elif source.id in recorded:
            entries.append(ledger_entry(source.id, *recorded[source.id]))
    return _write_ledger(root, entries), len(entries)


def _write_ledger(root: Path, entries: list[dict[str, Any]]) -> Path:
    """Write graph/coverage.yaml with ``entries`` (one per source, in the order of graph/sources.yaml)."""
    head = (
        "# Where the sentences with causal language stand in each page whose text the project does not keep\n"
        "# (a page in copyright keeps only its claims' quotes). Written by `rlskg coverage --write` while the\n"
        "# text was at hand: [start, end, digest of the sentence's words], offsets in the text of that sha256.\n"
        "# Every sentence must overlap a claim's quote or be an exclusion (graph/exclusions.yaml).\n"
    )
    body = yaml.safe_dump(entries, sort_keys=False, width=120, default_flow_style=None)
    path = root / LEDGER
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(head + body, encoding="utf-8")
    temporary.replace(path)
    return path


@dataclass(frozen=True)
class PageCoverage:
    """How one page is covered: its causal sentences, those left uncovered, and how they were found."""

    source: str
    found: list[Sentence]
    missing: list[Sentence]
    read_from: str  # "text" (the page itself) or "record" (graph/coverage.yaml); "" when neither is here
    text: str | None = None
    problem: str | None = None  # the record does not match the text, or there is nothing to check with

    def sentence(self, s: Sentence) -> str:
        """The words of a sentence, where the text is here; else its offsets."""
        return fold(self.text[s.start : s.end]) if self.text is not None else f"characters {s.start}-{s.end}"


def check(root: Path, curation: Curation, texts: dict[str, str]) -> list[PageCoverage]:
    """The coverage of every source: from its text where ``texts`` has it, else from the record."""
    recorded = read_ledger(root)
    pages = []
    for source in curation.sources:
        text = texts.get(source.id)
        record = recorded.get(source.id)
        if text is not None:
            found = causal_sentences(text)
            problem = None
            if not source.kept and (record is None or record[1] != found):
                problem = (
                    "graph/coverage.yaml does not record this page as its text reads: run `rlskg coverage --write`"
                )
            pages.append(PageCoverage(source.id, found, uncovered(curation, source.id, found), "text", text, problem))
        elif record is not None and record[0] == source.sha256:
            pages.append(PageCoverage(source.id, record[1], uncovered(curation, source.id, record[1]), "record"))
        else:
            why = "recorded from another text (sha256)" if record is not None else "neither its text nor a record"
            pages.append(PageCoverage(source.id, [], [], "", None, f"cannot be checked: {why}"))
    return pages
