"""Exports of the built graph in the formats its users already read, each a writer registered by name.

Every writer takes the validated :class:`~rlskg.build.BuildResult` and returns the bytes of one file
of build/; two runs give byte-identical files. The build writes them with the rest of build/.

- ``rls.nq``: N-Quads with one named graph per source page and per knowledge layer (:mod:`.nquads`).
- ``kgx/``: Biolink KGX nodes and edges, TSV and JSON Lines (:mod:`.kgx`).
- ``rls.nanopubs.trig``: one nanopublication per claim (:mod:`.nanopubs`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rlskg.export.kgx import edges_jsonl, edges_tsv, nodes_jsonl, nodes_tsv
from rlskg.export.nanopubs import to_nanopubs
from rlskg.export.nquads import to_nquads

if TYPE_CHECKING:
    from rlskg.build import BuildResult

__all__ = ["WRITERS"]

#: The export files of build/, by their path under build/, each with the writer that makes it.
WRITERS: dict[str, Callable[[BuildResult], bytes]] = {
    "rls.nq": to_nquads,
    "kgx/nodes.tsv": nodes_tsv,
    "kgx/edges.tsv": edges_tsv,
    "kgx/nodes.jsonl": nodes_jsonl,
    "kgx/edges.jsonl": edges_jsonl,
    "rls.nanopubs.trig": to_nanopubs,
}
