"""The building blocks of VIVO-ISF data, as VIVO's own sample data and list views use them: typed
and labelled individuals, n-ary relations stated in both directions, roles borne by a person,
date-time values with a precision and intervals, vCards.

:class:`VivoGraph` collects the triples; :mod:`cvgraph.mapping.vivo` says which records become
which of these patterns. Every term here is defined in VIVO-ISF (``vivo.owl``, which includes
the BIBO, FOAF, OBO, vCard and SKOS terms VIVO uses); the date-time precisions are the
individuals VIVO's date editors write.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from cvgraph.rdf.terms import IRI, RDF, XSD, Lit, Term, Triple

__all__ = ["BIBO", "FOAF", "OBO", "RDFS", "SKOS", "VCARD", "VIVO", "VivoGraph", "date_time"]

VIVO = "http://vivoweb.org/ontology/core#"
BIBO = "http://purl.org/ontology/bibo/"
FOAF = "http://xmlns.com/foaf/0.1/"
OBO = "http://purl.obolibrary.org/obo/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

TYPE, LABEL = IRI(RDF + "type"), IRI(RDFS + "label")
RELATES, RELATED_BY = IRI(VIVO + "relates"), IRI(VIVO + "relatedBy")
BEARER_OF, INHERES_IN = IRI(OBO + "RO_0000053"), IRI(OBO + "RO_0000052")  # person ↔ role
REALIZED_IN, REALIZES = IRI(OBO + "BFO_0000054"), IRI(OBO + "BFO_0000055")  # role ↔ process
PART_OF, HAS_PART = IRI(OBO + "BFO_0000050"), IRI(OBO + "BFO_0000051")
_URI, _DATE_TIME_VALUE = IRI(BIBO + "uri"), IRI(VIVO + "DateTimeValue")
_DATE_TIME, _PRECISION = IRI(VIVO + "dateTime"), IRI(VIVO + "dateTimePrecision")

# a date's precision by its number of dashes: 2020, 2020-06, 2020-06-26
_PRECISIONS = (VIVO + "yearPrecision", VIVO + "yearMonthPrecision", VIVO + "yearMonthDayPrecision")


@lru_cache(maxsize=512)
def _iri(term: str) -> IRI:
    """A vocabulary term's IRI (made once: the same few dozen terms make up most triples)."""
    return IRI(term)


def date_time(value: str) -> tuple[Lit, IRI]:
    """A record's date (``2020``, ``2020-06``, ``2020-06-26``) as VIVO writes it: the first instant
    it names as an ``xsd:dateTime``, and its precision."""
    parts = value.split("-")
    full = parts + ["01"] * (3 - len(parts))
    return Lit("-".join(full) + "T00:00:00", XSD + "dateTime"), IRI(_PRECISIONS[len(parts) - 1])


class VivoGraph:
    """The triples of one CV's VIVO profile, built pattern by pattern (sets: patterns that meet
    at a shared node, an organisation or a concept, state it once), kept per subject: sorting
    each subject's few statements is much cheaper than sorting all the triples at once."""

    def __init__(self) -> None:
        self.by: defaultdict[IRI, set[tuple[IRI, Term]]] = defaultdict(set)

    def add(self, s: IRI, p: str, o: Term | str) -> None:
        self.by[s].add((_iri(p), _iri(o) if isinstance(o, str) else o))

    def text(self, s: IRI, p: str, value: object) -> None:
        """A plain literal, when there is a value."""
        if value is not None and value != "":
            self.by[s].add((_iri(p), Lit(str(value))))

    def uri(self, s: IRI, url: object) -> None:
        """A web address of a work, project or credential (``bibo:uri``, an ``xsd:anyURI``)."""
        self.by[s].add((_URI, Lit(str(url), XSD + "anyURI")))

    def node(self, s: IRI, classes: tuple[str, ...] | list[str], label: object = None) -> IRI:
        """``s`` typed with ``classes`` and labelled ``label`` (when given)."""
        statements = self.by[s]
        for cls in classes:
            statements.add((TYPE, _iri(cls)))
        if label is not None and label != "":
            statements.add((LABEL, Lit(str(label))))
        return s

    def relate(self, relation: IRI, *things: IRI) -> None:
        """A VIVO relationship (an authorship, a position, an award receipt…) relating ``things``,
        stated in both directions (``vivo:relates`` / ``vivo:relatedBy``), as VIVO's editors do."""
        statements = self.by[relation]
        for thing in things:
            statements.add((RELATES, thing))
            self.by[thing].add((RELATED_BY, relation))

    def role(self, bearer: IRI, role: IRI, process: IRI | None = None) -> None:
        """``role`` borne by ``bearer`` (and realized in ``process``), both directions."""
        self.by[bearer].add((BEARER_OF, role))
        self.by[role].add((INHERES_IN, bearer))
        if process is not None:
            self.by[role].add((REALIZED_IN, process))
            self.by[process].add((REALIZES, role))

    def part_of(self, part: IRI, whole: IRI) -> None:
        self.by[part].add((PART_OF, whole))
        self.by[whole].add((HAS_PART, part))

    def value(self, s: IRI, p: str, node: IRI, date: str) -> None:
        """``s p node``, ``node`` a ``vivo:DateTimeValue`` for ``date``."""
        literal, precision = date_time(date)
        self.add(s, p, node)
        statements = self.by[node]
        statements.add((TYPE, _DATE_TIME_VALUE))
        statements.add((_DATE_TIME, literal))
        statements.add((_PRECISION, precision))

    def interval(self, s: IRI, start: object, end: object) -> None:
        """``s``'s ``vivo:DateTimeInterval`` (``<s>-interval``) from ``start`` to ``end``; an open
        (``present``) or unknown end stays open; nothing when neither is known."""
        start_ = str(start) if start not in (None, "", "present") else None
        end_ = str(end) if end not in (None, "", "present") else None
        if start_ is None and end_ is None:
            return
        interval = IRI(s.value + "-interval")
        self.add(s, VIVO + "dateTimeInterval", interval)
        self.node(interval, (VIVO + "DateTimeInterval",))
        if start_ is not None:
            self.value(interval, VIVO + "start", IRI(s.value + "-start"), start_)
        if end_ is not None:
            self.value(interval, VIVO + "end", IRI(s.value + "-end"), end_)

    def triples(self) -> list[Triple]:
        """All the triples, sorted (as :func:`cvgraph.rdf.terms.ordered` sorts them: every
        subject here is an IRI): by subject, then each subject's statements."""
        out: list[Triple] = []
        for s in sorted(self.by):
            out += [(s, p, o) for p, o in sorted(self.by[s])]
        return out
