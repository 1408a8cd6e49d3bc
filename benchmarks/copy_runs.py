"""The longest run of words every two texts of a folder share, to see where copies part from stock phrases.

    python benchmarks/copy_runs.py FOLDER [FOLDER ...] [--minimum 40]

Prints one line per pair of files that share a run of at least ``--minimum`` characters, longest
first: the run's length in whole words (as :mod:`rlskg.model.copies` counts it), the two files and the run.
The README's table of runs, and the threshold ``rlskg.model.copies.COPY_RUN``, come from this measurement
on the stored public pages about RLS and the project's seed pages.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rlskg.model.copies import COPY_RUN, shared_runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of plain-text pages (*.txt)")
    parser.add_argument("--minimum", type=int, default=40, help="the shortest run to show (default 40)")
    args = parser.parse_args()
    texts = {
        f"{folder.name}/{path.name}": [path.read_text(encoding="utf-8")]
        for folder in args.folders
        for path in sorted(folder.glob("*.txt"))
    }
    for run in shared_runs(texts, minimum=args.minimum):
        mark = "copy" if run.length >= COPY_RUN else "    "
        print(f"{run.length:5d} {mark}  {run.first}  {run.second}  {run.text[:100]!r}")


if __name__ == "__main__":
    main()
