"""The CLI on bad input: exit code 2, one ``error: file:line:col field: message (hint: …)`` line
per problem on stderr, no traceback, and no output file (an existing one is left untouched).

Every fixture in ``tests/bad/`` is run through ``build -o`` and ``validate`` in-process (CliRunner),
except the alias bomb, which only runs in a child process under resource limits (see
test_records.py). One end-to-end run goes through ``python -m cvgraph.cli`` in a subprocess.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.paths import TESTS

from cvgraph.cli import main
from cvgraph.records.yamlsafe import MAX_BYTES

BAD = TESTS / "bad"
FIXTURES = sorted(p.name for p in BAD.glob("*.yaml") if p.name != "alias-bomb.yaml")
LINE = re.compile(r"^error: (?P<file>.+?):(?P<line>\d+):(?P<col>\d+) (?:(?P<field>\S+): )?(?P<message>.+?)"
                  r"(?: \(hint: (?P<hint>.+)\))?$")
HEAD = "person:\n  name: Ada Lovelace\n  homepage: https://example.org/~ada\n"


def run(*args: str):
    result = CliRunner().invoke(main, [str(a) for a in args])
    # a Python exception other than SystemExit means a traceback for the user
    assert result.exc_info is None or result.exc_info[0] is SystemExit, \
        f"uncaught {result.exc_info[0].__name__}: {result.exception}"
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    return result


def assert_error_lines(stderr: str, path: Path) -> list[re.Match]:
    lines = stderr.splitlines()
    assert lines, "no error message"
    matches = []
    for line in lines:
        assert line.startswith(f"error: {path}:"), f"not a located error line: {line!r}"
        match = LINE.match(line)
        assert match, f"not 'error: file:line:col field: message': {line!r}"
        matches.append(match)
    return matches


@pytest.mark.parametrize("name", FIXTURES)
def test_build_bad_input_exits_2_and_writes_nothing(name, tmp_path):
    out = tmp_path / "out.ttl"
    result = run("build", BAD / name, "-o", out)
    assert result.exit_code == 2, result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [], "no temporary file may be left behind"
    assert result.stdout == ""
    assert_error_lines(result.stderr, BAD / name)


@pytest.mark.parametrize("name", FIXTURES)
def test_build_bad_input_leaves_existing_output_alone(name, tmp_path):
    out = tmp_path / "out.ttl"
    before = b"@prefix : <urn:x#> .\n:old :triple \"kept\" .\n"
    out.write_bytes(before)
    result = run("build", BAD / name, "-o", out)
    assert result.exit_code == 2, result.output
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


@pytest.mark.parametrize("name", FIXTURES)
def test_validate_bad_input_exits_2(name):
    result = run("validate", BAD / name)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert_error_lines(result.stderr, BAD / name)


def test_error_line_format_with_did_you_mean():
    result = run("validate", BAD / "unknown-key.yaml")
    first, second = assert_error_lines(result.stderr, BAD / "unknown-key.yaml")
    assert (first["line"], first["col"], first["field"]) == ("6", "5", "publications[0]")
    assert "missing required field 'title'" in first["message"]
    assert (second["line"], second["col"], second["field"]) == ("7", "5", "publications[0].titel")
    assert second["message"] == "unknown key"
    assert "did you mean 'title'" in second["hint"]


def test_all_problems_reported_in_line_order(tmp_path):
    result = run("build", BAD / "several-problems.yaml", "-o", tmp_path / "out.ttl")
    assert result.exit_code == 2
    assert not (tmp_path / "out.ttl").exists()
    matches = assert_error_lines(result.stderr, BAD / "several-problems.yaml")
    assert [int(m["line"]) for m in matches] == [11, 12, 16, 24, 28, 29, 30]
    assert [m["field"] for m in matches] == [
        "person.homepge", "person.orcid", "organizations[0].kind", "employment[0].end",
        "publications[0].authors[1]", "publications[0].year", "publications[0].doi"]
    assert all(m["hint"] for m in matches)


def test_problems_of_several_files_are_all_reported(tmp_path):
    out = tmp_path / "out.trig"
    result = run("build", BAD / "unknown-enum.yaml", BAD / "bad-orcid.yaml", "-o", out)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]  # then a summary
    assert len(lines) == 2
    assert any(line.startswith(f"error: {BAD / 'unknown-enum.yaml'}:6:5 ") for line in lines)
    assert any(line.startswith(f"error: {BAD / 'bad-orcid.yaml'}:5:3 ") for line in lines)
    assert not out.exists()


def test_missing_input_file(tmp_path):
    missing = tmp_path / "nope.yaml"
    result = run("build", missing, "-o", tmp_path / "out.ttl")
    assert result.exit_code == 2
    [match] = assert_error_lines(result.stderr, missing)
    assert "cannot read" in match["message"]
    assert not (tmp_path / "out.ttl").exists()


@pytest.mark.parametrize("kind", ["empty", "oversized", "latin1", "raw-control"])
def test_generated_bad_input(kind, tmp_path):
    path = tmp_path / f"{kind}.yaml"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "oversized":
        path.write_bytes(HEAD.encode() + b"#" * MAX_BYTES + b"\n")
    elif kind == "latin1":
        path.write_bytes(HEAD.encode() + b"interests: [caf\xe9]\n")
    else:
        path.write_bytes(HEAD.encode() + b"interests: [caf\x07]\n")
    out = tmp_path / "out.ttl"
    result = run("build", path, "-o", out)
    assert result.exit_code == 2
    assert not out.exists()
    assert_error_lines(result.stderr, path)


def test_end_to_end_subprocess(tmp_path):
    bad = BAD / "several-problems.yaml"
    out = tmp_path / "out.ttl"
    proc = subprocess.run([sys.executable, "-m", "cvgraph.cli", "build", str(bad), "-o", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 7
    for line in lines:
        assert line.startswith(f"error: {bad}:"), line
    assert "did you mean 'homepage'" in lines[0]
    assert not out.exists()
