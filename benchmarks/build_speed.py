"""Whole-process wall time of `cvgraph build` on the sample, against the import floor.

The floor is `python -c "import rdflib, <engine>"` with <engine> the SHACL engine the build uses
(pyshacl_turbo by default, pyshacl with CVGRAPH_SHACL_ENGINE=pyshacl): a build that validates
cannot start faster than its two heaviest imports. All commands run interleaved, N times each, in one session; the
medians and their ratios are printed. Target (issue 2): ratio <= 1.3.

Two builds are timed, both doing load, map, validate and write Turtle:
  cold: CVGRAPH_NO_CACHE=1, so the SHACL engine validates afresh (a CV that just changed);
  warm: the validation report cache holds this exact graph (an unchanged CV rebuilt), so
        neither the engine nor rdflib is even imported.

    python benchmarks/build_speed.py [--runs 9]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _engine_module() -> str:
    from cvgraph.shacl.validation import engine

    return {"turbo": "pyshacl_turbo"}.get(engine(), "pyshacl")


FLOOR = [sys.executable, "-c", f"import rdflib, {_engine_module()}"]


def wall(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sample.ttl"
        build = [sys.executable, "-m", "cvgraph.cli", "build", "-o", str(out)]
        cold_env = dict(os.environ, CVGRAPH_NO_CACHE="1")
        warm_env = dict(os.environ, CVGRAPH_CACHE_DIR=str(Path(tmp) / "cache"))
        wall(build, cold_env), wall(build, warm_env), wall(FLOOR)  # warm file cache, .pyc, report cache
        floor, cold, warm = [], [], []
        for _ in range(args.runs):
            floor.append(wall(FLOOR))
            cold.append(wall(build, cold_env))
            warm.append(wall(build, warm_env))
        triples = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if line.endswith(" ."))
    f = statistics.median(floor)
    print(f"runs per command: {args.runs}; output statements (lines ending ' .'): {triples}")
    for name, times in ((f"floor: import rdflib, {_engine_module()}", floor), ("cvgraph build, cold (validates)", cold),
                        ("cvgraph build, warm (cached report)", warm)):
        m = statistics.median(times)
        print(f"{name:38s} median {m * 1000:7.1f} ms  min {min(times) * 1000:7.1f} ms  ratio {m / f:.2f}")
    print("target: ratio <= 1.30")


if __name__ == "__main__":
    main()
