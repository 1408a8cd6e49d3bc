"""The build: read ontology/ and graph/, validate everything, write build/.

Nothing is written unless every check passes, and each file is written to a temporary file and
renamed into place, so a failed or interrupted build never leaves a half-written file.
Two builds of the same input give byte-identical files.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import networkx as nx
from rdflib import Graph

from rlskg.errors import ValidationFailed
from rlskg.export import writer
from rlskg.model.curation import Curation, load_curation
from rlskg.model.entail import Entailment, entailments
from rlskg.model.ontology import Ontology, load_ontology
from rlskg.model.sources import text_dirs
from rlskg.model.validate import check_curation, check_sources
from rlskg.rdf.graph import to_rdf, where_of
from rlskg.rdf.shapes import check_graph, check_parts

__all__ = ["ARTIFACTS", "LARGE_ARTIFACTS", "LARGE_CLAIMS", "BuildResult", "build", "validate"]


#: A build of more claims than this (page and background claims) is large: it writes the graph as
#: N-Triples and the networkx view as a pickle, streamed, validates with a Rust SHACL engine, and
#: writes no Turtle, JSON-LD, GraphML or page (see LARGE_ARTIFACTS).
LARGE_CLAIMS = 1_000


@dataclass
class BuildResult:
    """What a validation or a build made: the model, and the graph in every form its files are written from.

    It has the shape the writers of :mod:`rlskg.export` read (:class:`rlskg.model.built.Built`).
    """

    curation: Curation
    ontology: Ontology
    verified: bool  # every source's quotes verified against its text
    sources: tuple[Path, ...]  # where the texts were looked for, in order
    written: list[Path] = field(default_factory=list)
    large: bool = False
    triples: int = 0
    consistent_only: tuple[str, ...] = ()  # sources without a text here: quotes checked only against each other

    @functools.cached_property
    def graph(self) -> Graph:
        """The whole graph as an rdflib Graph (made when first asked for: a large build never needs it)."""
        return to_rdf(self.curation, self.ontology)

    @functools.cached_property
    def entailed(self) -> list[Entailment]:
        """The entailed claims, concluded once for every artifact that needs them."""
        return entailments(self.curation, self.ontology)

    @functools.cached_property
    def network(self) -> nx.MultiDiGraph:
        """The networkx view of the graph, made once for every artifact that needs it."""
        if self.large:
            from rlskg.rdf.bulk import network_from_model  # noqa: PLC0415

            return network_from_model(self.curation, self.ontology, self.entailed)
        from rlskg.rdf.network import to_networkx  # noqa: PLC0415

        return to_networkx(self.graph)

    @property
    def summary(self) -> str:
        verified = len(self.curation.sources) - len(self.consistent_only)
        checked = f"quotes of {verified} sources verified against their texts"
        if self.consistent_only:
            checked += (
                f"; quotes of {len(self.consistent_only)} ({', '.join(self.consistent_only)}) NOT verified: "
                "no text here, checked only for consistency with each other (use --sources DIR or RLSKG_SOURCES)"
            )
        implied = sum(c.layer == "implied" for c in self.curation.claims)
        triples = self.triples or len(self.graph)
        large = (
            f"; a large graph (over {LARGE_CLAIMS:,} claims): N-Triples and the networkx view only, "
            "no rls.ttl, rls.jsonld, rls.graphml or rls.html (the whole graph is too large to draw)"
            if self.large
            else ""
        )
        return (
            f"{len(self.curation.entities)} entities, {len(self.curation.claims)} page claims "
            f"({implied} implied), {len(self.curation.background)} background, "
            f"{len(self.entailed)} entailed, "
            f"{len(self.curation.disagreements)} disagreements, {len(self.curation.tensions)} tensions, "
            f"{triples} triples; {checked}{large}"
        )


def _checked(root: Path, sources: Path | None, large: bool | None) -> BuildResult:
    """Read and check everything but SHACL; raise on any problem."""
    ontology = load_ontology(root / "ontology" / "rls.ttl")
    curation = load_curation(root)
    problems = check_curation(curation, ontology)
    kept = root / "sources"
    source_check = check_sources(curation, text_dirs(sources, root), kept if kept.is_dir() else None)
    problems += source_check.problems
    if problems:
        raise ValidationFailed(problems)
    if large is None:
        large = len(curation.claims) + len(curation.background) > LARGE_CLAIMS
    return BuildResult(
        curation,
        ontology,
        not source_check.consistent,
        source_check.directories,
        large=large,
        consistent_only=source_check.consistent,
    )


def _write_ntriples(result: BuildResult, handle: IO[bytes]) -> None:
    from rlskg.rdf.bulk import write_ntriples  # noqa: PLC0415

    result.triples = write_ntriples(result.curation, result.ontology, result.entailed, handle)


def _check_bulk(result: BuildResult, root: Path) -> None:
    problems = check_parts(result.curation, result.ontology, result.entailed, root / "ontology" / "shapes.ttl")
    if problems:
        raise ValidationFailed(problems)


def validate(root: Path, sources: Path | None = None, *, large: bool | None = None) -> BuildResult:
    """Run every check of the build and return the graph; write nothing.

    ``large`` chooses the path for a large graph (default: by the number of claims, LARGE_CLAIMS).

    Raises
    ------
    ValidationFailed
        With one problem per line, ``file:line: message``.

    """
    result = _checked(root, sources, large)
    if result.large:
        from rlskg.rdf.bulk import ntriples  # noqa: PLC0415

        _check_bulk(result, root)
        result.triples = sum(1 for _ in ntriples(result.curation, result.ontology, result.entailed))
        return result
    problems = check_graph(result.graph, root / "ontology" / "shapes.ttl", where_of(result.curation))
    if problems:
        raise ValidationFailed(problems)
    return result


#: The files a build of the shipped size writes, by their path under build/: each made by the writer
#: registered under its name (see :mod:`rlskg.export`).
ARTIFACTS: tuple[str, ...] = (
    "rls.ttl",
    "rls.jsonld",
    "rls.network.json",
    "rls.graphml",
    "rls.html",
    "rls.nq",
    "kgx/nodes.tsv",
    "kgx/edges.tsv",
    "kgx/nodes.jsonl",
    "kgx/edges.jsonl",
    "rls.nanopubs.trig",
)


def _network_pickle(result: BuildResult, handle: IO[bytes]) -> None:
    import pickle  # noqa: PLC0415

    pickle.dump(result.network, handle, protocol=pickle.HIGHEST_PROTOCOL)  # as network.to_network_pickle


def _network_index(result: BuildResult, handle: IO[bytes]) -> None:
    import shutil  # noqa: PLC0415

    from rlskg.explain.index import write_index  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:  # SQLite writes to a path of its own, then it is copied
        path = Path(folder) / "index.sqlite"
        write_index(result.network, path)
        with path.open("rb") as written:
            shutil.copyfileobj(written, handle, 1 << 20)


#: The files a large build writes instead, each streamed to its file.
LARGE_ARTIFACTS: dict[str, Callable[[BuildResult, IO[bytes]], None]] = {
    "rls.nt": _write_ntriples,
    "rls.network.pickle": _network_pickle,
    "rls.network.sqlite": _network_index,  # what `rlskg why` reads, one neighbourhood at a time
}


def build(
    root: Path, out: Path | None = None, sources: Path | None = None, *, large: bool | None = None
) -> BuildResult:
    """Validate, then write every artifact to ``out`` (default build/ under ``root``).

    A large graph (``large``, by default more than LARGE_CLAIMS claims) gets LARGE_ARTIFACTS, the
    others ARTIFACTS; the artifacts of the other kind left by an earlier build are removed.
    """
    result = _checked(root, sources, large)
    out = out or root / "build"
    if result.large:
        _check_bulk(result, root)
    else:
        problems = check_graph(result.graph, root / "ontology" / "shapes.ttl", where_of(result.curation))
        if problems:
            raise ValidationFailed(problems)
        contents = {name: writer(name)(result) for name in ARTIFACTS}
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []

    def stage(name: str) -> tuple[Path, IO[bytes]]:
        folder = (out / name).parent  # a name may hold a folder, as kgx/nodes.tsv does
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, staging = tempfile.mkstemp(dir=folder, prefix=f".{Path(name).name}.")
        staged.append((name, Path(staging)))
        os.chmod(staging, 0o644)  # mkstemp makes files only their owner can read
        return Path(staging), os.fdopen(descriptor, "wb")

    try:
        if result.large:
            for name, write in LARGE_ARTIFACTS.items():
                _, handle = stage(name)
                with handle:
                    write(result, handle)
        else:
            for name, data in contents.items():
                _, handle = stage(name)
                with handle:
                    handle.write(data)
        for name, temporary in staged:
            os.replace(temporary, out / name)
            result.written.append(out / name)
        other = ARTIFACTS if result.large else LARGE_ARTIFACTS
        for name in other:
            (out / name).unlink(missing_ok=True)
            folder = (out / name).parent
            if folder != out and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()  # kgx/ of a small build, emptied
    finally:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)
    return result
