"""The curated knowledge in graph/: reading the YAML files a curator edits, with file and line.

Reading checks only the shape of each record (required fields, types, unknown fields). What the
records mean (known entities, quotes in the sources, ...) is checked in :mod:`rlskg.model.validate`.
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
    "Independence",
    "Publisher",
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
class Publisher:
    """An organization that publishes source pages (graph/publishers.yaml)."""

    id: str
    name: str
    short_name: str
    type: str  # a publisher type's notation in the ontology: government, hospital, ... copy site
    where: Where
    country: str | None = None  # ISO 3166-1 alpha-2, only where a page of the publisher shows it
    homepage: str | None = None  # the domain of one of its pages' addresses, never a guess
    note: str | None = None


@dataclass(frozen=True)
class Independence:
    """A curator's judgement that a page is independent of another although they share a long run of words."""

    source: str
    reason: str


@dataclass(frozen=True)
class Source:
    """A source page (graph/sources.yaml): what it is, who published it, when, under which licence."""

    id: str
    short_name: str
    file: str
    title: str
    publisher: str  # a publisher's id
    date: dt.date | None  # the date the page states; None when it states none ("undated")
    date_statement: str  # the page's words for its date, or "none stated"
    sha256: str
    where: Where
    licence: str = "copyright"  # a licence's notation in the ontology; a page is in copyright unless stated
    text: str = "quotes"  # "kept": the whole text is in sources/; "quotes": only the claims' quotes are kept
    url: str | None = None  # the address the text was found at, only where known
    retrieved: dt.date | None = None  # the day the text was taken from the web
    reviewer: str | None = None
    derived_from: str | None = None  # the page of another publisher this page copies or adapts
    version_of: str | None = None  # another version of the same page, by the same publisher
    independent_of: tuple[Independence, ...] = ()
    note: str | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # the line of each field

    @property
    def kept(self) -> bool:
        """Whether the project keeps the page's whole text."""
        return self.text == "kept"

    def at(self, key: str) -> Where:
        """Where the field ``key`` is written (the record's start when it is not)."""
        return Where(self.where.file, self.lines.get(key, self.where.line))


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
    publishers: list[Publisher] = field(default_factory=list)
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

    def publisher(self, ident: str) -> Publisher:
        return next(p for p in self.publishers if p.id == ident)


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

    def optional_date(self, key: str) -> dt.date | None:
        """A date that may be absent or null."""
        if self.data.get(key) is None:
            return None
        return self.date(key)

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
    "url",
    "licence",
    "text",
    "date",
    "date_statement",
    "retrieved",
    "reviewer",
    "sha256",
    "derived_from",
    "version_of",
    "independent_of",
    "note",
}
_PUBLISHER_FIELDS = {"id", "name", "short_name", "type", "country", "homepage", "note"}
_INDEPENDENCE_FIELDS = {"source", "reason"}
_TEXT_KEPT = ("kept", "quotes")
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
    files = _Files(root)
    curation = Curation()
    _read_sources(files, curation)
    _read_entities(files, curation)
    _read_claims(files, curation)
    _read_records(files, curation)
    background = files.graph / "background.yaml"
    if background.exists():
        _read_background(files.read(background), files.shown(background), curation, files.problems)
    _read_exclusions(files, curation)
    if files.problems:
        raise ValidationFailed(files.problems)
    return curation


class _Files:
    """The files of graph/ under a project's root, read with file:line for every problem found."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.graph = root / "graph"
        self.problems: list[Problem] = []

    def shown(self, path: Path) -> str:
        """The path as a problem names it: from the project's root."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def read(self, path: Path) -> Any:
        """The file's YAML, or None with its problem kept."""
        try:
            return _compose(path, self.shown(path))
        except ValidationFailed as failed:
            self.problems.extend(failed.problems)
            return None

    def records(self, name: str, what: str) -> Iterator[_Record]:
        """The records of graph/NAME, each a ``what``."""
        path = self.graph / name
        return _records(self.read(path), self.shown(path), what, self.problems)


def _read_sources(files: _Files, curation: Curation) -> None:
    """The publishers (graph/publishers.yaml, when there is one), then the sources that name them."""
    if (files.graph / "publishers.yaml").exists():
        for rec in files.records("publishers.yaml", "publisher"):
            _read_publisher(rec, curation)
    for rec in files.records("sources.yaml", "source"):
        _read_source(rec, curation)


def _read_publisher(rec: _Record, curation: Curation) -> None:
    rec.only(_PUBLISHER_FIELDS)
    texts = {key: rec.text(key) for key in ("id", "name", "short_name", "type")}
    country, homepage, note = (rec.text(key, required=False) for key in ("country", "homepage", "note"))
    if rec.ok and all(texts.values()):
        fields = cast(dict[str, str], texts)
        curation.publishers.append(Publisher(**fields, where=rec.where, country=country, homepage=homepage, note=note))


def _read_source(rec: _Record, curation: Curation) -> None:
    """One record of graph/sources.yaml; ``date`` must be written, as null when the page states none."""
    rec.only(_SOURCE_FIELDS)
    texts = {key: rec.text(key) for key in ("id", "short_name", "file", "title", "publisher", "date_statement")}
    digest = rec.text("sha256")
    if rec.ok and "date" not in rec.data:
        rec.problems.append(
            rec.where.problem("source is missing 'date' (write 'date: null' when the page states none)")
        )
    date = rec.optional_date("date")
    url, reviewer, derived_from, version_of, note = (
        rec.text(key, required=False) for key in ("url", "reviewer", "derived_from", "version_of", "note")
    )
    licence = rec.text("licence", required=False) or "copyright"
    kept = rec.text("text", required=False) or "quotes"
    if kept not in _TEXT_KEPT:
        rec.problems.append(
            Problem(
                rec.where.file,
                rec._line("text"),
                f"'text' is kept or quotes (the whole text or only quotes), not '{kept}'",
            )
        )
    retrieved = rec.optional_date("retrieved")
    independent: list[Independence] = []
    listed = rec.data.get("independent_of") or []
    if not isinstance(listed, list):
        rec.problems.append(Problem(rec.where.file, rec._line("independent_of"), "'independent_of' must be a list"))
        listed = []
    for item in _records(listed, rec.where.file, "independence", rec.problems):
        item.only(_INDEPENDENCE_FIELDS)
        other, reason = item.text("source"), item.text("reason")
        if item.ok and other and reason:
            independent.append(Independence(other, reason))
    dated = rec.data.get("date") is None or date is not None  # null, or a good date
    if rec.ok and digest and dated and all(texts.values()):
        fields = cast(dict[str, str], texts)
        curation.sources.append(
            Source(
                **fields,
                date=date,
                sha256=digest,
                where=rec.where,
                licence=licence,
                text=kept,
                retrieved=retrieved,
                independent_of=tuple(independent),
                lines=dict(rec.data.key_lines),
                url=url,
                reviewer=reviewer,
                derived_from=derived_from,
                version_of=version_of,
                note=note,
            )
        )


def _read_entities(files: _Files, curation: Curation) -> None:
    for rec in files.records("entities.yaml", "entity"):
        rec.only(_ENTITY_FIELDS)
        ident, label, kind, definition = rec.text("id"), rec.text("label"), rec.text("type"), rec.text("definition")
        synonyms, exact, close = rec.texts("synonyms"), rec.texts("exact"), rec.texts("close")
        if rec.ok and ident and label and kind and definition:
            curation.entities.append(Entity(ident, label, kind, definition, rec.where, synonyms, exact, close))


def _read_claims(files: _Files, curation: Curation) -> None:
    claim_paths = sorted((files.graph / "claims").glob("*.yaml"))
    if not claim_paths:
        files.problems.append(Problem(files.shown(files.graph / "claims"), 0, "no claim files (*.yaml)"))
    names = [files.shown(path) for path in claim_paths]
    curation.claim_files.extend(names)
    for read_claims, found in _read_claim_files(claim_paths, names):
        curation.claims.extend(read_claims)
        files.problems.extend(found)


def _read_records(files: _Files, curation: Curation) -> None:
    """The disagreements and the tensions between the sources, where the project records them."""
    if (files.graph / "disagreements.yaml").exists():
        for rec in files.records("disagreements.yaml", "disagreement"):
            rec.only(_DISAGREEMENT_FIELDS)
            ident, note, claims = rec.text("id"), rec.text("note"), rec.texts("claims")
            if rec.ok and ident and note:
                curation.disagreements.append(Disagreement(ident, claims, note, rec.where))
    if (files.graph / "tensions.yaml").exists():
        for rec in files.records("tensions.yaml", "tension"):
            rec.only(_TENSION_FIELDS)
            ident, note, claims, concerns = rec.text("id"), rec.text("note"), rec.texts("claims"), rec.texts("concerns")
            if rec.ok and ident and note:
                curation.tensions.append(Tension(ident, claims, concerns, note, rec.where))


def _read_exclusions(files: _Files, curation: Curation) -> None:
    if (files.graph / "exclusions.yaml").exists():
        for rec in files.records("exclusions.yaml", "exclusion"):
            rec.only(_EXCLUSION_FIELDS)
            source, sentence, reason = rec.text("source"), rec.text("sentence"), rec.text("reason")
            if rec.ok and source and sentence and reason:
                curation.exclusions.append(Exclusion(source, sentence, reason, rec.where))


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
