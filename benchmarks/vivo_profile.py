"""The VIVO profile against the core profile on the same generated CVs (issue 13: "building the VIVO
profile of 1,000 generated CVs is no slower than the core profile").

Two measures, each the median of --runs interleaved runs in this one session:
  build:   `cvgraph build DIR -f nquads --no-cache --profile core|vivo` as a whole process (load,
           map, validate against the profile's shapes, write), the floor being the core build;
  mapping: records -> triples only, in this process, over the same loaded CVs (the VIVO mapping,
           cvgraph/mapping/vivo*.py, against the table walker, cvgraph/mapping/walker.py).
The ratio vivo/core is printed for both, and per triple (the two profiles write different numbers
of triples). Target: build ratio <= 1.0.

    python benchmarks/vivo_profile.py [--cvs 1000] [--runs 3] [--jobs N]
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.generate import write

NS = "https://vivo.example.edu/individual/"


def _build(folder: Path, out: Path, profile: str, jobs: int | None) -> float:
    cmd = [sys.executable, "-m", "cvgraph.cli", "build", str(folder), "-f", "nquads", "-o", str(out),
           "--no-cache", "--profile", profile, "--vivo-namespace", NS]
    if jobs:
        cmd += ["-j", str(jobs)]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ, CVGRAPH_NO_CACHE="1"))
    return time.perf_counter() - start


def _lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cvs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()

    import cvgraph
    from cvgraph.mapping import vivo
    from cvgraph.mapping.profiles import VivoOptions
    from cvgraph.mapping.walker import triples as core_triples

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cvs"
        paths = write(args.cvs, folder)
        outs = {p: Path(tmp) / f"{p}.nq" for p in ("core", "vivo")}
        times: dict[str, list[float]] = {"core": [], "vivo": []}
        for _ in range(args.runs):
            for profile in ("core", "vivo"):
                times[profile].append(_build(folder, outs[profile], profile, args.jobs))
        quads = {p: _lines(outs[p]) for p in outs}

        cvs = [cvgraph.load(p) for p in paths]
        options = VivoOptions(NS)
        mapping: dict[str, list[float]] = {"core": [], "vivo": []}
        for _ in range(args.runs):
            start = time.perf_counter()
            for cv in cvs:
                core_triples(cv)
            mapping["core"].append(time.perf_counter() - start)
            start = time.perf_counter()
            for cv in cvs:
                vivo.triples(cv, None, options)
            mapping["vivo"].append(time.perf_counter() - start)

    print(f"{args.cvs} generated CVs, {args.runs} interleaved runs each; quads written: "
          f"core {quads['core']:,}, vivo {quads['vivo']:,}")
    for what, series in (("build (whole process, validated)", times), ("mapping only (in process)", mapping)):
        core, viv = statistics.median(series["core"]), statistics.median(series["vivo"])
        per = (viv / quads["vivo"]) / (core / quads["core"])
        print(f"{what}: core {core:.2f} s, vivo {viv:.2f} s, ratio vivo/core {viv / core:.2f} "
              f"(per quad {per:.2f})")


if __name__ == "__main__":
    main()
