"""Golden graphs: tests/golden/<case>/input.yaml must build exactly expected.ttl.

Compared by isomorphism; a difference prints the triples only expected and only actual.
After a reviewed change: `pytest tests/contract/test_golden.py --update-golden`.
"""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import SDO
from support.paths import TESTS

import cvgraph
from cvgraph.rdf.graph import to_graph

GOLDEN = TESTS / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.yaml").is_file())


@pytest.mark.parametrize("case", CASES)
def test_golden(case, update_golden):
    folder = GOLDEN / case
    actual = to_graph(cvgraph.triples(folder / "input.yaml"))
    assert cvgraph.validate(actual).conforms
    if update_golden:
        (folder / "expected.ttl").write_bytes(cvgraph.serialize(folder / "input.yaml", "turtle"))
    expected = Graph().parse(folder / "expected.ttl", format="turtle")
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(f"{case}: golden graph differs\nonly expected:\n{only_expected.serialize(format='nt')}"
                    f"\nonly actual:\n{only_actual.serialize(format='nt')}")


def test_global_identifiers_win():
    g = to_graph(cvgraph.triples(GOLDEN / "global-ids" / "input.yaml"))
    ada = URIRef("https://orcid.org/0000-0002-1825-0097")
    work = URIRef("https://doi.org/10.1000/xyz.123")  # DOI IRIs are lower-case
    assert (work, SDO.author, ada) in g and (work, SDO.author, URIRef("https://orcid.org/0000-0001-5109-3700")) in g
    assert (URIRef("https://cv.example.org/ada"), SDO.mainEntity, ada) in g  # base: names the page
    assert (ada, SDO.worksFor, URIRef("https://ror.org/01easw929")) in g
    assert (ada, SDO.sameAs, ada) not in g
    assert (ada, SDO.alternateName, Literal("A. A. Lovelace")) in g  # printed variant kept
    assert str(g.value(work, URIRef("http://purl.org/ontology/bibo/doi"))) == "10.1000/xyz.123"
    assert not any("#me" in str(t) for triple in g for t in triple)


def test_two_cvs_sharing_a_doi_meet_in_one_node(tmp_path):
    text = (GOLDEN / "global-ids" / "input.yaml").read_text(encoding="utf-8")
    other = text.replace("Ada Lovelace", "Mary Somerville").replace("0000-0002-1825-0097", "0000-0002-1694-233X") \
        .replace("base: https://cv.example.org/ada", "base: https://cv.example.org/mary")
    (tmp_path / "ada.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "mary.yaml").write_text(other, encoding="utf-8")
    g = cvgraph.build([tmp_path / "ada.yaml", tmp_path / "mary.yaml"])
    work = URIRef("https://doi.org/10.1000/xyz.123")
    assert len(set(g.objects(work, SDO.author))) == 3  # Ada, Mary, and the shared Babbage node
