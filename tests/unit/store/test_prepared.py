"""A CV made ready to publish in the batch workers (cvgraph.store.prepared): the same graph, count
and checksums as the in-process path (skolemise, canonicalise, local_checksum), from text."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

import cvgraph
from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, nt_line
from cvgraph.store import verify
from cvgraph.store.prepared import parse, prepare, prepare_triples
from cvgraph.store.updates import GENID

G = "https://example.org/cv/"
S = IRI("https://example.org/s")
EDGES = [
    (S, IRI("https://example.org/p1"), Lit('é "q"\n中 \U0001F600 \\ back\t\x01 \\u0041')),
    (S, IRI("https://example.org/p2"), Lit("hi", lang="en-US")),
    (S, IRI("https://example.org/p3"), Lit("1.50", XSD + "decimal")),
    (S, IRI("https://example.org/p3"), Lit("01", XSD + "integer")),  # "01" and "1": one value, one triple
    (S, IRI("https://example.org/p3"), Lit("1", XSD + "integer")),
    (S, IRI("https://example.org/p5"), Lit("x _:b0", XSD + "string")),  # "x"^^xsd:string is "x"
    (S, IRI("https://example.org/p5"), Lit("x _:b0")),
    (S, IRI("https://example.org/p6"), Lit('x _:b0 .\n_:b1 "@en .')),  # looks like blank nodes and tags
    (Blank("b1"), IRI("https://example.org/p6"), Blank("b2")),
    (S, IRI("https://example.org/p7"), Lit('é \\u0041 "x"@en', lang="fr")),
    (S, IRI("https://example.org/p8"), Lit('x"^^<http://a> .')),
    (S, IRI("https://example.org/p9"), Lit("2024", XSD + "gYear")),
    (S, IRI("https://example.org/p4"), IRI("https://example.org/é")),
]


def _skolemised(items):
    def sk(t):
        return IRI(G.rstrip("/") + GENID + t.id) if isinstance(t, Blank) else t
    return {(sk(s), p, sk(o)) for s, p, o in items}


def _expected(items):
    """The in-process path's figures: skolemised, canonical (pyoxigraph's store), local checksum."""
    return verify.local_checksum(verify.canonical(_skolemised(items)))


def _store_lines(nt: bytes) -> set[str]:
    store = ox.Store()
    store.load(nt, format=ox.RdfFormat.N_TRIPLES)
    return {str(q.triple) for q in store}


@pytest.mark.parametrize("items", [EDGES, cvgraph.triples(cvgraph.sample_path())], ids=["edge-literals", "sample"])
def test_payload_has_the_figures_and_graph_of_the_in_process_path(items):
    nt = "".join(sorted(map(nt_line, items)))
    item = parse(prepare(nt, G), G, "abc")
    assert (item.count, *item.sums) == _expected(items)
    assert item.expected() == _expected(items) and item.sha256 == "abc"
    want = _store_lines("".join(map(nt_line, _skolemised(items))).encode())
    assert _store_lines(item.body) == want and len(want) == item.count  # what the store holds
    assert not any(isinstance(t, ox.BlankNode) for q in ox.parse(item.body, format=ox.RdfFormat.N_TRIPLES)
                   for t in (q.subject, q.object))
    counted = parse(prepare(nt, G, "publish-count"), G, None)
    assert counted.count == item.count and counted.sums is None and counted.body == item.body


def test_quads_put_every_line_in_the_named_graph():
    item = prepare_triples(G, EDGES, None)
    quads = list(ox.parse(item.quads("urn:g"), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == item.count and {q.graph_name.value for q in quads} == {"urn:g"}


def test_no_checksum_asked_is_an_error_when_expected():
    from cvgraph.errors import PublishError

    item = prepare_triples(G, EDGES, None, sums=False)
    with pytest.raises(PublishError, match="no checksum"):
        item.expected()
