"""Issue 15, item 8: ``embed --scholar`` takes the work as ``cvgraph query`` prints it.

``query publication-list`` prints each work as ``:pub-<id>`` in its table (a CURIE of the CV's
own namespace) and as the whole IRI in csv; ``--scholar :pub-<id>`` (and ``pub-<id>``) said "no
work". Now every form names the work, a DOI'd work (whose IRI is its DOI) included, and an
unknown one is one line with a did-you-mean.
"""
from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

import cvgraph
from cvgraph.rdf.prefixes import PREFIXES
from cvgraph.records.starter import Owner, write_starter
from cvgraph.sparql.results import render
from tests.support.clirun import run


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


def _title(runner: CliRunner, *args: object) -> str:
    result = run(runner, "embed", *args)
    assert result.exit_code == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if 'name="citation_title"' in line)


def test_every_work_the_table_and_csv_print_names_it_for_scholar(runner):
    table = render(cvgraph.query("publication-list"), "table", PREFIXES, None)  # uncut: a wide terminal's
    shown = [cell for line in table.splitlines() for cell in line.split() if cell.startswith(":pub-")]
    rows = list(csv.DictReader(io.StringIO(run(runner, "query", "publication-list", "-f", "csv").stdout)))
    assert len(shown) == len(rows) > 10
    for curie, row in zip(shown[:4], rows[:4], strict=False):
        expected = f'content="{row["title"]}"'
        assert expected in _title(runner, "--scholar", curie)  # :pub-lee2024embracing, as the table prints it
        assert expected in _title(runner, "--scholar", curie[1:])  # pub-lee2024embracing
        assert expected in _title(runner, "--scholar", row["work"])  # the whole IRI, as csv prints it


def test_a_dois_work_by_its_pub_id_and_its_doi(runner, tmp_path):
    cv = write_starter(tmp_path, Owner("Ada Lovelace", "https://example.org/~ada", None, "Example U")).cv
    rows = list(csv.DictReader(io.StringIO(run(runner, "query", "publication-list", cv, "-f", "csv").stdout)))
    assert rows[0]["work"] == "https://doi.org/10.5555/example.2023.1"  # its IRI is its DOI: no :pub- form
    for name in (":pub-example2023scaling", "pub-example2023scaling", "example2023scaling", rows[0]["work"],
                 "doi:10.5555/EXAMPLE.2023.1"):
        assert "Scaling Example Systems" in _title(runner, cv, "--scholar", name)


def test_an_unknown_work_is_one_line_with_a_did_you_mean(runner):
    result = run(runner, "embed", "--scholar", ":pub-lee2024embracng")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        ("error: no work ':pub-lee2024embracng'; name it by publication id (or :pub-id as query tables print it), "
        "IRI or DOI (did you mean 'lee2024embracing'?)")]
