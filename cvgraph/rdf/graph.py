"""Triples → rdflib: the bridge for validation and the rdflib serialisers."""
from __future__ import annotations

from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef

from cvgraph.rdf.prefixes import bind_prefixes
from cvgraph.rdf.terms import IRI, Blank, Triple

__all__ = ["to_graph", "to_rdflib", "parse_file"]


def to_rdflib(term):  # noqa: ANN001 - IRI | Lit | Blank
    kind = type(term)
    if kind is IRI:
        return URIRef(term.value)
    if kind is Blank:
        return BNode(term.id)
    return Literal(term.value, lang=term.lang, datatype=URIRef(term.datatype) if term.datatype else None)


def to_graph(triples: Iterable[Triple], graph: Graph | None = None) -> Graph:
    """Add ``triples`` (in their given, sorted order: rdflib then serialises deterministically)."""
    graph = bind_prefixes(Graph() if graph is None else graph)
    cache: dict = {}

    def conv(t):  # noqa: ANN001, ANN202 - most terms repeat: convert each once
        r = cache.get(t)
        if r is None:
            r = cache[t] = to_rdflib(t)
        return r

    graph.addN((conv(s), conv(p), conv(o), graph) for s, p, o in triples)
    return graph



def parse_file(path, fmt: str = "turtle"):  # noqa: ANN001, ANN201 - Path → rdflib.Graph
    """Parse an RDF file with pyoxigraph (about twice as fast as rdflib's Turtle parser) into
    an rdflib graph; plain literals stay plain, as rdflib's own parser leaves them."""
    import pyoxigraph as ox

    from cvgraph.rdf.syntax import from_oxigraph_triple

    formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
    return to_graph(from_oxigraph_triple(q) for q in ox.parse(path=str(path), format=formats[fmt]))
