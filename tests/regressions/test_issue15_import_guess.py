"""Issue 15, item 8: ``cvgraph import FILE`` guesses the format as ``build`` does.

Before, FORMAT was required (``cvgraph import refs.bib`` was a usage error) although ``build``
reads the same files without it. Now FORMAT is optional: the same detection as ``build``
(:func:`cvgraph.importers.detect` for a file, the sites' ``is_site`` for a folder) picks it, the
result is the same as with the format named, and what it cannot tell is one line naming the
choices.
"""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from tests.support.clirun import run
from tests.support.paths import TESTS

IMPORT = TESTS / "data" / "import"

REAL = [  # real files (and the real example sites) of each format, and the format named explicitly
    ("bibtex", IMPORT / "bibtex" / "ads.bib"),
    ("bibtex", IMPORT / "bibtex" / "dblp.bib"),
    ("orcid", IMPORT / "orcid" / "real" / "record-0000-0002-1825-0097.json"),
    ("orcid", IMPORT / "orcid" / "works-bulk.json"),
    ("jsonresume", IMPORT / "jsonresume" / "sample.resume.json"),
    ("rendercv", IMPORT / "rendercv" / "john-doe-classic.yaml"),
    ("alfolio", IMPORT / "alfolio" / "example"),
    ("hugoblox", IMPORT / "hugoblox" / "academic-cv"),
]


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    return CliRunner()


@pytest.mark.parametrize(("fmt", "path"), REAL, ids=[p.name for _, p in REAL])
def test_the_guessed_format_imports_as_the_named_one(runner, fmt, path):
    guessed = run(runner, "import", path)
    named = run(runner, "import", fmt, path)
    assert guessed.exit_code == named.exit_code == 0, guessed.stderr
    assert guessed.stdout == named.stdout and guessed.stderr == named.stderr
    assert f"({_label(fmt)})." in guessed.stdout.splitlines()[1]  # "# Imported by `cvgraph import` from … (BibTeX)."


def _label(fmt: str) -> str:
    from cvgraph.importers import FORMATS

    return FORMATS[fmt]


def _one_error(result) -> str:
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_cvgraph_cv_is_not_imported_and_the_error_says_so(runner):
    line = _one_error(run(runner, "import", IMPORT / "core" / "cv.yaml"))
    assert "a cvgraph CV already" in line and "cvgraph import bibtex|jsonresume|rendercv|orcid" in line


def test_a_file_of_no_known_format_names_the_choices(runner, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Publications\n- A paper, 2020\n", encoding="utf-8")
    line = _one_error(run(runner, "import", notes))
    assert "cannot tell its format" in line and "bibtex|jsonresume|rendercv|orcid" in line and "alfolio|hugoblox" in line


def test_a_json_file_of_neither_kind_names_both(runner, tmp_path):
    other = tmp_path / "x.json"
    other.write_text('{"name": "Ada"}', encoding="utf-8")
    line = _one_error(run(runner, "import", other))
    assert "neither a JSON Resume" in line and "jsonresume or orcid" in line


def test_a_plain_folder_and_a_folder_of_both_sites(runner, tmp_path):
    line = _one_error(run(runner, "import", tmp_path))
    assert "not an al-folio site" in line and "bibtex, jsonresume, rendercv, orcid" in line
    both = tmp_path / "both"
    shutil.copytree(IMPORT / "alfolio" / "example", both)
    (both / "hugo.yaml").write_text("baseURL: https://example.org/\n", encoding="utf-8")
    (both / "content" / "authors").mkdir(parents=True)
    line = _one_error(run(runner, "import", both))
    assert "both an al-folio and a Hugo Blox site" in line and "cvgraph import alfolio|hugoblox" in line
    assert run(runner, "import", "alfolio", both).exit_code == 0  # named: as before


def test_a_format_without_a_file_or_an_unknown_format_is_a_usage_error(runner):
    result = run(runner, "import", "bibtex")
    assert result.exit_code == 2 and "missing FILE|SITE_DIR after bibtex" in result.stderr
    result = run(runner, "import", "word", "cv.docx")
    assert result.exit_code == 2 and "'word' is not one of bibtex, jsonresume" in result.stderr
    result = run(runner, "import")
    assert result.exit_code == 2 and "give FILE|SITE_DIR" in result.stderr


def test_a_missing_file_is_one_line(runner):
    assert "missing.bib" in _one_error(run(runner, "import", "missing.bib"))


def test_completion_offers_the_formats_then_files():
    from cvgraph.cli import import_ as cli

    ctx = cli.import_.make_context("import", [], resilient_parsing=True)
    offered = [c.value for c in cli._complete(ctx, cli.import_.params[0], "o")]
    assert offered[0] == "orcid" and offered[-1] == "o"
    ctx.params["args"] = ("orcid",)
    assert [c.type for c in cli._complete(ctx, cli.import_.params[0], "")] == ["file"]
