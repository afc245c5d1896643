"""Whole-process wall time of `cvgraph build` on the sample, against the import floor.

The floor is `python -c "import rdflib, pyshacl"`: no build can start faster than its two
heaviest imports. Both are run interleaved, N times each, in this one process's session, and
the medians and their ratio are printed. Target (issue 2): ratio <= 1.3.

    python benchmarks/build_speed.py [--runs 9]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = [sys.executable, "-c", "import rdflib, pyshacl"]


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sample.ttl"
        # load, map, validate (core shapes), write Turtle: the researcher's one command
        build = [sys.executable, "-m", "cvgraph.cli", "build", "-o", str(out)]
        wall(build), wall(FLOOR)  # warm the OS file cache and .pyc files
        floor, ours = [], []
        for _ in range(args.runs):
            floor.append(wall(FLOOR))
            ours.append(wall(build))
        triples = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if line.endswith(" ."))
    f, b = statistics.median(floor), statistics.median(ours)
    print(f"runs per command:            {args.runs}")
    print(f"floor (import rdflib,pyshacl): median {f * 1000:7.1f} ms  (min {min(floor) * 1000:.1f})")
    print(f"cvgraph build -o sample.ttl:   median {b * 1000:7.1f} ms  (min {min(ours) * 1000:.1f})")
    print(f"ratio build/floor:             {b / f:.2f}   (target <= 1.30)")
    print(f"output statements (lines ending ' .'): {triples}")


if __name__ == "__main__":
    main()
