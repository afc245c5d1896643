"""The query result table people read (fits the width, CURIEs, cut cells end in ``…``), the exact
machine formats beside it, and ``cvgraph query --show`` (issue 15)."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys

import pytest
from click.testing import CliRunner

import cvgraph
from cvgraph.cli import main
from cvgraph.cli import query as query_cli
from cvgraph.rdf.prefixes import PREFIXES
from cvgraph.rdf.terms import IRI, Blank, Lit, nt_term
from cvgraph.resources import bundled
from cvgraph.sparql.results import MIN_WIDTH, Result, fit_widths, render

OWNER_NS = "https://sites.google.com/view/sunwoolee#"


def _cli(*args: str) -> tuple[int, str]:
    """Exit code and standard output (or standard error, on failure), CRLF kept."""
    result = CliRunner().invoke(main, ["query", *args])
    return result.exit_code, (result.stdout_bytes if result.exit_code == 0 else result.stderr_bytes).decode("utf-8")


def test_sample_publication_list_fits_100_columns():
    code, out = _cli("publication-list")
    assert code == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 100, out
    assert len(lines) == 1 + 30 + 3  # prefix, header, rule, 30 works, row count
    assert lines.pop(0) == f"PREFIX : <{OWNER_NS}>"  # the CV's own IRIs read as the empty prefix
    assert lines[0].split()[:3] == ["person", "personNa…", "work"]
    cut = [cell for line in lines[2:-1] for cell in line.split("  ") if cell.endswith("…")]
    assert cut, "long titles and author lists are cut"
    assert all(len(c.strip()) >= MIN_WIDTH for c in cut)
    assert all(line.startswith(":me ") for line in lines[2:-1])
    assert lines[-1] == "(30 rows)"
    assert OWNER_NS not in "\n".join(lines)


def test_columns_that_fit_keep_their_width():
    code, out = _cli("coauthors")
    assert code == 0
    assert ":person-wei-keng-liao    Wei-keng Liao           16" in out
    assert "  Prasanna Balaprakash  " in out  # names fit: only IRIs wider than their share are cut
    assert "person-salman-avestim…" in out


def test_declared_prefixes_become_curies():
    result = Result("SELECT", ["x", "type", "label"],
                    [[IRI(OWNER_NS + "me"), IRI("https://schema.org/Person"), Lit("Sunwoo\nLee", None, "en")],
                     [Blank("b0"), IRI("http://xmlns.com/foaf/0.1/Person"), None],
                     [IRI("https://example.org/x"), IRI("http://purl.org/ontology/bibo/Thesis"), Lit("a\tb")]])
    lines = render(result, "table", PREFIXES, 100).splitlines()
    assert lines.pop(0) == f"PREFIX : <{OWNER_NS}>"
    assert lines[2].split() == [":me", "schema:Person", "Sunwoo", "Lee"]  # a newline is a space
    assert lines[3].split() == ["_:b0", "foaf:Person"]
    assert lines[4].split() == ["https://example.org/x", "bibo:Thesis", "a", "b"]
    assert lines[-1] == "(3 rows)"
    no_local = Result("SELECT", ["type"], [[IRI("https://schema.org/Person")]])
    assert render(no_local, "table", PREFIXES, 100) == "type\n-------------\nschema:Person\n(1 row)\n"


def test_widths_share_the_budget_and_keep_a_floor():
    assert fit_widths([4, 30, 50], 40) == [4, 18, 18]
    assert fit_widths([4, 30, 50], 200) == [4, 30, 50]
    assert fit_widths([4, 10, 50, 50], 40) == [4, 10, 13, 13]
    assert fit_widths([3, 20, 20, 20, 20], 20) == [3, MIN_WIDTH, MIN_WIDTH, MIN_WIDTH, MIN_WIDTH]  # too many: floor
    widths = fit_widths([42, 10, 64, 4, 120, 300, 11, 15, 64, 80], 100 - 18)
    assert sum(widths) <= 82 and min(widths) == 4 and all(w >= MIN_WIDTH for w in widths if w != 4)


def test_terminal_width_when_stdout_is_a_tty(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Tty())
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=(80, 24): os.terminal_size((72, 30)))
    assert query_cli._table_width(None) == 72
    assert query_cli._table_width(cvgraph.sample_path()) == 100  # -o FILE: not the terminal
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert query_cli._table_width(None) == 100
    text = render(cvgraph.query("coauthors"), "table", PREFIXES, 72)
    assert max(len(line) for line in text.splitlines()) == 72
    text = render(cvgraph.query("publication-list"), "table", PREFIXES, 72)  # 10 columns of 8 do not fit 72
    assert max(len(line) for line in text.splitlines()[:-1]) == 4 + 6 + 8 * MIN_WIDTH + 9 * 2  # year, person, 8 at the floor, gaps


@pytest.mark.parametrize("name", ["publication-list", "coauthors", "career-timeline"])
def test_machine_formats_stay_exact(name):
    result = cvgraph.query(name)
    want_csv = io.StringIO()
    writer = csv.writer(want_csv, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([["" if t is None else ("_:" + t.id if isinstance(t, Blank) else t.value) for t in row]
                      for row in result.rows])
    want = {"csv": want_csv.getvalue(),
            "json": json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n",
            "tsv": "\n".join(["\t".join("?" + v for v in result.variables)]
                             + ["\t".join("" if t is None else nt_term(t) for t in row) for row in result.rows]) + "\n"}
    for fmt, text in want.items():
        code, out = _cli(name, "-f", fmt)
        assert code == 0
        assert out == text, fmt
        assert OWNER_NS + "me" in out and "…" not in out


def test_show_prints_the_bundled_sparql(tmp_path):
    code, out = _cli("--show", "venues")
    assert code == 0
    assert out == (bundled("queries") / "venues.rq").read_text(encoding="utf-8")
    pasted = tmp_path / "mine.rq"
    pasted.write_text(out, encoding="utf-8")
    assert _cli(str(pasted), "-f", "json") == _cli("venues", "-f", "json")


def test_show_unknown_name_is_one_line_with_a_suggestion():
    code, out = _cli("--show", "venuse")
    assert code == 2
    assert out == "error: unknown query 'venuse' (did you mean 'venues'?)\n"
    code, out = _cli("--show", "venues", "cv.yaml")
    assert code == 2 and out == "error: --show prints one query's SPARQL; remove 'cv.yaml'\n"
    code, out = _cli("--show")
    assert code == 2 and out.count("\n") == 1 and "name a query" in out
