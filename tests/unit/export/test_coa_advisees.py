"""export coa table 2: ``T:`` rows for the owner's thesis advisees (``students:``), beside the
``G:`` graduate advisors, in CSV and in the .xlsx read back by openpyxl (tests/data/export/students.yaml)."""
from __future__ import annotations

import yaml
from support.generate import generate
from support.paths import TESTS

import cvgraph
from cvgraph.export.works import read_graph
from cvgraph.records.loader import loads

from .test_coa import rows, sheet

CV = TESTS / "data" / "export" / "students.yaml"
AS_OF = "2024-01-01"


def table2(table) -> list[tuple]:
    return [tuple(r[1:]) for r in table if str(r[0]) == "2"]


def test_advisees_are_t_rows_and_advisors_g_rows():
    got = table2(rows(cvgraph.triples([CV]), as_of=AS_OF))
    assert got == [("G:", "Babbage, Charles", "University College London", ""),
                   ("T:", "Hopper, Grace", "MIT", "2023-06"),   # ended: its end date
                   ("T:", "Turing, Alan", "", "")]              # `end: present`: ongoing, empty


def test_the_xlsx_holds_the_same_rows():
    csv_rows = table2(rows(cvgraph.triples([CV]), as_of=AS_OF))
    cells = [tuple("" if c is None else str(c) for c in r) for r in sheet(cvgraph.triples([CV]), as_of=AS_OF)]
    for kind, name, org, last in csv_rows:
        assert any(kind in r and name in r and (not org or org in r) and (not last or last in r) for r in cells), \
            (kind, name, cells)


def test_advisees_are_listed_whatever_their_dates():
    """NSF lists thesis advisees regardless of date: one who finished long before the 48-month window."""
    got = table2(rows(cvgraph.triples([CV]), as_of="2040-01-01"))
    assert ("T:", "Hopper, Grace", "MIT", "2023-06") in got


def test_advisors_are_not_advisees_and_the_reader_keeps_them_apart():
    graph = read_graph(cvgraph.triples([CV]))
    assert [p.name.full for _, p, _ in graph.advisees] == ["Alan Turing", "Grace Hopper"]
    assert [p.name.full for _, p, _ in graph.advisors] == ["Charles Babbage"]


def test_one_person_advised_twice_is_one_row_with_the_latest_end(tmp_path):
    records = yaml.safe_load(CV.read_text(encoding="utf-8"))
    records["students"].insert(0, {"person": "grace-hopper", "degree": "M.S.", "start": 2016, "end": 2018})
    records["students"].append({"person": "alan-turing", "degree": "B.S.", "start": 2019, "end": 2021})
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(records), encoding="utf-8")
    got = table2(rows(cvgraph.triples([path]), as_of=AS_OF))
    assert got == [("G:", "Babbage, Charles", "University College London", ""),
                   ("T:", "Hopper, Grace", "MIT", "2023-06"), ("T:", "Turing, Alan", "", "")]


def test_generated_cvs_have_their_students_as_t_rows_in_csv_and_xlsx():
    """tests/support/generate.py gives each CV two students (one ongoing): two T: rows, the same in
    the .xlsx, none of them a G: row of the same CV."""
    for name, text in generate(20, 3):
        records = yaml.safe_load(text)
        triples = cvgraph.triples(loads(text, name))
        got = table2(rows(triples, as_of="2030-01-01"))
        t_rows = [r for r in got if r[0] == "T:"]
        assert len(t_rows) == len(records["students"]) == 2, (name, got)
        assert sorted(r[3] for r in t_rows)[0] == ""  # the ongoing one
        assert not {r[1] for r in t_rows} & {r[1] for r in got if r[0] == "G:"}
        xlsx_t = [r for r in sheet(triples, as_of="2030-01-01") if r[0] == "T:"]
        assert [r[1] for r in xlsx_t] == [r[1] for r in t_rows]
