"""How long the web pages take to answer, measured over HTTP on loopback, as a markdown table.

    python benchmarks/web.py [--runs R]

Starts the server (as `rlskg serve` does, one query worker) on a free loopback port, asks each
page R times after one warm-up request, and prints the median and the slowest time in
milliseconds, the request's whole round trip included (HTTP, the why answer, the template).
Every why page of the graph is asked for once more to give the slowest of all.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
import urllib.request

from rlskg.kg import KnowledgeGraph
from rlskg.project import find_root
from rlskg.web.server import close, make_server

PAGES = [
    ("/", "home: what causes RLS?"),
    ("/index.json", "the overview as JSON"),
    ("/why/Paxil", "why page, 2 hops"),
    ("/why/diabetes", "why page, 5 chains"),
    ("/why/dopamine", "why page, mechanism"),
    ("/why/Paxil.json", "why answer as JSON"),
    ("/entity/Diabetes", "entity page (HTML)"),
    ("/claim/webmd-diabetes-causes-peripheral-neuropathy", "claim page (HTML)"),
    ("/source/webmd", "source page (HTML)"),
    ("/graph?focus=Diabetes", "the interactive view, focused"),
]


def fetch(url: str, accept: str = "text/html") -> float:
    """Seconds to get the whole answer."""
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=60) as response:
        response.read()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    root = find_root()
    kg = KnowledgeGraph.open(root / "build")
    server = make_server("127.0.0.1", 0, workers=1, graph_path=root / "build" / "rls.ttl", root=root, kg=kg)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "http://{}:{}".format(*server.server_address[:2])
    try:
        print(f"| page | what | median ms | slowest ms ({args.runs} runs) |")
        print("|---|---|---:|---:|")
        for path, what in PAGES:
            fetch(base + path)  # warm-up: the first /graph renders and caches the view
            times = [fetch(base + path) for _ in range(args.runs)]
            print(f"| `{path}` | {what} | {statistics.median(times) * 1000:.1f} | {max(times) * 1000:.1f} |")
        every = {node: fetch(f"{base}/why/{node}") for node in sorted(kg.to_networkx().nodes) if node != "RLS"}
        slowest = max(every, key=every.__getitem__)
        print(
            f"\nEvery why page of the graph ({len(every)}): median {statistics.median(every.values()) * 1000:.1f} ms, "
            f"slowest {every[slowest] * 1000:.1f} ms (/why/{slowest})."
        )
    finally:
        close(server)


if __name__ == "__main__":
    main()
