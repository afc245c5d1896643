"""The importers agree: the same name, date or organisation gives the same answer whichever
format it comes in (issue 11, "importers that agree").

Each case is one value; each importer gets a tiny file of its own format built around it, written
the way that format writes such a value (a BibTeX month is a ``month`` field, an ORCID date is
``{year, month, day}``), imported, written as YAML and loaded by the loader, and the answer is read
from what the loader made of it. A format that cannot carry a value at all is left out of that
case, and each table says which formats carry what:

- owner names: BibTeX, RenderCV and ORCID (JSON Resume has no author lists);
- dates: RenderCV and JSON Resume read free text; BibTeX reads ISO dates and year + month; ORCID
  has only structured dates;
- organisation kinds: all four (BibTeX through a publisher).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from cvgraph.importers import bibtex, jsonresume, orcid, rendercv
from cvgraph.importers.base import Imported
from cvgraph.importers.yamlout import to_yaml
from cvgraph.records.loader import loads

OWNER = "Sunwoo Lee"
OTHER = "Zed Other"


def _load(imported: Imported) -> dict[str, Any]:
    """What the loader makes of the imported records (so an answer is the one the graph gets)."""
    return loads(to_yaml(imported), "imported.yaml").data


# ----------------------------------------------------------------------------- owner names

def _bibtex_authors(owner: str, printed: str) -> Imported:
    return bibtex.convert(f"@article{{a, author={{{printed} and Other, Zed}}, title={{T}}, journal={{J}}, "
                          "year=2020}", "a.bib", me=owner)


def _rendercv_authors(owner: str, printed: str) -> Imported:
    text = (f"cv:\n  name: {owner}\n  sections:\n    publications:\n      - title: T\n"
            f"        authors: [{json.dumps(printed)}, {OTHER}]\n        journal: Journal of Things\n"
            "        date: 2020\n")
    return rendercv.convert(text, "cv.yaml")


def _orcid_authors(owner: str, printed: str) -> Imported:
    given, family = owner.rsplit(" ", 1)

    def contributor(name: str, seq: str) -> dict[str, Any]:
        return {"credit-name": {"value": name},
                "contributor-attributes": {"contributor-sequence": seq, "contributor-role": "author"}}

    work = {"put-code": 1, "type": "journal-article", "title": {"title": {"value": "T"}},
            "journal-title": {"value": "J"}, "publication-date": {"year": {"value": "2020"}},
            "contributors": {"contributor": [contributor(printed, "first"),
                                             contributor(OTHER, "additional")]}}
    record = {"person": {"name": {"given-names": {"value": given}, "family-name": {"value": family}}},
              "bulk": [{"work": work}]}
    return orcid.convert(json.dumps(record), "orcid.json")


AUTHOR_LISTS: dict[str, Callable[[str, str], Imported]] = {
    "bibtex": _bibtex_authors, "rendercv": _rendercv_authors, "orcid": _orcid_authors}

NAMES = [  # (owner, printed author, is it the owner?)
    (OWNER, "Sunwoo Lee", True),
    (OWNER, "S. Lee", True),
    (OWNER, "Lee, S.", True),
    (OWNER, "S.-W. Lee", True),
    (OWNER, "Lee, Sunwoo", True),
    ("Jane Doe", "J. R. Doe", True),
    (OWNER, "T. Lee", False),
    (OWNER, "Tom Lee", False),
    (OWNER, "Seungwon Lee", False),
]


@pytest.mark.parametrize("fmt", AUTHOR_LISTS)
@pytest.mark.parametrize(("owner", "printed", "is_owner"), NAMES)
def test_owner_names_agree(fmt: str, owner: str, printed: str, is_owner: bool) -> None:
    data = _load(AUTHOR_LISTS[fmt](owner, printed))
    first, second = data["publications"][0]["authors"]
    assert second["ref"] != "me"
    assert (first["ref"] == "me") is is_owner, (fmt, printed, first)


# ----------------------------------------------------------------------------- dates

def _rendercv_start(value: str) -> str | None:
    text = (f"cv:\n  name: {OWNER}\n  sections:\n    experience:\n      - company: Acme Corp\n"
            f"        position: Engineer\n        start_date: {json.dumps(value)}\n")
    return _first_start(rendercv.convert(text, "cv.yaml"))


def _jsonresume_start(value: str) -> str | None:
    doc = {"basics": {"name": OWNER, "url": "https://example.org/"},
           "work": [{"name": "Acme Corp", "position": "Engineer", "startDate": value}]}
    return _first_start(jsonresume.convert(json.dumps(doc), "resume.json"))


def _orcid_parts(value: str) -> dict[str, Any]:
    parts = dict(zip(("year", "month", "day"), value.split("-"), strict=False))
    return {k: {"value": v} for k, v in parts.items()}


def _orcid_start(value: str) -> str | None:
    summary = {"role-title": "Engineer", "start-date": _orcid_parts(value),
               "organization": {"name": "Acme Corp"}}
    record = {"person": {"name": {"given-names": {"value": "Sunwoo"}, "family-name": {"value": "Lee"}}},
              "activities-summary": {"employments": {"affiliation-group": [
                  {"summaries": [{"employment-summary": summary}]}]}}}
    return _first_start(orcid.convert(json.dumps(record), "orcid.json"))


def _bibtex_date(fields: str) -> str | None:
    text = f"@article{{a, author={{Lee, Sunwoo}}, title={{T}}, journal={{J}}, {fields}}}"
    data = _load(bibtex.convert(text, "a.bib"))
    return data["publications"][0].get("year")


def _first_start(imported: Imported) -> str | None:
    entries = _load(imported).get("employment", [])
    return entries[0]["start"] if entries else None


DATES: list[tuple[str, str | None, str | None, bool]] = [
    # printed, expected, BibTeX fields that say it, whether ORCID's structured date can say it
    ("2019", "2019", "year=2019", True),
    ("2019-03", "2019-03", "year=2019, month=mar", True),
    ("2019-03-05", "2019-03-05", "date={2019-03-05}", True),
    ("March 2019", "2019-03", "year=2019, month={March}", False),
    ("Mar. 2019", "2019-03", None, False),
    ("03/2019", "2019-03", None, False),
    ("2019/03", "2019-03", None, False),
    ("15.03.2020", "2020-03-15", None, False),
    ("Fall 2019", "2019", None, False),
    ("Spring term 2020", "2020", None, False),
    ("soon", None, None, False),
]


@pytest.mark.parametrize(("printed", "expected", "bib", "structured"), DATES)
def test_dates_agree(printed: str, expected: str | None, bib: str | None, structured: bool) -> None:
    answers = {"rendercv": _rendercv_start(printed), "jsonresume": _jsonresume_start(printed)}
    if structured:
        answers["orcid"] = _orcid_start(printed)
    if bib:
        answers["bibtex"] = _bibtex_date(bib)
    assert answers == dict.fromkeys(answers, expected)


@pytest.mark.parametrize("word", ["present", "Present", "now", "current"])
def test_an_open_end_agrees(word: str) -> None:
    text = (f"cv:\n  name: {OWNER}\n  sections:\n    experience:\n      - company: Acme Corp\n"
            f"        position: Engineer\n        start_date: 2019-03\n        end_date: {word}\n")
    doc = {"basics": {"name": OWNER, "url": "https://example.org/"},
           "work": [{"name": "Acme Corp", "position": "Engineer", "startDate": "2019-03", "endDate": word}]}
    summary = {"role-title": "Engineer", "start-date": _orcid_parts("2019-03"), "end-date": None,
               "organization": {"name": "Acme Corp"}}  # ORCID writes an open end as no end
    record = {"activities-summary": {"employments": {"affiliation-group": [
        {"summaries": [{"employment-summary": summary}]}]}}}
    ends = [_load(imp)["employment"][0].get("end") for imp in (
        rendercv.convert(text, "cv.yaml"), jsonresume.convert(json.dumps(doc), "resume.json"),
        orcid.convert(json.dumps(record), "orcid.json", me=OWNER))]
    assert ends == ["present"] * 3


# ----------------------------------------------------------------------------- organisations

def _org_kinds(name: str) -> dict[str, str | None]:
    cv = (f"cv:\n  name: {OWNER}\n  sections:\n    experience:\n      - company: {json.dumps(name)}\n"
          "        position: Engineer\n        start_date: 2019-03\n")
    resume = {"basics": {"name": OWNER, "url": "https://example.org/"},
              "work": [{"name": name, "position": "Engineer", "startDate": "2019-03"}]}
    summary = {"role-title": "Engineer", "start-date": _orcid_parts("2019-03"),
               "organization": {"name": name}}
    record = {"person": {"name": {"given-names": {"value": "Sunwoo"}, "family-name": {"value": "Lee"}}},
              "activities-summary": {"employments": {"affiliation-group": [
                  {"summaries": [{"employment-summary": summary}]}]}}}
    bib = f"@book{{b, author={{Lee, Sunwoo}}, title={{T}}, publisher={{{name}}}, year=2020}}"
    imports = {"rendercv": rendercv.convert(cv, "cv.yaml"),
               "jsonresume": jsonresume.convert(json.dumps(resume), "resume.json"),
               "orcid": orcid.convert(json.dumps(record), "orcid.json"),
               "bibtex": bibtex.convert(bib, "b.bib")}
    out = {}
    for fmt, imported in imports.items():
        orgs = [o for o in _load(imported)["organizations"] if o["name"] == name]
        assert len(orgs) == 1, fmt
        out[fmt] = orgs[0].get("kind")
    return out


ORGANISATIONS = [
    ("ETH Zürich", "university"),
    ("Max Planck Institute for Informatics", "research"),
    ("National Science Foundation", "government"),
    ("Seoul National University", "university"),
    ("Universität Wien", "university"),
    ("KAIST", "university"),
    ("Argonne National Laboratory", "research"),
    ("RIKEN Center for Computational Science", "research"),
    ("Ministry of Education", "government"),
    ("Siemens AG", "company"),
    ("Acme Ltd.", "company"),
    ("MIT Press", "company"),
    ("Wikimedia", "organization"),  # no sign of a kind: the format's default
]


@pytest.mark.parametrize(("name", "kind"), ORGANISATIONS)
def test_organisation_kinds_agree(name: str, kind: str) -> None:
    assert _org_kinds(name) == dict.fromkeys(("rendercv", "jsonresume", "orcid", "bibtex"), kind)
