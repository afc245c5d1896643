"""RDF terms and N-Triples text without rdflib.

The records → triples step produces these small tuples so that bulk exports can write
N-Triples/N-Quads text or feed pyoxigraph directly; :mod:`cvgraph.rdf.graph` turns them into an
rdflib graph when one is wanted.
"""
from __future__ import annotations

from typing import NamedTuple

__all__ = ["IRI", "RDF", "XSD", "Blank", "Lit", "Term", "Triple", "nt_line", "nt_term", "order"]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD_STRING = XSD + "string"


class IRI(NamedTuple):
    value: str


class Lit(NamedTuple):
    value: str
    datatype: str | None = None  # None means xsd:string
    lang: str | None = None


class Blank(NamedTuple):
    id: str


Term = IRI | Lit | Blank
Triple = tuple[Term, Term, Term]

# N-Triples escaping as canonical N-Triples (RDF 1.2) writes it: ECHAR for \b \t \n \f \r \" \\,
# UCHAR for the other C0 controls and DEL. (ECHARs also keep SPARQL engines that expand \u
# escapes before parsing, as rdflib does, from changing a bound value.)
_ESC = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
        0x08: "\\b", 0x0C: "\\f"}
_ESC.update({c: f"\\u{c:04X}" for c in range(0x20) if c not in _ESC})
_ESC[0x7F] = "\\u007F"
_IRI_ESC = {c: f"\\u{c:04X}" for c in range(0x21)}
_IRI_ESC.update({ord(c): f"\\u{ord(c):04X}" for c in '<>"{}|^`\\'})


def nt_term(term: Term) -> str:
    """One term in N-Triples syntax."""
    if isinstance(term, IRI):
        return "<" + term.value.translate(_IRI_ESC) + ">"
    if isinstance(term, Blank):
        return "_:" + term.id
    text = '"' + term.value.translate(_ESC) + '"'
    if term.lang:
        return text + "@" + term.lang
    if term.datatype and term.datatype != _XSD_STRING:
        return text + "^^<" + term.datatype + ">"
    return text


def nt_line(triple: Triple, graph: IRI | None = None) -> str:
    """A triple (or, with ``graph``, a quad) as one N-Triples/N-Quads line, newline included."""
    s, p, o = triple
    quad = " " + nt_term(graph) if graph is not None else ""
    return f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{quad} .\n"


def order(triple: Triple) -> tuple[bool, Triple]:
    """The sort key of every output: named subjects first, then blank nodes (list cells), each by
    their text."""
    return (type(triple[0]) is Blank, triple)
