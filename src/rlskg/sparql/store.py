"""The built graph in an Oxigraph store: in memory from a build's file, or on disk for a large graph.

The shipped graph is loaded in memory from ``build/rls.nq`` (N-Quads, one named graph per source or
layer) when it exists, else from ``build/rls.ttl``; a large graph is loaded once into a store on disk
(:func:`load_store`) and opened read-only. The default graph of a query is the store's default graph
(rls.nq keeps the whole graph there, besides its named graphs).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rlskg.errors import GraphNotBuilt, RlsKgError

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

__all__ = ["Source", "as_rdflib", "load_store", "open_store", "to_rdflib"]

_SUFFIXES = {
    ".nq": "N_QUADS",
    ".nt": "N_TRIPLES",
    ".ttl": "TURTLE",
    ".trig": "TRIG",
    ".rdf": "RDF_XML",
    ".owl": "RDF_XML",
    ".xml": "RDF_XML",
    ".jsonld": "JSON_LD",
}


@dataclass(frozen=True)
class Source:
    """Where a store's data comes from: an RDF file, a store folder on disk, or N-Quads bytes.

    A Source is small and can be pickled, so a worker process opens its own store from it.
    """

    file: Path | None = None
    directory: Path | None = None
    data: bytes | None = field(default=None, repr=False)
    #: A build's rls.ttl beside its rls.nq: the same default graph without the named graphs.
    turtle: Path | None = None

    @classmethod
    def default(cls, root: Path | None = None) -> Source:
        """The built graph: ``$RLSKG_GRAPH``, else the build/ of ``root`` or of the default graph.

        The default is the project around the current folder, else the graph shipped in the package;
        its rls.nq when it exists, else rls.ttl.
        """
        from rlskg.project import default_build, is_root  # noqa: PLC0415

        if "RLSKG_GRAPH" in os.environ:
            return cls(file=Path(os.environ["RLSKG_GRAPH"]))
        folder = root / "build" if root is not None and is_root(root) else default_build()
        for name in ("rls.nq", "rls.ttl", "rls.nt"):  # rls.nt: a large build writes only N-Triples
            if (folder / name).is_file():
                turtle = folder / "rls.ttl" if name == "rls.nq" and (folder / "rls.ttl").is_file() else None
                return cls(file=folder / name, turtle=turtle)
        return cls(file=folder / "rls.ttl")

    @classmethod
    def of(cls, graph_path: Path | None = None, store_dir: Path | None = None, root: Path | None = None) -> Source:
        """The source a command names: a store folder, else a graph file, else the default build."""
        if store_dir is not None:
            return cls(directory=Path(store_dir))
        if graph_path is not None:
            return cls(file=Path(graph_path))
        return cls.default(root)

    @classmethod
    def from_rdflib(cls, graph: Graph) -> Source:
        """An rdflib Graph (or Dataset) copied as N-Quads: the graph may change after this call."""
        fmt = "nquads" if graph.context_aware else "nt"
        return cls(data=graph.serialize(format=fmt, encoding="utf-8"))

    def default_graph_only(self) -> Source:
        """The source to load for a query that reads no named graph: a build's rls.ttl rather than its rls.nq.

        The build writes the whole graph into rls.nq's default graph and again into its named graphs
        (one per source and layer), and the default graph alone into rls.ttl; the Turtle loads in a
        fifth of the time and answers such a query with the same rows.
        """
        return Source(file=self.turtle) if self.turtle is not None else self

    def describe(self) -> str:
        """The file or folder, for messages."""
        return str(self.directory or self.file or "an rdflib graph")


def _format(path: Path) -> pyoxigraph.RdfFormat:
    import pyoxigraph  # noqa: PLC0415

    name = _SUFFIXES.get(path.suffix.lower())
    if name is None:
        raise RlsKgError(f"{path}: not an RDF file (known kinds: {', '.join(sorted(_SUFFIXES))})")
    return getattr(pyoxigraph.RdfFormat, name)  # type: ignore[no-any-return]


def _bad_rdf(path: Path, error: Exception) -> RlsKgError:
    message = " ".join(str(error).split())
    found = re.search(r"at line (\d+)", message)
    where = f"{path}:{found.group(1)}" if found else str(path)
    message = re.sub(r"^Parser error at line \d+ (between columns \d+ and \d+|at column \d+)?:?\s*", "", message)
    message = re.sub(r"\s*\([^()]*, line \d+\)$", "", message)
    return RlsKgError(f"{where}: not valid RDF: {message}")


def open_store(source: Source) -> pyoxigraph.Store:
    """An Oxigraph store holding the source's data (read-only for a folder on disk).

    Raises
    ------
    GraphNotBuilt
        When the file or folder does not exist.
    RlsKgError
        When the file is not RDF (with file:line) or the folder is not a store.

    """
    import pyoxigraph  # noqa: PLC0415

    if source.directory is not None:
        if not (source.directory / "CURRENT").is_file():
            if not source.directory.exists():
                raise GraphNotBuilt(source.directory)
            raise RlsKgError(f"{source.directory}: not a store; make one with `rlskg load --store DIR`")
        try:
            return pyoxigraph.Store.read_only(str(source.directory))
        except OSError as error:
            raise RlsKgError(f"{source.directory}: cannot open the store: {error}") from None
    store = pyoxigraph.Store()
    if source.data is not None:
        store.bulk_load(source.data, pyoxigraph.RdfFormat.N_QUADS)
        return store
    assert source.file is not None
    if not source.file.is_file():
        raise GraphNotBuilt(source.file)
    fmt = _format(source.file)
    try:
        store.bulk_load(path=str(source.file), format=fmt)
    except (SyntaxError, ValueError) as error:
        raise _bad_rdf(source.file, error) from None
    return store


def load_store(directory: Path, graph_file: Path) -> int:
    """Load an RDF file into a store on disk at ``directory`` (replacing what was there); the quad count.

    The store is written beside the folder first and moved into place when complete, so a failed
    load leaves the folder as it was.
    """
    import shutil  # noqa: PLC0415

    import pyoxigraph  # noqa: PLC0415

    directory = Path(directory)
    if not graph_file.is_file():
        raise GraphNotBuilt(graph_file)
    fmt = _format(graph_file)
    if directory.exists() and not (directory / "CURRENT").is_file() and any(directory.iterdir()):
        raise RlsKgError(f"{directory}: exists and is not a store; give an empty or new folder")
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        partial = directory.with_name(directory.name + ".loading")
        shutil.rmtree(partial, ignore_errors=True)
        store = pyoxigraph.Store(str(partial))
        try:
            store.bulk_load(path=str(graph_file), format=fmt)
        except (SyntaxError, ValueError) as error:
            del store
            shutil.rmtree(partial, ignore_errors=True)
            raise _bad_rdf(graph_file, error) from None
        store.flush()
        count = len(store)
        del store
        if directory.exists():
            shutil.rmtree(directory)
        partial.rename(directory)
    except OSError as error:
        raise RlsKgError(f"cannot write the store at {directory}: {error.strerror or error}") from None
    return count


def to_rdflib(term: Any) -> Any:
    """An Oxigraph term as rdflib's (which pickles, and which rdflib's results hold)."""
    import pyoxigraph  # noqa: PLC0415
    from rdflib import BNode, Literal, URIRef  # noqa: PLC0415

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return Literal(str(term))  # an RDF-star triple term, shown as text


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def as_rdflib(answer: Any, form: str) -> tuple[Any, ...]:
    """Oxigraph's answer (a boolean, solutions, or triples or quads) in rdflib's terms, which pickle.

    ``("ASK", bool)``, ``("SELECT", names, rows)``, or ``(form, triples)`` for a CONSTRUCT or DESCRIBE.
    """
    import pyoxigraph  # noqa: PLC0415

    if isinstance(answer, pyoxigraph.QueryBoolean):
        return ("ASK", bool(answer))
    if isinstance(answer, pyoxigraph.QuerySolutions):
        names = [v.value for v in answer.variables]
        return ("SELECT", names, [tuple(to_rdflib(solution[i]) for i in range(len(names))) for solution in answer])
    triples = [(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in answer]
    return (form if form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT", triples)
