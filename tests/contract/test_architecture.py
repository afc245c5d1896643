"""The package's shape, enforced: the stages' import contracts (import-linter), module size, the
public API, lint (ruff) and types (mypy --strict)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import ROOT

PACKAGE = ROOT / "cvgraph"
MAX_LINES = 400  # "no module over ~400 lines": a little slack for a license header or a table row


def test_import_contracts_hold():
    """Each stage imports only the stages below it, and no package's modules form a cycle."""
    result = subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_module_is_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES + 20, f"{path.relative_to(ROOT)}: {lines} lines; split it by what it does"


def test_the_api_is_what_cvgraph_exports():
    """Every name in cvgraph.__all__ resolves (loaded on first use), and the public API functions
    the issue names are among them."""
    import cvgraph

    for name in cvgraph.__all__:
        assert getattr(cvgraph, name) is not None, name
    for name in ("load", "build", "build_many", "validate", "validate_many", "query", "embed_document", "site",
                 "publish", "serialize", "triples", "CvgraphError", "RecordError"):
        assert name in cvgraph.__all__ and callable(getattr(cvgraph, name)), name


def _tool(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else name


def test_package_is_ruff_clean():
    """ruff's default rules plus ANN, I, UP, B, SIM, RUF and C901 (complexity <= 15): pyproject.toml."""
    result = subprocess.run([_tool("ruff"), "check", "--no-cache", "cvgraph"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-1000:]


def test_package_is_mypy_strict_clean(tmp_path):
    result = subprocess.run([_tool("mypy"), "--cache-dir", str(tmp_path / "mypy")], cwd=ROOT, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-1000:]
