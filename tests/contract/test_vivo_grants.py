"""The VIVO profile of what issue 14 added: grants on the owner's VIVO page (VIVO's own list views
"principal investigator on" / "co-principal investigator on"), a work's abstract, keywords and
patent number, unranked authorships of an incomplete author list, and a warning for each thing
VIVO-ISF cannot hold (links by kind, selected works, grants' other names)."""
from __future__ import annotations

import pytest
from support.paths import TESTS
from support.vivo_listviews import profile
from support.vivo_reasoner import load_data

import cvgraph
from cvgraph.mapping.profiles import VivoOptions
from cvgraph.mapping.vivo_gaps import left_out
from cvgraph.mapping.vivo_names import Names
from cvgraph.rdf.syntax import serialize
from cvgraph.rdf.terms import IRI, Lit

NS = "https://vivo.example.edu/individual/"
OPTIONS = VivoOptions(namespace=NS)
EXTENDED = TESTS / "data" / "extended.yaml"
VIVO = "http://vivoweb.org/ontology/core#"
BIBO = "http://purl.org/ontology/bibo/"


@pytest.fixture(scope="module")
def extended() -> cvgraph.CV:
    return cvgraph.load(EXTENDED)


@pytest.fixture(scope="module")
def sections(extended, shared_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("vivo") / "vivo.nt"
    path.write_bytes(serialize(cvgraph.triples(EXTENDED, profile="vivo", vivo=OPTIONS), "nt"))
    store = load_data(path, ontology=shared_dir / "vocab" / "vivo.owl", reason=True)
    return profile(store, Names(extended, NS).owner.value, shared_dir / "vivo")


def test_grants_show_on_the_owners_vivo_page_by_role_with_their_funder(sections):
    pi = sections["principal investigator on"].rows
    assert [(str(r["activityLabel"]), str(r["awardedByLabel"])) for r in pi] == [
        ("CAREER: Engines for Everyone", "National Science Foundation")]
    co = sections["co-principal investigator on"].rows
    assert [str(r["activityLabel"]) for r in co] == ["Royal Society Fellowship Grant"]


def test_work_abstract_keywords_funding_and_grant_number_in_vivo_terms(extended):
    items = set(cvgraph.triples(EXTENDED, profile="vivo", vivo=OPTIONS))
    names = Names(extended, NS)
    work, grant = names.publication("lovelace2023mobile"), names.own("grant", "nsf-engines")
    assert (work, IRI(BIBO + "abstract"), Lit("Engines that move: the Analytical Engine on wheels.")) in items
    assert {o.value for s, p, o in items if s == work and p.value == VIVO + "freetextKeyword"} == {
        "analytical engine", "mobility"}
    assert (work, IRI(VIVO + "informationResourceSupportedBy"), grant) in items
    assert (grant, IRI(VIVO + "sponsorAwardId"), Lit("CCF-1843000")) in items
    assert (grant, IRI(VIVO + "totalAwardAmount"), Lit("500,000 USD")) in items  # as written


def test_patent_number_and_an_incomplete_author_list_have_no_ranks(tmp_path):
    path = tmp_path / "cv.yaml"
    path.write_text("person:\n  name: Ada Lovelace\n  homepage: https://example.org/~ada\npublications:\n"
                    "  - {id: loom, kind: patent, title: A Loom, authors: [Ada Lovelace], number: GB 1234}\n"
                    "  - {id: orcid, kind: journal, title: T, authors: [Ada Lovelace], authors_incomplete: true}\n",
                    encoding="utf-8")
    cv = cvgraph.load(path)
    items = set(cvgraph.triples(path, profile="vivo", vivo=OPTIONS))
    names = Names(cv, NS)
    loom, orcid = names.publication("loom"), names.publication("orcid")
    assert (loom, IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), IRI(BIBO + "Patent")) in items
    assert (loom, IRI(VIVO + "patentNumber"), Lit("GB 1234")) in items
    ranks = {s.value for s, p, _ in items if p.value == VIVO + "rank"}
    assert f"{loom.value}-authorship-1" in ranks and f"{orcid.value}-authorship-1" not in ranks
    report = cvgraph.validate(path, profile="vivo", vivo=OPTIONS)
    assert report.conforms, report.text()


def test_what_vivo_cannot_hold_is_a_located_warning(extended):
    warnings = "\n".join(left_out(extended))
    for what in ("links: works' links by kind", "selected: which works are selected", "grants: grants' other names"):
        assert what in warnings
    assert all(line.startswith(f"{extended.file}:") for line in left_out(extended))
