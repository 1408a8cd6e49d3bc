"""The front door: one knowledge-graph object that the CLI, the server, the notebooks and the tests use.

A :class:`KnowledgeGraph` owns what it reads: the networkx view the why engine walks, its name
index, and (read when first needed) the RDF that SPARQL runs over. Nothing it owns is handed out:
:meth:`KnowledgeGraph.to_networkx` and :meth:`KnowledgeGraph.rdf` give copies, so a caller who edits
what they were given never changes the answers of the next call. It is safe to share between threads:
answering reads only, and the one lazy load is guarded by a lock.

Examples
--------
>>> import rlskg
>>> kg = rlskg.open()
>>> kg.why("Paxil").verdict
'associated'
>>> kg.resolve("Tofranil")
['Imipramine']
>>> G = kg.to_networkx()
>>> G.remove_node("Diabetes")
>>> kg.why("diabetes").verdict
'causal'

"""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from rlskg.errors import GraphNotBuilt
from rlskg.explain import Answer, Explainer, Suggestion
from rlskg.project import default_build

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result

    from rlskg.index import NetworkIndex

__all__ = ["KnowledgeGraph", "open_graph", "shared"]

_VIEW, _TURTLE = "rls.network.json", "rls.ttl"
_INDEX = "rls.network.sqlite"  # a large build's view, read one neighbourhood at a time


class KnowledgeGraph:
    """One built graph: ask why, resolve names, run SPARQL, export to networkx, render the view."""

    def __init__(
        self, network: nx.MultiDiGraph | NetworkIndex, rdf_path: Path | None = None, location: str = ""
    ) -> None:
        self._view: nx.MultiDiGraph | None = network if isinstance(network, nx.MultiDiGraph) else None
        self._index: NetworkIndex | None = None if isinstance(network, nx.MultiDiGraph) else network
        self._explainer: Explainer | NetworkIndex = Explainer(network) if self._index is None else self._index
        self._view_lock = threading.Lock()
        self._rdf_path = rdf_path
        self._rdf: Graph | None = None
        self._lock = threading.Lock()
        self.location = location

    def __repr__(self) -> str:
        where = self.location or "in memory"
        if self._index is not None:
            nodes, edges = self._index.number_of_nodes, self._index.number_of_edges
        else:
            nodes, edges = self._network.number_of_nodes(), self._network.number_of_edges()
        return f"<KnowledgeGraph {where}: {nodes} entities, {edges} relations>"

    @property
    def _network(self) -> nx.MultiDiGraph:
        """The whole networkx view; a large build's is read from its index only when first needed."""
        with self._view_lock:
            if self._view is None:
                assert self._index is not None
                self._view = self._index.to_networkx()
            return self._view

    # -------------------------------------------------------------- opening

    @classmethod
    def open(cls, location: str | Path | None = None) -> KnowledgeGraph:
        """Open a built graph: a build folder, or a file of it (the .json view, a .ttl).

        By default: $RLSKG_GRAPH, else the build/ of the project around the current folder, else the
        graph shipped inside the package.

        Raises
        ------
        GraphNotBuilt
            When there is no built graph at ``location``.

        """
        from rlskg.network import read_network  # noqa: PLC0415

        path = Path(location) if location is not None else default_build()
        folder = path if path.is_dir() else path.parent
        if path.is_dir():
            view, turtle = path / _VIEW, path / _TURTLE
            if not view.is_file() and (path / _INDEX).is_file():  # a large build
                view, turtle = path / _INDEX, path / "rls.nt"
            elif not view.is_file() and (path / "rls.network.pickle").is_file():  # a large build of before
                view, turtle = path / "rls.network.pickle", path / "rls.nt"
        elif path.suffix in (".json", ".pickle"):
            view, turtle = path, path.with_name(_TURTLE)
        elif path.suffix == ".sqlite":
            view, turtle = path, path.with_name("rls.nt")
        else:
            view, turtle = None, path
        if view is not None and view.suffix == ".sqlite" and view.is_file():
            from rlskg.index import NetworkIndex  # noqa: PLC0415

            return cls(NetworkIndex(view), turtle if turtle.is_file() else None, str(folder))
        if view is not None and view.is_file():
            network = read_network(view)
        elif turtle.is_file():
            from rlskg.network import parse_graph, to_networkx  # noqa: PLC0415

            network = to_networkx(parse_graph(turtle))
        else:
            raise GraphNotBuilt(view if view is not None else turtle)
        return cls(network, turtle if turtle.is_file() else None, str(folder))

    # -------------------------------------------------------------- asking

    def why(self, name: str, target: str = "RLS", *, max_paths: int = 5, max_hops: int = 4) -> Answer:
        """Why is ``name`` linked to ``target``? See :meth:`rlskg.explain.Explainer.why`."""
        return self._explainer.why(name, target, max_paths=max_paths, max_hops=max_hops)

    def resolve(self, name: str) -> list[str]:
        """The entity ids a name could mean: one, several (ambiguous), or none."""
        return self._explainer.resolve(name)

    def suggest(self, name: str) -> list[Suggestion]:
        """Entities whose names look like ``name``: similar names only."""
        return self._explainer.suggest(name)

    def label(self, ident: str) -> str:
        """The label of an entity."""
        if self._index is not None:
            return self._index.label(ident)
        return str(self._network.nodes[ident]["label"])

    def query(self, text: str, *, timeout: float | None = 10.0, bindings: dict[str, str] | None = None) -> Result:
        """Run SPARQL over the graph, with the project's prefixes; see :func:`rlskg.sparql.query`."""
        from rlskg.sparql import query  # noqa: PLC0415

        return query(self._graph(), text, timeout=timeout, bindings=bindings)

    # -------------------------------------------------------------- copies for the caller

    def to_networkx(self) -> nx.MultiDiGraph:
        """A copy of the networkx view: edit it freely, the graph's answers do not change."""
        if self._index is not None and self._view is None:
            return self._index.to_networkx()  # a new graph, read from the index
        return copy.deepcopy(self._network)

    def rdf(self) -> Graph:
        """A copy of the graph as an rdflib Graph."""
        from rdflib import Graph  # noqa: PLC0415

        copied = Graph()
        for prefix, namespace in self._graph().namespaces():
            copied.bind(prefix, namespace, override=True)
        copied += self._graph()
        return copied

    def render_html(self, focus: str | None = None, title: str = "What causes restless legs syndrome?") -> str:
        """The interactive view as one self-contained page, focused on ``focus`` when given."""
        from rlskg.view import render_html  # noqa: PLC0415

        return render_html(self._network, title=title, focus=focus)

    # -------------------------------------------------------------- internals

    def _graph(self) -> Graph:
        with self._lock:
            if self._rdf is None:
                if self._rdf_path is None:
                    raise GraphNotBuilt(Path(self.location or ".") / _TURTLE)
                from rlskg.network import parse_graph  # noqa: PLC0415

                self._rdf = parse_graph(self._rdf_path)
            return self._rdf


_SHARED: dict[str, KnowledgeGraph] = {}
_SHARED_LOCK = threading.Lock()


def shared(location: str | Path | None = None) -> KnowledgeGraph:
    """The graph behind the module-level :func:`rlskg.why`, opened once per location.

    Callers never receive anything it owns (answers are new objects, networkx views are copies), so
    sharing it across calls cannot leak one caller's edits into another's answers.
    """
    key = str(location) if location is not None else ""
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = KnowledgeGraph.open(location)
        return _SHARED[key]


def open_graph(location: str | Path | None = None) -> KnowledgeGraph:
    """Open a built graph (see :meth:`KnowledgeGraph.open`), or the graph a SPARQL endpoint holds.

    An http(s) address is an endpoint's query address (``http://127.0.0.1:7878/query``): the graph
    answers from there (see :class:`rlskg.remote.RemoteGraph`). Also available as ``rlskg.open``.
    """
    from rlskg.remote import is_endpoint  # noqa: PLC0415

    if is_endpoint(location):
        from rlskg.remote import RemoteGraph  # noqa: PLC0415

        return RemoteGraph.open(location)
    return KnowledgeGraph.open(location)
