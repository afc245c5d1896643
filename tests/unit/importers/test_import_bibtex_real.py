"""The BibTeX importer on real academics' files (issue 14): a NASA ADS export (AAS journal
macros, article numbers, ADS keywords and links) and an al-folio site's papers.bib (abbr,
selected, link fields, award), both trimmed copies of public files (sources in their headers)."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from cvgraph.importers.base import Imported
from cvgraph.importers.bibtex import convert
from cvgraph.importers.text.names import split_name

DATA = Path(__file__).resolve().parents[2] / "data" / "import" / "bibtex"


def load(name: str, me: str, link_base: str | None = None) -> Imported:
    return convert((DATA / name).read_text(encoding="utf-8"), name, me=me, link_base=link_base)


def line_of(name: str, text: str) -> int:
    return next(i for i, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


@pytest.fixture(scope="module")
def ads() -> Imported:
    return load("ads.bib", "Micaela B. Bagley")


def pubs(imp: Imported) -> dict[str, dict]:
    return {p["id"]: p for p in imp.data["publications"]}


def test_ads_every_entry_imported_with_its_journal(ads):
    venues = {v["id"]: v for v in ads.data["venues"]}
    assert {p["id"]: p["venue"] for p in ads.data["publications"]} == {
        "2023ApJ...947...20V": "apj", "2024ApJ...965L...6B": "apjl", "2023ApJ...946L..12B": "apjl",
        "2023arXiv230602465E": "arxiv", "2014MNRAS.440..387K": "mnras", "vogl2019spectral": "aap",
        "2025MNRAS.999..947B": "mnras"}
    assert venues["apj"] == {"id": "apj", "name": "The Astrophysical Journal", "short": "ApJ", "kind": "journal",
                             "issn": "0004-637X"}
    assert venues["mnras"]["name"] == "Monthly Notices of the Royal Astronomical Society"
    assert venues["mnras"]["short"] == "MNRAS"
    assert venues["apjl"]["name"] == "The Astrophysical Journal Letters" and "issn" not in venues["apjl"]


def test_ads_article_numbers_are_not_pages(ads):
    p = pubs(ads)
    assert [(p[k].get("article"), p[k].get("pages")) for k in p] == [
        ("20", None), ("L6", None), ("L12", None), (None, None), (None, "387-404"), ("A29", None), ("stag947", None)]
    assert pubs(ads)["2023arXiv230602465E"]["arxiv"] == "2306.02465"


def test_ads_keywords_links_and_uat_numbers(ads):
    p = pubs(ads)["2024ApJ...965L...6B"]
    assert p["keywords"] == ["Early universe", "Galaxy formation", "Galaxy evolution", "Galaxy chemical evolution",
                             "Astrophysics - Astrophysics of Galaxies"]
    assert p["links"] == {"ads": "https://ui.adsabs.harvard.edu/abs/2024ApJ...965L...6B"}
    assert "Unified Astronomy Thesaurus concept ids (ADS keywords): 435, 595, 594, 580" in p["notes"]
    assert p["arxiv"] == "2302.05466"


def test_ads_citation_key_is_the_id_only(ads):
    for p in ads.data["publications"]:
        assert not any(i.startswith("bibtex:") for i in p.get("identifiers", [])), p["id"]


def test_raw_ampersand_percent_and_symbol_macros_are_kept(ads):
    p = pubs(ads)["2025MNRAS.999..947B"]
    assert p["title"] == "A 50% faster census of 10^9 M☉ galaxies within 5″ \\mystery of Texas A&M"
    assert ads.data["organizations"][0]["name"] == "Texas A&M University Press"


def test_unknown_macro_and_ads_attribution_are_warnings(ads):
    messages = [f"{w.where}: {w.message}" for w in ads.warnings]
    line = line_of("ads.bib", "mystery{}")
    assert (f"ads.bib:{line}: entry '2025MNRAS.999..947B': title: "
            "unknown LaTeX macro \\mystery, kept as the text \"\\mystery\"") in messages
    assert ("ads.bib: adsnote = {Provided by the SAO/NASA Astrophysics Data System} (ADS's attribution) in 7 "
            "entries: not imported") in messages
    assert ads.comments[("publications", 5, "id")] == ("the BibTeX key 2019A&A...621A..29V is not a valid id; made "
                                                        "from the first author, year and title")


def test_suffix_in_the_first_part_is_a_suffix(ads):
    """"Adams, Richard Manly Jr." and BibTeX's "Adams, Jr., Richard Manly" are one name."""
    assert pubs(ads)["2025MNRAS.999..947B"]["authors"][1:] == ["Richard Manly Adams Jr.", "Richard Manly Adams Jr."]
    assert split_name("Adams, Jr., Richard Manly") == split_name("Adams, Richard Manly Jr.")
    assert split_name("Adams, Jr., Richard Manly").family == "Adams"


def test_suffix_without_comma_is_not_the_family_name():
    text = "@article{a, author = {Richard Manly Adams Jr.}, title = {T}, journal = {J}, year = 2020}"
    imp = convert(text, "x.bib", me="Richard Manly Adams")
    assert imp.data["person"]["family_name"] == "Adams"
    assert imp.data["publications"][0]["authors"] == ["Richard Manly Adams Jr."]


def test_alfolio_fields():
    imp = load("alfolio.bib", "Chenxi Qiu", link_base="https://example.github.io/assets/pdf/")
    p = pubs(imp)
    assert len(p) == 5
    tmc = p["TMC2020"]
    assert tmc["selected"] is True
    assert tmc["links"] == {"pdf": "https://example.github.io/assets/pdf/TMC2020.pdf",
                            "html": "https://ieeexplore.ieee.org/abstract/document/9259240",
                            "code": "https://github.com/example/vlp",
                            "supplement": "https://example.github.io/assets/pdf/TMC2020_supp.pdf"}
    assert imp.data["awards"] == [{"name": "Featured", "year": "2020", "work": "TMC2020",
                                   "notes": ["Selected as a featured article of the issue"]}]
    assert {v["id"]: v.get("short") for v in imp.data["venues"]}["tmc"] == "TMC"
    assert p["CIKM2020"]["keywords"] == ["location privacy", "spatial crowdsourcing", "geo-obfuscation"]
    assert "&" in imp.data["venues"][3]["name"]
    assert p["Sensor2021"]["identifiers"] == ["pmid:33561972"]
    assert "selected" not in p["CIKM2020"]
    messages = [w.message for w in imp.warnings]
    assert "entry 'TMC2020': not imported: bibtex_show, preview, selected1" in messages


def test_alfolio_relative_pdf_without_base_is_a_warning():
    imp = load("alfolio.bib", "Chenxi Qiu")
    assert "links" not in pubs(imp)["TMC2020"] or "pdf" not in pubs(imp)["TMC2020"]["links"]
    assert any(w.where == f"alfolio.bib:{line_of('alfolio.bib', 'pdf={TMC2020.pdf}')}"
               and "pdf = {TMC2020.pdf} is a file name, not a URL" in w.message for w in imp.warnings)


def test_hugoblox_cite_bib_files():
    imp = load("hugoblox.bib", "Lin Chen")
    p = pubs(imp)
    assert len(p) == 6
    assert p["example2"]["authors"] == ["Tod A Pascal", "Craig P Schwartz", "Keith V Lawler", "David Prendergast"]
    assert any(w.where == "hugoblox.bib:9" and 'author: the names are separated by commas, not "and"; read as 4 '
               "names" in w.message for w in imp.warnings)
    sir = next(x for x in p.values() if x.get("doi") == "10.1145/3178876.3186108")
    assert sir["pages"] == "419-428" and "identifiers" not in sir
    assert sir["keywords"][0] == "temporal point processes"
    assert {v["name"] for v in imp.data["venues"]} >= {
        "International Conference on Computational & Experimental Engineering and Sciences",
        "Computer Modeling in Engineering & Sciences (CMES)"}


def test_one_bibtex_name_with_two_commas_is_not_a_comma_list():
    text = "@article{a, author = {Adams, Jr., Richard Manly}, title = {T}, journal = {J}, year = 2020}"
    imp = convert(text, "x.bib")
    assert imp.data["publications"][0]["authors"] == ["Richard Manly Adams Jr."]
    assert imp.warnings == []


# ----------------------------------------------------------------------------- lose nothing

ALL = ["ads.bib", "alfolio.bib", "hugoblox.bib", "dblp.bib", "scholar.bib", "nasty.bib"]
#: fields whose words are mapped to something else: dates, the crossref key, the citation key
#: and dblp's biburl (read as the dblp identifier it names)
MAPPED = {"month", "crossref", "biburl"}


def words(text: str) -> set[str]:
    """The words of a raw field value, LaTeX macros and escapes left out."""
    text = re.sub(r"\\[A-Za-z]+|\\.", " ", text)
    return {w.lower() for w in re.findall(r"[^\W_]{3,}", text)} - {"http", "https", "www"}


def everything(imp: Imported) -> str:
    """Every text the import produced: the records and the warnings (not the YAML comments, which
    may quote a raw value)."""
    return " ".join([json.dumps(imp.data, ensure_ascii=False), *(str(w) for w in imp.warnings)]).lower()


@pytest.mark.parametrize("name", ALL)
def test_every_field_value_survives_or_is_warned(name):
    """Every word of every field of every entry is in the records or in a warning naming the field
    (the ADS attribution and al-folio's display flags are named in warnings)."""
    import bibtexparser

    text = (DATA / name).read_text(encoding="utf-8")
    imp = convert(text, name, me="Sunwoo Lee")
    out = everything(imp)
    out = unicodedata.normalize("NFKD", out)
    out = "".join(c for c in out if not unicodedata.combining(c))
    lost = {}
    for entry in bibtexparser.parse_string(text).entries:
        warned = " ".join(w.message.lower() for w in imp.warnings if f"entry '{entry.key}'" in w.message)
        for f in entry.fields:
            if f.key.lower() in MAPPED or not isinstance(f.value, str) or f.key.lower() in warned:
                continue
            found = words(f.value)
            if f.key.lower() in ("author", "editor"):  # the list's separators
                found -= {"and", "others"}
            if f.key.lower() in ("journal", "howpublished") and "arxiv" in found:
                found = {"arxiv"}  # "arXiv e-prints", "arXiv preprint arXiv:…": the arXiv repository
            missing = {w for w in found if w not in out}
            if missing:
                lost[(entry.key, f.key)] = sorted(missing)
    assert lost == {}


@pytest.mark.parametrize(("name", "me"), [("ads.bib", "Micaela B. Bagley"), ("alfolio.bib", "Chenxi Qiu"),
                                          ("hugoblox.bib", "Lin Chen")])
def test_real_fixtures_validate(name, me):
    import yaml

    import cvgraph.api
    import cvgraph.records.loader
    from cvgraph.importers.yamlout import to_yaml

    imp = load(name, me, link_base="https://example.github.io/assets/pdf/")
    cv = cvgraph.records.loader.loads(to_yaml(imp), "x.yaml", base="https://example.org/cv")
    assert len(cv.publications) == len(imp.data["publications"])
    cv = cvgraph.records.loader.loads(yaml.safe_dump(imp.data, allow_unicode=True), "x.yaml",
                                      base="https://example.org/cv")
    report = cvgraph.api.validate(cv)
    assert report.conforms, report.text()


def test_raw_specials_and_a_comment_inside_an_entry():
    text = ('@article{k1,\n  author = {{AT&T Labs} and Doe, Jane},\n  title = {Quoted "50%" growth & more}, % mine\n'
            '  journal = "Proc. A&B",\n  note = {first line % still text\n  second line},\n  year = 2021,\n}\n')
    imp = convert(text, "x.bib", me="Jane Doe")
    pub = imp.data["publications"][0]
    assert pub["title"] == 'Quoted "50%" growth & more'
    assert pub["authors"][0] == {"name": "AT&T Labs", "ref": "at-t-labs"}
    assert imp.data["venues"][0]["name"] == "Proc. A&B"
    assert pub["notes"] == ["first line % still text second line"]
    assert [str(w) for w in imp.warnings] == [
        ("x.bib:4: warning: entry 'k1': '% mine' is a comment inside the entry (BibTeX has none there); not "
         "imported, field journal read")]


def test_generational_suffixes_are_different_people():
    """"Richard Manly Adams III" is not the owner "Adams, Jr., Richard Manly"; "Martin Luther King"
    without the suffix is the one "Martin Luther King Jr."."""
    text = """
@article{a1, author = {Adams, Richard Manly Jr. and King, Martin Luther}, title = {One}, journal = {J}, year = 2020}
@article{a2, author = {Adams, Jr., Richard Manly and King, Jr., Martin Luther}, title = {Two}, journal = {J}, year = 2020}
@article{a4, author = {Adams, Richard Manly III and Adams, Richard Manly}, title = {Four}, journal = {J}, year = 2020}
"""
    imp = convert(text, "x.bib", me="Adams, Jr., Richard Manly")
    assert imp.data["person"]["aliases"] == ["Richard Manly Adams"]
    assert imp.data["people"] == [{"id": "martin-luther-king-jr", "name": "Martin Luther King Jr.",
                                   "aliases": ["Martin Luther King"]},
                                  {"id": "richard-manly-adams-iii", "name": "Richard Manly Adams III"}]
