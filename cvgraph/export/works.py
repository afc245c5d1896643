"""A graph's works and people as typed records: what every export format is written from.

:func:`read_graph` reads any cvgraph graph — one CV's, many CVs' merged, or a ``--data`` file's —
through the one triple :class:`~cvgraph.rdf.index.Index`. It reads what the mapping
(``ontology/mapping.yaml``) writes: the kind of a work from its FaBiO class, its authors and
editors in printed order from the ``bibo:authorList``/``bibo:editorList`` (else the plain
``schema:author`` links, when the list is incomplete), its venue by the predicate the venue's
kind uses, and so on. Every record is immutable and every list is in a fixed order, so the
exports are deterministic.

A work's ``key`` is its publication id: given by the caller (``ids``: work IRI → id, as the
records give it), else the ``#pub-<id>`` of its IRI, else (a DOI-named work of a ``--data``
graph) the records' default id (first author's family name, year, first title word), made
unique with ``a``, ``b``, … in the works' order.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar

from cvgraph.export.names import Name, split
from cvgraph.rdf.index import BIBO, Index, S, in_order, is_work, term_text
from cvgraph.rdf.terms import IRI, RDF, Term, Triple
from cvgraph.records.ids import default_publication_id

__all__ = ["KINDS", "Graph", "Person", "Venue", "Work", "each_work", "read_graph", "wikidata_of"]

FABIO = "http://purl.org/spar/fabio/"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF_TYPE = RDF + "type"
CVG = "https://w3id.org/cvgraph/terms#"
DCT = "http://purl.org/dc/terms/"
#: FaBiO class → publication kind (the inverse of mapping.yaml's ``publications.types_by``;
#: tests/unit/export/test_works.py checks the two agree)
KINDS = {
    "JournalArticle": "journal", "ConferencePaper": "conference", "WorkshopPaper": "workshop",
    "Preprint": "preprint", "Book": "book", "BookChapter": "chapter", "ConferenceProceedings": "proceedings",
    "Thesis": "thesis", "DoctoralThesis": "thesis", "MastersThesis": "thesis", "ReportDocument": "report",
    "Manuscript": "manuscript", "PatentDocument": "patent",
}
#: a venue's kind by its BIBO / schema.org class (mapping.yaml's ``venues.types_by``)
VENUE_KINDS = ((BIBO + "Journal", "journal"), (BIBO + "Workshop", "workshop"), (BIBO + "Conference", "conference"),
               (BIBO + "Book", "book"), (BIBO + "Series", "series"), (S + "Periodical", "journal"),
               (S + "Organization", "repository"))
ARXIV = ("https://arxiv.org/abs/", "http://arxiv.org/abs/")
ORCID = ("https://orcid.org/", "http://orcid.org/")


@dataclass(frozen=True)
class Person:
    """An author or editor: a person, or an organisation as author (``organization``; its
    ``name`` has only ``literal``)."""

    iri: str
    name: Name
    organization: bool = False
    aliases: tuple[str, ...] = ()  # the printed variants the graph records (schema:alternateName)
    orcid: str = ""  # the bare iD, 0000-0000-0000-0000
    identifiers: tuple[str, ...] = ()  # every other schema:identifier / schema:sameAs, sorted
    url: str = ""
    owner: bool = False  # a CV's owner (the mainEntity of a document in the graph)
    affiliations: tuple[str, ...] = ()  # the names of the organisations it is affiliated with, sorted

    @property
    def wikidata(self) -> str:
        """The QID of its Wikidata item (the records' ``wikidata:``, schema:sameAs), else ""."""
        return wikidata_of(self.identifiers)


@dataclass(frozen=True)
class Venue:
    iri: str
    name: str
    kind: str  # journal, conference, workshop, repository, book, series ("" if unknown)
    short: tuple[str, ...] = ()  # schema:alternateName: short names and aliases, sorted
    issn: str = ""
    publisher: str = ""
    url: str = ""
    identifiers: tuple[str, ...] = ()  # schema:identifier and schema:sameAs (its Wikidata item), sorted


@dataclass(frozen=True)
class Work:
    """One publication. Empty strings and tuples: not in the graph."""

    iri: str
    key: str  # the publication id (see the module's description)
    kind: str  # a records kind: journal, conference, …, other
    title: str
    authors: tuple[Person, ...] = ()  # printed order
    editors: tuple[Person, ...] = ()
    et_al: bool = False  # the printed author list is cut short ("et al.")
    authors_incomplete: bool = False  # the authors given are not the whole list, and in no order
    venue: Venue | None = None
    date: str = ""  # ISO 8601 as the graph holds it: 2021, 2021-05 or 2021-05-04
    volume: str = ""
    issue: str = ""
    pages: str = ""  # as written ("10-23", "e1234")
    page_start: str = ""
    page_end: str = ""
    number: str = ""  # the article number, or a report's or patent's number (bibo:number)
    publisher: str = ""  # the publisher; a report's institution; a thesis' school
    doi: str = ""  # bare, lower case
    url: str = ""
    arxiv: str = ""  # the bare arXiv id
    isbn: str = ""
    degree: str = ""  # a thesis' degree, as its label ("Ph.D.")
    status: str = ""  # schema:creativeWorkStatus: Preprint, Unpublished
    notes: tuple[str, ...] = ()  # schema:description, sorted (the acceptance rate is one)
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()  # other "scheme:value" identifiers, sorted
    links: tuple[tuple[str, str], ...] = ()  # (what, address): pdf, html, slides, … sorted
    selected: bool = False  # a selected (featured) work
    same_as: tuple[str, ...] = ()  # every schema:sameAs IRI (arXiv, ADS, …), sorted

    wikidata: str = ""  # its Wikidata item's QID (schema:sameAs http://www.wikidata.org/entity/Q…)

    @property
    def year(self) -> str:
        return self.date[:4]


@dataclass(frozen=True)
class Graph:
    """What an export reads: the works (sorted by key), everyone who wrote or edited one (by IRI),
    and the CV owners' IRIs."""

    works: tuple[Work, ...]
    people: Mapping[str, Person] = field(default_factory=dict)
    owners: tuple[str, ...] = ()
    #: (owner IRI, advisor, what it advised: "education" or "employment"), sorted
    advisors: tuple[tuple[str, Person, str], ...] = ()
    #: (owner IRI, thesis advisee, the advising's end date: "" while ongoing), sorted
    advisees: tuple[tuple[str, Person, str], ...] = ()


def wikidata_of(identifiers: Iterable[str]) -> str:
    """The QID of a ``wikidata:Q…`` identifier (or a Wikidata entity IRI) among ``identifiers``."""
    for ident in identifiers:
        for prefix in ("wikidata:", "http://www.wikidata.org/entity/", "https://www.wikidata.org/wiki/"):
            if ident.startswith(prefix) and ident[len(prefix):][:1] == "Q" and ident[len(prefix) + 1:].isdigit():
                return ident[len(prefix):]
    return ""


T = TypeVar("T")


def each_work(works: Iterable[Work], render: Callable[[Work, list[str]], T]) -> tuple[list[T], list[str]]:
    """Each work as ``render(work, warn)`` writes it, and what ``render`` added to ``warn``, as
    warning lines naming the work ("warning: KEY (IRI): …"): the per-work loop of every writer."""
    out: list[T] = []
    warnings: list[str] = []
    for w in works:
        warn: list[str] = []
        out.append(render(w, warn))
        warnings += [f"warning: {w.key} ({w.iri}): {m}" for m in warn]
    return out, warnings


def read_graph(triples: Iterable[Triple], ids: Mapping[str, str] | None = None) -> Graph:
    """The works and people of a graph; ``ids`` names works by their publication ids (work IRI → id)."""
    ix = Index(triples)
    owners = tuple(sorted(term_text(o) for s in list(ix.spo) for o in ix.objects(s, S + "mainEntity")))
    reader = _Reader(ix, set(owners))
    nodes = sorted((s for s in list(ix.spo) if isinstance(s, IRI) and is_work(ix, s)), key=term_text)
    works = [reader.work(node) for node in nodes]
    keyed = _keys(works, ids or {})
    for owner in owners:
        reader.person(IRI(owner))
    advisors, advisees = reader.advisors(owners), reader.advisees(owners)
    return Graph(tuple(sorted(keyed, key=lambda w: w.key)), dict(sorted(reader.people.items())), owners, advisors,
                 advisees)


def _keys(works: list[Work], ids: Mapping[str, str]) -> list[Work]:
    """Each work with its key: given, from its IRI, else made; unique (works are in IRI order: two
    CVs' works with the same id, or two made alike, get ``a``, ``b``, … after the first)."""
    wanted = []
    for w in works:
        key = ids.get(w.iri) or (w.iri.split("#pub-", 1)[1] if "#pub-" in w.iri else "")
        if not key:
            first = (w.authors or w.editors)[:1]
            key = default_publication_id({"authors": [{"name": first[0].name.full}] if first else [],
                                          "title": w.title, "year": w.year}) or "work"
        wanted.append(key)
    taken: set[str] = set()
    done = []
    for w, key in zip(works, wanted, strict=True):
        unique, n = key, 0
        while unique in taken:
            unique, n = key + _suffix(n), n + 1
        taken.add(unique)
        done.append(replace(w, key=unique))
    return done


def _suffix(n: int) -> str:
    """a, b, …, z, aa, bb, …"""
    return "abcdefghijklmnopqrstuvwxyz"[n % 26] * (n // 26 + 1)


def _texts(ix: Index, s: Term, *preds: str) -> tuple[str, ...]:
    return tuple(sorted({term_text(o) for p in preds for o in ix.objects(s, p)}))


class _Reader:
    def __init__(self, ix: Index, owners: set[str]) -> None:
        self.ix, self.owners = ix, owners
        self.people: dict[str, Person] = {}

    def person(self, node: Term) -> Person:
        iri = term_text(node)
        found = self.people.get(iri)
        if found is not None:
            return found
        ix = self.ix
        org = not ix.is_a(node, "Person") and any("Organization" in t or t.endswith(("CollegeOrUniversity",
                                                  "Corporation")) for t in ix.types(node))
        full = ix.text(node, S + "name") or ix.text(node, FOAF + "name") or iri
        name = Name(literal=full, full=full) if org else split(full, ix.text(node, S + "givenName"),
                                                                 ix.text(node, S + "familyName"))
        same = _texts(ix, node, S + "sameAs", S + "identifier")
        orcid = next((s.split("/")[-1] for s in (iri, *same) if s.startswith(ORCID)), "")
        rest = tuple(s for s in same if not s.startswith(ORCID) and s != orcid)
        orgs = tuple(sorted({ix.text(o, S + "name") for p in ("affiliation", "worksFor") for o in ix.objects(node, S + p)
                             if not any(t.endswith("Role") for t in ix.types(o))} - {""}))  # organisations, not roles
        person = Person(iri=iri, name=name, organization=org, aliases=_texts(ix, node, S + "alternateName"),
                        orcid=orcid, identifiers=rest, url=ix.text(node, S + "url"), owner=iri in self.owners,
                        affiliations=orgs)
        self.people[iri] = person
        return person

    def advisors(self, owners: tuple[str, ...]) -> tuple[tuple[str, Person, str], ...]:
        """Each owner's advisors: the mapping's Role on schema:knows (roleName Advisor), with the
        education or employment role it is related to."""
        ix, out = self.ix, set[tuple[str, Person, str]]()
        for owner, role in self._roles(owners, "Advisor"):
            studies = set(ix.objects(IRI(owner), S + "alumniOf"))  # the education roles (and their schools)
            what = "education" if ix.value(role, DCT + "relation") in studies else "employment"
            out.update((owner, self.person(p), what) for p in ix.objects(role, S + "knows"))
        return tuple(sorted(out, key=lambda a: (a[0], a[1].iri, a[2])))

    def advisees(self, owners: tuple[str, ...]) -> tuple[tuple[str, Person, str], ...]:
        """Each owner's thesis advisees (``students:``): the Role on schema:knows with roleName
        Advisee, each person once with the latest end date ("" when any of theirs is ongoing)."""
        ix, out = self.ix, dict[tuple[str, str], tuple[Person, str]]()
        for owner, role in self._roles(owners, "Advisee"):
            end = ix.text(role, S + "endDate")
            for p in ix.objects(role, S + "knows"):
                person = self.person(p)
                old = out.get((owner, person.iri))
                if old is not None and (not old[1] or (end and old[1] > end)):
                    continue
                out[(owner, person.iri)] = (person, end)
        return tuple((owner, p, end) for (owner, _), (p, end) in sorted(out.items()))

    def _roles(self, owners: tuple[str, ...], name: str) -> Iterable[tuple[str, Term]]:
        """(owner, Role) for each owner's Roles on schema:knows with roleName ``name``."""
        for owner in owners:
            for role in self.ix.objects(IRI(owner), S + "knows"):
                if self.ix.text(role, S + "roleName") == name:
                    yield owner, role

    def venue(self, node: Term | None) -> Venue | None:
        if node is None:
            return None
        ix = self.ix
        types = {term_text(o) for o in ix.objects(node, RDF_TYPE)}
        kind = next((k for t, k in VENUE_KINDS if t in types), "")
        return Venue(iri=term_text(node), name=ix.text(node, S + "name"), kind=kind,
                     short=_texts(ix, node, S + "alternateName"), issn=ix.text(node, S + "issn"),
                     publisher=ix.text(ix.value(node, S + "publisher"), S + "name"), url=ix.text(node, S + "url"),
                     identifiers=_texts(ix, node, S + "identifier", S + "sameAs"))

    def venue_node(self, node: Term) -> tuple[Term | None, Term | None]:
        """The work's venue and its publisher: a repository (arXiv) is the work's schema:publisher too,
        told from the publisher by its ``#venue-`` IRI (the mapping's venue IRIs)."""
        ix = self.ix
        publishers = ix.objects(node, S + "publisher")
        repo = next((p for p in publishers if "#venue-" in term_text(p)), None)
        venue = ix.value(node, S + "isPartOf") or ix.value(node, BIBO + "presentedAt") or repo
        publisher = next((p for p in publishers if p != repo), None) or ix.value(node, S + "sourceOrganization")
        return venue, publisher

    def work(self, node: Term) -> Work:
        ix = self.ix
        types = {term_text(o) for o in ix.objects(node, RDF_TYPE)}
        kind = next((k for c, k in KINDS.items() if FABIO + c in types), "other")
        venue, publisher = self.venue_node(node)
        same = _texts(ix, node, S + "sameAs")
        arxiv = next((s.split("/abs/", 1)[1] for s in same if s.startswith(ARXIV)), "")
        idents = _texts(ix, node, S + "identifier")
        isbn = ix.text(node, S + "isbn") or next((i[5:] for i in idents if i.lower().startswith("isbn:")), "")
        return Work(
            iri=term_text(node), key="", kind=kind, title=ix.text(node, S + "name") or ix.text(node, DCT + "title"),
            authors=tuple(self.person(a) for a in in_order(ix, node, "author")),
            editors=tuple(self.person(e) for e in in_order(ix, node, "editor")),
            et_al=ix.text(node, CVG + "etAl") == "true",
            authors_incomplete=ix.text(node, CVG + "authorsIncomplete") == "true",
            venue=self.venue(venue), date=ix.text(node, S + "datePublished"),
            volume=ix.text(node, BIBO + "volume"), issue=ix.text(node, BIBO + "issue"),
            pages=ix.text(node, S + "pagination"), page_start=ix.text(node, BIBO + "pageStart"),
            page_end=ix.text(node, BIBO + "pageEnd"), number=ix.text(node, BIBO + "number"),
            publisher=ix.text(publisher, S + "name"), doi=ix.text(node, BIBO + "doi"),
            url=ix.text(node, S + "url"), arxiv=arxiv, isbn=isbn,
            degree=_degree(ix, node), status=ix.text(node, S + "creativeWorkStatus"),
            notes=_texts(ix, node, S + "description"), abstract=ix.text(node, S + "abstract"),
            keywords=_texts(ix, node, S + "keywords"),
            identifiers=tuple(i for i in idents if not i.lower().startswith("isbn:")),
            links=self.links(node, same), selected=ix.text(node, CVG + "selected") == "true", same_as=same,
            wikidata=wikidata_of((*same, *idents)),
        )

    def links(self, node: Term, same: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        ix = self.ix
        out = [("ads", s) for s in same if "adsabs.harvard.edu" in s]
        for m in ix.objects(node, S + "encoding"):
            fmt = ix.text(m, S + "encodingFormat")
            out.append(("pdf" if fmt == "application/pdf" else "html", ix.text(m, S + "contentUrl")))
        for m in ix.objects(node, S + "associatedMedia"):
            out.append((ix.text(m, S + "name").lower().split()[0] or "media", ix.text(m, S + "url")))
        for m in ix.objects(node, DCT + "relation"):
            what = "code" if ix.is_a(m, "SoftwareSourceCode") else "data" if ix.is_a(m, "Dataset") else "project"
            out.append((what, ix.text(m, S + "codeRepository") or ix.text(m, S + "url")))
        return tuple(sorted(out))


def _degree(ix: Index, node: Term) -> str:
    """A thesis' degree: its schema:inSupportOf text, else the label of its bibo:degree."""
    found = ix.text(node, S + "inSupportOf")
    if found:
        return found
    degree = ix.value(node, BIBO + "degree")
    label = ix.text(degree, "http://www.w3.org/2000/01/rdf-schema#label") or ix.text(degree, S + "name")
    return label or (term_text(degree).rsplit("/", 1)[-1] if isinstance(degree, IRI) else "")

