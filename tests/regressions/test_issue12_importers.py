"""Issue 12, item 12: importers that dropped or corrupted input silently, or crashed.

- BibTeX: an entry whose key was used before was dropped without a word when either entry also
  had a field given twice (the two repairs did not meet); now every entry is kept, a repeated key
  renamed with a warning that names both lines, whatever else was wrong with either entry.
- BibTeX ``@string``: a macro's definition was taken as written (``@string{c = c # c}`` gave
  "c # c", ``@string{a = b}`` gave "b", ``d # " and " # jan`` stayed as such); now each
  definition is read as BibTeX does, in order: literals, numbers, month names and the macros
  defined above it; a name not defined above it (itself, a later one: a cycle) is a warning at
  the ``@string``'s line and kept as text.
- JSON (JSON Resume, ORCID, and the format detection that reads it first): a ``\\ud800`` escape
  (a lone surrogate) was written into YAML the loader then refused; it is now replaced by U+FFFD
  with a warning naming its JSON path. A 5000-digit number crashed (Python's int-str limit); it
  is now kept as its text with a warning. NaN/Infinity and numbers too large for a float are kept
  as text the same way. JSON nested too deeply is one located error, not a traceback.
- ORCID: a work listed in two versions whose put-codes are null crashed (IndexError); it is now
  imported, and no comment says "put-code None".
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvgraph.cli import main
from cvgraph.errors import ImportError_
from cvgraph.importers import import_file, read_records
from cvgraph.importers.yamlout import to_yaml
from cvgraph.records.yamlsafe import load_yaml


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _titles(data: dict) -> list[tuple[str, str]]:
    return [(p["id"], p["title"]) for p in data.get("publications", [])]


def _round_trips(imported, path: Path) -> dict:
    """What `cvgraph import` writes loads back (the loader refuses nothing)."""
    return load_yaml(f"{path} (as imported)", to_yaml(imported, source=str(path))).data


# --- BibTeX: a repeated key ---------------------------------------------------------------------

A = "@article{k,\n  title = {A}, author = {Smith, John}, year = {2020}\n}\n"
B = "@article{k,\n  title = {B}, author = {Smith, John}, year = {2021}\n}\n"
B_TWICE = "@article{k,\n  title = {B}, title = {B2}, author = {Smith, John}, year = {2021}\n}\n"
A_TWICE = "@article{k,\n  title = {A}, title = {A2}, author = {Smith, John}, year = {2020}\n}\n"


@pytest.mark.parametrize(("first", "second"), [(A, B_TWICE), (A_TWICE, B), (A_TWICE, B_TWICE)],
                         ids=["second-has-a-field-twice", "first-has-a-field-twice", "both"])
def test_bibtex_repeated_key_keeps_both_entries_whatever_else_is_wrong(tmp_path, first, second):
    bib = _write(tmp_path, "refs.bib", first + "\n" + second)
    imported = import_file(bib, "bibtex", me="John Smith")
    assert _titles(imported.data) == [("k", "A"), ("k-2", "B")]
    messages = [str(w) for w in imported.warnings]
    assert f"{bib}:5: warning: entry 'k': duplicate key (first used at line 1); imported as 'k-2'" in messages
    assert _titles(_round_trips(imported, bib)) == [("k", "A"), ("k-2", "B")]


def test_bibtex_repeated_key_three_times_and_a_taken_new_key(tmp_path):
    text = A + B + A.replace("{A}", "{C}") + A.replace("{A}", "{D}").replace("{k,", "{k-2,")
    imported = import_file(_write(tmp_path, "refs.bib", text), "bibtex", me="John Smith")
    assert _titles(imported.data) == [("k", "A"), ("k-3", "B"), ("k-4", "C"), ("k-2", "D")]


def test_bibtex_repeated_string_names_both_lines(tmp_path):
    text = "@string{j = {First}}\n@string{j = {Second}}\n" + A.replace("year", "journal = j, year")
    imported = import_file(_write(tmp_path, "refs.bib", text), "bibtex", me="John Smith")
    assert [v["name"] for v in imported.data["venues"]] == ["Second"]  # as BibTeX: the later one
    assert [str(w) for w in imported.warnings] == [
        (f"{tmp_path / 'refs.bib'}:2: warning: @string j is defined again (first at line 1); this later "
        "definition is used")]


# --- BibTeX: @string definitions ----------------------------------------------------------------

STRINGS = """@string{a = b}
@string{b = a}
@string{c = c # c}
@string{d = "Dee" # { x}}
@string{e = d # " and " # jan # 2}
@string{f = {F}}
@article{x1,
  title = {T}, author = {Smith, John}, year = 2020,
  journal = a, publisher = c, note = e, series = f # d
}
"""


def test_bibtex_string_definitions_are_read_in_order_and_cycles_are_located_warnings(tmp_path):
    bib = _write(tmp_path, "refs.bib", STRINGS)
    imported = import_file(bib, "bibtex", me="John Smith")
    warnings = [str(w) for w in imported.warnings]
    assert f"{bib}:1: warning: @string a = b: b is not defined above this line; its name is kept as text" \
        in warnings
    assert f"{bib}:3: warning: @string c = c # c: c is not defined above this line; its name is kept as text" \
        in warnings
    pub = imported.data["publications"][0]
    venue = next(v["name"] for v in imported.data["venues"] if v["id"] == pub["venue"])
    publisher = next(o["name"] for o in imported.data["organizations"] if o["id"] == pub["publisher"])
    assert venue == "b"  # a's definition names b, not defined above it: kept as text, with a warning
    assert publisher == "cc"  # c # c with c undefined: each kept as text, not "c # c"
    assert "Dee x and January2" in json.dumps(imported.data)  # e: concatenation, month, number
    assert "FDee x" in json.dumps(imported.data)  # series = f # d


# --- JSON: lone surrogates and huge numbers -----------------------------------------------------

def _resume(**basics: object) -> str:
    doc = {"basics": {"name": "Ada Lovelace", "url": "https://example.org/ada", **basics},
           "work": [{"name": "Analytical Engine Co", "position": "Engineer", "startDate": "1843"}]}
    return json.dumps(doc).replace("\\\\u", "\\u")  # "\\ud800" in a value: the JSON escape \ud800


def test_json_resume_lone_surrogate_is_replaced_with_a_located_warning(tmp_path):
    text = _resume(label="Analyst \\ud800 x").replace('"Engineer"', '"Engi\\udc00neer"')
    path = _write(tmp_path, "cv.json", text)
    imported = import_file(path, "jsonresume")
    assert imported.data["person"]["job_title"] == "Analyst \ufffd x"
    assert imported.data["employment"][0]["title"] == "Engi\ufffdneer"
    warnings = [str(w) for w in imported.warnings]
    assert f"{path}: basics.label: warning: a lone surrogate (\\ud800) replaced by U+FFFD" in warnings
    assert f"{path}: work[0].position: warning: a lone surrogate (\\udc00) replaced by U+FFFD" in warnings
    assert _round_trips(imported, path)["person"]["job_title"] == "Analyst \ufffd x"
    assert read_records(path, warn=None).data["person"]["job_title"] == "Analyst \ufffd x"


def test_json_surrogate_pairs_and_reversed_pairs(tmp_path):
    path = _write(tmp_path, "cv.json", _resume(label="\\ud83d\\ude00 \\ude00\\ud83d"))
    imported = import_file(path, "jsonresume")
    assert imported.data["person"]["job_title"] == "\U0001f600 \ufffd\ufffd"
    assert len([w for w in imported.warnings if "surrogate" in w.message]) == 1  # one per value


def test_json_lone_surrogate_in_a_key_is_replaced_too(tmp_path):
    path = _write(tmp_path, "cv.json", _resume(**{"x\\udfff": "y"}))
    imported = import_file(path, "jsonresume")
    assert any("basics" in w.where and "surrogate" in w.message for w in imported.warnings)
    _round_trips(imported, path)


HUGE = "9" * 5000


@pytest.mark.parametrize("number", [HUGE, f"-{HUGE}", "1e999", "-1e999", "NaN", "Infinity"],
                         ids=["huge-int", "huge-negative-int", "huge-float", "huge-negative-float", "nan", "inf"])
def test_json_resume_number_too_large_is_kept_as_text_with_a_warning(tmp_path, number):
    path = _write(tmp_path, "cv.json", _resume(label="x").replace('"x"', number))
    imported = import_file(path, "jsonresume")
    assert imported.data["person"]["job_title"] == number
    assert [str(w) for w in imported.warnings if "number" in w.message] == [
        (f"{path}: basics.label: warning: the number {number[:20]}{'…' if len(number) > 20 else ''} "
        f"({len(number)} characters) cannot be read as a number; kept as its text")]
    _round_trips(imported, path)


def test_format_detection_reads_huge_numbers_and_deep_nesting_without_a_traceback(runner, tmp_path):
    path = _write(tmp_path, "cv.json", _resume(label="x").replace('"x"', HUGE))
    result = runner.invoke(main, ["import", "jsonresume", str(path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["build", str(path), "-f", "nt"])
    assert result.exit_code == 0 and "cannot be read as a number" in result.stderr, result.output
    deep = _write(tmp_path, "deep.json", "[" * 100_000)
    for args in (["build", str(deep)], ["import", "orcid", str(deep)], ["import", "jsonresume", str(deep)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
        assert len(result.stderr.splitlines()) == 1 and "nested too deeply" in result.stderr, result.output


# --- ORCID --------------------------------------------------------------------------------------

ORCID = Path(__file__).resolve().parents[1] / "data" / "import" / "orcid" / "record.json"


def _null_put_codes(doc: object) -> None:
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key == "put-code":
                doc[key] = None
            else:
                _null_put_codes(value)
    elif isinstance(doc, list):
        for value in doc:
            _null_put_codes(value)


def test_orcid_record_with_null_put_codes_is_imported(tmp_path):
    doc = json.loads(ORCID.read_text(encoding="utf-8"))
    _null_put_codes(doc)
    path = _write(tmp_path, "orcid.json", json.dumps(doc))
    imported = import_file(path, "orcid")
    assert imported.data["publications"] and imported.data["employment"]
    text = to_yaml(imported, source=str(path))
    assert "None" not in text and "put-code ," not in text
    assert "put-codes none" in text or "put-code" not in text.split("ORCID lists", 1)[-1][:80]
    _round_trips(imported, path)


def test_orcid_lone_surrogate_and_huge_number_are_warnings(tmp_path):
    doc = json.loads(ORCID.read_text(encoding="utf-8"))
    text = json.dumps(doc).replace('"Numerical linear algebra"', '"Numerical \\udbff algebra"', 1)
    text = text.replace('"display-index": 0', f'"display-index": {HUGE}', 1)
    path = _write(tmp_path, "orcid.json", text)
    imported = import_file(path)
    assert "Numerical \ufffd algebra" in imported.data["interests"]
    assert any("surrogate" in w.message and "keyword" in w.where for w in imported.warnings)
    assert any("cannot be read as a number" in w.message for w in imported.warnings)
    _round_trips(imported, path)


def test_yaml_inputs_with_a_huge_plain_number_do_not_crash(runner, tmp_path):
    """The same family through the YAML loader (RenderCV files and cvgraph's own): the number is its text."""
    rendercv = _write(tmp_path, "cv.yaml", f"cv:\n  name: Ada Lovelace\n  phone: {HUGE}\n")
    result = runner.invoke(main, ["import", "rendercv", str(rendercv)])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output[-500:]
    own = _write(tmp_path, "own.yaml", f"person:\n  name: Ada\n  homepage: https://example.org/\n  phone: {HUGE}\n")
    result = runner.invoke(main, ["build", str(own), "-f", "nt"])
    assert result.exit_code in (0, 1, 2) and isinstance(result.exception, (SystemExit, type(None))), \
        result.output[-500:]


# --- the family, at random -------------------------------------------------------------------------

_JSON_DATA = sorted((Path(__file__).resolve().parents[1] / "data" / "import").glob("*/*.json"))
_VALUE = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?')
_ODD = st.one_of(
    st.sampled_from([HUGE, f"-{HUGE}", "1e999", "-1e999", "NaN", "-Infinity", "1" * 4301, '"\\ud800"',
                     '"\\udc00\\ud800"', '"a\\udbff"', '"\\u0000"', "[]", "{}", "null", "true"]),
    # any text, lone surrogates included: json.dumps writes them as \\udXXX escapes
    st.text(st.characters(blacklist_categories=()), max_size=8).map(json.dumps))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_json_importers_turn_odd_values_into_warnings_not_crashes(tmp_path, data):
    source = data.draw(st.sampled_from(_JSON_DATA), label="file")
    text = source.read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 6), label="changes")):
        spans = [m.span() for m in _VALUE.finditer(text)]
        start, end = data.draw(st.sampled_from(spans), label="value")
        text = text[:start] + data.draw(_ODD, label="odd") + text[end:]
    path = tmp_path / source.name
    path.write_text(text, encoding="utf-8")
    try:
        imported = import_file(path)
    except ImportError_ as exc:  # a file the importer cannot read at all: one line
        assert "\n" not in str(exc)
        return
    for note in imported.warnings:
        str(note).encode("utf-8")  # printable on standard error
    _round_trips(imported, path)  # what `cvgraph import` writes, the loader reads
