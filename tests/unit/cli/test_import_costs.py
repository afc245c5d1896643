"""What `cvgraph build` imports, as a whole process (issue 16: a build's fixed cost is mostly its
imports). A build loads the stages it uses and nothing else: not the web, store, export, query
or HTTP stacks, not the importers' converters (telling a site folder from a folder of CVs needs
only each site's ``is_site``; the name parser alone took ~100 ms), and not rdflib: pyshacl-turbo
validates the N-Triples text natively (cvgraph.shacl.native), without its rdflib-based package."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import ROOT

NEVER = {  # no build needs these
    "nameparser", "jinja2", "requests", "pyld", "jsonschema", "citeproc", "openpyxl", "pyshacl",
    "cvgraph.web", "cvgraph.store", "cvgraph.export", "cvgraph.sparql", "cvgraph.http", "cvgraph.api",
    "cvgraph.importers.alfolio.convert", "cvgraph.importers.hugoblox.convert", "cvgraph.importers.text",
    "cvgraph.importers.bibtex", "cvgraph.importers.merge",
}
VALIDATION = {"rdflib", "pyshacl_turbo"}  # the engine's package imports rdflib; its native module, loaded alone, does not


def _imported(args: list[str], tmp_path: Path, said: list[str] | None = None) -> set[str]:
    """The modules (and their packages) a `cvgraph` process imports, from ``-X importtime``
    (``said``: gets what else it wrote to stderr)."""
    env = {k: v for k, v in os.environ.items() if k != "CVGRAPH_SHACL_ENGINE"}
    env.update(CVGRAPH_NO_CACHE="1", PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "cvgraph.cli", *args], check=False, cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    names = {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}
    if said is not None:
        said.extend(line for line in run.stderr.splitlines() if not line.startswith("import time:"))
    return {prefix for name in names for prefix in _prefixes(name)}


def _prefixes(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    shutil.copy(ROOT / "data" / "sunwoo-lee.yaml", cvs)
    return cvs


@pytest.mark.parametrize("args", [[], ["-f", "nquads"], ["--format", "nt"]], ids=["sample", "nquads", "nt"])
def test_a_build_imports_only_what_it_uses(args: list[str], folder: Path, tmp_path: Path) -> None:
    said: list[str] = []
    sample = _imported(["build", *args, "-o", str(tmp_path / "out")], tmp_path, said)
    batch = _imported(["build", str(folder), *args, "-o", str(tmp_path / "out2")], tmp_path, said)
    pytest.importorskip("pyshacl_turbo", reason="pySHACL is the engine without pyshacl-turbo")
    for imported in (sample, batch):
        assert not imported & (NEVER | VALIDATION), sorted(imported & (NEVER | VALIDATION))
    # it does validate: the sample's two undated publications are reported, by both builds
    assert sum("schema:datePublished" in line for line in said) == 2, said
    assert sum("2 SHACL warnings" in line for line in said) == 1, said


def test_a_build_without_validation_imports_no_rdflib(folder: Path, tmp_path: Path) -> None:
    for target in ([], [str(folder)]):
        imported = _imported(["build", *target, "--no-validate", "-o", str(tmp_path / "out.ttl")], tmp_path)
        assert not imported & (NEVER | VALIDATION), sorted(imported & (NEVER | VALIDATION))
