"""The importers' common machinery: the YAML writer, the merge, format detection, the loader hook
and the ``cvgraph import`` command (plus ``--from`` on the commands that read CVs).

Most tests build :class:`Imported` values by hand, or stand in a fake converter, so that they test
this machinery and not a converter's judgement; the end-to-end tests at the bottom run the real
converters on the tiny files in ``tests/data/import/core/``.
"""
from __future__ import annotations

import copy
import doctest
import re
import shutil

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.clirun import run
from support.paths import TESTS

import cvgraph
from cvgraph import importers
from cvgraph.cli import main
from cvgraph.errors import CvgraphError, ImportError_, RecordError
from cvgraph.importers import FORMATS, OWN, detect, import_file, read_records
from cvgraph.importers.base import Imported, Note
from cvgraph.importers.merge import doi_key, merge, merge_tracked, title_key
from cvgraph.importers.yamlout import sanitize_comment, scalar, to_yaml, update_yaml
from cvgraph.importers.yamlupdate import guess_indent
from cvgraph.records.checker import CONTROL
from cvgraph.records.loader import loads
from cvgraph.records.yamlsafe import load_yaml

DATA = TESTS / "data" / "import" / "core"
HOME = "https://example.org/~ada"


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("CVGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return CliRunner()


def ada(**sections) -> dict:
    """A small valid CV document."""
    return {"person": {"name": "Ada Lovelace", "homepage": HOME}, **sections}


def pub(title="Notes on the Engine", **fields) -> dict:
    return {"kind": "journal", "title": title, "authors": ["Ada Lovelace"], **fields}


@pytest.fixture
def fake(monkeypatch):
    """Stand in a converter: ``fake("bibtex", lambda text, source, me=None: Imported(...))``."""
    real = importers.converter

    def install(fmt, convert):
        previous = importers.converter
        monkeypatch.setattr(importers, "converter", lambda f: convert if f == fmt else previous(f))

    assert real is importers.converter
    return install


def test_doctests():
    from cvgraph.importers import merge as merge_module
    from cvgraph.importers import yamlout

    for module in (importers, yamlout, merge_module):
        assert doctest.testmod(module).failed == 0, module.__name__


# ------------------------------------------------------------------------------ to_yaml

def test_header_names_source_and_format_and_lists_the_warnings():
    imp = Imported(ada(), [Note("refs.bib:12", "unknown field 'frob'"), Note("refs.bib: x", "two\nlines")])
    text = to_yaml(imp, source="refs.bib", fmt="BibTeX", schema="../cv.schema.json")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../cv.schema.json"
    assert "refs.bib (BibTeX)" in lines[1]
    assert "# 2 warnings (what was not imported, or needs a look):" in lines
    assert "#   refs.bib:12: warning: unknown field 'frob'" in lines
    assert "#   refs.bib: x: warning: two" in lines and "#     lines" in lines
    assert loads(text).data["person"]["name"] == "Ada Lovelace"


def test_default_schema_is_the_schema_beside_the_file():
    assert to_yaml(Imported(ada())).splitlines()[0] == "# yaml-language-server: $schema=./cv.schema.json"


def test_comments_go_at_the_end_of_their_line_or_above_it():
    doc = ada(publications=[pub(year="2021-05", authors=["Ada Lovelace", "C. Babbage"])],
              people=[{"name": "Charles Babbage", "aliases": ["C. Babbage"]}])
    comments = {
        ("publications", 0): "from @article{ada1843}",
        ("publications", 0, "year"): "year taken from date = {2021-05}",
        ("publications", 0, "authors", 1): "printed so",
        ("people", 0, "aliases"): "as printed",
        ("nowhere", 3): "kept all the same",
        (): "a document comment",
    }
    text = to_yaml(Imported(doc, comments=comments))
    lines = text.splitlines()
    assert "# a document comment" in lines[:3]
    item = lines.index("  - kind: journal")
    assert lines[item - 1] == "  # from @article{ada1843}"
    assert "    year: 2021-05  # year taken from date = {2021-05}" in lines
    # an item in a list: the list is written as a block so the comment can sit on its line
    assert "      - C. Babbage  # printed so" in lines
    assert any(line.endswith("aliases: [C. Babbage]  # as printed") for line in lines)
    assert "# nowhere[3]: kept all the same" in lines
    assert loads(text).data["publications"][0]["year"] == "2021-05"


def test_a_long_comment_goes_above_its_line():
    text = to_yaml(Imported(ada(), comments={("person", "name"): "x" * 150}))
    lines = text.splitlines()
    at = lines.index("  name: Ada Lovelace")
    assert lines[at - 1] == "  # " + "x" * 150


def test_keys_follow_the_format_order_and_unknown_keys_are_kept():
    doc = {"publications": [{"year": "2020", "authors": ["Ada Lovelace"], "title": "T", "kind": "journal",
                             "zzz": "mine"}],
           "person": {"homepage": HOME, "name": "Ada Lovelace"}, "cvgraph": 1}
    text = to_yaml(Imported(doc))
    keys = [m.group(1) for m in re.finditer(r"^\s*(?:- )?(\w+):", text, re.MULTILINE)]
    assert keys == ["cvgraph", "person", "name", "homepage", "publications", "kind", "title", "authors",
                    "year", "zzz"]
    with pytest.raises(RecordError, match="zzz"):  # kept, so the loader says what is wrong
        loads(text)


def test_output_is_deterministic_and_short_things_are_one_line():
    doc = ada(organizations=[{"id": "inha", "name": "Inha University", "kind": "university"}],
              publications=[pub(notes=["a", "b"])])
    first = to_yaml(Imported(doc), source="x", fmt="y")
    assert first == to_yaml(Imported(copy.deepcopy(doc)), source="x", fmt="y")
    assert "  - {id: inha, name: Inha University, kind: university}" in first
    assert "    notes: [a, b]" in first
    assert "\n\norganizations:\n" in first  # a blank line between sections


TRICKY = ["NO", "yes", "On", "off", "2021-05-01", "2021-05", "025010", "08", "1e5", "0x1F", "0o17", "1_000",
          ".inf", ".NaN", "=", "<<", "~", "null", "true", "False", ": x", "x: y", "#x", "a #b", "- x", "-",
          "?", "?x", "? x", "'", '"', "''", "a\nb", "\nlead", "trail\n", " lead", "trail ", "x\u2028y",
          "x\u2029y", "a\x85b", "@foo", "`x", "%x", "!x", "!!str x", "&a", "*a", "|", ">", "[a]", "{a: b}",
          "a, b", "a\tb", "é", "日本語", "😀", "\ufeffx", "--- x", "...", "\\", "a\\nb", "x\r\ny", "x\ry",
          "+1", "-0", "1.", ".5", "12:30:00", "https://example.org/a?b=c#d", "{\\'E}cole"]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_strings_read_back_exactly(text):
    doc = ada(interests=[text], publications=[pub(text, volume=text, notes=[text])])
    cv = loads(to_yaml(Imported(doc)))
    assert cv.data["interests"] == [text]
    assert cv.data["publications"][0]["title"] == text
    assert cv.data["publications"][0]["volume"] == text
    assert cv.data["publications"][0]["notes"] == [text]


def test_scalars_are_quoted_only_when_needed():
    assert scalar("Ada Lovelace") == "Ada Lovelace"
    assert scalar("NO") == "'NO'" and scalar("08") == "'08'" and scalar("2021-05-01") == "'2021-05-01'"
    assert scalar("a\nb").startswith('"')
    assert scalar(2020) == "2020" and scalar(True) == "true" and scalar(None) == "null"
    with pytest.raises(TypeError):
        scalar(object())


def test_comment_text_cannot_break_the_file():
    assert sanitize_comment("a\u2028b\x00c") == ["a", "b\\u0000c"]


def _fits(text: str) -> bool:  # what the loader takes as text at all
    return bool(text.strip()) and not CONTROL.search(text)


TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30),
    st.lists(st.sampled_from(TRICKY), min_size=2, max_size=4).map("".join),
).filter(_fits)
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=TEXT, title=TEXT, note=TEXT, comment=ANY_TEXT, warning=ANY_TEXT)
def test_property_to_yaml_then_loads_gives_the_same_strings(name, title, note, comment, warning):
    doc = {"person": {"name": name, "homepage": HOME, "aliases": [note]}, "interests": [note, title],
           "publications": [{"kind": "journal", "title": title,
                             "authors": [name, {"name": note, "ref": "me"}],
                             "year": "2021-05", "volume": note, "notes": [note, title]}]}
    comments = {(): comment, ("person", "name"): comment, ("publications", 0): comment,
                ("publications", 0, "authors", 1): comment, ("interests", 1): comment, ("gone", 2): comment}
    text = to_yaml(Imported(doc, [Note(warning, warning)], comments), source=warning, fmt=comment,
                   schema=comment or "x")
    if _key(name) == _key(note):
        doc["person"]["aliases"] = []
    data = loads(text).data
    assert data["person"]["name"] == name and data["interests"] == [note, title]
    got = data["publications"][0]
    assert (got["title"], got["volume"], got["notes"]) == (title, note, [note, title])
    assert [a["name"] for a in got["authors"]] == [name, note]


def _key(text):
    from cvgraph.records.ids import name_key as key

    return key(text)


# ------------------------------------------------------------------------------ update_yaml

HAND = """\
# yaml-language-server: $schema=../cv.schema.json
# my CV, kept by hand
person:
    name: Ada Lovelace   # as printed
    homepage: https://example.org/~ada
publications:
- kind: journal   # journal!
  title: Notes on the Engine
  authors: [Ada Lovelace]
  year: 1843
"""


def test_update_yaml_keeps_the_files_comments_and_layout():
    new = Imported({"person": {"name": "Ada Lovelace", "email": "ada@example.org"},
                    "publications": [pub("Sketch of the Engine", year="1842")]},
                   comments={("publications", 0): "from ORCID", ("person", "email"): "public email"})
    merged = merge(load_yaml("cv.yaml", HAND).data, new)
    text = update_yaml(HAND, merged)
    assert text.startswith(HAND.split("    homepage")[0])  # untouched up to the first addition
    assert "    name: Ada Lovelace   # as printed\n" in text and "- kind: journal   # journal!\n" in text
    assert "    email: ada@example.org  # public email\n" in text
    assert "# from ORCID\n- kind: journal\n  title: Sketch of the Engine\n" in text
    assert load_yaml("x", text).data == merged.data


@pytest.mark.parametrize("text, expected", [
    (HAND, (4, 2, 0)),
    ((DATA / "cv.yaml").read_text(encoding="utf-8"), (2, 4, 2)),
    ("person:\n  name: A\n", (2, 4, 2)),
])
def test_indentation_is_read_from_the_file(text, expected):
    assert guess_indent(text) == expected


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=TEXT, note=TEXT, comment=ANY_TEXT)
def test_property_update_yaml_reads_back_as_the_merge(title, note, comment):
    new = Imported({"person": {"name": "Ada Lovelace", "aliases": [note]},
                    "people": [{"name": note + " B", "aliases": [title]}],
                    "publications": [pub(title, volume=note, notes=[note])], "interests": [note]},
                   comments={("publications", 0): comment, ("publications", 0, "volume"): comment,
                             ("interests", 0): comment})
    merged = merge(load_yaml("cv.yaml", HAND).data, new)
    assert load_yaml("x", update_yaml(HAND, merged)).data == merged.data  # update_yaml checks it too


# ------------------------------------------------------------------------------ merge

def _superset(base, merged) -> bool:
    """Everything of ``base`` is in ``merged`` at the same place."""
    if isinstance(base, dict):
        return isinstance(merged, dict) and all(k in merged and _superset(v, merged[k])
                                                for k, v in base.items())
    if isinstance(base, list):
        return isinstance(merged, list) and len(merged) >= len(base) and all(map(_superset, base, merged))
    return base == merged


def test_registries_merge_by_id_name_or_alias_and_references_follow():
    base = ada(venues=[{"id": "bigdata", "name": "IEEE BigData", "kind": "conference"}],
               people=[{"name": "Wei-keng Liao", "aliases": ["Weikeng Liao"]}],
               organizations=[{"id": "nu", "name": "Northwestern University"}])
    new = Imported({"venues": [{"id": "ieee-bd", "name": "IEEE International Conference on Big Data",
                                "aliases": ["IEEE BigData"], "kind": "conference"}],
                    "people": [{"id": "wkl", "name": "Weikeng Liao", "orcid": "0000-0002-1825-0097"}],
                    "organizations": [{"name": "northwestern  university", "kind": "university"}],
                    "publications": [pub(venue="ieee-bd",
                                         authors=["Ada Lovelace", {"name": "W. Liao", "ref": "wkl"}])]})
    before = copy.deepcopy(base)
    merged = merge(base, new)
    assert base == before and _superset(base, merged.data)
    venue = merged.data["venues"]
    assert len(venue) == 1 and venue[0]["aliases"] == ["IEEE International Conference on Big Data"]
    person = merged.data["people"]
    assert len(person) == 1 and person[0]["orcid"] == "0000-0002-1825-0097"
    assert merged.data["organizations"] == [{"id": "nu", "name": "Northwestern University",
                                             "kind": "university"}]
    added = merged.data["publications"][0]
    assert added["venue"] == "bigdata"
    assert added["authors"][1] == {"name": "W. Liao", "ref": "wei-keng-liao"}
    assert merged.warnings == []
    cvgraph.loads(to_yaml(merged))  # every reference resolves


def test_a_people_entry_that_is_the_owner_joins_the_owners_aliases():
    new = Imported({"person": {"name": "Ada Lovelace", "aliases": ["A. Lovelace"]},
                    "people": [{"name": "Lovelace, A.", "aliases": ["A. Lovelace"]}]})
    merged = merge(ada(person={"name": "Ada Lovelace", "homepage": HOME, "aliases": ["A. A. Lovelace"]}), new)
    assert merged.data["person"]["aliases"] == ["A. A. Lovelace", "Lovelace, A.", "A. Lovelace"]
    assert merged.data.get("people") == []


def test_owner_fields_are_filled_and_differences_reported():
    base = ada(person={"name": "Ada Lovelace", "homepage": HOME, "email": "ada@example.org"})
    new = Imported({"person": {"name": "Augusta Ada King", "email": "ada@other.org",
                               "orcid": "0000-0002-1825-0097"}})
    merged = merge(base, new, base_name="cv.yaml", new_name="resume.json")
    person = merged.data["person"]
    assert person["email"] == "ada@example.org" and person["orcid"] == "0000-0002-1825-0097"
    assert person["aliases"] == ["Augusta Ada King"]
    same, note = merged.warnings  # issue 14: a name the owner rule does not match is taken, and said so
    assert same.where == "resume.json: person.name" and "'Augusta Ada King' is not the CV's owner" in same.message
    assert note.where == "resume.json: person.email"
    assert "'ada@example.org'" in note.message and "'ada@other.org'" in note.message


@pytest.mark.parametrize("old, new, why", [
    (pub(doi="10.1000/ABC"), pub("Other title", doi="https://doi.org/10.1000/abc"), "DOI"),
    (pub(arxiv="2301.00001"), pub("Other title", arxiv="2301.00001"), "arXiv id"),
    (pub("Notes on the {A}nalytical  Engine!", year=1843),
     pub("notes on the analytical engine", year="1843-10"), "title and year"),
    (pub("Schr{\\\"o}dinger's \\emph{Engine}"), pub("Schrödinger’s Engine", year="1843"), "title and year"),
])
def test_publication_duplicates_are_merged(old, new, why):
    merged = merge(ada(publications=[old]), Imported({"publications": [{**new, "pages": "1-10"}]}))
    assert len(merged.data["publications"]) == 1
    assert merged.data["publications"][0]["pages"] == "1-10"  # filled
    assert merged.data["publications"][0]["title"] == old["title"]  # kept


def test_same_title_another_year_is_another_publication():
    merged = merge(ada(publications=[pub(year=2020)]), Imported({"publications": [pub(year="2021")]}))
    assert len(merged.data["publications"]) == 2


def test_keys():
    assert doi_key("doi: 10.1000/AbC") == doi_key("https://dx.doi.org/10.1000/abc") == "10.1000/abc"
    assert title_key("{GPU}s:  a   Study\u2014of $x$") == "gpus a study of x"


def test_conflicts_keep_the_base_and_name_both_values():
    base = ada(publications=[pub(doi="10.1/x", year=2020, volume="3", notes=["oral"])])
    new = Imported({"publications": [pub("Other", doi="10.1/X", year="2021", volume="3", issue="2",
                                         notes=["best paper", "oral"])]},
                   [Note("refs.bib:1", "from the converter")], {("publications", 0, "year"): "from date"})
    merged = merge(base, new, base_name="cv.yaml", new_name="refs.bib")
    got = merged.data["publications"][0]
    assert (got["year"], got["title"], got["issue"], got["notes"]) == (2020, "Notes on the Engine", "2",
                                                                      ["oral", "best paper"])
    notes = [str(n) for n in merged.warnings]
    assert notes[0] == "refs.bib:1: warning: from the converter"
    assert any("title differs: kept 'Notes on the Engine' from cv.yaml, not 'Other'" in n for n in notes)
    assert any("year differs: kept 2020 from cv.yaml, not '2021'" in n for n in notes)
    assert all(n.startswith("refs.bib") for n in notes)
    assert "not kept" in merged.comments[("publications", 0, "year")]


def test_author_lists_that_name_the_same_people_do_not_conflict():
    base = ada(people=[{"name": "Wei-keng Liao", "aliases": ["Weikeng Liao"]}],
               publications=[pub(authors=["Ada Lovelace", "Weikeng Liao"])])
    new = Imported({"person": {"name": "Ada Lovelace", "aliases": ["A. Lovelace"]},
                    "publications": [pub(authors=["A. Lovelace", "Wei-keng Liao"])]})
    assert merge(base, new).warnings == []
    other = Imported({"publications": [pub(authors=["Ada Lovelace", "Someone Else"])]})
    assert "authors differs" in merge(base, other).warnings[0].message


def test_other_sections_are_appended_without_exact_duplicates():
    base = ada(talks=[{"title": "T", "date": "2020"}], interests=["engines"])
    new = Imported({"talks": [{"title": "T", "date": "2020"}, {"title": "U"}],
                    "interests": ["engines", "poetry"],
                    "skills": [{"group": "Maths", "items": ["calculus"]}]},
                   comments={("talks", 1): "no date", ("skills", 0, "items"): "as listed"})
    merged = merge(base, new)
    assert merged.data["talks"] == [{"title": "T", "date": "2020"}, {"title": "U"}]
    assert merged.data["interests"] == ["engines", "poetry"]
    assert merged.data["skills"] == [{"group": "Maths", "items": ["calculus"]}]
    assert merged.comments == {("talks", 1): "no date", ("skills", 0, "items"): "as listed"}


def test_comments_follow_their_entries():
    base = ada(publications=[pub("A"), pub("B")])
    new = Imported({"publications": [pub("C"), pub("a")]},
                   comments={("publications", 0): "new one", ("publications", 1, "title"): "same as A"})
    merged, moved = merge_tracked(base, new)
    assert moved == {("publications", 0): ("publications", 2), ("publications", 1): ("publications", 0)}
    assert merged.comments == {("publications", 2): "new one", ("publications", 0, "title"): "same as A"}


def test_award_references_follow_merged_publications_and_clashing_ids_are_renamed():
    base = ada(publications=[pub("A", id="a1"), pub("B", id="taken")])
    new = Imported({"publications": [pub("a", id="x1"), pub("Z", id="taken")],
                    "awards": [{"name": "Best paper", "work": "x1"}, {"name": "Runner-up", "work": "taken"}]})
    merged = merge(base, new)
    ids = [p["id"] for p in merged.data["publications"]]
    assert ids == ["a1", "taken", "taken-2"]
    assert [a["work"] for a in merged.data["awards"]] == ["a1", "taken-2"]
    assert "renamed 'taken-2'" in merged.warnings[0].message
    cvgraph.loads(to_yaml(merged))


def test_merging_twice_changes_nothing_more():
    new = Imported({"person": {"name": "Ada Lovelace", "aliases": ["A. L."]},
                    "venues": [{"name": "Memoirs", "kind": "journal"}],
                    "publications": [pub(venue="Memoirs", identifiers=["bibtex:x"])]})
    once = merge(ada(), new).data
    assert merge(once, new).data == once


# ------------------------------------------------------------------------------ detect, import_file

@pytest.mark.parametrize("name, text, expected", [
    ("refs.bib", "@article{x,}", "bibtex"),
    ("REFS.BIB", "", "bibtex"),
    ("o.json", '{"orcid-identifier": {"path": "x"}}', "orcid"),
    ("o.json", '{"activities-summary": {}}', "orcid"),
    ("r.json", '{"basics": {"name": "Ada"}}', "jsonresume"),
    ("cv.yaml", "cv:\n  name: Ada\ndesign: {theme: classic}\n", "rendercv"),
    ("cv.yml", "cv: {name: Ada}\n", "rendercv"),
    ("cv.yaml", "person:\n  name: Ada\n", OWN),
    ("cv.yaml", "person:\n  name: Ada\n  cv: x\n", OWN),
    ("cv.yaml", "cv: just text\n", OWN),
    ("cv.txt", "% a comment\n@inproceedings{x,\n}", "bibtex"),
    ("cv", '{"basics": {}}', "jsonresume"),
    ("cv", "person:\n  name: Ada\n", OWN),
    ("cv", "person:\n  notes: |\n    @article{x,\n", OWN),
    ("o.json", '[{"orcid-identifier": {}}, {"bulk": []}]', "orcid"),
    ("o.json", '{"bulk": []}', "orcid"),
])
def test_detect(name, text, expected):
    assert detect(name, text) == expected


@pytest.mark.parametrize("text", ["{not json", '{"name": "Ada"}', "[]", '[{"basics": {}}]'])
def test_detect_refuses_json_it_cannot_place(text):
    with pytest.raises(ImportError_, match=r"x\.json"):
        detect("x.json", text)


def test_every_format_has_a_converter_module():
    for fmt in FORMATS:
        assert callable(importers.converter(fmt))


def test_a_missing_converter_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setitem(FORMATS, "nosuchformat", "Nothing")
    (tmp_path / "x.dat").write_text("x", encoding="utf-8")
    with pytest.raises(CvgraphError, match="the nosuchformat importer is not available"):
        import_file(tmp_path / "x.dat", "nosuchformat")
    with pytest.raises(CvgraphError, match="unknown import format"):
        importers.converter("word")


def test_an_unreadable_file_is_one_clear_error(tmp_path):
    with pytest.raises(ImportError_, match="cannot read file"):
        import_file(tmp_path / "missing.bib", "bibtex")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"basics": "\xff"}')
    with pytest.raises(ImportError_, match="not UTF-8"):
        import_file(bad, "jsonresume")


def test_a_latin1_bib_file_is_read_with_a_warning(tmp_path, fake):
    seen = {}

    def convert(text, source, me=None):
        seen["text"] = text
        return Imported(ada())

    fake("bibtex", convert)
    path = tmp_path / "old.bib"
    path.write_bytes(b"@article{x,\n  author = {G\xf6del, Kurt}}\n")
    result = import_file(path)
    assert "Gödel" in seen["text"]
    assert "read as Latin-1" in result.warnings[0].message and result.warnings[0].where == f"{path}:2"


# ------------------------------------------------------------------------------ the loader hook

def test_records_load_imports_other_formats_and_warns_on_stderr(tmp_path, fake, capsys):
    fake("jsonresume", lambda text, source, me=None: Imported(
        ada(publications=[pub()]), [Note(f"{source}: basics.foo", "not imported")]))
    path = tmp_path / "resume.json"
    path.write_text('{"basics": {}}', encoding="utf-8")
    cv = cvgraph.load(path)
    assert cv.file == str(path) and cv.data["person"]["name"] == "Ada Lovelace" and len(cv.publications) == 1
    assert capsys.readouterr().err == f"{path}: basics.foo: warning: not imported\n"
    assert len(cvgraph.triples(path)) == len(cvgraph.triples(cv))


def test_problems_in_imported_records_point_into_the_imported_yaml(tmp_path, fake):
    doc = ada(publications=[pub(), pub("B", venue="nowhere")])
    fake("jsonresume", lambda text, source, me=None: Imported(doc))
    path = tmp_path / "resume.json"
    path.write_text('{"basics": {}}', encoding="utf-8")
    with pytest.raises(RecordError) as info:
        cvgraph.load(path)
    [problem] = info.value.problems
    assert problem.file == f"{path} (as imported)" and problem.field == "publications[1].venue"
    text = to_yaml(Imported(doc), source=str(path), fmt="JSON Resume")
    assert text.splitlines()[problem.line - 1].strip() == "venue: nowhere"


def test_read_records_takes_a_yaml_file_as_it_is_unless_it_is_rendercv(tmp_path, fake):
    own = tmp_path / "cv.yaml"
    own.write_text("person:\n  name: Ada\n", encoding="utf-8")
    assert read_records(own).file == str(own)
    fake("rendercv", lambda text, source, me=None: Imported(ada()))
    rcv = tmp_path / "rcv.yaml"
    rcv.write_text("cv:\n  name: Ada\n", encoding="utf-8")
    assert read_records(rcv).file == f"{rcv} (as imported)"
    assert read_records(rcv, fmt=OWN).data == {"cv": {"name": "Ada"}}


def test_a_bib_file_adds_its_publications_to_the_cv_before_it(tmp_path, fake, capsys):
    cv = tmp_path / "cv.yaml"
    cv.write_text(to_yaml(Imported(ada(publications=[pub("A", doi="10.1000/a", year=2020)]))),
                  encoding="utf-8")
    seen = {}

    def convert(text, source, me=None):
        seen["me"] = me
        return Imported({"person": {"name": "Ada Lovelace"},
                         "publications": [pub("A", doi="10.1000/A", year="2021"), pub("B", year="2022")]},
                        [Note(f"{source}:3", "odd field")])

    fake("bibtex", convert)
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{x,}", encoding="utf-8")
    [loaded] = cvgraph.load_all([bib, cv])  # a leading .bib goes to the first CV
    assert seen["me"] == "Ada Lovelace"
    assert [p["title"] for p in loaded.data["publications"]] == ["A", "B"]
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{bib}:3: warning: odd field"
    assert "year differs: kept 2020 from cv.yaml, not '2021'" in err[1]
    assert loaded.file == str(cv)
    two = tmp_path / "two.yaml"
    two.write_text(to_yaml(Imported({"person": {"name": "Bo", "homepage": "https://example.org/bo"}})),
                   encoding="utf-8")
    first, second = cvgraph.load_all([cv, two, bib])  # after `two`: it is Bo's
    assert len(first.publications) == 1 and len(second.publications) == 2


def test_a_problem_in_a_bib_entry_merged_into_a_cv_points_at_the_bib(tmp_path, fake):
    cv = tmp_path / "cv.yaml"
    cv.write_text(to_yaml(Imported(ada(publications=[pub("A")]))), encoding="utf-8")
    doc = {"publications": [pub("B", venue="nowhere")]}
    fake("bibtex", lambda text, source, me=None: Imported(doc))
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{x,}", encoding="utf-8")
    with pytest.raises(RecordError) as info:
        cvgraph.load_all([cv, bib])
    [problem] = info.value.problems
    assert problem.file == f"{bib} (as imported)"  # and the path and line are the imported YAML's
    assert problem.field == "publications[0].venue"
    text = to_yaml(Imported(doc), source=str(bib), fmt="BibTeX")
    assert text.splitlines()[problem.line - 1].strip() == "venue: nowhere"


# ------------------------------------------------------------------------------ the CLI

def test_import_prints_yaml_and_warnings(runner, fake, tmp_path):
    fake("bibtex", lambda text, source, me=None: Imported(
        {"person": {"name": me or "?"}, "publications": [pub(authors=[me or "?"])]},
        [Note(f"{source}:4", "field 'frob' not imported"), Note(f"{source}:9", "no year")]))
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{x,}", encoding="utf-8")
    result = run(runner, "import", "bibtex", bib, "--me", "Ada Lovelace")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:2] == [f"{bib}:4: warning: field 'frob' not imported",
                                              f"{bib}:9: warning: no year"]
    assert result.stderr.splitlines()[2].startswith("<stdout>:")  # the base: placeholder (no homepage)
    assert "cvgraph schema -o cv.schema.json" in result.stderr.splitlines()[3]
    assert result.stdout.startswith("# yaml-language-server: $schema=./cv.schema.json\n")
    data = load_yaml("out", result.stdout).data
    assert data["person"]["name"] == "Ada Lovelace"


def test_import_output_file_is_written_once_unless_forced(runner, fake, tmp_path):
    fake("bibtex", lambda text, source, me=None: Imported(ada()))
    bib, out = tmp_path / "refs.bib", tmp_path / "sub" / "cv.yaml"
    bib.write_text("@article{x,}", encoding="utf-8")
    out.parent.mkdir()
    result = run(runner, "import", "bibtex", bib, "-o", out)
    assert result.exit_code == 0 and result.stdout == "" and f"wrote {out}" in result.stderr
    first = out.read_text(encoding="utf-8").splitlines()[0]
    schema = out.parent / first.split("$schema=", 1)[1]  # written beside it, not in the installed package
    assert schema.read_bytes() == cvgraph.schema_path().read_bytes() and schema.parent == out.parent
    out.write_text("mine", encoding="utf-8")
    result = run(runner, "import", "bibtex", bib, "-o", out)
    assert result.exit_code == 2 and "exists" in result.stderr and out.read_text(encoding="utf-8") == "mine"
    assert run(runner, "import", "bibtex", bib, "-o", out, "--force").exit_code == 0
    assert cvgraph.load(out).data["person"]["name"] == "Ada Lovelace"


def test_import_into_merges_keeps_comments_and_a_backup(runner, fake, tmp_path):
    cv = tmp_path / "cv.yaml"
    cv.write_text(HAND, encoding="utf-8")
    seen = []

    def convert(text, source, me=None):
        seen.append(me)
        return Imported({"person": {"name": me},
                         "publications": [pub(kind="book", year="1843"), pub("Sketch")]},
                        comments={("publications", 1): "from refs.bib"})

    fake("bibtex", convert)
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{x,}", encoding="utf-8")
    result = run(runner, "import", "bibtex", bib, "--into", cv)
    assert result.exit_code == 0, result.output
    assert seen == ["Ada Lovelace"]  # --me defaults to the CV's owner
    assert (tmp_path / "cv.yaml.bak").read_text(encoding="utf-8") == HAND
    text = cv.read_text(encoding="utf-8")
    assert "# my CV, kept by hand" in text and "- kind: journal   # journal!" in text
    assert "# from refs.bib\n- kind: journal\n  title: Sketch\n" in text
    assert "kind differs: kept 'journal' from cv.yaml, not 'book'" in result.stderr
    assert f"updated {cv}" in result.stderr and result.stdout == ""
    assert len(cvgraph.load(cv).publications) == 2
    again = run(runner, "import", "bibtex", bib, "--into", cv)
    assert again.exit_code == 0 and "unchanged" in again.stderr and cv.read_text(encoding="utf-8") == text


def test_import_into_with_output_leaves_the_cv_alone(runner, fake, tmp_path):
    cv, out = tmp_path / "cv.yaml", tmp_path / "merged.yaml"
    cv.write_text(HAND, encoding="utf-8")
    fake("bibtex", lambda text, source, me=None: Imported({"publications": [pub("Sketch")]}))
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{x,}", encoding="utf-8")
    result = run(runner, "import", "bibtex", bib, "--into", cv, "-o", out)
    assert result.exit_code == 0, result.output
    assert cv.read_text(encoding="utf-8") == HAND and not (tmp_path / "cv.yaml.bak").exists()
    assert len(cvgraph.load(out).publications) == 2


def test_import_into_falls_back_to_a_whole_rewrite_and_says_so(runner, fake, tmp_path, monkeypatch):
    from cvgraph.importers import yamlout

    def broken(text, merged):
        raise ValueError("round trip failed")

    monkeypatch.setattr(yamlout, "update_yaml", broken)
    cv = tmp_path / "cv.yaml"
    cv.write_text(HAND, encoding="utf-8")
    fake("bibtex", lambda text, source, me=None: Imported({"publications": [pub("Sketch")]}))
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{x,}", encoding="utf-8")
    result = run(runner, "import", "bibtex", bib, "--into", cv)
    assert result.exit_code == 0
    assert "could not keep the file's comments and layout (round trip failed)" in result.stderr
    assert cv.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../cv.schema.json\n")
    assert len(cvgraph.load(cv).publications) == 2 and (tmp_path / "cv.yaml.bak").read_text() == HAND


@pytest.mark.parametrize("args", [
    ["bibtex", "missing.bib"],
    ["jsonresume", "{dir}/bad.json"],
    ["bibtex", "{dir}/refs.bib", "--into", "{dir}/missing.yaml"],
    ["bibtex", "{dir}/refs.bib", "--into", "{dir}/bad.yaml"],
])
def test_import_of_an_unreadable_file_is_one_line_exit_2(runner, tmp_path, args):
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe")
    (tmp_path / "bad.yaml").write_text("person: [\n", encoding="utf-8")
    shutil.copy(DATA / "refs.bib", tmp_path / "refs.bib")
    result = run(runner, "import", *[a.format(dir=tmp_path) for a in args])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert result.stdout == ""


def test_import_refuses_an_unknown_format(runner):
    result = run(runner, "import", "word", "cv.docx")
    assert result.exit_code == 2 and "bibtex" in result.stderr


CV_COMMANDS = ["build", "validate", "query", "embed", "site", "publish"]


@pytest.mark.parametrize("command", CV_COMMANDS)
def test_commands_that_read_cvs_take_from(runner, command):
    assert "--from" in run(runner, command, "--help").output
    loaded = main.get_command(click.Context(main), command)
    assert loaded is not None and "--from" in [o for p in loaded.params for o in p.opts]


def test_from_names_the_format_of_a_file_without_a_telling_extension(runner, fake, tmp_path):
    fake("jsonresume", lambda text, source, me=None: Imported(ada(publications=[pub()])))
    path = tmp_path / "resume.txt"
    path.write_text('{"basics": {}}', encoding="utf-8")
    for args in (["build", path, "--from", "jsonresume", "--no-validate"],
                 ["validate", path, "--from", "jsonresume"],
                 ["query", "publication-list", path, "--from", "jsonresume", "-f", "csv"],
                 ["embed", path, "--from", "jsonresume"]):
        result = run(runner, *args)
        assert result.exit_code == 0, (args, result.output)
    listed = run(runner, "query", "publication-list", path, "--from", "jsonresume", "-f", "csv")  # whole cells
    assert "Notes on the Engine" in listed.stdout
    site = run(runner, "site", path, "--from", "jsonresume", "-o", tmp_path / "site")
    assert site.exit_code == 0 and (tmp_path / "site" / "index.html").is_file()
    dry = run(runner, "publish", path, "--from", "jsonresume", "--endpoint", "http://127.0.0.1:9",
              "--dry-run")
    assert dry.exit_code == 0, dry.output
    wrong = run(runner, "build", path, "--from", OWN)
    assert wrong.exit_code == 2 and "error:" in wrong.stderr


def test_build_reads_a_cv_and_a_bib_file_together(runner, fake, tmp_path):
    cv = tmp_path / "cv.yaml"
    cv.write_text(to_yaml(Imported(ada(publications=[pub("A")]))), encoding="utf-8")
    fake("bibtex", lambda text, source, me=None: Imported({"publications": [pub("B"), pub("a")]},
                                                          [Note(f"{source}:1", "look")]))
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{x,}", encoding="utf-8")
    result = run(runner, "build", cv, bib, "-f", "nt")
    assert result.exit_code == 0, result.output
    assert f"{bib}:1: warning: look" in result.stderr
    assert '"A"' in result.stdout and '"B"' in result.stdout


# ------------------------------------------------------------------------------ end to end, real converters

E2E = [("bibtex", "refs.bib"), ("jsonresume", "resume.json"), ("rendercv", "rendercv.yaml"),
       ("orcid", "orcid.json")]


@pytest.mark.parametrize("fmt, name", E2E)
def test_each_format_imports_to_yaml_that_loads(runner, tmp_path, fmt, name):
    out = tmp_path / "cv.yaml"
    result = run(runner, "import", fmt, DATA / name, "-o", out, "--me", "Ada Lovelace")
    assert result.exit_code == 0, result.output
    assert all(": warning: " in line or line.startswith("wrote ") for line in result.stderr.splitlines())
    text = out.read_text(encoding="utf-8")
    assert f"({FORMATS[fmt]})" in text.splitlines()[1]
    cv = cvgraph.load(out)
    assert cv.publications, "the fixture's publication was imported"
    assert detect(DATA / name, (DATA / name).read_text(encoding="utf-8")) == fmt


def test_bibtex_end_to_end_warns_with_the_line_and_merges_into_a_cv(runner, tmp_path):
    cv = tmp_path / "cv.yaml"
    shutil.copy(DATA / "cv.yaml", cv)
    result = run(runner, "import", "bibtex", DATA / "refs.bib", "--into", cv)
    assert result.exit_code == 0, result.output
    assert re.search(r"refs\.bib:\d+: warning: .*frobnicate", result.stderr)
    merged = cvgraph.load(cv)
    titles = [p["title"] for p in merged.data["publications"]]
    assert titles[0] == "Communication-Efficient Local SGD for Scalable Deep Learning" and len(titles) == 2
    assert merged.data["publications"][0].get("doi", "").casefold() == "10.1109/bigdata50022.2020.9378178"
    text = cv.read_text(encoding="utf-8")
    assert "# My CV: hand-kept comments must survive --into." in text and "# keep me" in text


def test_build_with_a_real_bib_file_beside_the_cv(runner):
    result = run(runner, "build", DATA / "cv.yaml", DATA / "refs.bib", "-f", "nt")
    assert result.exit_code == 0, result.output
    assert "A New Journal Paper" in result.stdout
    assert result.stdout.count("Communication-Efficient Local SGD") == 2  # schema:name + dcterms:title, once


def test_references_by_name_and_by_id_to_the_same_entry_do_not_conflict():
    base = ada(person={"name": "Ada Lovelace", "homepage": HOME, "affiliation": ["inha"]},
               organizations=[{"id": "inha", "name": "Inha University"}])
    new = Imported({"person": {"name": "Ada Lovelace", "affiliation": "Inha University"},
                    "organizations": [{"name": "Inha University", "kind": "university"}]})
    merged = merge(base, new)
    assert merged.warnings == [] and merged.data["person"]["affiliation"] == ["inha"]
