"""The request texts of `publish --store vivo` (cvgraph/store/vivo_requests.py), run on pyoxigraph:
the record's lines travel as literals that no text can break out of, changes keep each triple with
its record line, requests stay within VIVO's form limit."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from cvgraph.errors import PublishError
from cvgraph.rdf.oxigraph import to_oxigraph_quad
from cvgraph.rdf.terms import IRI, Lit
from cvgraph.store.vivo_requests import (
    ASSERTS,
    KB2,
    Change,
    change_requests,
    encoded_size,
    presence_queries,
    record_line,
    record_query,
    state_queries,
)

META = "urn:cvgraph:metadata"
DOC, OTHER = "https://cv.example.edu/lee", "https://cv.example.edu/kim"
S, P = IRI("https://vivo.example.edu/individual/pub-1"), IRI("http://www.w3.org/2000/01/rdf-schema#label")
EVIL = [Lit('"} } ; DROP ALL ; INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> "c" } }'),
        Lit("line one\nline two\t\\u0022 \\\\u0041 \u00e9\u6f22 \U0001f600"), Lit("Graphs", lang="en-US"),
        Lit("2020-01-01T00:00:00", "http://www.w3.org/2001/XMLSchema#dateTime")]
TRIPLES = [(S, P, o) for o in EVIL]


def store_with_record(doc: str, triples, graph: str = KB2) -> ox.Store:
    store = ox.Store()
    for t in triples:
        store.add(to_oxigraph_quad(t, ox.NamedNode(graph)))
        store.add(to_oxigraph_quad((IRI(doc), ASSERTS, Lit(record_line(t, graph))), ox.NamedNode(META)))
    return store


def test_record_lines_are_n_quads_of_the_triple_in_its_graph():
    for t in TRIPLES:
        [quad] = ox.parse((record_line(t, KB2) + "\n").encode(), format=ox.RdfFormat.N_QUADS)
        assert quad == to_oxigraph_quad(t, ox.NamedNode(KB2))


def test_state_query_finds_old_lines_and_other_cvs_by_exact_literals():
    store = store_with_record(DOC, TRIPLES[:2])
    for t in TRIPLES[1:3]:
        store.add(to_oxigraph_quad((IRI(OTHER), ASSERTS, Lit(record_line(t, KB2))), ox.NamedNode(META)))
    new = [record_line(t, KB2) for t in TRIPLES[2:]]
    [query] = state_queries(DOC, META, new)
    rows = {(r["d"].value, r["p"].value, r["t"].value) for r in store.query(query)}
    a = ASSERTS.value
    assert rows == {(DOC, a, record_line(TRIPLES[0], KB2)), (DOC, a, record_line(TRIPLES[1], KB2)),
                    (OTHER, a, record_line(TRIPLES[1], KB2)),  # an old line another CV asserts
                    (OTHER, a, record_line(TRIPLES[2], KB2))}  # a new line another CV asserts


def test_state_queries_are_cut_to_the_budget_and_together_find_every_line():
    lines = [record_line((S, P, Lit(f"title {i:04}")), KB2) for i in range(300)]
    store = ox.Store()
    for line in lines:
        store.add(to_oxigraph_quad((IRI(OTHER), ASSERTS, Lit(line)), ox.NamedNode(META)))
    queries = state_queries(DOC, META, lines, budget=30_000)
    assert len(queries) > 2 and all(encoded_size(q) < 30_000 for q in queries)
    found = {r["t"].value for q in queries for r in store.query(q)}
    assert found == set(lines)


def test_a_change_applied_to_a_store_moves_it_to_the_new_version_and_its_record():
    old, new = TRIPLES[:3], TRIPLES[1:]
    store = store_with_record(DOC, old)
    change = Change(DOC, delete=[(old[0], KB2)], insert=[(new[-1], KB2)], forget=[record_line(old[0], KB2)],
                    record=[record_line(new[-1], KB2)])
    [text] = change_requests(META, change)
    ops = text.strip().split(" ;\n")
    assert [op.split(" { GRAPH ")[0] for op in ops] == ["DELETE DATA"] * 2 + ["INSERT DATA"] * 2
    assert text.count(ASSERTS.value) == 2  # the record as object lists: subject and predicate once per operation
    assert all(" { GRAPH <" in op for op in ops)
    store.update(text)
    graph = set(store.quads_for_pattern(None, None, None, ox.NamedNode(KB2)))
    assert graph == {to_oxigraph_quad(t, ox.NamedNode(KB2)) for t in new}
    assert len(store) == 2 * len(new)  # and its record, nothing else (no DROP ALL ran)


def test_a_big_change_is_cut_into_requests_each_keeping_a_triple_with_its_record_line():
    triples = [(S, P, Lit(f"title {i:04} " + "x" * 50)) for i in range(200)]
    change = Change(DOC, insert=[(t, KB2) for t in triples], record=[record_line(t, KB2) for t in triples],
                    prov_new=[(IRI(DOC), P, Lit("provenance"))])
    texts = change_requests(META, change, budget=20_000)
    assert len(texts) > 3 and all(encoded_size(t) < 20_000 for t in texts)
    assert ["provenance" in t for t in texts] == [False] * (len(texts) - 1) + [True]
    store = ox.Store()
    for text in texts:
        store.update(text)
        data = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(KB2)))
        assert data == sum(1 for _ in store.quads_for_pattern(None, ox.NamedNode(ASSERTS.value), None, None))
    assert data == 200


def test_a_triple_bigger_than_the_form_limit_is_a_one_line_error():
    huge = (S, P, Lit("x" * 30_000))
    with pytest.raises(PublishError, match="more than VIVO's form limit"):
        change_requests(META, Change(DOC, insert=[(huge, KB2)], record=[record_line(huge, KB2)]), budget=20_000)


def test_presence_and_record_queries_count_what_the_store_holds():
    store = store_with_record(DOC, TRIPLES)
    absent = (S, P, Lit("not there"))
    queries = presence_queries(KB2, [*TRIPLES, absent])
    assert sum(int(next(iter(store.query(q)))["n"].value) for q in queries) == len(TRIPLES)
    rows = presence_queries(KB2, [*TRIPLES, absent], rows=True)
    assert sum(len(list(store.query(q))) for q in rows) == len(TRIPLES)
    [row] = store.query(record_query(DOC, META, "checksum"))
    from cvgraph.store.verify import hash_prefix

    assert int(row["n"].value) == len(TRIPLES)
    assert int(row["sum"].value) == sum(hash_prefix(record_line(t, KB2)) for t in TRIPLES)
    assert {r["t"].value for r in store.query(record_query(DOC, META, "full"))} == {
        record_line(t, KB2) for t in TRIPLES}


def test_no_change_no_request():
    assert change_requests(META, Change(DOC)) == []
