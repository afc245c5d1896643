"""Queries on CVs with collaboration papers (issue 14 §4): no bundled query raises on a CV with a
3,000-author paper, the long lists come out in printed order, both engines agree on a 1,000-author
paper (where rdflib's rdf:rest* walk raised a RecursionError), and engine failures are one line.
Speed is measured by benchmarks/long_author_lists.py, not here."""
from __future__ import annotations

import subprocess
import sys
from functools import cache

import pytest
from support import bigpaper
from support.paths import ROOT

import cvgraph
from cvgraph.sparql.bounded import within_deadline
from cvgraph.sparql.catalogue import QueryError, bind, catalogue
from cvgraph.sparql.engines import oxigraph_store, rdflib_graph, run_local, run_oxigraph, run_rdflib

QUERIES = catalogue()
ABOUT_WORKS = {"coauthor-network", "coauthors", "cv-owners", "data-quality", "first-last-sole-authored",
               "has-publication-in-year", "publication-list", "publications-by-year", "venues"}


@cache
def cv(authors: int, tmp: str) -> tuple[str, list]:
    path = bigpaper.write(f"{tmp}/cv-{authors}.yaml", authors=authors)
    return str(path), cvgraph.triples(path)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return cv(3000, str(tmp_path_factory.mktemp("big")))


@pytest.fixture(scope="module")
def thousand(tmp_path_factory):
    return cv(1000, str(tmp_path_factory.mktemp("thousand")))


@pytest.mark.parametrize("name", list(QUERIES))
def test_no_bundled_query_raises_on_a_3000_author_paper(big, name):
    q = QUERIES[name]
    result, engine = run_local(bind(q, {}), q.form, big[1], timeout=60)
    assert engine == "oxigraph"
    if name in ABOUT_WORKS:  # the CV has works only (no talks, courses, service …)
        assert result.boolean if q.form == "ASK" else (result.rows or result.triples)


def test_the_long_list_comes_out_whole_and_in_printed_order(big):
    q = QUERIES["publication-list"]
    result, _ = run_local(bind(q, {}), q.form, big[1])
    rows = {r[2].value.rsplit("/", 1)[-1]: r for r in result.rows}
    long = rows["collab-long"]
    names = [bigpaper._name(i) for i in range(1, 3000)]
    names.insert(len(names) // 2, bigpaper.OWNER)
    assert long[5].value == ", ".join(names) and long[6].value == "3000"


def test_first_last_sole_on_long_lists(big):
    q = QUERIES["first-last-sole-authored"]
    result, _ = run_local(bind(q, {}), q.form, big[1])
    found = {(r[3].value.rsplit("/", 1)[-1], r[2].value): (r[6].value, r[7].value) for r in result.rows}
    assert found[("collab-short", "last")] == ("600", "600")  # the owner ends a 600-author list
    assert not [k for k in found if k[0] == "collab-long"]  # in the middle of the 3,000


def test_a_collaboration_paper_links_the_owner_with_each_author_only(big):
    q = QUERIES["coauthor-network"]
    result, _ = run_local(bind(q, {}), q.form, big[1])
    colleague = "https://schema.org/colleague"
    edges = {(s.value, o.value) for s, p, o in result.triples if p.value == colleague}
    me = next(s.value for s, p, o in result.triples if p.value == colleague and "0000-0002-1825-0097" in s.value)
    far = next(s for s, o in edges if s.endswith("#person-p02999"))  # only in the 3,000-author paper
    assert {o for s, o in edges if s == far} == {me}  # knows the owner, and no one else there
    # two authors of an ordinary (small) work know each other
    assert any(s != me and o != me for s, o in edges)


def test_engines_agree_on_a_1000_author_paper(thousand):
    """Before issue 14 rdflib raised a RecursionError here (one rdf:rest* recursion per author)."""
    graph, store = rdflib_graph(thousand[1], None), oxigraph_store(thousand[1], None)
    for name in ("publication-list", "first-last-sole-authored", "coauthors"):
        q = QUERIES[name]
        text = bind(q, {})
        assert run_rdflib(text, q.form, graph).to_json() == run_oxigraph(text, q.form, store).to_json(), name


def test_a_recursion_error_is_one_line_with_its_exit_code(big, tmp_path):
    walk = tmp_path / "walk.rq"
    walk.write_text("# title: Walk\n# description: Every cell of every author list, the slow way round.\n"
                    "PREFIX bibo: <http://purl.org/ontology/bibo/>\n"
                    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
                    "SELECT (COUNT(?cell) AS ?n) WHERE { ?w bibo:authorList ?l . ?l rdf:rest* ?cell }\n",
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cvgraph.cli", "query", str(walk), big[0], "--engine", "rdflib"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert "recursed too deeply" in done.stderr and "--engine oxigraph" in done.stderr


class Panic(BaseException):
    """Like pyo3's PanicException (a Rust panic in pyoxigraph): not an Exception."""


def test_an_engine_panic_in_the_worker_is_one_line():
    def panic() -> None:
        raise Panic("called `Option::unwrap()` on a `None` value\nat src/lib.rs")

    with pytest.raises(QueryError, match=r"^the query failed: called `Option::unwrap\(\)` on a `None` value at"):
        within_deadline(panic, 10, "q.rq")


def test_the_cli_answers_on_a_3000_author_paper(big):
    done = subprocess.run([sys.executable, "-m", "cvgraph.cli", "query", "publication-list", big[0], "-f", "csv"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
    assert len(done.stdout.splitlines()) == 83  # a header and 82 works
