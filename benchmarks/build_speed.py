"""Whole-process wall time of `cvgraph build` on the sample, against the import floor.

The floor is `python -c "import rdflib, <engine>"` with <engine> the SHACL engine the build uses
(pyshacl_turbo by default, pyshacl with CVGRAPH_SHACL_ENGINE=pyshacl): a build that validates
cannot start faster than its two heaviest imports. All commands run interleaved, N times each, in one session; the
medians and their ratios are printed. Target (issue 16): cold ratio <= 1.5.

Three builds are timed, all doing load, map, validate and write Turtle:
  cold:    CVGRAPH_NO_CACHE=1: no cache at all, the shapes parsed and compiled, the SHACL
           engine validates afresh (issue 16's row);
  changed: a cache that holds the compiled shapes but no report for this graph (a CV that just
           changed): the engine validates afresh, the shapes are not parsed again;
  warm:    the validation report cache holds this exact graph (an unchanged CV rebuilt), so
           neither the engine nor rdflib is even imported.

Every command runs without PYTHONDONTWRITEBYTECODE: cvgraph's modules are byte-compiled, as an
installed package's are and as the floor's rdflib and engine are (a source checkout run with
that variable set compiles some 50 modules on every start, ~100 ms).

    python benchmarks/build_speed.py [--runs 9]
"""
from __future__ import annotations

import argparse
import os
import shutil
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


def wall(cmd: list[str], env: dict | None = None, before: Path | None = None) -> float:
    if before is not None:  # the report entries go, the compiled shapes stay
        shutil.rmtree(before, ignore_errors=True)
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
        base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        base.pop("CVGRAPH_NO_CACHE", None)
        cold_env = dict(base, CVGRAPH_NO_CACHE="1")
        changed_env = dict(base, CVGRAPH_CACHE_DIR=str(Path(tmp) / "changed"))
        reports = Path(tmp) / "changed" / "report"
        warm_env = dict(base, CVGRAPH_CACHE_DIR=str(Path(tmp) / "cache"))
        # warm the file cache, write the .pyc files, fill the caches
        wall(build, cold_env), wall(build, changed_env), wall(build, warm_env), wall(FLOOR, base)
        floor, cold, changed, warm = [], [], [], []
        for _ in range(args.runs):
            floor.append(wall(FLOOR, base))
            cold.append(wall(build, cold_env))
            changed.append(wall(build, changed_env, before=reports))
            warm.append(wall(build, warm_env))
        triples = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if line.endswith(" ."))
    f = statistics.median(floor)
    print(f"runs per command: {args.runs}; output statements (lines ending ' .'): {triples}; "
          f"load average {os.getloadavg()[0]:.1f}")
    for name, times in ((f"floor: import rdflib, {_engine_module()}", floor), ("cvgraph build, cold (no cache)", cold),
                        ("cvgraph build, changed (shapes cached)", changed),
                        ("cvgraph build, warm (cached report)", warm)):
        m = statistics.median(times)
        print(f"{name:40s} median {m * 1000:7.1f} ms  min {min(times) * 1000:7.1f} ms  ratio {m / f:.2f}")
    print("target (issue 16): cold ratio <= 1.50")


if __name__ == "__main__":
    main()
