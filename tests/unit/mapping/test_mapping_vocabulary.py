"""A second output vocabulary is a second table for the same walker, not a second walker: a small
VIVO-style table (authorships and positions as nodes of their own) run through
``cvgraph.mapping.triples(cv, table=…)`` names the same entities as the bundled table does."""
from __future__ import annotations

import pytest
from support.paths import TESTS

import cvgraph
from cvgraph.mapping.table import MappingError, load_table
from cvgraph.mapping.walker import triples
from cvgraph.rdf.terms import IRI, RDF, Lit

VIVO = "http://vivoweb.org/ontology/core#"
LABEL = IRI("http://www.w3.org/2000/01/rdf-schema#label")
EXTENDED = TESTS / "data" / "extended.yaml"

TABLE = """\
prefixes:
  vivo: http://vivoweb.org/ontology/core#
  rdfs: http://www.w3.org/2000/01/rdf-schema#
  foaf: http://xmlns.com/foaf/0.1/
  bibo: http://purl.org/ontology/bibo/
owner:
  each: person
  types: [foaf:Person]
  fields: {name: rdfs:label}
people:
  each: people
  types: [foaf:Person]
  fields: {name: rdfs:label}
organizations:
  each: organizations
  types: [foaf:Organization]
  fields: {name: rdfs:label}
publications:
  each: publications
  types: [bibo:Document]
  fields: {title: rdfs:label}
  nodes:
    authorship: {each: authors, p: vivo:relatedBy}
authorship:
  iri: "{local}-authorship-{n}"
  types: [vivo:Authorship]
  fields: {ref: vivo:relates}
  links: {work: {p: vivo:relates, to: parent}}
volunteer:
  each: volunteer
  iri: "#position-{n}"
  types: [vivo:Position]
  fields:
    title: rdfs:label
    start: vivo:start
    organization: vivo:relates
  links: {person: {p: vivo:relates, to: owner}}
"""


@pytest.fixture(scope="module")
def graphs() -> tuple[cvgraph.CV, set, set]:
    cv = cvgraph.load(EXTENDED)
    return cv, set(triples(cv)), set(triples(cv, table=load_table("vivo.yaml", TABLE)))


def test_authorships_relate_each_work_and_its_authors_in_order(graphs):
    cv, schema_org, vivo = graphs
    authorships = sorted({s for s, p, o in vivo if p.value == RDF + "type" and o.value == VIVO + "Authorship"})
    written = sum(len(p.get("authors", [])) for p in cv.data["publications"])
    assert len(authorships) == written > 0
    schema_authors = {(s, o) for s, p, o in schema_org if p.value == "https://schema.org/author"}
    vivo_authors = set()
    for a in authorships:
        related = {o for s, p, o in vivo if s == a and p.value == VIVO + "relates"}
        works = {s for s, p, o in vivo if o == a and p.value == VIVO + "relatedBy"}
        assert len(works) == 1 and works <= related, a
        vivo_authors |= {(next(iter(works)), o) for o in related - works}
    assert vivo_authors == schema_authors, "the two vocabularies name the same works and authors"


def test_a_corporate_author_is_its_organisation(graphs):
    _, _, vivo = graphs
    consortium = [o for s, p, o in vivo if p.value == VIVO + "relates" and o.value.endswith("#org-consortium")]
    assert consortium
    assert (consortium[0], LABEL, Lit("The Engine Consortium")) in vivo  # its registry name


def test_positions(graphs):
    cv, _, vivo = graphs
    positions = {s for s, p, o in vivo if p.value == RDF + "type" and o.value == VIVO + "Position"}
    assert len(positions) == len(cv.data.get("volunteer", [])) > 0
    owner = next(s for s, p, o in vivo if (p, o) == (IRI(RDF + "type"), IRI("http://xmlns.com/foaf/0.1/Person"))
                 and (s, LABEL, Lit(cv.data["person"]["name"])) in vivo)
    assert all((s, IRI(VIVO + "relates"), owner) in vivo for s in positions)


def test_the_second_table_is_checked_like_the_first():
    with pytest.raises(MappingError, match=r"vivo.yaml:\d+:\d+ volunteer.fields.start.as: as: iri does not take"):
        load_table("vivo.yaml", TABLE.replace("start: vivo:start", "start: {p: vivo:start, as: iri}"))
