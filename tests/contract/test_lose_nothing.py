"""Lose nothing silently (issue 14 §1): on every importer, every value and every entry of the source
is in the imported records or in a warning naming its place (tests/support/losenothing.py says how
"in the records" and "naming its place" are decided).

Run on every import fixture under tests/data/import/ and on generated documents (hypothesis). A
new importer plugs in by adding its :class:`~support.losenothing.Adapter` to ``ADAPTERS``.
"""
from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.losenothing import ADAPTERS, BIBTEX, JSONRESUME, RENDERCV, check_file, losses
from support.losenothing_sites import SITE_FILES, site_losses
from support.paths import TESTS

import cvgraph.importers
from cvgraph.errors import ImportError_
from cvgraph.importers import FORMATS, OWN, detect, detect_site, import_file

IMPORTS = TESTS / "data" / "import"
SITES: tuple[str, ...] = getattr(cvgraph.importers, "SITES", ())  # formats that read a site folder (h14-kits)

def _fixtures() -> list[tuple[Path, str]]:
    """Every importable file under tests/data/import/ (a cvgraph YAML file, a README or a file that
    is only a part of a record, which ``detect`` cannot name, is not an import of its own)."""
    out = []
    for path in sorted(IMPORTS.rglob("*")):
        if path.relative_to(IMPORTS).parts[0] in SITES:
            continue  # a site folder's files are read together, by the site's adapter
        if path.is_file() and path.suffix.lower() in (".bib", ".json", ".yaml", ".yml"):
            try:
                fmt = detect(path, path.read_text(encoding="utf-8"))
            except ImportError_:
                continue
            if fmt != OWN:
                out.append((path, fmt))
    return out


def _param(path: Path, fmt: str) -> object:
    return pytest.param(path, fmt, id=path.relative_to(IMPORTS).as_posix())


@pytest.mark.parametrize(("path", "fmt"), [_param(p, f) for p, f in _fixtures()])
def test_every_fixture_loses_nothing(path: Path, fmt: str) -> None:
    assert fmt in ADAPTERS, f"no lose-nothing adapter for the {fmt} importer: add one to support/losenothing.py"
    assert check_file(ADAPTERS[fmt], path) == []


def test_every_file_importer_has_an_adapter_and_a_fixture() -> None:
    files = set(FORMATS) - set(SITES)
    assert files <= set(ADAPTERS)
    assert files <= {fmt for _, fmt in _fixtures()}


def _sites() -> list[tuple[Path, str]]:
    """Every site folder under tests/data/import/<site format>/ (a folder that is such a site)."""
    return [(folder, fmt) for fmt in SITES for folder in sorted((IMPORTS / fmt).iterdir())
            if folder.is_dir() and detect_site(folder) == fmt]


def test_every_site_importer_has_an_adapter() -> None:
    assert SITES and set(SITES) <= set(SITE_FILES)
    assert set(SITES) <= {fmt for _, fmt in _sites()}


@pytest.mark.parametrize(("site", "fmt"), [pytest.param(p, f, id=p.relative_to(IMPORTS).as_posix())
                                           for p, f in _sites()])
def test_every_site_loses_nothing(site: Path, fmt: str) -> None:
    """A site folder: every value of the files its importer reads (support/losenothing_sites.py)."""
    assert site_losses(fmt, site) == []


def test_a_site_value_only_in_a_comment_is_lost() -> None:
    """The site check counts the records and the warnings, never the YAML comments: the date that
    Hugo Blox writes for a bare year is read as the year, and says so in a warning, not a comment."""
    site = IMPORTS / "hugoblox" / "wowchemy-starter"
    imported = import_file(site)
    assert site_losses("hugoblox", site, imported) == []
    imported.comments[("publications", 0, "year")] = "date 2016-01-01 read as the year 2016"
    imported.warnings[:] = [n for n in imported.warnings if "2016-01-01" not in n.message]
    assert [line.split(": ", 1)[1] for line in site_losses("hugoblox", site, imported)] == [
        "12: value '2016-01-01' is neither in the records nor in a warning"]


# ------------------------------------------------------------------------------ the harness itself

def test_the_harness_sees_a_dropped_value_and_an_unwarned_entry() -> None:
    text = json.dumps({"basics": {"name": "Ada Lovelace"},
                       "awards": [{"title": "Royal Medal", "summary": "For the notes on the Engine"}]})
    imported = JSONRESUME.convert(text, "r.json")
    assert losses(JSONRESUME, text, "r.json", imported) == []
    imported.data["awards"][0].pop("notes")
    assert losses(JSONRESUME, text, "r.json", imported) == [
        "r.json: awards[0].summary: value 'For the notes on the Engine' is neither in the records nor in a warning"]
    imported.data.pop("awards")
    assert len(losses(JSONRESUME, text, "r.json", imported)) == 3  # title, summary and the entry
    imported.warn("r.json: awards[0]", "not imported: no date")
    assert losses(JSONRESUME, text, "r.json", imported) == []


# ------------------------------------------------------------------------------ generated inputs

WORD = st.text(alphabet=string.ascii_letters + "ÀéüøßŁ", min_size=2, max_size=10).filter(
    lambda w: w.lower() not in {"and", "at", "et", "al", "present", "now", "current"})
TEXT = st.lists(WORD, min_size=1, max_size=5).map(" ".join)
YEAR = st.integers(1950, 2030).map(str)
MONTH = st.integers(1, 12).map(lambda m: f"{m:02d}")
DATE = st.one_of(YEAR, st.builds(lambda y, m: f"{y}-{m}", YEAR, MONTH))
QUICK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _maybe(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), strategy)


def _obj(**fields: st.SearchStrategy[object]) -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries({}, optional=fields)


RESUME = st.fixed_dictionaries({
    "basics": st.fixed_dictionaries({"name": st.builds(lambda a, b: f"{a} {b}", WORD, WORD)},
                                    optional={"label": TEXT, "summary": TEXT}),
}, optional={
    "work": st.lists(_obj(name=TEXT, position=TEXT, startDate=DATE, endDate=DATE, summary=TEXT,
                          highlights=st.lists(TEXT, max_size=2), location=TEXT), max_size=3),
    "education": st.lists(_obj(institution=TEXT, studyType=TEXT, area=TEXT, startDate=DATE, score=TEXT,
                               courses=st.lists(TEXT, max_size=2)), max_size=2),
    "awards": st.lists(_obj(title=TEXT, date=DATE, awarder=TEXT, summary=TEXT), max_size=3),
    "publications": st.lists(_obj(name=TEXT, publisher=TEXT, releaseDate=DATE, summary=TEXT), max_size=3),
    "projects": st.lists(_obj(name=TEXT, description=TEXT, keywords=st.lists(TEXT, max_size=3),
                              highlights=st.lists(TEXT, max_size=2), roles=st.lists(TEXT, max_size=2),
                              entity=TEXT, type=TEXT), max_size=2),
    "skills": st.lists(_obj(name=TEXT, keywords=st.lists(TEXT, max_size=3)), max_size=2),
    "interests": st.lists(_obj(name=TEXT, keywords=st.lists(TEXT, max_size=3)), max_size=2),
    "languages": st.lists(_obj(language=TEXT, fluency=TEXT), max_size=2),
})


@QUICK
@given(RESUME)
def test_generated_json_resumes_lose_nothing(doc: dict[str, object]) -> None:
    text = json.dumps(doc, ensure_ascii=False)
    assert losses(JSONRESUME, text, "resume.json") == []


RCV_ENTRY = st.one_of(
    _obj(company=TEXT, position=TEXT, start_date=DATE, end_date=DATE, location=TEXT, summary=TEXT,
         highlights=st.lists(TEXT, max_size=2)),
    _obj(institution=TEXT, area=TEXT, degree=TEXT, start_date=DATE, end_date=DATE,
         highlights=st.lists(TEXT, max_size=2)),
    _obj(name=TEXT, date=DATE, summary=TEXT, highlights=st.lists(TEXT, max_size=2)),
    _obj(label=TEXT, details=TEXT),
    st.fixed_dictionaries({"bullet": TEXT}),
    TEXT,
)
RCV = st.fixed_dictionaries({"name": st.builds(lambda a, b: f"{a} {b}", WORD, WORD)}, optional={
    "headline": TEXT, "location": TEXT,
    "sections": st.dictionaries(st.sampled_from(["experience", "education", "awards", "talks", "skills",
                                                 "service", "projects", "misc_things"]),
                                st.lists(RCV_ENTRY, min_size=1, max_size=3), max_size=3),
})


@QUICK
@given(RCV)
def test_generated_rendercv_files_lose_nothing(cv: dict[str, object]) -> None:
    text = yaml.safe_dump({"cv": cv}, allow_unicode=True, sort_keys=False)
    assert losses(RENDERCV, text, "cv.yaml") == []


BIB_VALUE = st.one_of(TEXT, st.builds(lambda a, b: f"{a} & {b}", TEXT, TEXT),
                      st.builds(lambda a, n: f"{a} {n}% faster", TEXT, st.integers(1, 99)))


@QUICK
@given(st.lists(st.tuples(TEXT, BIB_VALUE, BIB_VALUE, YEAR), min_size=1, max_size=3))
def test_generated_bibtex_loses_nothing(entries: list[tuple[str, str, str, str]]) -> None:
    text = "\n".join(f"@book{{k{i},\n  author = {{Doe, Jane and {a}}},\n  title = {{{t}}},\n"
                     f"  publisher = {{{p}}},\n  year = {{{y}}}\n}}\n"
                     for i, (a, t, p, y) in enumerate(entries))
    assert losses(BIBTEX, text, "refs.bib") == []


@pytest.mark.parametrize("macro", ["\\mnras", "\\apj", "\\aap", "\\pasp"])
def test_bibtex_aas_journal_macros_are_kept_or_warned(macro: str) -> None:
    text = f"@article{{k,\n  author = {{Doe, Jane}},\n  title = {{A Title}},\n  journal = {{{macro}}},\n  year = 2020\n}}\n"
    assert losses(BIBTEX, text, "ads.bib") == []


# ------------------------------------------------------------------------------ entries stay one

def test_an_award_with_notes_is_one_award_in_the_graph() -> None:
    """JSON Resume's sample has one award with a summary (its note): one schema:award on the owner."""
    from rdflib import URIRef
    from rdflib.namespace import SDO

    import cvgraph
    from cvgraph.rdf.graph import to_graph

    g = to_graph(cvgraph.triples(IMPORTS / "jsonresume" / "sample.resume.json"))
    me = URIRef("http://richardhendricks.example.com#me")
    assert [str(a) for a in g.objects(me, SDO.award)] == ["Digital Compression Pioneer Award (2014)"]
    (receipt,) = g.subjects(URIRef("http://vivoweb.org/ontology/core#relates"), me)  # its note is kept, on the receipt
    assert list(g.objects(receipt, SDO.description)) and not list(g.objects(receipt, SDO.award))
