"""One prefix map for everything rdflib-side, and a closed BIBO namespace.

rdflib's SDO, FOAF and DCTERMS raise on misspelt terms; BIBO below does the same for the
terms cvgraph uses. The prefixes come from the mapping table, so Turtle, JSON-LD contexts and
SPARQL PREFIX lines all agree.
"""
from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from cvgraph.mapping.walker import table

__all__ = ["BIBO", "VIVO", "PREFIXES", "bind_prefixes", "sparql_prefixes"]


class BIBO(DefinedNamespace):
    """The BIBO terms cvgraph emits or queries (http://purl.org/ontology/bibo/)."""

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
PREFIXES: dict[str, str] = {k: v for k, v in table()["prefixes"].items()}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
