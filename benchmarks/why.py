"""Benchmark of `rlskg why`: the median of several runs, printed as a Markdown table for the README.

Run: ``python benchmarks/why.py [--runs N]``. It measures `rlskg why diabetes` as a whole
process (cold start), the import of rdflib and networkx alone (the floor the answer aims at),
and ``rlskg.why`` inside one process, first call (loading the graph) and later calls.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable


def _median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _process(*command: str) -> Callable[[], object]:
    return lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    rlskg = shutil.which("rlskg") or "rlskg"
    python = sys.executable

    rows = [
        (
            "`python -c 'import rdflib, networkx'` (the floor)",
            _median_ms(_process(python, "-c", "import rdflib, networkx"), args.runs),
        ),
        ("`rlskg why diabetes`, whole process", _median_ms(_process(rlskg, "why", "diabetes"), args.runs)),
        (
            "`rlskg why diabetes --format json`, whole process",
            _median_ms(_process(rlskg, "why", "diabetes", "--format", "json"), args.runs),
        ),
    ]
    first = (
        "import time; t = time.perf_counter(); import rlskg; rlskg.why('diabetes'); "
        "print((time.perf_counter() - t) * 1000)"
    )
    firsts = [
        float(subprocess.run([python, "-c", first], check=True, capture_output=True, text=True).stdout)
        for _ in range(args.runs)
    ]
    rows.append(("`import rlskg; rlskg.why('diabetes')`, first call in a new process", statistics.median(firsts)))

    import rlskg as library

    library.why("diabetes")
    rows.append(
        ("`rlskg.why('diabetes')`, later calls in process", _median_ms(lambda: library.why("diabetes"), args.runs * 20))
    )
    rows.append(
        ("`rlskg.why('Paxil')`, later calls in process", _median_ms(lambda: library.why("Paxil"), args.runs * 20))
    )

    print(f"| what (median of {args.runs} runs; in-process calls {args.runs * 20}) | ms |")
    print("| --- | ---: |")
    for what, ms in rows:
        print(f"| {what} | {ms:.1f} |")


if __name__ == "__main__":
    main()
