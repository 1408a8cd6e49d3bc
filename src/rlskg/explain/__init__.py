"""Why is X linked to RLS? The engine, the answer it gives, and the graphs it walks.

:mod:`.engine` finds and ranks the chains by the one walk of :mod:`.moves`, over any graph with its
protocol: the networkx view in memory (:mod:`.memory`), a large build's index on disk (:mod:`.index`)
or a SPARQL endpoint (:mod:`.remote`); :mod:`.names` resolves what a reader types; :mod:`.answer` is
the answer, its JSON and its words.
"""

from rlskg.explain.answer import Answer, Chain, Conclusion, Conflict, Evidence, Ref, SourceRef, Step, Suggestion
from rlskg.explain.engine import Explainer
from rlskg.explain.names import normalize

__all__ = [
    "Answer",
    "Chain",
    "Conclusion",
    "Conflict",
    "Evidence",
    "Explainer",
    "Ref",
    "SourceRef",
    "Step",
    "Suggestion",
    "normalize",
]
