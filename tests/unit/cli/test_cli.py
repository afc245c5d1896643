"""The command line as a user runs it: help, docs coverage, outputs, exit codes, atomic writes."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic
from support.paths import ROOT
from support.samples import NONCONFORMING

import cvgraph
from cvgraph.cli import main
from cvgraph.rdf.syntax import FORMATS

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


def _guides() -> str:
    """The README and the hand-written docs pages (docs/cli.md is generated from --help: not a guide)."""
    pages = [p for p in sorted((ROOT / "docs").rglob("*.md")) if p.name != "cli.md"]
    return README + "".join(p.read_text(encoding="utf-8") for p in pages)


def test_every_command_has_help_and_is_in_the_guides(runner):
    import click

    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0 and "Exit codes" in result.output
    ctx = click.Context(main)
    names = main.list_commands(ctx)  # the group loads its commands lazily: ask it, not .commands
    assert {"build", "query", "serve", "publish", "init"} <= set(names)
    guides = _guides()
    for name in names:
        command = main.get_command(ctx, name)
        assert command is not None, name
        sub = runner.invoke(main, [name, "--help"])
        assert sub.exit_code == 0, name
        assert command.help and command.help.split()[0] in sub.output
        assert f"cvgraph {name}" in guides, f"neither README nor docs/ shows `cvgraph {name}`"


def test_the_docs_document_the_exit_codes():
    safety = (ROOT / "docs" / "safety.md").read_text(encoding="utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 130 |"):
        assert code in safety


def test_build_sample_to_stdout_is_turtle(runner):
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    g = Graph().parse(data=result.stdout, format="turtle")
    assert len(g) == len(cvgraph.triples(cvgraph.sample_path()))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_build_each_format_to_file_parses_back_to_the_same_graph(runner, tmp_path, fmt, sample_graph):
    out = tmp_path / f"cv{FORMATS[fmt].extension}"
    result = runner.invoke(main, ["build", "-o", str(out)])  # format from the extension
    assert result.exit_code == 0, result.output
    assert f"({fmt}," in result.stderr
    if FORMATS[fmt].named_graphs:
        from rdflib import Dataset

        ds = Dataset().parse(out, format=FORMATS[fmt].rdflib)
        graphs = [g for g in ds.graphs() if len(g)]
        assert [str(g.identifier) for g in graphs] == ["https://sites.google.com/view/sunwoolee"]
        parsed = graphs[0]
    else:
        parsed = Graph().parse(out, format={"xml": "xml"}.get(fmt, fmt))
    assert isomorphic(parsed, sample_graph)


def test_jsonld_reparses_isomorphic_to_turtle(runner, tmp_path):
    ttl, jsonld = tmp_path / "a.ttl", tmp_path / "a.jsonld"
    assert runner.invoke(main, ["build", "-o", str(ttl)]).exit_code == 0
    assert runner.invoke(main, ["build", "-f", "json-ld", "-o", str(jsonld)]).exit_code == 0
    text = jsonld.read_text(encoding="utf-8")
    assert "http" in text and '"@context"' in text and "schema.org/docs" not in text
    assert isomorphic(Graph().parse(ttl, format="turtle"), Graph().parse(jsonld, format="json-ld"))


def test_output_is_byte_identical_across_processes(tmp_path):
    """Same records in, same bytes out — also under different hash seeds."""
    for fmt in FORMATS:
        outputs = set()
        for seed in ("0", "1", "12345"):
            env = dict(os.environ, PYTHONHASHSEED=seed, CVGRAPH_NO_CACHE="1")
            out = tmp_path / f"{seed}.{fmt}"
            subprocess.run([sys.executable, "-m", "cvgraph.cli", "build", "--no-validate", "-f", fmt,
                            "-o", str(out)], check=True, env=env, capture_output=True)
            outputs.add(out.read_bytes())
        assert len(outputs) == 1, fmt


def test_ntriples_output_is_sorted(runner):
    result = runner.invoke(main, ["build", "-f", "nt", "--no-validate"])
    lines = result.stdout.splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))


def test_base_option_moves_every_local_iri(runner):
    result = runner.invoke(main, ["build", "-f", "nt", "--no-validate", "--base", "https://example.org/cv"])
    assert result.exit_code == 0
    assert "<https://example.org/cv#me>" in result.stdout
    assert "sites.google.com/view/sunwoolee#" not in result.stdout
    # the homepage itself stays, as a value
    assert "<https://sites.google.com/view/sunwoolee>" in result.stdout


def test_validate_sample_conforms_exit_0(runner):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Conforms: 0 violations, 2 warnings")


def test_nonconforming_graph_exit_1_and_nothing_written(runner, tmp_path):
    cv = tmp_path / "cv.yaml"
    cv.write_text(NONCONFORMING, encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = runner.invoke(main, ["validate", str(cv)])
    assert result.exit_code == 1, result.output
    assert "Violation" in result.output and "<https://orcid.org/0000-0002-1825-0097> schema:name" in result.output
    result = runner.invoke(main, ["build", str(cv), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "not written" in result.stderr
    result = runner.invoke(main, ["build", str(cv), "-o", str(out), "--force"])
    assert result.exit_code == 1 and out.exists()


def test_existing_output_survives_a_failed_run(runner, tmp_path):
    out = tmp_path / "out.ttl"
    out.write_bytes(b"precious")
    bad = tmp_path / "bad.yaml"
    bad.write_text("person: {name: [}\n", encoding="utf-8")
    result = runner.invoke(main, ["build", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_unwritable_output_is_exit_2_one_line(runner, tmp_path):
    result = runner.invoke(main, ["build", "--no-validate", "-o", str(tmp_path / "missing" / "x.ttl")])
    assert result.exit_code == 2
    assert re.fullmatch(r"error: .*missing/x\.ttl: cannot write here: .*\n", result.stderr)


def test_cache_hit_gives_the_same_report(runner, tmp_path):
    first = runner.invoke(main, ["validate"])
    assert list((tmp_path / "cache" / "report").rglob("*.z"))
    second = runner.invoke(main, ["validate"])
    fresh = runner.invoke(main, ["validate", "--no-cache"])
    assert first.output == second.output == fresh.output


def test_schema_command_prints_the_json_schema(runner):
    import json

    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "cvgraph CV records"


def test_version(runner):
    assert cvgraph.__version__ in runner.invoke(main, ["--version"]).output


@pytest.mark.parametrize("base", ["not an iri", "ftp://x.org/cv", "https://a b"])
def test_bad_base_is_exit_2_one_line(runner, base):
    result = runner.invoke(main, ["build", "--no-validate", "--base", base])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --base") and result.stderr.count("\n") == 1


def test_missing_cv_file_is_exit_2(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "nope.yaml:1:1" in result.stderr and "cannot read file" in result.stderr


def test_unknown_profile_is_exit_2(runner):
    result = runner.invoke(main, ["validate", "--profile", "nosuch"])
    assert result.exit_code == 2 and "'nosuch' is not one of 'core', 'google', 'vivo', 'all'" in result.stderr
