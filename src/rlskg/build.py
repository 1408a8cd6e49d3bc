"""The build: read ontology/ and graph/, validate everything, write build/.

Nothing is written unless every check passes, and each file is written to a temporary file and
renamed into place, so a failed or interrupted build never leaves a half-written file.
Two builds of the same input give byte-identical files.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import Graph

from rlskg.curation import Curation, load_curation
from rlskg.errors import Problem, ValidationFailed
from rlskg.export import WRITERS
from rlskg.ontology import NAMESPACES, Ontology, load_ontology
from rlskg.rdf import to_rdf, where_of
from rlskg.sources import sources_dir
from rlskg.validate import check_curation, check_sources

__all__ = ["BuildResult", "build", "validate"]

_HEADER = "# The rls-kg graph, written by `rlskg build` from ontology/ and graph/. Do not edit: edit graph/.\n"


@dataclass
class BuildResult:
    """What a validation or build did."""

    graph: Graph
    curation: Curation
    ontology: Ontology
    verified: bool
    sources: Path | None
    written: list[Path] = field(default_factory=list)

    @functools.cached_property
    def network(self) -> nx.MultiDiGraph:
        """The networkx view of the graph, made once for every artifact that needs it."""
        from rlskg.network import to_networkx  # noqa: PLC0415

        return to_networkx(self.graph)

    @property
    def summary(self) -> str:
        checked = (
            f"quotes verified against {self.sources}"
            if self.verified
            else "quotes NOT verified: no source texts (use --sources DIR or RLSKG_SOURCES)"
        )
        from rlskg.entail import entailments  # noqa: PLC0415

        implied = sum(c.layer == "implied" for c in self.curation.claims)
        return (
            f"{len(self.curation.entities)} entities, {len(self.curation.claims)} page claims "
            f"({implied} implied), {len(self.curation.background)} background, "
            f"{len(entailments(self.curation, self.ontology))} entailed, "
            f"{len(self.curation.disagreements)} disagreements, {len(self.curation.tensions)} tensions, "
            f"{len(self.graph)} triples; {checked}"
        )


def _shacl(graph: Graph, shapes_path: Path, places: dict[str, str]) -> list[Problem]:
    import pyshacl  # noqa: PLC0415 - heavy, needed only here
    from rdflib.namespace import SH  # noqa: PLC0415

    shapes = Graph().parse(shapes_path, format="turtle")
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes, advanced=True, allow_warnings=False)
    if conforms:
        return []
    problems = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = str(report.value(result, SH.focusNode))
        message = report.value(result, SH.resultMessage)
        where, _, line = places.get(focus, "build/rls.ttl:0").rpartition(":")
        problems.append(Problem(where, int(line), f"SHACL: {message} ({focus})"))
    return problems


def validate(root: Path, sources: Path | None = None) -> BuildResult:
    """Run every check of the build and return the graph; write nothing.

    Raises
    ------
    ValidationFailed
        With one problem per line, ``file:line: message``.

    """
    ontology = load_ontology(root / "ontology" / "rls.ttl")
    curation = load_curation(root)
    problems = check_curation(curation, ontology)
    source_check = check_sources(curation, sources_dir(sources, root))
    problems += source_check.problems
    if problems:
        raise ValidationFailed(problems)
    graph = to_rdf(curation, ontology)
    problems = _shacl(graph, root / "ontology" / "shapes.ttl", where_of(curation))
    if problems:
        raise ValidationFailed(problems)
    return BuildResult(graph, curation, ontology, source_check.verified, source_check.directory)


def _turtle(graph: Graph) -> bytes:
    return (_HEADER + graph.serialize(format="turtle")).encode("utf-8")


def _canonical(value: object) -> object:
    """JSON-LD with its node and value arrays in one fixed order (they are sets, not lists)."""
    if isinstance(value, dict):
        return {key: _canonical(v) for key, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(graph: Graph) -> bytes:
    data = json.loads(graph.serialize(format="json-ld", context=NAMESPACES, auto_compact=True))
    return (json.dumps(_canonical(data), indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _graphml(result: BuildResult) -> bytes:
    from rlskg.network import to_graphml  # noqa: PLC0415

    return to_graphml(result.network)


def _network_json(result: BuildResult) -> bytes:
    from rlskg.network import to_network_json  # noqa: PLC0415

    return to_network_json(result.network)


def _html(result: BuildResult) -> bytes:
    from rlskg.view import render_html  # noqa: PLC0415

    return render_html(result.network).encode("utf-8")


#: The files a build writes, by their path under build/, each made from the validated result.
ARTIFACTS: dict[str, Callable[[BuildResult], bytes]] = {
    "rls.ttl": lambda result: _turtle(result.graph),
    "rls.jsonld": lambda result: _jsonld(result.graph),
    "rls.network.json": _network_json,
    "rls.graphml": _graphml,
    "rls.html": _html,
    **WRITERS,  # the exports: N-Quads, KGX, nanopublications
}


def build(root: Path, out: Path | None = None, sources: Path | None = None) -> BuildResult:
    """Validate, then write every artifact to ``out`` (default build/ under ``root``)."""
    result = validate(root, sources)
    out = out or root / "build"
    contents = {name: make(result) for name, make in ARTIFACTS.items()}
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in contents.items():
            folder = (out / name).parent  # a name may hold a folder, as kgx/nodes.tsv does
            folder.mkdir(parents=True, exist_ok=True)
            descriptor, staging = tempfile.mkstemp(dir=folder, prefix=f".{Path(name).name}.")
            staged.append((name, Path(staging)))
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            os.chmod(staging, 0o644)  # mkstemp makes files only their owner can read
        for name, temporary in staged:
            os.replace(temporary, out / name)
            result.written.append(out / name)
    finally:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)
    return result
