"""Issue 14, merges (``cvgraph import FORMAT FILE --into cv.yaml``, cvgraph.importers.merge):
the same organisation from two sources is one (ROR first, then normalised names; a near miss is
not), and the owner's initials forms in an imported bibliography are the owner (the importers'
one owner rule), an incompatible or ambiguous name is not (ambiguous: a warning)."""
from __future__ import annotations

import yaml

import cvgraph.records.loader
from cvgraph.importers.base import Imported
from cvgraph.importers.bibtex import convert as bibtex
from cvgraph.importers.merge import merge

UW_ROR = "00cvxb145"  # University of Washington
WASHU_ROR = "01yc7t268"  # Washington University in St. Louis

BIB = """
@article{p1, author = {Smith, Alan and J. R. Doe}, title = {One}, journal = {J. Things}, year = {2020}}
@article{p2, author = {Smith, Alan and Jane R. Doe and Lee, Kim}, title = {Two}, journal = {J. Things}, year = {2021}}
@article{p3, author = {Smith, Alan and Doe, Jane}, title = {Three}, journal = {J. Things}, year = {2021}}
@article{p4, author = {Smith, Alan and John Doe}, title = {Four}, journal = {J. Things}, year = {2022}}
@article{p5, author = {Smith, Alan and A. Doe}, title = {Five}, journal = {J. Things}, year = {2023}}
@article{p6, author = {Smith, Alan and Doe, J.}, title = {Six}, journal = {J. Things}, year = {2023}}
"""
RESUME = {"cvgraph": 1, "person": {"name": "Jane Doe"}}


def _load(data: dict) -> cvgraph.records.loader.CV:
    return cvgraph.records.loader.loads(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "m.yaml")


def _owner_of(cv: cvgraph.records.loader.CV, title: str) -> list[bool]:
    pub = next(p for p in cv.publications.values() if p["title"] == title)
    return [a["ref"] == "me" for a in pub["authors"]]


def test_initials_of_the_owner_in_a_bibliography_imported_without_me_are_the_owner():
    # BibTeX alone takes its most frequent author (Alan Smith, on every paper) for the owner;
    # merged into the resume that names Jane Doe, her printed forms must be hers
    imported = bibtex(BIB, "refs.bib")
    assert imported.data["person"]["name"] == "Alan Smith"
    merged = merge(RESUME, imported, new_name="refs.bib")
    aliases = merged.data["person"]["aliases"]
    assert {"J. R. Doe", "Jane R. Doe"} <= set(aliases)
    assert not {"John Doe", "A. Doe", "Alan Smith"} & set(aliases)
    # Alan Smith is kept as a co-author, and said so
    assert any(p.get("name") == "Alan Smith" for p in merged.data["people"])
    warnings = [str(w) for w in merged.warnings]
    assert ("refs.bib: person: warning: the import's owner 'Alan Smith' is not the CV's owner 'Jane Doe' by "
            "the owner rule: kept as a people entry (alan-smith), not as an alias") in warnings
    # "Doe, J." also fits John Doe: ambiguous, a warning, not the owner
    assert any("'J. Doe' fits the CV's owner (Jane Doe) but also John Doe" in w for w in warnings)
    cv = _load(merged.data)
    assert _owner_of(cv, "One") == [False, True]
    assert _owner_of(cv, "Two") == [False, True, False]
    assert _owner_of(cv, "Three") == [False, True]
    assert _owner_of(cv, "Four") == [False, False]  # John Doe is not Jane Doe
    assert _owner_of(cv, "Five") == [False, False]  # nor is A. Doe
    assert _owner_of(cv, "Six") == [False, False]  # ambiguous: warned above


def test_printed_authors_that_fit_the_owner_join_person_aliases_two_in_one_list_are_warned():
    # "Doe, J. R." is printed only (no people entry): it fits Jane Doe and no one else
    new = Imported(data={"cvgraph": 1, "publications": [
        {"kind": "journal", "title": "A", "authors": ["Doe, J. R.", "Kim Lee"], "year": "2020"},
        {"kind": "journal", "title": "B", "authors": ["J. R. Doe", "Jane R. Doe"], "year": "2021"},
        {"kind": "journal", "title": "C", "authors": ["John Doe"], "year": "2022"}],
        "people": [{"name": "Kim Lee"}, {"name": "John Doe"}, {"name": "J. R. Doe"}, {"name": "Jane R. Doe"}]})
    merged = merge({"cvgraph": 1, "person": {"name": "Jane Doe"}}, new, new_name="x.yaml")
    assert "John Doe" not in merged.data["person"].get("aliases", [])
    assert {"J. R. Doe", "Jane R. Doe", "Doe, J. R."} <= set(merged.data["person"]["aliases"])
    assert [str(w) for w in merged.warnings] == [
        ("x.yaml: publications[1]: warning: 'J. R. Doe', 'Jane R. Doe' are all names of the CV's owner "
         "(Jane Doe): check the author list")]
    # a printed name alone (no people entry) that fits the owner twice in one list: neither is taken
    twice = Imported(data={"cvgraph": 1, "publications": [
        {"kind": "journal", "title": "D", "authors": ["J. Doe", "Jane Q. Doe"], "year": "2020"}]})
    merged = merge({"cvgraph": 1, "person": {"name": "Jane Doe"}}, twice, new_name="y.yaml")
    assert "aliases" not in merged.data["person"]
    assert [str(w) for w in merged.warnings] == [
        ("y.yaml: publications[0]: warning: 'J. Doe', 'Jane Q. Doe' all fit the CV's owner (Jane Doe): "
         "none taken to be the owner")]


def _org_merge(base_orgs: list[dict], new_orgs: list[dict]) -> list[dict]:
    base = {"cvgraph": 1, "person": {"name": "Jane Doe"}, "organizations": base_orgs}
    return merge(base, Imported(data={"cvgraph": 1, "organizations": new_orgs})).data["organizations"]


def test_one_university_under_three_names_and_its_ror_is_one_organisation():
    orgs = _org_merge([{"name": "University of Washington", "ror": UW_ROR}],
                      [{"name": "The Univ. of Washington"},
                       {"name": "University of Washington, Seattle", "locality": "Seattle"},
                       {"name": "UW", "ror": f"https://ror.org/{UW_ROR}"}])
    assert len(orgs) == 1
    assert orgs[0]["aliases"] == ["The Univ. of Washington", "University of Washington, Seattle", "UW"]
    assert orgs[0]["locality"] == "Seattle"


def test_ror_first_then_names_and_a_near_miss_is_two_organisations():
    orgs = _org_merge([{"name": "University of Washington", "ror": UW_ROR}],
                      [{"name": "Washington University"},  # a near miss: another university
                       {"name": "Washington University in St. Louis", "ror": WASHU_ROR},
                       {"name": "University of Washington", "ror": WASHU_ROR}])  # same name, other ROR
    assert [o["name"] for o in orgs] == ["University of Washington", "Washington University",
                                         "Washington University in St. Louis"]
    # the third has WashU's ROR: it is WashU (the ROR decides), and its name became an alias there
    assert orgs[2]["aliases"] == ["University of Washington"]
    assert "aliases" not in orgs[0]


def test_departments_of_different_parents_are_not_merged():
    orgs = _org_merge([{"id": "uw", "name": "University of Washington"},
                       {"name": "Department of Physics", "kind": "department", "parent": "uw"}],
                      [{"id": "mit", "name": "MIT"},
                       {"name": "Department of Physics", "kind": "department", "parent": "mit"}])
    assert [o["name"] for o in orgs] == ["University of Washington", "Department of Physics", "MIT",
                                         "Department of Physics"]


def test_grants_are_a_registry_on_merges_their_funder_and_the_works_refs_follow():
    base = {"cvgraph": 1, "person": {"name": "Jane Doe"},
            "organizations": [{"id": "nsf", "name": "National Science Foundation"}],
            "grants": [{"id": "career", "name": "CAREER: Fast Solvers", "funder": "nsf", "number": "1234567"}]}
    new = Imported(data={"cvgraph": 1,
                         "organizations": [{"name": "The National Science Foundation"}],
                         "grants": [{"name": "CAREER: Fast Solvers", "funder": "the-national-science-foundation",
                                     "url": "https://www.nsf.gov/awardsearch/showAward?AWD_ID=1234567"}],
                         "publications": [{"kind": "journal", "title": "Fast", "authors": ["Jane Doe"],
                                           "year": "2024", "funding": ["career-fast-solvers"]}]})
    merged = merge(base, new)
    assert len(merged.data["organizations"]) == 1 and len(merged.data["grants"]) == 1
    grant = merged.data["grants"][0]
    assert grant["funder"] == "nsf" and grant["url"].endswith("AWD_ID=1234567")
    assert merged.data["publications"][0]["funding"] == ["career"]
    assert not merged.warnings
    _load(merged.data)


def test_cli_import_bibtex_into_a_resume_cv_gives_every_paper_its_owner(tmp_path):
    """The issue's case end to end: ``cvgraph import bibtex refs.bib --into cv.yaml`` where cv.yaml
    (from a resume) names Jane Doe and the bibliography prints her "J. R. Doe", "Doe, Jane", …"""
    from click.testing import CliRunner

    from cvgraph.cli import main

    cv = tmp_path / "cv.yaml"
    cv.write_text("cvgraph: 1\nperson:\n  name: Jane Doe\n", encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "bibtex", str(bib), "--into", str(cv)])
    assert result.exit_code == 0, result.output
    loaded = cvgraph.records.loader.loads(cv.read_text(encoding="utf-8"), "cv.yaml")
    assert [_owner_of(loaded, t) for t in ("One", "Two", "Three", "Four", "Five")] == [
        [False, True], [False, True, False], [False, True], [False, False], [False, False]]
    # "Doe, J." (p6): with --me the BibTeX importer makes that call itself (it takes it for the owner
    # and says in a comment that it could also be John Doe); not the merge's
