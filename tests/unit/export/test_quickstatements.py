"""export quickstatements: every line a QuickStatements V1 command (tests/support/qsgrammar.py)
on the sample, every importer fixture and 100 generated CVs; a golden batch for a CV whose
records give Wikidata items; --existing in both of its forms."""
from __future__ import annotations

import os

import pytest
from support.generate import generate
from support.paths import TESTS
from support.qsgrammar import check_line, check_text

import cvgraph
from cvgraph.errors import CvgraphError
from cvgraph.export.formats import export_graph
from cvgraph.export.options import ExportOptions
from cvgraph.records.loader import loads

from .fixtures import FIXTURES, fixture_triples

WIKIDATA_CV = TESTS / "data" / "export" / "wikidata.yaml"
GOLDEN = TESTS / "golden" / "export" / "wikidata.qs.tsv"


def batch(triples, **options) -> str:
    result = export_graph("quickstatements", triples, ExportOptions(**options))
    text = result.data.decode("utf-8")
    assert check_text(text) == []
    return text


def test_the_checker_refuses_what_quickstatements_does_not_take():
    assert check_line("LAST\tP31\tQ5") == ""
    assert check_line('LAST\tP1476\ten:"A title"') == ""
    assert check_line("LAST\tP577\t+2021-05-00T00:00:00Z/10") == ""
    assert check_line('LAST\tP2093\t"A. Person"\tP1545\t"2"') == ""
    assert check_line("LAST P31 Q5")  # spaces, not tabs
    assert check_line("LAST\tP577\t2021-05-04")  # a time without its sign, time and precision
    assert check_line('LAST\tP2093\t"A"\tP1545')  # a qualifier without a value
    assert check_line('LAST\tLen\ten:"A"')  # a label is a plain string
    assert check_line('LAST\tP2093\t"A"\tS248\tQ1\tP1545\t"1"')  # a qualifier after a source
    assert check_text("LAST\tP31\tQ5\n") == ["line 1: LAST before any CREATE"]


def test_golden_batch_of_a_cv_with_wikidata_items():
    text = batch(cvgraph.triples(cvgraph.load(WIKIDATA_CV)))
    if os.environ.get("CVGRAPH_REGENERATE"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert 'LAST\tP356\t"10.1000/SKETCH.1843"' in lines  # DOIs upper case, as Wikidata holds them
    assert "LAST\tP577\t+1843-09-00T00:00:00Z/10" in lines  # month precision
    assert "LAST\tP50\tQ46633\tP1545\t\"3\"" in lines  # a co-author with an item: P50
    assert "LAST\tP50\tQ7259\tP1545\t\"2\"" in lines  # the owner, by the item of their links:
    assert 'LAST\tP2093\t"Luigi Federico Menabrea"\tP1545\t"1"' in lines
    assert "LAST\tP1433\tQ1234567" in lines
    assert "Q99999999" not in text and "Already on Wikidata" not in text  # its own item: left out


def test_existing_dois_are_left_out_in_both_forms(tmp_path):
    from cvgraph.api import export

    triples = cvgraph.triples(cvgraph.load(WIKIDATA_CV))
    plain = tmp_path / "dois.txt"
    plain.write_text("# on Wikidata\nhttps://doi.org/10.1000/SKETCH.1843\n", encoding="utf-8")
    query = tmp_path / "query.csv"
    query.write_text('item,doi\nhttp://www.wikidata.org/entity/Q1,10.1000/NOTES.1842\n', encoding="utf-8")
    result = export("quickstatements", [WIKIDATA_CV], options=ExportOptions(existing=str(plain)))
    assert b"SKETCH" not in result.data and b"NOTES" in result.data
    assert any("1 work(s) whose DOI" in w and "lovelace1843sketch" in w for w in result.warnings)
    assert b"NOTES" not in batch(triples, existing=str(query)).encode()


def test_an_unreadable_existing_file_is_one_line(tmp_path):
    with pytest.raises(CvgraphError, match="cannot read the list of existing DOIs"):
        export_graph("quickstatements", cvgraph.triples(cvgraph.load(WIKIDATA_CV)),
                     ExportOptions(existing=str(tmp_path / "missing.txt")))


def test_sample_batch():
    text = batch(cvgraph.triples(cvgraph.sample_path()))
    assert text.count("CREATE\n") == 30
    assert 'LAST\tP1476\ten:"Layer-wise Adaptive Model Aggregation for Scalable Federated Learning"' in text


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_importer_fixture_batches_are_quickstatements(path):
    batch(fixture_triples(path))


def test_generated_cvs_batches_are_quickstatements():
    for name, text in generate(100, 3):
        batch(cvgraph.triples(loads(text, name)))
