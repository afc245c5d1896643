"""RDF terms, and their N-Triples and SPARQL text, without rdflib.

The records → triples step produces these small tuples so that bulk exports can write
N-Triples/N-Quads text or feed pyoxigraph directly; :mod:`cvgraph.rdf.graph` turns them into an
rdflib graph when one is wanted.

An IRI is written only when it is one (RFC 3987, :func:`cvgraph.iri.iri_problem`): a valid IRI
holds no character that needs escaping between ``<`` and ``>``, so the text of a term can never
end early or hold a ``\\u`` escape. Anything else raises :class:`cvgraph.iri.IRIError`, one line.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from cvgraph.iri import IRIError, iri_problem

__all__ = ["IRI", "RDF", "XSD", "Blank", "Lit", "Term", "Triple", "checked", "nt_line", "nt_lines_of", "nt_term",
           "order", "ordered", "sparql_term"]

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
# UCHAR for the other C0 controls and DEL.
_ESC = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
        0x08: "\\b", 0x0C: "\\f"}
_ESC.update({c: f"\\u{c:04X}" for c in range(0x20) if c not in _ESC})
_ESC[0x7F] = "\\u007F"
# SPARQL 1.1 section 19.2: a store may replace \uXXXX and \UXXXXXXXX escapes anywhere in the text
# before parsing it (rdflib does, reading \u or \U with 4 or 8 hex digits). So in SPARQL text a
# literal's backslash is the ECHAR \\ as in N-Triples, but a "u" or "U" right after it is written
# \U00000075 or \U00000055 (8 digits: no digit after them can lengthen the escape), and the controls
# likewise: then every \u or \U in the text is one of ours, and the text reads the same whether
# the store expands escapes first or only inside strings.
_SPARQL_ESC = {**_ESC, **{c: f"\\U{c:08X}" for c in (*range(0x20), 0x7F) if _ESC[c].startswith("\\u")}}
_U_AFTER_BACKSLASH = re.compile(r"(?<=\\)([uU])")
_BLANK = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?<!\.)\Z")
_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\Z")


def checked(term: Term) -> Term:
    """``term``, when it can be written: an IRI that is one, a blank node label N-Triples and SPARQL
    both read (letters, digits, ``_ - .``); else :class:`IRIError`."""
    if isinstance(term, IRI):
        problem = iri_problem(term.value)
        if problem is not None:
            raise IRIError(f"{term.value!r} is not a valid IRI ({problem}); it cannot be written")
    elif isinstance(term, Blank) and not _BLANK.match(term.id):
        raise IRIError(f"{term.id!r} is not a blank node label; it cannot be written")
    elif isinstance(term, Lit):
        if term.datatype is not None:
            checked(IRI(term.datatype))
        if term.lang is not None and not _LANG.match(term.lang):
            raise IRIError(f"{term.lang!r} is not a language tag; it cannot be written")
    return term


def _suffix(term: Lit) -> str:
    if term.lang:
        return "@" + term.lang
    if term.datatype and term.datatype != _XSD_STRING:
        return "^^<" + term.datatype + ">"
    return ""


def nt_term(term: Term) -> str:
    """One term in N-Triples syntax (:class:`IRIError` for an invalid IRI)."""
    checked(term)
    if isinstance(term, IRI):
        return "<" + term.value + ">"
    if isinstance(term, Blank):
        return "_:" + term.id
    return '"' + term.value.translate(_ESC) + '"' + _suffix(term)


def sparql_term(term: Term) -> str:
    """One term in SPARQL syntax that reads the same on a store that expands ``\\u`` escapes
    before parsing (SPARQL 1.1 section 19.2) and on one that does not; N-Triples otherwise."""
    if not isinstance(term, Lit):
        return nt_term(term)
    checked(term)
    pieces = _U_AFTER_BACKSLASH.split(term.value)  # text, "u", text, …: each "u" follows a backslash
    text = "".join(p.translate(_SPARQL_ESC) if i % 2 == 0 else f"\\U{ord(p):08X}" for i, p in enumerate(pieces))
    return '"' + text + '"' + _suffix(term)


def nt_line(triple: Triple, graph: IRI | None = None) -> str:
    """A triple (or, with ``graph``, a quad) as one N-Triples/N-Quads line, newline included."""
    s, p, o = triple
    quad = " " + nt_term(graph) if graph is not None else ""
    return f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{quad} .\n"


def nt_lines_of(triples: Iterable[Triple]) -> list[str]:
    """Each triple as :func:`nt_line` writes it, each distinct term written (and checked) once:
    a CV's few thousand triples share a few hundred subjects, predicates and values."""
    memo: dict[Term, str] = {}  # IRIs and literals (a literal never equals an IRI: three fields)
    blanks: dict[Term, str] = {}  # apart: IRI("x") == Blank("x") as tuples

    def text(term: Term) -> str:
        found = (blanks if type(term) is Blank else memo).get(term)
        if found is None:
            found = (blanks if type(term) is Blank else memo).setdefault(term, nt_term(term))
        return found

    return [f"{text(s)} {text(p)} {text(o)} .\n" for s, p, o in triples]


def order(triple: Triple) -> tuple[bool, Triple]:
    """The sort key of every output: named subjects first, then blank nodes (list cells), each by
    their text."""
    return (type(triple[0]) is Blank, triple)


def ordered(triples: Iterable[Triple]) -> list[Triple]:
    """``triples`` sorted by :func:`order`, faster: the two groups sorted apart, with no key."""
    named: list[Triple] = []
    blank: list[Triple] = []
    for t in triples:
        (blank if type(t[0]) is Blank else named).append(t)
    named.sort()
    blank.sort()
    return named + blank
