"""cvgraph export: formats, -o, --data, and bad input as one line with exit code 2."""
from __future__ import annotations

import json

from click.testing import CliRunner

import cvgraph
from cvgraph.cli.app import main


def run(*args: str):
    return CliRunner().invoke(main, ["export", *args])


def test_bibtex_to_file(tmp_path):
    out = tmp_path / "cv.bib"
    result = run("bibtex", str(cvgraph.sample_path()), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").count("\n@") == 29


def test_csl_json_from_data(tmp_path):
    data = tmp_path / "cv.nt"
    data.write_bytes(cvgraph.serialize(cvgraph.sample_path(), "nt"))
    result = run("csl-json", "--data", str(data))
    assert result.exit_code == 0, result.output
    ids = {i["id"] for i in json.loads(result.stdout)}
    assert "lee2022improving" in ids and len(ids) == 30


def test_citations_markdown():
    result = run("citations", str(cvgraph.sample_path()), "--style", "apa", "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("- Al-Bahrani, R.")


def test_unknown_format():
    result = run("endnote")
    assert result.exit_code == 2
    assert "'endnote' is not one of" in result.output


def test_unknown_style():
    result = run("citations", str(cvgraph.sample_path()), "--style", "nope")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "unknown style" in result.stderr


def test_unreadable_cv(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("person: [\n", "utf-8")
    result = run("bibtex", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and str(bad) in result.stderr
    assert "Traceback" not in result.output


def test_output_is_not_an_input(tmp_path):
    cv = tmp_path / "cv.yaml"
    cv.write_bytes(cvgraph.sample_path().read_bytes())
    result = run("bibtex", str(cv), "-o", str(cv))
    assert result.exit_code == 2
    assert cv.read_bytes() == cvgraph.sample_path().read_bytes()
