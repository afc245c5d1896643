"""Institution scale (issue 7): `cvgraph build DIR --format nquads -o FILE` on N synthetic CVs.

    python benchmarks/scale_build.py [--sizes 100 1000] [--big] [--jobs N] [--reference-max 100] [--verify]

For each N (100 and 1,000; --big adds 5,000) the CVs are written by tests/support/generate.py, then
each command runs as a child process, timed as a whole (wall) with its peak memory:

  cold      a fresh cache: every CV loaded, mapped, validated with pySHACL, written;
  1% warm   the same cache after 1% of the CVs changed (a line added to their interests):
            only those are rebuilt and revalidated;
  verify    (--verify) a full build without the cache after the change: its output must be
            byte-identical to the warm one's;
  floor     what no build of these CVs can beat (issue 16): parsing the same CVs with PyYAML's C
            loader, plus parsing the cold build's N-Quads and writing them again with pyoxigraph,
            in one process; the cold build's ratio to it is printed (goal: <= 2);

and, for N <= --reference-max (default 100; they are slow), two references in the same run:

  rdflib    the straightforward path: one rdflib Graph of all CVs, serialised as Turtle;
  pyshacl   pySHACL alone on the merged graph (parsed first; only the validation is timed).

Every command runs without PYTHONDONTWRITEBYTECODE, so that cvgraph's modules are byte-compiled
as an installed package's are (with it set, a source checkout compiles its modules again in the
parent and in each worker, on every run).

Peak memory: "tree" is the largest sum of the resident sizes of the command and its worker
processes (sampled from /proc every 20 ms; Linux), "one" the largest single process's
(ru_maxrss from wait4). The machine's other load makes all figures noisy.
Targets (issue 7): 1,000 CVs built, validated and written in <= 75 s and <= 1.5 GB; the
re-export with 1% changed in <= 15 s.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = {"cold": 75.0, "warm": 15.0}
PEAK_TARGET_MB = 1536
FLOOR_RATIO = 2.0  # issue 16: a cold build within 2x the floor

RDFLIB_PATH = """
import sys, time
from pathlib import Path
import cvgraph
paths = sorted(Path(sys.argv[1]).glob("*.yaml"))
graph = cvgraph.build(paths)  # one rdflib Graph of every CV
Path(sys.argv[2]).write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
"""

FLOOR = """
import sys
from pathlib import Path
import pyoxigraph as ox
import yaml
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):  # every CV parsed by PyYAML's C loader
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
quads = ox.parse(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)  # the output parsed and written again
ox.serialize(quads, output=sys.argv[3], format=ox.RdfFormat.N_QUADS)
"""

PYSHACL_ALONE = """
import sys, time
from rdflib import Graph
from cvgraph.shacl.validation import validate
graph = Graph().parse(sys.argv[1], format="nt")
start = time.perf_counter()
report = validate(graph)
print(f"{time.perf_counter() - start:.3f} {report.conforms} {len(graph)}")
"""


def _tree_rss_kb(pid: int) -> int:
    """Resident size of a process and all its descendants, in kB (0 once it is gone)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd``; its wall time, peak tree RSS (sampled) and largest process RSS (wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "tree_mb": peak[0] / 1024, "one_mb": usage.ru_maxrss / 1024,
            "code": proc.returncode, "stdout": out.decode(), "stderr": err.decode()}


def change_one_percent(paths: list[Path]) -> list[Path]:
    """Change 1% of the CVs (at least one), evenly spread: a research interest added."""
    step = 100
    changed = paths[::step] if len(paths) >= step else paths[:1]
    for k, path in enumerate(changed):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\ninterests:\n", f"\ninterests:\n- Benchmark change {k}\n", 1),
                        encoding="utf-8")
    return changed


def line(name: str, m: dict, extra: str = "") -> str:
    return f"  {name:30s} {m['wall']:8.1f} s  peak tree {m['tree_mb']:7.0f} MB  one process {m['one_mb']:6.0f} MB{extra}"


def run(n: int, args: argparse.Namespace, tmp: Path) -> None:
    sys.path.insert(0, str(HERE.parent / "tests"))  # tests/support: the CV generator
    from support import (
        generate,  # tests/support/generate.py (imported by name: its worker processes pickle its functions)
    )

    folder = tmp / f"cvs-{n}"
    paths = generate.write(n, folder, seed=0, jobs=os.cpu_count() or 1)
    cache = tmp / f"cache-{n}"
    env = dict(os.environ, CVGRAPH_CACHE_DIR=str(cache))
    env.pop("CVGRAPH_NO_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cvgraph byte-compiled, as installed (see build_speed.py)
    jobs = ["-j", str(args.jobs)] if args.jobs else []
    build = [sys.executable, "-m", "cvgraph.cli", "build", str(folder), "--format", "nquads", *jobs]
    print(f"N = {n} CVs ({sum(p.stat().st_size for p in paths) / 1e6:.1f} MB of YAML), "
          f"jobs = {args.jobs or os.cpu_count()}, load average {os.getloadavg()[0]:.1f}", flush=True)

    cold = measure([*build, "-o", str(tmp / f"cold-{n}.nq")], env)
    if cold["code"] != 0:
        sys.exit(f"cold build failed ({cold['code']}):\n{cold['stderr']}")
    summary = next(s for s in cold["stderr"].splitlines() if s.startswith("wrote "))
    print(line("cold (validates every CV)", cold, f"   ({summary.split(' (', 1)[1]}"), flush=True)
    floor = measure([sys.executable, "-c", FLOOR, str(folder), str(tmp / f"cold-{n}.nq"), str(tmp / f"floor-{n}.nq")])
    if floor["code"] != 0:
        sys.exit(f"floor failed ({floor['code']}):\n{floor['stderr']}")
    print(line("floor: PyYAML C loader + N-Quads", floor, f"   cold / floor = {cold['wall'] / floor['wall']:.2f} "
               f"(goal <= {FLOOR_RATIO:.0f}); load average {os.getloadavg()[0]:.1f}"), flush=True)
    changed = change_one_percent(paths)
    warm = measure([*build, "-o", str(tmp / f"warm-{n}.nq")], env)
    if warm["code"] != 0:
        sys.exit(f"warm build failed ({warm['code']}):\n{warm['stderr']}")
    summary = next(s for s in warm["stderr"].splitlines() if s.startswith("wrote "))
    print(line(f"{len(changed)} changed, warm cache", warm, f"   ({summary.split(' (', 1)[1]}"), flush=True)
    if args.verify:
        full = measure([*build, "--no-cache", "-o", str(tmp / f"full-{n}.nq")], env)
        same = (tmp / f"full-{n}.nq").read_bytes() == (tmp / f"warm-{n}.nq").read_bytes()
        print(line("verify: full, no cache", full, f"   output identical to warm: {same}"), flush=True)
        if not same:
            sys.exit("the warm re-export differs from a full build")

    if n <= args.reference_max:
        ref = measure([sys.executable, "-c", RDFLIB_PATH, str(folder), str(tmp / f"rdflib-{n}.ttl")])
        print(line("reference: rdflib Graph + Turtle", ref, f"   ratio {ref['wall'] / cold['wall']:.1f}x cold"
                   " (no validation)"), flush=True)
        nt = tmp / f"merged-{n}.nt"
        subprocess.run([sys.executable, "-m", "cvgraph.cli", "build", str(folder), "--no-validate", "--no-cache",
                        "-f", "nt", "-o", str(nt)], check=True, capture_output=True)
        alone = measure([sys.executable, "-c", PYSHACL_ALONE, str(nt)])
        seconds, conforms, count = alone["stdout"].split()
        print(line("reference: pyshacl alone", alone, f"   validate() {float(seconds):.1f} s on {count} merged "
                   f"triples (conforms {conforms}); ratio {float(seconds) / cold['wall']:.1f}x cold"), flush=True)
    if n == 1000:
        checks = [(f"cold <= {TARGETS['cold']:.0f} s", cold["wall"] <= TARGETS["cold"]),
                  (f"peak <= {PEAK_TARGET_MB} MB", max(cold["tree_mb"], warm["tree_mb"]) <= PEAK_TARGET_MB),
                  (f"1% changed <= {TARGETS['warm']:.0f} s", warm["wall"] <= TARGETS["warm"])]
        print("  targets (issue 7): " + ", ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in checks),
              flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--big", action="store_true", help="also N = 5,000")
    parser.add_argument("--jobs", type=int, help="cvgraph build -j (default: one per core)")
    parser.add_argument("--reference-max", type=int, default=100, help="run the references up to this N")
    parser.add_argument("--verify", action="store_true", help="also a full build after the change, compared")
    args = parser.parse_args()
    sizes = args.sizes + ([5000] if args.big and 5000 not in args.sizes else [])
    with tempfile.TemporaryDirectory(prefix="cvgraph-scale-") as tmp:
        for n in sizes:
            run(n, args, Path(tmp))


if __name__ == "__main__":
    main()
