"""The VIVO profile against the core profile on the same generated CVs (issue 13: "building the VIVO
profile of 1,000 generated CVs is no slower than the core profile").

Two measures, each the median of --runs interleaved runs in this one session:
  build:   `cvgraph build DIR -f nquads --no-cache --profile core|vivo` as a whole process (load,
           map, validate against the profile's shapes, write), the floor being the core build;
           its wall time and its CPU time (user + system of the process and its workers: on a
           shared machine the wall time follows the load, the CPU time much less);
  stages:  the same steps in this process, one CV after another, in CPU time: load (read and
           check the records), map (records -> sorted triples), N-Triples (the lines written and
           validated), validate (the engine on those lines, and the report), so that a ratio above
           1 says where the VIVO profile spends its extra time, per CV and per quad.
The ratio vivo/core is printed for each, and per quad (the two profiles write different numbers
of quads). Target: build ratio <= 1.0.

    python benchmarks/vivo_profile.py [--cvs 1000] [--runs 3] [--jobs N] [--stage-cvs 100]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.generate import write

NS = "https://vivo.example.edu/individual/"
PROFILES = ("core", "vivo")
STAGES = ("load", "map", "N-Triples", "validate")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _build(folder: Path, out: Path, profile: str, jobs: int | None) -> tuple[float, float]:
    """One whole build: (wall, CPU) seconds."""
    cmd = [sys.executable, "-m", "cvgraph.cli", "build", str(folder), "-f", "nquads", "-o", str(out),
           "--no-cache", "--profile", profile, "--vivo-namespace", NS]
    if jobs:
        cmd += ["-j", str(jobs)]
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ, CVGRAPH_NO_CACHE="1"))
    return time.perf_counter() - start, _children_cpu() - cpu


def _lines(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f)


def _stages(paths: list[Path], profile: str) -> tuple[dict[str, float], int]:
    """CPU seconds per stage over ``paths`` built one after another as ``cvgraph build`` does, and
    the number of triples."""
    from cvgraph.mapping.profiles import VivoOptions, joined, profile_parts
    from cvgraph.pipeline.build import profile_report
    from cvgraph.pipeline.sources import Unit, load_unit
    from cvgraph.rdf.terms import nt_lines_of

    clock, spent, count = time.process_time, dict.fromkeys(STAGES, 0.0), 0
    options = VivoOptions(NS)
    for path in paths:
        t0 = clock()
        cv = load_unit(Unit(str(path), ()), None, None, None)
        t1 = clock()
        parts = profile_parts(cv, None, profile, options)
        items = joined(parts)
        t2 = clock()
        lines = nt_lines_of(items)
        t3 = clock()
        report = profile_report(parts, profile, items, None, False, lines)
        t4 = clock()
        assert report.conforms, f"{path}: the {profile} profile does not conform"
        for stage, took in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            spent[stage] += took
        count += len(items)
    return spent, count


def _print_stages(paths: list[Path], runs: int) -> None:
    from cvgraph.shacl.validation import compiled_shapes

    for profile in PROFILES:  # compiled once per process, as in a build: not a stage
        compiled_shapes(profile)
        _stages(paths[:1], profile)  # imports
    spent: dict[str, dict[str, list[float]]] = {p: {s: [] for s in STAGES} for p in PROFILES}
    triples = dict.fromkeys(PROFILES, 0)
    for _ in range(runs):
        for profile in PROFILES:
            took, triples[profile] = _stages(paths, profile)
            for stage in STAGES:
                spent[profile][stage].append(took[stage])
    n = len(paths)
    print(f"stages, in this process, CPU ms per CV over {n} CVs (median of {runs}); quads per CV: "
          f"core {triples['core'] / n:.0f}, vivo {triples['vivo'] / n:.0f}")
    totals = dict.fromkeys(PROFILES, 0.0)
    for stage in STAGES:
        core, viv = (statistics.median(spent[p][stage]) for p in PROFILES)
        totals["core"] += core
        totals["vivo"] += viv
        _ratio_line(f"  {stage:<10}", core / n, viv / n, triples)
    _ratio_line(f"  {'total':<10}", totals["core"] / n, totals["vivo"] / n, triples)


def _ratio_line(what: str, core: float, viv: float, quads: dict[str, int]) -> None:
    per = (viv / quads["vivo"]) / (core / quads["core"]) if core and viv else float("nan")
    print(f"{what}: core {core * 1000:6.2f}, vivo {viv * 1000:6.2f}, ratio vivo/core {viv / core:.2f} "
          f"(per quad {per:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cvs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--stage-cvs", type=int, default=100, help="CVs timed stage by stage (0: none)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cvs"
        paths = write(args.cvs, folder)
        outs = {p: Path(tmp) / f"{p}.nq" for p in PROFILES}
        wall: dict[str, list[float]] = {p: [] for p in PROFILES}
        cpu: dict[str, list[float]] = {p: [] for p in PROFILES}
        for _ in range(args.runs):
            for profile in PROFILES:
                took, used = _build(folder, outs[profile], profile, args.jobs)
                wall[profile].append(took)
                cpu[profile].append(used)
        quads = {p: _lines(outs[p]) for p in outs}
        print(f"{args.cvs} generated CVs, {args.runs} interleaved runs each; quads written: "
              f"core {quads['core']:,}, vivo {quads['vivo']:,}; load average {os.getloadavg()[0]:.2f}")
        for what, series in (("build wall (whole process, validated)", wall), ("build CPU (user + system)", cpu)):
            core, viv = (statistics.median(series[p]) for p in PROFILES)
            per = (viv / quads["vivo"]) / (core / quads["core"])
            print(f"{what}: core {core:.2f} s, vivo {viv:.2f} s, ratio vivo/core {viv / core:.2f} "
                  f"(per quad {per:.2f})")
        if args.stage_cvs:
            _print_stages(paths[:args.stage_cvs], args.runs)


if __name__ == "__main__":
    main()
