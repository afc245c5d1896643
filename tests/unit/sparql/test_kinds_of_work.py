"""The kind of work in the bundled queries is the work's FaBiO class, not its venue (issue 14, "Kind
lost in the graph"): a journal article without a venue is a journal article, a conference paper in
a venue typed as a journal (a symposium whose proceedings are a journal issue, e.g. PLDI in ACM
SIGPLAN Notices) is a conference paper, a patent is a patent, a preprint a preprint; on rdflib and
pyoxigraph alike. Hand-built records, one work of each case."""
from __future__ import annotations

from pathlib import Path

import pytest

import cvgraph
from cvgraph.sparql.catalogue import bind, catalogue
from cvgraph.sparql.engines import oxigraph_store, rdflib_graph, run_oxigraph, run_rdflib

QUERIES = catalogue()
D = "https://cv.example.org/kinds#"
PLDI = "https://doi.org/10.1145/1000000.1000001"  # a work with a DOI is named by it
RECORDS = """\
cvgraph: 1
base: https://cv.example.org/kinds
person: {name: Ada Kind}
organizations:
  - {id: mit, name: Massachusetts Institute of Technology, kind: university}
people:
  - {id: bo, name: Bo Other}
venues:
  - {id: sigplan, name: ACM SIGPLAN Notices, kind: journal}
  - {id: arxiv, name: arXiv, kind: repository}
  - {id: wml, name: Workshop on Machine Learning, kind: workshop}
publications:
  - {id: novenue, kind: journal, title: A Journal Article Without a Venue, authors: [Ada Kind], year: 2021}
  - {id: pldi, kind: conference, title: A Symposium Paper Published in a Journal,
     authors: [Ada Kind, Bo Other], venue: sigplan, year: 2020, doi: 10.1145/1000000.1000001}
  - {id: patent, kind: patent, title: A Method for Counting Kinds of Work, authors: [Bo Other, Ada Kind],
     number: "US 11,234,567 B2", year: 2022}
  - {id: preprint, kind: preprint, title: A Preprint on arXiv, authors: [Ada Kind], venue: arxiv, year: 2023}
  - {id: thesis, kind: thesis, title: On Kinds, authors: [Ada Kind], degree: Ph.D., publisher: mit, year: 2019}
  - {id: workshop, kind: workshop, title: A Workshop Paper, authors: [Ada Kind], venue: wml, year: 2018}
"""


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kinds") / "kinds.yaml"
    path.write_text(RECORDS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def got(records) -> dict[str, list[dict[str, str]]]:
    """Each query's rows as {variable: value}, after checking that rdflib and pyoxigraph agree."""
    triples = cvgraph.triples(records)
    graph, store = rdflib_graph(triples, None), oxigraph_store(triples, None)
    out = {}
    for name in ("publication-list", "publications-by-year", "venues", "data-quality", "first-last-sole-authored"):
        q = QUERIES[name]
        text = bind(q, {})
        a, b = run_rdflib(text, q.form, graph), run_oxigraph(text, q.form, store)
        assert a.to_json() == b.to_json(), f"{name}: rdflib and pyoxigraph differ"
        out[name] = [{v: t.value for v, t in zip(a.variables, row, strict=True) if t is not None} for row in a.rows]
    return out


def test_publication_list_types_by_fabio_class_not_venue(got):
    types = {r["work"].removeprefix(D): r["type"] for r in got["publication-list"]}
    assert types == {"pub-novenue": "journal article", PLDI: "conference paper", "pub-patent": "patent",
                     "pub-preprint": "preprint", "pub-thesis": "thesis", "pub-workshop": "workshop paper"}


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_publication_list_type_parameter_selects_by_the_kind(records, engine):
    result = cvgraph.query("publication-list", records, params={"type": "journal article"}, engine=engine)
    assert [row[result.variables.index("title")].value for row in result.rows] == ["A Journal Article Without a Venue"]
    result = cvgraph.query("publication-list", records, params={"type": "patent"}, engine=engine)
    assert [row[result.variables.index("title")].value for row in result.rows] == ["A Method for Counting Kinds of Work"]


def test_publications_by_year_counts_each_kind(got):
    counts = {(r["year"], r["type"]): r["works"] for r in got["publications-by-year"]}
    assert counts == {("2023", "preprint"): "1", ("2022", "patent"): "1", ("2021", "journal"): "1",
                      ("2020", "conference"): "1", ("2019", "thesis"): "1", ("2018", "conference"): "1"}


def test_venues_kind_is_the_venues_own_and_arxiv_is_a_repository(got):
    kinds = {r["venueName"]: r["kind"] for r in got["venues"]}
    assert kinds == {"ACM SIGPLAN Notices": "journal", "arXiv": "repository", "Workshop on Machine Learning": "workshop",
                     "Massachusetts Institute of Technology": "publisher"}  # the thesis' school


def test_data_quality_asks_a_patent_for_its_number_not_a_venue_or_doi(got):
    missing = {r["work"].removeprefix(D): r["missing"] for r in got["data-quality"]}
    assert missing == {"pub-novenue": "venue, DOI", "pub-preprint": "DOI", "pub-thesis": "DOI",
                       "pub-workshop": "DOI"}


def test_first_last_sole_authored_covers_every_kind(got):
    roles = {(r["work"].removeprefix(D), r["authorship"]) for r in got["first-last-sole-authored"]}
    assert roles == {("pub-novenue", "sole"), ("pub-preprint", "sole"), ("pub-thesis", "sole"),
                     ("pub-workshop", "sole"), (PLDI, "first"), ("pub-patent", "last")}


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_a_patent_is_a_publication_in_its_year(records, engine):
    assert cvgraph.query("has-publication-in-year", records, params={"year": "2022"}, engine=engine).boolean
    assert not cvgraph.query("has-publication-in-year", records, params={"year": "2017"}, engine=engine).boolean
