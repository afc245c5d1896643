"""The record-format extension (new publication kinds, editors, publisher, ISBN, degree, et al.,
identifiers, corporate authors, award awarders and dates, volunteer, certificates, languages,
projects, person summary and image): each field becomes the triples ontology/README.md documents.

``tests/data/extended.yaml`` uses every new field and kind. Expected triples are written out as
Turtle below and compared with the graph subject by subject: *exactly* (every triple of that
subject, no more, no fewer; list cells are compared as lists), or, for the owner (whose other
triples other tests check), as a subset.
Bad input for the new fields is reported like the rest: one line, position, field path, hint.
"""
from __future__ import annotations

import dataclasses
import re

import pytest
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from support.paths import ROOT, TESTS
from support.vocabcheck import load_vocabularies, schema_problems, undefined_terms

import cvgraph
from cvgraph import Problem, RecordError
from cvgraph.rdf.graph import to_graph
from cvgraph.rdf.syntax import FORMATS, serialize

FIXTURE = TESTS / "data" / "extended.yaml"
DOC = "https://example.org/~ada"
CVG = "https://w3id.org/cvgraph/terms#"
PREFIXES = f"""
@prefix : <{DOC}#> .
@prefix schema: <https://schema.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix vivo: <http://vivoweb.org/ontology/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix cvg: <{CVG}> .
@prefix fabio: <http://purl.org/spar/fabio/> .
"""
SCHEMA = "https://schema.org/"
BIBO = "http://purl.org/ontology/bibo/"


@pytest.fixture(scope="module")
def cv():
    return cvgraph.load(FIXTURE)


@pytest.fixture(scope="module")
def graph(cv) -> Graph:
    return to_graph(cvgraph.triples(cv))


def described(graph: Graph, subject) -> set:
    """A subject's triples, without those pointing at list cells (compared as lists instead)."""
    return {(p, o) for p, o in graph.predicate_objects(subject) if not isinstance(o, BNode)}


def assert_described(graph: Graph, turtle: str, partial: tuple[str, ...] = ()) -> None:
    expected = Graph().parse(data=PREFIXES + turtle, format="turtle")
    partial_iris = {URIRef(f"{DOC}#{p}") if not p.startswith("http") else URIRef(p) for p in partial}
    for subject in set(expected.subjects()):
        want, have = described(expected, subject), described(graph, subject)
        if subject in partial_iris:
            assert want <= have, f"{subject}: missing {sorted(want - have)}"
        else:
            assert want == have, f"{subject}: only expected {sorted(want - have)}, only built {sorted(have - want)}"


def as_list(graph: Graph, subject, predicate: str) -> list:
    (head,) = graph.objects(URIRef(subject), URIRef(predicate))
    return list(Collection(graph, head))


def me(local: str) -> URIRef:
    return URIRef(f"{DOC}#{local}")


# ----------------------------------------------------------------------------- person

def test_person_summary_and_image(graph):
    assert_described(graph, """
        :me schema:description "Mathematician; wrote the first published program for the Analytical Engine." ;
            schema:image <https://example.org/~ada/portrait.jpg> .
    """, partial=("me",))


# ----------------------------------------------------------------------------- publications

TYPES = {  # publication id -> its classes
    "lovelace1843sketch": {"schema:Book", "schema:CreativeWork", "bibo:Book", "fabio:Book"},
    "lovelace1844engines": {"schema:Chapter", "schema:CreativeWork", "bibo:Chapter", "fabio:BookChapter"},
    "proc2023": {"schema:Book", "schema:CreativeWork", "bibo:Proceedings", "fabio:ConferenceProceedings"},
    "lovelace1840thesis": {"schema:Thesis", "schema:CreativeWork", "bibo:Thesis", "fabio:Thesis",
                           "fabio:DoctoralThesis"},  # Ph.D.
    "report42": {"schema:Report", "schema:CreativeWork", "bibo:Report", "fabio:ReportDocument"},
    "notes-draft": {"schema:CreativeWork", "bibo:Manuscript", "fabio:Manuscript"},
    "loom-cards": {"schema:CreativeWork", "bibo:Document"},  # other: no FaBiO class
    "lovelace2023mobile": {"schema:ScholarlyArticle", "bibo:AcademicArticle", "fabio:JournalArticle"},
}


@pytest.mark.parametrize("pub", sorted(TYPES))
def test_each_kind_has_its_classes(cv, graph, pub):
    node = cvgraph.mapping.walker.work_iri(cv, pub)
    expand = {"schema": SCHEMA, "bibo": BIBO, "fabio": "http://purl.org/spar/fabio/"}
    want = {URIRef(expand[c.split(":")[0]] + c.split(":")[1]) for c in TYPES[pub]}
    assert set(graph.objects(URIRef(node.value), RDF.type)) == want


def test_book_in_a_series_with_publisher_isbn_and_identifier(graph):
    assert_described(graph, """
        :pub-lovelace1843sketch a schema:Book , schema:CreativeWork , bibo:Book , fabio:Book ;
            schema:name "Sketch of the Analytical Engine" ; dcterms:title "Sketch of the Analytical Engine" ;
            schema:author :me ;
            schema:isPartOf :venue-lncs ;
            schema:publisher :org-springer ;
            schema:isbn "978-3-16-148410-0" ;
            schema:identifier "dblp:books/lovelace43" ;
            schema:datePublished "1843"^^xsd:gYear ; dcterms:issued "1843"^^xsd:gYear .
        :venue-lncs a schema:CreativeWorkSeries , bibo:Series ;
            schema:name "Lecture Notes in Computer Science" ;
            schema:publisher :org-springer ; schema:issn "0302-9743" .
    """)
    assert as_list(graph, me("pub-lovelace1843sketch"), BIBO + "authorList") == [me("me")]


def test_chapter_is_part_of_its_book_and_keeps_its_isbn_as_identifier(graph):
    assert_described(graph, """
        :pub-lovelace1844engines a schema:Chapter , schema:CreativeWork , bibo:Chapter , fabio:BookChapter ;
            schema:name "Engines that Weave Algebraic Patterns" ; dcterms:title "Engines that Weave Algebraic Patterns" ;
            schema:author :me , :person-babbage ;
            schema:isPartOf :venue-engines-book ;
            schema:identifier "isbn:978-1-4028-9462-6" ;
            schema:pagination "10-20" ; bibo:pageStart "10" ; bibo:pageEnd "20" ;
            schema:datePublished "1844-03"^^xsd:gYearMonth ; dcterms:issued "1844-03"^^xsd:gYearMonth .
        :venue-engines-book a schema:Book , bibo:Book ;
            schema:name "Handbook of Engines" ; schema:publisher :org-springer .
    """)
    assert as_list(graph, me("pub-lovelace1844engines"), BIBO + "authorList") == [me("me"), me("person-babbage")]


def test_proceedings_with_editors_and_no_authors(graph):
    assert_described(graph, """
        :pub-proc2023 a schema:Book , schema:CreativeWork , bibo:Proceedings , fabio:ConferenceProceedings ;
            schema:name "Proceedings of the Engine Workshop" ; dcterms:title "Proceedings of the Engine Workshop" ;
            schema:editor :me , :person-somerville ;
            bibo:presentedAt :venue-sc ;
            schema:publisher :org-ieee ;
            schema:datePublished "2023"^^xsd:gYear ; dcterms:issued "2023"^^xsd:gYear .
    """)
    assert as_list(graph, me("pub-proc2023"), BIBO + "editorList") == [me("me"), me("person-somerville")]
    assert not list(graph.objects(me("pub-proc2023"), URIRef(BIBO + "authorList")))


def test_thesis_publisher_is_its_school_and_degree_as_for_education(graph):
    assert_described(graph, """
        :pub-lovelace1840thesis a schema:Thesis , schema:CreativeWork , bibo:Thesis , fabio:Thesis ,
                fabio:DoctoralThesis ;
            schema:name "On the Calculus of Functions" ; dcterms:title "On the Calculus of Functions" ;
            schema:author :me ;
            schema:publisher :org-london ; schema:sourceOrganization :org-london ;
            schema:inSupportOf "Ph.D." ; bibo:degree <http://purl.org/ontology/bibo/degrees/phd> ;
            schema:datePublished "1840"^^xsd:gYear ; dcterms:issued "1840"^^xsd:gYear .
    """)


def test_report_with_an_organisation_as_author(graph):
    assert_described(graph, """
        :pub-report42 a schema:Report , schema:CreativeWork , bibo:Report , fabio:ReportDocument ;
            schema:name "Engine Reliability" ; dcterms:title "Engine Reliability" ;
            schema:author :me , :org-consortium ;
            schema:publisher :org-london ;
            schema:identifier "report-number:TR-42" ;
            schema:datePublished "1845"^^xsd:gYear ; dcterms:issued "1845"^^xsd:gYear .
        :org-consortium a schema:Organization , foaf:Organization ;
            schema:name "The Engine Consortium" ; schema:alternateName "Engine Consortium" .
    """)
    assert as_list(graph, me("pub-report42"), BIBO + "authorList") == [me("me"), me("org-consortium")]


def test_manuscript_is_unpublished_and_et_al_is_a_flag(graph):
    assert_described(graph, """
        :pub-notes-draft a schema:CreativeWork , bibo:Manuscript , fabio:Manuscript ;
            schema:name "Further Notes" ; dcterms:title "Further Notes" ;
            schema:author :me , :person-babbage ;
            schema:creativeWorkStatus "Unpublished" ;
            cvg:etAl true ;
            schema:datePublished "1846"^^xsd:gYear ; dcterms:issued "1846"^^xsd:gYear .
    """)


def test_other_work(graph):
    assert_described(graph, """
        :pub-loom-cards a schema:CreativeWork , bibo:Document ;
            schema:name "Punched Cards for the Jacquard Loom" ; dcterms:title "Punched Cards for the Jacquard Loom" ;
            schema:author :me ;
            schema:url <https://example.org/~ada/cards> ;
            schema:description "a set of cards" ;
            schema:datePublished "1847"^^xsd:gYear ; dcterms:issued "1847"^^xsd:gYear .
    """)


def test_journal_paper_with_et_al_and_identifiers(graph):
    assert_described(graph, """
        <https://doi.org/10.1000/engines.2023> a schema:ScholarlyArticle , bibo:AcademicArticle , fabio:JournalArticle ;
            schema:name "Mobile Engines" ; dcterms:title "Mobile Engines" ;
            schema:author :me , :person-somerville ;
            schema:isPartOf :venue-tmc ;
            bibo:doi "10.1000/engines.2023" ;
            schema:identifier "pmid:123" , "orcid-put-code:12345" ;
            cvg:etAl true ;
            schema:award "Best Paper Award (2023)" ;
            schema:datePublished "2023"^^xsd:gYear ; dcterms:issued "2023"^^xsd:gYear ;
            schema:abstract "Engines that move: the Analytical Engine on wheels." ;
            dcterms:abstract "Engines that move: the Analytical Engine on wheels." ;
            schema:keywords "analytical engine" , "mobility" ;
            cvg:selected true ;
            schema:funding :grant-nsf-engines , :grant-royal-society-fellowship-grant ;
            schema:encoding :pub-lovelace2023mobile-pdf , :pub-lovelace2023mobile-html ;
            schema:associatedMedia :pub-lovelace2023mobile-slides , :pub-lovelace2023mobile-poster ,
                :pub-lovelace2023mobile-video , :pub-lovelace2023mobile-supplement ;
            dcterms:relation :pub-lovelace2023mobile-code , :pub-lovelace2023mobile-data ,
                :pub-lovelace2023mobile-project ;
            schema:sameAs <https://ui.adsabs.harvard.edu/abs/2023TMC....1....1L/abstract> .
    """)


def test_links_are_nodes_typed_by_what_they_point_to(graph):
    assert_described(graph, """
        :pub-lovelace2023mobile-pdf a schema:MediaObject ; schema:encodingFormat "application/pdf" ;
            schema:contentUrl <https://example.org/~ada/mobile.pdf> .
        :pub-lovelace2023mobile-html a schema:MediaObject ; schema:encodingFormat "text/html" ;
            schema:contentUrl <https://example.org/~ada/mobile.html> .
        :pub-lovelace2023mobile-slides a schema:MediaObject ; schema:name "Slides" ;
            schema:url <https://example.org/~ada/mobile-slides.pdf> .
        :pub-lovelace2023mobile-poster a schema:MediaObject ; schema:name "Poster" ;
            schema:url <https://example.org/~ada/mobile-poster.pdf> .
        :pub-lovelace2023mobile-video a schema:VideoObject , schema:MediaObject ; schema:name "Video" ;
            schema:url <https://example.org/~ada/mobile-talk> .
        :pub-lovelace2023mobile-supplement a schema:MediaObject ; schema:name "Supplementary material" ;
            schema:url <https://example.org/~ada/mobile-supplement.zip> .
        :pub-lovelace2023mobile-code a schema:SoftwareSourceCode ;
            schema:codeRepository <https://github.com/ada/mobile-engines> .
        :pub-lovelace2023mobile-data a schema:Dataset ; schema:url <https://example.org/~ada/mobile-data> .
        :pub-lovelace2023mobile-project a schema:WebPage ; schema:url <https://example.org/~ada/engine> .
    """)


def test_grants_funder_number_amount_and_the_owners_role(graph):
    assert_described(graph, """
        :me schema:funding :grant-nsf-engines-role , :grant-royal-society-fellowship-grant-role .
        :grant-nsf-engines a schema:MonetaryGrant , schema:Grant ;
            schema:name "CAREER: Engines for Everyone" ; schema:alternateName "NSF CAREER" ;
            schema:funder :org-nsf ; schema:identifier "CCF-1843000" ;
            schema:url <https://www.nsf.gov/awardsearch/showAward?AWD_ID=1843000> ;
            schema:amount :grant-nsf-engines-amount ;
            schema:description "no-cost extension to 1846" .
        :grant-nsf-engines-amount a schema:MonetaryAmount ;
            schema:value "500000"^^xsd:decimal ; schema:currency "USD" .
        :grant-nsf-engines-role a schema:Role ; schema:funding :grant-nsf-engines ;
            schema:roleName "PI" ; schema:startDate "1842-07"^^xsd:gYearMonth .
        :grant-royal-society-fellowship-grant a schema:MonetaryGrant , schema:Grant ;
            schema:name "Royal Society Fellowship Grant" ; schema:funder :org-royal-society ;
            schema:description "amount: about two thousand guineas" .
        :grant-royal-society-fellowship-grant-role a schema:Role ;
            schema:funding :grant-royal-society-fellowship-grant ; schema:roleName "Co-PI" ;
            schema:startDate "1840"^^xsd:gYear ; schema:endDate "1845"^^xsd:gYear .
    """, partial=("me",))


def test_patent_and_an_incomplete_author_list():
    text = FIXTURE.read_text(encoding="utf-8").replace("\ngrants:\n", """
  - id: loom
    kind: patent
    title: Improvements in Looms
    authors: [Ada Lovelace, Charles Babbage]
    number: GB 1234
    year: 1850
  - id: profile-only
    kind: conference
    title: Known From a Profile
    authors: [Ada Lovelace]
    authors_incomplete: true
    venue: sc
    year: 1848

grants:
""")
    graph = to_graph(cvgraph.triples(cvgraph.loads(text, name="more.yaml")))
    assert_described(graph, """
        :pub-loom a schema:CreativeWork , bibo:Patent , fabio:PatentDocument ;
            schema:name "Improvements in Looms" ; dcterms:title "Improvements in Looms" ;
            schema:author :me , :person-babbage ; bibo:number "GB 1234" ;
            schema:datePublished "1850"^^xsd:gYear ; dcterms:issued "1850"^^xsd:gYear .
        :pub-profile-only a schema:ScholarlyArticle , bibo:AcademicArticle , fabio:ConferencePaper ;
            schema:name "Known From a Profile" ; dcterms:title "Known From a Profile" ;
            schema:author :me ; bibo:presentedAt :venue-sc ; cvg:authorsIncomplete true ;
            schema:datePublished "1848"^^xsd:gYear ; dcterms:issued "1848"^^xsd:gYear .
    """)
    assert not list(graph.objects(me("pub-profile-only"), URIRef(BIBO + "authorList")))
    report = cvgraph.validate(graph)
    assert report.conforms and not report.results, report.text()


def test_et_al_false_adds_nothing():
    text = FIXTURE.read_text(encoding="utf-8").replace("    et_al: true\n", "    et_al: false\n")
    graph = to_graph(cvgraph.triples(cvgraph.loads(text, name="false.yaml")))
    assert not list(graph.triples((None, URIRef(CVG + "etAl"), None)))


# ----------------------------------------------------------------------------- other sections

def test_awards_keep_their_text_and_gain_a_receipt_with_awarder_or_date(graph):
    assert_described(graph, """
        :me schema:award "Best Paper Award (2023)" , "Fellowship" , "Medal (1850)" .
        :award-1 a vivo:AwardReceipt ; rdfs:label "Best Paper Award" ; vivo:relates :me ;
            vivo:assignedBy :org-ieee ; dcterms:date "2023-11-14"^^xsd:date .
        :award-2 a vivo:AwardReceipt ; rdfs:label "Fellowship" ; vivo:relates :me ;
            vivo:assignedBy :org-royal-society .
        :award-3 a vivo:AwardReceipt ; rdfs:label "Medal" ; vivo:relates :me ;
            dcterms:date "1850-06"^^xsd:gYearMonth .
    """, partial=("me",))
    assert len(set(graph.objects(me("me"), URIRef(SCHEMA + "award")))) == 3


def test_volunteer_is_an_organization_role_under_member_of(graph):
    assert_described(graph, """
        :me schema:memberOf :volunteer-1 .
        :volunteer-1 a schema:OrganizationRole ; schema:roleName "Mentor" ;
            schema:startDate "2020-01"^^xsd:gYearMonth ; schema:memberOf :org-psf ;
            schema:description "mentoring new contributors" .
    """, partial=("me",))


def test_certificates_are_credentials(graph):
    assert_described(graph, """
        :me schema:hasCredential :certificate-1 , :certificate-2 .
        :certificate-1 a schema:EducationalOccupationalCredential ; schema:name "Machine Learning" ;
            schema:credentialCategory "certificate" ; schema:recognizedBy :org-coursera ;
            schema:dateCreated "2021-05-04"^^xsd:date ; schema:url <https://example.org/cert/ml> ;
            schema:description "with honours" .
        :certificate-2 a schema:EducationalOccupationalCredential ; schema:name "First Aid" ;
            schema:credentialCategory "certificate" .
    """, partial=("me",))


def test_languages_with_fluency(graph):
    assert_described(graph, """
        :me schema:knowsLanguage :language-english , :language-french , :language-italian .
        :language-english a schema:Language ; schema:name "English" ; schema:description "Native" .
        :language-french a schema:Language ; schema:name "French" ; schema:description "Fluent" .
        :language-italian a schema:Language ; schema:name "Italian" .
    """, partial=("me",))


def test_projects_through_a_role(graph):
    assert_described(graph, """
        :me schema:memberOf :project-1-role , :project-2-role .
        :project-1 a schema:Project , schema:Organization , foaf:Project ;
            schema:name "Analytical Engine Programs" ;
            schema:description "Programs for the Analytical Engine." , "first published algorithm" ;
            schema:url <https://example.org/~ada/engine> .
        :project-1-role a schema:Role ; schema:memberOf :project-1 ;
            schema:roleName "Programmer" , "Translator" ;
            schema:startDate "1842"^^xsd:gYear ; schema:endDate "1843"^^xsd:gYear .
        :project-2 a schema:Project , schema:Organization , foaf:Project ; schema:name "Difference Engine" .
        :project-2-role a schema:Role ; schema:memberOf :project-2 .
    """, partial=("me",))


# ----------------------------------------------------------------------------- the whole graph

def test_conforms_to_core_shapes_without_warnings(graph):
    report = cvgraph.validate(graph)
    assert report.conforms and not report.results, report.text()


def local_terms() -> Graph:
    return Graph().parse(ROOT / "ontology" / "terms.ttl", format="turtle")


def test_only_defined_terms_and_schema_org_fit(graph, shared_dir):
    """vocabcheck with the official vocabularies plus cvgraph's own terms (ontology/terms.ttl)."""
    vocab = load_vocabularies(shared_dir / "vocab")
    own = frozenset(s for s in local_terms().subjects(RDF.type, None) if str(s).startswith(CVG))
    vocab = dataclasses.replace(vocab, terms={**vocab.terms, CVG: own}, properties=vocab.properties | own)
    found = undefined_terms(graph, vocab) + schema_problems(graph, vocab)
    assert found == [], "\n".join(found)


def test_local_terms_are_defined_documented_and_listed_as_deviations(graph):
    used = {p for p in graph.predicates() if str(p).startswith(CVG)}
    assert used, "the fixture uses cvgraph's own terms"
    terms, readme = local_terms(), (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    deviations = readme.split("## Deviations", 1)[1]
    for term in used:
        assert (term, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), None) in terms, term
        assert f"cvg:{term[len(CVG):]}" in deviations, f"{term} is not among the deviations"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_syntax_parses_back(cv, graph, fmt):
    data = serialize(cvgraph.triples(cv), fmt, graph_name=DOC, prefix_iri=DOC)
    if FORMATS[fmt].named_graphs:
        from rdflib import Dataset

        back = Graph()
        for s, p, o, _ in Dataset().parse(data=data, format=FORMATS[fmt].rdflib).quads():
            back.add((s, p, o))
    else:
        back = Graph().parse(data=data, format=FORMATS[fmt].rdflib)
    assert isomorphic(back, graph)


# ----------------------------------------------------------------------------- records

HEAD = "person:\n  name: Ada Lovelace\n  homepage: https://example.org/~ada\n"  # lines 1-3


def test_json_schema_accepts_the_fixture():
    import json

    import jsonschema

    from cvgraph.records.yamlsafe import load_yaml
    from cvgraph.resources import schema_path

    validator = jsonschema.Draft202012Validator(json.loads(schema_path().read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(load_yaml(FIXTURE).data)] == []


def test_corporate_author_and_editors_resolve(cv):
    pubs = cv.publications
    assert pubs["report42"]["authors"] == [{"name": "Ada Lovelace", "ref": "me"},
                                          {"name": "Engine Consortium", "ref": "consortium", "org": True}]
    assert pubs["proc2023"]["authors"] == []
    assert pubs["proc2023"]["editors"] == [{"name": "Ada Lovelace", "ref": "me"},
                                          {"name": "Mary Somerville", "ref": "somerville"}]


def test_default_id_of_an_edited_volume_comes_from_its_first_editor():
    cv = cvgraph.loads(HEAD + "people: [{name: Mary Somerville}]\npublications:\n"
                       "  - {kind: proceedings, title: Proceedings of Engines, editors: [Mary Somerville], year: 2023}\n")
    assert list(cv.publications) == ["somerville2023proceedings"]


# (text after HEAD, line, column, field, message parts, hint parts); positions worked out by hand
IEEE = "organizations: [{id: ieee, name: IEEE}]\n"  # one line
BAD = {
    "et-al-not-boolean": (
        "publications:\n  - kind: journal\n    title: T\n    authors: [Ada Lovelace]\n    et_al: yes\n",
        8, 5, "publications[0].et_al", ["true or false", "text"], ["true or false"]),
    "identifier-without-scheme": (
        "publications:\n  - kind: journal\n    title: T\n    authors: [Ada Lovelace]\n    identifiers: [\"12345\"]\n",
        8, 19, "publications[0].identifiers[0]", ["identifier", "'12345'"], ["scheme:value"]),
    "degree-on-a-journal-paper": (
        "publications:\n  - kind: journal\n    title: T\n    authors: [Ada Lovelace]\n    degree: Ph.D.\n",
        8, 5, "publications[0].degree", ["only a thesis", "journal"], ["kind: thesis"]),
    "no-authors-no-editors": (
        "publications:\n  - kind: book\n    title: T\n    authors: []\n",
        7, 5, "publications[0].authors", ["is empty"], ["editors:"]),
    "article-with-editors-only": (
        "publications:\n  - kind: conference\n    title: T\n    authors: []\n    editors: [Ada Lovelace]\n",
        7, 5, "publications[0].authors", ["is empty"], ["not an article"]),
    "authors-missing": (
        "publications:\n  - kind: book\n    title: T\n",
        5, 5, "publications[0]", ["missing required field 'authors'"], ["authors:", "editors:"]),
    "organization-as-editor": (
        IEEE + "publications:\n  - kind: proceedings\n    title: T\n    editors: [IEEE]\n",
        8, 15, "publications[0].editors[0]", ["'IEEE'", "organization, not a person"], ["schema:editor"]),
    "organization-as-plain-author": (
        IEEE + "publications:\n  - kind: report\n    title: T\n    authors: [Ada Lovelace, IEEE]\n",
        8, 29, "publications[0].authors[1]", ["'IEEE'", "organization"], ["{name:", "ref: ieee"]),
    "et-al-without-authors": (
        "publications:\n  - kind: proceedings\n    title: T\n    editors: [Ada Lovelace]\n    et_al: true\n",
        8, 5, "publications[0].et_al", ["needs a printed author list"], ["authors:"]),
    "unknown-publisher": (
        IEEE + "publications:\n  - kind: book\n    title: T\n    authors: [Ada Lovelace]\n    publisher: IEE\n",
        9, 5, "publications[0].publisher", ["unknown organization", "'IEE'"], ["'IEEE'"]),
    "unknown-kind": (
        "publications:\n  - kind: bok\n    title: T\n    authors: [Ada Lovelace]\n",
        5, 5, "publications[0].kind", ["unknown value", "'bok'"], ["did you mean", "'book'"]),
    "issn-on-a-book": (
        "venues:\n  - {id: b, name: B, kind: book, issn: 1234-5678}\n",
        5, 34, "venues[0].issn", ["only a journal or series", "book"], ["remove it"]),
    "unknown-awarder": (
        IEEE + "awards:\n  - {name: Best Paper, awarder: IEE}\n",
        6, 24, "awards[0].awarder", ["unknown organization", "'IEE'"], ["did you mean", "'IEEE'"]),
    "award-date-not-in-year": (
        "awards:\n  - {name: Medal, year: 2020, date: 2021-05-04}\n",
        5, 31, "awards[0].date", ["2021-05-04", "2020"], ["leave out year"]),
    "unknown-issuer": (
        IEEE + "certificates:\n  - name: ML\n    issuer: IEE\n",
        7, 5, "certificates[0].issuer", ["unknown organization", "'IEE'"], ["did you mean", "'IEEE'"]),
    "volunteer-ends-before-it-starts": (
        IEEE + "volunteer:\n  - title: Mentor\n    organization: ieee\n    start: 2022\n    end: 2020\n",
        9, 5, "volunteer[0].end", ["before", "2020", "2022"], ["swap"]),
    "language-without-name": (
        "languages:\n  - fluency: Native\n",
        5, 5, "languages[0]", ["missing required field 'name'"], ["name:"]),
    "image-not-a-url": (
        "",  # the image line is added to HEAD: line 4
        4, 3, "person.image", ["url", "portrait.jpg"], ["https://"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_for_new_fields(case):
    text, line, column, field, message, hint = BAD[case]
    text = HEAD + ("  image: portrait.jpg\n" if case == "image-not-a-url" else "") + text
    with pytest.raises(RecordError) as info:
        cvgraph.loads(text, name="cv.yaml")
    [problem] = info.value.problems
    assert (problem.line, problem.column, problem.field) == (line, column, field), str(problem)
    for part in message:
        assert part.lower() in problem.message.lower(), f"{part!r} not in {problem}"
    for part in hint:
        assert part.lower() in problem.hint.lower(), f"{part!r} not in hint of {problem}"
    assert "\n" not in str(problem) and re.match(r"cv\.yaml:\d+:\d+ ", str(problem))
    assert isinstance(problem, Problem)


def test_text_that_reads_present_is_kept(tmp_path):
    """`present` means "ongoing" only in an end date; a title or a language named "present" is text."""
    cv = tmp_path / "present.yaml"
    cv.write_text('cvgraph: 1\nperson: {name: Ada Lovelace, homepage: "https://example.org/ada"}\n'
                  "organizations: [{id: o, name: Org}]\n"
                  "employment: [{title: present, organization: o, start: 2020, end: present}]\n"
                  "languages: [{name: present}]\n", encoding="utf-8")
    import cvgraph
    from cvgraph.rdf.terms import IRI, Lit

    got = {(s.value, p.value) for s, p, o in cvgraph.triples(cv) if o == Lit("present")}
    assert got == {("https://example.org/ada#employment-1", "https://schema.org/roleName"),
                   ("https://example.org/ada#language-present", "https://schema.org/name")}
    ends = [t for t in cvgraph.triples(cv) if t[1] == IRI("https://schema.org/endDate")]
    assert ends == []
    assert cvgraph.validate(cv).conforms
