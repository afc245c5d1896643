"""Whole-process wall time of every bundled query on a CV with a 3,000-author paper, against a floor.

The CV (tests/support/bigpaper.py): ~80 ordinary works of every kind plus a 3,000-author and a
600-author collaboration paper. Each query runs as `python -m cvgraph.cli query NAME cv.yaml -f csv`
on the default engine; the floor is `cvgraph query cv-owners` on the same CV (start-up, loading and
mapping the CV, one trivial query), measured in the same run, interleaved. Medians, ratios to the
floor, and the target of issue 14 §4: every query under 2 s.

    python benchmarks/long_author_lists.py [--runs 3] [--authors 3000]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # tests/support: the CV writer

from support import bigpaper

from cvgraph.sparql.catalogue import catalogue

TARGET = 2.0  # seconds, whole process


def wall(cmd: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--authors", type=int, default=3000)
    args = parser.parse_args()
    names = list(catalogue())
    with tempfile.TemporaryDirectory() as tmp:
        cv = str(bigpaper.write(Path(tmp) / "cv.yaml", authors=args.authors))

        def query(name: str) -> list[str]:
            return [sys.executable, "-m", "cvgraph.cli", "query", name, cv, "-f", "csv"]

        wall(query("cv-owners"))  # warm the file cache and .pyc
        floor: list[float] = []
        times: dict[str, list[float]] = {n: [] for n in names}
        codes: dict[str, int] = {}
        for _ in range(args.runs):
            floor.append(wall(query("cv-owners"))[0])
            for name in names:
                seconds, codes[name] = wall(query(name))
                times[name].append(seconds)
    f = statistics.median(floor)
    print(f"CV: ~80 works + a {args.authors:,}-author paper; runs per query: {args.runs}; "
          f"floor (cvgraph query cv-owners) median {f:.2f} s")
    slow = 0
    for name in names:
        m = statistics.median(times[name])
        mark = "" if m < TARGET and codes[name] in (0, 1) else "  <-- over target or failed"
        slow += bool(mark)
        print(f"{name:28s} median {m:6.2f} s  ratio {m / f:5.2f}  exit {codes[name]}{mark}")
    print(f"target: every query under {TARGET:g} s as a whole process ({slow} over)")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
