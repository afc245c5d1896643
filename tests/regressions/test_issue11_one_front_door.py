"""Issue 11 regressions: what one front door and one build path fixed.

- `cvgraph embed cv.yaml refs.bib` (and `site`) failed with "Got unexpected extra argument",
  although the README said every command that reads CVs takes the BibTeX files that add to one.
- `query --data FILE.nq --engine rdflib` went through rdflib's deprecated `Dataset(default_union)`,
  12,783 DeprecationWarnings in one test file; now the file is read by pyoxigraph into one set.
"""
from __future__ import annotations

import warnings
from pathlib import Path

from click.testing import CliRunner
from support.samples import BIB, CV

import cvgraph
from cvgraph.cli import main


def _files(tmp_path: Path) -> tuple[Path, Path]:
    cv, bib = tmp_path / "cv.yaml", tmp_path / "refs.bib"
    cv.write_text(CV, encoding="utf-8")
    bib.write_text(BIB, encoding="utf-8")
    return cv, bib


def test_embed_takes_a_cv_and_the_bibtex_that_adds_to_it(tmp_path):
    cv, bib = _files(tmp_path)
    result = CliRunner().invoke(main, ["embed", str(cv), str(bib)])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Notes on the Analytical Engine" in text and "Sketch of the Analytical Engine" in text


def test_site_takes_a_cv_and_the_bibtex_that_adds_to_it(tmp_path):
    cv, bib = _files(tmp_path)
    result = CliRunner().invoke(main, ["site", str(cv), str(bib), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Notes on the Analytical Engine" in page and "Sketch of the Analytical Engine" in page


def test_embed_refuses_two_cvs_in_one_line(tmp_path):
    cv, _ = _files(tmp_path)
    other = tmp_path / "other.yaml"
    other.write_text(CV.replace("ada", "bob").replace("Ada Lovelace", "Bob"), encoding="utf-8")
    result = CliRunner().invoke(main, ["embed", str(cv), str(other)])
    assert result.exit_code == 2 and result.stderr.strip() == "error: embed takes one CV"


def test_rdflib_engine_reads_nquads_without_deprecated_rdflib_api(tmp_path):
    data = tmp_path / "cv.nq"
    assert CliRunner().invoke(main, ["build", "--no-validate", "-o", str(data)]).exit_code == 0
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        rdflib_rows = cvgraph.query("publication-list", data=data, engine="rdflib").rows
    oxigraph_rows = cvgraph.query("publication-list", data=data, engine="oxigraph").rows
    assert rdflib_rows and sorted(map(str, rdflib_rows)) == sorted(map(str, oxigraph_rows))
