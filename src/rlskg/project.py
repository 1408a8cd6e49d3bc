"""Where the project's files are: the root with ontology/, graph/ and build/."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_build", "default_graph_path", "find_root", "is_root", "shipped_build"]


def is_root(path: Path) -> bool:
    """Whether ``path`` is a project folder: one holding ontology/rls.ttl and graph/."""
    return (path / "ontology" / "rls.ttl").is_file() and (path / "graph").is_dir()


def find_root(start: Path | None = None) -> Path:
    """The project root: $RLSKG_ROOT, else the nearest folder holding ontology/ and graph/.

    The search goes up from ``start`` (or the current folder), then falls back to the checkout
    this package was installed from (an editable install).
    """
    env = os.environ.get("RLSKG_ROOT")
    if env:
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_root(folder):
            return folder
    checkout = Path(__file__).resolve().parents[2]
    return checkout if is_root(checkout) else here


def shipped_build() -> Path:
    """The built graph shipped inside the package (a wheel answers `rlskg why` with no checkout)."""
    from importlib import resources  # noqa: PLC0415

    return Path(str(resources.files("rlskg") / "graphdata"))


def default_graph_path(root: Path | None = None) -> Path:
    """The built graph the why engine and SPARQL read: $RLSKG_GRAPH, else build/rls.ttl."""
    env = os.environ.get("RLSKG_GRAPH")
    if env:
        return Path(env)
    return (root or find_root()) / "build" / "rls.ttl"


def default_build() -> Path:
    """Where the graph is when none is named: $RLSKG_GRAPH, else the project's build/, else the shipped one."""
    if os.environ.get("RLSKG_GRAPH"):
        return default_graph_path()
    built = default_graph_path()
    if built.parent.is_dir() and is_root(built.parent.parent):
        return built.parent
    return shipped_build()


#: Files of graph/ that the build does not read: the assistant's vocabulary (ontology/cues.yaml is
#: the assistant's too, and outside the build's list below) and the record of the pages' coverage.
_NOT_BUILT_FROM = frozenset({"vocabulary.yaml", "coverage.yaml"})


def build_inputs(root: Path) -> list[Path]:
    """The files `rlskg build` reads: the ontology and its shapes, and the curated records of graph/.

    Saved queries, drafts and the curator's assistant's own tables (its cues and vocabulary) are
    not among them: a change there leaves the build as it was.
    """
    ontology = [root / "ontology" / name for name in ("rls.ttl", "shapes.ttl")]
    graph = root / "graph"
    records = [p for p in graph.glob("*.yaml") if p.name not in _NOT_BUILT_FROM]
    return [p for p in (*ontology, *records, *graph.glob("claims/*.yaml")) if p.is_file()]
