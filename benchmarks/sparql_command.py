"""A saved query as a whole command, beside the import floor, in one run: a markdown table for the README.

    python benchmarks/sparql_command.py [--runs N] [--saved NAME] [--format FMT]

Times `rlskg sparql --saved NAME` (default ``claims-about``, unbound: every claim; the answer thrown
away) and ``python -c "import rdflib"`` (the floor: the command needs rdflib for its answer), each
as a new process, taking turns so that both see the same machine. Medians of N runs, in
milliseconds, and the command's time as a multiple of the floor's.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def _run_ms(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="runs of each (default: 15)")
    parser.add_argument("--saved", default="claims-about", help="the saved query (default: claims-about)")
    parser.add_argument("--format", default="table", help="the answer's format (default: table)")
    args = parser.parse_args()
    rlskg = shutil.which("rlskg") or "rlskg"
    floor_command = [sys.executable, "-c", "import rdflib"]
    command = [rlskg, "sparql", "--saved", args.saved, "--format", args.format]
    _run_ms(floor_command), _run_ms(command)  # warm the file cache: neither pays for the first read
    floor, taken = [], []
    for _ in range(args.runs):
        floor.append(_run_ms(floor_command))
        taken.append(_run_ms(command))
    floor_ms, command_ms = statistics.median(floor), statistics.median(taken)
    print(f"| what (median of {args.runs}, taking turns) | ms |")
    print("| --- | ---: |")
    print(f"| `python -c 'import rdflib'` (the floor) | {floor_ms:.1f} |")
    print(f"| `rlskg sparql --saved {args.saved} --format {args.format}`, whole process | {command_ms:.1f} |")
    print(f"| the command over the floor | {command_ms / floor_ms:.2f}x |")


if __name__ == "__main__":
    main()
