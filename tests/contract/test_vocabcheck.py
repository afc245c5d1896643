"""Tests for tests/support/vocabcheck.py (each named after the mistake it catches), and its use on real graphs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from support.paths import TESTS
from support.vocabcheck import Vocab, load_vocabularies, schema_problems, undefined_terms

DATA = TESTS / "data"
PREFIXES = """
@prefix schema: <https://schema.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix vivo: <http://vivoweb.org/ontology/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://example.org/cv#> .
"""


@pytest.fixture(scope="module")
def vocab(shared_dir: Path) -> Vocab:
    return load_vocabularies(shared_dir / "vocab")


def graph(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


def undefined(vocab: Vocab, turtle: str) -> list[str]:
    return undefined_terms(graph(turtle), vocab)


def problems(vocab: Vocab, turtle: str) -> list[str]:
    return schema_problems(graph(turtle), vocab)


# --- undefined_terms ------------------------------------------------------------------------

def test_misspelled_schema_property_is_reported(vocab: Vocab) -> None:
    found = undefined(vocab, ':p a schema:ScholarlyArticle ; schema:authorr :me .')
    assert found == ["predicate schema:authorr is not defined in its vocabulary"]


def test_class_missing_from_bibo_is_reported(vocab: Vocab) -> None:
    # VIVO's documentation uses bibo:ConferencePaper, but BIBO itself never defined it.
    found = undefined(vocab, ':p a schema:ScholarlyArticle, bibo:ConferencePaper .')
    assert found == ["class bibo:ConferencePaper is not defined in its vocabulary"]


def test_unknown_bibo_degree_individual_is_reported(vocab: Vocab) -> None:
    found = undefined(vocab, ':t a bibo:Thesis ; bibo:degree <http://purl.org/ontology/bibo/degrees/dphil> .')
    assert found == ["object bibo:degrees/dphil is not defined in its vocabulary"]


def test_http_schema_org_and_unknown_namespaces_are_reported(vocab: Vocab) -> None:
    found = undefined(vocab, ':me a <http://schema.org/Person> ; <http://example.org/v#knows> :x .')
    assert len(found) == 2 and "use https://schema.org/" in found[0], found


def test_class_used_as_predicate_is_reported(vocab: Vocab) -> None:
    assert undefined(vocab, ':me schema:Person "x" .') == [
        "predicate schema:Person is defined, but not as a property"]


def test_foaf_bibo_vivo_terms_degree_individual_and_data_iris_are_accepted(vocab: Vocab) -> None:
    assert undefined(vocab, """
        :me a foaf:Person ; foaf:name "Ada" ; foaf:mbox <mailto:ada@example.org> .
        <https://doi.org/10.1/x> a bibo:AcademicArticle ; bibo:authorList ( :me <https://orcid.org/0000-0002-1825-0097> ) ;
            dcterms:issued "2020"^^xsd:gYear .
        :role a schema:OrganizationRole ; vivo:roleContributesTo :venue .
        :thesis a bibo:Thesis ; bibo:degree <http://purl.org/ontology/bibo/degrees/phd> .
    """) == []


# --- schema_problems: domain ----------------------------------------------------------------

def test_property_outside_its_domain_is_reported(vocab: Vocab) -> None:
    found = problems(vocab, ':me a schema:Person ; schema:courseCode "CS101" .')
    assert len(found) == 1 and "not within domainIncludes [schema:Course]" in found[0], found


def test_role_subject_may_carry_any_property(vocab: Vocab) -> None:
    assert problems(vocab, """
        :r a schema:EmployeeRole ; schema:worksFor :org ; schema:startDate "2021"^^xsd:gYear .
        :org a schema:Organization .
    """) == []


def test_subclass_satisfies_domain(vocab: Vocab) -> None:
    assert problems(vocab, ':u a schema:CollegeOrUniversity ; schema:name "Inha University" .') == []


def test_untyped_subject_is_reported(vocab: Vocab) -> None:
    assert len(problems(vocab, ':x schema:name "nameless" .')) == 1


def test_issn_and_publisher_on_conference_event_are_reported(vocab: Vocab) -> None:
    # ontology/README.md lists schema:issn/schema:publisher for every venue; a conference is an Event.
    found = problems(vocab, """
        :sc a schema:Event ; schema:issn "1234-5678" ; schema:publisher :ieee .
        :ieee a schema:Organization .
    """)
    assert len(found) == 2 and all("not within domainIncludes" in p for p in found), found


# --- schema_problems: range -----------------------------------------------------------------

def test_role_in_the_middle_object_is_accepted(vocab: Vocab) -> None:
    assert problems(vocab, """
        :me a schema:Person ; schema:worksFor :r .
        :r a schema:EmployeeRole ; schema:worksFor :org .
        :org a schema:Organization .
    """) == []


def test_literal_where_class_required_is_reported(vocab: Vocab) -> None:
    found = problems(vocab, ':p a schema:ScholarlyArticle ; schema:author "Bob" .')
    assert len(found) == 1 and "rangeIncludes [schema:Organization, schema:Person]" in found[0], found


def test_text_award_is_accepted(vocab: Vocab) -> None:
    assert problems(vocab, ':me a schema:Person ; schema:award "Best Paper (2021)", "Prix"@fr .') == []


def test_iri_for_sameas_and_url_is_accepted(vocab: Vocab) -> None:
    assert problems(vocab, """
        :me a schema:Person ; schema:sameAs <https://orcid.org/0000-0002-1825-0097> ; schema:url :page .
        :page a schema:ProfilePage .
    """) == []


def test_typed_node_of_wrong_class_is_reported(vocab: Vocab) -> None:
    found = problems(vocab, """
        :p a schema:ScholarlyArticle ; schema:isPartOf :bob .
        :bob a schema:Person .
    """)
    assert len(found) == 1 and "node typed [schema:Person]" in found[0], found


def test_foaf_person_counts_as_schema_person_by_equivalence(vocab: Vocab) -> None:
    assert problems(vocab, ':p a schema:ScholarlyArticle ; schema:author :bob . :bob a foaf:Person .') == []


def test_untyped_and_ill_typed_dates_are_reported(vocab: Vocab) -> None:
    found = problems(vocab, ':e a schema:Event ; schema:startDate "2023", "2023-13-01"^^xsd:date .')
    assert len(found) == 2, found


def test_date_ranges_accept_year_month_and_date(vocab: Vocab) -> None:
    assert problems(vocab, """:e a schema:Event ; schema:startDate "2023"^^xsd:gYear, "2023-05"^^xsd:gYearMonth,
        "2023-05-01"^^xsd:date, "2023-05-01T10:00:00"^^xsd:dateTime .""") == []


def test_superseded_property_is_reported(vocab: Vocab) -> None:
    found = problems(vocab, ':me a schema:Person ; schema:awards "Best Paper" .')
    assert found and "superseded by schema:award" in found[0], found


# --- whole graphs ---------------------------------------------------------------------------

def test_load_vocabularies_parses_once(vocab: Vocab, shared_dir: Path) -> None:
    assert load_vocabularies(shared_dir / "vocab") is vocab


def test_mapping_example_uses_only_defined_terms_and_fits_schema_org(vocab: Vocab) -> None:
    g = Graph().parse(DATA / "mapping-example.ttl")
    found = undefined_terms(g, vocab) + schema_problems(g, vocab)
    assert found == [], "\n".join(found)


def test_sample_graph_uses_only_defined_terms_and_fits_schema_org(vocab: Vocab) -> None:
    import cvgraph

    g = cvgraph.build(cvgraph.sample_path())
    found = undefined_terms(g, vocab) + schema_problems(g, vocab)
    assert found == [], "\n".join(found)
