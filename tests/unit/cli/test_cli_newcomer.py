"""Issue 15 item 8: the small things a newcomer hit, each as the user meets it on the command line."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

import cvgraph
from cvgraph.cli import main
from cvgraph.cli.common import EXIT


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version_flags(runner, flag):
    result = runner.invoke(main, [flag])
    assert result.exit_code == EXIT["ok"]
    assert result.output == f"cvgraph, version {cvgraph.__version__}\n"
