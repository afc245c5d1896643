"""Subject → predicate → objects over plain triples (no rdflib): what the outputs that read a
graph (the web pages, the exports) look things up in. The schema.org and RDF names it needs are
here; what a node means is for its readers."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from cvgraph.rdf.terms import IRI, RDF, Blank, Term, Triple

__all__ = ["BIBO", "WORK_TYPES", "Index", "S", "in_order", "is_work", "term_text"]

S = "https://schema.org/"
BIBO = "http://purl.org/ontology/bibo/"
# What makes a node a work: articles are schema:ScholarlyArticle, every other kind of publication
# carries schema:CreativeWork beside its own type (ontology/README.md, deviation 12). The thesis
# of an education entry is a schema:Thesis only: it belongs to the education, not to the works.
WORK_TYPES = (S + "ScholarlyArticle", S + "CreativeWork")
TYPE, FIRST, REST, NIL = IRI(RDF + "type"), IRI(RDF + "first"), IRI(RDF + "rest"), IRI(RDF + "nil")


def term_text(term: Term | None) -> str:
    """A term's IRI or lexical form (a blank node as ``_:id``); ``""`` for no term."""
    if term is None:
        return ""
    return "_:" + term.id if isinstance(term, Blank) else term.value


class Index:
    """Subject → predicate → objects, over plain triples (no rdflib). Lookups take ``None`` for
    a node that is not there (the result of a :meth:`value` that found nothing) and find nothing."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.spo: defaultdict[Term, defaultdict[Term, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in triples:
            self.spo[s][p].append(o)

    def objects(self, s: Term | None, p: str) -> list[Term]:
        found = self.spo.get(s) if s is not None else None
        return found.get(IRI(p), []) if found is not None else []

    def value(self, s: Term | None, p: str) -> Term | None:
        values = self.objects(s, p)
        return values[0] if values else None

    def text(self, s: Term | None, p: str) -> str:
        """The text of the first value of ``p`` (``""`` if none)."""
        return term_text(self.value(s, p))

    def texts(self, s: Term | None, p: str) -> list[str]:
        """The texts of every value of ``p``, sorted."""
        return sorted(term_text(o) for o in self.objects(s, p))

    def is_a(self, s: Term | None, name: str) -> bool:
        """Whether the node has the schema.org type ``name`` (``"Thesis"``)."""
        return S + name in self.types(s)

    def types(self, s: Term | None) -> list[str]:
        """The node's schema.org types, sorted."""
        return sorted(o.value for o in self.objects(s, TYPE.value)
                      if isinstance(o, IRI) and o.value.startswith(S))

    def subjects(self, p: str, o: Term) -> list[Term]:
        return sorted((s for s, pos in self.spo.items() if o in pos.get(IRI(p), [])), key=term_text)

    def items(self, head: Term | None) -> list[Term]:
        """The members of an rdf:List (a cell without rdf:first adds none)."""
        out = []
        while head is not None and head != NIL:
            first = self.value(head, FIRST.value)
            if first is not None:
                out.append(first)
            head = self.value(head, REST.value)
        return out


def is_work(ix: Index, node: Term) -> bool:
    return any(t in WORK_TYPES for t in ix.types(node))


def in_order(ix: Index, work: Term, role: str) -> list[Term]:
    """The work's authors (or editors: ``role``) in printed order: the rdf:List, else the plain links."""
    return ix.items(ix.value(work, BIBO + role + "List")) or ix.objects(work, S + role)
