"""A CV's works and venues as VIVO shows them: each work its BIBO class, labelled, with its
venue (``vivo:hasPublicationVenue``), date, identifiers and pages, and EVERY author a
``vivo:Authorship`` with its ``vivo:rank`` in printed order (editors a ``vivo:Editorship``),
relating the work and the person (or organisation) in both directions."""
from __future__ import annotations

from typing import Any

from cvgraph.mapping.vivo_graph import BIBO, VIVO, VivoGraph
from cvgraph.mapping.vivo_names import Names
from cvgraph.mapping.walker import page_range
from cvgraph.rdf.terms import IRI, XSD, Lit
from cvgraph.records.loader import CV
from cvgraph.records.spec import IRIS

__all__ = ["VENUE_CLASSES", "WORK_CLASSES", "agent", "authorships", "works"]

WORK_CLASSES = {
    "journal": BIBO + "AcademicArticle",
    "conference": VIVO + "ConferencePaper",
    "workshop": VIVO + "ConferencePaper",
    "preprint": BIBO + "Manuscript",
    "book": BIBO + "Book",
    "chapter": BIBO + "Chapter",
    "proceedings": BIBO + "Proceedings",
    "thesis": BIBO + "Thesis",
    "report": BIBO + "Report",
    "manuscript": BIBO + "Manuscript",
    "patent": BIBO + "Patent",
    "other": BIBO + "Document",
}
# a venue is the document a work appears in: a conference's or workshop's proceedings
VENUE_CLASSES = {
    "journal": BIBO + "Journal",
    "conference": BIBO + "Proceedings",
    "workshop": BIBO + "Proceedings",
    "repository": BIBO + "Website",
    "book": BIBO + "Book",
    "series": BIBO + "Series",
}
CVG_ET_AL = "https://w3id.org/cvgraph/terms#etAl"
CVG_INCOMPLETE = "https://w3id.org/cvgraph/terms#authorsIncomplete"


def works(cv: CV, names: Names, g: VivoGraph) -> None:
    for ident in cv.registries.get("venues", {}):
        _venue(cv, names, g, ident)
    for ident, pub in cv.publications.items():
        _work(names, g, ident, pub)


def agent(names: Names, author: dict[str, Any]) -> IRI:
    """The individual an author (or editor) record names: a person, or a corporate author."""
    ref = str(author["ref"])
    return names.organization(ref) if author.get("org") else names.person(ref)


def authorships(g: VivoGraph, work: IRI, agents: list[IRI], kind: str = "Authorship", ranked: bool = True) -> None:
    """``vivo:Authorship`` (or ``Editorship``) ``<work>-authorship-<n>`` per agent, ranked 1…n;
    not ranked when the list is incomplete (``ranked``: the positions are unknown)."""
    for rank, who in enumerate(agents, 1):
        ship = g.node(IRI(f"{work.value}-{kind.lower()}-{rank}"), (VIVO + kind,))
        if ranked:
            g.add(ship, VIVO + "rank", Lit(str(rank), XSD + "int"))
        g.relate(ship, work, who)


def _venue(cv: CV, names: Names, g: VivoGraph, ident: str) -> None:
    entry = cv.registries["venues"][ident]
    venue = g.node(names.venue(ident), (VENUE_CLASSES[str(entry["kind"])],), entry["name"])
    g.text(venue, VIVO + "abbreviation", entry.get("short"))
    g.text(venue, BIBO + "issn", entry.get("issn"))
    if entry.get("publisher"):
        org = names.organization(str(entry["publisher"]))
        g.add(venue, VIVO + "publisher", org)
        g.add(org, VIVO + "publisherOf", venue)
    if entry.get("part_of"):
        g.part_of(venue, names.venue(str(entry["part_of"])))


def _work(names: Names, g: VivoGraph, ident: str, pub: dict[str, Any]) -> None:
    work = g.node(names.publication(ident), (WORK_CLASSES[str(pub["kind"])],), pub["title"])
    incomplete = pub.get("authors_incomplete") is True
    authorships(g, work, [agent(names, a) for a in pub.get("authors") or []], ranked=not incomplete)
    if incomplete:
        g.add(work, CVG_INCOMPLETE, Lit("true", XSD + "boolean"))
    authorships(g, work, [agent(names, a) for a in pub.get("editors") or []], "Editorship")
    if pub.get("et_al") is True:
        g.add(work, CVG_ET_AL, Lit("true", XSD + "boolean"))
    if pub.get("venue"):
        venue = names.venue(str(pub["venue"]))
        g.add(work, VIVO + "hasPublicationVenue", venue)
        g.add(venue, VIVO + "publicationVenueFor", work)
    if pub.get("year"):
        g.value(work, VIVO + "dateTimeValue", IRI(work.value + "-date"), str(pub["year"]))
    if pub.get("doi"):
        g.text(work, BIBO + "doi", str(pub["doi"]).lower())
    for key in ("volume", "issue"):
        g.text(work, BIBO + key, pub.get(key))
    g.text(work, BIBO + "number", pub.get("article"))
    g.text(work, VIVO + "patentNumber" if pub["kind"] == "patent" else BIBO + "number", pub.get("number"))
    g.text(work, BIBO + "abstract", pub.get("abstract"))
    for keyword in pub.get("keywords") or []:
        g.text(work, VIVO + "freetextKeyword", keyword)
    first, last = page_range(str(pub.get("pages") or ""))
    g.text(work, BIBO + "pageStart", first)
    g.text(work, BIBO + "pageEnd", last)
    _identifiers(g, work, pub)
    if pub.get("publisher"):
        g.add(work, VIVO + "publisher", names.organization(str(pub["publisher"])))
    notes = list(pub.get("notes") or [])
    if pub.get("acceptance_rate"):
        notes.append(f"acceptance rate: {pub['acceptance_rate']}")
    if pub.get("degree"):
        notes.append(f"degree: {pub['degree']}")
    for note in notes:
        g.text(work, VIVO + "description", note)


def _identifiers(g: VivoGraph, work: IRI, pub: dict[str, Any]) -> None:
    isbn = str(pub.get("isbn") or "")
    digits = "".join(c for c in isbn if c.isdigit() or c in "Xx")
    if isbn:
        g.text(work, BIBO + ("isbn10" if len(digits) == 10 else "isbn13"), isbn)
    for url in (pub.get("url"), IRIS["arxiv"].format(pub["arxiv"]) if pub.get("arxiv") else None):
        if url:
            g.uri(work, url)
    for other in pub.get("identifiers") or []:
        scheme, _, value = str(other).partition(":")
        g.text(work, BIBO + ("pmid" if scheme.lower() == "pmid" else "identifier"),
               value if scheme.lower() == "pmid" else other)
