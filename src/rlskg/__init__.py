"""rls-kg: an explainable causal knowledge graph of restless legs syndrome (RLS).

The front door: ``rlskg.open()`` gives a :class:`KnowledgeGraph` (the shipped graph, a build
folder, a file of it, or the http(s) address of a SPARQL endpoint holding it) to ask why,
resolve names, run SPARQL, export to networkx and render the view; ``rlskg.why`` asks the
default graph directly. Names are imported when first used, so that ``rlskg.why`` does not pay
for rdflib, SHACL or pyvis.

Examples
--------
>>> import rlskg
>>> kg = rlskg.open()
>>> kg.why("Tofranil").verdict
'associated'
>>> rlskg.why("Paxil").verdict
'associated'
>>> rlskg.why("dopamine").verdict
'mechanism'

"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rlskg.build import build, validate
    from rlskg.causes import overview
    from rlskg.errors import AmbiguousName, GraphNotBuilt, QueryError, QueryTimeout, RlsKgError, ValidationFailed
    from rlskg.explain.answer import Answer
    from rlskg.kg import KnowledgeGraph, load_network, why
    from rlskg.kg import open_graph as open
    from rlskg.rdf.network import load_graph, to_networkx
    from rlskg.sparql.query import query
    from rlskg.view import render_html

_HOMES = {
    "build": "rlskg.build",
    "validate": "rlskg.build",
    "AmbiguousName": "rlskg.errors",
    "GraphNotBuilt": "rlskg.errors",
    "QueryError": "rlskg.errors",
    "QueryTimeout": "rlskg.errors",
    "RlsKgError": "rlskg.errors",
    "ValidationFailed": "rlskg.errors",
    "Answer": "rlskg.explain.answer",
    "KnowledgeGraph": "rlskg.kg",
    "open": "rlskg.kg",
    "why": "rlskg.kg",
    "overview": "rlskg.causes",
    "load_graph": "rlskg.rdf.network",
    "load_network": "rlskg.kg",
    "to_networkx": "rlskg.rdf.network",
    "query": "rlskg.sparql",
    "render_html": "rlskg.view",
}

__all__ = [
    "AmbiguousName",
    "Answer",
    "GraphNotBuilt",
    "KnowledgeGraph",
    "QueryError",
    "QueryTimeout",
    "RlsKgError",
    "ValidationFailed",
    "build",
    "load_graph",
    "load_network",
    "open",
    "overview",
    "query",
    "render_html",
    "to_networkx",
    "validate",
    "why",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'rlskg' has no attribute '{name}'")
    value = getattr(importlib.import_module(home), "open_graph" if name == "open" else name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
