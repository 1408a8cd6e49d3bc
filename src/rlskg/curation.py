"""The curated knowledge in graph/: reading the YAML files a curator edits, with file and line.

Reading checks only the shape of each record (required fields, types, unknown fields). What the
records mean (known entities, quotes in the sources, ...) is checked in :mod:`rlskg.validate`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from rlskg.errors import Problem, ValidationFailed

__all__ = [
    "CLAIM_FIELDS",
    "BackgroundClaim",
    "BackgroundSource",
    "Claim",
    "Curation",
    "Disagreement",
    "Entity",
    "Exclusion",
    "Source",
    "Tension",
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
    derived_from: str | None = None  # the source this page copies or is derived from


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
    layer: str = "stated"
    quantifier: str | None = None
    subject_text: str | None = None
    object_text: str | None = None
    reading: str | None = None
    restates: str | None = None


@dataclass(frozen=True)
class BackgroundSource:
    """A standard ontology that background claims are taken from."""

    id: str
    short_name: str
    title: str
    publisher: str
    iri: str
    where: Where


@dataclass(frozen=True)
class BackgroundClaim:
    """A fact from a standard ontology, neither page's: its terms and the curator's reading of them."""

    id: str
    subject: str
    predicate: str
    object: str
    source: str
    terms: tuple[str, ...]
    reading: str
    curated_on: dt.date
    where: Where


@dataclass(frozen=True)
class Tension:
    """Claims of different sources that differ in emphasis or effect without contradicting each other."""

    id: str
    claims: tuple[str, ...]
    concerns: tuple[str, ...]
    note: str
    where: Where


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
    tensions: list[Tension] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    ontologies: list[BackgroundSource] = field(default_factory=list)
    background: list[BackgroundClaim] = field(default_factory=list)
    claim_files: list[str] = field(default_factory=list)

    def source(self, ident: str) -> Source:
        return next(s for s in self.sources if s.id == ident)


# ---------------------------------------------------------------- YAML with line numbers


class _Mapping(dict[str, Any]):
    """A YAML mapping that remembers the line it starts at and the line of each key."""

    line: int
    key_lines: dict[str, int]


def _compose(path: Path, shown: str) -> Any:
    """The one document of a YAML file as dicts, lists and scalars, with line numbers kept.

    Built from the parser's events (libyaml's, when installed) rather than from composed nodes: the
    same values as the safe loader gives, at about twice the speed, which counts at 100k claims.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationFailed([Problem(shown, 0, f"cannot read: {exc}")]) from None
    scalars = _Loader("")
    try:
        return _Builder(yaml.parse(text, Loader=_Loader), shown, scalars).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 0
        raise ValidationFailed([Problem(shown, line, f"malformed YAML: {exc.problem}")]) from None
    finally:
        scalars.dispose()


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 0


class _Builder:
    """Values from a stream of YAML events: mappings remember their lines, scalars resolve as the safe loader's."""

    _STR = "tag:yaml.org,2002:str"

    def __init__(self, events: Iterator[yaml.Event], shown: str, scalars: yaml.SafeLoader) -> None:
        self.events = events
        self.shown = shown
        self.scalars = scalars
        self.anchors: dict[str, Any] = {}
        # Plain scalars whose first character starts no implicit type (null, bool, int, date...) are text.
        self.typed_starts = set(scalars.yaml_implicit_resolvers)

    def document(self) -> Any:
        value = None
        documents = 0
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self.malformed(event, "expected a single document, but found another")
                value = self.value(next(self.events))
        return value

    def value(self, event: yaml.Event) -> Any:
        if isinstance(event, yaml.ScalarEvent):
            built = self.scalar(event)
        elif isinstance(event, yaml.MappingStartEvent):
            return self.mapping(event)  # it names its anchor itself, before its values
        elif isinstance(event, yaml.SequenceStartEvent):
            built = []
            if event.anchor:
                self.anchors[event.anchor] = built
            for item in iter(self.events.__next__, None):
                if isinstance(item, yaml.SequenceEndEvent):
                    break
                built.append(self.value(item))
            return built
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise self.malformed(event, f"found undefined alias {event.anchor}")
            return self.anchors[event.anchor]
        else:  # pragma: no cover - the parser gives no other event inside a document
            raise self.malformed(event, "unexpected YAML event")
        if event.anchor:
            self.anchors[event.anchor] = built
        return built

    def malformed(self, event: yaml.Event, problem: str) -> ValidationFailed:
        return ValidationFailed([Problem(self.shown, _line(event), f"malformed YAML: {problem}")])

    def mapping(self, event: yaml.MappingStartEvent) -> _Mapping:
        mapping = _Mapping()
        mapping.line = _line(event)
        mapping.key_lines = {}
        if event.anchor:
            self.anchors[event.anchor] = mapping
        for key_event in iter(self.events.__next__, None):
            if isinstance(key_event, yaml.MappingEndEvent):
                break
            line = _line(key_event)
            if not isinstance(key_event, yaml.ScalarEvent):
                raise ValidationFailed([Problem(self.shown, line, "a key must be plain text")])
            key = str(key_event.value)
            if key in mapping:
                raise ValidationFailed([Problem(self.shown, line, f"duplicate key '{key}'")])
            mapping[key] = self.value(next(self.events))
            mapping.key_lines[key] = line
        return mapping

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            plain = event.implicit[0]
            if not plain or (value and value[0] not in self.typed_starts):
                return value
            tag = self.scalars.resolve(yaml.ScalarNode, value, event.implicit)  # type: ignore[no-untyped-call]
        if tag == self._STR:
            return value
        start, end = cast(Any, event.start_mark), cast(Any, event.end_mark)  # libyaml's marks: not in the stubs
        node = yaml.ScalarNode(tag, value, start, end, event.style)
        return self.scalars.construct_object(node, deep=True)


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

    def text(self, key: str, required: bool = True, strip: bool = True) -> str | None:
        """The field as text; ``strip=False`` keeps its edge spaces and allows them alone.

        A quote's prefix and suffix are read so: at the start or end of a page they are empty or a space.
        """
        value = self.data.get(key)
        if value is None:
            if required and self.ok:
                self.problems.append(self.where.problem(f"{self.what} is missing '{key}'"))
            return None
        if isinstance(value, (dict, list)):
            self.problems.append(Problem(self.where.file, self._line(key), f"'{key}' must be text"))
            return None
        text = str(value)
        if not text.strip() and strip:
            self.problems.append(Problem(self.where.file, self._line(key), f"'{key}' is empty"))
            return None
        return text.strip() if strip else text

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


_SOURCE_FIELDS = {
    "id",
    "short_name",
    "file",
    "title",
    "publisher",
    "date",
    "date_statement",
    "sha256",
    "reviewer",
    "derived_from",
}
_ENTITY_FIELDS = {"id", "label", "type", "definition", "synonyms", "exact", "close"}
#: The fields of a claim in graph/claims/*.yaml, in the order a claim file writes them.
CLAIM_FIELDS = (
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
    "layer",
    "quantifier",
    "subject_text",
    "object_text",
    "reading",
    "restates",
)
_CLAIM_FIELDS = set(CLAIM_FIELDS)
_CLAIM_LAYERS = {"stated", "implied"}
#: From this many claim files on, they are read in parallel.
_PARALLEL_FILES = 16
_CLAIM_FILE_FIELDS = {"source", "curated_on", "claims"}
_DISAGREEMENT_FIELDS = {"id", "claims", "note"}
_TENSION_FIELDS = {"id", "claims", "concerns", "note"}
_BACKGROUND_FILE_FIELDS = {"curated_on", "ontologies", "claims"}
_ONTOLOGY_FIELDS = {"id", "short_name", "title", "publisher", "iri"}
_BACKGROUND_FIELDS = {"id", "subject", "predicate", "object", "source", "terms", "reading"}
_EXCLUSION_FIELDS = {"source", "sentence", "reason"}


def _records(data: Any, shown: str, what: str, problems: list[Problem]) -> Iterator[_Record]:
    if data is None:
        return
    if not isinstance(data, list):
        problems.append(Problem(shown, getattr(data, "line", 1), f"expected a list of {what}s"))
        return
    for item in data:
        yield _Record(item, shown, what, problems, getattr(item, "line", 1))


def _read_claim_file(path: Path, name: str) -> tuple[list[Claim], list[Problem]]:
    """One file of graph/claims/: its claims and the problems of its records."""
    problems: list[Problem] = []
    claims: list[Claim] = []
    try:
        data = _compose(path, name)
    except ValidationFailed as failed:
        return claims, failed.problems
    if data is None:
        return claims, problems
    head = _Record(data, name, "claim file", problems, 1)
    if not head.ok:
        return claims, problems
    head.only(_CLAIM_FILE_FIELDS)
    source, curated_on = head.text("source"), head.date("curated_on")
    for rec in _records(data.get("claims"), name, "claim", problems):
        rec.only(_CLAIM_FIELDS)
        texts = {key: rec.text(key) for key in ("id", "subject", "predicate", "object", "certainty", "cue", "part")}
        quote, start, end = rec.text("quote"), rec.integer("start"), rec.integer("end")
        prefix = rec.text("prefix", required=False, strip=False)
        suffix = rec.text("suffix", required=False, strip=False)
        optional = {
            key: rec.text(key, required=False)
            for key in ("note", "quantifier", "subject_text", "object_text", "reading", "restates")
        }
        layer = rec.text("layer", required=False) or "stated"
        if layer not in _CLAIM_LAYERS:
            rec.problems.append(
                Problem(
                    name,
                    rec.data.key_lines.get("layer", rec.where.line),
                    f"a page claim's layer is stated or implied, not '{layer}'",
                )
            )
        if rec.ok and source and curated_on and quote and start is not None and end is not None and all(texts.values()):
            fields = cast(dict[str, str], texts)
            claims.append(
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
                    layer=layer,
                    note=optional["note"],
                    quantifier=optional["quantifier"],
                    subject_text=optional["subject_text"],
                    object_text=optional["object_text"],
                    reading=optional["reading"],
                    restates=optional["restates"],
                )
            )

    return claims, problems


def _read_claim_files(paths: list[Path], names: list[str]) -> Iterator[tuple[list[Claim], list[Problem]]]:
    """Every claim file, read in two processes when there are many (YAML parsing is most of the time)."""
    if len(paths) < _PARALLEL_FILES or (os.cpu_count() or 1) < 2:
        yield from map(_read_claim_file, paths, names)
        return
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(_read_claim_file, paths, names, chunksize=4)


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
        derived = rec.text("derived_from", required=False)
        if rec.ok and digest and date and all(texts.values()):
            fields = cast(dict[str, str], texts)
            curation.sources.append(
                Source(**fields, sha256=digest, date=date, where=rec.where, reviewer=reviewer, derived_from=derived)
            )

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
    names = [shown(path) for path in claim_paths]
    curation.claim_files.extend(names)
    for read_claims, found in _read_claim_files(claim_paths, names):
        curation.claims.extend(read_claims)
        problems.extend(found)

    disagreements_path = graph / "disagreements.yaml"
    if disagreements_path.exists():
        for rec in _records(read(disagreements_path), shown(disagreements_path), "disagreement", problems):
            rec.only(_DISAGREEMENT_FIELDS)
            ident, note, claims = rec.text("id"), rec.text("note"), rec.texts("claims")
            if rec.ok and ident and note:
                curation.disagreements.append(Disagreement(ident, claims, note, rec.where))

    tensions_path = graph / "tensions.yaml"
    if tensions_path.exists():
        for rec in _records(read(tensions_path), shown(tensions_path), "tension", problems):
            rec.only(_TENSION_FIELDS)
            ident, note, claims, concerns = rec.text("id"), rec.text("note"), rec.texts("claims"), rec.texts("concerns")
            if rec.ok and ident and note:
                curation.tensions.append(Tension(ident, claims, concerns, note, rec.where))

    background_path = graph / "background.yaml"
    if background_path.exists():
        _read_background(read(background_path), shown(background_path), curation, problems)

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


def _read_background(data: Any, name: str, curation: Curation, problems: list[Problem]) -> None:
    """graph/background.yaml: the standard ontologies, and the facts taken from them."""
    if data is None:
        return
    head = _Record(data, name, "background file", problems, 1)
    if not head.ok:
        return
    head.only(_BACKGROUND_FILE_FIELDS)
    curated_on = head.date("curated_on")
    for rec in _records(data.get("ontologies"), name, "ontology", problems):
        rec.only(_ONTOLOGY_FIELDS)
        texts = {key: rec.text(key) for key in ("id", "short_name", "title", "publisher", "iri")}
        if rec.ok and all(texts.values()):
            curation.ontologies.append(BackgroundSource(**cast(dict[str, str], texts), where=rec.where))
    for rec in _records(data.get("claims"), name, "background claim", problems):
        rec.only(_BACKGROUND_FIELDS)
        texts = {key: rec.text(key) for key in ("id", "subject", "predicate", "object", "source", "reading")}
        terms = rec.texts("terms")
        if not terms and rec.ok:
            problems.append(rec.where.problem("a background claim names the ontology terms it rests on ('terms')"))
        if rec.ok and curated_on and terms and all(texts.values()):
            fields = cast(dict[str, str], texts)
            curation.background.append(BackgroundClaim(**fields, terms=terms, curated_on=curated_on, where=rec.where))
