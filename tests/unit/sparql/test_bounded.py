"""The worker that bounds a local query (cvgraph.sparql.bounded) and the parse-only check
(cvgraph.sparql.parsing): what they promise, without the CLI."""
from __future__ import annotations

import math
import os
import time

import pytest

from cvgraph.sparql.bounded import check_limits, within_deadline
from cvgraph.sparql.catalogue import QueryError, catalogue
from cvgraph.sparql.parsing import Parsed, check_local, parse, prepare


def test_the_workers_result_comes_back():
    assert within_deadline(lambda: {"rows": [1, 2]}, 10, "q.rq") == {"rows": [1, 2]}


def test_a_query_error_in_the_worker_is_raised_as_is():
    def fail() -> None:
        raise QueryError("q.rq:3: something precise")

    with pytest.raises(QueryError, match=r"^q\.rq:3: something precise$"):
        within_deadline(fail, 10, "q.rq")


def test_another_error_in_the_worker_is_one_line():
    def fail() -> None:
        raise RuntimeError("engine says\nno")

    with pytest.raises(QueryError, match=r"^the query failed: engine says no$"):
        within_deadline(fail, 10, "q.rq")


def test_a_worker_that_dies_is_one_line():
    with pytest.raises(QueryError, match=r"q\.rq: the query engine stopped without an answer \(exit status 3"):
        within_deadline(lambda: os._exit(3), 10, "q.rq")


def test_a_worker_past_the_deadline_is_killed(tmp_path):
    marker = tmp_path / "pid"

    def stuck() -> None:
        marker.write_text(str(os.getpid()))
        time.sleep(600)

    start = time.monotonic()
    with pytest.raises(QueryError, match=r"q\.rq: stopped after 0\.5 s \(--timeout\)"):
        within_deadline(stuck, 0.5, "q.rq")
    assert time.monotonic() - start < 5
    with pytest.raises(ProcessLookupError):  # killed and reaped
        os.kill(int(marker.read_text()), 0)


@pytest.mark.parametrize("timeout", [0, -1, math.nan, math.inf])
def test_a_timeout_that_is_not_a_positive_number_is_refused(timeout):
    with pytest.raises(QueryError, match="--timeout"):
        check_limits(timeout, 10)


def test_parse_evaluates_nothing_and_finds_what_a_query_reaches():
    parsed = parse("PREFIX ex: <http://example.org/>\nSELECT * FROM NAMED <http://example.org/g> WHERE {\n"
                   "  SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o }\n  SERVICE ?where { ?s ?p ?x }\n"
                   "  FILTER(ex:f(?o) && xsd:integer(?x) > 1 && STRLEN(?o) > 0) }", "q.rq")
    assert parsed.services == ("http://example.org/sparql", "?where")
    assert parsed.datasets == ("http://example.org/g",)
    assert parsed.functions == ("http://example.org/f",)


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <x:y> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o .sErViCe <x:y> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <x:y> { ?s ?p ?o } }",
    "SELECT * WHERE { \\U00000053ERVICE <x:y> { ?s ?p ?o } }",
    "# a comment\rSERVICE <x:y> { ?s ?p ?o }",
    "SELECT * FROM <x:g> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p 'a # not a comment' SERVICE <x:y> { ?s ?p ?o } }",
])
def test_a_query_that_may_name_other_data_is_parsed_before_it_runs(text):
    assert Parsed(text, "q.rq").may_name_other_data


@pytest.mark.parametrize("name", list(catalogue()))
def test_bundled_queries_run_on_pyoxigraph_without_a_second_parser(name):
    """None of them names SERVICE or FROM: pyoxigraph runs them without rdflib's parse (20-300 ms)."""
    assert not prepare(catalogue()[name], {}).may_name_other_data


def test_a_syntax_error_is_located_on_the_users_line_not_the_bound_one():
    query = catalogue()["invited-talks"]
    broken = type(query)(query.name, query.text + "\nLIMIT x\n", "mine.rq", params=query.params)
    lines = broken.text.count("\n")
    with pytest.raises(QueryError, match=rf"^mine\.rq:{lines}:\d+: SPARQL syntax error"):
        check_local(prepare(broken, {"year": "2023"}), engine="rdflib")
