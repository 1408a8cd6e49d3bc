"""Why through a triplestore, two ways side by side: every claim around each ring, or the moves first.

    python benchmarks/remote_why.py BUILD NAME [NAME ...] [--runs 3]

Loads BUILD/rls.nt (or rls.nq) into a fresh Oxigraph store, serves it read-only on a free loopback
port, then asks each NAME both ways in turn and prints the medians. ``rings`` fetches every claim
touching each ring of entities, both ways, ``max_hops`` rings deep (how `rlskg why --endpoint`
worked before); ``directed`` is :class:`rlskg.kg.RemoteGraph` as it is: the engine's one walk, ring by
ring, over the endpoint's moves, then the claims of the chains found. Both answers must agree.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from rdflib import Graph

from rlskg.explain.engine import Explainer
from rlskg.explain.remote import rings
from rlskg.kg import RemoteGraph
from rlskg.rdf.network import to_networkx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("build", type=Path, help="a build folder (rls.nt or rls.nq)")
    parser.add_argument("names", nargs="+", help="what to ask about")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = next((args.build / n for n in ("rls.nt", "rls.nq") if (args.build / n).is_file()), None)
    if data is None:
        raise SystemExit(f"{args.build}: no rls.nt or rls.nq")
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    with tempfile.TemporaryDirectory(prefix="rlskg-remote-") as folder:
        subprocess.run([oxigraph, "load", "--location", folder, "--file", str(data)], check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen(
            [oxigraph, "serve-read-only", "--location", folder, "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/query"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            graph = RemoteGraph.open(url, timeout=None)
            print("| name | rings, every claim both ways | moves first, then their claims | ratio |")
            print("| --- | ---: | ---: | ---: |")
            for name in args.names:
                subject = graph.resolve(name)[0]
                around, directed = [], []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    answer = graph.why(name).to_dict()
                    directed.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    near = Graph()
                    near += graph._frame
                    near += rings(url, subject, 4, None)
                    before = Explainer.of(to_networkx(near)).why(name).to_dict()
                    around.append(time.perf_counter() - start)
                    if before != answer:
                        raise SystemExit(f"{name}: the two ways disagree")
                old, new = statistics.median(around), statistics.median(directed)
                print(f"| {name} | {old:.2f} s | {new:.2f} s | {old / new:.0f}x |", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
