"""Every saved query on rdflib's memory store and on Oxigraph, side by side, as a markdown table.

    python benchmarks/sparql_store.py [--copies N] [--runs R]

``--copies N`` queries N renamed copies of the built graph at once (every IRI of the project
gets a copy number), to see how each engine grows. Times are medians of R runs, in
milliseconds, with the answer drawn in full: rdflib evaluates lazily, so its rows are listed.
Columns: rdflib (its memory store, in process); Oxigraph (pyoxigraph, in process); rlskg.query
(Oxigraph in a worker process under the 10 s limit, answer returned as an rdflib Result: what
`rlskg sparql` and the endpoint pay).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial

from rdflib import RDF, Graph, URIRef

from rlskg.model.ontology import NAMESPACES
from rlskg.project import find_root
from rlskg.sparql import Prepared, evaluate, query, saved_queries
from rlskg.sparql.store import Source, open_store

RLS = str(NAMESPACES["rls"])
CLAIM = str(NAMESPACES["claim"])


def copies(graph: Graph, n: int, keep: set[URIRef]) -> Graph:
    """``n`` copies of the graph; copy k renames every entity and claim but those in ``keep``.

    The ontology, the sources and the entities the saved queries name (``rls:RLS``) are shared.
    """
    if n == 1:
        return graph
    sub_class_of = URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    kinds = set(graph.transitive_subjects(sub_class_of, URIRef(RLS + "Entity")))
    entities = {s for kind in kinds for s in graph.subjects(RDF.type, kind) if s not in kinds} - keep

    def rename(term: object, k: int) -> object:
        if isinstance(term, URIRef) and (term in entities or str(term).startswith(CLAIM)):
            return URIRef(f"{term}-{k}")
        return term

    out = Graph()
    for k in range(n):
        for s, p, o in graph:
            out.add((rename(s, k), p, rename(o, k)))  # type: ignore[arg-type]
    return out


def _rdflib(graph: Graph, text: str, namespaces: dict[str, str]) -> list[object]:
    return list(graph.query(text, initNs=namespaces))


def median_ms(run: Callable[[], object], runs: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="copies of the built graph (default: 1)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query and engine (default: 5)")
    args = parser.parse_args()

    root = find_root()
    built = Graph().parse(Source.default(root).file or root / "build" / "rls.ttl")
    named = {URIRef(RLS + name) for q in saved_queries(root).values() for name in re.findall(r"rls:(\w+)", q.text)}
    graph = copies(built, args.copies, named)
    data = graph.serialize(format="nt", encoding="utf-8")
    source = Source(data=data)
    store = open_store(source)
    namespaces = {k: str(v) for k, v in NAMESPACES.items()}
    print(f"{len(graph)} triples ({args.copies} cop{'y' if args.copies == 1 else 'ies'}), median of {args.runs} runs\n")
    print("| query | rows | rdflib memory store | Oxigraph in process | rlskg.query, worker | rdflib / Oxigraph |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    totals = [0.0, 0.0, 0.0]
    for name, saved in saved_queries(root).items():
        text = saved.text
        rdflib_ms, rows = median_ms(partial(_rdflib, graph, text, namespaces), args.runs)
        oxigraph_ms, _ = median_ms(partial(evaluate, store, Prepared(text)), args.runs)
        worker_ms, _ = median_ms(partial(query, source, text, store=store), args.runs)
        totals = [totals[0] + rdflib_ms, totals[1] + oxigraph_ms, totals[2] + worker_ms]
        count = len(rows) if isinstance(rows, list) else 0
        print(
            f"| `{name}` | {count} | {rdflib_ms:.1f} ms | {oxigraph_ms:.1f} ms | {worker_ms:.1f} ms "
            f"| {rdflib_ms / oxigraph_ms:.0f}x |"
        )
    print(f"| all | | {totals[0]:.0f} ms | {totals[1]:.0f} ms | {totals[2]:.0f} ms | {totals[0] / totals[1]:.0f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
