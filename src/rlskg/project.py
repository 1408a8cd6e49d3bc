"""Where the project's files are: the root with ontology/, graph/ and build/."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_graph_path", "find_root"]


def _is_root(path: Path) -> bool:
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
        if _is_root(folder):
            return folder
    checkout = Path(__file__).resolve().parents[2]
    return checkout if _is_root(checkout) else here


def default_graph_path(root: Path | None = None) -> Path:
    """The built graph the why engine and SPARQL read: $RLSKG_GRAPH, else build/rls.ttl."""
    env = os.environ.get("RLSKG_GRAPH")
    if env:
        return Path(env)
    return (root or find_root()) / "build" / "rls.ttl"
