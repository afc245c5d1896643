"""The graph reader: works and people as typed records."""
from __future__ import annotations

import yaml
from support.paths import ROOT

import cvgraph
from cvgraph.export.works import KINDS, read_graph


def test_kinds_agree_with_the_mapping():
    table = yaml.safe_load((ROOT / "ontology" / "mapping.yaml").read_text("utf-8"))
    for kind, classes in table["publications"]["types_by"].items():
        fabio = [c.split(":", 1)[1] for c in classes if c.startswith("fabio:")]
        assert all(KINDS.get(c, "other") == kind for c in fabio), kind


def test_sample_works():
    g = read_graph(cvgraph.triples(cvgraph.sample_path()))
    assert g.owners == ("https://sites.google.com/view/sunwoolee#me",)
    works = {w.key: w for w in g.works}
    assert len(works) == 30
    w = works["lee2022improving"]
    assert (w.kind, w.date, w.volume, w.pages, w.page_start, w.page_end) == ("journal", "2022", "159", "10-23",
                                                                           "10", "23")
    assert [a.name.full for a in w.authors][:2] == ["Sunwoo Lee", "Qiao Kang"]
    assert w.authors[0].owner and w.authors[0].name.family == "Lee"
    assert w.venue is not None
    assert (w.venue.kind, w.venue.name) == ("journal", "Journal of Distributed and Parallel Computing")
    assert works["tang2023fedml"].venue.kind == "repository"
    assert works["lee2023layerwise"].notes == ("acceptance rate: 19.7%", "oral presentation")



CV = """cvgraph: 1
base: https://example.org/ada
person: {name: Ada Lovelace, orcid: 0000-0002-1825-0097}
organizations:
  - {id: cam, name: University of Cambridge, kind: university}
  - {id: society, name: The Engine Society}
people:
  - {id: charles-babbage, name: Charles Babbage, affiliation: cam, orcid: 0000-0001-5109-3700}
  - {id: john-von-neumann, name: John von Neumann}
publications:
  - id: ada1843notes
    kind: preprint
    title: Notes on the Engine
    authors: [Ada Lovelace, Charles Babbage, John von Neumann, {name: The Engine Society, ref: society}]
    et_al: true
    year: 1843-07
    arxiv: 2301.00001
    pages: 1-14
"""


def test_people_and_identifiers():
    from cvgraph.records.loader import loads

    g = read_graph(cvgraph.triples(loads(CV, "cv.yaml")))
    (w,) = g.works
    assert (w.key, w.kind, w.date, w.year, w.arxiv, w.et_al) == ("ada1843notes", "preprint", "1843-07", "1843",
                                                                 "2301.00001", True)
    assert w.same_as == ("https://arxiv.org/abs/2301.00001",)
    ada, charles, john, society = w.authors
    assert ada.owner and ada.orcid == "0000-0002-1825-0097"
    assert (charles.orcid, charles.affiliations, charles.owner) == ("0000-0001-5109-3700",
                                                                    ("University of Cambridge",), False)
    assert (john.name.given, john.name.particle, john.name.family) == ("John", "von", "Neumann")
    assert society.organization and society.name.literal == "The Engine Society"
    assert g.people[charles.iri] is charles


def test_keys_of_doi_named_works_without_ids():
    """A --data graph names a DOI'd work by its DOI: its key is made as the records make a default id."""
    from support.generate import generate

    from cvgraph.records.loader import loads

    name, text = next(generate(1, 0))
    cv = loads(text, name)
    g = read_graph(cvgraph.triples(cv))
    assert any(w.iri.startswith("https://doi.org/") for w in g.works)
    assert len({w.key for w in g.works}) == len(g.works) == len(cv.publications)
    assert len({w.key for w in g.works} & set(cv.publications)) >= len(cv.publications) * 9 // 10
