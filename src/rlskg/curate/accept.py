"""Accepting a reviewed draft into graph/ and the page into the source texts.

The draft's candidates become a claim file of graph/claims/; its source, new entities and
disagreements are added to graph/.

Everything is checked first (the draft itself, with the draft's file and line, then the whole
project as it would be, built in a temporary copy); nothing is written unless all of it passes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rlskg.curate.grounding import Term, load_vocabulary
from rlskg.curate.page import CurateError, read_page
from rlskg.errors import Problem, ValidationFailed
from rlskg.model.curation import CLAIM_FIELDS, _compose, _Mapping, load_curation
from rlskg.model.ontology import load_ontology
from rlskg.model.provenance import NONE_STATED
from rlskg.model.sources import fold
from rlskg.model.validate import CURIE_BASES

__all__ = ["Accepted", "accept"]

#: The fields of a candidate that become the claim (the claim format's own); the rest is for review only.
_CLAIM_KEYS = CLAIM_FIELDS
_REVIEW_KEYS = {"review", "agrees_with", "contradicts", "tension_with"}


@dataclass
class Accepted:
    """What accepting a draft wrote."""

    source: str
    claims: int
    entities: int
    disagreements: int
    written: list[Path] = field(default_factory=list)
    #: where a page in copyright stays when no texts folder of the curator's was given (not copied)
    left_at: Path | None = None


class _Draft:
    """A draft file read with the line of every record, collecting problems."""

    def __init__(self, path: Path, shown: str, ontology: Any) -> None:
        self.shown = shown
        self.problems: list[Problem] = []
        self.whole_text_licences = frozenset(ontology.whole_text_licences)
        self.publisher_types = ", ".join(sorted(ontology.publisher_types))
        data = _compose(path, shown)
        if not isinstance(data, _Mapping):
            raise ValidationFailed([Problem(shown, 1, "a draft is a mapping with source, candidates, new_entities")])
        self.data = data

    def where(self, mapping: Any, key: str | None = None) -> int:
        if isinstance(mapping, _Mapping):
            return mapping.key_lines.get(key, mapping.line) if key else mapping.line
        return 0

    def problem(self, mapping: Any, message: str, key: str | None = None) -> None:
        self.problems.append(Problem(self.shown, self.where(mapping, key), message))


def _text(value: Any) -> str | None:
    return (
        str(value).strip() if value is not None and not isinstance(value, (dict, list)) and str(value).strip() else None
    )


def accept(draft_path: Path, root: Path, sources: Path | None, today: dt.date | None = None) -> Accepted:
    """Move a reviewed draft into ``root``/graph/ and its page into ``sources``.

    A page whose licence lets the project keep it goes to ``root``/sources/; a page in copyright goes
    to ``sources``, the curator's own texts folder, and stays where it is when that is None (the
    quotes are verified against it here and kept in the project).

    Raises
    ------
    ValidationFailed
        With one problem per line (the draft's file and line, or the project's after accepting).
    CurateError
        When the page or the sources folder cannot be used.

    """
    shown = str(draft_path)
    ontology = load_ontology(root / "ontology" / "rls.ttl")
    draft = _Draft(draft_path, shown, ontology)
    curation = load_curation(root)
    if sources is not None and not sources.is_dir():
        raise CurateError(f"{sources}: sources folder does not exist")
    record, page, text = _source(draft, draft_path, curation)
    publisher = _new_publisher(draft, curation, record.get("publisher"))
    home = _text_home(draft, record, root, sources)
    target = home / page.name if home is not None else None
    if (
        target is not None
        and target.exists()
        and target.resolve() != page.resolve()
        and hashlib.sha256(target.read_bytes()).hexdigest() != record["sha256"]
    ):
        draft.problem(draft.data.get("source"), f"{target} exists with other content; rename the page", "page")
    known = {e.id for e in curation.entities}
    entities = _entities(draft, known, ontology, load_vocabulary(root / "graph" / "vocabulary.yaml"))
    claims, disagreements = _claims(draft, text, known, ontology, curation, record)
    if not claims:
        draft.problem(draft.data, "the draft has no candidates to accept")
    if draft.problems:
        raise ValidationFailed(draft.problems)
    curated_on = draft.data.get("curated_on")
    claim_file = {
        "source": record["id"],
        "curated_on": curated_on if isinstance(curated_on, dt.date) else (today or dt.date.today()),
        "claims": claims,
    }
    graph = root / "graph"
    if (graph / "claims" / f"{record['id']}.yaml").exists():
        raise ValidationFailed(
            [Problem(f"graph/claims/{record['id']}.yaml", 0, "a claim file of that name exists already")]
        )
    updates = {
        graph / "claims" / f"{record['id']}.yaml": _claim_file_text(record, claim_file),
        graph / "sources.yaml": _appended(graph / "sources.yaml", [record]),
    }
    if publisher is not None:
        updates[graph / "publishers.yaml"] = _appended(graph / "publishers.yaml", [publisher])
    if entities:
        updates[graph / "entities.yaml"] = _appended(graph / "entities.yaml", entities)
    if disagreements:
        updates[graph / "disagreements.yaml"] = _appended(graph / "disagreements.yaml", disagreements)
    _check_project(root, sources, updates, page)
    written = _write(updates, page, target)
    left_at = page if target is None else None
    return Accepted(str(record["id"]), len(claims), len(entities), len(disagreements), written, left_at)


def _source(draft: _Draft, draft_path: Path, curation: Any) -> tuple[dict[str, Any], Path, str]:
    """The draft's source as a record of graph/sources.yaml, its page and the page's text."""
    shown = draft.shown
    source = draft.data.get("source")
    if not isinstance(source, _Mapping):
        raise ValidationFailed([Problem(shown, draft.where(draft.data, "source"), "draft has no 'source' mapping")])
    ident = _text(source.get("id"))
    if source.get("update_of") is not None:
        message = (
            f"an --update-of draft: apply its claim fates to graph/claims/{ident}.yaml by hand; "
            "accept takes drafts of new sources only"
        )
        raise ValidationFailed([Problem(shown, draft.where(source, "update_of"), message)])
    if ident is None:
        draft.problem(source, "source has no 'id'")
    elif any(s.id == ident for s in curation.sources):
        draft.problem(source, f"source '{ident}' exists already in graph/sources.yaml", "id")
    page_value = _text(source.get("page"))
    if page_value is None:
        raise ValidationFailed([*draft.problems, Problem(shown, draft.where(source), "source has no 'page'")])
    page = Path(page_value)
    if not page.is_absolute():
        page = (draft_path.parent / page).resolve()
    text = read_page(page)
    digest = hashlib.sha256(page.read_bytes()).hexdigest()
    if _text(source.get("sha256")) != digest:
        draft.problem(source, f"{page} has changed since the draft was made (sha256 {digest})", "sha256")
    record: dict[str, Any] = {"id": ident}
    for key in ("short_name", "title", "publisher"):
        value = _text(source.get(key))
        if value is None:
            draft.problem(source, f"source needs '{key}'", key if key in source else None)
        record[key] = value
    record["file"] = page.name
    date = source.get("date")
    statement = _text(source.get("date_statement"))
    if date is None and statement == NONE_STATED:
        pass  # an undated page, said so
    elif not isinstance(date, dt.date):
        where = "date" if "date" in source else None
        message = f"source 'date' must be a date YYYY-MM-DD (or null with date_statement '{NONE_STATED}'), not {date!r}"
        draft.problem(source, message, where)
    record["date"] = date
    record["date_statement"] = statement or (f"dated {date.isoformat()}" if isinstance(date, dt.date) else None)
    record["sha256"] = digest
    _provenance(draft, source, record)
    return record, page, text


def _provenance(draft: _Draft, source: Any, record: dict[str, Any]) -> None:
    """The page's address, licence, retrieval day and whether its whole text is kept, into ``record``."""
    url = _text(source.get("url"))
    if url is not None:
        record["url"] = url
    record["licence"] = _text(source.get("licence")) or "copyright"
    record["text"] = "kept" if record["licence"] in draft.whole_text_licences else "quotes"
    retrieved = source.get("retrieved")
    if retrieved is not None and not isinstance(retrieved, dt.date):
        draft.problem(source, f"source 'retrieved' must be a date YYYY-MM-DD, not {retrieved!r}", "retrieved")
    elif retrieved is not None:
        record["retrieved"] = retrieved


def _text_home(draft: _Draft, record: dict[str, Any], root: Path, sources: Path | None) -> Path | None:
    """Where the page's text goes: the project's sources/ when its licence lets the project keep it.

    A page in copyright keeps only its quotes in the project; its text goes to the curator's own
    texts folder (--sources, $RLSKG_SOURCES), which must not be the project's sources/, or nowhere
    when none is given.
    """
    own = root / "sources"
    if record["text"] == "kept":
        return own
    if sources is None:
        return None
    refused = {
        (root.resolve().parent / "shared" / "sources").resolve(): (
            f"{sources} is the shared folder of input texts, read and never written: give --sources (or "
            "$RLSKG_SOURCES) a folder of your own, or neither to leave the page where it is"
        ),
        own.resolve(): (
            f"a '{record['licence']}' page keeps only its quotes in the project: give --sources a folder "
            "outside it (its text is needed to verify the quotes)"
        ),
    }
    if sources.resolve() in refused:
        draft.problem(draft.data.get("source"), refused[sources.resolve()], "licence")
    return sources


def _new_publisher(draft: _Draft, curation: Any, publisher: str | None) -> dict[str, Any] | None:
    """The draft's new publisher as a record of graph/publishers.yaml, when the source names one."""
    item = draft.data.get("new_publisher")
    known = {p.id for p in curation.publishers}
    if publisher is None or publisher in known:
        return None
    if not isinstance(item, _Mapping) or _text(item.get("id")) != publisher:
        draft.problem(
            draft.data.get("source"),
            f"unknown publisher '{publisher}': give an id of graph/publishers.yaml, or a new_publisher with that id",
            "publisher",
        )
        return None
    record = {key: _text(item.get(key)) for key in ("id", "name", "short_name", "type")}
    missing = [key for key, value in record.items() if value is None]
    if missing:
        message = f"new publisher needs {', '.join(missing)} (type: one of {draft.publisher_types})"
        draft.problem(item, message, missing[0])
    elif record["type"] not in draft.publisher_types.split(", "):
        draft.problem(item, f"unknown publisher type '{record['type']}', one of {draft.publisher_types}", "type")
    return record


def _entities(draft: _Draft, known: set[str], ontology: Any, vocabulary: list[Term]) -> list[dict[str, Any]]:
    """The draft's new entities as records of graph/entities.yaml; their ids join ``known``.

    A new entity of a vocabulary term's label carries the term's verified identifiers that the graph
    can write, whether or not the draft still lists them.
    """
    terms = {t.label.casefold(): t for t in vocabulary if t.entity is None}
    entities: list[dict[str, Any]] = []
    for item in draft.data.get("new_entities") or []:
        fields = ("id", "label", "type", "definition")
        entity: dict[str, Any] = {key: _text(item.get(key)) if isinstance(item, dict) else None for key in fields}
        missing = [key for key, value in entity.items() if value is None]
        if missing:
            draft.problem(item, f"new entity needs {', '.join(missing)}")
            continue
        if entity["id"] in known:
            draft.problem(item, f"entity '{entity['id']}' exists already", "id")
        if entity["type"] not in ontology.entity_classes:
            draft.problem(item, f"unknown entity type '{entity['type']}'", "type")
        for key in ("synonyms", "exact", "close"):  # the vocabulary's names and verified identifiers
            values = item.get(key)
            if isinstance(values, list) and values:
                entity[key] = [str(v) for v in values]
        _add_identifiers(entity, terms.get(str(entity["label"]).casefold()))
        known.add(str(entity["id"]))
        entities.append(entity)
    return entities


def _add_identifiers(entity: dict[str, Any], term: Term | None) -> None:
    """Add ``term``'s verified identifiers the entity lacks, exact as exact and close as close."""
    if term is None:
        return
    have = {*entity.get("exact", ()), *entity.get("close", ())}
    for key, ids in (("exact", term.exact), ("close", term.close)):
        missing = [i for i in ids if i not in have and i.split(":")[0] in CURIE_BASES]
        if missing:
            entity[key] = [*entity.get(key, ()), *missing]
    for key in ("exact", "close"):  # in this order, as graph/entities.yaml writes them
        if key in entity:
            entity[key] = entity.pop(key)


def _claims(  # noqa: PLR0917 - the draft and what its claims are checked against
    draft: _Draft, text: str, known: set[str], ontology: Any, curation: Any, record: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The draft's candidates as claims, and the disagreements their ``contradicts`` record."""
    claims: list[dict[str, Any]] = []
    disagreements: list[dict[str, Any]] = []
    existing = {c.id: c for c in curation.claims}
    short = {s.id: s.short_name for s in curation.sources}
    for item in draft.data.get("candidates") or []:
        if not isinstance(item, _Mapping):
            draft.problem(item, "each candidate must be a mapping of fields")
            continue
        claim = _claim(item, text, known, ontology, draft)
        if claim is None:
            continue
        # The graph keeps quotes with their white space folded, as every claim file does.
        claim["quote"] = fold(str(claim["quote"]))
        claims.append(claim)
        contradicted = [str(c) for c in item.get("contradicts") or (item.get("review") or {}).get("contradicts") or []]
        for other in contradicted:
            if other not in existing:
                draft.problem(item, f"contradicts unknown claim '{other}'", "contradicts")
        if contradicted:
            names = sorted({short.get(existing[o].source, existing[o].source) for o in contradicted if o in existing})
            disagreements.append(
                {
                    "id": f"{claim['id']}-disagreement",
                    "claims": [claim["id"], *contradicted],
                    "note": f"{record['short_name']} says '{fold(claim['quote'])[:120]}' ({claim['certainty']}); "
                    f"{' and '.join(names)} {'says' if len(names) == 1 else 'say'} otherwise.",
                }
            )
    return claims, disagreements


def _claim(item: _Mapping, text: str, known: set[str], ontology: Any, draft: _Draft) -> dict[str, Any] | None:
    """The claim of one candidate, or None (with problems noted) when it cannot be one."""
    before = len(draft.problems)
    for key in item:
        if key not in _CLAIM_KEYS and key not in _REVIEW_KEYS:
            draft.problem(item, f"unknown field '{key}' in candidate", key)
    claim = {key: item[key] for key in _CLAIM_KEYS if item.get(key) is not None}
    for key in ("prefix", "suffix"):  # a quote at the page's edge has only white space (or nothing) beyond it
        if isinstance(claim.get(key), str) and not claim[key].strip():
            del claim[key]
    for key in ("id", "subject", "predicate", "object", "certainty", "cue", "part", "quote", "start", "end"):
        if key not in claim:
            draft.problem(item, f"candidate is missing '{key}'")
    if len(draft.problems) > before:
        return None
    relation = ontology.relations.get(claim["predicate"])
    if relation is None:
        draft.problem(item, f"unknown predicate '{claim['predicate']}'", "predicate")
    if claim["subject"] not in known:
        draft.problem(
            item, f"unknown entity '{claim['subject']}' (not in graph/entities.yaml nor new_entities)", "subject"
        )
    statuses = ontology.statuses if relation is not None and relation.kind == "status" else set()
    if claim["object"] not in known and claim["object"] not in statuses:
        draft.problem(
            item, f"unknown entity '{claim['object']}' (not in graph/entities.yaml nor new_entities)", "object"
        )
    start, end = claim["start"], claim["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        draft.problem(item, f"offsets {start!r}-{end!r} are not a span of the page", "start")
    elif fold(text[start:end]) != fold(str(claim["quote"])):
        draft.problem(item, f"quote not in the page at {start}-{end}: '{fold(str(claim['quote']))[:60]}'", "quote")
    if len(draft.problems) > before:
        return None
    return claim


def _claim_file_text(source: dict[str, Any], body: dict[str, Any]) -> str:
    header = (
        f'# Claims of {source["short_name"]}, "{source["title"]}" ({source["file"]}),\n'
        "# proposed by `rlskg curate` and accepted after review with `rlskg accept`. Fields as in nhlbi.yaml.\n\n"
    )
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=120)


def _appended(path: Path, records: list[dict[str, Any]]) -> str:
    """The text of a YAML list file with ``records`` added at its end, its comments kept."""
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if current and not current.endswith("\n"):
        current += "\n"
    return current + "\n" + yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=120)


def _check_project(root: Path, sources: Path | None, updates: dict[Path, str], page: Path) -> None:
    """Validate the project as it would be after accepting, in a temporary copy."""
    from rlskg.build import validate  # noqa: PLC0415 - the build imports the curation modules

    with tempfile.TemporaryDirectory(prefix="rlskg-accept-") as temporary:
        copy = Path(temporary) / "project"
        shutil.copytree(root / "ontology", copy / "ontology")
        shutil.copytree(root / "graph", copy / "graph")
        if (root / "sources").is_dir():  # the whole texts the project keeps
            shutil.copytree(root / "sources", copy / "sources")
        for path, content in updates.items():
            (copy / path.relative_to(root)).write_text(content, encoding="utf-8")
        texts = Path(temporary) / "sources"
        if sources is not None:
            shutil.copytree(sources, texts)
        texts.mkdir(exist_ok=True)
        shutil.copyfile(page, texts / page.name)
        try:
            validate(copy, texts)
        except ValidationFailed as failed:
            raise ValidationFailed(
                [Problem(p.file, p.line, f"after accepting: {p.message}") for p in failed.problems]
            ) from None


def _write(updates: dict[Path, str], page: Path, target: Path | None) -> list[Path]:
    """Stage every file next to its place, then rename them all into place."""
    contents = {path: content.encode("utf-8") for path, content in updates.items()}
    if target is not None and not target.exists():
        contents[target] = page.read_bytes()
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            staged.append((Path(name), path))
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
        for temporary, path in staged:
            temporary.chmod(0o644)
            temporary.replace(path)
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
    return [path for _, path in staged]
