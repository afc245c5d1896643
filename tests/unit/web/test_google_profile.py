"""`cvgraph validate --profile google`: Google's ProfilePage requirements as SHACL.

Required properties are violations, recommended ones warnings (the page still conforms).
"""
from __future__ import annotations

import pytest
from click.testing import CliRunner

import cvgraph
from cvgraph.cli import main
from cvgraph.rdf.graph import to_graph

PAGE = "https://example.org/~ada"


def report_for(yaml_text: str):
    return cvgraph.validate(to_graph(cvgraph.triples(cvgraph.loads(yaml_text, name="cv.yaml"))), profile="google")


def test_sample_conforms_with_the_recommendations_it_lacks_as_warnings():
    result = CliRunner().invoke(main, ["validate", "--profile", "google", "--no-cache"])
    assert result.exit_code == 0, result.output
    warned = {line.split()[-1] for line in result.output.splitlines() if line.startswith("Warning:")}
    report = cvgraph.validate(cvgraph.build(cvgraph.sample_path()), profile="google")
    paths = sorted(r.path for r in report.results if r.severity == "Warning")
    # the seed prints no ORCID, image, description, alternate name or profile dates
    assert paths == ["schema:alternateName", "schema:dateCreated", "schema:dateModified", "schema:description",
                     "schema:identifier", "schema:image", "schema:sameAs"], report.text()
    assert report.conforms and warned


def test_a_fuller_cv_silences_the_warnings_it_can():
    report = report_for(f"""
updated: 2024-07-01
person:
  name: Ada Lovelace
  aliases: [A. A. Lovelace]
  homepage: {PAGE}
  orcid: 0000-0002-1825-0097
  dblp: https://dblp.org/pid/00/0000
""")
    paths = {r.path for r in report.results if r.severity == "Warning"}
    assert "schema:dateModified" not in paths and "schema:identifier" not in paths
    assert "schema:sameAs" not in paths and "schema:alternateName" not in paths
    assert report.conforms


@pytest.mark.parametrize("drop, constraint", [
    ("mainEntity", "sh:MinCountConstraintComponent"),
    ("name", "sh:MinCountConstraintComponent"),
    ("type", "sh:OrConstraintComponent"),
])
def test_required_properties_are_violations(drop, constraint):
    from rdflib import RDF, URIRef
    from rdflib.namespace import SDO

    graph = cvgraph.build(cvgraph.sample_path())
    me = URIRef("https://sites.google.com/view/sunwoolee#me")
    if drop == "mainEntity":
        graph.remove((None, SDO.mainEntity, None))
    elif drop == "name":
        graph.remove((me, SDO.name, None))
    else:
        graph.remove((me, RDF.type, None))
    report = cvgraph.validate(graph, profile="google")
    assert not report.conforms
    assert [r.constraint for r in report.violations] == [constraint], report.text()
