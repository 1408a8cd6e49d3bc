"""SHACL at any size: the shapes of ontology/shapes.ttl, compiled once by the `shacl` engine (Rust).

A graph of the shipped size is checked whole (:func:`check_graph`); a large one part by part as it is
streamed (:func:`check_parts`). Each violation is a problem at the file:line of the curated record
that made its focus node.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rlskg.errors import Problem, ValidationFailed
from rlskg.rdf.graph import where_of

if TYPE_CHECKING:
    import shacl
    from rdflib import Graph

    from rlskg.model.curation import Curation
    from rlskg.model.entail import Entailment
    from rlskg.model.ontology import Ontology

__all__ = ["check_graph", "check_parts"]


def _shapes(shapes_path: Path) -> shacl.Shapes:
    """The SHACL shapes compiled once by the `shacl` engine (Rust), for every part they check."""
    import shacl  # noqa: PLC0415 - needed only when validating

    try:
        return shacl.Shapes.from_file(str(shapes_path))
    except (OSError, ValueError) as error:
        raise ValidationFailed([Problem(str(shapes_path), 0, f"SHACL shapes do not load: {error}")]) from None


def _violations(shapes: shacl.Shapes, text: str) -> list[tuple[str, str]]:
    """SHACL on one graph given as N-Triples text: the (focus node, message) of each violation."""
    found = []
    for entry in shapes.validate_text(text, format="ntriples").results:
        if entry.severity != "Violation":
            continue
        message = entry.message or f"{entry.component} (value {entry.value_plain})"
        found.append((entry.focus_node.removeprefix("<").removesuffix(">"), message))
    return found


def _problems(found: Iterable[tuple[str, str]], places: dict[str, str], default: str) -> list[Problem]:
    """Each violation as a problem at the file:line of the record that made its focus node."""
    problems = []
    for focus, message in sorted(set(found)):
        where, _, line = places.get(focus, default).rpartition(":")
        problems.append(Problem(where, int(line), f"SHACL: {message} ({focus})"))
    return sorted(problems)


def check_graph(graph: Graph, shapes_path: Path, places: dict[str, str]) -> list[Problem]:
    """SHACL on the whole graph of a build of the shipped size (see :func:`check_parts` for a large one).

    ``places`` are the file:line of the record that made each node (:func:`rlskg.rdf.graph.where_of`).
    """
    found = _violations(_shapes(shapes_path), graph.serialize(format="nt"))
    return _problems(found, places, "build/rls.ttl:0")


def check_parts(curation: Curation, ontology: Ontology, entailed: list[Entailment], shapes_path: Path) -> list[Problem]:
    """SHACL with the same shapes, part by part (see :func:`rlskg.rdf.bulk.shacl_chunks`).

    The shapes are compiled once; each part's N-Triples text is checked by the `shacl` engine
    (Rust, it releases the GIL) in two threads while the next parts are made, so time grows
    linearly with the claims and memory with the size of a part, not of the graph.
    """
    from collections import deque  # noqa: PLC0415
    from concurrent.futures import Future, ThreadPoolExecutor  # noqa: PLC0415

    from rlskg.rdf.bulk import shacl_chunks  # noqa: PLC0415

    shapes = _shapes(shapes_path)
    found: list[tuple[str, str]] = []
    workers = max(1, min(2, os.cpu_count() or 1))
    with ThreadPoolExecutor(workers, thread_name_prefix="rlskg-shacl") as pool:
        pending: deque[Future[list[tuple[str, str]]]] = deque()
        for lines in shacl_chunks(curation, ontology, entailed):
            pending.append(pool.submit(_violations, shapes, "".join(lines)))
            if len(pending) > 2 * workers:  # a few parts ahead of the workers, not the whole graph
                found.extend(pending.popleft().result())
        while pending:
            found.extend(pending.popleft().result())
    return _problems(found, where_of(curation), "build/rls.nt:0")
