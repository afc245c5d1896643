"""cvgraph export coa|orcid|quickstatements: -f per format, -o (the .xlsx too), and bad option
values as one line with exit code 2."""
from __future__ import annotations

import io

import openpyxl
import pytest
from click.testing import CliRunner

import cvgraph
from cvgraph.cli.app import main

SAMPLE = str(cvgraph.sample_path())


def run(*args: str):
    return CliRunner().invoke(main, ["export", *args])


def test_coa_csv_to_standard_output():
    result = run("coa", SAMPLE, "--as-of", "2027-06-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == ["table,type,name,organizational affiliation,last active",
                                              '1,,"Lee, Sunwoo",Department of Computer Engineering; Inha University,']
    assert "2 work(s) of the owner have no date" in result.stderr


def test_coa_xlsx_to_file_and_to_standard_output(tmp_path):
    out = tmp_path / "coa.xlsx"
    result = run("coa", SAMPLE, "-f", "xlsx", "--as-of", "2027-06-01", "--since", "2024-01-01", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert {r[1] for r in rows if r[0] == "A:"} == {"Zhang, Tuo", "Prakash, Saurav", "Niu, Yue", "Avestimehr, Salman"}
    piped = run("coa", SAMPLE, "-f", "xlsx", "--as-of", "2027-06-01", "--since", "2024-01-01")
    assert piped.stdout_bytes == out.read_bytes()
    assert openpyxl.load_workbook(io.BytesIO(piped.stdout_bytes)).sheetnames == ["NSF COA Template"]


def test_orcid_and_quickstatements():
    xml = run("orcid", SAMPLE, "-f", "xml")
    assert xml.exit_code == 0 and xml.stdout.startswith("<?xml")
    bib = run("orcid", SAMPLE)
    assert bib.exit_code == 0 and bib.stdout.startswith("@inproceedings{albahrani2021sigrnn,")
    qs = run("quickstatements", SAMPLE)
    assert qs.exit_code == 0 and qs.stdout.startswith("CREATE\nLAST\tP31\t")


@pytest.mark.parametrize("args, message", [
    (("coa", "-f", "xml"), "error: export coa: -f xml is not an output format of coa (csv, xlsx)"),
    (("quickstatements", "-f", "csv"), ("error: export quickstatements: -f csv is not an output format of "
                                        "quickstatements (quickstatements has only one)")),
    (("coa", "--since", "last year"), "error: export coa: --since 'last year' is not a date (write YYYY-MM-DD)"),
    (("coa", "--months", "0"), "error: export coa: --months must be at least 1 (got 0)"),
    (("orcid", "--orcid-record", "missing.json"), "error: missing.json: cannot read the ORCID record"),
    (("quickstatements", "--existing", "missing.txt"), "error: missing.txt: cannot read the list of existing DOIs"),
])
def test_bad_values_are_one_line_and_exit_2(args, message):
    with CliRunner().isolated_filesystem():
        result = run(*args[:1], SAMPLE, *args[1:])
    assert result.exit_code == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr
