"""The wheel carries the bundled folders, and the package finds them there (not via the CWD)."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support.paths import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True)
    return next(out.glob("cvgraph-*.whl"))


TABLES = [f"cvgraph/importers/data/{p.name}" for p in (ROOT / "cvgraph/importers/data").glob("*.yaml")]


def test_wheel_contains_bundled_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("cvgraph/_bundled/ontology/mapping.yaml", "cvgraph/_bundled/shapes/core.ttl",
                     "cvgraph/_bundled/data/sunwoo-lee.yaml", "cvgraph/cv.schema.json", "cvgraph/py.typed",
                     "cvgraph/cli/app.py", "cvgraph/web/templates/site.html.j2",
                     "cvgraph/web/templates/parts.html.j2", "cvgraph/web/templates/site.css",
                     *TABLES):
        assert required in names, required
    assert not any(n.startswith("tests/") for n in names)


def test_installed_wheel_builds_the_sample_from_another_directory(wheel, tmp_path):
    """Unpack the wheel into a fresh folder and run it from elsewhere: resources resolve."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    out = tmp_path / "out.nt"
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "CVGRAPH_NO_CACHE": "1"}
    result = subprocess.run([sys.executable, "-c", "import cvgraph, sys; print(cvgraph.__file__); "
                             "from cvgraph.cli import main; sys.argv=['cvgraph','build','-o',sys.argv[1]]; main()",
                             str(out)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(site))
    assert out.read_text(encoding="utf-8").count("\n") > 1000
