"""Issue 15, item 2: a stable ``$schema`` line, and an imported CV without a homepage that builds.

- ``cvgraph schema -o FILE`` writes the JSON Schema atomically (never over the installed one);
  ``cvgraph init`` and ``cvgraph import -o`` write the same file beside the CV, through the same
  function, and the ``$schema`` line names it by ``./cv.schema.json``: before, ``import`` wrote a
  relative path into the installed package (site-packages), which breaks on upgrade or another venv.
- An import that gives no homepage (BibTeX always; JSON Resume without ``basics.url``; RenderCV
  without ``website``; an ORCID works answer without the person) said "0 warnings" and the CV then
  failed to build ("no document IRI"). Now ``base:`` is the marked placeholder, with a warning at
  its line, and every later build warns while it is there.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cvgraph.records.starter import PLACEHOLDER_HOME
from cvgraph.resources import schema_path
from tests.support.clirun import run
from tests.support.paths import TESTS

IMPORT = TESTS / "data" / "import"
SCHEMA_LINE = "# yaml-language-server: $schema=./cv.schema.json"


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_schema_o_writes_the_schema_and_replaces_an_old_one(runner, tmp_path):
    out = tmp_path / "cv.schema.json"
    out.write_text("{}", encoding="utf-8")  # an older version's
    result = run(runner, "schema", "-o", out)
    assert result.exit_code == 0 and result.stdout == "" and f"wrote {out}" in result.stderr
    assert out.read_bytes() == schema_path().read_bytes()
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "cvgraph CV records"


def test_schema_o_never_over_the_installed_schema_nor_into_a_missing_folder(runner, tmp_path):
    before = schema_path().read_bytes()
    result = run(runner, "schema", "-o", schema_path())
    assert result.exit_code == 2 and "is also an input" in result.stderr
    assert schema_path().read_bytes() == before
    result = run(runner, "schema", "-o", tmp_path / "no" / "such" / "cv.schema.json")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1


def _imported(runner: CliRunner, fmt: str, source: Path, out: Path) -> str:
    result = run(runner, "import", fmt, source, "-o", out)
    assert result.exit_code == 0, result.output
    return result.stderr


def _base_line(text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("base:"))


def _without(path: Path, tmp_path: Path, pattern: str) -> Path:
    """A copy of the real file ``path`` with the lines matching ``pattern`` removed."""
    text = path.read_text(encoding="utf-8")
    kept = "\n".join(line for line in text.splitlines() if not re.search(pattern, line)) + "\n"
    assert kept != text
    copy = tmp_path / path.name
    copy.write_text(kept, encoding="utf-8")
    return copy


def _json_without_url(path: Path, tmp_path: Path) -> Path:
    doc = json.loads(path.read_text(encoding="utf-8"))
    del doc["basics"]["url"]
    copy = tmp_path / path.name
    copy.write_text(json.dumps(doc), encoding="utf-8")
    return copy


CASES = {  # an importer and a real file of it that gives no homepage
    "bibtex": lambda tmp: IMPORT / "bibtex" / "ads.bib",
    "jsonresume": lambda tmp: _json_without_url(IMPORT / "jsonresume" / "sample.resume.json", tmp),
    "rendercv": lambda tmp: _without(IMPORT / "rendercv" / "john-doe-classic.yaml", tmp, r"^  website:"),
    "orcid": lambda tmp: IMPORT / "orcid" / "works-bulk.json",  # works only: no person, no ORCID iD
}


@pytest.mark.parametrize("fmt", list(CASES))
def test_import_without_a_homepage_writes_a_marked_base_and_builds(runner, tmp_path, fmt):
    source = CASES[fmt](tmp_path)
    out = tmp_path / "mine" / "cv.yaml"
    out.parent.mkdir()
    stderr = _imported(runner, fmt, source, out)
    text = out.read_text(encoding="utf-8")
    line = _base_line(text)
    assert text.splitlines()[line - 1] == f"base: {PLACEHOLDER_HOME}  # TODO: your homepage (the CV's IRIs are built under it)"
    assert f"{out}:{line}: warning: base: the placeholder {PLACEHOLDER_HOME}" in stderr
    assert f"#   {out}:{line}: warning: base: the placeholder" in text  # and in the file's list of warnings
    # the $schema line names the schema written beside it, never the installed package
    assert text.splitlines()[0] == SCHEMA_LINE
    assert (out.parent / "cv.schema.json").read_bytes() == schema_path().read_bytes()
    assert "site-packages" not in text and str(schema_path()) not in text
    built = run(runner, "build", out)
    assert built.exit_code == 0, built.stderr
    assert f"<{PLACEHOLDER_HOME}#" in built.stdout
    assert f"{out}:{line}: warning: base is the placeholder {PLACEHOLDER_HOME}" in built.stderr


def test_import_with_a_homepage_writes_no_placeholder(runner, tmp_path):
    out = tmp_path / "cv.yaml"
    stderr = _imported(runner, "jsonresume", IMPORT / "jsonresume" / "sample.resume.json", out)
    assert "placeholder" not in stderr and "\nbase:" not in out.read_text(encoding="utf-8")
    assert "placeholder" not in run(runner, "build", out).stderr


def test_an_orcid_record_without_researcher_urls_keeps_the_record_as_base(runner, tmp_path):
    """A record has the owner's ORCID iD: its record's address is the base (as before), not a placeholder."""
    record = json.loads((IMPORT / "orcid" / "real" / "record-0000-0002-1825-0097.json").read_text(encoding="utf-8"))
    record["person"]["researcher-urls"] = None
    source = tmp_path / "record.json"
    source.write_text(json.dumps(record), encoding="utf-8")
    out = tmp_path / "cv.yaml"
    assert "placeholder" not in _imported(runner, "orcid", source, out)
    assert "\nbase: https://pub.orcid.org/v3.0/0000-0002-1825-0097/record" in out.read_text(encoding="utf-8")
    assert run(runner, "build", out).exit_code == 0


def test_import_keeps_a_different_schema_file_beside_the_output(runner, tmp_path):
    mine = tmp_path / "cv.schema.json"
    mine.write_text('{"mine": true}', encoding="utf-8")
    stderr = _imported(runner, "bibtex", IMPORT / "bibtex" / "ads.bib", tmp_path / "cv.yaml")
    assert mine.read_text(encoding="utf-8") == '{"mine": true}'
    assert f"kept {mine}, which is not this cvgraph's schema (update it with `cvgraph schema -o {mine}`)" in stderr


def test_import_to_standard_output_names_the_schema_and_says_how_to_write_it(runner, tmp_path):
    result = run(runner, "import", "bibtex", IMPORT / "bibtex" / "ads.bib")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == SCHEMA_LINE
    assert "`cvgraph schema -o cv.schema.json`" in result.stderr
    assert f"<stdout>:{_base_line(result.stdout)}: warning: base: the placeholder" in result.stderr
    assert not (tmp_path / "cv.schema.json").exists()


def test_init_and_schema_o_write_the_same_file(runner, tmp_path):
    assert run(runner, "init", tmp_path / "a").exit_code == 0
    assert run(runner, "schema", "-o", tmp_path / "b.json").exit_code == 0
    assert (tmp_path / "a" / "cv.schema.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert (tmp_path / "a" / "cv.yaml").read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


def test_init_placeholder_homepage_is_warned_about_on_every_build(runner, tmp_path):
    assert run(runner, "init", tmp_path).exit_code == 0
    for _ in range(2):
        built = run(runner, "build", tmp_path / "cv.yaml")
        assert built.exit_code == 0
        assert f"warning: person.homepage is the placeholder {PLACEHOLDER_HOME}" in built.stderr
