"""Triples → rdflib: the bridge for validation and the rdflib serialisers."""
from __future__ import annotations

from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef

from .namespaces import bind_prefixes
from .terms import IRI, Blank, Triple

__all__ = ["to_graph", "to_rdflib"]


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
