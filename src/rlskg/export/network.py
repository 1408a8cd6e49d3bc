"""The networkx view as files: what `rlskg why` reads, a graph for Gephi or Cytoscape, the interactive view.

build/rls.network.json, build/rls.graphml and build/rls.html (one page that works offline).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rlskg.model.built import Built

__all__ = ["graphml", "html", "network_json"]


def network_json(built: Built) -> bytes:
    """build/rls.network.json: the view as node-link JSON (see :func:`rlskg.rdf.network.to_network_json`)."""
    from rlskg.rdf.network import to_network_json  # noqa: PLC0415

    return to_network_json(built.network)


def graphml(built: Built) -> bytes:
    """build/rls.graphml (see :func:`rlskg.rdf.network.to_graphml`)."""
    from rlskg.rdf.network import to_graphml  # noqa: PLC0415

    return to_graphml(built.network)


def html(built: Built) -> bytes:
    """build/rls.html: the interactive view of the whole graph (see :func:`rlskg.view.render_html`)."""
    from rlskg.view import render_html  # noqa: PLC0415

    return render_html(built.network).encode("utf-8")
