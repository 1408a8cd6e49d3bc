"""What a build made of the curated files, as the files of build/ are written from it.

The build (:func:`rlskg.build.build`) validates the curated files and gives a result with this shape;
each file of build/ is written from it by a writer registered by name (:mod:`rlskg.export`), which
therefore needs nothing of the build itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

    from rlskg.model.curation import Curation
    from rlskg.model.entail import Entailment
    from rlskg.model.ontology import Ontology

__all__ = ["Built", "Writer"]


class Built(Protocol):
    """The validated graph in every form a file of build/ is written from."""

    @property
    def curation(self) -> Curation:
        """The curated records."""
        ...

    @property
    def ontology(self) -> Ontology:
        """What the ontology declares."""
        ...

    @property
    def entailed(self) -> list[Entailment]:
        """The engine's conclusions by rule."""
        ...

    @property
    def graph(self) -> Graph:
        """The whole graph as one rdflib graph."""
        ...

    @property
    def network(self) -> nx.MultiDiGraph:
        """The networkx view of the graph."""
        ...


#: A writer of one file of build/: its bytes, made from what the build made.
Writer = Callable[[Built], bytes]
