"""export coa: the sample's co-authors in a 48-month window checked against the seed's dated
works, name variants merged, the .xlsx read back with openpyxl, the window's options; the sample,
every importer fixture and 100 generated CVs as CSV and .xlsx."""
from __future__ import annotations

import csv
import io
import time
import warnings
import zipfile

import openpyxl
import pytest
from support.generate import generate
from support.paths import TESTS

import cvgraph
from cvgraph.errors import CvgraphError
from cvgraph.export.coa import CSV_HEADER, months_before
from cvgraph.export.formats import export_graph
from cvgraph.export.options import ExportOptions
from cvgraph.records.loader import loads

from .fixtures import FIXTURES, fixture_triples

SAMPLE = cvgraph.sample_path()
#: the co-authors of the seed's works dated 2023 and 2024 (/work/shared/seed/000_68d2ced8e8042197.txt:
#: lines 67-73, publications 2-8, and line 103, the 2023 arXiv preprint), "Last, First"
SEED_2023_2024 = {
    "Zhang, Tuo", "Prakash, Saurav", "Niu, Yue", "Avestimehr, Salman", "Sahu, Anit", "He, Chaoyang",
    "Kundu, Souvik", "Fabian, Zalan", "Soltanolkotabi, Mahdi", "Feng, TianTian", "Alam, Samiul", "Zhang, Mi",
    "Narayanan, Shrikanth S.", "Tang, Zhenheng", "Chu, Xiaowen", "Ran, Ryan Yide", "Shi, Shaohuai",
    "Zhang, Yonggang", "Wang, Yuxin", "Liang, Alex Qiaozhong",
}


def rows(triples, **options) -> list[list[str]]:
    data = export_graph("coa", triples, ExportOptions(output_format="csv", **options)).data.decode("utf-8")
    table = list(csv.reader(io.StringIO(data)))
    assert tuple(table[0]) == CSV_HEADER and all(len(r) == len(CSV_HEADER) for r in table)
    return table[1:]


def sheet(triples, **options) -> list[tuple]:
    data = export_graph("coa", triples, ExportOptions(output_format="xlsx", **options)).data
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openpyxl warns about what it cannot read: none allowed
        wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["NSF COA Template"]
    return list(wb.active.iter_rows(values_only=True))


def test_the_sample_window_matches_the_seeds_dated_works():
    # 48 months before 2027-06-01 is 2023-06-01: the works of 2023 and 2024 (dated by year only) are in
    table = rows(cvgraph.triples(SAMPLE), as_of="2027-06-01")
    coauthors = {r[2]: r[4] for r in table if r[1] == "A:"}
    assert set(coauthors) == SEED_2023_2024
    assert coauthors["Avestimehr, Salman"] == "2024" and coauthors["Tang, Zhenheng"] == "2023"
    assert table[0][:3] == ["1", "", "Lee, Sunwoo"] and "Inha University" in table[0][3]
    assert {r[2] for r in table if r[1] == "G:"} == {"Choudhary, Alok", "Liao, Wei-keng", "Ryu, Minsoo"}


def test_name_variants_are_one_row():
    # a window from 2022-06-01: the seed prints "Weikeng Liao" (line 77) and "Ross Robert" (line 79)
    table = rows(cvgraph.triples(SAMPLE), as_of="2026-06-01")
    names = [r[2] for r in table if r[1] == "A:"]
    assert names.count("Liao, Wei-keng") == 1 and names.count("Ross, Robert") == 1
    assert not any("Weikeng" in n or "Robert, Ross" in n for n in names)
    assert len(names) == len(set(names))


def test_since_and_months():
    triples = cvgraph.triples(SAMPLE)
    since = {r[2] for r in rows(triples, as_of="2027-06-01", since="2024-01-01") if r[1] == "A:"}
    assert since == {"Zhang, Tuo", "Prakash, Saurav", "Niu, Yue", "Avestimehr, Salman"}  # lee2024embracing
    wide = {r[2] for r in rows(triples, as_of="2027-06-01", months=132) if r[1] == "A:"}  # from 2016-06-01
    assert wide > SEED_2023_2024 and "Hardavellas, Nikos" in wide  # lee2016evaluation
    assert months_before(cvgraph_date("2024-03-31"), 1) == cvgraph_date("2024-02-29")


def cvgraph_date(text: str):
    from datetime import date

    return date.fromisoformat(text)


@pytest.mark.parametrize("options, message", [
    ({"since": "2020-13-01"}, "--since '2020-13-01' is not a date"),
    ({"as_of": "yesterday"}, "--as-of 'yesterday' is not a date"),
    ({"months": 0}, "--months must be at least 1"),
    ({"since": "2030-01-01", "as_of": "2027-01-01"}, "is after --as-of"),
    ({"output_format": "pdf"}, "unknown output format 'pdf'"),
])
def test_bad_options_are_one_line(options, message):
    with pytest.raises(CvgraphError, match=message):
        export_graph("coa", cvgraph.triples(SAMPLE), ExportOptions(**{"output_format": "csv", **options}))


def test_xlsx_laid_out_like_nsfs_template():
    table = sheet(cvgraph.triples(SAMPLE), as_of="2027-06-01")
    headings = [r for r in table if r[0] in ("1", "2", "3")]
    assert [h[1].split(":")[0] for h in headings] == ["Table 1", "Table 2", "Table 3"]
    assert {r[1] for r in table if r[0] == "A:"} == SEED_2023_2024
    assert ("G:", "Liao, Wei-keng", None, None, None) in table
    first = export_graph("coa", cvgraph.triples(SAMPLE), ExportOptions(output_format="xlsx", as_of="2027-06-01"))
    time.sleep(1.1)  # openpyxl's own save stamps the clock's second into docProps/core.xml: not ours
    again = export_graph("coa", cvgraph.triples(SAMPLE), ExportOptions(output_format="xlsx", as_of="2027-06-01"))
    assert again.data == first.data  # deterministic, byte for byte
    core = zipfile.ZipFile(io.BytesIO(again.data)).read("docProps/core.xml").decode()
    assert "2027-06-01T00:00:00Z</dcterms:modified>" in core


def test_organisations_from_the_people_entries():
    cv = loads((TESTS / "data" / "export" / "wikidata.yaml").read_text("utf-8"), "wikidata.yaml")
    table = rows(cvgraph.triples(cv), as_of="1845-01-01")
    assert ["3", "A:", "Menabrea, Luigi Federico", "University of Turin", "1843-09"] in table
    assert ["3", "A:", "Babbage, Charles", "", "1843-09"] in table


def test_several_owners_are_refused():
    two = [*cvgraph.triples(SAMPLE), *cvgraph.triples(cvgraph.load(TESTS / "data" / "export" / "wikidata.yaml"))]
    with pytest.raises(CvgraphError, match="one person's, but the graph has 2 CV owners"):
        rows(two)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_importer_fixture_tables(path):
    triples = fixture_triples(path)
    assert rows(triples, as_of="2030-01-01", months=600)[0][0] == "1"
    assert sheet(triples, as_of="2030-01-01", months=600)[0][0] == "1"


def test_generated_cvs_tables():
    for name, text in generate(100, 3):
        triples = cvgraph.triples(loads(text, name))
        table = rows(triples, as_of="2030-01-01", months=600)
        assert [r[2] for r in table if r[1] == "A:"] == [r[1] for r in sheet(triples, as_of="2030-01-01",
                                                                            months=600) if r[0] == "A:"]


def test_the_people_registry_merges_name_variants(tmp_path):
    from cvgraph.api import export

    (tmp_path / "people.yaml").write_text(
        "base: https://cv.example.edu/people\npeople:\n"
        "  - id: wei-keng-liao\n    name: Wei-keng Liao\n    aliases: [W. Liao, Weikeng Liao]\n", encoding="utf-8")
    (tmp_path / "ada.yaml").write_text(
        "base: https://example.org/ada\nperson: {name: Ada Lovelace}\n"
        "people:\n  - name: W. Liao\n    affiliation: nu\n  - name: Weikeng Liao\n"
        "organizations:\n  - {id: nu, name: Northwestern University}\n"
        "publications:\n"
        "  - {kind: journal, title: One, authors: [Ada Lovelace, W. Liao], year: 2024}\n"
        "  - {kind: journal, title: Two, authors: [Weikeng Liao, Ada Lovelace], year: 2025}\n", encoding="utf-8")
    result = export("coa", [tmp_path], options=ExportOptions(output_format="csv", as_of="2026-01-01"))
    table = list(csv.reader(io.StringIO(result.data.decode("utf-8"))))
    assert [r for r in table if r[1] == "A:"] == [["3", "A:", "Liao, Wei-keng", "Northwestern University", "2025"]]


def test_co_editors_of_the_last_24_months():
    cv = loads(
        "base: https://example.org/ada\nperson: {name: Ada Lovelace}\n"
        "people:\n  - {name: Charles Babbage}\n  - {name: Mary Somerville}\n"
        "publications:\n"
        "  - {kind: proceedings, title: Recent, editors: [Ada Lovelace, Charles Babbage], year: 2025-03}\n"
        "  - {kind: proceedings, title: Older, editors: [Mary Somerville, Ada Lovelace], year: 2023-03}\n",
        "ada.yaml")
    table = rows(cvgraph.triples(cv), as_of="2026-01-01")
    # 24 months back is 2024-01-01: Somerville co-edited before it (an editor, not an author: no A: row)
    assert [r for r in table if r[0] == "3"] == [["3", "E:", "Babbage, Charles", "", "2025-03"]]
    assert ["3", "E:", "Somerville, Mary", "", "2023-03"] in rows(cvgraph.triples(cv), as_of="2025-01-01")


def test_a_name_like_a_formula_stays_text():
    cv = loads(
        "base: https://example.org/ada\nperson: {name: Ada Lovelace}\n"
        "people:\n  - {name: Charles Babbage, affiliation: eq}\n"
        "organizations:\n  - {id: eq, name: \"=HYPERLINK(\\\"http://example.org\\\")\"}\n"
        "publications:\n  - {kind: journal, title: One, authors: [Ada Lovelace, Charles Babbage], year: 2025}\n",
        "ada.yaml")
    table = sheet(cvgraph.triples(cv), as_of="2026-01-01")
    assert ("A:", "Babbage, Charles", '=HYPERLINK("http://example.org")', None, "2025") in table
    data = export_graph("coa", cvgraph.triples(cv), ExportOptions(output_format="xlsx", as_of="2026-01-01")).data
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula cell
