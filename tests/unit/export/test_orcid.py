"""export orcid: the API v3.0 XML valid against ORCID's work XSD (tests/data/orcid-schema), the
JSON of the shape of ORCID's own write sample, the BibTeX read by bibtexparser; the works already
on an ORCID record (real ones: tests/data/import/orcid) left out; on the sample, every importer
fixture and 100 generated CVs."""
from __future__ import annotations

import json

import bibtexparser
import pytest
from lxml import etree
from support.generate import generate
from support.paths import TESTS

import cvgraph
from cvgraph.api import export
from cvgraph.errors import CvgraphError
from cvgraph.export.formats import export_graph
from cvgraph.export.options import ExportOptions
from cvgraph.records.loader import loads

from .fixtures import FIXTURES, fixture_triples

SCHEMAS = TESTS / "data" / "orcid-schema"
WORK_XSD = etree.XMLSchema(etree.parse(str(SCHEMAS / "record_3.0" / "work-3.0.xsd")))
SAMPLE_WORK = json.loads((SCHEMAS / "samples" / "work-full-3.0.json").read_text("utf-8"))
ORCID = TESTS / "data" / "import" / "orcid"
CARBERRY = ORCID / "real" / "record-0000-0002-1825-0097.json"
BULK = "{http://www.orcid.org/ns/bulk}bulk"


def same_shape(ours, theirs, where: str = "work") -> None:
    """Every key we write is one ORCID's sample has at that place, with the same kind of value."""
    if isinstance(theirs, dict):
        assert isinstance(ours, dict), where
        for key, value in ours.items():
            assert key in theirs, f"{where}.{key} is not in ORCID's work-full-3.0.json"
            same_shape(value, theirs[key], f"{where}.{key}")
    elif isinstance(theirs, list):
        assert isinstance(ours, list), where
        for item in ours:
            same_shape(item, theirs[0], f"{where}[]")
    else:
        assert isinstance(ours, str), where


def check(triples, **options) -> int:
    """Export XML, JSON and BibTeX; check each; the number of works."""
    xml = export_graph("orcid", triples, ExportOptions(output_format="xml", **options)).data
    root = etree.fromstring(xml)
    assert root.tag == BULK
    for work in root:
        assert WORK_XSD.validate(etree.ElementTree(work)), WORK_XSD.error_log
    data = json.loads(export_graph("orcid", triples, ExportOptions(output_format="json", **options)).data)
    assert list(data) == ["bulk"] and all(list(item) == ["work"] for item in data["bulk"])
    for item in data["bulk"]:
        same_shape(item["work"], SAMPLE_WORK)
    bib = export_graph("orcid", triples, ExportOptions(output_format="bibtex", **options)).data.decode("utf-8")
    library = bibtexparser.parse_string(bib)
    assert library.failed_blocks == []
    assert len(root) == len(data["bulk"]) == len(library.entries)
    return len(root)


def test_orcids_own_write_sample_validates():
    # the schema copy is right: ORCID's full work sample is valid against it, and a bad type is not
    sample = etree.parse(str(SCHEMAS / "samples" / "work-full-3.0.xml"))
    assert WORK_XSD.validate(sample)
    sample.getroot().find("{http://www.orcid.org/ns/work}title").tag = "{http://www.orcid.org/ns/work}name"
    assert not WORK_XSD.validate(sample)


def test_sample_works():
    assert check(cvgraph.triples(cvgraph.sample_path())) == 30
    work = json.loads(export("orcid", [cvgraph.sample_path()], options=ExportOptions(output_format="json")).data)
    first = {w["work"]["citation"]["citation-value"].split(",", 1)[0]: w["work"] for w in work["bulk"]}
    lee = first["@article{lee2022improving"]
    assert lee["type"] == "journal-article"
    assert lee["publication-date"] == {"year": {"value": "2022"}}
    assert lee["external-ids"]["external-id"][-1] == {
        "external-id-type": "source-work-id", "external-id-value": "lee2022improving",
        "external-id-relationship": "self"}
    people = lee["contributors"]["contributor"]
    assert people[0]["credit-name"] == {"value": "Sunwoo Lee"}
    assert [p["contributor-attributes"]["contributor-sequence"] for p in people[:2]] == ["first", "additional"]


def test_dois_and_orcid_ids():
    wikidata = TESTS / "data" / "export" / "wikidata.yaml"
    data = json.loads(export("orcid", [wikidata], options=ExportOptions(output_format="json")).data)
    ids = {w["work"]["title"]["title"]["value"]: w["work"]["external-ids"]["external-id"] for w in data["bulk"]}
    assert ids["Notes by the Translator"][0] == {
        "external-id-type": "doi", "external-id-value": "10.1000/notes.1842",
        "external-id-url": {"value": "https://doi.org/10.1000/notes.1842"}, "external-id-relationship": "self"}
    triples = fixture_triples(CARBERRY)
    for work in json.loads(export_graph("orcid", triples, ExportOptions(output_format="json")).data)["bulk"]:
        owner = [c for c in work["work"]["contributors"]["contributor"] if "contributor-orcid" in c]
        assert all(c["contributor-orcid"]["path"] == "0000-0002-1825-0097" for c in owner)
    assert check(triples) == 4


def test_works_on_the_record_are_left_out(tmp_path):
    # a real record: Josiah Carberry's works imported from it are all on it
    triples = fixture_triples(CARBERRY)
    result = export_graph("orcid", triples, ExportOptions(orcid_record=str(CARBERRY)))
    assert result.data == b"" and "4 of 4 works are on the ORCID record already" in result.warnings[0]
    # by DOI (any case) and by title (case, accents, punctuation) and year
    record = tmp_path / "works.json"
    record.write_text(json.dumps({"group": [
        {"work-summary": [{"title": {"title": {"value": "NOTES BY THE TRANSLATOR!"}}, "type": "journal-article",
                           "publication-date": {"year": {"value": "1842"}}}]},
        {"work-summary": [{"title": {"title": {"value": "Another title"}}, "type": "journal-article",
                           "external-ids": {"external-id": [{"external-id-type": "doi",
                                                             "external-id-value": "10.1000/SKETCH.1843"}]}}]},
    ]}), encoding="utf-8")
    wikidata = TESTS / "data" / "export" / "wikidata.yaml"
    bib = export("orcid", [wikidata], options=ExportOptions(orcid_record=str(record))).data.decode("utf-8")
    assert [e.key for e in bibtexparser.parse_string(bib).entries] == ["lovelace1844known"]
    same_year_only = tmp_path / "other-year.json"
    same_year_only.write_text(record.read_text("utf-8").replace('"1842"', '"1843"'), encoding="utf-8")
    bib = export("orcid", [wikidata], options=ExportOptions(orcid_record=str(same_year_only))).data.decode()
    assert "lovelace1842notes" in bib  # the same title in another year is another work


@pytest.mark.parametrize("text, message", [
    ("{not json", "not an ORCID record JSON file"),
    ('{"something": []}', "no ORCID works in this JSON"),
])
def test_a_bad_record_is_one_line(tmp_path, text, message):
    path = tmp_path / "record.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CvgraphError, match=message):
        export_graph("orcid", cvgraph.triples(cvgraph.sample_path()), ExportOptions(orcid_record=str(path)))
    with pytest.raises(CvgraphError, match="cannot read the ORCID record"):
        export_graph("orcid", [], ExportOptions(orcid_record=str(tmp_path / "missing.json")))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.relative_to(TESTS).as_posix())
def test_importer_fixture_works(path):
    check(fixture_triples(path))


def test_generated_cvs_works():
    for name, text in generate(100, 3):
        check(cvgraph.triples(loads(text, name)))
