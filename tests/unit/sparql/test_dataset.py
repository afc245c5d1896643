"""with_from: a query's dataset written as FROM clauses where the grammar puts them (for Virtuoso),
checked by parsing the result again; None where it cannot be placed surely."""
from __future__ import annotations

import pytest

from cvgraph.sparql.catalogue import catalogue
from cvgraph.sparql.dataset import with_from
from cvgraph.sparql.parsing import Parsed, prepare

G = ["https://example.org/g/1", "https://example.org/g/2"]


def datasets(text: str) -> tuple[str, ...]:
    return Parsed(text, "q").datasets


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_bundled_query_takes_the_clauses(name):
    query = catalogue()[name]
    text = prepare(query, {}).text
    made = with_from(text, G)
    assert made is not None and datasets(made) == tuple(G)
    assert made.replace("FROM <https://example.org/g/1>\nFROM <https://example.org/g/2>\n", "") \
        .replace("\n", "") == text.replace("\n", "")  # nothing else changed


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o }",
    "select ?s { ?s ?p ?o }",
    "PREFIX select: <https://example.org/>\nSELECT ?s WHERE { ?s select:p ?o }",
    "SELECT (EXISTS { ?s ?p ?o } AS ?any) WHERE { ?s ?p ?o }",
    'SELECT ?s WHERE { ?s ?p "a { WHERE } string" } # a { comment WHERE',
    "# SELECT in a comment\nASK { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "DESCRIBE ?s WHERE { ?s ?p ?o }",
    'SELECT ?s WHERE { ?s ?p """long { WHERE\n""" }',
])
def test_clauses_go_before_the_where_clause(text):
    made = with_from(text, G)
    assert made is not None and datasets(made) == tuple(G), made


@pytest.mark.parametrize("text", [
    "DESCRIBE <https://example.org/x>",  # no WHERE clause: nowhere sure to put them
    "SELECT * FROM <https://example.org/own> WHERE { ?s ?p ?o }",  # the query's own dataset
])
def test_none_where_it_cannot_be_done_surely(text):
    assert with_from(text, G) is None
