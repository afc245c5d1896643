"""cvgraph export --endpoint: the works of the CV graphs published in a real Oxigraph server."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from support.generate import generate

import cvgraph
from cvgraph.cli.app import main

pytestmark = pytest.mark.integration


@pytest.fixture
def server(oxigraph_server):
    oxigraph_server.clear()
    yield oxigraph_server
    oxigraph_server.clear()


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_sample_from_the_store_is_the_local_export(server):
    assert run("publish", "--endpoint", server.base).exit_code == 0
    for fmt in ("bibtex", "csl-json"):
        remote = run("export", fmt, "--endpoint", server.base)
        assert remote.exit_code == 0, remote.output
        assert remote.stdout == run("export", fmt).stdout


def test_doi_named_works_from_the_store_as_from_data(server, tmp_path):
    name, text = next(generate(1, 11))
    cv = tmp_path / name
    cv.write_text(text, "utf-8")
    assert run("publish", str(cv), "--endpoint", server.base).exit_code == 0
    data = tmp_path / "cv.nt"
    data.write_bytes(cvgraph.serialize(cv, "nt"))
    remote = run("export", "csl-json", "--endpoint", server.base)
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == run("export", "csl-json", "--data", str(data)).stdout
    assert '"DOI": "10.' in remote.stdout


def test_endpoint_and_files_refused(server):
    result = run("export", "bibtex", str(cvgraph.sample_path()), "--endpoint", server.base)
    assert result.exit_code == 2 and "not CV files and --endpoint URL" in result.stderr
