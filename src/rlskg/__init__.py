"""rls-kg: an explainable causal knowledge graph of restless legs syndrome (RLS).

The front door: build and validate the graph, load it, and ask why something is linked to RLS.
"""

from __future__ import annotations

from rlskg.build import build, validate
from rlskg.errors import AmbiguousName, GraphNotBuilt, QueryError, QueryTimeout, RlsKgError, ValidationFailed
from rlskg.explain import Answer, why
from rlskg.network import load_graph, to_networkx

__all__ = [
    "AmbiguousName",
    "Answer",
    "GraphNotBuilt",
    "QueryError",
    "QueryTimeout",
    "RlsKgError",
    "ValidationFailed",
    "build",
    "load_graph",
    "to_networkx",
    "validate",
    "why",
]
