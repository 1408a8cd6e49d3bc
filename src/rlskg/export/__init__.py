"""The files of build/, each made by a writer registered by name, as rdflib registers its serializers.

A writer takes what the build made (:class:`rlskg.model.built.Built`) and returns the bytes of one file;
two builds of the same input give the same bytes. A writer is named by the file's path under build/
and imported when first asked for (:func:`writer`), so the build knows names, not modules, and a
writer never needs the build.

- ``rls.ttl``, ``rls.jsonld``: the whole graph as Turtle and JSON-LD (:mod:`.rdf`);
- ``rls.network.json``, ``rls.graphml``, ``rls.html``: the networkx view, for the engine, for Gephi or
  Cytoscape, and as the interactive view (:mod:`.network`);
- ``rls.nq``: N-Quads with one named graph per source page and per knowledge layer (:mod:`.nquads`);
- ``kgx/``: Biolink KGX nodes and edges, TSV and JSON Lines (:mod:`.kgx`);
- ``rls.nanopubs.trig``: one nanopublication per claim (:mod:`.nanopubs`).

Examples
--------
>>> writer("rls.nq").__name__
'to_nquads'
>>> writer("rls.pdf")
Traceback (most recent call last):
...
rlskg.errors.RlsKgError: no writer is registered for rls.pdf (registered: rls.ttl, rls.jsonld, ...)

"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from rlskg.errors import RlsKgError

if TYPE_CHECKING:
    from rlskg.model.built import Writer

__all__ = ["register", "registered", "writer"]

_WRITERS: dict[str, tuple[str, str]] = {}


def register(name: str, module: str, function: str) -> None:
    """Register ``function`` of ``module`` as the writer of the file ``name`` (its path under build/)."""
    _WRITERS[name] = (module, function)


def registered() -> list[str]:
    """The names with a writer, in the order they were registered."""
    return list(_WRITERS)


def writer(name: str) -> Writer:
    """The writer of the file ``name``, its module imported now.

    Raises
    ------
    RlsKgError
        When no writer is registered for ``name``.

    """
    if name not in _WRITERS:
        known = ", ".join(list(_WRITERS)[:2])
        raise RlsKgError(f"no writer is registered for {name} (registered: {known}, ...)")
    module, function = _WRITERS[name]
    found: Writer = getattr(import_module(module), function)
    return found


register("rls.ttl", "rlskg.export.rdf", "turtle")
register("rls.jsonld", "rlskg.export.rdf", "jsonld")
register("rls.network.json", "rlskg.export.network", "network_json")
register("rls.graphml", "rlskg.export.network", "graphml")
register("rls.html", "rlskg.export.network", "html")
register("rls.nq", "rlskg.export.nquads", "to_nquads")
register("kgx/nodes.tsv", "rlskg.export.kgx", "nodes_tsv")
register("kgx/edges.tsv", "rlskg.export.kgx", "edges_tsv")
register("kgx/nodes.jsonl", "rlskg.export.kgx", "nodes_jsonl")
register("kgx/edges.jsonl", "rlskg.export.kgx", "edges_jsonl")
register("rls.nanopubs.trig", "rlskg.export.nanopubs", "to_nanopubs")
