"""The BibTeX importer (cvgraph.importers.bibtex): exact records for the hard cases in
tests/data/import/bibtex/nasty.bib, the dblp and Google Scholar exports, and conformance of every
fixture's import (loaded by cvgraph.records, validated against shapes/core.ttl)."""
from __future__ import annotations

import pytest
import yaml
from support.paths import TESTS

import cvgraph.api
import cvgraph.records.loader
from cvgraph.errors import ImportError_
from cvgraph.importers.bibtex import convert
from cvgraph.importers.text.names import compatible, fold

DATA = TESTS / "data" / "import" / "bibtex"
FIXTURES = ["dblp.bib", "scholar.bib", "nasty.bib"]


def text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def line_of(name: str, needle: str, occurrence: int = 1) -> int:
    """1-based number of the line holding ``needle`` (its n-th occurrence)."""
    hits = [i for i, line in enumerate(text(name).splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


@pytest.fixture(scope="module")
def nasty():
    return convert(text("nasty.bib"), "nasty.bib", me="Sunwoo Lee")


def pubs(imp) -> dict[str, dict]:
    return {p["id"]: p for p in imp.data["publications"]}


def warnings(imp) -> list[str]:
    return [str(w) for w in imp.warnings]


# ----------------------------------------------------------------------------- conformance

@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_imports_conform(name):
    imp = convert(text(name), name, me="Sunwoo Lee")
    dumped = yaml.safe_dump(imp.data, sort_keys=False, allow_unicode=True)
    cv = cvgraph.records.loader.loads(dumped, "x.yaml", base="https://example.org/cv")
    report = cvgraph.api.validate(cv)
    assert report.conforms, report.text()


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_imports_conform_without_me(name):
    imp = convert(text(name), name)
    cv = cvgraph.records.loader.loads(yaml.safe_dump(imp.data, sort_keys=False, allow_unicode=True), "x.yaml",
                               base="https://example.org/cv")
    assert cvgraph.api.validate(cv).conforms
    assert imp.data["person"]["name"] == "Sunwoo Lee"


@pytest.mark.parametrize("name", FIXTURES)
def test_written_yaml_with_comments_loads(name):
    from cvgraph.importers.yamlout import to_yaml

    imp = convert(text(name), name, me="Sunwoo Lee")
    cv = cvgraph.records.loader.loads(to_yaml(imp), "x.yaml", base="https://example.org/cv")
    assert len(cv.publications) == len(imp.data["publications"])


# ----------------------------------------------------------------------------- nasty.bib

def test_nasty_person(nasty):
    assert nasty.data["person"] == {"name": "Sunwoo Lee", "given_name": "Sunwoo", "family_name": "Lee",
                                    "aliases": ["S. Lee"]}
    assert nasty.comments[("person", "aliases")] == (
        "every printed form of the owner's name in the entries; "
        "'S. Lee' taken as the owner; it could also be Seungwon Lee")
    assert list(nasty.data) == ["person", "organizations", "people", "venues", "publications"]


def test_nasty_organizations(nasty):
    assert nasty.data["organizations"] == [
        # kinds guessed from the name, as every importer guesses them (issue 11)
        {"id": "lawrence-berkeley-national-laboratory", "name": "Lawrence Berkeley National Laboratory",
         "kind": "research"},
        {"id": "springer", "name": "Springer"},
        {"id": "acm", "name": "ACM"},
        {"id": "mit-press", "name": "MIT Press", "kind": "company"},
        {"id": "northwestern-university", "name": "Northwestern University", "kind": "university"},
        {"id": "hanyang-university", "name": "Hanyang University", "kind": "university"},
        {"id": "ieee-computer-society", "name": "IEEE Computer Society"},
    ]


def test_nasty_people_names_split_and_decoded(nasty):
    assert nasty.data["people"] == [
        {"id": "jorg-muller", "name": "Jörg Müller"},                # M{\"u}ller, J{\"o}rg
        {"id": "ahmet-ozturk", "name": "Ahmet Öztürk"},              # \"{O}zt\"urk, Ahmet
        {"id": "cecil-novak", "name": "Čečil Novák"},                # Nov{\'a}k, {\v{C}}e{\v c}il
        {"id": "francois-gauss", "name": "François Gauß"},           # Fran\c{c}ois Gau\ss
        {"id": "anders-angstrom", "name": "Anders Ångström"},        # {\AA}ngstr{\"o}m, Anders
        {"id": "jan-van-der-berg", "name": "Jan van der Berg"},      # van der Berg, Jan
        {"id": "ludwig-van-beethoven", "name": "Ludwig van Beethoven"},
        {"id": "maria-de-la-fuente", "name": "María de la Fuente"},  # de la Fuente, Mar{\'i}a
        {"id": "martin-luther-king-jr", "name": "Martin Luther King Jr."},  # King, Jr., Martin Luther
        {"id": "tuo-zhang", "name": "Tuo Zhang"},
        {"id": "j-kim", "name": "J. Kim"},
        {"id": "ji-hoon-park", "name": "Ji-Hoon Park"},
        {"id": "alok-choudhary", "name": "Alok Choudhary", "aliases": ["A. Choudhary"]},
        {"id": "wei-liao", "name": "Wei Liao"},
        {"id": "wen-liao", "name": "Wen Liao"},
        {"id": "w-liao", "name": "W. Liao"},
        {"id": "minsoo-ryu", "name": "Minsoo Ryu"},
        {"id": "seungwon-lee", "name": "Seungwon Lee"},
        {"id": "salman-avestimehr", "name": "Salman Avestimehr"},
        {"id": "yue-niu", "name": "Yue Niu"},
    ]
    people = [p["name"] for p in nasty.data["people"]]
    assert nasty.comments[("people", people.index("Alok Choudhary"))] == (
        "'A. Choudhary' merged: the only co-author named Choudhary whose given names it can abbreviate")
    assert nasty.comments[("people", people.index("W. Liao"))] == (
        "not merged with Wei Liao or Wen Liao: its initials fit more than one co-author")


def test_nasty_venues(nasty):
    assert nasty.data["venues"] == [
        # @string tpdsj, and `ieee # " Transactions on …"` in Lee:2018/merge: one venue
        {"id": "ieee-transactions-on-parallel-and-distributed-systems",
         "name": "IEEE Transactions on Parallel and Distributed Systems", "kind": "journal"},
        # "Proceedings of the" and "(NASTY)" are ignored for deduplication, the printed name kept
        {"id": "nasty", "name": "Proceedings of the International Conference on Nasty Inputs (NASTY)",
         "short": "NASTY", "kind": "conference", "aliases": ["International Conference on Nasty Inputs"]},
        {"id": "tpds", "name": "tpds", "kind": "journal"},  # the undefined macro, kept as text
        {"id": "handbook-of-nasty-inputs", "name": "Handbook of Nasty Inputs", "kind": "book"},
        {"id": "proceedings-of-the-workshop-on-nasty-inputs", "name": "Proceedings of the Workshop on Nasty Inputs",
         "kind": "conference"},
        {"id": "proceedings-of-someone-else-s-workshop", "name": "Proceedings of Someone Else's Workshop",
         "kind": "conference"},
        {"id": "adaptive-computation", "name": "Adaptive Computation", "kind": "series"},
        {"id": "arxiv", "name": "arXiv", "kind": "repository"},
        {"id": "parallel-computing", "name": "Parallel Computing", "kind": "journal"},
        {"id": "proceedings-of-the-ieee", "name": "Proceedings of the IEEE", "kind": "journal"},
    ]


NASTY_PUBLICATIONS = {
    "accents2021": {
        "id": "accents2021", "kind": "journal",
        "title": "BERT on Småland: naïve Café Networks – a Study",
        "authors": ["Jörg Müller", "Ahmet Öztürk", "Čečil Novák", "François Gauß", "Anders Ångström", "S. Lee"],
        "venue": "ieee-transactions-on-parallel-and-distributed-systems",
        "year": "2021-01", "pages": "12-15", "doi": "10.1109/tpds.2021.abc_123"},
    "names2020": {
        "id": "names2020", "kind": "conference", "title": "Names, Particles and Suffixes",
        "authors": ["Jan van der Berg", "Ludwig van Beethoven", "María de la Fuente", "Martin Luther King Jr.",
                    "Sunwoo Lee", "Tuo Zhang"],
        "et_al": True, "venue": "nasty", "year": "2020-01", "pages": "12-15",
        "doi": "10.1145/3458817.3476180", "abstract": "We study names.", "keywords": ["names", "bibtex"],
        "notes": ["Oral presentation", "address: Seoul, Korea"]},
    "corporate2019": {
        "id": "corporate2019", "kind": "report", "title": "A Report by a Committee",
        "authors": [{"name": "IEEE Computer Society", "ref": "ieee-computer-society"}, "J. Kim", "Ji-Hoon Park",
                    "S. Lee", "Tuo Zhang"],
        "publisher": "lawrence-berkeley-national-laboratory", "year": "2019-01", "pages": "12-15", "number": "LBNL-12345"},
    "conf2019": {
        "id": "conf2019", "kind": "conference", "title": "Two Liaos",
        "authors": ["Sunwoo Lee", "Alok Choudhary", "Wei Liao", "Wen Liao"],
        "venue": "nasty", "year": "2019-05"},
    "lee2018initials": {
        "id": "lee2018initials", "kind": "journal", "title": "Initials Only",
        "authors": ["S. Lee", "A. Choudhary", "W. Liao"],
        "venue": "ieee-transactions-on-parallel-and-distributed-systems",
        "year": "2018", "volume": "29", "issue": "4", "pages": "100-110"},
    "macro2017": {
        "id": "macro2017", "kind": "journal", "title": "An Undefined Macro", "authors": ["Sunwoo Lee", "Tuo Zhang"],
        "venue": "tpds", "notes": ["year: forthcoming"]},
    "chapter2016": {
        "id": "chapter2016", "kind": "chapter", "title": "A Chapter",
        "authors": ["Sunwoo Lee", "Minsoo Ryu", "Seungwon Lee"],
        "venue": "handbook-of-nasty-inputs", "publisher": "springer", "year": "2016", "pages": "101-120",
        "notes": ["ISBN of the volume: 978-3-030-00000-0", "editors of the volume: John Smith, Jane Doe",
                  "address: Cham"]},
    "inbook2016": {
        "id": "inbook2016", "kind": "chapter", "title": "Parallel Patterns", "authors": ["Sunwoo Lee"],
        "publisher": "springer", "year": "2016", "notes": ["chapter: 3"]},
    "proc2022": {
        "id": "proc2022", "kind": "proceedings", "title": "Proceedings of the Workshop on Nasty Inputs",
        "authors": [], "editors": ["Sunwoo Lee", "Salman Avestimehr"], "publisher": "acm", "year": "2022",
        "isbn": "978-1-4503-0000-0"},
    "xref2022": {
        "id": "xref2022", "kind": "conference", "title": "A Crossref'd Paper", "authors": ["Tuo Zhang", "Sunwoo Lee"],
        "venue": "proceedings-of-the-workshop-on-nasty-inputs", "publisher": "acm", "year": "2022", "pages": "1-10",
        "notes": ["ISBN of the volume: 978-1-4503-0000-0", "editors of the volume: Sunwoo Lee, Salman Avestimehr"]},
    "child2015": {
        "id": "child2015", "kind": "conference", "title": "A Paper in Someone Else's Proceedings",
        "authors": ["Sunwoo Lee"], "venue": "proceedings-of-someone-else-s-workshop", "publisher": "acm",
        "year": "2015", "notes": ["editors of the volume: Jane Doe"]},
    "book2015": {
        "id": "book2015", "kind": "book", "title": "A Book", "authors": ["Sunwoo Lee"],
        "venue": "adaptive-computation", "publisher": "mit-press", "year": "2015", "notes": ["edition: 2nd"]},
    "phd2020": {
        "id": "phd2020", "kind": "thesis", "title": "Scalable Parallelization Strategy for Large-Scale Deep Learning",
        "authors": ["Sunwoo Lee"], "publisher": "northwestern-university", "year": "2020-06", "degree": "Ph.D."},
    "ms2009": {
        "id": "ms2009", "kind": "thesis", "title": "Extending Component-based Approaches", "authors": ["Sunwoo Lee"],
        "publisher": "hanyang-university", "year": "2009", "degree": "M.S."},
    "arxivnew": {
        "id": "arxivnew", "kind": "preprint", "title": "A New-Style Preprint", "authors": ["Yue Niu", "Sunwoo Lee"],
        "venue": "arxiv", "year": "2021", "arxiv": "2101.00001v2",
        "notes": ["primaryclass: cs.LG"]},
    "arxivold": {
        "id": "arxivold", "kind": "preprint", "title": "An Old-Style Preprint", "authors": ["Sunwoo Lee"],
        "venue": "arxiv", "year": "1999", "arxiv": "hep-th/9901001"},
    "arxivjournal": {
        "id": "arxivjournal", "kind": "preprint", "title": "A Scholar-Style Preprint", "authors": ["Sunwoo Lee"],
        "venue": "arxiv", "year": "2021", "arxiv": "2110.02470"},
    "arxivurl": {
        "id": "arxivurl", "kind": "preprint", "title": "A Preprint Known by Its Address", "authors": ["Sunwoo Lee"],
        "venue": "arxiv", "year": "2022", "url": "https://arxiv.org/abs/2203.01234", "arxiv": "2203.01234"},
    "slides2024": {
        "id": "slides2024", "kind": "other", "title": "Invited Talk Slides", "authors": ["Sunwoo Lee"],
        "year": "2024", "url": "https://example.org/slides"},
    "unpub2023": {
        "id": "unpub2023", "kind": "manuscript", "title": "Work in Progress", "authors": ["Sunwoo Lee"],
        "year": "2023", "notes": ["Under review"]},
    "unknown2024": {
        "id": "unknown2024", "kind": "other", "title": "Project Page", "authors": ["Sunwoo Lee"], "year": "2024",
        "url": "https://example.org/project"},
    "names2020-2": {
        "id": "names2020-2", "kind": "journal", "title": "A Different Paper under a Reused Key",
        "authors": ["Sunwoo Lee"], "venue": "parallel-computing", "year": "2020"},
    "last2014": {
        "id": "last2014", "kind": "journal", "title": "After the Broken Entry", "authors": ["Sunwoo Lee", "Minsoo Ryu"],
        "venue": "proceedings-of-the-ieee", "year": "2014"},
}


def test_nasty_publications_exactly(nasty):
    assert [p["id"] for p in nasty.data["publications"]] == list(NASTY_PUBLICATIONS)
    for pub in nasty.data["publications"]:
        assert pub == NASTY_PUBLICATIONS[pub["id"]], pub["id"]
        assert list(pub) == list(NASTY_PUBLICATIONS[pub["id"]]), f"{pub['id']}: keys in the format's order"


def test_nasty_warnings_name_entry_and_line(nasty):
    n = "nasty.bib"
    assert warnings(nasty) == [
        (f"nasty.bib:{line_of(n, 'doi = {10.12/bad}')}: warning: entry 'conf2019': doi '10.12/bad' is not a valid "
        "DOI (10.NNNN/…); not imported"),
        (f"nasty.bib:{line_of(n, 'journal = tpds,')}: warning: entry 'macro2017': journal = tpds is not a defined "
        "@string macro; its name is imported as the text 'tpds'"),
        (f"nasty.bib:{line_of(n, 'year = {forthcoming}')}: warning: entry 'macro2017': year 'forthcoming' is not a "
        "four-digit year; kept as a note"),
        (f"nasty.bib:{line_of(n, '@proceedings{parentonly,')}: warning: entry 'parentonly': used only as the "
        "crossref target of child2015; not imported as a publication (the CV owner is not among its authors or "
        "editors)"),
        (f"nasty.bib:{line_of(n, '@webpage{unknown2024,')}: warning: entry 'unknown2024': unknown entry type "
        "@webpage; imported as kind 'other'"),
        (f"nasty.bib:{line_of(n, '@article{names2020,')}: warning: entry 'names2020': duplicate key (first used at "
        f"line {line_of(n, '@inproceedings{names2020,')}); imported as 'names2020-2'"),
        (f"nasty.bib:{line_of(n, '@misc{broken,')}: warning: could not parse this block, skipped: Unexpected block "
        "start: `@article`. Was still looking for field-value closing `}`"),
    ]


def test_nasty_comments_record_judgement_calls(nasty):
    i = {p["id"]: k for k, p in enumerate(nasty.data["publications"])}
    c = nasty.comments
    # equal-contribution and "me" markers are stripped, saying what was printed
    assert c[("publications", i["accents2021"], "authors", 5)] == r"printed \textbf{Lee, S.}: bold removed"
    assert c[("publications", i["conf2019"], "authors", 0)] == r"printed \underline{Lee, Sunwoo}: underline removed"
    assert c[("publications", i["last2014"], "authors", 0)] == r"printed {\bf Lee, Sunwoo}: bold removed"
    assert c[("publications", i["names2020"], "authors", 4)] == r"printed Lee, Sunwoo$^*$: marker $^*$ removed"
    assert c[("publications", i["names2020"], "authors", 5)] == (
        r"printed Zhang, Tuo\textsuperscript{*}: marker \textsuperscript{*} removed")
    assert c[("publications", i["corporate2019"], "authors", 1)] == r"printed Kim, J.\dag{}: marker \dag{} removed"
    assert c[("publications", i["corporate2019"], "authors", 2)] == "printed Park, Ji-Hoon‡: marker ‡ removed"
    assert c[("publications", i["chapter2016"], "authors", 1)] == "printed Ryu, Minsoo†: marker † removed"
    assert c[("publications", i["macro2017"], "authors", 1)] == "printed Zhang, Tuo*: marker * removed"
    assert c[("publications", i["corporate2019"], "authors", 0)] == (
        "in double braces: a corporate author (organization)")
    assert c[("publications", i["names2020"], "et_al")] == 'the printed list ends with "and others"'
    assert c[("publications", i["accents2021"], "doi")] == (
        "DOI normalised: LaTeX escapes removed, prefix 'https://doi.org/' removed")
    assert c[("publications", i["names2020"], "doi")] == "DOI normalised: prefix 'doi:' removed"
    assert c[("publications", i["lee2018initials"], "id")] == (
        "the BibTeX key Lee:2018/merge is not a valid id; made from the first author, year and title")
    assert c[("publications", i["macro2017"], "venue")] == "the name of an undefined @string macro"
    assert c[("publications", i["xref2022"])] == (
        "editor, booktitle (its title), publisher, year, isbn inherited from crossref proc2022")
    assert c[("publications", i["ms2009"], "degree")] == (
        "@mastersthesis does not say which master's degree: M.S. assumed")
    assert c[("publications", i["arxivjournal"], "venue")] == (
        "printed 'arXiv preprint arXiv:2110.02470': the arXiv repository")
    assert c[("publications", i["arxivurl"], "kind")] == "@misc with an arXiv id (from its url): a preprint"
    assert c[("publications", i["unknown2024"], "kind")] == "unknown entry type @webpage"
    assert c[("venues", 1)] == ('printed names that differ only in "Proceedings of the", years, ordinals, '
                                "parentheses, case or punctuation are one venue")
    # every comment is about a place that exists in the data
    for path in c:
        node = nasty.data
        for step in path:
            node = node[step]


# ----------------------------------------------------------------------------- the owner

def test_owner_by_name_variants_accents_insensitive():
    imp = convert(text("nasty.bib"), "nasty.bib", me="Jorg Muller")
    assert imp.data["person"] == {"name": "Jorg Muller", "given_name": "Jorg", "family_name": "Muller",
                                  "aliases": ["Jörg Müller"]}
    assert "jorg-muller" not in [p["id"] for p in imp.data["people"]]
    assert "sunwoo-lee" in [p["id"] for p in imp.data["people"]]


def test_owner_given_last_name_first():
    imp = convert(text("scholar.bib"), "scholar.bib", me="Lee, Sunwoo")
    assert imp.data["person"]["name"] == "Sunwoo Lee"
    assert imp.comments[("person", "name")] == "--me 'Lee, Sunwoo' written first name first"


def test_owner_without_me_is_the_most_frequent_author():
    imp = convert(text("scholar.bib"), "scholar.bib")
    assert imp.data["person"] == {"name": "Sunwoo Lee", "given_name": "Sunwoo", "family_name": "Lee"}
    assert imp.comments[("person", "name")] == (
        "no --me given: the most frequent author (in 7 of 7 entries) is taken to be the CV owner")


def test_owner_not_found_is_a_warning():
    imp = convert(text("scholar.bib"), "scholar.bib", me="Ada Lovelace")
    assert imp.data["person"]["name"] == "Ada Lovelace"
    assert warnings(imp) == [
        "scholar.bib: warning: the CV owner 'Ada Lovelace' is not among the authors or editors of any entry"]
    assert any(p["name"] == "Sunwoo Lee" for p in imp.data["people"])


WOS = """@article{ WOS:000123456700001,
Author = {Lee, S. and Kang, Qiao and Liao, Wei-keng},
Title = {{Communication-Efficient} Local SGD},
Journal = {{IEEE} Trans},
Year = {{2020}},
Month = {DEC},
DOI = {10.1109/X.1},
ORCID-Numbers = {Lee, Sunwoo/0000-0002-1825-0097
   Liao, Wei-keng/0000-0001-5109-3700; Kang, Qiao/0000-0001-5109-3701},
Unique-ID = {WOS:000123456700001},
}
"""


def test_owner_by_orcid_from_web_of_science_orcid_numbers():
    imp = convert(WOS, "wos.bib", me="https://orcid.org/0000-0002-1825-0097")
    assert imp.data["person"] == {"name": "Sunwoo Lee", "given_name": "Sunwoo", "family_name": "Lee",
                                  "aliases": ["S. Lee"], "orcid": "0000-0002-1825-0097"}
    assert imp.data["people"] == [{"id": "qiao-kang", "name": "Qiao Kang"},
                                  {"id": "wei-keng-liao", "name": "Wei-keng Liao", "orcid": "0000-0001-5109-3700"}]
    pub = imp.data["publications"][0]
    assert pub["year"] == "2020-12" and pub["doi"] == "10.1109/x.1" and pub["title"] == "Communication-Efficient Local SGD"
    assert pub["identifiers"] == ["wos:000123456700001"]
    assert warnings(imp) == [("wos.bib:8: warning: entry 'WOS:000123456700001': ORCID-Numbers: '0000-0001-5109-3701' "
                             "(Kang, Qiao) is not a valid ORCID iD; not imported")]


def test_owner_orcid_absent_falls_back_to_most_frequent_author():
    imp = convert(text("scholar.bib"), "scholar.bib", me="0000-0002-1825-0097")
    assert imp.data["person"]["name"] == "Sunwoo Lee"
    assert imp.data["person"]["orcid"] == "0000-0002-1825-0097"
    assert "scholar.bib: warning: ORCID iD 0000-0002-1825-0097 is not in any entry's ORCID-Numbers; the CV " \
        "owner is taken to be the most frequent author" in warnings(imp)


# ----------------------------------------------------------------------------- dblp and Google Scholar

def test_dblp_export():
    imp = convert(text("dblp.bib"), "dblp.bib", me="Sunwoo Lee")
    p = pubs(imp)
    assert list(p) == ["lee2020communication", "kang2020improving", "lee2023layer", "lee2022case",
                       "niu2023overcoming", "he2021ssfl"]
    assert p["lee2020communication"] == {
        "id": "lee2020communication", "kind": "conference",
        "title": "Communication-Efficient Local SGD for Scalable Deep Learning",
        "authors": ["Sunwoo Lee", "Qiao Kang", "Ankit Agrawal", "Alok N. Choudhary", "Wei-keng Liao"],
        "venue": "big-data", "publisher": "ieee", "year": "2020", "pages": "718-727",
        "doi": "10.1109/bigdata50022.2020.9378178",
        "identifiers": ["dblp:conf/bigdata/LeeKACL20"],
        "notes": ["editors of the volume: Xintao Wu, Chris Jermaine, Li Xiong"]}
    # CoRR: an arXiv preprint, its "abs/…" volume dropped
    assert p["he2021ssfl"] == {
        "id": "he2021ssfl", "kind": "preprint",
        "title": "SSFL: Tackling Label Deficiency in Federated Learning via Personalized Self-Supervision",
        "authors": ["Chaoyang He", "Zhengyu Yang", "Erum Mushtaq", "Sunwoo Lee", "Mahdi Soltanolkotabi",
                    "Salman Avestimehr"],
        "venue": "arxiv", "year": "2021", "url": "https://arxiv.org/abs/2110.02470", "arxiv": "2110.02470",
        "identifiers": ["dblp:journals/corr/abs-2110-02470"]}
    assert p["kang2020improving"]["issue"] == "11" and p["kang2020improving"]["pages"] == "2682-2695"
    venues = {v["id"]: v for v in imp.data["venues"]}
    assert venues["big-data"]["short"] == "Big Data"
    assert venues["aaai"]["short"] == "AAAI"
    assert venues["arxiv"] == {"id": "arxiv", "name": "arXiv", "kind": "repository", "aliases": ["CoRR"]}
    assert {"id": "wei-keng-liao", "name": "Wei-keng Liao"} in imp.data["people"]  # Wei{-}keng
    # dblp's bookkeeping fields are named, per entry, with the entry's line
    assert warnings(imp) == [
        f"dblp.bib:{line_of('dblp.bib', key)}: warning: entry '{key[key.index('{') + 1:-1]}': not imported: "
        "bibsource, timestamp"
        for key in ["@inproceedings{DBLP:conf/bigdata/LeeKACL20,", "@article{DBLP:journals/tpds/KangLHRACL20,",
                    "@inproceedings{DBLP:conf/aaai/LeeZA23,", "@article{DBLP:journals/pc/LeeHWSPKKRACL22,",
                    "@article{DBLP:journals/tmlr/NiuPKLA23,", "@article{DBLP:journals/corr/abs-2110-02470,"]]


def test_google_scholar_export():
    imp = convert(text("scholar.bib"), "scholar.bib", me="Sunwoo Lee")
    p = pubs(imp)
    assert p["lee2020communication"] == {
        "id": "lee2020communication", "kind": "conference",
        "title": "Communication-efficient local SGD for scalable deep learning",
        "authors": ["Sunwoo Lee", "Qiao Kang", "Ankit Agrawal", "Alok Choudhary", "Wei-keng Liao"],
        "venue": "big-data", "publisher": "ieee", "year": "2020", "pages": "718-727"}
    assert p["he2021ssfl"]["kind"] == "preprint" and p["he2021ssfl"]["arxiv"] == "2110.02470"
    assert p["lee2020scalable"] == {
        "id": "lee2020scalable", "kind": "thesis",
        "title": "Scalable Parallelization Strategy for Large-Scale Deep Learning", "authors": ["Sunwoo Lee"],
        "publisher": "northwestern-university", "year": "2020", "degree": "Ph.D."}
    # the 2020 and 2021 editions of Big Data are one venue
    assert imp.data["venues"][0] == {
        "id": "big-data", "name": "2020 IEEE International Conference on Big Data (Big Data)", "short": "Big Data",
        "kind": "conference", "aliases": ["2021 IEEE International Conference on Big Data (Big Data)"]}
    assert p["hou2021supporting"]["venue"] == "big-data"
    i = list(p).index("lee2020communication")
    assert imp.comments[("publications", i, "publisher")] == (
        "organization = {IEEE} (the proceedings' sponsor) taken as publisher")
    # "Lee, Hyungwoo" is another Lee, not the owner
    assert {"id": "hyungwoo-lee", "name": "Hyungwoo Lee"} in imp.data["people"]
    assert "aliases" not in imp.data["person"]
    assert warnings(imp) == []


# ----------------------------------------------------------------------------- details

@pytest.mark.parametrize("month, expected", [("jan", "2020-01"), ("January", "2020-01"), ("{1}", "2020-01"),
                                             ('"May"', "2020-05"), ("{dec}", "2020-12"), ("12", "2020-12")])
def test_months(month, expected):
    imp = convert(f"@misc{{m, author={{Lee, Sunwoo}}, title={{T}}, year=2020, month={month}}}", "m.bib",
                  me="Sunwoo Lee")
    assert imp.data["publications"][0]["year"] == expected
    assert warnings(imp) == []


def test_bad_month_keeps_the_year():
    imp = convert("@misc{m, author={Lee, Sunwoo}, title={T}, year=2020,\n  month={Spring}}", "m.bib")
    assert imp.data["publications"][0]["year"] == "2020"
    assert warnings(imp) == ["m.bib:2: warning: entry 'm': month 'Spring' is not a month; only the year is imported"]


@pytest.mark.parametrize("pages", ["12--15", "12-15", "12 – 15", "12 -- 15", "12{--}15", "pp. 12-15", "12—15"])
def test_page_ranges(pages):
    imp = convert(f"@article{{p, author={{Lee, S.}}, title={{T}}, journal={{J}}, year=2020, pages={{{pages}}}}}",
                  "p.bib")
    assert imp.data["publications"][0]["pages"] == "12-15"


@pytest.mark.parametrize("doi, expected", [
    ("10.1145/ABC.123", "10.1145/abc.123"),
    ("https://doi.org/10.1145/ABC.123", "10.1145/abc.123"),
    ("http://dx.doi.org/10.1145/abc.123", "10.1145/abc.123"),
    ("doi:10.1145/abc.123", "10.1145/abc.123"),
    (r"10.1145/abc\_123", "10.1145/abc_123"),
    ("https://doi.org/10.1002%2Fabc.1", "10.1002/abc.1"),
])
def test_dois_normalised(doi, expected):
    imp = convert(f"@article{{d, author={{Lee, S.}}, title={{T}}, journal={{J}}, year=2020, doi={{{doi}}}}}", "d.bib")
    assert imp.data["publications"][0]["doi"] == expected


def test_invalid_doi_is_named_and_dropped():
    imp = convert("@article{d, author={Lee, S.}, title={T}, journal={J}, year=2020,\n doi={https://doi.org/11.1/x}}",
                  "d.bib")
    assert "doi" not in imp.data["publications"][0]
    assert warnings(imp) == [("d.bib:2: warning: entry 'd': doi 'https://doi.org/11.1/x' is not a valid DOI "
                             "(10.NNNN/…); not imported")]


def test_string_concatenation_and_undefined_part():
    bib = '@string{ieee = {IEEE}}\n@article{c, author={Lee, S.}, title={T}, year=2020,\n' \
          '  journal = ieee # " Trans. on " # nosuch}\n'
    imp = convert(bib, "c.bib")
    assert imp.data["venues"][0]["name"] == "IEEE Trans. on nosuch"
    assert warnings(imp) == [("c.bib:3: warning: entry 'c': journal: nosuch is not a defined @string macro; "
                             "its name is kept as text")]


def test_math_and_protected_capitals_in_titles():
    imp = convert(r"@article{t, author={Lee, S.}, title={{FedML} with $\alpha$-{Fair} {\"U}ber~Loss}, "
                  r"journal={J}, year=2020}", "t.bib")
    assert imp.data["publications"][0]["title"] == "FedML with α-Fair Über Loss"
    assert imp.comments[("publications", 0, "title")].startswith("math decoded to plain text")


def test_entry_without_title_or_authors_is_a_warning_not_an_error():
    imp = convert("@article{a, author={Lee, S.}, title={Kept}, year=2020, journal={J}}\n"
                  "@article{b, author={Lee, S.}, year=2020}\n@misc{c, title={No one}}\n", "x.bib")
    assert [p["id"] for p in imp.data["publications"]] == ["a"]
    assert warnings(imp) == ["x.bib:2: warning: entry 'b': has no title; not imported",
                             "x.bib:3: warning: entry 'c': has no author or editor; not imported"]


def test_not_bibtex_raises():
    with pytest.raises(ImportError_, match=r"^cv\.json: not a BibTeX file"):
        convert('{"basics": {"name": "Ada"}}', "cv.json")
    with pytest.raises(ImportError_, match=r"^x\.bib: no BibTeX entry could be read"):
        convert("@article{broken, title = {never closed\n", "x.bib")


def test_given_name_compatibility():
    assert compatible(["s"], ["sunwoo"])
    assert compatible(["a"], ["alok", "n"])            # a middle name left out
    assert compatible(["sunwoo", "j"], ["sunwoo"])
    assert not compatible(["s", "w"], ["sunwoo"])      # two initials are not one given name
    assert not compatible(["seungwon"], ["sunwoo"])
    assert fold("Ångström Øre Łódź") == "angstrom ore lodz"


def test_others_is_a_flag_not_a_person():
    imp = convert("@article{o, author={Lee, Sunwoo and Kang, Qiao and others}, title={T}, journal={J}, year=2020}",
                  "o.bib", me="Sunwoo Lee")
    pub = imp.data["publications"][0]
    assert pub["authors"] == ["Sunwoo Lee", "Qiao Kang"] and pub["et_al"] is True
    assert [p["name"] for p in imp.data["people"]] == ["Qiao Kang"]


def test_dblp_homonyms_stay_apart():
    bib = ("@article{h1, author={Sunwoo Lee and Wei Liao 0001 and Wei Liao 0002}, title={T}, journal={J}, year=2020}\n"
           "@article{h2, author={Sunwoo Lee and Wei Liao 0001}, title={U}, journal={J}, year=2021}\n")
    imp = convert(bib, "h.bib", me="Sunwoo Lee")
    assert imp.data["people"] == [{"id": "wei-liao-0001", "name": "Wei Liao"},
                                  {"id": "wei-liao-0002", "name": "Wei Liao"}]
    assert [p["authors"] for p in imp.data["publications"]] == [
        ["Sunwoo Lee", {"name": "Wei Liao", "ref": "wei-liao-0001"}, {"name": "Wei Liao", "ref": "wei-liao-0002"}],
        ["Sunwoo Lee", {"name": "Wei Liao", "ref": "wei-liao-0001"}]]
    cv = cvgraph.records.loader.loads(yaml.safe_dump(imp.data, sort_keys=False, allow_unicode=True), "x.yaml",
                               base="https://example.org/cv")
    assert cvgraph.api.validate(cv).conforms


def test_biblatex_and_odd_entries():
    bib = r"""@thesis{t1, author={Lee, Sunwoo}, title={Doc}, type={phdthesis}, institution={Northwestern University},
  date={2020-06-15}}
@phdthesis{t2, author={{{The Committee}}}, title={Not a Person's}, school={X University}, year=2020}
@proceedings{p1, editor={{{IEEE}} and Lee, Sunwoo and others}, title={Proc}, year=2020}
@article{a1, author={Lee, Sunwoo}, title={A}, journal={J}, year=2020, issn={1234-5678}, pmid={123},
  eprint={10.1/2}, eprinttype={hdl}, crossref={nosuch}}
@online{o1, author={Lee, Sunwoo}, title={O}, eprint={2101.00001}, eprinttype={arxiv}, date={2021}}
@misc{m1, author={Lee, Sunwoo and ~}, title={M}, year=2021}
@article{d1, author={Lee, Sunwoo}, title={D}, title={D2}, journal={J}, year=2020}
"""
    imp = convert(bib, "x.bib", me="Sunwoo Lee")
    assert imp.data["publications"] == [
        {"id": "t1", "kind": "thesis", "title": "Doc", "authors": ["Sunwoo Lee"],
         "publisher": "northwestern-university", "year": "2020-06-15", "degree": "Ph.D."},
        {"id": "t2", "kind": "other", "title": "Not a Person's",
         "authors": [{"name": "The Committee", "ref": "the-committee"}], "publisher": "x-university", "year": "2020"},
        {"id": "p1", "kind": "proceedings", "title": "Proc", "authors": [], "editors": ["Sunwoo Lee"], "year": "2020", "notes": ["edited by IEEE", 'the editor list ends with "and others"']},
        {"id": "a1", "kind": "journal", "title": "A", "authors": ["Sunwoo Lee"], "venue": "j", "year": "2020",
         "identifiers": ["pmid:123", "hdl:10.1/2"]},
        {"id": "o1", "kind": "preprint", "title": "O", "authors": ["Sunwoo Lee"], "venue": "arxiv", "year": "2021",
         "arxiv": "2101.00001"},
        {"id": "m1", "kind": "other", "title": "M", "authors": ["Sunwoo Lee"], "year": "2021"},
        {"id": "d1", "kind": "journal", "title": "D", "authors": ["Sunwoo Lee"], "venue": "j", "year": "2020"},
    ]
    assert imp.data["venues"][0] == {"id": "j", "name": "J", "kind": "journal", "issn": "1234-5678"}
    assert warnings(imp) == [
        ("x.bib:3: warning: entry 't2': a thesis is written by a person, and this one's author list is not; "
        "imported as kind 'other'"),
        "x.bib:3: warning: entry 't2': the CV owner (Sunwoo Lee) is not among its authors or editors",
        "x.bib:6: warning: entry 'a1': crossref 'nosuch' names no entry in this file; nothing inherited",
        "x.bib:8: warning: entry 'm1': author: the name '~' is empty once decoded; skipped",
        "x.bib:9: warning: entry 'd1': field(s) title given more than once; the first value is imported",
    ]
    cv = cvgraph.records.loader.loads(yaml.safe_dump(imp.data, sort_keys=False, allow_unicode=True), "x.yaml",
                               base="https://example.org/cv")
    assert cvgraph.api.validate(cv).conforms


def test_bibtexparser_logs_nothing_to_stderr(capsys):
    convert("@misc{broken, title = {never closed\n@article{ok, author={Lee, S.}, title={T}, journal={J}, year=2020}",
            "x.bib")
    assert capsys.readouterr().err == ""
