"""The README, start to end, as a newcomer runs it: a copy of this checkout, the system's own
Python (no venv, nothing of ours on PATH: /usr/bin and /bin only), then every block of the README
in one shell: the quick start creates a venv and pip-installs the checkout, the three recipes run
against that installed cvgraph, the store recipe against a real Oxigraph server (the `oxigraph`
package, a dependency of cvgraph) on a free 127.0.0.1 port.

Slow (a venv and a pip install: about a minute with a warm pip cache; the cache is
tests/artifacts/cache/pip, as tests/run.sh sets it); the packages come from the index pip is
configured with. The time each run took is printed (pytest -s) and checked against a bound.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from support import doccommands as dc
from support.paths import ROOT

FRESH_PATH = "/usr/bin:/bin"
BOUND = 900  # seconds: a cold pip cache downloads every dependency


def checkout_copy(dest: Path) -> Path:
    """The files a clone has (tracked, and new ones not ignored), as they are in the work tree."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


@pytest.mark.integration
@pytest.mark.slow
def test_the_readme_runs_start_to_end_in_a_fresh_venv(tmp_path):
    python3 = shutil.which("python3", path=FRESH_PATH)
    if python3 is None or subprocess.run([python3, "-c", "import venv, ensurepip"], check=False).returncode:
        pytest.skip("no system python3 with venv and ensurepip in /usr/bin")
    work, home = checkout_copy(tmp_path / "cvgraph"), tmp_path / "home"
    home.mkdir()
    cache = ROOT / "tests" / "artifacts" / "cache" / "pip"
    started = time.monotonic()
    failures = dc.run_page(dc.parse(ROOT / "README.md"), dc.PageRun(
        cwd=work, home=home, with_install=True, base_path=FRESH_PATH,
        extra_env={"PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(cache))}))
    took = time.monotonic() - started
    print(f"README.md in a fresh venv: {took:.0f} s")
    assert not failures, "\n\n".join(map(str, failures))
    assert (work / ".venv" / "bin" / "cvgraph").is_file()
    assert took < BOUND, f"{took:.0f} s"
