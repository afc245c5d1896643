"""Abstracts, keywords, links, grants, patents and "selected" works on the homepage JSON-LD, the
Google Scholar tags and the site page (issue 14); and no BibTeX citation key as an identifier
in the JSON-LD."""
from __future__ import annotations

import re

import pytest
from support.paths import TESTS

import cvgraph
from cvgraph.mapping.walker import document_iri
from cvgraph.rdf.graph import to_graph
from cvgraph.web.jsonld import profile_jsonld
from cvgraph.web.site import render

EXTENDED = TESTS / "data" / "extended.yaml"
HEAD = "person:\n  name: Ada Lovelace\n  homepage: https://example.org/~ada\npublications:\n"


def embed(cv: cvgraph.CV) -> dict:
    return profile_jsonld(cvgraph.triples(cv), document_iri(cv))


def work_named(doc: dict, title: str) -> dict:
    return next(w for w in doc["mainEntity"]["@reverse"]["author"] if w["name"] == title)


@pytest.fixture(scope="module")
def extended() -> cvgraph.CV:
    return cvgraph.load(EXTENDED)


def test_jsonld_work_has_abstract_keywords_files_media_and_funding(extended):
    work = work_named(embed(extended), "Mobile Engines")
    assert work["abstract"] == "Engines that move: the Analytical Engine on wheels."
    assert work["keywords"] == ["analytical engine", "mobility"]
    pdf = next(m for m in work["encoding"] if m["encodingFormat"] == "application/pdf")
    assert pdf["contentUrl"] == "https://example.org/~ada/mobile.pdf" and pdf["@type"] == "MediaObject"
    assert {m["name"] for m in work["associatedMedia"]} == {"Slides", "Poster", "Video", "Supplementary material"}
    nsf = next(g for g in work["funding"] if g["@type"] == "MonetaryGrant" and g.get("identifier"))
    assert (nsf["name"], nsf["identifier"], nsf["funder"]["name"]) == (
        "CAREER: Engines for Everyone", "CCF-1843000", "National Science Foundation")


def test_bibtex_citation_key_is_no_identifier_in_the_jsonld_but_stays_in_the_graph():
    cv = cvgraph.loads(HEAD + "  - {id: lee2017, kind: journal, title: T, authors: [Ada Lovelace],\n"
                       "     identifiers: ['bibtex:Lee2017parallel', 'pmid:123']}\n")
    assert work_named(embed(cv), "T")["identifier"] == "pmid:123"
    graph = to_graph(cvgraph.triples(cv))
    assert "bibtex:Lee2017parallel" in {str(o) for o in graph.objects()}


def test_scholar_tags_of_a_patent_and_a_work_without_a_pdf(tmp_path):
    path = tmp_path / "patent.yaml"
    path.write_text(HEAD + "  - {id: loom, kind: patent, title: A Loom, authors: [Ada Lovelace], number: GB 1234,\n"
                    "     year: 1850, keywords: [looms], links: {slides: 'https://example.org/s'}}\n", encoding="utf-8")
    tags = cvgraph.scholar_tags(path, "loom")
    found = dict(re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', tags))
    assert found["citation_patent_number"] == "GB 1234"
    assert found["citation_keywords"] == "looms"
    assert "citation_pdf_url" not in found and "citation_abstract" not in found


def test_site_page_marks_selected_works_lists_them_first_and_shows_links_abstract_and_grants(extended):
    page = render(cvgraph.triples(extended), document_iri(extended))
    publications = page.split('<section id="publications">', 1)[1].split("</section>", 1)[0]
    assert re.search(r'<p class="selected">Selected: <a href="#pub-[^"]+">Mobile Engines</a></p>', publications)
    assert publications.index('class="selected"') < publications.index("<h3>")  # before the years
    assert '<span class="title">Mobile Engines</span> <span class="badge">Selected</span>' in publications
    assert "<details class=\"abstract\"><summary>Abstract</summary><p>Engines that move" in publications
    assert "Keywords: analytical engine, mobility" in publications
    for label, url in (("PDF", "mobile.pdf"), ("Slides", "mobile-slides.pdf"), ("Code", "github.com/ada"),
                       ("Data", "mobile-data"), ("ADS", "adsabs")):
        assert re.search(rf'<a href="[^"]*{re.escape(url)}[^"]*">{label}</a>', publications), label
    grants = page.split('<section id="grants"><h2>Grants and funding</h2>', 1)[1].split("</section>", 1)[0]
    assert "<b>CAREER: Engines for Everyone</b>, National Science Foundation <span class=\"muted\">(PI)</span>" in grants
    assert "No. CCF-1843000 · 500,000 USD" in grants
    assert "amount: about two thousand guineas" in grants  # kept as written: not an amount we can read
    assert grants.index("CAREER") < grants.index("Royal Society")  # newest first
