"""Every output that lists works covers every kind of work, on ``tests/data/extended.yaml``.

The record-format extension added works that are not articles (book, chapter, proceedings,
thesis, report, manuscript, other: ``schema:CreativeWork`` beside their own type, deviation 12)
and volunteer roles (``schema:memberOf`` an OrganizationRole with no venue). This file checks,
title by title, that the bundled queries, the homepage JSON-LD, the Google Scholar tags and the
site page show each new kind; that ``service`` (and the site's service section) leaves volunteer
roles out while ``career-timeline`` (and the site's Volunteering section) shows them; that rdflib
and pyoxigraph agree on every query for this CV (alone, and in a store with the sample); and that
the embedded JSON-LD holds in the graph and fits schema.org. The sample's answers are unchanged:
that is ``tests/golden/`` (test_queries.py, test_golden.py).
"""
from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

import pytest
from support.paths import TESTS
from support.vocabcheck import load_vocabularies, schema_problems, undefined_terms

import cvgraph
from cvgraph.mapping.walker import document_iri
from cvgraph.rdf.terms import Blank
from cvgraph.web.jsonld import S, Selection, profile_jsonld
from cvgraph.web.site import render
from unit.sparql.test_queries import NAMES, QUERIES, Store, comparable, rows
from unit.web.test_site import parse

EXTENDED = TESTS / "data" / "extended.yaml"
ADA = "https://example.org/~ada#me"
D = "https://example.org/~ada#"
SUNWOO = "https://sites.google.com/view/sunwoolee#me"

# the works of the extended CV, by title: one of each kind of the extension, and a journal article
BOOK, CHAPTER, PROCEEDINGS = "Sketch of the Analytical Engine", "Engines that Weave Algebraic Patterns", \
    "Proceedings of the Engine Workshop"
THESIS, REPORT, MANUSCRIPT = "On the Calculus of Functions", "Engine Reliability", "Further Notes"
OTHER, JOURNAL = "Punched Cards for the Jacquard Loom", "Mobile Engines"
IRIS = {BOOK: D + "pub-lovelace1843sketch", CHAPTER: D + "pub-lovelace1844engines",
        PROCEEDINGS: D + "pub-proc2023", THESIS: D + "pub-lovelace1840thesis", REPORT: D + "pub-report42",
        MANUSCRIPT: D + "pub-notes-draft", OTHER: D + "pub-loom-cards",
        JOURNAL: "https://doi.org/10.1000/engines.2023"}


@cache
def store(which: str) -> Store:
    return Store({"extended": EXTENDED, "with-sample": [cvgraph.sample_path(), EXTENDED]}[which])


def answer(name: str, **params: str) -> list[dict[str, str]]:
    """The rows on the extended CV (rdflib; test_engines_agree_* check pyoxigraph gives the same)."""
    return rows(store("extended").run(name, "rdflib", **params))


def variant(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The extended CV with text replaced (each ``old`` must occur once)."""
    text = EXTENDED.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def query(name: str, source: Path, **params: str) -> list[dict[str, str]]:
    answers = [cvgraph.query(name, source, params=params, engine=e) for e in ("rdflib", "oxigraph")]
    assert answers[0].to_json() == answers[1].to_json()
    return rows(answers[0])


SERVICE_TOO = ("volunteer:\n", "service:\n  - {role: Reviewer, venue: tmc, years: [2023]}\n\nvolunteer:\n")


# --- engines agree --------------------------------------------------------------------------

# a value for every parameter, chosen to select something of the extended CV
EXTENDED_VALUES = {"person": ADA, "year": "1844", "type": "book chapter", "authorship": "sole",
                   "kind": "book", "role": "Mentor", "group": "Research interests"}


@pytest.mark.parametrize("which", ["extended", "with-sample"])
@pytest.mark.parametrize("name", NAMES)
def test_engines_agree_on_the_extended_cv(name, which):
    s = store(which)
    a, b = s.run(name, "rdflib"), s.run(name, "oxigraph")
    assert comparable(a) == comparable(b)
    if a.form == "SELECT":
        assert not any(type(t) is Blank for row in a.rows for t in row)
        assert len({tuple(r) for r in a.rows}) == len(a.rows), "duplicate rows"


@pytest.mark.parametrize("name", [n for n in NAMES if QUERIES[n].params])
def test_engines_agree_on_the_extended_cv_with_each_parameter_bound(name):
    s = store("with-sample")
    params = [p.name for p in QUERIES[name].params]
    for bound in [params] + [[p] for p in params]:
        values = {p: EXTENDED_VALUES[p] for p in bound}
        a, b = s.run(name, "rdflib", **values), s.run(name, "oxigraph", **values)
        assert comparable(a) == comparable(b), values


def test_the_sample_keeps_its_answers_in_a_store_with_the_extended_cv():
    sample = Store(cvgraph.sample_path())
    for name in NAMES:
        if any(p.name == "person" for p in QUERIES[name].params):
            shared = store("with-sample").run(name, "oxigraph", person=SUNWOO)
            assert comparable(shared) == comparable(sample.run(name, "oxigraph")), name


# --- queries: every kind of work ---------------------------------------------------------------

def test_publication_list_lists_every_kind_with_its_type_authors_and_venue():
    found = {r["title"]: (r["type"], r["authors"], r["authorCount"], r.get("venueName"), r["year"])
             for r in answer("publication-list")}
    assert found == {
        JOURNAL: ("journal article", "Ada Lovelace, Mary Somerville", "2",
                  "IEEE Transactions on Mobile Computing", "2023"),
        PROCEEDINGS: ("proceedings", "Ada Lovelace, Mary Somerville (eds.)", "0",  # editors, no authors
                      "International Conference for High Performance Computing", "2023"),
        OTHER: ("other", "Ada Lovelace", "1", None, "1847"),
        REPORT: ("report", "Ada Lovelace, The Engine Consortium", "2", "University of London", "1845"),
        CHAPTER: ("book chapter", "Ada Lovelace, Charles Babbage", "2", "Handbook of Engines", "1844"),
        BOOK: ("book", "Ada Lovelace", "1", "Lecture Notes in Computer Science", "1843"),  # its series only
        THESIS: ("thesis", "Ada Lovelace", "1", "University of London", "1840"),
        MANUSCRIPT: ("manuscript", "Ada Lovelace, Charles Babbage", "2", None, "1846"),
    }
    order = [r["title"] for r in answer("publication-list")]
    assert order[-1] == MANUSCRIPT  # unpublished, like preprints, after the published works
    assert {r["work"] for r in answer("publication-list")} == set(IRIS.values())


@pytest.mark.parametrize("kind, title", [
    ("book", BOOK), ("book chapter", CHAPTER), ("proceedings", PROCEEDINGS), ("thesis", THESIS),
    ("report", REPORT), ("manuscript", MANUSCRIPT), ("other", OTHER), ("journal article", JOURNAL),
    ("preprint", None)])
def test_publication_list_type_parameter_selects_each_kind(kind, title):
    assert [r["title"] for r in answer("publication-list", type=kind)] == ([title] if title else [])


def test_publications_by_year_counts_each_kind():
    assert {(r["year"], r["type"]): r["works"] for r in answer("publications-by-year")} == {
        ("2023", "journal"): "1", ("2023", "proceedings"): "1", ("1847", "other"): "1",
        ("1846", "manuscript"): "1", ("1845", "report"): "1", ("1844", "chapter"): "1",
        ("1843", "book"): "1", ("1840", "thesis"): "1"}


def test_has_publication_in_year_sees_every_kind():
    s = store("extended")
    for year in ("1840", "1843", "1844", "1845", "1846", "1847", "2023"):  # one kind each, but 2023
        answers = {s.run("has-publication-in-year", e, year=year).boolean for e in ("rdflib", "oxigraph")}
        assert answers == {True}, year
    assert not s.run("has-publication-in-year", "rdflib", year="1841").boolean


def test_venues_of_every_kind_and_publishers_only_where_there_is_no_venue():
    assert {r["venueName"]: (r["kind"], r["works"]) for r in answer("venues")} == {
        "University of London": ("publisher", "2"),  # the thesis' school, the report's institution
        "Handbook of Engines": ("book", "1"),
        "IEEE Transactions on Mobile Computing": ("journal", "1"),
        "International Conference for High Performance Computing": ("conference", "1"),  # the proceedings'
        "Lecture Notes in Computer Science": ("series", "1"),  # the book's; Springer is not a venue too
    }
    assert [r["venueName"] for r in answer("venues", kind="book")] == ["Handbook of Engines"]


def test_coauthors_from_every_kind_of_work():
    found = {r["coauthorName"]: (r["jointWorks"], r.get("firstYear"), r.get("lastYear"))
             for r in answer("coauthors")}
    assert found == {"Charles Babbage": ("2", "1844", "1846"),  # the chapter and the manuscript
                     "Mary Somerville": ("1", "2023", "2023"),  # the article: co-editing is not co-writing
                     "The Engine Consortium": ("1", "1845", "1845")}  # the report's organisation author


def test_coauthor_network_has_people_only():
    triples = store("extended").run("coauthor-network", "oxigraph").triples
    knows = {(s.value, o.value) for s, p, o in triples if p.value.endswith("/knows")}
    assert knows == {(ADA, D + "person-babbage"), (D + "person-babbage", ADA),
                     (ADA, D + "person-somerville"), (D + "person-somerville", ADA)}
    assert not any(D + "org-consortium" in (s.value, o.value) for s, _, o in triples)


def test_collaborating_institutions_from_a_chapter_and_a_manuscript(tmp_path):
    babbage = "{id: babbage, name: Charles Babbage, aliases: [C. Babbage]"
    cv = variant(tmp_path, (babbage + "}", babbage + ", affiliation: london}"))
    found = [(r["orgName"], r["coauthors"], r["jointWorks"]) for r in query("collaborating-institutions", cv)]
    assert found == [("University of London", "1", "2")]


def test_first_last_sole_authored_over_every_kind():
    found = {(r["authorship"], r["title"]) for r in answer("first-last-sole-authored")}
    assert found == {("sole", BOOK), ("sole", THESIS), ("sole", OTHER),
                     ("first", CHAPTER), ("first", REPORT), ("first", MANUSCRIPT), ("first", JOURNAL)}


def test_an_owner_alone_before_et_al_is_first_author_not_sole(tmp_path):
    cv = variant(tmp_path, ("    url: https://example.org/~ada/cards\n",
                            "    url: https://example.org/~ada/cards\n    et_al: true\n"))
    found = {r["title"]: r["authorship"] for r in query("first-last-sole-authored", cv)}
    assert found[OTHER] == "first" and found[BOOK] == "sole"


def test_data_quality_checks_every_kind():
    found = {r["title"]: r["missing"] for r in answer("data-quality")}
    assert found == {BOOK: "DOI", CHAPTER: "DOI", PROCEEDINGS: "DOI", THESIS: "DOI", REPORT: "DOI",
                     MANUSCRIPT: "venue, DOI", OTHER: "venue, DOI"}  # the article has all three


def test_cv_owners_counts_every_work_and_no_volunteer_role_as_service():
    assert [(r["works"], r["serviceRoles"]) for r in answer("cv-owners")] == [("8", "0")]


def test_an_award_for_an_edited_volume_names_it(tmp_path):
    cv = variant(tmp_path, ("work: lovelace2023mobile}", "work: proc2023}"))
    assert [(r["award"], r.get("workTitle")) for r in query("awards", cv) if r["year"] == "2023"] == [
        ("Best Paper Award", PROCEEDINGS)]


# --- service and volunteering ---------------------------------------------------------------------

def test_service_leaves_volunteer_roles_out():
    assert answer("service") == []  # the CV's only memberOf role is volunteering
    assert answer("service", role="Mentor") == []


def test_service_and_volunteering_side_by_side(tmp_path):
    cv = variant(tmp_path, SERVICE_TOO)
    service = query("service", cv)
    assert [(r["role"], r["venueName"], r["year"], r["kind"]) for r in service] == [
        ("Reviewer", "IEEE Transactions on Mobile Computing", "2023", "journal")]
    assert [r["serviceRoles"] for r in query("cv-owners", cv)] == ["1"]
    career = query("career-timeline", cv)
    assert [(r["kind"], r["roleName"], r["orgName"]) for r in career] == [
        ("volunteer", "Mentor", "Python Software Foundation")]  # no service role here


def test_career_timeline_shows_volunteer_roles():
    found = [(r["kind"], r["roleName"], r["orgName"], r["start"], r.get("end"))
             for r in answer("career-timeline")]
    assert found == [("volunteer", "Mentor", "Python Software Foundation", "2020-01", None)]


# --- the homepage JSON-LD -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def doc() -> dict:
    return cvgraph.embed_document(EXTENDED)


def test_embed_gives_each_work_its_own_schema_org_type(doc):
    reverse = doc["mainEntity"]["@reverse"]
    works = {w["name"]: w for role in ("author", "editor") for w in reverse[role]}
    assert {name: w["@type"] for name, w in works.items()} == {
        BOOK: "Book", CHAPTER: "Chapter", PROCEEDINGS: "Book", THESIS: "Thesis", REPORT: "Report",
        MANUSCRIPT: "CreativeWork", OTHER: "CreativeWork", JOURNAL: "ScholarlyArticle"}
    assert {name: w["@id"] for name, w in works.items()} == IRIS
    # the edited volume is the owner's as its editor, with its editors in printed order and no authors
    assert [w["name"] for w in reverse["editor"]] == [PROCEEDINGS]
    proceedings = works[PROCEEDINGS]
    assert [e["name"] for e in proceedings["editor"]] == ["Ada Lovelace", "Mary Somerville"]
    assert "author" not in proceedings and proceedings["publisher"]["name"] == "IEEE"
    assert PROCEEDINGS not in [w["name"] for w in reverse["author"]]
    chapter = works[CHAPTER]
    assert chapter["isPartOf"]["@type"] == "Book" and chapter["isPartOf"]["name"] == "Handbook of Engines"
    assert chapter["isPartOf"]["publisher"]["name"] == "Springer"
    assert [a["name"] for a in chapter["author"]] == ["Ada Lovelace", "Charles Babbage"]
    assert works[BOOK]["isbn"] == "978-3-16-148410-0"
    assert works[BOOK]["isPartOf"]["@type"] == "CreativeWorkSeries"
    assert works[THESIS]["inSupportOf"] == "Ph.D."
    assert works[THESIS]["sourceOrganization"]["name"] == "University of London"
    assert works[REPORT]["author"][1] == {"@id": D + "org-consortium", "@type": "Organization",
                                          "name": "The Engine Consortium"}
    assert works[MANUSCRIPT]["creativeWorkStatus"] == "Unpublished"


def test_embed_selection_covers_every_kind():
    def names(selection: Selection) -> list[str]:
        reverse = cvgraph.embed_document(EXTENDED, selection)["mainEntity"]["@reverse"]
        return sorted(w["name"] for items in reverse.values() for w in items)

    assert names(Selection(since=1845)) == sorted([JOURNAL, PROCEEDINGS, OTHER, MANUSCRIPT, REPORT])
    assert names(Selection(max_works=2)) == sorted([JOURNAL, PROCEEDINGS])
    assert MANUSCRIPT not in names(Selection(preprints=False))  # unpublished, as preprints are


@pytest.fixture(scope="module")
def schema_context(shared_dir: Path) -> dict:
    return json.loads((shared_dir / "vocab" / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))


def test_embedded_json_ld_holds_in_the_graph_and_fits_schema_org(doc, schema_context, shared_dir):
    from rdflib import URIRef

    from unit.web.test_embed import jsonld_triples, resolve, with_types

    full = cvgraph.build(EXTENDED)
    resolved, missing = resolve(jsonld_triples(doc, schema_context), full)
    assert missing == [], "not in the graph:\n" + "\n".join(" ".join(t.n3() for t in x) for x in missing)
    g = with_types(resolved, full)
    vocab = load_vocabularies(shared_dir / "vocab")
    problems = undefined_terms(g, vocab) + schema_problems(g, vocab)
    assert problems == [], "\n".join(problems)
    editor = URIRef(S + "editor")
    assert (URIRef(IRIS[PROCEEDINGS]), editor, URIRef(ADA)) in resolved  # read back through @reverse


# --- Google Scholar tags --------------------------------------------------------------------------

def tags(work: str) -> list[tuple[str, str]]:
    text = cvgraph.api.scholar_tags(EXTENDED, work)
    lines = text.splitlines()
    meta = re.compile(r'<meta name="citation_[a-z_]+" content="[^"<>]*">')
    assert all(meta.fullmatch(line) for line in lines), text
    found = [re.match(r'<meta name="(\w+)" content="(.*)">', line) for line in lines]
    return [(m[1], html.unescape(m[2])) for m in found]


SCHOLAR = {
    "lovelace1843sketch": [("citation_title", BOOK), ("citation_author", "Ada Lovelace"),
                           ("citation_publication_date", "1843"), ("citation_publisher", "Springer"),
                           ("citation_isbn", "978-3-16-148410-0")],
    "lovelace1844engines": [("citation_title", CHAPTER), ("citation_author", "Ada Lovelace"),
                            ("citation_author", "Charles Babbage"), ("citation_publication_date", "1844/03"),
                            ("citation_book_title", "Handbook of Engines"),
                            ("citation_publisher", "Springer"),  # the book's
                            ("citation_isbn", "978-1-4028-9462-6"),  # the book's, from schema:identifier
                            ("citation_firstpage", "10"), ("citation_lastpage", "20")],
    "proc2023": [("citation_title", PROCEEDINGS), ("citation_publication_date", "2023"),  # editors are
                 ("citation_publisher", "IEEE")],                                       # not authors
    "lovelace1840thesis": [("citation_title", THESIS), ("citation_author", "Ada Lovelace"),
                           ("citation_publication_date", "1840"),
                           ("citation_dissertation_institution", "University of London")],
    "report42": [("citation_title", REPORT), ("citation_author", "Ada Lovelace"),
                 ("citation_author", "The Engine Consortium"), ("citation_publication_date", "1845"),
                 ("citation_technical_report_institution", "University of London"),
                 ("citation_technical_report_number", "TR-42")],
    "notes-draft": [("citation_title", MANUSCRIPT), ("citation_author", "Ada Lovelace"),
                    ("citation_author", "Charles Babbage"), ("citation_publication_date", "1846")],
    "loom-cards": [("citation_title", OTHER), ("citation_author", "Ada Lovelace"),
                   ("citation_publication_date", "1847")],
}


@pytest.mark.parametrize("pub", list(SCHOLAR))
def test_scholar_tags_suit_each_kind(pub):
    assert tags(pub) == SCHOLAR[pub]
    assert tags(IRIS[next(t for k, t in SCHOLAR[pub] if k == "citation_title")]) == SCHOLAR[pub]  # by IRI too


def test_scholar_tags_of_the_article_are_as_before_with_its_abstract_keywords_and_pdf():
    assert tags("10.1000/engines.2023") == [
        ("citation_title", JOURNAL), ("citation_author", "Ada Lovelace"),
        ("citation_author", "Mary Somerville"), ("citation_publication_date", "2023"),
        ("citation_journal_title", "IEEE Transactions on Mobile Computing"),
        ("citation_abstract", "Engines that move: the Analytical Engine on wheels."),
        ("citation_keywords", "analytical engine; mobility"),
        ("citation_pdf_url", "https://example.org/~ada/mobile.pdf"),
        ("citation_doi", "10.1000/engines.2023")]


# --- the site page --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site():
    cv = cvgraph.load(EXTENDED)
    items, document = cvgraph.triples(cv), document_iri(cv)
    tree = parse(render(items, document))  # well-formed, strictly
    by_title = {li.find("span", "title").text(): li for li in tree.iter("li")
                if li.attrs.get("id", "").startswith("pub-")}
    return tree, by_title, items, document


def test_site_lists_every_kind_with_its_details(site):
    _, works, _, _ = site
    assert set(works) == set(IRIS)
    venue = {title: li.find("div", "venue").text() for title, li in works.items()}
    assert venue == {
        BOOK: "Lecture Notes in Computer Science, Springer, ISBN 978-3-16-148410-0, 1843",
        CHAPTER: "In Handbook of Engines, Springer, pp. 10–20, ISBN 978-1-4028-9462-6, 1844",
        PROCEEDINGS: "International Conference for High Performance Computing, IEEE, 2023",
        THESIS: "Ph.D. thesis, University of London, 1840",
        REPORT: "Report TR-42, University of London, 1845",
        MANUSCRIPT: "1846", OTHER: "1847",
        JOURNAL: "IEEE Transactions on Mobile Computing, 2023"}
    authors = {title: li.find("div", "authors").text() for title, li in works.items()}
    assert authors[PROCEEDINGS] == "Ada Lovelace, Mary Somerville (eds.)"
    assert authors[REPORT] == "Ada Lovelace, The Engine Consortium"
    assert authors[MANUSCRIPT] == "Ada Lovelace, Charles Babbage, et al."  # cvg:etAl
    assert works[PROCEEDINGS].find("div", "authors").find("strong").text() == "Ada Lovelace"
    assert [b.text() for b in works[MANUSCRIPT].iter("span", "badge")] == ["Unpublished"]
    assert {li.attrs["id"] for li in works.values()} == {
        "pub-" + (iri.split("#pub-")[1] if "#pub-" in iri else "10-1000-engines-2023")  # the DOI's slug
        for iri in IRIS.values()}


def test_site_counts_and_charts_every_kind(site):
    tree = site[0]
    section = next(s for s in tree.iter("section") if s.attrs["id"] == "publications")
    assert section.find("p", "muted").text() == "8 works, 1 unpublished."
    bars = {r.find("title").text() for r in tree.find("svg").iter("rect")}
    assert {"2023: 2 works", "1840: 1 work", "1843: 1 work", "1844: 1 work", "1847: 1 work"} <= bars


def test_site_shows_volunteering_and_no_service(site):
    tree, _, items, document = site
    sections = {s.attrs["id"]: s for s in tree.iter("section")}
    assert "service" not in sections
    assert sections["volunteering"].find("span", "what").text() == "Mentor, Python Software Foundation"
    assert sections["volunteering"].find("span", "when").text() == "Jan 2020 – present"
    assert json.loads(tree.find("script").text()) == profile_jsonld(items, document)


def test_site_service_and_volunteering_side_by_side(tmp_path):
    cv = cvgraph.load(variant(tmp_path, SERVICE_TOO))
    tree = parse(render(cvgraph.triples(cv), document_iri(cv)))
    sections = {s.attrs["id"]: s for s in tree.iter("section")}
    assert [h.text() for h in sections["service"].iter("h3")] == ["Reviewer"]
    assert "Python Software Foundation" not in sections["service"].text()
    assert "IEEE Transactions on Mobile Computing" in sections["service"].text()
    assert "Mentor" in sections["volunteering"].text() and "Reviewer" not in sections["volunteering"].text()


def test_site_and_embed_list_the_same_works(site, doc):
    works = site[1]
    embedded = {w["@id"] for listed in doc["mainEntity"]["@reverse"].values() for w in listed}
    assert embedded == {IRIS[title] for title in works} == set(IRIS.values())
