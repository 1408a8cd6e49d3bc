"""The front door: one knowledge-graph object that the CLI, the server, the notebooks and the tests use.

A :class:`KnowledgeGraph` composes what the rooms below make: the graph the why engine walks (the
networkx view in memory, or a large build's index on disk), its names, and (read when first needed)
the RDF that SPARQL runs over; a :class:`RemoteGraph` is the same over a SPARQL endpoint. It owns what
it reads. Nothing it owns is handed out:
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
import datetime as dt
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from rlskg.errors import GraphNotBuilt, RlsKgError
from rlskg.explain.engine import Explainer
from rlskg.project import default_build

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result

    from rlskg.explain.answer import Answer, Suggestion
    from rlskg.explain.index import NetworkIndex
    from rlskg.sparql.store import Source

__all__ = ["KnowledgeGraph", "RemoteGraph", "load_network", "name_resolver", "open_graph", "shared", "why"]

_VIEW, _TURTLE = "rls.network.json", "rls.ttl"
_INDEX = "rls.network.sqlite"  # a large build's view, read one neighbourhood at a time
_FRAME = ("kinds", "relations", "verdicts", "layers", "certainty_rank", "sources", "publishers")


class KnowledgeGraph:
    """One built graph: ask why, resolve names, run SPARQL, export to networkx, render the view."""

    def __init__(
        self, network: nx.MultiDiGraph | NetworkIndex, rdf_path: Path | None = None, location: str = ""
    ) -> None:
        self._view: nx.MultiDiGraph | None = None
        self._index: NetworkIndex | None = None
        if isinstance(network, nx.MultiDiGraph):
            self._view, self._explainer = network, Explainer.of(network)
        else:
            self._index, self._explainer = network, Explainer(network, network)
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
        from rlskg.rdf.network import read_network  # noqa: PLC0415

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
            from rlskg.explain.index import NetworkIndex  # noqa: PLC0415

            return cls(NetworkIndex(view), turtle if turtle.is_file() else None, str(folder))
        if view is not None and view.is_file():
            network = read_network(view)
        elif turtle.is_file():
            from rlskg.rdf.network import parse_graph, to_networkx  # noqa: PLC0415

            network = to_networkx(parse_graph(turtle))
        else:
            raise GraphNotBuilt(view if view is not None else turtle)
        return cls(network, turtle if turtle.is_file() else None, str(folder))

    # -------------------------------------------------------------- asking

    def why(
        self, name: str, target: str = "RLS", *, max_paths: int = 5, max_hops: int = 4, today: dt.date | None = None
    ) -> Answer:
        """Why is ``name`` linked to ``target``? See :meth:`rlskg.explain.engine.Explainer.why`.

        The age of the sources is counted to ``today`` (the clock's day by default).
        """
        return self._engine().why(name, target, max_paths=max_paths, max_hops=max_hops, today=today)

    def resolve(self, name: str) -> list[str]:
        """The entity ids a name could mean: one, several (ambiguous), or none."""
        return self._explainer.resolve(name)

    def suggest(self, name: str) -> list[Suggestion]:
        """Entities whose names look like ``name``: similar names only."""
        return self._explainer.suggest(name)

    def label(self, ident: str) -> str:
        """The label of an entity (KeyError for what is no entity of the graph)."""
        return self._explainer.names.label(ident)

    def relation_label(self, name: str) -> str:
        """The label of a relation, as a chain reads it forward (``"is linked to"``); KeyError for none."""
        return str(self._explainer.relations[name]["label"])

    def query(self, text: str, *, timeout: float | None = 10.0, bindings: dict[str, str] | None = None) -> Result:
        """Run SPARQL over the graph, with the project's prefixes; see :func:`rlskg.sparql.query`."""
        from rlskg.sparql.query import query  # noqa: PLC0415

        return query(self._graph(), text, timeout=timeout, bindings=bindings)

    def claims(self, about: str | None = None) -> list[dict[str, Any]]:
        """Copies of the graph's claims (every layer and certainty, refuted ones too), by id.

        ``about`` (an entity id) keeps those whose subject or object it is.
        """
        found = self._network.graph["claims"].values()
        return [copy.deepcopy(c) for c in found if about is None or about in (c["subject"], c["object"])]

    def frame(self) -> dict[str, Any]:
        """A copy of what the graph declares beside its entities and claims.

        The ontology's relation kinds, relations, verdicts, layers and certainties (``kinds``,
        ``relations``, ``verdicts``, ``layers``, ``certainty_rank``), and the graph's tables of
        ``sources`` and ``publishers``.
        """
        graph = self._explainer.graph.frame
        return copy.deepcopy({key: graph.get(key, {}) for key in _FRAME})

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

    def _engine(self) -> Explainer:
        """The why engine of this graph: the same one for every question."""
        return self._explainer

    def _graph(self) -> Graph:
        with self._lock:
            if self._rdf is None:
                if self._rdf_path is None:
                    raise GraphNotBuilt(Path(self.location or ".") / _TURTLE)
                from rlskg.rdf.network import parse_graph  # noqa: PLC0415

                self._rdf = parse_graph(self._rdf_path)
            return self._rdf


class RemoteGraph(KnowledgeGraph):
    """The graph held at a SPARQL endpoint: why, resolve, suggest, label and query, answered by it.

    Names (labels, synonyms, brand names) are read when the graph is opened and resolved as a local
    graph resolves them; claims are fetched for each question, so answers follow the store (open
    the graph again after a push that adds or renames entities). ``timeout`` bounds each answer:
    all the requests of one why-question, or one query.

    Examples
    --------
    ``rlskg.open("http://127.0.0.1:7878/query").why("Paxil").verdict`` gives ``'associated'`` for
    an Oxigraph server holding the pushed build, as ``rlskg.open().why("Paxil")`` does.

    """

    def __init__(self, url: str, frame: Graph, *, timeout: float | None = 30.0, federation: Iterable[str] = ()) -> None:
        from rlskg.rdf.network import to_networkx  # noqa: PLC0415

        super().__init__(to_networkx(frame), None, url)
        self.url = url
        self.timeout = timeout
        self.federation = tuple(federation)
        self._frame = frame

    def __repr__(self) -> str:
        return f"<RemoteGraph {self.url}: {self._network.number_of_nodes()} entities>"

    @classmethod
    def open(
        cls, location: str | Path | None = None, *, timeout: float | None = 30.0, federation: Iterable[str] = ()
    ) -> RemoteGraph:
        """Open the graph at the SPARQL endpoint ``location`` (its query address, such as Oxigraph's /query).

        Raises
        ------
        RlsKgError
            When ``location`` is not an http(s) address, or the endpoint holds no rls-kg graph.
        EndpointFailed
            When the endpoint cannot be reached or fails.
        QueryTimeout
            When reading the names takes longer than :data:`rlskg.explain.remote.OPEN_TIMEOUT` (or
            ``timeout`` if longer).

        """
        from rlskg.explain.remote import OPEN_TIMEOUT, deadline, read_frame  # noqa: PLC0415
        from rlskg.sparql.endpoint import check_endpoint  # noqa: PLC0415

        url = check_endpoint(str(location or ""))
        frame = read_frame(url, deadline(max(timeout or 0.0, OPEN_TIMEOUT)))
        return cls(url, frame, timeout=timeout, federation=federation)

    def linked_to(self, target: str = "RLS", *, limit: int = 200) -> list[tuple[str, str]]:
        """(id, label) of the entities with a claim whose object is ``target``, by label, at most ``limit``."""
        from rdflib.term import Variable  # noqa: PLC0415

        from rlskg.model.ontology import RLS  # noqa: PLC0415

        result = self.query(_LINKED % limit, timeout=self.timeout, bindings={"target": f"rls:{target}"})
        entity, label = Variable("entity"), Variable("label")
        return [(str(row[entity]).removeprefix(str(RLS)), str(row[label])) for row in result.bindings]

    def query(self, text: str, *, timeout: float | None = 10.0, bindings: dict[str, str] | None = None) -> Result:
        """Run SPARQL on the endpoint, after the checks of a local query; see :func:`rlskg.sparql.query`."""
        from rlskg.sparql.endpoint import Remote  # noqa: PLC0415
        from rlskg.sparql.query import query  # noqa: PLC0415

        return query(Remote(self.url), text, timeout=timeout, bindings=bindings, federation=self.federation)

    def claims(self, about: str | None = None) -> list[dict[str, Any]]:
        """The store's claims (every layer and certainty), or those whose subject or object is ``about``.

        Notes
        -----
        One request for the claims about an entity; without ``about``, the whole store is read.

        """
        from rlskg.explain.remote import deadline, rings  # noqa: PLC0415
        from rlskg.rdf.network import claim_records  # noqa: PLC0415

        if about is None:
            return list(claim_records(self._graph(), self._frame).values())
        found = claim_records(rings(self.url, about, 1, deadline(self.timeout)), self._frame)
        return [c for c in found.values() if about in (c["subject"], c["object"])]

    # -------------------------------------------------------------- copies for the caller

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph of the store as a networkx view (a new one on each call).

        Notes
        -----
        Reads every triple of the store's default graph, within the graph's ``timeout``; for a large
        store ask :meth:`why` instead, which reads only the neighbourhood of a question.

        """
        from rlskg.rdf.network import to_networkx  # noqa: PLC0415

        return to_networkx(self._graph())

    def render_html(self, focus: str | None = None, title: str = "What causes restless legs syndrome?") -> str:
        """The view of the neighbourhood of ``focus`` (within 4 steps), drawn from the store.

        Raises
        ------
        RlsKgError
            Without ``focus`` (the whole graph is not drawn from a remote store), or when ``focus``
            names no one entity.

        """
        from rdflib import Graph  # noqa: PLC0415

        from rlskg.explain.remote import deadline, rings  # noqa: PLC0415
        from rlskg.rdf.network import to_networkx  # noqa: PLC0415
        from rlskg.view import render_html  # noqa: PLC0415

        if focus is None:
            raise RlsKgError("the whole graph is not drawn from a remote store; name an entity to focus on")
        found = self.resolve(focus)
        if len(found) != 1:
            raise RlsKgError(f"'{focus}' names {'no' if not found else 'more than one'} entity of {self.url}")
        near = Graph()
        near += self._frame
        near += rings(self.url, found[0], 4, deadline(self.timeout))
        G = to_networkx(near)
        kept = {found[0], *(n for n in G.nodes if G.degree(n))}
        return render_html(G.subgraph(kept).copy(), title=title, focus=found[0])

    # -------------------------------------------------------------- internals

    def _engine(self) -> Explainer:
        """An engine for one question: what it needs is asked of the store, all within the graph's ``timeout``.

        Notes
        -----
        About ``2 * max_hops + 3`` requests (more for a neighbourhood of over 400 relations): the
        moves, ring by ring, as plain relations; then the claims, with their quotes, only of the chains
        found, and of what an answer cites beside them.

        """
        from rlskg.explain.remote import EndpointMoves, deadline  # noqa: PLC0415

        moves = EndpointMoves(self.url, self._network, self._frame, deadline(self.timeout))
        return Explainer(moves, self._explainer.names)

    def _graph(self) -> Graph:
        from rlskg.explain.remote import construct, deadline  # noqa: PLC0415

        return construct(self.url, "CONSTRUCT WHERE { ?s ?p ?o }", deadline(self.timeout))


# What the store links directly to one entity: a bounded stand-in for the overview of every answer.
_LINKED = """SELECT DISTINCT ?entity ?label WHERE {
  ?claim a rls:Claim ; rdf:subject ?entity ; rdf:object ?target .
  ?entity rdfs:label ?label .
} ORDER BY LCASE(STR(?label)) LIMIT %d"""


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
    answers from there (see :class:`RemoteGraph`). Also available as ``rlskg.open``.
    """
    from rlskg.sparql.endpoint import is_endpoint  # noqa: PLC0415

    if is_endpoint(location):
        return RemoteGraph.open(location)
    return KnowledgeGraph.open(location)


def why(
    name: str,
    target: str = "RLS",
    *,
    max_paths: int = 5,
    max_hops: int = 4,
    graph_path: Path | None = None,
    today: dt.date | None = None,
) -> Answer:
    """Why is ``name`` linked to ``target`` (RLS by default)? The answer, with quoted evidence.

    ``graph_path`` is a built graph (.ttl) or networkx view (.json); by default the project's build/.
    Also available as ``rlskg.why``.

    Examples
    --------
    >>> answer = why("high blood pressure")
    >>> answer.verdict
    'indirect'
    >>> for path in answer.paths:
    ...     print(" \u2192 ".join([path.steps[0].from_.id, *(f"{s.reads} {s.to.id}" for s in path.steps)]))
    Hypertension \u2192 is treated with BetaBlocker \u2192 causes RLS
    Hypertension \u2192 is treated with CalciumChannelBlocker \u2192 triggers RLS
    Hypertension \u2192 is treated with BetaBlocker \u2192 is linked to RLS
    Hypertension \u2192 is treated with CalciumChannelBlocker \u2192 stopping it improves RLS

    """
    return shared(graph_path).why(name, target, max_paths=max_paths, max_hops=max_hops, today=today)


def load_network(path: Path | None = None) -> nx.MultiDiGraph:
    """The networkx view of the built graph, as a new graph the caller owns.

    Read fast from ``rls.network.json`` beside the built graph; a Turtle file (``.ttl``) is parsed
    and exported instead.
    """
    from rlskg.rdf.network import read_network  # noqa: PLC0415

    if path is not None and Path(path).suffix == ".json":
        return read_network(Path(path))
    return KnowledgeGraph.open(path).to_networkx()


def name_resolver(source: Source, store: Any = None) -> Callable[[str], str]:
    """Turn a name, as ``why`` accepts it (label, synonym, brand name, id), into one entity id, for a query's values.

    The names are those of the networkx view: build/rls.network.json beside the source's file, else
    the view of the source's graph (read from ``store`` when given). They are read on first use.

    Raises (from the returned function)
    -----------------------------------
    RlsKgError
        For a name that matches nothing (with suggestions).
    AmbiguousName
        For a name that matches several entities.

    """
    from rlskg.errors import AmbiguousName  # noqa: PLC0415

    graphs: list[KnowledgeGraph] = []

    def graph() -> KnowledgeGraph:
        if not graphs:
            view = source.file.with_name("rls.network.json") if source.file is not None else None
            if view is not None and view.is_file() and source.file is not None and source.file.stem == "rls":
                graphs.append(KnowledgeGraph.open(view))
            else:
                graphs.append(KnowledgeGraph(_view_of(source, store)))
        return graphs[0]

    def resolve(name: str) -> str:
        found = graph().resolve(name)
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousName(name, [(n, graph().label(n)) for n in found])
        hints = ", ".join(s.ref.label for s in graph().suggest(name))
        hint = f"; did you mean: {hints}?" if hints else ""
        raise RlsKgError(f"nothing in the graph is called '{name}'{hint} (quote text to bind a literal: '\"{name}\"')")

    return resolve


def _view_of(source: Source, store: Any) -> nx.MultiDiGraph:
    """The networkx view of everything a source holds (its store, opened when not given)."""
    from rdflib import Graph  # noqa: PLC0415

    from rlskg.rdf.network import to_networkx  # noqa: PLC0415
    from rlskg.sparql.query import Prepared, evaluate  # noqa: PLC0415
    from rlskg.sparql.store import open_store  # noqa: PLC0415

    opened = store if store is not None else open_store(source)
    everything = Graph()
    for triple in evaluate(opened, Prepared("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"))[1]:
        everything.add(triple)
    return to_networkx(everything)
