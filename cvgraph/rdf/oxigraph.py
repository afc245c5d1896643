"""cvgraph's terms ⇄ pyoxigraph's: the one conversion, for the serialisers, engines and stores."""
from __future__ import annotations

from pathlib import Path
from typing import cast, overload

import pyoxigraph as ox

from cvgraph.rdf.terms import IRI, XSD, Blank, Lit, Term, Triple

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal

__all__ = ["from_oxigraph", "from_oxigraph_triple", "parse_text", "parse_triples", "to_oxigraph", "to_oxigraph_quad",
           "to_oxigraph_term"]


def to_oxigraph_term(t: Term) -> OxTerm:
    """One of our terms as a pyoxigraph term."""
    if isinstance(t, IRI):
        return ox.NamedNode(t.value)
    if isinstance(t, Blank):
        return ox.BlankNode(t.id)
    if t.lang:
        return ox.Literal(t.value, language=t.lang)
    return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype) if t.datatype else None)


def to_oxigraph(triple: Triple) -> tuple[OxTerm, OxTerm, OxTerm]:
    """A triple of our terms as pyoxigraph terms."""
    s, p, o = triple
    return to_oxigraph_term(s), to_oxigraph_term(p), to_oxigraph_term(o)


def to_oxigraph_quad(triple: Triple, graph: ox.NamedNode | ox.DefaultGraph) -> ox.Quad:
    """A triple of our terms as a pyoxigraph quad in ``graph`` (our subjects are IRIs or blank
    nodes, our predicates IRIs)."""
    s, p, o = to_oxigraph(triple)
    return ox.Quad(cast("ox.NamedNode | ox.BlankNode", s), cast(ox.NamedNode, p), o, graph)


@overload
def from_oxigraph(t: OxTerm) -> Term: ...
@overload
def from_oxigraph(t: None) -> None: ...
@overload
def from_oxigraph(t: OxTerm | None) -> Term | None: ...
def from_oxigraph(t: OxTerm | None) -> Term | None:
    """A pyoxigraph term (or None, an unbound variable) as one of ours."""
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return IRI(t.value)
    if isinstance(t, ox.BlankNode):
        return Blank(t.value)
    dt = t.datatype.value
    return Lit(t.value, None if dt == XSD + "string" or t.language else dt, t.language)


def from_oxigraph_triple(t: ox.Triple | ox.Quad) -> Triple:
    """A pyoxigraph triple (or a quad's triple) as one of ours. (cvgraph's graphs hold no quoted
    triples, RDF 1.2 triple terms, so subject and object are plain terms.)"""
    return (from_oxigraph(cast(OxTerm, t.subject)), from_oxigraph(t.predicate),
            from_oxigraph(cast(OxTerm, t.object)))


_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


def parse_triples(path: str | Path, fmt: str = "turtle") -> list[Triple]:
    """The triples of an RDF file (Turtle or N-Triples), parsed by pyoxigraph, as ours: plain
    literals stay plain; blank nodes get pyoxigraph's fresh labels."""
    return [from_oxigraph_triple(t) for t in ox.parse(path=str(path), format=_FORMATS[fmt])]


def parse_text(text: str, fmt: str = "nt") -> list[Triple]:
    """The triples of RDF text (N-Triples or Turtle), parsed by pyoxigraph, as ours; an N-Triples
    blank node keeps its label."""
    return [from_oxigraph_triple(t) for t in ox.parse(text.encode("utf-8"), format=_FORMATS[fmt])]
