"""The curated knowledge in graph/: reading the YAML files a curator edits, with file and line.

Reading checks only the shape of each record (required fields, types, unknown fields). What the
records mean (known entities, quotes in the sources, ...) is checked in :mod:`rlskg.validate`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from rlskg.errors import Problem, ValidationFailed

__all__ = [
    "Claim",
    "Curation",
    "Disagreement",
    "Entity",
    "Exclusion",
    "Source",
    "load_curation",
]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Where:
    """The file and line a record starts at."""

    file: str
    line: int

    def problem(self, message: str) -> Problem:
        return Problem(self.file, self.line, message)


@dataclass(frozen=True)
class Source:
    id: str
    short_name: str
    file: str
    title: str
    publisher: str
    date: dt.date
    date_statement: str
    sha256: str
    where: Where
    reviewer: str | None = None


@dataclass(frozen=True)
class Entity:
    id: str
    label: str
    type: str
    definition: str
    where: Where
    synonyms: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    close: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    id: str
    subject: str
    predicate: str
    object: str
    source: str
    certainty: str
    cue: str
    part: str
    quote: str
    start: int
    end: int
    curated_on: dt.date
    where: Where
    prefix: str | None = None
    suffix: str | None = None
    note: str | None = None
    quantifier: str | None = None
    subject_text: str | None = None
    object_text: str | None = None


@dataclass(frozen=True)
class Disagreement:
    id: str
    claims: tuple[str, ...]
    note: str
    where: Where


@dataclass(frozen=True)
class Exclusion:
    source: str
    sentence: str
    reason: str
    where: Where


@dataclass
class Curation:
    """Everything in graph/, as read."""

    sources: list[Source] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    claim_files: list[str] = field(default_factory=list)

    def source(self, ident: str) -> Source:
        return next(s for s in self.sources if s.id == ident)


# ---------------------------------------------------------------- YAML with line numbers


class _Mapping(dict[str, Any]):
    """A YAML mapping that remembers the line it starts at and the line of each key."""

    line: int
    key_lines: dict[str, int]


def _compose(path: Path, shown: str) -> Any:
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
        scalars = _Loader("")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 0
        raise ValidationFailed([Problem(shown, line, f"malformed YAML: {exc.problem}")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationFailed([Problem(shown, 0, f"cannot read: {exc}")]) from None
    try:
        return _value(node, shown, scalars) if node is not None else None
    finally:
        scalars.dispose()


def _value(node: yaml.Node, shown: str, scalars: yaml.SafeLoader) -> Any:
    if isinstance(node, yaml.MappingNode):
        mapping = _Mapping()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in mapping:
                line = key_node.start_mark.line + 1
                raise ValidationFailed([Problem(shown, line, f"duplicate key '{key}'")])
            mapping[key] = _value(value_node, shown, scalars)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_value(child, shown, scalars) for child in node.value]
    # Scalars: resolved by the safe loader's rules (whole numbers, dates, text).
    return scalars.construct_object(node, deep=True)


# ---------------------------------------------------------------- records


class _Record:
    """Typed access to one mapping, collecting problems instead of raising at the first."""

    def __init__(self, mapping: Any, shown: str, what: str, problems: list[Problem], line: int) -> None:
        self.ok = isinstance(mapping, _Mapping)
        self.where = Where(shown, mapping.line if self.ok else line)
        self.data: _Mapping = mapping if self.ok else _Mapping()
        self.what = what
        self.problems = problems
        if not self.ok:
            problems.append(self.where.problem(f"each {what} must be a mapping of fields"))

    def _line(self, key: str) -> int:
        return self.data.key_lines.get(key, self.where.line) if self.ok else self.where.line

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required and self.ok:
                self.problems.append(self.where.problem(f"{self.what} is missing '{key}'"))
            return None
        if isinstance(value, (dict, list)):
            self.problems.append(Problem(self.where.file, self._line(key), f"'{key}' must be text"))
            return None
        text = str(value).strip()
        if not text:
            self.problems.append(Problem(self.where.file, self._line(key), f"'{key}' is empty"))
            return None
        return text

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            if self.ok:
                self.problems.append(self.where.problem(f"{self.what} is missing '{key}'"))
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.problems.append(
                Problem(self.where.file, self._line(key), f"'{key}' must be a whole number, not {value!r}")
            )
            return None
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if isinstance(value, dt.date):
            return value
        if value is None:
            if self.ok:
                self.problems.append(self.where.problem(f"{self.what} is missing '{key}'"))
        else:
            self.problems.append(
                Problem(self.where.file, self._line(key), f"'{key}' must be a date YYYY-MM-DD, not {value!r}")
            )
        return None

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.problems.append(Problem(self.where.file, self._line(key), f"'{key}' must be a list of text"))
            return ()
        return tuple(str(v).strip() for v in value)

    def only(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                self.problems.append(Problem(self.where.file, self._line(key), f"unknown field '{key}' in {self.what}"))


_SOURCE_FIELDS = {"id", "short_name", "file", "title", "publisher", "date", "date_statement", "sha256", "reviewer"}
_ENTITY_FIELDS = {"id", "label", "type", "definition", "synonyms", "exact", "close"}
_CLAIM_FIELDS = {
    "id",
    "subject",
    "predicate",
    "object",
    "certainty",
    "cue",
    "part",
    "quote",
    "start",
    "end",
    "prefix",
    "suffix",
    "note",
    "quantifier",
    "subject_text",
    "object_text",
}
_CLAIM_FILE_FIELDS = {"source", "curated_on", "claims"}
_DISAGREEMENT_FIELDS = {"id", "claims", "note"}
_EXCLUSION_FIELDS = {"source", "sentence", "reason"}


def _records(data: Any, shown: str, what: str, problems: list[Problem]) -> Iterator[_Record]:
    if data is None:
        return
    if not isinstance(data, list):
        problems.append(Problem(shown, getattr(data, "line", 1), f"expected a list of {what}s"))
        return
    for item in data:
        yield _Record(item, shown, what, problems, getattr(item, "line", 1))


def load_curation(root: Path) -> Curation:
    """Read graph/ under ``root``.

    Raises
    ------
    ValidationFailed
        With one problem per malformed record or file, each naming file and line.

    """
    graph = root / "graph"
    problems: list[Problem] = []
    curation = Curation()

    def shown(path: Path) -> str:
        try:
            return str(path.relative_to(root))
        except ValueError:
            return str(path)

    def read(path: Path) -> Any:
        try:
            return _compose(path, shown(path))
        except ValidationFailed as failed:
            problems.extend(failed.problems)
            return None

    sources_path = graph / "sources.yaml"
    for rec in _records(read(sources_path), shown(sources_path), "source", problems):
        rec.only(_SOURCE_FIELDS)
        texts = {key: rec.text(key) for key in ("id", "short_name", "file", "title", "publisher", "date_statement")}
        digest, date, reviewer = rec.text("sha256"), rec.date("date"), rec.text("reviewer", required=False)
        if rec.ok and digest and date and all(texts.values()):
            fields = cast(dict[str, str], texts)
            curation.sources.append(Source(**fields, sha256=digest, date=date, where=rec.where, reviewer=reviewer))

    entities_path = graph / "entities.yaml"
    for rec in _records(read(entities_path), shown(entities_path), "entity", problems):
        rec.only(_ENTITY_FIELDS)
        ident, label, kind, definition = rec.text("id"), rec.text("label"), rec.text("type"), rec.text("definition")
        synonyms, exact, close = rec.texts("synonyms"), rec.texts("exact"), rec.texts("close")
        if rec.ok and ident and label and kind and definition:
            curation.entities.append(Entity(ident, label, kind, definition, rec.where, synonyms, exact, close))

    claim_paths = sorted((graph / "claims").glob("*.yaml"))
    if not claim_paths:
        problems.append(Problem(shown(graph / "claims"), 0, "no claim files (*.yaml)"))
    for path in claim_paths:
        name = shown(path)
        curation.claim_files.append(name)
        data = read(path)
        if data is None:
            continue
        head = _Record(data, name, "claim file", problems, 1)
        if not head.ok:
            continue
        head.only(_CLAIM_FILE_FIELDS)
        source, curated_on = head.text("source"), head.date("curated_on")
        for rec in _records(data.get("claims"), name, "claim", problems):
            rec.only(_CLAIM_FIELDS)
            texts = {key: rec.text(key) for key in ("id", "subject", "predicate", "object", "certainty", "cue", "part")}
            quote, start, end = rec.text("quote"), rec.integer("start"), rec.integer("end")
            prefix, suffix = rec.text("prefix", required=False), rec.text("suffix", required=False)
            note = rec.text("note", required=False)
            optional = {key: rec.text(key, required=False) for key in ("quantifier", "subject_text", "object_text")}
            if (
                rec.ok
                and source
                and curated_on
                and quote
                and start is not None
                and end is not None
                and all(texts.values())
            ):
                fields = cast(dict[str, str], texts)
                curation.claims.append(
                    Claim(
                        **fields,
                        source=source,
                        quote=quote,
                        start=start,
                        end=end,
                        curated_on=curated_on,
                        where=rec.where,
                        prefix=prefix,
                        suffix=suffix,
                        note=note,
                        quantifier=optional["quantifier"],
                        subject_text=optional["subject_text"],
                        object_text=optional["object_text"],
                    )
                )

    disagreements_path = graph / "disagreements.yaml"
    if disagreements_path.exists():
        for rec in _records(read(disagreements_path), shown(disagreements_path), "disagreement", problems):
            rec.only(_DISAGREEMENT_FIELDS)
            ident, note, claims = rec.text("id"), rec.text("note"), rec.texts("claims")
            if rec.ok and ident and note:
                curation.disagreements.append(Disagreement(ident, claims, note, rec.where))

    exclusions_path = graph / "exclusions.yaml"
    if exclusions_path.exists():
        for rec in _records(read(exclusions_path), shown(exclusions_path), "exclusion", problems):
            rec.only(_EXCLUSION_FIELDS)
            source, sentence, reason = rec.text("source"), rec.text("sentence"), rec.text("reason")
            if rec.ok and source and sentence and reason:
                curation.exclusions.append(Exclusion(source, sentence, reason, rec.where))

    if problems:
        raise ValidationFailed(problems)
    return curation
