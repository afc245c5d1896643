"""Triples → rdflib: the bridge for validation and the rdflib serialisers; rdflib namespaces."""
from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from cvgraph.rdf.oxigraph import parse_triples
from cvgraph.rdf.prefixes import PREFIXES
from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, Term, Triple

__all__ = ["BIBO", "VIVO", "bind_prefixes", "from_rdflib", "parse_file", "prefixed", "to_graph", "to_rdflib"]


class BIBO(DefinedNamespace):
    """The BIBO terms cvgraph emits or queries (http://purl.org/ontology/bibo/); a misspelt one
    raises, as rdflib's SDO, FOAF and DCTERMS do."""

    _fail = True
    _NS = Namespace("http://purl.org/ontology/bibo/")

    AcademicArticle: URIRef
    Conference: URIRef
    Journal: URIRef
    Manuscript: URIRef
    Thesis: URIRef
    Workshop: URIRef
    authorList: URIRef
    degree: URIRef
    doi: URIRef
    issue: URIRef
    number: URIRef
    pageEnd: URIRef
    pageStart: URIRef
    presentedAt: URIRef
    volume: URIRef


VIVO = Namespace("http://vivoweb.org/ontology/core#")


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the declared prefixes (:mod:`cvgraph.rdf.prefixes`) on ``graph``."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


@functools.cache
def prefixed() -> Graph:
    """An empty graph with the declared prefixes bound: its namespace manager writes CURIEs as
    :func:`to_graph`'s graphs do (do not add to it: it is shared)."""
    return bind_prefixes(Graph())


RdflibTerm = URIRef | BNode | Literal


def to_rdflib(term: Term) -> RdflibTerm:
    """One of our terms as an rdflib term."""
    if isinstance(term, IRI):
        return URIRef(term.value)
    if isinstance(term, Blank):
        return BNode(term.id)
    return Literal(term.value, lang=term.lang, datatype=URIRef(term.datatype) if term.datatype else None)


def from_rdflib(term: RdflibTerm) -> Term:
    """An rdflib term as one of ours (a plain literal stays plain)."""
    if isinstance(term, URIRef):
        return IRI(str(term))
    if isinstance(term, BNode):
        return Blank(str(term))
    datatype = str(term.datatype) if term.datatype is not None and not term.language else None
    return Lit(str(term), None if datatype == XSD + "string" else datatype, term.language)


def to_graph(triples: Iterable[Triple], graph: Graph | None = None) -> Graph:
    """Add ``triples`` (in their given, sorted order: rdflib then serialises deterministically)."""
    graph = bind_prefixes(Graph() if graph is None else graph)
    conv = functools.cache(to_rdflib)  # most terms repeat: convert each once (a cache per graph)
    graph.addN((conv(s), conv(p), conv(o), graph) for s, p, o in triples)
    return graph


def parse_file(path: str | Path, fmt: str = "turtle") -> Graph:
    """Parse an RDF file with pyoxigraph (about twice as fast as rdflib's Turtle parser) into
    an rdflib graph; plain literals stay plain, as rdflib's own parser leaves them."""
    return to_graph(parse_triples(path, fmt))
