"""The whole graph as RDF files: build/rls.ttl (Turtle) and build/rls.jsonld (JSON-LD), the same triples.

Both are written in one fixed order, so two builds of the same input give the same bytes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rlskg.model.ontology import NAMESPACES

if TYPE_CHECKING:
    from rlskg.model.built import Built

__all__ = ["jsonld", "turtle"]

_HEADER = "# The rls-kg graph, written by `rlskg build` from ontology/ and graph/. Do not edit: edit graph/.\n"


def turtle(built: Built) -> bytes:
    """build/rls.ttl: the whole graph, with the project's prefixes."""
    return (_HEADER + built.graph.serialize(format="turtle")).encode("utf-8")


def _canonical(value: object) -> object:
    """JSON-LD with its node and value arrays in one fixed order (they are sets, not lists)."""
    if isinstance(value, dict):
        return {key: _canonical(v) for key, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(built: Built) -> bytes:
    """build/rls.jsonld: the whole graph as compacted JSON-LD, in one fixed order."""
    data = json.loads(built.graph.serialize(format="json-ld", context=NAMESPACES, auto_compact=True))
    return (json.dumps(_canonical(data), indent=1, ensure_ascii=False) + "\n").encode("utf-8")
