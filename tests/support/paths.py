"""Where things are, for tests in any folder under tests/."""
from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]  # tests/: its data folders (bad/, data/, golden/, shapes/)
ROOT = TESTS.parent  # the repository
BENCHMARKS = ROOT / "benchmarks"
