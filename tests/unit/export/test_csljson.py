"""export csl-json: valid against the CSL-JSON schema (tests/data/export/csl-data.json, the
citation-style-language project's), names and dates split, on the sample, every importer fixture
and 100 generated CVs."""
from __future__ import annotations

import json
import warnings

import jsonschema
import pytest
from citeproc.source.json import CiteProcJSON
from support.generate import generate
from support.paths import TESTS

import cvgraph
from cvgraph.export.formats import export_graph
from cvgraph.records.loader import loads

from .fixtures import FIXTURES, fixture_triples

SCHEMA = json.loads((TESTS / "data" / "export" / "csl-data.json").read_text("utf-8"))


def valid(triples) -> list:
    """The export, valid against the schema, and read by citeproc-py without a warning (it warns
    about every variable it does not know)."""
    items = json.loads(export_graph("csl-json", triples).data)
    jsonschema.validate(items, SCHEMA)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CiteProcJSON(items)
    return items


def test_sample_is_valid_csl_json():
    items = {i["id"]: i for i in valid(cvgraph.triples(cvgraph.sample_path()))}
    art = items["lee2022improving"]
    assert art["type"] == "article-journal"
    assert art["author"][0] == {"family": "Lee", "given": "Sunwoo"}
    assert art["issued"] == {"date-parts": [[2022]]}
    assert (art["container-title"], art["volume"], art["page"]) == (
        "Journal of Distributed and Parallel Computing", "159", "10-23")
    assert items["tang2023fedml"]["type"] == "article"
    assert items["lee2023layerwise"]["type"] == "paper-conference"


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_importer_fixture_is_valid_csl_json(path):
    valid(fixture_triples(path))  # raises jsonschema.ValidationError when not valid


def test_generated_cvs_are_valid_csl_json():
    for name, text in generate(100, 3):
        assert valid(cvgraph.triples(loads(text, name)))


def test_names_in_parts():
    from cvgraph.export.csljson import csl_name
    from cvgraph.export.names import split
    from cvgraph.export.works import Person

    def name(full: str) -> dict:
        return csl_name(Person(iri="x", name=split(full)))

    assert name("John von Neumann") == {"family": "Neumann", "given": "John", "non-dropping-particle": "von"}
    assert name("Martin Luther King Jr.") == {"family": "King", "given": "Martin Luther", "suffix": "Jr."}
    assert csl_name(Person(iri="x", name=split("ACME"), organization=True)) == {"literal": "ACME"}
