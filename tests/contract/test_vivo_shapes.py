"""The VIVO shapes (shapes/vivo.ttl) beyond their cases (tests/contract/test_shapes.py runs those):
their class lists are the class hierarchy of VIVO-ISF, and VIVO's own sample data violates exactly
what we know it violates, before and after VIVO's reasoner. Reads ../shared/vocab and ../shared/vivo.
"""
from __future__ import annotations

import functools
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import FOAF, SH, SKOS
from support.paths import TESTS
from support.vivo_reasoner import INFERRED, load_data

from contract.test_shapes import load_case
from cvgraph.shacl.validation import ENGINES, shapes_graph, validate

VIVO = Namespace("http://vivoweb.org/ontology/core#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
OBO = Namespace("http://purl.obolibrary.org/obo/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
CVV = Namespace("https://w3id.org/cvgraph/shapes/vivo#")
SAMPLE = Namespace("http://vivo.mydomain.edu/individual/")


@functools.cache
def ontology(vocab_dir: Path) -> Graph:
    return Graph().parse(vocab_dir / "vivo.owl", format="xml")


def below(tbox: Graph, *roots: URIRef) -> set[URIRef]:
    """The roots and every IRI class below them (rdfs:subClassOf*) in the ontology."""
    found: set[URIRef] = set()
    todo = list(roots)
    while todo:
        cls = todo.pop()
        if cls not in found:
            found.add(cls)
            todo += [c for c in tbox.subjects(RDFS.subClassOf, cls) if isinstance(c, URIRef)]
    return found


def expected_lists(tbox: Graph) -> dict[URIRef, set[URIRef]]:
    """What each shape's class list must be: helpers (their sh:in) and targets (sh:targetClass)."""
    works = below(tbox, BIBO.Document, BIBO.Collection)
    people = below(tbox, FOAF.Person)
    return {
        CVV.IsPerson: people,
        CVV.IsOrganization: below(tbox, FOAF.Organization),
        CVV.IsAgent: below(tbox, FOAF.Agent) | {VCARD.Individual},
        CVV.IsWork: works | {OBO.IAO_0000030},
        CVV.PersonShape: people,
        CVV.OrganizationShape: below(tbox, FOAF.Agent) - people,
        CVV.WorkShape: works,
        CVV.AuthorRanksConsecutiveShape: works,
        CVV.AuthorRanksUniqueShape: works,
        CVV.PositionShape: below(tbox, VIVO.Position),
        CVV.AdvisingShape: below(tbox, VIVO.AdvisingRelationship),
        CVV.RoleShape: below(tbox, OBO.BFO_0000023),
        CVV.UrlShape: below(tbox, VCARD.URL),
    }


def class_list(sg: Graph, shape: URIRef) -> set[URIRef]:
    targets = set(sg.objects(shape, SH.targetClass))
    if targets:
        return targets  # type: ignore[return-value]
    inner = sg.value(sg.value(shape, SH.property), SH.qualifiedValueShape)  # a helper: rdf:type in (...)
    return set(Collection(sg, sg.value(inner, SH["in"])))  # type: ignore[arg-type]


def test_class_lists_are_the_vivo_hierarchy(shared_dir: Path) -> None:
    """Without inference a shape reaches a subclass's instances only if it lists the subclass: every
    list is the rdfs:subClassOf closure in vivo.owl that its comment names."""
    tbox = ontology(shared_dir / "vocab")
    sg = shapes_graph("vivo")
    for shape, expected in expected_lists(tbox).items():
        actual = class_list(sg, shape)
        assert actual == expected, f"{shape}: missing {sorted(expected - actual)}, extra {sorted(actual - expected)}"


def test_other_targets_have_no_subclasses(shared_dir: Path) -> None:
    """The remaining target lists miss no subclass of a class they name (vivo:Presentation brings
    vivo:InvitedTalk, vivo:EventSeries its three series, …)."""
    tbox = ontology(shared_dir / "vocab")
    sg = shapes_graph("vivo")
    listed = expected_lists(tbox)
    for shape in set(sg.subjects(SH.targetClass, None)) - set(listed):
        targets = set(sg.objects(shape, SH.targetClass))
        assert below(tbox, *targets) == targets, (shape, sorted(below(tbox, *targets) - targets))
    assert (CVV.ListedIndividualShape, SH.targetClass, SKOS.Concept) in sg


# What VIVO's own sample data violates (all three: authorships of single-author works without a
# vivo:rank, which VIVO's list view tolerates; see the judgement in shapes/vivo.ttl).
SAMPLE_VIOLATIONS = {
    (str(SAMPLE[n]), str(CVV["AuthorshipShape"]), "sh:OrConstraintComponent") for n in ("n1189", "n2375", "n8066")
}


def _found(graph: Graph, engine: str) -> set[tuple[str, str, str]]:
    if engine == "turbo":
        pytest.importorskip("pyshacl_turbo", reason="pyshacl-turbo is not installed (it needs Python >= 3.11)")
    report = validate(graph, "vivo", engine)
    assert all(r.severity == "Violation" for r in report.results)
    return {(r.focus, r.shape, r.constraint) for r in report.results}


@pytest.fixture(scope="module")
def sample(shared_dir: Path) -> Graph:
    return Graph().parse(shared_dir / "vivo" / "sample-data.n3", format="turtle")


@pytest.mark.parametrize("engine", ENGINES)
def test_vivo_sample_data(sample: Graph, engine: str) -> None:
    assert _found(sample, engine) == SAMPLE_VIOLATIONS


@pytest.mark.parametrize("engine", ENGINES)
def test_vivo_sample_data_after_vivos_reasoner(shared_dir: Path, sample: Graph, engine: str) -> None:
    """The same violations once VIVO's reasoner has added superclass types, most specific types and
    inverses (tests/support/vivo_reasoner.py): the shapes hold on data read back from a VIVO store.
    The inferences are added to the rdflib graph (the store would turn xsd:int ranks into xsd:integer)."""
    store = load_data(shared_dir / "vivo" / "sample-data.n3", ontology=shared_dir / "vocab" / "vivo.owl")
    inferred = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, INFERRED)]
    assert all(not isinstance(t.object, ox.Literal) for t in inferred)
    graph = Graph()
    graph += sample
    graph.parse(data=ox.serialize(inferred, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert len(graph) > len(sample) + 500
    assert (SAMPLE.n733, RDF.type, FOAF.Agent) in graph  # a vivo:FacultyMember, now also a foaf:Agent
    assert _found(graph, engine) == SAMPLE_VIOLATIONS


VIVO_CASES = sorted((TESTS / "shapes" / "vivo-cases").glob("*.ttl"))


@pytest.mark.parametrize("path", VIVO_CASES, ids=[p.stem for p in VIVO_CASES])
def test_engines_agree_on_the_vivo_cases(path: Path) -> None:
    """pyshacl-turbo and pySHACL give the same report on every VIVO case (test_shapes.py checks the
    cases under the engine in use only), SPARQL-based constraints included."""
    pytest.importorskip("pyshacl_turbo", reason="pyshacl-turbo is not installed (it needs Python >= 3.11)")
    data = load_case(path).data
    reports = [validate(data, "vivo", engine) for engine in ENGINES]
    assert reports[0] == reports[1]
    assert reports[0].text() == reports[1].text()
