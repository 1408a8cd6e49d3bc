"""SPARQL over the built graph: on Oxigraph in killable workers, on a store on disk, or on any endpoint.

:mod:`.query` runs a query (and keeps the saved ones), after :mod:`.text` has read it; :mod:`.store`
holds the graph in Oxigraph, :mod:`.workers` bounds each query's time, :mod:`.endpoint` asks another
endpoint, and :mod:`.results` writes the answer in the W3C formats.
"""

from rlskg.sparql.query import (
    Prepared,
    SavedQuery,
    answer,
    evaluate,
    forward,
    prepare,
    query,
    query_written,
    saved_queries,
)
from rlskg.sparql.results import GRAPH_FORMATS, RESULT_FORMATS, serialize

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "Prepared",
    "SavedQuery",
    "answer",
    "evaluate",
    "forward",
    "prepare",
    "query",
    "query_written",
    "saved_queries",
    "serialize",
]
