"""Cues: the words of a page that say a relation, negate it, hedge it or say its cause is unknown.

The words are data, in ``ontology/cues.yaml`` (the ontology's lexicon); this module reads that
table into regular expressions and reads a clause's certainty with them. The levels are the
ontology's certainties; the cue words are the page's own, kept verbatim so a curator sees why a
candidate got its level. A negated verb ("don't cause") gives ``refuted`` and ``negated``; a report
("was once thought to") that the page then refutes ("rejected", "This is not likely") gives
``refuted``; "research suggests" gives ``suggested``; a hedge ("may", "seems to") gives
``possible``; anything else is ``stated``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from rlskg.curate.page import CurateError

__all__ = ["CUES_FILE", "Cue", "CueTable", "Reading", "load_cues", "read_certainty", "refuted_after"]

#: The cue table of a checkout (``ontology/cues.yaml``), used when a caller gives none.
CUES_FILE = Path(__file__).resolve().parents[3] / "ontology" / "cues.yaml"

#: The forms a relation cue takes (see the table's header).
FORMS = ("verb", "passive", "noun", "people", "prefix", "names")
#: Signals that carry a certainty rather than a relation.
CERTAINTY_SIGNALS = ("negation", "refutation", "report", "suggestion", "hedge")

_POSS = r"(?:(?:your|the|a person['\u2019]s|their|one['\u2019]s|his|her)\s+)?"


#: Auxiliaries whose negation a page may write whole or contracted ("is not", "isn't").
_CONTRACTED = {"is": "isn", "are": "aren", "was": "wasn", "were": "weren", "do": "don", "does": "doesn", "has": "hasn"}


def phrase_pattern(phrase: str, slot: str, *, adverbs: bool = False) -> str:
    """A phrase of the table as a regular expression: white space folded, ``<x>`` a named gap.

    A negated auxiliary matches written whole or contracted ("is not" and "isn't" alike); with
    ``adverbs``, an adverb in -ly may stand between two words ("the cause is simply unknown").

    Examples
    --------
    >>> pattern = phrase_pattern("cause is not known", "x", adverbs=True)
    >>> [bool(re.fullmatch(pattern, s)) for s in ("cause isn't really known", "cause is not known", "cause known")]
    [True, True, False]

    """
    words = phrase.strip().split()
    out = []
    for k, word in enumerate(words):
        if k:
            out.append(r"\s+(?:\w+ly\s+)?" if adverbs else r"\s+")
        if word == "<x>":
            out.append(rf"(?P<{slot}>[\w\s'\u2019-]{{1,40}}?)")
        elif word == "<poss>":
            out.append(_POSS)
        elif word == "not" and k and words[k - 1].lower() in _CONTRACTED:
            whole = re.escape(words[k - 1]) + out[-1] + "not"
            out[-2:] = [rf"(?:{whole}|{_CONTRACTED[words[k - 1].lower()]}['\u2019]t)"]
        else:
            out.append(re.escape(word).replace("'", "['\u2019]"))
    return "".join(out).replace(r"\s+" + _POSS + r"\s+", r"\s+" + _POSS)


@dataclass(frozen=True)
class Cue:
    """One row of the table (phrases that share a gap are split into rows of their own)."""

    signal: str
    form: str
    phrases: tuple[str, ...]
    relations: tuple[str, ...]
    certainty: str | None = None
    names: str | None = None  # form names: the name a reader gives what the words speak of
    side: str = "subject"  # form names: which end of the relation that thing is
    default: tuple[str, ...] = ()  # form names: the relations when the clause has no cue of its own

    @property
    def has_gap(self) -> bool:
        return any("<x>" in p for p in self.phrases)

    def pattern(self, slot: str) -> str:
        """The alternation of the row's phrases, longest first, ``<x>`` named ``slot``."""
        ordered = sorted(self.phrases, key=len, reverse=True)
        return "|".join(phrase_pattern(p, slot) for p in ordered)


class CueTable:
    """The cue table, compiled: relation cues by form, and the certainty words.

    Examples
    --------
    >>> table = load_cues()
    >>> [c.relations for c in table.relation_cues("passive") if "due to" in c.phrases]
    [('causes',)]
    >>> bool(table.certainty["hedge"].search("RLS may be caused by"))
    True

    """

    def __init__(self, cues: list[Cue], path: Path | None = None, rows: list[Cue] | None = None) -> None:
        self.cues = cues
        self.path = path
        self.table = rows if rows is not None else cues  # the rows as the file has them
        self.certainty = {
            signal: _words([p for c in cues if c.signal == signal for p in c.phrases]) for signal in CERTAINTY_SIGNALS
        }
        self.relief = _words([p for c in cues if c.signal == "relief" for p in c.phrases])
        self.status = _words([p for c in cues if c.signal == "status" for p in c.phrases])
        self.symptoms = _words([p for c in cues if c.signal == "symptom" for p in c.phrases])
        self.levels = {c.signal: c.certainty for c in cues if c.certainty}

    def relation_cues(self, form: str) -> list[Cue]:
        """The relation cues of one form, in table order."""
        return [c for c in self.cues if c.form == form and (c.relations or c.default) and c.signal != "status"]

    def words(self, signal: str) -> re.Pattern[str]:
        """All phrases of one signal as one pattern (whole words)."""
        return _words([p for c in self.cues if c.signal == signal for p in c.phrases])

    def markdown(self) -> str:
        """The table as the README shows it: one row per row of the file."""
        lines = ["| signal | form | phrases | gives |", "| --- | --- | --- | --- |"]
        for cue in self.table:
            gives = ", ".join(f"`{r}`" for r in cue.relations) if cue.relations else f"certainty `{cue.certainty}`"
            if not cue.relations and not cue.certainty:
                gives = (
                    "(a symptom: never an end of a claim)" if cue.signal == "symptom" else "(with a stopping phrase)"
                )
            if cue.names:
                relations = ", ".join(f"`{r}`" for r in cue.relations or cue.default)
                ends = ("the condition", f'"{cue.names}"')
                subject, obj = ends if cue.side == "object" else ends[::-1]
                gives = f"{subject} {relations}{'' if cue.relations else ' (unless a cue says)'} {obj}"
            phrases = ", ".join(p.replace("|", "\\|") for p in cue.phrases)
            lines.append(f"| {cue.signal} | {cue.form or ''} | {phrases} | {gives} |")
        return "\n".join(lines) + "\n"


def _words(phrases: list[str]) -> re.Pattern[str]:
    if not phrases:
        return re.compile(r"(?!x)x")
    ordered = sorted({p.strip() for p in phrases}, key=len, reverse=True)
    gap = r"[\w\s'\u2019(),/-]{1,160}?"
    body = "|".join(phrase_pattern(p, "x", adverbs=True).replace(r"(?P<x>[\w\s'\u2019-]{1,40}?)", gap) for p in ordered)
    return re.compile(rf"(?<![\w'\u2019])(?:{body})(?![\w])", re.I)


def _cue(row: Any, where: str) -> Cue:
    if not isinstance(row, dict) or not isinstance(row.get("phrases"), list) or not row.get("signal"):
        raise CurateError(f"{where}: each cue needs a signal and a list of phrases")
    form = str(row.get("form") or "")
    if form and form not in FORMS:
        raise CurateError(f"{where}: unknown form '{form}', expected one of {', '.join(FORMS)}")
    relations = tuple(str(r) for r in row.get("relations") or ())
    side = str(row.get("side") or "subject")
    if form == "names" and (not row.get("names") or side not in ("subject", "object")):
        raise CurateError(f"{where}: a cue of form names needs 'names' and a side of subject or object")
    return Cue(
        str(row["signal"]),
        form,
        tuple(str(p) for p in row["phrases"]),
        relations,
        row.get("certainty"),
        str(row["names"]) if row.get("names") else None,
        side,
        tuple(str(r) for r in row.get("default") or ()),
    )


def load_cues(path: Path | None = None) -> CueTable:
    """Read the cue table (``ontology/cues.yaml`` of the checkout unless ``path`` is given).

    Raises
    ------
    CurateError
        When the file cannot be read or a row is malformed.

    """
    path = path or CUES_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CurateError(f"{path}: cannot read the cue table: {error}") from None
    rows = data.get("cues") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise CurateError(f"{path}: the cue table is a mapping with a list 'cues'")
    cues: list[Cue] = []
    table: list[Cue] = []
    for number, row in enumerate(rows, start=1):
        cue = _cue(row, f"{path}: cue {number}")
        table.append(cue)
        gapped = tuple(p for p in cue.phrases if "<x>" in p)
        plain = tuple(p for p in cue.phrases if "<x>" not in p)
        if plain:
            cues.append(replace(cue, phrases=plain))
        cues += [replace(cue, phrases=(p,)) for p in gapped]
    return CueTable(cues, path, table)


@dataclass(frozen=True)
class Reading:
    """A certainty, whether the claim is negated, and the span of the cue words."""

    certainty: str
    negated: bool
    cue_start: int
    cue_end: int


_RANK = {"refuted": 0, "possible": 1, "suggested": 2, "stated": 3}


def read_certainty(
    table: CueTable, text: str, clause: tuple[int, int], aux_start: int, verb: tuple[int, int]
) -> Reading:
    """How sure a clause is of the relation of one cue.

    The clause is ``text[clause[0]:clause[1]]``; the cue's auxiliaries start at ``aux_start`` and
    its own words are ``text[verb[0]:verb[1]]``. A negation counts only in the auxiliaries ("does
    not cause", "have not been found in"); a report ("was once thought to") only with a refutation
    after the verb; a suggestion or hedge before the verb or in its auxiliaries.

    Examples
    --------
    >>> table = load_cues()
    >>> s = "Certain medicines may trigger RLS."
    >>> read_certainty(table, s, (0, len(s)), 18, (22, 29))
    Reading(certainty='possible', negated=False, cue_start=18, cue_end=29)
    >>> s = "Caffeine doesn't cause RLS."
    >>> r = read_certainty(table, s, (0, len(s)), 9, (17, 22)); (r.certainty, r.negated, s[r.cue_start:r.cue_end])
    ('refuted', True, "doesn't cause")

    """
    clause_start, clause_end = clause
    verb_start, verb_end = verb
    words = table.certainty
    report = words["report"].search(text, clause_start, verb_start)
    refutation = words["refutation"].search(text, verb_end, clause_end)
    if report and refutation:
        return Reading("refuted", True, min(report.start(), aux_start), refutation.end())
    if words["negation"].search(text, aux_start, verb_start):
        return Reading("refuted", True, aux_start, verb_end)
    suggests = _last(words["suggestion"], text, clause_start, aux_start)
    if suggests is not None:
        return Reading("suggested", False, suggests.start(), verb_end)
    hedge = words["hedge"].search(text, aux_start, verb_start) or report
    if hedge is None:
        hedge = _last(words["hedge"], text, clause_start, aux_start)
    if hedge is not None:
        return Reading("possible", False, min(hedge.start(), aux_start), verb_end)
    return Reading("stated", False, aux_start, verb_end)


#: A sentence that denies the one before it: "This is not likely, however, ...".
_DENIAL = re.compile(
    r"\s*(?:however,?\s+)?(?:this|that|it|such a link|this idea|this theory|this view|this belief)\s+"
    r"(?:is|was|has been|seems|appears)\s+(?:(?:now|very|highly|also)\s+)*",
    re.I,
)


def refuted_after(table: CueTable, text: str, end: int) -> re.Match[str] | None:
    """The refutation that opens the sentence after ``end``, if the page denies what it just reported.

    Examples
    --------
    >>> s = "Some research shows it might be caused by stress. This is not likely, however."
    >>> refuted_after(load_cues(), s, s.index(".") + 1).group()
    'not likely'

    """
    denial = _DENIAL.match(text, end)
    if denial is None:
        return None
    return table.certainty["refutation"].match(text, denial.end())


def _last(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text, start, end):  # noqa: B007 - the last one
        pass
    return found
